//! OAuth 2.0 client credentials and static bearer tokens against a local server.

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::{client_with, json_response, operation_request, received};
use generated_client::{Client, ClientBuilder, Credentials, Error, OperationRequest};
use reqwest::{Method, StatusCode};
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const CLIENT_ID: &str = "mdb_sa_id_test";
const CLIENT_SECRET: &str = "mdb_sa_sk_SECRET";

fn get(path: &str) -> OperationRequest {
    operation_request("getThing", Method::GET, path)
}

/// `GET /things` through `client`.
async fn get_things(client: &Client) -> Result<(), Error> {
    client.send_empty(get("/things")).await
}

fn oauth_client(server: &MockServer) -> Client {
    client_with(
        server,
        Credentials::oauth2_client_credentials(
            CLIENT_ID,
            CLIENT_SECRET,
            format!("{}/oauth/token", server.uri()),
        ),
    )
}

/// A client sending the bearer token `static-token`, with the default retry policy.
fn bearer_client(server: &MockServer) -> Client {
    ClientBuilder::wrapping(&server.uri())
        .credentials(Credentials::bearer("static-token"))
        .build()
        .unwrap()
}

/// Mounts a token endpoint that only answers a well-formed client credentials request, issuing
/// `tok-1`, `tok-2`, ... valid for `expires_in` seconds.
async fn mount_token_endpoint(server: &MockServer, expires_in: u64, delay: Duration) {
    let credentials = (CLIENT_ID, CLIENT_SECRET);
    common::mount_token_endpoint(server, "/oauth/token", credentials, expires_in, delay).await;
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
        .respond_with(json_response(json!({"ok": true})))
        .mount(server)
        .await;
}

async fn token_requests(server: &MockServer) -> usize {
    received(server)
        .await
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
    let requests = received(&server).await;
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
        get_things(&client).await.unwrap();
    }
    assert_eq!(token_requests(&server).await, 1);

    tokio::time::sleep(Duration::from_millis(1100)).await;
    get_things(&client).await.unwrap();
    assert_eq!(token_requests(&server).await, 2);
    let requests = received(&server).await;
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

    get_things(&client).await.unwrap();
    revoked.store(true, Ordering::SeqCst);
    get_things(&client).await.unwrap();

    assert_eq!(token_requests(&server).await, 2);
    let requests = received(&server).await;
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

    let error = get_things(&oauth_client(&server)).await.unwrap_err();
    let Error::Auth { message } = &error else {
        panic!("expected an auth error, got {error:?}");
    };
    assert!(message.contains("401"), "{message}");
    assert!(message.contains("invalid_client"), "{message}");
    assert!(!format!("{error} {error:?}").contains("SECRET"));
    // No API request is attempted without a token.
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn malformed_token_response_is_an_auth_error() {
    let server = MockServer::start().await;
    Mock::given(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"token": "x"})))
        .mount(&server)
        .await;
    let error = get_things(&oauth_client(&server)).await.unwrap_err();
    assert!(
        matches!(&error, Error::Auth { message } if message.contains("access_token")),
        "{error:?}"
    );
}

#[tokio::test]
async fn an_oversized_token_response_is_an_auth_error() {
    let server = MockServer::start().await;
    let padding = "x".repeat(4096);
    Mock::given(path("/oauth/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"access_token": "t", "padding": padding})),
        )
        .mount(&server)
        .await;
    let client = ClientBuilder::wrapping(&server.uri())
        .credentials(Credentials::oauth2_client_credentials(
            CLIENT_ID,
            CLIENT_SECRET,
            format!("{}/oauth/token", server.uri()),
        ))
        .max_response_bytes(1024)
        .build()
        .unwrap();
    let error = get_things(&client).await.unwrap_err();
    assert!(
        matches!(&error, Error::Auth { message } if message.contains("larger than the limit of 1024 bytes")),
        "{error:?}"
    );
    // The API itself was never called.
    assert_eq!(received(&server).await.len(), 1);
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
    let client = bearer_client(&server);
    for _ in 0..2 {
        get_things(&client).await.unwrap();
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
    let error = get_things(&bearer_client(&server)).await.unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::UNAUTHORIZED));
}
