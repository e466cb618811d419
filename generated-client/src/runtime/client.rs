//! The client: configuration, sending with authentication and retries, decoding.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use tracing::Instrument;
use url::Url;

use super::auth::{Auth, Authorization, Credentials};
use super::decode::decode_json;
use super::deprecation::DeprecationWarnings;
use super::error::{ApiFailure, ArgumentError, Error};
use super::error_body::read_error_body;
use super::path::{COMPONENT, QUERY_VALUE};
use super::request::{BodyContent, OperationRequest, RequestBody};
use super::response::{read_limited, RawResponse, ReadFailure};
use super::retry::{Outcome, RetryPolicy};
use super::transport::keeps_secrets;

/// Used unless [`ClientBuilder::timeout`] says otherwise; without a limit a stalled server
/// would hang the caller forever.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// Used unless [`ClientBuilder::connect_timeout`] says otherwise.
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Used unless [`ClientBuilder::max_response_bytes`] says otherwise: far above any page of
/// JSON, far below what would hurt a process.
const DEFAULT_MAX_RESPONSE_BYTES: usize = 64 * 1024 * 1024;

/// The API client.
///
/// Cheap to clone: clones share the connection pool and the authentication state (cached
/// digest challenge, OAuth token). `Debug` never shows a secret.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    /// Without a trailing slash: paths start with one.
    base_url: String,
    auth: Auth,
    retry: RetryPolicy,
    max_response_bytes: usize,
    deprecations: DeprecationWarnings,
    /// Kept only for `Debug`, which masks the secrets.
    credentials: Credentials,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("credentials", &self.inner.credentials)
            .field("retry_policy", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

/// Configures and builds a [`Client`], or a type `C` that wraps one.
///
/// Generated code owns its client type (so it can add a method per operation even when it is
/// compiled in another crate, e.g. from a build script) and returns a `ClientBuilder<C>` from
/// its `Client::builder()`: [`build`](Self::build) then gives that type directly.
pub struct ClientBuilder<C = Client> {
    base_url: String,
    credentials: Credentials,
    timeout: Duration,
    connect_timeout: Duration,
    headers: Vec<(String, String)>,
    user_agent_suffix: Option<String>,
    retry: RetryPolicy,
    max_response_bytes: usize,
    allow_insecure_http: bool,
    // `fn() -> C`: the builder makes a `C` but holds none, so it is `Send`/`Sync` whatever `C` is.
    builds: PhantomData<fn() -> C>,
}

impl<C> Clone for ClientBuilder<C> {
    fn clone(&self) -> Self {
        Self {
            base_url: self.base_url.clone(),
            credentials: self.credentials.clone(),
            timeout: self.timeout,
            connect_timeout: self.connect_timeout,
            headers: self.headers.clone(),
            user_agent_suffix: self.user_agent_suffix.clone(),
            retry: self.retry,
            max_response_bytes: self.max_response_bytes,
            allow_insecure_http: self.allow_insecure_http,
            builds: PhantomData,
        }
    }
}

impl<C> fmt::Debug for ClientBuilder<C> {
    // Extra header values may be API keys, so only their names are shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let header_names: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("headers", &header_names)
            .field("user_agent_suffix", &self.user_agent_suffix)
            .field("retry_policy", &self.retry)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .finish()
    }
}

/// Why [`ClientBuilder::build`] failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The base URL is not an absolute `http`/`https` URL without query or fragment.
    #[error("invalid base URL `{url}`: {reason}")]
    InvalidBaseUrl {
        /// The rejected URL.
        url: String,
        /// Why it was rejected.
        reason: String,
    },
    /// An extra header has an invalid name or value (the value is not repeated here).
    #[error("invalid header `{name}`: {reason}")]
    InvalidHeader {
        /// The header name as given.
        name: String,
        /// Why it was rejected.
        reason: String,
    },
    /// The user agent suffix cannot be sent in a header.
    #[error("invalid user agent suffix: {reason}")]
    InvalidUserAgent {
        /// Why it was rejected.
        reason: String,
    },
    /// The credentials cannot be used (e.g. a bearer token with control characters).
    #[error("invalid credentials: {reason}")]
    InvalidCredentials {
        /// Why they were rejected; never contains the secret.
        reason: String,
    },
    /// Credentials would be sent over plain `http://` to a host that is not this machine.
    #[error(
        "refusing to send credentials over plain http to `{host}`, which is not a loopback \
         address: use https, or allow it with ClientBuilder::allow_insecure_http()"
    )]
    InsecureCredentials {
        /// The host the credentials would have been sent to.
        host: String,
    },
    /// The HTTP client could not be initialised (e.g. no TLS backend).
    #[error("could not initialise the HTTP client")]
    Http(#[source] reqwest::Error),
}

