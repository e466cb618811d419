//! Every fixture spec generates code that matches its reviewed snapshots and compiles cleanly
//! (clippy `-D warnings`, rustdoc `-D warnings`) against the real runtime.

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
