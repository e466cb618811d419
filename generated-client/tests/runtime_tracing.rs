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
