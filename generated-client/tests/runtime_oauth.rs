//! OAuth 2.0 client credentials and static bearer tokens against a local server.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use generated_client::{Client, ClientBuilder, Credentials, Error, OperationRequest, RetryPolicy};
use reqwest::{Method, StatusCode};
use serde_json::json;
use wiremock::matchers::{body_string, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const CLIENT_ID: &str = "mdb_sa_id_test";
const CLIENT_SECRET: &str = "mdb_sa_sk_SECRET";

fn get(path: &str) -> OperationRequest {
    OperationRequest {
        operation_id: "getThing",
        method: Method::GET,
        path_template: "/things",
        path: path.to_owned(),
        query: Vec::new(),
        headers: Vec::new(),
        accept: "application/json",
        body: None,
    }
}

fn oauth_client(server: &MockServer) -> Client {
    ClientBuilder::new(&server.uri())
        .credentials(Credentials::oauth2_client_credentials(
            CLIENT_ID,
            CLIENT_SECRET,
            format!("{}/oauth/token", server.uri()),
        ))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
}

/// Mounts a token endpoint that only answers a well-formed client credentials request, issuing
/// `tok-1`, `tok-2`, ... valid for `expires_in` seconds.
async fn mount_token_endpoint(server: &MockServer, expires_in: u64, delay: Duration) {
    let issued = AtomicUsize::new(0);
    let basic =
        base64::engine::general_purpose::STANDARD.encode(format!("{CLIENT_ID}:{CLIENT_SECRET}"));
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(header("authorization", format!("Basic {basic}").as_str()))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string("grant_type=client_credentials"))
        .respond_with(move |_: &Request| {
            let n = issued.fetch_add(1, Ordering::SeqCst) + 1;
            ResponseTemplate::new(200)
                .set_body_json(json!({
                    "access_token": format!("tok-{n}"),
                    "expires_in": expires_in,
                    "token_type": "Bearer"
                }))
                .set_delay(delay)
        })
        .mount(server)
        .await;
}

/// Mounts the API, accepting any of the issued tokens.
async fn mount_api(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path("/things"))
        .and(|request: &Request| {
            request
                .headers
                .get("authorization")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.starts_with("Bearer tok-"))
        })
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true})))
        .mount(server)
        .await;
}

async fn token_requests(server: &MockServer) -> usize {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == "/oauth/token")
        .count()
}

fn bearer_of(request: &Request) -> String {
    request.headers["authorization"]
        .to_str()
        .unwrap()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_calls_share_one_token_request() {
    let server = MockServer::start().await;
    // The delay keeps the first token request in flight while the other calls arrive.
    mount_token_endpoint(&server, 3600, Duration::from_millis(300)).await;
    mount_api(&server).await;
    let client = oauth_client(&server);

    let calls: Vec<_> = (0..20)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move {
                client
                    .send_json::<serde_json::Value, serde_json::Value>(get("/things"))
                    .await
            })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }

    assert_eq!(token_requests(&server).await, 1);
    let requests = server.received_requests().await.unwrap();
    let api_calls: Vec<_> = requests
        .iter()
        .filter(|r| r.url.path() == "/things")
        .collect();
    assert_eq!(api_calls.len(), 20);
    assert!(api_calls.iter().all(|r| bearer_of(r) == "Bearer tok-1"));
}

#[tokio::test]
async fn token_is_refreshed_when_less_than_a_minute_remains() {
    let server = MockServer::start().await;
    // 61 s is just above the 60 s refresh margin: good now, due for refresh in a second.
    mount_token_endpoint(&server, 61, Duration::ZERO).await;
    mount_api(&server).await;
    let client = oauth_client(&server);

    for _ in 0..2 {
        client
            .send_empty::<serde_json::Value>(get("/things"))
            .await
            .unwrap();
    }
    assert_eq!(token_requests(&server).await, 1);

    tokio::time::sleep(Duration::from_millis(1100)).await;
    client
        .send_empty::<serde_json::Value>(get("/things"))
        .await
        .unwrap();
    assert_eq!(token_requests(&server).await, 2);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(bearer_of(requests.last().unwrap()), "Bearer tok-2");
}

#[tokio::test]
async fn revoked_cached_token_is_replaced_once() {
    let server = MockServer::start().await;
    mount_token_endpoint(&server, 3600, Duration::ZERO).await;
    let revoked = Arc::new(AtomicBool::new(false));
    let revoked_in_server = revoked.clone();
    Mock::given(path("/things"))
        .respond_with(move |request: &Request| {
            let token = bearer_of(request);
            if token == "Bearer tok-1" && revoked_in_server.load(Ordering::SeqCst) {
                ResponseTemplate::new(401)
            } else {
                ResponseTemplate::new(204)
            }
        })
        .mount(&server)
        .await;
    let client = oauth_client(&server);

    client
        .send_empty::<serde_json::Value>(get("/things"))
        .await
        .unwrap();
    revoked.store(true, Ordering::SeqCst);
    client
        .send_empty::<serde_json::Value>(get("/things"))
        .await
        .unwrap();

    assert_eq!(token_requests(&server).await, 2);
    let requests = server.received_requests().await.unwrap();
    let tokens: Vec<String> = requests
        .iter()
        .filter(|r| r.url.path() == "/things")
        .map(bearer_of)
        .collect();
    assert_eq!(tokens, ["Bearer tok-1", "Bearer tok-1", "Bearer tok-2"]);
}

#[tokio::test]
async fn token_endpoint_failure_is_an_auth_error_without_the_secret() {
    let server = MockServer::start().await;
    Mock::given(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"error": "invalid_client"})))
        .expect(1)
        .mount(&server)
        .await;
    mount_api(&server).await;

    let error = oauth_client(&server)
        .send_empty::<serde_json::Value>(get("/things"))
        .await
        .unwrap_err();
    let Error::Auth { message } = &error else {
        panic!("expected an auth error, got {error:?}");
    };
    assert!(message.contains("401"), "{message}");
    assert!(message.contains("invalid_client"), "{message}");
    assert!(!format!("{error} {error:?}").contains("SECRET"));
    // No API request is attempted without a token.
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn malformed_token_response_is_an_auth_error() {
    let server = MockServer::start().await;
    Mock::given(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"token": "x"})))
        .mount(&server)
        .await;
    let error = oauth_client(&server)
        .send_empty::<serde_json::Value>(get("/things"))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Auth { message } if message.contains("access_token")),
        "{error:?}"
    );
}

#[tokio::test]
async fn bearer_token_is_sent_as_is() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer static-token"))
        .respond_with(ResponseTemplate::new(204))
        .expect(2)
        .mount(&server)
        .await;
    let client = ClientBuilder::new(&server.uri())
        .credentials(Credentials::bearer("static-token"))
        .build()
        .unwrap();
    for _ in 0..2 {
        client
            .send_empty::<serde_json::Value>(get("/things"))
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn rejected_bearer_token_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401))
        .expect(1)
        .mount(&server)
        .await;
    let error = ClientBuilder::new(&server.uri())
        .credentials(Credentials::bearer("static-token"))
        .build()
        .unwrap()
        .send_empty::<serde_json::Value>(get("/things"))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::UNAUTHORIZED));
}
