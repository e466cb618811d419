//! Every fixture spec generates code that matches its reviewed snapshots and compiles cleanly
//! (clippy `-D warnings`, rustdoc `-D warnings`) against the real runtime.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

#[test]
fn fixtures_match_their_snapshots() {
    for path in common::yaml_files("fixtures") {
        let name = common::stem(&path);
        let files = common::generate(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        for file in &files.files {
            insta::assert_snapshot!(
                format!("{name}__{}", file.path.replace(".rs", "")),
                &file.contents
            );
        }
    }
}

#[test]
fn generation_is_deterministic() {
    for path in common::yaml_files("fixtures") {
        assert_eq!(
            common::generate(&path).unwrap(),
            common::generate(&path).unwrap(),
            "{}",
            path.display()
        );
    }
}

/// The `[dependencies]` table of generated-client: what generated code may use.
fn client_dependencies(root: &Path) -> String {
    let manifest = std::fs::read_to_string(root.join("generated-client/Cargo.toml")).unwrap();
    let start = manifest
        .find("[dependencies]")
        .expect("generated-client has dependencies");
    let rest = &manifest[start..];
    let end = rest[1..].find("\n[").map_or(rest.len(), |i| i + 1);
    rest[..end].to_owned()
}

fn run(cmd: &mut Command, what: &str) {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {what}: {e}"));
    assert!(
        out.status.success(),
        "{what} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Each fixture becomes a crate holding the generated module tree beside the runtime of
/// generated-client (included by path), exactly as in the real client.
#[test]
fn fixtures_compile_without_warnings() {
    let root = common::manifest_dir().parent().unwrap().to_path_buf();
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let work = target.join("fixture-crates");
    let _ = std::fs::remove_dir_all(work.join("crates"));
    let runtime = root.join("generated-client/src/runtime/mod.rs");
    let mut members = Vec::new();
    for path in common::yaml_files("fixtures") {
        let name = format!("fixture_{}", common::stem(&path));
        let dir = work.join("crates").join(&name);
        std::fs::create_dir_all(dir.join("src/generated")).unwrap();
        for file in common::generate(&path).unwrap().files {
            std::fs::write(dir.join("src/generated").join(&file.path), file.contents).unwrap();
        }
        std::fs::write(
            dir.join("src/lib.rs"),
            format!(
                "//! Fixture `{name}`.\n#[path = {:?}]\npub mod runtime;\npub mod generated;\npub use runtime::*;\n",
                runtime.display().to_string()
            ),
        )
        .unwrap();
        std::fs::write(
            dir.join("Cargo.toml"),
            format!("[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n{}", client_dependencies(&root)),
        )
        .unwrap();
        members.push(format!("\"crates/{name}\""));
    }
    std::fs::write(
        work.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )
    .unwrap();
    // The workspace's lock file pins the same dependency versions the client builds with.
    std::fs::copy(root.join("Cargo.lock"), work.join("Cargo.lock")).unwrap();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    run(
        Command::new(&cargo)
            .current_dir(&work)
            .env_remove("CARGO_TARGET_DIR")
            .args([
                "clippy",
                "--workspace",
                "--keep-going",
                "--quiet",
                "--",
                "-D",
                "warnings",
            ]),
        "cargo clippy on the fixture crates",
    );
    run(
        Command::new(&cargo)
            .current_dir(&work)
            .env_remove("CARGO_TARGET_DIR")
            .env("RUSTDOCFLAGS", "-D warnings")
            .args(["doc", "--workspace", "--no-deps", "--quiet"]),
        "cargo doc on the fixture crates",
    );
}
