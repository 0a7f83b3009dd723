//! The conversion of the cases where 2.0 and 3.0 differ most.

use std::path::Path;

use serde_json::{Value, json};

use crate::config::Config;

/// The converted root document and the conversion's warnings (their messages, the spec-level one left out).
fn convert(spec: Value) -> (Value, Vec<String>) {
    let docs = crate::load::from_value("spec.json", spec, Path::new("."), &Config::default()).expect("loads");
    let warnings = docs.warnings.iter().skip(1).map(|w| format!("{}: {}", w.location.pointer, w.message)).collect();
    (docs.files[0].value.clone(), warnings)
}

/// A 2.0 document with these paths and other root keys.
fn spec(paths: Value, rest: Value) -> Value {
    let mut spec = json!({"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": paths});
    if let (Some(spec), Value::Object(rest)) = (spec.as_object_mut(), rest) {
        spec.extend(rest);
    }
    spec
}

/// One `GET /a` with these parameters (and more operation keys).
fn get_with(parameters: Value, rest: Value) -> Value {
    let mut op = json!({"parameters": parameters, "responses": {"204": {"description": "done"}}});
    if let (Some(op), Value::Object(rest)) = (op.as_object_mut(), rest) {
        op.extend(rest);
    }
    json!({"/a": {"get": op}})
}

fn servers(rest: Value) -> Value {
    convert(spec(json!({}), rest)).0.get("servers").cloned().unwrap_or(Value::Null)
}

