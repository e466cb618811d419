//! Changes inside a type: fields, enum values and union variants.

use super::{retyped, verdict, Change, ChangeKind, Impact, Verdict};
use crate::surface::render::{field_text, field_type};
use crate::surface::{FieldItem, Member, TypeItem};

pub fn diff_members(old: &TypeItem, new: &TypeItem) -> Vec<Change> {
    let mut changes = Vec::new();
    for key in super::union_keys(&old.members, &new.members) {
        let change = match (old.members.get(key), new.members.get(key)) {
            (None, Some(m)) => Some(added(old, new, key, m)),
            (Some(m), None) => Some(removed(old, key, m)),
            (Some(a), Some(b)) if a != b => changed(new, key, a, b),
            _ => None,
        };
        changes.extend(change);
    }
    changes
}

/// A value or tagged variant added to an exhaustive enum that has an `Unknown` variant.
const NEW_VARIANT: &str =
    "a `match` without `_` needs the new variant; the value now decodes to it, not to `Unknown`";

/// Why a struct literal breaks, and what keeps working.
fn literal_note(t: &TypeItem, name: &str) -> String {
    let keeps = if t.default {
        "; `..Default::default()` keeps working"
    } else if t.constructor.is_some() {
        "; `new(..)` and `..new(..)` keep working"
    } else {
        ""
    };
    let who = if t.sent {
        "callers build this type"
    } else {
        "only received, so this hits literals in tests and mocks"
    };
    format!("a struct literal or pattern naming every field must add `{name}` ({who}){keeps}")
}

/// `old` is the type before the change: what callers wrote against.
fn added(old: &TypeItem, t: &TypeItem, key: &str, m: &Member) -> Change {
    let (item, rust, wire) = match m {
        Member::Field(f) if f.required => {
            let rust = if old.constructor.is_some() {
                verdict(
                    Impact::Breaking,
                    "`new` takes one more argument and struct literals must set it",
                )
            } else if t.sent {
                verdict(
                    Impact::Breaking,
                    "callers build this type: every struct literal must set it",
                )
            } else {
                // Losing `Default`, if it had it, is reported with the type.
                verdict(Impact::Attention, literal_note(t, key))
            };
            (
                format!("field {}", field_text(key, f)),
                rust,
                added_field_wire(t, f),
            )
        }
        Member::Field(f) => (
            format!("field {}", field_text(key, f)),
            verdict(Impact::Attention, literal_note(t, key)),
            added_field_wire(t, f),
        ),
        Member::Value { rust_name } => (
            format!("value {rust_name} = {key:?}"),
            verdict(Impact::Attention, NEW_VARIANT),
            verdict(Impact::None, "older clients keep it in `Unknown`"),
        ),
        Member::Variant { rust_name, payload } => (
            format!("variant {rust_name}({}) = {key:?}", payload.rust),
            verdict(Impact::Attention, NEW_VARIANT),
            verdict(Impact::None, "older clients keep it in `Unknown`"),
        ),
        Member::Untagged { ty, .. } => (
            format!("variant {key}({})", ty.rust),
            verdict(
                Impact::Attention,
                "a `match` without `_` needs the new variant",
            ),
            if t.received {
                verdict(Impact::Breaking, "an untagged union has no `Unknown`: older clients fail to decode the new shape")
            } else {
                verdict(Impact::None, "only sent")
            },
        ),
    };
    Change {
        kind: ChangeKind::Added,
        item,
        rust,
        wire,
    }
}

fn added_field_wire(t: &TypeItem, f: &FieldItem) -> Verdict {
    if t.sent && f.spec_required && !f.read_only {
        verdict(
            Impact::Breaking,
            "required in requests: the server refuses a request without it",
        )
    } else {
        verdict(
            Impact::None,
            "older clients ignore or keep it as an unlisted property",
        )
    }
}

fn removed(t: &TypeItem, key: &str, m: &Member) -> Change {
    let gone = "code naming it no longer compiles";
    let (item, wire) = match m {
        Member::Field(f) => {
            let wire = if t.received && f.required {
                verdict(
                    Impact::Breaking,
                    "older clients require it and fail to decode a response without it",
                )
            } else if t.sent {
                verdict(
                    Impact::Attention,
                    "the server no longer reads it: a value set is ignored",
                )
            } else {
                verdict(Impact::None, "optional for older clients")
            };
            (format!("field {}", field_text(key, f)), wire)
        }
        Member::Value { rust_name } => (format!("value {rust_name} = {key:?}"), sent_removed(t)),
        Member::Variant { rust_name, payload } => (
            format!("variant {rust_name}({}) = {key:?}", payload.rust),
            sent_removed(t),
        ),
        Member::Untagged { ty, .. } => (format!("variant {key}({})", ty.rust), sent_removed(t)),
    };
    Change {
        kind: ChangeKind::Removed,
        item,
        rust: verdict(Impact::Breaking, gone),
        wire,
    }
}

