//! Helpers shared by the integration tests: the spec, local servers and clients, digest
//! authentication, OAuth token endpoints and JSON round trips.

// Each test binary compiles this module on its own and uses only part of it.
#![allow(dead_code)]

use std::collections::HashMap;
use std::fmt::Debug;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use generated_client::{
    json_body, Client, Credentials, ErrorFields, OperationRequest, ReadOnlyFields, RetryPolicy,
};
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use sha2::Digest as _;
use wiremock::matchers::{any, body_string, header, method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

pub const GROUP_ID: &str = "32b6e34b3d91647abb20e7b8";
pub const ORG_ID: &str = "4888442a3354817a7320eb61";
pub const OTHER_ID: &str = "5f1a2b3c4d5e6f708192a3b4";

// ---------------------------------------------------------------------------------------------
// The spec, read at test time.

pub const SPEC_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/atlas-admin-v2.yaml");

/// `spec/atlas-admin-v2.yaml`, parsed once per test binary.
pub fn spec() -> &'static Value {
    static SPEC: OnceLock<Value> = OnceLock::new();
    SPEC.get_or_init(|| {
        let text = std::fs::read_to_string(SPEC_PATH).expect("the spec is readable");
        serde_yaml::from_str(&text).expect("the spec parses as YAML")
    })
}

/// Follows `$ref`s (local references only) until a node without one.
pub fn resolve(mut node: &'static Value) -> &'static Value {
    for _ in 0..32 {
        let Some(reference) = node.get("$ref").and_then(Value::as_str) else {
            return node;
        };
        let pointer = reference
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("only local $refs are supported, got {reference}"));
        node = spec()
            .pointer(pointer)
            .unwrap_or_else(|| panic!("dangling $ref {reference}"));
    }
    panic!("$ref chain too long");
}

// ---------------------------------------------------------------------------------------------
// Local servers and clients.

/// A client of `server` that never retries.
pub fn client(server: &MockServer) -> Client {
    client_with(server, Credentials::none())
}

/// A client of `server` authenticating with `credentials`, never retrying.
pub fn client_with(server: &MockServer, credentials: Credentials) -> Client {
    Client::builder()
        .base_url(server.uri())
        .credentials(credentials)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
}

/// Makes `server` answer every request with `responder`.
pub async fn answer_all(server: &MockServer, responder: impl Respond + 'static) {
    Mock::given(any())
        .respond_with(responder)
        .mount(server)
        .await;
}

/// A server answering every request with `responder`.
pub async fn serve(responder: impl Respond + 'static) -> MockServer {
    let server = MockServer::start().await;
    answer_all(&server, responder).await;
    server
}

/// Every request `server` received, in order.
pub async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recording is on")
}

