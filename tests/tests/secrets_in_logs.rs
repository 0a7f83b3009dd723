//! Credentials never reach log output: every request the client logs with the
//! `tracing` feature (successes, API errors, retries, connection failures) is
//! captured and searched for the secrets. Debug, Display and error messages are
//! covered by `client_e2e::secrets_never_appear_in_debug_output_or_errors`.

mod common;

use std::fmt::{Debug, Write};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;
use generated_client::Client;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

const SECRET_TOKEN: &str = "s3cr3t-t0ken-for-logs";
const SECRET_KEY: &str = "s3cr3t-k3y-for-logs";

/// Writes every event's fields as `name=value` lines.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<String>>);

struct Line<'a>(&'a mut String);

impl Visit for Line<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        let _ = write!(self.0, "{}={value:?} ", field.name());
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut log = self.0.lock().expect("not poisoned");
        log.push_str(event.metadata().target());
        log.push(' ');
        event.record(&mut Line(&mut log));
        log.push('\n');
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

#[tokio::test]
async fn logged_requests_never_contain_credentials() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let server = MockServer::start().await;
    Mock::given(path("/user/tokens/verify")).respond_with(reply(200, envelope(verify_json()))).mount(&server).await;
    Mock::given(path("/user/tokens/permission_groups")).respond_with(reply(403, failure())).mount(&server).await;
    Mock::given(path(format!("/user/tokens/{TOKEN_ID}"))).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    let client = Client::builder()
        .base_url(server.uri())
        .api_token(SECRET_TOKEN)
        .api_email(EMAIL)
        .api_key(SECRET_KEY)
        .retry_backoff(Duration::from_millis(1))
        .max_retries(1)
        .build()
        .expect("client");
    let unreachable = {
        let port = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("address").port();
        Client::builder()
            .base_url(format!("http://127.0.0.1:{port}"))
            .api_token(SECRET_TOKEN)
            .max_retries(0)
            .build()
            .expect("client")
    };

    client.user().tokens().verify().await.expect("verified");
    client.user().tokens().permission_groups().list().await.expect_err("403");
    client.user().tokens().get(TOKEN_ID).await.expect_err("503 twice");
    client.get("/user/tokens/verify").await.expect("the escape hatch logs too");
    unreachable.user().tokens().verify().await.expect_err("connection refused");

    let log = capture.0.lock().expect("not poisoned").clone();
    // Everything is searched for secrets, the HTTP stack's own events included; ours are one per attempt.
    assert_eq!(log.lines().filter(|l| l.starts_with("generated_client")).count(), 6, "one line per attempt:\n{log}");
    assert!(
        log.contains("path=\"/user/tokens/verify\"") && log.contains("status=503") && log.contains("connect=true"),
        "{log}"
    );
    assert!(!log.contains(SECRET_TOKEN) && !log.contains(SECRET_KEY), "a secret leaked into the log:\n{log}");
}