#[test]
fn the_root_says_openapi_and_loses_what_operations_inherit() {
    let (root, warnings) = convert(spec(
        json!({}),
        json!({"consumes": ["application/json"], "produces": ["application/json"], "x-keep": 1}),
    ));
    assert_eq!(root["openapi"], "3.0.3");
    for gone in ["swagger", "consumes", "produces", "host", "basePath", "schemes"] {
        assert!(root.get(gone).is_none(), "{gone}: {root}");
    }
    assert_eq!(root["x-keep"], 1);
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn the_spec_level_warning_says_pointers_are_into_the_converted_document() {
    let docs = crate::load::from_value("spec.json", spec(json!({}), json!({})), Path::new("."), &Config::default())
        .expect("loads");
    assert_eq!(docs.warnings[0].location.to_string(), "spec.json#");
    assert!(docs.warnings[0].message.contains("pointers in warnings are into the converted document"));
}

#[test]
fn servers_are_one_per_scheme_https_first_or_the_base_path_alone() {
    assert_eq!(
        servers(json!({"host": "api.example.com", "basePath": "/v2/", "schemes": ["http", "https", "ws"]})),
        json!([{"url": "https://api.example.com/v2"}, {"url": "http://api.example.com/v2"}])
    );
    assert_eq!(servers(json!({"host": "api.example.com"})), json!([{"url": "https://api.example.com"}]));
    assert_eq!(servers(json!({"host": "https://api.example.com/"})), json!([{"url": "https://api.example.com"}]));
    assert_eq!(servers(json!({"basePath": "/api/v1", "schemes": ["https", "http"]})), json!([{"url": "/api/v1"}]));
    assert_eq!(servers(json!({"basePath": "v1"})), json!([{"url": "/v1"}]));
    assert_eq!(servers(json!({"basePath": "/"})), Value::Null);
    assert_eq!(servers(json!({})), Value::Null);
}

#[test]
fn an_operation_without_the_documents_first_scheme_gets_its_own_servers() {
    let paths = json!({
        "/http": {"get": {"schemes": ["http"], "responses": {}}},
        "/both": {"get": {"schemes": ["http", "https"], "responses": {}}},
    });
    let (root, _) = convert(spec(paths, json!({"host": "h.example", "basePath": "/b", "schemes": ["https", "http"]})));
    assert_eq!(root["paths"]["/http"]["get"]["servers"], json!([{"url": "http://h.example/b"}]));
    assert!(root["paths"]["/http"]["get"].get("schemes").is_none());
    assert!(root["paths"]["/both"]["get"].get("servers").is_none());
    // Without a host there is no scheme to change.
    let (root, _) =
        convert(spec(json!({"/http": {"get": {"schemes": ["http"], "responses": {}}}}), json!({"basePath": "/b"})));
    assert!(root["paths"]["/http"]["get"].get("servers").is_none());
}

#[test]
fn shared_parts_move_under_components_and_refs_follow_them() {
    let paths = json!({"/a": {"get": {
        "parameters": [{"$ref": "#/parameters/Limit"}],
        "responses": {"200": {"$ref": "#/responses/Ok"}},
        "x-ignored": {"$ref": "#/definitions/A"},
    }}});
    let rest = json!({
        "definitions": {"A": {"type": "object", "properties": {"b": {"$ref": "#/definitions/B%20C"}, "c": {"$ref": "#/definitionsX"}}}, "B C": {"type": "string"}},
        "parameters": {"Limit": {"name": "limit", "in": "query", "type": "integer"}},
        "responses": {"Ok": {"description": "ok", "schema": {"$ref": "#/definitions/A"}}},
    });
    let (root, _) = convert(spec(paths, rest));
    let components = &root["components"];
    assert!(root.get("definitions").is_none() && root.get("parameters").is_none() && root.get("responses").is_none());
    assert_eq!(components["schemas"]["A"]["properties"]["b"]["$ref"], "#/components/schemas/B%20C");
    assert_eq!(components["schemas"]["A"]["properties"]["c"]["$ref"], "#/definitionsX");
    assert_eq!(components["parameters"]["Limit"]["schema"], json!({"type": "integer"}));
    assert_eq!(
        components["responses"]["Ok"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/A"
    );
    let op = &root["paths"]["/a"]["get"];
    assert_eq!(op["parameters"][0]["$ref"], "#/components/parameters/Limit");
    assert_eq!(op["responses"]["200"]["$ref"], "#/components/responses/Ok");
    // Extensions are not read by the generator, so they are not rewritten either.
    assert_eq!(op["x-ignored"]["$ref"], "#/definitions/A");
}

#[test]
fn the_ref_rewrite_covers_every_section_and_file_parts() {
    use super::components_ref;
    assert_eq!(components_ref("#/definitions/A").as_deref(), Some("#/components/schemas/A"));
    assert_eq!(components_ref("m.yaml#/parameters/P").as_deref(), Some("m.yaml#/components/parameters/P"));
    assert_eq!(components_ref("#/responses/R/schema").as_deref(), Some("#/components/responses/R/schema"));
    assert_eq!(components_ref("#/definitions").as_deref(), Some("#/components/schemas"));
    assert_eq!(components_ref("#/definitionsX/A"), None);
    assert_eq!(components_ref("#/components/schemas/A"), None);
    assert_eq!(components_ref("m.yaml"), None);
}

#[test]
fn relative_paths_between_files() {
    use super::relative_path;
    let at = |p: &str| Path::new(p).to_path_buf();
    assert_eq!(relative_path(&at("s/root.yaml"), &at("s/shared/m.yaml")).as_deref(), Some("shared/m.yaml"));
    assert_eq!(relative_path(&at("s/shared/p.yaml"), &at("s/root.yaml")).as_deref(), Some("../root.yaml"));
    assert_eq!(relative_path(&at("s/a.yaml"), &at("s/a.yaml")).as_deref(), Some(""));
    assert_eq!(relative_path(&at("../a/b.yaml"), &at("c.yaml")), None);
}

/// The converted first parameter of `GET /a` and the warnings.
fn parameter(parameter: Value) -> (Value, Vec<String>) {
    let (root, warnings) = convert(spec(get_with(json!([parameter]), json!({})), json!({})));
    (root["paths"]["/a"]["get"]["parameters"][0].clone(), warnings)
}

#[test]
fn a_parameters_type_and_limits_go_into_its_schema() {
    let (p, _) = parameter(
        json!({"name": "n", "in": "query", "type": "integer", "format": "int32", "minimum": 1, "maximum": 9, "default": 3, "enum": [1, 3, 9], "description": "d", "x-example": 3, "x-deprecated": true, "allowEmptyValue": true}),
    );
    assert_eq!(
        p,
        json!({"name": "n", "in": "query", "description": "d", "allowEmptyValue": true, "example": 3, "deprecated": true,
               "schema": {"type": "integer", "format": "int32", "default": 3, "enum": [1, 3, 9], "minimum": 1, "maximum": 9}})
    );
    // A parameter without a type is a string, as swagger2openapi's `--patch` reads it.
    let (p, _) = parameter(json!({"name": "n", "in": "header"}));
    assert_eq!(p["schema"], json!({"type": "string"}));
}

#[test]
fn a_path_parameter_is_required() {
    let paths =
        json!({"/a/{id}": {"parameters": [{"name": "id", "in": "path", "type": "string"}], "get": {"responses": {}}}});
    let (root, _) = convert(spec(paths, json!({})));
    assert_eq!(root["paths"]["/a/{id}"]["parameters"][0]["required"], true);
}

#[test]
fn collection_formats_are_styles() {
    let style = |place: &str, format: Option<&str>| {
        let mut p =
            json!({"name": "n", "in": place, "type": "array", "items": {"type": "string", "collectionFormat": "csv"}});
        if let Some(format) = format {
            p["collectionFormat"] = json!(format);
        }
        let (p, warnings) = parameter(p);
        assert!(p.get("collectionFormat").is_none() && p["schema"]["items"].get("collectionFormat").is_none(), "{p}");
        (p.get("style").cloned(), p.get("explode").cloned(), warnings.len())
    };
    let (form, simple) = (Some(json!("form")), Some(json!("simple")));
    // 2.0's default is csv: not exploded (3.0's default for a query array is exploded).
    assert_eq!(style("query", None), (form.clone(), Some(json!(false)), 0));
    assert_eq!(style("query", Some("csv")), (form.clone(), Some(json!(false)), 0));
    assert_eq!(style("header", Some("csv")), (simple.clone(), None, 0));
    assert_eq!(style("path", None), (simple.clone(), None, 0));
    assert_eq!(style("query", Some("multi")), (None, Some(json!(true)), 0));
    assert_eq!(style("query", Some("ssv")), (Some(json!("spaceDelimited")), None, 0));
    assert_eq!(style("query", Some("pipes")), (Some(json!("pipeDelimited")), None, 0));
    assert_eq!(style("query", Some("tsv")), (form.clone(), Some(json!(false)), 1));
    assert_eq!(style("header", Some("pipes")), (simple, None, 1));
    assert_eq!(style("query", Some("bogus")), (form, Some(json!(false)), 1));
    // Not an array: there is nothing to style.
    let (p, warnings) = parameter(json!({"name": "n", "in": "query", "type": "string", "collectionFormat": "multi"}));
    assert!(p.get("style").is_none() && p.get("explode").is_none() && p.get("collectionFormat").is_none());
    assert!(warnings.is_empty());
}

/// The request body of `POST /a` with these parameters and operation keys, and the warnings.
fn body(parameters: Value, op: Value, rest: Value) -> (Value, Vec<String>) {
    let mut operation = json!({"parameters": parameters, "responses": {"204": {"description": "done"}}});
    if let (Some(operation), Value::Object(op)) = (operation.as_object_mut(), op) {
        operation.extend(op);
    }
    let (root, warnings) = convert(spec(json!({"/a": {"post": operation}}), rest));
    let op = &root["paths"]["/a"]["post"];
    assert!(op.get("consumes").is_none());
    (op.get("requestBody").cloned().unwrap_or(Value::Null), warnings)
}

fn media_types(body: &Value) -> Vec<String> {
    body["content"].as_object().map(|c| c.keys().cloned().collect()).unwrap_or_default()
}

#[test]
fn a_body_parameter_is_the_body_in_each_media_type_consumes_lists() {
    let object = json!([{"name": "b", "in": "body", "required": true, "description": "d", "x-go-name": "B", "schema": {"$ref": "#/definitions/O"}}]);
    let definitions = json!({"definitions": {"O": {"type": "object"}, "S": {"type": "string"}}});
    let (b, _) = body(object.clone(), json!({}), definitions.clone());
    assert_eq!(
        b,
        json!({"description": "d", "required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/O"}}}, "x-go-name": "B"})
    );
    // The operation's consumes replace the document's.
    let mut rest = definitions.clone();
    rest["consumes"] = json!(["application/xml"]);
    let (b, _) =
        body(object.clone(), json!({"consumes": ["application/json", "application/vnd.a+json"]}), rest.clone());
    assert_eq!(media_types(&b), ["application/json", "application/vnd.a+json"]);
    let (b, _) = body(object.clone(), json!({}), rest);
    assert_eq!(media_types(&b), ["application/xml"]);
}

