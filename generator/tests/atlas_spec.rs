//! Pins the facts of `spec/atlas-admin-v2.yaml`, the Atlas Admin API v2 subset the generator is
//! built against: its operations, media types, error responses, deprecations, security schemes,
//! discriminated unions and reference integrity.

use std::collections::{BTreeMap, BTreeSet};

use serde_yaml::Value;

const SPEC_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/atlas-admin-v2.yaml");

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// operationId, method, path.
const OPERATIONS: [(&str, &str, &str); 9] = [
    (
        "listFlexBackups",
        "get",
        "/api/atlas/v2/groups/{groupId}/flexClusters/{name}/backup/snapshots",
    ),
    (
        "deleteAllCustomZoneMappings",
        "delete",
        "/api/atlas/v2/groups/{groupId}/clusters/{clusterName}/globalWrites/customZoneMapping",
    ),
    (
        "createOnlineArchive",
        "post",
        "/api/atlas/v2/groups/{groupId}/clusters/{clusterName}/onlineArchives",
    ),
    (
        "getOnlineArchive",
        "get",
        "/api/atlas/v2/groups/{groupId}/clusters/{clusterName}/onlineArchives/{archiveId}",
    ),
    (
        "updateOrganizationInvitation",
        "patch",
        "/api/atlas/v2/orgs/{orgId}/invites",
    ),
    (
        "getPrivateEndpoint",
        "get",
        "/api/atlas/v2/groups/{groupId}/privateEndpoint/{cloudProvider}/endpointService/{endpointServiceId}/endpoint/{endpointId}",
    ),
    (
        "listApiKeyAccessListsEntries",
        "get",
        "/api/atlas/v2/orgs/{orgId}/apiKeys/{apiUserId}/accessList",
    ),
    (
        "updateProjectInvitationById",
        "patch",
        "/api/atlas/v2/groups/{groupId}/invites/{invitationId}",
    ),
    (
        "createStreamProcessor",
        "post",
        "/api/atlas/v2/groups/{groupId}/streams/{tenantName}/processor",
    ),
];

const V2023_01_01: &str = "application/vnd.atlas.2023-01-01+json";
const V2024_05_30: &str = "application/vnd.atlas.2024-05-30+json";
const V2024_08_05: &str = "application/vnd.atlas.2024-08-05+json";
const V2024_11_13: &str = "application/vnd.atlas.2024-11-13+json";

/// operationId, 200 response media type, request body media type.
const MEDIA_TYPES: [(&str, &str, Option<&str>); 9] = [
    ("listFlexBackups", V2024_11_13, None),
    ("deleteAllCustomZoneMappings", V2024_08_05, None),
    ("createOnlineArchive", V2023_01_01, Some(V2023_01_01)),
    ("getOnlineArchive", V2023_01_01, None),
    (
        "updateOrganizationInvitation",
        V2023_01_01,
        Some(V2023_01_01),
    ),
    ("getPrivateEndpoint", V2023_01_01, None),
    ("listApiKeyAccessListsEntries", V2023_01_01, None),
    (
        "updateProjectInvitationById",
        V2023_01_01,
        Some(V2023_01_01),
    ),
    ("createStreamProcessor", V2024_05_30, Some(V2024_05_30)),
];

