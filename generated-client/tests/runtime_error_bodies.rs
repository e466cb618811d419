//! Error bodies as servers really send them: the error code and message are read from the JSON
//! itself, whether or not the body matches the spec's error schema.

mod common;

use common::{client, operation_request, serve};
use generated_client::{Error, ErrorFields, OperationRequest};
use reqwest::{Method, StatusCode};
use serde::Deserialize;
use serde_json::{json, Map, Value};
use wiremock::ResponseTemplate;

/// How this test's API lays out its error bodies (what a generator option would say).
const FIELDS: ErrorFields = ErrorFields {
    code: Some("errorCode"),
    message: &["detail", "reason"],
};

const MEDIA_TYPES: [&str; 2] = ["application/json", "application/vnd.test.2023-01-01+json"];

/// The error schema as a spec may declare it: `parameters` as an array of objects.
#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
struct SpecError {
    error: i32,
    error_code: String,
    detail: Option<String>,
    reason: Option<String>,
    parameters: Option<Vec<Map<String, Value>>>,
    #[serde(flatten)]
    additional_properties: Map<String, Value>,
}

fn get_thing() -> OperationRequest {
    OperationRequest {
        error_fields: FIELDS,
        ..operation_request("getThing", Method::GET, "/things/1")
    }
}

/// The error of `getThing` from a server answering `status` with `body` as `media_type`.
async fn error_for(status: u16, body: &[u8], media_type: &str) -> Error<SpecError> {
    let server = serve(ResponseTemplate::new(status).set_body_raw(body.to_vec(), media_type)).await;
    client(&server)
        .send_empty::<SpecError>(get_thing())
        .await
        .unwrap_err()
}

async fn json_error(status: u16, body: &Value, media_type: &str) -> Error<SpecError> {
    error_for(status, &serde_json::to_vec(body).unwrap(), media_type).await
}

