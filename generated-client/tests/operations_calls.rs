//! Every generated operation against a local HTTP server: the exact request it sends (method,
//! path, `Accept`, `Content-Type`, query string, JSON body), the decoding of the spec's 200
//! example, and, for each error status the spec lists, `Error::Api` with the decoded `ApiError`.
//!
//! Response bodies are the examples of `spec/atlas-admin-v2.yaml`, read at test time.

#![allow(deprecated)] // updateOrganizationInvitation and updateProjectInvitationById are deprecated.

use std::fmt::Debug;
use std::future::Future;
use std::sync::OnceLock;

use generated_client::models::{self, ApiError};
use generated_client::operations::{
    create_online_archive, create_stream_processor, delete_all_custom_zone_mappings,
    get_online_archive, get_private_endpoint, list_api_key_access_lists_entries, list_flex_backups,
    update_organization_invitation, update_project_invitation_by_id,
};
use generated_client::{Client, Error, RetryPolicy};
use serde_json::{json, Value};
use wiremock::matchers::{any, body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const GROUP_ID: &str = "32b6e34b3d91647abb20e7b8";
const ORG_ID: &str = "4888442a3354817a7320eb61";
const OTHER_ID: &str = "5f1a2b3c4d5e6f708192a3b4";

// ---------------------------------------------------------------------------------------------
// The spec, read at test time.

fn spec() -> &'static Value {
    static SPEC: OnceLock<Value> = OnceLock::new();
    SPEC.get_or_init(|| {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../spec/atlas-admin-v2.yaml"
        ))
        .expect("spec/atlas-admin-v2.yaml is readable");
        serde_yaml::from_str(&text).expect("the spec parses as YAML")
    })
}

/// The operation object at `paths[template][method]`.
fn operation(template: &str, http_method: &str) -> &'static Value {
    let op = &spec()["paths"][template][http_method.to_ascii_lowercase()];
    assert!(op.is_object(), "no {http_method} {template} in the spec");
    op
}

/// Follows a `#/components/...` `$ref`, once.
fn resolve(value: &'static Value) -> &'static Value {
    match value.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let pointer = reference.strip_prefix('#').expect("a local $ref");
            spec()
                .pointer(pointer)
                .unwrap_or_else(|| panic!("dangling $ref {reference}"))
        }
        None => value,
    }
}

/// The single media type of a response and its example (`example`, or the named one of
/// `examples`).
fn response_example(response: &'static Value, named: Option<&str>) -> (String, Value) {
    let content = resolve(response)["content"]
        .as_object()
        .expect("a response with content");
    assert_eq!(content.len(), 1, "one media type per response");
    let (media_type, body) = content.iter().next().unwrap();
    let example = match named {
        Some(name) => body["examples"][name]["value"].clone(),
        None => body["example"].clone(),
    };
    assert!(!example.is_null(), "the spec has an example");
    (media_type.clone(), example)
}

/// The spec's 200 example of an operation, and its media type.
fn success_example(template: &str, http_method: &str, named: Option<&str>) -> (String, Value) {
    response_example(&operation(template, http_method)["responses"]["200"], named)
}

/// Every non-2xx status the spec lists for the operation, with its media type and example.
fn error_examples(template: &str, http_method: &str) -> Vec<(u16, String, Value)> {
    operation(template, http_method)["responses"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(status, _)| !status.starts_with('2'))
        .map(|(status, response)| {
            let (media_type, example) = response_example(response, None);
            (status.parse().unwrap(), media_type, example)
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Helpers.

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
}

/// The only request the server received.
async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "exactly one request: {requests:#?}");
    requests.remove(0)
}

fn header_value<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request
        .headers
        .get(name)
        .map(|value| value.to_str().expect("an ASCII header"))
}

/// Checks the parts of the request every operation test checks.
fn assert_request(
    request: &Request,
    expected_method: &str,
    expected_path: &str,
    expected_query: Option<&str>,
    accept: &str,
    content_type: Option<&str>,
) {
    assert_eq!(request.method.as_str(), expected_method);
    assert_eq!(request.url.path(), expected_path);
    assert_eq!(request.url.query(), expected_query);
    assert_eq!(header_value(request, "accept"), Some(accept));
    assert_eq!(header_value(request, "content-type"), content_type);
    if content_type.is_none() {
        assert!(request.body.is_empty(), "no body for {expected_method}");
    }
}

fn received_json(request: &Request) -> Value {
    serde_json::from_slice(&request.body).expect("the body is JSON")
}

/// Answers any request with the spec's 200 example, served with its media type.
fn success(media_type: &str, example: &Value) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .insert_header("content-type", media_type)
        .set_body_raw(serde_json::to_vec(example).unwrap(), media_type)
}

