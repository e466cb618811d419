//! Path building: parameter validation and percent-encoding.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock, PoisonError};

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use regex::Regex;

use super::error::ArgumentError;

/// Everything but RFC 3986 "unreserved" characters is encoded. Encoding sub-delims such as `;`
/// and `=` too is stricter than required but means no server can read structure into a value.
pub(crate) const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Query values keep `,` literal: it joins the items of a non-exploded array
/// (`?fields=a,b`, OpenAPI's `form` style) and RFC 3986 allows it in a query as it is.
pub(crate) const QUERY_VALUE: &AsciiSet = &COMPONENT.remove(b',');

/// Builds an encoded request path, validating each parameter before any request is made.
///
/// ```
/// use generated_client::PathBuilder;
///
/// let path = PathBuilder::new()
///     .literal("/api/atlas/v2/groups/")
///     .param("groupId", "32b6e34b3d91647abb20e7b8", Some("^([a-f0-9]{24})$"))?
///     .literal("/databaseUsers/admin/")
///     .param("username", "a/../b", None)?
///     .finish();
/// assert_eq!(path, "/api/atlas/v2/groups/32b6e34b3d91647abb20e7b8/databaseUsers/admin/a%2F..%2Fb");
/// # Ok::<(), generated_client::ArgumentError>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct PathBuilder {
    path: String,
}

impl PathBuilder {
    /// Starts an empty path.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends `s` verbatim; it comes from the spec's path template, not from a caller.
    pub fn literal(mut self, s: &'static str) -> Self {
        self.path.push_str(s);
        self
    }

    /// Appends `value` percent-encoded as exactly one path segment.
    ///
    /// Every character outside RFC 3986's unreserved set (`/`, `?`, `#`, `%`, spaces, non-ASCII...)
    /// is encoded, so a value can never change the route. Fails, naming `name`, when the value
    /// is empty, is a dot-segment (`.` or `..`), or does not match `pattern` (see
    /// [`matches_pattern`]).
    pub fn param(
        mut self,
        name: &'static str,
        value: &str,
        pattern: Option<&'static str>,
    ) -> Result<Self, ArgumentError> {
        if value.is_empty() {
            return Err(ArgumentError::new(name, "must not be empty"));
        }
        // Unreserved dots are not encoded, and an encoded `%2E%2E` is still a dot-segment to URL
        // parsers (WHATWG), so the only safe answer is to refuse these two values.
        if value == "." || value == ".." {
            return Err(ArgumentError::new(
                name,
                "must not be `.` or `..`, which would address a different path",
            ));
        }
        if let Some(pattern) = pattern {
            if !matches_pattern(pattern, value) {
                return Err(ArgumentError::new(
                    name,
                    format!("does not match pattern {pattern}"),
                ));
            }
        }
        self.path
            .extend(utf8_percent_encode(value, COMPONENT).map(|s| s as &str));
        Ok(self)
    }

    /// Appends an array as one segment in OpenAPI's `simple` style: each value
    /// percent-encoded, joined by unencoded commas (`a,b%2Cc`). Fails when the array is empty
    /// or a value is, or when a value does not match `pattern`.
    pub fn param_list(
        mut self,
        name: &'static str,
        values: &[String],
        pattern: Option<&'static str>,
    ) -> Result<Self, ArgumentError> {
        if values.is_empty() {
            return Err(ArgumentError::new(name, "must not be empty"));
        }
        for (i, value) in values.iter().enumerate() {
            if value.is_empty() {
                return Err(ArgumentError::new(
                    name,
                    format!("item {i} must not be empty"),
                ));
            }
            if let Some(pattern) = pattern {
                if !matches_pattern(pattern, value) {
                    return Err(ArgumentError::new(
                        name,
                        format!("item {i} does not match pattern {pattern}"),
                    ));
                }
            }
            if i > 0 {
                self.path.push(',');
            }
            self.path
                .extend(utf8_percent_encode(value, COMPONENT).map(|s| s as &str));
        }
        Ok(self)
    }

    /// Returns the encoded path.
    pub fn finish(self) -> String {
        self.path
    }
}

/// Checks `value` against an OpenAPI `pattern` (a regex source, unanchored unless the pattern
/// anchors itself, as in JSON Schema).
///
/// Compiled regexes are cached per pattern. A pattern the `regex` crate cannot compile (e.g.
/// an ECMA-262 look-around) is treated as matching everything and logged once as a warning:
/// the server still validates, and refusing every call would make the operation unusable.
pub fn matches_pattern(pattern: &'static str, value: &str) -> bool {
    match compiled(pattern) {
        Some(regex) => regex.is_match(value),
        None => true,
    }
}

fn compiled(pattern: &'static str) -> Option<Regex> {
    static CACHE: OnceLock<Mutex<HashMap<&'static str, Option<Regex>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    // A panic elsewhere cannot leave the map half-updated, so a poisoned lock is still usable.
    let mut cache = cache.lock().unwrap_or_else(PoisonError::into_inner);
    cache
        .entry(pattern)
        .or_insert_with(|| match Regex::new(pattern) {
            Ok(regex) => Some(regex),
            Err(error) => {
                tracing::warn!(pattern, %error, "unsupported pattern; values are not checked against it");
                None
            }
        })
        // Cloning a Regex is cheap (shared program) and keeps the lock short.
        .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsupported_pattern_is_permissive() {
        assert!(matches_pattern("^(?=abc).*$", "anything"));
    }

    #[test]
    fn pattern_is_unanchored_unless_anchored() {
        assert!(matches_pattern("[0-9]+", "abc123"));
        assert!(!matches_pattern("^[0-9]+$", "abc123"));
    }
}
