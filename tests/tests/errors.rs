//! Bad specs give errors or warnings that name the file and the JSON pointer; never a panic.

use std::path::{Path, PathBuf};

use codegen::{EmitOptions, Error, Generated};
use serde_json::json;

fn run(spec: serde_json::Value) -> Result<Generated, Error> {
    codegen::generate_from_value("spec.json", spec, Path::new("."), &EmitOptions::default())
}

fn with_schemas(schemas: serde_json::Value) -> serde_json::Value {
    json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "components": {"schemas": schemas}})
}

/// A spec file in a fresh temporary folder (for tests about reading files).
fn temp_spec(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("codegen-errors-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write spec");
    path
}

#[test]
fn missing_ref_target_names_file_and_pointer() {
    let error = run(with_schemas(json!({"A": {"properties": {"b": {"$ref": "#/components/schemas/Missing"}}}}))).unwrap_err();
    let text = error.to_string();
    assert!(text.contains("spec.json#/components/schemas/A/properties/b"), "{text}");
    assert!(text.contains("#/components/schemas/Missing"), "{text}");
}

#[test]
fn missing_ref_file_is_an_error() {
    let path = temp_spec("missing-file.yaml", "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {$ref: 'nowhere.yaml#/X'}\n");
    let text = codegen::generate(&path, &EmitOptions::default()).unwrap_err().to_string();
    assert!(text.contains("missing-file.yaml#/components/schemas/A/$ref") && text.contains("nowhere.yaml"), "{text}");
}

#[test]
fn not_openapi_and_unsupported_versions_are_rejected() {
    let cases = [
        (json!({"info": {}}), "no `openapi` version"),
        (json!({"swagger": "2.0"}), "Swagger"),
        (json!({"openapi": "4.0.0"}), "unsupported OpenAPI version `4.0.0`"),
        (json!([1, 2]), "not an object"),
    ];
    for (spec, expected) in cases {
        let text = run(spec).unwrap_err().to_string();
        assert!(text.contains(expected) && text.contains("spec.json"), "{text}");
    }
}

#[test]
fn malformed_yaml_reports_line_and_column() {
    let path = temp_spec("broken.yaml", "openapi: 3.0.3\ninfo:\n  title: [unclosed\n");
    let error = codegen::generate(&path, &EmitOptions::default()).unwrap_err();
    match &error {
        Error::Parse { file, line, .. } => assert!(file == "broken.yaml" && *line >= 3, "{error}"),
        other => panic!("expected a parse error, got {other}"),
    }
}

#[test]
fn contradicting_all_of_members_warn_with_location() {
    let generated = run(with_schemas(json!({"A": {"allOf": [{"type": "string"}, {"type": "integer"}]}}))).expect("generates");
    let warning = generated.warnings.iter().find(|w| w.message.contains("contradicts")).expect("a contradiction warning");
    assert_eq!(warning.location.to_string(), "spec.json#/components/schemas/A/allOf/1");
}

#[test]
fn required_property_that_does_not_exist_warns() {
    let generated = run(with_schemas(json!({"A": {"type": "object", "required": ["ghost"], "properties": {"x": {"type": "string"}}}})))
        .expect("generates");
    assert!(generated.warnings.iter().any(|w| w.message.contains("`ghost`") && w.location.pointer == "/components/schemas/A"), "{:?}", generated.warnings);
}

#[test]
fn self_reference_without_an_object_falls_back_to_value() {
    let generated = run(with_schemas(json!({"A": {"$ref": "#/components/schemas/A"}, "L": {"type": "array", "items": {"$ref": "#/components/schemas/L"}}})))
        .expect("generates");
    assert!(generated.warnings.iter().any(|w| w.message.contains("refers to itself")), "{:?}", generated.warnings);
    syn::parse_file(&generated.files["types.rs"]).expect("valid Rust");
}
