//! A body offered in several media, on a loopback mock server, through the code generated for
//! `specs/body_media.yaml`: the method sends the richest (multipart with files over JSON), a
//! method beside it each other kind, and a media type of the same kind goes out when the caller
//! sets `Content-Type`, or (a file) as the file's own type.

use crate::focused::body_media::{resources, types};
use generated_client::runtime::File;
use generated_client::{Client, RequestOptions};
use wiremock::matchers::{body_string, body_string_contains, header, header_regex, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).max_retries(0).build().expect("client")
}

/// The `Content-Type` values of every request the server received, in order.
async fn content_types(server: &MockServer) -> Vec<Vec<String>> {
    let requests = server.received_requests().await.expect("recording");
    requests
        .iter()
        .map(|r| r.headers.get_all("content-type").iter().map(|v| v.to_str().unwrap_or_default().to_string()).collect())
        .collect()
}

/// A server answering `count` requests to `verb path` with 204, and a client of it.
async fn answering(verb: &str, at: &str, count: u64) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(method(verb)).and(path(at)).respond_with(ResponseTemplate::new(204)).expect(count).mount(&server).await;
    let client = client(&server).await;
    (server, client)
}

/// One `Content-Type` per request, as `expected` lists them.
async fn assert_content_types(server: &MockServer, expected: &[&str]) {
    let expected: Vec<Vec<String>> = expected.iter().map(|t| vec![t.to_string()]).collect();
    assert_eq!(content_types(server).await, expected);
}

/// Built from JSON: with the `extra-fields` feature the models have one more field.
fn message() -> types::Message {
    serde_json::from_value(serde_json::json!({"content": "hello", "tags": ["a", "b"], "embed": {"title": "Q3"}}))
        .expect("message")
}

#[tokio::test]
async fn the_richest_media_is_the_method_and_each_other_kind_a_method_beside_it() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/messages"))
        .and(header_regex("content-type", "^multipart/form-data; boundary="))
        .and(body_string_contains(
            "Content-Disposition: form-data; name=\"content\"\r\nx-part-kind: text\r\n\r\nhello\r\n",
        ))
        .and(body_string_contains(
            "name=\"files[0]\"; filename=\"chart.png\"\r\nContent-Type: image/png\r\n\r\npng bytes\r\n",
        ))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/messages"))
        .and(header("content-type", "application/json"))
        .and(body_string(r#"{"content":"hello","tags":["a","b"],"embed":{"title":"Q3"}}"#))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/messages"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string("content=hello&tags=a%2Cb&embed%5Btitle%5D=Q3"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server).await;
    let messages = resources::Messages { client: &client };
    let with_file = types::MessagesCreateBody {
        content: Some("hello".into()),
        files: Some(vec![
            File::from_bytes("png bytes").file_name("chart.png"),
            File::from_bytes("b").file_name("b.txt"),
        ]),
        ..Default::default()
    };
    messages.create(&with_file).await.expect("multipart");
    messages.create_json(&message()).await.expect("json");
    messages.create_form(&message()).await.expect("form");
}

#[tokio::test]
async fn a_media_type_of_the_same_kind_is_sent_with_the_content_type_the_caller_sets() {
    let (server, client) = answering("POST", "/notes", 3).await;
    let notes = resources::Notes { client: &client };
    notes.create_text("plain").await.expect("text/plain");
    let markdown = RequestOptions::new().header("Content-Type", "text/markdown");
    notes.create_text("# heading").options(markdown).await.expect("text/markdown");
    let note: types::NotesCreateBody = serde_json::from_value(serde_json::json!({"text": "json"})).expect("note");
    notes.create(&note).await.expect("json");
    // One `Content-Type` each: the caller's replaces the method's, never sent beside it.
    assert_content_types(&server, &["text/plain", "text/markdown", "application/json"]).await;
}

#[tokio::test]
async fn a_file_goes_as_its_own_type_when_offered_else_as_the_first() {
    let (server, client) = answering("PUT", "/images", 3).await;
    let images = resources::Images { client: &client };
    images.update(&File::from_bytes(vec![1, 2]).file_name("photo.jpg")).await.expect("jpeg");
    images.update(&File::from_bytes(vec![1, 2]).file_name("anim.gif")).await.expect("gif");
    images.update(&File::from_bytes(vec![1, 2]).content_type("image/jpeg")).await.expect("given");
    assert_content_types(&server, &["image/jpeg", "image/png", "image/jpeg"]).await;
}

#[tokio::test]
async fn more_numbered_files_than_the_spec_lists_is_an_error_before_anything_is_sent() {
    let server = MockServer::start().await;
    let client = client(&server).await;
    let three = types::MessagesCreateBody {
        files: Some((0..3).map(|i| File::from_bytes(vec![i])).collect()),
        ..Default::default()
    };
    let error = resources::Messages { client: &client }.create(&three).await.expect_err("three of two");
    assert!(error.to_string().contains("`files` holds 3 files; the API takes at most 2"), "{error}");
    assert!(server.received_requests().await.expect("recording").is_empty());
}
