//! Every request and response example of the spec decodes into its generated type and
//! re-encodes to the same JSON.
//!
//! The examples are read from `spec/atlas-admin-v2.yaml` at test time: `example` and
//! `examples.*.value` of each operation's request body and of each response (following `$ref`s
//! to `components/responses` and `components/examples`). Each is mapped to its Rust type by
//! operationId (request bodies and `200` responses) or to `models::ApiError` (error responses),
//! so an example the table does not cover is reported instead of skipped.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Debug;

use common::{resolve, round_trip, same_json, sent_body, spec};
use generated_client::models;
use generated_client::operations;
use generated_client::Validate;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

const HTTP_METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Request,
    Response(String),
}

#[derive(Debug, Clone)]
struct Example {
    operation_id: String,
    kind: Kind,
    media_type: String,
    /// Where the example is, for messages: e.g. `getPrivateEndpoint 200 application/... examples.AWS`.
    location: String,
    value: Value,
}

/// Appends the examples of one `content` map (`example` and every `examples.*.value`).
fn collect_content(
    content: &'static Value,
    operation_id: &str,
    kind: &Kind,
    label: &str,
    out: &mut Vec<Example>,
) {
    let Some(content) = content.as_object() else {
        return;
    };
    for (media_type, media) in content {
        let media = resolve(media);
        let mut push = |name: String, value: Value| {
            out.push(Example {
                operation_id: operation_id.to_owned(),
                kind: kind.clone(),
                media_type: media_type.clone(),
                location: format!("{operation_id} {label} {media_type} {name}"),
                value,
            })
        };
        if let Some(example) = media.get("example") {
            push("example".to_owned(), example.clone());
        }
        if let Some(examples) = media.get("examples").and_then(Value::as_object) {
            for (name, example) in examples {
                let example = resolve(example);
                let value = example
                    .get("value")
                    .unwrap_or_else(|| panic!("examples.{name} of {operation_id} has no value"));
                push(format!("examples.{name}"), value.clone());
            }
        }
    }
}

/// Every request/response example of every operation, and the operationIds seen.
fn collect_examples() -> (Vec<Example>, Vec<String>) {
    let mut out = Vec::new();
    let mut operation_ids = Vec::new();
    let paths = spec()["paths"].as_object().expect("the spec has paths");
    for item in paths.values() {
        let item = resolve(item);
        for method in HTTP_METHODS {
            let Some(operation) = item.get(*method) else {
                continue;
            };
            let operation_id = operation["operationId"]
                .as_str()
                .expect("every operation has an operationId")
                .to_owned();
            if let Some(body) = operation.get("requestBody") {
                let body = resolve(body);
                if let Some(content) = body.get("content") {
                    collect_content(
                        content,
                        &operation_id,
                        &Kind::Request,
                        "requestBody",
                        &mut out,
                    );
                }
            }
            if let Some(responses) = operation.get("responses").and_then(Value::as_object) {
                for (status, response) in responses {
                    let response = resolve(response);
                    if let Some(content) = response.get("content") {
                        collect_content(
                            content,
                            &operation_id,
                            &Kind::Response(status.clone()),
                            status,
                            &mut out,
                        );
                    }
                }
            }
            operation_ids.push(operation_id);
        }
    }
    (out, operation_ids)
}

