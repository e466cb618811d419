//! Property tests: random values of every model, generated from the spec's own schemas, survive
//! decode -> encode unchanged, and decode(encode(x)) == x.
//!
//! A schema-driven generator reads `components.schemas` and builds a strategy producing JSON
//! the schema allows: `$ref`s followed, `allOf` parts merged, a discriminator picks a mapping
//! entry and sets the tag, `enum` picks a value, `date-time` strings are RFC 3339 UTC
//! timestamps with whole seconds, `pattern`s are generated from the regex (plain alphanumerics
//! when proptest cannot generate it), numbers stay within minimum/maximum (and int32), arrays
//! have 0..3 items (respecting minItems/uniqueItems), optional properties come and go, and
//! objects sometimes carry a property the schema does not list (which models must keep).
//!
//! Besides the round trip, every value the generator produces is spec-valid, so `validate()`
//! must accept it; for request bodies `json_body` must send exactly the value without the
//! properties the spec marks `readOnly`; and, the other way round, a value breaking any single
//! constraint the spec declares on a model's property gets exactly one violation, at that
//! property's path.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Debug;
use std::sync::Mutex;

use common::{resolve, sent_body, spec};
use generated_client::models;
use generated_client::operations;
use generated_client::{ReadOnlyFields, Validate};
use proptest::prelude::*;
use proptest::strategy::{BoxedStrategy, Union, ValueTree};
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

/// Cases per type: enough to reach every optional property and variant, fast in debug builds.
const CASES: u32 = 64;

/// Below this depth optional properties may appear and arrays may grow; at it only required
/// properties and minimal arrays are generated, so a recursive schema still terminates.
const MAX_DEPTH: usize = 8;

fn component(name: &str) -> &'static Value {
    spec()["components"]["schemas"]
        .get(name)
        .unwrap_or_else(|| panic!("no component schema {name}"))
}

// ---------------------------------------------------------------------------------------------
// Object shapes (allOf merged)

#[derive(Default)]
struct Shape {
    /// In declaration order; a later `allOf` part redefining a property replaces it.
    properties: Vec<(&'static str, &'static Value)>,
    required: BTreeSet<&'static str>,
    /// `additionalProperties` given as a schema.
    additional: Option<&'static Value>,
    /// `additionalProperties: false`.
    closed: bool,
}

impl Shape {
    fn of(schema: &'static Value) -> Shape {
        let mut shape = Shape::default();
        shape.merge(schema);
        shape
    }

    /// Merges `schema`'s own properties and those of its `allOf` parts. The discriminator and
    /// `oneOf` of a part are not followed: a variant includes its union only for the shared
    /// properties.
    fn merge(&mut self, schema: &'static Value) {
        let schema = resolve(schema);
        if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
            for part in parts {
                self.merge(part);
            }
        }
        if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
            for (name, property) in properties {
                match self.properties.iter_mut().find(|(n, _)| n == name) {
                    Some(slot) => slot.1 = property,
                    None => self.properties.push((name.as_str(), property)),
                }
            }
        }
        if let Some(required) = schema.get("required").and_then(Value::as_array) {
            self.required
                .extend(required.iter().filter_map(Value::as_str));
        }
        match schema.get("additionalProperties") {
            Some(Value::Bool(false)) => self.closed = true,
            Some(additional @ Value::Object(_)) => self.additional = Some(additional),
            _ => {}
        }
    }

    fn property(&self, name: &str) -> Option<&'static Value> {
        self.properties
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, p)| *p)
    }
}

fn is_object_schema(schema: &Value) -> bool {
    schema.get("type").and_then(Value::as_str) == Some("object")
        || schema.get("properties").is_some()
        || schema.get("allOf").is_some()
}

// ---------------------------------------------------------------------------------------------
// The generator

/// Builds strategies and remembers what it could not generate faithfully.
#[derive(Default)]
struct Generator {
    /// Patterns proptest cannot generate from (values fall back to alphanumerics).
    unsupported_patterns: BTreeSet<String>,
}

type Json = BoxedStrategy<Value>;

