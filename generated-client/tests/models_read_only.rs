//! Read-only properties are never sent in a request body (`json_body`), but plain
//! serialization (used when a response is written back, e.g. cached or logged) keeps them so
//! responses round-trip.

mod common;

use common::spec;
use generated_client::models::{
    BackupOnlineArchiveCreate, BackupOnlineArchiveCreateCollectionType,
    BackupOnlineArchiveCreateState, CreateDataProcessRegionView, CriteriaView, DailyScheduleView,
    DataExpirationRuleView, DateCriteriaView, GcpCreateDataProcessRegionView,
    GcpCreateDataProcessRegionViewRegion, GroupInvitationUpdateRequest,
    GroupInvitationUpdateRequestRolesItem, Link, OnlineArchiveSchedule,
    OrganizationInvitationGroupRoleAssignmentsRequest, OrganizationInvitationRequest,
    OrganizationInvitationRequestRolesItem, PartitionFieldView, PartitionFieldViewFieldType,
    StreamsDlq, StreamsOptions, StreamsProcessor,
};
use generated_client::operations;
use serde_json::{json, Map, Value};

/// The JSON `json_body` would send.
fn sent<T: serde::Serialize + generated_client::ReadOnlyFields>(
    content_type: &'static str,
    value: &T,
) -> Value {
    common::sent_body(content_type, value).unwrap_or_else(|e| panic!("{e}"))
}

/// The names of `schema`'s properties marked `readOnly` (directly or on the referenced schema).
fn read_only_properties(schema: &str) -> Vec<String> {
    let spec = spec();
    let properties = spec["components"]["schemas"][schema]["properties"]
        .as_object()
        .unwrap_or_else(|| panic!("{schema} has properties"));
    properties
        .iter()
        .filter(|(_, property)| {
            let target = match property.get("$ref").and_then(Value::as_str) {
                Some(reference) => spec.pointer(reference.trim_start_matches('#')).unwrap(),
                None => property,
            };
            property["readOnly"] == json!(true) || target["readOnly"] == json!(true)
        })
        .map(|(name, _)| name.clone())
        .collect()
}

fn links() -> Option<Vec<Link>> {
    Some(vec![Link {
        href: Some("https://cloud.mongodb.com/api/atlas/v2/groups/32b6e34b3d91647abb20e7b8".into()),
        rel: Some("self".into()),
        additional_properties: Map::new(),
    }])
}

fn online_archive_with_read_only_fields() -> BackupOnlineArchiveCreate {
    let mut archive = BackupOnlineArchiveCreate::new(
        "orders".to_owned(),
        CriteriaView::Date(DateCriteriaView {
            date_field: Some("created".to_owned()),
            expire_after_days: Some(30),
            ..Default::default()
        }),
        "shop".to_owned(),
    );
    // Read-only: set by the server.
    archive.id = Some("32b6e34b3d91647abb20e7b8".to_owned());
    archive.cluster_name = Some("Cluster0".to_owned());
    archive.group_id = Some("5f0c1f2e3d4c5b6a79880123".to_owned());
    archive.data_set_name = Some("v1$atlas$archive$shop$orders$1".to_owned());
    archive.state = Some(BackupOnlineArchiveCreateState::Active);
    // Writable.
    archive.collection_type = Some(BackupOnlineArchiveCreateCollectionType::Standard);
    archive.data_expiration_rule = Some(DataExpirationRuleView {
        expire_after_days: Some(365),
        ..Default::default()
    });
    archive.data_process_region = Some(CreateDataProcessRegionView::Gcp(
        GcpCreateDataProcessRegionView {
            region: Some(GcpCreateDataProcessRegionViewRegion::CentralUs),
            ..Default::default()
        },
    ));
    let mut created = PartitionFieldView::new("created".to_owned(), 0);
    // `fieldType` of a partition field is read-only too.
    created.field_type = Some(PartitionFieldViewFieldType::Date);
    let mut customer = PartitionFieldView::new("customerId".to_owned(), 1);
    customer.field_type = Some(PartitionFieldViewFieldType::ObjectId);
    archive.partition_fields = Some(vec![created, customer]);
    archive.paused = Some(false);
    archive.schedule = Some(OnlineArchiveSchedule::Daily(DailyScheduleView {
        start_hour: Some(1),
        end_hour: Some(5),
        ..Default::default()
    }));
    archive
}

