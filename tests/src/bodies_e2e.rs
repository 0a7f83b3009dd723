//! Non-JSON bodies on a loopback mock server: raw bytes up and down, plain
//! text both ways, and a multipart form, through the code generated for
//! `specs/bodies.yaml` (compiled into this crate by `build.rs`; a unit test
//! because resources are built from the client inside the crate).

use crate::focused::bodies::{resources, types};
use generated_client::Client;
use wiremock::matchers::{body_bytes, body_string, body_string_contains, header, header_regex, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).max_retries(0).build().expect("client")
}

#[tokio::test]
async fn bytes_go_up_and_come_back_down() {
    let server = MockServer::start().await;
    let data: Vec<u8> = vec![0, 159, 146, 150, 255];
    Mock::given(method("PUT"))
        .and(path("/files/a%20b.bin"))
        .and(header("content-type", "application/octet-stream"))
        .and(body_bytes(data.clone()))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/files/a.bin"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(data.clone(), "application/octet-stream"))
        .mount(&server)
        .await;
    let client = client(&server).await;
    let files = resources::Files { client: &client };
    files.update("a b.bin", &generated_client::runtime::File::from_bytes(data.clone())).await.expect("upload");
    let downloaded = files.get("a.bin").await.expect("download");
    assert_eq!(downloaded.as_ref(), data.as_slice());
}

#[tokio::test]
async fn a_file_body_is_read_from_its_path_with_its_length() {
    let server = MockServer::start().await;
    let data: Vec<u8> = (0..=255u8).cycle().take(300_000).collect();
    Mock::given(method("PUT"))
        .and(path("/files/big.bin"))
        .and(header("content-type", "application/octet-stream"))
        .and(header("content-length", "300000"))
        .and(body_bytes(data.clone()))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let file = std::env::temp_dir().join(format!("bodies-e2e-{}.bin", std::process::id()));
    std::fs::write(&file, &data).expect("temp file");
    let client = client(&server).await;
    let sent =
        resources::Files { client: &client }.update("big.bin", &generated_client::runtime::File::from_path(&file));
    sent.await.expect("upload");
    std::fs::remove_file(&file).ok();
}

#[tokio::test]
async fn text_goes_both_ways() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/notes"))
        .and(header("content-type", "text/plain"))
        .and(body_string("remember the milk"))
        .respond_with(ResponseTemplate::new(200).set_body_string("stored: remember the milk"))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server).await;
    let stored = resources::Notes { client: &client }.create("remember the milk").await.expect("note");
    assert_eq!(stored, "stored: remember the milk");
}

#[tokio::test]
async fn multipart_forms_send_one_part_per_property() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/forms"))
        .and(header_regex("content-type", "^multipart/form-data; boundary="))
        .and(body_string_contains("Content-Disposition: form-data; name=\"title\"\r\n\r\nQuarterly report\r\n"))
        .and(body_string_contains("Content-Disposition: form-data; name=\"count\"\r\n\r\n3\r\n"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "f1"})))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server).await;
    let form: types::FormsCreateBody =
        serde_json::from_value(serde_json::json!({"title": "Quarterly report", "count": 3})).expect("form");
    let created = resources::Forms { client: &client }.create(&form).await.expect("submit");
    assert_eq!(created.id.as_deref(), Some("f1"));
}

#[tokio::test]
async fn a_required_body_without_a_schema_is_an_empty_object_the_caller_may_fill() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/sessions/s1"))
        .and(header("content-type", "application/json"))
        .and(body_string("{}"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/sessions/s2"))
        .and(body_string(r#"{"reason":"idle"}"#))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server).await;
    let sessions = resources::Sessions { client: &client };
    sessions.delete("s1").await.expect("ended");
    let options = generated_client::RequestOptions::new().body_field("reason", serde_json::json!("idle"));
    sessions.delete("s2").options(options).await.expect("ended with a reason");
}