impl ClientBuilder {
    /// Starts a builder of a plain [`Client`] (see [`wrapping`](Self::wrapping) for the
    /// defaults).
    pub fn new(default_base_url: &str) -> Self {
        Self::wrapping(default_base_url)
    }
}

impl<C: From<Client>> ClientBuilder<C> {
    /// Starts a builder whose [`build`](Self::build) wraps the client in a `C`; generated code
    /// passes the spec's first server URL.
    ///
    /// Defaults: no credentials, a 60 s request timeout, a 10 s connect timeout,
    /// [`RetryPolicy::default`] and responses of at most 64 MiB.
    pub fn wrapping(default_base_url: &str) -> Self {
        Self {
            base_url: default_base_url.to_owned(),
            credentials: Credentials::none(),
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            headers: Vec::new(),
            user_agent_suffix: None,
            retry: RetryPolicy::default(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            allow_insecure_http: false,
            builds: PhantomData,
        }
    }

    /// Overrides the base URL (e.g. a regional endpoint, a proxy, or a test server). Any path
    /// it has is kept as a prefix of every request path.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// Sets how requests authenticate: [`Credentials`], or a generated type that converts
    /// into them.
    pub fn credentials(mut self, credentials: impl Into<Credentials>) -> Self {
        self.credentials = credentials.into();
        self
    }

    /// Limits each attempt as a whole, from connecting until the response body has been read.
    /// Exceeding it yields [`Error::Timeout`] (after any retries).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Limits establishing a connection.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Adds a header to every request. Name and value are validated by [`build`](Self::build).
    /// `Authorization`, `Cookie` and `Proxy-Authorization` values are marked sensitive.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Appends `suffix` (e.g. `my-tool/1.2`) to the `User-Agent`, which otherwise is
    /// `<crate name>/<crate version> (<os>; <arch>)`.
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    /// Sets how failed calls are retried.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Limits the size of a response body (64 MiB unless set). A larger body, whether its
    /// `Content-Length` says so or it just keeps coming, is [`Error::ResponseTooLarge`]; the
    /// client stops reading at the limit.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// Allows credentials (API keys, tokens, a client secret sent to a token URL, an
    /// `Authorization` header) over plain `http://` to hosts other than this machine.
    ///
    /// Without it, [`build`](Self::build) refuses with [`BuildError::InsecureCredentials`]:
    /// anyone on the path could read or replay them. Loopback addresses (127.0.0.0/8, `::1`,
    /// `localhost`) are always allowed.
    pub fn allow_insecure_http(mut self) -> Self {
        self.allow_insecure_http = true;
        self
    }

    /// Validates the configuration and builds the client.
    pub fn build(self) -> Result<C, BuildError> {
        let base_url = validate_base_url(&self.base_url)?;
        if !self.allow_insecure_http {
            self.check_transport(&base_url)?;
        }
        let mut headers = HeaderMap::new();
        for (name, value) in &self.headers {
            let invalid = |reason: &str| BuildError::InvalidHeader {
                name: name.clone(),
                reason: reason.to_owned(),
            };
            let header_name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| invalid("not a valid header name"))?;
            let mut header_value = HeaderValue::from_str(value)
                .map_err(|_| invalid("the value contains characters not allowed in a header"))?;
            if [
                AUTHORIZATION,
                reqwest::header::COOKIE,
                reqwest::header::PROXY_AUTHORIZATION,
            ]
            .contains(&header_name)
            {
                header_value.set_sensitive(true);
            }
            headers.append(header_name, header_value);
        }
        let mut user_agent = format!(
            "{}/{} ({}; {})",
            env!("CARGO_PKG_NAME"),
            env!("CARGO_PKG_VERSION"),
            std::env::consts::OS,
            std::env::consts::ARCH
        );
        if let Some(suffix) = &self.user_agent_suffix {
            user_agent.push(' ');
            user_agent.push_str(suffix);
        }
        let user_agent =
            HeaderValue::from_str(&user_agent).map_err(|_| BuildError::InvalidUserAgent {
                reason: "the suffix contains characters not allowed in a header".to_owned(),
            })?;
        let auth = Auth::new(&self.credentials, self.max_response_bytes)
            .map_err(|reason| BuildError::InvalidCredentials { reason })?;
        let http = reqwest::Client::builder()
            .user_agent(user_agent)
            .default_headers(headers)
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            // Following a redirect would change the method of a POST and the URI a digest
            // response was computed for; a 3xx is returned as an API error instead.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(BuildError::Http)?;
        Ok(C::from(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                auth,
                retry: self.retry,
                max_response_bytes: self.max_response_bytes,
                deprecations: DeprecationWarnings::default(),
                credentials: self.credentials,
            }),
        }))
    }

    /// Refuses credentials that would cross the network unencrypted. Every request goes to the
    /// base URL's host and redirects are not followed, so this is known before any request.
    fn check_transport(&self, base_url: &str) -> Result<(), BuildError> {
        let refuse = |url: &Url| BuildError::InsecureCredentials {
            host: url.host_str().unwrap_or_default().to_owned(),
        };
        let base = Url::parse(base_url).map_err(|e| BuildError::InvalidBaseUrl {
            url: base_url.to_owned(),
            reason: e.to_string(),
        })?;
        let has_authorization_header = self
            .headers
            .iter()
            .any(|(name, _)| name.eq_ignore_ascii_case(AUTHORIZATION.as_str()));
        // reqwest turns a URL's user and password into a Basic `Authorization` header.
        let has_user_info = !base.username().is_empty() || base.password().is_some();
        if (self.credentials.sends_secrets() || has_authorization_header || has_user_info)
            && !keeps_secrets(&base)
        {
            return Err(refuse(&base));
        }
        if let Some(token_url) = self.credentials.token_url() {
            let token = Url::parse(token_url).map_err(|e| BuildError::InvalidCredentials {
                reason: format!("the token URL `{token_url}` is not a valid URL: {e}"),
            })?;
            if !keeps_secrets(&token) {
                return Err(refuse(&token));
            }
        }
        Ok(())
    }
}

