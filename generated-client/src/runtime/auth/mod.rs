//! Credentials and the per-client authentication state built from them.

mod digest;
mod oauth;

use std::fmt;

use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::Method;

use digest::DigestAuth;
use oauth::OAuth;

/// How the client authenticates. `Debug` never shows a secret.
///
/// ```
/// use generated_client::Credentials;
///
/// let credentials = Credentials::digest("abc", "s3cr3t");
/// assert_eq!(
///     format!("{credentials:?}"),
///     r#"Digest { public_key: "abc", private_key: "***" }"#
/// );
/// ```
#[derive(Clone)]
pub struct Credentials(Kind);

#[derive(Clone)]
enum Kind {
    None,
    Digest {
        public_key: String,
        private_key: Secret,
    },
    OAuth2ClientCredentials {
        client_id: String,
        client_secret: Secret,
        token_url: String,
    },
    Bearer {
        token: Secret,
    },
}

impl Credentials {
    /// No authentication: requests are sent without an `Authorization` header.
    pub fn none() -> Self {
        Self(Kind::None)
    }

    /// HTTP Digest authentication (RFC 7616), e.g. with an Atlas programmatic API key.
    ///
    /// The first call is answered with a challenge and re-sent authenticated (bodies included);
    /// the challenge is then reused so later calls need a single round trip.
    pub fn digest(public_key: impl Into<String>, private_key: impl Into<String>) -> Self {
        Self(Kind::Digest {
            public_key: public_key.into(),
            private_key: Secret(private_key.into()),
        })
    }

    /// OAuth 2.0 client credentials grant (RFC 6749 §4.4), e.g. with an Atlas service account.
    ///
    /// Access tokens are requested from `token_url`, cached in memory and refreshed when less
    /// than a minute of validity remains.
    pub fn oauth2_client_credentials(
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
        token_url: impl Into<String>,
    ) -> Self {
        Self(Kind::OAuth2ClientCredentials {
            client_id: client_id.into(),
            client_secret: Secret(client_secret.into()),
            token_url: token_url.into(),
        })
    }

    /// A static bearer token sent as `Authorization: Bearer <token>`.
    pub fn bearer(token: impl Into<String>) -> Self {
        Self(Kind::Bearer {
            token: Secret(token.into()),
        })
    }

    /// Whether requests to the API carry a secret (every kind but [`none`](Self::none)).
    pub(crate) fn sends_secrets(&self) -> bool {
        !matches!(self.0, Kind::None)
    }

    /// The token URL the client secret is sent to, for OAuth2 client credentials.
    pub(crate) fn token_url(&self) -> Option<&str> {
        match &self.0 {
            Kind::OAuth2ClientCredentials { token_url, .. } => Some(token_url),
            _ => None,
        }
    }
}

impl Default for Credentials {
    /// No authentication.
    fn default() -> Self {
        Self::none()
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Kind::None => f.write_str("None"),
            Kind::Digest {
                public_key,
                private_key,
            } => f
                .debug_struct("Digest")
                .field("public_key", public_key)
                .field("private_key", private_key)
                .finish(),
            Kind::OAuth2ClientCredentials {
                client_id,
                client_secret,
                token_url,
            } => f
                .debug_struct("OAuth2ClientCredentials")
                .field("client_id", client_id)
                .field("client_secret", client_secret)
                .field("token_url", token_url)
                .finish(),
            Kind::Bearer { token } => f.debug_struct("Bearer").field("token", token).finish(),
        }
    }
}

/// A string that must never reach logs: its `Debug` is a fixed mask.
#[derive(Clone)]
pub(crate) struct Secret(String);

impl Secret {
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt("***", f)
    }
}

/// An `Authorization` header chosen for one request, and what it was derived from, so that a
/// 401 answer can be judged (stale nonce? expired token?).
pub(crate) struct Authorization {
    pub(crate) header: HeaderValue,
    origin: Origin,
}

