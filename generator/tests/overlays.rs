//! Overlay 1.0.0 documents applied to a spec: `update` merges into objects and appends to
//! arrays, `remove` takes nodes out of their parents, several overlays apply in order, and every
//! mistake (a target matching nothing, a broken overlay) is one error naming the overlay and the
//! pointer of the offending part of it.

mod common;

use generator::overlay::{apply_all, OverlayDocument};
use generator::{Error, Options, Overlay};
use serde_json::{json, Value};

fn overlay(name: &str, actions: &str) -> Overlay {
    Overlay::new(
        name,
        format!("overlay: 1.0.0\ninfo: {{title: {name}, version: '1'}}\nactions:\n{actions}"),
    )
}

fn apply(mut document: Value, overlays: &[Overlay]) -> Result<Value, Error> {
    apply_all(&mut document, overlays, "spec.yaml")?;
    Ok(document)
}

/// The overlay name, pointer and message of an overlay error.
fn overlay_error(result: Result<Value, Error>) -> (String, String, String) {
    match result {
        Err(Error::Overlay {
            overlay,
            pointer,
            message,
        }) => (overlay, pointer.to_string(), message),
        other => panic!("expected an overlay error, got {other:?}"),
    }
}

fn schema() -> Value {
    json!({
        "components": {"schemas": {"Thing": {
            "type": "object",
            "description": "old",
            "required": ["id"],
            "properties": {
                "id": {"type": "string"},
                "tags": {"type": "array", "items": {"type": "object"}},
                "size": {"type": "integer"}
            }
        }}}
    })
}

#[test]
fn update_merges_objects_recursively() {
    let result = apply(
        schema(),
        &[overlay(
            "u.yaml",
            "  - target: $.components.schemas.Thing
    update:
      description: new
      required: [size]
      x-extra: {a: 1}
      properties:
        tags: {items: {minProperties: 1}}
        size: {format: int32}
",
        )],
    )
    .unwrap();
    let thing = &result["components"]["schemas"]["Thing"];
    // Scalars replace, new properties are added, objects merge, arrays are concatenated.
    assert_eq!(thing["description"], "new");
    assert_eq!(thing["x-extra"], json!({"a": 1}));
    assert_eq!(thing["required"], json!(["id", "size"]));
    assert_eq!(
        thing["properties"]["tags"],
        json!({"type": "array", "items": {"type": "object", "minProperties": 1}})
    );
    assert_eq!(
        thing["properties"]["size"],
        json!({"type": "integer", "format": "int32"})
    );
    // Untouched properties keep their place.
    let keys: Vec<&String> = thing["properties"].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["id", "tags", "size"]);
}

#[test]
fn update_of_an_array_appends_one_entry_to_each_match() {
    let document = json!({"paths": {
        "/a": {"get": {"parameters": [{"name": "x"}]}},
        "/b": {"get": {"parameters": []}}
    }});
    let result = apply(
        document,
        &[overlay(
            "a.yaml",
            "  - target: $.paths.*.get.parameters\n    update: {name: added, in: query}\n",
        )],
    )
    .unwrap();
    assert_eq!(
        result["paths"]["/a"]["get"]["parameters"],
        json!([{"name": "x"}, {"name": "added", "in": "query"}])
    );
    assert_eq!(
        result["paths"]["/b"]["get"]["parameters"],
        json!([{"name": "added", "in": "query"}])
    );
}