#[test]
fn text_media_types_go_for_bodies_that_are_not_strings_with_one_warning() {
    let rest = json!({"consumes": ["application/json", "text/plain"], "definitions": {"O": {"type": "object"}, "S": {"type": "string"}}});
    let param = |schema: Value| json!([{"name": "b", "in": "body", "schema": schema}]);
    let (b, warnings) = body(param(json!({"$ref": "#/definitions/O"})), json!({}), rest.clone());
    assert_eq!(media_types(&b), ["application/json"]);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    for kept in [json!({"$ref": "#/definitions/S"}), json!({"type": "string"}), json!({})] {
        let (b, warnings) = body(param(kept.clone()), json!({}), rest.clone());
        assert_eq!(media_types(&b), ["application/json", "text/plain"], "{kept}");
        assert!(warnings.is_empty());
    }
    // Text alone is what the spec says, whatever the schema.
    let (b, _) = body(param(json!({"type": "object"})), json!({"consumes": ["text/plain"]}), rest.clone());
    assert_eq!(media_types(&b), ["text/plain"]);
    // Two bodies that lose text: one warning, with the count.
    let paths = json!({
        "/a": {"post": {"parameters": param(json!({"type": "object"})), "responses": {}}},
        "/b": {"put": {"parameters": param(json!({"type": "array", "items": {}})), "responses": {}}},
    });
    let (_, warnings) = convert(spec(paths, rest));
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].starts_with("/paths/~1a/post/requestBody: 2 request bodies"), "{warnings:?}");
}

