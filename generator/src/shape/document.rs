//! The OpenAPI objects around schemas: info, servers, paths, operations, parameters,
//! responses, media types, components, security schemes.

use super::{get, Checker, Kind};
use crate::diagnostics::Pointer;
use crate::load::Version;
use serde_json::{Map, Value};

impl Checker {
    pub(super) fn document(&mut self, v: &Value) {
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

    pub(super) fn external_docs(&mut self, v: &Value, at: &Pointer) {
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
        self.map(o, "callbacks", at, Self::operation_callback);
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

    /// OpenAPI 3.0 allows a `$ref` here, but `openapiv3` types an operation's callbacks only
    /// inline: refused at its place rather than failing later at the document's root.
    fn operation_callback(&mut self, v: &Value, at: &Pointer) {
        match v.as_object().and_then(|o| get(o, "$ref")) {
            Some(_) => self.error(
                at,
                "a callback given by `$ref` is not supported here; write the callback inline",
            ),
            None => self.callback(v, at),
        }
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
