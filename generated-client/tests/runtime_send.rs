//! Sending requests and decoding responses against a local HTTP server.

mod common;

use std::time::Duration;

use common::{client, operation_request, received};
use generated_client::{
    json_body, BuildError, Client, ClientBuilder, Credentials, Error, OperationRequest,
    PathBuilder, RetryPolicy,
};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::json;
use wiremock::matchers::{body_string, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ACCEPT: &str = "application/vnd.test.2024-01-01+json";

fn get(operation_id: &'static str, path: &str) -> OperationRequest {
    OperationRequest {
        path_template: "/things/{id}",
        accept: ACCEPT,
        ..operation_request(operation_id, Method::GET, path)
    }
}

/// Starts a server answering every GET with `response`.
async fn serve_get(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

/// `getThing` of `/things/1` through `client`, decoding error bodies as `E`.
async fn get_thing<E: DeserializeOwned>(
    client: &generated_client::runtime::Client,
) -> Result<Thing, Error<E>> {
    client.send_json(get("getThing", "/things/1")).await
}

/// The error of `getThing` (decoding error bodies as `E`) from a server answering `response`.
async fn get_thing_error<E: DeserializeOwned>(response: ResponseTemplate) -> Error<E> {
    let server = serve_get(response).await;
    get_thing(&client(&server)).await.unwrap_err()
}

fn expected_user_agent() -> String {
    format!(
        "generated-client/{} ({}; {})",
        env!("CARGO_PKG_VERSION"),
        std::env::consts::OS,
        std::env::consts::ARCH
    )
}

#[derive(Debug, Deserialize, PartialEq)]
struct Thing {
    id: String,
    size: u32,
}

/// A stand-in for a generated error model.
#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
struct TestApiError {
    error_code: Option<String>,
}

#[tokio::test]
async fn send_json_sends_exact_request_and_decodes_response() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/groups/g%201/things"))
        .and(query_param("pretty", "true"))
        .and(query_param("name", "a b&c=d"))
        .and(header("accept", ACCEPT))
        .and(header(
            "content-type",
            "application/vnd.test.2024-01-01+json",
        ))
        .and(body_string(r#"{"name":"x","size":3}"#))
        .respond_with(
            ResponseTemplate::new(201).set_body_json(json!({"id": "t1", "size": 3, "extra": true})),
        )
        .expect(1)
        .mount(&server)
        .await;

    let path = PathBuilder::new()
        .literal("/api/v2/groups/")
        .param("groupId", "g 1", None)
        .unwrap()
        .literal("/things")
        .finish();
    let request = OperationRequest {
        path_template: "/api/v2/groups/{groupId}/things",
        query: vec![("pretty", "true".into()), ("name", "a b&c=d".into())],
        headers: vec![("X-Trace-Id", "t-1".into())],
        accept: ACCEPT,
        body: Some(
            json_body(
                "application/vnd.test.2024-01-01+json",
                &json!({"name": "x", "size": 3}),
            )
            .unwrap(),
        ),
        ..operation_request("createThing", Method::POST, &path)
    };
    let thing: Thing = client(&server)
        .send_json::<_, serde_json::Value>(request)
        .await
        .unwrap();
    assert_eq!(
        thing,
        Thing {
            id: "t1".into(),
            size: 3
        }
    );

    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    let sent = &requests[0];
    assert_eq!(sent.method, Method::POST);
    assert_eq!(sent.url.path(), "/api/v2/groups/g%201/things");
    assert_eq!(sent.url.query(), Some("pretty=true&name=a%20b%26c%3Dd"));
    assert_eq!(sent.headers["accept"], ACCEPT);
    assert_eq!(
        sent.headers["content-type"],
        "application/vnd.test.2024-01-01+json"
    );
    assert_eq!(sent.headers["user-agent"], expected_user_agent().as_str());
    assert_eq!(sent.body, br#"{"name":"x","size":3}"#);
    assert_eq!(sent.headers["x-trace-id"], "t-1");
    assert!(sent.headers.get("authorization").is_none());
}

#[tokio::test]
async fn extra_headers_user_agent_suffix_and_base_path_are_applied() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/prefix/things/1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "1", "size": 1})))
        .mount(&server)
        .await;
    let client = ClientBuilder::new("https://api.example.invalid")
        .base_url(format!("{}/prefix/", server.uri()))
        .header("X-Request-Source", "tests")
        .user_agent_suffix("my-tool/1.2")
        .build()
        .unwrap();
    get_thing::<serde_json::Value>(&client).await.unwrap();

    let requests = received(&server).await;
    let sent = &requests[0];
    assert_eq!(sent.headers["x-request-source"], "tests");
    assert_eq!(
        sent.headers["user-agent"],
        format!("{} my-tool/1.2", expected_user_agent()).as_str()
    );
    assert_eq!(sent.url.query(), None);
}

