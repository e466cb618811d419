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
/// too long to review. Neighbouring sections are then packed into files of about even size
/// up to the same budget, so a split makes a few files of readable size, not one per prefix.
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
    let mut sections = Vec::new();
    split(&names, &sizes, (0..defs.len()).collect(), 1, &mut sections);
    let parts = pack(sections, &sizes);
    let names = &names;
    let part_of: BTreeMap<&str, &str> = parts
        .iter()
        .flat_map(|(p, (_, _, members))| members.iter().map(move |&i| (names[i], p.as_str())))
        .collect();
    for (part, (first, last, members)) in &parts {
        let inside = |t: &TypeDef| part_of.get(t.name.as_str()) == Some(&part.as_str());
        let outside = members
            .iter()
            .any(|&i| refers_outside(cx, defs[i], &inside));
        let import = outside.then(|| {
            quote!(
                use super::super::*;
            )
        });
        let doc = if first == last {
            format!(
                "The models of `{module}` whose names start with {}.",
                code(&part_prefix(names, members))
            )
        } else {
            format!(
                "The models of `{module}` whose names start with {} to {}.",
                code(first),
                code(last)
            )
        };
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
/// prefix alone would still be over budget: the sections of an index, as (prefix, members).
fn split(
    names: &[&str],
    sizes: &[usize],
    members: Vec<usize>,
    len: usize,
    sections: &mut Vec<(String, Vec<usize>)>,
) {
    let mut by_prefix: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for i in members {
        by_prefix.entry(prefix(names[i], len)).or_default().push(i);
    }
    for (p, members) in by_prefix {
        let size: usize = members.iter().map(|&i| sizes[i]).sum();
        let longer = members.iter().any(|&i| prefix(names[i], len + 1) != p);
        if size > SPLIT_ABOVE && longer {
            split(names, sizes, members, len + 1, sections);
        } else {
            sections.push((p, members));
        }
    }
}

/// Packs neighbouring sections (in index order, numbers by value: `Variant2` before
/// `Variant10`) into as few files as the budget allows, of about even size ([`balanced`]).
/// Each file is named by its section, or by its first and last sections (`a_to_c`, words the
/// last shares with the first left out: `event_type_variant0_to_variant12`); the value is
/// (first prefix, last prefix, members).
fn pack(
    mut sections: Vec<(String, Vec<usize>)>,
    sizes: &[usize],
) -> BTreeMap<String, (String, String, Vec<usize>)> {
    sections.sort_by_cached_key(|(p, _)| natural(p));
    let section_sizes: Vec<usize> = sections
        .iter()
        .map(|(_, m)| m.iter().map(|&i| sizes[i]).sum())
        .collect();
    let mut ends = balanced(&section_sizes).into_iter();
    let mut chunks: Vec<Vec<(String, Vec<usize>)>> = Vec::new();
    let mut end = ends.next();
    for (i, section) in sections.into_iter().enumerate() {
        if chunks.is_empty() || Some(i) == end {
            if !chunks.is_empty() {
                end = ends.next();
            }
            chunks.push(Vec::new());
        }
        chunks.last_mut().expect("pushed").push(section);
    }
    let mut parts = BTreeMap::new();
    for chunk in chunks {
        let first = chunk[0].0.clone();
        let last = chunk[chunk.len() - 1].0.clone();
        let name = if first == last {
            crate::naming::snake_name(&first)
        } else {
            let shared = shared_words(&first, &last);
            format!(
                "{}_to_{}",
                crate::naming::snake_name(&first),
                crate::naming::snake_name(&last[shared..])
            )
        };
        let members = chunk.into_iter().flat_map(|(_, m)| m).collect();
        // Prefixes that differ only in case would give one name twice.
        let mut unique = name.clone();
        for n in 2.. {
            if !parts.contains_key(&unique) {
                break;
            }
            unique = format!("{name}_{n}");
        }
        parts.insert(unique, (first, last, members));
    }
    parts
}

/// Where the chunks of `sizes` start (after the first): the fewest chunks of consecutive
/// items none over budget (except an item over budget alone), the largest as small as can be.
fn balanced(sizes: &[usize]) -> Vec<usize> {
    let n = sizes.len();
    let mut sum = vec![0; n + 1];
    for (i, s) in sizes.iter().enumerate() {
        sum[i + 1] = sum[i] + s;
    }
    let largest = sizes.iter().copied().max().unwrap_or(0);
    let budget = SPLIT_ABOVE.max(largest);
    // Fewer chunks than this cannot keep each within the budget.
    for k in sum[n].div_ceil(budget).max(1)..=n {
        // best[j][i]: the smallest largest chunk of the first `i` items in `j` chunks.
        let mut best = vec![vec![usize::MAX; n + 1]; k + 1];
        let mut from = vec![vec![0; n + 1]; k + 1];
        best[0][0] = 0;
        for j in 1..=k {
            for i in j..=n {
                for p in (j - 1)..i {
                    if best[j - 1][p] == usize::MAX {
                        continue;
                    }
                    let largest = best[j - 1][p].max(sum[i] - sum[p]);
                    if largest < best[j][i] {
                        best[j][i] = largest;
                        from[j][i] = p;
                    }
                }
            }
        }
        if best[k][n] <= budget {
            let mut starts = Vec::new();
            let mut i = n;
            for j in (1..=k).rev() {
                i = from[j][i];
                starts.push(i);
            }
            starts.pop();
            starts.reverse();
            return starts;
        }
    }
    (1..n).collect()
}

/// Byte length of the whole CamelCase words `b` begins with that `a` begins with too (never
/// all of `b`).
fn shared_words(a: &str, b: &str) -> usize {
    let mut shared = 0;
    for (i, c) in b.char_indices().skip(1) {
        if !a.starts_with(&b[..i]) {
            break;
        }
        if c.is_ascii_uppercase()
            && (a.len() == i || a[i..].starts_with(|c: char| c.is_ascii_uppercase()))
        {
            shared = i;
        }
    }
    shared
}

/// A sort key comparing runs of digits by value.
fn natural(text: &str) -> Vec<(String, Option<u64>)> {
    let mut key = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(rest.len());
        let end = rest[digits..]
            .find(|c: char| !c.is_ascii_digit())
            .map_or(rest.len(), |e| digits + e);
        let number = rest[digits..end].parse().ok();
        key.push((rest[..digits].to_owned(), number));
        rest = &rest[end..];
    }
    key
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neighbouring_sections_share_files_of_even_size() {
        let budget = SPLIT_ABOVE;
        // Eight small sections fit in one file; ones over budget stand alone.
        assert_eq!(balanced(&[budget / 10; 8]), Vec::<usize>::new());
        assert_eq!(balanced(&[budget / 2; 4]), vec![2]);
        assert_eq!(balanced(&[budget * 2, 10, 10]), vec![1]);
        // Three files of at most nine tenths, not two full ones and a small last one.
        let sizes = [budget * 3 / 10; 8];
        let starts = balanced(&sizes);
        assert_eq!(starts.len(), 2, "{starts:?}");
    }

    #[test]
    fn files_are_named_by_their_first_and_last_sections() {
        let names = ["Apple", "Banana", "Cherry", "Variant2", "Variant10"];
        let sizes = [SPLIT_ABOVE / 2; 5];
        let sections = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.to_string(), vec![i]))
            .collect();
        let parts = pack(sections, &sizes);
        let files: Vec<(&str, &[usize])> = parts
            .iter()
            .map(|(k, v)| (k.as_str(), v.2.as_slice()))
            .collect();
        assert_eq!(
            files,
            [
                ("apple", &[0][..]),
                ("banana_to_cherry", &[1, 2][..]),
                ("variant2_to_variant10", &[3, 4][..])
            ]
        );
        assert_eq!(shared_words("EventTypeDetails", "EventTypeForNds"), 9);
        assert_eq!(shared_words("EventGroup", "EventGroupVariant1"), 10);
        assert_eq!(shared_words("Variant0", "Variant12"), 0);
    }
}
