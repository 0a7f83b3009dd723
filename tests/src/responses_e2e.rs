//! Operations with several documented responses, and documented error bodies,
//! on a loopback mock server, through the code generated for
//! `specs/several_responses.yaml`.

use crate::focused::several_responses::{resources, types};
use generated_client::{Client, Error};
use wiremock::matchers::{headers, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).max_retries(0).build().expect("client")
}

async fn respond(server: &MockServer, verb: &str, at: &str, response: ResponseTemplate) {
    Mock::given(method(verb)).and(path(at)).respond_with(response).mount(server).await;
}

#[tokio::test]
async fn each_documented_response_is_its_own_variant() -> Result<(), Error> {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/reports/json"))
        .and(headers("accept", vec!["application/json", "text/csv;q=0.5"]))
        .respond_with(ResponseTemplate::new(200).set_body_raw(r#"{"id":"json","rows":3}"#, "application/json"))
        .mount(&server)
        .await;
    respond(
        &server,
        "GET",
        "/reports/csv",
        ResponseTemplate::new(200).set_body_raw("id,rows\ncsv,1\n", "text/csv; charset=utf-8"),
    )
    .await;
    respond(&server, "GET", "/reports/pending", ResponseTemplate::new(202)).await;
    let client = client(&server).await;
    let reports = resources::Reports { client: &client };

    let json = reports.get("json").await?;
    assert!(
        matches!(json, types::ReportsGetResponses::OkJson(ref report) if report.id == "json" && report.rows == 3),
        "{json:?}"
    );
    let csv = reports.get("csv").await?;
    assert!(matches!(&csv, types::ReportsGetResponses::OkCsv(text) if text == "id,rows\ncsv,1\n"), "{csv:?}");
    let pending = reports.get("pending").with_response().await?;
    assert_eq!(pending.status(), 202);
    assert!(matches!(pending.value(), types::ReportsGetResponses::Accepted), "{:?}", pending.value());
    Ok(())
}

#[tokio::test]
async fn an_undocumented_success_is_a_decode_error() {
    let server = MockServer::start().await;
    respond(&server, "GET", "/reports/odd", ResponseTemplate::new(206).set_body_string("partial")).await;
    let client = client(&server).await;
    let error = resources::Reports { client: &client }.get("odd").await.expect_err("206 is not documented");
    assert!(matches!(error, Error::Decode { status: 206, ref message, .. } if message.contains("206")), "{error:?}");
}

#[tokio::test]
async fn documented_error_bodies_are_typed() {
    let server = MockServer::start().await;
    let problem = r#"{"code":"not_found","detail":"no report 7"}"#;
    respond(&server, "GET", "/reports/7", ResponseTemplate::new(404).set_body_raw(problem, "application/json")).await;
    respond(
        &server,
        "GET",
        "/reports/8",
        ResponseTemplate::new(409).set_body_raw(r#"{"code":"busy","detail":"later"}"#, "application/json"),
    )
    .await;
    respond(&server, "GET", "/reports/9", ResponseTemplate::new(400).set_body_raw("<html>bad</html>", "text/html"))
        .await;
    respond(
        &server,
        "POST",
        "/jobs",
        ResponseTemplate::new(503).set_body_raw(r#"{"code":"down","detail":"maintenance"}"#, "application/json"),
    )
    .await;
    let client = client(&server).await;
    let reports = resources::Reports { client: &client };

    let error = reports.get("7").await.expect_err("404");
    assert_eq!(error.status(), Some(404));
    let typed = error.typed_body::<types::Problem>().unwrap_or_else(|| panic!("a Problem body in {error:?}"));
    assert_eq!((typed.code.as_str(), typed.detail.as_str()), ("not_found", "no report 7"));
    // `4XX` covers the statuses without an entry of their own.
    let error = reports.get("8").await.expect_err("409");
    assert_eq!(error.typed_body::<types::Problem>().map(|p| p.code.as_str()), Some("busy"));
    // A body that is not the documented type is kept as text instead.
    let error = reports.get("9").await.expect_err("400");
    assert!(error.typed_body::<types::Problem>().is_none());
    assert!(matches!(error, Error::Api { body: Some(ref body), .. } if body.contains("<html>")), "{error:?}");
    // `default` covers every error status.
    let error = resources::Jobs { client: &client }.create().await.expect_err("503");
    assert_eq!(error.typed_body::<types::Problem>().map(|p| p.detail.as_str()), Some("maintenance"));
}

#[tokio::test]
async fn a_documented_redirect_without_a_location_answers_the_call() {
    let server = MockServer::start().await;
    respond(&server, "GET", "/exports/e1/archive", ResponseTemplate::new(302)).await;
    respond(&server, "GET", "/exports/e2/archive", ResponseTemplate::new(404)).await;
    let client = client(&server).await;
    let exports = resources::Exports { client: &client };
    exports.archive("e1").await.expect("the 302 is the operation's result");
    assert!(matches!(exports.archive("e2").await, Err(Error::Api { status: 404, .. })));
}

/// Media types that differ only in a parameter are told apart; one schema offered in several
/// formats is asked for and read as JSON (`specs/media_type_parameters.yaml`).
#[tokio::test]
async fn media_type_parameters_pick_the_variant() -> Result<(), Error> {
    use crate::focused::media_type_parameters::{resources, types};
    let server = MockServer::start().await;
    let watch = r#"{"type":"ADDED","object":"web-1"}"#;
    Mock::given(method("GET"))
        .and(path("/pods"))
        .and(headers("accept", vec!["application/json", "application/json;stream=watch;q=0.5"]))
        .respond_with(ResponseTemplate::new(200).set_body_raw(watch, "application/json; stream=watch"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/rules/export"))
        .and(headers("accept", vec!["application/json"]))
        .respond_with(ResponseTemplate::new(200).set_body_raw(r#"{"rules":["a"]}"#, "application/json"))
        .mount(&server)
        .await;
    let client = client(&server).await;

    let pods = resources::Pods { client: &client }.list().await?;
    assert!(matches!(&pods, types::PodsListResponses::OkJsonStreamWatch(event) if event.type_ == "ADDED"), "{pods:?}");
    let export = resources::Rules { client: &client }.export().await?;
    assert_eq!(export.rules, Some(vec!["a".to_string()]));
    Ok(())
}
