//! A module tree of files -> one file that a single `include!` brings in, for build scripts
//! that generate into `OUT_DIR`.
//!
//! Works on any tree, whatever its shape: starting at the root `mod.rs`, every `mod x;` is
//! replaced by `mod x { ... }` holding the file Rust would load for it (`x.rs` or `x/mod.rs`
//! beside a `mod.rs`, `name/x.rs` or `name/x/mod.rs` beside a `name.rs`), recursively. An
//! inlined file keeps its inner attributes and `//!` docs inside its braces. `include!` accepts
//! no inner attributes at its top level, so the root's `//!` docs are dropped (the including
//! module documents itself) and its other inner attributes are put on each of its items.

use crate::diagnostics::Error;
use crate::GeneratedFiles;
use std::collections::BTreeMap;
use syn::ext::IdentExt;
use syn::{AttrStyle, Attribute, Item};

/// The file of the module tree `bundle` starts from.
pub const ROOT: &str = "mod.rs";

/// `files` as the text of one file without inner attributes at its top level.
pub fn bundle(files: &GeneratedFiles) -> Result<String, Error> {
    // Only Rust files are modules; `API.txt` and any other companion file stay out.
    let texts: BTreeMap<&str, &str> = files
        .files
        .iter()
        .filter(|f| f.path.ends_with(".rs"))
        .map(|f| (f.path.as_str(), f.contents.as_str()))
        .collect();
    let mut used = Vec::new();
    let mut root = load(&texts, ROOT, &mut used)?;
    if let Some(unused) = texts.keys().find(|path| !used.iter().any(|u| u == **path)) {
        return Err(error(
            unused,
            "no `mod` item of the tree leads to this file",
        ));
    }
    let (inner, outer): (Vec<Attribute>, Vec<Attribute>) = std::mem::take(&mut root.attrs)
        .into_iter()
        .partition(|a| matches!(a.style, AttrStyle::Inner(_)));
    let lifted: Vec<Attribute> = inner
        .into_iter()
        .filter(|a| !a.path().is_ident("doc"))
        .map(|mut a| {
            a.style = AttrStyle::Outer;
            a
        })
        .collect();
    root.attrs = outer;
    for item in &mut root.items {
        if let Some(attrs) = item_attrs(item) {
            attrs.splice(0..0, lifted.iter().cloned());
        }
    }
    // The root's leading comment (what generated it, "do not edit") heads the bundle.
    let header: String = texts[ROOT]
        .lines()
        .take_while(|l| l.starts_with("//") && !l.starts_with("//!") && !l.starts_with("///"))
        .map(|l| format!("{l}\n"))
        .collect();
    let separator = if header.is_empty() { "" } else { "\n" };
    Ok(format!(
        "{header}{separator}{}",
        crate::format::unparse(&root)
    ))
}

/// Parses `path` and inlines the files of its `mod x;` items.
fn load(
    texts: &BTreeMap<&str, &str>,
    path: &str,
    used: &mut Vec<String>,
) -> Result<syn::File, Error> {
    let text = texts
        .get(path)
        .ok_or_else(|| error(path, "the module tree has no such file"))?;
    used.push(path.to_owned());
    let mut file = syn::parse_file(text).map_err(|e| error(path, &e.to_string()))?;
    let children_dir = match path.strip_suffix("mod.rs") {
        Some(dir) => dir.to_owned(),
        None => format!("{}/", path.trim_end_matches(".rs")),
    };
    inline_modules(texts, path, &mut file.items, &children_dir, used)?;
    Ok(file)
}

/// Fills in every `mod x;` among `items` (and inside their inline modules), whose files are in
/// `dir`; `path` is the file the items come from.
fn inline_modules(
    texts: &BTreeMap<&str, &str>,
    path: &str,
    items: &mut [Item],
    dir: &str,
    used: &mut Vec<String>,
) -> Result<(), Error> {
    for item in items {
        let Item::Mod(module) = item else { continue };
        let name = module.ident.unraw().to_string();
        if let Some((_, inner)) = &mut module.content {
            inline_modules(texts, path, inner, &format!("{dir}{name}/"), used)?;
            continue;
        }
        if module.attrs.iter().any(|a| a.path().is_ident("path")) {
            return Err(error(path, "`#[path]` on a `mod` item is not supported"));
        }
        let as_file = format!("{dir}{name}.rs");
        let as_dir = format!("{dir}{name}/mod.rs");
        let child_path = if texts.contains_key(as_file.as_str()) {
            as_file
        } else {
            as_dir
        };
        let child = load(texts, &child_path, used)?;
        module.attrs.extend(child.attrs);
        module.content = Some((Default::default(), child.items));
        module.semi = None;
    }
    Ok(())
}