/// For each error status the spec lists for the operation (which must be `statuses`), serves
/// the spec's error example with that status and checks that `call` fails with `Error::Api`
/// carrying it, decoded.
async fn assert_spec_errors<T, F, Fut>(
    template: &str,
    http_method: &str,
    statuses: &[u16],
    operation_id: &str,
    accept: &str,
    call: F,
) where
    T: Debug,
    F: Fn(Client) -> Fut,
    Fut: Future<Output = Result<T, Error<ApiError>>>,
{
    let errors = error_examples(template, http_method);
    let listed: Vec<u16> = errors.iter().map(|(status, _, _)| *status).collect();
    assert_eq!(listed, statuses, "error statuses of {operation_id}");
    let server = MockServer::start().await;
    for (status, media_type, example) in errors {
        server.reset().await;
        Mock::given(any())
            .respond_with(
                ResponseTemplate::new(status)
                    .set_body_raw(serde_json::to_vec(&example).unwrap(), &media_type),
            )
            .expect(1)
            .mount(&server)
            .await;
        let error = call(client(&server))
            .await
            .expect_err("an error status is an error");
        let code = example["errorCode"].as_str().unwrap();
        match &error {
            Error::Api(failure) => {
                assert_eq!(failure.status.as_u16(), status);
                assert_eq!(failure.operation_id, operation_id);
                assert_eq!(failure.accept, accept);
                let body = failure.body.as_ref().unwrap_or_else(|| {
                    panic!("{operation_id} {status}: the error body did not decode")
                });
                assert_eq!(body.error_code, code);
                assert_eq!(i64::from(body.error), example["error"].as_i64().unwrap());
                assert_eq!(body.reason.as_deref(), example["reason"].as_str());
                assert_eq!(body.detail.as_deref(), example["detail"].as_str());
                assert_eq!(
                    serde_json::from_str::<Value>(&failure.raw_body).unwrap(),
                    example
                );
            }
            other => panic!("{operation_id} {status}: expected Error::Api, got {other:?}"),
        }
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(error.error_code(), Some(code));
        assert!(error.is_error_code(code), "{operation_id} {status}");
        assert!(!error.is_error_code("SOME_OTHER_CODE"));
        assert_eq!(error.operation_id(), Some(operation_id));
        server.verify().await;
    }
}

fn time(text: &str) -> chrono::DateTime<chrono::Utc> {
    text.parse().unwrap()
}

// ---------------------------------------------------------------------------------------------
// listFlexBackups

const FLEX_TEMPLATE: &str = "/api/atlas/v2/groups/{groupId}/flexClusters/{name}/backup/snapshots";

#[tokio::test]
async fn list_flex_backups_request_and_response() {
    let (media_type, example) = success_example(FLEX_TEMPLATE, "GET", None);
    assert_eq!(media_type, list_flex_backups::ACCEPT);
    assert_eq!(
        list_flex_backups::ACCEPT,
        "application/vnd.atlas.2024-11-13+json"
    );
    let server = MockServer::start().await;
    let expected_path =
        format!("/api/atlas/v2/groups/{GROUP_ID}/flexClusters/flex-1/backup/snapshots");
    Mock::given(method("GET"))
        .and(path(expected_path.as_str()))
        .and(header("accept", "application/vnd.atlas.2024-11-13+json"))
        .and(query_param("itemsPerPage", "50"))
        .and(query_param("pageNum", "2"))
        .respond_with(success(&media_type, &example))
        .expect(1)
        .mount(&server)
        .await;
    let params = list_flex_backups::Params {
        envelope: Some(false),
        pretty: Some(true),
        include_count: Some(true),
        items_per_page: Some(50),
        page_num: Some(2),
    };
    let page = client(&server)
        .list_flex_backups(GROUP_ID, "flex-1", &params)
        .await
        .unwrap();

    let request = only_request(&server).await;
    assert_request(
        &request,
        "GET",
        &expected_path,
        Some("envelope=false&pretty=true&includeCount=true&itemsPerPage=50&pageNum=2"),
        "application/vnd.atlas.2024-11-13+json",
        None,
    );
    assert_eq!(page.total_count, Some(42));
    let results = page.results.as_ref().unwrap();
    assert_eq!(results.len(), 1);
    let snapshot = &results[0];
    assert_eq!(snapshot.id.as_deref(), Some("32b6e34b3d91647abb20e7b8"));
    assert_eq!(
        snapshot.status,
        Some(models::FlexBackupSnapshot20241113Status::Pending)
    );
    assert_eq!(snapshot.mongo_db_version.as_deref(), Some("string"));
    assert_eq!(snapshot.finish_time, Some(time("2025-05-04T09:42:00Z")));
    assert_eq!(page.links.as_ref().unwrap()[0].rel.as_deref(), Some("self"));
}

#[tokio::test]
async fn list_flex_backups_without_params_sends_no_query() {
    let (media_type, example) = success_example(FLEX_TEMPLATE, "GET", None);
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(success(&media_type, &example))
        .mount(&server)
        .await;
    client(&server)
        .list_flex_backups(GROUP_ID, "flex-1", &Default::default())
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_eq!(request.url.query(), None);
}

