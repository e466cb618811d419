//! OAuth 2.0 client credentials grant (RFC 6749 §4.4) with an in-memory token cache.

use std::time::Duration;

use reqwest::header::{HeaderValue, ACCEPT, CONTENT_TYPE};
use serde::Deserialize;
use tokio::sync::Mutex;
use tokio::time::Instant;

use super::{sensitive_header, Secret};
use crate::runtime::error::body_start;
use crate::runtime::response::{read_limited, RawResponse, ReadFailure};

/// Tokens are replaced once less than this much validity remains, so that a token never expires
/// while a request (including its retries) is in flight.
const REFRESH_MARGIN: Duration = Duration::from_secs(60);

pub(crate) struct OAuth {
    client_id: String,
    client_secret: Secret,
    token_url: String,
    max_response_bytes: usize,
    /// Held across the token request: concurrent callers wait for the one refresh in progress
    /// instead of each requesting a token.
    cache: Mutex<Option<Token>>,
}

struct Token {
    header: HeaderValue,
    /// `None` when the server did not say (`expires_in` is optional); such a token is used until
    /// the API rejects it.
    expires_at: Option<Instant>,
}

impl Token {
    fn is_fresh(&self) -> bool {
        self.expires_at
            .is_none_or(|at| at.saturating_duration_since(Instant::now()) >= REFRESH_MARGIN)
    }
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    token_type: Option<String>,
    expires_in: Option<u64>,
}

impl OAuth {
    pub(crate) fn new(
        client_id: String,
        client_secret: Secret,
        token_url: String,
        max_response_bytes: usize,
    ) -> Self {
        Self {
            client_id,
            client_secret,
            token_url,
            max_response_bytes,
            cache: Mutex::new(None),
        }
    }

    /// The `Authorization` header for a request, and whether the token was fetched just now.
    ///
    /// A newly fetched token is always used once, even if it is valid for less than the refresh
    /// margin: it is as fresh as the server will make it.
    pub(crate) async fn token(
        &self,
        http: &reqwest::Client,
    ) -> Result<(HeaderValue, bool), String> {
        let mut cache = self.cache.lock().await;
        if let Some(token) = cache.as_ref().filter(|token| token.is_fresh()) {
            return Ok((token.header.clone(), false));
        }
        let token = self.fetch(http).await?;
        let header = token.header.clone();
        *cache = Some(token);
        Ok((header, true))
    }

    /// Forgets the cached token if it is still `rejected` (another caller may already have
    /// replaced it).
    pub(crate) async fn invalidate(&self, rejected: &HeaderValue) {
        let mut cache = self.cache.lock().await;
        if cache.as_ref().is_some_and(|token| token.header == rejected) {
            *cache = None;
        }
    }

    async fn fetch(&self, http: &reqwest::Client) -> Result<Token, String> {
        let url = &self.token_url;
        let requested_at = Instant::now();
        // Credentials go in a Basic header (RFC 6749 §2.3.1's preferred method); Atlas service
        // account ids and secrets need no form-encoding before base64.
        let response = http
            .post(url)
            .basic_auth(&self.client_id, Some(self.client_secret.expose()))
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(ACCEPT, "application/json")
            .body("grant_type=client_credentials")
            .send()
            .await
            .map_err(|e| format!("the token request to {url} failed: {}", error_chain(&e)))?;
        let limit = self.max_response_bytes;
        let RawResponse { status, body, .. } =
            read_limited(response, limit)
                .await
                .map_err(|failure| match failure {
                    ReadFailure::Http(e) => format!(
                        "reading the token response from {url} failed: {}",
                        error_chain(&e)
                    ),
                    ReadFailure::TooLarge(status) => format!(
                        "the {status} token response from {url} is larger than the limit of {limit} bytes"
                    ),
                })?;
        if !status.is_success() {
            return Err(format!(
                "the token endpoint {url} answered {status}: {}",
                body_start(&String::from_utf8_lossy(&body))
            ));
        }
        // The serde error is not quoted: it could echo part of the token.
        let parsed: TokenResponse = serde_json::from_slice(&body).map_err(|_| {
            format!("the token endpoint {url} returned a body without a usable `access_token`")
        })?;
        if let Some(kind) = parsed.token_type.as_deref() {
            if !kind.eq_ignore_ascii_case("bearer") {
                return Err(format!(
                    "the token endpoint {url} issued a `{kind}` token; only bearer tokens are supported"
                ));
            }
        }
        let header =
            sensitive_header(&format!("Bearer {}", parsed.access_token)).ok_or_else(|| {
                format!(
                    "the token endpoint {url} issued a token that cannot be sent in an HTTP header"
                )
            })?;
        // Measured from before the request, so network latency shortens rather than extends the
        // assumed validity.
        let expires_at = parsed
            .expires_in
            .map(|seconds| requested_at + Duration::from_secs(seconds));
        tracing::debug!(token_url = %url, expires_in = parsed.expires_in, "fetched an OAuth access token");
        Ok(Token { header, expires_at })
    }
}

/// `error` and its sources, joined: reqwest's own message alone rarely says what went wrong.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
