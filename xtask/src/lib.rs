//! `cargo xtask codegen`: regenerates `generated-client/src/generated/` from the spec, or with
//! `--check` reports which checked-in files are stale.

pub mod api_diff;
pub mod overlays;

use std::fs;
use std::path::{Path, PathBuf};

pub mod slice;

pub const DEFAULT_SPEC: &str = "spec/atlas-admin-v2.yaml";
pub const OUTPUT_DIR: &str = "generated-client/src/generated";

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

/// How a spec path is shown in generated files and errors: relative to the workspace when it
/// is inside it, so output is the same on every machine.
pub fn display_name(spec: &Path, root: &Path) -> String {
    let absolute = fs::canonicalize(spec).unwrap_or_else(|_| spec.to_path_buf());
    let root = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    match absolute.strip_prefix(&root) {
        Ok(relative) => relative.to_string_lossy().replace('\\', "/"),
        Err(_) => spec.to_string_lossy().into_owned(),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum XtaskError {
    #[error("{0}")]
    Generate(#[from] generator::Error),
    #[error("{action} {path}: {source}")]
    Io {
        action: &'static str,
        path: String,
        #[source]
        source: std::io::Error,
    },
}

fn io<'a>(action: &'static str, path: &'a Path) -> impl FnOnce(std::io::Error) -> XtaskError + 'a {
    move |source| XtaskError::Io {
        action,
        path: path.display().to_string(),
        source,
    }
}

/// Generates from `spec` with the overlays beside it (see [`overlays`]).
pub fn generate(spec: &Path, root: &Path) -> Result<generator::GeneratedFiles, XtaskError> {
    generate_with_overlays(spec, &[], root, false)
}

/// Like [`generate`], with `extra` overlays applied after the ones beside the spec, and
/// warnings made errors when `deny_warnings`.
pub fn generate_with_overlays(
    spec: &Path,
    extra: &[PathBuf],
    root: &Path,
    deny_warnings: bool,
) -> Result<generator::GeneratedFiles, XtaskError> {
    generate_selected(spec, extra, root, deny_warnings, None)
}

/// Like [`generate_with_overlays`], generating only the selected operations (`--operations`,
/// `--tags`) and what they reach; `None` is all of them.
pub fn generate_selected(
    spec: &Path,
    extra: &[PathBuf],
    root: &Path,
    deny_warnings: bool,
    selection: Option<generator::slice::Selection>,
) -> Result<generator::GeneratedFiles, XtaskError> {
    let mut options = generator::Options::new(display_name(spec, root));
    options.overlays = overlays::overlays_for(spec, extra, root)?;
    options.deny_warnings = deny_warnings;
    options.selection = selection;
    Ok(generator::generate_from_path(spec, &options)?)
}

/// A checked-in file that does not match what the spec generates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    pub path: String,
    pub reason: &'static str,
}

/// Compares generated output with the files in `out_dir`; changes nothing.
pub fn stale_files(
    files: &generator::GeneratedFiles,
    out_dir: &Path,
    shown_dir: &str,
) -> Vec<Stale> {
    let mut stale = Vec::new();
    for file in &files.files {
        let reason = match fs::read_to_string(out_dir.join(&file.path)) {
            Ok(current) if current == file.contents => continue,
            Ok(_) => "differs from what the spec generates",
            Err(_) => "is missing",
        };
        stale.push(Stale {
            path: format!("{shown_dir}/{}", file.path),
            reason,
        });
    }
    let mut extra: Vec<String> = Vec::new();
    files_under(out_dir, "", &mut extra);
    extra.retain(|name| files.files.iter().all(|f| &f.path != name));
    extra.sort();
    stale.extend(extra.into_iter().map(|name| Stale {
        path: format!("{shown_dir}/{name}"),
        reason: "is no longer generated",
    }));
    stale
}

/// Paths (`/`-separated, relative to `dir`) of every file below `dir`; none if it is missing.
fn files_under(dir: &Path, prefix: &str, out: &mut Vec<String>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            files_under(&entry.path(), &format!("{name}/"), out);
        } else {
            out.push(name);
        }
    }
}

/// Writes the files into `out_dir` all at once: into a sibling temporary directory first, then
/// swapped in by rename, so a failure leaves the checked-in files exactly as they were.
pub fn write_all(files: &generator::GeneratedFiles, out_dir: &Path) -> Result<bool, XtaskError> {
    if stale_files(files, out_dir, "").is_empty() {
        return Ok(false);
    }
    let parent = out_dir.parent().expect("output directory has a parent");
    let name = out_dir
        .file_name()
        .expect("output directory has a name")
        .to_string_lossy();
    let staging = parent.join(format!(".{name}.new"));
    let previous = parent.join(format!(".{name}.old"));
    for leftover in [&staging, &previous] {
        if leftover.exists() {
            fs::remove_dir_all(leftover).map_err(io("cannot remove", leftover))?;
        }
    }
    fs::create_dir_all(&staging).map_err(io("cannot create", &staging))?;
    for file in &files.files {
        let path = staging.join(&file.path);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(io("cannot create", dir))?;
        }
        fs::write(&path, &file.contents).map_err(io("cannot write", &path))?;
    }
    if out_dir.exists() {
        fs::rename(out_dir, &previous).map_err(io("cannot move aside", out_dir))?;
    }
    if let Err(e) = fs::rename(&staging, out_dir) {
        // Put the old files back before reporting.
        let _ = fs::rename(&previous, out_dir);
        return Err(io("cannot move into place", out_dir)(e));
    }
    if previous.exists() {
        fs::remove_dir_all(&previous).map_err(io("cannot remove", &previous))?;
    }
    Ok(true)
}
