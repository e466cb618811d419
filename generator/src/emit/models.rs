//! Models -> `models/mod.rs` and one file per group: the types only one tag's operations use
//! beside each other, the rest in `shared.rs`; `models/mod.rs` re-exports them all, so a
//! type's public path is `models::Name` wherever it is filed.

use super::docs::{self, code};
use super::{enums, ident, structs, traits, unions, Context};
use crate::ir::{GroupId, TypeDef, TypeKind, TypeRef, SHARED_MODULE};
use proc_macro2::TokenStream;
use quote::quote;

pub fn files(cx: &Context<'_>) -> Vec<(String, TokenStream)> {
    let mut groups: Vec<(Option<GroupId>, String)> = cx
        .ir
        .groups
        .iter()
        .enumerate()
        .map(|(i, g)| (Some(GroupId(i)), g.module.clone()))
        .collect();
    groups.push((None, SHARED_MODULE.to_owned()));
    groups.retain(|(g, _)| cx.ir.types.iter().any(|t| t.group == *g));
    let mut files: Vec<_> = groups
        .iter()
        .map(|(g, module)| (format!("models/{module}.rs"), group_file(cx, *g)))
        .collect();
    let modules: Vec<_> = groups.iter().map(|(_, m)| ident(m)).collect();
    files.push((
        "models/mod.rs".to_owned(),
        quote! {
            //! Schemas of the spec as Rust types, filed by the tag of the operations that use
            //! them (`shared` when several do) and all re-exported here.
            // Deprecated schemas still refer to each other; users get the warning, not this module.
            #![allow(deprecated)]
            // A union's payloads differ in size by nature; boxing them would cost every user.
            #![allow(clippy::large_enum_variant)]

            #(mod #modules;)*
            #(pub use #modules::*;)*
        },
    ));
    files
}

fn group_file(cx: &Context<'_>, group: Option<GroupId>) -> TokenStream {
    let defs: Vec<&TypeDef> = cx.ir.types.iter().filter(|t| t.group == group).collect();
    let doc = match group {
        Some(g) => match &cx.ir.groups[g.0].tag {
            Some(tag) => format!("Models only the operations tagged {} use.", code(tag)),
            None => "Models only the operations without a tag use.".to_owned(),
        },
        None => "Models that operations of several tags use, or none.".to_owned(),
    };
    let doc = docs::inner_doc_attrs(&[doc]);
    let import = defs.iter().any(|d| refers_outside(cx, d, group)).then(|| {
        quote!(
            use super::*;
        )
    });
    let items = defs.iter().map(|def| {
        let body = match &def.kind {
            TypeKind::Struct(s) => structs::emit_struct(cx, def, s),
            TypeKind::Enum(e) => enums::emit_enum(def, e),
            TypeKind::Tagged(u) => unions::emit_tagged(cx, def, u),
            TypeKind::Untagged(u) => unions::emit_untagged(cx, def, u),
        };
        let traits = traits::emit_traits(cx, def);
        quote!(#body #traits)
    });
    quote! {
        #doc

        #import

        #(#items)*
    }
}

/// Whether `def` names a type filed in another group (and so needs the re-exports in scope).
fn refers_outside(cx: &Context<'_>, def: &TypeDef, group: Option<GroupId>) -> bool {
    let outside = |ty: &TypeRef| names_outside(cx, ty, group);
    match &def.kind {
        TypeKind::Struct(s) => {
            s.fields.iter().any(|f| outside(&f.ty))
                || matches!(&s.additional, crate::ir::Additional::Typed(t) if outside(t))
        }
        TypeKind::Tagged(u) => u.variants.iter().any(|v| cx.def(v.payload).group != group),
        TypeKind::Untagged(u) => u.variants.iter().any(|v| outside(&v.ty)),
        TypeKind::Enum(_) => false,
    }
}

fn names_outside(cx: &Context<'_>, ty: &TypeRef, group: Option<GroupId>) -> bool {
    match ty {
        TypeRef::Named(id) => cx.def(*id).group != group,
        TypeRef::Vec(t) | TypeRef::Map(t) | TypeRef::Boxed(t) => names_outside(cx, t, group),
        _ => false,
    }
}
