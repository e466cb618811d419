//! Generator options that reach the generated code.

#[test]
fn error_fields_follow_the_options() {
    let spec = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/minimal.yaml"
    ))
    .unwrap();
    let mut options = generator::Options::new("minimal.yaml");
    options.error_code_property = "code".to_owned();
    options.error_message_properties = vec!["message".to_owned(), "title".to_owned()];
    let files = generator::generate(&spec, &options).unwrap();
    let root = &files
        .files
        .iter()
        .find(|f| f.path == "mod.rs")
        .unwrap()
        .contents;
    assert!(
        root.contains("    code: Some(\"code\"),\n    message: &[\"message\", \"title\"],\n"),
        "{root}"
    );

    options.error_code_property = String::new();
    options.error_message_properties.clear();
    let files = generator::generate(&spec, &options).unwrap();
    let root = &files
        .files
        .iter()
        .find(|f| f.path == "mod.rs")
        .unwrap()
        .contents;
    assert!(
        root.contains("    code: None,\n    message: &[],\n"),
        "{root}"
    );
}
