//! Selections: which operations and components survive a slice, errors naming the closest
//! names, determinism, generation from a selection, and merging a slice into a kept document.

mod common;

use generator::slice::{self, Selection};
use serde_json::Value;

fn edges() -> String {
    std::fs::read_to_string(common::manifest_dir().join("tests/slice/edges.yaml")).unwrap()
}

fn sliced(selection: &Selection) -> Value {
    slice::slice_text(&edges(), "edges.yaml", selection).unwrap_or_else(|e| panic!("{e}"))
}

/// `kind -> [names]` of the components a document has, in its order.
fn components(document: &Value) -> Vec<(String, Vec<String>)> {
    document["components"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(kind, entries)| {
            let names = entries.as_object().unwrap().keys().cloned().collect();
            (kind.clone(), names)
        })
        .collect()
}

fn kinds(expected: &[(&str, &[&str])]) -> Vec<(String, Vec<String>)> {
    expected
        .iter()
        .map(|(kind, names)| {
            (
                kind.to_string(),
                names.iter().map(|n| n.to_string()).collect(),
            )
        })
        .collect()
}

fn operations(document: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if let Some(id) = op.get("operationId") {
                out.push(format!("{method} {path} {}", id.as_str().unwrap()));
            }
        }
    }
    out
}

#[test]
fn every_kind_of_edge_is_followed_and_nothing_else_survives() {
    let document = sliced(&Selection::operations(["getPet"]));
    assert_eq!(operations(&document), ["get /pets/{petId} getPet"]);
    assert_eq!(
        components(&document),
        kinds(&[
            ("securitySchemes", &["ApiKey"]),
            ("parameters", &["PetId", "Verbose"]),
            ("headers", &["Rate"]),
            ("examples", &["Cat"]),
            ("links", &["Owner"]),
            ("responses", &["Error"]),
            (
                "schemas",
                &[
                    "Id",
                    "RateValue",
                    "Pet",
                    "Named",
                    "Owner",
                    "Person",
                    "Name",
                    "Body",
                    "Fur",
                    "Scales",
                    "Animal",
                    "Cat",
                    "Dog",
                    "Bird",
                    "Shape",
                    "Square",
                    "Circle",
                    "Error",
                ],
            ),
        ])
    );
    // The path-level (shared) parameter stays with its path; unused tags go.
    assert_eq!(
        document["paths"]["/pets/{petId}"]["parameters"][0]["$ref"],
        "#/components/parameters/PetId"
    );
    assert_eq!(document["tags"], serde_json::json!([{"name": "pets"}]));
    assert_eq!(document["servers"][0]["url"], "https://example.com");
    assert_eq!(document["security"], serde_json::json!([{"ApiKey": []}]));
}