fn error(file: &str, message: &str) -> Error {
    Error::Bundle {
        file: file.to_owned(),
        message: message.to_owned(),
    }
}

fn item_attrs(item: &mut Item) -> Option<&mut Vec<Attribute>> {
    Some(match item {
        Item::Const(i) => &mut i.attrs,
        Item::Enum(i) => &mut i.attrs,
        Item::ExternCrate(i) => &mut i.attrs,
        Item::Fn(i) => &mut i.attrs,
        Item::ForeignMod(i) => &mut i.attrs,
        Item::Impl(i) => &mut i.attrs,
        Item::Macro(i) => &mut i.attrs,
        Item::Mod(i) => &mut i.attrs,
        Item::Static(i) => &mut i.attrs,
        Item::Struct(i) => &mut i.attrs,
        Item::Trait(i) => &mut i.attrs,
        Item::TraitAlias(i) => &mut i.attrs,
        Item::Type(i) => &mut i.attrs,
        Item::Union(i) => &mut i.attrs,
        Item::Use(i) => &mut i.attrs,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::GeneratedFile;

    fn files(list: &[(&str, &str)]) -> GeneratedFiles {
        GeneratedFiles {
            files: list
                .iter()
                .map(|(path, contents)| GeneratedFile {
                    path: (*path).to_owned(),
                    contents: (*contents).to_owned(),
                })
                .collect(),
            warnings: Vec::new(),
        }
    }

    fn parse(text: &str) -> syn::File {
        syn::parse_file(text).expect("a bundle is one Rust file")
    }

    #[test]
    fn inlines_every_module_file_of_any_shape() {
        let bundled = bundle(&files(&[
            ("mod.rs", "// header\n\n//! Root docs.\n#![allow(deprecated)]\npub mod a;\npub mod r#b;\npub struct Top;\n"),
            ("a.rs", "//! A's docs.\n#![allow(clippy::large_enum_variant)]\npub mod nested;\npub struct InA;\n"),
            ("a/nested.rs", "pub struct Deep;\n"),
            ("b/mod.rs", "pub mod c;\npub mod d { pub mod e; }\npub fn in_b() {}\n"),
            ("b/c.rs", "pub const C: u8 = 1;\n"),
            ("b/d/e.rs", "pub const E: u8 = 2;\n"),
        ]))
        .unwrap();
        let expected = parse(
            r#"
            #[allow(deprecated)]
            pub mod a {
                //! A's docs.
                #![allow(clippy::large_enum_variant)]
                pub mod nested {
                    pub struct Deep;
                }
                pub struct InA;
            }
            #[allow(deprecated)]
            pub mod r#b {
                pub mod c {
                    pub const C: u8 = 1;
                }
                pub mod d {
                    pub mod e {
                        pub const E: u8 = 2;
                    }
                }
                pub fn in_b() {}
            }
            #[allow(deprecated)]
            pub struct Top;
            "#,
        );
        let tokens = |file: &syn::File| quote::quote!(#file).to_string();
        assert_eq!(tokens(&parse(&bundled)), tokens(&expected), "{bundled}");
        assert!(bundled.starts_with("// header\n"), "{bundled}");
        assert!(!bundled.contains("Root docs"), "{bundled}");
    }

    #[test]
    fn a_missing_or_unreached_file_is_an_error_naming_it() {
        let missing = bundle(&files(&[("mod.rs", "pub mod gone;\n")])).unwrap_err();
        assert!(missing.to_string().contains("gone/mod.rs"), "{missing}");
        let stray = bundle(&files(&[("mod.rs", "pub struct A;\n"), ("stray.rs", "")])).unwrap_err();
        assert!(stray.to_string().contains("stray.rs"), "{stray}");
        let no_root = bundle(&files(&[("lib.rs", "")])).unwrap_err();
        assert!(no_root.to_string().contains("mod.rs"), "{no_root}");
    }

    #[test]
    fn path_attributes_are_refused() {
        let err = bundle(&files(&[
            ("mod.rs", "#[path = \"x.rs\"]\nmod y;\n"),
            ("x.rs", ""),
        ]))
        .unwrap_err();
        assert!(err.to_string().contains("#[path]"), "{err}");
    }
}