fn failure(error: &Error<SpecError>) -> &generated_client::ApiFailure<SpecError> {
    match error {
        Error::Api(failure) => failure,
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

#[tokio::test]
async fn string_parameters_keep_the_error_code() {
    let body =
        json!({"error": 404, "errorCode": "X", "parameters": ["abc"], "reason": "Not Found"});
    for media_type in MEDIA_TYPES {
        let error = json_error(404, &body, media_type).await;
        assert!(error.is_error_code("X"), "{media_type}: {error:?}");
        assert!(!error.is_error_code("Y"), "{media_type}");
        assert_eq!(error.error_code(), Some("X"), "{media_type}");
        // No `detail`: the next configured property.
        assert_eq!(error.api_message(), Some("Not Found"), "{media_type}");
        // The typed body does not decode, and says where it went wrong.
        assert!(error.api_body().is_none(), "{media_type}");
        let failure = failure(&error);
        let reason = failure.body_error.as_deref().unwrap();
        assert!(
            reason.starts_with(r#"parameters[0]: invalid type: string "abc", expected a map"#),
            "{media_type}: {reason}"
        );
        assert_eq!(
            serde_json::from_str::<Value>(&failure.raw_body).unwrap(),
            body
        );
        assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
        assert_eq!(
            error.to_string(),
            "operation `getThing` failed with status 404 Not Found; error code X: Not Found"
        );
    }
}

#[tokio::test]
async fn object_and_absent_parameters_decode_the_typed_body() {
    let cases = [
        json!({"error": 404, "errorCode": "X", "parameters": [{"name": "abc"}], "detail": "No abc.", "reason": "Not Found"}),
        json!({"error": 404, "errorCode": "X", "detail": "No abc.", "reason": "Not Found"}),
    ];
    for media_type in MEDIA_TYPES {
        for body in &cases {
            let error = json_error(404, body, media_type).await;
            assert!(error.is_error_code("X"), "{media_type} {body}");
            assert_eq!(error.api_message(), Some("No abc."), "{media_type} {body}");
            let typed = error.api_body().expect("the body matches the schema");
            assert_eq!(typed.error, 404);
            assert_eq!(typed.error_code, "X");
            assert_eq!(typed.detail.as_deref(), Some("No abc."));
            assert_eq!(
                typed.parameters.as_ref().map(Vec::len),
                body.get("parameters").map(|_| 1)
            );
            assert_eq!(failure(&error).body_error, None);
            assert!(
                error.to_string().ends_with("; error code X: No abc."),
                "{error}"
            );
        }
    }
}

#[tokio::test]
async fn unknown_properties_are_kept_and_do_not_hide_the_code() {
    let body = json!({
        "error": 409, "errorCode": "DUPLICATE", "detail": "Already there.",
        "badRequestDetail": {"fields": []}, "help": "https://example.com/help"
    });
    let error = json_error(409, &body, MEDIA_TYPES[1]).await;
    assert!(error.is_error_code("DUPLICATE"));
    let typed = error.api_body().unwrap();
    assert_eq!(
        typed.additional_properties["help"],
        json!("https://example.com/help")
    );
    assert!(typed.additional_properties.contains_key("badRequestDetail"));
}

#[tokio::test]
async fn a_body_of_another_shape_still_answers_what_it_has() {
    // No `error` (required by the schema), a message in `reason` only.
    let body = json!({"errorCode": "RATE_LIMITED", "reason": "Too Many Requests"});
    let error = json_error(429, &body, "application/json").await;
    assert!(error.is_error_code("RATE_LIMITED"));
    assert_eq!(error.api_message(), Some("Too Many Requests"));
    assert!(error.api_body().is_none());
    let reason = failure(&error).body_error.clone().unwrap();
    assert!(reason.contains("missing field `error`"), "{reason}");

    // Neither code nor message: the body is the explanation.
    let error = json_error(400, &json!({"oops": true}), "application/json").await;
    assert_eq!(error.error_code(), None);
    assert_eq!(error.api_message(), None);
    assert!(
        error
            .to_string()
            .ends_with(r#"; response body: {"oops":true}"#),
        "{error}"
    );
}

#[tokio::test]
async fn an_html_page_from_a_proxy_is_kept_raw() {
    let page = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let error = error_for(502, page.as_bytes(), "text/html").await;
    assert_eq!(error.status(), Some(StatusCode::BAD_GATEWAY));
    assert_eq!(error.error_code(), None);
    assert_eq!(error.api_message(), None);
    assert!(error.api_body().is_none());
    assert_eq!(error.raw_body(), Some(page));
    let reason = failure(&error).body_error.clone().unwrap();
    assert!(
        reason.starts_with("expected value at line 1 column 1"),
        "{reason}"
    );
    assert_eq!(
        error.to_string(),
        format!("operation `getThing` failed with status 502 Bad Gateway; response body: {page}")
    );
}

#[tokio::test]
async fn an_empty_body_says_so() {
    for media_type in MEDIA_TYPES {
        let error = error_for(503, b"", media_type).await;
        assert_eq!(error.error_code(), None);
        assert!(error.api_body().is_none());
        assert_eq!(
            failure(&error).body_error.as_deref(),
            Some("the body is empty")
        );
        assert_eq!(
            error.to_string(),
            "operation `getThing` failed with status 503 Service Unavailable"
        );
    }
}

#[tokio::test]
async fn without_error_fields_nothing_is_read_but_the_body_still_decodes() {
    let body = json!({"errorCode": "X", "detail": "d"});
    let server = serve(ResponseTemplate::new(400).set_body_json(&body)).await;
    let error = client(&server)
        .send_empty::<Value>(operation_request("getThing", Method::GET, "/things/1"))
        .await
        .unwrap_err();
    assert_eq!(error.error_code(), None);
    assert_eq!(error.api_body(), Some(&body));
}

#[tokio::test]
async fn integer_codes_and_other_property_names_are_read_too() {
    const OTHER: ErrorFields = ErrorFields {
        code: Some("code"),
        message: &["message"],
    };
    let server =
        serve(ResponseTemplate::new(400).set_body_json(json!({"code": 1042, "message": "m"})))
            .await;
    let error = client(&server)
        .send_empty::<Value>(OperationRequest {
            error_fields: OTHER,
            ..get_thing()
        })
        .await
        .unwrap_err();
    assert!(error.is_error_code("1042"));
    assert_eq!(error.api_message(), Some("m"));
}
