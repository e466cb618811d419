//! Paths -> [`Operation`]s: parameters, media types, success and error responses, pagination.

use super::bodies::{pick_json, resolve_body, NO_SCHEMA};
use super::params::{
    decode_percent_escapes, in_path_order, is_path_value, parse_path, resolve_param, style_of,
};
use super::Resolver;
use crate::diagnostics::{Pointer, SpecError, SpecResult};
use crate::ir::{
    Docs, ErrorResponse, GroupId, Method, OAuthScheme, Operation, Pagination, Param, Style,
    Success, TypeKind, TypeRef,
};
use crate::naming::{self, Scope};
use openapiv3::{
    OpenAPI, Parameter, ParameterData, ReferenceOr, Response, SecurityScheme, StatusCode,
};
use std::collections::BTreeSet;

fn method(name: &str) -> Method {
    match name {
        "get" => Method::Get,
        "put" => Method::Put,
        "post" => Method::Post,
        "delete" => Method::Delete,
        "options" => Method::Options,
        "head" => Method::Head,
        "patch" => Method::Patch,
        _ => Method::Trace,
    }
}

/// Follows a `#/components/<kind>/<name>` reference.
fn component_ref<'s, T>(
    map: Option<&'s indexmap::IndexMap<String, ReferenceOr<T>>>,
    kind: &str,
    item: &'s ReferenceOr<T>,
    at: &Pointer,
) -> SpecResult<(&'s T, Pointer)> {
    let mut current = item;
    let mut at = at.clone();
    for _ in 0..16 {
        match current {
            ReferenceOr::Item(t) => return Ok((t, at)),
            ReferenceOr::Reference { reference } => {
                let prefix = format!("#/components/{kind}/");
                let name = reference.strip_prefix(&prefix).ok_or_else(|| {
                    SpecError::new(
                        &at,
                        format!("expected a reference into {prefix}, found `{reference}`"),
                    )
                })?;
                current = map.and_then(|m| m.get(name)).ok_or_else(|| {
                    SpecError::new(&at, format!("`$ref: {reference}` points at nothing"))
                })?;
                at = Pointer::root().join(&["components", kind, name]);
            }
        }
    }
    Err(SpecError::new(&at, "`$ref` chain too long or cyclic"))
}

/// Every operation; a broken one adds its error to `errors` and the others still resolve.
pub(super) fn resolve_operations<'s>(
    r: &mut Resolver<'s>,
    errors: &mut Vec<SpecError>,
) -> Vec<Operation> {
    let spec = r.spec();
    let mut fn_names = Scope::default();
    let mut seen_ids = BTreeSet::new();
    let mut out = Vec::new();
    for (path, item) in spec.paths.iter() {
        let path_at = Pointer::root().join(&["paths", path]);
        let ReferenceOr::Item(item) = item else {
            errors.push(SpecError::new(
                &path_at,
                "path item references are not supported",
            ));
            continue;
        };
        for (method_name, op) in item.iter() {
            let at = path_at.push(method_name);
            let operation_id = match &op.operation_id {
                Some(id) => {
                    if !seen_ids.insert(id.clone()) {
                        errors.push(SpecError::new(
                            &at.push("operationId"),
                            format!("operationId `{id}` is used by more than one operation"),
                        ));
                        continue;
                    }
                    id.clone()
                }
                None => format!("{method_name} {path}"),
            };
            let fn_name = fn_names.claim(&naming::snake_name(&operation_id));
            match resolve_operation(r, path, item, method_name, op, fn_name, operation_id) {
                Ok(operation) => out.push(operation),
                Err(e) => errors.push(e),
            }
        }
    }
    out
}

