//! Cookie parameters, sent together in one `Cookie` header.

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};

/// RFC 6265's `cookie-octet` excludes these, plus `%` so that decoding is unambiguous. The
/// comma stays: OpenAPI's `form` style joins array items with it (`id=3,4,5`).
const COOKIE_VALUE: &AsciiSet = &CONTROLS.add(b' ').add(b'"').add(b';').add(b'\\').add(b'%');

/// The `Cookie` header for `pairs` (`a=1; b=2`), values percent-encoded where RFC 6265 does
/// not allow them; `None` when there are none.
///
/// ```
/// let cookie = generated_client::cookie_header(&[("session", "a b".to_owned()), ("theme", "dark".to_owned())]);
/// assert_eq!(cookie.as_deref(), Some("session=a%20b; theme=dark"));
/// ```
pub fn cookie_header(pairs: &[(&'static str, String)]) -> Option<String> {
    if pairs.is_empty() {
        return None;
    }
    let cookies: Vec<String> = pairs
        .iter()
        .map(|(name, value)| format!("{name}={}", utf8_percent_encode(value, COOKIE_VALUE)))
        .collect();
    Some(cookies.join("; "))
}
