//! The document's shape is checked on the plain value before `openapiv3` types it: a wrong
//! value is reported at its own pointer however deep it is, and every wrong value at once.

use generator::{generate, Error, Options};
use serde_json::{json, Value};

fn run(doc: &Value) -> Error {
    generate(&doc.to_string(), &Options::new("spec.json")).expect_err("a broken spec")
}

fn pointers(error: &Error) -> Vec<String> {
    error.pointers().iter().map(|p| p.to_string()).collect()
}

fn spec_with_schemas(schemas: Value) -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": schemas},
    })
}

/// Nested inline schemas, `depth` levels through `properties`, `items` and `allOf` in turn,
/// with a string where the innermost schema belongs; returns the document and that pointer.
fn deep_bad_leaf(depth: usize) -> (Value, String) {
    let mut schema = json!("not a schema");
    let mut steps = Vec::new();
    for level in (0..depth).rev() {
        schema = match level % 3 {
            0 => {
                steps.push(format!("properties/p{level}"));
                json!({"type": "object", "properties": {format!("p{level}"): schema}})
            }
            1 => {
                steps.push("items".to_owned());
                json!({"type": "array", "items": schema})
            }
            _ => {
                steps.push("allOf/0".to_owned());
                json!({"allOf": [schema], "description": "a level"})
            }
        };
    }
    steps.reverse();
    let pointer = format!("#/components/schemas/Deep/{}", steps.join("/"));
    (spec_with_schemas(json!({"Deep": schema})), pointer)
}

#[test]
fn a_wrong_value_40_levels_deep_is_reported_at_its_own_pointer() {
    // Typing this document directly backtracks at every level (each one doubles the time) and
    // names only `Deep`; checked first, it is one visit per node.
    let (doc, expected) = deep_bad_leaf(40);
    let error = run(&doc);
    assert_eq!(pointers(&error), [expected], "{error}");
    assert!(
        error
            .to_string()
            .ends_with("expected a schema (an object), found a string"),
        "{error}"
    );
}

#[test]
fn every_wrong_typed_node_is_reported_in_one_run() {
    let doc = json!({
        "openapi": "3.0.3",
        "info": {"title": 7, "version": "1"},
        "paths": {
            "/a": {
                "get": {
                    "parameters": [{"name": "x", "schema": {"type": "string"}}],
                    "responses": {
                        "200": {"content": {"application/json": {"schema": {"$ref": 5}}}},
                        "abc": {"description": "not a status"}
                    }
                }
            }
        },
        "components": {
            "schemas": {
                "A": {"type": "object", "properties": {"n": {"type": "string", "required": true}}},
                "B": {"type": "string", "minLength": -1},
                "C": {"type": ["string", "null"]}
            },
            "securitySchemes": {"s": {"type": "magic"}}
        }
    });
    let error = run(&doc);
    assert_eq!(
        pointers(&error),
        [
            "#/info/title",
            "#/paths/~1a/get/parameters/0",
            "#/paths/~1a/get/responses/200",
            "#/paths/~1a/get/responses/200/content/application~1json/schema/$ref",
            "#/paths/~1a/get/responses/abc",
            "#/components/schemas/A/properties/n/required",
            "#/components/schemas/B/minLength",
            "#/components/schemas/C/type",
            "#/components/securitySchemes/s/type",
        ],
        "{error}"
    );
    let text = error.to_string();
    assert_eq!(text.lines().count(), 9, "one line each: {text}");
    assert!(text.contains("spec.json: #/paths/~1a/get/parameters/0: `in` is required here"));
    assert!(text.contains("spec.json: #/components/schemas/C/type: expected a type name (a list of types needs `openapi: 3.1.0`), found a list"));
}

#[test]
fn more_than_fifty_errors_are_listed_then_counted() {
    let properties: serde_json::Map<String, Value> =
        (0..60).map(|i| (format!("p{i:02}"), json!(7))).collect();
    let doc = spec_with_schemas(json!({"A": {"type": "object", "properties": properties}}));
    let error = run(&doc);
    assert_eq!(error.pointers().len(), 60);
    let text = error.to_string();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 51, "{text}");
    assert_eq!(lines[49], "spec.json: #/components/schemas/A/properties/p49: expected a schema (an object), found a number");
    assert_eq!(lines[50], "... and 10 more errors");
}

#[test]
fn a_well_formed_document_passes_the_check_unchanged() {
    let atlas = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/atlas-admin-v2.yaml"),
    )
    .unwrap();
    let doc = generator::load::parse_document(&atlas, "atlas").unwrap();
    let sites = generator::shape::check(&doc, generator::load::Version::V30).expect("well formed");
    assert!(sites
        .iter()
        .any(|s| s.pointer.as_str() == "#/components/schemas/ApiError"));
}

/// Every node of a document, as a JSON pointer.
fn all_pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                all_pointers(
                    v,
                    format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                all_pointers(v, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

#[test]
fn whatever_the_check_lets_through_openapiv3_types() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let specs = [
        dir.join("fixtures/operations.yaml"),
        dir.join("fixtures/union_oneof_mapping.yaml"),
        dir.join("fixtures/docs_constraints.yaml"),
        dir.join("openapi31/utoipa_pets.json"),
    ];
    let replacements = [
        Value::Null,
        json!(7),
        json!(-1),
        json!(1.5),
        json!("text"),
        json!({}),
        json!([true]),
        json!(true),
        json!({"$ref": "#/components/schemas/Nowhere"}),
    ];
    let mut tried = 0;
    for spec in specs {
        let text = std::fs::read_to_string(&spec).unwrap();
        let original = generator::load::parse_document(&text, "spec").unwrap();
        let mut pointers = Vec::new();
        all_pointers(&original, String::new(), &mut pointers);
        for pointer in pointers.iter().filter(|p| !p.is_empty()) {
            for replacement in &replacements {
                let mut doc = original.clone();
                *doc.pointer_mut(pointer).unwrap() = replacement.clone();
                let Ok(version) = generator::load::version(&doc, "spec") else {
                    continue;
                };
                let Ok(sites) = generator::shape::check(&doc, version) else {
                    continue;
                };
                if version == generator::load::Version::V31 {
                    let warnings = generator::diagnostics::Warnings::default();
                    if generator::openapi31::normalise(&mut doc, &sites, &warnings).is_err() {
                        continue;
                    }
                }
                tried += 1;
                if let Err(e) = generator::load::into_openapi(doc, "spec") {
                    panic!(
                        "{} with {pointer} = {replacement}: the check let through {e}",
                        spec.display()
                    );
                }
            }
        }
    }
    assert!(tried > 1000, "{tried}");
}

#[test]
fn null_is_absent_where_openapiv3_reads_an_option_and_an_error_elsewhere() {
    let doc = spec_with_schemas(json!({
        "A": {"type": "object", "description": null, "properties": null, "required": null},
        "B": {"type": "string", "nullable": null},
    }));
    let error = run(&doc);
    assert_eq!(
        pointers(&error),
        ["#/components/schemas/B/nullable"],
        "{error}"
    );
    assert!(error.to_string().ends_with("`nullable` must not be null"));
}
