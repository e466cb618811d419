//! HTTP Digest access authentication (RFC 7616), `qop=auth` only.

use std::fmt::Write as _;
use std::sync::{Mutex, PoisonError};

use reqwest::header::{HeaderMap, HeaderValue, WWW_AUTHENTICATE};
use reqwest::Method;
use sha2::Digest as _;

use super::{sensitive_header, Secret};

/// Digest credentials plus the last challenge, which is reused so that only the first call
/// (or one after the server retires its nonce) costs an extra 401 round trip.
pub(crate) struct DigestAuth {
    username: String,
    password: Secret,
    session: Mutex<Option<Session>>,
}

/// A challenge in use, and the last nonce count sent with it. Every request sent with one
/// nonce must carry a new count, so the count lives behind the lock with the challenge.
struct Session {
    challenge: Challenge,
    nc: u32,
}

impl DigestAuth {
    pub(crate) fn new(username: String, password: Secret) -> Self {
        Self {
            username,
            password,
            session: Mutex::new(None),
        }
    }

    /// The header for a request, from the cached challenge; `None` before any challenge.
    /// Returns the nonce used alongside, to recognise a rejection of that nonce later.
    pub(crate) fn authorize(
        &self,
        method: &Method,
        uri: &str,
    ) -> Result<Option<(HeaderValue, String)>, String> {
        let (challenge, nc) = {
            let mut session = self.session.lock().unwrap_or_else(PoisonError::into_inner);
            let Some(session) = session.as_mut() else {
                return Ok(None);
            };
            session.nc = session.nc.wrapping_add(1);
            (session.challenge.clone(), session.nc)
        };
        self.header(&challenge, method, uri, nc)
            .map(|header| Some((header, challenge.nonce)))
    }

    /// Handles a 401 to a request that used `used_nonce` (or no digest header at all).
    ///
    /// Returns the header for one more try when the response carries a challenge worth
    /// answering: a first one, a `stale=true` one, or one with a new nonce. The same nonce
    /// refused again without `stale` means the keys are wrong, so `None` lets the 401 through.
    pub(crate) fn on_unauthorized(
        &self,
        response_headers: &HeaderMap,
        used_nonce: Option<&str>,
        method: &Method,
        uri: &str,
    ) -> Result<Option<(HeaderValue, String)>, String> {
        let (challenge, stale) = match select_challenge(response_headers) {
            Selection::NoDigest => return Ok(None),
            Selection::Unsupported(offers) => {
                return Err(format!(
                    "the server offered no supported HTTP Digest challenge ({offers})"
                ))
            }
            Selection::Usable { challenge, stale } => (challenge, stale),
        };
        if used_nonce == Some(challenge.nonce.as_str()) && !stale {
            return Ok(None);
        }
        let nc = {
            let mut session = self.session.lock().unwrap_or_else(PoisonError::into_inner);
            match session.as_mut() {
                // Concurrent requests rejected together get the same new nonce; continuing its
                // count keeps every (nonce, nc) pair unique, as the server requires.
                Some(current) if current.challenge == challenge => {
                    current.nc = current.nc.wrapping_add(1);
                    current.nc
                }
                _ => {
                    *session = Some(Session {
                        challenge: challenge.clone(),
                        nc: 1,
                    });
                    1
                }
            }
        };
        self.header(&challenge, method, uri, nc)
            .map(|header| Some((header, challenge.nonce)))
    }

    fn header(
        &self,
        challenge: &Challenge,
        method: &Method,
        uri: &str,
        nc: u32,
    ) -> Result<HeaderValue, String> {
        let cnonce = random_cnonce();
        let value = render(
            &self.username,
            self.password.expose(),
            challenge,
            method.as_str(),
            uri,
            nc,
            &cnonce,
        );
        sensitive_header(&value).ok_or_else(|| {
            "the digest username or the server's challenge contains characters that cannot be \
             sent in an HTTP header"
                .to_owned()
        })
    }
}

/// 128 random bits, hex-encoded: unpredictable, and safe inside a quoted-string.
fn random_cnonce() -> String {
    hex(&rand::random::<[u8; 16]>())
}

/// A hash function named by a challenge's `algorithm` parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Algorithm {
    Md5,
    Sha256,
    Sha512_256,
}

impl Algorithm {
    /// Parses an `algorithm` value into the hash and whether it is a `-sess` variant.
    fn parse(name: &str) -> Option<(Self, bool)> {
        let upper = name.to_ascii_uppercase();
        let (base, sess) = match upper.strip_suffix("-SESS") {
            Some(base) => (base, true),
            None => (upper.as_str(), false),
        };
        let algorithm = match base {
            "MD5" => Algorithm::Md5,
            "SHA-256" => Algorithm::Sha256,
            "SHA-512-256" => Algorithm::Sha512_256,
            _ => return None,
        };
        Some((algorithm, sess))
    }

