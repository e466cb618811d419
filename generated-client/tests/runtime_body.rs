//! Request bodies: read-only properties never leave the client.

mod common;

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use generated_client::{json_body, remove_keys, strip_field, ReadOnlyFields};
use serde::Serialize;
use serde_json::{json, Value};

/// Like a generated model: `id` and `createDate` are `readOnly`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Cluster {
    id: Option<String>,
    name: String,
    create_date: Option<DateTime<Utc>>,
    nodes: Vec<Node>,
    primary: Option<Box<Node>>,
    nodes_by_region: BTreeMap<String, Node>,
    tags: HashMap<String, String>,
}

impl ReadOnlyFields for Cluster {
    fn strip_read_only(&self, json: &mut Value) {
        remove_keys(json, &["id", "createDate"]);
        strip_field(json, "name", &self.name);
        strip_field(json, "nodes", &self.nodes);
        strip_field(json, "primary", &self.primary);
        strip_field(json, "nodesByRegion", &self.nodes_by_region);
        strip_field(json, "tags", &self.tags);
    }
}

/// `state` is `readOnly`.
#[derive(Serialize)]
struct Node {
    size: u32,
    state: String,
}

impl ReadOnlyFields for Node {
    fn strip_read_only(&self, json: &mut Value) {
        remove_keys(json, &["state"]);
    }
}

fn node(size: u32) -> Node {
    Node {
        size,
        state: "IDLE".into(),
    }
}

#[test]
fn read_only_properties_are_removed_recursively() {
    let cluster = Cluster {
        id: Some("c1".into()),
        name: "main".into(),
        create_date: Some(DateTime::from_timestamp(0, 0).unwrap()),
        nodes: vec![node(1), node(2)],
        primary: Some(Box::new(node(3))),
        nodes_by_region: BTreeMap::from([("EU".to_owned(), node(4))]),
        tags: HashMap::from([("state".to_owned(), "kept: not a Node".to_owned())]),
    };
    // `sent_body` also checks that the body keeps its content type.
    let sent = common::sent_body("application/vnd.test+json", &cluster).unwrap();
    assert_eq!(
        sent,
        json!({
            "name": "main",
            "nodes": [{"size": 1}, {"size": 2}],
            "primary": {"size": 3},
            "nodesByRegion": {"EU": {"size": 4}},
            "tags": {"state": "kept: not a Node"}
        })
    );
}

#[test]
fn containers_forward_to_their_elements() {
    let nodes = vec![Some(node(1)), None];
    let body = json_body("application/json", &nodes).unwrap();
    assert_eq!(body.as_bytes().unwrap(), br#"[{"size":1},null]"#);

    let by_name: HashMap<String, Vec<Node>> = HashMap::from([("a".to_owned(), vec![node(5)])]);
    let body = json_body("application/json", &by_name).unwrap();
    assert_eq!(body.as_bytes().unwrap(), br#"{"a":[{"size":5}]}"#);

    let untouched = json_body("application/json", &json!({"state": "x"})).unwrap();
    assert_eq!(untouched.as_bytes().unwrap(), br#"{"state":"x"}"#);
}

#[test]
fn unserializable_body_is_an_argument_error() {
    struct Unserializable;
    impl Serialize for Unserializable {
        fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("no JSON form"))
        }
    }
    impl ReadOnlyFields for Unserializable {
        fn strip_read_only(&self, _: &mut Value) {}
    }
    let error = json_body("application/json", &Unserializable).unwrap_err();
    assert_eq!(error.parameter, "body");
    assert!(error.message.contains("no JSON form"), "{error}");
}
