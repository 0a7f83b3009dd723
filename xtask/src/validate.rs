//! A small JSON-Schema check of spec examples against their own schema, so
//! that an example the generated types cannot round-trip is either proven to
//! contradict its schema (and listed as such) or counted as a generator bug.

use codegen::resolve::{Additional, JsonType, Schema, SchemaId, Spec};

/// The runtime's RFC 3339 types, compiled here too so that examples are judged by the same parser.
#[allow(dead_code)]
#[path = "../../generated-client/src/runtime/dates.rs"]
mod dates;
use serde_json::Value;

/// Why `value` does not satisfy all of `schemas`, or `None` when it does.
pub fn contradiction(spec: &Spec, schemas: &[SchemaId], value: &Value) -> Option<String> {
    schemas.iter().find_map(|&id| check(spec, id, value, "", 0).err())
}

fn check(spec: &Spec, id: SchemaId, value: &Value, path: &str, depth: usize) -> Result<(), String> {
    if depth > 64 {
        return Ok(());
    }
    let schema = spec.schema(id);
    if let Some(target) = schema.reference {
        check(spec, target, value, path, depth + 1)?;
    }
    if value.is_null() && (schema.nullable || schema.enum_values.as_ref().is_some_and(|v| v.contains(&Value::Null))) {
        return Ok(());
    }
    for &member in &schema.all_of {
        check(spec, member, value, path, depth + 1)?;
    }
    for variants in [&schema.any_of, &schema.one_of] {
        if !variants.is_empty() && !variants.iter().any(|&v| check(spec, v, value, path, depth + 1).is_ok()) {
            return Err(format!("{} matches none of the {} variants", at(path), variants.len()));
        }
    }
    check_type(schema, value, path)?;
    check_format(schema, value, path)?;
    if let Some(values) = &schema.enum_values
        && !values.contains(value)
    {
        return Err(format!("{} is {value}, not one of the enum values", at(path)));
    }
    match value {
        Value::Object(map) => {
            for name in &schema.required {
                if !map.contains_key(name) && schema.properties.contains_key(name) {
                    return Err(format!("{} lacks the required property `{name}`", at(path)));
                }
            }
            for (key, item) in map {
                let child = format!("{path}/{key}");
                match (schema.properties.get(key), schema.additional) {
                    (Some(&prop), _) => check(spec, prop, item, &child, depth + 1)?,
                    (None, Additional::Schema(extra)) => check(spec, extra, item, &child, depth + 1)?,
                    (None, Additional::Forbidden) => return Err(format!("{} has `{key}`, which the schema forbids", at(path))),
                    _ => {}
                }
            }
        }
        Value::Array(items) => {
            if let Some(item_schema) = schema.items {
                for (i, item) in items.iter().enumerate() {
                    check(spec, item_schema, item, &format!("{path}/{i}"), depth + 1)?;
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// `date-time` and `date` strings, which the generated types check when they
/// decode, checked by the very parser the runtime uses.
fn check_format(schema: &Schema, value: &Value, path: &str) -> Result<(), String> {
    let Value::String(text) = value else { return Ok(()) };
    let checked = match schema.format.as_deref() {
        Some("date-time") => dates::DateTime::parse(text).map(drop),
        Some("date") => dates::Date::parse(text).map(drop),
        _ => return Ok(()),
    };
    checked.map_err(|e| format!("{}: {e}", at(path)))
}

/// The declared types; a schema with `properties` and no `type` describes an
/// object (the convention every generator follows, this one included).
fn check_type(schema: &Schema, value: &Value, path: &str) -> Result<(), String> {
    let implied = [JsonType::Object];
    let types: &[JsonType] = match &schema.types {
        Some(types) => types,
        None if !schema.properties.is_empty() => &implied,
        None => return Ok(()),
    };
    let actual = JsonType::of(value);
    let fits = types.iter().any(|t| *t == actual || (*t == JsonType::Number && actual == JsonType::Integer))
        || (actual == JsonType::Null && schema.nullable);
    if fits || types.is_empty() {
        Ok(())
    } else {
        Err(format!("{} is {} ({}), but the schema says {types:?}", at(path), kind(actual), short(value)))
    }
}

fn at(path: &str) -> String {
    if path.is_empty() { "the example".into() } else { format!("`{path}`") }
}

fn kind(t: JsonType) -> &'static str {
    match t {
        JsonType::String => "a string",
        JsonType::Integer => "an integer",
        JsonType::Number => "a number",
        JsonType::Boolean => "a boolean",
        JsonType::Object => "an object",
        JsonType::Array => "an array",
        JsonType::Null => "null",
    }
}

fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 40 { format!("{}…", text.chars().take(40).collect::<String>()) } else { text }
}
