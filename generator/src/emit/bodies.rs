//! Request bodies: the argument a method takes for each kind of body, how it is encoded, and
//! the `Body` struct of a multipart operation.

use super::docs::{self, code, doc_attrs, facts};
use super::operations::{all_checked, to_text};
use super::{ident, Context};
use crate::ir::{Body, BodyKind, Operation, Part, PartKind, TypeKind, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// The method argument `body: ...`.
pub(super) fn argument(cx: &Context<'_>, op: &Operation, body: &Body) -> TokenStream {
    let rt = &cx.runtime;
    let module = ident(&op.module_name);
    let (required, optional) = match &body.kind {
        BodyKind::Json(ty) | BodyKind::Form(ty) => {
            let t = cx.ty(ty, &quote!(models::));
            (quote!(&#t), quote!(Option<&#t>))
        }
        BodyKind::Text => (quote!(&str), quote!(Option<&str>)),
        BodyKind::Binary => (quote!(impl Into<#rt::Binary>), quote!(Option<#rt::Binary>)),
        BodyKind::Multipart(_) => (quote!(&#module::Body), quote!(Option<&#module::Body>)),
    };
    if body.required {
        quote!(body: #required)
    } else {
        quote!(body: #optional)
    }
}

/// The content type of a file part that names none: the spec's, when it is one type.
fn file_default(part: &Part) -> &str {
    part.content_type
        .as_deref()
        .filter(|t| !t.contains('*') && !t.contains(','))
        .unwrap_or("application/octet-stream")
}

/// Statements binding `body: Option<RequestBody>`, the argument checked and encoded.
pub(super) fn encode(cx: &Context<'_>, op: &Operation) -> TokenStream {
    let rt = &cx.runtime;
    let Some(body) = &op.body else {
        return quote!(let body = None;);
    };
    let module = ident(&op.module_name);
    let content_type = quote!(#module::CONTENT_TYPE);
    // Statements, then the `RequestBody`; `body` is the argument (unwrapped when optional).
    let (prelude, make) = match &body.kind {
        BodyKind::Json(_) => (
            quote!(#rt::validate_body(body)?;),
            quote!(#rt::json_body(#content_type, body)?),
        ),
        BodyKind::Form(_) => (
            quote!(#rt::validate_body(body)?;),
            quote!(#rt::form_body(#content_type, body)?),
        ),
        BodyKind::Text => (quote!(), quote!(#rt::text_body(#content_type, body))),
        BodyKind::Binary if body.required => (
            quote!(),
            quote!(#rt::binary_body(#content_type, body.into())),
        ),
        BodyKind::Binary => (quote!(), quote!(#rt::binary_body(#content_type, body))),
        BodyKind::Multipart(parts) => (multipart(cx, parts), quote!(form.finish())),
    };
    if body.required {
        quote! {
            #prelude
            let body = Some(#make);
        }
    } else if prelude.is_empty() {
        quote!(let body = body.map(|body| #make);)
    } else {
        quote! {
            let body = match body {
                Some(body) => {
                    #prelude
                    Some(#make)
                }
                None => None,
            };
        }
    }
}

/// Parts checked, then added in the spec's order.
fn multipart(cx: &Context<'_>, parts: &[Part]) -> TokenStream {
    let rt = &cx.runtime;
    let mut checks = Vec::new();
    let mut adds = Vec::new();
    for part in parts {
        let n = ident(&part.rust_name);
        let name = &part.api_name;
        let add = match &part.kind {
            PartKind::File => {
                let default = file_default(part);
                quote!(form.file(#name, value, #default);)
            }
            PartKind::Text(ty) => {
                let text = match ty {
                    TypeRef::String => quote!(value),
                    TypeRef::Named(id) if matches!(cx.def(*id).kind, TypeKind::Enum(_)) => {
                        quote!(value.as_str())
                    }
                    ty => {
                        let text = to_text(cx, ty);
                        quote!(&#text)
                    }
                };
                let content_type = match part.content_type.as_deref() {
                    Some(t) if t != "text/plain" => quote!(Some(#t)),
                    _ => quote!(None),
                };
                quote!(form.text(#name, #content_type, #text);)
            }
            PartKind::Json(_) => {
                let content_type = part.content_type.as_deref().unwrap_or("application/json");
                quote!(form.json(#name, #content_type, value)?;)
            }
        };
        let add = if part.repeated {
            quote!(for value in value.iter() { #add })
        } else {
            add
        };
        adds.push(bind(part, &n, add));
        let checked = match &part.kind {
            PartKind::File => None,
            PartKind::Text(ty) | PartKind::Json(ty) if part.repeated => {
                Some(TypeRef::Vec(Box::new(ty.clone())))
            }
            PartKind::Text(ty) | PartKind::Json(ty) => Some(ty.clone()),
        };
        if let Some(ty) = checked {
            let check = super::traits::value_checks(cx, &ty, &part.constraints);
            if !check.is_empty() {
                checks.push(bind(part, &n, quote!(let at = #name.to_owned(); #check)));
            }
        }
    }
    let checks = all_checked(cx, &checks);
    quote! {
        #checks
        let mut form = #rt::Multipart::new();
        #(#adds)*
    }
}

/// `code` with `value` bound to the part's value, when it is there.
fn bind(part: &Part, n: &proc_macro2::Ident, code: TokenStream) -> TokenStream {
    if part.required {
        quote!({ let value = &body.#n; #code })
    } else {
        quote!(if let Some(value) = &body.#n { #code })
    }
}

/// `pub struct Body` of a multipart operation: one field per part.
pub(super) fn parts_struct(cx: &Context<'_>, op: &Operation) -> Option<TokenStream> {
    let rt = &cx.runtime;
    let BodyKind::Multipart(parts) = &op.body.as_ref()?.kind else {
        return None;
    };
    let fields = parts.iter().map(|p| {
        let n = ident(&p.rust_name);
        let element = match &p.kind {
            PartKind::File => quote!(#rt::FilePart),
            PartKind::Text(ty) | PartKind::Json(ty) => cx.ty(ty, &quote!(super::models::)),
        };
        let value = if p.repeated {
            quote!(Vec<#element>)
        } else {
            element
        };
        let ty = if p.required {
            value
        } else {
            quote!(Option<#value>)
        };
        let docs = part_docs(p);
        quote!(#docs pub #n: #ty,)
    });
    let doc = format!(
        " The `multipart/form-data` body of {}: one part per field.",
        code(&op.operation_id)
    );
    Some(quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        pub struct Body {
            #(#fields)*
        }
    })
}

fn part_docs(p: &Part) -> TokenStream {
    let mut paragraphs = docs::paragraphs(&p.docs);
    let how = match (&p.kind, p.content_type.as_deref()) {
        (PartKind::File, _) => format!(
            "A file; its content type defaults to `{}`.",
            file_default(p)
        ),
        (PartKind::Text(_), Some(t)) => format!("Sent as text, `{t}`."),
        (PartKind::Text(_), None) => "Sent as text.".to_owned(),
        (PartKind::Json(_), t) => format!("Sent as `{}`.", t.unwrap_or("application/json")),
    };
    paragraphs.push(if p.repeated {
        format!("{how} One part per element.")
    } else {
        how
    });
    paragraphs.extend(facts(&p.constraints, None, None));
    doc_attrs(&paragraphs)
}