fn sent_removed(t: &TypeItem) -> Verdict {
    if t.sent {
        verdict(Impact::Breaking, "the server refuses it in requests")
    } else {
        verdict(Impact::None, "the server no longer sends it")
    }
}

fn changed(new_t: &TypeItem, key: &str, a: &Member, b: &Member) -> Option<Change> {
    let (item, rust, wire) = match (a, b) {
        (Member::Field(a), Member::Field(b)) => {
            let (rust, wire) = field_change(new_t, key, a, b);
            (
                format!("field {} -> {}", field_text(key, a), field_type(b)),
                rust,
                wire,
            )
        }
        (Member::Value { rust_name: a }, Member::Value { rust_name: b }) => (
            format!("value {key:?}: {a} -> {b}"),
            verdict(Impact::Breaking, "the variant is renamed"),
            verdict(Impact::None, "same value"),
        ),
        (
            Member::Variant {
                rust_name: an,
                payload: ap,
            },
            Member::Variant {
                rust_name: bn,
                payload: bp,
            },
        ) => {
            let (mut rust, wire) = retyped(ap, bp);
            if an != bn {
                rust = verdict(Impact::Breaking, "the variant is renamed");
            }
            (
                format!("variant {an}({}) -> {bn}({}) = {key:?}", ap.rust, bp.rust),
                rust,
                wire,
            )
        }
        (
            Member::Untagged {
                ty: a,
                position: ap,
            },
            Member::Untagged {
                ty: b,
                position: bp,
            },
        ) => {
            let (rust, mut wire) = retyped(a, b);
            if ap != bp && wire.impact == Impact::None {
                wire = verdict(
                    Impact::Attention,
                    "serde tries the variants in order: a value matching two of them may decode as another",
                );
            }
            (
                format!(
                    "variant {key}({}) (tried #{ap}) -> {key}({}) (tried #{bp})",
                    a.rust, b.rust
                ),
                rust,
                wire,
            )
        }
        _ => return None,
    };
    Some(Change {
        kind: ChangeKind::Changed,
        item,
        rust,
        wire,
    })
}

/// The worst of several verdicts, their reasons joined.
fn worst(verdicts: Vec<Verdict>) -> Verdict {
    let impact = verdicts
        .iter()
        .map(|v| v.impact)
        .max()
        .unwrap_or(Impact::None);
    let reasons: Vec<String> = verdicts
        .into_iter()
        .filter(|v| v.impact == impact)
        .map(|v| v.reason)
        .collect();
    verdict(impact, reasons.join("; "))
}

fn field_change(t: &TypeItem, key: &str, a: &FieldItem, b: &FieldItem) -> (Verdict, Verdict) {
    let mut rust = Vec::new();
    let mut wire = Vec::new();
    let (r, w) = retyped(&a.ty, &b.ty);
    if a.required != b.required {
        let now = match (b.required, t.constructor.is_some()) {
            (true, true) => "a plain field, no longer `Option`; `new` takes it as an argument",
            (true, false) => "a plain field, no longer `Option`",
            (false, _) => "now an `Option`",
        };
        rust.push(verdict(Impact::Breaking, now));
    } else {
        rust.push(r);
    }
    wire.push(w);
    if a.wire != b.wire {
        wire.push(verdict(
            Impact::Breaking,
            format!("the property is now {:?}", b.wire),
        ));
    }
    if !a.spec_required && b.spec_required && t.sent && !b.read_only {
        wire.push(verdict(
            Impact::Breaking,
            "now required: the server refuses a request without it",
        ));
    }
    if a.spec_required && !b.spec_required && t.received && a.required {
        wire.push(verdict(
            Impact::Breaking,
            "now optional: older clients fail to decode a response without it",
        ));
    }
    if !a.read_only && b.read_only && t.sent {
        wire.push(verdict(
            Impact::Breaking,
            "now read-only: a value set is no longer sent",
        ));
    }
    if a.read_only && !b.read_only && t.sent {
        wire.push(verdict(
            Impact::Attention,
            "no longer read-only: a value set is now sent",
        ));
    }
    if !a.write_only && b.write_only && t.received {
        wire.push(verdict(
            Impact::Breaking,
            "now write-only: responses no longer carry it",
        ));
    }
    if a.write_only && !b.write_only {
        wire.push(verdict(
            Impact::None,
            "no longer write-only: responses may carry it",
        ));
    }
    if !a.deprecated && b.deprecated {
        rust.push(verdict(
            Impact::Attention,
            format!("`{key}` is deprecated: uses warn, an error under `-D warnings`"),
        ));
    }
    (worst(rust), worst(wire))
}
