//! `multipart/form-data` bodies (RFC 7578), built in memory so retries can re-send them.

use rand::distr::{Alphanumeric, SampleString};

use super::body::{json_body, ReadOnlyFields};
use super::error::ArgumentError;
use super::request::RequestBody;

/// A file sent as one part of a `multipart/form-data` body.
#[derive(Clone, PartialEq, Eq)]
pub struct FilePart {
    /// The file's contents.
    pub bytes: Vec<u8>,
    /// The `filename` the server sees; `None` sends none.
    pub file_name: Option<String>,
    /// The part's `Content-Type`; `None` uses the spec's `encoding`, else
    /// `application/octet-stream`.
    pub content_type: Option<String>,
}

impl FilePart {
    /// A file with its name and no explicit content type.
    pub fn new(file_name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Self {
            bytes: bytes.into(),
            file_name: Some(file_name.into()),
            content_type: None,
        }
    }

    /// Sets the part's `Content-Type`.
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

impl std::fmt::Debug for FilePart {
    // File contents may be large or secret: only their size is shown.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FilePart")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

/// Builds a `multipart/form-data` body part by part; generated code adds one part per
/// property of the body schema.
#[derive(Debug)]
pub struct Multipart {
    boundary: String,
    bytes: Vec<u8>,
}

impl Default for Multipart {
    fn default() -> Self {
        Self::new()
    }
}

impl Multipart {
    /// An empty body with a random boundary (32 alphanumerics: no part will contain it by chance).
    pub fn new() -> Self {
        Self {
            boundary: Alphanumeric.sample_string(&mut rand::rng(), 32),
            bytes: Vec::new(),
        }
    }

    /// Adds a text part. `content_type` `None` sends no header, which means `text/plain`.
    pub fn text(&mut self, name: &str, content_type: Option<&str>, value: &str) {
        self.part(name, None, content_type, value.as_bytes());
    }

    /// Adds `value` as a JSON part, read-only properties removed.
    pub fn json<T: serde::Serialize + ReadOnlyFields + ?Sized>(
        &mut self,
        name: &str,
        content_type: &'static str,
        value: &T,
    ) -> Result<(), ArgumentError> {
        let body =
            json_body(content_type, value).map_err(|e| ArgumentError::new(name, e.message))?;
        self.part(
            name,
            None,
            Some(content_type),
            body.as_bytes().unwrap_or_default(),
        );
        Ok(())
    }

    /// Adds a file part; `default_type` is used when the file has no content type of its own.
    pub fn file(&mut self, name: &str, file: &FilePart, default_type: &str) {
        let content_type = file.content_type.as_deref().unwrap_or(default_type);
        self.part(
            name,
            file.file_name.as_deref(),
            Some(content_type),
            &file.bytes,
        );
    }

    fn part(
        &mut self,
        name: &str,
        file_name: Option<&str>,
        content_type: Option<&str>,
        data: &[u8],
    ) {
        let mut head = format!(
            "--{}\r\nContent-Disposition: form-data; name=\"{}\"",
            self.boundary,
            quoted(name)
        );
        if let Some(file_name) = file_name {
            head.push_str(&format!("; filename=\"{}\"", quoted(file_name)));
        }
        head.push_str("\r\n");
        if let Some(content_type) = content_type {
            head.push_str(&format!("Content-Type: {}\r\n", one_line(content_type)));
        }
        head.push_str("\r\n");
        self.bytes.extend_from_slice(head.as_bytes());
        self.bytes.extend_from_slice(data);
        self.bytes.extend_from_slice(b"\r\n");
    }

    /// The finished body, `Content-Type: multipart/form-data; boundary=...`.
    pub fn finish(mut self) -> RequestBody {
        self.bytes
            .extend_from_slice(format!("--{}--\r\n", self.boundary).as_bytes());
        RequestBody::bytes(
            format!("multipart/form-data; boundary={}", self.boundary),
            self.bytes,
        )
    }
}

/// A name inside `"..."` of `Content-Disposition`, escaped as browsers do (WHATWG HTML):
/// a quote or line break must not end the header.
fn quoted(name: &str) -> String {
    name.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A header value without line breaks, so a caller's content type cannot add headers.
fn one_line(value: &str) -> String {
    value.replace(['\r', '\n'], " ")
}