fn validate_base_url(url: &str) -> Result<String, BuildError> {
    let invalid = |reason: &str| BuildError::InvalidBaseUrl {
        url: url.to_owned(),
        reason: reason.to_owned(),
    };
    let parsed = Url::parse(url).map_err(|e| invalid(&e.to_string()))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(invalid("the scheme must be http or https"));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(invalid("it must not have a query or fragment"));
    }
    Ok(parsed.as_str().trim_end_matches('/').to_owned())
}

/// Why a call produced no response to decode; turned into an [`Error`] by the caller, which
/// knows `E`. Keeping this non-generic keeps the sending code out of every instantiation.
enum Failure {
    InvalidArgument(ArgumentError),
    Http(reqwest::Error),
    Auth(String),
    TooLarge { status: StatusCode, limit: usize },
}

impl Failure {
    fn into_error<E>(self, operation_id: &'static str) -> Error<E> {
        match self {
            Failure::InvalidArgument(error) => Error::InvalidArgument(error),
            Failure::Http(error) if error.is_timeout() => Error::Timeout { operation_id },
            Failure::Http(source) => Error::Transport {
                operation_id,
                source,
            },
            Failure::Auth(message) => Error::Auth { message },
            Failure::TooLarge { status, limit } => Error::ResponseTooLarge {
                operation_id,
                status: status.as_u16(),
                limit,
            },
        }
    }
}

