//! The README shows this crate's build script and library in full; this keeps them identical.

#[test]
fn readme_shows_the_build_script_and_the_include_verbatim() {
    let readme = include_str!("../../../README.md");
    for (name, text) in [
        ("build.rs", include_str!("../build.rs")),
        ("src/lib.rs", include_str!("../src/lib.rs")),
    ] {
        assert!(
            readme.contains(&format!("```rust\n{text}```")),
            "README.md must show generated-client/build-script-example/{name} in full; copy it again"
        );
    }
    let manifest = include_str!("../Cargo.toml");
    for dependency in ["generated-client = ", "generator = "] {
        let line = manifest
            .lines()
            .find(|l| l.starts_with(dependency))
            .expect("the manifest names the dependency");
        assert!(
            readme.contains(&format!("\n{line}\n")),
            "README.md must show `{line}` as in the manifest"
        );
    }
}