/// operationId and its error responses: status code and the shared response it references.
const ERRORS: [(&str, &[(&str, &str)]); 9] = [
    (
        "listFlexBackups",
        &[
            ("400", "badRequest"),
            ("401", "unauthorized"),
            ("403", "forbidden"),
            ("404", "notFound"),
            ("500", "internalServerError"),
        ],
    ),
    (
        "deleteAllCustomZoneMappings",
        &[
            ("401", "unauthorized"),
            ("403", "forbidden"),
            ("404", "notFound"),
            ("500", "internalServerError"),
        ],
    ),
    (
        "createOnlineArchive",
        &[
            ("400", "badRequest"),
            ("401", "unauthorized"),
            ("403", "forbidden"),
            ("404", "notFound"),
            ("409", "conflict"),
            ("500", "internalServerError"),
        ],
    ),
    (
        "getOnlineArchive",
        &[
            ("400", "badRequest"),
            ("401", "unauthorized"),
            ("403", "forbidden"),
            ("404", "notFound"),
            ("500", "internalServerError"),
        ],
    ),
    (
        "updateOrganizationInvitation",
        &[
            ("400", "badRequest"),
            ("401", "unauthorized"),
            ("403", "forbidden"),
            ("404", "notFound"),
            ("500", "internalServerError"),
        ],
    ),
    (
        "getPrivateEndpoint",
        &[
            ("400", "badRequest"),
            ("401", "unauthorized"),
            ("403", "forbidden"),
            ("404", "notFound"),
            ("500", "internalServerError"),
        ],
    ),
    (
        "listApiKeyAccessListsEntries",
        &[
            ("401", "unauthorized"),
            ("403", "forbidden"),
            ("404", "notFound"),
            ("500", "internalServerError"),
        ],
    ),
    (
        "updateProjectInvitationById",
        &[
            ("400", "badRequest"),
            ("401", "unauthorized"),
            ("403", "forbidden"),
            ("404", "notFound"),
            ("500", "internalServerError"),
        ],
    ),
    (
        "createStreamProcessor",
        &[
            ("400", "badRequest"),
            ("401", "unauthorized"),
            ("403", "forbidden"),
            ("404", "notFound"),
            // The reference documents 409 with the Unauthorized body for this operation.
            ("409", "unauthorized"),
            ("500", "internalServerError"),
        ],
    ),
];

/// Shared error response, its description and the `error` code of its example.
const ERROR_RESPONSES: [(&str, &str, i64); 6] = [
    ("badRequest", "Bad Request.", 400),
    ("unauthorized", "Unauthorized.", 401),
    ("forbidden", "Forbidden.", 403),
    ("notFound", "Not Found.", 404),
    ("conflict", "Conflict.", 409),
    ("internalServerError", "Internal Server Error.", 500),
];

/// A discriminated union of `components/schemas`.
struct Union {
    schema: &'static str,
    property: &'static str,
    /// Discriminator value and variant schema.
    mapping: &'static [(&'static str, &'static str)],
    /// Whether the variants `allOf` the union schema (otherwise they repeat its properties).
    variants_extend_union: bool,
}

const UNIONS: [Union; 5] = [
    Union {
        schema: "CriteriaView",
        property: "type",
        mapping: &[
            ("CUSTOM", "CustomCriteriaView"),
            ("DATE", "DateCriteriaView"),
        ],
        variants_extend_union: true,
    },
    Union {
        schema: "OnlineArchiveSchedule",
        property: "type",
        mapping: &[
            ("DAILY", "DailyScheduleView"),
            ("DEFAULT", "DefaultScheduleView"),
            ("MONTHLY", "MonthlyScheduleView"),
            ("WEEKLY", "WeeklyScheduleView"),
        ],
        variants_extend_union: true,
    },
    Union {
        schema: "CreateDataProcessRegionView",
        property: "cloudProvider",
        mapping: &[
            ("AWS", "AWSCreateDataProcessRegionView"),
            ("AZURE", "AzureCreateDataProcessRegionView"),
            ("GCP", "GCPCreateDataProcessRegionView"),
        ],
        variants_extend_union: true,
    },
    Union {
        schema: "DataProcessRegionView",
        property: "cloudProvider",
        mapping: &[
            ("AWS", "AWSDataProcessRegionView"),
            ("AZURE", "AzureDataProcessRegionView"),
            ("GCP", "GCPDataProcessRegionView"),
        ],
        variants_extend_union: true,
    },
    Union {
        schema: "PrivateLinkEndpoint",
        property: "cloudProvider",
        mapping: &[
            ("AWS", "AWSInterfaceEndpoint"),
            ("AZURE", "AzurePrivateEndpoint"),
            ("GCP", "PrivateGCPEndpointGroup"),
        ],
        variants_extend_union: false,
    },
];

fn load() -> (String, Value) {
    let text = std::fs::read_to_string(SPEC_PATH)
        .unwrap_or_else(|e| panic!("cannot read {SPEC_PATH}: {e}"));
    let doc: Value =
        serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{SPEC_PATH} is not YAML: {e}"));
    (text, doc)
}

