//! Path building: every parameter value stays exactly one segment, and bad values are caught
//! before sending.

mod common;

use common::{operation_request, received, serve};
use generated_client::{
    matches_pattern, ArgumentError, ClientBuilder, OperationRequest, PathBuilder,
};
use percent_encoding::percent_decode_str;
use proptest::prelude::*;
use reqwest::Method;
use wiremock::ResponseTemplate;

const GROUP_ID: &str = "^([a-f0-9]{24})$";

fn one_param(value: &str) -> Result<String, ArgumentError> {
    Ok(PathBuilder::new()
        .literal("/users/")
        .param("username", value, None)?
        .literal("/roles")
        .finish())
}

#[test]
fn reserved_characters_are_encoded() {
    let cases = [
        ("a/b", "a%2Fb"),
        ("a/../b", "a%2F..%2Fb"),
        ("..%2F", "..%252F"),
        ("what?x=1", "what%3Fx%3D1"),
        ("frag#ment", "frag%23ment"),
        ("100%", "100%25"),
        ("with space", "with%20space"),
        ("user@example.com", "user%40example.com"),
        ("ünïcode", "%C3%BCn%C3%AFcode"),
        ("plain-value_1.2~x", "plain-value_1.2~x"),
    ];
    for (value, encoded) in cases {
        assert_eq!(
            one_param(value).unwrap(),
            format!("/users/{encoded}/roles"),
            "{value}"
        );
    }
}

#[test]
fn dot_segments_and_empty_values_are_rejected() {
    for value in [".", "..", ""] {
        let error = one_param(value).unwrap_err();
        assert_eq!(error.parameter, "username", "{value:?}");
    }
    assert_eq!(
        one_param("").unwrap_err().to_string(),
        "invalid value for parameter `username`: must not be empty"
    );
    // Dots inside a longer value are harmless.
    assert_eq!(one_param("...").unwrap(), "/users/.../roles");
}

#[test]
fn pattern_mismatch_names_the_parameter() {
    let error = PathBuilder::new()
        .literal("/groups/")
        .param("groupId", "not-an-id", Some(GROUP_ID))
        .unwrap_err();
    assert_eq!(error.parameter, "groupId");
    assert_eq!(
        error.to_string(),
        "invalid value for parameter `groupId`: does not match pattern ^([a-f0-9]{24})$"
    );
    let path = PathBuilder::default()
        .literal("/groups/")
        .param("groupId", "32b6e34b3d91647abb20e7b8", Some(GROUP_ID))
        .unwrap()
        .finish();
    assert_eq!(path, "/groups/32b6e34b3d91647abb20e7b8");
    assert!(matches_pattern(GROUP_ID, "32b6e34b3d91647abb20e7b8"));
    assert!(!matches_pattern(GROUP_ID, "32B6E34B3D91647ABB20E7B8"));
}

#[tokio::test]
async fn encoded_value_reaches_the_server_as_one_segment() {
    let server = serve(ResponseTemplate::new(204)).await;
    let client = ClientBuilder::new(&server.uri()).build().unwrap();
    let path = one_param("a/../../b?c#d").unwrap();
    client
        .send_empty::<serde_json::Value>(OperationRequest {
            path_template: "/users/{username}/roles",
            ..operation_request("getUserRoles", Method::GET, &path)
        })
        .await
        .unwrap();
    let requests = received(&server).await;
    assert_eq!(
        requests[0].url.path(),
        "/users/a%2F..%2F..%2Fb%3Fc%23d/roles"
    );
    assert_eq!(requests[0].url.query(), None);
}

proptest! {
    #[test]
    fn any_value_is_one_reversible_segment(value in "\\PC{1,40}") {
        prop_assume!(value != "." && value != "..");
        let path = one_param(&value).unwrap();
        let segment = path
            .strip_prefix("/users/")
            .and_then(|rest| rest.strip_suffix("/roles"))
            .unwrap();
        prop_assert!(!segment.contains(['/', '?', '#', ' ']));
        prop_assert_eq!(percent_decode_str(segment).decode_utf8().unwrap(), value.as_str());
    }
}
