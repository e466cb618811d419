//! Models -> `models/mod.rs` and one file per group: the types only one tag's operations use
//! beside each other, the rest in `shared.rs`; `models/mod.rs` re-exports them all, so a
//! type's public path is `models::Name` wherever it is filed.

use super::docs::{self, code};
use super::{enums, ident, structs, traits, unions, Context};
use crate::ir::{GroupId, Ir, TypeDef, TypeKind, TypeRef, SHARED_MODULE};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeMap;

/// Above this much token text (about 4,500 formatted lines) a group's models are split into
/// files by the first letters of their names, like the sections of an index, so no file is
/// too long to review; a type's file changes only when it is renamed or changes group.
const SPLIT_ABOVE: usize = 170_000;

/// The groups that have models, in file order: each tag's module, then `shared`.
pub fn groups(ir: &Ir) -> Vec<(Option<GroupId>, String)> {
    let mut groups: Vec<(Option<GroupId>, String)> = ir
        .groups
        .iter()
        .enumerate()
        .map(|(i, g)| (Some(GroupId(i)), g.module.clone()))
        .collect();
    groups.push((None, SHARED_MODULE.to_owned()));
    let mut used = vec![false; groups.len()];
    for t in &ir.types {
        used[t.group.map_or(groups.len() - 1, |g| g.0)] = true;
    }
    groups
        .into_iter()
        .zip(used)
        .filter_map(|(g, used)| used.then_some(g))
        .collect()
}

/// `models/mod.rs`, re-exporting the module of every group of [`groups`].
pub fn root(groups: &[(Option<GroupId>, String)]) -> TokenStream {
    let modules: Vec<_> = groups.iter().map(|(_, m)| ident(m)).collect();
    quote! {
        //! Schemas of the spec as Rust types, filed by the tag of the operations that use
        //! them (`shared` when several do) and all re-exported here.
        // Deprecated schemas still refer to each other; users get the warning, not this module.
        #![allow(deprecated)]
        // A union's payloads differ in size by nature; boxing them would cost every user.
        #![allow(clippy::large_enum_variant)]

        #(mod #modules;)*
        #(pub use #modules::*;)*
    }
}

