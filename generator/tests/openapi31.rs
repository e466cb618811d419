//! OpenAPI 3.1 documents are rewritten into the 3.0 form the resolver reads: one test per
//! rule, on the plain document, and a utoipa-style document that must generate exactly the
//! client of its hand-written 3.0 equivalent.

mod common;

use generator::diagnostics::{SpecError, Warnings};
use generator::load::Version;
use generator::{openapi31, shape, Warning};
use serde_json::{json, Value};

fn document(schemas: Value) -> Value {
    json!({
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1", "license": {"name": "MIT", "identifier": "MIT"}},
        "components": {"schemas": schemas},
    })
}

/// The rewritten document and its warnings, or every error.
fn normalise(mut doc: Value) -> Result<(Value, Vec<Warning>), Vec<SpecError>> {
    let sites = shape::check(&doc, Version::V31)?;
    let warnings = Warnings::default();
    openapi31::normalise(&mut doc, &sites, &warnings)?;
    Ok((doc, warnings.into_vec()))
}

/// Schema `S` rewritten, asserting there is no warning.
fn rewritten(schema: Value) -> Value {
    let (doc, warnings) = normalise(document(json!({ "S": schema }))).expect("no error");
    assert!(warnings.is_empty(), "{warnings:?}");
    doc["components"]["schemas"]["S"].clone()
}

fn warnings_of(schema: Value) -> Vec<(String, String)> {
    let (_, warnings) = normalise(document(json!({ "S": schema }))).expect("no error");
    warnings
        .into_iter()
        .map(|w| (w.pointer.to_string(), w.message))
        .collect()
}

fn error_pointers(doc: Value) -> Vec<String> {
    normalise(doc)
        .expect_err("an error")
        .into_iter()
        .map(|e| e.pointer.to_string())
        .collect()
}

#[test]
fn the_version_becomes_3_0_and_missing_paths_and_responses_are_filled_in() {
    let mut doc = document(json!({}));
    doc["paths"] = json!({"/a": {"get": {"operationId": "a"}}});
    let (doc, _) = normalise(doc).unwrap();
    assert_eq!(doc["openapi"], "3.0.3");
    assert_eq!(doc["paths"]["/a"]["get"]["responses"], json!({}));
    let (doc, _) = normalise(document(json!({}))).unwrap();
    assert_eq!(doc["paths"], json!({}));
}

#[test]
fn a_type_list_with_null_is_a_nullable_type() {
    assert_eq!(
        rewritten(json!({"type": ["string", "null"], "maxLength": 3})),
        json!({"type": "string", "maxLength": 3, "nullable": true})
    );
    assert_eq!(
        rewritten(json!({"type": ["integer"]})),
        json!({"type": "integer"})
    );
}

#[test]
fn a_type_list_of_several_types_is_an_error_at_its_type() {
    let doc = document(json!({"S": {"properties": {"a": {"type": ["string", "integer"]}}}}));
    assert_eq!(
        error_pointers(doc),
        ["#/components/schemas/S/properties/a/type"]
    );
}

#[test]
fn a_schema_that_allows_only_null_is_a_warning() {
    assert_eq!(
        warnings_of(json!({"type": "null"})),
        [(
            "#/components/schemas/S/type".to_owned(),
            "a schema that allows only null is typed as `serde_json::Value`".to_owned()
        )]
    );
}

#[test]
fn one_of_a_ref_and_null_is_a_nullable_all_of_the_ref() {
    assert_eq!(
        rewritten(
            json!({"oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/T"}], "description": "d"})
        ),
        json!({"description": "d", "nullable": true, "allOf": [{"$ref": "#/components/schemas/T"}]})
    );
}

#[test]
fn any_of_an_inline_schema_and_null_is_that_schema_nullable() {
    assert_eq!(
        rewritten(json!({"anyOf": [{"type": "string", "maxLength": 2}, {"type": "null"}]})),
        json!({"nullable": true, "type": "string", "maxLength": 2})
    );
}

#[test]
fn null_among_several_alternatives_leaves_a_nullable_union() {
    assert_eq!(
        rewritten(json!({"oneOf": [{"type": "string"}, {"type": "null"}, {"type": "integer"}]})),
        json!({"nullable": true, "oneOf": [{"type": "string"}, {"type": "integer"}]})
    );
}

#[test]
fn const_is_a_one_value_enum() {
    assert_eq!(
        rewritten(json!({"type": "string", "const": "DAILY"})),
        json!({"type": "string", "enum": ["DAILY"]})
    );
}

#[test]
fn the_first_of_examples_is_the_example() {
    assert_eq!(
        rewritten(json!({"type": "integer", "examples": [3, 4]})),
        json!({"type": "integer", "example": 3})
    );
}

