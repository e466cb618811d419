//! Decoding JSON bodies with the JSON path of the value that did not fit.

use serde::de::DeserializeOwned;
use serde::Deserialize;

/// Why a body did not decode: where (a JSON path such as `results[3].criteria.expireAfterDays`,
/// empty for the body as a whole) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DecodeFailure {
    pub(crate) path: String,
    pub(crate) message: String,
}

impl std::fmt::Display for DecodeFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Decodes `bytes` as `T` in one pass (no intermediate `Value`, which for a large body would
/// cost several times its size).
pub(crate) fn decode_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, DecodeFailure> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let path = known_path(e.path());
        let (path, message) = split_nested(path, &e.into_inner().to_string());
        DecodeFailure { path, message }
    })?;
    deserializer.end().map_err(|e| DecodeFailure {
        path: String::new(),
        message: e.to_string(),
    })?;
    Ok(value)
}

/// Decodes a value that was buffered (e.g. the payload of a tagged union) so that a failure
/// keeps its path: the message is tagged with the path inside `value`, and [`decode_json`]
/// joins it to the path of `value` itself.
pub(crate) fn decode_nested<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, String> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = known_path(e.path());
        let (path, message) = split_nested(path, &e.into_inner().to_string());
        if path.is_empty() {
            message
        } else {
            format!("{NESTED_OPEN}{path}{NESTED_CLOSE}{message}")
        }
    })
}

// A buffered value is decoded by a fresh deserializer that cannot see the outer path; its
// errors travel up as text, so the inner path is marked in a way that still reads well when
// shown as is (a model decoded with plain `serde_json::from_str`).
const NESTED_OPEN: &str = "at `";
const NESTED_CLOSE: &str = "`: ";

fn known_path(path: &serde_path_to_error::Path) -> String {
    if path.iter().next().is_none() {
        String::new()
    } else {
        path.to_string()
    }
}

/// Joins `path` with a nested path marked at the start of `message`, if there is one.
fn split_nested(path: String, message: &str) -> (String, String) {
    let nested = message
        .strip_prefix(NESTED_OPEN)
        .and_then(|rest| rest.split_once(NESTED_CLOSE));
    match nested {
        Some((inner, rest)) if !inner.is_empty() => {
            let joined = if path.is_empty() {
                inner.to_owned()
            } else if inner.starts_with('[') {
                format!("{path}{inner}")
            } else {
                format!("{path}.{inner}")
            };
            (joined, rest.to_owned())
        }
        _ => (path, message.to_owned()),
    }
}

/// Reads any JSON value; used where only a few top-level properties matter.
pub(crate) fn parse_value(bytes: &[u8]) -> Option<serde_json::Value> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_json::Value::deserialize(&mut deserializer).ok()?;
    deserializer.end().ok()?;
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, Deserialize)]
    struct Inner {
        #[serde(rename = "expireAfterDays")]
        _days: i32,
    }

    /// Stands in for a generated union: buffers its input, then decodes the payload.
    #[derive(Debug)]
    struct Buffered(#[allow(dead_code)] Inner);

    impl<'de> Deserialize<'de> for Buffered {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let value = serde_json::Value::deserialize(deserializer)?;
            decode_nested(value)
                .map(Buffered)
                .map_err(serde::de::Error::custom)
        }
    }

    #[derive(Debug, Deserialize)]
    struct Item {
        #[allow(dead_code)]
        criteria: Buffered,
    }

    #[derive(Debug, Deserialize)]
    struct Page {
        #[allow(dead_code)]
        results: Vec<Item>,
    }

    #[test]
    fn path_goes_through_buffered_values() {
        let ok = json!({"criteria": {"expireAfterDays": 1}});
        let bad = json!({"criteria": {"expireAfterDays": "x"}});
        let body = serde_json::to_vec(&json!({"results": [ok, ok, ok, bad]})).unwrap();
        let failure = decode_json::<Page>(&body).unwrap_err();
        assert_eq!(failure.path, "results[3].criteria.expireAfterDays");
        assert!(
            failure.to_string().starts_with(
                r#"results[3].criteria.expireAfterDays: invalid type: string "x", expected i32"#
            ),
            "{failure}"
        );
    }

    #[test]
    fn syntax_errors_and_trailing_data_have_no_path() {
        let failure = decode_json::<Page>(b"<html>").unwrap_err();
        assert_eq!(failure.path, "");
        assert!(failure.message.starts_with("expected value"), "{failure}");
        let failure = decode_json::<serde_json::Value>(b"{} {}").unwrap_err();
        assert!(
            failure.message.starts_with("trailing characters"),
            "{failure}"
        );
    }

    #[test]
    fn nested_marker_reads_well_on_its_own() {
        let message = decode_nested::<Inner>(json!({"expireAfterDays": true})).unwrap_err();
        assert_eq!(
            message,
            "at `expireAfterDays`: invalid type: boolean `true`, expected i32"
        );
        assert_eq!(
            split_nested("a[1]".into(), "at `[0].b`: bad"),
            ("a[1][0].b".into(), "bad".into())
        );
        assert_eq!(
            split_nested("a".into(), "plain: message"),
            ("a".into(), "plain: message".into())
        );
    }
}
