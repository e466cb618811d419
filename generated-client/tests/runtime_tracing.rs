//! Tracing: one span per call with the documented fields, and no secret in anything recorded.

mod common;

use std::fmt::{Debug, Write as _};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{operation_request, received};
use generated_client::{ClientBuilder, Credentials, OperationRequest, PathBuilder, RetryPolicy};
use reqwest::Method;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};
use wiremock::matchers::{any, header_exists};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Records every span, field update and event as a line of text.
#[derive(Clone, Default)]
struct Capture {
    lines: Arc<Mutex<Vec<String>>>,
    next_id: Arc<AtomicU64>,
}

struct Line(String);

impl Visit for Line {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        let _ = write!(self.0, " {}={value:?}", field.name());
    }
}

impl Capture {
    fn push(&self, line: Line) {
        self.lines.lock().unwrap().push(line.0);
    }

    fn text(&self) -> String {
        self.lines.lock().unwrap().join("\n")
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut line = Line(format!("span {}", span.metadata().name()));
        span.record(&mut line);
        self.push(line);
        Id::from_u64(self.next_id.fetch_add(1, Ordering::Relaxed) + 1)
    }

    fn record(&self, _: &Id, values: &Record<'_>) {
        let mut line = Line("record".to_owned());
        values.record(&mut line);
        self.push(line);
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut line = Line(format!("event {}", event.metadata().level()));
        event.record(&mut line);
        self.push(line);
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

#[tokio::test]
async fn call_span_has_fields_and_no_secrets() {
    let server = MockServer::start().await;
    Mock::given(header_exists("authorization"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(header_exists("authorization"))
        .respond_with(ResponseTemplate::new(204))
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(401).insert_header(
            "www-authenticate",
            r#"Digest realm="r", nonce="n", qop="auth", algorithm=MD5"#,
        ))
        .with_priority(3)
        .mount(&server)
        .await;

    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let client = ClientBuilder::new(&server.uri())
        .credentials(Credentials::digest("public-key", "PRIVATE-secret"))
        .header("x-api-key", "HEADER-secret")
        .retry_policy(RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(10),
            max_backoff: Duration::from_millis(10),
        })
        .build()
        .unwrap();
    let path = PathBuilder::new()
        .literal("/groups/")
        .param("groupId", "concrete-group-id", None)
        .unwrap()
        .literal("/things")
        .finish();
    client
        .send_empty::<serde_json::Value>(OperationRequest {
            path_template: "/groups/{groupId}/things",
            query: vec![("token", "QUERY-secret".to_owned())],
            headers: vec![("X-Header-Param", "PARAM-secret".to_owned())],
            ..operation_request("getThing", Method::GET, &path)
        })
        .await
        .unwrap();

    let text = capture.text();
    assert!(text.contains(r#"span api_call operation_id="getThing" method=GET path_template="/groups/{groupId}/things""#), "{text}");
    assert!(text.contains("record attempt=1"), "{text}");
    assert!(text.contains("record status=503"), "{text}");
    assert!(text.contains("record attempt=2"), "{text}");
    assert!(text.contains("record status=204"), "{text}");
    for secret in [
        "PRIVATE-secret",
        "HEADER-secret",
        "QUERY-secret",
        "response=",
        "Digest username",
    ] {
        assert!(!text.contains(secret), "{secret} leaked into:\n{text}");
    }
    assert_eq!(received(&server).await.len(), 3);
}

#[tokio::test]
async fn deprecation_and_sunset_warn_once_per_operation_per_client() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::path("/old"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("deprecation", "@1735689600")
                .insert_header("sunset", "Wed, 01 Jul 2026 00:00:00 GMT"),
        )
        .mount(&server)
        .await;
    Mock::given(wiremock::matchers::path("/sunset-only"))
        .respond_with(
            ResponseTemplate::new(404).insert_header("sunset", "Thu, 01 Jan 2026 00:00:00 GMT"),
        )
        .mount(&server)
        .await;
    Mock::given(wiremock::matchers::path("/current"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;

    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let client = ClientBuilder::new(&server.uri()).build().unwrap();
    let call =
        |client: &generated_client::runtime::Client, operation_id: &'static str, path: &str| {
            let request = OperationRequest {
                api_version: Some("2023-01-01"),
                ..operation_request(operation_id, Method::GET, path)
            };
            let client = client.clone();
            async move { client.send_empty::<serde_json::Value>(request).await }
        };
    for _ in 0..3 {
        call(&client, "getOld", "/old").await.unwrap();
        call(&client, "getCurrent", "/current").await.unwrap();
        call(&client, "getGone", "/sunset-only").await.unwrap_err();
    }
    // Another client warns again: it may belong to another part of the program.
    let other = ClientBuilder::new(&server.uri()).build().unwrap();
    call(&other, "getOld", "/old").await.unwrap();

    let lines = capture.lines.lock().unwrap().clone();
    let warnings: Vec<&String> = lines
        .iter()
        .filter(|line| line.starts_with("event WARN"))
        .collect();
    assert_eq!(warnings.len(), 3, "{warnings:#?}");
    assert_eq!(
        warnings[0].as_str(),
        "event WARN message=the server says API version 2023-01-01 of operation `getOld` is \
         deprecated; it will be removed on Wed, 01 Jul 2026 00:00:00 GMT; move to a client \
         generated from a newer spec operation_id=\"getOld\" api_version=\"2023-01-01\" \
         deprecation=\"@1735689600\" sunset=\"Wed, 01 Jul 2026 00:00:00 GMT\""
    );
    assert!(
        warnings[1].contains("operation_id=\"getGone\"")
            && warnings[1].contains("sunset=\"Thu, 01 Jan 2026 00:00:00 GMT\"")
            && !warnings[1].contains("deprecation="),
        "{}",
        warnings[1]
    );
    assert!(warnings[2].contains("operation_id=\"getOld\""));
}

#[tokio::test]
async fn a_generated_operation_names_its_api_version_when_deprecated() {
    use generated_client::operations::get_online_archive;

    let archive = serde_json::json!({"_id": common::OTHER_ID, "clusterName": "Cluster0"});
    let server = common::serve(
        ResponseTemplate::new(200)
            .set_body_json(archive)
            .insert_header("sunset", "Wed, 01 Jul 2026 00:00:00 GMT"),
    )
    .await;
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let client = common::client(&server);
    for _ in 0..2 {
        client
            .get_online_archive(
                common::GROUP_ID,
                "Cluster0",
                common::OTHER_ID,
                &Default::default(),
            )
            .await
            .unwrap();
    }
    let text = capture.text();
    let warnings: Vec<&str> = text
        .lines()
        .filter(|line| line.starts_with("event WARN"))
        .collect();
    assert_eq!(warnings.len(), 1, "{text}");
    let expected = format!(
        "operation_id=\"getOnlineArchive\" api_version=\"{}\"",
        get_online_archive::API_VERSION
    );
    assert!(warnings[0].contains(&expected), "{}", warnings[0]);
    assert!(warnings[0].contains("sunset=\"Wed, 01 Jul 2026 00:00:00 GMT\""));
}
