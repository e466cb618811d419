//! [OpenAPI Overlay 1.0.0](https://spec.openapis.org/overlay/v1.0.0) documents: corrections
//! kept beside a spec, applied to the plain document before it is typed, so the spec file can
//! stay exactly as its vendor publishes it and every difference from the real service is one
//! reviewable action with a description.
//!
//! Stricter than the specification where leniency would hide a mistake: a target that matches
//! nothing, an action that changes nothing and an unknown field are errors, each naming the
//! overlay and the JSON pointer of the offending part of it.

mod apply;
mod document;

use crate::diagnostics::Error;
use serde_json::Value;
use std::path::Path;

pub use document::{Action, Change, OverlayDocument};

/// One overlay: the name it is shown under (in errors and in each generated file's header)
/// and its text (YAML or JSON).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overlay {
    pub name: String,
    pub text: String,
}

impl Overlay {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Overlay {
            name: name.into(),
            text: text.into(),
        }
    }

    /// Reads the overlay at `path`, shown as `name`.
    pub fn read(path: &Path, name: impl Into<String>) -> Result<Self, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.display().to_string(),
            source,
        })?;
        Ok(Overlay::new(name, text))
    }
}

/// The overlays of a directory (`*.yaml`, `*.yml`, `*.json`) in file-name order, each shown as
/// `<shown_dir>/<file name>`. A directory that does not exist holds none.
pub fn read_dir(dir: &Path, shown_dir: &str) -> Result<Vec<Overlay>, Error> {
    let io = |source| Error::Io {
        path: dir.display().to_string(),
        source,
    };
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io(e)),
    };
    let mut names = Vec::new();
    for entry in entries {
        let name = entry
            .map_err(io)?
            .file_name()
            .to_string_lossy()
            .into_owned();
        let is_overlay = [".yaml", ".yml", ".json"].iter().any(|x| name.ends_with(x));
        if is_overlay {
            names.push(name);
        }
    }
    names.sort();
    names
        .into_iter()
        .map(|name| Overlay::read(&dir.join(&name), format!("{shown_dir}/{name}")))
        .collect()
}

/// Applies the overlays to the plain spec document, in order, each action to the result of
/// the one before (Overlay 1.0.0, "Overlay Object"). `spec_name` is the spec's name in errors.
pub fn apply_all(document: &mut Value, overlays: &[Overlay], spec_name: &str) -> Result<(), Error> {
    // Every overlay is checked before any is applied: a broken document is reported as such,
    // not as whatever its predecessors' actions happened to leave behind.
    let parsed = overlays
        .iter()
        .map(|o| OverlayDocument::parse(&o.text, &o.name))
        .collect::<Result<Vec<_>, _>>()?;
    for (overlay, parsed) in overlays.iter().zip(&parsed) {
        for action in &parsed.actions {
            apply::apply(document, action, spec_name).map_err(|(pointer, message)| {
                Error::Overlay {
                    overlay: overlay.name.clone(),
                    pointer,
                    message,
                }
            })?;
        }
    }
    Ok(())
}
