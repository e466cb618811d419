//! Warnings when the server says an operation's API version is deprecated or will be removed.

use std::collections::HashSet;
use std::sync::Mutex;

use reqwest::header::HeaderMap;

use super::request::OperationRequest;

/// The operations a client has already warned about: one warning per operation per client is
/// enough to be noticed, and a loop of calls must not flood the logs.
#[derive(Default)]
pub(crate) struct DeprecationWarnings {
    warned: Mutex<HashSet<&'static str>>,
}

impl DeprecationWarnings {
    /// Emits a `tracing` warning if `headers` carry `Deprecation` (RFC 9745) or `Sunset`
    /// (RFC 8594) and this client has not yet warned about `req`'s operation.
    pub(crate) fn check(&self, req: &OperationRequest, headers: &HeaderMap) {
        let text = |name: &str| {
            headers
                .get(name)
                .map(|value| String::from_utf8_lossy(value.as_bytes()).trim().to_owned())
        };
        let (deprecation, sunset) = (text("deprecation"), text("sunset"));
        if deprecation.is_none() && sunset.is_none() {
            return;
        }
        // A poisoned lock only means another thread panicked while inserting; the set is fine.
        let first = self
            .warned
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(req.operation_id);
        if !first {
            return;
        }
        let version = req.api_version.unwrap_or(req.accept);
        let when = match &sunset {
            Some(date) => format!("; it will be removed on {date}"),
            None => String::new(),
        };
        tracing::warn!(
            operation_id = req.operation_id,
            api_version = version,
            deprecation = deprecation.as_deref(),
            sunset = sunset.as_deref(),
            "the server says API version {version} of operation `{}` is deprecated{when}; \
             move to a client generated from a newer spec",
            req.operation_id,
        );
    }
}