#[tokio::test]
async fn send_empty_accepts_204_and_ignores_bodies() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/things/1"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/things/2"))
        .respond_with(ResponseTemplate::new(202).set_body_string("accepted, not JSON"))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    for id in ["1", "2"] {
        let mut request = get("deleteThing", &format!("/things/{id}"));
        request.method = Method::DELETE;
        client
            .send_empty::<serde_json::Value>(request)
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn non_json_success_body_is_a_decode_error() {
    let html = format!("<html>{}</html>", "x".repeat(500));
    let error: Error =
        get_thing_error(ResponseTemplate::new(200).set_body_string(html.clone())).await;
    let Error::Decode {
        operation_id,
        status,
        path,
        raw_body,
        ..
    } = &error
    else {
        panic!("expected a decode error, got {error:?}");
    };
    assert_eq!(*operation_id, "getThing");
    assert_eq!(*status, 200);
    assert_eq!(path, "");
    assert_eq!(raw_body, &html);
    assert_eq!(error.raw_body(), Some(html.as_str()));
    let message = error.to_string();
    assert!(message.contains("getThing"), "{message}");
    assert!(
        message.contains("expected value at line 1 column 1"),
        "{message}"
    );
    // The message quotes the start of the body only.
    assert!(message.contains("<html>xxx"), "{message}");
    assert!(!message.contains("</html>"), "{message}");
    assert_eq!(error.status(), Some(StatusCode::OK));
}

#[tokio::test]
async fn send_bytes_returns_raw_success_body() {
    let server = serve_get(ResponseTemplate::new(200).set_body_bytes(vec![0x1f, 0x8b, 0, 1])).await;
    let bytes = client(&server)
        .send_bytes::<serde_json::Value>(get("downloadLogs", "/logs"))
        .await
        .unwrap();
    assert_eq!(bytes, [0x1f, 0x8b, 0, 1]);
}

#[tokio::test]
async fn version_errors_explain_the_media_type() {
    let server = MockServer::start().await;
    Mock::given(path("/not-acceptable"))
        .respond_with(ResponseTemplate::new(406))
        .mount(&server)
        .await;
    Mock::given(path("/gone"))
        .respond_with(ResponseTemplate::new(410).set_body_string("sunset"))
        .mount(&server)
        .await;
    let client = client(&server);

    // (path, what the message must say)
    let cases: [(&str, &[&str]); 2] = [
        (
            "/not-acceptable",
            &[
                "406 Not Acceptable",
                "rejected the requested API version media type",
                ACCEPT,
                "Accept header",
            ],
        ),
        (
            "/gone",
            &[
                "410 Gone",
                "is gone (sunset)",
                ACCEPT,
                "response body: sunset",
            ],
        ),
    ];
    for (path, parts) in cases {
        let message = client
            .send_json::<Thing, serde_json::Value>(get("getThing", path))
            .await
            .unwrap_err()
            .to_string();
        for part in parts {
            assert!(message.contains(part), "{path}: {part:?} in {message}");
        }
    }
}

#[tokio::test]
async fn slow_response_is_a_timeout() {
    let server = serve_get(ResponseTemplate::new(200).set_delay(Duration::from_secs(5))).await;
    let client = ClientBuilder::new(&server.uri())
        .timeout(Duration::from_millis(200))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let error: Error = get_thing(&client).await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::Timeout {
                operation_id: "getThing"
            }
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn refused_connection_is_a_transport_error() {
    // A port that was just free: nothing listens there any more.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = ClientBuilder::new(&format!("http://127.0.0.1:{port}"))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let error: Error = get_thing(&client).await.unwrap_err();
    match &error {
        Error::Transport {
            operation_id,
            source,
        } => {
            assert_eq!(*operation_id, "getThing");
            assert!(source.is_connect(), "{source:?}");
        }
        other => panic!("expected a transport error, got {other:?}"),
    }
    assert!(std::error::Error::source(&error).is_some());
}

#[tokio::test]
async fn invalid_header_parameter_is_rejected_before_sending() {
    let server = MockServer::start().await;
    let mut request = get("getThing", "/things/1");
    request.headers = vec![("X-Filter", "line\nbreak".to_owned())];
    let error = client(&server)
        .send_empty::<serde_json::Value>(request)
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::InvalidArgument(e) if e.parameter == "X-Filter"),
        "{error:?}"
    );
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn invalid_path_parameter_surfaces_as_invalid_argument() {
    let error: Error<serde_json::Value> = PathBuilder::new()
        .literal("/groups/")
        .param("groupId", "nope", Some("^([a-f0-9]{24})$"))
        .map(|_| ())
        .map_err(Error::from)
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid value for parameter `groupId`: does not match pattern ^([a-f0-9]{24})$"
    );
}