impl Client {
    /// The base URL requests are sent to (without a trailing slash).
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Sends `req` and decodes a 2xx JSON body into `T`.
    ///
    /// Any non-2xx status is [`Error::Api`], with the body decoded as `E` when possible, its
    /// error code and message read as `req.error_fields` says, and the body always kept raw.
    pub async fn send_json<T: DeserializeOwned, E: DeserializeOwned>(
        &self,
        req: OperationRequest,
    ) -> Result<T, Error<E>> {
        let response = self.send_checked(&req).await?;
        decode_json(&response.body).map_err(|failure| Error::Decode {
            operation_id: req.operation_id,
            status: response.status.as_u16(),
            path: failure.path,
            message: failure.message,
            raw_body: String::from_utf8_lossy(&response.body).into_owned(),
        })
    }

    /// Sends `req` for an operation whose success response has no body (204 or an empty 2xx);
    /// any body is ignored.
    pub async fn send_empty<E: DeserializeOwned>(
        &self,
        req: OperationRequest,
    ) -> Result<(), Error<E>> {
        self.send_checked(&req).await.map(drop)
    }

    /// Sends `req` and returns a 2xx body as raw bytes, for success responses that are not JSON
    /// (e.g. compressed log downloads).
    pub async fn send_bytes<E: DeserializeOwned>(
        &self,
        req: OperationRequest,
    ) -> Result<Vec<u8>, Error<E>> {
        self.send_checked(&req).await.map(|response| response.body)
    }

    /// Executes `req`, turning non-2xx responses into [`Error::Api`].
    async fn send_checked<E: DeserializeOwned>(
        &self,
        req: &OperationRequest,
    ) -> Result<RawResponse, Error<E>> {
        let response = self
            .execute(req)
            .await
            .map_err(|failure| failure.into_error(req.operation_id))?;
        if response.status.is_success() {
            return Ok(response);
        }
        let read = read_error_body(&response.body, &req.error_fields);
        Err(Error::Api(ApiFailure {
            operation_id: req.operation_id,
            status: response.status,
            accept: req.accept,
            body: read.typed,
            body_error: read.typed_error,
            error_code: read.code,
            message: read.message,
            raw_body: String::from_utf8_lossy(&response.body).into_owned(),
            headers: response.headers,
        }))
    }

    /// Sends `req` with authentication, retrying per the policy, and reads the whole response.
    async fn execute(&self, req: &OperationRequest) -> Result<RawResponse, Failure> {
        let url = self.url_for(req).map_err(Failure::InvalidArgument)?;
        let headers = header_params(req).map_err(Failure::InvalidArgument)?;
        // The digest `uri` must be the request-target exactly as sent.
        let uri = &url[url::Position::BeforePath..url::Position::AfterQuery];
        // The template, not the path: paths carry ids that do not belong in telemetry.
        let span = tracing::info_span!(
            "api_call",
            operation_id = req.operation_id,
            method = %req.method,
            path_template = req.path_template,
            status = tracing::field::Empty,
            attempt = tracing::field::Empty,
        );
        let replayable = req.body.as_ref().is_none_or(RequestBody::is_replayable);
        async {
            let mut retries_done = 0;
            loop {
                span.record("attempt", retries_done + 1);
                let result = self.attempt(req, &url, uri, &headers).await;
                let outcome = match &result {
                    Ok(response) => {
                        span.record("status", response.status.as_u16());
                        self.inner.deprecations.check(req, &response.headers);
                        Outcome::Response(response.status, &response.headers)
                    }
                    Err(Failure::Http(error)) => Outcome::Transport(error),
                    Err(_) => return result,
                };
                // A stream was consumed by the attempt: there is nothing left to re-send.
                let delay = replayable
                    .then(|| self.inner.retry.delay(&req.method, retries_done, outcome))
                    .flatten();
                let Some(delay) = delay else {
                    return result;
                };
                tracing::info!(
                    attempt = retries_done + 1,
                    delay_ms = delay.as_millis() as u64,
                    "retrying after a transient failure"
                );
                tokio::time::sleep(delay).await;
                retries_done += 1;
            }
        }
        .instrument(span.clone())
        .await
    }

