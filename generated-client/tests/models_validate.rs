//! `Validate::validate()` reports every broken constraint of the spec, each with its JSON path,
//! and accepts values within the constraints (bounds are inclusive).

mod common;

use common::spec;
use generated_client::models::{
    BackupOnlineArchiveCreate, CriteriaView, CustomCriteriaView, DailyScheduleView,
    DataExpirationRuleView, DateCriteriaView, GeoSharding20240805, GroupInvitationUpdateRequest,
    GroupInvitationUpdateRequestRolesItem, ManagedNamespaces, MonthlyScheduleView,
    OnlineArchiveSchedule, OrganizationInvitation,
    OrganizationInvitationGroupRoleAssignmentsRequest,
    OrganizationInvitationGroupRoleAssignmentsRequestRolesItem, OrganizationInvitationRequest,
    OrganizationInvitationRequestRolesItem, PaginatedApiUserAccessListResponseView,
    PartitionFieldView, UserAccessListResponse, WeeklyScheduleView,
};
use generated_client::{Validate, ValidationError};
use serde_json::json;

fn archive() -> BackupOnlineArchiveCreate {
    BackupOnlineArchiveCreate::new(
        "orders".to_owned(),
        CriteriaView::Date(DateCriteriaView {
            date_field: Some("created".to_owned()),
            ..Default::default()
        }),
        "shop".to_owned(),
    )
}

/// The violations' paths, in the order reported.
fn paths(error: &ValidationError) -> Vec<&str> {
    error.violations.iter().map(|v| v.path.as_str()).collect()
}

fn message_at<'a>(error: &'a ValidationError, path: &str) -> &'a str {
    &error
        .violations
        .iter()
        .find(|v| v.path == path)
        .unwrap_or_else(|| panic!("no violation at {path}: {error}"))
        .message
}

/// The constraints these tests rely on are the spec's own.
#[test]
fn the_constraints_used_here_are_in_the_spec() {
    let schemas = &spec()["components"]["schemas"];
    let daily = &schemas["DailyScheduleView"]["allOf"][1]["properties"];
    assert_eq!(daily["endHour"]["maximum"], json!(23));
    assert_eq!(daily["startMinute"]["minimum"], json!(0));
    assert_eq!(
        schemas["WeeklyScheduleView"]["allOf"][1]["properties"]["dayOfWeek"]["maximum"],
        json!(7)
    );
    assert_eq!(
        schemas["MonthlyScheduleView"]["allOf"][1]["properties"]["dayOfMonth"]["minimum"],
        json!(1)
    );
    assert_eq!(
        schemas["PartitionFieldView"]["properties"]["fieldName"]["maxLength"],
        json!(700)
    );
    let create = &schemas["BackupOnlineArchiveCreate"]["properties"];
    assert_eq!(create["partitionFields"]["minItems"], json!(1));
    assert_eq!(create["groupId"]["pattern"], json!("^([a-f0-9]{24})$"));
    let expiry = &schemas["DataExpirationRuleView"]["properties"]["expireAfterDays"];
    assert_eq!(
        (&expiry["minimum"], &expiry["maximum"]),
        (&json!(7), &json!(9215))
    );
    assert_eq!(
        schemas["ManagedNamespaces"]["properties"]["numInitialChunks"]["maximum"],
        json!(8192)
    );
    assert_eq!(
        schemas["UserAccessListResponse"]["properties"]["count"]["minimum"],
        json!(1)
    );
}