/// The file of one group's models, or the files of its directory when it is split.
pub fn group_files(
    cx: &Context<'_>,
    group: Option<GroupId>,
    module: &str,
) -> Vec<(String, TokenStream)> {
    let mut files = Vec::new();
    let defs: Vec<&TypeDef> = cx.ir.types.iter().filter(|t| t.group == group).collect();
    let items: Vec<TokenStream> = defs.iter().map(|def| item(cx, def)).collect();
    let doc = docs::inner_doc_attrs(&[group_doc(cx, group)]);
    let sizes: Vec<usize> = items.iter().map(text_len).collect();
    let size: usize = sizes.iter().sum();
    if size <= SPLIT_ABOVE {
        let outside = defs
            .iter()
            .any(|d| refers_outside(cx, d, &|t| t.group == group));
        let import = outside.then(|| {
            quote!(
                use super::*;
            )
        });
        files.push((
            format!("models/{module}.rs"),
            quote!(#doc #import #(#items)*),
        ));
        return files;
    }
    let names: Vec<&str> = defs.iter().map(|d| d.name.as_str()).collect();
    let mut parts: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    split(&names, &sizes, (0..defs.len()).collect(), 1, &mut parts);
    let names = &names;
    let part_of: BTreeMap<&str, &str> = parts
        .iter()
        .flat_map(|(p, members)| members.iter().map(move |&i| (names[i], p.as_str())))
        .collect();
    for (part, members) in &parts {
        let inside = |t: &TypeDef| part_of.get(t.name.as_str()) == Some(&part.as_str());
        let outside = members
            .iter()
            .any(|&i| refers_outside(cx, defs[i], &inside));
        let import = outside.then(|| {
            quote!(
                use super::super::*;
            )
        });
        let doc = format!(
            "The models of `{module}` whose names start with {}.",
            code(&part_prefix(names, members))
        );
        let doc = docs::inner_doc_attrs(&[doc]);
        let items = members.iter().map(|&i| &items[i]);
        files.push((
            format!("models/{module}/{part}.rs"),
            quote!(#doc #import #(#items)*),
        ));
    }
    let parts: Vec<_> = parts.keys().map(|p| ident(p)).collect();
    files.push((
        format!("models/{module}/mod.rs"),
        quote! {
            #doc
            #(mod #parts;)*
            #(pub use #parts::*;)*
        },
    ));
    files
}

/// The length of `tokens` as text, without building the text.
fn text_len(tokens: &TokenStream) -> usize {
    struct Count(usize);
    impl std::fmt::Write for Count {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            self.0 += s.len();
            Ok(())
        }
    }
    let mut count = Count(0);
    std::fmt::write(&mut count, format_args!("{tokens}")).expect("counting cannot fail");
    count.0
}

/// Files `members` by the first `len` letters of their names, longer prefixes where one
/// prefix alone would still be over budget.
fn split(
    names: &[&str],
    sizes: &[usize],
    members: Vec<usize>,
    len: usize,
    parts: &mut BTreeMap<String, Vec<usize>>,
) {
    let mut by_prefix: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for i in members {
        by_prefix.entry(prefix(names[i], len)).or_default().push(i);
    }
    for (p, members) in by_prefix {
        let size: usize = members.iter().map(|&i| sizes[i]).sum();
        let longer = members.iter().any(|&i| prefix(names[i], len + 1) != p);
        if size > SPLIT_ABOVE && longer {
            split(names, sizes, members, len + 1, parts);
        } else {
            parts.insert(crate::naming::snake_name(&p), members);
        }
    }
}

/// The longest prefix the names of a part share, at a word boundary or one letter.
fn part_prefix(names: &[&str], members: &[usize]) -> String {
    let first = names[members[0]];
    let mut best = prefix(first, 1);
    for level in 2.. {
        let p = prefix(first, level);
        if p == best || !members.iter().all(|&i| names[i].starts_with(p.as_str())) {
            return best;
        }
        best = p;
    }
    best
}

/// Level 1 is the first letter, level `n` the first `n - 1` words of the CamelCase name.
fn prefix(name: &str, level: usize) -> String {
    if level <= 1 {
        return name.chars().take(1).collect();
    }
    let mut words = 0;
    let end = name
        .char_indices()
        .find(|&(i, c)| {
            if i > 0 && c.is_ascii_uppercase() {
                words += 1;
            }
            words == level - 1
        })
        .map_or(name.len(), |(i, _)| i);
    name[..end].to_owned()
}

fn group_doc(cx: &Context<'_>, group: Option<GroupId>) -> String {
    match group {
        Some(g) => match &cx.ir.groups[g.0].tag {
            Some(tag) => format!("Models only the operations tagged {} use.", code(tag)),
            None => "Models only the operations without a tag use.".to_owned(),
        },
        None => "Models that operations of several tags use, or none.".to_owned(),
    }
}

fn item(cx: &Context<'_>, def: &TypeDef) -> TokenStream {
    let body = match &def.kind {
        TypeKind::Struct(s) => structs::emit_struct(cx, def, s),
        TypeKind::Enum(e) => enums::emit_enum(cx, def, e),
        TypeKind::Tagged(u) => unions::emit_tagged(cx, def, u),
        TypeKind::Untagged(u) => unions::emit_untagged(cx, def, u),
    };
    let traits = traits::emit_traits(cx, def);
    quote!(#body #traits)
}

/// Whether `def` names a type filed in another group (and so needs the re-exports in scope).
fn refers_outside(cx: &Context<'_>, def: &TypeDef, inside: &dyn Fn(&TypeDef) -> bool) -> bool {
    let outside = |ty: &TypeRef| names_outside(cx, ty, inside);
    match &def.kind {
        TypeKind::Struct(s) => {
            s.fields.iter().any(|f| outside(&f.ty))
                || matches!(&s.additional, crate::ir::Additional::Typed(t) if outside(t))
        }
        TypeKind::Tagged(u) => u.variants.iter().any(|v| !inside(cx.def(v.payload))),
        TypeKind::Untagged(u) => u.variants.iter().any(|v| outside(&v.ty)),
        TypeKind::Enum(_) => false,
    }
}

fn names_outside(cx: &Context<'_>, ty: &TypeRef, inside: &dyn Fn(&TypeDef) -> bool) -> bool {
    match ty {
        TypeRef::Named(id) => !inside(cx.def(*id)),
        TypeRef::Vec(t) | TypeRef::Map(t) | TypeRef::Boxed(t) => names_outside(cx, t, inside),
        _ => false,
    }
}
