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
    let error =
        run(with_schemas(json!({"A": {"properties": {"b": {"$ref": "#/components/schemas/Missing"}}}}))).unwrap_err();
    let text = error.to_string();
    assert!(text.contains("spec.json#/components/schemas/A/properties/b"), "{text}");
    assert!(text.contains("#/components/schemas/Missing"), "{text}");
}

#[test]
fn missing_ref_file_is_an_error() {
    let path = temp_spec(
        "missing-file.yaml",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {$ref: 'nowhere.yaml#/X'}\n",
    );
    let text = codegen::generate(&path, &EmitOptions::default()).unwrap_err().to_string();
    assert!(text.contains("missing-file.yaml#/components/schemas/A/$ref") && text.contains("nowhere.yaml"), "{text}");
}

#[test]
fn not_openapi_and_unsupported_versions_are_rejected() {
    let cases = [
        (json!({"info": {}}), "no `openapi` version"),
        (json!({"swagger": "1.2"}), "Swagger \"1.2\" is not supported"),
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
    let generated =
        run(with_schemas(json!({"A": {"allOf": [{"type": "string"}, {"type": "integer"}]}}))).expect("generates");
    let warning =
        generated.warnings.iter().find(|w| w.message.contains("contradicts")).expect("a contradiction warning");
    assert_eq!(warning.location.to_string(), "spec.json#/components/schemas/A/allOf/1");
}

#[test]
fn required_property_that_does_not_exist_warns() {
    let generated = run(with_schemas(
        json!({"A": {"type": "object", "required": ["ghost"], "properties": {"x": {"type": "string"}}}}),
    ))
    .expect("generates");
    assert!(
        generated
            .warnings
            .iter()
            .any(|w| w.message.contains("`ghost`") && w.location.pointer == "/components/schemas/A"),
        "{:?}",
        generated.warnings
    );
}

#[test]
fn self_reference_without_an_object_falls_back_to_value() {
    let generated = run(with_schemas(json!({"A": {"$ref": "#/components/schemas/A"}, "L": {"type": "array", "items": {"$ref": "#/components/schemas/L"}}})))
        .expect("generates");
    assert!(generated.warnings.iter().any(|w| w.message.contains("refers to itself")), "{:?}", generated.warnings);
    syn::parse_file(&generated.files["types.rs"]).expect("valid Rust");
}

#[test]
fn malformed_json_reports_line_and_column() {
    let path = temp_spec("broken.json", "{\n  \"openapi\": \"3.0.3\",\n  \"info\": {\"title\": \"t\",,\n}\n");
    let error = codegen::generate(&path, &EmitOptions::default()).unwrap_err();
    match &error {
        Error::Parse { file, line, column, .. } => {
            assert!(file == "broken.json" && *line == 3 && *column > 0, "{error}")
        }
        other => panic!("expected a parse error, got {other}"),
    }
}

#[test]
fn ref_cycles_through_all_of_terminate_and_merge_both_sides() {
    let generated = run(with_schemas(json!({
        "A": {"allOf": [{"$ref": "#/components/schemas/B"}, {"properties": {"a": {"type": "string"}}}]},
        "B": {"allOf": [{"$ref": "#/components/schemas/A"}, {"properties": {"b": {"type": "string"}}}]},
        // A legitimate cycle through a property: boxed, not an error.
        "Node": {"type": "object", "properties": {"next": {"allOf": [{"$ref": "#/components/schemas/Node"}]}}}
    })))
    .expect("generates");
    let types = &generated.files["types.rs"];
    // `A` must satisfy `B` and `B` must satisfy `A`: both have both properties.
    for name in ["A", "B"] {
        let start =
            types.find(&format!("pub struct {name} {{")).unwrap_or_else(|| panic!("no struct {name} in {types}"));
        let body = &types[start..start + types[start..].find("\n}").expect("struct end")];
        assert!(body.contains("pub a:") && body.contains("pub b:"), "{body}");
    }
    syn::parse_file(types).expect("valid Rust");
    assert!(types.contains("Box<Node>"), "{types}");
}

/// `depth` objects, each the only property of the one above (built by hand:
/// `json!` would copy the value recursively).
fn nested(depth: usize) -> serde_json::Value {
    use serde_json::{Map, Value};
    let mut schema = json!({"type": "string"});
    for _ in 0..depth {
        let mut properties = Map::new();
        properties.insert("inner".into(), schema);
        let mut object = Map::new();
        object.insert("type".into(), Value::String("object".into()));
        object.insert("properties".into(), Value::Object(properties));
        schema = Value::Object(object);
    }
    schema
}

fn with_deep_schema(depth: usize) -> serde_json::Value {
    let mut spec = with_schemas(json!({}));
    spec["components"]["schemas"].as_object_mut().expect("an object").insert("Deep".into(), nested(depth));
    spec
}

#[test]
fn schemas_nested_sixty_deep_are_read_from_json_and_yaml() {
    // 60 schema levels are 120 JSON levels and more: past serde_json's and serde_yaml's own limit of 128.
    let spec = with_deep_schema(60);
    for (name, text) in
        [("deep60.json", spec.to_string()), ("deep60.yaml", serde_yaml::to_string(&spec).expect("YAML"))]
    {
        let generated = codegen::generate(&temp_spec(name, &text), &EmitOptions::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(generated.warnings.is_empty(), "{name}: {:?}", generated.warnings);
        assert!(
            generated.files["types.rs"].matches("pub inner: Option<").count() >= 59,
            "{name}: every level is a struct"
        );
    }
}

#[test]
fn schemas_nested_thousands_deep_are_an_error_not_a_stack_overflow() {
    // In a document value: the resolver's nesting limit.
    // In a document value: the resolver's nesting limit, a warning and `serde_json::Value` below it.
    let generated = run(with_deep_schema(3_000)).expect("generates");
    let warning =
        generated.warnings.iter().find(|w| w.message.contains("nested more than")).expect("a nesting warning");
    assert!(warning.location.to_string().starts_with("spec.json#/components/schemas/Deep/properties/inner/"));
    syn::parse_file(&generated.files["types.rs"]).expect("valid Rust");
    // As text: past the loader's own bound (serde_json's 128 is lifted), an error with a line and column.
    let open = r#"{"type": "object", "properties": {"inner": "#.repeat(5_000);
    let close = "}}".repeat(5_000);
    let text = format!(
        r#"{{"openapi": "3.0.3", "info": {{"title": "t", "version": "1"}}, "paths": {{}}, "components": {{"schemas": {{"Deep": {open}{{"type": "string"}}{close}}}}}}}"#
    );
    let error = codegen::generate(&temp_spec("deep.json", &text), &EmitOptions::default()).unwrap_err();
    assert!(
        matches!(&error, Error::Parse { line: 1, .. })
            && error.to_string().contains("nested more than 512 levels deep"),
        "{error}"
    );
    // In YAML (written out here: serializing a value that deep would need a deep stack).
    let mut text =
        String::from("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Deep:\n");
    for level in 0..300 {
        let indent = "  ".repeat(3 + 2 * level);
        text.push_str(&format!("{indent}type: object\n{indent}properties:\n{indent}  inner:\n"));
    }
    let error = codegen::generate(&temp_spec("deep.yaml", &text), &EmitOptions::default()).unwrap_err();
    assert!(error.to_string().contains("nested more than 512 levels deep"), "{error}");
    // A long `$ref` chain: a warning where it gets too deep, not a stack overflow.
    let chain: serde_json::Map<String, serde_json::Value> =
        (0..3_000).map(|i| (format!("S{i}"), json!({"$ref": format!("#/components/schemas/S{}", i + 1)}))).collect();
    let mut schemas = chain;
    schemas.insert("S3000".into(), json!({"type": "object", "properties": {"x": {"type": "string"}}}));
    let generated = run(with_schemas(serde_json::Value::Object(schemas))).expect("generates");
    assert!(generated.warnings.iter().any(|w| w.message.contains("`$ref`s deep")), "{:?}", generated.warnings);
}

/// An alias bomb (eleven lists of ten aliases each of the one before: 10^11
/// scalars expanded) after `prefix`.
fn alias_bomb(prefix: &str) -> String {
    let mut text = String::from(prefix);
    text.push_str("l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
    for level in 1..11 {
        text.push_str(&format!("l{level}: &l{level} [{}]\n", vec![format!("*l{}", level - 1); 10].join(", ")));
    }
    text
}

#[test]
fn an_alias_bomb_in_a_deep_spec_or_a_config_is_refused_quickly() {
    let started = std::time::Instant::now();
    // Nested past serde_yaml's limit first, so that the deep-spec reader reads it.
    let deep = format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\nx-deep: {}{}\nx-bomb:\n",
        "[".repeat(200),
        "]".repeat(200)
    );
    let spec = alias_bomb(&deep).replace("\nl", "\n  l");
    let error = codegen::generate(&temp_spec("bomb.yaml", &spec), &EmitOptions::default()).unwrap_err();
    let text = error.to_string();
    assert!(matches!(&error, Error::Parse { file, line: 6..=16, .. } if file == "bomb.yaml"), "{text}");
    assert!(text.contains("refused as an alias bomb"), "{text}");
    let error = codegen::Config::from_str("codegen.yaml", &alias_bomb("")).unwrap_err().to_string();
    assert!(error.starts_with("codegen.yaml:") && error.contains("refused as an alias bomb"), "{error}");
    assert!(started.elapsed() < std::time::Duration::from_secs(1), "{:?}", started.elapsed());
}

#[test]
fn type_names_that_collide_after_casing_stay_distinct() {
    let generated = run(with_schemas(json!({
        "user_token": {"type": "object", "properties": {"a": {"type": "string"}}},
        "UserToken": {"type": "object", "properties": {"b": {"type": "string"}}},
        "user-token": {"type": "object", "properties": {"c": {"type": "string"}}}
    })))
    .expect("generates");
    let file = syn::parse_file(&generated.files["types.rs"]).expect("valid Rust");
    let mut names: Vec<String> = file
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(s) => Some(s.ident.to_string()),
            _ => None,
        })
        .collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 3, "{names:?}");
}

