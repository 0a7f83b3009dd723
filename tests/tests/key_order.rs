//! The generated code depends on a spec's content, not on its key order: each
//! place where the order used to leak into names or output is reversed on its
//! own, and the output must stay byte-identical. `cargo xtask reorder` does the
//! same with random orders on the whole corpus.

use std::path::Path;

use codegen::EmitOptions;
use serde_json::{Map, Value, json};

/// Two operations whose inline responses have the same shape (so one is named
/// after the other), shared and own parameters, components with `required`
/// lists, two security schemes and typed error responses.
fn spec() -> Value {
    let item = json!({"type": "object", "required": ["id", "name"], "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "size": {"type": "integer"}}});
    let list = |tag: &str| {
        json!({
            "get": {
                "tags": [tag],
                "parameters": [
                    {"name": "per_page", "in": "query", "schema": {"type": "integer"}, "example": 20},
                    {"name": "direction", "in": "query", "schema": {"type": "string", "enum": ["asc", "desc"]}},
                    {"name": "X-Trace", "in": "header", "schema": {"type": "string"}}
                ],
                "responses": {
                    "200": {"description": "ok", "content": {"application/json": {"schema": {"type": "array", "items": item.clone()}}}},
                    "404": {"description": "missing", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NotFound"}}}},
                    "4XX": {"description": "bad", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
                }
            },
            "post": {
                "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pear"}}}},
                "responses": {"201": {"description": "made", "content": {"application/json": {"schema": item.clone()}}}}
            },
            "delete": {"responses": {"204": {"description": "gone"}}}
        })
    };
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Orchard", "version": "1"},
        "paths": {
            "/apples": list("apples"),
            "/pears": list("pears"),
            "/pears/{pear_id}/stalks/{stalk_id}": {
                "parameters": [
                    {"name": "stalk_id", "in": "path", "required": true, "schema": {"type": "string"}},
                    {"name": "pear_id", "in": "path", "required": true, "schema": {"type": "string"}}
                ],
                "get": {"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pear"}}}}}}
            }
        },
        "components": {
            "schemas": {
                "Pear": {"type": "object", "required": ["variety", "weight", "ripe"], "properties": {
                    "variety": {"type": "string"}, "weight": {"type": "number"}, "ripe": {"type": "boolean"},
                    "origin": {"type": "object", "properties": {"country": {"type": "string"}}}
                }},
                "Orchard": {"type": "object", "properties": {"origin": {"type": "object", "properties": {"country": {"type": "string"}}}}},
                // No operation uses these; their identical inline `peel`s are one type, named after the first seen.
                "Lemon": {"type": "object", "properties": {"peel": {"type": "object", "properties": {"thickness": {"type": "number"}}}}},
                "Lime": {"type": "object", "properties": {"peel": {"type": "object", "properties": {"thickness": {"type": "number"}}}}},
                "NotFound": {"type": "object", "required": ["message"], "properties": {"message": {"type": "string"}}},
                "Problem": {"type": "object", "required": ["title", "detail"], "properties": {"title": {"type": "string"}, "detail": {"type": "string"}}}
            },
            "securitySchemes": {
                "token": {"type": "http", "scheme": "bearer"},
                "key": {"type": "apiKey", "in": "header", "name": "X-Key"}
            }
        },
        "security": [{"token": []}, {"key": []}]
    })
}

fn generate(spec: Value) -> codegen::Files {
    let options = EmitOptions { resource_features: true, ..EmitOptions::default() };
    codegen::generate_from_value("orchard.json", spec, Path::new("."), &options).expect("the spec generates").files
}

fn reverse_map(value: &mut Value) {
    let map = value.as_object_mut().expect("an object");
    let entries: Vec<(String, Value)> = std::mem::take(map).into_iter().rev().collect();
    map.extend(entries);
}

fn reverse_list(value: &mut Value) {
    value.as_array_mut().expect("a list").reverse();
}

/// Applies `change` to a copy of the spec and compares the output with the original's.
fn assert_same_output(what: &str, change: impl Fn(&mut Value)) {
    let original = spec();
    let mut changed = original.clone();
    change(&mut changed);
    // Maps compare equal whatever their order: compare the text.
    assert_ne!(original.to_string(), changed.to_string(), "{what}: the change must change the spec");
    let (a, b) = (generate(original), generate(changed));
    for (name, text) in &a {
        assert!(b.get(name) == Some(text), "{what}: {name} differs");
    }
    assert_eq!(a.len(), b.len(), "{what}: other files");
}

#[test]
fn the_order_of_paths_does_not_matter() {
    assert_same_output("paths", |spec| reverse_map(&mut spec["paths"]));
}

#[test]
fn the_order_of_operations_in_a_path_item_does_not_matter() {
    assert_same_output("operations", |spec| {
        for item in spec["paths"].as_object_mut().unwrap().values_mut() {
            reverse_map(item);
        }
    });
}

#[test]
fn the_order_of_component_schemas_does_not_matter() {
    assert_same_output("components.schemas", |spec| reverse_map(&mut spec["components"]["schemas"]));
}

#[test]
fn the_order_of_security_schemes_does_not_matter() {
    assert_same_output("components.securitySchemes", |spec| reverse_map(&mut spec["components"]["securitySchemes"]));
}

#[test]
fn the_order_of_required_lists_does_not_matter() {
    assert_same_output("required", |spec| {
        for name in ["Pear", "Problem"] {
            reverse_list(&mut spec["components"]["schemas"][name]["required"]);
        }
        reverse_list(
            &mut spec["paths"]["/apples"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["items"]
                ["required"],
        );
    });
}

#[test]
fn the_order_of_parameters_does_not_matter() {
    assert_same_output("parameters", |spec| {
        reverse_list(&mut spec["paths"]["/apples"]["get"]["parameters"]);
        reverse_list(&mut spec["paths"]["/pears/{pear_id}/stalks/{stalk_id}"]["parameters"]);
    });
}

#[test]
fn the_order_of_responses_does_not_matter() {
    assert_same_output("responses", |spec| reverse_map(&mut spec["paths"]["/pears"]["get"]["responses"]));
}

#[test]
fn everything_reversed_at_once_changes_nothing() {
    assert_same_output("all", |spec| {
        fn reverse_everything(value: &mut Value, key: &str) {
            match value {
                Value::Object(map) if !matches!(key, "properties" | "example") => {
                    for (k, child) in map.iter_mut() {
                        reverse_everything(child, k);
                    }
                    let entries: Vec<(String, Value)> = std::mem::take(map).into_iter().rev().collect();
                    *map = Map::from_iter(entries);
                }
                Value::Array(list) if matches!(key, "required" | "parameters") => list.reverse(),
                _ => {}
            }
        }
        reverse_everything(spec, "");
    });
}
