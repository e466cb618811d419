//! Request bodies that are not JSON: text, bytes or streams, and HTML forms.

use serde_json::Value;

use super::body::ReadOnlyFields;
use super::error::ArgumentError;
use super::request::{BodyContent, OnceBody, RequestBody};

/// A binary request body (`application/octet-stream`, `image/png`, ...): bytes in memory, or a
/// stream of unknown size.
///
/// Bytes are sent again by retries; a stream is sent once, so a call with a stream is never
/// retried (see [`RetryPolicy`](crate::RetryPolicy)).
///
/// ```
/// use generated_client::Binary;
///
/// let from_bytes = Binary::from(b"\x00\x01".to_vec());
/// let chunks = futures_util::stream::iter([Ok::<_, std::io::Error>(b"ab".to_vec())]);
/// let from_stream = Binary::from(reqwest::Body::wrap_stream(chunks));
/// assert!(from_stream.is_stream() && !from_bytes.is_stream());
/// ```
pub struct Binary {
    content: BodyContent,
}

impl Binary {
    /// Whether the body is a stream, which is sent only once.
    pub fn is_stream(&self) -> bool {
        matches!(self.content, BodyContent::Stream(_))
    }
}

impl std::fmt::Debug for Binary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.content {
            BodyContent::Bytes(bytes) => write!(f, "Binary({} bytes)", bytes.len()),
            BodyContent::Stream(_) => f.write_str("Binary(stream)"),
        }
    }
}

impl From<Vec<u8>> for Binary {
    fn from(bytes: Vec<u8>) -> Self {
        Self {
            content: BodyContent::Bytes(bytes),
        }
    }
}

impl From<&[u8]> for Binary {
    fn from(bytes: &[u8]) -> Self {
        bytes.to_vec().into()
    }
}

impl<const N: usize> From<&[u8; N]> for Binary {
    fn from(bytes: &[u8; N]) -> Self {
        bytes.to_vec().into()
    }
}

impl From<String> for Binary {
    fn from(text: String) -> Self {
        text.into_bytes().into()
    }
}

impl From<reqwest::Body> for Binary {
    /// A body built from bytes stays replayable; one built from a stream
    /// (`reqwest::Body::wrap_stream`) is sent once.
    fn from(body: reqwest::Body) -> Self {
        match body.as_bytes() {
            Some(bytes) => bytes.to_vec().into(),
            None => Self {
                content: BodyContent::Stream(OnceBody::new(body)),
            },
        }
    }
}

/// A binary body with its media type.
pub fn binary_body(content_type: &'static str, body: Binary) -> RequestBody {
    RequestBody {
        content_type: content_type.into(),
        content: body.content,
    }
}

/// A text body (`text/plain`, `text/csv`, ...), sent as UTF-8.
pub fn text_body(content_type: &'static str, text: &str) -> RequestBody {
    RequestBody::bytes(content_type, text.as_bytes().to_vec())
}

/// `value` as `application/x-www-form-urlencoded`, read-only properties removed.
///
/// Each property is one `name=value` pair (OpenAPI's default `style: form, explode: true`):
/// strings as they are, numbers and booleans as in JSON, arrays as one pair per element,
/// nested objects as compact JSON; `null` properties are left out. Spaces become `+`.
/// Fails (as an argument error on `body`) when `value` is not a JSON object.
pub fn form_body<T: serde::Serialize + ReadOnlyFields + ?Sized>(
    content_type: &'static str,
    value: &T,
) -> Result<RequestBody, ArgumentError> {
    let mut json = serde_json::to_value(value)
        .map_err(|e| ArgumentError::new("body", format!("cannot be serialized: {e}")))?;
    value.strip_read_only(&mut json);
    let Value::Object(fields) = json else {
        return Err(ArgumentError::new(
            "body",
            "is not an object, so it has no form fields",
        ));
    };
    let mut form = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in &fields {
        match value {
            Value::Null => {}
            Value::Array(items) => {
                for item in items {
                    form.append_pair(name, &form_text(item));
                }
            }
            other => {
                form.append_pair(name, &form_text(other));
            }
        }
    }
    Ok(RequestBody::bytes(content_type, form.finish().into_bytes()))
}

fn form_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
