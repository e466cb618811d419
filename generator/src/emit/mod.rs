//! [`Ir`] -> one token stream per generated file. Never reads the raw spec.

mod bodies;
mod docs;
mod enums;
mod models;
mod operations;
mod pages;
mod structs;
mod traits;
mod unions;

pub(crate) use operations::accept;

use crate::ir::{GroupId, Ir, TypeDef, TypeKind, TypeRef};
use crate::Options;
use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

/// The module tree, sorted by path: `mod.rs`, `models/` (a file per group of models, all
/// re-exported by `models/mod.rs`) and `operations/` (a file per tag, likewise), each file
/// handed to `finish` (e.g. formatting) on the thread that emitted it, on all cores; the order
/// does not depend on scheduling.
///
/// `proc_macro2` tokens cannot move between threads, so each worker emits with a `Context`
/// of its own and finishes its files itself; the IR is shared. Of several errors, the same
/// one is returned on every run (the first in a fixed order of the work, not of the paths).
pub fn emit_with<T, E, F>(ir: &Ir, options: &Options, finish: F) -> Result<Vec<(String, T)>, E>
where
    T: Send,
    E: Send,
    F: Fn(&str, TokenStream) -> Result<T, E> + Sync,
{
    use rayon::prelude::*;
    let validates = traits::validating_types(ir);
    let model_groups = models::groups(ir);
    let units = units(ir, &model_groups);
    let done: Vec<Result<Vec<(String, T)>, E>> = units
        .par_iter()
        .map_init(
            || Context::new(ir, options, &validates),
            |cx, unit| {
                unit.files(cx, &model_groups)
                    .into_iter()
                    .map(|(path, tokens)| {
                        let value = finish(&path, tokens)?;
                        Ok((path, value))
                    })
                    .collect()
            },
        )
        .collect();
    let mut files = Vec::new();
    for unit in done {
        files.extend(unit?);
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(files)
}

/// Files emitted together, from one [`Context`].
enum Unit {
    Root,
    OperationsRoot,
    ModelsRoot,
    /// The models of one group (an index into [`models::groups`]).
    Models(usize),
    Operations(GroupId),
}

/// Every unit of work, the groups with most models first, so that the longest jobs start
/// early and the cores finish together.
fn units(ir: &Ir, model_groups: &[(Option<GroupId>, String)]) -> Vec<Unit> {
    let mut count = vec![0usize; ir.groups.len() + 1];
    for t in &ir.types {
        count[t.group.map_or(ir.groups.len(), |g| g.0)] += 1;
    }
    let mut models: Vec<usize> = (0..model_groups.len()).collect();
    models.sort_by_key(|&i| {
        let group = model_groups[i].0;
        std::cmp::Reverse(count[group.map_or(ir.groups.len(), |g| g.0)])
    });
    let mut units: Vec<Unit> = models.into_iter().map(Unit::Models).collect();
    units.extend((0..ir.groups.len()).map(|i| Unit::Operations(GroupId(i))));
    units.extend([Unit::ModelsRoot, Unit::OperationsRoot, Unit::Root]);
    units
}

impl Unit {
    fn files(
        &self,
        cx: &Context<'_>,
        model_groups: &[(Option<GroupId>, String)],
    ) -> Vec<(String, TokenStream)> {
        match self {
            Unit::Root => vec![("mod.rs".to_owned(), root_module(cx))],
            Unit::OperationsRoot => vec![(
                "operations/mod.rs".to_owned(),
                operations::operations_root(cx),
            )],
            Unit::ModelsRoot => vec![("models/mod.rs".to_owned(), models::root(model_groups))],
            Unit::Models(i) => {
                let (group, module) = &model_groups[*i];
                models::group_files(cx, *group, module)
            }
            Unit::Operations(g) => vec![(
                format!("operations/{}.rs", cx.ir.groups[g.0].module),
                operations::operations_group(cx, *g),
            )],
        }
    }
}

/// What every emitter needs: the IR and how to spell paths.
pub(crate) struct Context<'a> {
    pub ir: &'a Ir,
    pub options: &'a Options,
    pub runtime: TokenStream,
    /// Per type: whether its `validate_at` checks anything (else callers skip it); computed
    /// once and shared by every thread's context.
    validates: &'a [bool],
    /// Paths of the crates generated code names (see [`Options::deps_path`]).
    pub serde: TokenStream,
    pub serde_json: TokenStream,
    pub chrono: TokenStream,
    /// `#[serde(crate = "...")]` for derives when serde is reached through re-exports.
    pub serde_crate: TokenStream,
}