#[tokio::test]
async fn list_flex_backups_errors() {
    assert_spec_errors(
        FLEX_TEMPLATE,
        "GET",
        &[400, 401, 403, 404, 500],
        "listFlexBackups",
        list_flex_backups::ACCEPT,
        |client| async move {
            client
                .list_flex_backups(GROUP_ID, "flex-1", &Default::default())
                .await
        },
    )
    .await;
}

// ---------------------------------------------------------------------------------------------
// deleteAllCustomZoneMappings

const ZONES_TEMPLATE: &str =
    "/api/atlas/v2/groups/{groupId}/clusters/{clusterName}/globalWrites/customZoneMapping";

#[tokio::test]
async fn delete_all_custom_zone_mappings_request_and_response() {
    let (media_type, example) = success_example(ZONES_TEMPLATE, "DELETE", None);
    assert_eq!(media_type, "application/vnd.atlas.2024-08-05+json");
    let server = MockServer::start().await;
    let expected_path =
        format!("/api/atlas/v2/groups/{GROUP_ID}/clusters/Cluster0/globalWrites/customZoneMapping");
    Mock::given(method("DELETE"))
        .and(path(expected_path.as_str()))
        .and(header("accept", "application/vnd.atlas.2024-08-05+json"))
        .and(query_param("envelope", "true"))
        .respond_with(success(&media_type, &example))
        .expect(1)
        .mount(&server)
        .await;
    let params = delete_all_custom_zone_mappings::Params {
        envelope: Some(true),
        pretty: Some(false),
    };
    let sharding = client(&server)
        .delete_all_custom_zone_mappings(GROUP_ID, "Cluster0", &params)
        .await
        .unwrap();

    let request = only_request(&server).await;
    assert_request(
        &request,
        "DELETE",
        &expected_path,
        Some("envelope=true&pretty=false"),
        "application/vnd.atlas.2024-08-05+json",
        None,
    );
    let mapping = sharding.custom_zone_mapping.as_ref().unwrap();
    assert_eq!(
        mapping.get("additionalProperty1").map(String::as_str),
        Some("32b6e34b3d91647abb20e7b8")
    );
    assert_eq!(mapping.len(), 2);
    let namespace = &sharding.managed_namespaces.as_ref().unwrap()[0];
    assert_eq!(namespace.db, "string");
    assert_eq!(namespace.num_initial_chunks, Some(42));
    assert_eq!(namespace.is_custom_shard_key_hashed, Some(false));
    assert_eq!(sharding.self_managed_sharding, Some(true));
}

#[tokio::test]
async fn delete_all_custom_zone_mappings_errors() {
    assert_spec_errors(
        ZONES_TEMPLATE,
        "DELETE",
        &[401, 403, 404, 500],
        "deleteAllCustomZoneMappings",
        delete_all_custom_zone_mappings::ACCEPT,
        |client| async move {
            client
                .delete_all_custom_zone_mappings(GROUP_ID, "Cluster0", &Default::default())
                .await
        },
    )
    .await;
}

// ---------------------------------------------------------------------------------------------
// createOnlineArchive

const ARCHIVES_TEMPLATE: &str =
    "/api/atlas/v2/groups/{groupId}/clusters/{clusterName}/onlineArchives";

fn archive_body() -> models::BackupOnlineArchiveCreate {
    let criteria = models::CriteriaView::Date(models::DateCriteriaView {
        date_field: Some("createdAt".to_owned()),
        date_format: Some(models::DateCriteriaViewDateFormat::Isodate),
        expire_after_days: Some(30),
        ..Default::default()
    });
    let mut body =
        models::BackupOnlineArchiveCreate::new("orders".to_owned(), criteria, "sales".to_owned());
    body.collection_type = Some(models::BackupOnlineArchiveCreateCollectionType::Standard);
    body.data_expiration_rule = Some(models::DataExpirationRuleView {
        expire_after_days: Some(90),
        ..Default::default()
    });
    body.data_process_region = Some(models::CreateDataProcessRegionView::Aws(
        models::AwsCreateDataProcessRegionView {
            region: Some(models::AwsCreateDataProcessRegionViewRegion::UsEast1),
            ..Default::default()
        },
    ));
    body.partition_fields = Some(vec![
        models::PartitionFieldView::new("createdAt".to_owned(), 0),
        models::PartitionFieldView::new("customerId".to_owned(), 1),
    ]);
    body.paused = Some(false);
    body.schedule = Some(models::OnlineArchiveSchedule::Weekly(
        models::WeeklyScheduleView {
            day_of_week: Some(7),
            start_hour: Some(1),
            start_minute: Some(0),
            end_hour: Some(5),
            end_minute: Some(30),
            ..Default::default()
        },
    ));
    body
}

