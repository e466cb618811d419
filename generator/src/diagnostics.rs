//! Errors and warnings the generator reports: always a message and the JSON pointer (or source
//! line) of the place in the spec that caused it, never a panic.

use std::cell::RefCell;
use std::fmt;

/// At most this many errors are listed in one message; the rest are counted.
pub const MAX_LISTED: usize = 50;

/// A location inside the spec document, written as a JSON pointer fragment
/// (`#/components/schemas/X/properties/y`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pointer(String);

impl Pointer {
    pub fn root() -> Self {
        Pointer("#".to_owned())
    }

    /// Appends one reference token, escaped per RFC 6901 (`~` -> `~0`, `/` -> `~1`).
    pub fn push(&self, segment: &str) -> Self {
        let escaped = segment.replace('~', "~0").replace('/', "~1");
        Pointer(format!("{}/{}", self.0, escaped))
    }

    pub fn join(&self, segments: &[&str]) -> Self {
        segments.iter().fold(self.clone(), |p, s| p.push(s))
    }

    pub fn from_ref(reference: &str) -> Self {
        Pointer(reference.to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Everything that can stop generation.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The text is not YAML/JSON, or not an OpenAPI 3.0 document.
    #[error("{source_name}{location}: {message}")]
    Parse {
        source_name: String,
        /// `:line:column` when known.
        location: String,
        message: String,
    },
    /// A construct of the spec is broken or not supported.
    #[error("{source_name}: {pointer}: {message}")]
    Spec {
        source_name: String,
        pointer: Pointer,
        message: String,
    },
    /// An overlay is not a valid Overlay 1.0 document, or one of its actions cannot be applied
    /// to the spec; `pointer` is the place in the overlay (`#/actions/2/target`).
    #[error("{overlay}: {pointer}: {message}")]
    Overlay {
        overlay: String,
        pointer: Pointer,
        message: String,
    },
    /// Several independent problems, in document order: one line each.
    #[error("{}", list(source_name, diagnostics))]
    Many {
        source_name: String,
        diagnostics: Vec<SpecError>,
    },
    /// The spec file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// Emitted tokens did not form valid Rust: a bug in the generator, reported instead of
    /// panicking so the checked-in files are never touched.
    #[error("internal error while formatting {file}: {message} (please report this)")]
    Internal { file: String, message: String },
    /// A module tree could not be made into one file (see [`crate::bundle()`]).
    #[error("cannot bundle {file}: {message}")]
    Bundle { file: String, message: String },
}

fn list(source_name: &str, diagnostics: &[SpecError]) -> String {
    let mut lines: Vec<String> = diagnostics
        .iter()
        .take(MAX_LISTED)
        .map(|d| format!("{source_name}: {d}"))
        .collect();
    if diagnostics.len() > MAX_LISTED {
        lines.push(format!(
            "... and {} more errors",
            diagnostics.len() - MAX_LISTED
        ));
    }
    lines.join("\n")
}

impl Error {
    /// One error for one problem, [`Error::Many`] for several (duplicates removed).
    pub fn from_diagnostics(source_name: &str, mut diagnostics: Vec<SpecError>) -> Error {
        let mut seen = std::collections::HashSet::new();
        diagnostics.retain(|d| seen.insert((d.pointer.clone(), d.message.clone())));
        match <[SpecError; 1]>::try_from(diagnostics) {
            Ok([one]) => one.into_error(source_name),
            Err(diagnostics) => Error::Many {
                source_name: source_name.to_owned(),
                diagnostics,
            },
        }
    }

    /// Warnings refused by [`crate::Options::deny_warnings`], each an error.
    pub fn denied_warnings(source_name: &str, warnings: Vec<Warning>) -> Error {
        let diagnostics = warnings
            .into_iter()
            .map(|w| SpecError {
                pointer: w.pointer,
                message: format!("{} (warnings are denied)", w.message),
            })
            .collect();
        Error::from_diagnostics(source_name, diagnostics)
    }

    /// The JSON pointer of a spec error (the first one of several), for tests and tooling.
    pub fn pointer(&self) -> Option<&Pointer> {
        self.pointers().into_iter().next()
    }

    /// The JSON pointers of every spec problem this error reports.
    pub fn pointers(&self) -> Vec<&Pointer> {
        match self {
            Error::Spec { pointer, .. } => vec![pointer],
            Error::Many { diagnostics, .. } => diagnostics.iter().map(|d| &d.pointer).collect(),
            _ => Vec::new(),
        }
    }
}

/// A spec problem before the source name is known; [`crate::generate`] attaches it.
#[derive(Debug, Clone, PartialEq)]
pub struct SpecError {
    pub pointer: Pointer,
    pub message: String,
}

impl SpecError {
    pub fn new(pointer: &Pointer, message: impl Into<String>) -> Self {
        SpecError {
            pointer: pointer.clone(),
            message: message.into(),
        }
    }

    pub fn into_error(self, source_name: &str) -> Error {
        Error::Spec {
            source_name: source_name.to_owned(),
            pointer: self.pointer,
            message: self.message,
        }
    }
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.pointer, self.message)
    }
}

pub type SpecResult<T> = Result<T, SpecError>;

/// A construct generated in a weaker form than the spec describes (a schema too loose to type
/// becoming `serde_json::Value`, an ignored media type or keyword): the client works, but a
/// reader of the spec would expect more.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Warning {
    pub pointer: Pointer,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.pointer, self.message)
    }
}

/// Where every pass records its warnings. Shared by reference (`&Warnings`), so any pass or
/// resolver function can call [`Warnings::warn`] without threading `&mut` through.
#[derive(Debug, Default)]
pub struct Warnings(RefCell<indexmap::IndexSet<Warning>>);

impl Warnings {
    /// Records a warning once: a schema reached from several places warns once.
    pub fn warn(&self, at: &Pointer, message: impl Into<String>) {
        let warning = Warning {
            pointer: at.clone(),
            message: message.into(),
        };
        self.0.borrow_mut().insert(warning);
    }

    /// In the order they were first recorded.
    pub fn into_vec(self) -> Vec<Warning> {
        self.0.into_inner().into_iter().collect()
    }
}