/// Follows `keys` from `v`, panicking with the path when a key is missing.
fn at<'a>(v: &'a Value, keys: &[&str]) -> &'a Value {
    let mut cur = v;
    for (i, k) in keys.iter().enumerate() {
        cur = cur
            .get(*k)
            .unwrap_or_else(|| panic!("missing key {:?}", &keys[..=i]));
    }
    cur
}

fn str_at<'a>(v: &'a Value, keys: &[&str]) -> &'a str {
    at(v, keys)
        .as_str()
        .unwrap_or_else(|| panic!("{keys:?} is not a string"))
}

fn keys_of(v: &Value) -> Vec<String> {
    v.as_mapping()
        .expect("expected a mapping")
        .keys()
        .map(|k| k.as_str().expect("expected a string key").to_owned())
        .collect()
}

/// Resolves a local JSON pointer reference (`#/a/b`) in `doc`.
fn resolve<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    let pointer = reference.strip_prefix("#/")?;
    let mut cur = doc;
    for raw in pointer.split('/') {
        let key = raw.replace("~1", "/").replace("~0", "~");
        cur = cur.get(key.as_str())?;
    }
    Some(cur)
}

/// Follows `$ref`s until a non-reference object.
fn deref<'a>(doc: &'a Value, v: &'a Value) -> &'a Value {
    let mut cur = v;
    for _ in 0..16 {
        match cur.get("$ref").and_then(Value::as_str) {
            Some(r) => cur = resolve(doc, r).unwrap_or_else(|| panic!("unresolved $ref {r}")),
            None => return cur,
        }
    }
    panic!("reference chain too long");
}

/// operationId -> (method, path, operation).
fn operations(doc: &Value) -> BTreeMap<String, (String, String, &Value)> {
    let mut ops = BTreeMap::new();
    for (path, item) in at(doc, &["paths"]).as_mapping().expect("paths mapping") {
        let path = path.as_str().expect("path key");
        for (method, op) in item.as_mapping().expect("path item mapping") {
            let method = method.as_str().expect("method key");
            if !METHODS.contains(&method) {
                continue;
            }
            let id = str_at(op, &["operationId"]).to_owned();
            let previous = ops.insert(id.clone(), (method.to_owned(), path.to_owned(), op));
            assert!(previous.is_none(), "duplicate operationId {id}");
        }
    }
    ops
}

fn operation<'a>(doc: &'a Value, id: &str) -> &'a Value {
    let (_, (_, _, op)) = operations(doc)
        .into_iter()
        .find(|(k, _)| k == id)
        .unwrap_or_else(|| panic!("no operation {id}"));
    op
}

fn schema_ref(name: &str) -> String {
    format!("#/components/schemas/{name}")
}

