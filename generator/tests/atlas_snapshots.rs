//! Snapshots of every file generated from the Atlas spec with its overlays, as
//! `cargo xtask codegen` generates it: a change to either shows up in review as a readable diff
//! of the generated code.

mod common;

#[test]
fn atlas_client_matches_its_snapshots() {
    let root = common::manifest_dir().parent().unwrap().to_path_buf();
    let text = std::fs::read_to_string(root.join("spec/atlas-admin-v2.yaml")).unwrap();
    let mut options = generator::Options::new("spec/atlas-admin-v2.yaml");
    options.overlays = common::atlas_overlays();
    let files = generator::generate(&text, &options).unwrap();
    for file in &files.files {
        insta::assert_snapshot!(
            format!("atlas__{}", file.path.replace(".rs", "").replace('/', "__")),
            &file.contents
        );
    }
}
