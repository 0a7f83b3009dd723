//! Null versus missing on the wire: a request can leave a field unchanged
//! (omit it), clear it (`null`) or set it, and a response tells the three
//! apart; through the code generated for `specs/nullable_3_0.yaml`.

use crate::focused::nullable_3_0::{resources, types};
use generated_client::{Client, Error, Nullable};
use serde_json::json;
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn record(optional_nullable: Nullable<i64>) -> types::Record {
    types::Record {
        required_plain: "a".into(),
        required_nullable: None,
        optional_plain: None,
        optional_nullable,
        nullable_ref: Nullable::Absent,
        nullable_items: None,
        any_of_null: Nullable::Absent,
        typed_nullable_ref: Nullable::Absent,
        #[cfg(feature = "extra-fields")]
        additional_properties: Default::default(),
    }
}

#[tokio::test]
async fn omitted_null_and_set_are_three_different_requests_and_responses() -> Result<(), Error> {
    let server = MockServer::start().await;
    let sent = [
        (Nullable::Absent, json!({"required_plain": "a", "required_nullable": null})),
        (Nullable::Null, json!({"required_plain": "a", "required_nullable": null, "optional_nullable": null})),
        (Nullable::Value(7), json!({"required_plain": "a", "required_nullable": null, "optional_nullable": 7})),
    ];
    let client = Client::builder().base_url(server.uri()).max_retries(0).build()?;
    let records = resources::Records { client: &client };
    for (value, body) in sent {
        server.reset().await;
        // The server echoes what it was sent, so the response decodes each state too.
        Mock::given(method("PATCH"))
            .and(path("/records/r1"))
            .and(body_json(body.clone()))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .expect(1)
            .mount(&server)
            .await;
        let stored = records.update("r1", &record(value)).await?;
        assert_eq!(stored.optional_nullable, value);
    }
    Ok(())
}

/// With the `extra-fields` feature (`cargo test -p tests --features extra-fields`,
/// run by `.ci/run`), data the spec does not declare survives a round trip.
#[cfg(feature = "extra-fields")]
#[tokio::test]
async fn undeclared_fields_survive_a_round_trip() -> Result<(), Error> {
    let server = MockServer::start().await;
    let newer = json!({"required_plain": "a", "required_nullable": null, "added_later": {"x": [1, 2]}});
    Mock::given(method("PATCH"))
        .and(path("/records/r1"))
        .and(body_json(newer.clone()))
        .respond_with(ResponseTemplate::new(200).set_body_json(newer.clone()))
        .expect(2)
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).max_retries(0).build()?;
    let records = resources::Records { client: &client };
    let mut sent = record(Nullable::Absent);
    sent.additional_properties.insert("added_later".into(), json!({"x": [1, 2]}));
    let stored = records.update("r1", &sent).await?;
    assert_eq!(stored.additional_properties.get("added_later"), Some(&json!({"x": [1, 2]})));
    records.update("r1", &stored).await?;
    Ok(())
}

#[test]
fn the_3_0_ways_to_say_or_null_read_a_null_as_null() {
    // `anyOf: [$ref, {nullable: true}]` and `{type: object, nullable: true, allOf: [$ref]}`.
    let body =
        json!({"required_plain": "a", "required_nullable": null, "any_of_null": null, "typed_nullable_ref": null});
    let decoded: types::Record = serde_json::from_value(body.clone()).expect("decodes");
    assert!(matches!(decoded.any_of_null, Nullable::Null));
    assert!(matches!(decoded.typed_nullable_ref, Nullable::Null));
    assert_eq!(serde_json::to_value(&decoded).expect("encodes"), body);
}
