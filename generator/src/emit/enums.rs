//! String enums -> Rust enums that keep values this client does not know yet.

use super::docs::{self, code, doc_attrs};
use super::{deprecated, ident, Context};
use crate::ir::{StringEnum, TypeDef};
use proc_macro2::TokenStream;
use quote::quote;

pub fn emit_enum(cx: &Context<'_>, def: &TypeDef, e: &StringEnum) -> TokenStream {
    let serde = &cx.serde;
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
    let as_str = e.variants.iter().map(|v| {
        let n = ident(&v.rust_name);
        let value = &v.value;
        quote!(Self::#n => #value,)
    });
    let from_str = e.variants.iter().map(|v| {
        let n = ident(&v.rust_name);
        let value = &v.value;
        quote!(#value => Self::#n,)
    });
    let derive_default = if e.default.is_some() {
        quote!(Default,)
    } else {
        quote!()
    };
    quote! {
        #type_docs
        #deprecated
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, #derive_default)]
        pub enum #name {
            #(#variants)*
            /// A value this client does not know yet, kept as received.
            #unknown(String),
        }

        impl #name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str)*
                    Self::#unknown(value) => value,
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => Self::#unknown(other.to_owned()),
                }
            }
        }

        impl std::str::FromStr for #name {
            type Err = std::convert::Infallible;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl #serde::Serialize for #name {
            fn serialize<S: #serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> #serde::Deserialize<'de> for #name {
            fn deserialize<D: #serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <std::borrow::Cow<'de, str> as #serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::from(value.as_ref()))
            }
        }

    }
}
