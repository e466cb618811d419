//! Snapshots of every file generated from the Atlas spec: a spec change shows up in review as
//! a readable diff of the generated code.

#[test]
fn atlas_client_matches_its_snapshots() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap();
    let text = std::fs::read_to_string(root.join("spec/atlas-admin-v2.yaml")).unwrap();
    let files =
        generator::generate(&text, &generator::Options::new("spec/atlas-admin-v2.yaml")).unwrap();
    for file in &files.files {
        insta::assert_snapshot!(
            format!("atlas__{}", file.path.replace(".rs", "")),
            &file.contents
        );
    }
}
