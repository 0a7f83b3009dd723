//! Webhook events through the code generated for `specs/webhooks.yaml`: `unwrap` verifies an
//! event's Standard Webhooks signature with the client's secret before parsing it into the
//! event union (tagged by `type`), and refuses a tampered, forged or stale one;
//! `unsafe_unwrap` parses without a secret.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::focused::webhooks::{resources, types};
use generated_client::Client;
use generated_client::runtime::{Error, HeaderMap, Secret, webhooks};

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const CREATED: &[u8] = br#"{"type":"order.created","id":"evt_1","created_at":"2026-12-07T10:00:00Z","data":{"order_id":"o_1","amount":1250}}"#;

fn client(secret: Option<&str>) -> Client {
    let builder = Client::builder().base_url("http://127.0.0.1:9");
    match secret {
        Some(secret) => builder.webhook_secret(secret),
        None => builder,
    }
    .build()
    .expect("client")
}

fn now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).expect("after 1970").as_secs() as i64
}

/// The headers the API sends with `payload`, signed with `secret` at `timestamp`.
fn signed(payload: &[u8], secret: &str, timestamp: i64) -> HeaderMap {
    let signature = webhooks::sign(payload, "msg_1", timestamp, &Secret::new(secret)).expect("a base64 secret");
    let mut headers = HeaderMap::new();
    headers.insert("webhook-id", "msg_1".parse().expect("ASCII"));
    headers.insert("webhook-timestamp", timestamp.to_string().parse().expect("ASCII"));
    headers.insert("webhook-signature", signature.parse().expect("ASCII"));
    headers
}

#[test]
fn a_signed_event_is_verified_and_parsed_into_its_variant() {
    let client = client(Some(SECRET));
    let event =
        resources::Webhooks { client: &client }.unwrap(CREATED, &signed(CREATED, SECRET, now())).expect("verified");
    match event {
        types::WebhookEvent::OrderCreated(created) => {
            assert_eq!(
                (created.id.as_str(), created.data.order_id.as_str(), created.data.amount),
                ("evt_1", "o_1", 1250)
            );
        }
        other => panic!("parsed as another event: {other:?}"),
    }
}

#[test]
fn a_tampered_forged_or_stale_event_is_refused() {
    let client = client(Some(SECRET));
    let hooks = resources::Webhooks { client: &client };
    let refused = |payload: &[u8], headers: HeaderMap| match hooks.unwrap(payload, &headers) {
        Err(Error::Webhook(message)) => message,
        other => panic!("not refused: {other:?}"),
    };
    let tampered = String::from_utf8_lossy(CREATED).replace("1250", "1");
    assert!(refused(tampered.as_bytes(), signed(CREATED, SECRET, now())).contains("no signature matches"));
    let forged = signed(CREATED, "whsec_Zm9yZ2VyJ3Mga2V5", now());
    assert!(refused(CREATED, forged).contains("no signature matches"));
    assert!(refused(CREATED, signed(CREATED, SECRET, now() - 3600)).contains("old"));
    assert!(refused(CREATED, HeaderMap::new()).contains("lacks"));
}

#[test]
fn without_a_secret_unwrap_refuses_and_unsafe_unwrap_parses() {
    let client = client(None);
    let hooks = resources::Webhooks { client: &client };
    let error = hooks.unwrap(CREATED, &signed(CREATED, SECRET, now())).expect_err("no secret to verify with");
    assert!(error.to_string().contains("no webhook secret"), "{error}");
    let refunded = br#"{"type":"order.refunded","id":"evt_2","created_at":"2026-12-07T10:00:00Z","data":{"order_id":"o_1","reason":"damaged"}}"#;
    assert!(matches!(hooks.unsafe_unwrap(refunded), Ok(types::WebhookEvent::OrderRefunded(_))));
    let error =
        hooks.unsafe_unwrap(br#"{"type":"order.created","id":"evt_3"}"#).expect_err("a required field is missing");
    assert!(matches!(error, Error::Webhook(_)), "{error}");
}
