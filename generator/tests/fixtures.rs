//! Every fixture spec generates code that matches its reviewed snapshots and compiles cleanly
//! (clippy `-D warnings`, rustdoc `-D warnings`) against the real runtime, both in the
//! runtime's crate and bundled into another crate as a build script would.

mod common;

#[test]
fn fixtures_match_their_snapshots() {
    for path in common::yaml_files("fixtures") {
        let name = common::stem(&path);
        let files = common::generate(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        for file in &files.files {
            insta::assert_snapshot!(
                format!(
                    "{name}__{}",
                    file.path.replace(".rs", "").replace('/', "__")
                ),
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

#[test]
fn fixtures_compile_without_warnings() {
    let crates = common::yaml_files("fixtures")
        .iter()
        .map(|path| {
            (
                format!("fixture_{}", common::stem(path)),
                common::generate(path).unwrap(),
            )
        })
        .collect();
    common::check_crates("fixture-crates", crates);
}

#[test]
fn fixture_bundles_compile_in_another_crate() {
    let root = common::manifest_dir().parent().unwrap().to_path_buf();
    let atlas = root.join("spec/atlas-admin-v2.yaml");
    let crates = common::yaml_files("fixtures")
        .into_iter()
        .chain([atlas])
        .map(|path| {
            let name = common::stem(&path).replace('-', "_");
            let options =
                generator::Options::new(format!("{name}.yaml")).runtime_crate("generated_client");
            let files = generator::generate_from_path(&path, &options)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            let bundle = generator::bundle(&files).unwrap_or_else(|e| panic!("{name}: {e}"));
            (format!("bundle_{name}"), bundle)
        })
        .collect();
    common::check_bundle_crates("bundle-crates", crates);
}
