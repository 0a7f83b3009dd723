//! Cookie parameters and a cookie credential on a loopback mock server,
//! through the code generated for `specs/cookies.yaml`: the server must see
//! one `Cookie` header with every pair (reqwest adds a header per call of
//! `header`, and a server reading only the first would miss the credential).

use crate::focused::cookies::{resources, types};
use generated_client::Client;
use generated_client::runtime::Placement;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The `Cookie` headers of the one request the server received.
async fn cookie_headers(server: &MockServer) -> Vec<String> {
    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1);
    requests[0].headers.get_all("cookie").iter().map(|v| v.to_str().expect("ASCII").to_string()).collect()
}

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/preferences"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"theme": "dark"})))
        .expect(1)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn parameters_and_the_credential_share_one_cookie_header() {
    let server = server().await;
    let client = Client::builder()
        .base_url(server.uri())
        .max_retries(0)
        .credential("session", Placement::Cookie("session_id"), "s3cr3t")
        .build()
        .expect("client");
    let params = types::PreferencesListParams::new("dark".into()).lang("en");
    let answer = resources::Preferences { client: &client }.list(&params).await.expect("preferences");
    assert_eq!(answer.theme.as_deref(), Some("dark"));
    assert_eq!(cookie_headers(&server).await, ["lang=en; theme=dark; session_id=s3cr3t"]);
}

#[tokio::test]
async fn without_a_credential_the_parameters_alone_are_sent() {
    let server = server().await;
    let client = Client::builder().base_url(server.uri()).max_retries(0).build().expect("client");
    let params = types::PreferencesListParams::new("light".into());
    resources::Preferences { client: &client }.list(&params).await.expect("preferences");
    assert_eq!(cookie_headers(&server).await, ["theme=light"]);
}
