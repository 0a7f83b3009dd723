//! Path keys told apart by a fragment or a query (`specs/names_fragment_query.yaml`):
//! the fragment names the method and stays off the wire; the query is sent, beside
//! the operation's own query parameters.

use crate::focused::names_fragment_query::{resources, types};
use generated_client::Client;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

#[tokio::test]
async fn a_fragment_is_not_sent_and_a_query_in_the_key_is() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/files/f1"))
        .and(query_param("fields", "shared_link"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/files"))
        .and(query_param("beta", "true"))
        .and(query_param("purpose", "batch"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).max_retries(0).build().expect("client");
    let files = resources::Files { client: &client };
    files.add_shared_link("f1", &types::FilesAddSharedLinkParams::new("shared_link".into())).await.expect("shared");
    let params = types::BetaFilesCreateParams { purpose: Some("batch".into()) };
    resources::BetaFiles { client: &client }.create(&params).await.expect("uploaded");
    let received: Vec<Request> = server.received_requests().await.expect("recorded");
    assert!(received.iter().all(|r| r.url.fragment().is_none() && !r.url.path().contains('#')));
}
