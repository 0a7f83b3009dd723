use serde_json::{Value, json};

use super::snippet::{json_text, number_literal};
use super::*;
use crate::model::Scalar;

/// A thing API: list, create (JSON body), get, a deprecated archive, and a paged search.
fn spec(create_deprecated: bool) -> Value {
    let thing =
        json!({"type": "object", "required": ["name"], "properties": {"name": {"type": "string", "example": "Ada"}}});
    let one = json!({"200": {"description": "a thing", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/thing"}}}}});
    let id =
        json!([{"name": "thing_id", "in": "path", "required": true, "schema": {"type": "string"}, "example": "th_1"}]);
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Things", "version": "2", "description": "Things to keep. And more."},
        "servers": [{"url": "https://api.things.example"}],
        "paths": {
            "/things": {
                "get": {"responses": {"200": {"description": "all", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/thing"}}}}}}},
                "post": {
                    "deprecated": create_deprecated,
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/thing"}}}},
                    "responses": one
                }
            },
            "/things/{thing_id}": {"get": {"parameters": id, "responses": one}},
            "/things/{thing_id}/archive": {"post": {"deprecated": true, "parameters": id, "responses": one}},
            "/things/search": {"post": {
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "properties": {"q": {"type": "string"}}}}}},
                "responses": {"200": {"description": "a page", "content": {"application/json": {"schema": {
                    "type": "object",
                    "properties": {"data": {"type": "array", "items": {"$ref": "#/components/schemas/thing"}}, "next_cursor": {"type": "string"}}
                }}}}},
                "parameters": [{"name": "cursor", "in": "query", "schema": {"type": "string"}}, {"name": "limit", "in": "query", "schema": {"type": "integer", "format": "int32"}}]
            }}
        },
        "components": {"schemas": {"thing": thing}}
    })
}

fn readme_of(spec: Value, config: &str) -> String {
    let config = Config::from_str("codegen.yaml", config).expect("config");
    let options = EmitOptions {
        resource_features: true,
        readme: Some(Readme::new("things-client", &config)),
        ..EmitOptions::default()
    };
    let generated =
        crate::generate_from_value_with_config("t.json", spec, std::path::Path::new("."), &config, &options)
            .expect("generates");
    generated.files["README.md"].clone()
}

/// The text of a section, from its heading to the next.
fn section<'a>(readme: &'a str, heading: &str) -> &'a str {
    let start = readme.find(&format!("## {heading}\n")).unwrap_or_else(|| panic!("no {heading} in\n{readme}"));
    let rest = &readme[start + 3..];
    &rest[..rest.find("\n## ").unwrap_or(rest.len())]
}

#[test]
fn the_headline_is_a_create_with_the_spec_example_as_body() {
    let readme = readme_of(spec(false), "");
    let usage = section(&readme, "Usage");
    assert!(usage.contains("`client.things().create` (`POST /things`)"), "{usage}");
    assert!(
        usage.contains("let body: types::Thing = serde_json::from_value(serde_json::json!({ \"name\": \"Ada\" }))?;"),
        "{usage}"
    );
    assert!(usage.contains("let response = client.things().create(&body).await?;"), "{usage}");
    assert!(readme.starts_with("# things-client\n\nA Rust client for the Things API (version 2). Things to keep.\n"));
}

#[test]
fn a_deprecated_operation_is_never_the_headline() {
    let readme = readme_of(spec(true), "");
    // Of the GETs answering something, the one with the fewest required arguments.
    assert!(section(&readme, "Usage").contains("client.things().list()"), "{readme}");
}

#[test]
fn the_config_example_requests_choose_the_call_and_its_arguments() {
    let config = "readme:\n  example_requests:\n    default:\n      type: request\n      endpoint: get /things/{id}\n      params:\n        thing_id: th_42\n";
    let readme = readme_of(spec(false), config);
    assert!(section(&readme, "Usage").contains("client.things().get(\"th_42\")"), "{readme}");
    let config = "readme:\n  example_requests:\n    headline:\n      endpoint: post /things\n      params:\n        name: Grace\n    pagination:\n      endpoint: post /things/search\n      params:\n        limit: 10\n        q: ad\n";
    let readme = readme_of(spec(false), config);
    assert!(section(&readme, "Usage").contains("serde_json::json!({ \"name\": \"Grace\" })"), "{readme}");
    let pagination = section(&readme, "Pagination");
    assert!(pagination.contains("let params = types::ThingsSearchParams::default().limit(10);"), "{pagination}");
    assert!(pagination.contains("serde_json::json!({ \"q\": \"ad\" })"), "{pagination}");
}

#[test]
fn a_config_example_request_names_an_endpoint_as_verb_and_path() {
    let error = Config::from_str("c.yaml", "readme:\n  example_requests:\n    default:\n      endpoint: /things\n")
        .expect_err("no verb");
    assert!(error.to_string().contains("expected `verb /path`, found `/things`"), "{error}");
    let config =
        Config::from_str("c.yaml", "readme:\n  example_requests:\n    default: {endpoint: post /things}\n  other: 1\n")
            .expect("reads");
    assert_eq!(config.example_requests[0].verb, "post");
    assert_eq!(config.example_requests[0].path, "/things");
    assert_eq!(config.ignored[0].key, "readme.other");
}

#[test]
fn the_configuration_table_lists_every_variable_from_env_reads() {
    let mut spec = spec(false);
    spec["components"]["securitySchemes"] = json!({"key": {"type": "apiKey", "in": "header", "name": "X-Key"}});
    spec["security"] = json!([{"key": []}]);
    let readme = readme_of(spec, "");
    let configuration = section(&readme, "Configuration");
    assert!(
        configuration.contains(
            "| `THINGS_BASE_URL` | the base URL, instead of `https://api.things.example` | `.base_url(..)` |"
        ),
        "{configuration}"
    );
    let row = "| `THINGS_API_KEY` or `THINGS_KEY` | security scheme `key`: the `X-Key` header | `.key(..)` |";
    assert!(configuration.contains(row), "{configuration}");
    assert!(configuration.contains("    .key(\"my-credential\")\n"), "{configuration}");
}

#[test]
fn json_is_written_as_the_json_macro_takes_it() {
    assert_eq!(json_text(&json!({"a": [1, 2], "b": "x\u{1}\"y"}), 0), r#"{ "a": [1, 2], "b": "x\u{1}\"y" }"#);
    let long = json!({"first": "a long enough value", "second": "another long enough value", "n": 1.5});
    assert_eq!(
        json_text(&long, 0),
        "{\n    \"first\": \"a long enough value\",\n    \"second\": \"another long enough value\",\n    \"n\": 1.5\n}"
    );
}

#[test]
fn numbers_are_literals_of_their_type() {
    let n = |v: Value| v.as_number().cloned().expect("a number");
    assert_eq!(number_literal(Scalar::U32, &n(json!(7)), false).as_deref(), Some("7_u32"));
    assert_eq!(number_literal(Scalar::U32, &n(json!(7)), true).as_deref(), Some("7"));
    assert_eq!(number_literal(Scalar::I64, &n(json!(7)), false).as_deref(), Some("7"));
    assert_eq!(number_literal(Scalar::F64, &n(json!(2)), true).as_deref(), Some("2.0"));
    assert_eq!(number_literal(Scalar::F32, &n(json!(2.5)), false).as_deref(), Some("2.5_f32"));
    assert_eq!(number_literal(Scalar::U8, &n(json!(-1)), true), None);
}
