//! Changes to one operation: its existence, HTTP method and path, media types (API versions),
//! arguments and `Params`, body, result and deprecation.

use super::{deprecation, retyped, verdict, Change, ChangeKind, Impact, Verdict};
use crate::surface::render::signature;
use crate::surface::{OpItem, ParamItem};

fn change(kind: ChangeKind, item: impl Into<String>, rust: Verdict, wire: Verdict) -> Change {
    Change {
        kind,
        item: item.into(),
        rust,
        wire,
    }
}

pub fn diff_operation(name: &str, old: Option<&OpItem>, new: Option<&OpItem>) -> Vec<Change> {
    let (old, new) = match (old, new) {
        (None, Some(new)) => {
            return vec![change(
                ChangeKind::Added,
                format!("{} {}: {}", new.method, new.path, signature(name, new)),
                verdict(Impact::None, "a new method"),
                verdict(Impact::None, "a new endpoint"),
            )]
        }
        (Some(old), None) => {
            return vec![change(
                ChangeKind::Removed,
                format!("{} {}: {}", old.method, old.path, signature(name, old)),
                verdict(Impact::Breaking, "calls of the method no longer compile"),
                verdict(Impact::Breaking, "the endpoint is gone from the spec"),
            )]
        }
        (Some(old), Some(new)) => (old, new),
        (None, None) => return Vec::new(),
    };
    let mut changes = Vec::new();
    if old.method != new.method || old.path != new.path {
        changes.push(change(
            ChangeKind::Changed,
            format!("{} {} -> {} {}", old.method, old.path, new.method, new.path),
            verdict(Impact::None, "the method's name stays"),
            verdict(Impact::Breaking, "requests go to a different endpoint"),
        ));
    }
    if old.accept != new.accept {
        changes.push(media_type(
            "accept",
            &old.accept,
            &new.accept,
            "responses come",
        ));
    }
    if let (Some(a), Some(b)) = (&old.content_type, &new.content_type) {
        if a != b {
            changes.push(media_type("content-type", a, b, "the request body is sent"));
        }
    }
    changes.extend(diff_params(old, new));
    changes.extend(diff_body(old, new));
    if old.result != new.result {
        let (rust, wire) = retyped(&old.result, &new.result);
        changes.push(change(
            ChangeKind::Changed,
            format!("result {} -> {}", old.result.rust, new.result.rust),
            rust,
            wire,
        ));
    }
    if old.error != new.error {
        let (rust, wire) = retyped(&old.error, &new.error);
        changes.push(change(
            ChangeKind::Changed,
            format!("errors {} -> {}", old.error.rust, new.error.rust),
            rust,
            wire,
        ));
    }
    if let (Some(_), None) = (&old.stream, &new.stream) {
        changes.push(change(
            ChangeKind::Removed,
            format!("{name}_stream"),
            verdict(
                Impact::Breaking,
                "calls of the page walker no longer compile",
            ),
            verdict(Impact::None, "unchanged"),
        ));
    }
    if let (None, Some(item)) = (&old.stream, &new.stream) {
        changes.push(change(
            ChangeKind::Added,
            format!("{name}_stream: a stream of every page's {item}"),
            verdict(Impact::None, "a new method"),
            verdict(Impact::None, "unchanged"),
        ));
    }
    if old.deprecated != new.deprecated {
        changes.push(deprecation(new.deprecated, "operation"));
    }
    if changes.is_empty() && old.args != new.args {
        changes.push(change(
            ChangeKind::Changed,
            format!("{} -> {}", signature(name, old), signature(name, new)),
            verdict(Impact::Breaking, "the arguments are reordered"),
            verdict(Impact::None, "unchanged"),
        ));
    }
    changes
}

/// A new media type is usually a new API version: same method, another representation.
fn media_type(header: &str, old: &str, new: &str, what: &str) -> Change {
    change(
        ChangeKind::Changed,
        format!("{header} {old} -> {new}"),
        verdict(
            Impact::None,
            "same method; type changes, if any, are listed separately",
        ),
        verdict(
            Impact::Attention,
            format!(
                "a new media type version: {what} in another representation; review its changelog"
            ),
        ),
    )
}