/// 200 with `body` as JSON.
pub fn json_response(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

/// A bodiless request of `/things` without query or header parameters, accepting
/// `application/json`; tests change the fields they care about.
pub fn operation_request(
    operation_id: &'static str,
    method: Method,
    path: &str,
) -> OperationRequest {
    OperationRequest {
        operation_id,
        method,
        path_template: "/things",
        path: path.to_owned(),
        query: Vec::new(),
        headers: Vec::new(),
        accept: "application/json",
        api_version: None,
        error_fields: ErrorFields::NONE,
        body: None,
    }
}

// ---------------------------------------------------------------------------------------------
// Digest authentication (RFC 7616), as a server checks it.

/// The parameters of a `Digest ...` authorization header.
pub fn parse_digest(header: &str) -> HashMap<String, String> {
    let rest = header.strip_prefix("Digest ").expect("a Digest header");
    regex::Regex::new(r#"(\w+)=(?:"((?:[^"\\]|\\.)*)"|([^,\s]+))"#)
        .unwrap()
        .captures_iter(rest)
        .map(|c| {
            let value = c.get(2).or(c.get(3)).unwrap().as_str();
            (c[1].to_owned(), value.to_owned())
        })
        .collect()
}

/// The digest parameters of `request`'s `authorization` header.
pub fn digest_params(request: &Request) -> HashMap<String, String> {
    parse_digest(request.headers["authorization"].to_str().unwrap())
}

/// `data` hashed with a digest `algorithm` (`MD5` or `SHA-256`), as lowercase hex.
pub fn digest_hex(algorithm: &str, data: &str) -> String {
    let bytes: Vec<u8> = match algorithm {
        "MD5" => md5::Md5::digest(data).to_vec(),
        "SHA-256" => sha2::Sha256::digest(data).to_vec(),
        other => panic!("test server does not know {other}"),
    };
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The request target as sent: path, and query if any.
pub fn request_uri(request: &Request) -> String {
    match request.url.query() {
        Some(query) => format!("{}?{query}", request.url.path()),
        None => request.url.path().to_owned(),
    }
}

/// The `response` a client knowing `user`'s `password` must send for `request`, given the
/// `nonce`, `nc` and `cnonce` in `params` (qop=auth).
pub fn expected_digest_response(
    algorithm: &str,
    user: &str,
    realm: &str,
    password: &str,
    request: &Request,
    params: &HashMap<String, String>,
) -> String {
    let ha1 = digest_hex(algorithm, &format!("{user}:{realm}:{password}"));
    let ha2 = digest_hex(
        algorithm,
        &format!("{}:{}", request.method, request_uri(request)),
    );
    digest_hex(
        algorithm,
        &format!(
            "{ha1}:{}:{}:{}:auth:{ha2}",
            params["nonce"], params["nc"], params["cnonce"]
        ),
    )
}

// ---------------------------------------------------------------------------------------------
// OAuth 2.0 client credentials.

/// Mounts at `token_path` a token endpoint that only answers a well-formed client credentials
/// request for `client_id`/`secret`, issuing `tok-1`, `tok-2`, ... valid for `expires_in`
/// seconds, each after `delay`. Returns the count of tokens issued.
pub async fn mount_token_endpoint(
    server: &MockServer,
    token_path: &str,
    (client_id, secret): (&str, &str),
    expires_in: u64,
    delay: Duration,
) -> Arc<AtomicUsize> {
    use base64::Engine as _;

    let issued = Arc::new(AtomicUsize::new(0));
    let counter = issued.clone();
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{client_id}:{secret}"));
    Mock::given(method("POST"))
        .and(path(token_path))
        .and(header("authorization", format!("Basic {basic}").as_str()))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string("grant_type=client_credentials"))
        .respond_with(move |_: &Request| {
            let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
            json_response(json!({
                "access_token": format!("tok-{n}"),
                "expires_in": expires_in,
                "token_type": "Bearer"
            }))
            .set_delay(delay)
        })
        .mount(server)
        .await;
    issued
}

// ---------------------------------------------------------------------------------------------
// JSON round trips and request bodies.

/// JSON paths where `actual` differs from `expected`, for readable failures.
pub fn differences(expected: &Value, actual: &Value, path: &str, out: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (key, ev) in e {
                let at = format!("{path}.{key}");
                match a.get(key) {
                    Some(av) => differences(ev, av, &at, out),
                    None => out.push(format!("{at}: missing (expected {ev})")),
                }
            }
            for (key, av) in a {
                if !e.contains_key(key) {
                    out.push(format!("{path}.{key}: unexpected {av}"));
                }
            }
        }
        (Value::Array(e), Value::Array(a)) if e.len() == a.len() => {
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                differences(ev, av, &format!("{path}[{i}]"), out);
            }
        }
        _ if expected != actual => out.push(format!("{path}: expected {expected}, got {actual}")),
        _ => {}
    }
}

/// `Err` naming the paths where `actual` differs from `expected`, prefixed with `what`.
pub fn same_json(expected: &Value, actual: &Value, what: &str) -> Result<(), String> {
    if expected == actual {
        return Ok(());
    }
    let mut diffs = Vec::new();
    differences(expected, actual, "$", &mut diffs);
    Err(format!("{what}: {}", diffs.join("; ")))
}

/// Decodes `json` as `T`, re-encodes it and compares; also checks decode(encode(x)) == x
/// through JSON text. Returns the decoded value for further checks.
pub fn round_trip<T>(json: &Value) -> Result<T, String>
where
    T: DeserializeOwned + Serialize + PartialEq + Debug,
{
    let type_name = std::any::type_name::<T>();
    let decoded: T = serde_json::from_value(json.clone())
        .map_err(|e| format!("{json} does not decode as {type_name}: {e}"))?;
    let encoded =
        serde_json::to_value(&decoded).map_err(|e| format!("{type_name} does not encode: {e}"))?;
    same_json(
        json,
        &encoded,
        &format!("{type_name} re-encodes differently"),
    )?;
    let text = serde_json::to_string(&decoded).map_err(|e| e.to_string())?;
    let again: T = serde_json::from_str(&text)
        .map_err(|e| format!("{type_name} does not decode its own encoding {text}: {e}"))?;
    if again != decoded {
        return Err(format!(
            "{type_name}: decode(encode(x)) != x: {again:?} vs {decoded:?}"
        ));
    }
    Ok(decoded)
}

/// The JSON `json_body` sends for `value`, after checking it keeps `content_type`.
pub fn sent_body<T>(content_type: &'static str, value: &T) -> Result<Value, String>
where
    T: Serialize + ReadOnlyFields + ?Sized,
{
    let body = json_body(content_type, value).map_err(|e| format!("json_body fails: {e}"))?;
    if body.content_type != content_type {
        return Err(format!(
            "json_body content type {}, expected {content_type}",
            body.content_type
        ));
    }
    serde_json::from_slice(body.as_bytes().unwrap_or_default())
        .map_err(|e| format!("the body is not JSON: {e}"))
}