fn archive_body_json() -> Value {
    json!({
        "collName": "orders",
        "collectionType": "STANDARD",
        "criteria": {
            "type": "DATE",
            "dateField": "createdAt",
            "dateFormat": "ISODATE",
            "expireAfterDays": 30
        },
        "dataExpirationRule": {"expireAfterDays": 90},
        "dataProcessRegion": {"cloudProvider": "AWS", "region": "US_EAST_1"},
        "dbName": "sales",
        "partitionFields": [
            {"fieldName": "createdAt", "order": 0},
            {"fieldName": "customerId", "order": 1}
        ],
        "paused": false,
        "schedule": {
            "type": "WEEKLY",
            "dayOfWeek": 7,
            "startHour": 1,
            "startMinute": 0,
            "endHour": 5,
            "endMinute": 30
        }
    })
}

fn assert_example_archive(archive: &models::BackupOnlineArchive) {
    assert_eq!(archive.id.as_deref(), Some("32b6e34b3d91647abb20e7b8"));
    assert_eq!(
        archive.group_id.as_deref(),
        Some("32b6e34b3d91647abb20e7b8")
    );
    assert_eq!(archive.cluster_name.as_deref(), Some("string"));
    assert_eq!(
        archive.state,
        Some(models::BackupOnlineArchiveState::Pending)
    );
    assert!(
        matches!(archive.criteria, Some(models::CriteriaView::Date(_))),
        "{:?}",
        archive.criteria
    );
    assert!(
        matches!(
            archive.schedule,
            Some(models::OnlineArchiveSchedule::Default(_))
        ),
        "{:?}",
        archive.schedule
    );
    match &archive.data_process_region {
        Some(models::DataProcessRegionView::Aws(region)) => assert_eq!(
            region.region,
            Some(models::AwsDataProcessRegionViewRegion::UsEast1)
        ),
        other => panic!("expected an AWS region, got {other:?}"),
    }
    assert_eq!(
        archive
            .data_expiration_rule
            .as_ref()
            .unwrap()
            .expire_after_days,
        Some(42)
    );
    let field = &archive.partition_fields.as_ref().unwrap()[0];
    assert_eq!(
        field.field_type,
        Some(models::PartitionFieldViewFieldType::Date)
    );
    assert_eq!(archive.paused, Some(true));
}

#[tokio::test]
async fn create_online_archive_request_and_response() {
    let (media_type, example) = success_example(ARCHIVES_TEMPLATE, "POST", None);
    assert_eq!(media_type, "application/vnd.atlas.2023-01-01+json");
    let server = MockServer::start().await;
    let expected_path = format!("/api/atlas/v2/groups/{GROUP_ID}/clusters/Cluster0/onlineArchives");
    Mock::given(method("POST"))
        .and(path(expected_path.as_str()))
        .and(header("accept", "application/vnd.atlas.2023-01-01+json"))
        .and(header(
            "content-type",
            "application/vnd.atlas.2023-01-01+json",
        ))
        .and(query_param("pretty", "true"))
        .and(body_json(archive_body_json()))
        .respond_with(success(&media_type, &example))
        .expect(1)
        .mount(&server)
        .await;
    let params = create_online_archive::Params {
        envelope: None,
        pretty: Some(true),
    };
    let archive = client(&server)
        .create_online_archive(GROUP_ID, "Cluster0", &archive_body(), &params)
        .await
        .unwrap();

    let request = only_request(&server).await;
    assert_request(
        &request,
        "POST",
        &expected_path,
        Some("pretty=true"),
        "application/vnd.atlas.2023-01-01+json",
        Some("application/vnd.atlas.2023-01-01+json"),
    );
    assert_eq!(received_json(&request), archive_body_json());
    assert_example_archive(&archive);
}

#[tokio::test]
async fn create_online_archive_errors() {
    assert_spec_errors(
        ARCHIVES_TEMPLATE,
        "POST",
        &[400, 401, 403, 404, 409, 500],
        "createOnlineArchive",
        create_online_archive::ACCEPT,
        |client| async move {
            client
                .create_online_archive(GROUP_ID, "Cluster0", &archive_body(), &Default::default())
                .await
        },
    )
    .await;
}

// ---------------------------------------------------------------------------------------------
// getOnlineArchive

const ARCHIVE_TEMPLATE: &str =
    "/api/atlas/v2/groups/{groupId}/clusters/{clusterName}/onlineArchives/{archiveId}";

