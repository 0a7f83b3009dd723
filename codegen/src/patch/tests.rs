use serde_json::json;

use super::*;

fn patched(config: &str, mut document: Value) -> Result<Value, String> {
    let config = Config::from_str("codegen.yaml", config).map_err(|e| e.to_string())?;
    let warnings = apply(&mut document, &config).map_err(|e| e.to_string())?;
    assert!(warnings.is_empty(), "{warnings:?}");
    Ok(document)
}

/// One transform, `args` as YAML flow mapping text.
fn transformed(command: &str, args: &str, document: Value) -> Result<Value, String> {
    patched(&format!("openapi:\n  transforms:\n    - command: {command}\n      args: {args}\n"), document)
}

#[test]
fn merge_patch_follows_rfc_7396() {
    // The RFC's own example (section 3).
    let mut target = json!({"title": "Goodbye!", "author": {"givenName": "John", "familyName": "Doe"}, "tags": ["example", "sample"], "content": "This will be unchanged"});
    merge_patch(
        &mut target,
        &json!({"title": "Hello!", "phoneNumber": "+01-123-456-7890", "author": {"familyName": null}, "tags": ["example"]}),
    );
    assert_eq!(
        target,
        json!({"title": "Hello!", "author": {"givenName": "John"}, "tags": ["example"], "content": "This will be unchanged", "phoneNumber": "+01-123-456-7890"})
    );
}

#[test]
fn patches_apply_in_order_at_their_pointers() {
    let document = json!({"components": {"schemas": {"a/b": {"type": "integer", "format": "int32"}, "c": {"type": "string"}}}, "paths": {}});
    let config = "patches:\n  - at: /components/schemas/a~1b\n    merge: {type: string, format: null}\n  - at: /components/schemas/d\n    set: {type: boolean}\n  - at: /components/schemas/c\n    remove: true\n";
    assert_eq!(
        patched(config, document).unwrap(),
        json!({"components": {"schemas": {"a/b": {"type": "string"}, "d": {"type": "boolean"}}}, "paths": {}})
    );
}

#[test]
fn a_missing_target_names_the_config_line() {
    let document = json!({"components": {"schemas": {}}, "list": [1]});
    let cases = [
        (
            "patches:\n  - at: /components/schemas/gone\n    merge: {type: string}\n",
            "codegen.yaml:2: `patches.0`: the target `/components/schemas/gone` is not in the spec",
        ),
        (
            "patches:\n  - at: /components/other/x\n    set: 1\n",
            "codegen.yaml:2: `patches.0`: the parent object of `/components/other/x` is not in the spec",
        ),
        (
            "patches:\n  - {at: /info, remove: true}\n",
            "codegen.yaml:2: `patches.0`: the target `/info` is not in the spec",
        ),
        (
            "patches:\n  - {at: /list/1, remove: true}\n",
            "codegen.yaml:2: `patches.0`: the target `/list/1` is not in the spec",
        ),
        ("patches:\n  - {at: '', remove: true}\n", "codegen.yaml:2: `patches.0`: the whole document cannot be removed"),
        (
            "openapi:\n  transforms:\n    - command: update\n      args: {target: $..x, value: 1}\n    - command: update\n      args: {target: [$.a, $.b], value: 1}\n",
            "codegen.yaml:3: `openapi.transforms.0`: the target `$..x` matches nothing in the spec",
        ),
        (
            "openapi:\n  transformations:\n    - command: remove\n      args: {target: [$.a, $.b]}\n",
            "codegen.yaml:3: `openapi.transformations.0`: the targets `$.a`, `$.b` match nothing in the spec",
        ),
    ];
    for (config, expected) in cases {
        assert_eq!(patched(config, document.clone()).unwrap_err(), expected);
    }
}

fn spec() -> Value {
    json!({
        "info": {"title": "Users", "version": "1"},
        "paths": {
            "/v1/users": {"get": {"summary": "List users", "parameters": [
                {"name": "account_id", "in": "query", "schema": {"type": "integer"}},
                {"name": "limit", "in": "query", "schema": {"type": "integer"}}
            ]}},
            "/v1/accounts/{account_id}": {"parameters": [{"name": "account_id", "in": "path", "schema": {"type": "integer"}}]}
        },
        "components": {"schemas": {"User": {"type": "object", "required": ["id"], "properties": {
            "id": {"type": "integer"}, "user_name": {"type": "string"}, "age": {"type": "integer", "default": 0}
        }}}}
    })
}

#[test]
fn update_replaces_every_target() {
    let document = transformed(
        "update",
        r#"{target: "$.paths..parameters[?(@.name == 'account_id')].schema.type", value: string}"#,
        spec(),
    )
    .unwrap();
    let types: Vec<&Value> =
        ["/paths/~1v1~1users/get/parameters/0", "/paths/~1v1~1accounts~1{account_id}/parameters/0"]
            .iter()
            .map(|at| &document.pointer(at).unwrap()["schema"]["type"])
            .collect();
    assert_eq!(types, [&json!("string"), &json!("string")]);
    assert_eq!(document.pointer("/paths/~1v1~1users/get/parameters/1/schema/type"), Some(&json!("integer")));
}

