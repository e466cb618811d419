//! Broken or unsupported specs give one clear error naming the JSON pointer (or line) of the
//! offending place, never a panic.

mod common;

#[test]
fn broken_specs_name_the_place() {
    for path in common::yaml_files("errors") {
        let name = common::stem(&path);
        let text = std::fs::read_to_string(&path).unwrap();
        let expect = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# expect: "))
            .unwrap_or_else(|| {
                panic!("{name}: first line must be `# expect: <pointer or line N>`")
            });
        let error = match common::generate(&path) {
            Ok(_) => panic!("{name}: generated code from a broken spec"),
            Err(e) => e,
        };
        match expect.strip_prefix("line ") {
            Some(line) => assert!(
                error.to_string().contains(&format!(":{line}:")),
                "{name}: expected line {line} in `{error}`"
            ),
            None => assert_eq!(
                error.pointer().map(|p| p.as_str()),
                Some(expect),
                "{name}: {error}"
            ),
        }
        insta::assert_snapshot!(format!("error__{name}"), error.to_string());
    }
}
