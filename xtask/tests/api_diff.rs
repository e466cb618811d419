//! `cargo xtask api-diff` as a reviewer runs it: the report on stdout, exit status 0, 2 for a
//! breaking change with `--fail-on-breaking`, 1 for errors; specs from files or `git:REV`.

use std::path::PathBuf;
use std::process::{Command, Output};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .expect("xtask runs")
}

fn case(name: &str, side: &str) -> String {
    let path: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "../generator/tests/api_diff",
        name,
        side,
    ]
    .iter()
    .collect();
    path.to_string_lossy().into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn help_explains_the_command_and_its_exit_status() {
    let out = xtask(&["api-diff", "--help"]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(
        text.contains("cargo xtask api-diff OLD NEW") && text.contains("--fail-on-breaking"),
        "{text}"
    );
    assert!(stdout(&xtask(&["--help"])).contains("cargo xtask api-diff OLD NEW"));
}

#[test]
fn a_breaking_change_exits_2_only_with_fail_on_breaking() {
    let (old, new) = (
        case("field_retyped", "old.yaml"),
        case("field_retyped", "new.yaml"),
    );
    let out = xtask(&["api-diff", &old, &new, "--fail-on-breaking"]);
    assert_eq!(out.status.code(), Some(2));
    let report = stdout(&out);
    assert!(
        report.starts_with("API changes: 1 breaking, 0 to check, 0 compatible."),
        "{report}"
    );
    assert!(report.contains("changed field quantity"), "{report}");

    let out = xtask(&["api-diff", &old, &new]);
    assert_eq!(out.status.code(), Some(0), "the report alone never fails");
}

#[test]
fn a_compatible_change_exits_0_with_fail_on_breaking() {
    let (old, new) = (
        case("field_added_optional", "old.yaml"),
        case("field_added_optional", "new.yaml"),
    );
    let out = xtask(&["api-diff", &old, &new, "--fail-on-breaking"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("added field note"));
}

#[test]
fn markdown_is_a_summary_line_then_tables() {
    let (old, new) = (
        case("enum_value_removed", "old.yaml"),
        case("enum_value_removed", "new.yaml"),
    );
    let out = xtask(&["api-diff", "--format", "markdown", &old, &new]);
    assert_eq!(out.status.code(), Some(0));
    let report = stdout(&out);
    let same = xtask(&["api-diff", &old, &new, "--format=markdown"]);
    assert_eq!(stdout(&same), report);
    let mut lines = report.lines();
    assert_eq!(
        lines.next(),
        Some("**API changes: 1 breaking, 0 to check, 0 compatible.**")
    );
    assert!(report.contains("#### type `Status`"), "{report}");
    assert!(
        report.contains("| removed | `value Shipped = \"SHIPPED\"` | **breaking**"),
        "{report}"
    );
}

#[test]
fn a_git_revision_reads_the_workspace_spec_at_that_revision() {
    let out = xtask(&["api-diff", "git:HEAD", "git:HEAD", "--fail-on-breaking"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(stdout(&out), "No API changes.\n");
}

fn git_show(object: &str) -> String {
    let out = Command::new("git")
        .args(["-C", env!("CARGO_MANIFEST_DIR"), "show", object])
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git show {object}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_git_revision_brings_its_own_overlays() {
    // The committed spec and overlays, copied out: the same as `git:HEAD` whatever the working
    // tree holds. Without the overlays the same spec is a different API.
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("api-diff-git-overlays");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("with/overlays")).unwrap();
    std::fs::create_dir_all(dir.join("without")).unwrap();
    let spec = git_show("HEAD:spec/atlas-admin-v2.yaml");
    std::fs::write(dir.join("with/spec.yaml"), &spec).unwrap();
    std::fs::write(dir.join("without/spec.yaml"), &spec).unwrap();
    let listing = Command::new("git")
        .args(["-C", env!("CARGO_MANIFEST_DIR")])
        .args(["ls-tree", "--full-tree", "--name-only"])
        .arg("HEAD:spec/overlays")
        .output()
        .unwrap();
    let names = String::from_utf8(listing.stdout).unwrap();
    assert!(names.lines().count() > 0, "the workspace spec has overlays");
    for name in names.lines() {
        let text = git_show(&format!("HEAD:spec/overlays/{name}"));
        std::fs::write(dir.join("with/overlays").join(name), text).unwrap();
    }
    let with = dir.join("with/spec.yaml");
    let out = xtask(&["api-diff", "git:HEAD", with.to_str().unwrap()]);
    assert_eq!(
        stdout(&out),
        "No API changes.\n",
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let without = dir.join("without/spec.yaml");
    let out = xtask(&["api-diff", "git:HEAD", without.to_str().unwrap()]);
    assert_ne!(stdout(&out), "No API changes.\n");
}

#[test]
fn errors_exit_1_and_name_what_failed() {
    let new = case("no_change", "new.yaml");
    for (args, expected) in [
        (
            vec!["api-diff", "git:no-such-revision", &new],
            "git show no-such-revision:spec/atlas-admin-v2.yaml",
        ),
        (
            vec!["api-diff", "missing.yaml", &new],
            "cannot read missing.yaml",
        ),
        (vec!["api-diff", &new], "api-diff needs two specs"),
        (
            vec!["api-diff", &new, &new, "--format", "html"],
            "unknown format `html`",
        ),
    ] {
        let out = xtask(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
}

#[test]
fn a_broken_spec_is_an_error_with_its_pointer() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("api-diff-broken");
    std::fs::create_dir_all(&dir).unwrap();
    let broken = dir.join("broken.yaml");
    std::fs::write(
        &broken,
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Order:\n      type: object\n      properties:\n        customer: {$ref: '#/components/schemas/Missing'}\n",
    )
    .unwrap();
    let out = xtask(&[
        "api-diff",
        &case("no_change", "old.yaml"),
        broken.to_str().unwrap(),
        "--fail-on-breaking",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("#/components/schemas/Order/properties/customer"),
        "{stderr}"
    );
}