#[test]
fn build_rejects_bad_configuration() {
    let error = ClientBuilder::new("https://x.invalid")
        .header("bad header", "v")
        .build()
        .unwrap_err();
    assert!(matches!(error, BuildError::InvalidHeader { ref name, .. } if name == "bad header"));

    let error = ClientBuilder::new("https://x.invalid")
        .header("x-api-key", "line\nbreak-secret")
        .build()
        .unwrap_err();
    assert!(!error.to_string().contains("break-secret"), "{error}");

    let error = ClientBuilder::new("ftp://x.invalid").build().unwrap_err();
    assert!(
        matches!(error, BuildError::InvalidBaseUrl { .. }),
        "{error:?}"
    );

    let error = ClientBuilder::new("https://x.invalid/?q=1")
        .build()
        .unwrap_err();
    assert!(
        matches!(error, BuildError::InvalidBaseUrl { .. }),
        "{error:?}"
    );

    let error = ClientBuilder::new("https://x.invalid")
        .credentials(Credentials::bearer("SECRET\nvalue"))
        .build()
        .unwrap_err();
    assert!(
        matches!(error, BuildError::InvalidCredentials { .. }),
        "{error:?}"
    );
    assert!(!error.to_string().contains("SECRET"), "{error}");
}

#[test]
fn base_url_is_normalised() {
    let client = ClientBuilder::new("https://cloud.example.com/")
        .build()
        .unwrap();
    assert_eq!(client.base_url(), "https://cloud.example.com");
}

#[test]
fn debug_never_shows_secrets() {
    let credentials = [
        Credentials::digest("public-abc", "private-SECRET"),
        Credentials::oauth2_client_credentials("client-id", "client-SECRET", "https://x/token"),
        Credentials::bearer("bearer-SECRET"),
        Credentials::none(),
    ];
    for credentials in credentials {
        let builder = ClientBuilder::new("https://x.invalid")
            .credentials(credentials.clone())
            .header("x-api-key", "header-SECRET");
        let client = builder.clone().build().unwrap();
        for debug in [
            format!("{credentials:?}"),
            format!("{builder:?}"),
            format!("{client:?}"),
            format!("{client:#?}"),
        ] {
            assert!(!debug.contains("SECRET"), "{debug}");
        }
    }
    assert_eq!(
        format!("{:?}", Credentials::digest("abc", "def")),
        r#"Digest { public_key: "abc", private_key: "***" }"#
    );
    let client = ClientBuilder::new("https://x.invalid")
        .credentials(Credentials::oauth2_client_credentials(
            "id",
            "s3cr3t",
            "https://x/token",
        ))
        .build()
        .unwrap();
    let debug = format!("{client:?}");
    assert!(debug.contains(r#"client_id: "id""#), "{debug}");
    assert!(debug.contains(r#"client_secret: "***""#), "{debug}");
}

#[test]
fn futures_and_errors_are_send_and_sync() {
    fn assert_send<T: Send>(_: &T) {}
    fn assert_send_sync<T: Send + Sync + 'static>() {}
    let client = ClientBuilder::new("https://x.invalid").build().unwrap();
    let future = client.send_json::<Thing, TestApiError>(get("getThing", "/things/1"));
    assert_send(&future);
    assert_send_sync::<Client>();
    assert_send_sync::<Error<TestApiError>>();
}