#[test]
fn request_bodies_callbacks_and_operation_security_are_followed() {
    let document = sliced(&Selection::operations(["createStore", "deletePet"]));
    assert_eq!(
        operations(&document),
        ["delete /pets/{petId} deletePet", "post /stores createStore"]
    );
    assert_eq!(
        components(&document),
        kinds(&[
            ("securitySchemes", &["ApiKey", "Oauth"]),
            ("parameters", &["PetId"]),
            ("requestBodies", &["Store"]),
            ("callbacks", &["Ready"]),
            ("schemas", &["Id", "Base", "Store", "ReadyEvent"]),
        ])
    );
    let tags: Vec<&str> = document["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(tags, ["pets", "stores"]);
}

#[test]
fn tags_and_operations_select_their_union() {
    let by_tag = sliced(&Selection {
        operations: vec!["createStore".to_owned()],
        tags: vec!["pets".to_owned()],
    });
    assert_eq!(
        operations(&by_tag),
        [
            "get /pets/{petId} getPet",
            "delete /pets/{petId} deletePet",
            "post /stores createStore"
        ]
    );
}

#[test]
fn unknown_operations_and_tags_are_one_error_listing_the_closest_names() {
    let selection = Selection {
        operations: vec!["getPets".to_owned(), "getPet".to_owned()],
        tags: vec!["Store".to_owned()],
    };
    let error = slice::slice_text(&edges(), "edges.yaml", &selection).unwrap_err();
    assert_eq!(
        error.to_string(),
        "edges.yaml: #/paths: no operation has operationId `getPets` (closest: `getPet`, \
         `deletePet`, `createStore`); no tag is named `Store` (closest: `stores`, `pets`, `unused`)"
    );
}

#[test]
fn a_dangling_or_non_component_reference_is_an_error_at_its_place() {
    let text = edges().replace(
        "'#/components/schemas/Named'",
        "'#/components/schemas/Nameless'",
    );
    let error = slice::slice_text(&text, "edges.yaml", &Selection::operations(["getPet"]))
        .unwrap_err()
        .to_string();
    assert_eq!(
        error,
        "edges.yaml: #/components/schemas/Pet/properties/example/$ref: \
         `#/components/schemas/Nameless` points at nothing in this document"
    );
    let text = edges().replace("'#/components/schemas/Named'", "'#/paths/~1stores'");
    let error = slice::slice_text(&text, "edges.yaml", &Selection::operations(["getPet"]))
        .unwrap_err()
        .to_string();
    assert!(error.contains("#/components/schemas/Pet/properties/example/$ref: `#/paths/~1stores` is not a reference into `#/components`"), "{error}");
    let text = edges().replace("- Oauth: [write]", "- OAuth: [write]");
    let error = slice::slice_text(&text, "edges.yaml", &Selection::operations(["deletePet"]))
        .unwrap_err()
        .to_string();
    assert_eq!(
        error,
        "edges.yaml: #/paths/~1pets~1{petId}/delete/security/0/OAuth: \
         `#/components/securitySchemes/OAuth` points at nothing in this document"
    );
}

#[test]
fn output_is_the_same_whatever_the_order_of_the_selection() {
    let one = slice::to_yaml(&sliced(&Selection::operations(["getPet", "createStore"])));
    let two = slice::to_yaml(&sliced(
        &Selection {
            operations: vec!["createStore".to_owned()],
            tags: vec![],
        }
        .clone_with("getPet"),
    ));
    assert_eq!(one, two);
    assert_eq!(
        one,
        slice::to_yaml(&sliced(&Selection::operations(["getPet", "createStore"])))
    );
    // Keys keep the source's order, not the selection's or an alphabetical one.
    let paths = one.find("\npaths:").unwrap();
    assert!(one[paths..].find("/pets/{petId}:") < one[paths..].find("/stores:"));
    assert!(one.find("\n    Square:\n") < one.find("\n    Circle:\n"));
}

trait CloneWith {
    fn clone_with(self, id: &str) -> Selection;
}

impl CloneWith for Selection {
    fn clone_with(mut self, id: &str) -> Selection {
        self.operations.push(id.to_owned());
        self
    }
}

#[test]
fn generating_a_selection_generates_only_those_operations() {
    let mut options = generator::Options::new("edges.yaml");
    options.selection = Some(Selection::operations(["getPet"]));
    let files = generator::generate(&edges(), &options).unwrap_or_else(|e| panic!("{e}"));
    // The files of one module directory (`operations/`, `models/`), one after the other.
    let text = |dir: &str| {
        let found: Vec<&str> = files
            .files
            .iter()
            .filter(|f| f.path.starts_with(dir))
            .map(|f| f.contents.as_str())
            .collect();
        assert!(!found.is_empty(), "no file under {dir}");
        found.concat()
    };
    let (operations, models) = (text("operations/"), text("models/"));
    assert!(operations.contains("pub fn get_pet("), "{operations}");
    assert!(!operations.contains("create_store"));
    assert!(!operations.contains("delete_pet"));
    assert!(models.contains("pub struct Circle"), "{models}");
    assert!(!models.contains("ReadyEvent") && !models.contains("NotFollowed"));

    options.selection = Some(Selection::operations(["nope"]));
    let error = generator::generate(&edges(), &options).unwrap_err();
    assert!(error
        .to_string()
        .contains("no operation has operationId `nope`"));
}

const KEPT: &str = "\
# A hand-kept spec: this comment stays.
openapi: 3.0.3
info: {title: edges, version: '1'}
tags:
  - name: pets
    description: kept as written here
paths:
  /pets/{petId}:
    parameters:
      - $ref: '#/components/parameters/PetId'
    get:
      operationId: getPet
      # An edit the source does not have.
      responses:
        '200':
          description: fine
components:
  parameters:
    PetId:
      name: petId
      in: path
      required: true
      schema:
        type: string
        description: narrowed by hand
";

#[test]
fn merging_adds_only_what_is_missing_and_keeps_every_line() {
    let addition = sliced(&Selection::operations(["getPet", "deletePet"]));
    let merged =
        slice::merge_into_yaml(KEPT, &addition, "kept.yaml").unwrap_or_else(|e| panic!("{e}"));
    // Every original line is still there, in order: only lines were inserted.
    let mut rest = merged.text.lines();
    for line in KEPT.lines() {
        assert!(rest.any(|l| l == line), "lost `{line}`:\n{}", merged.text);
    }
    let document = generator::load::parse_document(&merged.text, "kept.yaml").unwrap();
    assert_eq!(
        operations(&document),
        ["get /pets/{petId} getPet", "delete /pets/{petId} deletePet"]
    );
    // Entries the document already has stay as they are, and are reported when they differ.
    assert_eq!(
        document["paths"]["/pets/{petId}"]["get"]["responses"]["200"]["description"],
        "fine"
    );
    assert_eq!(
        document["components"]["parameters"]["PetId"]["schema"]["description"],
        "narrowed by hand"
    );
    assert_eq!(
        merged.kept,
        [
            "#/paths/~1pets~1{petId}/get",
            "#/components/parameters/PetId"
        ]
    );
    assert_eq!(
        merged.added,
        [
            "#/paths/~1pets~1{petId}/delete",
            "#/components/securitySchemes",
            "#/components/parameters/Verbose",
            "#/components/headers",
            "#/components/examples",
            "#/components/links",
            "#/components/responses",
            "#/components/schemas",
        ]
    );
    assert_eq!(
        components(&document)
            .into_iter()
            .map(|(kind, names)| format!("{kind}: {}", names.join(" ")))
            .collect::<Vec<_>>()[..2],
        ["parameters: PetId Verbose", "securitySchemes: ApiKey Oauth"]
    );
    generator::generate(&merged.text, &generator::Options::new("kept.yaml"))
        .unwrap_or_else(|e| panic!("{e}\n{}", merged.text));

    // Merging the same slice again changes nothing.
    let again = slice::merge_into_yaml(&merged.text, &addition, "kept.yaml").unwrap();
    assert_eq!(again.text, merged.text);
    assert!(again.added.is_empty());
}

#[test]
fn merging_into_a_flow_style_block_is_refused_not_mangled() {
    let flow = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n";
    let addition = sliced(&Selection::operations(["deletePet"]));
    let error = slice::merge_into_yaml(flow, &addition, "flow.yaml")
        .unwrap_err()
        .to_string();
    assert_eq!(
        error,
        "flow.yaml: #/paths: this block is written inline (flow style); only block style can be merged into"
    );
}

#[test]
fn dropping_extensions_keeps_names_and_example_data_that_look_like_extensions() {
    let mut document: Value = serde_json::json!({
        "openapi": "3.0.3",
        "x-top": 1,
        "paths": {"/a": {"x-path": 1, "get": {"x-op": 1, "x-sunset": "2026-01-01", "responses": {"x-codes": 1, "200": {
            "description": "ok", "x-response": 1,
            "content": {"application/json": {"example": {"x-data": 1}, "x-media": 1}}}}}}},
        "components": {"x-kinds": 1, "schemas": {"x-named": {
            "type": "object", "x-schema": 1,
            "properties": {"x-property": {"type": "string", "x-inner": 1}},
            "discriminator": {"propertyName": "x-property", "mapping": {"x-tag": "x-named"}}}}}
    });
    slice::drop_extensions(&mut document);
    assert_eq!(
        document,
        serde_json::json!({
            "openapi": "3.0.3",
            "paths": {"/a": {"get": {"x-sunset": "2026-01-01", "responses": {"200": {
                "description": "ok",
                "content": {"application/json": {"example": {"x-data": 1}}}}}}}},
            "components": {"schemas": {"x-named": {
                "type": "object",
                "properties": {"x-property": {"type": "string"}},
                "discriminator": {"propertyName": "x-property", "mapping": {"x-tag": "x-named"}}}}}
        })
    );
}
