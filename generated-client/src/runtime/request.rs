//! The description of one HTTP call, as built by generated code.

use std::fmt;

/// One fully-described HTTP call of an API operation.
///
/// Generated operation methods fill this in (path already encoded by
/// [`PathBuilder`](crate::PathBuilder), query parameters already stringified) and pass it to
/// [`Client::send_json`](crate::Client::send_json) or
/// [`Client::send_empty`](crate::Client::send_empty).
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
            .field("body", &self.body)
            .finish()
    }
}

/// A serialized request body and its media type.
///
/// Usually produced by [`json_body`](crate::json_body).
#[derive(Clone, PartialEq, Eq)]
pub struct RequestBody {
    /// The `Content-Type` header, e.g. `application/vnd.atlas.2023-01-01+json`.
    pub content_type: &'static str,
    /// The body exactly as sent.
    pub bytes: Vec<u8>,
}

impl fmt::Debug for RequestBody {
    // Bodies may carry secrets (passwords, keys), so Debug shows only their size.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestBody")
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}