#[test]
fn a_valid_online_archive_is_ok() {
    let mut value = archive();
    value.partition_fields = Some(vec![
        PartitionFieldView::new("created".to_owned(), 0),
        PartitionFieldView::new("x".repeat(700), 1),
    ]);
    value.schedule = Some(OnlineArchiveSchedule::Daily(DailyScheduleView {
        start_hour: Some(0),
        start_minute: Some(0),
        end_hour: Some(23),
        end_minute: Some(59),
        ..Default::default()
    }));
    value.data_expiration_rule = Some(DataExpirationRuleView {
        expire_after_days: Some(7),
        ..Default::default()
    });
    value.group_id = Some("32b6e34b3d91647abb20e7b8".to_owned());
    value.cluster_name = Some("Cluster0-east".to_owned());
    assert_eq!(value.validate(), Ok(()));

    value.data_expiration_rule = Some(DataExpirationRuleView {
        expire_after_days: Some(9215),
        ..Default::default()
    });
    value.schedule = Some(OnlineArchiveSchedule::Monthly(MonthlyScheduleView {
        day_of_month: Some(31),
        ..Default::default()
    }));
    assert_eq!(value.validate(), Ok(()));
}

#[test]
fn daily_schedule_out_of_range_reports_both_fields_with_their_paths() {
    let mut value = archive();
    value.schedule = Some(OnlineArchiveSchedule::Daily(DailyScheduleView {
        end_hour: Some(25),
        start_minute: Some(-1),
        start_hour: Some(2),
        ..Default::default()
    }));
    let error = value.validate().unwrap_err();
    assert_eq!(paths(&error), ["schedule.endHour", "schedule.startMinute"]);
    let end_hour = message_at(&error, "schedule.endHour");
    assert!(
        end_hour.contains("25") && end_hour.contains("23"),
        "{end_hour}"
    );
    let start_minute = message_at(&error, "schedule.startMinute");
    assert!(
        start_minute.contains("-1") && start_minute.contains('0'),
        "{start_minute}"
    );
    // Display names every violation.
    let text = error.to_string();
    assert!(
        text.contains("schedule.endHour") && text.contains("schedule.startMinute"),
        "{text}"
    );
}

#[test]
fn weekly_and_monthly_schedules_are_checked_through_the_union() {
    let mut value = archive();
    value.schedule = Some(OnlineArchiveSchedule::Weekly(WeeklyScheduleView {
        day_of_week: Some(8),
        end_minute: Some(60),
        ..Default::default()
    }));
    assert_eq!(
        paths(&value.validate().unwrap_err()),
        ["schedule.dayOfWeek", "schedule.endMinute"]
    );
    value.schedule = Some(OnlineArchiveSchedule::Monthly(MonthlyScheduleView {
        day_of_month: Some(0),
        ..Default::default()
    }));
    assert_eq!(
        paths(&value.validate().unwrap_err()),
        ["schedule.dayOfMonth"]
    );
    // An unknown schedule is the server's to check.
    value.schedule = Some(OnlineArchiveSchedule::Unknown(
        json!({"type": "HOURLY", "endHour": 99}),
    ));
    assert_eq!(value.validate(), Ok(()));
}

#[test]
fn partition_field_violations_carry_their_index() {
    let mut value = archive();
    value.partition_fields = Some(vec![
        PartitionFieldView::new("created".to_owned(), 0),
        PartitionFieldView::new("f".repeat(701), 1),
        PartitionFieldView::new("g".repeat(800), 2),
    ]);
    let error = value.validate().unwrap_err();
    assert_eq!(
        paths(&error),
        [
            "partitionFields[1].fieldName",
            "partitionFields[2].fieldName"
        ]
    );
    assert!(message_at(&error, "partitionFields[1].fieldName").contains("700"));

    value.partition_fields = Some(Vec::new());
    let error = value.validate().unwrap_err();
    assert_eq!(paths(&error), ["partitionFields"], "minItems 1");
}

#[test]
fn every_violation_of_a_value_is_reported_not_only_the_first() {
    let mut value = archive();
    value.id = Some("not-an-id".to_owned());
    value.cluster_name = Some("-starts-with-a-dash".to_owned());
    value.group_id = Some("32B6E34B3D91647ABB20E7B8".to_owned());
    value.data_expiration_rule = Some(DataExpirationRuleView {
        expire_after_days: Some(6),
        ..Default::default()
    });
    value.partition_fields = Some(vec![PartitionFieldView::new("p".repeat(701), 0)]);
    value.schedule = Some(OnlineArchiveSchedule::Daily(DailyScheduleView {
        end_hour: Some(24),
        ..Default::default()
    }));
    let error = value.validate().unwrap_err();
    let mut found = paths(&error);
    found.sort_unstable();
    assert_eq!(
        found,
        [
            "_id",
            "clusterName",
            "dataExpirationRule.expireAfterDays",
            "groupId",
            "partitionFields[0].fieldName",
            "schedule.endHour",
        ]
    );
}

