//! A misbehaving server gives the right error variant, never a panic, and
//! never a silently wrong value: HTML error pages, truncated or empty bodies,
//! wrong content types, unknown enum values, extra, missing and `null` fields
//! (read leniently and listed, or with strict decoding an error),
//! slow servers, connections reset mid-body and 429 storms.

mod common;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use common::*;
use generated_client::types::Status;
use generated_client::{Client, Error};
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Every response of `server` is `response`; calls `verify` and returns its outcome.
async fn verify_with(
    server: &MockServer,
    response: ResponseTemplate,
) -> Result<generated_client::types::UserTokensVerifyResponse, Error> {
    Mock::given(any()).respond_with(response).mount(server).await;
    builder(server).max_retries(0).build()?.user().tokens().verify().await
}

fn raw_json(status: u16, body: &str, content_type: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.as_bytes().to_vec(), content_type)
}

#[tokio::test]
async fn an_html_502_page_is_an_api_error_quoting_the_page() {
    let server = MockServer::start().await;
    let page = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    match verify_with(&server, raw_json(502, page, "text/html")).await {
        Err(Error::Api { status: 502, errors, body: Some(body), .. }) => {
            assert!(errors.is_empty() && body.contains("502 Bad Gateway"))
        }
        other => panic!("expected Error::Api 502 with the page, got {other:?}"),
    }
}