#[test]
fn form_parameters_are_one_object_body_multipart_or_urlencoded() {
    let fields = json!([
        {"name": "file", "in": "formData", "type": "file", "required": true, "description": "The file."},
        {"name": "tags", "in": "formData", "type": "array", "items": {"type": "string"}, "collectionFormat": "multi"},
        {"name": "q", "in": "query", "type": "string"},
    ]);
    let (b, warnings) =
        body(fields.clone(), json!({"consumes": ["multipart/form-data", "application/octet-stream"]}), json!({}));
    assert_eq!(
        b,
        json!({"required": true, "content": {"multipart/form-data": {"schema": {"type": "object",
            "properties": {"file": {"type": "string", "format": "binary", "description": "The file."},
                           "tags": {"type": "array", "items": {"type": "string"}}},
            "required": ["file"]}}}})
    );
    assert_eq!(warnings.len(), 1, "octet-stream is not offered: {warnings:?}");
    // Without multipart in consumes (here the document's), urlencoded; optional fields make an optional body.
    let (b, warnings) = body(
        json!([{"name": "a", "in": "formData", "type": "string"}]),
        json!({}),
        json!({"consumes": ["application/json"]}),
    );
    assert_eq!(media_types(&b), ["application/x-www-form-urlencoded"]);
    assert!(b.get("required").is_none());
    assert!(warnings.is_empty(), "inherited consumes are not warned about: {warnings:?}");
}

