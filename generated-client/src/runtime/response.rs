//! Reading a response body, never more than the configured limit.

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

/// A complete response, body included.
pub(crate) struct RawResponse {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
}

/// Why no complete body was read.
pub(crate) enum ReadFailure {
    Http(reqwest::Error),
    /// The body is (or announced itself as) larger than the limit.
    TooLarge(StatusCode),
}

/// Reads `response` in chunks, stopping as soon as it exceeds `limit` bytes: a misbehaving
/// server or proxy must not be able to make the client buffer without bound.
pub(crate) async fn read_limited(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<RawResponse, ReadFailure> {
    let status = response.status();
    let announced = response.content_length();
    // Refused before reading anything; a body without Content-Length is counted as it comes.
    if announced.is_some_and(|length| length > limit as u64) {
        return Err(ReadFailure::TooLarge(status));
    }
    let headers = std::mem::take(response.headers_mut());
    // The announced size is trusted for the first allocation only, and never past the limit.
    let mut body = Vec::with_capacity(announced.map_or(0, |length| length as usize).min(limit));
    while let Some(chunk) = response.chunk().await.map_err(ReadFailure::Http)? {
        if chunk.len() > limit - body.len() {
            return Err(ReadFailure::TooLarge(status));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(RawResponse {
        status,
        headers,
        body,
    })
}
