//! String enums: known values decode to their named variants, unknown values are kept verbatim,
//! and `as_str`, `Display`, `FromStr`, `From<&str>` and serde agree on every value the spec lists.

mod common;

use std::collections::{BTreeSet, HashSet};
use std::fmt::{Debug, Display};
use std::hash::Hash;
use std::str::FromStr;

use common::spec;
use generated_client::models::{self, *};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

/// Everything the generated string enums share.
trait WireEnum:
    Sized
    + Clone
    + Debug
    + Display
    + PartialEq
    + Eq
    + Hash
    + Serialize
    + DeserializeOwned
    + FromStr<Err = std::convert::Infallible>
    + for<'a> From<&'a str>
{
    fn wire(&self) -> &str;
    fn is_unknown(&self) -> bool;
}

/// Pairs each generated enum with where the spec declares its values: a JSON pointer to the
/// schema holding `enum`, or `param:<operationId>:<name>` for an inline parameter schema.
macro_rules! spec_enums {
    ($($ty:ident => $location:literal,)*) => {
        $(
            impl WireEnum for models::$ty {
                fn wire(&self) -> &str {
                    self.as_str()
                }
                fn is_unknown(&self) -> bool {
                    matches!(self, models::$ty::Unknown(_))
                }
            }
        )*

        /// (Rust type, spec location, the per-type check).
        fn all_enums() -> Vec<(&'static str, &'static str, fn(&str, &[String]))> {
            vec![$((stringify!($ty), $location, check_enum::<models::$ty> as fn(&str, &[String])),)*]
        }
    };
}

spec_enums! {
    FlexBackupSnapshot20241113Status => "/components/schemas/FlexBackupSnapshot20241113/properties/status",
    BackupOnlineArchiveCreateCollectionType => "/components/schemas/BackupOnlineArchiveCreate/properties/collectionType",
    DateCriteriaViewDateFormat => "/components/schemas/DateCriteriaView/allOf/1/properties/dateFormat",
    AwsCreateDataProcessRegionViewRegion => "/components/schemas/AWSCreateDataProcessRegionView/allOf/1/properties/region",
    AzureCreateDataProcessRegionViewRegion => "/components/schemas/AzureCreateDataProcessRegionView/allOf/1/properties/region",
    GcpCreateDataProcessRegionViewRegion => "/components/schemas/GCPCreateDataProcessRegionView/allOf/1/properties/region",
    PartitionFieldViewFieldType => "/components/schemas/PartitionFieldView/properties/fieldType",
    BackupOnlineArchiveCreateState => "/components/schemas/BackupOnlineArchiveCreate/properties/state",
    BackupOnlineArchiveCollectionType => "/components/schemas/BackupOnlineArchive/properties/collectionType",
    AwsDataProcessRegionViewRegion => "/components/schemas/AWSDataProcessRegionView/allOf/1/properties/region",
    AzureDataProcessRegionViewRegion => "/components/schemas/AzureDataProcessRegionView/allOf/1/properties/region",
    GcpDataProcessRegionViewRegion => "/components/schemas/GCPDataProcessRegionView/allOf/1/properties/region",
    BackupOnlineArchiveState => "/components/schemas/BackupOnlineArchive/properties/state",
    OrganizationInvitationGroupRoleAssignmentsRequestRolesItem => "/components/schemas/OrganizationInvitationGroupRoleAssignmentsRequest/properties/roles/items",
    OrganizationInvitationRequestRolesItem => "/components/schemas/OrganizationInvitationRequest/properties/roles/items",
    GroupRoleGroupRole => "/components/schemas/GroupRole/properties/groupRole",
    OrganizationInvitationRolesItem => "/components/schemas/OrganizationInvitation/properties/roles/items",
    AwsInterfaceEndpointConnectionStatus => "/components/schemas/AWSInterfaceEndpoint/properties/connectionStatus",
    AzurePrivateEndpointStatus => "/components/schemas/AzurePrivateEndpoint/properties/status",
    GcpConsumerForwardingRuleStatus => "/components/schemas/GCPConsumerForwardingRule/properties/status",
    PrivateGcpEndpointGroupStatus => "/components/schemas/PrivateGCPEndpointGroup/properties/status",
    GroupInvitationUpdateRequestRolesItem => "/components/schemas/GroupInvitationUpdateRequest/properties/roles/items",
    GroupInvitationRolesItem => "/components/schemas/GroupInvitation/properties/roles/items",
    GetPrivateEndpointCloudProvider => "param:getPrivateEndpoint:cloudProvider",
}

