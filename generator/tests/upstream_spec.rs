//! The whole upstream Atlas Admin API v2 spec (454 operations, 824 schemas, every polymorphism
//! pattern Atlas uses) generates, and the generated client compiles cleanly.

mod common;

use std::path::PathBuf;

fn upstream_spec() -> PathBuf {
    let path =
        common::manifest_dir().join("../../shared/reference/atlas-admin-api-v2-2025-06-30.yaml");
    assert!(
        path.exists(),
        "the upstream spec is expected at {} (shared/ beside the checkout)",
        path.display()
    );
    path
}

#[test]
fn upstream_spec_generates_a_client_that_compiles() {
    let text = std::fs::read_to_string(upstream_spec()).unwrap();
    let files = generator::generate(
        &text,
        &generator::Options::new("atlas-admin-api-v2-2025-06-30.yaml"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(common::operation_methods(&files), 454);
    // Of the Rust files: `API.txt` is a listing, read by searching, not a module to open.
    let longest = files
        .files
        .iter()
        .filter(|f| f.path.ends_with(".rs"))
        .max_by_key(|f| f.contents.lines().count());
    let longest = longest.unwrap();
    assert!(
        longest.contents.lines().count() <= 5_000,
        "{} has {} lines",
        longest.path,
        longest.contents.lines().count()
    );
    // Each warning is deserved: a 200/202 response declaring a JSON media type and no schema,
    // whose body the client can only return as `serde_json::Value`.
    assert_eq!(files.warnings.len(), 25);
    for w in &files.warnings {
        assert!(
            w.message == "a JSON body without a `schema` is typed as `serde_json::Value`"
                && (w.pointer.as_str().contains("/responses/200/")
                    || w.pointer.as_str().contains("/responses/202/")),
            "{w}"
        );
    }
    common::check_crates("upstream-crate", vec![("atlas_upstream".to_owned(), files)]);
}