#[test]
fn enum_values_that_collide_after_casing_keep_their_own_variant() {
    let generated =
        run(with_schemas(json!({"Sep": {"type": "string", "enum": ["a-b", "a_b", "A B", "aB"]}}))).expect("generates");
    let types = &generated.files["types.rs"];
    syn::parse_file(types).expect("valid Rust");
    for value in ["a-b", "a_b", "A B", "aB"] {
        assert!(types.contains(&format!("\"{value}\"")), "no variant for `{value}` in {types}");
    }
    // `tests/specs/string_enum.yaml` compiles the same case and round-trips its example.
}

#[test]
fn empty_paths_generate_a_client_without_operations() {
    for spec in [
        json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}}),
        json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}}),
    ] {
        let generated = run(spec).expect("generates");
        for (name, text) in &generated.files {
            if name.ends_with(".rs") {
                syn::parse_file(text).unwrap_or_else(|e| panic!("{name}: {e}"));
            }
        }
    }
}

#[test]
fn non_ascii_and_emoji_names_become_identifiers_and_keep_their_json_names() {
    let generated = run(json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/grüße/{näme}": {"get": {
            "operationId": "grüßen 👋",
            "parameters": [{"name": "näme", "in": "path", "required": true, "schema": {"type": "string"}}],
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Größe"}}}}}
        }}},
        "components": {"schemas": {"Größe": {"type": "object", "properties": {"🎉": {"type": "string"}, "naïve": {"type": "boolean"}}}}}
    }))
    .expect("generates");
    for file in ["types.rs", "resources.rs"] {
        syn::parse_file(&generated.files[file]).unwrap_or_else(|e| panic!("{file}: {e}"));
    }
    let types = &generated.files["types.rs"];
    for json in ["\"🎉\"", "\"naïve\""] {
        assert!(types.contains(&format!(" = {json} optional,")), "{json} in {types}");
    }
}