impl Generator {
    fn schema(&mut self, schema: &'static Value, depth: usize) -> Json {
        assert!(depth < 4 * MAX_DEPTH, "schema nesting too deep");
        let schema = resolve(schema);
        if let Some(discriminator) = schema.get("discriminator") {
            return self.union(discriminator, depth);
        }
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            return proptest::sample::select(values.clone()).boxed();
        }
        if is_object_schema(schema) {
            return self.object(schema, None, depth);
        }
        match schema.get("type").and_then(Value::as_str) {
            Some("string") => self.string(schema),
            Some("integer") => integer(schema),
            Some("number") => number(schema),
            Some("boolean") => any::<bool>().prop_map(Value::Bool).boxed(),
            Some("array") => self.array(schema, depth),
            _ => scalar(),
        }
    }

    /// One strategy per mapping entry; each sets the tag.
    fn union(&mut self, discriminator: &'static Value, depth: usize) -> Json {
        let property = discriminator["propertyName"]
            .as_str()
            .expect("discriminator.propertyName");
        let mapping = discriminator["mapping"]
            .as_object()
            .expect("every discriminator of the spec has a mapping");
        let variants: Vec<Json> = mapping
            .iter()
            .map(|(tag, target)| {
                let target = target.as_str().expect("mapping target");
                let variant = spec()
                    .pointer(target.trim_start_matches('#'))
                    .unwrap_or_else(|| panic!("dangling mapping {target}"));
                self.object(variant, Some((property, tag.as_str())), depth)
            })
            .collect();
        Union::new(variants).boxed()
    }

    fn object(
        &mut self,
        schema: &'static Value,
        tag: Option<(&'static str, &'static str)>,
        depth: usize,
    ) -> Json {
        let shape = Shape::of(schema);
        if shape.properties.is_empty() {
            // A map (`additionalProperties: <schema>`) or a free-form object.
            let values = match shape.additional {
                Some(additional) => self.schema(additional, depth + 1),
                None => scalar(),
            };
            let size = if depth < MAX_DEPTH { 0..3 } else { 0..1 };
            return proptest::collection::btree_map(map_key(), values, size)
                .prop_map(move |entries| {
                    let mut object = Map::new();
                    if let Some((name, value)) = tag {
                        object.insert(name.to_owned(), Value::String(value.to_owned()));
                    }
                    object.extend(entries);
                    Value::Object(object)
                })
                .boxed();
        }

        let mut entries: Vec<BoxedStrategy<Option<(String, Value)>>> = Vec::new();
        for (name, property) in &shape.properties {
            if tag.is_some_and(|(tag_name, _)| tag_name == *name) {
                continue;
            }
            let required = shape.required.contains(name);
            if !required && depth >= MAX_DEPTH {
                continue;
            }
            let value = self.schema(property, depth + 1);
            let name = (*name).to_owned();
            entries.push(if required {
                value.prop_map(move |v| Some((name.clone(), v))).boxed()
            } else {
                proptest::option::of(value)
                    .prop_map(move |v| v.map(|v| (name.clone(), v)))
                    .boxed()
            });
        }
        if !shape.closed {
            // A property the schema does not list: models keep it in `additional_properties`.
            entries
                .push(proptest::option::weighted(0.3, ("xExtra[A-Z][a-z]{0,5}", scalar())).boxed());
        }
        entries
            .prop_map(move |entries| {
                let mut object = Map::new();
                if let Some((name, value)) = tag {
                    object.insert(name.to_owned(), Value::String(value.to_owned()));
                }
                object.extend(entries.into_iter().flatten());
                Value::Object(object)
            })
            .boxed()
    }

    fn array(&mut self, schema: &'static Value, depth: usize) -> Json {
        let items = self.schema(schema.get("items").expect("arrays have items"), depth + 1);
        let min = schema.get("minItems").and_then(Value::as_u64).unwrap_or(0) as usize;
        let mut max = min.max(3);
        if let Some(limit) = schema.get("maxItems").and_then(Value::as_u64) {
            max = max.min(limit as usize);
        }
        if depth >= MAX_DEPTH {
            max = min;
        }
        let unique = schema.get("uniqueItems") == Some(&Value::Bool(true));
        proptest::collection::vec(items, min..=max)
            .prop_map(move |mut items| {
                if unique {
                    let mut seen = Vec::new();
                    items.retain(|item| {
                        let fresh = !seen.contains(item);
                        if fresh {
                            seen.push(item.clone());
                        }
                        fresh
                    });
                }
                Value::Array(items)
            })
            .boxed()
    }

    fn string(&mut self, schema: &'static Value) -> Json {
        let format = schema.get("format").and_then(Value::as_str);
        if format == Some("date-time") {
            return timestamp();
        }
        if let Some(pattern) = schema.get("pattern").and_then(Value::as_str) {
            match proptest::string::string_regex(strip_anchors(pattern)) {
                Ok(strategy) => return strategy.prop_map(Value::String).boxed(),
                Err(_) => {
                    self.unsupported_patterns.insert(pattern.to_owned());
                }
            }
        }
        if format == Some("email") {
            return regex_string("[a-z]{1,8}(\\.[a-z]{1,5})?@example\\.(com|org)");
        }
        let min = schema.get("minLength").and_then(Value::as_u64).unwrap_or(0);
        let max = schema
            .get("maxLength")
            .and_then(Value::as_u64)
            .unwrap_or(min + 12)
            .min(min + 12);
        regex_string(&format!("[a-zA-Z0-9 _.-]{{{min},{max}}}"))
    }
}