#[tokio::test]
async fn get_online_archive_request_and_response() {
    let (media_type, example) = success_example(ARCHIVE_TEMPLATE, "GET", None);
    assert_eq!(media_type, "application/vnd.atlas.2023-01-01+json");
    let server = MockServer::start().await;
    let expected_path =
        format!("/api/atlas/v2/groups/{GROUP_ID}/clusters/Cluster0/onlineArchives/{OTHER_ID}");
    Mock::given(method("GET"))
        .and(path(expected_path.as_str()))
        .and(header("accept", "application/vnd.atlas.2023-01-01+json"))
        .respond_with(success(&media_type, &example))
        .expect(1)
        .mount(&server)
        .await;
    let params = get_online_archive::Params {
        envelope: Some(true),
        pretty: Some(true),
    };
    let archive = client(&server)
        .get_online_archive(GROUP_ID, OTHER_ID, "Cluster0", &params)
        .await
        .unwrap();

    let request = only_request(&server).await;
    assert_request(
        &request,
        "GET",
        &expected_path,
        Some("envelope=true&pretty=true"),
        "application/vnd.atlas.2023-01-01+json",
        None,
    );
    assert_example_archive(&archive);
}

#[tokio::test]
async fn get_online_archive_errors() {
    assert_spec_errors(
        ARCHIVE_TEMPLATE,
        "GET",
        &[400, 401, 403, 404, 500],
        "getOnlineArchive",
        get_online_archive::ACCEPT,
        |client| async move {
            client
                .get_online_archive(GROUP_ID, OTHER_ID, "Cluster0", &Default::default())
                .await
        },
    )
    .await;
}

// ---------------------------------------------------------------------------------------------
// updateOrganizationInvitation

const ORG_INVITES_TEMPLATE: &str = "/api/atlas/v2/orgs/{orgId}/invites";

fn org_invitation_body() -> models::OrganizationInvitationRequest {
    models::OrganizationInvitationRequest {
        group_role_assignments: Some(vec![
            models::OrganizationInvitationGroupRoleAssignmentsRequest {
                group_id: Some(GROUP_ID.to_owned()),
                roles: Some(vec![
                    models::OrganizationInvitationGroupRoleAssignmentsRequestRolesItem::GroupBackupManager,
                    models::OrganizationInvitationGroupRoleAssignmentsRequestRolesItem::GroupReadOnly,
                ]),
                ..Default::default()
            },
        ]),
        roles: Some(vec![
            models::OrganizationInvitationRequestRolesItem::OrgMember,
        ]),
        team_ids: Some(vec![OTHER_ID.to_owned()]),
        username: Some("hello@example.com".to_owned()),
        ..Default::default()
    }
}

#[tokio::test]
async fn update_organization_invitation_request_and_response() {
    let (media_type, example) = success_example(ORG_INVITES_TEMPLATE, "PATCH", None);
    assert_eq!(media_type, "application/vnd.atlas.2023-01-01+json");
    let server = MockServer::start().await;
    let expected_path = format!("/api/atlas/v2/orgs/{ORG_ID}/invites");
    let expected_body = json!({
        "groupRoleAssignments": [
            {"groupId": GROUP_ID, "roles": ["GROUP_BACKUP_MANAGER", "GROUP_READ_ONLY"]}
        ],
        "roles": ["ORG_MEMBER"],
        "teamIds": [OTHER_ID],
        "username": "hello@example.com"
    });
    Mock::given(method("PATCH"))
        .and(path(expected_path.as_str()))
        .and(header("accept", "application/vnd.atlas.2023-01-01+json"))
        .and(header(
            "content-type",
            "application/vnd.atlas.2023-01-01+json",
        ))
        .and(body_json(&expected_body))
        .respond_with(success(&media_type, &example))
        .expect(1)
        .mount(&server)
        .await;
    let params = update_organization_invitation::Params {
        envelope: Some(false),
        pretty: None,
    };
    let invitation = client(&server)
        .update_organization_invitation(ORG_ID, &org_invitation_body(), &params)
        .await
        .unwrap();

    let request = only_request(&server).await;
    assert_request(
        &request,
        "PATCH",
        &expected_path,
        Some("envelope=false"),
        "application/vnd.atlas.2023-01-01+json",
        Some("application/vnd.atlas.2023-01-01+json"),
    );
    assert_eq!(received_json(&request), expected_body);
    assert_eq!(invitation.id.as_deref(), Some("32b6e34b3d91647abb20e7b8"));
    assert_eq!(invitation.org_name, "string");
    assert_eq!(invitation.username.as_deref(), Some("hello@example.com"));
    assert_eq!(
        invitation.roles,
        Some(vec![models::OrganizationInvitationRolesItem::OrgOwner])
    );
    let assignment = &invitation.group_role_assignments.as_ref().unwrap()[0];
    assert_eq!(
        assignment.group_role,
        Some(models::GroupRoleGroupRole::GroupBackupManager)
    );
    assert_eq!(invitation.created_at, Some(time("2025-05-04T09:42:00Z")));
}

#[tokio::test]
async fn update_organization_invitation_errors() {
    assert_spec_errors(
        ORG_INVITES_TEMPLATE,
        "PATCH",
        &[400, 401, 403, 404, 500],
        "updateOrganizationInvitation",
        update_organization_invitation::ACCEPT,
        |client| async move {
            client
                .update_organization_invitation(ORG_ID, &org_invitation_body(), &Default::default())
                .await
        },
    )
    .await;
}

