//! `cargo xtask codegen` as a user runs it: help, errors with the spec location, `--check`
//! naming stale files, and nothing touched when generation fails.

use std::path::Path;
use std::process::{Command, Output};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .expect("xtask runs")
}

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const BROKEN: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Order:\n      type: object\n      properties:\n        customer: {$ref: '#/components/schemas/Missing'}\n";

#[test]
fn help_explains_the_command() {
    let out = xtask(&["--help"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("cargo xtask codegen [--spec PATH]")
            && text.contains("--check")
            && text.contains("--deny-warnings"),
        "{text}"
    );
}

#[test]
fn a_broken_spec_is_one_error_with_its_pointer_and_changes_nothing() {
    let dir = scratch("broken");
    let spec = dir.join("broken.yaml");
    std::fs::write(&spec, BROKEN).unwrap();
    let out_dir = dir.join("generated");
    std::fs::create_dir_all(&out_dir).unwrap();
    std::fs::write(out_dir.join("models.rs"), "// checked in\n").unwrap();

    let out = xtask(&[
        "codegen",
        "--spec",
        spec.to_str().unwrap(),
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("#/components/schemas/Order/properties/customer"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "one clear message: {stderr}");
    assert_eq!(
        std::fs::read_to_string(out_dir.join("models.rs")).unwrap(),
        "// checked in\n"
    );
    assert_eq!(std::fs::read_dir(&out_dir).unwrap().count(), 1);
}

#[test]
fn codegen_writes_then_check_passes_and_then_names_a_stale_file() {
    let dir = scratch("check");
    let spec =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../generator/tests/fixtures/minimal.yaml");
    let out_dir = dir.join("generated");
    let (spec, out) = (spec.to_str().unwrap(), out_dir.to_str().unwrap());

    assert!(xtask(&["codegen", "--spec", spec, "--out", out])
        .status
        .success());
    let check = xtask(&["codegen", "--spec", spec, "--out", out, "--check"]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );

    let models = out_dir.join("models/mod.rs");
    let original = std::fs::read_to_string(&models).unwrap();
    std::fs::write(&models, format!("{original}// edited by hand\n")).unwrap();
    std::fs::write(out_dir.join("leftover.rs"), "").unwrap();
    std::fs::write(out_dir.join("models/leftover.rs"), "").unwrap();
    std::fs::create_dir_all(out_dir.join("old")).unwrap();
    std::fs::write(out_dir.join("old/models.rs"), "").unwrap();
    let check = xtask(&["codegen", "--spec", spec, "--out", out, "--check"]);
    assert_eq!(check.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(stderr.contains("models/mod.rs differs"), "{stderr}");
    for gone in ["/leftover.rs", "/models/leftover.rs", "/old/models.rs"] {
        assert!(
            stderr.contains(&format!("{gone} is no longer generated")),
            "{stderr}"
        );
    }
    assert!(stderr.contains("run `cargo xtask codegen`"), "{stderr}");
    assert!(
        std::fs::read_to_string(&models)
            .unwrap()
            .ends_with("// edited by hand\n"),
        "--check changes nothing"
    );

    assert!(xtask(&["codegen", "--spec", spec, "--out", out])
        .status
        .success());
    assert_eq!(std::fs::read_to_string(&models).unwrap(), original);
    assert!(!out_dir.join("leftover.rs").exists());
    assert!(!out_dir.join("old").exists());
}

#[test]
fn unknown_arguments_are_refused() {
    let out = xtask(&["codegen", "--frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown argument `--frobnicate`"));
}

const SPEC: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /things:\n    get:\n      operationId: listThings\n      parameters:\n        - {name: flag, in: query, schema: {type: boolean}}\n      responses:\n        '204': {description: none}\n";

fn overlay_text(actions: &str) -> String {
    format!("overlay: 1.0.0\ninfo: {{title: t, version: '1'}}\nactions:\n{actions}")
}

#[test]
fn overlays_beside_the_spec_then_each_overlay_flag_apply_in_order() {
    let dir = scratch("overlays");
    let spec = dir.join("api.yaml");
    std::fs::write(&spec, SPEC).unwrap();
    std::fs::create_dir_all(dir.join("overlays")).unwrap();
    // File-name order, whatever order they were written in.
    std::fs::write(
        dir.join("overlays/20-second.yaml"),
        overlay_text("  - target: $.paths['/things'].get\n    update: {summary: second}\n"),
    )
    .unwrap();
    std::fs::write(
        dir.join("overlays/10-first.yaml"),
        overlay_text("  - target: $.paths['/things'].get\n    update: {summary: first}\n"),
    )
    .unwrap();
    std::fs::write(dir.join("overlays/README.md"), "not an overlay").unwrap();
    let extra = dir.join("extra.yaml");
    std::fs::write(
        &extra,
        overlay_text("  - target: $.paths['/things'].get\n    update: {summary: last}\n"),
    )
    .unwrap();
    let out_dir = dir.join("generated");

    let out = xtask(&[
        "codegen",
        "--spec",
        spec.to_str().unwrap(),
        "--overlay",
        extra.to_str().unwrap(),
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let operations = std::fs::read_to_string(out_dir.join("operations/mod.rs")).unwrap();
    // Shown relative to the workspace when inside it, like the spec.
    let header: Vec<&str> = operations.lines().skip(1).take(4).collect();
    let expected = [
        "overlays/overlays/10-first.yaml",
        "overlays/overlays/20-second.yaml",
        "overlays/extra.yaml",
    ];
    assert_eq!(header.len(), 4);
    for (line, name) in header.iter().zip(expected) {
        assert!(
            line.starts_with("// overlay applied: ") && line.ends_with(name),
            "{header:?}"
        );
    }
    assert_eq!(header[3], "", "{header:?}");
    let all: String = std::fs::read_dir(out_dir.join("operations"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert!(all.contains("/// last\n"), "{all}");
}

#[test]
fn a_broken_overlay_is_one_error_naming_it_and_changes_nothing() {
    let dir = scratch("broken-overlay");
    let spec = dir.join("api.yaml");
    std::fs::write(&spec, SPEC).unwrap();
    let out_dir = dir.join("generated");
    std::fs::create_dir_all(&out_dir).unwrap();
    std::fs::write(out_dir.join("models.rs"), "// checked in\n").unwrap();
    let cases = [
        (
            "invalid.yaml",
            overlay_text("  - target: '$.paths['\n    remove: true\n"),
            "invalid.yaml: #/actions/0/target: `$.paths[` is not an RFC 9535 JSONPath query",
        ),
        (
            "no-match.yaml",
            overlay_text("  - target: $.paths['/things'].get\n    update: {summary: s}\n  - target: $.paths['/other']\n    remove: true\n"),
            "no-match.yaml: #/actions/1/target: `$.paths['/other']` matches nothing in",
        ),
        (
            "not-overlay.yaml",
            "openapi: 3.0.3\n".to_owned(),
            "not-overlay.yaml: #: not an overlay document",
        ),
    ];
    for (name, text, expected) in cases {
        let overlay = dir.join(name);
        std::fs::write(&overlay, text).unwrap();
        let out = xtask(&[
            "codegen",
            "--spec",
            spec.to_str().unwrap(),
            "--overlay",
            overlay.to_str().unwrap(),
            "--out",
            out_dir.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(1), "{name}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(expected), "{name}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "one clear message: {stderr}");
        assert_eq!(
            std::fs::read_to_string(out_dir.join("models.rs")).unwrap(),
            "// checked in\n"
        );
        assert_eq!(std::fs::read_dir(&out_dir).unwrap().count(), 1);
    }
    let out = xtask(&["codegen", "--overlay"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--overlay needs a file"));
}

const LOOSE: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Bag:\n      type: object\n      properties:\n        things: {type: array}\n";

const WARNING: &str = "#/components/schemas/Bag/properties/things: an array without `items` is typed as `Vec<serde_json::Value>`";

#[test]
fn warnings_are_printed_with_their_pointer_and_the_files_are_written() {
    let dir = scratch("warnings");
    let spec = dir.join("loose.yaml");
    std::fs::write(&spec, LOOSE).unwrap();
    let out_dir = dir.join("generated");
    let out = xtask(&[
        "codegen",
        "--spec",
        spec.to_str().unwrap(),
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(
        lines[0].starts_with("warning: ") && lines[0].ends_with(&format!("loose.yaml: {WARNING}")),
        "{stderr}"
    );
    assert!(out_dir.join("models/mod.rs").exists());
}

#[test]
fn deny_warnings_fails_and_writes_nothing() {
    let dir = scratch("deny_warnings");
    let spec = dir.join("loose.yaml");
    std::fs::write(&spec, LOOSE).unwrap();
    let out_dir = dir.join("generated");
    let out = xtask(&[
        "codegen",
        "--spec",
        spec.to_str().unwrap(),
        "--out",
        out_dir.to_str().unwrap(),
        "--deny-warnings",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(
        lines[0].starts_with("error: ")
            && lines[0].ends_with(&format!("loose.yaml: {WARNING} (warnings are denied)")),
        "{stderr}"
    );
    assert!(!out_dir.exists(), "nothing is written");
}

#[test]
fn several_errors_are_printed_one_per_line() {
    let dir = scratch("several");
    let spec = dir.join("several.yaml");
    let text = format!("{BROKEN}        total: {{type: integer, minimum: low}}\n        lines: {{type: array, items: 7}}\n");
    std::fs::write(&spec, text).unwrap();
    let out = xtask(&[
        "codegen",
        "--spec",
        spec.to_str().unwrap(),
        "--out",
        dir.join("generated").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(lines[0].starts_with("error: ") && lines[0].ends_with("#/components/schemas/Order/properties/total/minimum: expected a number, found a string"), "{stderr}");
    assert!(lines[1].starts_with("error: ") && lines[1].ends_with("#/components/schemas/Order/properties/lines/items: expected a schema (an object), found a number"), "{stderr}");
}

fn spec_path() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../spec/atlas-admin-v2.yaml")
        .to_str()
        .unwrap()
        .to_owned()
}

/// The `.rs` files under `dir` (subdirectories too), sorted by path, one after the other.
fn read_tree(dir: &Path) -> String {
    fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut paths = Vec::new();
    walk(dir, &mut paths);
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

fn generated_operations(out_dir: &Path) -> Vec<String> {
    let text = read_tree(&out_dir.join("operations"));
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("pub fn "))
        .map(|rest| rest.split('(').next().unwrap().to_owned())
        // Page streams (`list_x_stream<'a>`) are not operations of their own.
        .filter(|name| !name.contains('<'))
        .collect()
}

#[test]
fn codegen_generates_only_the_selected_operations_and_tags() {
    let dir = scratch("selected");
    let out_dir = dir.join("generated");
    let out = xtask(&[
        "codegen",
        "--spec",
        &spec_path(),
        "--out",
        out_dir.to_str().unwrap(),
        "--operations",
        "listFlexBackups,getPrivateEndpoint",
        "--tags=Online Archive",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        generated_operations(&out_dir),
        [
            "list_flex_backups",
            "create_online_archive",
            "get_online_archive",
            "get_private_endpoint"
        ]
    );
    let models = read_tree(&out_dir.join("models"));
    assert!(
        models.contains("pub enum CriteriaView"),
        "union variants come along"
    );
    assert!(!models.contains("StreamsProcessor"));
}

#[test]
fn an_unknown_operation_is_refused_with_the_closest_names() {
    let dir = scratch("unknown-operation");
    let out = xtask(&[
        "codegen",
        "--spec",
        &spec_path(),
        "--out",
        dir.join("generated").to_str().unwrap(),
        "--operations",
        "getOnlineArchives",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "#/paths: no operation has operationId `getOnlineArchives` (closest: `getOnlineArchive`"
        ),
        "{stderr}"
    );
    assert!(!dir.join("generated").exists(), "nothing is written");
}

#[test]
fn slice_writes_a_document_that_generates_and_merges_into_a_copy_of_the_spec() {
    let help = xtask(&["slice", "--help"]);
    assert!(String::from_utf8_lossy(&help.stdout).contains("--into FILE"));
    let missing = xtask(&[
        "slice",
        "--spec",
        &spec_path(),
        "--operations",
        "listFlexBackups",
    ]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("--out FILE or --into FILE"));

    let dir = scratch("slice");
    let sliced = dir.join("flex.yaml");
    let out = xtask(&[
        "slice",
        "--spec",
        &spec_path(),
        "--tags",
        "Flex Snapshots",
        "--out",
        sliced.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&sliced).unwrap();
    assert!(text.contains("operationId: listFlexBackups"));
    assert!(!text.contains("operationId: getOnlineArchive"));

    // Into a document that has listFlexBackups only: the other operation is added, the
    // original text stays, and running it again adds nothing.
    let target = dir.join("target.yaml");
    let first = xtask(&[
        "slice",
        "--spec",
        sliced.to_str().unwrap(),
        "--operations",
        "listFlexBackups",
        "--out",
        target.to_str().unwrap(),
    ]);
    assert!(first.status.success());
    let target_text = format!(
        "# kept by hand\n{}",
        std::fs::read_to_string(&target).unwrap()
    );
    std::fs::write(&target, &target_text).unwrap();
    let into = |ids: &str| {
        xtask(&[
            "slice",
            "--spec",
            &spec_path(),
            "--operations",
            ids,
            "--drop-extensions",
            "--into",
            target.to_str().unwrap(),
        ])
    };
    let merged = into("getOnlineArchive");
    assert!(
        merged.status.success(),
        "{}",
        String::from_utf8_lossy(&merged.stderr)
    );
    let stdout = String::from_utf8_lossy(&merged.stdout);
    assert!(
        stdout.contains("added #/components/schemas/BackupOnlineArchive"),
        "{stdout}"
    );
    let text = std::fs::read_to_string(&target).unwrap();
    let mut rest = text.lines();
    for line in target_text.lines() {
        assert!(rest.any(|l| l == line), "lost `{line}`:\n{text}");
    }
    assert!(!text.contains("x-xgen"), "--drop-extensions");
    assert!(text.contains("operationId: getOnlineArchive"));
    let again = into("getOnlineArchive");
    assert!(String::from_utf8_lossy(&again.stdout).contains("added 0 entries"));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), text);

    let unknown = into("getOnlineArchiv");
    assert_eq!(unknown.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        text,
        "nothing written"
    );
}