#[test]
fn a_template_puts_the_old_string_for_value() {
    let document = transformed(
        "update",
        r#"{target: $.paths./v1/users.get.summary, value: "{{value}} (deprecated: use /v2/users)", template: true}"#,
        spec(),
    )
    .unwrap();
    assert_eq!(
        document.pointer("/paths/~1v1~1users/get/summary"),
        Some(&json!("List users (deprecated: use /v2/users)"))
    );
    let error = transformed("update", r#"{target: $.info, value: "[{{value}}]", template: true}"#, spec()).unwrap_err();
    assert_eq!(
        error,
        "codegen.yaml:3: `openapi.transforms.0`: `/info` is not a string, so `template: true` has no `{{value}}` for it"
    );
}

#[test]
fn append_adds_items_and_only_new_keys() {
    let document =
        transformed("append", "{target: $.components.schemas.User.required, value: [user_name, age]}", spec());
    assert_eq!(document.unwrap()["components"]["schemas"]["User"]["required"], json!(["id", "user_name", "age"]));
    let document = transformed("append", "{target: $.components.schemas.User.required, value: age}", spec());
    assert_eq!(document.unwrap()["components"]["schemas"]["User"]["required"], json!(["id", "age"]));
    let document =
        transformed("append", "{target: $.components.schemas.User.properties, value: {email: {type: string}}}", spec())
            .unwrap();
    let keys: Vec<&String> =
        document["components"]["schemas"]["User"]["properties"].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["id", "user_name", "age", "email"]);
    let error =
        transformed("append", "{target: $.components.schemas.User.properties, value: {id: {type: string}}}", spec())
            .unwrap_err();
    assert_eq!(
        error,
        "codegen.yaml:3: `openapi.transforms.0`: `/components/schemas/User/properties` already has `id`: `append` adds only new keys (was the spec fixed?)"
    );
    let error = transformed("append", "{target: $.info.title, value: x}", spec()).unwrap_err();
    assert!(
        error.ends_with("`/info/title` is neither an array nor an object: `append` has nothing to add to"),
        "{error}"
    );
}

#[test]
fn merge_is_deep_and_replaces_what_is_not_an_object() {
    let document = transformed(
        "merge",
        "{target: $.components.schemas.User, value: {required: [age], properties: {age: {minimum: 0, default: null}}}}",
        spec(),
    )
    .unwrap();
    assert_eq!(
        document["components"]["schemas"]["User"],
        json!({"type": "object", "required": ["age"], "properties": {
            "id": {"type": "integer"}, "user_name": {"type": "string"}, "age": {"type": "integer", "default": null, "minimum": 0}
        }})
    );
}

#[test]
fn remove_deletes_nodes_or_keys() {
    // Both parameters of one list: the later index goes first, so both are the right ones.
    let document = transformed("remove", "{target: '$.paths./v1/users.get.parameters[0,1]'}", spec()).unwrap();
    assert_eq!(document.pointer("/paths/~1v1~1users/get/parameters"), Some(&json!([])));
    let document = transformed("remove", "{target: '$..[?(@.in == \"query\")]'}", spec()).unwrap();
    assert_eq!(document.pointer("/paths/~1v1~1users/get/parameters"), Some(&json!([])));
    assert_eq!(
        document.pointer("/paths/~1v1~1accounts~1{account_id}/parameters").unwrap().as_array().unwrap().len(),
        1
    );
    let document =
        transformed("remove", "{target: $.components.schemas.User.properties.*, keys: [default]}", spec()).unwrap();
    assert_eq!(document.pointer("/components/schemas/User/properties/age"), Some(&json!({"type": "integer"})));
    let error = transformed("remove", "{target: $.components.schemas.User.properties.*, keys: [minimum]}", spec());
    assert_eq!(error.unwrap_err(), "codegen.yaml:3: `openapi.transforms.0`: no target has the key `minimum`");
    let error = transformed("remove", "{target: $}", spec()).unwrap_err();
    assert!(error.ends_with("the whole document cannot be removed"), "{error}");
}

#[test]
fn copy_and_move_put_one_node_at_each_target() {
    let from = "$.components.schemas.User.properties.id";
    let document =
        transformed("copy", &format!("{{from: '{from}', to: $.components.schemas.User.properties.key}}"), spec());
    let properties = &document.unwrap()["components"]["schemas"]["User"]["properties"];
    assert_eq!((&properties["key"], &properties["id"]), (&json!({"type": "integer"}), &json!({"type": "integer"})));
    let document =
        transformed("move", &format!("{{from: '{from}', to: $.components.schemas.User.properties.age}}"), spec())
            .unwrap();
    assert_eq!(
        document["components"]["schemas"]["User"]["properties"],
        json!({"user_name": {"type": "string"}, "age": {"type": "integer"}})
    );
    let error = transformed("copy", "{from: '$..parameters[*]', to: $.info.x}", spec()).unwrap_err();
    assert!(error.ends_with("`from` `$..parameters[*]` matches 3 nodes; it must match one"), "{error}");
    let error = transformed("copy", &format!("{{from: '{from}', to: $.nowhere.x}}"), spec()).unwrap_err();
    assert!(error.ends_with("the target `$.nowhere.x` matches nothing in the spec"), "{error}");
}

