//! The `request_bodies` fixture's client on the wire: the exact bytes and `Content-Type` of
//! text, binary (bytes and streams), form and multipart bodies, and which bodies are retried.

#[allow(dead_code, unused_imports)]
#[path = "../src/runtime/mod.rs"]
mod runtime;

#[allow(dead_code)]
#[rustfmt::skip]
#[path = "wire/request_bodies/mod.rs"]
mod api;

#[allow(dead_code)]
#[path = "wire/support.rs"]
mod support;

use api::models::{LoginForm, Metadata, Note, UploadKind};
use api::operations::upload_files;
use runtime::{Binary, Error, FilePart};
use serde_json::json;
use support::{client, client_retrying, header, only_request, received, serve};
use wiremock::ResponseTemplate;

fn note_response() -> ResponseTemplate {
    ResponseTemplate::new(201).set_body_json(json!({"id": 7, "text": "saved"}))
}

#[tokio::test]
async fn text_body_is_sent_as_utf8_text() {
    let server = serve(note_response()).await;
    let note = client(&server)
        .create_note("héllo\nwörld & more")
        .await
        .unwrap();
    assert_eq!(note.id, Some(7));
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/notes");
    assert_eq!(
        header(&request, "content-type").as_deref(),
        Some("text/plain")
    );
    assert_eq!(request.body, "héllo\nwörld & more".as_bytes());
}

#[tokio::test]
async fn optional_text_body_is_sent_only_when_given() {
    let server = serve(ResponseTemplate::new(204)).await;
    let api = client(&server);
    api.append_csv(3, Some("a,b\r\n1,2\r\n")).await.unwrap();
    api.append_csv(3, None).await.unwrap();
    let requests = received(&server).await;
    assert_eq!(requests[0].url.path(), "/notes/3");
    assert_eq!(
        header(&requests[0], "content-type").as_deref(),
        Some("text/csv")
    );
    assert_eq!(requests[0].body, b"a,b\r\n1,2\r\n");
    assert_eq!(header(&requests[1], "content-type"), None);
    assert!(requests[1].body.is_empty());
}

#[tokio::test]
async fn binary_bytes_are_sent_exactly_and_retried() {
    let server = serve(ResponseTemplate::new(503)).await;
    let bytes = vec![0u8, 159, 146, 150, 255, b'\n'];
    let error = client_retrying(&server, 2)
        .put_blob("a b", bytes.clone())
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Api(f) if f.status == 503),
        "{error:?}"
    );
    // A PUT of bytes can be replayed: the first attempt and two retries, identical.
    let requests = received(&server).await;
    assert_eq!(requests.len(), 3);
    for request in &requests {
        assert_eq!(request.url.path(), "/blobs/a%20b");
        assert_eq!(
            header(request, "content-type").as_deref(),
            Some("application/octet-stream")
        );
        assert_eq!(request.body, bytes);
    }
}

#[tokio::test]
async fn streamed_binary_body_is_sent_once_and_never_retried() {
    let server = serve(ResponseTemplate::new(503)).await;
    let chunks = futures_util::stream::iter([
        Ok::<_, std::io::Error>(b"first chunk, ".to_vec()),
        Ok(b"second chunk".to_vec()),
    ]);
    let body = Binary::from(reqwest::Body::wrap_stream(chunks));
    assert!(body.is_stream());
    let error = client_retrying(&server, 3)
        .put_blob("streamed", body)
        .await
        .unwrap_err();
    // The same 503 that was retried for bytes is final for a stream: it cannot be replayed.
    assert!(
        matches!(&error, Error::Api(f) if f.status == 503),
        "{error:?}"
    );
    let request = only_request(&server).await;
    assert_eq!(request.body, b"first chunk, second chunk");
    assert_eq!(
        header(&request, "content-type").as_deref(),
        Some("application/octet-stream")
    );
    // Unknown size: sent chunked, without a Content-Length.
    assert_eq!(header(&request, "content-length"), None);
}

#[tokio::test]
async fn optional_binary_body_uses_the_first_media_type() {
    let server = serve(ResponseTemplate::new(204)).await;
    let api = client(&server);
    api.upload_image(Some(Binary::from(b"\x89PNG")))
        .await
        .unwrap();
    api.upload_image(None).await.unwrap();
    let requests = received(&server).await;
    assert_eq!(
        header(&requests[0], "content-type").as_deref(),
        Some("image/png")
    );
    assert_eq!(requests[0].body, b"\x89PNG");
    assert_eq!(header(&requests[1], "content-type"), None);
    assert!(requests[1].body.is_empty());
}

#[tokio::test]
async fn form_body_is_urlencoded_without_read_only_fields() {
    let server = serve(ResponseTemplate::new(204)).await;
    let mut form = LoginForm::new("ann lee&co".to_owned(), "p=ss+wörd".to_owned());
    form.remember = Some(true);
    form.scopes = Some(vec!["read".to_owned(), "write all".to_owned()]);
    form.session_id = Some("set by the server".to_owned());
    client(&server).log_in(&form).await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(
        header(&request, "content-type").as_deref(),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        String::from_utf8(request.body).unwrap(),
        "username=ann+lee%26co&password=p%3Dss%2Bw%C3%B6rd&remember=true&scopes=read&scopes=write+all"
    );
}

