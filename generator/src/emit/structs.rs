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
        let fname = ident(&f.rust_name);
        let ty = field_type(cx, f);
        let field_deprecated = deprecated(f.docs.deprecated);
        quote! {
            #docs
            #field_deprecated
            pub #fname: #ty,
        }
    });
    let serde_json = &cx.serde_json;
    let additional = match &st.additional {
        Additional::Forbidden => quote!(),
        Additional::Any => quote! {
            /// Properties the schema does not list, kept so a value read from the API is
            /// written back unchanged.
            pub additional_properties: #serde_json::Map<String, #serde_json::Value>,
        },
        Additional::Typed(t) => {
            let t = cx.ty(t, &quote!());
            quote! {
                /// Further properties (`additionalProperties`).
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
    let serde_impls = serde_impls(cx, def, st);
    quote! {
        #type_docs
        #type_deprecated
        #[derive(Debug, Clone, PartialEq, #default)]
        pub struct #name {
            #(#fields)*
            #additional
        }

        #serde_impls

        #constructor
    }
}

/// `Serialize` and `Deserialize` through the runtime's `serde_struct!`: serde's derives for a
/// struct that keeps unknown properties cost several times as much to compile (see
/// `runtime/object.rs`).
fn serde_impls(cx: &Context<'_>, def: &TypeDef, st: &Struct) -> TokenStream {
    let rt = &cx.runtime;
    let name = ident(&def.name);
    let fields = st.fields.iter().map(|f| {
        let n = ident(&f.rust_name);
        let ty = field_type(cx, f);
        let json = &f.json_name;
        let skip = (!f.required && !f.serialize_null).then(|| quote!(skip_none));
        quote!(#n: #ty = #json #skip,)
    });
    let rest = match st.additional {
        Additional::Forbidden => quote!(),
        _ => quote!(rest: additional_properties),
    };
    quote! {
        #rt::serde_struct!(#name { #(#fields)* } #rest);
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