#[test]
fn path_level_form_fields_merge_into_each_operation_unless_redefined() {
    let paths = json!({"/a": {
        "parameters": [{"name": "x", "in": "formData", "type": "string"}, {"name": "y", "in": "formData", "type": "string"}],
        "post": {"parameters": [{"name": "y", "in": "formData", "type": "integer"}], "responses": {}},
        "put": {"responses": {}},
    }});
    let (root, _) = convert(spec(paths, json!({})));
    let properties = |method: &str| {
        root["paths"]["/a"][method]["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"]["properties"].clone()
    };
    assert_eq!(properties("post"), json!({"x": {"type": "string"}, "y": {"type": "integer"}}));
    assert_eq!(properties("put"), json!({"x": {"type": "string"}, "y": {"type": "string"}}));
    assert!(root["paths"]["/a"].get("parameters").is_none());
}

#[test]
fn a_shared_body_parameter_is_each_operations_own_body() {
    let paths = json!({"/a": {"post": {"parameters": [{"$ref": "#/parameters/B"}, {"$ref": "#/parameters/Q"}], "responses": {}}}});
    let rest = json!({"parameters": {"B": {"name": "b", "in": "body", "schema": {"type": "object"}}, "Q": {"name": "q", "in": "query", "type": "string"}}});
    let (root, _) = convert(spec(paths, rest));
    let op = &root["paths"]["/a"]["post"];
    assert_eq!(op["requestBody"]["content"]["application/json"]["schema"], json!({"type": "object"}));
    assert_eq!(op["parameters"], json!([{"$ref": "#/components/parameters/Q"}]));
    assert_eq!(root["components"]["parameters"].as_object().map(|p| p.len()), Some(1), "the body one goes");
}

#[test]
fn several_bodies_keep_the_first_with_a_warning() {
    let params = json!([
        {"name": "a", "in": "body", "schema": {"type": "string"}},
        {"name": "b", "in": "body", "schema": {"type": "integer"}},
        {"name": "c", "in": "formData", "type": "string"},
    ]);
    let (b, warnings) = body(params, json!({}), json!({}));
    assert_eq!(b["content"]["application/json"]["schema"], json!({"type": "string"}));
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    // A body of `type: file` without a schema.
    let (b, _) = body(
        json!([{"name": "f", "in": "body", "type": "file"}]),
        json!({"consumes": ["application/octet-stream"]}),
        json!({}),
    );
    assert_eq!(b["content"]["application/octet-stream"]["schema"], json!({"type": "string", "format": "binary"}));
}

/// The converted responses of `GET /a` with these responses and operation keys.
fn responses(responses: Value, op: Value, rest: Value) -> (Value, Vec<String>) {
    let mut operation = json!({"responses": responses});
    if let (Some(operation), Value::Object(op)) = (operation.as_object_mut(), op) {
        operation.extend(op);
    }
    let (root, warnings) = convert(spec(json!({"/a": {"get": operation}}), rest));
    (root["paths"]["/a"]["get"]["responses"].clone(), warnings)
}

#[test]
fn a_response_schema_is_content_in_each_produced_media_type() {
    let (r, _) = responses(
        json!({"200": {"schema": {"type": "file"}, "examples": {"application/json": "x", "text/csv": "y"}}}),
        json!({"produces": ["application/json", "text/csv"]}),
        json!({"produces": ["application/xml"]}),
    );
    assert_eq!(
        r["200"],
        json!({"description": "OK", "content": {
            "application/json": {"schema": {"type": "string", "format": "binary"}, "example": "x"},
            "text/csv": {"schema": {"type": "string", "format": "binary"}, "example": "y"}}})
    );
    // The document's produces, else JSON (where swagger2openapi says `*/*`).
    let (r, _) = responses(
        json!({"200": {"description": "d", "schema": {"type": "string"}}}),
        json!({}),
        json!({"produces": ["text/plain"]}),
    );
    assert_eq!(media_types(&r["200"]), ["text/plain"]);
    let (r, _) = responses(json!({"200": {"description": "d", "schema": {"type": "string"}}}), json!({}), json!({}));
    assert_eq!(media_types(&r["200"]), ["application/json"]);
    let (r, _) = responses(json!({"204": {"description": "d"}}), json!({}), json!({}));
    assert_eq!(r["204"], json!({"description": "d"}));
}

