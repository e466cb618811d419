//! The surface as text, one line per item, types then operations, each sorted by name: a spec
//! change reads in a diff of this file like a changelog (`cargo public-api` style).

use super::{FieldItem, Member, OpItem, Surface, TypeItem};
use std::fmt::Write;

/// One line per type, field, enum value, union variant, operation and parameter.
pub fn render(surface: &Surface) -> String {
    let mut out = String::new();
    if let Some(url) = &surface.base_url {
        let _ = writeln!(out, "client DEFAULT_BASE_URL = {url:?}");
    }
    for (name, token_url) in &surface.credentials {
        let _ = writeln!(
            out,
            "client Credentials::{name}(client_id, client_secret) (token {token_url})"
        );
    }
    for (name, item) in &surface.types {
        type_lines(&mut out, name, item);
    }
    for (name, op) in &surface.operations {
        op_lines(&mut out, name, op);
    }
    out
}

/// `(a, b)` annotations, empty ones left out.
pub(crate) fn notes(parts: &[&str]) -> String {
    let parts: Vec<&str> = parts.iter().copied().filter(|p| !p.is_empty()).collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join(", "))
    }
}

fn flag(on: bool, text: &'static str) -> &'static str {
    if on {
        text
    } else {
        ""
    }
}

/// How a field reads in the surface and in the change report.
pub(crate) fn field_text(name: &str, f: &FieldItem) -> String {
    format!("{name}: {}", field_type(f))
}

/// A field's type and what it is on the wire.
pub(crate) fn field_type(f: &FieldItem) -> String {
    let wire = if f.wire == "*" {
        "unlisted properties".to_owned()
    } else {
        format!("{:?}", f.wire)
    };
    let required = if f.spec_required {
        "required"
    } else {
        "optional"
    };
    let parts = [
        wire.as_str(),
        required,
        flag(f.read_only, "read-only"),
        flag(f.write_only, "write-only"),
        flag(f.deprecated, "deprecated"),
    ];
    let parts = if f.wire == "*" {
        &parts[..1]
    } else {
        &parts[..]
    };
    format!("{}{}", f.ty.rust, notes(parts))
}

fn type_lines(out: &mut String, name: &str, t: &TypeItem) {
    let direction = match (t.sent, t.received) {
        (true, true) => "sent and received",
        (true, false) => "sent",
        (false, true) => "received",
        (false, false) => "",
    };
    let constructor = t
        .constructor
        .as_ref()
        .map(|args| format!("new({})", args.join(", ")))
        .unwrap_or_default();
    let tag = t
        .tag
        .as_ref()
        .map(|tag| format!("tag {tag:?}"))
        .unwrap_or_default();
    let parts = [
        tag.as_str(),
        direction,
        constructor.as_str(),
        flag(t.default, "Default"),
        flag(t.deprecated, "deprecated"),
    ];
    let _ = writeln!(out, "type {name}: {}{}", t.kind.as_str(), notes(&parts));
    for (key, member) in &t.members {
        let _ = match member {
            Member::Field(f) => writeln!(out, "field {name}.{}", field_text(key, f)),
            Member::Value { rust_name } => writeln!(out, "value {name}::{rust_name} = {key:?}"),
            Member::Variant { rust_name, payload } => writeln!(
                out,
                "variant {name}::{rust_name}({}) = {key:?}",
                payload.rust
            ),
            Member::Untagged { ty, position } => writeln!(
                out,
                "variant {name}::{key}({}) (tried #{position})",
                ty.rust
            ),
        };
    }
}

pub(crate) fn signature(name: &str, op: &OpItem) -> String {
    let args: Vec<String> = op.args.iter().map(|(n, t)| format!("{n}: {t}")).collect();
    format!("{name}({}) -> {}", args.join(", "), op.result.rust)
}

fn op_lines(out: &mut String, name: &str, op: &OpItem) {
    let deprecated = notes(&[flag(op.deprecated, "deprecated")]);
    let _ = writeln!(out, "op {}{deprecated}", signature(name, op));
    let content = op
        .content_type
        .as_ref()
        .map(|c| format!(", content-type {c}"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "op {name}: {} {}, accept {}{content}, errors {}",
        op.method, op.path, op.accept, op.error.rust
    );
    if let Some(item) = &op.stream {
        let _ = writeln!(out, "op {name}_stream: a stream of every page's {item}");
    }
    for (pname, p) in &op.params {
        let place = if p.required { "argument" } else { "in Params" };
        let _ = writeln!(
            out,
            "param {name}.{pname}: {} ({} {:?}, {place})",
            p.ty.rust, p.location, p.wire
        );
    }
}