    fn name(self) -> &'static str {
        match self {
            Algorithm::Md5 => "MD5",
            Algorithm::Sha256 => "SHA-256",
            Algorithm::Sha512_256 => "SHA-512-256",
        }
    }

    /// Lower-case hex digest of `data`.
    fn hash(self, data: &str) -> String {
        match self {
            Algorithm::Md5 => hex(&md5::Md5::digest(data)),
            Algorithm::Sha256 => hex(&sha2::Sha256::digest(data)),
            Algorithm::Sha512_256 => hex(&sha2::Sha512_256::digest(data)),
        }
    }

    /// Preference when a server offers several challenges (RFC 7616 §3.7: strongest first).
    fn strength(self) -> u8 {
        match self {
            Algorithm::Md5 => 0,
            Algorithm::Sha256 => 1,
            Algorithm::Sha512_256 => 2,
        }
    }
}

/// The parts of a `Digest` challenge needed to answer it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Challenge {
    pub(crate) realm: String,
    pub(crate) nonce: String,
    pub(crate) opaque: Option<String>,
    pub(crate) algorithm: Algorithm,
    pub(crate) sess: bool,
    /// Whether `qop=auth` is used; `false` only for legacy (RFC 2069) challenges without `qop`.
    pub(crate) qop_auth: bool,
}

impl Challenge {
    /// Builds a challenge from its parameters, with `stale`; `Err` describes what is not
    /// supported about it.
    fn from_params(params: &[(String, String)]) -> Result<(Self, bool), String> {
        let get = |name: &str| {
            params
                .iter()
                .find(|(key, _)| key.eq_ignore_ascii_case(name))
                .map(|(_, value)| value.as_str())
        };
        let algorithm_name = get("algorithm").unwrap_or("MD5");
        let (algorithm, sess) = Algorithm::parse(algorithm_name)
            .ok_or_else(|| format!("algorithm={algorithm_name}"))?;
        let qop_auth = match get("qop") {
            None => false,
            Some(qops)
                if qops
                    .split(',')
                    .any(|q| q.trim().eq_ignore_ascii_case("auth")) =>
            {
                true
            }
            Some(qops) => return Err(format!("qop=\"{qops}\"")),
        };
        // A -sess hash mixes in the cnonce, which is only sent along with a qop.
        if sess && !qop_auth {
            return Err(format!("algorithm={algorithm_name} without qop"));
        }
        let nonce = get("nonce").ok_or("a challenge without nonce")?;
        let challenge = Challenge {
            realm: get("realm").unwrap_or_default().to_owned(),
            nonce: nonce.to_owned(),
            opaque: get("opaque").map(str::to_owned),
            algorithm,
            sess,
            qop_auth,
        };
        let stale = get("stale").is_some_and(|s| s.eq_ignore_ascii_case("true"));
        Ok((challenge, stale))
    }
}

enum Selection {
    NoDigest,
    Unsupported(String),
    Usable { challenge: Challenge, stale: bool },
}

/// Picks the strongest supported `Digest` challenge among all `WWW-Authenticate` headers.
fn select_challenge(headers: &HeaderMap) -> Selection {
    let mut best: Option<(Challenge, bool)> = None;
    let mut unsupported = Vec::new();
    for value in headers.get_all(WWW_AUTHENTICATE) {
        let text = String::from_utf8_lossy(value.as_bytes());
        for raw in parse_challenges(&text) {
            if !raw.scheme.eq_ignore_ascii_case("digest") {
                continue;
            }
            match Challenge::from_params(&raw.params) {
                Ok((challenge, stale)) => {
                    let stronger = best.as_ref().is_none_or(|(current, _)| {
                        challenge.algorithm.strength() > current.algorithm.strength()
                    });
                    if stronger {
                        best = Some((challenge, stale));
                    }
                }
                Err(reason) => unsupported.push(reason),
            }
        }
    }
    match best {
        Some((challenge, stale)) => Selection::Usable { challenge, stale },
        None if unsupported.is_empty() => Selection::NoDigest,
        None => Selection::Unsupported(unsupported.join("; ")),
    }
}

