//! Discriminated unions: every variant round-trips with its tag on the wire (as the first key),
//! unknown tags are kept verbatim, and unions nested in structs round-trip too.

mod common;

use generated_client::models::{
    AwsCreateDataProcessRegionView, AwsCreateDataProcessRegionViewRegion, AwsDataProcessRegionView,
    AwsDataProcessRegionViewRegion, AwsInterfaceEndpoint, AwsInterfaceEndpointConnectionStatus,
    AzureCreateDataProcessRegionView, AzureCreateDataProcessRegionViewRegion,
    AzureDataProcessRegionView, AzureDataProcessRegionViewRegion, AzurePrivateEndpoint,
    AzurePrivateEndpointStatus, BackupOnlineArchive, BackupOnlineArchiveCreate,
    CreateDataProcessRegionView, CriteriaView, CustomCriteriaView, DailyScheduleView,
    DataProcessRegionView, DateCriteriaView, DateCriteriaViewDateFormat, DefaultScheduleView,
    GcpConsumerForwardingRuleStatus, GcpCreateDataProcessRegionView,
    GcpCreateDataProcessRegionViewRegion, GcpDataProcessRegionView, GcpDataProcessRegionViewRegion,
    MonthlyScheduleView, OnlineArchiveSchedule, PrivateGcpEndpointGroup,
    PrivateGcpEndpointGroupStatus, PrivateLinkEndpoint, WeeklyScheduleView,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use std::fmt::Debug;

/// Checks that `encoded` is an object whose first key is `tag_name`.
fn assert_tag_first(encoded: &Value, tag_name: &str) {
    let first_key = encoded.as_object().and_then(|o| o.keys().next());
    assert_eq!(
        first_key.map(String::as_str),
        Some(tag_name),
        "the tag comes first in {encoded}"
    );
}

/// Decodes `input`, re-encodes it and checks the JSON is equal, with `tag_name` as the first
/// key of the encoding; returns the decoded value for variant checks.
fn round_trip<T>(input: &Value, tag_name: &str) -> T
where
    T: DeserializeOwned + Serialize + PartialEq + Debug,
{
    let decoded: T = common::round_trip(input).unwrap_or_else(|e| panic!("{e}"));
    assert_tag_first(&serde_json::to_value(&decoded).expect("encodes"), tag_name);
    let text = serde_json::to_string(&decoded).expect("encodes");
    assert!(
        text.starts_with(&format!("{{\"{tag_name}\":")),
        "the tag comes first on the wire: {text}"
    );
    decoded
}

/// Encodes a value built in Rust and checks the exact JSON (tag first).
fn encodes_to<T: Serialize>(value: &T, expected: Value, tag_name: &str) {
    let encoded = serde_json::to_value(value).expect("encodes");
    assert_eq!(encoded, expected);
    assert_tag_first(&encoded, tag_name);
}

/// A test that `$input` round-trips as `$ty` with `$tag_name` first, decodes to the variant
/// `$pattern` describes, and that `tag()` names it `$tag`.
macro_rules! round_trip_test {
    (
        $test:ident: $ty:ty, $tag_name:literal, $input:expr,
        $pattern:pat $(if $guard:expr)?, $tag:literal $(,)?
    ) => {
        #[test]
        fn $test() {
            let value: $ty = round_trip(&$input, $tag_name);
            assert!(matches!(&value, $pattern $(if $guard)?), "{value:?}");
            assert_eq!(value.tag(), Some($tag));
        }
    };
}

/// A test that `$input`, whose tag `$ty` does not know, decodes to `$ty::Unknown` holding it
/// verbatim, that `tag()` is `$tag`, and that it re-encodes unchanged.
macro_rules! unknown_tag_test {
    ($test:ident: $ty:ident, $input:expr, $tag:literal $(,)?) => {
        #[test]
        fn $test() {
            let input = $input;
            let value: $ty = serde_json::from_value(input.clone()).unwrap();
            assert!(
                matches!(&value, $ty::Unknown(v) if *v == input),
                "{value:?}"
            );
            assert_eq!(value.tag(), Some($tag));
            assert_eq!(serde_json::to_value(&value).unwrap(), input);
        }
    };
}

// ---------------------------------------------------------------------------------------------
// CriteriaView

round_trip_test!(
    criteria_date_round_trips: CriteriaView,
    "type",
    json!({
        "type": "DATE",
        "dateField": "createdAt",
        "dateFormat": "EPOCH_MILLIS",
        "expireAfterDays": 30
    }),
    CriteriaView::Date(DateCriteriaView {
        date_field: Some(field),
        date_format: Some(DateCriteriaViewDateFormat::EpochMillis),
        expire_after_days: Some(30),
        additional_properties,
    }) if field == "createdAt" && additional_properties.is_empty(),
    "DATE",
);

round_trip_test!(
    criteria_custom_round_trips: CriteriaView,
    "type",
    json!({
        "type": "CUSTOM",
        "query": "{ \"status\": \"archived\", \"year\": { \"$lt\": 2020 } }"
    }),
    CriteriaView::Custom(CustomCriteriaView { query, additional_properties })
        if query.contains("archived") && additional_properties.is_empty(),
    "CUSTOM",
);

#[test]
fn criteria_built_in_rust_encodes_with_its_tag() {
    let criteria = CriteriaView::Custom(CustomCriteriaView::new("{\"a\": 1}".to_owned()));
    encodes_to(
        &criteria,
        json!({"type": "CUSTOM", "query": "{\"a\": 1}"}),
        "type",
    );
    let criteria = CriteriaView::Date(DateCriteriaView {
        date_field: Some("ts".to_owned()),
        ..Default::default()
    });
    encodes_to(
        &criteria,
        json!({"type": "DATE", "dateField": "ts"}),
        "type",
    );
}

#[test]
fn criteria_custom_without_its_required_query_is_an_error_not_unknown() {
    let result = serde_json::from_value::<CriteriaView>(json!({"type": "CUSTOM"}));
    assert!(result.is_err(), "{result:?}");
}

// ---------------------------------------------------------------------------------------------
// OnlineArchiveSchedule

round_trip_test!(
    schedule_default_round_trips: OnlineArchiveSchedule,
    "type",
    json!({"type": "DEFAULT"}),
    OnlineArchiveSchedule::Default(DefaultScheduleView { additional_properties })
        if additional_properties.is_empty(),
    "DEFAULT",
);

round_trip_test!(
    schedule_daily_round_trips: OnlineArchiveSchedule,
    "type",
    json!({
        "type": "DAILY",
        "endHour": 5,
        "endMinute": 30,
        "startHour": 1,
        "startMinute": 0
    }),
    OnlineArchiveSchedule::Daily(DailyScheduleView {
        end_hour: Some(5),
        end_minute: Some(30),
        start_hour: Some(1),
        start_minute: Some(0),
        additional_properties,
    }) if additional_properties.is_empty(),
    "DAILY",
);

round_trip_test!(
    schedule_weekly_round_trips: OnlineArchiveSchedule,
    "type",
    json!({
        "type": "WEEKLY",
        "dayOfWeek": 7,
        "endHour": 23,
        "endMinute": 59,
        "startHour": 22,
        "startMinute": 15
    }),
    OnlineArchiveSchedule::Weekly(WeeklyScheduleView {
        day_of_week: Some(7),
        end_hour: Some(23),
        end_minute: Some(59),
        start_hour: Some(22),
        start_minute: Some(15),
        additional_properties,
    }) if additional_properties.is_empty(),
    "WEEKLY",
);

round_trip_test!(
    schedule_monthly_round_trips: OnlineArchiveSchedule,
    "type",
    json!({
        "type": "MONTHLY",
        "dayOfMonth": 15,
        "endHour": 4,
        "endMinute": 0,
        "startHour": 2,
        "startMinute": 45
    }),
    OnlineArchiveSchedule::Monthly(MonthlyScheduleView {
        day_of_month: Some(15),
        end_hour: Some(4),
        end_minute: Some(0),
        start_hour: Some(2),
        start_minute: Some(45),
        additional_properties,
    }) if additional_properties.is_empty(),
    "MONTHLY",
);

#[test]
fn schedule_tag_not_first_in_the_input_is_written_first() {
    let input = json!({"endHour": 3, "startHour": 1, "type": "DAILY"});
    let schedule: OnlineArchiveSchedule = serde_json::from_value(input.clone()).unwrap();
    assert!(matches!(schedule, OnlineArchiveSchedule::Daily(_)));
    assert_eq!(
        serde_json::to_string(&schedule).unwrap(),
        r#"{"type":"DAILY","endHour":3,"startHour":1}"#
    );
    assert_eq!(serde_json::to_value(&schedule).unwrap(), input);
}

#[test]
fn schedule_built_in_rust_encodes_with_its_tag() {
    let schedule = OnlineArchiveSchedule::Weekly(WeeklyScheduleView {
        day_of_week: Some(1),
        start_hour: Some(0),
        ..Default::default()
    });
    encodes_to(
        &schedule,
        json!({"type": "WEEKLY", "dayOfWeek": 1, "startHour": 0}),
        "type",
    );
    encodes_to(
        &OnlineArchiveSchedule::Default(DefaultScheduleView::default()),
        json!({"type": "DEFAULT"}),
        "type",
    );
}

#[test]
fn a_stray_tag_key_in_a_payload_never_overrides_the_variant() {
    let mut payload = DailyScheduleView {
        end_hour: Some(2),
        ..Default::default()
    };
    payload
        .additional_properties
        .insert("type".to_owned(), json!("WEEKLY"));
    let schedule = OnlineArchiveSchedule::Daily(payload);
    assert_eq!(
        serde_json::to_value(&schedule).unwrap(),
        json!({"type": "DAILY", "endHour": 2})
    );
}

#[test]
fn schedule_with_an_unknown_tag_is_kept_verbatim() {
    let input = json!({"type": "HOURLY", "everyHours": 3});
    let schedule: OnlineArchiveSchedule = serde_json::from_value(input.clone()).unwrap();
    assert!(
        matches!(&schedule, OnlineArchiveSchedule::Unknown(v) if *v == input),
        "{schedule:?}"
    );
    assert_eq!(schedule.tag(), Some("HOURLY"));
    assert_eq!(serde_json::to_value(&schedule).unwrap(), input);
    assert_eq!(
        serde_json::to_string(&schedule).unwrap(),
        r#"{"type":"HOURLY","everyHours":3}"#
    );
}

#[test]
fn schedule_with_a_known_tag_and_a_mistyped_payload_is_an_error_not_unknown() {
    let result =
        serde_json::from_value::<OnlineArchiveSchedule>(json!({"type": "DAILY", "endHour": "5"}));
    assert!(result.is_err(), "{result:?}");
}

// ---------------------------------------------------------------------------------------------
// CreateDataProcessRegionView (request form)

round_trip_test!(
    create_data_process_region_aws_round_trips: CreateDataProcessRegionView,
    "cloudProvider",
    json!({"cloudProvider": "AWS", "region": "EU_WEST_1"}),
    CreateDataProcessRegionView::Aws(AwsCreateDataProcessRegionView {
        region: Some(AwsCreateDataProcessRegionViewRegion::EuWest1),
        additional_properties,
    }) if additional_properties.is_empty(),
    "AWS",
);

round_trip_test!(
    create_data_process_region_azure_round_trips: CreateDataProcessRegionView,
    "cloudProvider",
    json!({"cloudProvider": "AZURE", "region": "EUROPE_WEST"}),
    CreateDataProcessRegionView::Azure(AzureCreateDataProcessRegionView {
        region: Some(AzureCreateDataProcessRegionViewRegion::EuropeWest),
        additional_properties,
    }) if additional_properties.is_empty(),
    "AZURE",
);

round_trip_test!(
    create_data_process_region_gcp_round_trips: CreateDataProcessRegionView,
    "cloudProvider",
    json!({"cloudProvider": "GCP", "region": "CENTRAL_US"}),
    CreateDataProcessRegionView::Gcp(GcpCreateDataProcessRegionView {
        region: Some(GcpCreateDataProcessRegionViewRegion::CentralUs),
        additional_properties,
    }) if additional_properties.is_empty(),
    "GCP",
);

unknown_tag_test!(
    create_data_process_region_with_an_unknown_provider_is_kept_verbatim:
        CreateDataProcessRegionView,
    json!({"cloudProvider": "OCI", "region": "US_ASHBURN_1"}),
    "OCI",
);

// ---------------------------------------------------------------------------------------------
// DataProcessRegionView (response form)

round_trip_test!(
    data_process_region_aws_round_trips: DataProcessRegionView,
    "cloudProvider",
    json!({"cloudProvider": "AWS", "region": "AP_SOUTHEAST_2"}),
    DataProcessRegionView::Aws(AwsDataProcessRegionView {
        region: Some(AwsDataProcessRegionViewRegion::ApSoutheast2),
        additional_properties,
    }) if additional_properties.is_empty(),
    "AWS",
);

round_trip_test!(
    data_process_region_azure_round_trips: DataProcessRegionView,
    "cloudProvider",
    json!({"cloudProvider": "AZURE", "region": "US_EAST_2"}),
    DataProcessRegionView::Azure(AzureDataProcessRegionView {
        region: Some(AzureDataProcessRegionViewRegion::UsEast2),
        additional_properties,
    }) if additional_properties.is_empty(),
    "AZURE",
);

round_trip_test!(
    data_process_region_gcp_round_trips: DataProcessRegionView,
    "cloudProvider",
    json!({"cloudProvider": "GCP", "region": "WESTERN_EUROPE"}),
    DataProcessRegionView::Gcp(GcpDataProcessRegionView {
        region: Some(GcpDataProcessRegionViewRegion::WesternEurope),
        additional_properties,
    }) if additional_properties.is_empty(),
    "GCP",
);

unknown_tag_test!(
    data_process_region_with_an_unknown_provider_is_kept_verbatim: DataProcessRegionView,
    json!({"cloudProvider": "OCI", "region": "EU_FRANKFURT_1", "extra": [1, 2]}),
    "OCI",
);

// ---------------------------------------------------------------------------------------------
// PrivateLinkEndpoint

round_trip_test!(
    private_endpoint_aws_round_trips: PrivateLinkEndpoint,
    "cloudProvider",
    json!({
        "cloudProvider": "AWS",
        "connectionStatus": "AVAILABLE",
        "deleteRequested": false,
        "interfaceEndpointId": "vpce-0a1b2c3d4e5f67890"
    }),
    PrivateLinkEndpoint::Aws(AwsInterfaceEndpoint {
        connection_status: Some(AwsInterfaceEndpointConnectionStatus::Available),
        delete_requested: Some(false),
        error_message: None,
        interface_endpoint_id: Some(id),
        additional_properties,
    }) if id == "vpce-0a1b2c3d4e5f67890" && additional_properties.is_empty(),
    "AWS",
);

round_trip_test!(
    private_endpoint_azure_round_trips: PrivateLinkEndpoint,
    "cloudProvider",
    json!({
        "cloudProvider": "AZURE",
        "deleteRequested": false,
        "privateEndpointConnectionName": "cba6d9c6-1d3f-3c11-03cb-c705d895e636%2Fatlas-rg%2Fatlas-pe",
        "privateEndpointIPAddress": "10.0.0.4",
        "privateEndpointResourceId": "/subscriptions/cba6d9c6-1d3f-3c11-03cb-c705d895e636/resourceGroups/atlas-rg/providers/Microsoft.Network/privateEndpoints/atlas-pe",
        "status": "INITIATING"
    }),
    PrivateLinkEndpoint::Azure(AzurePrivateEndpoint {
        delete_requested: Some(false),
        private_endpoint_ip_address: Some(ip),
        status: Some(AzurePrivateEndpointStatus::Initiating),
        additional_properties,
        ..
    }) if ip == "10.0.0.4" && additional_properties.is_empty(),
    "AZURE",
);

#[test]
fn private_endpoint_gcp_round_trips() {
    let input = json!({
        "cloudProvider": "GCP",
        "deleteRequested": false,
        "endpointGroupName": "atlas-endpoint-group",
        "endpoints": [
            {"endpointName": "atlas-endpoint-0", "ipAddress": "10.142.0.5", "status": "AVAILABLE"},
            {"endpointName": "atlas-endpoint-1", "ipAddress": "10.142.0.6", "status": "FAILED"}
        ],
        "status": "VERIFIED"
    });
    let endpoint: PrivateLinkEndpoint = round_trip(&input, "cloudProvider");
    match &endpoint {
        PrivateLinkEndpoint::Gcp(PrivateGcpEndpointGroup {
            endpoints: Some(endpoints),
            status: Some(PrivateGcpEndpointGroupStatus::Verified),
            additional_properties,
            ..
        }) => {
            assert!(additional_properties.is_empty());
            assert_eq!(endpoints.len(), 2);
            assert_eq!(
                endpoints[1].status,
                Some(GcpConsumerForwardingRuleStatus::Failed)
            );
        }
        other => panic!("not the GCP variant: {other:?}"),
    }
    assert_eq!(endpoint.tag(), Some("GCP"));
}

unknown_tag_test!(
    private_endpoint_with_an_unknown_provider_is_kept_verbatim: PrivateLinkEndpoint,
    json!({"cloudProvider": "OCI", "deleteRequested": true, "ocid": "ocid1.x"}),
    "OCI",
);

// ---------------------------------------------------------------------------------------------
// Unions nested in structs

#[test]
fn online_archive_with_nested_unions_round_trips() {
    let input = json!({
        "_id": "32b6e34b3d91647abb20e7b8",
        "clusterName": "Cluster0",
        "collName": "orders",
        "collectionType": "STANDARD",
        "criteria": {"type": "DATE", "dateField": "created", "dateFormat": "ISODATE", "expireAfterDays": 90},
        "dataExpirationRule": {"expireAfterDays": 365},
        "dataProcessRegion": {"cloudProvider": "AZURE", "region": "US_EAST_2"},
        "dataSetName": "v1$atlas$archive$shop$orders$1",
        "dbName": "shop",
        "groupId": "32b6e34b3d91647abb20e7b8",
        "partitionFields": [
            {"fieldName": "created", "fieldType": "date", "order": 0},
            {"fieldName": "customerId", "fieldType": "objectId", "order": 1}
        ],
        "paused": false,
        "schedule": {"type": "MONTHLY", "dayOfMonth": 1, "endHour": 6, "endMinute": 0, "startHour": 2, "startMinute": 0},
        "state": "ACTIVE"
    });
    let decoded: BackupOnlineArchive = serde_json::from_value(input.clone()).unwrap();
    assert!(matches!(decoded.criteria, Some(CriteriaView::Date(_))));
    assert!(matches!(
        decoded.schedule,
        Some(OnlineArchiveSchedule::Monthly(MonthlyScheduleView {
            day_of_month: Some(1),
            ..
        }))
    ));
    assert!(matches!(
        decoded.data_process_region,
        Some(DataProcessRegionView::Azure(_))
    ));
    assert!(decoded.additional_properties.is_empty());
    let encoded = serde_json::to_value(&decoded).unwrap();
    assert_eq!(encoded, input);
    // The nested unions keep their tag first too.
    for (key, tag) in [
        ("criteria", "type"),
        ("schedule", "type"),
        ("dataProcessRegion", "cloudProvider"),
    ] {
        let first = encoded[key].as_object().unwrap().keys().next().unwrap();
        assert_eq!(first, tag, "{key}");
    }
    let again: BackupOnlineArchive =
        serde_json::from_str(&serde_json::to_string(&decoded).unwrap()).unwrap();
    assert_eq!(again, decoded);
}

#[test]
fn online_archive_with_unknown_nested_tags_round_trips() {
    let input = json!({
        "criteria": {"type": "AGE", "field": "ts"},
        "schedule": {"type": "HOURLY", "everyHours": 3},
        "dataProcessRegion": {"cloudProvider": "OCI"}
    });
    let decoded: BackupOnlineArchive = serde_json::from_value(input.clone()).unwrap();
    assert!(matches!(decoded.criteria, Some(CriteriaView::Unknown(_))));
    assert!(matches!(
        decoded.schedule,
        Some(OnlineArchiveSchedule::Unknown(_))
    ));
    assert!(matches!(
        decoded.data_process_region,
        Some(DataProcessRegionView::Unknown(_))
    ));
    assert_eq!(serde_json::to_value(&decoded).unwrap(), input);
}

#[test]
fn online_archive_create_built_in_rust_encodes_nested_tags() {
    let mut create = BackupOnlineArchiveCreate::new(
        "orders".to_owned(),
        CriteriaView::Custom(CustomCriteriaView::new("{\"status\": \"done\"}".to_owned())),
        "shop".to_owned(),
    );
    create.schedule = Some(OnlineArchiveSchedule::Daily(DailyScheduleView {
        start_hour: Some(1),
        end_hour: Some(3),
        ..Default::default()
    }));
    create.data_process_region = Some(CreateDataProcessRegionView::Gcp(
        GcpCreateDataProcessRegionView {
            region: Some(GcpCreateDataProcessRegionViewRegion::WesternEurope),
            ..Default::default()
        },
    ));
    let encoded = serde_json::to_value(&create).unwrap();
    assert_eq!(
        encoded,
        json!({
            "collName": "orders",
            "criteria": {"type": "CUSTOM", "query": "{\"status\": \"done\"}"},
            "dataProcessRegion": {"cloudProvider": "GCP", "region": "WESTERN_EUROPE"},
            "dbName": "shop",
            "schedule": {"type": "DAILY", "endHour": 3, "startHour": 1}
        })
    );
    let decoded: BackupOnlineArchiveCreate = serde_json::from_value(encoded).unwrap();
    assert_eq!(decoded, create);
}

// ---------------------------------------------------------------------------------------------
// tag()

/// `assert_eq!(value.tag(), tag)` for each `value => tag`, naming the value on failure.
macro_rules! assert_tags {
    ($($value:expr => $tag:expr,)*) => {
        $(assert_eq!($value.tag(), $tag, "{}", stringify!($value));)*
    };
}

#[test]
fn tag_names_every_variant() {
    assert_tags! {
        CriteriaView::Date(DateCriteriaView::default()) => Some("DATE"),
        CriteriaView::Custom(CustomCriteriaView::new(String::new())) => Some("CUSTOM"),
        OnlineArchiveSchedule::Default(DefaultScheduleView::default()) => Some("DEFAULT"),
        OnlineArchiveSchedule::Daily(DailyScheduleView::default()) => Some("DAILY"),
        OnlineArchiveSchedule::Weekly(WeeklyScheduleView::default()) => Some("WEEKLY"),
        OnlineArchiveSchedule::Monthly(MonthlyScheduleView::default()) => Some("MONTHLY"),
        CreateDataProcessRegionView::Aws(Default::default()) => Some("AWS"),
        CreateDataProcessRegionView::Azure(Default::default()) => Some("AZURE"),
        CreateDataProcessRegionView::Gcp(Default::default()) => Some("GCP"),
        DataProcessRegionView::Aws(Default::default()) => Some("AWS"),
        DataProcessRegionView::Azure(Default::default()) => Some("AZURE"),
        DataProcessRegionView::Gcp(Default::default()) => Some("GCP"),
        PrivateLinkEndpoint::Aws(Default::default()) => Some("AWS"),
        PrivateLinkEndpoint::Azure(Default::default()) => Some("AZURE"),
        PrivateLinkEndpoint::Gcp(Default::default()) => Some("GCP"),
        // Unknown: the tag as received, or none when it is missing or not a string.
        OnlineArchiveSchedule::Unknown(json!({"type": "HOURLY"})) => Some("HOURLY"),
        OnlineArchiveSchedule::Unknown(json!({"type": 7})) => None,
        PrivateLinkEndpoint::Unknown(json!({})) => None,
    }
}