// ---------------------------------------------------------------------------------------------
// getPrivateEndpoint

const ENDPOINT_TEMPLATE: &str = "/api/atlas/v2/groups/{groupId}/privateEndpoint/{cloudProvider}/endpointService/{endpointServiceId}/endpoint/{endpointId}";
const VPCE_ID: &str = "vpce-0123456789abcdef0";

#[tokio::test]
async fn get_private_endpoint_request_and_response() {
    let (media_type, example) = success_example(ENDPOINT_TEMPLATE, "GET", Some("AWS"));
    assert_eq!(media_type, "application/vnd.atlas.2023-01-01+json");
    let server = MockServer::start().await;
    let expected_path = format!(
        "/api/atlas/v2/groups/{GROUP_ID}/privateEndpoint/AWS/endpointService/{OTHER_ID}/endpoint/{VPCE_ID}"
    );
    Mock::given(method("GET"))
        .and(path(expected_path.as_str()))
        .and(header("accept", "application/vnd.atlas.2023-01-01+json"))
        .respond_with(success(&media_type, &example))
        .expect(1)
        .mount(&server)
        .await;
    let params = get_private_endpoint::Params {
        envelope: None,
        pretty: Some(false),
    };
    let endpoint = client(&server)
        .get_private_endpoint(
            GROUP_ID,
            &models::GetPrivateEndpointCloudProvider::Aws,
            VPCE_ID,
            OTHER_ID,
            &params,
        )
        .await
        .unwrap();

    let request = only_request(&server).await;
    assert_request(
        &request,
        "GET",
        &expected_path,
        Some("pretty=false"),
        "application/vnd.atlas.2023-01-01+json",
        None,
    );
    match endpoint {
        models::PrivateLinkEndpoint::Aws(aws) => {
            assert_eq!(
                aws.connection_status,
                Some(models::AwsInterfaceEndpointConnectionStatus::PendingAcceptance)
            );
            assert_eq!(aws.delete_requested, Some(true));
            assert_eq!(aws.interface_endpoint_id.as_deref(), Some("string"));
        }
        other => panic!("expected the AWS variant, got {other:?}"),
    }
}

#[tokio::test]
async fn get_private_endpoint_errors() {
    assert_spec_errors(
        ENDPOINT_TEMPLATE,
        "GET",
        &[400, 401, 403, 404, 500],
        "getPrivateEndpoint",
        get_private_endpoint::ACCEPT,
        |client| async move {
            client
                .get_private_endpoint(
                    GROUP_ID,
                    &models::GetPrivateEndpointCloudProvider::Aws,
                    VPCE_ID,
                    OTHER_ID,
                    &Default::default(),
                )
                .await
        },
    )
    .await;
}

// ---------------------------------------------------------------------------------------------
// listApiKeyAccessListsEntries

const ACCESS_LIST_TEMPLATE: &str = "/api/atlas/v2/orgs/{orgId}/apiKeys/{apiUserId}/accessList";

#[tokio::test]
async fn list_api_key_access_lists_entries_request_and_response() {
    let (media_type, example) = success_example(ACCESS_LIST_TEMPLATE, "GET", None);
    assert_eq!(media_type, "application/vnd.atlas.2023-01-01+json");
    let server = MockServer::start().await;
    let expected_path = format!("/api/atlas/v2/orgs/{ORG_ID}/apiKeys/{OTHER_ID}/accessList");
    Mock::given(method("GET"))
        .and(path(expected_path.as_str()))
        .and(header("accept", "application/vnd.atlas.2023-01-01+json"))
        .and(query_param("itemsPerPage", "500"))
        .respond_with(success(&media_type, &example))
        .expect(1)
        .mount(&server)
        .await;
    let params = list_api_key_access_lists_entries::Params {
        envelope: Some(true),
        include_count: Some(false),
        items_per_page: Some(500),
        page_num: Some(1),
        pretty: Some(true),
    };
    let page = client(&server)
        .list_api_key_access_lists_entries(ORG_ID, OTHER_ID, &params)
        .await
        .unwrap();

    let request = only_request(&server).await;
    assert_request(
        &request,
        "GET",
        &expected_path,
        Some("envelope=true&includeCount=false&itemsPerPage=500&pageNum=1&pretty=true"),
        "application/vnd.atlas.2023-01-01+json",
        None,
    );
    assert_eq!(page.total_count, Some(42));
    let entry = &page.results.as_ref().unwrap()[0];
    assert_eq!(entry.cidr_block.as_deref(), Some("203.0.113.0/24"));
    assert_eq!(entry.ip_address.as_deref(), Some("203.0.113.10"));
    assert_eq!(entry.count, Some(42));
    assert_eq!(entry.last_used, Some(time("2025-05-04T09:42:00Z")));
}

