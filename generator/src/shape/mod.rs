//! The document's shape, checked on the plain value before it is typed: every node `openapiv3`
//! reads must have the JSON type it expects, or the node's pointer is reported.
//!
//! Why first: `openapiv3` deserialises `$ref`-or-schema and other alternatives by trying each
//! in turn, so one wrong value deep in nested schemas costs time doubling with each level, and
//! its error names the top-level schema. This pass visits each node once, reports every
//! wrong-typed node at its own pointer, and so `openapiv3` only ever sees a well-formed
//! document. It also lists every schema position, which the OpenAPI 3.1 normalisation walks.

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

    fn document(&mut self, v: &Value) {
        let at = Pointer::root();
        let Some(o) = self.object(v, &at, "an OpenAPI document (an object)") else {
            return;
        };
        self.not_null(o, &at, &["servers", "tags"]);
        let mut required = vec!["info"];
        if self.version == Version::V30 {
            required.push("paths");
        }
        self.required(o, &at, &required);
        self.fields(
            o,
            &at,
            &[("openapi", Kind::Str), ("jsonSchemaDialect", Kind::Str)],
        );
        self.one(o, "info", &at, Self::info);
        self.list(o, "servers", &at, Self::server);
        self.one(o, "paths", &at, Self::paths);
        self.one(o, "components", &at, Self::components);
        self.list(o, "security", &at, Self::security_requirement);
        self.list(o, "tags", &at, Self::tag);
        self.one(o, "externalDocs", &at, Self::external_docs);
    }

    fn info(&mut self, v: &Value, at: &Pointer) {
        let Some(o) = self.object(v, at, "an Info object") else {
            return;
        };
        self.required(o, at, &["title", "version"]);
        let strings = [
            "title",
            "version",
            "description",
            "termsOfService",
            "summary",
        ];
        self.fields(o, at, &strings.map(|k| (k, Kind::Str)));
        if let Some(c) = get(o, "contact") {
            let at = at.push("contact");
            if let Some(c) = self.object(c, &at, "a Contact object") {
                self.fields(c, &at, &["name", "url", "email"].map(|k| (k, Kind::Str)));
            }
        }
        if let Some(l) = get(o, "license") {
            let at = at.push("license");
            if let Some(l) = self.object(l, &at, "a License object") {
                self.required(l, &at, &["name"]);
                self.fields(
                    l,
                    &at,
                    &["name", "url", "identifier"].map(|k| (k, Kind::Str)),
                );
            }
        }
    }

    fn server(&mut self, v: &Value, at: &Pointer) {
        let Some(o) = self.object(v, at, "a Server object") else {
            return;
        };
        self.required(o, at, &["url"]);
        self.fields(o, at, &[("url", Kind::Str), ("description", Kind::Str)]);
        self.map(o, "variables", at, |c, v, at| {
            let Some(o) = c.object(v, at, "a Server Variable object") else {
                return;
            };
            c.not_null(o, at, &["enum"]);
            c.required(o, at, &["default"]);
            let fields = [
                ("default", Kind::Str),
                ("description", Kind::Str),
                ("enum", Kind::StrList),
            ];
            c.fields(o, at, &fields);
        });
    }

    fn external_docs(&mut self, v: &Value, at: &Pointer) {
        let Some(o) = self.object(v, at, "an External Documentation object") else {
            return;
        };
        self.required(o, at, &["url"]);
        self.fields(o, at, &[("url", Kind::Str), ("description", Kind::Str)]);
    }

    fn tag(&mut self, v: &Value, at: &Pointer) {
        let Some(o) = self.object(v, at, "a Tag object") else {
            return;
        };
        self.required(o, at, &["name"]);
        self.fields(o, at, &[("name", Kind::Str), ("description", Kind::Str)]);
        self.one(o, "externalDocs", at, Self::external_docs);
    }

    fn security_requirement(&mut self, v: &Value, at: &Pointer) {
        let Some(o) = self.object(v, at, "a Security Requirement object") else {
            return;
        };
        for (name, scopes) in o {
            if !Kind::StrList.accepts(scopes) {
                self.wrong(&at.push(name), "a list of scope names", scopes);
            }
        }
    }

    fn paths(&mut self, v: &Value, at: &Pointer) {
        let Some(o) = self.object(v, at, "a Paths object") else {
            return;
        };
        for (path, item) in o.iter().filter(|(k, _)| k.starts_with('/')) {
            self.path_item(item, &at.push(path));
        }
    }

    fn path_item(&mut self, v: &Value, at: &Pointer) {
        let Some(o) = self.object(v, at, "a Path Item object") else {
            return;
        };
        self.not_null(o, at, &["servers", "parameters"]);
        if let Some(r) = get(o, "$ref") {
            if !r.is_string() {
                self.wrong(&at.push("$ref"), "a string", r);
            }
            return;
        }
        self.fields(o, at, &[("summary", Kind::Str), ("description", Kind::Str)]);
        for method in [
            "get", "put", "post", "delete", "options", "head", "patch", "trace",
        ] {
            self.one(o, method, at, Self::operation);
        }
        self.list(o, "servers", at, Self::server);
        self.list(o, "parameters", at, Self::parameter);
    }

    fn operation(&mut self, v: &Value, at: &Pointer) {
        let Some(o) = self.object(v, at, "an Operation object") else {
            return;
        };
        self.not_null(
            o,
            at,
            &["tags", "parameters", "callbacks", "deprecated", "servers"],
        );
        if self.version == Version::V30 {
            self.required(o, at, &["responses"]);
        }
        let fields = [
            ("tags", Kind::StrList),
            ("summary", Kind::Str),
            ("description", Kind::Str),
            ("operationId", Kind::Str),
            ("deprecated", Kind::Bool),
        ];
        self.fields(o, at, &fields);
        self.one(o, "externalDocs", at, Self::external_docs);
        self.list(o, "parameters", at, Self::parameter);
        self.one(o, "requestBody", at, Self::request_body);
        self.one(o, "responses", at, Self::responses);
        self.map(o, "callbacks", at, Self::callback);
        self.list(o, "security", at, Self::security_requirement);
        self.list(o, "servers", at, Self::server);
    }

    fn request_body(&mut self, v: &Value, at: &Pointer) {
        self.ref_or(v, at, "a Request Body object", |c, o, at| {
            c.not_null(o, at, &["content", "required"]);
            c.fields(
                o,
                at,
                &[("description", Kind::Str), ("required", Kind::Bool)],
            );
            c.map(o, "content", at, Self::media_type);
        })
    }

    fn callback(&mut self, v: &Value, at: &Pointer) {
        self.ref_or(v, at, "a Callback object", |c, o, at| {
            for (expression, item) in o.iter().filter(|(k, _)| !k.starts_with("x-")) {
                c.path_item(item, &at.push(expression));
            }
        })
    }

    fn responses(&mut self, v: &Value, at: &Pointer) {
        let Some(o) = self.object(v, at, "a Responses object") else {
            return;
        };
        for (status, response) in o {
            if status.starts_with("x-") {
                continue;
            }
            if status != "default" && !is_status(status) {
                let message =
                    format!("`{status}` is not a status code (`200`, `4XX`) or `default`");
                self.error(&at.push(status), message);
                continue;
            }
            self.response(response, &at.push(status));
        }
    }

    fn response(&mut self, v: &Value, at: &Pointer) {
        self.ref_or(v, at, "a Response object", |c, o, at| {
            c.not_null(o, at, &["headers", "content", "links"]);
            c.required(o, at, &["description"]);
            c.fields(o, at, &[("description", Kind::Str)]);
            c.map(o, "headers", at, Self::header);
            c.map(o, "content", at, Self::media_type);
            c.map(o, "links", at, |c, v, at| {
                c.ref_or(v, at, "a Link object", Self::link)
            });
        })
    }

    fn link(&mut self, o: &Map<String, Value>, at: &Pointer) {
        self.not_null(o, at, &["parameters"]);
        let fields = [
            ("operationRef", Kind::Str),
            ("operationId", Kind::Str),
            ("description", Kind::Str),
        ];
        self.fields(o, at, &fields);
        if get(o, "operationRef").is_some() == get(o, "operationId").is_some() {
            self.error(
                at,
                "a Link needs exactly one of `operationRef` and `operationId`",
            );
        }
        self.one(o, "server", at, Self::server);
    }

    fn media_type(&mut self, v: &Value, at: &Pointer) {
        let Some(o) = self.object(v, at, "a Media Type object") else {
            return;
        };
        self.not_null(o, at, &["examples", "encoding"]);
        self.one(o, "schema", at, Self::schema);
        self.map(o, "examples", at, Self::example);
        self.map(o, "encoding", at, |c, v, at| {
            let Some(o) = c.object(v, at, "an Encoding object") else {
                return;
            };
            c.not_null(o, at, &["headers", "explode", "allowReserved"]);
            let fields = [
                ("contentType", Kind::Str),
                ("explode", Kind::Bool),
                ("allowReserved", Kind::Bool),
            ];
            c.fields(o, at, &fields);
            c.style(
                o,
                at,
                &["form", "spaceDelimited", "pipeDelimited", "deepObject"],
            );
            c.map(o, "headers", at, Self::header);
        });
    }

    fn example(&mut self, v: &Value, at: &Pointer) {
        self.ref_or(v, at, "an Example object", |c, o, at| {
            let fields = [
                ("summary", Kind::Str),
                ("description", Kind::Str),
                ("externalValue", Kind::Str),
            ];
            c.fields(o, at, &fields);
        })
    }

    fn style(&mut self, o: &Map<String, Value>, at: &Pointer, allowed: &[&str]) {
        let Some(style) = get(o, "style") else { return };
        if !style.as_str().is_some_and(|s| allowed.contains(&s)) {
            let message = format!("`style` must be one of {} here", allowed.join(", "));
            self.error(&at.push("style"), message);
        }
    }

    /// What parameters and headers share: a schema or a content map, examples.
    fn schema_or_content(&mut self, o: &Map<String, Value>, at: &Pointer) {
        self.not_null(o, at, &["required", "examples", "style"]);
        if get(o, "schema").is_some() == get(o, "content").is_some() {
            self.error(at, "exactly one of `schema` and `content` is required here");
        }
        let fields = [
            ("description", Kind::Str),
            ("required", Kind::Bool),
            ("deprecated", Kind::Bool),
            ("explode", Kind::Bool),
        ];
        self.fields(o, at, &fields);
        self.one(o, "schema", at, Self::schema);
        self.map(o, "content", at, Self::media_type);
        self.map(o, "examples", at, Self::example);
    }

    fn parameter(&mut self, v: &Value, at: &Pointer) {
        self.ref_or(v, at, "a Parameter object", |c, o, at| {
            c.not_null(o, at, &["allowReserved"]);
            c.required(o, at, &["name", "in"]);
            c.fields(
                o,
                at,
                &[
                    ("name", Kind::Str),
                    ("allowReserved", Kind::Bool),
                    ("allowEmptyValue", Kind::Bool),
                ],
            );
            let styles: &[&str] = match get(o, "in").map(Value::as_str) {
                None => &[],
                Some(Some("query")) => &["form", "spaceDelimited", "pipeDelimited", "deepObject"],
                Some(Some("path")) => &["matrix", "label", "simple"],
                Some(Some("header")) => &["simple"],
                Some(Some("cookie")) => &["form"],
                Some(_) => {
                    c.error(
                        &at.push("in"),
                        "`in` must be `query`, `header`, `path` or `cookie`",
                    );
                    &[]
                }
            };
            c.style(o, at, styles);
            c.schema_or_content(o, at);
        })
    }

    fn header(&mut self, v: &Value, at: &Pointer) {
        self.ref_or(v, at, "a Header object", |c, o, at| {
            c.style(o, at, &["simple"]);
            c.schema_or_content(o, at);
        })
    }

    fn components(&mut self, v: &Value, at: &Pointer) {
        let Some(o) = self.object(v, at, "a Components object") else {
            return;
        };
        self.not_null(
            o,
            at,
            &[
                "schemas",
                "responses",
                "parameters",
                "examples",
                "requestBodies",
                "headers",
                "securitySchemes",
                "links",
                "callbacks",
            ],
        );
        self.map(o, "schemas", at, Self::schema);
        self.map(o, "responses", at, Self::response);
        self.map(o, "parameters", at, Self::parameter);
        self.map(o, "examples", at, Self::example);
        self.map(o, "requestBodies", at, Self::request_body);
        self.map(o, "headers", at, Self::header);
        self.map(o, "securitySchemes", at, Self::security_scheme);
        self.map(o, "links", at, |c, v, at| {
            c.ref_or(v, at, "a Link object", Self::link)
        });
        self.map(o, "callbacks", at, Self::callback);
    }

    fn security_scheme(&mut self, v: &Value, at: &Pointer) {
        self.ref_or(v, at, "a Security Scheme object", |c, o, at| {
            c.required(o, at, &["type"]);
            c.fields(o, at, &[("description", Kind::Str)]);
            let required: &[&str] = match get(o, "type").map(Value::as_str) {
                None => &[],
                Some(Some("apiKey")) => {
                    if !matches!(
                        get(o, "in").and_then(Value::as_str),
                        Some("query" | "header" | "cookie") | None
                    ) {
                        c.error(&at.push("in"), "`in` must be `query`, `header` or `cookie`");
                    }
                    &["name", "in"]
                }
                Some(Some("http")) => &["scheme"],
                Some(Some("oauth2")) => &["flows"],
                Some(Some("openIdConnect")) => &["openIdConnectUrl"],
                Some(Some("mutualTLS")) if c.version == Version::V31 => &[],
                Some(_) => {
                    c.error(
                        &at.push("type"),
                        "`type` must be `apiKey`, `http`, `oauth2` or `openIdConnect`",
                    );
                    &[]
                }
            };
            c.required(o, at, required);
            let strings = ["name", "scheme", "bearerFormat", "openIdConnectUrl"];
            c.fields(o, at, &strings.map(|k| (k, Kind::Str)));
            if let Some(flows) = get(o, "flows") {
                c.oauth_flows(flows, &at.push("flows"));
            }
        })
    }

    fn oauth_flows(&mut self, v: &Value, at: &Pointer) {
        let Some(o) = self.object(v, at, "an OAuth Flows object") else {
            return;
        };
        let flows: [(&str, &[&str]); 4] = [
            ("implicit", &["authorizationUrl", "scopes"]),
            ("password", &["tokenUrl", "scopes"]),
            ("clientCredentials", &["tokenUrl", "scopes"]),
            (
                "authorizationCode",
                &["authorizationUrl", "tokenUrl", "scopes"],
            ),
        ];
        for (name, required) in flows {
            let Some(flow) = get(o, name) else { continue };
            let at = at.push(name);
            let Some(flow) = self.object(flow, &at, "an OAuth Flow object") else {
                continue;
            };
            self.required(flow, &at, required);
            let fields = [
                ("authorizationUrl", Kind::Str),
                ("tokenUrl", Kind::Str),
                ("refreshUrl", Kind::Str),
                ("scopes", Kind::StrMap),
            ];
            self.fields(flow, &at, &fields);
        }
    }
}

/// `200`, `404`, `2XX` (any case), as `openapiv3` reads response keys.
fn is_status(key: &str) -> bool {
    let b = key.as_bytes();
    b.len() == 3
        && (1..=9).contains(&(b[0].wrapping_sub(b'0')))
        && ((b[1].is_ascii_digit() && b[2].is_ascii_digit())
            || (b[1].eq_ignore_ascii_case(&b'X') && b[2].eq_ignore_ascii_case(&b'X')))
}
