//! Constructs generated in a weaker form than the spec describes are warnings with their
//! pointer, returned beside the files; `deny_warnings` makes them errors and generates nothing.

use generator::{generate, Options};

/// An array without `items`, a constrained schema with no type, a JSON body without a schema,
/// and (3.1) an ignored keyword; `{}` (any value, on purpose) is no warning.
const LOOSE: &str = r##"
openapi: 3.1.0
info: {title: t, version: '1'}
servers: [{url: https://api.example.com}]
paths:
  /things:
    get:
      operationId: listThings
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
        '202':
          description: accepted, body undescribed
          content:
            application/json: {}
components:
  schemas:
    Thing:
      type: object
      propertyNames: {pattern: '^[a-z]+$'}
      properties:
        tags: {type: array}
        anything: {description: any value, on purpose}
        code: {pattern: '^[A-Z]+$'}
"##;

#[test]
fn weaker_constructs_are_warnings_with_their_pointers() {
    let files =
        generate(LOOSE, &Options::new("loose.yaml")).expect("warnings do not stop generation");
    let warnings: Vec<String> = files.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(
        warnings,
        [
            "#/components/schemas/Thing/propertyNames: `propertyNames` is ignored: OpenAPI 3.0 has no such keyword, so the generated code neither types nor checks it",
            "#/components/schemas/Thing/properties/tags: an array without `items` is typed as `Vec<serde_json::Value>`",
            "#/components/schemas/Thing/properties/code: a schema with constraints but no `type` is typed as `serde_json::Value`; the constraints are not checked",
        ]
    );
    assert!(!files.files.is_empty());
}

#[test]
fn a_json_body_without_a_schema_warns_unless_it_is_a_204() {
    let spec = r##"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    post:
      operationId: a
      requestBody:
        content:
          application/json: {}
      responses:
        '204':
          description: no body, whatever the content map says
          content:
            application/json: {}
"##;
    let files = generate(spec, &Options::new("a.yaml")).unwrap();
    let pointers: Vec<&str> = files.warnings.iter().map(|w| w.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        ["#/paths/~1a/post/requestBody/content/application~1json"]
    );
}

#[test]
fn denied_warnings_are_errors_and_nothing_is_generated() {
    let mut options = Options::new("loose.yaml");
    options.deny_warnings = true;
    let error = generate(LOOSE, &options).expect_err("warnings are denied");
    let pointers: Vec<&str> = error.pointers().iter().map(|p| p.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "#/components/schemas/Thing/propertyNames",
            "#/components/schemas/Thing/properties/tags",
            "#/components/schemas/Thing/properties/code",
        ]
    );
    assert!(
        error
            .to_string()
            .lines()
            .all(|l| l.starts_with("loose.yaml: #/") && l.ends_with("(warnings are denied)")),
        "{error}"
    );
}

#[test]
fn the_checked_in_atlas_spec_generates_without_warnings() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/atlas-admin-v2.yaml");
    let mut options = Options::new("spec/atlas-admin-v2.yaml");
    options.deny_warnings = true;
    let files = generator::generate_from_path(&path, &options).expect("no warning to deny");
    assert!(files.warnings.is_empty());
}

#[test]
fn ignored_request_media_types_warn_but_other_json_versions_do_not() {
    let spec = r##"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /mixed:
    post:
      operationId: mixed
      requestBody:
        content:
          application/vnd.example.v2+json: {schema: {type: object}}
          application/vnd.example.v1+json: {schema: {type: object}}
          text/plain: {schema: {type: string}}
      responses:
        '204': {description: done}
  /images:
    put:
      operationId: putImage
      requestBody:
        content:
          image/png: {schema: {type: string, format: binary}}
          image/jpeg: {schema: {type: string, format: binary}}
      responses:
        '204': {description: done}
"##;
    let files = generate(spec, &Options::new("mixed.yaml")).expect("warnings only");
    let warnings: Vec<String> = files.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(
        warnings,
        [
            "#/paths/~1mixed/post/requestBody/content/text~1plain: media type ignored: the request body is sent as `application/vnd.example.v2+json`",
            "#/paths/~1images/put/requestBody/content/image~1jpeg: media type ignored: the request body is sent as `image/png`",
        ]
    );
}
