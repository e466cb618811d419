//! An overlay's text -> its checked actions. Everything Overlay 1.0.0 requires of the document
//! is checked here, before anything is applied, so a broken overlay is reported as such and
//! applying never meets a malformed action.

use crate::diagnostics::{Error, Pointer};
use crate::load::parse_document;
use serde_json::{Map, Value};
use serde_json_path::JsonPath;

/// A checked Overlay 1.0.x document.
#[derive(Debug, Clone)]
pub struct OverlayDocument {
    pub title: String,
    pub version: String,
    pub actions: Vec<Action>,
}

/// One entry of `actions`.
#[derive(Debug, Clone)]
pub struct Action {
    /// Where the action is in its overlay (`#/actions/<index>`).
    pub pointer: Pointer,
    /// The RFC 9535 query as written.
    pub target: String,
    pub path: JsonPath,
    pub description: Option<String>,
    pub change: Change,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// Merged into each selected object, or appended to each selected array.
    Update(Value),
    /// Each selected node is removed from its parent.
    Remove,
}

type Checked<T> = Result<T, (Pointer, String)>;

impl OverlayDocument {
    /// Reads and checks an overlay; errors name `name` and the JSON pointer of the problem.
    pub fn parse(text: &str, name: &str) -> Result<Self, Error> {
        let value = parse_document(text, name)?;
        from_value(&value).map_err(|(pointer, message)| Error::Overlay {
            overlay: name.to_owned(),
            pointer,
            message,
        })
    }
}

fn from_value(value: &Value) -> Checked<OverlayDocument> {
    let root = Pointer::root();
    let map = mapping(value, &root, "an overlay document")?;
    match map.get("overlay") {
        // Patch versions only clarify the text (Overlay 1.0.0, "Versions").
        Some(Value::String(v)) if v.split('.').take(2).eq(["1", "0"]) => {}
        Some(Value::String(v)) => {
            return Err((
                root.push("overlay"),
                format!("`overlay: {v}` is not supported; this generator applies Overlay 1.0.x"),
            ))
        }
        Some(_) => {
            return Err((
                root.push("overlay"),
                "`overlay` must be a version string such as \"1.0.0\"".to_owned(),
            ))
        }
        None => {
            return Err((
                root,
                "not an overlay document: there is no top-level `overlay` field".to_owned(),
            ))
        }
    }
    known_fields(map, &["overlay", "info", "extends", "actions"], &root)?;
    let info_at = root.push("info");
    let info = mapping(required(map, "info", &root)?, &info_at, "`info`")?;
    known_fields(info, &["title", "version"], &info_at)?;
    let title = string(info, "title", &info_at)?.ok_or_else(|| missing("title", &info_at))?;
    let version = string(info, "version", &info_at)?.ok_or_else(|| missing("version", &info_at))?;
    string(map, "extends", &root)?;
    let actions_at = root.push("actions");
    let actions = match required(map, "actions", &root)? {
        Value::Array(items) if !items.is_empty() => items,
        _ => {
            return Err((
                actions_at,
                "`actions` must be a list of at least one action".to_owned(),
            ))
        }
    };
    let actions = actions
        .iter()
        .enumerate()
        .map(|(i, a)| action(a, &actions_at.push(&i.to_string())))
        .collect::<Checked<_>>()?;
    Ok(OverlayDocument {
        title: title.to_owned(),
        version: version.to_owned(),
        actions,
    })
}

fn action(value: &Value, at: &Pointer) -> Checked<Action> {
    let map = mapping(value, at, "an action")?;
    known_fields(map, &["target", "description", "update", "remove"], at)?;
    let target = string(map, "target", at)?.ok_or_else(|| missing("target", at))?;
    let path = JsonPath::parse(target).map_err(|e| {
        (
            at.push("target"),
            format!("`{target}` is not an RFC 9535 JSONPath query: {e}"),
        )
    })?;
    let remove = match map.get("remove") {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            return Err((
                at.push("remove"),
                "`remove` must be true or false".to_owned(),
            ))
        }
    };
    // `update` "has no impact if the `remove` field of this action object is `true`".
    let change = match (remove, map.get("update")) {
        (true, _) => Change::Remove,
        (false, Some(update)) => Change::Update(update.clone()),
        (false, None) => {
            return Err((
                at.clone(),
                "the action changes nothing: give it an `update` or `remove: true`".to_owned(),
            ))
        }
    };
    Ok(Action {
        pointer: at.clone(),
        target: target.to_owned(),
        path,
        description: string(map, "description", at)?.map(str::to_owned),
        change,
    })
}

fn mapping<'v>(value: &'v Value, at: &Pointer, what: &str) -> Checked<&'v Map<String, Value>> {
    value
        .as_object()
        .ok_or_else(|| (at.clone(), format!("{what} must be a mapping")))
}

fn required<'v>(map: &'v Map<String, Value>, key: &str, at: &Pointer) -> Checked<&'v Value> {
    map.get(key).ok_or_else(|| missing(key, at))
}

fn missing(key: &str, at: &Pointer) -> (Pointer, String) {
    (at.clone(), format!("`{key}` is required"))
}

fn string<'v>(map: &'v Map<String, Value>, key: &str, at: &Pointer) -> Checked<Option<&'v str>> {
    match map.get(key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err((at.push(key), format!("`{key}` must be a string"))),
    }
}

/// A misspelt field (`updates:`) or one from a later Overlay version (`copy:`) would otherwise
/// be ignored in silence; `x-` extensions are allowed everywhere the specification allows them.
fn known_fields(map: &Map<String, Value>, known: &[&str], at: &Pointer) -> Checked<()> {
    match map
        .keys()
        .find(|k| !k.starts_with("x-") && !known.contains(&k.as_str()))
    {
        Some(key) => Err((
            at.push(key),
            format!(
                "unknown field `{key}` (Overlay 1.0 allows {} and `x-` extensions)",
                known
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
        None => Ok(()),
    }
}