impl<'a> Context<'a> {
    fn new(ir: &'a Ir, options: &'a Options, validates: &'a [bool]) -> Self {
        let runtime: syn::Path = syn::parse_str(&options.runtime_path)
            .unwrap_or_else(|_| syn::parse_quote!(crate::runtime));
        let deps: Option<syn::Path> = options
            .deps_path
            .as_deref()
            .and_then(|p| syn::parse_str(p).ok());
        let dep = |name: &str| {
            let name = ident(name);
            match &deps {
                Some(deps) => quote!(#deps::#name),
                None => quote!(#name),
            }
        };
        // serde's derives name their crate `serde` unless told otherwise, which would make the
        // compiling crate depend on serde itself.
        let serde_crate = match &deps {
            Some(_) => {
                let path = format!(
                    "{}::serde",
                    options.deps_path.as_deref().unwrap_or_default().trim()
                );
                quote!(#[serde(crate = #path)])
            }
            None => quote!(),
        };
        Context {
            ir,
            options,
            runtime: quote!(#runtime),
            validates,
            serde: dep("serde"),
            serde_json: dep("serde_json"),
            chrono: dep("chrono"),
            serde_crate,
        }
    }

    pub fn def(&self, id: crate::ir::TypeId) -> &'a TypeDef {
        &self.ir.types[id.0]
    }

    /// The Rust type of `ty`; `models` is the path prefix of generated types (empty inside
    /// the models module).
    pub fn ty(&self, ty: &TypeRef, models: &TokenStream) -> TokenStream {
        let (chrono, serde_json) = (&self.chrono, &self.serde_json);
        match ty {
            TypeRef::String => quote!(String),
            TypeRef::Bool => quote!(bool),
            TypeRef::I32 => quote!(i32),
            TypeRef::I64 => quote!(i64),
            TypeRef::F32 => quote!(f32),
            TypeRef::F64 => quote!(f64),
            TypeRef::DateTime => quote!(#chrono::DateTime<#chrono::Utc>),
            TypeRef::Date => quote!(#chrono::NaiveDate),
            TypeRef::Json => quote!(#serde_json::Value),
            TypeRef::JsonObject => quote!(#serde_json::Map<String, #serde_json::Value>),
            TypeRef::Named(id) => {
                let name = ident(&self.def(*id).name);
                quote!(#models #name)
            }
            TypeRef::Vec(inner) => {
                let inner = self.ty(inner, models);
                quote!(Vec<#inner>)
            }
            TypeRef::Map(inner) => {
                let inner = self.ty(inner, models);
                quote!(std::collections::BTreeMap<String, #inner>)
            }
            TypeRef::Boxed(inner) => {
                let inner = self.ty(inner, models);
                quote!(Box<#inner>)
            }
        }
    }

    /// Whether validating a value of `ty` can find anything.
    pub fn validates(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Named(id) => self.validates[id.0],
            TypeRef::Vec(t) | TypeRef::Map(t) | TypeRef::Boxed(t) => self.validates(t),
            _ => false,
        }
    }

    /// Whether a value of `ty` may hold a `readOnly` property somewhere inside.
    pub fn may_hold_read_only(&self, ty: &TypeRef) -> bool {
        let mut seen = vec![false; self.ir.types.len()];
        self.read_only_inside(ty, &mut seen)
    }

    fn read_only_inside(&self, ty: &TypeRef, seen: &mut [bool]) -> bool {
        match ty {
            TypeRef::Named(id) => {
                if std::mem::replace(&mut seen[id.0], true) {
                    return false;
                }
                match &self.def(*id).kind {
                    TypeKind::Struct(s) => s
                        .fields
                        .iter()
                        .any(|f| f.read_only || self.read_only_inside(&f.ty, seen)),
                    TypeKind::Tagged(u) => u
                        .variants
                        .iter()
                        .any(|v| self.read_only_inside(&TypeRef::Named(v.payload), seen)),
                    TypeKind::Untagged(u) => u
                        .variants
                        .iter()
                        .any(|v| self.read_only_inside(&v.ty, seen)),
                    TypeKind::Enum(_) => false,
                }
            }
            TypeRef::Vec(t) | TypeRef::Map(t) | TypeRef::Boxed(t) => self.read_only_inside(t, seen),
            _ => false,
        }
    }
}

/// An identifier; names from [`crate::naming`] are valid, keywords already suffixed.
pub(crate) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

pub(crate) fn deprecated(flag: bool) -> TokenStream {
    if flag {
        quote!(#[deprecated])
    } else {
        quote!()
    }
}

fn root_module(cx: &Context<'_>) -> TokenStream {
    let rt = &cx.runtime;
    let rt_path = &cx.options.runtime_path;
    let title = format!(" Models and operations of {}.", cx.ir.title);
    let (base_const, base_doc) = match &cx.ir.default_base_url {
        Some(url) => (
            quote! {
                /// The API's first server in the spec.
                pub const DEFAULT_BASE_URL: &str = #url;
            },
            " A builder for a client of the API at [`DEFAULT_BASE_URL`].",
        ),
        None => (
            quote! {
                /// The spec names no server: set one with `ClientBuilder::base_url`.
                pub const DEFAULT_BASE_URL: &str = "http://localhost";
            },
            " A builder for a client of the API (set its base URL: the spec names no server).",
        ),
    };
    let client_doc = docs::doc_attrs(&[
        "A client of the API: one async method per operation (see [`operations`]).".to_owned(),
        format!("Built by [`Client::builder`]; dereferences to the runtime's [`Client`]({rt_path}::Client) it wraps. Cheap to clone."),
    ]);
    let credentials_doc = format!(
        " How requests authenticate: the runtime's [`Credentials`]({rt_path}::Credentials), with a constructor for each OAuth2 client-credentials scheme of the spec."
    );
    let oauth = cx.ir.oauth_client_credentials.iter().map(|s| {
        let konst = format_ident!("{}_TOKEN_URL", crate::naming::const_name(&s.scheme_name));
        let url = &s.token_url;
        let const_doc = format!(
            " Token URL of the `{}` OAuth2 client-credentials flow.",
            s.scheme_name
        );
        quote! {
            #[doc = #const_doc]
            pub const #konst: &str = #url;
        }
    });
    let oauth_ctors = cx.ir.oauth_client_credentials.iter().map(|s| {
        let konst = format_ident!("{}_TOKEN_URL", crate::naming::const_name(&s.scheme_name));
        let ctor = ident(&crate::naming::snake_name(&s.scheme_name));
        let mut ctor_docs = vec![format!(
            "Credentials for the `{}` security scheme: OAuth2 client credentials against [`{konst}`].",
            s.scheme_name
        )];
        ctor_docs.extend(s.description.as_deref().map(docs::markdown));
        let ctor_docs = docs::doc_attrs(&ctor_docs);
        quote! {
            #ctor_docs
            pub fn #ctor(client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
                Self::oauth2_client_credentials(client_id, client_secret, #konst)
            }
        }
    });
    let code = match cx.options.error_code_property.as_str() {
        "" => quote!(None),
        name => quote!(Some(#name)),
    };
    let messages = &cx.options.error_message_properties;
    quote! {
        #![doc = #title]

        pub mod models;
        pub mod operations;

        #base_const

        /// Where the API's error bodies keep their error code and message (from the generator's
        /// options); the client reads them even from a body that does not match the spec.
        pub const ERROR_FIELDS: #rt::ErrorFields = #rt::ErrorFields {
            code: #code,
            message: &[#(#messages),*],
        };

        #(#oauth)*

        // The generated code owns its client type, so it can add a method per operation
        // whichever crate compiles it (inherent impls on the runtime's types are only
        // possible inside the runtime's crate).
        #client_doc
        #[derive(Clone)]
        pub struct Client {
            inner: #rt::Client,
        }

        impl Client {
            #[doc = #base_doc]
            pub fn builder() -> #rt::ClientBuilder<Client> {
                #rt::ClientBuilder::wrapping(DEFAULT_BASE_URL)
            }
        }

        impl From<#rt::Client> for Client {
            fn from(inner: #rt::Client) -> Self {
                Client { inner }
            }
        }

        // Shown as the runtime's client, which masks every secret.
        impl std::fmt::Debug for Client {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Debug::fmt(&self.inner, f)
            }
        }

        impl std::ops::Deref for Client {
            type Target = #rt::Client;

            fn deref(&self) -> &#rt::Client {
                &self.inner
            }
        }

        #[doc = #credentials_doc]
        #[derive(Clone, Default)]
        pub struct Credentials(#rt::Credentials);

        // Shown as the runtime's credentials, which mask the secret.
        impl std::fmt::Debug for Credentials {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Debug::fmt(&self.0, f)
            }
        }

        impl Credentials {
            /// No authentication.
            pub fn none() -> Self {
                Self(#rt::Credentials::none())
            }

            /// HTTP Digest authentication (RFC 7616), e.g. with API keys.
            pub fn digest(public_key: impl Into<String>, private_key: impl Into<String>) -> Self {
                Self(#rt::Credentials::digest(public_key, private_key))
            }

            /// OAuth 2.0 client credentials against `token_url`, tokens cached and refreshed.
            pub fn oauth2_client_credentials(
                client_id: impl Into<String>,
                client_secret: impl Into<String>,
                token_url: impl Into<String>,
            ) -> Self {
                Self(#rt::Credentials::oauth2_client_credentials(client_id, client_secret, token_url))
            }

            /// A static bearer token.
            pub fn bearer(token: impl Into<String>) -> Self {
                Self(#rt::Credentials::bearer(token))
            }

            #(#oauth_ctors)*
        }

        impl From<#rt::Credentials> for Credentials {
            fn from(credentials: #rt::Credentials) -> Self {
                Self(credentials)
            }
        }

        impl From<Credentials> for #rt::Credentials {
            fn from(credentials: Credentials) -> Self {
                credentials.0
            }
        }
    }
}