/// The `Authorization` header value answering `challenge` (RFC 7616 §3.4).
pub(crate) fn render(
    username: &str,
    password: &str,
    challenge: &Challenge,
    method: &str,
    uri: &str,
    nc: u32,
    cnonce: &str,
) -> String {
    let algorithm = challenge.algorithm;
    let nonce = &challenge.nonce;
    let mut ha1 = algorithm.hash(&format!("{username}:{}:{password}", challenge.realm));
    if challenge.sess {
        ha1 = algorithm.hash(&format!("{ha1}:{nonce}:{cnonce}"));
    }
    let ha2 = algorithm.hash(&format!("{method}:{uri}"));
    let nc = format!("{nc:08x}");
    let response = if challenge.qop_auth {
        algorithm.hash(&format!("{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}"))
    } else {
        algorithm.hash(&format!("{ha1}:{nonce}:{ha2}"))
    };

    let mut header = format!(
        "Digest username={}, realm={}, uri={}, algorithm={}{}, nonce={}",
        quote(username),
        quote(&challenge.realm),
        quote(uri),
        algorithm.name(),
        if challenge.sess { "-sess" } else { "" },
        quote(nonce),
    );
    if challenge.qop_auth {
        // Writing to a String cannot fail.
        let _ = write!(header, ", nc={nc}, cnonce={}, qop=auth", quote(cnonce));
    }
    let _ = write!(header, ", response={}", quote(&response));
    if let Some(opaque) = &challenge.opaque {
        let _ = write!(header, ", opaque={}", quote(opaque));
    }
    header
}

/// An RFC 9110 quoted-string.
fn quote(value: &str) -> String {
    let mut quoted = String::with_capacity(value.len() + 2);
    quoted.push('"');
    for c in value.chars() {
        if c == '"' || c == '\\' {
            quoted.push('\\');
        }
        quoted.push(c);
    }
    quoted.push('"');
    quoted
}

fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// One challenge of a `WWW-Authenticate` header: a scheme and its auth-params.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct RawChallenge {
    pub(crate) scheme: String,
    pub(crate) params: Vec<(String, String)>,
}

/// Splits a `WWW-Authenticate` value into challenges (RFC 9110 §11.6.1).
///
/// One header may hold several challenges (`Digest ..., Basic realm="x"`), and a new challenge
/// is only recognisable as a token *not* followed by `=`. Malformed input is skipped rather
/// than rejected: a server's odd extra challenge must not hide its Digest one. Unquoted values
/// are read up to the next comma or space, which tolerates unquoted base64 nonces.
pub(crate) fn parse_challenges(input: &str) -> Vec<RawChallenge> {
    let mut cursor = Cursor { s: input, i: 0 };
    let mut challenges = Vec::new();
    while !cursor.at_end() {
        cursor.skip(|c| c == ',' || c.is_whitespace());
        let Some(scheme) = cursor.token() else {
            // Not a scheme: drop one character and look again.
            cursor.bump();
            continue;
        };
        let mut params = Vec::new();
        loop {
            let before = cursor.i;
            cursor.skip(|c| c == ',' || c.is_whitespace());
            let Some(name) = cursor.token() else { break };
            cursor.skip(char::is_whitespace);
            if !cursor.eat('=') {
                // A token without `=` starts the next challenge.
                cursor.i = before;
                break;
            }
            cursor.skip(char::is_whitespace);
            let value = if cursor.eat('"') {
                cursor.quoted_rest()
            } else {
                cursor.take_while(|c| c != ',' && !c.is_whitespace())
            };
            params.push((name, value));
        }
        challenges.push(RawChallenge { scheme, params });
    }
    challenges
}

struct Cursor<'a> {
    s: &'a str,
    i: usize,
}