#[tokio::test]
async fn list_api_key_access_lists_entries_errors() {
    assert_spec_errors(
        ACCESS_LIST_TEMPLATE,
        "GET",
        &[401, 403, 404, 500],
        "listApiKeyAccessListsEntries",
        list_api_key_access_lists_entries::ACCEPT,
        |client| async move {
            client
                .list_api_key_access_lists_entries(ORG_ID, OTHER_ID, &Default::default())
                .await
        },
    )
    .await;
}

// ---------------------------------------------------------------------------------------------
// updateProjectInvitationById

const PROJECT_INVITE_TEMPLATE: &str = "/api/atlas/v2/groups/{groupId}/invites/{invitationId}";

fn project_invitation_body() -> models::GroupInvitationUpdateRequest {
    models::GroupInvitationUpdateRequest {
        roles: Some(vec![
            models::GroupInvitationUpdateRequestRolesItem::GroupReadOnly,
            models::GroupInvitationUpdateRequestRolesItem::GroupStreamProcessingOwner,
        ]),
        ..Default::default()
    }
}

#[tokio::test]
async fn update_project_invitation_by_id_request_and_response() {
    let (media_type, example) = success_example(PROJECT_INVITE_TEMPLATE, "PATCH", None);
    assert_eq!(media_type, "application/vnd.atlas.2023-01-01+json");
    let server = MockServer::start().await;
    let expected_path = format!("/api/atlas/v2/groups/{GROUP_ID}/invites/{OTHER_ID}");
    let expected_body = json!({"roles": ["GROUP_READ_ONLY", "GROUP_STREAM_PROCESSING_OWNER"]});
    Mock::given(method("PATCH"))
        .and(path(expected_path.as_str()))
        .and(header("accept", "application/vnd.atlas.2023-01-01+json"))
        .and(header(
            "content-type",
            "application/vnd.atlas.2023-01-01+json",
        ))
        .and(body_json(&expected_body))
        .respond_with(success(&media_type, &example))
        .expect(1)
        .mount(&server)
        .await;
    let params = update_project_invitation_by_id::Params {
        envelope: Some(true),
    };
    let invitation = client(&server)
        .update_project_invitation_by_id(GROUP_ID, OTHER_ID, &project_invitation_body(), &params)
        .await
        .unwrap();

    let request = only_request(&server).await;
    assert_request(
        &request,
        "PATCH",
        &expected_path,
        Some("envelope=true"),
        "application/vnd.atlas.2023-01-01+json",
        Some("application/vnd.atlas.2023-01-01+json"),
    );
    assert_eq!(received_json(&request), expected_body);
    assert_eq!(
        invitation.group_id.as_deref(),
        Some("32b6e34b3d91647abb20e7b8")
    );
    assert_eq!(invitation.group_name.as_deref(), Some("string"));
    assert_eq!(
        invitation.roles,
        Some(vec![models::GroupInvitationRolesItem::GroupBackupManager])
    );
    assert_eq!(
        invitation.inviter_username.as_deref(),
        Some("hello@example.com")
    );
    assert_eq!(invitation.expires_at, Some(time("2025-05-04T09:42:00Z")));
}

#[tokio::test]
async fn update_project_invitation_by_id_errors() {
    assert_spec_errors(
        PROJECT_INVITE_TEMPLATE,
        "PATCH",
        &[400, 401, 403, 404, 500],
        "updateProjectInvitationById",
        update_project_invitation_by_id::ACCEPT,
        |client| async move {
            client
                .update_project_invitation_by_id(
                    GROUP_ID,
                    OTHER_ID,
                    &project_invitation_body(),
                    &Default::default(),
                )
                .await
        },
    )
    .await;
}

// ---------------------------------------------------------------------------------------------
// createStreamProcessor

const PROCESSOR_TEMPLATE: &str = "/api/atlas/v2/groups/{groupId}/streams/{tenantName}/processor";

fn processor_body() -> models::StreamsProcessor {
    let stage = |json: Value| match json {
        Value::Object(map) => map,
        _ => unreachable!(),
    };
    models::StreamsProcessor {
        name: Some("solarDemo".to_owned()),
        options: Some(models::StreamsOptions {
            dlq: Some(models::StreamsDlq {
                coll: Some("dlq".to_owned()),
                connection_name: Some("atlasCluster".to_owned()),
                db: Some("streams".to_owned()),
                ..Default::default()
            }),
            ..Default::default()
        }),
        pipeline: Some(vec![
            stage(json!({"$source": {"connectionName": "sample_stream_solar"}})),
            stage(json!({"$match": {"obs.watts": {"$gt": 100}}})),
            stage(
                json!({"$emit": {"connectionName": "atlasCluster", "db": "solar", "coll": "out"}}),
            ),
        ]),
        ..Default::default()
    }
}