    /// One attempt: a send, plus one re-send if a 401 can be answered with new credentials.
    async fn attempt(
        &self,
        req: &OperationRequest,
        url: &Url,
        uri: &str,
        headers: &HeaderMap,
    ) -> Result<RawResponse, Failure> {
        let http = &self.inner.http;
        let auth = &self.inner.auth;
        let authorization = auth
            .authorize(http, &req.method, uri)
            .await
            .map_err(Failure::Auth)?;
        let response = self
            .send_once(req, url, headers, authorization.as_ref())
            .await?;
        if response.status != StatusCode::UNAUTHORIZED {
            return Ok(response);
        }
        // Re-sending is safe even for POST: a 401 means the request was not processed.
        let retry = auth
            .reauthorize(
                http,
                &req.method,
                uri,
                authorization.as_ref(),
                &response.headers,
            )
            .await
            .map_err(Failure::Auth)?;
        match retry {
            // The stream is gone; the fresh credentials serve the caller's next call.
            Some(_) if !req.body.as_ref().is_none_or(RequestBody::is_replayable) => Ok(response),
            Some(authorization) => {
                tracing::debug!("re-sending with fresh credentials after a 401");
                self.send_once(req, url, headers, Some(&authorization))
                    .await
            }
            None => Ok(response),
        }
    }

    async fn send_once(
        &self,
        req: &OperationRequest,
        url: &Url,
        headers: &HeaderMap,
        authorization: Option<&Authorization>,
    ) -> Result<RawResponse, Failure> {
        let mut builder = self
            .inner
            .http
            .request(req.method.clone(), url.clone())
            .headers(headers.clone())
            .header(ACCEPT, req.accept);
        if let Some(body) = &req.body {
            builder = builder.header(CONTENT_TYPE, body.content_type.as_ref());
            builder = match &body.content {
                BodyContent::Bytes(bytes) => builder.body(bytes.clone()),
                BodyContent::Stream(stream) => builder.body(stream.take().ok_or_else(|| {
                    Failure::InvalidArgument(ArgumentError::new(
                        "body",
                        "is a stream that was already sent; a stream can be sent only once",
                    ))
                })?),
            };
        }
        if let Some(authorization) = authorization {
            builder = builder.header(AUTHORIZATION, authorization.header.clone());
        }
        let response = builder.send().await.map_err(Failure::Http)?;
        let limit = self.inner.max_response_bytes;
        read_limited(response, limit)
            .await
            .map_err(|failure| match failure {
                ReadFailure::Http(error) => Failure::Http(error),
                ReadFailure::TooLarge(status) => Failure::TooLarge { status, limit },
            })
    }

    /// The full URL of `req`. Query names and values are percent-encoded here (`%20` for spaces,
    /// which every server decodes, unlike `+`), except the commas of values.
    fn url_for(&self, req: &OperationRequest) -> Result<Url, ArgumentError> {
        let separator = if req.path.starts_with('/') { "" } else { "/" };
        let mut url = Url::parse(&format!("{}{separator}{}", self.inner.base_url, req.path))
            .map_err(|e| ArgumentError::new("path", format!("does not form a valid URL: {e}")))?;
        if !req.query.is_empty() {
            let query = req
                .query
                .iter()
                .map(|(name, value)| {
                    format!(
                        "{}={}",
                        percent_encoding::utf8_percent_encode(name, COMPONENT),
                        percent_encoding::utf8_percent_encode(value, QUERY_VALUE)
                    )
                })
                .collect::<Vec<_>>()
                .join("&");
            url.set_query(Some(&query));
        }
        Ok(url)
    }
}

/// The operation's header parameters, checked before anything is sent. Values are marked
/// sensitive since a spec may pass keys in headers.
fn header_params(req: &OperationRequest) -> Result<HeaderMap, ArgumentError> {
    let mut headers = HeaderMap::new();
    for (name, value) in &req.headers {
        let header_name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| ArgumentError::new(*name, "is not a valid HTTP header name"))?;
        let mut header_value = HeaderValue::from_str(value).map_err(|_| {
            ArgumentError::new(*name, "contains characters not allowed in an HTTP header")
        })?;
        header_value.set_sensitive(true);
        headers.append(header_name, header_value);
    }
    Ok(headers)
}