#[test]
fn an_operation_tests_crate_name_that_is_no_identifier_is_an_error() {
    let spec = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": {
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "string"}}}}}
    }}}});
    for krate in ["1dup", "", "-", "fn", "_", "é", "a b"] {
        let options = EmitOptions { operation_tests: Some(krate.to_string()), ..EmitOptions::default() };
        let error = codegen::generate_from_value("spec.json", spec.clone(), Path::new("."), &options).unwrap_err();
        assert!(matches!(error, Error::Option { option: "operation_tests", .. }), "{krate}: {error}");
        assert!(error.to_string().contains(&format!("`{krate}` is not a crate name")), "{error}");
    }
    let options = EmitOptions { operation_tests: Some("a-b".to_string()), ..EmitOptions::default() };
    let generated = codegen::generate_from_value("spec.json", spec, Path::new("."), &options).expect("generates");
    assert!(generated.files["operation_tests.rs"].contains("use a_b as api;"));
}

#[test]
fn operation_test_samples_stay_small_whatever_the_spec_asks() {
    // Eight required fields per type, thirteen types deep: 8^12 strings in a full sample.
    let mut schemas = serde_json::Map::new();
    for level in 0..13 {
        let fields: serde_json::Map<String, serde_json::Value> = (0..8)
            .map(|i| (format!("f{i}"), json!({"$ref": format!("#/components/schemas/T{}", level + 1)})))
            .collect();
        let required: Vec<String> = fields.keys().cloned().collect();
        schemas.insert(format!("T{level}"), json!({"type": "object", "required": required, "properties": fields}));
    }
    schemas.insert("T13".into(), json!({"type": "string", "minLength": 1_000_000_000u64}));
    // Lists of lists of a billion items each, and a string a billion long.
    let mut list = json!({"type": "string", "minLength": 1_000_000_000u64, "pattern": "^(?:a{1000}){1000}$"});
    for _ in 0..6 {
        list = json!({"type": "array", "minItems": 1_000_000_000u64, "items": list});
    }
    schemas.insert("Lists".into(), json!({"type": "object", "required": ["x"], "properties": {"x": list}}));
    let body = |name: &str| {
        json!({"requestBody": {"content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{name}")}}}},
               "responses": {"204": {"description": "done"}}})
    };
    let spec = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
        "paths": {"/fan": {"post": body("T0")}, "/lists": {"post": body("Lists")}},
        "components": {"schemas": schemas}});
    let started = std::time::Instant::now();
    let options = EmitOptions { operation_tests: Some("api".into()), ..EmitOptions::default() };
    let generated = codegen::generate_from_value("spec.json", spec, Path::new("."), &options).expect("generates");
    let tests = &generated.files["operation_tests.rs"];
    assert!(tests.len() < 4_000_000, "{} bytes", tests.len());
    assert!(started.elapsed() < std::time::Duration::from_secs(20), "{:?}", started.elapsed());
    syn::parse_file(tests).expect("valid Rust");
}
