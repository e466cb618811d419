//! One action applied to the plain document: `serde_json_path` locates the target's matches
//! (as normalized paths), then each is updated or removed in place.

use super::{Action, Change};
use crate::diagnostics::Pointer;
use serde_json::{Map, Value};
use serde_json_path::PathElement;
use std::collections::HashSet;

/// One step of a normalized path, owned so the document can be changed while it is held.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Step {
    Key(String),
    Index(usize),
}

type Location = Vec<Step>;

/// Errors are a pointer into the overlay and a message (naming places in the spec by pointer).
pub(super) fn apply(
    document: &mut Value,
    action: &Action,
    spec_name: &str,
) -> Result<(), (Pointer, String)> {
    let target_at = action.pointer.push("target");
    let target = &action.target;
    let mut locations: Vec<Location> = Vec::new();
    let mut seen: HashSet<Location> = HashSet::new();
    for node in action.path.query_located(document) {
        let location: Location = node
            .location()
            .iter()
            .map(|e| match e {
                PathElement::Name(name) => Step::Key((*name).to_owned()),
                PathElement::Index(i) => Step::Index(*i),
            })
            .collect();
        if !(node.node().is_object() || node.node().is_array()) {
            // Overlay 1.0.0: the result "MUST be zero or more objects or arrays".
            return Err((
                target_at,
                format!(
                    "`{target}` selects {} in {spec_name}, which is {}; a target must be an \
                     object or an array (select the one that holds it)",
                    pointer(&location),
                    kind(node.node())
                ),
            ));
        }
        // A query may select one node twice (`$['a','a']`); it is changed once.
        if seen.insert(location.clone()) {
            locations.push(location);
        }
    }
    if locations.is_empty() {
        return Err((
            target_at,
            format!("`{target}` matches nothing in {spec_name}"),
        ));
    }
    match &action.change {
        Change::Update(update) => {
            for location in &locations {
                let node =
                    node_mut(document, location).ok_or_else(|| gone(location, &target_at))?;
                update_node(node, update, location, &action.pointer.push("update"))?;
            }
        }
        Change::Remove => {
            // Deepest and last first, so the paths still to be removed stay valid: a removed
            // array item shifts the ones after it, a removed object takes its children along.
            locations.sort_by(|a, b| b.cmp(a));
            for location in &locations {
                remove(document, location).ok_or_else(|| gone(location, &target_at))?;
            }
        }
    }
    Ok(())
}

/// Overlay 1.0.0: into an object, `update` is merged; to an array, it is appended as one entry.
fn update_node(
    node: &mut Value,
    update: &Value,
    location: &Location,
    update_at: &Pointer,
) -> Result<(), (Pointer, String)> {
    match (node, update) {
        (Value::Object(node), Value::Object(update)) => {
            merge(node, update, &pointer(location), update_at)
        }
        (Value::Array(items), _) => {
            items.push(update.clone());
            Ok(())
        }
        (_, update) => Err((
            update_at.clone(),
            format!(
                "`update` is {}, but the target {} is an object: give the properties to merge \
                 as a mapping",
                kind(update),
                pointer(location)
            ),
        )),
    }
}

/// "The properties in the `update` object are recursively merged with the properties in the
/// target object with the same names; new properties are added to the target object."
/// Objects merge and scalars replace; two arrays are concatenated, as Overlay 1.1.0 spells the
/// same rule out. Anything else (a scalar over an object, ...) is not "compatible" and an error.
fn merge(
    node: &mut Map<String, Value>,
    update: &Map<String, Value>,
    at: &Pointer,
    update_at: &Pointer,
) -> Result<(), (Pointer, String)> {
    for (key, new) in update {
        let Some(old) = node.get_mut(key) else {
            node.insert(key.clone(), new.clone());
            continue;
        };
        match (old, new) {
            (Value::Object(old), Value::Object(new)) => {
                merge(old, new, &at.push(key), &update_at.push(key))?
            }
            (Value::Array(old), Value::Array(new)) => old.extend(new.iter().cloned()),
            (old, new) if is_scalar(old) && is_scalar(new) => *old = new.clone(),
            (old, new) => {
                return Err((
                    update_at.push(key),
                    format!(
                        "cannot merge {} into {} at {}; remove it in an earlier action first",
                        kind(new),
                        kind(old),
                        at.push(key)
                    ),
                ))
            }
        }
    }
    Ok(())
}

fn remove(document: &mut Value, location: &Location) -> Option<()> {
    let (last, parent) = location.split_last()?;
    match (node_mut(document, parent)?, last) {
        // `shift_remove` keeps the order of the remaining keys (and so of the generated code).
        (Value::Object(map), Step::Key(key)) => map.shift_remove(key).map(drop),
        (Value::Array(items), Step::Index(i)) if *i < items.len() => {
            items.remove(*i);
            Some(())
        }
        _ => None,
    }
}

fn node_mut<'v>(mut node: &'v mut Value, location: &[Step]) -> Option<&'v mut Value> {
    for step in location {
        node = match (node, step) {
            (Value::Object(map), Step::Key(key)) => map.get_mut(key)?,
            (Value::Array(items), Step::Index(i)) => items.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(node)
}

/// A match that cannot be reached any more: only the whole document (`$`) cannot be removed,
/// but nothing here may panic.
fn gone(location: &Location, target_at: &Pointer) -> (Pointer, String) {
    let message = if location.is_empty() {
        "the whole document cannot be removed".to_owned()
    } else {
        format!("{} cannot be changed by this action", pointer(location))
    };
    (target_at.clone(), message)
}

fn pointer(location: &Location) -> Pointer {
    location.iter().fold(Pointer::root(), |p, step| match step {
        Step::Key(key) => p.push(key),
        Step::Index(i) => p.push(&i.to_string()),
    })
}

fn is_scalar(value: &Value) -> bool {
    !(value.is_object() || value.is_array())
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
