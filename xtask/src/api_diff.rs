//! `cargo xtask api-diff OLD NEW`: what changing the spec from OLD to NEW means for code that
//! calls the generated client. Exit status 0, 1 for errors, 2 with `--fail-on-breaking` when a
//! change is breaking (so usage errors are 1 here, not 2 as for `codegen`).

use crate::workspace_root;
use std::io::Write;
use std::path::Path;
use std::process::{Command, ExitCode};

pub const HELP: &str = "\
Usage: cargo xtask api-diff OLD NEW [--format text|markdown] [--fail-on-breaking]

Compares the public API of the clients generated from two specs: operations, parameters,
types, fields, enum values, union variants, media types and deprecations, each marked as
breaking or not for a Rust caller and on the wire.

OLD and NEW are spec files (with the overlays/ beside them, as codegen applies them), or
git:REV for spec/atlas-admin-v2.yaml and spec/overlays/ as they were at a git revision:
  cargo xtask api-diff git:main spec/atlas-admin-v2.yaml

Options:
  --format FORMAT      text (default) or markdown (a pull-request comment)
  --fail-on-breaking   exit with status 2 when a change is breaking
  -h, --help           print this help

Exit status: 0, or 2 for a breaking change with --fail-on-breaking; 1 for errors.
";

#[derive(Debug, PartialEq)]
struct Args {
    old: String,
    new: String,
    markdown: bool,
    fail_on_breaking: bool,
}

/// Whether `--format` asks for Markdown.
fn markdown_format(value: Option<&str>) -> Result<bool, String> {
    match value {
        Some("markdown") => Ok(true),
        Some("text") => Ok(false),
        Some(other) => Err(format!("unknown format `{other}`")),
        None => Err("--format needs text or markdown".to_owned()),
    }
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let mut specs = Vec::new();
    let mut markdown = false;
    let mut fail_on_breaking = false;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => return Ok(None),
            "--fail-on-breaking" => fail_on_breaking = true,
            "--format" => markdown = markdown_format(args.next().as_deref())?,
            other if other.starts_with("--format=") => {
                markdown = markdown_format(Some(&other["--format=".len()..]))?
            }
            other if other.starts_with("--") => return Err(format!("unknown argument `{other}`")),
            _ => specs.push(arg),
        }
    }
    match <[String; 2]>::try_from(specs) {
        Ok([old, new]) => Ok(Some(Args {
            old,
            new,
            markdown,
            fail_on_breaking,
        })),
        Err(_) => Err("api-diff needs two specs: OLD NEW".to_owned()),
    }
}

/// `git show REV:PATH`, as text.
fn git_show(root: &Path, object: &str) -> Result<String, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["show", object])
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        return Err(format!("git show {object}: {}", stderr.trim()));
    }
    String::from_utf8(out.stdout).map_err(|_| format!("{object}: not UTF-8"))
}

/// The text of a spec and how to generate from it: everything that decides the surface of
/// one side comes from the same place. A file gets the overlays beside it, as with `codegen`;
/// `git:REV` the workspace spec and its overlays as they were at that revision.
fn load(source: &str, root: &Path) -> Result<(String, generator::Options), String> {
    if let Some(rev) = source.strip_prefix("git:") {
        let object = format!("{rev}:{}", crate::DEFAULT_SPEC);
        let text = git_show(root, &object)?;
        let mut options = generator::Options::new(object);
        options.overlays = overlays_at(root, rev)?;
        return Ok((text, options));
    }
    let path = Path::new(source);
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {source}: {e}"))?;
    let mut options = generator::Options::new(crate::display_name(path, root));
    options.overlays = crate::overlays::overlays_for(path, &[], root).map_err(|e| e.to_string())?;
    Ok((text, options))
}

/// The overlays of the workspace spec at `rev`, in file-name order (as `overlays_for` reads
/// them from disk); none if the directory did not exist then.
fn overlays_at(root: &Path, rev: &str) -> Result<Vec<generator::Overlay>, String> {
    let dir = Path::new(crate::DEFAULT_SPEC)
        .parent()
        .unwrap_or(Path::new(""))
        .join(crate::overlays::OVERLAY_DIR);
    let dir = dir.to_string_lossy().replace('\\', "/");
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args([
            "ls-tree",
            "--full-tree",
            "--name-only",
            &format!("{rev}:{dir}"),
        ])
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        return Ok(Vec::new());
    }
    let mut names: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|name| [".yaml", ".yml", ".json"].iter().any(|x| name.ends_with(x)))
        .map(str::to_owned)
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let text = git_show(root, &format!("{rev}:{dir}/{name}"))?;
            Ok(generator::Overlay::new(format!("{dir}/{name}"), text))
        })
        .collect()
}

fn surface(source: &str, root: &Path) -> Result<generator::surface::Surface, String> {
    let (text, options) = load(source, root)?;
    generator::surface::from_spec(&text, &options).map_err(|e| e.to_string())
}

/// Runs `api-diff` with the arguments after the subcommand's name.
pub fn main(args: impl Iterator<Item = String>) -> ExitCode {
    let args = match parse(args) {
        Ok(Some(args)) => args,
        Ok(None) => {
            print!("{HELP}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("error: {message}\n\n{HELP}");
            return ExitCode::FAILURE;
        }
    };
    let root = workspace_root();
    let surfaces = surface(&args.old, &root).and_then(|old| Ok((old, surface(&args.new, &root)?)));
    let (old, new) = match surfaces {
        Ok(pair) => pair,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    let report = generator::api_diff::diff(&old, &new);
    let text = if args.markdown {
        generator::api_diff::render_markdown(&report)
    } else {
        generator::api_diff::render_text(&report)
    };
    // A reader that stops early (`| head`) is not an error.
    let written = std::io::stdout().lock().write_all(text.as_bytes());
    if let Err(e) = written.and_then(|()| std::io::stdout().flush()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: cannot write the report: {e}");
            return ExitCode::FAILURE;
        }
    }
    if args.fail_on_breaking && report.is_breaking() {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}
