//! Rule 9: what 2.0 schemas say differently from OpenAPI 3.0's.

use serde_json::{Map, Value, json};

use super::{Ctx, Log, Part, components_ref};
use crate::load::MAX_DEPTH;

/// Converts a schema and every schema inside it; a `$ref` is converted where it leads.
pub(super) fn convert(schema: &mut Value, ctx: &Ctx, log: &mut Log) {
    convert_nested(schema, ctx, log, 0);
}

fn convert_nested(schema: &mut Value, ctx: &Ctx, log: &mut Log, depth: usize) {
    // A document is at most MAX_DEPTH deep; the bound only keeps this recursion finite in any case.
    let Some(object) = schema.as_object_mut().filter(|_| depth < MAX_DEPTH) else { return };
    if let Some(reference) = object.get("$ref").and_then(Value::as_str) {
        ctx.job(log, reference, Part::Schema);
    }
    nullable(object);
    discriminator(object);
    file_type(object);
    tuple_items(object);
    required_flags(object);
    for key in ["items", "additionalProperties", "not"] {
        if let Some(child) = object.get_mut(key) {
            convert_nested(child, ctx, log, depth + 1);
        }
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(Value::Array(members)) = object.get_mut(key) {
            for member in members {
                convert_nested(member, ctx, log, depth + 1);
            }
        }
    }
    if let Some(Value::Object(properties)) = object.get_mut("properties") {
        for property in properties.values_mut() {
            convert_nested(property, ctx, log, depth + 1);
        }
    }
}

/// `x-nullable: true` is 3.0's `nullable: true`.
fn nullable(schema: &mut Map<String, Value>) {
    if let Some(Value::Bool(nullable)) = schema.get("x-nullable") {
        let nullable = *nullable;
        schema.shift_remove("x-nullable");
        schema.entry("nullable").or_insert(json!(nullable));
    }
}

/// 2.0's `discriminator` is the property's name; 3.0's an object naming it.
/// `x-discriminator` (a 3.0 discriminator some 2.0 specs carry) is taken as it is.
fn discriminator(schema: &mut Map<String, Value>) {
    if let Some(Value::String(property)) = schema.get("discriminator") {
        let object = json!({"propertyName": property});
        schema.insert("discriminator".into(), object);
    }
    let extension = schema.get("x-discriminator").filter(|d| d.get("propertyName").is_some_and(Value::is_string));
    if let Some(extension) = extension.cloned() {
        schema.shift_remove("x-discriminator");
        schema.entry("discriminator").or_insert(extension);
    }
    let mapping = schema.get_mut("discriminator").and_then(|d| d.get_mut("mapping")).and_then(Value::as_object_mut);
    for target in mapping.into_iter().flat_map(|m| m.values_mut()) {
        if let Some(moved) = target.as_str().and_then(components_ref) {
            *target = json!(moved);
        }
    }
}

/// `type: file` (a download, an upload field) is a binary string.
fn file_type(schema: &mut Map<String, Value>) {
    if schema.get("type").and_then(Value::as_str) == Some("file") {
        schema.insert("type".into(), json!("string"));
        schema.insert("format".into(), json!("binary"));
    }
}

/// A list of `items` (draft 4's tuples, which 2.0 did not allow but specs
/// write): none is any item, one is the item, several are any of them.
fn tuple_items(schema: &mut Map<String, Value>) {
    let Some(Value::Array(items)) = schema.get_mut("items") else { return };
    let items = match std::mem::take(items).as_mut_slice() {
        [] => json!({}),
        [one] => std::mem::take(one),
        several => json!({"anyOf": several}),
    };
    schema.insert("items".into(), items);
}

/// `required: true` on a property (a common 2.0 mistake) means the property is in its parent's `required`.
fn required_flags(schema: &mut Map<String, Value>) {
    let Some(Value::Object(properties)) = schema.get_mut("properties") else { return };
    let mut names = Vec::new();
    for (name, property) in properties.iter_mut() {
        let Some(property) = property.as_object_mut() else { continue };
        if let Some(Value::Bool(required)) = property.get("required") {
            if *required {
                names.push(json!(name));
            }
            property.shift_remove("required");
        }
    }
    if names.is_empty() {
        return;
    }
    // A `required` that is no list is left for the resolver to report.
    if let Value::Array(required) = schema.entry("required").or_insert_with(|| json!([])) {
        for name in names {
            if !required.contains(&name) {
                required.push(name);
            }
        }
    }
}

/// Whether a (converted) schema may be a string: `false` only for one that
/// says it is something else (its type, or properties or items without one).
pub(super) fn may_be_string(schema: &Value, ctx: &Ctx) -> bool {
    let Some((_, schema)) = ctx.follow(schema) else { return true };
    match schema.get("type") {
        Some(Value::String(name)) => name == "string",
        Some(Value::Array(names)) => names.iter().any(|name| name == "string"),
        _ => !["properties", "items", "additionalProperties"].iter().any(|key| schema.get(key).is_some()),
    }
}