#[test]
fn response_headers_get_schemas_and_status_code_goes() {
    let headers = json!({"X-Total": {"type": "integer", "description": "n"}, "X-Tags": {"type": "array", "items": {"type": "string"}, "collectionFormat": "csv"}, "Status Code": {"type": "integer"}});
    let (r, _) = responses(json!({"200": {"description": "d", "headers": headers}}), json!({}), json!({}));
    assert_eq!(
        r["200"]["headers"],
        json!({"X-Total": {"description": "n", "schema": {"type": "integer"}},
               "X-Tags": {"style": "simple", "schema": {"type": "array", "items": {"type": "string"}}}})
    );
}

#[test]
fn a_schema_used_as_a_response_is_a_response_with_that_body() {
    let rest = json!({"definitions": {"X": {"type": "object"}}});
    let (r, warnings) =
        responses(json!({"200": {"$ref": "#/definitions/X"}, "201": {"$ref": "#/definitions/X"}}), json!({}), rest);
    assert_eq!(
        r["200"],
        json!({"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/X"}}}})
    );
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].starts_with("/paths/~1a/get/responses/200: 2 responses"), "{warnings:?}");
}

#[test]
fn a_shared_response_is_copied_only_for_produces_that_decode_differently() {
    let rest = json!({
        "produces": ["application/json", "text/html"],
        "responses": {"S": {"description": "s", "schema": {"type": "string"}}, "Empty": {"description": "e"}},
    });
    let shared = json!({"200": {"$ref": "#/responses/S"}, "404": {"$ref": "#/responses/Empty"}});
    // JSON in both: the shared response, whose JSON is decoded either way.
    let (r, _) = responses(shared.clone(), json!({"produces": ["application/json"]}), rest.clone());
    assert_eq!(r["200"], json!({"$ref": "#/components/responses/S"}));
    // HTML only: its own copy, which returns the text.
    let (r, _) = responses(shared.clone(), json!({"produces": ["text/html"]}), rest.clone());
    assert_eq!(r["200"], json!({"description": "s", "content": {"text/html": {"schema": {"type": "string"}}}}));
    // Nothing to decode: the `$ref` stays.
    assert_eq!(r["404"], json!({"$ref": "#/components/responses/Empty"}));
    // The shared one as converted, in the document's produces.
    let (root, _) = convert(spec(json!({}), rest));
    assert_eq!(media_types(&root["components"]["responses"]["S"]), ["application/json", "text/html"]);
}