#[test]
fn the_spec_marks_the_expected_online_archive_create_properties_read_only() {
    let mut read_only = read_only_properties("BackupOnlineArchiveCreate");
    read_only.sort();
    assert_eq!(
        read_only,
        ["_id", "clusterName", "dataSetName", "groupId", "state"]
    );
    assert_eq!(read_only_properties("PartitionFieldView"), ["fieldType"]);
    let mut read_only = read_only_properties("StreamsProcessor");
    read_only.sort();
    assert_eq!(read_only, ["_id", "links"]);
    assert_eq!(read_only_properties("StreamsOptions"), ["links"]);
    assert_eq!(read_only_properties("StreamsDLQ"), ["links"]);
}

#[test]
fn online_archive_create_body_omits_read_only_fields() {
    let archive = online_archive_with_read_only_fields();
    let body = sent(operations::create_online_archive::CONTENT_TYPE, &archive);
    let object = body.as_object().expect("an object");

    for key in read_only_properties("BackupOnlineArchiveCreate") {
        assert!(
            !object.contains_key(&key),
            "read-only {key} was sent: {body}"
        );
    }
    assert_eq!(
        body,
        json!({
            "collName": "orders",
            "collectionType": "STANDARD",
            "criteria": {"type": "DATE", "dateField": "created", "expireAfterDays": 30},
            "dataExpirationRule": {"expireAfterDays": 365},
            "dataProcessRegion": {"cloudProvider": "GCP", "region": "CENTRAL_US"},
            "dbName": "shop",
            "partitionFields": [
                {"fieldName": "created", "order": 0},
                {"fieldName": "customerId", "order": 1}
            ],
            "paused": false,
            "schedule": {"type": "DAILY", "endHour": 5, "startHour": 1}
        }),
        "the writable fields are all sent, read-only ones (also partitionFields[].fieldType) are not"
    );
    // json_body does not change the value it sends.
    assert_eq!(archive, online_archive_with_read_only_fields());
}

#[test]
fn online_archive_create_plain_serialization_keeps_read_only_fields() {
    let archive = online_archive_with_read_only_fields();
    let encoded = serde_json::to_value(&archive).unwrap();
    assert_eq!(encoded["_id"], "32b6e34b3d91647abb20e7b8");
    assert_eq!(encoded["clusterName"], "Cluster0");
    assert_eq!(encoded["groupId"], "5f0c1f2e3d4c5b6a79880123");
    assert_eq!(encoded["dataSetName"], "v1$atlas$archive$shop$orders$1");
    assert_eq!(encoded["state"], "ACTIVE");
    assert_eq!(encoded["partitionFields"][0]["fieldType"], "date");
    assert_eq!(encoded["partitionFields"][1]["fieldType"], "objectId");
    let decoded: BackupOnlineArchiveCreate = serde_json::from_value(encoded).unwrap();
    assert_eq!(decoded, archive);
}

fn stream_processor_with_read_only_fields() -> StreamsProcessor {
    let mut stage = Map::new();
    stage.insert(
        "$source".to_owned(),
        json!({"connectionName": "kafkaProd", "topic": "orders"}),
    );
    StreamsProcessor {
        id: Some("32b6e34b3d91647abb20e7b8".to_owned()),
        links: links(),
        name: Some("ordersProcessor".to_owned()),
        options: Some(StreamsOptions {
            dlq: Some(StreamsDlq {
                coll: Some("dlq".to_owned()),
                connection_name: Some("atlasCluster".to_owned()),
                db: Some("streams".to_owned()),
                links: links(),
                additional_properties: Map::new(),
            }),
            links: links(),
            additional_properties: Map::new(),
        }),
        pipeline: Some(vec![stage]),
        additional_properties: Map::new(),
    }
}

