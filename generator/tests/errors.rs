//! Broken or unsupported specs give one clear error per problem naming the JSON pointer (or
//! line) of the offending place, every problem in one run, never a panic.

mod common;

#[test]
fn broken_specs_name_the_place() {
    for path in common::yaml_files("errors") {
        let name = common::stem(&path);
        let text = std::fs::read_to_string(&path).unwrap();
        // One `# expect:` line per problem the spec has, in the order they are reported.
        let expected: Vec<&str> = text
            .lines()
            .map_while(|l| l.strip_prefix("# expect: "))
            .collect();
        assert!(
            !expected.is_empty(),
            "{name}: first line must be `# expect: <pointer or line N>`"
        );
        let error = match common::generate(&path) {
            Ok(_) => panic!("{name}: generated code from a broken spec"),
            Err(e) => e,
        };
        match expected[0].strip_prefix("line ") {
            Some(line) => assert!(
                error.to_string().contains(&format!(":{line}:")),
                "{name}: expected line {line} in `{error}`"
            ),
            None => {
                let found: Vec<&str> = error.pointers().iter().map(|p| p.as_str()).collect();
                assert_eq!(found, expected, "{name}: {error}");
            }
        }
        insta::assert_snapshot!(format!("error__{name}"), error.to_string());
    }
}
