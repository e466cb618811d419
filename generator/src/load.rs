//! Spec text -> typed OpenAPI 3.0 document, with line/column for syntax errors.

use crate::diagnostics::{Error, Pointer};
use openapiv3::OpenAPI;

pub fn parse(text: &str, source_name: &str) -> Result<OpenAPI, Error> {
    let parse_error = |location: String, message: String| Error::Parse {
        source_name: source_name.to_owned(),
        location,
        message,
    };
    let spec_error = |pointer: &str, message: String| Error::Spec {
        source_name: source_name.to_owned(),
        pointer: Pointer::from_ref(pointer),
        message,
    };
    let location = |e: &serde_yaml::Error| {
        e.location()
            .map(|l| format!(":{}:{}", l.line(), l.column()))
            .unwrap_or_default()
    };
    match serde_yaml::from_str::<OpenAPI>(text) {
        Ok(spec) if spec.openapi.starts_with("3.0") => Ok(spec),
        Ok(spec) => Err(parse_error(
            String::new(),
            format!(
                "`openapi: {}` is not supported; this generator reads OpenAPI 3.0.x",
                spec.openapi
            ),
        )),
        Err(e) => {
            // Only on failure: a second, untyped parse tells a syntax error from a document
            // that is YAML but not OpenAPI 3.0.
            let message = match serde_yaml::from_str::<serde_yaml::Value>(text) {
                Err(syntax) => {
                    return Err(parse_error(
                        location(&syntax),
                        format!("invalid YAML/JSON: {syntax}"),
                    ))
                }
                Ok(v) if v.get("swagger").is_some() => {
                    return Err(spec_error(
                        "#/swagger",
                        "this is a Swagger 2.0 document; convert it to OpenAPI 3.0 first"
                            .to_owned(),
                    ))
                }
                Ok(v) if v.get("openapi").is_none() => {
                    "not an OpenAPI document: there is no top-level `openapi` field".to_owned()
                }
                Ok(_) => format!("not a valid OpenAPI 3.0 document: {e}"),
            };
            Err(parse_error(location(&e), message))
        }
    }
}
