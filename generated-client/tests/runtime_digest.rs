//! HTTP Digest authentication (RFC 7616) against a local server that verifies every response.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

use generated_client::{
    json_body, Client, ClientBuilder, Credentials, Error, OperationRequest, RetryPolicy,
};
use regex::Regex;
use reqwest::{Method, StatusCode};
use sha2::Digest as _;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const USER: &str = "public-key";
const PASSWORD: &str = "private-key";
const REALM: &str = "test-realm";
const OPAQUE: &str = "opaque-value";

/// A server that challenges unauthenticated requests and checks digest responses by recomputing
/// them, like a real one would.
#[derive(Clone)]
struct DigestServer {
    algorithm: &'static str,
    nonce: Arc<Mutex<String>>,
}

impl DigestServer {
    fn new(algorithm: &'static str) -> Self {
        Self {
            algorithm,
            nonce: Arc::new(Mutex::new("nonce-1".to_owned())),
        }
    }

    fn current_nonce(&self) -> String {
        self.nonce.lock().unwrap().clone()
    }

    fn rotate_nonce(&self, nonce: &str) {
        *self.nonce.lock().unwrap() = nonce.to_owned();
    }

    fn challenge(&self, stale: bool) -> ResponseTemplate {
        ResponseTemplate::new(401)
            .insert_header(
                "www-authenticate",
                format!(
                    r#"Digest realm="{REALM}", qop="auth", nonce="{}", opaque="{OPAQUE}", algorithm={}, stale={}"#,
                    self.current_nonce(),
                    self.algorithm,
                    if stale { "true" } else { "false" }
                ),
            )
            .set_body_json(serde_json::json!({"error": 401}))
    }
}

impl Respond for DigestServer {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let Some(header) = request.headers.get("authorization") else {
            return self.challenge(false);
        };
        let params = parse_authorization(header.to_str().unwrap());
        if params["nonce"] != self.current_nonce() {
            return self.challenge(true);
        }
        match verify(request, self.algorithm, PASSWORD) {
            Ok(()) => ResponseTemplate::new(200).set_body_json(serde_json::json!({"ok": true})),
            Err(_) => self.challenge(false),
        }
    }
}