/// Collects every `$ref` value and every discriminator mapping target with its location.
fn collect_refs(v: &Value, here: &str, out: &mut Vec<(String, String)>) {
    match v {
        Value::Mapping(m) => {
            for (k, child) in m {
                let key = k.as_str().unwrap_or("?");
                let loc = format!("{here}/{key}");
                if key == "$ref" {
                    let target = child.as_str().expect("$ref must be a string");
                    out.push((loc.clone(), target.to_owned()));
                }
                if key == "discriminator" {
                    if let Some(mapping) = child.get("mapping").and_then(Value::as_mapping) {
                        for (value, target) in mapping {
                            let target = target.as_str().expect("mapping target string");
                            let value = value.as_str().unwrap_or("?");
                            out.push((format!("{loc}/mapping/{value}"), target.to_owned()));
                        }
                    }
                }
                collect_refs(child, &loc, out);
            }
        }
        Value::Sequence(s) => {
            for (i, child) in s.iter().enumerate() {
                collect_refs(child, &format!("{here}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn collect_extension_keys(v: &Value, here: &str, out: &mut Vec<String>) {
    match v {
        Value::Mapping(m) => {
            for (k, child) in m {
                let key = k.as_str().unwrap_or("?");
                let loc = format!("{here}/{key}");
                // Property names are data, not OpenAPI keywords.
                let in_properties = here.ends_with("/properties");
                if key.starts_with("x-") && !in_properties {
                    out.push(loc.clone());
                }
                collect_extension_keys(child, &loc, out);
            }
        }
        Value::Sequence(s) => {
            for (i, child) in s.iter().enumerate() {
                collect_extension_keys(child, &format!("{here}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn document_header_servers_and_typed_parse() {
    let (text, doc) = load();
    assert_eq!(str_at(&doc, &["openapi"]), "3.0.1");
    assert_eq!(
        str_at(&doc, &["info", "title"]),
        "MongoDB Atlas Administration API"
    );
    assert_eq!(str_at(&doc, &["info", "version"]), "2.0");
    assert!(!str_at(&doc, &["info", "description"]).is_empty());
    let servers = at(&doc, &["servers"]).as_sequence().expect("servers list");
    assert_eq!(servers.len(), 1);
    assert_eq!(str_at(&servers[0], &["url"]), "https://cloud.mongodb.com");

    // The typed model the generator uses must accept the document.
    let typed: openapiv3::OpenAPI =
        serde_yaml::from_str(&text).expect("openapiv3 must parse the spec");
    assert_eq!(typed.openapi, "3.0.1");
    assert_eq!(typed.paths.paths.len(), OPERATIONS.len());
}

#[test]
fn exactly_the_nine_operations_with_method_and_path() {
    let (_, doc) = load();
    let ops = operations(&doc);
    let found: BTreeSet<&str> = ops.keys().map(String::as_str).collect();
    let expected: BTreeSet<&str> = OPERATIONS.iter().map(|(id, _, _)| *id).collect();
    assert_eq!(found, expected);
    for (id, method, path) in OPERATIONS {
        let (m, p, op) = &ops[id];
        assert_eq!((m.as_str(), p.as_str()), (method, path), "{id}");
        assert!(!str_at(op, &["summary"]).is_empty(), "{id} has a summary");
        assert!(
            !str_at(op, &["description"]).is_empty(),
            "{id} has a description"
        );
        let tags = at(op, &["tags"]).as_sequence().expect("tags list");
        assert_eq!(tags.len(), 1, "{id} has one tag");
    }
}

#[test]
fn operation_tags_are_declared_with_descriptions() {
    let (_, doc) = load();
    let declared: BTreeMap<String, String> = at(&doc, &["tags"])
        .as_sequence()
        .expect("tags list")
        .iter()
        .map(|t| {
            (
                str_at(t, &["name"]).to_owned(),
                str_at(t, &["description"]).to_owned(),
            )
        })
        .collect();
    for (id, (_, _, op)) in operations(&doc) {
        for tag in at(op, &["tags"]).as_sequence().expect("tags list") {
            let tag = tag.as_str().expect("tag name");
            let description = declared
                .get(tag)
                .unwrap_or_else(|| panic!("{id}: tag {tag} not declared"));
            assert!(!description.is_empty(), "tag {tag} has a description");
        }
    }
    assert!(declared["Global Clusters"].starts_with(
        "Returns, adds, and removes Global Cluster managed namespaces and custom zone mappings."
    ));
    assert!(declared.contains_key("Third-Party Integrations"));
}

#[test]
fn request_and_response_media_types() {
    let (_, doc) = load();
    for (id, ok_type, body_type) in MEDIA_TYPES {
        let op = operation(&doc, id);
        let ok = deref(&doc, at(op, &["responses", "200"]));
        assert_eq!(str_at(ok, &["description"]), "OK", "{id}");
        assert_eq!(
            keys_of(at(ok, &["content"])),
            vec![ok_type.to_owned()],
            "{id} 200 media type"
        );
        let ok_media = at(ok, &["content", ok_type]);
        assert!(
            ok_media.get("example").is_some() || ok_media.get("examples").is_some(),
            "{id} 200 carries the documented example"
        );
        match body_type {
            Some(body_type) => {
                let body = at(op, &["requestBody"]);
                assert_eq!(at(body, &["required"]).as_bool(), Some(true), "{id}");
                assert_eq!(
                    keys_of(at(body, &["content"])),
                    vec![body_type.to_owned()],
                    "{id} request media type"
                );
                assert!(
                    at(body, &["content", body_type]).get("example").is_some(),
                    "{id} request body carries the documented example"
                );
            }
            None => assert!(op.get("requestBody").is_none(), "{id} has no body"),
        }
    }
}

#[test]
fn documented_examples_are_kept_verbatim() {
    let (_, doc) = load();
    let create = operation(&doc, "createOnlineArchive");
    let request = at(create, &["requestBody", "content", V2023_01_01, "example"]);
    // The reference renders one union variant's fields under another's discriminator value.
    assert_eq!(str_at(request, &["criteria", "type"]), "DATE");
    assert_eq!(str_at(request, &["criteria", "query"]), "string");
    assert_eq!(str_at(request, &["schedule", "type"]), "DEFAULT");
    assert_eq!(
        str_at(request, &["dataProcessRegion", "region"]),
        "US_EAST_1"
    );

    let flex = operation(&doc, "listFlexBackups");
    let page = at(
        flex,
        &["responses", "200", "content", V2024_11_13, "example"],
    );
    assert_eq!(at(page, &["totalCount"]).as_i64(), Some(42));
    assert_eq!(
        str_at(&at(page, &["links"])[0], &["rel"]),
        "self",
        "read-only links are part of the example"
    );

    let endpoint = operation(&doc, "getPrivateEndpoint");
    let examples = at(
        endpoint,
        &["responses", "200", "content", V2023_01_01, "examples"],
    );
    assert_eq!(keys_of(examples), vec!["AWS", "AZURE", "GCP"]);
    assert_eq!(
        str_at(examples, &["AWS", "value", "connectionStatus"]),
        "PENDING_ACCEPTANCE"
    );
    assert_eq!(
        str_at(examples, &["GCP", "value", "endpointGroupName"]),
        "string"
    );
}

#[test]
fn error_responses_per_operation() {
    let (_, doc) = load();
    for (id, errors) in ERRORS {
        let op = operation(&doc, id);
        let responses = at(op, &["responses"]);
        let codes: Vec<String> = keys_of(responses)
            .into_iter()
            .filter(|c| c != "200")
            .collect();
        let expected: Vec<String> = errors.iter().map(|(c, _)| (*c).to_owned()).collect();
        assert_eq!(codes, expected, "{id} error status codes");
        for (code, name) in errors.iter() {
            assert_eq!(
                str_at(responses, &[code, "$ref"]),
                format!("#/components/responses/{name}"),
                "{id} {code} references the shared response"
            );
            let response = deref(&doc, &responses[*code]);
            assert_eq!(
                keys_of(at(response, &["content"])),
                vec!["application/json"]
            );
            assert_eq!(
                str_at(response, &["content", "application/json", "schema", "$ref"]),
                schema_ref("ApiError"),
                "{id} {code} body is ApiError"
            );
        }
    }
}

#[test]
fn shared_error_responses_carry_their_examples() {
    let (_, doc) = load();
    let responses = at(&doc, &["components", "responses"]);
    let names: BTreeSet<String> = keys_of(responses).into_iter().collect();
    let expected: BTreeSet<String> = ERROR_RESPONSES
        .iter()
        .map(|(n, _, _)| (*n).to_owned())
        .collect();
    assert_eq!(names, expected);
    for (name, description, code) in ERROR_RESPONSES {
        let response = at(responses, &[name]);
        assert_eq!(str_at(response, &["description"]), description);
        let example = at(response, &["content", "application/json", "example"]);
        assert_eq!(at(example, &["error"]).as_i64(), Some(code), "{name}");
        assert_eq!(
            str_at(example, &["reason"]),
            description.trim_end_matches('.')
        );
        assert!(!str_at(example, &["errorCode"]).is_empty());
        assert!(str_at(example, &["detail"]).starts_with("(This is just an example"));
    }
    let api_error = at(&doc, &["components", "schemas", "ApiError"]);
    let required: Vec<&str> = at(api_error, &["required"])
        .as_sequence()
        .expect("required list")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(required, vec!["error", "errorCode"]);
}

#[test]
fn deprecated_exactly_on_the_invitation_updates() {
    let (_, doc) = load();
    let deprecated: BTreeSet<String> = operations(&doc)
        .into_iter()
        .filter(|(_, (_, _, op))| op.get("deprecated").and_then(Value::as_bool) == Some(true))
        .map(|(id, _)| id)
        .collect();
    let expected: BTreeSet<String> = [
        "updateOrganizationInvitation",
        "updateProjectInvitationById",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    assert_eq!(deprecated, expected);
}

#[test]
fn security_schemes_and_requirements() {
    let (_, doc) = load();
    let schemes = at(&doc, &["components", "securitySchemes"]);
    let names: BTreeSet<String> = keys_of(schemes).into_iter().collect();
    assert_eq!(
        names,
        ["DigestAuth", "ServiceAccounts"]
            .into_iter()
            .map(str::to_owned)
            .collect()
    );
    assert_eq!(str_at(schemes, &["DigestAuth", "type"]), "http");
    assert_eq!(str_at(schemes, &["DigestAuth", "scheme"]), "digest");
    assert_eq!(str_at(schemes, &["ServiceAccounts", "type"]), "oauth2");
    let flow = at(schemes, &["ServiceAccounts", "flows", "clientCredentials"]);
    assert_eq!(
        str_at(flow, &["tokenUrl"]),
        "https://cloud.mongodb.com/api/oauth/token"
    );
    assert!(at(flow, &["scopes"])
        .as_mapping()
        .expect("scopes mapping")
        .is_empty());

    // Top-level security: either scheme alone satisfies a request.
    let security = at(&doc, &["security"])
        .as_sequence()
        .expect("security list");
    let alternatives: BTreeSet<Vec<String>> = security.iter().map(keys_of).collect();
    let expected: BTreeSet<Vec<String>> = [
        vec!["DigestAuth".to_owned()],
        vec!["ServiceAccounts".to_owned()],
    ]
    .into_iter()
    .collect();
    assert_eq!(alternatives, expected);
    for requirement in security {
        for scopes in requirement.as_mapping().expect("requirement").values() {
            assert!(scopes.as_sequence().expect("scope list").is_empty());
        }
    }
}

#[test]
fn discriminated_unions_and_their_variants() {
    let (_, doc) = load();
    let schemas = at(&doc, &["components", "schemas"]);
    for Union {
        schema: union,
        property,
        mapping,
        variants_extend_union,
    } in UNIONS
    {
        let schema = at(schemas, &[union]);
        let discriminator = at(schema, &["discriminator"]);
        assert_eq!(
            str_at(discriminator, &["propertyName"]),
            property,
            "{union}"
        );
        let found: BTreeMap<String, String> = at(discriminator, &["mapping"])
            .as_mapping()
            .expect("mapping")
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().expect("mapping key").to_owned(),
                    v.as_str().expect("mapping target").to_owned(),
                )
            })
            .collect();
        let expected: BTreeMap<String, String> = mapping
            .iter()
            .map(|(value, variant)| ((*value).to_owned(), schema_ref(variant)))
            .collect();
        assert_eq!(found, expected, "{union} mapping");

        // The discriminator property enumerates exactly the mapped values.
        let values: BTreeSet<&str> = at(schema, &["properties", property, "enum"])
            .as_sequence()
            .expect("enum list")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        let mapped: BTreeSet<&str> = mapping.iter().map(|(value, _)| *value).collect();
        assert_eq!(values, mapped, "{union}.{property} enum");

        for (value, variant) in mapping.iter() {
            let variant_schema = schemas
                .get(*variant)
                .unwrap_or_else(|| panic!("{union}: variant {variant} ({value}) missing"));
            if variants_extend_union {
                let parents: Vec<&str> = at(variant_schema, &["allOf"])
                    .as_sequence()
                    .expect("allOf list")
                    .iter()
                    .filter_map(|s| s.get("$ref").and_then(Value::as_str))
                    .collect();
                assert!(
                    parents.contains(&schema_ref(union).as_str()),
                    "{variant} extends {union} through allOf"
                );
            } else {
                assert!(
                    at(variant_schema, &["properties"]).get(property).is_some(),
                    "{variant} declares {property}"
                );
            }
        }
    }

    // The schedule is also a oneOf over its variants, as upstream models it.
    let one_of: BTreeSet<&str> = at(schemas, &["OnlineArchiveSchedule", "oneOf"])
        .as_sequence()
        .expect("oneOf list")
        .iter()
        .map(|s| str_at(s, &["$ref"]))
        .collect();
    let expected: BTreeSet<String> = [
        "DefaultScheduleView",
        "DailyScheduleView",
        "WeeklyScheduleView",
        "MonthlyScheduleView",
    ]
    .into_iter()
    .map(schema_ref)
    .collect();
    assert_eq!(
        one_of,
        expected.iter().map(String::as_str).collect::<BTreeSet<_>>()
    );

    // Where the unions are used.
    for (schema, property, union) in [
        ("BackupOnlineArchiveCreate", "criteria", "CriteriaView"),
        (
            "BackupOnlineArchiveCreate",
            "schedule",
            "OnlineArchiveSchedule",
        ),
        (
            "BackupOnlineArchiveCreate",
            "dataProcessRegion",
            "CreateDataProcessRegionView",
        ),
        ("BackupOnlineArchive", "criteria", "CriteriaView"),
        ("BackupOnlineArchive", "schedule", "OnlineArchiveSchedule"),
        (
            "BackupOnlineArchive",
            "dataProcessRegion",
            "DataProcessRegionView",
        ),
    ] {
        assert_eq!(
            str_at(schemas, &[schema, "properties", property, "$ref"]),
            schema_ref(union),
            "{schema}.{property}"
        );
    }
    let endpoint = operation(&doc, "getPrivateEndpoint");
    assert_eq!(
        str_at(
            endpoint,
            &["responses", "200", "content", V2023_01_01, "schema", "$ref"]
        ),
        schema_ref("PrivateLinkEndpoint")
    );
}

#[test]
fn shared_parameters_are_referenced() {
    let (_, doc) = load();
    let parameters = at(&doc, &["components", "parameters"]);
    for name in [
        "envelope",
        "pretty",
        "includeCount",
        "itemsPerPage",
        "pageNum",
        "groupId",
        "orgId",
    ] {
        assert_eq!(str_at(parameters, &[name, "name"]), name);
    }
    assert_eq!(
        at(parameters, &["itemsPerPage", "schema", "maximum"]).as_i64(),
        Some(500)
    );
    assert_eq!(
        str_at(parameters, &["groupId", "schema", "pattern"]),
        "^([a-f0-9]{24})$"
    );
    let shared: BTreeSet<String> = keys_of(parameters).into_iter().collect();
    for (id, (_, _, op)) in operations(&doc) {
        for p in at(op, &["parameters"]).as_sequence().expect("parameters") {
            if let Some(name) = p.get("name").and_then(Value::as_str) {
                assert!(
                    !shared.contains(name),
                    "{id}: parameter {name} is inlined instead of referenced"
                );
            }
        }
    }
}

#[test]
fn every_reference_resolves() {
    let (_, doc) = load();
    let mut refs = Vec::new();
    collect_refs(&doc, "#", &mut refs);
    assert!(
        refs.len() > 50,
        "expected many references, found {}",
        refs.len()
    );
    let unresolved: Vec<String> = refs
        .iter()
        .filter(|(_, target)| resolve(&doc, target).is_none())
        .map(|(loc, target)| format!("{loc} -> {target}"))
        .collect();
    assert!(unresolved.is_empty(), "unresolved: {unresolved:#?}");

    // Every component is used somewhere.
    let targets: BTreeSet<&str> = refs.iter().map(|(_, t)| t.as_str()).collect();
    for section in ["schemas", "parameters", "responses"] {
        for name in keys_of(at(&doc, &["components", section])) {
            let target = format!("#/components/{section}/{name}");
            assert!(targets.contains(target.as_str()), "{target} is unused");
        }
    }
}

#[test]
fn no_vendor_extensions() {
    let (_, doc) = load();
    let mut found = Vec::new();
    collect_extension_keys(&doc, "#", &mut found);
    assert!(found.is_empty(), "vendor extensions left: {found:#?}");
}
