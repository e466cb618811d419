//! The corrections in `spec/overlays/` are in the checked-in client: an error body as Atlas
//! really sends it (string `parameters`) decodes, no operation offers `envelope`, and every
//! generated file names the overlays it was generated with.

mod common;

use std::path::Path;

use common::{client, serve, GROUP_ID, OTHER_ID};
use generated_client::models::ApiError;
use generated_client::Error;
use serde_json::{json, Value};
use wiremock::ResponseTemplate;

/// An error body of the shape Atlas sends: `parameters` are the strings the message refers to.
fn atlas_not_found() -> Value {
    json!({
        "detail": format!("No archive with ID {OTHER_ID} exists in group {GROUP_ID}."),
        "error": 404,
        "errorCode": "ONLINE_ARCHIVE_NOT_FOUND",
        "parameters": [OTHER_ID, GROUP_ID],
        "reason": "Not Found"
    })
}

#[test]
fn api_error_parameters_hold_the_strings_atlas_sends() {
    let error: ApiError = serde_json::from_value(atlas_not_found()).unwrap();
    assert_eq!(
        error.parameters,
        Some(vec![json!(OTHER_ID), json!(GROUP_ID)])
    );
    // Values of any other type decode too, objects (what the upstream spec describes) included.
    let mixed: ApiError = serde_json::from_value(json!({
        "error": 400, "errorCode": "INVALID_ATTRIBUTE", "parameters": ["name", 3, {"a": true}]
    }))
    .unwrap();
    assert_eq!(
        mixed.parameters,
        Some(vec![json!("name"), json!(3), json!({"a": true})])
    );
}

#[tokio::test]
async fn an_atlas_error_reaches_the_caller_decoded() {
    let server = serve(ResponseTemplate::new(404).set_body_json(atlas_not_found())).await;
    let error = client(&server)
        .get_online_archive(GROUP_ID, "Cluster0", OTHER_ID, &Default::default())
        .await
        .unwrap_err();
    assert!(error.is_error_code("ONLINE_ARCHIVE_NOT_FOUND"), "{error:?}");
    match error {
        Error::Api(failure) => {
            let body = failure.body.expect("the error body decodes");
            assert_eq!(
                body.parameters,
                Some(vec![json!(OTHER_ID), json!(GROUP_ID)])
            );
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

/// Every file of the generated tree (it has subdirectories), by path relative to it.
fn generated_files() -> Vec<(String, String)> {
    fn walk(dir: &Path, prefix: &str, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = format!("{prefix}{}", path.file_name().unwrap().to_string_lossy());
            if path.is_dir() {
                walk(&path, &format!("{name}/"), out);
            } else {
                out.push((name, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    let mut files = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src/generated"),
        "",
        &mut files,
    );
    files.sort();
    files
}

#[test]
fn no_operation_offers_envelope() {
    for (name, text) in generated_files() {
        // The header names `no-envelope.yaml`; the code below it must not mention the flag.
        let code: Vec<&str> = text.lines().filter(|l| !l.starts_with("// ")).collect();
        assert!(
            !code.join("\n").contains("envelope"),
            "{name} still mentions envelope"
        );
    }
}

#[test]
fn every_generated_file_names_the_overlays_in_order() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/overlays");
    let mut overlays: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    overlays.sort();
    assert!(overlays.len() >= 2, "{overlays:?}");
    let expected: Vec<String> = overlays
        .iter()
        .map(|o| format!("// overlay applied: spec/overlays/{o}"))
        .collect();
    for (name, text) in generated_files() {
        let header: Vec<&str> = text.lines().skip(1).take(overlays.len()).collect();
        assert_eq!(header, expected, "{name}");
    }
}
