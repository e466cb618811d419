//! Dropping vendor extensions (`x-*`) from a slice, for documents kept without them (like
//! `spec/atlas-admin-v2.yaml`). Only fields are extensions: a property, component or scope
//! named `x-...` is a name and stays, and example data is left alone.

use super::reach::{DATA, NAME_MAPS};
use serde_json::{Map, Value};

/// Extensions the generator reads (`x-sunset` becomes a line of the operation's rustdoc, see
/// `resolve/operations.rs`): dropping them would change the client, so they stay.
const READ_BY_THE_GENERATOR: &[&str] = &["x-sunset"];

/// Maps whose keys are names, besides the ones references are followed through.
const NAMES_ONLY: &[&str] = &["scopes", "variables", "mapping"];

/// Removes every `x-*` field of the document, except those the generator reads.
pub fn drop_extensions(document: &mut Value) {
    if let Value::Object(top) = document {
        fields(top);
    }
}

fn fields(map: &mut Map<String, Value>) {
    map.retain(|key, _| !key.starts_with("x-") || READ_BY_THE_GENERATOR.contains(&key.as_str()));
    for (key, value) in map.iter_mut() {
        match key.as_str() {
            k if DATA.contains(&k) => {}
            "components" => {
                if let Value::Object(kinds) = value {
                    kinds.retain(|key, _| !key.starts_with("x-"));
                    kinds.values_mut().for_each(names);
                }
            }
            // Response codes are names, but the Responses object itself takes extensions.
            "responses" => {
                if let Value::Object(codes) = value {
                    codes.retain(|key, _| !key.starts_with("x-"));
                }
                names(value);
            }
            k if NAME_MAPS.contains(&k) || NAMES_ONLY.contains(&k) => names(value),
            _ => any(value),
        }
    }
}

/// A map of names: every entry is kept, and each value is a spec object.
fn names(value: &mut Value) {
    if let Value::Object(entries) = value {
        entries.values_mut().for_each(any);
    }
}

fn any(value: &mut Value) {
    match value {
        Value::Object(map) => fields(map),
        Value::Array(items) => items.iter_mut().for_each(any),
        _ => {}
    }
}
