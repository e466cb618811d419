//! Shared by the `wire_*` tests: each includes the runtime's source (as `crate::runtime`, the
//! path generated code uses) and a fixture's checked-in client, and calls it against a local
//! server. `xtask/tests/wire_clients_are_fresh.rs` keeps those clients up to date.

use std::time::Duration;

use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond};

use crate::api::Client;
use crate::runtime::RetryPolicy;

/// A server answering every request with `responder`.
pub async fn serve(responder: impl Respond + 'static) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(responder)
        .mount(&server)
        .await;
    server
}

/// A client of `server` that never retries.
pub fn client(server: &MockServer) -> Client {
    client_retrying(server, 0)
}

/// A client of `server` retrying up to `max_retries` times, almost without waiting.
pub fn client_retrying(server: &MockServer, max_retries: u32) -> Client {
    Client::builder()
        .base_url(server.uri())
        .retry_policy(RetryPolicy {
            max_retries,
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(1),
        })
        .build()
        .unwrap()
}

/// Every request `server` received, in order.
pub async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recording is on")
}

/// The only request `server` received.
pub async fn only_request(server: &MockServer) -> Request {
    let mut requests = received(server).await;
    assert_eq!(requests.len(), 1, "expected exactly one request");
    requests.remove(0)
}

/// A header of `request` as text, `None` when absent.
pub fn header(request: &Request, name: &str) -> Option<String> {
    request
        .headers
        .get(name)
        .map(|v| v.to_str().unwrap().to_owned())
}

/// The request's path and query exactly as sent.
pub fn target(request: &Request) -> String {
    match request.url.query() {
        Some(query) => format!("{}?{query}", request.url.path()),
        None => request.url.path().to_owned(),
    }
}
