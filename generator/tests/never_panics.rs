//! Whatever a spec gets wrong, the generator answers with an error (or code), never a panic:
//! random mutations of real specs (a key removed, a value of the wrong kind, a `$ref` bent to
//! nowhere) go through `generate`, and whatever `openapiv3` cannot type is caught before it, by
//! the shape check.

mod common;

use proptest::prelude::*;
use serde_yaml::Value;

#[derive(Debug, Clone)]
enum Step {
    Key(Value),
    Index(usize),
}

/// Every node's path, so a mutation can land anywhere in the document.
fn node_paths(value: &Value, path: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    out.push(path.clone());
    match value {
        Value::Mapping(map) => {
            for (k, v) in map {
                path.push(Step::Key(k.clone()));
                node_paths(v, path, out);
                path.pop();
            }
        }
        Value::Sequence(items) => {
            for (i, v) in items.iter().enumerate() {
                path.push(Step::Index(i));
                node_paths(v, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

fn node_mut<'a>(value: &'a mut Value, path: &[Step]) -> &'a mut Value {
    path.iter().fold(value, |v, step| match step {
        Step::Key(k) => v.get_mut(k).expect("path came from this document"),
        Step::Index(i) => v.get_mut(*i).expect("path came from this document"),
    })
}

fn mutate(doc: &mut Value, path: &[Step], action: u8) {
    if action == 0 {
        // Remove the node from its parent.
        if let Some((last, parent_path)) = path.split_last() {
            match (node_mut(doc, parent_path), last) {
                (Value::Mapping(map), Step::Key(k)) => {
                    map.remove(k);
                }
                (Value::Sequence(items), Step::Index(i)) => {
                    items.remove(*i);
                }
                _ => {}
            }
        }
        return;
    }
    let node = node_mut(doc, path);
    *node = match action {
        1 => Value::Null,
        2 => Value::Number(7.into()),
        3 => Value::String("#/components/schemas/Nowhere".into()),
        4 => Value::Mapping(Default::default()),
        5 => Value::Sequence(vec![Value::Bool(true)]),
        _ => serde_yaml::from_str("{$ref: '#/components/schemas/ApiError'}").unwrap(),
    };
}

/// Each spec's selection of all its operations, and its slice by it.
fn slices() -> &'static [(generator::slice::Selection, serde_json::Value)] {
    static SLICES: std::sync::OnceLock<Vec<(generator::slice::Selection, serde_json::Value)>> =
        std::sync::OnceLock::new();
    SLICES.get_or_init(|| {
        specs()
            .iter()
            .map(|(name, spec)| {
                let selection = generator::slice::Selection::operations(operation_ids(spec));
                let text = serde_yaml::to_string(spec).unwrap();
                let slice = generator::slice::slice_text(&text, name, &selection)
                    .unwrap_or_else(|e| panic!("{e}"));
                (selection, slice)
            })
            .collect()
    })
}

fn operation_ids(spec: &Value) -> Vec<String> {
    let paths = spec
        .get("paths")
        .and_then(Value::as_mapping)
        .into_iter()
        .flatten();
    paths
        .filter_map(|(_, item)| item.as_mapping())
        .flat_map(|item| item.values())
        .filter_map(|op| op.get("operationId")?.as_str().map(str::to_owned))
        .collect()
}

fn specs() -> &'static [(String, Value)] {
    static SPECS: std::sync::OnceLock<Vec<(String, Value)>> = std::sync::OnceLock::new();
    SPECS.get_or_init(load_specs)
}

fn load_specs() -> Vec<(String, Value)> {
    let atlas = common::manifest_dir().join("../spec/atlas-admin-v2.yaml");
    let mut paths = vec![atlas];
    paths.extend(common::yaml_files("fixtures"));
    paths.push(common::manifest_dir().join("tests/openapi31/utoipa_pets.json"));
    paths.extend(common::yaml_files("slice"));
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (
                p.display().to_string(),
                serde_yaml::from_str(&text).unwrap(),
            )
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn mutated_specs_never_panic(which in any::<prop::sample::Index>(), node in any::<prop::sample::Index>(), action in 0u8..7) {
        let specs = specs();
        let (name, original) = which.get(specs);
        let mut doc = original.clone();
        let mut paths = Vec::new();
        node_paths(&doc, &mut Vec::new(), &mut paths);
        let path = node.get(&paths).clone();
        mutate(&mut doc, &path, action);
        let text = serde_yaml::to_string(&doc).unwrap();
        let result = std::panic::catch_unwind(|| generator::generate(&text, &generator::Options::new("mutated.yaml")));
        prop_assert!(result.is_ok(), "generate panicked on {name} mutated at {path:?} with action {action}");
        // The shape check catches every value `openapiv3` cannot type, at its own pointer:
        // typing never fails on what the check let through.
        if let Ok(Err(error)) = result {
            prop_assert!(
                !error.to_string().contains("not a valid OpenAPI 3.0 document"),
                "{name} mutated at {path:?} with action {action} passed the shape check but not typing: {error}"
            );
        }
        // Selecting every operation the original has, and merging the original's slice back.
        let (selection, addition) = &slices()[which.index(specs.len())];
        let result = std::panic::catch_unwind(|| {
            let _ = generator::slice::slice_text(&text, "mutated.yaml", selection);
            generator::slice::merge_into_yaml(&text, addition, "mutated.yaml")
        });
        prop_assert!(result.is_ok(), "slicing panicked on {name} mutated at {path:?} with action {action}");
    }
}