fn resolve_operation<'s>(
    r: &mut Resolver<'s>,
    path: &str,
    item: &'s openapiv3::PathItem,
    method_name: &str,
    op: &'s openapiv3::Operation,
    fn_name: String,
    operation_id: String,
) -> SpecResult<Operation> {
    let spec = r.spec();
    let path_at = Pointer::root().join(&["paths", path]);
    let at = path_at.push(method_name);
    let type_hint = naming::type_name(&operation_id);
    let mut params: Vec<(&'s ParameterData, &str, Style, Pointer)> = Vec::new();
    let all = item
        .parameters
        .iter()
        .enumerate()
        .map(|(i, p)| (p, path_at.join(&["parameters", &i.to_string()])))
        .chain(
            op.parameters
                .iter()
                .enumerate()
                .map(|(i, p)| (p, at.join(&["parameters", &i.to_string()]))),
        );
    for (p, p_at) in all {
        let (param, p_at) = component_ref(
            spec.components.as_ref().map(|c| &c.parameters),
            "parameters",
            p,
            &p_at,
        )?;
        let (data, location) = match param {
            Parameter::Query { parameter_data, .. } => (parameter_data, "query"),
            Parameter::Path { parameter_data, .. } => (parameter_data, "path"),
            Parameter::Header { parameter_data, .. } => (parameter_data, "header"),
            Parameter::Cookie { parameter_data, .. } => (parameter_data, "cookie"),
        };
        let style = style_of(param, &p_at)?;
        // An operation's parameter overrides the path item's one of the same name and place.
        params.retain(|(d, l, _, _)| !(d.name == data.name && *l == location));
        params.push((data, location, style, p_at));
    }
    let mut rust_names = Scope::with_reserved(&["self", "params", "body"]);
    let mut path_params = Vec::new();
    let mut query_params = Vec::new();
    let mut header_params = Vec::new();
    let mut cookie_params = Vec::new();
    for (data, location, style, p_at) in params {
        let param = resolve_param(r, data, &p_at, &type_hint, style, &mut rust_names)?;
        let mut param = param;
        if location == "path" {
            // Values are checked before the client percent-encodes them.
            param.constraints.pattern = param
                .constraints
                .pattern
                .map(|p| decode_percent_escapes(&p));
        }
        if location == "path" && !is_path_value(r, &param.ty) {
            return Err(SpecError::new(
                &p_at.push("schema"),
                "a path parameter must be a string, number, boolean, string enum, a `oneOf` of those, or an array of them",
            ));
        }
        match location {
            "path" => path_params.push(param),
            "query" => query_params.push(param),
            "header" => header_params.push(param),
            _ => cookie_params.push(param),
        }
    }
    let path_parts = parse_path(path, &path_params, &at)?;
    // Arguments follow the path, as a reader of the URL expects them.
    let (path_params, path_parts) = in_path_order(path_params, path_parts);
    let body = match &op.request_body {
        Some(b) => {
            let (body, b_at) = component_ref(
                spec.components.as_ref().map(|c| &c.request_bodies),
                "requestBodies",
                b,
                &at.push("requestBody"),
            )?;
            Some(resolve_body(r, body, &b_at, &type_hint)?)
        }
        None => None,
    };
    let (success, errors, error_type) = resolve_responses(r, op, &at, &type_hint)?;
    let sunset = sunset(op, &at)?;
    let pagination = pagination(
        r,
        method(method_name),
        body.is_some(),
        &query_params,
        &success,
    );
    Ok(Operation {
        module_name: fn_name.clone(),
        fn_name,
        operation_id,
        method: method(method_name),
        path: path.to_owned(),
        path_parts,
        path_params,
        query_params,
        header_params,
        cookie_params,
        body,
        success,
        errors,
        error_type,
        summary: op.summary.clone(),
        docs: Docs {
            title: None,
            description: op.description.clone(),
            deprecated: op.deprecated,
            external_url: op.external_docs.as_ref().map(|d| d.url.clone()),
        },
        sunset,
        pagination,
        tag: op.tags.first().cloned(),
        group: GroupId(0),
    })
}

/// `x-sunset: "2026-01-01"`: the date after which the API may remove the operation (Atlas and
/// others write it beside `deprecated: true`).
fn sunset(op: &openapiv3::Operation, at: &Pointer) -> SpecResult<Option<String>> {
    match op.extensions.get("x-sunset") {
        None => Ok(None),
        Some(serde_json::Value::String(date)) => Ok(Some(date.clone())),
        Some(other) => Err(SpecError::new(
            &at.push("x-sunset"),
            format!("`x-sunset` must be a date string such as \"2026-01-01\", not `{other}`"),
        )),
    }
}

type Responses = (Success, Vec<ErrorResponse>, Option<TypeRef>);

fn resolve_responses<'s>(
    r: &mut Resolver<'s>,
    op: &'s openapiv3::Operation,
    at: &Pointer,
    type_hint: &str,
) -> SpecResult<Responses> {
    let spec = r.spec();
    let responses_map = spec.components.as_ref().map(|c| &c.responses);
    let mut success = None;
    let mut errors = Vec::new();
    let mut error_types: Vec<Option<TypeRef>> = Vec::new();
    let entries = op
        .responses
        .responses
        .iter()
        .map(|(code, resp)| (status_text(code), resp))
        .chain(
            op.responses
                .default
                .iter()
                .map(|d| ("default".to_owned(), d)),
        );
    for (status, resp) in entries {
        let resp_at = at.join(&["responses", &status]);
        let (resp, resp_at): (&Response, Pointer) =
            component_ref(responses_map, "responses", resp, &resp_at)?;
        let json = pick_json(&resp.content);
        let is_success = status.starts_with('2');
        if is_success {
            if success.is_some() {
                continue;
            }
            let (media_type, ty) = match json {
                Some((mt, content)) => {
                    let schema_at = resp_at.join(&["content", mt, "schema"]);
                    let ty = match &content.schema {
                        Some(s) => {
                            r.resolve_schema(s.into(), &schema_at, &format!("{type_hint}Response"))?
                        }
                        None => {
                            // A 204 has no body whatever its content map says.
                            if status != "204" {
                                r.warn(&resp_at.join(&["content", mt]), NO_SCHEMA);
                            }
                            TypeRef::Json
                        }
                    };
                    (Some(mt.clone()), Some(ty))
                }
                // Not JSON (CSV, gzip, ...): the newest media type, the body as bytes.
                None => (resp.content.keys().max().cloned(), None),
            };
            success = Some(Success {
                status,
                bytes: ty.is_none() && media_type.is_some(),
                media_type,
                ty,
            });
        } else {
            let ty = match json {
                Some((mt, content)) => match &content.schema {
                    Some(s) => Some(r.resolve_schema(
                        s.into(),
                        &resp_at.join(&["content", mt, "schema"]),
                        &format!("{type_hint}Error{status}"),
                    )?),
                    None => None,
                },
                None => None,
            };
            error_types.push(ty);
            errors.push(ErrorResponse {
                status,
                description: resp.description.clone(),
            });
        }
    }
    let success = success.unwrap_or(Success {
        status: "2XX".to_owned(),
        media_type: None,
        ty: None,
        bytes: false,
    });
    let error_type = match error_types.split_first() {
        Some((Some(first), rest)) if rest.iter().all(|t| t.as_ref() == Some(first)) => {
            Some(first.clone())
        }
        _ => None,
    };
    Ok((success, errors, error_type))
}

