//! `cargo xtask slice`: cuts operations (and exactly what they reach) out of a large spec,
//! into a standalone document (`--out`) or into an existing one (`--into`), and the
//! `--operations`/`--tags` flags `codegen` shares with it.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use generator::slice::Selection;

use crate::{display_name, workspace_root, XtaskError};

pub const HELP: &str = "\
Usage: cargo xtask slice --spec PATH [--operations IDS] [--tags TAGS] [--drop-extensions]
                         (--out FILE | --into FILE)

Writes the selected operations of an OpenAPI 3.0 document, with every component, shared
parameter and response, security scheme and tag they use, as a standalone document.

Options:
  --spec PATH        the document to slice (YAML or JSON), e.g. the upstream Atlas spec
  --operations IDS   comma-separated operationIds
  --tags TAGS        comma-separated tags: every operation carrying one (with --operations: the union)
  --drop-extensions  leave out vendor extensions (x-codeSamples, x-xgen-*, ...)
  --out FILE         write the slice as a new document
  --into FILE        add what FILE lacks of the slice (paths, operations, components, tags) to
                     FILE, keeping everything FILE already has, comments included
  -h, --help         print this help
";

/// Handles `--operations`/`--tags` (with the value following or after `=`); `Ok(false)` when
/// `arg` is neither.
pub fn selection_flag(
    arg: &str,
    args: &mut impl Iterator<Item = String>,
    selection: &mut Option<Selection>,
) -> Result<bool, String> {
    let (flag, inline) = match arg.split_once('=') {
        Some((flag, value)) => (flag, Some(value.to_owned())),
        None => (arg, None),
    };
    if flag != "--operations" && flag != "--tags" {
        return Ok(false);
    }
    let value = inline
        .or_else(|| args.next())
        .ok_or_else(|| format!("{flag} needs a comma-separated list"))?;
    let names = value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned);
    let selection = selection.get_or_insert_with(Selection::default);
    match flag {
        "--operations" => selection.operations.extend(names),
        _ => selection.tags.extend(names),
    }
    Ok(true)
}

enum Target {
    Out(PathBuf),
    Into(PathBuf),
}

struct Args {
    spec: PathBuf,
    selection: Selection,
    target: Target,
    drop_extensions: bool,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let (mut spec, mut selection, mut target, mut drop_extensions) = (None, None, None, false);
    while let Some(arg) = args.next() {
        if selection_flag(&arg, &mut args, &mut selection)? {
            continue;
        }
        let mut value = |what: &str| args.next().ok_or(format!("{arg} needs {what}"));
        match arg.as_str() {
            "--spec" => spec = Some(PathBuf::from(value("a path")?)),
            "--out" => target = Some(Target::Out(value("a file")?.into())),
            "--into" => target = Some(Target::Into(value("a file")?.into())),
            "--drop-extensions" => drop_extensions = true,
            "-h" | "--help" => return Ok(None),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(Some(Args {
        spec: spec.ok_or("--spec is required")?,
        selection: selection.ok_or("name what to keep with --operations and/or --tags")?,
        target: target.ok_or("say where the slice goes with --out FILE or --into FILE")?,
        drop_extensions,
    }))
}

/// Runs `cargo xtask slice` with the arguments after `slice`.
pub fn main(args: impl Iterator<Item = String>) -> ExitCode {
    match parse_args(args) {
        Ok(None) => {
            print!("{HELP}");
            ExitCode::SUCCESS
        }
        Ok(Some(args)) => match run(&args, &workspace_root()) {
            Ok(report) => {
                print!("{report}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        Err(message) => {
            eprintln!("error: {message}\n\n{HELP}");
            ExitCode::from(2)
        }
    }
}

fn read(path: &Path) -> Result<String, XtaskError> {
    fs::read_to_string(path).map_err(|source| XtaskError::Io {
        action: "cannot read",
        path: path.display().to_string(),
        source,
    })
}

/// Slices and writes; returns what to tell the user. Nothing is written unless the result
/// generates a client.
fn run(args: &Args, root: &Path) -> Result<String, XtaskError> {
    let source_name = display_name(&args.spec, root);
    let mut slice =
        generator::slice::slice_text(&read(&args.spec)?, &source_name, &args.selection)?;
    if args.drop_extensions {
        generator::slice::drop_extensions(&mut slice);
    }
    let (path, text, report) = match &args.target {
        Target::Out(path) => {
            let text = generator::slice::to_yaml(&slice);
            let report = format!("wrote {}\n", display_name(path, root));
            (path, text, report)
        }
        Target::Into(path) => {
            let shown = display_name(path, root);
            let merged = generator::slice::merge_into_yaml(&read(path)?, &slice, &shown)?;
            let mut report = format!("{shown}: added {} entries\n", merged.added.len());
            for added in &merged.added {
                report.push_str(&format!("  added {added}\n"));
            }
            for kept in &merged.kept {
                report.push_str(&format!(
                    "  kept as it was (differs from {source_name}): {kept}\n"
                ));
            }
            (path, merged.text, report)
        }
    };
    // Checked as `cargo xtask codegen --spec FILE` would read it: with the overlays beside it.
    let mut options = generator::Options::new(display_name(path, root));
    options.overlays = crate::overlays::overlays_for(path, &[], root)?;
    generator::generate(&text, &options)?;
    write_file(path, &text)?;
    Ok(report)
}

/// Writes beside the target first, then renames, so a failure leaves the old file whole.
fn write_file(path: &Path, text: &str) -> Result<(), XtaskError> {
    let staging = path.with_extension("slice-tmp");
    let io = |action, source| XtaskError::Io {
        action,
        path: path.display().to_string(),
        source,
    };
    fs::write(&staging, text).map_err(|e| io("cannot write", e))?;
    fs::rename(&staging, path).map_err(|e| io("cannot replace", e))
}
