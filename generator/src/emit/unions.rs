//! Unions: `discriminator` -> an internally tagged enum whose unknown tags are kept as raw
//! JSON; `oneOf`/`anyOf` without one -> an untagged enum tried in spec order.

use super::docs::{self, code, doc_attrs};
use super::{deprecated, ident, Context};
use crate::ir::{TaggedUnion, TypeDef, UntaggedUnion};
use proc_macro2::TokenStream;
use quote::quote;

pub fn emit_tagged(cx: &Context<'_>, def: &TypeDef, u: &TaggedUnion) -> TokenStream {
    let rt = &cx.runtime;
    let name = ident(&def.name);
    let mut paragraphs = docs::paragraphs(&def.docs);
    paragraphs.push(format!(
        "Tagged by the {} property; a tag this client does not know decodes to `{}` and is written back unchanged.",
        code(&u.tag),
        u.unknown_variant
    ));
    let type_docs = doc_attrs(&paragraphs);
    let deprecated = deprecated(def.docs.deprecated);
    let unknown = ident(&u.unknown_variant);
    let tag = &u.tag;
    let variants = u.variants.iter().map(|v| {
        let n = ident(&v.rust_name);
        let payload = ident(&cx.def(v.payload).name);
        let doc = format!(" {}: {}.", code(tag), code(&v.tag_value));
        quote!(#[doc = #doc] #n(#payload),)
    });
    let (serde, serde_json) = (&cx.serde, &cx.serde_json);
    let ser = u.variants.iter().map(|v| {
        let n = ident(&v.rust_name);
        quote!(Self::#n(payload) => #serde_json::to_value(payload),)
    });
    let de = u.variants.iter().map(|v| {
        let n = ident(&v.rust_name);
        let value = &v.tag_value;
        quote!(Some(#value) => tagged.payload().map(Self::#n),)
    });
    let tags = u.variants.iter().map(|v| {
        let n = ident(&v.rust_name);
        let value = &v.tag_value;
        quote!(Self::#n(_) => Some(#value),)
    });
    let tag_doc = format!(" The {} tag of this value.", code(tag));
    quote! {
        #type_docs
        #deprecated
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
            /// A tag this client does not know yet: the whole object, kept as received.
            #unknown(#serde_json::Value),
        }

        impl #name {
            #[doc = #tag_doc]
            pub fn tag(&self) -> Option<&str> {
                match self {
                    #(#tags)*
                    Self::#unknown(value) => value.get(#tag).and_then(#serde_json::Value::as_str),
                }
            }
        }

        impl #serde::Serialize for #name {
            fn serialize<S: #serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let payload = match self {
                    #(#ser)*
                    Self::#unknown(value) => return #serde::Serialize::serialize(value, serializer),
                };
                #rt::serialize_tagged(serializer, #tag, self.tag(), payload)
            }
        }

        impl<'de> #serde::Deserialize<'de> for #name {
            fn deserialize<D: #serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let tagged = #rt::Tagged::deserialize(deserializer, #tag)?;
                let tag = tagged.tag().map(str::to_owned);
                match tag.as_deref() {
                    #(#de)*
                    _ => Ok(Self::#unknown(tagged.into_value())),
                }
            }
        }
    }
}

pub fn emit_untagged(cx: &Context<'_>, def: &TypeDef, u: &UntaggedUnion) -> TokenStream {
    let name = ident(&def.name);
    let mut paragraphs = docs::paragraphs(&def.docs);
    let order: Vec<String> = u
        .variants
        .iter()
        .map(|v| format!("`{}`", v.rust_name))
        .collect();
    paragraphs.push(format!(
        "Untagged: decoding tries the variants in the spec's order ({}) and takes the first that fits.",
        order.join(", ")
    ));
    let type_docs = doc_attrs(&paragraphs);
    let deprecated = deprecated(def.docs.deprecated);
    let (serde, serde_crate) = (&cx.serde, &cx.serde_crate);
    let variants = u.variants.iter().map(|v| {
        let n = ident(&v.rust_name);
        let t = cx.ty(&v.ty, &quote!());
        quote!(#n(#t),)
    });
    quote! {
        #type_docs
        #deprecated
        #[derive(Debug, Clone, PartialEq, #serde::Serialize, #serde::Deserialize)]
        #serde_crate
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
        }
    }
}