/// Proptest generates from a regex without anchors; a fully anchored pattern's language is
/// that of its body.
fn strip_anchors(pattern: &str) -> &str {
    let pattern = pattern.strip_prefix('^').unwrap_or(pattern);
    match pattern.strip_suffix('$') {
        Some(body) if !body.ends_with('\\') => body,
        _ => pattern,
    }
}

fn regex_string(regex: &str) -> Json {
    proptest::string::string_regex(regex)
        .unwrap_or_else(|e| panic!("bad test regex {regex}: {e}"))
        .prop_map(Value::String)
        .boxed()
}

fn map_key() -> impl Strategy<Value = String> {
    "[a-z][a-zA-Z0-9]{0,7}"
}

/// RFC 3339, UTC, whole seconds, `Z`: how the API writes timestamps.
fn timestamp() -> Json {
    (
        1970i32..2100,
        1u32..=12,
        1u32..=28,
        0u32..24,
        0u32..60,
        0u32..60,
    )
        .prop_map(|(y, mo, d, h, mi, s)| {
            Value::String(format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z"))
        })
        .boxed()
}

fn bound(schema: &Value, key: &str) -> Option<i64> {
    let value = schema.get(key)?;
    value.as_i64().or_else(|| {
        let float = value.as_f64()?;
        let rounded = if key == "minimum" {
            float.ceil()
        } else {
            float.floor()
        };
        Some(rounded as i64)
    })
}

fn integer(schema: &'static Value) -> Json {
    let (type_min, type_max) = match schema.get("format").and_then(Value::as_str) {
        Some("int32") => (i64::from(i32::MIN), i64::from(i32::MAX)),
        _ => (i64::MIN, i64::MAX),
    };
    let mut lo = bound(schema, "minimum").unwrap_or(type_min).max(type_min);
    let mut hi = bound(schema, "maximum").unwrap_or(type_max).min(type_max);
    if schema.get("exclusiveMinimum") == Some(&Value::Bool(true)) {
        lo += 1;
    }
    if schema.get("exclusiveMaximum") == Some(&Value::Bool(true)) {
        hi -= 1;
    }
    assert!(lo <= hi, "empty integer range in {schema}");
    // The bounds themselves are the interesting values (inclusive limits, int32 overflow).
    prop_oneof![
        1 => Just(lo),
        1 => Just(hi),
        6 => lo..=hi,
    ]
    .prop_map(Value::from)
    .boxed()
}

/// Multiples of 1/4: exactly representable, so their JSON text round-trips exactly.
fn number(schema: &'static Value) -> Json {
    let lo = bound(schema, "minimum").unwrap_or(-1_000_000);
    let hi = bound(schema, "maximum").unwrap_or(1_000_000);
    (lo * 4..=hi * 4)
        .prop_map(|quarters| Value::from(quarters as f64 / 4.0))
        .boxed()
}

/// A small scalar for free-form objects and unknown properties.
fn scalar() -> Json {
    prop_oneof![
        "[a-zA-Z0-9 ]{0,10}".prop_map(Value::String),
        any::<i64>().prop_map(Value::from),
        (-4000i64..4000).prop_map(|q| Value::from(q as f64 / 4.0)),
        any::<bool>().prop_map(Value::Bool),
    ]
    .boxed()
}

// ---------------------------------------------------------------------------------------------
// Read-only stripping as the spec defines it

fn is_read_only(property: &'static Value) -> bool {
    property.get("readOnly") == Some(&Value::Bool(true))
        || resolve(property).get("readOnly") == Some(&Value::Bool(true))
}

/// Removes from `json` (a value of `schema`) every property the spec marks `readOnly`, at any
/// depth. Properties the schema does not list, and unions with an unknown tag, are kept.
fn strip_read_only_by_spec(schema: &'static Value, json: &mut Value) {
    let schema = resolve(schema);
    match json {
        Value::Object(object) => {
            if let Some(discriminator) = schema.get("discriminator") {
                let property = discriminator["propertyName"].as_str().unwrap();
                let target = object
                    .get(property)
                    .and_then(Value::as_str)
                    .and_then(|tag| discriminator["mapping"].get(tag))
                    .and_then(Value::as_str);
                if let Some(target) = target {
                    let variant = spec().pointer(target.trim_start_matches('#')).unwrap();
                    strip_read_only_by_spec(variant, json);
                }
                return;
            }
            let shape = Shape::of(schema);
            if shape.properties.is_empty() {
                if let Some(additional) = shape.additional {
                    for value in object.values_mut() {
                        strip_read_only_by_spec(additional, value);
                    }
                }
                return;
            }
            let keys: Vec<String> = object.keys().cloned().collect();
            for key in keys {
                let Some(property) = shape.property(&key) else {
                    continue;
                };
                if is_read_only(property) {
                    object.remove(&key);
                } else if let Some(value) = object.get_mut(&key) {
                    strip_read_only_by_spec(property, value);
                }
            }
        }
        Value::Array(items) => {
            if let Some(item_schema) = schema.get("items") {
                for item in items {
                    strip_read_only_by_spec(item_schema, item);
                }
            }
        }
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------------
// The checks

fn runner() -> TestRunner {
    TestRunner::new(Config {
        cases: CASES,
        failure_persistence: None,
        ..Config::default()
    })
}

fn fail(message: String) -> TestCaseError {
    TestCaseError::fail(message)
}

/// Builds the strategy of a component schema; also says whether every value it produces
/// matches the spec's patterns (then `validate()` must accept it).
fn strategy_of(name: &str) -> (Json, bool) {
    let mut generator = Generator::default();
    let strategy = generator.schema(component(name), 0);
    // A pattern proptest cannot generate from gets alphanumerics, which match it only by
    // chance; that is harmless when `regex` cannot compile it either (then validate() does not
    // check it), otherwise validate() is not asserted for the type.
    let faithful = generator
        .unsupported_patterns
        .iter()
        .all(|pattern| regex::Regex::new(pattern).is_err());
    (strategy, faithful)
}

fn round_trip<T>(name: &str, json: &Value, faithful: bool) -> Result<T, TestCaseError>
where
    T: DeserializeOwned + Serialize + PartialEq + Debug + Validate,
{
    let decoded: T = common::round_trip(json).map_err(|e| fail(format!("{name}: {e}")))?;
    if faithful {
        decoded.validate().map_err(|e| {
            fail(format!(
                "{name}: validate() rejects a spec-valid value: {e}; value {json}"
            ))
        })?;
    }
    Ok(decoded)
}

fn check_model<T>(name: &str)
where
    T: DeserializeOwned + Serialize + PartialEq + Debug + Validate,
{
    let (strategy, faithful) = strategy_of(name);
    runner()
        .run(&strategy, |json| {
            round_trip::<T>(name, &json, faithful).map(drop)
        })
        .unwrap_or_else(|e| panic!("{name}: {e}"));
}

/// A union: as a model, plus every tag of its mapping is generated and none decodes to
/// `Unknown`.
fn check_union<T>(name: &str, is_unknown: fn(&T) -> bool)
where
    T: DeserializeOwned + Serialize + PartialEq + Debug + Validate,
{
    let discriminator = &component(name)["discriminator"];
    let property = discriminator["propertyName"].as_str().unwrap();
    let tags: BTreeSet<String> = discriminator["mapping"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    let seen = Mutex::new(BTreeSet::new());
    let (strategy, faithful) = strategy_of(name);
    runner()
        .run(&strategy, |json| {
            let decoded = round_trip::<T>(name, &json, faithful)?;
            prop_assert!(
                !is_unknown(&decoded),
                "{}: known tag decoded to Unknown: {}",
                name,
                json
            );
            let tag = json[property].as_str().unwrap_or_default().to_owned();
            seen.lock().unwrap().insert(tag);
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(
        seen.into_inner().unwrap(),
        tags,
        "{name}: every variant generated"
    );
}

/// A request body: `json_body` sends the value minus exactly the spec's read-only properties.
fn check_request_body<T>(name: &str, content_type: &'static str)
where
    T: DeserializeOwned + Serialize + ReadOnlyFields,
{
    let schema = component(name);
    let (strategy, _) = strategy_of(name);
    runner()
        .run(&strategy, |json| {
            let decoded: T = serde_json::from_value(json.clone())
                .map_err(|e| fail(format!("{name}: {json} does not decode: {e}")))?;
            let sent =
                sent_body(content_type, &decoded).map_err(|e| fail(format!("{name}: {e}")))?;
            let mut expected = json.clone();
            strip_read_only_by_spec(schema, &mut expected);
            prop_assert_eq!(
                &sent,
                &expected,
                "{}: json_body of {} sends other than the writable properties",
                name,
                json
            );
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{name}: {e}"));
}

/// component schema name -> Rust type; one test per entry.
macro_rules! models {
    ($($test:ident: $schema:literal => $ty:ty,)*) => {
        $(
            #[test]
            fn $test() {
                check_model::<$ty>($schema);
            }
        )*
        const MODEL_SCHEMAS: &[&str] = &[$($schema),*];

        fn model_validators() -> Vec<(&'static str, Validator)> {
            vec![$(($schema, violations_of::<$ty> as Validator)),*]
        }
    };
}

/// Discriminated unions: component schema name -> Rust enum.
macro_rules! unions {
    ($($test:ident: $schema:literal => $ty:ident,)*) => {
        $(
            #[test]
            fn $test() {
                check_union::<models::$ty>($schema, |value| {
                    matches!(value, models::$ty::Unknown(_))
                });
            }
        )*
        const UNION_SCHEMAS: &[&str] = &[$($schema),*];

        fn union_validators() -> Vec<(&'static str, Validator)> {
            vec![$(($schema, violations_of::<models::$ty> as Validator)),*]
        }
    };
}

models! {
    paginated_flex_backup_snapshots: "PaginatedApiAtlasFlexBackupSnapshot20241113View" => models::PaginatedApiAtlasFlexBackupSnapshot20241113View,
    link: "Link" => models::Link,
    flex_backup_snapshot: "FlexBackupSnapshot20241113" => models::FlexBackupSnapshot20241113,
    api_error: "ApiError" => models::ApiError,
    bad_request_detail: "BadRequestDetail" => models::BadRequestDetail,
    field_violation: "FieldViolation" => models::FieldViolation,
    geo_sharding: "GeoSharding20240805" => models::GeoSharding20240805,
    managed_namespaces: "ManagedNamespaces" => models::ManagedNamespaces,
    backup_online_archive_create: "BackupOnlineArchiveCreate" => models::BackupOnlineArchiveCreate,
    data_expiration_rule_view: "DataExpirationRuleView" => models::DataExpirationRuleView,
    partition_field_view: "PartitionFieldView" => models::PartitionFieldView,
    backup_online_archive: "BackupOnlineArchive" => models::BackupOnlineArchive,
    organization_invitation_request: "OrganizationInvitationRequest" => models::OrganizationInvitationRequest,
    organization_invitation_group_role_assignments_request: "OrganizationInvitationGroupRoleAssignmentsRequest" => models::OrganizationInvitationGroupRoleAssignmentsRequest,
    organization_invitation: "OrganizationInvitation" => models::OrganizationInvitation,
    group_role: "GroupRole" => models::GroupRole,
    gcp_consumer_forwarding_rule: "GCPConsumerForwardingRule" => models::GcpConsumerForwardingRule,
    paginated_user_access_list: "PaginatedApiUserAccessListResponseView" => models::PaginatedApiUserAccessListResponseView,
    user_access_list_response: "UserAccessListResponse" => models::UserAccessListResponse,
    group_invitation_update_request: "GroupInvitationUpdateRequest" => models::GroupInvitationUpdateRequest,
    group_invitation: "GroupInvitation" => models::GroupInvitation,
    streams_processor: "StreamsProcessor" => models::StreamsProcessor,
    streams_options: "StreamsOptions" => models::StreamsOptions,
    streams_dlq: "StreamsDLQ" => models::StreamsDlq,
    // Generated inline wherever it is used: a free-form JSON object.
    document: "Document" => serde_json::Map<String, Value>,
}

unions! {
    criteria_view: "CriteriaView" => CriteriaView,
    create_data_process_region_view: "CreateDataProcessRegionView" => CreateDataProcessRegionView,
    online_archive_schedule: "OnlineArchiveSchedule" => OnlineArchiveSchedule,
    data_process_region_view: "DataProcessRegionView" => DataProcessRegionView,
    private_link_endpoint: "PrivateLinkEndpoint" => PrivateLinkEndpoint,
}

#[test]
fn create_online_archive_body_sends_only_writable_properties() {
    check_request_body::<models::BackupOnlineArchiveCreate>(
        "BackupOnlineArchiveCreate",
        operations::create_online_archive::CONTENT_TYPE,
    );
}

#[test]
fn update_organization_invitation_body_sends_only_writable_properties() {
    check_request_body::<models::OrganizationInvitationRequest>(
        "OrganizationInvitationRequest",
        operations::update_organization_invitation::CONTENT_TYPE,
    );
}

#[test]
fn update_project_invitation_body_sends_only_writable_properties() {
    check_request_body::<models::GroupInvitationUpdateRequest>(
        "GroupInvitationUpdateRequest",
        operations::update_project_invitation_by_id::CONTENT_TYPE,
    );
}

#[test]
fn create_stream_processor_body_sends_only_writable_properties() {
    check_request_body::<models::StreamsProcessor>(
        "StreamsProcessor",
        operations::create_stream_processor::CONTENT_TYPE,
    );
}

/// Every component schema is under test: directly (tables above) or, for a union's variant,
/// through its union.
#[test]
fn every_component_schema_is_covered() {
    let schemas = spec()["components"]["schemas"].as_object().unwrap();
    let mut variants: BTreeMap<String, &str> = BTreeMap::new();
    for union in UNION_SCHEMAS {
        let discriminator = &component(union)["discriminator"];
        assert!(
            discriminator.is_object(),
            "{union} is not a discriminated union"
        );
        for target in discriminator["mapping"].as_object().unwrap().values() {
            let name = target.as_str().unwrap().rsplit('/').next().unwrap();
            variants.insert(name.to_owned(), union);
        }
    }
    let direct: BTreeSet<&str> = MODEL_SCHEMAS.iter().chain(UNION_SCHEMAS).copied().collect();
    assert_eq!(
        direct.len(),
        MODEL_SCHEMAS.len() + UNION_SCHEMAS.len(),
        "a schema is listed twice"
    );
    for name in schemas.keys() {
        assert!(
            direct.contains(name.as_str()) || variants.contains_key(name),
            "component schema {name} is not under test"
        );
        assert!(
            !(direct.contains(name.as_str()) && variants.contains_key(name)),
            "{name} is both a variant and listed directly"
        );
    }
    for name in &direct {
        assert!(
            schemas.contains_key(*name),
            "{name} is not a component schema"
        );
        assert!(
            schemas[*name].get("discriminator").is_some() == UNION_SCHEMAS.contains(name),
            "{name}: listed with the wrong kind"
        );
    }
    println!(
        "{} model types and {} unions ({} variants) under proptest",
        MODEL_SCHEMAS.len(),
        UNION_SCHEMAS.len(),
        variants.len()
    );
}

/// The generator itself: values it produces for a few schemas look as intended.
#[test]
fn the_generator_produces_spec_shaped_values() {
    let mut runner = runner();
    let (schedule, _) = strategy_of("OnlineArchiveSchedule");
    let timestamp_format =
        regex::Regex::new("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$").unwrap();
    let id_format = regex::Regex::new("^([a-f0-9]{24})$").unwrap();
    for _ in 0..32 {
        let value = schedule.new_tree(&mut runner).unwrap().current();
        let tag = value["type"].as_str().expect("a tag");
        assert!(["DEFAULT", "DAILY", "WEEKLY", "MONTHLY"].contains(&tag));
        if let Some(hour) = value.get("endHour") {
            assert!((0..=23).contains(&hour.as_i64().unwrap()), "{value}");
        }
    }
    let (snapshot, faithful) = strategy_of("FlexBackupSnapshot20241113");
    assert!(faithful);
    for _ in 0..32 {
        let value = snapshot.new_tree(&mut runner).unwrap().current();
        if let Some(time) = value.get("startTime") {
            assert!(timestamp_format.is_match(time.as_str().unwrap()), "{time}");
        }
        if let Some(id) = value.get("id") {
            let id = id.as_str().unwrap();
            assert!(id_format.is_match(id), "{id}");
        }
    }
    let (archive, _) = strategy_of("BackupOnlineArchiveCreate");
    for _ in 0..32 {
        let value = archive.new_tree(&mut runner).unwrap().current();
        for required in ["collName", "criteria", "dbName"] {
            assert!(
                value.get(required).is_some(),
                "{required} missing in {value}"
            );
        }
        if let Some(fields) = value.get("partitionFields") {
            assert!(!fields.as_array().unwrap().is_empty(), "minItems 1");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Every constraint of the spec is enforced

/// Decodes `json` as `T` and returns the paths `validate()` reports.
type Validator = fn(&Value) -> Result<Vec<String>, String>;

fn violations_of<T: DeserializeOwned + Validate>(json: &Value) -> Result<Vec<String>, String> {
    let value: T = serde_json::from_value(json.clone()).map_err(|e| e.to_string())?;
    Ok(match value.validate() {
        Ok(()) => Vec::new(),
        Err(error) => error.violations.into_iter().map(|v| v.path).collect(),
    })
}

/// One valid value of `schema`, from the generator.
fn sample(schema: &'static Value, runner: &mut TestRunner) -> Value {
    Generator::default()
        .schema(schema, 0)
        .new_tree(runner)
        .expect("a value")
        .current()
}

/// Values breaking one constraint of a property's schema: (path suffix, value, which
/// constraint). Properties that are models themselves are checked as their own type.
fn bad_values(schema: &'static Value, runner: &mut TestRunner) -> Vec<(String, Value, String)> {
    let schema = resolve(schema);
    let mut out = Vec::new();
    if schema.get("discriminator").is_some() || schema.get("enum").is_some() {
        return out;
    }
    let int32 = schema.get("format").and_then(Value::as_str) == Some("int32");
    let fits = |n: f64| !int32 || (f64::from(i32::MIN)..=f64::from(i32::MAX)).contains(&n);
    let number = |n: f64| {
        if n.fract() == 0.0 {
            Value::from(n as i64)
        } else {
            Value::from(n)
        }
    };
    match schema.get("type").and_then(Value::as_str) {
        Some("integer") | Some("number") => {
            let step = if schema["type"] == "integer" {
                1.0
            } else {
                0.5
            };
            if let Some(min) = schema.get("minimum").and_then(Value::as_f64) {
                let exclusive = schema.get("exclusiveMinimum") == Some(&Value::Bool(true));
                let bad = if exclusive { min } else { min - step };
                if fits(bad) {
                    out.push((String::new(), number(bad), format!("minimum {min}")));
                }
            }
            if let Some(max) = schema.get("maximum").and_then(Value::as_f64) {
                let exclusive = schema.get("exclusiveMaximum") == Some(&Value::Bool(true));
                let bad = if exclusive { max } else { max + step };
                if fits(bad) {
                    out.push((String::new(), number(bad), format!("maximum {max}")));
                }
            }
        }
        Some("string") => {
            if let Some(pattern) = schema.get("pattern").and_then(Value::as_str) {
                // A pattern the regex crate cannot compile is not checked, by design.
                if let Ok(regex) = regex::Regex::new(pattern) {
                    let candidates = ["", "!", "~ ~", "\u{2603}"];
                    if let Some(bad) = candidates.iter().find(|c| !regex.is_match(c)) {
                        out.push((
                            String::new(),
                            Value::from(*bad),
                            format!("pattern {pattern}"),
                        ));
                    }
                }
            }
            if let Some(min) = schema.get("minLength").and_then(Value::as_u64) {
                if min > 0 {
                    let bad = "x".repeat(min as usize - 1);
                    out.push((String::new(), Value::from(bad), format!("minLength {min}")));
                }
            }
            if let Some(max) = schema.get("maxLength").and_then(Value::as_u64) {
                let bad = "x".repeat(max as usize + 1);
                out.push((String::new(), Value::from(bad), format!("maxLength {max}")));
            }
        }
        Some("array") => {
            let items = schema.get("items").expect("arrays have items");
            let min = schema.get("minItems").and_then(Value::as_u64);
            let max = schema.get("maxItems").and_then(Value::as_u64);
            if let Some(min) = min.filter(|m| *m > 0) {
                let bad: Vec<Value> = (1..min).map(|_| sample(items, runner)).collect();
                out.push((String::new(), Value::Array(bad), format!("minItems {min}")));
            }
            if let Some(max) = max {
                let bad: Vec<Value> = (0..=max).map(|_| sample(items, runner)).collect();
                out.push((String::new(), Value::Array(bad), format!("maxItems {max}")));
            }
            if schema.get("uniqueItems") == Some(&Value::Bool(true)) {
                let item = sample(items, runner);
                let mut bad = vec![item.clone(), item];
                // Keep minItems satisfied so only uniqueness is broken.
                while (bad.len() as u64) < min.unwrap_or(0) {
                    bad.push(sample(items, runner));
                }
                out.push((String::new(), Value::Array(bad), "uniqueItems".to_owned()));
            }
            for (suffix, bad, what) in bad_values(items, runner) {
                let mut array = vec![bad];
                while (array.len() as u64) < min.unwrap_or(0) {
                    array.push(sample(items, runner));
                }
                out.push((
                    format!("[0]{suffix}"),
                    Value::Array(array),
                    format!("items: {what}"),
                ));
            }
        }
        _ if is_object_schema(schema) => {
            let shape = Shape::of(schema);
            if let (true, Some(additional)) = (shape.properties.is_empty(), shape.additional) {
                for (suffix, bad, what) in bad_values(additional, runner) {
                    let mut map = Map::new();
                    map.insert("key1".to_owned(), bad);
                    out.push((
                        format!(".key1{suffix}"),
                        Value::Object(map),
                        format!("values: {what}"),
                    ));
                }
            }
        }
        _ => {}
    }
    out
}

/// For every model and union variant, each constraint the spec puts on one of its properties
/// is enforced: a value breaking only that constraint gives exactly one violation, at the
/// property's JSON path.
#[test]
fn every_constraint_of_the_spec_is_enforced_by_validate() {
    let mut runner = TestRunner::deterministic();
    let mut checked = 0usize;
    let mut failures = Vec::new();
    for (name, validate) in model_validators().into_iter().chain(union_validators()) {
        let schema = component(name);
        // (label, shape, tag) for a model, or one per variant for a union.
        let mut shapes = Vec::new();
        match schema.get("discriminator") {
            Some(discriminator) => {
                let property = discriminator["propertyName"].as_str().unwrap();
                for (tag, target) in discriminator["mapping"].as_object().unwrap() {
                    let variant = spec()
                        .pointer(target.as_str().unwrap().trim_start_matches('#'))
                        .unwrap_or_else(|| panic!("dangling mapping {target}"));
                    shapes.push((
                        format!("{name} ({property}: {tag})"),
                        Shape::of(variant),
                        Some((property, tag.as_str())),
                    ));
                }
            }
            None => shapes.push((name.to_owned(), Shape::of(schema), None)),
        }
        for (label, shape, tag) in shapes {
            // The tag and the required properties, all valid.
            let mut base = Map::new();
            if let Some((property, tag)) = tag {
                base.insert(property.to_owned(), Value::from(tag));
            }
            for (property, property_schema) in &shape.properties {
                if shape.required.contains(property) && !base.contains_key(*property) {
                    base.insert((*property).to_owned(), sample(property_schema, &mut runner));
                }
            }
            match validate(&Value::Object(base.clone())) {
                Ok(paths) if paths.is_empty() => {}
                other => {
                    failures.push(format!("{label}: the valid base value gives {other:?}"));
                    continue;
                }
            }
            for (property, property_schema) in &shape.properties {
                if tag.is_some_and(|(t, _)| t == *property) {
                    continue;
                }
                for (suffix, bad, what) in bad_values(property_schema, &mut runner) {
                    let expected = format!("{property}{suffix}");
                    let mut value = base.clone();
                    value.insert((*property).to_owned(), bad.clone());
                    checked += 1;
                    match validate(&Value::Object(value)) {
                        Ok(paths) if paths == [expected.clone()] => {}
                        Ok(paths) => failures.push(format!(
                            "{label}.{property}: {what} broken by {bad} gives violations at {paths:?}, expected [{expected:?}]"
                        )),
                        Err(e) => failures.push(format!(
                            "{label}.{property}: {what} broken by {bad} does not decode: {e}"
                        )),
                    }
                }
            }
        }
    }
    println!("{checked} constraint cases checked");
    assert!(checked >= 30, "only {checked} constraint cases found");
    assert!(
        failures.is_empty(),
        "{} of {checked} constraints are not enforced as the spec says:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
