//! Shared by the generator's integration tests.
// Each test binary uses only part of this module.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `*.yaml` files of a folder under `tests/`, sorted so snapshot order is stable.
pub fn yaml_files(folder: &str) -> Vec<PathBuf> {
    let dir = manifest_dir().join("tests").join(folder);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    files
}

pub fn stem(path: &Path) -> String {
    path.file_stem()
        .expect("a file name")
        .to_string_lossy()
        .into_owned()
}

/// Generates from a fixture with a machine-independent source name.
pub fn generate(path: &Path) -> Result<generator::GeneratedFiles, generator::Error> {
    let name = format!(
        "tests/{}/{}",
        path.parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_string_lossy(),
        path.file_name().unwrap().to_string_lossy()
    );
    let text = std::fs::read_to_string(path).expect("fixture is readable");
    generator::generate(&text, &generator::Options::new(name))
}

/// The Atlas corrections in `spec/overlays/`, named as `cargo xtask codegen` names them.
/// How many operation methods a generated tree has, across every file of `operations/`.
pub fn operation_methods(files: &generator::GeneratedFiles) -> usize {
    files
        .files
        .iter()
        .filter(|f| f.path.starts_with("operations/"))
        // A method returns the runtime's `Call` future; page streams return `ItemStream`.
        .map(|f| f.contents.matches("::Call<").count())
        .sum()
}

pub fn atlas_overlays() -> Vec<generator::Overlay> {
    let dir = manifest_dir().join("../spec/overlays");
    generator::overlay::read_dir(&dir, "spec/overlays").expect("spec/overlays is readable")
}

/// Builds crates from generated module trees, each beside the real runtime of generated-client
/// (included by path, exactly as in the client), and runs clippy and rustdoc on them with
/// warnings denied. `crates` are (crate name, generated files).
pub fn check_crates(workspace: &str, crates: Vec<(String, generator::GeneratedFiles)>) {
    let root = workspace_root();
    let work = fresh_dir(workspace);
    let runtime = root.join("generated-client/src/runtime/mod.rs");
    let manifest = std::fs::read_to_string(root.join("generated-client/Cargo.toml")).unwrap();
    let start = manifest
        .find("[dependencies]")
        .expect("generated-client has dependencies");
    let deps = &manifest[start..];
    let deps = &deps[..deps[1..].find("\n[").map_or(deps.len(), |i| i + 1)];
    let mut members = Vec::new();
    for (name, files) in crates {
        let dir = work.join(&name);
        std::fs::create_dir_all(dir.join("src/generated")).unwrap();
        for file in files.files {
            let path = dir.join("src/generated").join(&file.path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, file.contents).unwrap();
        }
        let lib = format!("//! `{name}`.\n#[path = {:?}]\npub mod runtime;\npub mod generated;\npub use runtime::*;\n", runtime.display().to_string());
        std::fs::write(dir.join("src/lib.rs"), lib).unwrap();
        let cargo_toml = format!("[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n{deps}");
        std::fs::write(dir.join("Cargo.toml"), cargo_toml).unwrap();
        members.push(name);
    }
    check_workspace(&work, &members);
}

/// Builds crates as a build script would: each depends on generated-client without its
/// `atlas` feature and nothing else, and `include!`s its bundle (made with
/// `Options::runtime_crate("generated_client")`) into a module; then clippy and rustdoc with
/// warnings denied. `crates` are (crate name, bundle text).
pub fn check_bundle_crates(workspace: &str, crates: Vec<(String, String)>) {
    let root = workspace_root();
    let work = fresh_dir(workspace);
    let client = root.join("generated-client");
    let mut members = Vec::new();
    for (name, bundle) in crates {
        let dir = work.join(&name);
        std::fs::create_dir_all(dir.join("src")).unwrap();
        std::fs::write(dir.join("src/api.rs"), bundle).unwrap();
        let lib = format!("//! `{name}`.\n\n/// The generated client.\npub mod api {{\n    include!(\"api.rs\");\n}}\n");
        std::fs::write(dir.join("src/lib.rs"), lib).unwrap();
        let cargo_toml = format!("[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\ngenerated-client = {{ path = {:?}, default-features = false }}\n", client.display().to_string());
        std::fs::write(dir.join("Cargo.toml"), cargo_toml).unwrap();
        members.push(name);
    }
    check_workspace(&work, &members);
}

fn workspace_root() -> PathBuf {
    manifest_dir().parent().unwrap().to_path_buf()
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"))
}

fn fresh_dir(workspace: &str) -> PathBuf {
    let work = target_dir().join(workspace);
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).unwrap();
    work
}

/// Runs clippy and rustdoc, warnings denied, on a workspace of `members` at `work`.
fn check_workspace(work: &Path, members: &[String]) {
    use std::process::Command;
    let members: Vec<String> = members.iter().map(|m| format!("{m:?}")).collect();
    std::fs::write(
        work.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )
    .unwrap();
    // The workspace's lock file pins the dependency versions the client builds with.
    std::fs::copy(workspace_root().join("Cargo.lock"), work.join("Cargo.lock")).unwrap();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    // One target directory for every generated crate, so dependencies are built once.
    let shared_target = target_dir().join("generated-crates-target");
    let run = |args: &[&str], rustdocflags: bool, what: &str| {
        let mut cmd = Command::new(&cargo);
        cmd.current_dir(work)
            .env("CARGO_TARGET_DIR", &shared_target)
            .args(args);
        if rustdocflags {
            cmd.env("RUSTDOCFLAGS", "-D warnings");
        }
        let out = cmd
            .output()
            .unwrap_or_else(|e| panic!("cannot run {what}: {e}"));
        assert!(
            out.status.success(),
            "{what} failed:\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    };
    run(
        &[
            "clippy",
            "--workspace",
            "--keep-going",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ],
        false,
        "cargo clippy on the generated crates",
    );
    run(
        &["doc", "--workspace", "--no-deps", "--quiet"],
        true,
        "cargo doc on the generated crates",
    );
}
