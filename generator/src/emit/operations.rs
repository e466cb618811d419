//! Operations -> one async method per operation on the generated `Client`, plus a module per
//! operation with its constants and optional parameters, and page walkers for list operations.

use super::docs::{self, code, doc_attrs, facts};
use super::{bodies, deprecated, ident, pages, Context};
use crate::ir::{BodyKind, GroupId, Operation, Param, PathPart, Style, TypeKind, TypeRef};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::BTreeSet;

/// `operations/mod.rs`: the tag modules, re-exported so every operation module sits directly
/// under `operations`, and the trait impls operations of several tags share.
pub fn operations_root(cx: &Context<'_>) -> TokenStream {
    let mut seen = BTreeSet::new();
    let pages: Vec<TokenStream> = cx
        .ir
        .operations
        .iter()
        .filter(|op| {
            op.pagination
                .as_ref()
                .is_some_and(|p| seen.insert(p.page_type))
        })
        .map(|op| pages::page_impl(cx, op))
        .collect();
    let import = (!pages.is_empty()).then(|| {
        quote!(
            use super::models;
        )
    });
    let doc =
        " One method per operation on [`Client`](super::Client), filed by tag; each operation's";
    let modules: Vec<_> = cx.ir.groups.iter().map(|g| ident(&g.module)).collect();
    quote! {
        #![doc = #doc]
        #![doc = " constants and optional parameters live in the module of the same name."]
        #![allow(deprecated)]

        #(mod #modules;)*
        #(pub use #modules::*;)*

        #import

        #(#pages)*
    }
}

/// `operations/<tag>.rs`: the operations of one group.
pub fn operations_group(cx: &Context<'_>, group: GroupId) -> TokenStream {
    let ops: Vec<&Operation> = cx
        .ir
        .operations
        .iter()
        .filter(|op| op.group == group)
        .collect();
    let modules = ops.iter().map(|op| op_module(cx, op));
    let mut methods = Vec::new();
    let mut builders = Vec::new();
    for op in &ops {
        let (call, builder) = method(cx, op);
        let stream = op.pagination.as_ref().map(|_| pages::stream_method(cx, op));
        methods.push(quote!(#call #stream));
        builders.push(builder);
    }
    let g = &cx.ir.groups[group.0];
    let mut doc = vec![match &g.tag {
        Some(tag) => format!("Operations tagged {}.", code(tag)),
        None => "Operations without a tag.".to_owned(),
    }];
    doc.extend(g.description.as_deref().map(docs::markdown));
    let doc = docs::inner_doc_attrs(&doc);
    let import = ops.iter().any(|op| uses_models(op)).then(|| {
        quote!(
            use super::super::models;
        )
    });
    quote! {
        #doc

        #import

        #(#modules)*

        // The root module's client, reached relatively: the tree may be compiled anywhere
        // (e.g. inside a user's module through `include!`).
        impl super::super::Client {
            #(#methods)*
        }

        #(#builders)*
    }
}

fn names_a_model(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(_) => true,
        TypeRef::Vec(t) | TypeRef::Map(t) | TypeRef::Boxed(t) => names_a_model(t),
        _ => false,
    }
}

fn uses_models(op: &Operation) -> bool {
    let params = op
        .path_params
        .iter()
        .chain(&op.query_params)
        .chain(&op.header_params)
        .chain(&op.cookie_params);
    params
        .map(|p| &p.ty)
        .chain(op.body.as_ref().and_then(|b| b.kind.model()))
        .chain(op.success.ty.as_ref())
        .chain(op.error_type.as_ref())
        .any(names_a_model)
}

/// `application/vnd.atlas.2023-01-01+json` -> `2023-01-01`.
fn api_version(media_type: &str) -> Option<&str> {
    let essence = media_type.split(';').next()?.trim();
    let vnd = essence
        .strip_prefix("application/vnd.")?
        .strip_suffix("+json")?;
    let version = vnd.rsplit('.').next()?;
    version
        .starts_with(|c: char| c.is_ascii_digit())
        .then_some(version)
}

pub(crate) fn accept(op: &Operation) -> String {
    op.success
        .media_type
        .clone()
        .or_else(|| {
            op.body
                .as_ref()
                .filter(|b| matches!(b.kind, BodyKind::Json(_)))
                .map(|b| b.media_type.clone())
        })
        .unwrap_or_else(|| "application/json".to_owned())
}

fn optional_params(op: &Operation) -> impl Iterator<Item = &Param> {
    op.query_params
        .iter()
        .chain(&op.header_params)
        .chain(&op.cookie_params)
        .filter(|p| !p.required)
}

fn param_docs(p: &Param) -> TokenStream {
    let mut paragraphs = docs::paragraphs(&p.docs);
    paragraphs.extend(facts(
        &p.constraints,
        p.default.as_ref(),
        p.format.as_deref(),
    ));
    doc_attrs(&paragraphs)
}

fn op_module(cx: &Context<'_>, op: &Operation) -> TokenStream {
    let module = ident(&op.module_name);
    let op_id = &op.operation_id;
    let method = op.method.as_str();
    let path = &op.path;
    let accept = accept(op);
    let version = api_version(&accept).map(|v| {
        quote! {
            /// The API version this client speaks for the operation (from its media type).
            pub const API_VERSION: &str = #v;
        }
    });
    let content_type = op.body.as_ref().map(|b| {
        let ct = &b.media_type;
        quote! {
            /// `Content-Type` of the request body.
            pub const CONTENT_TYPE: &str = #ct;
        }
    });
    let params: Vec<&Param> = optional_params(op).collect();
    let params_struct = (!params.is_empty()).then(|| {
        let fields = params.iter().map(|p| {
            let docs = param_docs(p);
            let n = ident(&p.rust_name);
            let t = cx.ty(&p.ty, &quote!(super::models::));
            quote!(#docs pub #n: Option<#t>,)
        });
        let doc = format!(" Optional parameters of {}.", code(op_id));
        quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, Default, PartialEq)]
            pub struct Params {
                #(#fields)*
            }
        }
    });
    let parts = bodies::parts_struct(cx, op);
    let doc = format!(" Constants and parameters of {}.", code(op_id));
    quote! {
        #[doc = #doc]
        pub mod #module {
            /// The spec's `operationId`.
            pub const OPERATION_ID: &str = #op_id;
            /// HTTP method.
            pub const METHOD: &str = #method;
            /// Path template, relative to the base URL.
            pub const PATH: &str = #path;
            /// `Accept`: the exact media type of the success response.
            pub const ACCEPT: &str = #accept;
            #version
            #content_type
            #params_struct
            #parts
        }
    }
}

