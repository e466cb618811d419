//! String enums -> Rust enums that keep values this client does not know yet.

use super::docs::{self, code, doc_attrs};
use super::{deprecated, ident, Context};
use crate::ir::{StringEnum, TypeDef};
use proc_macro2::TokenStream;
use quote::quote;

pub fn emit_enum(cx: &Context<'_>, def: &TypeDef, e: &StringEnum) -> TokenStream {
    let rt = &cx.runtime;
    let name = ident(&def.name);
    let type_docs = doc_attrs(&docs::paragraphs(&def.docs));
    let deprecated = deprecated(def.docs.deprecated);
    let unknown = ident(&e.unknown_variant);
    let variants = e.variants.iter().enumerate().map(|(i, v)| {
        let doc = format!(" {}", code(&v.value));
        let n = ident(&v.rust_name);
        let default = if e.default == Some(i) {
            quote!(#[default])
        } else {
            quote!()
        };
        quote!(#[doc = #doc] #default #n,)
    });
    let table = e.variants.iter().map(|v| {
        let n = ident(&v.rust_name);
        let value = &v.value;
        quote!(#n = #value,)
    });
    let derive_default = if e.default.is_some() {
        quote!(Default,)
    } else {
        quote!()
    };
    // Equality, hashing and order go by the wire value (in the runtime's `string_enum!`), so
    // `Unknown("X")` equals the known variant for `X`.
    quote! {
        #type_docs
        #deprecated
        #[derive(Debug, Clone, #derive_default)]
        pub enum #name {
            #(#variants)*
            /// A value this client does not know yet, kept as received.
            #unknown(String),
        }

        #rt::string_enum!(#name { #(#table)* } unknown: #unknown);
    }
}