#[test]
fn rename_keeps_the_key_in_its_place() {
    let document =
        transformed("rename", "{target: $.components.schemas.User.properties, from: user_name, to: name}", spec())
            .unwrap();
    let keys: Vec<&String> =
        document["components"]["schemas"]["User"]["properties"].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["id", "name", "age"]);
    let cases = [
        ("{target: $.components.schemas.User.properties, from: gone, to: x}", "has no key `gone`"),
        ("{target: $.components.schemas.User.properties, from: id, to: age}", "already has a key `age`"),
        ("{target: $.info.title, from: a, to: b}", "`/info/title` is not an object, so it has no keys"),
    ];
    for (args, expected) in cases {
        let error = transformed("rename", args, spec()).unwrap_err();
        assert!(error.ends_with(expected), "{error}");
    }
}

#[test]
fn transforms_and_patches_apply_in_file_order() {
    let config = "patches:\n  - {at: /info/title, set: A}\nopenapi:\n  transforms:\n    - command: update\n      reason: documentation only\n      args: {target: $.info.title, value: '{{value}}B', template: true}\n  other: ignored\n";
    assert_eq!(patched(config, spec()).unwrap()["info"]["title"], json!("AB"));
}

fn overlaid(overlay: &str, document: Value) -> (Value, Vec<String>) {
    let dir = std::env::temp_dir().join(format!("codegen-overlay-{}-{:x}", std::process::id(), {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::hash::DefaultHasher::new();
        overlay.hash(&mut hasher);
        hasher.finish()
    }));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("fix.yaml"), overlay).unwrap();
    let config = Config::from_str_in("codegen.yaml", "overlays: [fix.yaml]\n", &dir).unwrap_or_else(|e| panic!("{e}"));
    let _ = std::fs::remove_dir_all(&dir);
    let mut document = document;
    let warnings = apply(&mut document, &config).unwrap_or_else(|e| panic!("{e}"));
    (document, warnings.iter().map(ToString::to_string).collect())
}

#[test]
fn overlay_updates_merge_append_and_remove() {
    let overlay = r#"overlay: 1.0.0
info: {title: fixes, version: 1.0.0}
actions:
  - target: $.components.schemas.User
    description: a property and a required name
    update:
      properties: {email: {type: string}, id: {format: int64}}
      required: [email]
  - target: $.paths./v1/users.get.parameters
    update: {name: offset, in: query, schema: {type: integer}}
  - target: "$..parameters[?(@.name == 'limit')]"
    remove: true
"#;
    let (document, warnings) = overlaid(overlay, spec());
    assert!(warnings.is_empty(), "{warnings:?}");
    let user = &document["components"]["schemas"]["User"];
    assert_eq!(user["required"], json!(["id", "email"]));
    assert_eq!(user["properties"]["id"], json!({"type": "integer", "format": "int64"}));
    assert_eq!(user["properties"]["email"], json!({"type": "string"}));
    let names: Vec<&Value> =
        document["paths"]["/v1/users"]["get"]["parameters"].as_array().unwrap().iter().map(|p| &p["name"]).collect();
    assert_eq!(names, [&json!("account_id"), &json!("offset")]);
}

#[test]
fn an_overlay_action_matching_nothing_is_a_warning() {
    let overlay = "overlay: 1.0.0\nactions:\n  - target: $.info\n    update: {x-fixed: true}\n  - target: $.paths./v9\n    remove: true\n";
    let (document, warnings) = overlaid(overlay, spec());
    assert_eq!(document["info"]["x-fixed"], json!(true));
    assert_eq!(
        warnings,
        [
            "warning: fix.yaml:5#/actions/1: the target `$.paths./v9` matches nothing in the spec; the overlay action changes nothing"
        ]
    );
}

#[test]
fn overlays_apply_after_patches_and_transforms() {
    let dir = std::env::temp_dir().join(format!("codegen-overlay-order-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("o.json"),
        r#"{"overlay": "1.0.0", "actions": [{"target": "$.info", "update": {"title": "C"}}]}"#,
    )
    .unwrap();
    let config = "overlays: [o.json]\npatches:\n  - {at: /info/title, set: A}\n";
    let config = Config::from_str_in("codegen.yaml", config, &dir).unwrap_or_else(|e| panic!("{e}"));
    let _ = std::fs::remove_dir_all(&dir);
    let mut document = spec();
    apply(&mut document, &config).unwrap();
    assert_eq!(document["info"]["title"], json!("C"));
}
