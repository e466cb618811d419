//! How generated operations behave beyond the plain request/response: path encoding, argument
//! and body validation before sending, read-only fields, page walking, digest and OAuth
//! authentication, retries, version errors and the per-operation API versions.

#![allow(deprecated)] // updateOrganizationInvitation and updateProjectInvitationById are deprecated.

mod common;

use std::collections::HashMap;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use common::{
    answer_all, client, client_with, digest_params, expected_digest_response, json_response,
    mount_token_endpoint, parse_digest, received, request_uri, serve, GROUP_ID, ORG_ID, OTHER_ID,
};
use futures_util::StreamExt;
use generated_client::models::{self, ApiError};
use generated_client::operations::{
    create_online_archive, create_stream_processor, delete_all_custom_zone_mappings,
    get_online_archive, get_private_endpoint, list_api_key_access_lists_entries, list_flex_backups,
    update_organization_invitation, update_project_invitation_by_id,
};
use generated_client::{Client, Credentials, Error, RetryPolicy};
use serde_json::{json, Value};
use wiremock::matchers::{any, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const BAD_ID: &str = "not-a-group";

fn query_map(request: &Request) -> HashMap<String, String> {
    request.url.query_pairs().into_owned().collect()
}

fn archive_response() -> Value {
    json!({
        "_id": OTHER_ID,
        "clusterName": "Cluster0",
        "collName": "orders",
        "dbName": "sales",
        "groupId": GROUP_ID,
        "criteria": {"type": "DATE", "dateField": "createdAt", "expireAfterDays": 30},
        "state": "PENDING"
    })
}

fn archive_body() -> models::BackupOnlineArchiveCreate {
    let criteria = models::CriteriaView::Date(models::DateCriteriaView {
        date_field: Some("createdAt".to_owned()),
        expire_after_days: Some(30),
        ..Default::default()
    });
    models::BackupOnlineArchiveCreate::new("orders".to_owned(), criteria, "sales".to_owned())
}

/// Asks a server answering `answer` for the Azure private endpoint `endpoint_id`: the result,
/// and the requests that reached the server.
async fn get_azure_endpoint(
    answer: Value,
    endpoint_id: &str,
) -> (
    Result<models::PrivateLinkEndpoint, Error<ApiError>>,
    Vec<Request>,
) {
    let server = serve(json_response(answer)).await;
    let result = client(&server)
        .get_private_endpoint(
            GROUP_ID,
            &models::GetPrivateEndpointCloudProvider::Azure,
            OTHER_ID,
            endpoint_id,
            &Default::default(),
        )
        .await;
    (result, received(&server).await)
}

/// The `InvalidArgument` of `result`, or a panic naming what came instead.
fn invalid_argument<T: std::fmt::Debug>(
    result: Result<T, Error<ApiError>>,
) -> generated_client::ArgumentError {
    match result {
        Err(Error::InvalidArgument(error)) => error,
        other => panic!("expected Error::InvalidArgument, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Path parameters are percent-encoded as exactly one segment.

#[tokio::test]
async fn azure_endpoint_id_is_encoded_as_one_segment() {
    // An Azure private endpoint's resource id, as Azure shows it; the seed says it "must be URL
    // encoded" in the path. The resource group name contains `..`.
    let endpoint_id = "/subscriptions/cba6d9c6-1d3f-3c11-03cb-c705d895e636/resourceGroups/rg..prod/providers/Microsoft.Network/privateEndpoints/pe-1";
    let answer = json!({
        "cloudProvider": "AZURE",
        "privateEndpointResourceId": endpoint_id,
        "status": "AVAILABLE"
    });
    let (result, seen) = get_azure_endpoint(answer, endpoint_id).await;
    let endpoint = result.unwrap_or_else(|error| {
        panic!("getPrivateEndpoint refused a plain Azure endpoint id: {error}")
    });
    assert_eq!(seen.len(), 1);
    assert_eq!(
        seen[0].url.path(),
        format!(
            "/api/atlas/v2/groups/{GROUP_ID}/privateEndpoint/AZURE/endpointService/{OTHER_ID}/endpoint/\
             %2Fsubscriptions%2Fcba6d9c6-1d3f-3c11-03cb-c705d895e636%2FresourceGroups%2Frg..prod\
             %2Fproviders%2FMicrosoft.Network%2FprivateEndpoints%2Fpe-1"
        )
    );
    match endpoint {
        models::PrivateLinkEndpoint::Azure(azure) => {
            assert_eq!(
                azure.private_endpoint_resource_id.as_deref(),
                Some(endpoint_id)
            )
        }
        other => panic!("expected the Azure variant, got {other:?}"),
    }
}

/// The spec's `endpointId` pattern describes the id as it appears on the wire (`%2F...`). A
/// caller who passes it already encoded must not have it encoded a second time (`%252F...`):
/// it is either refused before sending or sent as is.
#[tokio::test]
async fn an_already_encoded_azure_endpoint_id_is_not_double_encoded() {
    let encoded = "%2Fsubscriptions%2Fcba6d9c6-1d3f-3c11-03cb-c705d895e636%2FresourceGroups%2Frg1%2Fproviders%2FMicrosoft.Network%2FprivateEndpoints%2Fpe-1";
    let (result, seen) = get_azure_endpoint(json!({"cloudProvider": "AZURE"}), encoded).await;
    match result {
        Err(Error::InvalidArgument(error)) => {
            assert_eq!(error.parameter, "endpointId");
            assert!(seen.is_empty());
        }
        _ => {
            assert_eq!(seen.len(), 1);
            assert!(
                !seen[0].url.path().contains("%25"),
                "sent double-encoded: {}",
                seen[0].url.path()
            );
        }
    }
}

#[tokio::test]
async fn slashes_and_dot_segments_stay_inside_one_segment() {
    let server = serve(json_response(json!({"name": "p"}))).await;
    client(&server)
        .create_stream_processor(
            GROUP_ID,
            "../../../orgs/x?y=1#z",
            &models::StreamsProcessor::default(),
            &Default::default(),
        )
        .await
        .unwrap();
    let seen = received(&server).await;
    assert_eq!(seen.len(), 1);
    assert_eq!(
        seen[0].url.path(),
        format!(
            "/api/atlas/v2/groups/{GROUP_ID}/streams/..%2F..%2F..%2Forgs%2Fx%3Fy%3D1%23z/processor"
        )
    );
    assert_eq!(seen[0].url.query(), None);
}

#[tokio::test]
async fn a_bare_dot_segment_is_refused() {
    let server = MockServer::start().await;
    let error = invalid_argument(
        client(&server)
            .create_stream_processor(
                GROUP_ID,
                "..",
                &models::StreamsProcessor::default(),
                &Default::default(),
            )
            .await,
    );
    assert_eq!(error.parameter, "tenantName");
    assert!(received(&server).await.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Bad arguments are refused before anything is sent.

#[tokio::test]
async fn a_bad_group_id_is_refused_by_every_operation_without_a_request() {
    let server = MockServer::start().await;
    let client = client(&server);
    let aws = models::GetPrivateEndpointCloudProvider::Aws;
    // (operation, the path parameter BAD_ID is passed as, the error)
    let errors = [
        (
            "listFlexBackups",
            "groupId",
            invalid_argument(
                client
                    .list_flex_backups(BAD_ID, "flex-1", &Default::default())
                    .await,
            ),
        ),
        (
            "deleteAllCustomZoneMappings",
            "groupId",
            invalid_argument(
                client
                    .delete_all_custom_zone_mappings(BAD_ID, "Cluster0", &Default::default())
                    .await,
            ),
        ),
        (
            "createOnlineArchive",
            "groupId",
            invalid_argument(
                client
                    .create_online_archive(BAD_ID, "Cluster0", &archive_body(), &Default::default())
                    .await,
            ),
        ),
        (
            "getOnlineArchive",
            "groupId",
            invalid_argument(
                client
                    .get_online_archive(BAD_ID, "Cluster0", OTHER_ID, &Default::default())
                    .await,
            ),
        ),
        (
            "getPrivateEndpoint",
            "groupId",
            invalid_argument(
                client
                    .get_private_endpoint(
                        BAD_ID,
                        &aws,
                        OTHER_ID,
                        "vpce-0123456789abcdef0",
                        &Default::default(),
                    )
                    .await,
            ),
        ),
        (
            "updateProjectInvitationById",
            "groupId",
            invalid_argument(
                client
                    .update_project_invitation_by_id(BAD_ID, OTHER_ID, &Default::default())
                    .await,
            ),
        ),
        (
            "createStreamProcessor",
            "groupId",
            invalid_argument(
                client
                    .create_stream_processor(
                        BAD_ID,
                        "tenant-1",
                        &Default::default(),
                        &Default::default(),
                    )
                    .await,
            ),
        ),
        (
            "updateOrganizationInvitation",
            "orgId",
            invalid_argument(
                client
                    .update_organization_invitation(
                        BAD_ID,
                        &Default::default(),
                        &Default::default(),
                    )
                    .await,
            ),
        ),
        (
            "listApiKeyAccessListsEntries",
            "orgId",
            invalid_argument(
                client
                    .list_api_key_access_lists_entries(BAD_ID, OTHER_ID, &Default::default())
                    .await,
            ),
        ),
    ];
    for (operation, parameter, error) in errors {
        assert_eq!(error.parameter, parameter, "{operation}");
        assert!(
            error.to_string().contains(parameter),
            "{operation}: {error}"
        );
        assert!(
            !error.message.contains(BAD_ID),
            "{operation}: the value is not echoed: {error}"
        );
    }
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn other_bad_path_parameters_are_named() {
    let server = MockServer::start().await;
    let client = client(&server);
    let error = invalid_argument(
        client
            .list_flex_backups(GROUP_ID, "-starts-with-dash", &Default::default())
            .await,
    );
    assert_eq!(error.parameter, "name");
    let error = invalid_argument(
        client
            .get_online_archive(GROUP_ID, "Cluster0", "not-an-archive", &Default::default())
            .await,
    );
    assert_eq!(error.parameter, "archiveId");
    let error = invalid_argument(
        client
            .get_private_endpoint(
                GROUP_ID,
                &models::GetPrivateEndpointCloudProvider::Aws,
                "nope",
                "vpce-0123456789abcdef0",
                &Default::default(),
            )
            .await,
    );
    assert_eq!(error.parameter, "endpointServiceId");
    let error = invalid_argument(
        client
            .list_api_key_access_lists_entries(ORG_ID, "", &Default::default())
            .await,
    );
    assert_eq!(error.parameter, "apiUserId");
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn out_of_range_query_parameters_are_refused_before_sending() {
    let server = MockServer::start().await;
    let client = client(&server);
    for items_per_page in [0, 501, -1] {
        let params = list_flex_backups::Params {
            items_per_page: Some(items_per_page),
            ..Default::default()
        };
        let error = invalid_argument(client.list_flex_backups(GROUP_ID, "flex-1", &params).await);
        assert_eq!(error.parameter, "itemsPerPage", "{items_per_page}");
        assert!(error.to_string().contains("itemsPerPage"), "{error}");

        let params = list_api_key_access_lists_entries::Params {
            items_per_page: Some(items_per_page),
            ..Default::default()
        };
        let error = invalid_argument(
            client
                .list_api_key_access_lists_entries(ORG_ID, OTHER_ID, &params)
                .await,
        );
        assert_eq!(error.parameter, "itemsPerPage", "{items_per_page}");
    }
    let params = list_flex_backups::Params {
        page_num: Some(0),
        ..Default::default()
    };
    let error = invalid_argument(client.list_flex_backups(GROUP_ID, "flex-1", &params).await);
    assert_eq!(error.parameter, "pageNum");
    // The stream validates its first page the same way, and yields the error.
    let params = list_flex_backups::Params {
        items_per_page: Some(501),
        ..Default::default()
    };
    let mut stream = client.list_flex_backups_stream(GROUP_ID, "flex-1", &params);
    let first = stream.next().await.expect("one item: the error");
    assert_eq!(invalid_argument(first).parameter, "itemsPerPage");
    assert!(stream.next().await.is_none());
    drop(stream);
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn boundary_query_values_are_sent() {
    let server = serve(json_response(json!({"results": [], "totalCount": 0}))).await;
    let client = client(&server);
    for items_per_page in [1, 500] {
        let params = list_flex_backups::Params {
            items_per_page: Some(items_per_page),
            page_num: Some(1),
            ..Default::default()
        };
        client
            .list_flex_backups(GROUP_ID, "flex-1", &params)
            .await
            .unwrap();
    }
    let seen = received(&server).await;
    let queries: Vec<_> = seen
        .iter()
        .map(|r| r.url.query().unwrap().to_owned())
        .collect();
    assert_eq!(
        queries,
        ["itemsPerPage=1&pageNum=1", "itemsPerPage=500&pageNum=1"]
    );
}

#[tokio::test]
async fn a_body_breaking_a_constraint_is_refused_before_sending() {
    let server = MockServer::start().await;
    let client = client(&server);
    let mut body = archive_body();
    body.schedule = Some(models::OnlineArchiveSchedule::Daily(
        models::DailyScheduleView {
            start_hour: Some(1),
            start_minute: Some(0),
            end_hour: Some(24),
            end_minute: Some(0),
            ..Default::default()
        },
    ));
    let error = invalid_argument(
        client
            .create_online_archive(GROUP_ID, "Cluster0", &body, &Default::default())
            .await,
    );
    assert_eq!(error.parameter, "body");
    assert!(error.message.contains("schedule.endHour"), "{error}");
    assert!(error.message.contains("23"), "names the maximum: {error}");

    // Every violation is reported, each with its path.
    let mut body = archive_body();
    body.data_expiration_rule = Some(models::DataExpirationRuleView {
        expire_after_days: Some(1),
        ..Default::default()
    });
    body.partition_fields = Some(Vec::new());
    body.schedule = Some(models::OnlineArchiveSchedule::Weekly(
        models::WeeklyScheduleView {
            day_of_week: Some(8),
            ..Default::default()
        },
    ));
    let error = invalid_argument(
        client
            .create_online_archive(GROUP_ID, "Cluster0", &body, &Default::default())
            .await,
    );
    for path in [
        "dataExpirationRule.expireAfterDays",
        "partitionFields",
        "schedule.dayOfWeek",
    ] {
        assert!(error.message.contains(path), "{path} in {error}");
    }

    // A bad group id in a nested request object too.
    let invitation = models::OrganizationInvitationRequest {
        group_role_assignments: Some(vec![
            models::OrganizationInvitationGroupRoleAssignmentsRequest {
                group_id: Some(BAD_ID.to_owned()),
                ..Default::default()
            },
        ]),
        ..Default::default()
    };
    let error = invalid_argument(
        client
            .update_organization_invitation(ORG_ID, &invitation, &Default::default())
            .await,
    );
    assert_eq!(error.parameter, "body");
    assert!(
        error.message.contains("groupRoleAssignments[0].groupId"),
        "{error}"
    );
    assert!(received(&server).await.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Read-only fields are not sent.

#[tokio::test]
async fn read_only_fields_of_a_request_body_are_not_sent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(json_response(archive_response()))
        .mount(&server)
        .await;
    let client = client(&server);
    let mut body = archive_body();
    body.id = Some(OTHER_ID.to_owned());
    body.group_id = Some(GROUP_ID.to_owned());
    body.cluster_name = Some("Cluster0".to_owned());
    body.data_set_name = Some("v1$atlas$archive$sales$orders".to_owned());
    body.state = Some(models::BackupOnlineArchiveCreateState::Active);
    let mut field = models::PartitionFieldView::new("createdAt".to_owned(), 0);
    field.field_type = Some(models::PartitionFieldViewFieldType::Date);
    body.partition_fields = Some(vec![field]);
    client
        .create_online_archive(GROUP_ID, "Cluster0", &body, &Default::default())
        .await
        .unwrap();

    let processor = models::StreamsProcessor {
        id: Some(OTHER_ID.to_owned()),
        links: Some(vec![models::Link {
            href: Some("https://cloud.mongodb.com/api/atlas".to_owned()),
            rel: Some("self".to_owned()),
            ..Default::default()
        }]),
        name: Some("p".to_owned()),
        options: Some(models::StreamsOptions {
            dlq: Some(models::StreamsDlq {
                coll: Some("dlq".to_owned()),
                links: Some(Vec::new()),
                ..Default::default()
            }),
            links: Some(Vec::new()),
            ..Default::default()
        }),
        ..Default::default()
    };
    client
        .create_stream_processor(GROUP_ID, "tenant-1", &processor, &Default::default())
        .await
        .unwrap();

    let seen = received(&server).await;
    assert_eq!(seen.len(), 2);
    let sent: Value = serde_json::from_slice(&seen[0].body).unwrap();
    assert_eq!(
        sent,
        json!({
            "collName": "orders",
            "criteria": {"type": "DATE", "dateField": "createdAt", "expireAfterDays": 30},
            "dbName": "sales",
            "partitionFields": [{"fieldName": "createdAt", "order": 0}]
        })
    );
    for key in ["_id", "groupId", "clusterName", "dataSetName", "state"] {
        assert!(sent.get(key).is_none(), "{key} was sent");
    }
    let sent: Value = serde_json::from_slice(&seen[1].body).unwrap();
    assert_eq!(
        sent,
        json!({"name": "p", "options": {"dlq": {"coll": "dlq"}}})
    );
}

// ---------------------------------------------------------------------------------------------
// Page walking.

fn snapshot(n: usize) -> Value {
    json!({"id": format!("{n:024x}"), "status": "COMPLETED"})
}

#[tokio::test]
async fn list_flex_backups_stream_walks_three_pages() {
    let server = MockServer::start().await;
    let pages = [(1, vec![1, 2]), (2, vec![3, 4]), (3, vec![5])];
    for (page, items) in pages {
        Mock::given(method("GET"))
            .and(path(format!(
                "/api/atlas/v2/groups/{GROUP_ID}/flexClusters/flex-1/backup/snapshots"
            )))
            .and(query_param("pageNum", page.to_string().as_str()))
            .and(query_param("itemsPerPage", "2"))
            .respond_with(json_response(json!({
                "results": items.into_iter().map(snapshot).collect::<Vec<_>>(),
                "totalCount": 5
            })))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = client(&server);
    let params = list_flex_backups::Params {
        items_per_page: Some(2),
        include_count: Some(true),
        ..Default::default()
    };
    let items: Vec<models::FlexBackupSnapshot20241113> = client
        .list_flex_backups_stream(GROUP_ID, "flex-1", &params)
        .map(|item| item.expect("every page succeeds"))
        .collect()
        .await;
    let ids: Vec<String> = items.iter().map(|s| s.id.clone().unwrap()).collect();
    let expected: Vec<String> = (1..=5).map(|n| format!("{n:024x}")).collect();
    assert_eq!(ids, expected);

    let seen = received(&server).await;
    assert_eq!(seen.len(), 3);
    for (request, page) in seen.iter().zip(1..) {
        let query = query_map(request);
        assert_eq!(query["pageNum"], page.to_string());
        assert_eq!(query["itemsPerPage"], "2");
        assert_eq!(query["includeCount"], "true", "other params are kept");
        assert_eq!(
            request.headers["accept"],
            "application/vnd.atlas.2024-11-13+json"
        );
    }
    server.verify().await;
}

#[tokio::test]
async fn list_flex_backups_stream_starts_at_page_num() {
    let server = MockServer::start().await;
    Mock::given(query_param("pageNum", "3"))
        .respond_with(json_response(json!({
            "results": [snapshot(5)],
            "totalCount": 5
        })))
        .expect(1)
        .mount(&server)
        .await;
    let params = list_flex_backups::Params {
        items_per_page: Some(2),
        page_num: Some(3),
        ..Default::default()
    };
    let items: Vec<_> = client(&server)
        .list_flex_backups_stream(GROUP_ID, "flex-1", &params)
        .collect()
        .await;
    assert_eq!(items.len(), 1);
    assert_eq!(received(&server).await.len(), 1);
    server.verify().await;
}

fn access_entry(n: usize) -> Value {
    json!({"ipAddress": format!("203.0.113.{n}"), "count": n})
}

#[tokio::test]
async fn list_api_key_access_lists_entries_stream_stops_at_total_count() {
    let server = MockServer::start().await;
    let template = format!("/api/atlas/v2/orgs/{ORG_ID}/apiKeys/{OTHER_ID}/accessList");
    for (page, items) in [(1, vec![1, 2]), (2, vec![3, 4])] {
        Mock::given(method("GET"))
            .and(path(template.as_str()))
            .and(query_param("pageNum", page.to_string().as_str()))
            .respond_with(json_response(json!({
                "results": items.into_iter().map(access_entry).collect::<Vec<_>>(),
                "totalCount": 4
            })))
            .expect(1)
            .mount(&server)
            .await;
    }
    // Page 2 is full, but totalCount says there is nothing after it: page 3 must not be asked
    // for (a real server would answer it with an empty page).
    Mock::given(query_param("pageNum", "3"))
        .respond_with(json_response(
            json!({"results": [access_entry(99)], "totalCount": 4}),
        ))
        .expect(0)
        .mount(&server)
        .await;
    let params = list_api_key_access_lists_entries::Params {
        items_per_page: Some(2),
        ..Default::default()
    };
    let client = client(&server);
    let entries: Vec<models::UserAccessListResponse> = client
        .list_api_key_access_lists_entries_stream(ORG_ID, OTHER_ID, &params)
        .map(|item| item.expect("every page succeeds"))
        .collect()
        .await;
    let addresses: Vec<&str> = entries
        .iter()
        .map(|e| e.ip_address.as_deref().unwrap())
        .collect();
    assert_eq!(
        addresses,
        ["203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4"]
    );
    let seen = received(&server).await;
    assert_eq!(seen.len(), 2);
    for (request, page) in seen.iter().zip(1..) {
        let query = query_map(request);
        assert_eq!(query["pageNum"], page.to_string());
        assert_eq!(query["itemsPerPage"], "2");
    }
    server.verify().await;
}

#[tokio::test]
async fn a_failing_page_ends_the_stream_with_its_error() {
    let server = MockServer::start().await;
    Mock::given(query_param("pageNum", "1"))
        .respond_with(json_response(json!({
            "results": [access_entry(1), access_entry(2)],
            "totalCount": 10
        })))
        .mount(&server)
        .await;
    Mock::given(query_param("pageNum", "2"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "error": 404, "errorCode": "RESOURCE_NOT_FOUND", "reason": "Not Found"
        })))
        .mount(&server)
        .await;
    let params = list_api_key_access_lists_entries::Params {
        items_per_page: Some(2),
        ..Default::default()
    };
    let results: Vec<_> = client(&server)
        .list_api_key_access_lists_entries_stream(ORG_ID, OTHER_ID, &params)
        .collect()
        .await;
    assert_eq!(results.len(), 3);
    assert!(results[0].is_ok() && results[1].is_ok());
    let error = results[2].as_ref().unwrap_err();
    assert!(error.is_error_code("RESOURCE_NOT_FOUND"), "{error}");
    assert_eq!(received(&server).await.len(), 2);
}

// ---------------------------------------------------------------------------------------------
// Digest authentication through a generated operation.

const PUBLIC_KEY: &str = "abcdefgh";
const PRIVATE_KEY: &str = "11111111-2222-3333-4444-555555555555";
const REALM: &str = "MMS Public API";
const NONCE: &str = "nonce-ops-1";

/// Challenges requests without a digest header; answers valid ones with `body`.
fn digest_responder(body: Value) -> impl Fn(&Request) -> ResponseTemplate + Send + Sync {
    move |request: &Request| {
        let Some(authorization) = request.headers.get("authorization") else {
            return ResponseTemplate::new(401)
                .insert_header(
                    "www-authenticate",
                    format!(r#"Digest realm="{REALM}", domain="", nonce="{NONCE}", algorithm=MD5, qop="auth", stale=false"#),
                )
                .set_body_json(json!({"error": 401, "errorCode": "UNAUTHORIZED"}));
        };
        let p = parse_digest(authorization.to_str().unwrap());
        let expected = expected_digest_response("MD5", PUBLIC_KEY, REALM, PRIVATE_KEY, request, &p);
        if p["response"] == expected && p["uri"] == request_uri(request) {
            ResponseTemplate::new(200).set_body_json(body.clone())
        } else {
            ResponseTemplate::new(403)
                .set_body_json(json!({"error": 403, "errorCode": "BAD_DIGEST"}))
        }
    }
}

/// A server answering digest-authenticated requests with an online archive, and its client.
async fn digest_server() -> (MockServer, Client) {
    let server = serve(digest_responder(archive_response())).await;
    let client = client_with(&server, Credentials::digest(PUBLIC_KEY, PRIVATE_KEY));
    (server, client)
}

#[tokio::test]
async fn digest_auth_answers_the_challenge_of_an_operation() {
    let (server, client) = digest_server().await;
    let params = get_online_archive::Params { pretty: Some(true) };
    let archive = client
        .get_online_archive(GROUP_ID, "Cluster0", OTHER_ID, &params)
        .await
        .unwrap();
    assert_eq!(archive.id.as_deref(), Some(OTHER_ID));

    let seen = received(&server).await;
    assert_eq!(seen.len(), 2, "a challenge, then the authenticated request");
    assert!(seen[0].headers.get("authorization").is_none());
    let p = digest_params(&seen[1]);
    assert_eq!(p["username"], PUBLIC_KEY);
    assert_eq!(p["realm"], REALM);
    assert_eq!(p["nonce"], NONCE);
    assert_eq!(
        p["uri"],
        format!("/api/atlas/v2/groups/{GROUP_ID}/clusters/Cluster0/onlineArchives/{OTHER_ID}?pretty=true")
    );
    assert_eq!(p["nc"], "00000001");
    assert_eq!(p["qop"], "auth");
    assert!(!p["cnonce"].is_empty());
    assert_eq!(
        seen[1].headers["accept"],
        "application/vnd.atlas.2023-01-01+json"
    );

    // The challenge is reused: a POST with a body costs one request, with the next count.
    client
        .create_online_archive(GROUP_ID, "Cluster0", &archive_body(), &Default::default())
        .await
        .unwrap();
    let seen = received(&server).await;
    assert_eq!(seen.len(), 3);
    let p = digest_params(&seen[2]);
    assert_eq!(p["nc"], "00000002");
    assert_eq!(
        p["uri"],
        format!("/api/atlas/v2/groups/{GROUP_ID}/clusters/Cluster0/onlineArchives")
    );
    assert_eq!(seen[2].method.as_str(), "POST");
    assert!(!seen[2].body.is_empty());
}

#[tokio::test]
async fn digest_challenge_answered_for_a_post_resends_the_body() {
    let (server, client) = digest_server().await;
    client
        .create_online_archive(GROUP_ID, "Cluster0", &archive_body(), &Default::default())
        .await
        .unwrap();
    let seen = received(&server).await;
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].body, seen[1].body);
    assert_eq!(
        seen[1].headers["content-type"],
        "application/vnd.atlas.2023-01-01+json"
    );
}

// ---------------------------------------------------------------------------------------------
// OAuth service accounts through generated operations.

#[test]
fn service_accounts_use_the_spec_token_url() {
    assert_eq!(
        generated_client::SERVICE_ACCOUNTS_TOKEN_URL,
        "https://cloud.mongodb.com/api/oauth/token"
    );
    let credentials = Credentials::service_accounts("mdb_sa_id_1", "mdb_sa_sk_SECRET");
    let shown = format!("{credentials:?}");
    assert!(
        shown.contains("https://cloud.mongodb.com/api/oauth/token"),
        "{shown}"
    );
    assert!(shown.contains("mdb_sa_id_1"), "{shown}");
    assert!(!shown.contains("mdb_sa_sk_SECRET"), "{shown}");
    assert_eq!(
        generated_client::DEFAULT_BASE_URL,
        "https://cloud.mongodb.com"
    );
}

#[tokio::test]
async fn concurrent_operations_fetch_the_service_account_token_once() {
    let server = MockServer::start().await;
    let issued = mount_token_endpoint(
        &server,
        "/api/oauth/token",
        ("mdb_sa_id_1", "mdb_sa_sk_SECRET"),
        3600,
        // Slow enough that every call is waiting for it.
        Duration::from_millis(200),
    )
    .await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer tok-1"))
        .respond_with(json_response(archive_response()))
        .mount(&server)
        .await;
    let client = client_with(
        &server,
        Credentials::oauth2_client_credentials(
            "mdb_sa_id_1",
            "mdb_sa_sk_SECRET",
            format!("{}/api/oauth/token", server.uri()),
        ),
    );
    let calls = (0..16).map(|_| {
        let client = client.clone();
        async move {
            client
                .get_online_archive(GROUP_ID, "Cluster0", OTHER_ID, &Default::default())
                .await
        }
    });
    let results = futures_util::future::join_all(calls).await;
    for result in results {
        assert_eq!(result.unwrap().id.as_deref(), Some(OTHER_ID));
    }
    assert_eq!(issued.load(Ordering::SeqCst), 1, "one token for all calls");
    let seen = received(&server).await;
    let api_calls: Vec<_> = seen
        .iter()
        .filter(|r| r.url.path() != "/api/oauth/token")
        .collect();
    assert_eq!(api_calls.len(), 16);
    for request in api_calls {
        assert_eq!(request.headers["authorization"], "Bearer tok-1");
    }
}

// ---------------------------------------------------------------------------------------------
// Retries.

#[tokio::test]
async fn retry_after_is_honoured_on_a_get_operation() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "1")
                .set_body_json(json!({"error": 429, "errorCode": "RATE_LIMITED"})),
        )
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(json_response(
            json!({"results": [snapshot(1)], "totalCount": 1}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    // The default policy: a 200 ms initial backoff, so waiting a whole second shows that
    // Retry-After was read.
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let started = Instant::now();
    let page = client
        .list_flex_backups(GROUP_ID, "flex-1", &Default::default())
        .await
        .unwrap();
    let waited = started.elapsed();
    assert_eq!(page.total_count, Some(1));
    assert!(
        waited >= Duration::from_millis(950),
        "waited only {waited:?}"
    );
    let seen = received(&server).await;
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].url, seen[1].url);
    server.verify().await;
}

#[tokio::test]
async fn a_post_operation_is_never_retried() {
    let server = serve(
        ResponseTemplate::new(503)
            .insert_header("retry-after", "0")
            .set_body_json(json!({"error": 503, "errorCode": "SERVICE_UNAVAILABLE"})),
    )
    .await;
    let client = Client::builder()
        .base_url(server.uri())
        .retry_policy(RetryPolicy {
            max_retries: 5,
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(5),
        })
        .build()
        .unwrap();
    let error = client
        .create_online_archive(GROUP_ID, "Cluster0", &archive_body(), &Default::default())
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert!(error.is_error_code("SERVICE_UNAVAILABLE"));
    assert_eq!(received(&server).await.len(), 1);

    // Nor is a PATCH.
    server.reset().await;
    answer_all(&server, ResponseTemplate::new(503)).await;
    let error = client
        .update_project_invitation_by_id(GROUP_ID, OTHER_ID, &Default::default())
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(received(&server).await.len(), 1);

    // A DELETE is idempotent and is retried.
    server.reset().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    answer_all(
        &server,
        json_response(json!({"selfManagedSharding": false})),
    )
    .await;
    client
        .delete_all_custom_zone_mappings(GROUP_ID, "Cluster0", &Default::default())
        .await
        .unwrap();
    assert_eq!(received(&server).await.len(), 2);
}

// ---------------------------------------------------------------------------------------------
// Version errors.

#[tokio::test]
async fn not_acceptable_and_gone_name_the_media_type() {
    let server = MockServer::start().await;
    let client = client(&server);
    for status in [406u16, 410] {
        server.reset().await;
        let body = json!({
            "error": status,
            "errorCode": if status == 406 { "INVALID_VERSION_DATE" } else { "VERSION_GONE" },
            "reason": "version"
        });
        answer_all(&server, ResponseTemplate::new(status).set_body_json(body)).await;
        let error = client
            .list_flex_backups(GROUP_ID, "flex-1", &Default::default())
            .await
            .unwrap_err();
        let shown = error.to_string();
        assert!(
            shown.contains("application/vnd.atlas.2024-11-13+json"),
            "{status}: {shown}"
        );
        assert!(shown.contains("listFlexBackups"), "{shown}");
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));

        let error = client
            .create_stream_processor(
                GROUP_ID,
                "tenant-1",
                &Default::default(),
                &Default::default(),
            )
            .await
            .unwrap_err();
        let shown = error.to_string();
        assert!(
            shown.contains("application/vnd.atlas.2024-05-30+json"),
            "{status}: {shown}"
        );
        match &error {
            Error::Api(failure) => assert_eq!(failure.accept, create_stream_processor::ACCEPT),
            other => panic!("expected Error::Api, got {other:?}"),
        }
    }
    // 406 and 410 say different things, both naming the media type.
    let mut shown = Vec::new();
    for status in [406, 410] {
        server.reset().await;
        answer_all(&server, ResponseTemplate::new(status)).await;
        let error = client
            .get_online_archive(GROUP_ID, "Cluster0", OTHER_ID, &Default::default())
            .await
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("application/vnd.atlas.2023-01-01+json"),
            "{status}: {error}"
        );
        shown.push(error);
    }
    assert_ne!(shown[0], shown[1], "406 and 410 say the same");
}

// ---------------------------------------------------------------------------------------------
// API versions.

/// `(module, API_VERSION, ACCEPT, the expected version)` of each operation module.
macro_rules! versions {
    ($($module:ident => $version:literal),* $(,)?) => {
        [$((stringify!($module), $module::API_VERSION, $module::ACCEPT, $version)),*]
    };
}

/// `(module, CONTENT_TYPE, the expected media type)` of each operation module with a body.
macro_rules! content_types {
    ($($module:ident => $media_type:literal),* $(,)?) => {
        [$((stringify!($module), $module::CONTENT_TYPE, $media_type)),*]
    };
}

#[test]
fn each_operation_speaks_its_api_version() {
    let operations = versions![
        list_flex_backups => "2024-11-13",
        delete_all_custom_zone_mappings => "2024-08-05",
        create_stream_processor => "2024-05-30",
        create_online_archive => "2023-01-01",
        get_online_archive => "2023-01-01",
        update_organization_invitation => "2023-01-01",
        get_private_endpoint => "2023-01-01",
        list_api_key_access_lists_entries => "2023-01-01",
        update_project_invitation_by_id => "2023-01-01",
    ];
    for (module, version, accept, expected) in operations {
        assert_eq!(version, expected, "{module}::API_VERSION");
        assert_eq!(
            accept,
            format!("application/vnd.atlas.{version}+json"),
            "{module}::ACCEPT"
        );
    }
    let with_body = content_types![
        create_stream_processor => "application/vnd.atlas.2024-05-30+json",
        create_online_archive => "application/vnd.atlas.2023-01-01+json",
        update_organization_invitation => "application/vnd.atlas.2023-01-01+json",
        update_project_invitation_by_id => "application/vnd.atlas.2023-01-01+json",
    ];
    for (module, content_type, expected) in with_body {
        assert_eq!(content_type, expected, "{module}::CONTENT_TYPE");
    }
}