/// The JSON pointer of a table location.
fn pointer_of(location: &str) -> String {
    let Some(rest) = location.strip_prefix("param:") else {
        return location.to_owned();
    };
    let (operation_id, name) = rest.split_once(':').expect("param:<operationId>:<name>");
    for (path, item) in spec()["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            if operation.get("operationId").and_then(Value::as_str) != Some(operation_id) {
                continue;
            }
            let parameters = operation["parameters"].as_array().unwrap();
            let index = parameters
                .iter()
                .position(|p| p.get("name").and_then(Value::as_str) == Some(name))
                .unwrap_or_else(|| panic!("{operation_id} has no inline parameter {name}"));
            let path = path.replace('~', "~0").replace('/', "~1");
            return format!("/paths/{path}/{method}/parameters/{index}/schema");
        }
    }
    panic!("no operation {operation_id}");
}

fn check_enum<T: WireEnum>(name: &str, values: &[String]) {
    let mut seen = HashSet::new();
    for value in values {
        let from = T::from(value.as_str());
        assert!(
            !from.is_unknown(),
            "{name}: the spec's value {value:?} has no named variant"
        );
        assert_eq!(from.wire(), value, "{name}: as_str");
        assert_eq!(from.to_string(), *value, "{name}: Display");
        assert_eq!(value.parse::<T>().unwrap(), from, "{name}: FromStr");
        let decoded: T = serde_json::from_value(json!(value)).unwrap();
        assert_eq!(decoded, from, "{name}: Deserialize");
        assert_eq!(
            serde_json::to_value(&from).unwrap(),
            json!(value),
            "{name}: Serialize"
        );
        assert!(
            seen.insert(from),
            "{name}: {value:?} maps to a variant another value uses"
        );
    }
    let unknown = "ZZ_NOT_IN_THE_SPEC";
    let from = T::from(unknown);
    assert!(from.is_unknown(), "{name}: {unknown} is not Unknown");
    assert_eq!(from.wire(), unknown);
    assert_eq!(from.to_string(), unknown);
    assert_eq!(unknown.parse::<T>().unwrap(), from);
    let decoded: T = serde_json::from_value(json!(unknown)).unwrap();
    assert_eq!(decoded, from);
    assert_eq!(serde_json::to_value(&decoded).unwrap(), json!(unknown));
    // Only strings are enum values.
    assert!(
        serde_json::from_value::<T>(json!(3)).is_err(),
        "{name}: decodes a number"
    );
}

#[test]
fn every_spec_enum_value_has_a_named_variant_and_all_conversions_agree() {
    for (name, location, check) in all_enums() {
        let pointer = pointer_of(location);
        let schema = spec()
            .pointer(&pointer)
            .unwrap_or_else(|| panic!("{name}: nothing at {pointer}"));
        let values: Vec<String> = schema["enum"]
            .as_array()
            .unwrap_or_else(|| panic!("{name}: no enum at {pointer}"))
            .iter()
            .map(|v| v.as_str().expect("string enum").to_owned())
            .collect();
        assert!(!values.is_empty());
        check(name, &values);
    }
}

/// Every `enum` in the spec is either a discriminator tag (a union, tested elsewhere) or in the
/// table above, so none goes unchecked.
#[test]
fn the_table_covers_every_enum_of_the_spec() {
    let spec = spec();
    let mut found = BTreeSet::new();
    collect_enums(spec, "", &mut found);

    // Discriminator properties of unions and of their variants are tags, not Rust enums.
    let schemas = spec["components"]["schemas"].as_object().unwrap();
    let mut tag_prefixes = Vec::new();
    for (name, schema) in schemas {
        if let Some(discriminator) = schema.get("discriminator") {
            let property = discriminator["propertyName"].as_str().unwrap();
            let mut owners = vec![name.clone()];
            for target in discriminator["mapping"].as_object().unwrap().values() {
                owners.push(
                    target
                        .as_str()
                        .unwrap()
                        .rsplit('/')
                        .next()
                        .unwrap()
                        .to_owned(),
                );
            }
            for owner in owners {
                tag_prefixes.push((format!("/components/schemas/{owner}/"), property.to_owned()));
            }
        }
    }
    found.retain(|pointer: &String| {
        !tag_prefixes.iter().any(|(prefix, property)| {
            pointer.starts_with(prefix.as_str())
                && pointer.ends_with(&format!("/properties/{property}"))
        })
    });

    let table: BTreeSet<String> = all_enums()
        .into_iter()
        .map(|(_, location, _)| pointer_of(location))
        .collect();
    assert_eq!(table, found, "spec enums vs. the enums this test checks");
}