fn processor_body_json() -> Value {
    json!({
        "name": "solarDemo",
        "options": {"dlq": {"coll": "dlq", "connectionName": "atlasCluster", "db": "streams"}},
        "pipeline": [
            {"$source": {"connectionName": "sample_stream_solar"}},
            {"$match": {"obs.watts": {"$gt": 100}}},
            {"$emit": {"connectionName": "atlasCluster", "db": "solar", "coll": "out"}}
        ]
    })
}

#[tokio::test]
async fn create_stream_processor_request_and_response() {
    let (media_type, example) = success_example(PROCESSOR_TEMPLATE, "POST", None);
    assert_eq!(media_type, "application/vnd.atlas.2024-05-30+json");
    let server = MockServer::start().await;
    let expected_path = format!("/api/atlas/v2/groups/{GROUP_ID}/streams/tenant-1/processor");
    Mock::given(method("POST"))
        .and(path(expected_path.as_str()))
        .and(header("accept", "application/vnd.atlas.2024-05-30+json"))
        .and(header(
            "content-type",
            "application/vnd.atlas.2024-05-30+json",
        ))
        .and(body_json(processor_body_json()))
        .respond_with(success(&media_type, &example))
        .expect(1)
        .mount(&server)
        .await;
    let params = create_stream_processor::Params {
        envelope: Some(false),
        pretty: Some(true),
    };
    let processor = client(&server)
        .create_stream_processor(GROUP_ID, "tenant-1", &processor_body(), &params)
        .await
        .unwrap();

    let request = only_request(&server).await;
    assert_request(
        &request,
        "POST",
        &expected_path,
        Some("envelope=false&pretty=true"),
        "application/vnd.atlas.2024-05-30+json",
        Some("application/vnd.atlas.2024-05-30+json"),
    );
    assert_eq!(received_json(&request), processor_body_json());
    assert_eq!(processor.id.as_deref(), Some("32b6e34b3d91647abb20e7b8"));
    assert_eq!(processor.name.as_deref(), Some("string"));
    let options = processor.options.as_ref().unwrap();
    assert_eq!(
        options.dlq.as_ref().unwrap().connection_name.as_deref(),
        Some("string")
    );
    assert_eq!(options.links.as_ref().unwrap().len(), 1);
    let stage = &processor.pipeline.as_ref().unwrap()[0];
    assert_eq!(stage.get("additionalProperty1"), Some(&json!({})));
}

#[tokio::test]
async fn create_stream_processor_errors() {
    assert_spec_errors(
        PROCESSOR_TEMPLATE,
        "POST",
        &[400, 401, 403, 404, 409, 500],
        "createStreamProcessor",
        create_stream_processor::ACCEPT,
        |client| async move {
            client
                .create_stream_processor(
                    GROUP_ID,
                    "tenant-1",
                    &processor_body(),
                    &Default::default(),
                )
                .await
        },
    )
    .await;
}

// ---------------------------------------------------------------------------------------------
// The constants of every operation agree with the spec.

/// The constants of one operation module.
struct Constants {
    operation_id: &'static str,
    method: &'static str,
    path: &'static str,
    accept: &'static str,
    api_version: &'static str,
    content_type: Option<&'static str>,
}

macro_rules! constants {
    ($module:ident) => {
        Constants {
            operation_id: $module::OPERATION_ID,
            method: $module::METHOD,
            path: $module::PATH,
            accept: $module::ACCEPT,
            api_version: $module::API_VERSION,
            content_type: None,
        }
    };
    ($module:ident, with_body) => {
        Constants {
            content_type: Some($module::CONTENT_TYPE),
            ..constants!($module)
        }
    };
}

#[test]
fn operation_constants_match_the_spec() {
    let operations = [
        constants!(list_flex_backups),
        constants!(delete_all_custom_zone_mappings),
        constants!(create_online_archive, with_body),
        constants!(get_online_archive),
        constants!(update_organization_invitation, with_body),
        constants!(get_private_endpoint),
        constants!(list_api_key_access_lists_entries),
        constants!(update_project_invitation_by_id, with_body),
        constants!(create_stream_processor, with_body),
    ];
    for c in operations {
        let op = operation(c.path, c.method);
        assert_eq!(op["operationId"], c.operation_id, "{} {}", c.method, c.path);
        let success = op["responses"]["200"]["content"].as_object().unwrap();
        assert_eq!(
            success.keys().collect::<Vec<_>>(),
            [c.accept],
            "{}",
            c.operation_id
        );
        assert_eq!(
            c.accept,
            format!("application/vnd.atlas.{}+json", c.api_version)
        );
        let body_media_type = op["requestBody"]["content"]
            .as_object()
            .map(|content| content.keys().next().unwrap().as_str());
        assert_eq!(c.content_type, body_media_type, "{}", c.operation_id);
    }
}
