//! Generated Atlas operations against a server that answers the way Atlas does, not only the
//! way its spec says: error bodies whose `parameters` are strings, and bodies that do not fit.
//! (Error codes are read from the JSON whatever the typed body does; that the typed body also
//! decodes is the overlay's doing. runtime_error_bodies.rs covers a body that does not.)

mod common;

use common::{client, json_response, serve, GROUP_ID, OTHER_ID};
use generated_client::operations::list_flex_backups;
use generated_client::Error;
use serde_json::{json, Value};
use wiremock::ResponseTemplate;

/// The spec types `ApiError.parameters` as objects; Atlas sends strings.
fn atlas_not_found(code: &str) -> Value {
    json!({"error": 404, "errorCode": code, "parameters": [OTHER_ID], "reason": "Not Found"})
}

#[tokio::test]
async fn a_not_found_with_string_parameters_answers_its_error_code() {
    for media_type in ["application/json", "application/vnd.atlas.2023-01-01+json"] {
        let body = serde_json::to_vec(&atlas_not_found("X")).unwrap();
        let server = serve(ResponseTemplate::new(404).set_body_raw(body, media_type)).await;
        let error = client(&server)
            .get_online_archive(GROUP_ID, "Cluster0", OTHER_ID, &Default::default())
            .await
            .unwrap_err();
        assert!(error.is_error_code("X"), "{media_type}: {error:?}");
        assert_eq!(error.error_code(), Some("X"));
        assert_eq!(error.api_message(), Some("Not Found"));
        // spec/overlays/api-error-parameters.yaml makes the typed body fit Atlas as well.
        let typed = error.api_body().expect("the corrected ApiError decodes");
        assert_eq!(typed.parameters, Some(vec![json!(OTHER_ID)]));
        let Error::Api(failure) = &error else {
            panic!("expected Error::Api, got {error:?}")
        };
        assert_eq!(failure.body_error, None);
        assert_eq!(
            error.to_string(),
            "operation `getOnlineArchive` failed with status 404 Not Found; error code X: Not Found"
        );
    }
}

#[tokio::test]
async fn a_body_the_typed_error_cannot_hold_still_answers_its_error_code() {
    // Without the `error` status the schema requires (as some gateways answer).
    let mut body = atlas_not_found("X");
    body.as_object_mut().unwrap().remove("error");
    let server = serve(ResponseTemplate::new(404).set_body_json(&body)).await;
    let error = client(&server)
        .get_online_archive(GROUP_ID, "Cluster0", OTHER_ID, &Default::default())
        .await
        .unwrap_err();
    assert!(error.is_error_code("X"), "{error:?}");
    assert!(error.api_body().is_none());
    let Error::Api(failure) = &error else {
        panic!("expected Error::Api, got {error:?}")
    };
    let reason = failure.body_error.as_deref().unwrap();
    assert!(reason.contains("missing field `error`"), "{reason}");
    assert_eq!(
        serde_json::from_str::<Value>(&failure.raw_body).unwrap(),
        body
    );
    assert!(
        error.to_string().ends_with("; error code X: Not Found"),
        "{error}"
    );
}

#[tokio::test]
async fn the_detail_is_the_message_when_atlas_sends_one() {
    let mut body = atlas_not_found("ONLINE_ARCHIVE_NOT_FOUND");
    body["detail"] = json!(format!("Online archive {OTHER_ID} does not exist."));
    let server = serve(ResponseTemplate::new(404).set_body_json(&body)).await;
    let error = client(&server)
        .get_online_archive(GROUP_ID, "Cluster0", OTHER_ID, &Default::default())
        .await
        .unwrap_err();
    assert!(error.is_error_code("ONLINE_ARCHIVE_NOT_FOUND"));
    assert_eq!(
        error.api_message(),
        Some(format!("Online archive {OTHER_ID} does not exist.").as_str())
    );
}

#[tokio::test]
async fn a_bad_value_inside_a_union_is_named_by_its_path() {
    let archive = json!({
        "_id": OTHER_ID, "clusterName": "Cluster0", "collName": "orders", "dbName": "sales",
        "criteria": {"type": "DATE", "dateField": "createdAt", "expireAfterDays": "x"}
    });
    let server = serve(json_response(archive)).await;
    let error = client(&server)
        .get_online_archive(GROUP_ID, "Cluster0", OTHER_ID, &Default::default())
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Decode { path, status: 200, operation_id: "getOnlineArchive", .. }
            if path == "criteria.expireAfterDays"),
        "{error:?}"
    );
    assert!(
        error.to_string().contains(
            r#"`getOnlineArchive`: criteria.expireAfterDays: invalid type: string "x", expected i32"#
        ),
        "{error}"
    );
}

#[tokio::test]
async fn a_bad_value_in_a_page_is_named_by_its_path() {
    let snapshot = |finish: &str| json!({"id": OTHER_ID, "finishTime": finish});
    let ok = "2024-11-13T10:00:00Z";
    let page = json!({
        "results": [snapshot(ok), snapshot(ok), snapshot(ok), snapshot("yesterday")],
        "totalCount": 4
    });
    let server = serve(json_response(page.clone())).await;
    let error = client(&server)
        .list_flex_backups(GROUP_ID, "flex0", &list_flex_backups::Params::default())
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Decode { path, .. } if path == "results[3].finishTime"),
        "{error:?}"
    );
    let raw: Value = serde_json::from_str(error.raw_body().unwrap()).unwrap();
    assert_eq!(raw, page);
}
