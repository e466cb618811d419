//! The README shows the first example in full; this keeps the two from drifting apart.

#[test]
fn readme_shows_the_flex_snapshot_example_verbatim() {
    let readme = include_str!("../../README.md");
    let example = include_str!("../examples/list_flex_snapshots.rs");
    assert!(
        readme.contains(&format!("```rust\n{example}```")),
        "README.md must show generated-client/examples/list_flex_snapshots.rs in full; copy it again"
    );
}
