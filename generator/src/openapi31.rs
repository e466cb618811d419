//! OpenAPI 3.1 read as 3.0: one pass over the plain document rewrites each 3.1 construct into
//! the 3.0 form the resolver already understands, before `openapiv3` types it. What has no 3.0
//! form is an error at its pointer; what is only left out (webhooks, assertion-only keywords)
//! is a warning at its pointer.
//!
//! The pass runs after the shape check, so every node it touches has the JSON type it expects,
//! and visits schemas children first: a parent sees its children already rewritten. Moving a
//! schema (a `oneOf` alternative into `allOf`) is recorded in [`Moves`], so errors found later
//! still name the place in the document the user wrote.

use crate::diagnostics::{Pointer, SpecError, Warning, Warnings};
use crate::shape::{SchemaSite, Slot};
use serde_json::{json, Map, Value};

/// JSON Schema keywords with no 3.0 counterpart that only constrain values (or name things):
/// left out with a warning, since the generated types stay correct, only less strict.
const IGNORED: [&str; 17] = [
    "$schema",
    "$id",
    "$anchor",
    "$dynamicAnchor",
    "$defs",
    "if",
    "then",
    "else",
    "dependentSchemas",
    "dependentRequired",
    "unevaluatedItems",
    "unevaluatedProperties",
    "contains",
    "minContains",
    "maxContains",
    "propertyNames",
    "patternProperties",
];

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Where the normalisation moved schemas: (pointer in the rewritten document, pointer in the
/// original one), in the order the moves were made.
#[derive(Debug, Default)]
pub struct Moves(Vec<(String, String)>);

impl Moves {
    fn record(&mut self, now: &Pointer, was: &Pointer) {
        if now != was {
            self.0
                .push((now.as_str().to_owned(), was.as_str().to_owned()));
        }
    }

    /// The pointer in the original document of a place in the rewritten one. Outer schemas
    /// moved after their children, so the latest move is undone first.
    pub fn original(&self, pointer: &Pointer) -> Pointer {
        let mut p = pointer.as_str().to_owned();
        for (now, was) in self.0.iter().rev() {
            if let Some(rest) = p.strip_prefix(now.as_str()) {
                if rest.is_empty() || rest.starts_with('/') {
                    p = format!("{was}{rest}");
                }
            }
        }
        Pointer::from_ref(&p)
    }

    /// An error found in the rewritten document, naming the place in the original one.
    pub fn error(&self, e: SpecError) -> SpecError {
        SpecError {
            pointer: self.original(&e.pointer),
            ..e
        }
    }

    /// A warning found in the rewritten document, naming the place in the original one.
    pub fn warning(&self, w: Warning) -> Warning {
        Warning {
            pointer: self.original(&w.pointer),
            ..w
        }
    }
}

struct Pass<'w> {
    warnings: &'w Warnings,
    errors: Vec<SpecError>,
    moves: Moves,
}

/// Rewrites a 3.1 document (checked by [`crate::shape::check`], whose schema sites are
/// `schemas`) into 3.0.
pub fn normalise(
    document: &mut Value,
    schemas: &[SchemaSite],
    warnings: &Warnings,
) -> Result<Moves, Vec<SpecError>> {
    let mut pass = Pass {
        warnings,
        errors: Vec::new(),
        moves: Moves::default(),
    };
    for site in schemas.iter().rev() {
        let relative = &site.pointer.as_str()[1..];
        if let Some(node) = document.pointer_mut(relative) {
            pass.schema(node, &site.pointer, site.slot);
        }
    }
    if let Some(root) = document.as_object_mut() {
        pass.document(root);
    }
    if pass.errors.is_empty() {
        Ok(pass.moves)
    } else {
        Err(pass.errors)
    }
}

