//! A config the spec does not fit is an error naming the config file, line and
//! key (or, for an endpoint a newer spec dropped, a warning), never a panic and
//! never a quietly different output. The options' output is in the focused
//! snapshots (`tests/specs/config_*.yaml`).

use std::path::Path;

use codegen::{Config, EmitOptions, Error, Generated};
use serde_json::json;

fn spec() -> serde_json::Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "components": {
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Item": {"type": "object", "properties": {"id": {"type": "string"}, "made": {"type": "string", "format": "date-time"}}},
                "Order": {"type": "object", "properties": {"item": {"$ref": "#/components/schemas/Item"}}}
            }
        },
        "paths": {
            "/items/{id}": {"get": {
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}}}
            }},
            "/orders": {"get": {
                "tags": ["Orders"],
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Order"}}}}}}
            }}
        }
    })
}

fn run(config: &str) -> Result<Generated, Error> {
    let config = Config::from_str("codegen.yaml", config)?;
    codegen::generate_from_value_with_config("spec.json", spec(), Path::new("."), &config, &EmitOptions::default())
}

fn error(config: &str) -> String {
    run(config).expect_err("the config does not fit the spec").to_string()
}

#[test]
fn what_the_spec_lacks_is_an_error_naming_the_config_line() {
    let cases = [
        (
            "types:\n  Item:\n    rename: Order\n",
            "codegen.yaml:2: `types.Item`: `Order` is already the name of a generated type",
        ),
        (
            "types:\n  '#/components/schemas/Item':\n    rename: Order\n",
            "codegen.yaml:2: `types.#/components/schemas/Item`: `Order` is already the name of another type (at spec.json#/components/schemas/Order); choose another name",
        ),
        (
            "types:\n  '#/components/schemas/Gone':\n    replace: {type: my::Gone}\n",
            "codegen.yaml:2: `types.#/components/schemas/Gone`: the spec has no component schema `Gone`",
        ),
        (
            "patches:\n  - at: /components/schemas/Gone\n    merge: {type: string}\n",
            "codegen.yaml:2: `patches.0`: the target `/components/schemas/Gone` is not in the spec",
        ),
        (
            "client:\n  credential_env:\n    api_key: KEY\n",
            "codegen.yaml:3: `client.credential_env.api_key`: the spec has no security scheme `api_key`; it has: token",
        ),
    ];
    for (config, expected) in cases {
        assert_eq!(error(config), expected, "{config}");
    }
}

#[test]
fn an_endpoint_the_spec_dropped_is_a_warning_and_the_rest_of_the_map_applies() {
    let generated =
        run("resources:\n  catalog:\n    methods:\n      fetch: get /items/{item_id}\n      purge: delete /items\n")
            .expect("generates");
    let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        [
            "warning: codegen.yaml:5#/resources/catalog/methods/purge: `delete /items` is not in the spec; the method is left out"
        ]
    );
    assert!(
        generated.files["api.md"].contains("GET /items/{id} → client.catalog().fetch(id) → Item"),
        "{}",
        generated.files["api.md"]
    );
}

/// Stainless scopes a resource's model names by resource; in one namespace, a model named as
/// another type is is called after its resource, with a warning, never an error.
#[test]
fn a_model_named_as_another_type_is_scoped_by_its_resource() {
    let generated =
        run("resources:\n  orders:\n    models:\n      item: '#/components/schemas/Order'\n").expect("generates");
    let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        [
            "warning: codegen.yaml:4#/resources/orders/models/item: `Item` is the name of another type too; this model is `OrdersItem`, named after its resource as Stainless scopes it"
        ]
    );
    let types = &generated.files["types.rs"];
    assert!(types.contains("pub struct OrdersItem {") && types.contains("pub struct Item {"), "{types}");
    assert!(generated.files["api.md"].contains("→ Vec<OrdersItem>"), "{}", generated.files["api.md"]);
}

#[test]
fn a_rename_is_used_everywhere_the_type_is() {
    let generated = run("types:\n  '#/components/schemas/Item':\n    rename: Product\n").expect("generates");
    let types = &generated.files["types.rs"];
    assert!(
        types.contains("pub struct Product {")
            && types.contains("pub item: Option<Product>,")
            && !types.contains("Item"),
        "{types}"
    );
    assert!(generated.files["api.md"].contains("→ Product"));
}

#[test]
fn a_selection_leaves_out_the_types_only_unselected_operations_use() {
    let generated = run("select:\n  exclude:\n    - tag: Orders\n").expect("generates");
    let types = &generated.files["types.rs"];
    assert!(types.contains("pub struct Item {") && !types.contains("Order"), "{types}");
    let generated = run("select:\n  include:\n    - resource: orders\n").expect("generates");
    assert!(!generated.files["api.md"].contains("/items"), "{}", generated.files["api.md"]);
}

#[test]
fn dates_are_typed_unless_the_config_says_string() {
    let typed = run("").expect("generates");
    assert!(
        typed.files["types.rs"].contains("pub made: Option<crate::runtime::DateTime>,"),
        "{}",
        typed.files["types.rs"]
    );
    let plain = run("formats:\n  date-time: string\n").expect("generates");
    assert!(plain.files["types.rs"].contains("pub made: Option<String>,"), "{}", plain.files["types.rs"]);
}

#[test]
fn replaced_types_bring_their_dependency() {
    let generated = run("formats:\n  date-time:\n    type: jiff::Timestamp\n    dependency: 'jiff = { version = \"0.2\", features = [\"serde\"] }'\n").expect("generates");
    assert!(generated.files["types.rs"].contains("pub made: Option<jiff::Timestamp>,"));
    assert_eq!(generated.dependencies, ["jiff = { version = \"0.2\", features = [\"serde\"] }"]);
}