#[test]
fn security_definitions_are_security_schemes() {
    let definitions = json!({
        "basic": {"type": "basic", "description": "d"},
        "key": {"type": "apiKey", "in": "header", "name": "X-Key"},
        "app": {"type": "oauth2", "flow": "application", "tokenUrl": "https://t", "scopes": {"a": "A"}},
        "code": {"type": "oauth2", "flow": "accessCode", "authorizationUrl": "https://a", "tokenUrl": "https://t"},
        "implicit": {"type": "oauth2", "flow": "implicit", "authorizationUrl": "https://a", "scopes": {}, "name": "x"},
    });
    let (root, _) = convert(spec(json!({}), json!({"securityDefinitions": definitions, "security": [{"basic": []}]})));
    let schemes = &root["components"]["securitySchemes"];
    assert_eq!(schemes["basic"], json!({"type": "http", "description": "d", "scheme": "basic"}));
    assert_eq!(schemes["key"], json!({"type": "apiKey", "in": "header", "name": "X-Key"}));
    assert_eq!(
        schemes["app"],
        json!({"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "https://t", "scopes": {"a": "A"}}}})
    );
    assert_eq!(
        schemes["code"]["flows"],
        json!({"authorizationCode": {"authorizationUrl": "https://a", "tokenUrl": "https://t", "scopes": {}}})
    );
    assert_eq!(
        schemes["implicit"],
        json!({"type": "oauth2", "flows": {"implicit": {"authorizationUrl": "https://a", "scopes": {}}}})
    );
    assert_eq!(root["security"], json!([{"basic": []}]));
}

#[test]
fn schemas_say_null_discriminators_files_tuples_and_required_as_3_0_does() {
    let definitions = json!({
        "Pet": {
            "type": "object",
            "discriminator": "kind",
            "x-nullable": true,
            "required": ["kind"],
            "properties": {
                "kind": {"type": "string", "required": true},
                "id": {"type": "integer", "required": true},
                "note": {"type": "string", "required": false},
                "photo": {"type": "file"},
                "pair": {"type": "array", "items": [{"type": "string"}, {"type": "integer"}]},
                "one": {"type": "array", "items": [{"type": "string"}]},
                "none": {"type": "array", "items": []},
                "deep": {"allOf": [{"properties": {"n": {"type": "string", "x-nullable": true}}}]},
            },
        },
        "Tagged": {"x-discriminator": {"propertyName": "t", "mapping": {"a": "#/definitions/Pet", "b": "Pet"}}},
    });
    let (root, _) = convert(spec(json!({}), json!({"definitions": definitions})));
    let pet = &root["components"]["schemas"]["Pet"];
    assert_eq!(pet["nullable"], true);
    assert!(pet.get("x-nullable").is_none());
    assert_eq!(pet["discriminator"], json!({"propertyName": "kind"}));
    assert_eq!(pet["required"], json!(["kind", "id"]));
    let properties = &pet["properties"];
    assert!(properties["kind"].get("required").is_none() && properties["note"].get("required").is_none());
    assert_eq!(properties["photo"], json!({"type": "string", "format": "binary"}));
    assert_eq!(properties["pair"]["items"], json!({"anyOf": [{"type": "string"}, {"type": "integer"}]}));
    assert_eq!(properties["one"]["items"], json!({"type": "string"}));
    assert_eq!(properties["none"]["items"], json!({}));
    assert_eq!(properties["deep"]["allOf"][0]["properties"]["n"]["nullable"], true);
    assert_eq!(
        root["components"]["schemas"]["Tagged"]["discriminator"],
        json!({"propertyName": "t", "mapping": {"a": "#/components/schemas/Pet", "b": "Pet"}})
    );
}

#[test]
fn wrong_types_are_left_for_the_resolver_without_a_panic() {
    let odd = [json!(null), json!(7), json!("x"), json!([]), json!({}), json!([1, "a", {}])];
    let keys = [
        "paths",
        "definitions",
        "parameters",
        "responses",
        "securityDefinitions",
        "consumes",
        "produces",
        "host",
        "basePath",
        "schemes",
    ];
    for key in keys {
        for value in &odd {
            let mut document = spec(json!({}), json!({}));
            document[key] = value.clone();
            let _ = convert(document);
        }
    }
    let op_keys = ["parameters", "responses", "consumes", "produces", "schemes"];
    for key in op_keys {
        for value in &odd {
            let _ = convert(spec(get_with(json!([]), json!({key: value})), json!({})));
            let _ = convert(spec(get_with(json!([value]), json!({})), json!({})));
            let _ = convert(spec(
                json!({"/a": {"get": {"responses": {"200": value, "201": {"schema": value, "headers": value}}}}}),
                json!({}),
            ));
            let _ = convert(spec(
                json!({"/a": value}),
                json!({"definitions": {"A": {"properties": value, "items": value, "required": value}}}),
            ));
        }
    }
    // A `$ref` cycle of path items and parameters ends.
    let _ = convert(spec(
        json!({"/a": {"$ref": "#/paths/~1b"}, "/b": {"$ref": "#/paths/~1a"}, "/c": {"get": {"parameters": [{"$ref": "#/parameters/P"}]}}}),
        json!({"parameters": {"P": {"$ref": "#/parameters/P"}}}),
    ));
}