#[test]
fn stream_processor_body_omits_read_only_fields_at_every_level() {
    let processor = stream_processor_with_read_only_fields();
    let body = sent(
        operations::create_stream_processor::CONTENT_TYPE,
        &processor,
    );
    assert!(body.get("_id").is_none(), "{body}");
    assert!(body.get("links").is_none(), "{body}");
    assert!(body["options"].get("links").is_none(), "{body}");
    assert!(body["options"]["dlq"].get("links").is_none(), "{body}");
    assert_eq!(
        body,
        json!({
            "name": "ordersProcessor",
            "options": {
                "dlq": {"coll": "dlq", "connectionName": "atlasCluster", "db": "streams"}
            },
            "pipeline": [{"$source": {"connectionName": "kafkaProd", "topic": "orders"}}]
        })
    );
}

#[test]
fn stream_processor_plain_serialization_keeps_read_only_fields() {
    let processor = stream_processor_with_read_only_fields();
    let encoded = serde_json::to_value(&processor).unwrap();
    let link = json!([{
        "href": "https://cloud.mongodb.com/api/atlas/v2/groups/32b6e34b3d91647abb20e7b8",
        "rel": "self"
    }]);
    assert_eq!(encoded["_id"], "32b6e34b3d91647abb20e7b8");
    assert_eq!(encoded["links"], link);
    assert_eq!(encoded["options"]["links"], link);
    assert_eq!(encoded["options"]["dlq"]["links"], link);
    let decoded: StreamsProcessor = serde_json::from_value(encoded).unwrap();
    assert_eq!(decoded, processor);
}

/// A response read from the server and sent back as a request drops exactly the read-only
/// properties.
#[test]
fn a_stream_processor_response_sent_back_drops_only_read_only_fields() {
    let response = json!({
        "_id": "32b6e34b3d91647abb20e7b8",
        "links": [{"href": "https://cloud.mongodb.com/api/atlas", "rel": "self"}],
        "name": "p",
        "options": {
            "dlq": {"coll": "c", "links": [{"rel": "self"}], "unknownDlqSetting": 1},
            "links": [{"rel": "self"}]
        },
        "pipeline": [{"$match": {"x": 1}}],
        "state": "STARTED"
    });
    let processor: StreamsProcessor = serde_json::from_value(response.clone()).unwrap();
    assert_eq!(serde_json::to_value(&processor).unwrap(), response);
    assert_eq!(
        sent(
            operations::create_stream_processor::CONTENT_TYPE,
            &processor
        ),
        json!({
            "name": "p",
            "options": {"dlq": {"coll": "c", "unknownDlqSetting": 1}},
            "pipeline": [{"$match": {"x": 1}}],
            "state": "STARTED"
        }),
        "unknown properties are kept, the spec's read-only ones are dropped"
    );
}

/// Request bodies without read-only properties are sent exactly as serialized.
#[test]
fn bodies_without_read_only_fields_are_sent_whole() {
    let invitation = OrganizationInvitationRequest {
        group_role_assignments: Some(vec![OrganizationInvitationGroupRoleAssignmentsRequest {
            group_id: Some("32b6e34b3d91647abb20e7b8".to_owned()),
            roles: None,
            additional_properties: Map::new(),
        }]),
        roles: Some(vec![OrganizationInvitationRequestRolesItem::OrgMember]),
        team_ids: Some(vec!["5f0c1f2e3d4c5b6a79880123".to_owned()]),
        username: Some("jane@example.com".to_owned()),
        additional_properties: Map::new(),
    };
    assert_eq!(
        sent(
            operations::update_organization_invitation::CONTENT_TYPE,
            &invitation
        ),
        serde_json::to_value(&invitation).unwrap()
    );
    let update = GroupInvitationUpdateRequest {
        roles: Some(vec![GroupInvitationUpdateRequestRolesItem::GroupReadOnly]),
        additional_properties: Map::new(),
    };
    assert_eq!(
        sent(
            operations::update_project_invitation_by_id::CONTENT_TYPE,
            &update
        ),
        json!({"roles": ["GROUP_READ_ONLY"]})
    );
}
