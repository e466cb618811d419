//! Merging a slice into an existing document as text, so a hand-kept spec grows by one
//! operation without losing its comments, examples or edits: only new lines are inserted
//! (new paths, operations, components and tags, each at the end of its block), nothing that is
//! already there changes. The result is parsed again and must equal the merge done on data.

use super::yaml_text::{insert_text, pointer, TextResult};
use crate::diagnostics::{Error, Pointer};
use crate::load;
use serde_json::{Map, Value};

/// A merged document and what the merge did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    pub text: String,
    /// Pointers of the entries that were added.
    pub added: Vec<String>,
    /// Pointers of entries the document already had in another form; they are kept as they
    /// were, so a maintainer can see where the document departs from the source.
    pub kept: Vec<String>,
}

/// One entry to add: `key: value` at the end of the mapping at `parent` (a sequence item when
/// `key` is `None`).
pub(super) struct Insertion {
    pub parent: Vec<String>,
    pub key: Option<String>,
    pub value: Value,
}

/// Adds the paths, operations, components and tags of `addition` that `existing_text` lacks.
/// Entries already present are kept as they are; other top-level fields are left alone.
pub fn merge_into_yaml(
    existing_text: &str,
    addition: &Value,
    target_name: &str,
) -> Result<Merged, Error> {
    let existing = load::parse_document(existing_text, target_name)?;
    let error = |pointer: Pointer, message: String| Error::Spec {
        source_name: target_name.to_owned(),
        pointer,
        message,
    };
    let (Some(old), Some(new)) = (existing.as_object(), addition.as_object()) else {
        return Err(error(
            Pointer::root(),
            "both documents must be mappings".to_owned(),
        ));
    };
    let mut plan = Vec::new();
    let mut kept = Vec::new();
    for (section, depth) in [("paths", 2), ("components", 2)] {
        if let Some(Value::Object(entries)) = new.get(section) {
            plan_map(
                old.get(section),
                entries,
                &mut vec![section.to_owned()],
                depth,
                &mut plan,
                &mut kept,
            );
        }
    }
    if let Some(Value::Array(tags)) = new.get("tags") {
        let names: Vec<&Value> = old
            .get("tags")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|t| t.get("name"))
            .collect();
        let missing: Vec<Value> = tags
            .iter()
            .filter(|t| t.get("name").is_some_and(|n| !names.contains(&n)))
            .cloned()
            .collect();
        if old.get("tags").is_none() && !missing.is_empty() {
            plan.push(Insertion {
                parent: vec![],
                key: Some("tags".to_owned()),
                value: Value::Array(missing),
            });
        } else {
            plan.extend(missing.into_iter().map(|value| Insertion {
                parent: vec!["tags".to_owned()],
                key: None,
                value,
            }));
        }
    }

    let mut expected = existing.clone();
    let added = plan
        .iter()
        .map(|i| apply(&mut expected, i))
        .collect::<TextResult<_>>()
        .map_err(|(at, message)| error(at, message))?;
    let text = if existing_text.trim_start().starts_with('{') {
        // JSON has no comments to keep: writing the merged data is enough.
        serde_json::to_string_pretty(&expected).expect("JSON values serialize") + "\n"
    } else {
        insert_text(existing_text, &plan).map_err(|(at, message)| error(at, message))?
    };
    if load::parse_document(&text, target_name).ok().as_ref() != Some(&expected) {
        return Err(error(
            Pointer::root(),
            "cannot merge into this layout (flow-style mappings or unusual indentation); merge by hand or write the slice with --out".to_owned(),
        ));
    }
    Ok(Merged { text, added, kept })
}

/// Plans the entries of `new` missing from `old`, descending `depth` levels into entries both have.
fn plan_map(
    old: Option<&Value>,
    new: &Map<String, Value>,
    at: &mut Vec<String>,
    depth: usize,
    plan: &mut Vec<Insertion>,
    kept: &mut Vec<String>,
) {
    let Some(old) = old else {
        let (key, parent) = at.split_last().expect("never called at the root");
        plan.push(Insertion {
            parent: parent.to_vec(),
            key: Some(key.clone()),
            value: Value::Object(new.clone()),
        });
        return;
    };
    for (key, value) in new {
        at.push(key.clone());
        match (old.get(key), value) {
            (None, _) => plan.push(Insertion {
                parent: at[..at.len() - 1].to_vec(),
                key: Some(key.clone()),
                value: value.clone(),
            }),
            (Some(same), _) if same == value => {}
            (Some(_), Value::Object(inner)) if depth > 1 => {
                plan_map(old.get(key), inner, at, depth - 1, plan, kept)
            }
            (Some(_), _) => kept.push(pointer(at).to_string()),
        }
        at.pop();
    }
}

/// Applies one insertion to the data; returns the pointer of what was added.
fn apply(document: &mut Value, insertion: &Insertion) -> TextResult<String> {
    let mut parent = document;
    for key in &insertion.parent {
        parent = parent
            .get_mut(key)
            .expect("insertions are planned under entries the document has");
    }
    let at = pointer(&insertion.parent);
    match (&insertion.key, parent) {
        (Some(key), Value::Object(map)) => {
            map.insert(key.clone(), insertion.value.clone());
            Ok(at.push(key).to_string())
        }
        (None, Value::Array(items)) => {
            items.push(insertion.value.clone());
            let name = insertion.value.get("name").and_then(Value::as_str);
            Ok(format!("{at} (`{}`)", name.unwrap_or_default()))
        }
        (Some(_), _) => Err((at, "expected a mapping here".to_owned())),
        (None, _) => Err((at, "expected a list here".to_owned())),
    }
}
