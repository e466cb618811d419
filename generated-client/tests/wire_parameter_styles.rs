//! The `parameter_styles` fixture's client on the wire: `$ref` and `oneOf` parameter schemas,
//! array styles in the path, query, headers and cookies, checked before anything is sent.

#[allow(dead_code, unused_imports)]
#[path = "../src/runtime/mod.rs"]
mod runtime;

#[allow(dead_code)]
#[rustfmt::skip]
#[path = "wire/parameter_styles/mod.rs"]
mod api;

#[allow(dead_code)]
#[path = "wire/support.rs"]
mod support;

use api::models::{Color, ItemRef, SearchTarget};
use api::operations::search;
use runtime::Error;
use support::{client, header, only_request, received, serve, target};
use wiremock::ResponseTemplate;

#[tokio::test]
async fn name_or_id_path_parameter_is_written_as_its_variant() {
    let server = serve(ResponseTemplate::new(204)).await;
    let api = client(&server);
    api.get_item(&ItemRef::Integer(42)).await.unwrap();
    api.get_item(&ItemRef::String("a b/c".to_owned()))
        .await
        .unwrap();
    let requests = received(&server).await;
    assert_eq!(target(&requests[0]), "/items/42");
    assert_eq!(target(&requests[1]), "/items/a%20b%2Fc");
}

#[tokio::test]
async fn path_arrays_are_simple_style() {
    let server = serve(ResponseTemplate::new(204)).await;
    client(&server)
        .get_palette(
            &[
                Color::Red,
                Color::DarkGreen,
                Color::Unknown("x,y/z".to_owned()),
            ],
            &[1, 10],
        )
        .await
        .unwrap();
    // Items are encoded one by one and joined by literal commas.
    assert_eq!(
        target(&only_request(&server).await),
        "/palettes/red,dark%20green,x%2Cy%2Fz/1,10"
    );
}

#[tokio::test]
async fn path_arrays_are_checked_before_sending() {
    let server = serve(ResponseTemplate::new(204)).await;
    let api = client(&server);
    for sizes in [&[][..], &[0, 11][..]] {
        let error = api.get_palette(&[Color::Red], sizes).await.unwrap_err();
        let Error::InvalidArgument(error) = error else {
            panic!("expected an argument error for {sizes:?}, got {error:?}");
        };
        assert!(error.to_string().contains("sizes"), "{error}");
    }
    let error = api.get_palette(&[], &[1]).await.unwrap_err();
    assert!(matches!(error, Error::InvalidArgument(_)), "{error:?}");
    assert!(received(&server).await.is_empty());
}

fn all_params() -> search::Params {
    search::Params {
        slug: Some("a-1".to_owned()),
        target: Some(SearchTarget::Integer(5)),
        ids: Some(vec![1, 2]),
        tags: Some(vec!["a".to_owned(), "b".to_owned()]),
        words: Some(vec!["x".to_owned(), "y&z".to_owned()]),
        levels: Some(vec![0, 2]),
        palette: Some(vec![Color::Red, Color::DarkGreen]),
        x_trace_ids: Some(vec!["t1".to_owned(), "t2".to_owned()]),
        x_color: Some(Color::DarkGreen),
        x_item: Some(ItemRef::String("name".to_owned())),
        prefs: Some(vec!["dark".to_owned(), "wide".to_owned()]),
    }
}

#[tokio::test]
async fn query_header_and_cookie_parameters_follow_their_styles() {
    let server = serve(ResponseTemplate::new(200).set_body_json(["found"])).await;
    let found = client(&server)
        .search(&Color::Blue, "s;1 2", &all_params())
        .await
        .unwrap();
    assert_eq!(found, ["found"]);
    let request = only_request(&server).await;
    assert_eq!(
        target(&request),
        "/search?color=blue&slug=a-1&target=5&ids=1&ids=2&tags=a,b&words=x%20y%26z\
         &levels=0%7C2&palette=red&palette=dark%20green"
    );
    assert_eq!(header(&request, "x-trace-ids").as_deref(), Some("t1,t2"));
    assert_eq!(header(&request, "x-color").as_deref(), Some("dark green"));
    assert_eq!(header(&request, "x-item").as_deref(), Some("name"));
    assert_eq!(
        header(&request, "cookie").as_deref(),
        Some("session=s%3B1%202; prefs=dark,wide")
    );
}

#[tokio::test]
async fn only_given_parameters_are_sent() {
    let server = serve(ResponseTemplate::new(200).set_body_json(["found"])).await;
    client(&server)
        .search(
            &Color::Unknown("new colour".to_owned()),
            "s",
            &search::Params::default(),
        )
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_eq!(target(&request), "/search?color=new%20colour");
    assert_eq!(header(&request, "cookie").as_deref(), Some("session=s"));
    assert_eq!(header(&request, "x-trace-ids"), None);
}

#[tokio::test]
async fn every_broken_parameter_is_reported_before_sending() {
    let server = serve(ResponseTemplate::new(200).set_body_json(["found"])).await;
    let params = search::Params {
        slug: Some("Not A Slug".to_owned()),
        tags: Some(vec!["ok".to_owned(), "NOT".to_owned()]),
        levels: Some(vec![-1, 0, 1, 2]),
        ..all_params()
    };
    let error = client(&server)
        .search(&Color::Blue, "s", &params)
        .await
        .unwrap_err();
    let Error::InvalidArgument(error) = error else {
        panic!("expected an argument error, got {error:?}");
    };
    let message = error.to_string();
    for at in ["slug", "tags[1]", "levels[0]", "levels"] {
        assert!(message.contains(at), "{at} in {message}");
    }
    assert!(received(&server).await.is_empty());
}