#[test]
fn remove_takes_every_match_out_of_its_parent() {
    let document = json!({
        "paths": {"/a": {"get": {"parameters": [
            {"$ref": "#/components/parameters/flag"},
            {"name": "keep"},
            {"$ref": "#/components/parameters/flag"},
            {"$ref": "#/components/parameters/flag"}
        ]}}},
        "components": {"parameters": {"first": {}, "flag": {}, "last": {}}}
    });
    let result = apply(
        document,
        &[overlay(
            "r.yaml",
            "  - target: $.paths.*.*.parameters[?@['$ref'] == '#/components/parameters/flag']
    remove: true
  - target: $.components.parameters.flag
    remove: true
",
        )],
    )
    .unwrap();
    // Later array items do not shift into the places of removed ones and get skipped.
    assert_eq!(
        result["paths"]["/a"]["get"]["parameters"],
        json!([{"name": "keep"}])
    );
    // The remaining keys keep their order.
    let keys: Vec<&String> = result["components"]["parameters"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(keys, ["first", "last"]);
}

#[test]
fn remove_of_nested_matches_removes_both() {
    let document = json!({"a": {"x": {"x": {"y": 1}}, "z": 2}});
    let result = apply(
        document,
        &[overlay("n.yaml", "  - target: $..x\n    remove: true\n")],
    )
    .unwrap();
    assert_eq!(result, json!({"a": {"z": 2}}));
}

#[test]
fn remove_wins_over_update_in_the_same_action() {
    let result = apply(
        schema(),
        &[overlay(
            "b.yaml",
            "  - target: $.components.schemas.Thing.properties.size\n    update: {format: int32}\n    remove: true\n",
        )],
    )
    .unwrap();
    assert!(result["components"]["schemas"]["Thing"]["properties"]
        .get("size")
        .is_none());
}

#[test]
fn overlays_apply_in_order_each_to_the_result_of_the_last() {
    let first = overlay(
        "10-first.yaml",
        "  - target: $.components.schemas.Thing.properties
    update: {added: {type: string, description: first}}
",
    );
    let second = overlay(
        "20-second.yaml",
        "  - target: $.components.schemas.Thing.properties.added
    update: {description: second}
  - target: $.components.schemas.Thing.properties.id
    remove: true
  - target: $.components.schemas.Thing.properties
    update: {id: {type: integer}}
",
    );
    let result = apply(schema(), &[first.clone(), second.clone()]).unwrap();
    let properties = &result["components"]["schemas"]["Thing"]["properties"];
    assert_eq!(properties["added"]["description"], "second");
    // Removed, then created anew by a later action.
    assert_eq!(properties["id"], json!({"type": "integer"}));

    // The other way round, the second overlay targets what does not exist yet.
    let (name, pointer, message) = overlay_error(apply(schema(), &[second, first]));
    assert_eq!(name, "20-second.yaml");
    assert_eq!(pointer, "#/actions/0/target");
    assert!(
        message.contains("matches nothing in spec.yaml"),
        "{message}"
    );
}

#[test]
fn a_target_that_matches_nothing_names_the_overlay_and_the_action() {
    let result = apply(
        schema(),
        &[overlay(
            "fix.yaml",
            "  - target: $.components.schemas.Thing
    update: {description: fine}
  - target: $.components.schemas.Missing
    remove: true
",
        )],
    );
    let error = result.unwrap_err();
    assert_eq!(
        error.to_string(),
        "fix.yaml: #/actions/1/target: `$.components.schemas.Missing` matches nothing in spec.yaml"
    );
}

#[test]
fn actions_that_cannot_apply_are_errors_at_their_place() {
    let cases = [
        (
            "  - target: $.components.schemas.Thing.description\n    update: x\n",
            "#/actions/0/target",
            "selects #/components/schemas/Thing/description in spec.yaml, which is a string",
        ),
        (
            "  - target: $.components.schemas.Thing\n    update: [1]\n",
            "#/actions/0/update",
            "`update` is an array, but the target #/components/schemas/Thing is an object",
        ),
        (
            "  - target: $.components.schemas.Thing\n    update: {properties: {id: {type: [1]}}}\n",
            "#/actions/0/update/properties/id/type",
            "cannot merge an array into a string at #/components/schemas/Thing/properties/id/type",
        ),
        (
            "  - target: $\n    remove: true\n",
            "#/actions/0/target",
            "the whole document cannot be removed",
        ),
    ];
    for (actions, expected_pointer, expected_message) in cases {
        let (name, pointer, message) =
            overlay_error(apply(schema(), &[overlay("o.yaml", actions)]));
        assert_eq!(name, "o.yaml");
        assert_eq!(pointer, expected_pointer, "{actions}");
        assert!(message.contains(expected_message), "{message}");
    }
}

#[test]
fn broken_overlay_documents_name_the_place() {
    let cases = [
        ("[1, 2]", "#", "an overlay document must be a mapping"),
        ("info: {title: t, version: '1'}\nactions: []", "#", "no top-level `overlay` field"),
        ("overlay: 1.1.0\ninfo: {title: t, version: '1'}\nactions: []", "#/overlay", "Overlay 1.0.x"),
        ("overlay: 1.0\ninfo: {title: t, version: '1'}\nactions: []", "#/overlay", "version string"),
        ("overlay: 1.0.0\nactions: [{target: $, remove: true}]", "#", "`info` is required"),
        ("overlay: 1.0.0\ninfo: {version: '1'}\nactions: [{target: $, remove: true}]", "#/info", "`title` is required"),
        ("overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions: []", "#/actions", "at least one action"),
        ("overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions: [{remove: true}]", "#/actions/0", "`target` is required"),
        ("overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions: [{target: $.a, remove: true}, {target: '$.paths[', remove: true}]", "#/actions/1/target", "not an RFC 9535 JSONPath query"),
        ("overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions: [{target: $.a, updates: {}}]", "#/actions/0/updates", "unknown field `updates`"),
        ("overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions: [{target: $.a, remove: 'yes'}]", "#/actions/0/remove", "true or false"),
        ("overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions: [{target: $.a}]", "#/actions/0", "changes nothing"),
        ("overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions: [{target: $.a, description: [x], remove: true}]", "#/actions/0/description", "must be a string"),
    ];
    for (text, expected_pointer, expected_message) in cases {
        let result = OverlayDocument::parse(text, "bad.yaml");
        match result {
            Err(Error::Overlay {
                overlay,
                pointer,
                message,
            }) => {
                assert_eq!(overlay, "bad.yaml");
                assert_eq!(pointer.as_str(), expected_pointer, "{text}");
                assert!(message.contains(expected_message), "{text}: {message}");
            }
            other => panic!("{text}: expected an overlay error, got {other:?}"),
        }
    }
    // Extensions are allowed where Overlay 1.0.0 allows them.
    OverlayDocument::parse(
        "overlay: 1.0.0\nx-a: 1\ninfo: {title: t, version: '1', x-b: 2}\nactions: [{target: $.a, remove: true, x-c: 3}]",
        "ok.yaml",
    )
    .unwrap();
}

#[test]
fn an_overlay_that_is_not_yaml_names_its_line() {
    let text = "overlay: 1.0.0\ninfo:\n  title: t\n    version: '1'\n";
    let error = OverlayDocument::parse(text, "bad.yaml").unwrap_err();
    assert!(error.to_string().starts_with("bad.yaml:4:"), "{error}");
}

const SPEC: &str = "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /things:
    get:
      operationId: listThings
      parameters:
        - {name: flag, in: query, schema: {type: boolean}}
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
components:
  schemas:
    Thing:
      type: object
      properties:
        values: {type: array, items: {type: object}}
";

#[test]
fn generated_code_reflects_the_overlays_and_names_them() {
    let mut options = Options::new("spec.yaml");
    options.overlays = vec![
        overlay(
            "overlays/any-values.yaml",
            "  - target: $.components.schemas.Thing.properties.values.items
    remove: true
  - target: $.components.schemas.Thing.properties.values
    update: {items: {}}
",
        ),
        overlay(
            "overlays/no-flag.yaml",
            "  - target: $.paths.*.*.parameters[?@.name == 'flag']\n    remove: true\n",
        ),
    ];
    let files = generator::generate(SPEC, &options).unwrap();
    for file in &files.files {
        assert!(
            file.contents.starts_with(
                "// generated by cargo xtask codegen from spec.yaml, do not edit\n\
                 // overlay applied: overlays/any-values.yaml\n\
                 // overlay applied: overlays/no-flag.yaml\n\n"
            ),
            "{}",
            file.contents
        );
    }
    // Every file of a module tree (`models/`, `operations/`), one after the other.
    let text = |dir: &str| {
        files
            .files
            .iter()
            .filter(|f| f.path.starts_with(dir))
            .map(|f| f.contents.as_str())
            .collect::<String>()
    };
    assert!(
        text("models/").contains("pub values: Option<Vec<serde_json::Value>>,"),
        "{}",
        text("models/")
    );
    assert!(!text("operations/").contains("pub flag"));
    assert!(!text("operations/").contains("\"flag\""));
    assert!(text("operations/").contains("pub limit: Option<i64>,"));

    // Without overlays, the same spec generates what it says, under the plain header.
    let plain = generator::generate(SPEC, &Options::new("spec.yaml")).unwrap();
    for file in &plain.files {
        assert!(file
            .contents
            .starts_with("// generated by cargo xtask codegen from spec.yaml, do not edit\n\n"));
    }
    let plain_text = |dir: &str| {
        plain
            .files
            .iter()
            .filter(|f| f.path.starts_with(dir))
            .map(|f| f.contents.as_str())
            .collect::<String>()
    };
    assert!(plain_text("operations/").contains("pub flag: Option<bool>,"));
    assert!(plain_text("models/")
        .contains("pub values: Option<Vec<serde_json::Map<String, serde_json::Value>>>,"));
}

#[test]
fn a_broken_overlay_stops_generation() {
    let mut options = Options::new("spec.yaml");
    options.overlays = vec![overlay(
        "broken.yaml",
        "  - target: $.components.schemas.Nothing\n    remove: true\n",
    )];
    let error = generator::generate(SPEC, &options).unwrap_err();
    assert_eq!(
        error.to_string(),
        "broken.yaml: #/actions/0/target: `$.components.schemas.Nothing` matches nothing in spec.yaml"
    );
}

#[test]
fn the_atlas_overlays_apply_to_the_full_upstream_spec() {
    // Refreshing spec/atlas-admin-v2.yaml from upstream keeps the corrections applicable.
    let upstream =
        common::manifest_dir().join("../../shared/reference/atlas-admin-api-v2-2025-06-30.yaml");
    let text = std::fs::read_to_string(&upstream)
        .unwrap_or_else(|e| panic!("{}: {e}", upstream.display()));
    let mut document = generator::load::parse_document(&text, "upstream.yaml").unwrap();
    let overlays = common::atlas_overlays();
    assert!(overlays.len() >= 2);
    apply_all(&mut document, &overlays, "upstream.yaml").unwrap();
    let parameters = &document["components"]["schemas"]["ApiError"]["properties"]["parameters"];
    assert_eq!(parameters["items"], json!({}));
    assert!(document["components"]["parameters"]
        .get("envelope")
        .is_none());
    assert!(!serde_json::to_string(&document["paths"])
        .unwrap()
        .contains("#/components/parameters/envelope"));
}

mod random_actions {
    use super::*;
    use proptest::prelude::*;

    const TARGETS: &[&str] = &[
        "$",
        "$..*",
        "$..properties",
        "$..properties.*",
        "$.paths.*.*",
        "$.paths.*.*.parameters[0]",
        "$..[-1]",
        "$..description",
        "$.components.schemas[?@.type == 'object']",
        "$..[?@.readOnly]",
        "$..items",
    ];

    fn update() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("null".to_owned()),
            Just("7".to_owned()),
            Just("[1, {a: b}]".to_owned()),
            Just("{description: changed}".to_owned()),
            Just("{type: [x], properties: {}}".to_owned()),
            Just("{items: {}, required: [id]}".to_owned()),
        ]
    }

    fn action() -> impl Strategy<Value = String> {
        (0..TARGETS.len(), prop::option::of(update()), any::<bool>()).prop_map(
            |(target, update, remove)| {
                let mut action = format!("  - target: \"{}\"\n", TARGETS[target]);
                if let Some(update) = update {
                    action.push_str(&format!("    update: {update}\n"));
                }
                if remove {
                    action.push_str("    remove: true\n");
                }
                action
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]

        /// Whatever the actions, applying them to the Atlas spec and generating from the result
        /// gives files or an error, never a panic.
        #[test]
        fn random_actions_never_panic(actions in prop::collection::vec(action(), 1..4)) {
            let root = common::manifest_dir().join("..");
            let spec = std::fs::read_to_string(root.join("spec/atlas-admin-v2.yaml")).unwrap();
            let mut options = Options::new("spec.yaml");
            options.overlays = vec![overlay("random.yaml", &actions.concat())];
            let _ = generator::generate(&spec, &options);
        }
    }
}
