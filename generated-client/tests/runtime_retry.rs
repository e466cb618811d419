//! Retry behaviour against a local server: what is retried, how long it waits, and what is
//! never sent twice.

mod common;

use std::time::{Duration, Instant};

use common::{json_response, operation_request, received, serve};
use generated_client::runtime::Client;
use generated_client::{json_body, ClientBuilder, Error, OperationRequest, RetryPolicy};
use reqwest::{Method, StatusCode};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// Fast backoff so tests spend their time only where a server asks for it.
fn client(server: &MockServer, max_retries: u32) -> Client {
    ClientBuilder::new(&server.uri())
        .retry_policy(RetryPolicy {
            max_retries,
            initial_backoff: Duration::from_millis(10),
            max_backoff: Duration::from_secs(2),
        })
        .build()
        .unwrap()
}

fn request(method: Method) -> OperationRequest {
    let body = matches!(method, Method::POST | Method::PATCH | Method::PUT)
        .then(|| json_body("application/json", &serde_json::json!({"n": 1})).unwrap());
    OperationRequest {
        body,
        ..operation_request("op", method, "/things")
    }
}

/// Answers the first `failures` requests with `failure`, then 200.
async fn server_failing_first(failures: u64, failure: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(failure)
        .up_to_n_times(failures)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(json_response(serde_json::json!({"ok": true})))
        .with_priority(2)
        .mount(&server)
        .await;
    server
}

/// Sends a `method` request to `server`, retrying up to `max_retries` times.
async fn send(server: &MockServer, max_retries: u32, method: Method) -> Result<(), Error> {
    client(server, max_retries)
        .send_empty(request(method))
        .await
}

async fn request_count(server: &MockServer) -> usize {
    received(server).await.len()
}

/// Sends a `method` request with 3 retries to a server answering the first `failures`
/// requests with `status`; returns the requests the server received.
async fn sent_after_failures(method: Method, failures: u64, status: u16) -> Vec<Request> {
    let server = server_failing_first(failures, ResponseTemplate::new(status)).await;
    send(&server, 3, method).await.unwrap();
    received(&server).await
}

#[tokio::test]
async fn get_honours_retry_after_on_429() {
    let server = server_failing_first(
        1,
        ResponseTemplate::new(429).insert_header("retry-after", "1"),
    )
    .await;
    let started = Instant::now();
    let body: serde_json::Value = client(&server, 3)
        .send_json::<_, serde_json::Value>(request(Method::GET))
        .await
        .unwrap();
    assert_eq!(body, serde_json::json!({"ok": true}));
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited only {:?}",
        started.elapsed()
    );
    assert_eq!(request_count(&server).await, 2);
}

#[tokio::test]
async fn delete_is_retried_after_503() {
    let requests = sent_after_failures(Method::DELETE, 1, 503).await;
    assert_eq!(requests.len(), 2);
    assert!(requests.iter().all(|r| r.method == Method::DELETE));
}

#[tokio::test]
async fn put_is_retried_after_500_with_the_same_body() {
    let requests = sent_after_failures(Method::PUT, 2, 500).await;
    assert_eq!(requests.len(), 3);
    assert!(requests.iter().all(|r| r.body == br#"{"n":1}"#));
}

#[tokio::test]
async fn post_and_patch_are_never_sent_twice() {
    for (method, status) in [
        (Method::POST, 429),
        (Method::POST, 500),
        (Method::POST, 503),
        (Method::PATCH, 429),
        (Method::PATCH, 502),
    ] {
        let server = server_failing_first(
            1,
            ResponseTemplate::new(status).insert_header("retry-after", "0"),
        )
        .await;
        let error = send(&server, 3, method.clone()).await.unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(request_count(&server).await, 1, "{method} after {status}");
    }
}

#[tokio::test]
async fn max_retries_is_respected() {
    let server = serve(ResponseTemplate::new(502)).await;
    let error = send(&server, 2, Method::GET).await.unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::BAD_GATEWAY));
    assert_eq!(
        request_count(&server).await,
        3,
        "one attempt and two retries"
    );
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    for status in [400, 404, 409, 501] {
        let server = server_failing_first(1, ResponseTemplate::new(status)).await;
        let error = send(&server, 3, Method::GET).await.unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(request_count(&server).await, 1, "status {status}");
    }
}

#[tokio::test]
async fn timeouts_of_idempotent_calls_are_retried() {
    let server = server_failing_first(
        1,
        ResponseTemplate::new(200).set_delay(Duration::from_secs(5)),
    )
    .await;
    let client = ClientBuilder::new(&server.uri())
        .timeout(Duration::from_millis(300))
        .retry_policy(RetryPolicy {
            max_retries: 1,
            initial_backoff: Duration::from_millis(10),
            max_backoff: Duration::from_millis(10),
        })
        .build()
        .unwrap();
    let body: serde_json::Value = client
        .send_json::<_, serde_json::Value>(request(Method::GET))
        .await
        .unwrap();
    assert_eq!(body, serde_json::json!({"ok": true}));
    assert_eq!(request_count(&server).await, 2);
}

#[tokio::test]
async fn retry_policy_none_sends_once() {
    let server = server_failing_first(1, ResponseTemplate::new(503)).await;
    let client = ClientBuilder::new(&server.uri())
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let error = client
        .send_empty::<serde_json::Value>(request(Method::GET))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(request_count(&server).await, 1);
}
