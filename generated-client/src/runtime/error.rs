//! The error type returned by every operation.

use std::fmt;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

/// How many characters of a response body error messages quote.
const BODY_PREVIEW_CHARS: usize = 200;

/// An invalid argument, caught before any request was sent.
///
/// Displays as e.g. ``invalid value for parameter `groupId`: does not match pattern ^([a-f0-9]{24})$``.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid value for parameter `{parameter}`: {message}")]
pub struct ArgumentError {
    /// The parameter (or body) name as written in the spec.
    pub parameter: String,
    /// What is wrong with the value. Never contains the value itself, which may be secret.
    pub message: String,
}

impl ArgumentError {
    /// Creates an error for `parameter` explaining what is wrong with its value.
    pub fn new(parameter: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            parameter: parameter.into(),
            message: message.into(),
        }
    }
}

/// A non-2xx response to an operation.
#[derive(Debug, Clone)]
pub struct ApiFailure<E> {
    /// The operation that failed.
    pub operation_id: &'static str,
    /// The HTTP status of the response.
    pub status: StatusCode,
    /// The `Accept` header (API version media type) the request was sent with.
    pub accept: &'static str,
    /// The body decoded as the spec's error type, when it was JSON of that shape.
    pub body: Option<E>,
    /// Why the body did not decode as the spec's error type (with the JSON path of the value
    /// that did not fit), when it did not: the server and its spec do not always agree.
    pub body_error: Option<String>,
    /// The application error code, read from the JSON body whether or not it decoded as `E`.
    pub error_code: Option<String>,
    /// The human-readable message, read from the JSON body whether or not it decoded as `E`.
    pub message: Option<String>,
    /// The body as received (lossily converted to UTF-8), kept even when it decoded.
    pub raw_body: String,
    /// The response headers, e.g. for `Retry-After` or correlation ids.
    pub headers: HeaderMap,
}

impl<E> fmt::Display for ApiFailure<E> {
    // Written without a bound on `E` so that `Error<E>` is displayable for any body type; the
    // raw body carries the server's explanation whatever its schema.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "operation `{}` failed with status {}",
            self.operation_id, self.status
        )?;
        match self.status {
            StatusCode::NOT_ACCEPTABLE => write!(
                f,
                ": the server rejected the requested API version media type `{}` \
                 (sent as the Accept header); this API version is not available for this operation",
                self.accept
            )?,
            StatusCode::GONE => write!(
                f,
                ": the API version `{}` is gone (sunset) and no longer served; \
                 use a client generated from a newer spec",
                self.accept
            )?,
            _ => {}
        }
        if let Some(code) = &self.error_code {
            write!(f, "; error code {code}")?;
        }
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        // Without a code or message (a proxy's HTML page, a body of another shape), the body
        // itself is the only explanation.
        if self.error_code.is_none() && self.message.is_none() {
            let preview = body_start(&self.raw_body);
            if !preview.is_empty() {
                write!(f, "; response body: {preview}")?;
            }
        }
        Ok(())
    }
}