/// The argument type of a required parameter.
pub(super) fn arg_type(cx: &Context<'_>, ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(&str),
        TypeRef::Vec(inner) => {
            let inner = cx.ty(inner, &quote!(models::));
            quote!(&[#inner])
        }
        TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::F32 | TypeRef::F64 => {
            cx.ty(ty, &quote!())
        }
        other => {
            let t = cx.ty(other, &quote!(models::));
            quote!(&#t)
        }
    }
}

/// `value` (a reference or, for numbers and bools, a value) as its wire text.
pub(super) fn to_text(cx: &Context<'_>, ty: &TypeRef) -> TokenStream {
    let rt = &cx.runtime;
    match ty {
        TypeRef::String => quote!(value.to_string()),
        TypeRef::Named(id) if matches!(cx.def(*id).kind, TypeKind::Enum(_)) => {
            quote!(value.as_str().to_owned())
        }
        TypeRef::Named(_)
        | TypeRef::Json
        | TypeRef::JsonObject
        | TypeRef::Map(_)
        | TypeRef::Vec(_)
        | TypeRef::Boxed(_) => {
            quote!(#rt::param_text(value))
        }
        TypeRef::DateTime => {
            let chrono = &cx.chrono;
            quote!(value.to_rfc3339_opts(#chrono::SecondsFormat::AutoSi, true))
        }
        _ => quote!(value.to_string()),
    }
}

/// Pushes `value` (bound by the caller) as query, header or cookie pairs.
fn push_pairs(cx: &Context<'_>, p: &Param, target: &TokenStream) -> TokenStream {
    let name = &p.api_name;
    match &p.ty {
        TypeRef::Vec(item) => {
            let text = to_text(cx, item);
            if p.explode && p.style == Style::Form {
                quote!(for value in value.iter() { #target.push((#name, #text)); })
            } else {
                let separator = p.style.separator();
                quote! {
                    let joined: Vec<String> = value.iter().map(|value| #text).collect();
                    #target.push((#name, joined.join(#separator)));
                }
            }
        }
        ty => {
            let text = to_text(cx, ty);
            quote!(#target.push((#name, #text));)
        }
    }
}

/// The method of `op` and the function that builds its request.
///
/// The method returns the runtime's boxed `Call` future instead of being an `async fn`: the
/// compiler checks an `async fn` body with every state of the runtime's exchange inside it,
/// which over the 454 operations of the full Atlas spec cost seconds of `cargo check`.
fn method(cx: &Context<'_>, op: &Operation) -> (TokenStream, TokenStream) {
    let rt = &cx.runtime;
    let fn_name = ident(&op.fn_name);
    let builder = format_ident!("{}_request", op.fn_name);
    let module = ident(&op.module_name);
    let mut args = Vec::new();
    let mut arg_names = Vec::new();
    for p in &op.path_params {
        let n = ident(&p.rust_name);
        let t = arg_type(cx, &p.ty);
        args.push(quote!(#n: #t));
        arg_names.push(n);
    }
    let required_other: Vec<&Param> = op
        .query_params
        .iter()
        .chain(&op.header_params)
        .chain(&op.cookie_params)
        .filter(|p| p.required)
        .collect();
    for p in &required_other {
        let n = ident(&p.rust_name);
        let t = arg_type(cx, &p.ty);
        args.push(quote!(#n: #t));
        arg_names.push(n);
    }
    if let Some(body) = &op.body {
        args.push(bodies::argument(cx, op, body));
        arg_names.push(ident("body"));
    }
    let has_params = optional_params(op).next().is_some();
    if has_params {
        args.push(quote!(params: &#module::Params));
        arg_names.push(ident("params"));
    }
    let path_steps = op.path_parts.iter().map(|part| match part {
        PathPart::Literal(text) => quote!(.literal(#text)),
        PathPart::Param(i) => {
            let p = &op.path_params[*i];
            let n = ident(&p.rust_name);
            let api = &p.api_name;
            let pattern = match &p.constraints.pattern {
                Some(pat) => quote!(Some(#pat)),
                None => quote!(None),
            };
            let value = match &p.ty {
                TypeRef::Vec(item) => {
                    let text = to_text(cx, item);
                    let pattern = match p.constraints.items.as_ref().and_then(|c| c.pattern.as_ref()) {
                        Some(pat) => quote!(Some(#pat)),
                        None => quote!(None),
                    };
                    return quote! {
                        .param_list(#api, &#n.iter().map(|value| #text).collect::<Vec<_>>(), #pattern)?
                    };
                }
                TypeRef::String => quote!(#n),
                TypeRef::Named(id) if matches!(cx.def(*id).kind, TypeKind::Enum(_)) => {
                    quote!(#n.as_str())
                }
                TypeRef::Named(_) | TypeRef::DateTime => {
                    let text = to_text(cx, &p.ty);
                    quote!(&{ let value = #n; #text })
                }
                _ => quote!(&#n.to_string()),
            };
            quote!(.param(#api, #value, #pattern)?)
        }
    });
    let mut checks = Vec::new();
    // Items of path arrays and the variants of path unions are checked with the others; a
    // plain path value only by the pattern `PathBuilder` applies.
    for p in &op.path_params {
        let structured = match &p.ty {
            TypeRef::Vec(_) => true,
            TypeRef::Named(id) => matches!(cx.def(*id).kind, TypeKind::Untagged(_)),
            _ => false,
        };
        let check = super::traits::value_checks(cx, &p.ty, &p.constraints);
        if structured && !check.is_empty() {
            let n = ident(&p.rust_name);
            let at = &p.api_name;
            checks.push(quote!({ let value = &#n; let at = #at.to_owned(); #check }));
        }
    }
    let mut query = Vec::new();
    let mut headers = Vec::new();
    let mut cookies = Vec::new();
    let located = op
        .query_params
        .iter()
        .map(|p| (p, "query"))
        .chain(op.header_params.iter().map(|p| (p, "header")))
        .chain(op.cookie_params.iter().map(|p| (p, "cookie")));
    for (p, location) in located {
        let n = ident(&p.rust_name);
        let target = match location {
            "query" => quote!(query),
            "header" => quote!(headers),
            _ => quote!(cookies),
        };
        let check = super::traits::value_checks(cx, &p.ty, &p.constraints);
        let push = push_pairs(cx, p, &target);
        let block = if p.required {
            quote!({ let value = &#n; #push })
        } else {
            quote!(if let Some(value) = &params.#n { #push })
        };
        if !check.is_empty() {
            let at = &p.api_name;
            checks.push(if p.required {
                quote!({ let value = &#n; let at = #at.to_owned(); #check })
            } else {
                quote!(if let Some(value) = &params.#n { let at = #at.to_owned(); #check })
            });
        }
        match location {
            "query" => query.push(block),
            "header" => headers.push(block),
            _ => cookies.push(block),
        }
    }
    let checks = all_checked(cx, &checks);
    let query_decl = if query.is_empty() {
        quote!(let query = Vec::new();)
    } else {
        quote!(let mut query = Vec::new(); #(#query)*)
    };
    let header_decl = if headers.is_empty() && cookies.is_empty() {
        quote!(let headers = Vec::new();)
    } else {
        quote!(let mut headers = Vec::new(); #(#headers)*)
    };
    let cookie_decl = (!cookies.is_empty()).then(|| {
        quote! {
            let mut cookies = Vec::new();
            #(#cookies)*
            if let Some(cookie) = #rt::cookie_header(&cookies) {
                headers.push(("Cookie", cookie));
            }
        }
    });
    let body = bodies::encode(cx, op);
    let error_ty = error_type(cx, op);
    let api_version = match api_version(&accept(op)) {
        Some(_) => quote!(Some(#module::API_VERSION)),
        None => quote!(None),
    };
    let method_ident = format_ident!("{}", op.method.as_str());
    let (ret, call) = match &op.success.ty {
        Some(t) => (cx.ty(t, &quote!(models::)), quote!(call_json)),
        None if op.success.bytes => (quote!(Vec<u8>), quote!(call_bytes)),
        None => (quote!(()), quote!(call_empty)),
    };
    let docs = method_docs(op, &cx.options.runtime_path);
    let deprecated = deprecated(op.docs.deprecated);
    let allow = if args.len() > 6 {
        quote!(#[allow(clippy::too_many_arguments)])
    } else {
        quote!()
    };
    let builder_doc = format!(
        " {} as a request, every argument checked; nothing is sent.",
        code(&op.operation_id)
    );
    let call = quote! {
        #docs
        #deprecated
        #allow
        pub fn #fn_name(&self, #(#args),*) -> #rt::Call<'_, #ret, #error_ty> {
            self.#call(#builder(#(#arg_names),*))
        }
    };
    let build = quote! {
        #[doc = #builder_doc]
        #allow
        fn #builder(#(#args),*) -> Result<#rt::OperationRequest, #rt::ArgumentError> {
            let path = #rt::PathBuilder::new()
                #(#path_steps)*
                .finish();
            #checks
            #query_decl
            #header_decl
            #cookie_decl
            #body
            Ok(#rt::OperationRequest {
                operation_id: #module::OPERATION_ID,
                method: #rt::Method::#method_ident,
                path_template: #module::PATH,
                path,
                query,
                headers,
                accept: #module::ACCEPT,
                api_version: #api_version,
                error_fields: super::super::ERROR_FIELDS,
                body,
            })
        }
    };
    (call, build)
}

/// `checks` (each reporting into `out`) run together; the call fails with every violation.
pub(super) fn all_checked(cx: &Context<'_>, checks: &[TokenStream]) -> Option<TokenStream> {
    let rt = &cx.runtime;
    (!checks.is_empty()).then(|| {
        quote! {
            let mut violations = Vec::new();
            let out = &mut violations;
            #(#checks)*
            #rt::ensure_valid(violations)?;
        }
    })
}

pub(super) fn error_type(cx: &Context<'_>, op: &Operation) -> TokenStream {
    match &op.error_type {
        Some(t) => cx.ty(t, &quote!(models::)),
        None => {
            let serde_json = &cx.serde_json;
            quote!(#serde_json::Value)
        }
    }
}

fn method_docs(op: &Operation, runtime_path: &str) -> TokenStream {
    let mut paragraphs = Vec::new();
    paragraphs.extend(op.summary.as_deref().map(docs::markdown));
    paragraphs.extend(docs::paragraphs(&op.docs));
    let mut line = format!(
        "`{} {}` (operation {}",
        op.method.as_str(),
        op.path,
        code(&op.operation_id)
    );
    if let Some(v) = api_version(&accept(op)) {
        line.push_str(&format!(", API version {}", code(v)));
    }
    line.push_str(").");
    paragraphs.push(line);
    if op.docs.deprecated {
        paragraphs.push("**Deprecated** by the API.".to_owned());
    }
    if let Some(date) = &op.sunset {
        paragraphs.push(format!(
            "Sunset: this operation is planned to be removed on {}.",
            docs::markdown(date)
        ));
    }
    let error = |variant: &str| {
        format!(
            "[`Error::{variant}`]({rt}::Error::{variant})",
            rt = runtime_path
        )
    };
    let mut list = vec![format!(
        "- {}, before anything is sent, when an argument breaks the spec's constraints.",
        error("InvalidArgument")
    )];
    // One line for every status: most are a word ("Not Found"), and a reader scans them.
    let statuses: Vec<String> = op
        .errors
        .iter()
        .map(|e| {
            let description = docs::markdown(&e.description).replace('\n', " ");
            format!("{}: {}", code(&e.status), description.trim_end_matches('.'))
        })
        .collect();
    if !statuses.is_empty() {
        list.push(format!(
            "- {} with status {}.",
            error("Api"),
            statuses.join("; ")
        ));
    }
    let exchange: Vec<String> = ["Transport", "Timeout", "Decode", "ResponseTooLarge", "Auth"]
        .iter()
        .map(|v| error(v))
        .collect();
    list.push(format!(
        "- {} when the exchange itself fails.",
        exchange.join(", ")
    ));
    let errors = ["# Errors".to_owned(), list.join("\n")];
    paragraphs.extend(errors);
    doc_attrs(&paragraphs)
}