#[tokio::test]
async fn a_truncated_json_body_is_a_decode_error() {
    let server = MockServer::start().await;
    let truncated =
        r#"{"success": true, "errors": [], "messages": [], "result": {"id": "ed17574386854bf78a67040be0a770b0", "stat"#;
    match verify_with(&server, raw_json(200, truncated, "application/json")).await {
        Err(Error::Decode { status: 200, message, snippet, .. }) => {
            assert!(message.contains("EOF") && snippet.starts_with("{\"success\""), "{message}")
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn a_json_body_with_the_wrong_content_type_is_still_decoded() -> Result<(), Error> {
    let server = MockServer::start().await;
    let body = envelope(verify_json()).to_string();
    let verified = verify_with(&server, raw_json(200, &body, "text/html; charset=iso-8859-1")).await?;
    assert_eq!(verified.id, TOKEN_ID);
    Ok(())
}

#[tokio::test]
async fn an_unknown_enum_value_is_kept_as_unknown() -> Result<(), Error> {
    let server = MockServer::start().await;
    let mut result = verify_json();
    result["status"] = json!("archived");
    let verified = verify_with(&server, reply(200, envelope(result))).await?;
    assert_eq!(verified.status, Status::Unknown("archived".into()));
    Ok(())
}

#[tokio::test]
async fn extra_fields_are_ignored() -> Result<(), Error> {
    let server = MockServer::start().await;
    let mut result = verify_json();
    result["added_in_2030"] = json!({"nested": [1, 2, 3]});
    let mut body = envelope(result);
    body["request_id"] = json!("abc");
    assert_eq!(verify_with(&server, reply(200, body)).await?.id, TOKEN_ID);
    Ok(())
}

/// `verify` against a server answering `response`, with the response's deviations from the spec.
async fn verify_leniently(
    server: &MockServer,
    response: ResponseTemplate,
    strict: bool,
) -> Result<generated_client::Response<generated_client::types::UserTokensVerifyResponse>, Error> {
    Mock::given(any()).respond_with(response).mount(server).await;
    builder(server).max_retries(0).strict_decoding(strict).build()?.user().tokens().verify().with_response().await
}

#[tokio::test]
async fn a_missing_required_field_is_empty_and_listed_or_with_strict_decoding_an_error_naming_its_path()
-> Result<(), Error> {
    let server = MockServer::start().await;
    let mut result = verify_json();
    result.as_object_mut().expect("an object").remove("status");
    let verified = verify_leniently(&server, reply(200, envelope(result.clone())), false).await?;
    assert_eq!((verified.value().id.as_str(), &verified.value().status), (TOKEN_ID, &Status::Unknown(String::new())));
    let deviations: Vec<String> = verified.deviations().iter().map(ToString::to_string).collect();
    assert_eq!(deviations, ["result.status: missing, expected Status"]);
    match verify_leniently(&server, reply(200, envelope(result)), true).await {
        Err(Error::Decode { path, .. }) => assert_eq!(path, "result.status"),
        other => panic!("expected Error::Decode, got {other:?}"),
    }
    Ok(())
}

#[tokio::test]
async fn null_where_the_schema_does_not_allow_it_is_dropped_and_listed_or_with_strict_decoding_an_error()
-> Result<(), Error> {
    let server = MockServer::start().await;
    let mut result = verify_json();
    result["id"] = json!(null);
    let verified = verify_leniently(&server, reply(200, envelope(result.clone())), false).await?;
    assert_eq!((verified.value().id.as_str(), &verified.value().status), ("", &Status::Active));
    let deviation = &verified.deviations()[0];
    assert_eq!((deviation.path.as_str(), deviation.found.as_ref()), ("result.id", Some(&json!(null))));
    match verify_leniently(&server, reply(200, envelope(result)), true).await {
        Err(Error::Decode { path, message, .. }) => {
            assert!(path == "result.id" && message.contains("null"), "{path}: {message}")
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
    Ok(())
}

#[tokio::test]
async fn an_empty_200_body_is_a_decode_error() {
    let server = MockServer::start().await;
    match verify_with(&server, ResponseTemplate::new(200)).await {
        Err(Error::Decode { status: 200, message, .. }) => assert!(message.contains("empty"), "{message}"),
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn a_slow_server_times_out_then_the_retry_succeeds() -> Result<(), Error> {
    let server = MockServer::start().await;
    let slow = reply(200, envelope(verify_json())).set_delay(Duration::from_secs(2));
    Mock::given(any()).respond_with(slow).up_to_n_times(1).mount(&server).await;
    Mock::given(any()).respond_with(reply(200, envelope(verify_json()))).mount(&server).await;
    let client = builder(&server).timeout(Duration::from_millis(200)).max_retries(1).build()?;
    assert_eq!(client.user().tokens().verify().await?.id, TOKEN_ID);
    assert_eq!(received(&server).await.len(), 2, "the timed-out attempt and the retry");
    Ok(())
}

/// A server that answers every connection with the headers and the first bytes
/// of a 1,000-byte body, then closes it. Returns its URL and a connection count.
fn resetting_server() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let connections = Arc::new(AtomicUsize::new(0));
    let counter = connections.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            counter.fetch_add(1, Ordering::SeqCst);
            let mut request = [0u8; 4096];
            let _ = stream.read(&mut request);
            let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n";
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(br#"{"success": true, "result": {"id": "#);
            let _ = stream.flush();
            // Dropping the stream closes the connection mid-body.
        }
    });
    (url, connections)
}

#[tokio::test]
async fn a_connection_reset_mid_body_is_retried_then_a_transport_error() {
    let (url, connections) = resetting_server();
    let client = Client::builder()
        .base_url(url)
        .api_token(TOKEN)
        .retry_backoff(Duration::from_millis(1))
        .max_retries(2)
        .build()
        .expect("client");
    let result = client.user().tokens().verify().await;
    match &result {
        Err(error @ Error::Transport(_)) => assert!(!error.to_string().is_empty(), "{error:?}"),
        other => panic!("expected Error::Transport, got {other:?}"),
    }
    assert_eq!(connections.load(Ordering::SeqCst), 3, "the first attempt and two retries: {result:?}");
}

#[tokio::test]
async fn a_429_storm_gives_up_after_the_retries_reporting_the_last_status() {
    let server = MockServer::start().await;
    let limited = json!({"success": false, "errors": [{"code": 10000, "message": "Rate limited"}], "messages": [], "result": null});
    Mock::given(any())
        .respond_with(reply(429, limited).insert_header("Retry-After", "0"))
        .expect(4)
        .mount(&server)
        .await;
    let client = builder(&server).max_retries(3).build().expect("client");
    match client.user().tokens().verify().await {
        Err(error @ Error::Api { status: 429, .. }) => assert_eq!(error.api_errors()[0].code, 10000),
        other => panic!("expected Error::Api 429, got {other:?}"),
    }
}
