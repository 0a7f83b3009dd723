//! What users of the official Cloudflare SDKs rely on, on a loopback server:
//! per-call options (timeout, retries, extra headers, query and body fields,
//! idempotency key), `with_options`, undocumented endpoints through
//! `client.get/post/…`, raw and streaming responses, and middleware.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;
use futures_util::TryStreamExt;
use generated_client::runtime::{Exchange, HttpRequest};
use generated_client::types::ZeroTrustAccessServiceTokensCreateBody;
use generated_client::{Error, Middleware, RequestOptions};
use serde_json::{Value, json};
use wiremock::matchers::{any, body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ZONE_ID: &str = "023e105f4ecef8ad9ca31a8372d0c353";

fn service_token(name: &str) -> Value {
    json!({"id": "f174e90a-fafe-4643-bbbc-4a0ed4fc8415", "name": name, "client_id": "4ef8fd0a.access", "duration": "8760h"})
}

#[tokio::test]
async fn per_call_options_add_headers_query_body_fields_and_an_idempotency_key() -> Result<(), Error> {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/zones/{ZONE_ID}/access/service_tokens")))
        .and(header("x-beta", "on"))
        .and(header("idempotency-key", "create-ci-1"))
        .and(query_param("preview", "true"))
        .and(body_json(json!({"name": "CI", "client_secret_version": 2})))
        .respond_with(reply(201, envelope(service_token("CI"))))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let body = ZeroTrustAccessServiceTokensCreateBody { name: "CI".into(), duration: None };
    let options = RequestOptions::new()
        .header("x-beta", "on")
        .query("preview", "true")
        .body_field("client_secret_version", json!(2))
        .idempotency_key("create-ci-1");
    let created = client.zero_trust().access().service_tokens().create(ZONE_ID, &body).options(options).await?;
    assert_eq!(created.name.as_deref(), Some("CI"));
    Ok(())
}

#[tokio::test]
async fn per_call_timeout_and_retries_override_the_client() {
    let server = MockServer::start().await;
    Mock::given(path("/user/tokens/verify")).respond_with(reply(503, failure())).mount(&server).await;
    Mock::given(path("/user/tokens/permission_groups"))
        .respond_with(reply(200, envelope(json!([]))).set_delay(Duration::from_secs(2)))
        .mount(&server)
        .await;
    let client = builder(&server).max_retries(3).build().expect("client");
    let once = RequestOptions::new().max_retries(0);
    let error = client.user().tokens().verify().options(once).await.expect_err("503");
    assert_eq!(error.status(), Some(503));
    assert_eq!(received(&server).await.len(), 1, "max_retries(0) sends once");

    let quick = RequestOptions::new().timeout(Duration::from_millis(100)).max_retries(0);
    let error = client.user().tokens().permission_groups().list().options(quick).await.expect_err("too slow");
    assert!(matches!(error, Error::Timeout(after) if after == Duration::from_millis(100)), "{error:?}");
}

#[tokio::test]
async fn with_options_gives_a_client_with_other_defaults() -> Result<(), Error> {
    let server = MockServer::start().await;
    Mock::given(header("x-tenant", "blue"))
        .respond_with(reply(200, envelope(verify_json())))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(any()).respond_with(reply(400, failure())).mount(&server).await;
    let client = client(&server);
    let blue = client.with_options(RequestOptions::new().header("x-tenant", "blue").max_retries(0));
    assert_eq!(blue.user().tokens().verify().await?.id, TOKEN_ID);
    // The original client is unchanged.
    assert_eq!(client.user().tokens().verify().await.expect_err("no header").status(), Some(400));
    Ok(())
}

#[tokio::test]
async fn undocumented_endpoints_get_auth_envelopes_and_errors() -> Result<(), Error> {
    #[derive(Debug, serde::Deserialize)]
    struct Setting {
        id: String,
        value: String,
    }
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/zones/{ZONE_ID}/settings/new_thing")))
        .and(header("x-auth-email", EMAIL))
        .and(header("x-auth-key", KEY))
        .and(query_param("verbose", "true"))
        .respond_with(reply(200, envelope(json!({"id": "new_thing", "value": "on"}))))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/plain"))
        .and(body_json(json!({"a": 1})))
        .respond_with(reply(200, json!({"echo": {"a": 1}})))
        .mount(&server)
        .await;
    Mock::given(method("DELETE")).and(path("/gone")).respond_with(reply(404, failure())).mount(&server).await;
    let client = client(&server);

    let setting_path = format!("/zones/{ZONE_ID}/settings/new_thing");
    let value = client.get(&setting_path).query("verbose", &true).await?;
    assert_eq!(value, json!({"id": "new_thing", "value": "on"}), "the envelope's result");
    let typed: Setting = client.get(&setting_path).query("verbose", &true).decode().await?;
    assert_eq!((typed.id.as_str(), typed.value.as_str()), ("new_thing", "on"));
    let echoed = client.post("plain").body(&json!({"a": 1})).with_response().await?;
    assert_eq!(
        (echoed.status(), echoed.value()),
        (200, &json!({"echo": {"a": 1}})),
        "a body that is no envelope comes whole"
    );
    let error = client.delete("/gone").await.expect_err("404");
    assert_eq!(error.api_errors().iter().map(|e| e.code).collect::<Vec<_>>(), [7003]);
    Ok(())
}

#[tokio::test]
async fn raw_and_streamed_responses_are_not_decoded() -> Result<(), Error> {
    let server = MockServer::start().await;
    let large: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    Mock::given(path("/user/tokens/verify"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(large.clone(), "application/octet-stream")
                .insert_header("x-part", "all"),
        )
        .mount(&server)
        .await;
    let client = client(&server);

    let raw = client.user().tokens().verify().raw().await?;
    assert_eq!((raw.status(), raw.media_type().as_str()), (200, "application/octet-stream"));
    assert_eq!(raw.headers().get("x-part").map(|v| v.as_bytes()), Some(&b"all"[..]));
    assert_eq!(raw.body().as_ref(), large.as_slice(), "not decoded (it is no envelope)");

    let stream = client.user().tokens().verify().stream().await?;
    assert_eq!(stream.status(), 200);
    let chunks: Vec<_> = stream.try_collect().await?;
    assert_eq!(chunks.concat(), large);
    Ok(())
}

/// Signs each request with a header derived from its body, and records every attempt's status and body.
#[derive(Default, Clone)]
struct Recorder {
    statuses: Arc<Mutex<Vec<Option<u16>>>>,
    bodies: Arc<Mutex<Vec<String>>>,
}

impl Middleware for Recorder {
    fn before_send(&self, request: &mut HttpRequest) -> Result<(), Error> {
        let length = request.body().and_then(|b| b.as_bytes()).map_or(0, <[u8]>::len);
        let signature = format!("len={length};path={}", request.url().path());
        request
            .headers_mut()
            .insert("x-signature", signature.parse().map_err(|_| Error::Request("bad header".into()))?);
        Ok(())
    }

    fn after_receive(&self, exchange: &Exchange<'_>) {
        self.statuses.lock().expect("not poisoned").push(exchange.status);
        self.bodies
            .lock()
            .expect("not poisoned")
            .push(String::from_utf8_lossy(exchange.body.unwrap_or_default()).into_owned());
    }
}

#[tokio::test]
async fn middleware_signs_requests_and_sees_every_attempt() -> Result<(), Error> {
    let server = MockServer::start().await;
    let signed = format!("len=13;path=/zones/{ZONE_ID}/access/service_tokens");
    let create = || Mock::given(method("POST")).and(header("x-signature", signed.as_str()));
    create().respond_with(reply(500, failure())).up_to_n_times(1).mount(&server).await;
    create().respond_with(reply(201, envelope(service_token("CI")))).mount(&server).await;
    let recorder = Recorder::default();
    let client = builder(&server).middleware(recorder.clone()).build()?;
    let body = ZeroTrustAccessServiceTokensCreateBody { name: "CI".into(), duration: None };
    client.zero_trust().access().service_tokens().create(ZONE_ID, &body).await?;
    assert_eq!(*recorder.statuses.lock().expect("not poisoned"), [Some(500), Some(201)]);
    // The failed attempt's body is there for a middleware to log.
    assert_eq!(recorder.bodies.lock().expect("not poisoned")[0], failure().to_string());
    Ok(())
}