fn status_text(code: &StatusCode) -> String {
    match code {
        StatusCode::Code(n) => n.to_string(),
        StatusCode::Range(n) => format!("{n}XX"),
    }
}

/// Atlas-style paging, by the parameter and property names of [`crate::PaginationConvention`].
fn pagination(
    r: &Resolver<'_>,
    method: Method,
    has_body: bool,
    query: &[Param],
    success: &Success,
) -> Option<Pagination> {
    let conv = r.options().pagination.as_ref()?;
    // Walking pages re-sends the request: only for reads without a body.
    if method != Method::Get || has_body {
        return None;
    }
    let size = query.iter().find(|p| p.api_name == conv.page_size_param)?;
    let num = query.iter().find(|p| p.api_name == conv.page_num_param)?;
    let Some(TypeRef::Named(page_type)) = &success.ty else {
        return None;
    };
    let TypeKind::Struct(st) = &r.types[page_type.0].as_ref()?.kind else {
        return None;
    };
    let results = st
        .fields
        .iter()
        .find(|f| f.json_name == conv.results_property)?;
    let TypeRef::Vec(item) = &results.ty else {
        return None;
    };
    let total = st
        .fields
        .iter()
        .find(|f| f.json_name == conv.total_property);
    Some(Pagination {
        page_type: *page_type,
        item: (**item).clone(),
        results_field: results.rust_name.clone(),
        total_field: total.map(|f| f.rust_name.clone()),
        page_size_param: size.rust_name.clone(),
        page_num_param: num.rust_name.clone(),
    })
}

pub(super) fn oauth_schemes(spec: &OpenAPI) -> Vec<OAuthScheme> {
    let schemes = spec.components.iter().flat_map(|c| &c.security_schemes);
    schemes
        .filter_map(|(name, s)| match s {
            ReferenceOr::Item(SecurityScheme::OAuth2 {
                flows, description, ..
            }) => flows.client_credentials.as_ref().map(|cc| OAuthScheme {
                scheme_name: name.clone(),
                token_url: cc.token_url.clone(),
                description: description.clone(),
            }),
            _ => None,
        })
        .collect()
}
