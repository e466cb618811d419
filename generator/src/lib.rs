//! An OpenAPI 3.0 -> Rust client generator.
//!
//! One direction of flow: [`load`] (text -> plain JSON, corrected by any [`overlay`]s, ->
//! `openapiv3` document) -> [`resolve`] (every `$ref`, name, `allOf` merge and union shape
//! decided once, into the owned [`ir`]) -> [`emit`] (tokens, never looking at the raw spec) ->
//! [`format`](mod@format) (prettyplease) -> files.
//!
//! ```no_run
//! let spec = std::fs::read_to_string("spec/atlas-admin-v2.yaml")?;
//! let files = generator::generate(&spec, &generator::Options::new("spec/atlas-admin-v2.yaml"))?;
//! for file in &files.files {
//!     println!("{}: {} bytes", file.path, file.contents.len());
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! From another crate's build script, [`Options::runtime_crate`] points the code at the runtime
//! of `generated-client` and [`bundle()`] makes the files one file for `include!` (see the
//! README's "Generating a client from a build script").

pub mod bundle;
pub mod diagnostics;
pub mod emit;
pub mod format;
pub mod ir;
pub mod load;
pub mod naming;
pub mod overlay;
pub mod resolve;

pub use bundle::bundle;
pub use diagnostics::{Error, Pointer};
pub use overlay::Overlay;

/// Names of the query parameters and response properties of page-based listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaginationConvention {
    pub page_size_param: String,
    pub page_num_param: String,
    pub results_property: String,
    pub total_property: String,
}

impl PaginationConvention {
    /// `itemsPerPage`/`pageNum` in, `results`/`totalCount` out (MongoDB Atlas and others).
    pub fn items_per_page() -> Self {
        PaginationConvention {
            page_size_param: "itemsPerPage".to_owned(),
            page_num_param: "pageNum".to_owned(),
            results_property: "results".to_owned(),
            total_property: "totalCount".to_owned(),
        }
    }
}

/// How to generate; `Options::new(source_name)` gives the defaults.
#[derive(Debug, Clone)]
pub struct Options {
    /// Shown in errors and in each file's "generated from" line (a path relative to the
    /// workspace, so output does not depend on the machine).
    pub source_name: String,
    /// Path of the runtime module from the generated code's point of view.
    pub runtime_path: String,
    /// Page walkers are generated for list operations that follow this convention.
    pub pagination: Option<PaginationConvention>,
    /// Property of the error body that holds an application error code, if any.
    pub error_code_property: String,
    /// Overlay 1.0 documents applied to the spec, in order, before anything else reads it.
    pub overlays: Vec<Overlay>,
    /// Where generated code finds `serde`, `serde_json` and `chrono`: `None` names the crates
    /// (the crate compiling the code depends on them); a module path, e.g.
    /// `generated_client::runtime::deps`, goes through its re-exports, so a crate that
    /// compiles the code from a build script needs only the runtime as a dependency.
    pub deps_path: Option<String>,
}

impl Options {
    pub fn new(source_name: impl Into<String>) -> Self {
        Options {
            source_name: source_name.into(),
            runtime_path: "crate::runtime".to_owned(),
            pagination: Some(PaginationConvention::items_per_page()),
            error_code_property: "errorCode".to_owned(),
            overlays: Vec::new(),
            deps_path: None,
        }
    }

    /// For code compiled outside the runtime's crate, e.g. from a build script: the runtime is
    /// `{krate}::runtime` and `serde`, `serde_json` and `chrono` come from
    /// `{krate}::runtime::deps`, so `krate` is the only dependency the generated code needs.
    pub fn runtime_crate(mut self, krate: &str) -> Self {
        self.runtime_path = format!("{krate}::runtime");
        self.deps_path = Some(format!("{krate}::runtime::deps"));
        self
    }
}

/// One output file, its path relative to the output directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: String,
    pub contents: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFiles {
    pub files: Vec<GeneratedFile>,
}

/// Generates the client's module tree from the text of an OpenAPI 3.0 document (YAML or JSON).
pub fn generate(spec_text: &str, options: &Options) -> Result<GeneratedFiles, Error> {
    let mut document = load::parse_document(spec_text, &options.source_name)?;
    // Passes over the plain document (overlays, OpenAPI 3.1 normalisation, shape checks) go
    // here, before the document is typed.
    overlay::apply_all(&mut document, &options.overlays, &options.source_name)?;
    let spec = load::into_openapi(document, &options.source_name)?;
    let ir = resolve::resolve(&spec, options).map_err(|e| e.into_error(&options.source_name))?;
    let modules = emit::emit(&ir, options);
    let header = format::header(&options.source_name, &options.overlays);
    let files = modules
        .into_iter()
        .map(|(path, tokens)| {
            let contents = format::format_file(&path, tokens, &header)?;
            Ok(GeneratedFile { path, contents })
        })
        .collect::<Result<_, Error>>()?;
    Ok(GeneratedFiles { files })
}

/// Reads the spec at `path` and generates from it.
pub fn generate_from_path(
    path: &std::path::Path,
    options: &Options,
) -> Result<GeneratedFiles, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.display().to_string(),
        source,
    })?;
    generate(&text, options)
}