fn parse_authorization(header: &str) -> HashMap<String, String> {
    let header = header.strip_prefix("Digest ").expect("a Digest header");
    Regex::new(r#"(\w+)=(?:"((?:[^"\\]|\\.)*)"|([^,\s]+))"#)
        .unwrap()
        .captures_iter(header)
        .map(|c| {
            let value = c.get(2).or(c.get(3)).unwrap().as_str();
            (c[1].to_owned(), value.to_owned())
        })
        .collect()
}

fn hash(algorithm: &str, data: &str) -> String {
    let bytes: Vec<u8> = match algorithm {
        "MD5" => md5::Md5::digest(data).to_vec(),
        "SHA-256" => sha2::Sha256::digest(data).to_vec(),
        other => panic!("test server does not know {other}"),
    };
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Recomputes the expected digest response (RFC 7616 §3.4.1, qop=auth) for `request`.
fn verify(request: &Request, algorithm: &str, password: &str) -> Result<(), String> {
    let header = request.headers["authorization"].to_str().unwrap();
    let p = parse_authorization(header);
    let sent_uri = match request.url.query() {
        Some(query) => format!("{}?{query}", request.url.path()),
        None => request.url.path().to_owned(),
    };
    let checks = [
        ("uri", p["uri"] == sent_uri),
        ("username", p["username"] == USER),
        ("realm", p["realm"] == REALM),
        ("opaque", p["opaque"] == OPAQUE),
        ("qop", p["qop"] == "auth"),
        ("algorithm", p["algorithm"] == algorithm),
    ];
    if let Some((name, _)) = checks.iter().find(|(_, ok)| !ok) {
        return Err(format!("wrong {name} in {header}"));
    }
    let ha1 = hash(algorithm, &format!("{USER}:{REALM}:{password}"));
    let ha2 = hash(algorithm, &format!("{}:{sent_uri}", request.method));
    let expected = hash(
        algorithm,
        &format!(
            "{ha1}:{}:{}:{}:auth:{ha2}",
            p["nonce"], p["nc"], p["cnonce"]
        ),
    );
    if p["response"] == expected {
        Ok(())
    } else {
        Err(format!("wrong response in {header}"))
    }
}

async fn start(responder: DigestServer) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(responder)
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer, password: &str) -> Client {
    ClientBuilder::new(&server.uri())
        .credentials(Credentials::digest(USER, password))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
}

fn request(method: Method, path: &str, with_body: bool) -> OperationRequest {
    OperationRequest {
        operation_id: "op",
        method,
        path_template: "/things",
        path: path.to_owned(),
        query: vec![("pretty", "true".to_owned())],
        headers: Vec::new(),
        accept: "application/json",
        body: with_body
            .then(|| json_body("application/json", &serde_json::json!({"a": 1})).unwrap()),
    }
}

fn nc_of(request: &Request) -> String {
    parse_authorization(request.headers["authorization"].to_str().unwrap())["nc"].clone()
}

async fn challenge_then_reuse(algorithm: &'static str) {
    let server = start(DigestServer::new(algorithm)).await;
    let client = client(&server, PASSWORD);

    let _: serde_json::Value = client
        .send_json::<_, serde_json::Value>(request(Method::POST, "/things", true))
        .await
        .unwrap();
    let _: serde_json::Value = client
        .send_json::<_, serde_json::Value>(request(Method::GET, "/things/1", false))
        .await
        .unwrap();

    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        requests.len(),
        3,
        "the second call must not need a 401 round trip"
    );
    assert!(requests[0].headers.get("authorization").is_none());
    // The rejected POST is re-sent whole: body and all.
    assert_eq!(requests[1].method, Method::POST);
    assert_eq!(requests[1].body, requests[0].body);
    assert_eq!(requests[1].body, br#"{"a":1}"#);
    for sent in &requests[1..] {
        verify(sent, algorithm, PASSWORD).unwrap();
    }
    assert_eq!(nc_of(&requests[1]), "00000001");
    assert_eq!(nc_of(&requests[2]), "00000002");
    let first = parse_authorization(requests[1].headers["authorization"].to_str().unwrap());
    let second = parse_authorization(requests[2].headers["authorization"].to_str().unwrap());
    assert_eq!(second["uri"], "/things/1?pretty=true");
    assert_eq!(first["nonce"], second["nonce"]);
    assert_ne!(first["cnonce"], second["cnonce"]);
}

#[tokio::test]
async fn md5_challenge_is_answered_and_reused() {
    challenge_then_reuse("MD5").await;
}

#[tokio::test]
async fn sha256_challenge_is_answered_and_reused() {
    challenge_then_reuse("SHA-256").await;
}

#[tokio::test]
async fn stale_nonce_is_replaced_once() {
    let responder = DigestServer::new("SHA-256");
    let server = start(responder.clone()).await;
    let client = client(&server, PASSWORD);
    client
        .send_empty::<serde_json::Value>(request(Method::GET, "/a", false))
        .await
        .unwrap();

    responder.rotate_nonce("nonce-2");
    client
        .send_empty::<serde_json::Value>(request(Method::DELETE, "/b", false))
        .await
        .unwrap();

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 4);
    let stale = parse_authorization(requests[2].headers["authorization"].to_str().unwrap());
    assert_eq!(stale["nonce"], "nonce-1");
    assert_eq!(stale["nc"], "00000002");
    let renewed = parse_authorization(requests[3].headers["authorization"].to_str().unwrap());
    assert_eq!(renewed["nonce"], "nonce-2");
    assert_eq!(renewed["nc"], "00000001");
    verify(&requests[3], "SHA-256", PASSWORD).unwrap();
}

#[tokio::test]
async fn wrong_key_fails_without_looping() {
    let server = start(DigestServer::new("MD5")).await;
    let client = client(&server, "wrong-key");

    let error = client
        .send_empty::<serde_json::Value>(request(Method::GET, "/a", false))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::UNAUTHORIZED));
    assert_eq!(server.received_requests().await.unwrap().len(), 2);

    // The cached challenge is tried once; the same nonce refused again is final.
    let error = client
        .send_empty::<serde_json::Value>(request(Method::GET, "/a", false))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::UNAUTHORIZED));
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn unsupported_challenge_is_an_auth_error() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(401).insert_header(
            "www-authenticate",
            r#"Digest realm="r", nonce="n", qop="auth-int", algorithm=MD5"#,
        ))
        .mount(&server)
        .await;
    let error = client(&server, PASSWORD)
        .send_empty::<serde_json::Value>(request(Method::GET, "/a", false))
        .await
        .unwrap_err();
    let Error::Auth { message } = &error else {
        panic!("expected an auth error, got {error:?}");
    };
    assert!(message.contains("qop=\"auth-int\""), "{message}");
    assert!(!message.contains(PASSWORD), "{message}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_calls_use_distinct_nonce_counts() {
    let server = start(DigestServer::new("SHA-256")).await;
    let client = client(&server, PASSWORD);
    client
        .send_empty::<serde_json::Value>(request(Method::GET, "/prime", false))
        .await
        .unwrap();

    let calls: Vec<_> = (0..16)
        .map(|i| {
            let client = client.clone();
            tokio::spawn(async move {
                client
                    .send_empty::<serde_json::Value>(request(
                        Method::GET,
                        &format!("/c/{i}"),
                        false,
                    ))
                    .await
            })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2 + 16);
    let counts: BTreeSet<String> = requests[2..].iter().map(nc_of).collect();
    let expected: BTreeSet<String> = (2..=17).map(|n| format!("{n:08x}")).collect();
    assert_eq!(counts, expected);
}