fn collect_enums(node: &Value, pointer: &str, out: &mut BTreeSet<String>) {
    match node {
        Value::Object(map) => {
            if map.get("enum").is_some_and(Value::is_array) {
                out.insert(pointer.to_owned());
            }
            for (key, child) in map {
                let key = key.replace('~', "~0").replace('/', "~1");
                collect_enums(child, &format!("{pointer}/{key}"), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                collect_enums(child, &format!("{pointer}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// Display, FromStr and as_str agree, variant by variant, written out for a few enums.
fn agree<T>(pairs: &[(T, &str)])
where
    T: WireEnum,
{
    for (variant, wire) in pairs {
        assert_eq!(variant.wire(), *wire, "{variant:?}: as_str");
        assert_eq!(variant.to_string(), *wire, "{variant:?}: Display");
        assert_eq!(&wire.parse::<T>().unwrap(), variant, "{wire}: FromStr");
        assert_eq!(&T::from(*wire), variant, "{wire}: From<&str>");
        assert_eq!(
            &serde_json::from_value::<T>(json!(wire)).unwrap(),
            variant,
            "{wire}: Deserialize"
        );
        assert_eq!(
            serde_json::to_value(variant).unwrap(),
            json!(wire),
            "{variant:?}: Serialize"
        );
    }
}

#[test]
fn display_from_str_and_as_str_agree_for_every_known_variant() {
    use FlexBackupSnapshot20241113Status as Flex;
    agree(&[
        (Flex::Pending, "PENDING"),
        (Flex::Queued, "QUEUED"),
        (Flex::Running, "RUNNING"),
        (Flex::Failed, "FAILED"),
        (Flex::Completed, "COMPLETED"),
    ]);

    use PartitionFieldViewFieldType as Field;
    agree(&[
        (Field::Date, "date"),
        (Field::Int, "int"),
        (Field::Long, "long"),
        (Field::ObjectId, "objectId"),
        (Field::String, "string"),
        (Field::Uuid, "uuid"),
    ]);

    use DateCriteriaViewDateFormat as Format;
    agree(&[
        (Format::Isodate, "ISODATE"),
        (Format::EpochSeconds, "EPOCH_SECONDS"),
        (Format::EpochMillis, "EPOCH_MILLIS"),
        (Format::EpochNanoseconds, "EPOCH_NANOSECONDS"),
        (Format::ObjectId, "OBJECT_ID"),
    ]);

    use AwsCreateDataProcessRegionViewRegion as Region;
    agree(&[
        (Region::UsEast1, "US_EAST_1"),
        (Region::UsWest2, "US_WEST_2"),
        (Region::SaEast1, "SA_EAST_1"),
        (Region::EuWest1, "EU_WEST_1"),
        (Region::EuWest2, "EU_WEST_2"),
        (Region::EuCentral1, "EU_CENTRAL_1"),
        (Region::ApSouth1, "AP_SOUTH_1"),
        (Region::ApSoutheast1, "AP_SOUTHEAST_1"),
        (Region::ApSoutheast2, "AP_SOUTHEAST_2"),
    ]);

    use AwsInterfaceEndpointConnectionStatus as Connection;
    agree(&[
        (Connection::PendingAcceptance, "PENDING_ACCEPTANCE"),
        (Connection::Pending, "PENDING"),
        (Connection::Available, "AVAILABLE"),
        (Connection::Rejected, "REJECTED"),
        (Connection::Deleting, "DELETING"),
    ]);

    use GetPrivateEndpointCloudProvider as Provider;
    agree(&[
        (Provider::Aws, "AWS"),
        (Provider::Azure, "AZURE"),
        (Provider::Gcp, "GCP"),
    ]);

    use GroupRoleGroupRole as Role;
    agree(&[
        (Role::GroupBackupManager, "GROUP_BACKUP_MANAGER"),
        (Role::GroupClusterManager, "GROUP_CLUSTER_MANAGER"),
        (Role::GroupDataAccessAdmin, "GROUP_DATA_ACCESS_ADMIN"),
        (Role::GroupDataAccessReadOnly, "GROUP_DATA_ACCESS_READ_ONLY"),
        (
            Role::GroupDataAccessReadWrite,
            "GROUP_DATA_ACCESS_READ_WRITE",
        ),
        (
            Role::GroupDatabaseAccessAdmin,
            "GROUP_DATABASE_ACCESS_ADMIN",
        ),
        (Role::GroupObservabilityViewer, "GROUP_OBSERVABILITY_VIEWER"),
        (Role::GroupOwner, "GROUP_OWNER"),
        (Role::GroupReadOnly, "GROUP_READ_ONLY"),
        (Role::GroupSearchIndexEditor, "GROUP_SEARCH_INDEX_EDITOR"),
        (
            Role::GroupStreamProcessingOwner,
            "GROUP_STREAM_PROCESSING_OWNER",
        ),
    ]);
}

#[test]
fn known_values_decode_to_their_named_variants_inside_models() {
    let snapshot: FlexBackupSnapshot20241113 =
        serde_json::from_value(json!({"id": "32b6e34b3d91647abb20e7b8", "status": "COMPLETED"}))
            .unwrap();
    assert_eq!(
        snapshot.status,
        Some(FlexBackupSnapshot20241113Status::Completed)
    );

    let field: PartitionFieldView = serde_json::from_value(
        json!({"fieldName": "customerId", "fieldType": "objectId", "order": 1}),
    )
    .unwrap();
    assert_eq!(
        field.field_type,
        Some(PartitionFieldViewFieldType::ObjectId)
    );

    let request: OrganizationInvitationRequest = serde_json::from_value(json!({
        "roles": ["ORG_OWNER", "ORG_READ_ONLY"],
        "groupRoleAssignments": [{"roles": ["GROUP_OWNER"]}]
    }))
    .unwrap();
    assert_eq!(
        request.roles,
        Some(vec![
            OrganizationInvitationRequestRolesItem::OrgOwner,
            OrganizationInvitationRequestRolesItem::OrgReadOnly,
        ])
    );
    assert_eq!(
        request.group_role_assignments.unwrap()[0].roles,
        Some(vec![
            OrganizationInvitationGroupRoleAssignmentsRequestRolesItem::GroupOwner
        ])
    );
}

#[test]
fn an_unknown_flex_snapshot_status_decodes_to_unknown_and_re_encodes_unchanged() {
    let input = json!({
        "id": "32b6e34b3d91647abb20e7b8",
        "mongoDBVersion": "8.0.4",
        "status": "ARCHIVED"
    });
    let snapshot: FlexBackupSnapshot20241113 = serde_json::from_value(input.clone()).unwrap();
    assert_eq!(
        snapshot.status,
        Some(FlexBackupSnapshot20241113Status::Unknown(
            "ARCHIVED".to_owned()
        ))
    );
    assert_eq!(snapshot.status.as_ref().unwrap().as_str(), "ARCHIVED");
    assert_eq!(snapshot.status.as_ref().unwrap().to_string(), "ARCHIVED");
    assert_eq!(serde_json::to_value(&snapshot).unwrap(), input);

    // The same inside a page, and for a list of enum values.
    let page = json!({"results": [input.clone(), {"status": "PENDING"}], "totalCount": 2});
    let decoded: PaginatedApiAtlasFlexBackupSnapshot20241113View =
        serde_json::from_value(page.clone()).unwrap();
    let results = decoded.results.as_ref().unwrap();
    assert!(matches!(
        results[0].status,
        Some(FlexBackupSnapshot20241113Status::Unknown(_))
    ));
    assert_eq!(
        results[1].status,
        Some(FlexBackupSnapshot20241113Status::Pending)
    );
    assert_eq!(serde_json::to_value(&decoded).unwrap(), page);

    let invitation = json!({"roles": ["GROUP_OWNER", "GROUP_BILLING_WIZARD"]});
    let decoded: GroupInvitationUpdateRequest = serde_json::from_value(invitation.clone()).unwrap();
    assert_eq!(
        decoded.roles,
        Some(vec![
            GroupInvitationUpdateRequestRolesItem::GroupOwner,
            GroupInvitationUpdateRequestRolesItem::Unknown("GROUP_BILLING_WIZARD".to_owned()),
        ])
    );
    assert_eq!(serde_json::to_value(&decoded).unwrap(), invitation);
}

#[test]
fn enum_values_are_case_sensitive() {
    // `objectId` is a value, `OBJECTID` and `ObjectId` are not.
    assert!(matches!(
        PartitionFieldViewFieldType::from("OBJECTID"),
        PartitionFieldViewFieldType::Unknown(_)
    ));
    assert!(matches!(
        FlexBackupSnapshot20241113Status::from("pending"),
        FlexBackupSnapshot20241113Status::Unknown(v) if v == "pending"
    ));
}

/// Enums whose spec schema has a `default` implement `Default` with that value.
#[test]
fn spec_defaults_are_the_rust_defaults() {
    let default_of = |location: &str| -> String {
        spec().pointer(&pointer_of(location)).unwrap()["default"]
            .as_str()
            .unwrap_or_else(|| panic!("{location} has no default"))
            .to_owned()
    };
    assert_eq!(
        BackupOnlineArchiveCreateCollectionType::default().as_str(),
        default_of("/components/schemas/BackupOnlineArchiveCreate/properties/collectionType")
    );
    assert_eq!(
        BackupOnlineArchiveCollectionType::default().as_str(),
        default_of("/components/schemas/BackupOnlineArchive/properties/collectionType")
    );
    assert_eq!(
        DateCriteriaViewDateFormat::default().as_str(),
        default_of("/components/schemas/DateCriteriaView/allOf/1/properties/dateFormat")
    );
    assert_eq!(
        GetPrivateEndpointCloudProvider::default().as_str(),
        default_of("param:getPrivateEndpoint:cloudProvider")
    );
}
