//! The change report: one spec pair per kind of change under `tests/api_diff/<case>/`, each
//! with its reviewed report, and the acceptance case: one field added to the real Atlas spec.

mod common;

use generator::api_diff::{diff, render_markdown, render_text, Impact, Report};
use generator::surface::{from_spec, render, Surface};
use std::path::Path;

fn surface_of(path: &Path) -> Surface {
    let text = std::fs::read_to_string(path).unwrap();
    from_spec(&text, &generator::Options::new("spec.yaml"))
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn case(name: &str) -> Report {
    let dir = common::manifest_dir().join("tests/api_diff").join(name);
    diff(
        &surface_of(&dir.join("old.yaml")),
        &surface_of(&dir.join("new.yaml")),
    )
}

fn case_names() -> Vec<String> {
    let dir = common::manifest_dir().join("tests/api_diff");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn every_case_matches_its_reviewed_report() {
    for name in case_names() {
        insta::assert_snapshot!(format!("case__{name}"), render_text(&case(&name)));
    }
}

#[test]
fn each_case_is_judged_breaking_or_not() {
    // (case, breaking, worst impact for a Rust caller, worst impact on the wire)
    use Impact::*;
    let expected = [
        ("enum_value_added", false, Attention, None),
        ("enum_value_removed", true, Breaking, Breaking),
        ("field_added_optional", false, Attention, None),
        ("field_added_required", true, Breaking, Breaking),
        ("field_removed", true, Breaking, Attention),
        ("field_retyped", true, Breaking, Breaking),
        ("media_type_version_changed", false, None, Attention),
        ("no_change", false, None, None),
        ("operation_added_and_removed", true, Breaking, Breaking),
        ("operation_deprecated", false, Attention, None),
        ("optional_made_required", true, Breaking, Breaking),
        ("path_changed", true, None, Breaking),
        ("query_param_added", true, Breaking, None),
        ("read_only_added", true, None, Breaking),
        ("recursive_schema_renamed", true, Breaking, None),
        ("response_field_added_required", true, Breaking, None),
        ("schema_renamed", true, Breaking, None),
        ("union_variant_added", false, Attention, None),
    ];
    let names: Vec<&str> = expected.iter().map(|e| e.0).collect();
    assert_eq!(names, case_names(), "every case has an expectation");
    for (name, breaking, rust, wire) in expected {
        let report = case(name);
        let worst = |side: fn(&generator::api_diff::Change) -> Impact| {
            report.changes().map(side).max().unwrap_or(None)
        };
        assert_eq!(report.is_breaking(), breaking, "{name}");
        assert_eq!(worst(|c| c.rust.impact), rust, "{name}: Rust");
        assert_eq!(worst(|c| c.wire.impact), wire, "{name}: wire");
    }
}

#[test]
fn markdown_starts_with_the_summary_then_a_table_per_group() {
    let report = render_markdown(&case("schema_renamed"));
    assert!(
        report.starts_with("**API changes: 4 breaking, 0 to check, 1 compatible.**\n"),
        "{report}"
    );
    insta::assert_snapshot!("markdown__schema_renamed", report);
}

fn atlas_spec() -> String {
    std::fs::read_to_string(common::manifest_dir().join("../spec/atlas-admin-v2.yaml")).unwrap()
}

/// As `cargo xtask codegen` generates the client: with the spec's overlays.
fn atlas_options() -> generator::Options {
    let mut options = generator::Options::new("spec/atlas-admin-v2.yaml");
    options.overlays = common::atlas_overlays();
    options
}

/// The Atlas spec with one optional property added to `BackupOnlineArchive`.
fn with_archive_tier(spec: &str) -> String {
    let anchor = "    BackupOnlineArchive:\n      type: object\n      properties:\n";
    let at = spec.find(anchor).expect("BackupOnlineArchive in the spec") + anchor.len();
    let field = "        archiveTier:\n          description: Storage tier of the archive.\n          type: string\n";
    format!("{}{field}{}", &spec[..at], &spec[at..])
}

#[test]
fn one_field_added_to_backup_online_archive_is_one_surface_line_and_a_named_change() {
    let options = atlas_options();
    let old = from_spec(&atlas_spec(), &options).unwrap();
    let new = from_spec(&with_archive_tier(&atlas_spec()), &options).unwrap();

    let (old_text, new_text) = (render(&old), render(&new));
    let old_lines: Vec<&str> = old_text.lines().collect();
    let added: Vec<&str> = new_text
        .lines()
        .filter(|l| !old_lines.contains(l))
        .collect();
    let new_lines: Vec<&str> = new_text.lines().collect();
    assert!(
        old_lines.iter().all(|l| new_lines.contains(l)),
        "no line removed"
    );
    assert_eq!(
        added,
        [r#"field BackupOnlineArchive.archive_tier: Option<String> ("archiveTier", optional)"#]
    );

    let report = diff(&old, &new);
    assert!(!report.is_breaking());
    assert_eq!(report.changes().count(), 1, "{}", render_text(&report));
    insta::assert_snapshot!("atlas__archive_tier_added", render_text(&report));
}

#[test]
fn a_spec_compared_with_itself_has_no_changes() {
    let options = atlas_options();
    let atlas = from_spec(&atlas_spec(), &options).unwrap();
    let report = diff(&atlas, &atlas);
    assert_eq!(report.changes().count(), 0);
    assert_eq!(render_text(&report), "No API changes.\n");
}
