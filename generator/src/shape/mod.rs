//! The document's shape, checked on the plain value before it is typed: every node `openapiv3`
//! reads must have the JSON type it expects, or the node's pointer is reported.
//!
//! Why first: `openapiv3` deserialises `$ref`-or-schema and other alternatives by trying each
//! in turn, so one wrong value deep in nested schemas costs time doubling with each level, and
//! its error names the top-level schema. This pass visits each node once, reports every
//! wrong-typed node at its own pointer, and so `openapiv3` only ever sees a well-formed
//! document. It also lists every schema position, which the OpenAPI 3.1 normalisation walks.

mod document;
mod schema;

use crate::diagnostics::{Pointer, SpecError};
use crate::load::Version;
use serde_json::{Map, Value};

/// Where a schema stands, as far as the 3.1 normalisation needs to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// An element of `oneOf`/`anyOf` (a `{type: "null"}` there makes its parent nullable).
    Alternative,
    /// `items` or `additionalProperties`, where `false` is meaningful.
    ItemsOrAdditional,
    Other,
}

/// A schema position of the document, parents before their children.
#[derive(Debug, Clone)]
pub struct SchemaSite {
    pub pointer: Pointer,
    pub slot: Slot,
}

/// Checks the whole document; on success, every schema position in document order.
pub fn check(document: &Value, version: Version) -> Result<Vec<SchemaSite>, Vec<SpecError>> {
    let mut c = Checker {
        version,
        errors: Vec::new(),
        schemas: Vec::new(),
    };
    c.document(document);
    if c.errors.is_empty() {
        Ok(c.schemas)
    } else {
        Err(c.errors)
    }
}

/// What a keyword's value must be.
#[derive(Clone, Copy)]
enum Kind {
    Str,
    Bool,
    Number,
    /// A non-negative integer (a length or count).
    Count,
    StrList,
    /// A map of strings to strings (OAuth scopes, discriminator mapping).
    StrMap,
}

impl Kind {
    fn accepts(self, v: &Value) -> bool {
        match self {
            Kind::Str => v.is_string(),
            Kind::Bool => v.is_boolean(),
            Kind::Number => v.is_number(),
            Kind::Count => v.as_u64().is_some_and(|n| usize::try_from(n).is_ok()),
            Kind::StrList => v.as_array().is_some_and(|a| a.iter().all(Value::is_string)),
            Kind::StrMap => v
                .as_object()
                .is_some_and(|m| m.values().all(Value::is_string)),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Kind::Str => "a string",
            Kind::Bool => "a boolean",
            Kind::Number => "a number",
            Kind::Count => "a non-negative integer",
            Kind::StrList => "a list of strings",
            Kind::StrMap => "a map of strings",
        }
    }
}

/// A keyword's value; `null` counts as absent, as `openapiv3` reads an `Option` field (fields
/// it reads as plain lists, maps and booleans are checked by [`Checker::not_null`]).
fn get<'v>(o: &'v Map<String, Value>, key: &str) -> Option<&'v Value> {
    o.get(key).filter(|v| !v.is_null())
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

struct Checker {
    version: Version,
    errors: Vec<SpecError>,
    schemas: Vec<SchemaSite>,
}

impl Checker {
    fn error(&mut self, at: &Pointer, message: impl Into<String>) {
        self.errors.push(SpecError::new(at, message));
    }

    fn wrong(&mut self, at: &Pointer, expected: &str, found: &Value) {
        let found = kind_of(found);
        self.error(at, format!("expected {expected}, found {found}"));
    }

    /// The node as an object, or an error saying what it should have been.
    fn object<'v>(
        &mut self,
        v: &'v Value,
        at: &Pointer,
        what: &str,
    ) -> Option<&'v Map<String, Value>> {
        match v.as_object() {
            Some(o) => Some(o),
            None => {
                self.wrong(at, what, v);
                None
            }
        }
    }

    fn fields(&mut self, o: &Map<String, Value>, at: &Pointer, fields: &[(&str, Kind)]) {
        for (key, kind) in fields {
            if let Some(v) = get(o, key) {
                if !kind.accepts(v) {
                    self.wrong(&at.push(key), kind.name(), v);
                }
            }
        }
    }

    /// Fields `openapiv3` reads as a plain list, map or boolean: present means not `null`.
    fn not_null(&mut self, o: &Map<String, Value>, at: &Pointer, keys: &[&str]) {
        for key in keys {
            if o.get(*key).is_some_and(Value::is_null) {
                self.error(&at.push(key), format!("`{key}` must not be null"));
            }
        }
    }

    fn required(&mut self, o: &Map<String, Value>, at: &Pointer, keys: &[&str]) {
        for key in keys {
            if get(o, key).is_none() {
                self.error(at, format!("`{key}` is required here"));
            }
        }
    }

    /// `key: {name: item}`, each item checked by `f`.
    fn map(
        &mut self,
        o: &Map<String, Value>,
        key: &str,
        at: &Pointer,
        f: fn(&mut Self, &Value, &Pointer),
    ) {
        let Some(v) = get(o, key) else { return };
        let at = at.push(key);
        if let Some(m) = self.object(v, &at, "an object (a map)") {
            for (name, item) in m {
                f(self, item, &at.push(name));
            }
        }
    }

    /// `key: [item]`, each item checked by `f`.
    fn list(
        &mut self,
        o: &Map<String, Value>,
        key: &str,
        at: &Pointer,
        f: fn(&mut Self, &Value, &Pointer),
    ) {
        let Some(v) = get(o, key) else { return };
        let at = at.push(key);
        match v.as_array() {
            Some(items) => {
                for (i, item) in items.iter().enumerate() {
                    f(self, item, &at.push(&i.to_string()));
                }
            }
            None => self.wrong(&at, "a list", v),
        }
    }

    fn one(
        &mut self,
        o: &Map<String, Value>,
        key: &str,
        at: &Pointer,
        f: fn(&mut Self, &Value, &Pointer),
    ) {
        if let Some(v) = get(o, key) {
            f(self, v, &at.push(key));
        }
    }

    /// A Reference Object (`$ref` a string) or an item checked by `f`.
    fn ref_or(
        &mut self,
        v: &Value,
        at: &Pointer,
        what: &str,
        f: fn(&mut Self, &Map<String, Value>, &Pointer),
    ) {
        let Some(o) = self.object(v, at, what) else {
            return;
        };
        match get(o, "$ref") {
            Some(r) if !r.is_string() => self.wrong(&at.push("$ref"), "a string", r),
            Some(_) => {}
            None => f(self, o, at),
        }
    }
}
