//! Choosing what to generate: the operations a [`Selection`] names, and exactly the components
//! they reach. A pass over the plain document (see [`crate::load`]), so the result is again a
//! standalone OpenAPI document: what `cargo xtask slice` writes and what
//! [`generate`](crate::generate) reads when [`Options::selection`](crate::Options) is set.

mod extensions;
mod merge;
mod reach;
mod suggest;
mod yaml_text;

pub use extensions::drop_extensions;
pub use merge::{merge_into_yaml, Merged};

use crate::diagnostics::{Pointer, SpecError, SpecResult};
use indexmap::{IndexMap, IndexSet};
use serde_json::{Map, Value};

/// Operations to keep: those with one of these `operationId`s and those with one of these
/// tags (the union).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    pub operations: Vec<String>,
    pub tags: Vec<String>,
}

impl Selection {
    pub fn operations<S: Into<String>>(ids: impl IntoIterator<Item = S>) -> Self {
        Selection {
            operations: ids.into_iter().map(Into::into).collect(),
            tags: Vec::new(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.operations.is_empty() && self.tags.is_empty()
    }
}

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The document cut down to the selected operations, the components they reach, the security
/// schemes they (or the global `security`) use and the tags they carry. Everything else at the
/// top level (`info`, `servers`, `security`, extensions) is kept; key order is the source's.
pub fn slice(document: &Value, selection: &Selection) -> SpecResult<Value> {
    let root = Pointer::root();
    let Some(top) = document.as_object() else {
        return Err(SpecError::new(&root, "the document is not a mapping"));
    };
    let paths = match top.get("paths") {
        Some(Value::Object(paths)) => paths,
        _ => {
            return Err(SpecError::new(
                &root.push("paths"),
                "there is no `paths` mapping to select operations from",
            ))
        }
    };
    check_names(top, paths, selection)?;

    let Picked {
        mut kept_paths,
        roots,
        used_tags,
    } = pick(top, paths, selection);
    if kept_paths.is_empty() {
        return Err(SpecError::new(
            &root.push("paths"),
            "the selection matches no operation",
        ));
    }

    let components = top.get("components").and_then(Value::as_object);
    let reached = reach::close(components, roots)?;
    let mut out = Map::new();
    for (key, value) in top {
        match key.as_str() {
            "paths" => {
                out.insert(key.clone(), Value::Object(std::mem::take(&mut kept_paths)));
            }
            "components" => {
                let kept = kept_components(value, &reached);
                if !kept.is_empty() {
                    out.insert(key.clone(), Value::Object(kept));
                }
            }
            "tags" => {
                let kept: Vec<Value> = value
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|tag| {
                        tag.get("name")
                            .and_then(Value::as_str)
                            .is_some_and(|name| used_tags.contains(name))
                    })
                    .cloned()
                    .collect();
                if !kept.is_empty() {
                    out.insert(key.clone(), Value::Array(kept));
                }
            }
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    Ok(Value::Object(out))
}

/// The selected operations (each path keeping its other fields), the references they make and
/// the tags they carry.
struct Picked {
    kept_paths: Map<String, Value>,
    roots: Vec<reach::Edge>,
    used_tags: IndexSet<String>,
}

fn pick(top: &Map<String, Value>, paths: &Map<String, Value>, selection: &Selection) -> Picked {
    let root = Pointer::root();
    let mut picked = Picked {
        kept_paths: Map::new(),
        roots: Vec::new(),
        used_tags: IndexSet::new(),
    };
    let mut schemes = IndexMap::new();
    security_schemes(top.get("security"), &root.push("security"), &mut schemes);
    for (path, item) in paths {
        let Some(item) = item.as_object() else {
            continue;
        };
        let at = root.join(&["paths", path]);
        let mut kept = Map::new();
        for (key, value) in item {
            if !METHODS.contains(&key.as_str()) {
                kept.insert(key.clone(), value.clone());
            } else if selects(selection, value) {
                picked.used_tags.extend(tags_of(value).map(str::to_owned));
                let security = at.join(&[key, "security"]);
                security_schemes(value.get("security"), &security, &mut schemes);
                kept.insert(key.clone(), value.clone());
            }
        }
        if kept.keys().any(|k| METHODS.contains(&k.as_str())) {
            let kept = Value::Object(kept);
            reach::references(&kept, &at, &mut picked.roots);
            picked.kept_paths.insert(path.clone(), kept);
        }
    }
    picked
        .roots
        .extend(schemes.into_iter().map(|(name, at)| reach::Edge {
            target: format!("#/components/securitySchemes/{}", reach::escape(&name)),
            at,
        }));
    picked
}

/// Writes a document as YAML, keys in the document's order.
pub fn to_yaml(document: &Value) -> String {
    serde_yaml::to_string(document).expect("a JSON value is always representable as YAML")
}

fn selects(selection: &Selection, operation: &Value) -> bool {
    let by_id = operation
        .get("operationId")
        .and_then(Value::as_str)
        .is_some_and(|id| selection.operations.iter().any(|s| s == id));
    by_id || tags_of(operation).any(|t| selection.tags.iter().any(|s| s == t))
}

fn tags_of(operation: &Value) -> impl Iterator<Item = &str> {
    operation
        .get("tags")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
}

/// The scheme names of a list of security requirements (`[{DigestAuth: []}, ...]`), each
/// with where it is first named.
fn security_schemes(
    requirements: Option<&Value>,
    at: &Pointer,
    out: &mut IndexMap<String, Pointer>,
) {
    let requirements = requirements.and_then(Value::as_array).into_iter().flatten();
    for (i, requirement) in requirements.enumerate() {
        for name in requirement
            .as_object()
            .into_iter()
            .flatten()
            .map(|(k, _)| k)
        {
            out.entry(name.clone())
                .or_insert_with(|| at.join(&[&i.to_string(), name]));
        }
    }
}

fn kept_components(components: &Value, reached: &reach::Reached) -> Map<String, Value> {
    let mut kept = Map::new();
    for (kind, entries) in components.as_object().into_iter().flatten() {
        let Some(entries) = entries.as_object() else {
            kept.insert(kind.clone(), entries.clone());
            continue;
        };
        if kind.starts_with("x-") {
            kept.insert(kind.clone(), Value::Object(entries.clone()));
            continue;
        }
        let Some(names) = reached.get(kind) else {
            continue;
        };
        let entries: Map<String, Value> = entries
            .iter()
            .filter(|(name, _)| names.contains(*name))
            .map(|(name, body)| (name.clone(), body.clone()))
            .collect();
        if !entries.is_empty() {
            kept.insert(kind.clone(), Value::Object(entries));
        }
    }
    kept
}

/// Every named operation and tag must exist; the error lists the closest names for each miss.
fn check_names(
    top: &Map<String, Value>,
    paths: &Map<String, Value>,
    selection: &Selection,
) -> SpecResult<()> {
    if selection.is_empty() {
        return Err(SpecError::new(
            &Pointer::root().push("paths"),
            "the selection names no operation and no tag",
        ));
    }
    let operations: Vec<&Value> = paths
        .values()
        .filter_map(Value::as_object)
        .flat_map(|item| METHODS.iter().filter_map(|m| item.get(*m)))
        .collect();
    let ids: IndexSet<&str> = operations
        .iter()
        .filter_map(|op| op.get("operationId").and_then(Value::as_str))
        .collect();
    let declared = top
        .get("tags")
        .and_then(Value::as_array)
        .into_iter()
        .flatten();
    let tags: IndexSet<&str> = declared
        .filter_map(|t| t.get("name").and_then(Value::as_str))
        .chain(operations.iter().flat_map(|op| tags_of(op)))
        .collect();
    let mut misses = Vec::new();
    for id in &selection.operations {
        if !ids.contains(id.as_str()) {
            misses.push(format!(
                "no operation has operationId `{id}`{}",
                suggest::closest(id, &ids)
            ));
        }
    }
    for tag in &selection.tags {
        if !tags.contains(tag.as_str()) {
            misses.push(format!(
                "no tag is named `{tag}`{}",
                suggest::closest(tag, &tags)
            ));
        }
    }
    if misses.is_empty() {
        Ok(())
    } else {
        Err(SpecError::new(
            &Pointer::root().push("paths"),
            misses.join("; "),
        ))
    }
}

/// Parses `text` and slices it: the document `cargo xtask slice` writes.
pub fn slice_text(
    text: &str,
    source_name: &str,
    selection: &Selection,
) -> Result<Value, crate::Error> {
    let document = crate::load::parse_document(text, source_name)?;
    slice(&document, selection).map_err(|e| e.into_error(source_name))
}
