//! The description of one HTTP call, as built by generated code.

use std::borrow::Cow;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use super::error_body::ErrorFields;

/// One fully-described HTTP call of an API operation.
///
/// Generated operation methods fill this in (path already encoded by
/// [`PathBuilder`](crate::PathBuilder), query parameters already stringified) and pass it to
/// [`Client::send_json`](super::Client::send_json) or
/// [`Client::send_empty`](super::Client::send_empty).
#[derive(Clone)]
pub struct OperationRequest {
    /// The spec's `operationId`; used in errors and tracing.
    pub operation_id: &'static str,
    /// The HTTP method.
    pub method: reqwest::Method,
    /// The spec's path template, e.g. `/api/atlas/v2/groups/{groupId}`.
    ///
    /// Only used for tracing: unlike [`path`](Self::path) it never contains argument values.
    pub path_template: &'static str,
    /// The encoded path, appended to the client's base URL.
    pub path: String,
    /// Query parameters in order, already converted to strings (they are percent-encoded
    /// when the URL is built).
    pub query: Vec<(&'static str, String)>,
    /// Header parameters in order, already converted to strings. Values are checked before
    /// sending (an invalid one is an [`ArgumentError`](crate::ArgumentError)) and never logged.
    pub headers: Vec<(&'static str, String)>,
    /// The exact `Accept` header, typically the versioned media type of the success response.
    pub accept: &'static str,
    /// The API version the operation is spoken in, when the spec says (named in deprecation
    /// warnings).
    pub api_version: Option<&'static str>,
    /// Where error bodies keep their code and message.
    pub error_fields: ErrorFields,
    /// The request body, if the operation has one.
    pub body: Option<RequestBody>,
}

impl fmt::Debug for OperationRequest {
    // Query and header values and bodies may carry user data such as passwords, so only their shape is shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let query_names: Vec<&str> = self.query.iter().map(|(name, _)| *name).collect();
        let header_names: Vec<&str> = self.headers.iter().map(|(name, _)| *name).collect();
        f.debug_struct("OperationRequest")
            .field("operation_id", &self.operation_id)
            .field("method", &self.method)
            .field("path_template", &self.path_template)
            .field("path", &self.path)
            .field("query", &query_names)
            .field("headers", &header_names)
            .field("accept", &self.accept)
            .field("api_version", &self.api_version)
            .field("error_fields", &self.error_fields)
            .field("body", &self.body)
            .finish()
    }
}

/// A request body and its media type.
///
/// Produced by [`json_body`](crate::json_body), [`text_body`](crate::text_body),
/// [`binary_body`](crate::binary_body), [`form_body`](crate::form_body) or
/// [`Multipart::finish`](crate::Multipart::finish).
#[derive(Clone)]
pub struct RequestBody {
    /// The `Content-Type` header, e.g. `application/vnd.atlas.2023-01-01+json` or
    /// `multipart/form-data; boundary=...`.
    pub content_type: Cow<'static, str>,
    /// What is sent.
    pub content: BodyContent,
}

/// The bytes of a [`RequestBody`]: in memory, or a stream that can be sent only once.
#[derive(Clone)]
pub enum BodyContent {
    /// The body exactly as sent; a retry sends it again.
    Bytes(Vec<u8>),
    /// A body of unknown size, read as it is sent. It cannot be replayed, so a call with a
    /// stream is never retried nor re-sent after a `401`.
    Stream(OnceBody),
}

/// A streaming body, taken by the first (and only) send. Clones share it.
#[derive(Clone)]
pub struct OnceBody(Arc<Mutex<Option<reqwest::Body>>>);

impl OnceBody {
    /// Wraps a body (typically `reqwest::Body::wrap_stream`) to be sent once.
    pub fn new(body: reqwest::Body) -> Self {
        Self(Arc::new(Mutex::new(Some(body))))
    }

    /// The body, or `None` when it was already sent.
    pub(crate) fn take(&self) -> Option<reqwest::Body> {
        // Taking is the only operation, so a poisoned lock holds a consistent value.
        self.0.lock().unwrap_or_else(PoisonError::into_inner).take()
    }
}

impl RequestBody {
    /// A body held in memory.
    pub fn bytes(content_type: impl Into<Cow<'static, str>>, bytes: Vec<u8>) -> Self {
        Self {
            content_type: content_type.into(),
            content: BodyContent::Bytes(bytes),
        }
    }

    /// The bytes of an in-memory body; `None` for a stream.
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match &self.content {
            BodyContent::Bytes(bytes) => Some(bytes),
            BodyContent::Stream(_) => None,
        }
    }

    /// Whether the body can be sent again (by a retry or after a `401` challenge).
    pub fn is_replayable(&self) -> bool {
        matches!(self.content, BodyContent::Bytes(_))
    }
}

impl fmt::Debug for RequestBody {
    // Bodies may carry secrets (passwords, keys), so Debug shows only their size.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("RequestBody");
        s.field("content_type", &self.content_type);
        match &self.content {
            BodyContent::Bytes(bytes) => s.field("len", &bytes.len()),
            BodyContent::Stream(_) => s.field("len", &"unknown (stream)"),
        };
        s.finish()
    }
}