#[test]
fn criteria_has_no_constraints_so_any_custom_query_is_ok() {
    let value = BackupOnlineArchiveCreate::new(
        "c".to_owned(),
        CriteriaView::Custom(CustomCriteriaView::new(String::new())),
        "d".to_owned(),
    );
    assert_eq!(value.validate(), Ok(()));
}

#[test]
fn nested_list_items_in_requests_carry_their_index() {
    let request = OrganizationInvitationRequest {
        group_role_assignments: Some(vec![
            OrganizationInvitationGroupRoleAssignmentsRequest {
                group_id: Some("32b6e34b3d91647abb20e7b8".to_owned()),
                ..Default::default()
            },
            OrganizationInvitationGroupRoleAssignmentsRequest {
                group_id: Some("project-two".to_owned()),
                ..Default::default()
            },
        ]),
        ..Default::default()
    };
    let error = request.validate().unwrap_err();
    assert_eq!(paths(&error), ["groupRoleAssignments[1].groupId"]);
    assert!(message_at(&error, "groupRoleAssignments[1].groupId").contains("^([a-f0-9]{24})$"));
}

#[test]
fn response_models_validate_too() {
    let page = PaginatedApiUserAccessListResponseView {
        results: Some(vec![
            UserAccessListResponse {
                cidr_block: Some("203.0.113.0/24".to_owned()),
                ip_address: Some("203.0.113.10".to_owned()),
                count: Some(1),
                ..Default::default()
            },
            UserAccessListResponse {
                cidr_block: Some("203.0.113.0".to_owned()),
                count: Some(0),
                ..Default::default()
            },
        ]),
        total_count: Some(-1),
        ..Default::default()
    };
    let error = page.validate().unwrap_err();
    assert_eq!(
        paths(&error),
        ["results[1].cidrBlock", "results[1].count", "totalCount"]
    );

    let geo = GeoSharding20240805 {
        managed_namespaces: Some(vec![ManagedNamespaces {
            collection: "c".to_owned(),
            custom_shard_key: "city".to_owned(),
            db: "d".to_owned(),
            is_custom_shard_key_hashed: None,
            is_shard_key_unique: None,
            num_initial_chunks: Some(8193),
            presplit_hashed_zones: None,
            additional_properties: Default::default(),
        }]),
        ..Default::default()
    };
    assert_eq!(
        paths(&geo.validate().unwrap_err()),
        ["managedNamespaces[0].numInitialChunks"]
    );
}

/// The spec's IPv4/IPv6 pattern uses a look-ahead the `regex` crate cannot compile; a valid
/// address must still be accepted.
#[test]
fn valid_addresses_pass_the_look_ahead_pattern() {
    let entry = UserAccessListResponse {
        cidr_block: Some("203.0.113.0/24".to_owned()),
        ip_address: Some("203.0.113.10".to_owned()),
        ..Default::default()
    };
    assert_eq!(entry.validate(), Ok(()));
}

#[test]
fn unicode_organization_names_match_the_letter_class_pattern() {
    let mut invitation: OrganizationInvitation =
        serde_json::from_value(json!({"orgName": "Équipe-Données_2025(Zürich)"})).unwrap();
    assert_eq!(invitation.validate(), Ok(()));
    invitation.org_name = "no/slashes".to_owned();
    assert_eq!(paths(&invitation.validate().unwrap_err()), ["orgName"]);
    invitation.org_name = "x".repeat(65);
    assert_eq!(paths(&invitation.validate().unwrap_err()), ["orgName"]);
}

