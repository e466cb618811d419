//! Reading non-2xx bodies: the error code and message straight from the JSON, the typed body
//! when it decodes.

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::decode::{decode_json, parse_value};

/// Where an API's error bodies keep their application error code and message.
///
/// Generated code passes the properties the generator was configured with (see the generated
/// `ERROR_FIELDS`); they are read from the JSON itself, so the code and message are known even
/// when the body does not match the spec's error schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorFields {
    /// The top-level property holding the machine-readable error code (a string or an integer).
    pub code: Option<&'static str>,
    /// Top-level properties that may hold a human-readable message, in order of preference:
    /// the first one that is a non-empty string is used.
    pub message: &'static [&'static str],
}

impl ErrorFields {
    /// Reads neither a code nor a message.
    pub const NONE: ErrorFields = ErrorFields {
        code: None,
        message: &[],
    };
}

/// What a non-2xx body says, read once when the response arrives.
pub(crate) struct ReadErrorBody<E> {
    pub(crate) typed: Option<E>,
    pub(crate) typed_error: Option<String>,
    pub(crate) code: Option<String>,
    pub(crate) message: Option<String>,
}

pub(crate) fn read_error_body<E: DeserializeOwned>(
    bytes: &[u8],
    fields: &ErrorFields,
) -> ReadErrorBody<E> {
    let json = parse_value(bytes);
    let (typed, typed_error) = if bytes.iter().all(u8::is_ascii_whitespace) {
        (None, Some("the body is empty".to_owned()))
    } else {
        match decode_json::<E>(bytes) {
            Ok(typed) => (Some(typed), None),
            Err(failure) => (None, Some(failure.to_string())),
        }
    };
    let property = |name: &str| json.as_ref().and_then(|json| json.get(name));
    let code = fields.code.and_then(property).and_then(|code| match code {
        Value::String(code) if !code.is_empty() => Some(code.clone()),
        Value::Number(code) if code.is_i64() || code.is_u64() => Some(code.to_string()),
        _ => None,
    });
    let message = fields
        .message
        .iter()
        .filter_map(|name| property(name)?.as_str())
        .find(|message| !message.trim().is_empty())
        .map(str::to_owned);
    ReadErrorBody {
        typed,
        typed_error,
        code,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIELDS: ErrorFields = ErrorFields {
        code: Some("code"),
        message: &["detail", "reason"],
    };

    fn read(body: &str) -> ReadErrorBody<Value> {
        read_error_body(body.as_bytes(), &FIELDS)
    }

    #[test]
    fn code_and_message_come_from_the_json() {
        let body = read(r#"{"code": "NOPE", "detail": "", "reason": "Not Found"}"#);
        assert_eq!(body.code.as_deref(), Some("NOPE"));
        // An empty `detail` says nothing: the next property is used.
        assert_eq!(body.message.as_deref(), Some("Not Found"));
        assert_eq!(read(r#"{"code": 1042}"#).code.as_deref(), Some("1042"));
        assert_eq!(read(r#"{"code": {"x": 1}}"#).code, None);
        assert_eq!(read(r#"["code"]"#).code, None);
    }

    #[test]
    fn empty_and_non_json_bodies_say_why_they_have_no_type() {
        let empty = read("  ");
        assert_eq!(empty.typed_error.as_deref(), Some("the body is empty"));
        let html = read("<html>502</html>");
        assert!(html.typed.is_none() && html.code.is_none());
        assert!(html
            .typed_error
            .unwrap()
            .starts_with("expected value at line 1 column 1"));
        let none = read_error_body::<Value>(br#"{"code": "X"}"#, &ErrorFields::NONE);
        assert_eq!(none.code, None);
        assert!(none.typed.is_some());
    }
}
