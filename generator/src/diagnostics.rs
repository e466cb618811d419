//! Errors the generator reports: always a message and the JSON pointer (or source line) of the
//! place in the spec that caused it, never a panic.

use std::fmt;

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

impl Error {
    /// The JSON pointer of a spec error, for tests and tooling.
    pub fn pointer(&self) -> Option<&Pointer> {
        match self {
            Error::Spec { pointer, .. } => Some(pointer),
            _ => None,
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

pub type SpecResult<T> = Result<T, SpecError>;
