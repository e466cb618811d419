//! Pagination: walking Atlas-style pages (`itemsPerPage`/`pageNum`, `results` + `totalCount`)
//! through a client, the way generated list methods do.

mod common;

use std::sync::Mutex;

use common::{client, json_response, operation_request, received};
use futures_util::StreamExt;
use generated_client::{paginate, Client, Error, ItemStream, OperationRequest, Page, PathBuilder};
use reqwest::{Method, StatusCode};
use serde::Deserialize;
use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PaginatedThings {
    results: Vec<u32>,
    total_count: Option<u64>,
}

impl Page for PaginatedThings {
    type Item = u32;

    fn total_count(&self) -> Option<u64> {
        self.total_count
    }

    fn into_items(self) -> Vec<u32> {
        self.results
    }
}

/// Shaped like generated code: a page method, and a stream method borrowing `self` (that it
/// compiles proves the stream can borrow the client and still be `Send`).
struct ThingsApi {
    client: Client,
}

impl ThingsApi {
    async fn list_things(
        &self,
        group_id: &str,
        page_num: u32,
        items_per_page: u32,
    ) -> Result<PaginatedThings, Error> {
        let path = PathBuilder::new()
            .literal("/groups/")
            .param("groupId", group_id, None)?
            .literal("/things")
            .finish();
        self.client
            .send_json(OperationRequest {
                path_template: "/groups/{groupId}/things",
                query: vec![
                    ("itemsPerPage", items_per_page.to_string()),
                    ("pageNum", page_num.to_string()),
                ],
                ..operation_request("listThings", Method::GET, &path)
            })
            .await
    }

    fn list_things_stream<'a>(
        &'a self,
        group_id: &'a str,
        items_per_page: u32,
    ) -> ItemStream<'a, u32> {
        paginate(items_per_page, 1, move |page_num| async move {
            self.list_things(group_id, page_num, items_per_page).await
        })
    }
}

fn page_body(first: u32, count: u32, total: Option<u64>) -> serde_json::Value {
    let results: Vec<u32> = (first..first + count).collect();
    match total {
        Some(total) => json!({"results": results, "totalCount": total}),
        None => json!({"results": results}),
    }
}

/// Serves `pages` (item count and reported total per page number, starting at 1).
async fn serve_pages(pages: &[(u32, Option<u64>)]) -> MockServer {
    let server = MockServer::start().await;
    let mut first = 0;
    for (index, (count, total)) in pages.iter().enumerate() {
        Mock::given(method("GET"))
            .and(path("/groups/g1/things"))
            .and(query_param("itemsPerPage", "100"))
            .and(query_param("pageNum", (index + 1).to_string()))
            .respond_with(json_response(page_body(first, *count, *total)))
            .mount(&server)
            .await;
        first += count;
    }
    server
}

fn api(server: &MockServer) -> ThingsApi {
    ThingsApi {
        client: client(server),
    }
}

async fn page_numbers_requested(server: &MockServer) -> Vec<String> {
    received(server)
        .await
        .iter()
        .map(|r| {
            r.url
                .query_pairs()
                .find(|(k, _)| k == "pageNum")
                .unwrap()
                .1
                .into_owned()
        })
        .collect()
}

/// Walks `pages` (as `serve_pages` serves them) 100 items at a time: the items, and the page
/// numbers requested.
async fn walk(pages: &[(u32, Option<u64>)]) -> (Vec<u32>, Vec<String>) {
    let server = serve_pages(pages).await;
    let items = api(&server)
        .list_things_stream("g1", 100)
        .map(Result::unwrap)
        .collect()
        .await;
    (items, page_numbers_requested(&server).await)
}

#[tokio::test]
async fn short_last_page_ends_the_walk() {
    let (items, pages) = walk(&[(100, None), (100, None), (37, None), (100, None)]).await;
    assert_eq!(items, (0..237).collect::<Vec<_>>());
    assert_eq!(pages, ["1", "2", "3"]);
}

#[tokio::test]
async fn total_count_ends_the_walk_without_an_extra_request() {
    let (items, pages) = walk(&[(100, Some(200)), (100, Some(200)), (0, Some(200))]).await;
    assert_eq!(items.len(), 200);
    assert_eq!(pages, ["1", "2"]);
}

#[tokio::test]
async fn empty_page_ends_the_walk() {
    let (items, pages) = walk(&[(100, None), (0, None), (100, None)]).await;
    assert_eq!(items.len(), 100);
    assert_eq!(pages, ["1", "2"]);
}

#[tokio::test]
async fn first_error_is_yielded_and_ends_the_stream() {
    let server = serve_pages(&[(100, Some(300))]).await;
    Mock::given(query_param("pageNum", "2"))
        .respond_with(ResponseTemplate::new(500).set_body_string("boom"))
        .mount(&server)
        .await;
    let api = api(&server);
    let results: Vec<Result<u32, Error>> = api.list_things_stream("g1", 100).collect().await;

    assert_eq!(results.len(), 101);
    assert!(results[..100].iter().all(Result::is_ok));
    let error = results[100].as_ref().unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
    assert_eq!(error.raw_body(), Some("boom"));
    assert_eq!(page_numbers_requested(&server).await, ["1", "2"]);
}

#[tokio::test]
async fn invalid_argument_is_yielded_without_a_request() {
    let server = serve_pages(&[]).await;
    let api = api(&server);
    let results: Vec<Result<u32, Error>> = api.list_things_stream("", 100).collect().await;
    assert_eq!(results.len(), 1);
    assert!(matches!(&results[0], Err(Error::InvalidArgument(e)) if e.parameter == "groupId"));
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn start_page_counts_toward_total() {
    let requested = Mutex::new(Vec::new());
    let stream = paginate(10, 3, |page_num| {
        requested.lock().unwrap().push(page_num);
        async move {
            let first = (page_num - 1) * 10;
            Ok::<_, Error>(PaginatedThings {
                results: (first..first + 10).collect(),
                total_count: Some(40),
            })
        }
    });
    let items: Vec<u32> = stream.map(Result::unwrap).collect().await;
    assert_eq!(items, (20..40).collect::<Vec<_>>());
    assert_eq!(*requested.lock().unwrap(), [3, 4]);
}