/// The one error type of every operation.
///
/// `E` is the spec's error body type (generated code passes its error model, or
/// [`serde_json::Value`] when the spec has none).
#[derive(Debug, thiserror::Error)]
pub enum Error<E = serde_json::Value> {
    /// An argument was rejected before sending (bad path parameter, unserializable body...).
    #[error(transparent)]
    InvalidArgument(#[from] ArgumentError),

    /// The server answered with a non-2xx status.
    #[error("{0}")]
    Api(ApiFailure<E>),

    /// The request (including reading the response body) exceeded the configured timeout.
    #[error("operation `{operation_id}` timed out")]
    Timeout {
        /// The operation that timed out.
        operation_id: &'static str,
    },

    /// The HTTP exchange failed (connection refused, reset, TLS...); see `source` for why.
    #[error("operation `{operation_id}` could not complete the HTTP exchange")]
    Transport {
        /// The operation that failed.
        operation_id: &'static str,
        /// The underlying HTTP client error.
        source: reqwest::Error,
    },

    /// A 2xx response body could not be decoded as the expected type.
    ///
    /// Displays as e.g. ``could not decode the 200 response of operation `listThings`:
    /// results[3].criteria.expireAfterDays: invalid type: string "x", expected i32 ...``.
    #[error(
        "could not decode the {status} response of operation `{operation_id}`: {}{message}; \
         body starts with: {:?}", path_prefix(.path), body_start(.raw_body)
    )]
    Decode {
        /// The operation whose response did not decode.
        operation_id: &'static str,
        /// The HTTP status of the response.
        status: u16,
        /// The JSON path of the value that did not fit, e.g. `results[3].criteria.expireAfterDays`;
        /// empty when the body as a whole is at fault (not JSON, truncated...).
        path: String,
        /// The decoder's explanation.
        message: String,
        /// The whole body as received (lossily converted to UTF-8).
        raw_body: String,
    },

    /// The response body was larger than [`ClientBuilder::max_response_bytes`]; reading stopped
    /// at the limit.
    ///
    /// [`ClientBuilder::max_response_bytes`]: crate::ClientBuilder::max_response_bytes
    #[error(
        "the {status} response of operation `{operation_id}` is larger than the limit of \
         {limit} bytes (ClientBuilder::max_response_bytes)"
    )]
    ResponseTooLarge {
        /// The operation whose response was too large.
        operation_id: &'static str,
        /// The HTTP status of the response.
        status: u16,
        /// The limit in bytes.
        limit: usize,
    },

    /// Authentication could not be performed (token request failed, unusable digest challenge).
    #[error("authentication failed: {message}")]
    Auth {
        /// What went wrong. Never contains a secret.
        message: String,
    },
}

impl<E> Error<E> {
    /// The HTTP status, if a response was received ([`Error::Api`] and [`Error::Decode`]).
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(failure) => Some(failure.status),
            Error::Decode { status, .. } | Error::ResponseTooLarge { status, .. } => {
                StatusCode::from_u16(*status).ok()
            }
            _ => None,
        }
    }

    /// The decoded error body of an [`Error::Api`], when it decoded as `E`.
    pub fn api_body(&self) -> Option<&E> {
        match self {
            Error::Api(failure) => failure.body.as_ref(),
            _ => None,
        }
    }

    /// The whole raw body of an [`Error::Api`] or [`Error::Decode`].
    pub fn raw_body(&self) -> Option<&str> {
        match self {
            Error::Api(failure) => Some(&failure.raw_body),
            Error::Decode { raw_body, .. } => Some(raw_body),
            _ => None,
        }
    }

    /// The operation that failed; `None` for [`Error::InvalidArgument`] and [`Error::Auth`],
    /// which are not tied to a response.
    pub fn operation_id(&self) -> Option<&'static str> {
        match self {
            Error::Api(failure) => Some(failure.operation_id),
            Error::Timeout { operation_id }
            | Error::Transport { operation_id, .. }
            | Error::Decode { operation_id, .. }
            | Error::ResponseTooLarge { operation_id, .. } => Some(operation_id),
            Error::InvalidArgument(_) | Error::Auth { .. } => None,
        }
    }

    /// The application error code of an [`Error::Api`], read from its JSON body (the property
    /// generated code names in [`ErrorFields`](crate::ErrorFields)) even when the body did not
    /// decode as `E`.
    pub fn error_code(&self) -> Option<&str> {
        match self {
            Error::Api(failure) => failure.error_code.as_deref(),
            _ => None,
        }
    }

    /// The human-readable message of an [`Error::Api`], read like [`error_code`](Self::error_code).
    pub fn api_message(&self) -> Option<&str> {
        match self {
            Error::Api(failure) => failure.message.as_deref(),
            _ => None,
        }
    }

    /// Whether this is an [`Error::Api`] whose body carries exactly this application error code.
    pub fn is_error_code(&self, code: &str) -> bool {
        self.error_code() == Some(code)
    }
}

fn path_prefix(path: &str) -> String {
    if path.is_empty() {
        String::new()
    } else {
        format!("{path}: ")
    }
}

/// The first [`BODY_PREVIEW_CHARS`] characters of `body`, cut on a character boundary.
pub(crate) fn body_start(body: &str) -> String {
    match body.char_indices().nth(BODY_PREVIEW_CHARS) {
        Some((cut, _)) => format!("{}…", &body[..cut]),
        None => body.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_start_cuts_on_char_boundary() {
        let long = "é".repeat(300);
        let start = body_start(&long);
        assert_eq!(start.chars().count(), BODY_PREVIEW_CHARS + 1);
        assert!(start.ends_with('…'));
        assert_eq!(body_start("short"), "short");
    }
}
