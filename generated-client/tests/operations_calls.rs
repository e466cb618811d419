//! Every generated operation against a local HTTP server: the exact request it sends (method,
//! path, `Accept`, `Content-Type`, query string, JSON body), the decoding of the spec's 200
//! example, and, for each error status the spec lists, `Error::Api` with the decoded `ApiError`.
//!
//! Response bodies are the examples of `spec/atlas-admin-v2.yaml`, read at test time.

#![allow(deprecated)] // updateOrganizationInvitation and updateProjectInvitationById are deprecated.

mod common;

use std::fmt::Debug;
use std::future::Future;

use common::{client, received, resolve, serve, spec, GROUP_ID, ORG_ID, OTHER_ID};
use generated_client::models::{self, ApiError};
use generated_client::operations::{
    create_online_archive, create_stream_processor, delete_all_custom_zone_mappings,
    get_online_archive, get_private_endpoint, list_api_key_access_lists_entries, list_flex_backups,
    update_organization_invitation, update_project_invitation_by_id,
};
use generated_client::{Client, Error};
use serde_json::{json, Value};
use wiremock::matchers::{any, body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

// ---------------------------------------------------------------------------------------------
// The spec's description of an operation.

/// The operation object at `paths[template][method]`.
fn operation(template: &str, http_method: &str) -> &'static Value {
    let op = &spec()["paths"][template][http_method.to_ascii_lowercase()];
    assert!(op.is_object(), "no {http_method} {template} in the spec");
    op
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

/// An operation under test: where the spec describes it, its operationId and its `ACCEPT`.
struct Operation {
    template: &'static str,
    method: &'static str,
    operation_id: &'static str,
    accept: &'static str,
}

/// What one call of an operation must send, and which 200 example the server answers with.
#[derive(Default)]
struct Expected {
    /// The named example of `examples` to serve, or `example` when `None`.
    example: Option<&'static str>,
    /// The versioned media type of the 200 response: the `Accept` header, and the
    /// `Content-Type` of the body if there is one.
    media_type: &'static str,
    path: String,
    /// The whole query string.
    query: Option<&'static str>,
    /// Query parameters the server matches on.
    query_params: &'static [(&'static str, &'static str)],
    /// The JSON body.
    body: Option<Value>,
}

impl Operation {
    /// The spec's 200 example of the operation, and its media type.
    fn success_example(&self, named: Option<&str>) -> (String, Value) {
        response_example(
            &operation(self.template, self.method)["responses"]["200"],
            named,
        )
    }

    /// Every non-2xx status the spec lists for the operation, with its media type and example.
    fn error_examples(&self) -> Vec<(u16, String, Value)> {
        operation(self.template, self.method)["responses"]
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

    /// Serves the spec's 200 example to exactly one request matching `expected`, makes the
    /// call, checks the request it sent and returns the decoded response.
    async fn exchange<T, F, Fut>(&self, expected: Expected, call: F) -> T
    where
        T: Debug,
        F: FnOnce(Client) -> Fut,
        Fut: Future<Output = Result<T, Error<ApiError>>>,
    {
        let id = self.operation_id;
        let (media_type, example) = self.success_example(expected.example);
        assert_eq!(media_type, expected.media_type, "{id}: 200 media type");
        assert_eq!(self.accept, expected.media_type, "{id}: ACCEPT");
        let content_type = expected.body.as_ref().map(|_| expected.media_type);

        let server = MockServer::start().await;
        let mut mock = Mock::given(method(self.method))
            .and(path(expected.path.as_str()))
            .and(header("accept", expected.media_type));
        for (name, value) in expected.query_params {
            mock = mock.and(query_param(*name, *value));
        }
        if let Some(body) = &expected.body {
            mock = mock
                .and(header("content-type", expected.media_type))
                .and(body_json(body));
        }
        mock.respond_with(success(&media_type, &example))
            .expect(1)
            .mount(&server)
            .await;
        let value = call(client(&server))
            .await
            .unwrap_or_else(|error| panic!("{id}: {error:?}"));

        let request = only_request(&server).await;
        assert_eq!(request.method.as_str(), self.method, "{id}: method");
        assert_eq!(request.url.path(), expected.path, "{id}: path");
        assert_eq!(request.url.query(), expected.query, "{id}: query");
        assert_eq!(
            header_value(&request, "accept"),
            Some(expected.media_type),
            "{id}: accept"
        );
        assert_eq!(
            header_value(&request, "content-type"),
            content_type,
            "{id}: content-type"
        );
        match &expected.body {
            Some(body) => assert_eq!(received_json(&request), *body, "{id}: body"),
            None => assert!(request.body.is_empty(), "{id}: no body for {}", self.method),
        }
        value
    }

    /// For each error status the spec lists for the operation (which must be `statuses`),
    /// serves the spec's error example with that status and checks that `call` fails with
    /// `Error::Api` carrying it, decoded.
    async fn assert_spec_errors<T, F, Fut>(&self, statuses: &[u16], call: F)
    where
        T: Debug,
        F: Fn(Client) -> Fut,
        Fut: Future<Output = Result<T, Error<ApiError>>>,
    {
        let operation_id = self.operation_id;
        let errors = self.error_examples();
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
            let case = format!("{operation_id} {status}");
            match &error {
                Error::Api(failure) => {
                    assert_eq!(failure.status.as_u16(), status, "{case}");
                    assert_eq!(failure.operation_id, operation_id, "{case}");
                    assert_eq!(failure.accept, self.accept, "{case}");
                    let body = failure
                        .body
                        .as_ref()
                        .unwrap_or_else(|| panic!("{case}: the error body did not decode"));
                    assert_eq!(body.error_code, code, "{case}");
                    assert_eq!(
                        i64::from(body.error),
                        example["error"].as_i64().unwrap(),
                        "{case}"
                    );
                    assert_eq!(body.reason.as_deref(), example["reason"].as_str(), "{case}");
                    assert_eq!(body.detail.as_deref(), example["detail"].as_str(), "{case}");
                    assert_eq!(
                        serde_json::from_str::<Value>(&failure.raw_body).unwrap(),
                        example,
                        "{case}"
                    );
                }
                other => panic!("{case}: expected Error::Api, got {other:?}"),
            }
            assert_eq!(error.status().map(|s| s.as_u16()), Some(status), "{case}");
            assert_eq!(error.error_code(), Some(code), "{case}");
            assert!(error.is_error_code(code), "{case}");
            assert!(!error.is_error_code("SOME_OTHER_CODE"), "{case}");
            assert_eq!(error.operation_id(), Some(operation_id), "{case}");
            server.verify().await;
        }
    }
}

/// A test that each error status the spec lists for `$operation` (exactly `$statuses`) comes
/// back from `$call` as `Error::Api` carrying the spec's example (`assert_spec_errors`).
macro_rules! spec_errors_test {
    ($test:ident: $operation:ident, $statuses:expr, |$client:ident| $call:expr $(,)?) => {
        #[tokio::test]
        async fn $test() {
            $operation
                .assert_spec_errors(&$statuses, |$client| async move { $call.await })
                .await;
        }
    };
}

// ---------------------------------------------------------------------------------------------
// Helpers.

/// The only request the server received.
async fn only_request(server: &MockServer) -> Request {
    let mut requests = received(server).await;
    assert_eq!(requests.len(), 1, "exactly one request: {requests:#?}");
    requests.remove(0)
}

fn header_value<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request
        .headers
        .get(name)
        .map(|value| value.to_str().expect("an ASCII header"))
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

fn time(text: &str) -> chrono::DateTime<chrono::Utc> {
    text.parse().unwrap()
}

// ---------------------------------------------------------------------------------------------
// listFlexBackups

const LIST_FLEX_BACKUPS: Operation = Operation {
    template: "/api/atlas/v2/groups/{groupId}/flexClusters/{name}/backup/snapshots",
    method: "GET",
    operation_id: "listFlexBackups",
    accept: list_flex_backups::ACCEPT,
};

#[tokio::test]
async fn list_flex_backups_request_and_response() {
    assert_eq!(
        list_flex_backups::ACCEPT,
        "application/vnd.atlas.2024-11-13+json"
    );
    let params = list_flex_backups::Params {
        pretty: Some(true),
        include_count: Some(true),
        items_per_page: Some(50),
        page_num: Some(2),
    };
    let expected = Expected {
        media_type: "application/vnd.atlas.2024-11-13+json",
        path: format!("/api/atlas/v2/groups/{GROUP_ID}/flexClusters/flex-1/backup/snapshots"),
        query: Some("pretty=true&includeCount=true&itemsPerPage=50&pageNum=2"),
        query_params: &[("itemsPerPage", "50"), ("pageNum", "2")],
        ..Expected::default()
    };
    let page = LIST_FLEX_BACKUPS
        .exchange(expected, |client| async move {
            client.list_flex_backups(GROUP_ID, "flex-1", &params).await
        })
        .await;

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
    let (media_type, example) = LIST_FLEX_BACKUPS.success_example(None);
    let server = serve(success(&media_type, &example)).await;
    client(&server)
        .list_flex_backups(GROUP_ID, "flex-1", &Default::default())
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_eq!(request.url.query(), None);
}

spec_errors_test!(
    list_flex_backups_errors: LIST_FLEX_BACKUPS,
    [400, 401, 403, 404, 500],
    |client| client.list_flex_backups(GROUP_ID, "flex-1", &Default::default()),
);

// ---------------------------------------------------------------------------------------------
// deleteAllCustomZoneMappings

const DELETE_ALL_CUSTOM_ZONE_MAPPINGS: Operation = Operation {
    template:
        "/api/atlas/v2/groups/{groupId}/clusters/{clusterName}/globalWrites/customZoneMapping",
    method: "DELETE",
    operation_id: "deleteAllCustomZoneMappings",
    accept: delete_all_custom_zone_mappings::ACCEPT,
};

#[tokio::test]
async fn delete_all_custom_zone_mappings_request_and_response() {
    let params = delete_all_custom_zone_mappings::Params {
        pretty: Some(false),
    };
    let expected = Expected {
        media_type: "application/vnd.atlas.2024-08-05+json",
        path: format!(
            "/api/atlas/v2/groups/{GROUP_ID}/clusters/Cluster0/globalWrites/customZoneMapping"
        ),
        query: Some("pretty=false"),
        query_params: &[("pretty", "false")],
        ..Expected::default()
    };
    let sharding = DELETE_ALL_CUSTOM_ZONE_MAPPINGS
        .exchange(expected, |client| async move {
            client
                .delete_all_custom_zone_mappings(GROUP_ID, "Cluster0", &params)
                .await
        })
        .await;

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

spec_errors_test!(
    delete_all_custom_zone_mappings_errors: DELETE_ALL_CUSTOM_ZONE_MAPPINGS,
    [401, 403, 404, 500],
    |client| client.delete_all_custom_zone_mappings(GROUP_ID, "Cluster0", &Default::default()),
);

// ---------------------------------------------------------------------------------------------
// createOnlineArchive

const CREATE_ONLINE_ARCHIVE: Operation = Operation {
    template: "/api/atlas/v2/groups/{groupId}/clusters/{clusterName}/onlineArchives",
    method: "POST",
    operation_id: "createOnlineArchive",
    accept: create_online_archive::ACCEPT,
};

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
    let params = create_online_archive::Params { pretty: Some(true) };
    let expected = Expected {
        media_type: "application/vnd.atlas.2023-01-01+json",
        path: format!("/api/atlas/v2/groups/{GROUP_ID}/clusters/Cluster0/onlineArchives"),
        query: Some("pretty=true"),
        query_params: &[("pretty", "true")],
        body: Some(archive_body_json()),
        ..Expected::default()
    };
    let archive = CREATE_ONLINE_ARCHIVE
        .exchange(expected, |client| async move {
            client
                .create_online_archive(GROUP_ID, "Cluster0", &archive_body(), &params)
                .await
        })
        .await;
    assert_example_archive(&archive);
}

spec_errors_test!(
    create_online_archive_errors: CREATE_ONLINE_ARCHIVE,
    [400, 401, 403, 404, 409, 500],
    |client| {
        client
            .create_online_archive(GROUP_ID, "Cluster0", &archive_body(), &Default::default())
    },
);

// ---------------------------------------------------------------------------------------------
// getOnlineArchive

const GET_ONLINE_ARCHIVE: Operation = Operation {
    template: "/api/atlas/v2/groups/{groupId}/clusters/{clusterName}/onlineArchives/{archiveId}",
    method: "GET",
    operation_id: "getOnlineArchive",
    accept: get_online_archive::ACCEPT,
};

#[tokio::test]
async fn get_online_archive_request_and_response() {
    let params = get_online_archive::Params { pretty: Some(true) };
    let expected = Expected {
        media_type: "application/vnd.atlas.2023-01-01+json",
        path: format!(
            "/api/atlas/v2/groups/{GROUP_ID}/clusters/Cluster0/onlineArchives/{OTHER_ID}"
        ),
        query: Some("pretty=true"),
        ..Expected::default()
    };
    let archive = GET_ONLINE_ARCHIVE
        .exchange(expected, |client| async move {
            client
                .get_online_archive(GROUP_ID, "Cluster0", OTHER_ID, &params)
                .await
        })
        .await;
    assert_example_archive(&archive);
}

spec_errors_test!(
    get_online_archive_errors: GET_ONLINE_ARCHIVE,
    [400, 401, 403, 404, 500],
    |client| client.get_online_archive(GROUP_ID, "Cluster0", OTHER_ID, &Default::default()),
);

// ---------------------------------------------------------------------------------------------
// updateOrganizationInvitation

const UPDATE_ORGANIZATION_INVITATION: Operation = Operation {
    template: "/api/atlas/v2/orgs/{orgId}/invites",
    method: "PATCH",
    operation_id: "updateOrganizationInvitation",
    accept: update_organization_invitation::ACCEPT,
};

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
    let params = update_organization_invitation::Params {
        pretty: Some(false),
    };
    let expected = Expected {
        media_type: "application/vnd.atlas.2023-01-01+json",
        path: format!("/api/atlas/v2/orgs/{ORG_ID}/invites"),
        query: Some("pretty=false"),
        body: Some(json!({
            "groupRoleAssignments": [
                {"groupId": GROUP_ID, "roles": ["GROUP_BACKUP_MANAGER", "GROUP_READ_ONLY"]}
            ],
            "roles": ["ORG_MEMBER"],
            "teamIds": [OTHER_ID],
            "username": "hello@example.com"
        })),
        ..Expected::default()
    };
    let invitation = UPDATE_ORGANIZATION_INVITATION
        .exchange(expected, |client| async move {
            client
                .update_organization_invitation(ORG_ID, &org_invitation_body(), &params)
                .await
        })
        .await;

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

spec_errors_test!(
    update_organization_invitation_errors: UPDATE_ORGANIZATION_INVITATION,
    [400, 401, 403, 404, 500],
    |client| {
        client
            .update_organization_invitation(ORG_ID, &org_invitation_body(), &Default::default())
    },
);

// ---------------------------------------------------------------------------------------------
// getPrivateEndpoint

const GET_PRIVATE_ENDPOINT: Operation = Operation {
    template: "/api/atlas/v2/groups/{groupId}/privateEndpoint/{cloudProvider}/endpointService/{endpointServiceId}/endpoint/{endpointId}",
    method: "GET",
    operation_id: "getPrivateEndpoint",
    accept: get_private_endpoint::ACCEPT,
};
const VPCE_ID: &str = "vpce-0123456789abcdef0";

#[tokio::test]
async fn get_private_endpoint_request_and_response() {
    let params = get_private_endpoint::Params {
        pretty: Some(false),
    };
    let expected = Expected {
        example: Some("AWS"),
        media_type: "application/vnd.atlas.2023-01-01+json",
        path: format!(
            "/api/atlas/v2/groups/{GROUP_ID}/privateEndpoint/AWS/endpointService/{OTHER_ID}/endpoint/{VPCE_ID}"
        ),
        query: Some("pretty=false"),
        ..Expected::default()
    };
    let endpoint = GET_PRIVATE_ENDPOINT
        .exchange(expected, |client| async move {
            client
                .get_private_endpoint(
                    GROUP_ID,
                    &models::GetPrivateEndpointCloudProvider::Aws,
                    OTHER_ID,
                    VPCE_ID,
                    &params,
                )
                .await
        })
        .await;

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

spec_errors_test!(
    get_private_endpoint_errors: GET_PRIVATE_ENDPOINT,
    [400, 401, 403, 404, 500],
    |client| {
        client
            .get_private_endpoint(
                GROUP_ID,
                &models::GetPrivateEndpointCloudProvider::Aws,
                OTHER_ID,
                VPCE_ID,
                &Default::default(),
            )
    },
);

// ---------------------------------------------------------------------------------------------
// listApiKeyAccessListsEntries

const LIST_API_KEY_ACCESS_LISTS_ENTRIES: Operation = Operation {
    template: "/api/atlas/v2/orgs/{orgId}/apiKeys/{apiUserId}/accessList",
    method: "GET",
    operation_id: "listApiKeyAccessListsEntries",
    accept: list_api_key_access_lists_entries::ACCEPT,
};

#[tokio::test]
async fn list_api_key_access_lists_entries_request_and_response() {
    let params = list_api_key_access_lists_entries::Params {
        include_count: Some(false),
        items_per_page: Some(500),
        page_num: Some(1),
        pretty: Some(true),
    };
    let expected = Expected {
        media_type: "application/vnd.atlas.2023-01-01+json",
        path: format!("/api/atlas/v2/orgs/{ORG_ID}/apiKeys/{OTHER_ID}/accessList"),
        query: Some("includeCount=false&itemsPerPage=500&pageNum=1&pretty=true"),
        query_params: &[("itemsPerPage", "500")],
        ..Expected::default()
    };
    let page = LIST_API_KEY_ACCESS_LISTS_ENTRIES
        .exchange(expected, |client| async move {
            client
                .list_api_key_access_lists_entries(ORG_ID, OTHER_ID, &params)
                .await
        })
        .await;

    assert_eq!(page.total_count, Some(42));
    let entry = &page.results.as_ref().unwrap()[0];
    assert_eq!(entry.cidr_block.as_deref(), Some("203.0.113.0/24"));
    assert_eq!(entry.ip_address.as_deref(), Some("203.0.113.10"));
    assert_eq!(entry.count, Some(42));
    assert_eq!(entry.last_used, Some(time("2025-05-04T09:42:00Z")));
}

spec_errors_test!(
    list_api_key_access_lists_entries_errors: LIST_API_KEY_ACCESS_LISTS_ENTRIES,
    [401, 403, 404, 500],
    |client| client.list_api_key_access_lists_entries(ORG_ID, OTHER_ID, &Default::default()),
);

// ---------------------------------------------------------------------------------------------
// updateProjectInvitationById

const UPDATE_PROJECT_INVITATION_BY_ID: Operation = Operation {
    template: "/api/atlas/v2/groups/{groupId}/invites/{invitationId}",
    method: "PATCH",
    operation_id: "updateProjectInvitationById",
    accept: update_project_invitation_by_id::ACCEPT,
};

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
    let expected = Expected {
        media_type: "application/vnd.atlas.2023-01-01+json",
        path: format!("/api/atlas/v2/groups/{GROUP_ID}/invites/{OTHER_ID}"),
        query: None,
        body: Some(json!({"roles": ["GROUP_READ_ONLY", "GROUP_STREAM_PROCESSING_OWNER"]})),
        ..Expected::default()
    };
    let invitation = UPDATE_PROJECT_INVITATION_BY_ID
        .exchange(expected, |client| async move {
            client
                .update_project_invitation_by_id(GROUP_ID, OTHER_ID, &project_invitation_body())
                .await
        })
        .await;

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

spec_errors_test!(
    update_project_invitation_by_id_errors: UPDATE_PROJECT_INVITATION_BY_ID,
    [400, 401, 403, 404, 500],
    |client| {
        client
            .update_project_invitation_by_id(GROUP_ID, OTHER_ID, &project_invitation_body())
    },
);

// ---------------------------------------------------------------------------------------------
// createStreamProcessor

const CREATE_STREAM_PROCESSOR: Operation = Operation {
    template: "/api/atlas/v2/groups/{groupId}/streams/{tenantName}/processor",
    method: "POST",
    operation_id: "createStreamProcessor",
    accept: create_stream_processor::ACCEPT,
};

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
    let params = create_stream_processor::Params { pretty: Some(true) };
    let expected = Expected {
        media_type: "application/vnd.atlas.2024-05-30+json",
        path: format!("/api/atlas/v2/groups/{GROUP_ID}/streams/tenant-1/processor"),
        query: Some("pretty=true"),
        body: Some(processor_body_json()),
        ..Expected::default()
    };
    let processor = CREATE_STREAM_PROCESSOR
        .exchange(expected, |client| async move {
            client
                .create_stream_processor(GROUP_ID, "tenant-1", &processor_body(), &params)
                .await
        })
        .await;

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

spec_errors_test!(
    create_stream_processor_errors: CREATE_STREAM_PROCESSOR,
    [400, 401, 403, 404, 409, 500],
    |client| {
        client
            .create_stream_processor(
                GROUP_ID,
                "tenant-1",
                &processor_body(),
                &Default::default(),
            )
    },
);

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
