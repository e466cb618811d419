//! Credentials only over TLS, except to this machine: refused when the client is built, before
//! any connection. The refused URLs are never contacted (no test sends traffic off loopback).

mod common;

use common::{operation_request, received, serve};
use generated_client::{BuildError, ClientBuilder, Credentials, Error};
use reqwest::Method;
use wiremock::ResponseTemplate;

const REMOTE_HTTP: &str = "http://api.example.com";

fn secrets() -> Vec<(&'static str, ClientBuilder)> {
    let with = |credentials| ClientBuilder::new(REMOTE_HTTP).credentials(credentials);
    vec![
        ("digest", with(Credentials::digest("pub", "digest-SECRET"))),
        ("bearer", with(Credentials::bearer("bearer-SECRET"))),
        (
            "oauth",
            with(Credentials::oauth2_client_credentials(
                "id",
                "client-SECRET",
                "https://api.example.com/oauth/token",
            )),
        ),
        (
            "authorization header",
            ClientBuilder::new(REMOTE_HTTP).header("Authorization", "Basic header-SECRET"),
        ),
        (
            "user info",
            ClientBuilder::new("http://user:url-SECRET@api.example.com"),
        ),
    ]
}

#[test]
fn credentials_over_plain_http_to_another_host_are_refused() {
    for (what, builder) in secrets() {
        let error = builder.build().unwrap_err();
        assert!(
            matches!(&error, BuildError::InsecureCredentials { host } if host == "api.example.com"),
            "{what}: {error:?}"
        );
        let message = error.to_string();
        assert!(message.contains("allow_insecure_http"), "{message}");
        assert!(!message.contains("SECRET"), "{what}: {message}");
    }
}

#[test]
fn a_client_secret_is_not_sent_to_a_plain_http_token_url() {
    let error = ClientBuilder::new("https://api.example.com")
        .credentials(Credentials::oauth2_client_credentials(
            "id",
            "client-SECRET",
            "http://login.example.com/oauth/token",
        ))
        .build()
        .unwrap_err();
    assert!(
        matches!(&error, BuildError::InsecureCredentials { host } if host == "login.example.com"),
        "{error:?}"
    );
}

#[test]
fn allow_insecure_http_lets_them_through() {
    for (what, builder) in secrets() {
        let client = builder.allow_insecure_http().build();
        assert!(client.is_ok(), "{what}: {:?}", client.err());
    }
    let client = ClientBuilder::new("https://api.example.com")
        .credentials(Credentials::oauth2_client_credentials(
            "id",
            "s",
            "http://login.example.com/oauth/token",
        ))
        .allow_insecure_http()
        .build();
    assert!(client.is_ok(), "{:?}", client.err());
}

#[test]
fn without_secrets_or_over_https_nothing_is_refused() {
    assert!(ClientBuilder::new(REMOTE_HTTP).build().is_ok());
    let https = ClientBuilder::new("https://api.example.com")
        .credentials(Credentials::bearer("t"))
        .build();
    assert!(https.is_ok(), "{:?}", https.err());
}

#[test]
fn a_token_url_that_is_not_a_url_is_refused() {
    let error = ClientBuilder::new("https://api.example.com")
        .credentials(Credentials::oauth2_client_credentials(
            "id",
            "s",
            "not a url",
        ))
        .build()
        .unwrap_err();
    assert!(
        matches!(error, BuildError::InvalidCredentials { .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn loopback_addresses_get_credentials_over_plain_http() {
    let server = serve(ResponseTemplate::new(204)).await;
    let port = server.address().port();
    for base in [
        server.uri(),
        format!("http://localhost:{port}"),
        format!("http://127.0.0.1:{port}/prefix"),
    ] {
        let client = ClientBuilder::new(&base)
            .credentials(Credentials::bearer("loopback-token"))
            .build()
            .unwrap_or_else(|e| panic!("{base}: {e}"));
        client
            .send_empty::<serde_json::Value>(operation_request("op", Method::GET, "/things"))
            .await
            .unwrap_or_else(|e: Error| panic!("{base}: {e}"));
    }
    let requests = received(&server).await;
    assert_eq!(requests.len(), 3);
    for request in requests {
        assert_eq!(request.headers["authorization"], "Bearer loopback-token");
    }
}
