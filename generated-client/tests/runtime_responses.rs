//! Responses that do not match the spec: decode failures name the JSON path of the value, and
//! bodies over the size limit are refused without being read to the end.

mod common;

use common::{operation_request, serve};
use generated_client::{Client, ClientBuilder, Error, RetryPolicy};
use reqwest::Method;
use serde::Deserialize;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use wiremock::ResponseTemplate;

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Page {
    results: Vec<Item>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Item {
    name: String,
    size: i32,
    #[serde(flatten)]
    rest: serde_json::Map<String, serde_json::Value>,
}

fn client_of(uri: &str, max_response_bytes: usize) -> Client {
    ClientBuilder::wrapping(uri)
        .max_response_bytes(max_response_bytes)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
}

async fn list_things(client: &Client) -> Result<Page, Error> {
    client
        .send_json(operation_request("listThings", Method::GET, "/things"))
        .await
}

#[tokio::test]
async fn a_value_of_the_wrong_type_is_named_by_its_path() {
    let item = |size: serde_json::Value| json!({"name": "n", "size": size, "extra": 1});
    let body =
        json!({"results": [item(json!(1)), item(json!(2)), item(json!(3)), item(json!("x"))]});
    let text = serde_json::to_string(&body).unwrap();
    let server = serve(ResponseTemplate::new(200).set_body_string(text.clone())).await;
    let error = list_things(&client_of(&server.uri(), 1 << 20))
        .await
        .unwrap_err();
    let Error::Decode {
        operation_id,
        status,
        path,
        message,
        raw_body,
    } = &error
    else {
        panic!("expected a decode error, got {error:?}");
    };
    assert_eq!(*operation_id, "listThings");
    assert_eq!(*status, 200);
    assert_eq!(path, "results[3].size");
    assert!(
        message.starts_with(r#"invalid type: string "x", expected i32"#),
        "{message}"
    );
    assert_eq!(raw_body, &text);
    let shown = error.to_string();
    assert!(
        shown.starts_with(
            r#"could not decode the 200 response of operation `listThings`: results[3].size: invalid type: string "x", expected i32"#
        ),
        "{shown}"
    );
}

#[tokio::test]
async fn a_long_body_stays_whole_on_the_error() {
    let names: Vec<_> = (0..200)
        .map(|i| json!({"name": format!("thing-{i}"), "size": i}))
        .collect();
    let mut body = json!({"results": names});
    body["results"][150]["name"] = json!(null);
    let text = serde_json::to_string(&body).unwrap();
    assert!(text.len() > 5000);
    let server = serve(ResponseTemplate::new(200).set_body_string(text.clone())).await;
    let error = list_things(&client_of(&server.uri(), 1 << 20))
        .await
        .unwrap_err();
    assert_eq!(error.raw_body(), Some(text.as_str()));
    assert!(matches!(&error, Error::Decode { path, .. } if path == "results[150].name"));
}

#[tokio::test]
async fn a_body_at_the_limit_is_read() {
    let body = serde_json::to_string(&json!({"results": []})).unwrap();
    let server = serve(ResponseTemplate::new(200).set_body_string(body.clone())).await;
    let page = list_things(&client_of(&server.uri(), body.len()))
        .await
        .unwrap();
    assert!(page.results.is_empty());
}

#[tokio::test]
async fn a_body_announced_over_the_limit_is_refused() {
    let body = serde_json::to_string(&json!({"results": []})).unwrap();
    for status in [200, 500] {
        let server = serve(ResponseTemplate::new(status).set_body_string(body.clone())).await;
        let error = list_things(&client_of(&server.uri(), body.len() - 1))
            .await
            .unwrap_err();
        assert!(
            matches!(
                &error,
                Error::ResponseTooLarge { operation_id: "listThings", status: s, limit }
                    if *s == status && *limit == body.len() - 1
            ),
            "{error:?}"
        );
        assert!(
            error.to_string().contains(&format!(
                "is larger than the limit of {} bytes",
                body.len() - 1
            )),
            "{error}"
        );
    }
}

/// A server that answers one request with a chunked body (no `Content-Length`) of `total`
/// bytes; returns its address and how many body bytes it managed to write before the client
/// hung up.
async fn chunked_server(total: usize) -> (String, tokio::task::JoinHandle<usize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut request = Vec::new();
        let mut buffer = [0u8; 1024];
        while !request.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = socket.read(&mut buffer).await.unwrap();
            assert!(n > 0, "the client closed before sending its request");
            request.extend_from_slice(&buffer[..n]);
        }
        let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
        socket.write_all(head.as_bytes()).await.unwrap();
        let chunk = vec![b' '; 64 * 1024];
        let mut written = 0;
        while written < total {
            let frame = [format!("{:x}\r\n", chunk.len()).as_bytes(), &chunk, b"\r\n"].concat();
            if socket.write_all(&frame).await.is_err() {
                return written;
            }
            written += chunk.len();
        }
        let _ = socket.write_all(b"0\r\n\r\n").await;
        written
    });
    (address, task)
}

#[tokio::test]
async fn a_streamed_body_over_the_limit_is_cut_off() {
    const TOTAL: usize = 512 * 1024 * 1024;
    const LIMIT: usize = 256 * 1024;
    let (address, server) = chunked_server(TOTAL).await;
    let client = client_of(&address, LIMIT);
    let error = list_things(&client).await.unwrap_err();
    assert!(
        matches!(
            &error,
            Error::ResponseTooLarge {
                status: 200,
                limit: LIMIT,
                ..
            }
        ),
        "{error:?}"
    );
    // Dropping the response closed the connection: the server could not send everything.
    drop(client);
    let written = server.await.unwrap();
    assert!(written < TOTAL, "the server wrote all {written} bytes");
}