impl Pass<'_> {
    fn warn(&self, at: &Pointer, message: impl Into<String>) {
        self.warnings.warn(at, message);
    }

    fn error(&mut self, at: &Pointer, message: impl Into<String>) {
        self.errors.push(SpecError::new(at, message));
    }

    fn document(&mut self, root: &mut Map<String, Value>) {
        let at = Pointer::root();
        root.insert("openapi".to_owned(), json!("3.0.3"));
        if root.shift_remove("webhooks").is_some() {
            let message = "webhooks are ignored: they are requests the API sends, not operations a client calls";
            self.warn(&at.push("webhooks"), message);
        }
        if root.shift_remove("jsonSchemaDialect").is_some() {
            let message =
                "`jsonSchemaDialect` is ignored: schemas are read as OpenAPI 3.1's default dialect";
            self.warn(&at.push("jsonSchemaDialect"), message);
        }
        // 3.1 documents may have no paths, and operations no responses.
        let paths = root.entry("paths").or_insert(Value::Null);
        if paths.is_null() {
            *paths = json!({});
        }
        for item in paths
            .as_object_mut()
            .into_iter()
            .flat_map(|p| p.values_mut())
        {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            for method in METHODS {
                if let Some(op) = item.get_mut(method).and_then(Value::as_object_mut) {
                    let responses = op.entry("responses").or_insert(Value::Null);
                    if responses.is_null() {
                        *responses = json!({});
                    }
                }
            }
        }
        let Some(components) = root.get_mut("components").and_then(Value::as_object_mut) else {
            return;
        };
        let components_at = at.push("components");
        if components.shift_remove("pathItems").is_some() {
            let message =
                "`components/pathItems` are ignored: path item references are not supported";
            self.warn(&components_at.push("pathItems"), message);
        }
        if let Some(schemes) = components
            .get_mut("securitySchemes")
            .and_then(Value::as_object_mut)
        {
            let mutual_tls: Vec<String> = schemes
                .iter()
                .filter(|(_, s)| s.get("type") == Some(&json!("mutualTLS")))
                .map(|(name, _)| name.clone())
                .collect();
            for name in mutual_tls {
                schemes.shift_remove(&name);
                let at = components_at.join(&["securitySchemes", &name]);
                self.warn(
                    &at,
                    "mutual TLS is ignored: configure the client's TLS identity yourself",
                );
            }
        }
    }

    fn schema(&mut self, node: &mut Value, at: &Pointer, slot: Slot) {
        match node {
            Value::Bool(true) => *node = json!({}),
            // `additionalProperties: false` is 3.0 too; `items: false` is its parent's business.
            Value::Bool(false) if slot == Slot::ItemsOrAdditional => {}
            Value::Bool(false) => {
                self.error(at, "`false` (a schema no value satisfies) cannot be mapped")
            }
            Value::Object(o) if slot == Slot::Alternative && is_null(o) => {}
            Value::Object(o) => self.object(o, at),
            _ => {}
        }
    }

    fn object(&mut self, o: &mut Map<String, Value>, at: &Pointer) {
        o.shift_remove("$comment");
        for key in IGNORED {
            if o.shift_remove(key).is_some() {
                let message = format!("`{key}` is ignored: OpenAPI 3.0 has no such keyword, so the generated code neither types nor checks it");
                self.warn(&at.push(key), message);
            }
        }
        if o.contains_key("$dynamicRef") {
            self.error(
                &at.push("$dynamicRef"),
                "`$dynamicRef` cannot be mapped: its target depends on where the schema is used",
            );
        }
        self.ref_siblings(o, at);
        self.type_list(o, at);
        for keyword in ["oneOf", "anyOf"] {
            self.null_alternatives(o, at, keyword);
        }
        if let Some(value) = o.shift_remove("const") {
            o.insert("enum".to_owned(), json!([value]));
        }
        if let Some(Value::Array(examples)) = o.shift_remove("examples") {
            if let Some(first) = examples.into_iter().next() {
                o.entry("example").or_insert(first);
            }
        }
        exclusive_bound(o, "exclusiveMinimum", "minimum", |ex, inclusive| {
            ex >= inclusive
        });
        exclusive_bound(o, "exclusiveMaximum", "maximum", |ex, inclusive| {
            ex <= inclusive
        });
        self.prefix_items(o, at);
        self.content(o, at);
    }

    /// `{$ref, description}`: 3.0 ignores a reference's siblings, but `allOf: [$ref]` beside
    /// them keeps both, as 3.0 documents write it.
    fn ref_siblings(&mut self, o: &mut Map<String, Value>, at: &Pointer) {
        if o.len() < 2 {
            return;
        }
        let Some(reference) = o.shift_remove("$ref").filter(|r| !r.is_null()) else {
            return;
        };
        let index = self.append_all_of(o, json!({ "$ref": reference }));
        self.moves
            .record(&at.join(&["allOf", &index.to_string()]), at);
    }

    fn append_all_of(&mut self, o: &mut Map<String, Value>, schema: Value) -> usize {
        let all_of = o.entry("allOf").or_insert(Value::Null);
        // The shape check let only a list or `null` (absent) through.
        if !all_of.is_array() {
            *all_of = json!([]);
        }
        let list = all_of.as_array_mut().expect("made a list just above");
        list.push(schema);
        list.len() - 1
    }

    /// `type: [string, "null"]` is a nullable string.
    fn type_list(&mut self, o: &mut Map<String, Value>, at: &Pointer) {
        let names: Vec<String> = match o.get("type") {
            Some(Value::Array(names)) => names
                .iter()
                .filter_map(|n| n.as_str().map(str::to_owned))
                .collect(),
            Some(Value::String(name)) if name == "null" => vec![name.clone()],
            _ => return,
        };
        let (null, types): (Vec<String>, Vec<String>) =
            names.into_iter().partition(|n| n == "null");
        if !null.is_empty() {
            o.insert("nullable".to_owned(), json!(true));
        }
        match types.as_slice() {
            [] => {
                o.shift_remove("type");
                let message = "a schema that allows only null is typed as `serde_json::Value`";
                self.warn(&at.push("type"), message);
            }
            [one] => {
                o.insert("type".to_owned(), json!(one));
            }
            several => {
                let message = format!("a value of several types ({}) cannot be mapped to one Rust type; describe each with `oneOf`", several.join(", "));
                self.error(&at.push("type"), message);
            }
        }
    }

    /// `oneOf: [X, {type: "null"}]` is a nullable X: the null alternatives go, and a single
    /// one left is the schema itself (through `allOf` when it is a `$ref`).
    fn null_alternatives(&mut self, o: &mut Map<String, Value>, at: &Pointer, keyword: &str) {
        let Some(Value::Array(list)) = o.get(keyword) else {
            return;
        };
        if !list.iter().any(|s| s.as_object().is_some_and(is_null)) {
            return;
        }
        let Some(Value::Array(list)) = o.shift_remove(keyword) else {
            unreachable!("just matched")
        };
        o.insert("nullable".to_owned(), json!(true));
        let kept: Vec<(usize, Value)> = list
            .into_iter()
            .enumerate()
            .filter(|(_, s)| !s.as_object().is_some_and(is_null))
            .collect();
        let keyword_at = at.push(keyword);
        match <[(usize, Value); 1]>::try_from(kept) {
            Ok([(i, alternative)]) => self.single_alternative(
                o,
                at,
                &keyword_at.push(&i.to_string()),
                keyword,
                alternative,
            ),
            Err(kept) if kept.is_empty() => {
                self.warn(
                    &keyword_at,
                    "a schema that allows only null is typed as `serde_json::Value`",
                );
            }
            Err(kept) => {
                for (new, (old, _)) in kept.iter().enumerate() {
                    self.moves.record(
                        &keyword_at.push(&new.to_string()),
                        &keyword_at.push(&old.to_string()),
                    );
                }
                let list = kept.into_iter().map(|(_, s)| s).collect();
                o.insert(keyword.to_owned(), Value::Array(list));
            }
        }
    }

    fn single_alternative(
        &mut self,
        o: &mut Map<String, Value>,
        at: &Pointer,
        was: &Pointer,
        keyword: &str,
        alternative: Value,
    ) {
        match alternative {
            Value::Object(alt) if alt.contains_key("$ref") => {
                let index = self.append_all_of(o, Value::Object(alt));
                self.moves
                    .record(&at.join(&["allOf", &index.to_string()]), was);
            }
            // Merged into the parent when nothing clashes, so its constraints apply directly.
            Value::Object(alt) if alt.keys().all(|k| !o.contains_key(k)) => {
                for (key, value) in alt {
                    self.moves.record(&at.push(&key), &was.push(&key));
                    o.insert(key, value);
                }
            }
            other => {
                self.moves.record(&at.join(&[keyword, "0"]), was);
                o.insert(keyword.to_owned(), json!([other]));
            }
        }
    }

    /// A tuple whose positions share one schema is a list of it; one of different schemas is
    /// a list of `serde_json::Value` (a warning).
    fn prefix_items(&mut self, o: &mut Map<String, Value>, at: &Pointer) {
        let closed = o.get("items") == Some(&Value::Bool(false));
        let Some(Value::Array(prefix)) = o.shift_remove("prefixItems") else {
            if closed {
                self.error(
                    &at.push("items"),
                    "`items: false` without `prefixItems` (only an empty list) cannot be mapped",
                );
            }
            return;
        };
        if closed {
            o.shift_remove("items");
            let max = o
                .get("maxItems")
                .and_then(Value::as_u64)
                .unwrap_or(u64::MAX);
            o.insert("maxItems".to_owned(), json!(max.min(prefix.len() as u64)));
        }
        let first = prefix.first().cloned();
        let same = prefix.iter().all(|p| Some(p) == first.as_ref())
            && o.get("items")
                .filter(|items| !items.is_null())
                .is_none_or(|items| Some(items) == first.as_ref());
        match first {
            Some(first) if same => {
                self.moves
                    .record(&at.push("items"), &at.join(&["prefixItems", "0"]));
                o.insert("items".to_owned(), first);
            }
            _ => {
                o.shift_remove("items");
                let message = "a tuple (`prefixItems`) of different schemas is typed as a list of `serde_json::Value`";
                self.warn(&at.push("prefixItems"), message);
            }
        }
    }

    /// `contentEncoding: base64` is 3.0's `format: byte`; a string of some other media type
    /// is `format: binary`.
    fn content(&mut self, o: &mut Map<String, Value>, at: &Pointer) {
        let encoding = o.shift_remove("contentEncoding");
        let media_type = o.shift_remove("contentMediaType");
        o.shift_remove("contentSchema");
        let format = match encoding.as_ref().and_then(Value::as_str) {
            Some("base64" | "base64url") => "byte",
            Some(other) => {
                let message = format!("`contentEncoding: {other}` is not decoded: the value stays the encoded `String`");
                self.warn(&at.push("contentEncoding"), message);
                return;
            }
            None if media_type.is_some() => "binary",
            None => return,
        };
        o.entry("format").or_insert_with(|| json!(format));
    }
}

/// `{type: "null"}` (with annotations at most): the null alternative of a 3.1 union.
fn is_null(o: &Map<String, Value>) -> bool {
    let null_type = match o.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(ts)) => ts.len() == 1 && ts[0] == "null",
        _ => false,
    };
    null_type
        && o.keys()
            .all(|k| matches!(k.as_str(), "type" | "description" | "title" | "$comment"))
}

/// `exclusiveMinimum: 5` is `minimum: 5, exclusiveMinimum: true`, unless an inclusive
/// `minimum` is stricter (`stricter(exclusive, inclusive)` says when the exclusive one wins).
fn exclusive_bound(
    o: &mut Map<String, Value>,
    exclusive: &str,
    inclusive: &str,
    stricter: fn(f64, f64) -> bool,
) {
    let Some(bound) = o.get(exclusive).filter(|v| v.is_number()).cloned() else {
        return;
    };
    let wins = match o.get(inclusive).and_then(Value::as_f64) {
        Some(current) => stricter(bound.as_f64().unwrap_or(f64::NAN), current),
        None => true,
    };
    if wins {
        o.insert(inclusive.to_owned(), bound);
        o.insert(exclusive.to_owned(), json!(true));
    } else {
        o.shift_remove(exclusive);
    }
}
