//! The client that `build.rs` generated, called against a local server: requests go out as the
//! spec says, responses come back as its models, through the runtime of `generated-client`
//! built without the Atlas client.

use build_script_example::api::{self, models, operations, Client, Credentials};
use futures_util::StreamExt;
use generated_client::runtime::deps::serde_json::json;
use generated_client::runtime::Error;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const GROUP: &str = "5f1a2b3c4d5e6f708192a3b4";

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .credentials(Credentials::bearer("token-1"))
        .build()
        .unwrap()
}

#[test]
fn the_builder_starts_at_the_spec_server() {
    let client = Client::builder().build().unwrap();
    assert_eq!(client.base_url(), api::DEFAULT_BASE_URL);
    assert_eq!(api::DEFAULT_BASE_URL, "https://api.example.com");
}

#[tokio::test]
async fn get_cluster_asks_for_the_newest_version_and_decodes_the_model() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/api/v2/groups/{GROUP}/clusters/c1")))
        .and(header("accept", "application/vnd.example.2024-01-01+json"))
        .and(header("authorization", "Bearer token-1"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"name": "c1", "id": "abc", "paused": true, "region": "eu"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let cluster = client(&server).get_cluster(GROUP, "c1").await.unwrap();
    assert_eq!(cluster.name, "c1");
    assert_eq!(cluster.id.as_deref(), Some("abc"));
    assert_eq!(cluster.paused, Some(true));
    assert_eq!(cluster.additional_properties["region"], "eu");
}

#[tokio::test]
async fn create_cluster_sends_the_body_without_read_only_fields() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/api/v2/groups/{GROUP}/clusters")))
        .and(header(
            "content-type",
            "application/vnd.example.2024-01-01+json",
        ))
        .and(body_json(json!({"name": "c2", "paused": false})))
        .respond_with(
            ResponseTemplate::new(201).set_body_json(json!({"name": "c2", "id": "new-id"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let mut body = models::Cluster::new("c2".to_owned());
    body.id = Some("ignored".to_owned());
    body.paused = Some(false);
    let created = client(&server)
        .create_cluster(GROUP, &body, &operations::create_cluster::Params::default())
        .await
        .unwrap();
    assert_eq!(created.id.as_deref(), Some("new-id"));
}

#[tokio::test]
async fn the_stream_walks_every_page() {
    let server = MockServer::start().await;
    let page = |n: &str, names: &[&str]| {
        let results: Vec<_> = names.iter().map(|name| json!({"name": name})).collect();
        Mock::given(method("GET"))
            .and(path(format!("/api/v2/groups/{GROUP}/clusters")))
            .and(query_param("itemsPerPage", "2"))
            .and(query_param("pageNum", n))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(json!({"results": results, "totalCount": 3})),
            )
            .expect(1)
    };
    page("1", &["a", "b"]).mount(&server).await;
    page("2", &["c"]).mount(&server).await;
    let client = client(&server);
    let params = operations::list_clusters::Params {
        items_per_page: Some(2),
        ..Default::default()
    };
    let names: Vec<String> = client
        .list_clusters_stream(GROUP, &params)
        .map(|cluster| cluster.unwrap().name)
        .collect()
        .await;
    assert_eq!(names, ["a", "b", "c"]);
}

#[tokio::test]
async fn a_failure_decodes_the_spec_error_body() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(format!("/api/v2/groups/{GROUP}/clusters/gone")))
        .respond_with(ResponseTemplate::new(404).set_body_json(
            json!({"error": 404, "errorCode": "CLUSTER_NOT_FOUND", "detail": "No cluster gone."}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let error = client(&server)
        .delete_cluster(GROUP, "gone")
        .await
        .unwrap_err();
    assert!(error.is_error_code("CLUSTER_NOT_FOUND"), "{error:?}");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
}

#[tokio::test]
async fn arguments_breaking_the_spec_are_refused_before_sending() {
    let server = MockServer::start().await;
    let error = client(&server)
        .get_cluster("not-a-group-id", "c1")
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidArgument(_)), "{error:?}");
    assert!(server.received_requests().await.unwrap().is_empty());
}
