//! An OpenAPI 3.0 and 3.1 -> Rust client generator.
//!
//! One direction of flow: [`load`] (text -> plain JSON, corrected by any [`overlay`]s,
//! checked by [`shape`], rewritten from 3.1 into 3.0 by [`openapi31`] -> `openapiv3`
//! document) -> [`resolve`] (every `$ref`, name, `allOf` merge and union shape decided once,
//! into the owned [`ir`]) -> [`emit`] (tokens, never looking at the raw spec) ->
//! [`format`](mod@format) (prettyplease) -> files. [`surface`] renders the client's public API
//! from the same IR (the generated `API.txt`) and [`api_diff`] tells what changes between two
//! of them mean for callers.
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

pub mod api_diff;
pub mod bundle;
pub mod diagnostics;
pub mod emit;
pub mod format;
pub mod ir;
pub mod load;
mod macro_tables;
pub mod naming;
pub mod openapi31;
pub mod overlay;
pub mod resolve;
pub mod shape;
pub mod slice;
pub mod surface;

pub use bundle::bundle;
pub use diagnostics::{Error, Pointer, Warning};
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
    /// Property of the error body that holds an application error code; empty for none.
    pub error_code_property: String,
    /// Properties of the error body that may hold a human-readable message, in order of
    /// preference (the client uses the first non-empty string).
    pub error_message_properties: Vec<String>,
    /// Overlay 1.0 documents applied to the spec, in order, before anything else reads it.
    pub overlays: Vec<Overlay>,
    /// Warnings become errors: nothing is generated while there is one.
    pub deny_warnings: bool,
    /// Generate only these operations and what they reach ([`mod@slice`]); `None` is everything.
    pub selection: Option<slice::Selection>,
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
            // `detail` explains this very failure; `reason` (Atlas) is the status' phrase,
            // better than nothing when there is no detail.
            error_message_properties: vec!["detail".to_owned(), "reason".to_owned()],
            overlays: Vec::new(),
            deny_warnings: false,
            selection: None,
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
    /// Constructs generated in a weaker form than the spec describes, in document order of
    /// discovery, each with its pointer.
    pub warnings: Vec<Warning>,
}

/// The generated file listing the client's public surface, one line per item ([`surface`]).
pub const SURFACE_FILE: &str = "API.txt";

/// Loads and resolves an OpenAPI 3.0 or 3.1 document (YAML or JSON) into the model every
/// output is rendered from, with the warnings found on the way. Every independent problem is
/// reported at once ([`Error::Many`]).
pub fn resolve_spec(spec_text: &str, options: &Options) -> Result<(ir::Ir, Vec<Warning>), Error> {
    let source = options.source_name.as_str();
    let many = |diagnostics| Error::from_diagnostics(source, diagnostics);
    let mut document = load::parse_document(spec_text, source)?;
    // Passes over the plain document go here, before the shape check, which must see the
    // document `openapiv3` will type: overlays first, then the selection, so that it follows
    // the references the overlays leave and nothing outside it can stop generation.
    overlay::apply_all(&mut document, &options.overlays, source)?;
    if let Some(selection) = &options.selection {
        document = slice::slice(&document, selection).map_err(|e| e.into_error(source))?;
    }
    let version = load::version(&document, source)?;
    let schemas = shape::check(&document, version).map_err(many)?;
    let warnings = diagnostics::Warnings::default();
    let moves = match version {
        load::Version::V31 => {
            openapi31::normalise(&mut document, &schemas, &warnings).map_err(many)?
        }
        load::Version::V30 => openapi31::Moves::default(),
    };
    let spec = load::into_openapi(document, source)?;
    let ir = resolve::resolve(&spec, options, &warnings)
        .map_err(|errors| many(errors.into_iter().map(|e| moves.error(e)).collect()))?;
    let warnings = warnings
        .into_vec()
        .into_iter()
        .map(|w| moves.warning(w))
        .collect();
    Ok((ir, warnings))
}

/// Generates the client's module tree from the text of an OpenAPI 3.0 or 3.1 document (YAML
/// or JSON).
pub fn generate(spec_text: &str, options: &Options) -> Result<GeneratedFiles, Error> {
    let (ir, warnings) = resolve_spec(spec_text, options)?;
    if options.deny_warnings && !warnings.is_empty() {
        return Err(Error::denied_warnings(&options.source_name, warnings));
    }
    let header = format::header(&options.source_name, &options.overlays);
    // `API.txt` is rendered from the IR beside the module tree, while the cores are busy.
    let (files, surface) = rayon::join(
        || format::emit_files(&ir, options, &header),
        || surface::file(&ir, &header),
    );
    let mut files = files?;
    files.push(GeneratedFile {
        path: SURFACE_FILE.to_owned(),
        contents: surface,
    });
    Ok(GeneratedFiles { files, warnings })
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
