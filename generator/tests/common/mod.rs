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
pub fn atlas_overlays() -> Vec<generator::Overlay> {
    let dir = manifest_dir().join("../spec/overlays");
    generator::overlay::read_dir(&dir, "spec/overlays").expect("spec/overlays is readable")
}

/// Builds crates from generated module trees, each beside the real runtime of generated-client
/// (included by path, exactly as in the client), and runs clippy and rustdoc on them with
/// warnings denied. `crates` are (crate name, generated files).
pub fn check_crates(workspace: &str, crates: Vec<(String, generator::GeneratedFiles)>) {
    use std::process::Command;
    let root = manifest_dir().parent().unwrap().to_path_buf();
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let work = target.join(workspace);
    let _ = std::fs::remove_dir_all(&work);
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
        members.push(format!("{name:?}"));
    }
    std::fs::write(
        work.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )
    .unwrap();
    // The workspace's lock file pins the dependency versions the client builds with.
    std::fs::copy(root.join("Cargo.lock"), work.join("Cargo.lock")).unwrap();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    // One target directory for every generated crate, so dependencies are built once.
    let shared_target = target.join("generated-crates-target");
    let run = |args: &[&str], rustdocflags: bool, what: &str| {
        let mut cmd = Command::new(&cargo);
        cmd.current_dir(&work)
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
