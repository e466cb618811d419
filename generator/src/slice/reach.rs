//! Which components a part of the document reaches: every `$ref`, discriminator mapping and
//! (for discriminated parents) the schemas that `allOf` them, followed to a fixed point.
//!
//! The walk knows just enough of OpenAPI's shape to tell fields from names and data: a
//! property called `example` is still followed, an `example` value is not.

use crate::diagnostics::{Pointer, SpecError, SpecResult};
use indexmap::{IndexMap, IndexSet};
use serde_json::{Map, Value};

/// Objects whose keys are names chosen by the author, so no key there is special.
pub(super) const NAME_MAPS: &[&str] = &[
    "properties",
    "content",
    "headers",
    "links",
    "encoding",
    "examples",
    "responses",
    "callbacks",
];

/// Literal data: its `$ref`-looking keys are values, not references.
pub(super) const DATA: &[&str] = &["example", "default", "enum", "value"];

const SCHEMAS: &str = "#/components/schemas/";

/// A reference found at `at`, to the JSON pointer `target` (`#/components/...`).
#[derive(Debug, Clone)]
pub(super) struct Edge {
    pub target: String,
    pub at: Pointer,
}

/// Collects the references made anywhere inside `value`, which sits at `at`.
pub(super) fn references(value: &Value, at: &Pointer, out: &mut Vec<Edge>) {
    match value {
        Value::Object(fields) => object_references(fields, at, out),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                references(item, &at.push(&i.to_string()), out);
            }
        }
        _ => {}
    }
}

fn object_references(fields: &Map<String, Value>, at: &Pointer, out: &mut Vec<Edge>) {
    for (key, value) in fields {
        let here = at.push(key);
        match key.as_str() {
            "$ref" => {
                if let Value::String(target) = value {
                    out.push(Edge {
                        target: target.clone(),
                        at: here,
                    });
                }
            }
            // Extensions are the vendor's business; nothing in them is followed.
            k if DATA.contains(&k) || k.starts_with("x-") => {}
            "discriminator" => {
                let mapping = value.get("mapping").and_then(Value::as_object);
                for (tag, target) in mapping.into_iter().flatten() {
                    if let Value::String(target) = target {
                        out.push(Edge {
                            target: mapping_target(target),
                            at: here.join(&["mapping", tag]),
                        });
                    }
                }
            }
            k if NAME_MAPS.contains(&k) => {
                for (name, entry) in value.as_object().into_iter().flatten() {
                    references(entry, &here.push(name), out);
                }
            }
            _ => references(value, &here, out),
        }
    }
}

/// A mapping value is a `$ref` or, as OpenAPI allows, a bare schema name.
fn mapping_target(value: &str) -> String {
    if value.contains('#') || value.contains('/') {
        value.to_owned()
    } else {
        format!("{SCHEMAS}{}", escape(value))
    }
}

pub(super) fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Component names reached, by kind (`schemas`, `parameters`, ...), in the order found.
pub(super) type Reached = IndexMap<String, IndexSet<String>>;

/// Follows `roots` through `components` until nothing new is reached.
pub(super) fn close(
    components: Option<&Map<String, Value>>,
    roots: Vec<Edge>,
) -> SpecResult<Reached> {
    let children = allof_children(components);
    let mut reached = Reached::new();
    let mut pending = roots;
    pending.reverse();
    while let Some(edge) = pending.pop() {
        let (kind, name) = component_of(&edge)?;
        let body = components
            .and_then(|c| c.get(&kind))
            .and_then(|entries| entries.get(&name))
            .ok_or_else(|| {
                SpecError::new(
                    &edge.at,
                    format!("`{}` points at nothing in this document", edge.target),
                )
            })?;
        if !reached
            .entry(kind.clone())
            .or_default()
            .insert(name.clone())
        {
            continue;
        }
        let at = Pointer::root().join(&["components", &kind, &name]);
        let mut found = Vec::new();
        references(body, &at, &mut found);
        // A variant that only `allOf`s its discriminated parent is reached through the parent.
        if kind == "schemas" && body.get("discriminator").is_some() {
            for child in children.get(name.as_str()).into_iter().flatten() {
                found.push(Edge {
                    target: format!("{SCHEMAS}{}", escape(child)),
                    at: Pointer::root().join(&["components", "schemas", child]),
                });
            }
        }
        pending.extend(found.into_iter().rev());
    }
    Ok(reached)
}

/// `(kind, name)` of the component a local reference points into.
fn component_of(edge: &Edge) -> SpecResult<(String, String)> {
    let outside = || {
        SpecError::new(
            &edge.at,
            format!(
                "`{}` is not a reference into `#/components`, the only references a selection can follow",
                edge.target
            ),
        )
    };
    let rest = edge
        .target
        .strip_prefix("#/components/")
        .ok_or_else(outside)?;
    let mut tokens = rest.split('/');
    match (tokens.next(), tokens.next()) {
        (Some(kind), Some(name)) if !kind.is_empty() && !name.is_empty() => {
            Ok((unescape(kind), unescape(name)))
        }
        _ => Err(outside()),
    }
}

/// Parent schema name -> the schemas whose `allOf` lists a `$ref` to it, in document order.
fn allof_children(components: Option<&Map<String, Value>>) -> IndexMap<String, Vec<String>> {
    let mut children: IndexMap<String, Vec<String>> = IndexMap::new();
    let schemas = components
        .and_then(|c| c.get("schemas"))
        .and_then(Value::as_object);
    for (name, schema) in schemas.into_iter().flatten() {
        let parts = schema.get("allOf").and_then(Value::as_array);
        for part in parts.into_iter().flatten() {
            let parent = part
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix(SCHEMAS));
            if let Some(parent) = parent {
                children
                    .entry(unescape(parent))
                    .or_default()
                    .push(name.clone());
            }
        }
    }
    children
}