#[test]
fn numeric_exclusive_bounds_become_3_0_bounds() {
    assert_eq!(
        rewritten(json!({"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 10})),
        json!({"type": "number", "exclusiveMinimum": true, "exclusiveMaximum": true, "minimum": 0, "maximum": 10})
    );
    // The stricter of an inclusive and an exclusive bound wins.
    assert_eq!(
        rewritten(json!({"type": "integer", "minimum": 5, "exclusiveMinimum": 1})),
        json!({"type": "integer", "minimum": 5})
    );
    assert_eq!(
        rewritten(json!({"type": "integer", "minimum": 1, "exclusiveMinimum": 5})),
        json!({"type": "integer", "minimum": 5, "exclusiveMinimum": true})
    );
}

#[test]
fn a_ref_with_siblings_is_all_of_the_ref_beside_them() {
    assert_eq!(
        rewritten(json!({"$ref": "#/components/schemas/T", "description": "why"})),
        json!({"description": "why", "allOf": [{"$ref": "#/components/schemas/T"}]})
    );
    assert_eq!(
        rewritten(json!({"$ref": "#/components/schemas/T"})),
        json!({"$ref": "#/components/schemas/T"})
    );
}

#[test]
fn prefix_items_of_one_schema_are_items() {
    assert_eq!(
        rewritten(
            json!({"type": "array", "prefixItems": [{"type": "number"}, {"type": "number"}], "items": false})
        ),
        json!({"type": "array", "maxItems": 2, "items": {"type": "number"}})
    );
}

#[test]
fn prefix_items_of_different_schemas_are_a_warning() {
    let schema = json!({"type": "array", "prefixItems": [{"type": "number"}, {"type": "string"}]});
    assert_eq!(
        warnings_of(schema),
        [(
            "#/components/schemas/S/prefixItems".to_owned(),
            "a tuple (`prefixItems`) of different schemas is typed as a list of `serde_json::Value`".to_owned()
        )]
    );
}

#[test]
fn base64_content_is_bytes_and_other_media_types_are_binary() {
    assert_eq!(
        rewritten(json!({"type": "string", "contentEncoding": "base64"})),
        json!({"type": "string", "format": "byte"})
    );
    assert_eq!(
        rewritten(json!({"type": "string", "contentMediaType": "image/png"})),
        json!({"type": "string", "format": "binary"})
    );
    let warnings = warnings_of(json!({"type": "string", "contentEncoding": "quoted-printable"}));
    assert_eq!(warnings[0].0, "#/components/schemas/S/contentEncoding");
}

#[test]
fn webhooks_and_json_schema_dialect_are_ignored_with_a_warning() {
    let mut doc = document(json!({}));
    doc["webhooks"] = json!({"newPet": {"post": {"responses": {"200": {"description": "ok"}}}}});
    doc["jsonSchemaDialect"] = json!("https://spec.openapis.org/oas/3.1/dialect/base");
    let (doc, warnings) = normalise(doc).unwrap();
    assert!(doc.get("webhooks").is_none() && doc.get("jsonSchemaDialect").is_none());
    let pointers: Vec<String> = warnings.iter().map(|w| w.pointer.to_string()).collect();
    assert_eq!(pointers, ["#/webhooks", "#/jsonSchemaDialect"]);
}

#[test]
fn assertion_only_keywords_are_ignored_with_a_warning_and_dynamic_refs_are_errors() {
    let warnings = warnings_of(json!({"type": "object", "propertyNames": {"pattern": "^a"}}));
    assert_eq!(warnings[0].0, "#/components/schemas/S/propertyNames");
    let doc = document(json!({"S": {"$dynamicRef": "#node"}}));
    assert_eq!(error_pointers(doc), ["#/components/schemas/S/$dynamicRef"]);
}

#[test]
fn boolean_schemas_true_is_any_value_and_false_is_an_error() {
    assert_eq!(
        rewritten(json!({"type": "object", "properties": {"a": true}})),
        json!({"type": "object", "properties": {"a": {}}})
    );
    let doc = document(json!({"S": {"type": "object", "properties": {"a": false}}}));
    assert_eq!(error_pointers(doc), ["#/components/schemas/S/properties/a"]);
}

#[test]
fn errors_after_a_move_name_the_place_in_the_written_document() {
    let spec = r##"
openapi: 3.1.0
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Pet:
      type: object
      properties:
        owner:
          oneOf:
            - type: 'null'
            - $ref: '#/components/schemas/Missing'
"##;
    let error = generator::generate(spec, &generator::Options::new("pet.yaml")).unwrap_err();
    assert_eq!(
        error.pointer().map(|p| p.as_str()),
        Some("#/components/schemas/Pet/properties/owner/oneOf/1"),
        "{error}"
    );
}

/// Files generated from two specs, with each header's "generated from" line left out.
fn without_source_line(files: &generator::GeneratedFiles) -> Vec<(String, String)> {
    files
        .files
        .iter()
        .map(|f| {
            let body: Vec<&str> = f
                .contents
                .lines()
                .filter(|l| !l.starts_with("// generated by cargo xtask codegen from "))
                .collect();
            (f.path.clone(), body.join("\n"))
        })
        .collect()
}

#[test]
fn a_utoipa_style_3_1_spec_generates_the_client_of_its_3_0_equivalent() {
    let dir = common::manifest_dir().join("tests");
    let v31 = common::generate(&dir.join("openapi31/utoipa_pets.json")).unwrap();
    let v30 = common::generate(&dir.join("fixtures/utoipa_pets.yaml")).unwrap();
    assert!(v31.warnings.is_empty(), "{:?}", v31.warnings);
    let (a, b) = (without_source_line(&v31), without_source_line(&v30));
    assert_eq!(a.len(), b.len());
    for ((path, a), (_, b)) in a.iter().zip(&b) {
        assert!(a == b, "{path} differs:\n--- 3.1\n{a}\n--- 3.0\n{b}");
    }
    // Only the source line differs, and it names each spec.
    assert_ne!(v31.files[0].contents, v30.files[0].contents);
}

#[test]
fn null_keywords_count_as_absent() {
    assert_eq!(
        rewritten(json!({"$ref": "#/components/schemas/T", "description": "d", "allOf": null})),
        json!({"description": "d", "allOf": [{"$ref": "#/components/schemas/T"}]})
    );
    assert_eq!(
        rewritten(json!({"type": "array", "prefixItems": [{"type": "string"}], "items": null})),
        json!({"type": "array", "items": {"type": "string"}})
    );
}
