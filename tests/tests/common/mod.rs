//! Helpers shared by the loopback tests of the generated Cloudflare client.
#![allow(dead_code)]

use std::time::Duration;

use generated_client::{Client, ClientBuilder};
use serde_json::{Value, json};
use wiremock::{MockServer, ResponseTemplate};

pub const TOKEN: &str = "t0ken";
pub const EMAIL: &str = "user@example.com";
pub const KEY: &str = "c2547eb745079dac9320b638f5e225cf483cc5cfdda41";
pub const TOKEN_ID: &str = "ed17574386854bf78a67040be0a770b0";

/// A client for `server` with every credential configured and 1 ms retry backoff.
pub fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder()
        .base_url(server.uri())
        .api_token(TOKEN)
        .api_email(EMAIL)
        .api_key(KEY)
        .retry_backoff(Duration::from_millis(1))
}

pub fn client(server: &MockServer) -> Client {
    builder(server).build().expect("the client builds")
}

pub fn envelope(result: Value) -> Value {
    json!({"success": true, "errors": [], "messages": [], "result": result})
}

pub fn failure() -> Value {
    json!({"success": false, "errors": [{"code": 7003, "message": "No route for the URI"}], "messages": [], "result": null})
}

pub fn reply(status: u16, body: Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(body)
}

pub fn verify_json() -> Value {
    json!({"id": TOKEN_ID, "status": "active", "not_before": "2018-07-01T05:20:00Z", "expires_on": "2030-01-01T00:00:00Z"})
}

pub async fn received(server: &MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.expect("request recording is on")
}
