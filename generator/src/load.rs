//! Spec text -> typed OpenAPI 3.0 document, in two steps with a seam between them:
//! [`parse_document`] reads YAML/JSON into a plain [`serde_json::Value`] (syntax errors with
//! line and column), and [`into_openapi`] types it. Passes that rewrite the document as data
//! (overlays, OpenAPI 3.1 normalisation, shape checks) run between the two, so none of them
//! has to know `openapiv3`'s types.

use crate::diagnostics::{Error, Pointer};
use openapiv3::OpenAPI;
use serde_json::Value;

/// Reads YAML or JSON text (JSON is YAML) into a plain JSON value.
pub fn parse_document(text: &str, source_name: &str) -> Result<Value, Error> {
    let yaml: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| Error::Parse {
        source_name: source_name.to_owned(),
        location: e
            .location()
            .map(|l| format!(":{}:{}", l.line(), l.column()))
            .unwrap_or_default(),
        message: format!("invalid YAML/JSON: {e}"),
    })?;
    yaml_to_json(yaml, &Pointer::root()).map_err(|(pointer, message)| Error::Spec {
        source_name: source_name.to_owned(),
        pointer,
        message,
    })
}

/// The OpenAPI versions this generator reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    V30,
    /// Read by normalising it into 3.0 first ([`crate::openapi31`]).
    V31,
}

/// Which version a plain document says it is, or why it is not one this generator reads.
pub fn version(document: &Value, source_name: &str) -> Result<Version, Error> {
    let spec_error = |pointer: &str, message: String| Error::Spec {
        source_name: source_name.to_owned(),
        pointer: Pointer::from_ref(pointer),
        message,
    };
    match document.get("openapi") {
        Some(Value::String(version)) if version.starts_with("3.0") => Ok(Version::V30),
        Some(Value::String(version)) if version.starts_with("3.1") => Ok(Version::V31),
        Some(Value::String(version)) => Err(spec_error(
            "#/openapi",
            format!("`openapi: {version}` is not supported; this generator reads OpenAPI 3.0.x and 3.1.x"),
        )),
        Some(_) => Err(spec_error(
            "#/openapi",
            "`openapi` must be a version string such as \"3.0.3\"".to_owned(),
        )),
        None if document.get("swagger").is_some() => Err(spec_error(
            "#/swagger",
            "this is a Swagger 2.0 document; convert it to OpenAPI 3.0 first".to_owned(),
        )),
        None => Err(spec_error(
            "#",
            "not an OpenAPI document: there is no top-level `openapi` field".to_owned(),
        )),
    }
}

/// Types a plain OpenAPI 3.0 document (a 3.1 one must be normalised first).
pub fn into_openapi(document: Value, source_name: &str) -> Result<OpenAPI, Error> {
    if version(&document, source_name)? == Version::V31 {
        return Err(Error::Spec {
            source_name: source_name.to_owned(),
            pointer: Pointer::from_ref("#/openapi"),
            message: "an OpenAPI 3.1 document must go through `openapi31::normalise` (as `generate` does) before it is typed".to_owned(),
        });
    }
    serde_json::from_value(document).map_err(|e| Error::Spec {
        source_name: source_name.to_owned(),
        pointer: Pointer::root(),
        message: format!("not a valid OpenAPI 3.0 document: {e}"),
    })
}

/// Both steps at once, for callers that run no pass in between.
pub fn parse(text: &str, source_name: &str) -> Result<OpenAPI, Error> {
    into_openapi(parse_document(text, source_name)?, source_name)
}

/// YAML allows keys JSON does not: numbers and booleans (`200:` as a response code) become
/// their text; anything else is an error at its pointer.
fn yaml_to_json(value: serde_yaml::Value, at: &Pointer) -> Result<Value, (Pointer, String)> {
    use serde_yaml::Value as Y;
    Ok(match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                serde_json::Number::from_f64(f)
                    .map(Value::Number)
                    .ok_or_else(|| (at.clone(), format!("`{n}` is not a JSON number")))?
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, item)| yaml_to_json(item, &at.push(&i.to_string())))
                .collect::<Result<_, _>>()?,
        ),
        Y::Mapping(map) => {
            let mut object = serde_json::Map::with_capacity(map.len());
            for (key, item) in map {
                let key = match key {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    other => {
                        return Err((
                            at.clone(),
                            format!("a mapping key must be a string, not `{other:?}`"),
                        ))
                    }
                };
                let item = yaml_to_json(item, &at.push(&key))?;
                object.insert(key, item);
            }
            Value::Object(object)
        }
        Y::Tagged(tagged) => yaml_to_json(tagged.value, at)?,
    })
}