/// `uniqueItems: true` is a constraint of these request arrays: a repeated item is a violation
/// at the array's path.
#[test]
fn repeated_items_in_unique_items_arrays_are_violations() {
    let schemas = &spec()["components"]["schemas"];
    let request = &schemas["OrganizationInvitationRequest"]["properties"];
    assert_eq!(request["roles"]["uniqueItems"], json!(true));
    assert_eq!(request["teamIds"]["uniqueItems"], json!(true));
    assert_eq!(
        schemas["OrganizationInvitationGroupRoleAssignmentsRequest"]["properties"]["roles"]
            ["uniqueItems"],
        json!(true)
    );
    assert_eq!(
        schemas["GroupInvitationUpdateRequest"]["properties"]["roles"]["uniqueItems"],
        json!(true)
    );

    let update = GroupInvitationUpdateRequest {
        roles: Some(vec![
            GroupInvitationUpdateRequestRolesItem::GroupOwner,
            GroupInvitationUpdateRequestRolesItem::GroupReadOnly,
            GroupInvitationUpdateRequestRolesItem::GroupOwner,
        ]),
        ..Default::default()
    };
    let error = update
        .validate()
        .expect_err("GROUP_OWNER twice breaks roles' uniqueItems");
    assert_eq!(paths(&error), ["roles"]);

    let invitation = OrganizationInvitationRequest {
        group_role_assignments: Some(vec![OrganizationInvitationGroupRoleAssignmentsRequest {
            group_id: Some("32b6e34b3d91647abb20e7b8".to_owned()),
            roles: Some(vec![
                OrganizationInvitationGroupRoleAssignmentsRequestRolesItem::GroupOwner,
                OrganizationInvitationGroupRoleAssignmentsRequestRolesItem::GroupOwner,
            ]),
            ..Default::default()
        }]),
        roles: Some(vec![
            OrganizationInvitationRequestRolesItem::OrgMember,
            OrganizationInvitationRequestRolesItem::OrgMember,
        ]),
        team_ids: Some(vec![
            "5f0c1f2e3d4c5b6a79880123".to_owned(),
            "5f0c1f2e3d4c5b6a79880123".to_owned(),
        ]),
        ..Default::default()
    };
    let error = invitation
        .validate()
        .expect_err("repeated roles and teamIds break uniqueItems");
    let mut found = paths(&error);
    found.sort_unstable();
    assert_eq!(found, ["groupRoleAssignments[0].roles", "roles", "teamIds"]);

    // Distinct items are fine.
    let update = GroupInvitationUpdateRequest {
        roles: Some(vec![
            GroupInvitationUpdateRequestRolesItem::GroupOwner,
            GroupInvitationUpdateRequestRolesItem::GroupReadOnly,
        ]),
        ..Default::default()
    };
    assert_eq!(update.validate(), Ok(()));
}

/// The values of `customZoneMapping` (an `additionalProperties` map) carry the spec's pattern:
/// a value that is not a 24-hex id is a violation at `customZoneMapping.<key>`.
#[test]
fn map_values_are_checked_against_their_pattern() {
    assert_eq!(
        spec()["components"]["schemas"]["GeoSharding20240805"]["properties"]["customZoneMapping"]
            ["additionalProperties"]["pattern"],
        json!("^([a-f0-9]{24})$")
    );
    let geo: GeoSharding20240805 = serde_json::from_value(json!({
        "customZoneMapping": {
            "CA": "32b6e34b3d91647abb20e7b8",
            "US-NY": "zone-east"
        }
    }))
    .unwrap();
    let error = geo
        .validate()
        .expect_err("`zone-east` does not match ^([a-f0-9]{24})$");
    assert_eq!(paths(&error), ["customZoneMapping.US-NY"]);
    assert!(message_at(&error, "customZoneMapping.US-NY").contains("^([a-f0-9]{24})$"));

    let geo: GeoSharding20240805 = serde_json::from_value(json!({
        "customZoneMapping": {"CA": "32b6e34b3d91647abb20e7b8"}
    }))
    .unwrap();
    assert_eq!(geo.validate(), Ok(()));
}
