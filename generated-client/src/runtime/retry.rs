//! When and how long to wait before re-sending a request.

use std::time::Duration;

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};

/// How failed calls are retried.
///
/// Only idempotent methods (GET, HEAD, PUT, DELETE, OPTIONS, TRACE) are ever re-sent: a POST or
/// PATCH that failed may still have taken effect, so it is never sent twice automatically, not
/// even after a 429. Retried outcomes:
///
/// * 429 and 503: wait for `Retry-After` (seconds or HTTP date, capped at `max_backoff`), or back
///   off exponentially when the header is absent;
/// * other 5xx except 501 and 505 (which are permanent by definition): exponential backoff;
/// * transport errors (connect errors, resets, timeouts): exponential backoff.
///
/// Backoff doubles from `initial_backoff` up to `max_backoff`, with random jitter so that many
/// clients failing together do not retry in lockstep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt; 0 disables retrying.
    pub max_retries: u32,
    /// The backoff before the first retry.
    pub initial_backoff: Duration,
    /// The longest wait between attempts, also capping `Retry-After`.
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    /// 3 retries, backing off from 200 ms up to 10 s.
    fn default() -> Self {
        Self {
            max_retries: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(10),
        }
    }
}

/// What an attempt produced, as far as retrying is concerned.
pub(crate) enum Outcome<'a> {
    /// A response arrived with this status and these headers.
    Response(StatusCode, &'a HeaderMap),
    /// No (complete) response arrived.
    Transport(&'a reqwest::Error),
}

impl RetryPolicy {
    /// Never retries.
    pub fn none() -> Self {
        Self {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// How long to wait before retrying after `retries_done` retries ended in `outcome`, or
    /// `None` when the outcome is final.
    pub(crate) fn delay(
        &self,
        method: &Method,
        retries_done: u32,
        outcome: Outcome<'_>,
    ) -> Option<Duration> {
        if retries_done >= self.max_retries || !is_idempotent(method) {
            return None;
        }
        match outcome {
            Outcome::Response(status, headers)
                if status == StatusCode::TOO_MANY_REQUESTS
                    || status == StatusCode::SERVICE_UNAVAILABLE =>
            {
                Some(match retry_after(headers) {
                    Some(wait) => wait.min(self.max_backoff),
                    None => self.backoff(retries_done),
                })
            }
            Outcome::Response(status, _)
                if status.is_server_error()
                    && status != StatusCode::NOT_IMPLEMENTED
                    && status != StatusCode::HTTP_VERSION_NOT_SUPPORTED =>
            {
                Some(self.backoff(retries_done))
            }
            Outcome::Response(..) => None,
            Outcome::Transport(error)
                if error.is_connect()
                    || error.is_timeout()
                    || error.is_request()
                    || error.is_body() =>
            {
                Some(self.backoff(retries_done))
            }
            Outcome::Transport(_) => None,
        }
    }

    /// Exponential backoff with "equal jitter": a random wait in `[base/2, base]` keeps a floor
    /// under the delay while still spreading clients apart.
    fn backoff(&self, retries_done: u32) -> Duration {
        let factor = 2u32.saturating_pow(retries_done);
        let base = self
            .initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff);
        base.mul_f64(rand::random_range(0.5..=1.0))
    }
}

/// Whether re-sending `method` cannot repeat a side effect (RFC 9110 §9.2.2).
pub(crate) fn is_idempotent(method: &Method) -> bool {
    [
        Method::GET,
        Method::HEAD,
        Method::PUT,
        Method::DELETE,
        Method::OPTIONS,
        Method::TRACE,
    ]
    .contains(method)
}

/// Parses `Retry-After` as delay-seconds or an IMF-fixdate HTTP date. The obsolete RFC 850 and
/// asctime date forms are not supported: they fall back to backoff.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    // A date in the past means "retry now".
    Some(
        (at.with_timezone(&chrono::Utc) - chrono::Utc::now())
            .to_std()
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(retry_after: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_str(retry_after).unwrap());
        headers
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        assert_eq!(retry_after(&headers("7")), Some(Duration::from_secs(7)));
        assert_eq!(
            retry_after(&headers("Wed, 21 Oct 2015 07:28:00 GMT")),
            Some(Duration::ZERO)
        );
        let future = (chrono::Utc::now() + chrono::Duration::seconds(30))
            .format("%a, %d %b %Y %H:%M:%S GMT")
            .to_string();
        let wait = retry_after(&headers(&future)).unwrap();
        assert!(wait > Duration::from_secs(25) && wait <= Duration::from_secs(30));
        assert_eq!(retry_after(&headers("soon")), None);
    }

    #[test]
    fn retry_after_is_capped() {
        let policy = RetryPolicy::default();
        let delay = policy.delay(
            &Method::GET,
            0,
            Outcome::Response(StatusCode::TOO_MANY_REQUESTS, &headers("3600")),
        );
        assert_eq!(delay, Some(policy.max_backoff));
    }

    #[test]
    fn only_idempotent_methods_and_transient_statuses_retry() {
        let policy = RetryPolicy::default();
        let none = HeaderMap::new();
        let delay = |method: Method, status: StatusCode| {
            policy.delay(&method, 0, Outcome::Response(status, &none))
        };
        assert!(delay(Method::GET, StatusCode::BAD_GATEWAY).is_some());
        assert!(delay(Method::PUT, StatusCode::INTERNAL_SERVER_ERROR).is_some());
        assert!(delay(Method::POST, StatusCode::TOO_MANY_REQUESTS).is_none());
        assert!(delay(Method::PATCH, StatusCode::SERVICE_UNAVAILABLE).is_none());
        assert!(delay(Method::GET, StatusCode::NOT_IMPLEMENTED).is_none());
        assert!(delay(Method::GET, StatusCode::NOT_FOUND).is_none());
        assert!(policy
            .delay(
                &Method::GET,
                3,
                Outcome::Response(StatusCode::BAD_GATEWAY, &none)
            )
            .is_none());
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let policy = RetryPolicy {
            max_retries: 10,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(1),
        };
        for retries_done in 0..10 {
            let base =
                (Duration::from_millis(100) * 2u32.pow(retries_done)).min(policy.max_backoff);
            let wait = policy.backoff(retries_done);
            assert!(wait >= base / 2 && wait <= base, "{wait:?} vs {base:?}");
        }
    }
}
