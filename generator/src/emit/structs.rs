//! Object schemas -> structs: plain required fields, `Option` for the rest, serde renames,
//! unknown properties kept, a constructor for types that are sent.

use super::docs::{self, doc_attrs, facts};
use super::{deprecated, ident, Context};
use crate::ir::{Additional, Field, Struct, TypeDef};
use proc_macro2::TokenStream;
use quote::quote;

pub fn field_docs(f: &Field) -> TokenStream {
    let mut paragraphs = docs::paragraphs(&f.docs);
    let mut notes = Vec::new();
    if f.read_only {
        notes.push("Read-only: set by the server and never sent.".to_owned());
    }
    if f.write_only {
        notes.push("Write-only: sent, never returned.".to_owned());
    }
    notes.extend(facts(
        &f.constraints,
        f.default.as_ref(),
        f.format.as_deref(),
    ));
    if !notes.is_empty() {
        paragraphs.push(notes.join(" "));
    }
    doc_attrs(&paragraphs)
}

fn serde_attr(f: &Field) -> TokenStream {
    let mut parts = Vec::new();
    if f.rust_name != f.json_name {
        let json = &f.json_name;
        parts.push(quote!(rename = #json));
    }
    if !f.required && !f.serialize_null {
        parts.push(quote!(skip_serializing_if = "Option::is_none"));
    }
    if parts.is_empty() {
        quote!()
    } else {
        quote!(#[serde(#(#parts),*)])
    }
}

pub fn field_type(cx: &Context<'_>, f: &Field) -> TokenStream {
    let ty = cx.ty(&f.ty, &quote!());
    if f.required {
        ty
    } else {
        quote!(Option<#ty>)
    }
}

pub fn emit_struct(cx: &Context<'_>, def: &TypeDef, st: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let type_docs = doc_attrs(&docs::paragraphs(&def.docs));
    let type_deprecated = deprecated(def.docs.deprecated);
    let fields = st.fields.iter().map(|f| {
        let docs = field_docs(f);
        let serde = serde_attr(f);
        let fname = ident(&f.rust_name);
        let ty = field_type(cx, f);
        let field_deprecated = deprecated(f.docs.deprecated);
        quote! {
            #docs
            #field_deprecated
            #serde
            pub #fname: #ty,
        }
    });
    let (serde, serde_json, serde_crate) = (&cx.serde, &cx.serde_json, &cx.serde_crate);
    let additional = match &st.additional {
        Additional::Forbidden => quote!(),
        Additional::Any => quote! {
            /// Properties the schema does not list, kept so a value read from the API is
            /// written back unchanged.
            #[serde(flatten)]
            pub additional_properties: #serde_json::Map<String, #serde_json::Value>,
        },
        Additional::Typed(t) => {
            let t = cx.ty(t, &quote!());
            quote! {
                /// Further properties (`additionalProperties`).
                #[serde(flatten)]
                pub additional_properties: std::collections::BTreeMap<String, #t>,
            }
        }
    };
    let all_optional = st.fields.iter().all(|f| !f.required);
    let default = if all_optional {
        quote!(Default,)
    } else {
        quote!()
    };
    let constructor = constructor(cx, def, st);
    let deserialize = deserialize(cx, def, st);
    quote! {
        #type_docs
        #type_deprecated
        #[derive(Debug, Clone, PartialEq, #default #serde::Serialize)]
        #serde_crate
        pub struct #name {
            #(#fields)*
            #additional
        }

        #deserialize

        #constructor
    }
}

/// `Deserialize` through the runtime's `deserialize_struct!`: serde's derive for a struct that
/// keeps unknown properties costs ten times as much to compile (see `runtime/object.rs`).
fn deserialize(cx: &Context<'_>, def: &TypeDef, st: &Struct) -> TokenStream {
    let rt = &cx.runtime;
    let name = ident(&def.name);
    let fields = st.fields.iter().map(|f| {
        let n = ident(&f.rust_name);
        let json = &f.json_name;
        quote!(#n: #json,)
    });
    let rest = match st.additional {
        Additional::Forbidden => quote!(),
        _ => quote!(rest: additional_properties),
    };
    quote! {
        #rt::deserialize_struct!(#name { #(#fields)* } #rest);
    }
}

/// `new(required fields)` for types that are sent; received types are only read.
fn constructor(cx: &Context<'_>, def: &TypeDef, st: &Struct) -> TokenStream {
    let required: Vec<&Field> = st.fields.iter().filter(|f| f.required).collect();
    if !def.in_request || required.is_empty() {
        return quote!();
    }
    let name = ident(&def.name);
    let args = required.iter().map(|f| {
        let n = ident(&f.rust_name);
        let t = cx.ty(&f.ty, &quote!());
        quote!(#n: #t)
    });
    let inits = st.fields.iter().map(|f| {
        let n = ident(&f.rust_name);
        if f.required {
            quote!(#n)
        } else {
            quote!(#n: None)
        }
    });
    let rest = match st.additional {
        Additional::Forbidden => quote!(),
        _ => quote!(additional_properties: Default::default(),),
    };
    let doc = format!(
        " Creates a `{}` from its required fields; every optional one is empty.",
        def.name
    );
    let allow = if required.len() > 7 {
        quote!(#[allow(clippy::too_many_arguments)])
    } else {
        quote!()
    };
    quote! {
        impl #name {
            #[doc = #doc]
            #allow
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits,)* #rest }
            }
        }
    }
}
