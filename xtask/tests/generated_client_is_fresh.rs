//! The checked-in client is what the spec generates: the same check as
//! `cargo xtask codegen --check`, so a plain `cargo test` catches a stale client.

use xtask::{stale_files, workspace_root, DEFAULT_SPEC, OUTPUT_DIR};

#[test]
fn checked_in_client_matches_the_spec() {
    let root = workspace_root();
    let files = xtask::generate(&root.join(DEFAULT_SPEC), &root).expect("the spec generates");
    let stale = stale_files(&files, &root.join(OUTPUT_DIR), OUTPUT_DIR);
    let listing: Vec<String> = stale
        .iter()
        .map(|s| format!("  {} {}", s.path, s.reason))
        .collect();
    assert!(
        stale.is_empty(),
        "the generated client is stale:\n{}\nrun `cargo xtask codegen` and commit the result",
        listing.join("\n")
    );
}

#[test]
fn check_names_a_changed_file() {
    let root = workspace_root();
    let mut files = xtask::generate(&root.join(DEFAULT_SPEC), &root).unwrap();
    files.files[1].contents.push_str("// changed\n");
    let stale = stale_files(&files, &root.join(OUTPUT_DIR), OUTPUT_DIR);
    assert_eq!(stale.len(), 1);
    assert_eq!(
        stale[0].path,
        format!("{OUTPUT_DIR}/{}", files.files[1].path)
    );
}