/// A request example: it round-trips, passes `validate()` (operations refuse invalid bodies
/// before sending), and `json_body` sends it exactly as the example shows (request examples
/// carry no read-only properties).
fn request<T>(example: &Example, content_type: &'static str) -> Result<T, String>
where
    T: DeserializeOwned
        + Serialize
        + PartialEq
        + Debug
        + Validate
        + generated_client::ReadOnlyFields,
{
    if example.media_type != content_type {
        return Err(format!(
            "media type {} is not the operation's CONTENT_TYPE {content_type}",
            example.media_type
        ));
    }
    let decoded: T = round_trip(&example.value)?;
    decoded
        .validate()
        .map_err(|e| format!("the spec's own request example fails validate(): {e}"))?;
    let sent = sent_body(content_type, &decoded)?;
    same_json(&example.value, &sent, "json_body sends")?;
    Ok(decoded)
}

fn check_request(example: &Example) -> Result<(), String> {
    match example.operation_id.as_str() {
        "createOnlineArchive" => {
            let body: models::BackupOnlineArchiveCreate =
                request(example, operations::create_online_archive::CONTENT_TYPE)?;
            check_online_archive_unions(
                &example.value,
                Some(&body.criteria),
                body.schedule.as_ref(),
                body.data_process_region.as_ref().map(|r| r.tag()),
            )
        }
        "updateOrganizationInvitation" => request::<models::OrganizationInvitationRequest>(
            example,
            operations::update_organization_invitation::CONTENT_TYPE,
        )
        .map(drop),
        "updateProjectInvitationById" => request::<models::GroupInvitationUpdateRequest>(
            example,
            operations::update_project_invitation_by_id::CONTENT_TYPE,
        )
        .map(drop),
        "createStreamProcessor" => request::<models::StreamsProcessor>(
            example,
            operations::create_stream_processor::CONTENT_TYPE,
        )
        .map(drop),
        other => Err(format!("no request body type mapped for {other}")),
    }
}

fn check_ok_response(example: &Example) -> Result<(), String> {
    let value = &example.value;
    match example.operation_id.as_str() {
        "listFlexBackups" => {
            round_trip::<models::PaginatedApiAtlasFlexBackupSnapshot20241113View>(value).map(drop)
        }
        "deleteAllCustomZoneMappings" => round_trip::<models::GeoSharding20240805>(value).map(drop),
        "createOnlineArchive" | "getOnlineArchive" => {
            let archive: models::BackupOnlineArchive = round_trip(value)?;
            check_online_archive_unions(
                value,
                archive.criteria.as_ref(),
                archive.schedule.as_ref(),
                archive.data_process_region.as_ref().map(|r| r.tag()),
            )
        }
        "updateOrganizationInvitation" => {
            round_trip::<models::OrganizationInvitation>(value).map(drop)
        }
        "getPrivateEndpoint" => {
            let endpoint: models::PrivateLinkEndpoint = round_trip(value)?;
            let tag = value.get("cloudProvider").and_then(Value::as_str);
            if endpoint.tag() != tag {
                return Err(format!(
                    "tag() is {:?}, the example has {tag:?}",
                    endpoint.tag()
                ));
            }
            if matches!(endpoint, models::PrivateLinkEndpoint::Unknown(_)) {
                return Err(format!("known cloudProvider {tag:?} decoded to Unknown"));
            }
            Ok(())
        }
        "listApiKeyAccessListsEntries" => {
            round_trip::<models::PaginatedApiUserAccessListResponseView>(value).map(drop)
        }
        "updateProjectInvitationById" => round_trip::<models::GroupInvitation>(value).map(drop),
        "createStreamProcessor" => round_trip::<models::StreamsProcessor>(value).map(drop),
        other => Err(format!("no 200 response type mapped for {other}")),
    }
}

/// The unions inside an online archive example decoded to the variants their tags name.
fn check_online_archive_unions(
    example: &Value,
    criteria: Option<&models::CriteriaView>,
    schedule: Option<&models::OnlineArchiveSchedule>,
    region_tag: Option<Option<&str>>,
) -> Result<(), String> {
    let expected = |key: &str, tag: &str| example.get(key).and_then(|v| v.get(tag)?.as_str());
    if let Some(criteria) = criteria {
        let known = !matches!(criteria, models::CriteriaView::Unknown(_));
        if criteria.tag() != expected("criteria", "type") || !known {
            return Err(format!("criteria decoded as {criteria:?}"));
        }
    }
    if let Some(schedule) = schedule {
        let known = !matches!(schedule, models::OnlineArchiveSchedule::Unknown(_));
        if schedule.tag() != expected("schedule", "type") || !known {
            return Err(format!("schedule decoded as {schedule:?}"));
        }
    }
    if let Some(tag) = region_tag {
        if tag != expected("dataProcessRegion", "cloudProvider") {
            return Err(format!("dataProcessRegion decoded with tag {tag:?}"));
        }
    }
    Ok(())
}

fn check(example: &Example) -> Result<(), String> {
    match &example.kind {
        Kind::Request => check_request(example),
        Kind::Response(status) if status == "200" => check_ok_response(example),
        Kind::Response(status) if status.starts_with('4') || status.starts_with('5') => {
            // Not compared with `status`: the spec documents createStreamProcessor's 409 with
            // the Unauthorized (401) body, as upstream does.
            round_trip::<models::ApiError>(&example.value).map(drop)
        }
        Kind::Response(status) => Err(format!("no type mapped for status {status}")),
    }
}

#[test]
fn every_spec_example_round_trips_through_its_generated_type() {
    let (examples, operation_ids) = collect_examples();

    let mut checked = 0usize;
    let mut failures = Vec::new();
    for example in &examples {
        match check(example) {
            Ok(()) => checked += 1,
            Err(message) => failures.push(format!("{}: {message}", example.location)),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} examples fail:\n{}",
        failures.len(),
        examples.len(),
        failures.join("\n")
    );
    assert_eq!(checked, examples.len(), "every example found is checked");

    // The walk found the spec's nine operations and, for each, its 200 example(s).
    assert_eq!(operation_ids.len(), 9, "operations: {operation_ids:?}");
    let mut ok_examples: BTreeMap<&str, usize> = BTreeMap::new();
    let mut request_examples: BTreeSet<&str> = BTreeSet::new();
    for example in &examples {
        match &example.kind {
            Kind::Response(status) if status == "200" => {
                *ok_examples
                    .entry(example.operation_id.as_str())
                    .or_default() += 1
            }
            Kind::Request => {
                request_examples.insert(example.operation_id.as_str());
            }
            Kind::Response(_) => {}
        }
    }
    for operation_id in &operation_ids {
        assert!(
            ok_examples.contains_key(operation_id.as_str()),
            "{operation_id} contributed no 200 example"
        );
    }
    // getPrivateEndpoint documents one 200 example per PrivateLinkEndpoint variant.
    assert_eq!(ok_examples["getPrivateEndpoint"], 3);
    // Each operation with a request body contributed its request example.
    let with_body: BTreeSet<&str> = [
        "createOnlineArchive",
        "updateOrganizationInvitation",
        "updateProjectInvitationById",
        "createStreamProcessor",
    ]
    .into_iter()
    .collect();
    assert_eq!(request_examples, with_body);

    let errors = examples
        .iter()
        .filter(|e| matches!(&e.kind, Kind::Response(s) if s != "200"))
        .count();
    println!(
        "checked {checked} examples: {} request, {} 200-response, {errors} error-response",
        request_examples.len(),
        ok_examples.values().sum::<usize>(),
    );
    // Guards against a walk that silently finds less than the spec has.
    assert!(
        errors >= operation_ids.len() * 4,
        "only {errors} error examples found"
    );
}

/// The error examples are checked once per referencing operation above; each
/// `components/responses` entry is also checked directly, so an unreferenced one is covered too.
#[test]
fn every_component_response_example_is_an_api_error() {
    let responses = spec()["components"]["responses"]
        .as_object()
        .expect("the spec has components.responses");
    assert!(!responses.is_empty());
    let mut checked = 0;
    for (name, response) in responses {
        for media in response["content"].as_object().expect("content").values() {
            let example = media
                .get("example")
                .unwrap_or_else(|| panic!("components.responses.{name} has no example"));
            let error: models::ApiError =
                round_trip(example).unwrap_or_else(|e| panic!("components.responses.{name}: {e}"));
            assert!(!error.error_code.is_empty(), "{name}: empty errorCode");
            checked += 1;
        }
    }
    assert_eq!(checked, responses.len());
}
