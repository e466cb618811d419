//! HTTP Digest authentication (RFC 7616) against a local server that verifies every response.

mod common;

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use common::{
    client_with, digest_params, expected_digest_response, operation_request, received, request_uri,
    serve,
};
use generated_client::{json_body, Client, Credentials, Error, OperationRequest};
use reqwest::{Method, StatusCode};
use wiremock::{MockServer, Request, Respond, ResponseTemplate};

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
        let params = common::parse_digest(header.to_str().unwrap());
        if params["nonce"] != self.current_nonce() {
            return self.challenge(true);
        }
        match verify(request, self.algorithm, PASSWORD) {
            Ok(()) => ResponseTemplate::new(200).set_body_json(serde_json::json!({"ok": true})),
            Err(_) => self.challenge(false),
        }
    }
}

/// Recomputes the expected digest response (RFC 7616 §3.4.1, qop=auth) for `request`.
fn verify(request: &Request, algorithm: &str, password: &str) -> Result<(), String> {
    let header = request.headers["authorization"].to_str().unwrap();
    let p = digest_params(request);
    let sent_uri = request_uri(request);
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
    let expected = expected_digest_response(algorithm, USER, REALM, password, request, &p);
    if p["response"] == expected {
        Ok(())
    } else {
        Err(format!("wrong response in {header}"))
    }
}

fn client(server: &MockServer, password: &str) -> Client {
    client_with(server, Credentials::digest(USER, password))
}

fn request(method: Method, path: &str, with_body: bool) -> OperationRequest {
    OperationRequest {
        query: vec![("pretty", "true".to_owned())],
        body: with_body
            .then(|| json_body("application/json", &serde_json::json!({"a": 1})).unwrap()),
        ..operation_request("op", method, path)
    }
}

/// Sends a bodiless `method` request of `path` through `client`.
async fn send(client: &Client, method: Method, path: &str) -> Result<(), Error> {
    client.send_empty(request(method, path, false)).await
}

fn nc_of(request: &Request) -> String {
    digest_params(request)["nc"].clone()
}

async fn challenge_then_reuse(algorithm: &'static str) {
    let server = serve(DigestServer::new(algorithm)).await;
    let client = client(&server, PASSWORD);

    let _: serde_json::Value = client
        .send_json::<_, serde_json::Value>(request(Method::POST, "/things", true))
        .await
        .unwrap();
    let _: serde_json::Value = client
        .send_json::<_, serde_json::Value>(request(Method::GET, "/things/1", false))
        .await
        .unwrap();

    let requests = received(&server).await;
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
    let first = digest_params(&requests[1]);
    let second = digest_params(&requests[2]);
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
    let server = serve(responder.clone()).await;
    let client = client(&server, PASSWORD);
    send(&client, Method::GET, "/a").await.unwrap();

    responder.rotate_nonce("nonce-2");
    send(&client, Method::DELETE, "/b").await.unwrap();

    let requests = received(&server).await;
    assert_eq!(requests.len(), 4);
    let stale = digest_params(&requests[2]);
    assert_eq!(stale["nonce"], "nonce-1");
    assert_eq!(stale["nc"], "00000002");
    let renewed = digest_params(&requests[3]);
    assert_eq!(renewed["nonce"], "nonce-2");
    assert_eq!(renewed["nc"], "00000001");
    verify(&requests[3], "SHA-256", PASSWORD).unwrap();
}

#[tokio::test]
async fn wrong_key_fails_without_looping() {
    let server = serve(DigestServer::new("MD5")).await;
    let client = client(&server, "wrong-key");

    // The first call takes a challenge and an answer; the second tries the cached challenge
    // once: the same nonce refused again is final.
    for (call, requests_so_far) in [(1, 2), (2, 3)] {
        let error = send(&client, Method::GET, "/a").await.unwrap_err();
        assert_eq!(
            error.status(),
            Some(StatusCode::UNAUTHORIZED),
            "call {call}"
        );
        assert_eq!(
            received(&server).await.len(),
            requests_so_far,
            "call {call}"
        );
    }
}

#[tokio::test]
async fn unsupported_challenge_is_an_auth_error() {
    let server = serve(ResponseTemplate::new(401).insert_header(
        "www-authenticate",
        r#"Digest realm="r", nonce="n", qop="auth-int", algorithm=MD5"#,
    ))
    .await;
    let error = send(&client(&server, PASSWORD), Method::GET, "/a")
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
    let server = serve(DigestServer::new("SHA-256")).await;
    let client = client(&server, PASSWORD);
    send(&client, Method::GET, "/prime").await.unwrap();

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

    let requests = received(&server).await;
    assert_eq!(requests.len(), 2 + 16);
    let counts: BTreeSet<String> = requests[2..].iter().map(nc_of).collect();
    let expected: BTreeSet<String> = (2..=17).map(|n| format!("{n:08x}")).collect();
    assert_eq!(counts, expected);
}