fn param_text(name: &str, p: &ParamItem) -> String {
    let place = if p.required { "argument" } else { "in Params" };
    format!(
        "param {name}: {} ({} {:?}, {place})",
        p.ty.rust, p.location, p.wire
    )
}

fn diff_params(old: &OpItem, new: &OpItem) -> Vec<Change> {
    let had_params = old.params.values().any(|p| !p.required);
    let mut changes = Vec::new();
    for key in super::union_keys(&old.params, &new.params) {
        match (old.params.get(key), new.params.get(key)) {
            (None, Some(p)) if p.required => changes.push(change(
                ChangeKind::Added,
                param_text(key, p),
                verdict(Impact::Breaking, "the method takes one more argument"),
                verdict(Impact::Breaking, "the server requires it"),
            )),
            (None, Some(p)) => {
                let rust = if had_params {
                    verdict(
                        Impact::Attention,
                        "a `Params` literal naming every field must add it; `..Default::default()` keeps working",
                    )
                } else {
                    verdict(
                        Impact::Breaking,
                        "the method gains a `params: &Params` argument",
                    )
                };
                changes.push(change(
                    ChangeKind::Added,
                    param_text(key, p),
                    rust,
                    verdict(Impact::None, "optional"),
                ))
            }
            (Some(p), None) => changes.push(change(
                ChangeKind::Removed,
                param_text(key, p),
                verdict(Impact::Breaking, "code passing it no longer compiles"),
                if p.location == "path" {
                    verdict(Impact::Breaking, "the path changes")
                } else {
                    verdict(Impact::Attention, "the server no longer reads it")
                },
            )),
            (Some(a), Some(b)) if a != b => {
                let (mut rust, mut wire) = retyped(&a.ty, &b.ty);
                if a.required != b.required {
                    rust = verdict(
                        Impact::Breaking,
                        if b.required {
                            "moves from `Params` to an argument"
                        } else {
                            "moves from an argument to `Params`"
                        },
                    );
                    if b.required {
                        wire = verdict(
                            Impact::Breaking,
                            "now required: the server refuses a request without it",
                        );
                    }
                }
                if a.location != b.location || a.wire != b.wire {
                    wire = verdict(
                        Impact::Breaking,
                        format!("now sent as {} {:?}", b.location, b.wire),
                    );
                }
                changes.push(change(
                    ChangeKind::Changed,
                    format!("{} -> {}", param_text(key, a), param_text(key, b)),
                    rust,
                    wire,
                ))
            }
            _ => {}
        }
    }
    changes
}

fn diff_body(old: &OpItem, new: &OpItem) -> Vec<Change> {
    let text = |b: &crate::surface::BodyItem| {
        let req = if b.required { "required" } else { "optional" };
        format!("body {} ({req})", b.ty.rust)
    };
    match (&old.body, &new.body) {
        (None, Some(b)) => vec![change(
            ChangeKind::Added,
            text(b),
            verdict(Impact::Breaking, "the method takes a body argument"),
            if b.required {
                verdict(Impact::Breaking, "the server requires a body")
            } else {
                verdict(Impact::None, "optional")
            },
        )],
        (Some(b), None) => vec![change(
            ChangeKind::Removed,
            text(b),
            verdict(Impact::Breaking, "code passing a body no longer compiles"),
            verdict(Impact::Attention, "the server no longer reads a body"),
        )],
        (Some(a), Some(b)) if a != b => {
            let (mut rust, mut wire) = retyped(&a.ty, &b.ty);
            if a.required != b.required {
                rust = verdict(Impact::Breaking, "`&T` and `Option<&T>` swap");
                if b.required {
                    wire = verdict(Impact::Breaking, "the server now requires a body");
                }
            }
            vec![change(
                ChangeKind::Changed,
                format!("{} -> {}", text(a), text(b)),
                rust,
                wire,
            )]
        }
        _ => Vec::new(),
    }
}
