//! Schema objects: the keywords `openapiv3` reads (and, in 3.1, those the normalisation maps),
//! each of the JSON type it must be.

use super::{get, Checker, Kind, SchemaSite, Slot};
use crate::diagnostics::Pointer;
use crate::load::Version;
use serde_json::{Map, Value};

const STRINGS: [&str; 6] = [
    "format",
    "pattern",
    "title",
    "description",
    "contentEncoding",
    "contentMediaType",
];
const NUMBERS: [&str; 3] = ["multipleOf", "minimum", "maximum"];
const COUNTS: [&str; 6] = [
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
];
const BOOLS: [&str; 5] = [
    "uniqueItems",
    "nullable",
    "readOnly",
    "writeOnly",
    "deprecated",
];

impl Checker {
    pub(super) fn schema(&mut self, v: &Value, at: &Pointer) {
        self.schema_in(v, at, Slot::Other);
    }

    fn schema_in(&mut self, v: &Value, at: &Pointer, slot: Slot) {
        let v31 = self.version == Version::V31;
        if v31 && v.is_boolean() {
            self.schemas.push(SchemaSite {
                pointer: at.clone(),
                slot,
            });
            return;
        }
        let expected = if v31 {
            "a schema (an object or a boolean)"
        } else {
            "a schema (an object)"
        };
        let Some(o) = self.object(v, at, expected) else {
            return;
        };
        if let Some(r) = get(o, "$ref") {
            if !r.is_string() {
                self.wrong(&at.push("$ref"), "a string", r);
            }
            // 3.0 ignores a reference's siblings; 3.1 keeps them, so they must be well-formed.
            if !v31 {
                return;
            }
        }
        self.schemas.push(SchemaSite {
            pointer: at.clone(),
            slot,
        });
        self.keywords(o, at);
    }

    fn keywords(&mut self, o: &Map<String, Value>, at: &Pointer) {
        let v31 = self.version == Version::V31;
        // Every other keyword is an `Option` to `openapiv3`; these four are plain booleans.
        self.not_null(o, at, &["nullable", "readOnly", "writeOnly", "deprecated"]);
        self.fields(o, at, &STRINGS.map(|k| (k, Kind::Str)));
        self.fields(o, at, &NUMBERS.map(|k| (k, Kind::Number)));
        self.fields(o, at, &COUNTS.map(|k| (k, Kind::Count)));
        self.fields(o, at, &BOOLS.map(|k| (k, Kind::Bool)));
        self.fields(o, at, &[("required", Kind::StrList)]);
        if let Some(t) = get(o, "type") {
            let ok = t.is_string() || (v31 && Kind::StrList.accepts(t));
            if !ok {
                let expected = match (v31, t.is_array()) {
                    (true, _) => "a type name or a list of them",
                    (false, true) => "a type name (a list of types needs `openapi: 3.1.0`)",
                    (false, false) => "a type name",
                };
                self.wrong(&at.push("type"), expected, t);
            }
        }
        for key in ["exclusiveMinimum", "exclusiveMaximum"] {
            if let Some(x) = get(o, key) {
                if !(x.is_boolean() || (v31 && x.is_number())) {
                    let expected = if v31 {
                        "a boolean or a number"
                    } else {
                        "a boolean"
                    };
                    self.wrong(&at.push(key), expected, x);
                }
            }
        }
        let lists: &[&str] = if v31 {
            &["enum", "examples"]
        } else {
            &["enum"]
        };
        for key in lists {
            if let Some(x) = get(o, key) {
                if !x.is_array() {
                    self.wrong(&at.push(key), "a list", x);
                }
            }
        }
        self.map(o, "properties", at, Self::schema);
        if let Some(additional) = get(o, "additionalProperties") {
            if !additional.is_boolean() {
                let at = at.push("additionalProperties");
                self.schema_in(additional, &at, Slot::ItemsOrAdditional);
            }
        }
        if let Some(items) = get(o, "items") {
            self.schema_in(items, &at.push("items"), Slot::ItemsOrAdditional);
        }
        self.list(o, "allOf", at, Self::schema);
        self.list(o, "oneOf", at, Self::alternative);
        self.list(o, "anyOf", at, Self::alternative);
        self.one(o, "not", at, Self::schema);
        if v31 {
            self.list(o, "prefixItems", at, Self::schema);
        }
        if let Some(d) = get(o, "discriminator") {
            let at = at.push("discriminator");
            if let Some(d) = self.object(d, &at, "a Discriminator object") {
                self.required(d, &at, &["propertyName"]);
                self.not_null(d, &at, &["mapping"]);
                let fields = [("propertyName", Kind::Str), ("mapping", Kind::StrMap)];
                self.fields(d, &at, &fields);
            }
        }
        self.one(o, "externalDocs", at, Self::external_docs);
    }

    fn alternative(&mut self, v: &Value, at: &Pointer) {
        self.schema_in(v, at, Slot::Alternative);
    }
}
