//! Clients of fixture specs are checked in under `generated-client/tests/wire/`, where tests
//! call them against a local server; they must be what their fixture generates today.

use xtask::{stale_files, workspace_root};

/// Fixture specs (in `generator/tests/fixtures/`) whose clients are tested on the wire.
const WIRE_FIXTURES: &[&str] = &["parameter_styles", "request_bodies"];

#[test]
fn wire_clients_match_their_fixtures() {
    let root = workspace_root();
    for name in WIRE_FIXTURES {
        let spec = format!("generator/tests/fixtures/{name}.yaml");
        let out = format!("generated-client/tests/wire/{name}");
        let files = xtask::generate(&root.join(&spec), &root).expect("the fixture generates");
        let stale = stale_files(&files, &root.join(&out), &out);
        let listing: Vec<String> = stale
            .iter()
            .map(|s| format!("  {} {}", s.path, s.reason))
            .collect();
        assert!(
            stale.is_empty(),
            "the wire client of {name} is stale:\n{}\nrun `cargo xtask codegen --spec {spec} --out {out}` and commit the result",
            listing.join("\n")
        );
    }
}