#[tokio::test]
async fn invalid_form_body_is_refused_before_sending() {
    let server = serve(ResponseTemplate::new(204)).await;
    let form = LoginForm::new(String::new(), "secret".to_owned());
    let error = client(&server).log_in(&form).await.unwrap_err();
    assert!(matches!(error, Error::InvalidArgument(_)), "{error:?}");
    assert!(received(&server).await.is_empty());
}

fn upload() -> upload_files::Body {
    upload_files::Body {
        file: FilePart::new("a.png", b"\x89PNG\r\n".to_vec()),
        attachments: Some(vec![
            FilePart::new("b \"quoted\".csv", b"x,y".to_vec()).with_content_type("text/csv"),
            FilePart {
                bytes: vec![0],
                file_name: None,
                content_type: None,
            },
        ]),
        description: Some("# Holiday".to_owned()),
        count: 2,
        tags: Some(vec!["sea".to_owned(), "sun".to_owned()]),
        kind: Some(UploadKind::Photo),
        metadata: Some(Metadata {
            camera: Some("z".to_owned()),
            iso: Some(100),
            additional_properties: Default::default(),
        }),
        notes: Some("n".to_owned()),
    }
}

#[tokio::test]
async fn multipart_body_has_one_typed_part_per_property() {
    let server = serve(ResponseTemplate::new(200).set_body_json(json!({"text": "ok"}))).await;
    client(&server).upload_files(&upload()).await.unwrap();
    let request = only_request(&server).await;
    let content_type = header(&request, "content-type").unwrap();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect("a multipart content type with its boundary");
    assert_eq!(boundary.len(), 32);
    let part = |disposition: &str, content_type: Option<&str>, data: &[u8]| {
        let mut out = format!("--{boundary}\r\nContent-Disposition: form-data; {disposition}\r\n");
        if let Some(t) = content_type {
            out.push_str(&format!("Content-Type: {t}\r\n"));
        }
        out.push_str("\r\n");
        let mut out = out.into_bytes();
        out.extend_from_slice(data);
        out.extend_from_slice(b"\r\n");
        out
    };
    let expected: Vec<u8> = [
        part(
            r#"name="file"; filename="a.png""#,
            Some("image/png"),
            b"\x89PNG\r\n",
        ),
        part(
            r#"name="attachments"; filename="b %22quoted%22.csv""#,
            Some("text/csv"),
            b"x,y",
        ),
        part(
            r#"name="attachments""#,
            Some("application/octet-stream"),
            b"\0",
        ),
        part(r#"name="description""#, Some("text/markdown"), b"# Holiday"),
        part(r#"name="count""#, None, b"2"),
        part(r#"name="tags""#, None, b"sea"),
        part(r#"name="tags""#, None, b"sun"),
        part(r#"name="kind""#, None, b"photo"),
        part(
            r#"name="metadata""#,
            Some("application/json"),
            br#"{"camera":"z","iso":100}"#,
        ),
        part(r#"name="notes""#, Some("application/json"), br#""n""#),
        format!("--{boundary}--\r\n").into_bytes(),
    ]
    .concat();
    assert_eq!(
        String::from_utf8_lossy(&request.body),
        String::from_utf8_lossy(&expected)
    );
    assert_eq!(request.body, expected);
}

#[tokio::test]
async fn multipart_parts_are_checked_before_sending() {
    let server = serve(ResponseTemplate::new(200)).await;
    let mut body = upload();
    body.count = 0;
    body.tags = Some(vec!["Not lowercase".to_owned()]);
    body.description = Some("far longer than twenty characters".to_owned());
    let Error::InvalidArgument(error) = client(&server).upload_files(&body).await.unwrap_err()
    else {
        panic!("expected an argument error");
    };
    let message = error.to_string();
    for at in ["count", "tags[0]", "description"] {
        assert!(message.contains(at), "{at} in {message}");
    }
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn json_wins_when_other_media_types_are_offered() {
    let server = serve(ResponseTemplate::new(204)).await;
    let mut note = Note::new("hi".to_owned());
    note.id = Some(9);
    client(&server).post_mixed(&note).await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(
        header(&request, "content-type").as_deref(),
        Some("application/json")
    );
    assert_eq!(request.body, br#"{"text":"hi"}"#);
}

#[tokio::test]
async fn streamed_body_is_not_resent_after_a_digest_challenge() {
    let challenge = ResponseTemplate::new(401).insert_header(
        "www-authenticate",
        r#"Digest realm="wire", nonce="n1", qop="auth", algorithm=SHA-256"#,
    );
    let server = serve(challenge).await;
    let api = api::Client::builder()
        .base_url(server.uri())
        .credentials(api::Credentials::digest("user", "key"))
        .retry_policy(runtime::RetryPolicy::none())
        .build()
        .unwrap();
    // Bytes are answered with credentials: a second request.
    let error = api.put_blob("b", b"bytes".to_vec()).await.unwrap_err();
    assert!(
        matches!(&error, Error::Api(f) if f.status == 401),
        "{error:?}"
    );
    assert_eq!(received(&server).await.len(), 2);
    // A stream is gone after the first request: the 401 is the answer.
    let chunks = futures_util::stream::iter([Ok::<_, std::io::Error>(b"once".to_vec())]);
    let error = api
        .put_blob("s", reqwest::Body::wrap_stream(chunks))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Api(f) if f.status == 401),
        "{error:?}"
    );
    let requests = received(&server).await;
    assert_eq!(requests.len(), 3);
    assert_eq!(requests[2].body, b"once");
}