enum Origin {
    /// A digest response computed for this nonce.
    Digest { nonce: String },
    /// An OAuth token; `fresh` when it was fetched for this very request.
    OAuth { fresh: bool },
    /// A header that cannot change (bearer token).
    Static,
}

/// The authentication state of one client, shared by all its clones.
pub(crate) enum Auth {
    None,
    Bearer(HeaderValue),
    Digest(DigestAuth),
    OAuth(OAuth),
}

impl Auth {
    /// Prepares the state for `credentials`; fails only for a bearer token that cannot be a
    /// header value. Token responses are read up to `max_response_bytes`, like API responses.
    pub(crate) fn new(
        credentials: &Credentials,
        max_response_bytes: usize,
    ) -> Result<Self, String> {
        Ok(match &credentials.0 {
            Kind::None => Auth::None,
            Kind::Bearer { token } => {
                let header = sensitive_header(&format!("Bearer {}", token.expose()))
                    .ok_or("the bearer token contains characters not allowed in an HTTP header")?;
                Auth::Bearer(header)
            }
            Kind::Digest {
                public_key,
                private_key,
            } => Auth::Digest(DigestAuth::new(public_key.clone(), private_key.clone())),
            Kind::OAuth2ClientCredentials {
                client_id,
                client_secret,
                token_url,
            } => Auth::OAuth(OAuth::new(
                client_id.clone(),
                client_secret.clone(),
                token_url.clone(),
                max_response_bytes,
            )),
        })
    }

    /// The header for a first try of a request to `uri` (path and query as sent).
    ///
    /// Digest returns `None` until a challenge has been seen: the server must speak first.
    pub(crate) async fn authorize(
        &self,
        http: &reqwest::Client,
        method: &Method,
        uri: &str,
    ) -> Result<Option<Authorization>, String> {
        Ok(match self {
            Auth::None => None,
            Auth::Bearer(header) => Some(Authorization {
                header: header.clone(),
                origin: Origin::Static,
            }),
            Auth::Digest(digest) => {
                digest
                    .authorize(method, uri)?
                    .map(|(header, nonce)| Authorization {
                        header,
                        origin: Origin::Digest { nonce },
                    })
            }
            Auth::OAuth(oauth) => {
                let (header, fresh) = oauth.token(http).await?;
                Some(Authorization {
                    header,
                    origin: Origin::OAuth { fresh },
                })
            }
        })
    }

    /// After a 401 to a request sent with `used`, the header for one more try, or `None` when
    /// another try cannot succeed and the 401 should be returned to the caller.
    pub(crate) async fn reauthorize(
        &self,
        http: &reqwest::Client,
        method: &Method,
        uri: &str,
        used: Option<&Authorization>,
        response_headers: &HeaderMap,
    ) -> Result<Option<Authorization>, String> {
        match (self, used.map(|a| (&a.origin, &a.header))) {
            (Auth::Digest(digest), origin) => {
                let used_nonce = match origin {
                    Some((Origin::Digest { nonce }, _)) => Some(nonce.as_str()),
                    _ => None,
                };
                Ok(digest
                    .on_unauthorized(response_headers, used_nonce, method, uri)?
                    .map(|(header, nonce)| Authorization {
                        header,
                        origin: Origin::Digest { nonce },
                    }))
            }
            // A cached token may have been revoked or expired early; a token fetched for this
            // very request being refused means the credentials themselves are not accepted.
            (Auth::OAuth(oauth), Some((Origin::OAuth { fresh: false }, header))) => {
                oauth.invalidate(header).await;
                let (header, fresh) = oauth.token(http).await?;
                Ok(Some(Authorization {
                    header,
                    origin: Origin::OAuth { fresh },
                }))
            }
            _ => Ok(None),
        }
    }
}

/// A header value marked sensitive, so the HTTP stack never prints it.
pub(crate) fn sensitive_header(value: &str) -> Option<HeaderValue> {
    let mut header = HeaderValue::from_str(value).ok()?;
    header.set_sensitive(true);
    Some(header)
}