impl Cursor<'_> {
    fn at_end(&self) -> bool {
        self.i >= self.s.len()
    }

    fn peek(&self) -> Option<char> {
        self.s[self.i..].chars().next()
    }

    fn bump(&mut self) {
        if let Some(c) = self.peek() {
            self.i += c.len_utf8();
        }
    }

    fn eat(&mut self, expected: char) -> bool {
        let found = self.peek() == Some(expected);
        if found {
            self.bump();
        }
        found
    }

    fn take_while(&mut self, keep: impl Fn(char) -> bool) -> String {
        let start = self.i;
        while self.peek().is_some_and(&keep) {
            self.bump();
        }
        self.s[start..self.i].to_owned()
    }

    fn skip(&mut self, skip: impl Fn(char) -> bool) {
        self.take_while(skip);
    }

    /// An RFC 9110 token, or `None` (consuming nothing) if none starts here.
    fn token(&mut self) -> Option<String> {
        let token = self.take_while(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c));
        (!token.is_empty()).then_some(token)
    }

    /// The rest of a quoted-string whose opening quote was consumed; an unterminated one runs
    /// to the end of the input.
    fn quoted_rest(&mut self) -> String {
        let mut value = String::new();
        while let Some(c) = self.peek() {
            self.bump();
            match c {
                '"' => break,
                '\\' => {
                    if let Some(escaped) = self.peek() {
                        self.bump();
                        value.push(escaped);
                    }
                }
                _ => value.push(c),
            }
        }
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 7616 §3.9.1.
    fn rfc_challenge(algorithm: Algorithm) -> Challenge {
        Challenge {
            realm: "http-auth@example.org".into(),
            nonce: "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v".into(),
            opaque: Some("FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS".into()),
            algorithm,
            sess: false,
            qop_auth: true,
        }
    }

    fn rfc_response(algorithm: Algorithm) -> String {
        let header = render(
            "Mufasa",
            "Circle of Life",
            &rfc_challenge(algorithm),
            "GET",
            "/dir/index.html",
            1,
            "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
        );
        let params = &parse_challenges(&header)[0].params;
        params
            .iter()
            .find(|(k, _)| k == "response")
            .unwrap()
            .1
            .clone()
    }

    #[test]
    fn rfc7616_md5_example() {
        assert_eq!(
            rfc_response(Algorithm::Md5),
            "8ca523f5e9506fed4657c9700eebdbec"
        );
    }

    #[test]
    fn rfc7616_sha256_example() {
        assert_eq!(
            rfc_response(Algorithm::Sha256),
            "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"
        );
    }

    #[test]
    fn rendered_header_has_all_parameters() {
        let header = render(
            "user",
            "pw",
            &rfc_challenge(Algorithm::Sha256),
            "POST",
            "/a?b=c",
            2,
            "cn",
        );
        let parsed = parse_challenges(&header);
        assert_eq!(parsed.len(), 1);
        assert_eq!(parsed[0].scheme, "Digest");
        let names: Vec<&str> = parsed[0].params.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            names,
            [
                "username",
                "realm",
                "uri",
                "algorithm",
                "nonce",
                "nc",
                "cnonce",
                "qop",
                "response",
                "opaque"
            ]
        );
        assert!(header.contains("nc=00000002"));
        assert!(header.contains(r#"uri="/a?b=c""#));
    }

    #[test]
    fn parses_several_challenges_in_one_header() {
        let parsed = parse_challenges(
            r#"Basic realm="x", Digest realm="a, b", nonce="n\"1", qop="auth,auth-int", algorithm=SHA-256, stale=TRUE, Bearer"#,
        );
        let schemes: Vec<&str> = parsed.iter().map(|c| c.scheme.as_str()).collect();
        assert_eq!(schemes, ["Basic", "Digest", "Bearer"]);
        let (challenge, stale) = Challenge::from_params(&parsed[1].params).unwrap();
        assert_eq!(challenge.realm, "a, b");
        assert_eq!(challenge.nonce, "n\"1");
        assert_eq!(challenge.algorithm, Algorithm::Sha256);
        assert!(challenge.qop_auth && stale);
    }

    #[test]
    fn selects_strongest_supported_challenge() {
        let mut headers = HeaderMap::new();
        for value in [
            r#"Digest realm="r", nonce="md5", qop="auth""#,
            r#"Digest realm="r", nonce="sha", qop="auth", algorithm=SHA-256"#,
            r#"Digest realm="r", nonce="int", qop="auth-int", algorithm=SHA-512-256"#,
        ] {
            headers.append(WWW_AUTHENTICATE, HeaderValue::from_static(value));
        }
        match select_challenge(&headers) {
            Selection::Usable { challenge, stale } => {
                assert_eq!(challenge.nonce, "sha");
                assert!(!stale);
            }
            _ => panic!("expected a usable challenge"),
        }
    }

    #[test]
    fn reports_unsupported_challenges() {
        let mut headers = HeaderMap::new();
        headers.insert(
            WWW_AUTHENTICATE,
            HeaderValue::from_static(r#"Digest realm="r", nonce="n", algorithm=SHA3"#),
        );
        match select_challenge(&headers) {
            Selection::Unsupported(offers) => assert_eq!(offers, "algorithm=SHA3"),
            _ => panic!("expected an unsupported challenge"),
        }
    }

    proptest::proptest! {
        #[test]
        fn parser_never_panics_or_loops(input in "\\PC{0,80}") {
            let challenges = parse_challenges(&input);
            proptest::prop_assert!(challenges.len() <= input.len());
        }
    }
}
