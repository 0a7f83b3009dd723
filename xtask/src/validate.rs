//! A small JSON-Schema check of spec examples against their own schema, so
//! that an example the generated types cannot round-trip is either proven to
//! contradict its schema (and listed as such) or counted as a generator bug.

use codegen::resolve::{Additional, JsonType, Limits, Schema, SchemaId, Spec};

/// The runtime's RFC 3339 types, compiled here too so that examples are judged by the same parser.
#[allow(dead_code)]
#[path = "../../generated-client/src/runtime/dates.rs"]
mod dates;

/// What `dates.rs` asks of the runtime's lenient decoding: whether an empty value is being built
/// (then `""` is the empty date). Validation never builds one.
mod lenient {
    pub fn emptying() -> bool {
        false
    }
}
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
    // A `{nullable: true}` variant means "or null", as the generator reads it.
    let fits = |variant: SchemaId| match spec.schema(variant).is_null_idiom() {
        true => value.is_null(),
        false => check(spec, variant, value, path, depth + 1).is_ok(),
    };
    for variants in [&schema.any_of, &schema.one_of] {
        if !variants.is_empty() && !variants.iter().any(|&v| fits(v)) {
            return Err(format!("{} matches none of the {} variants", at(path), variants.len()));
        }
    }
    if schema.one_of.len() > 1 {
        let matching = schema.one_of.iter().filter(|&&v| fits(v)).count();
        if matching > 1 {
            return Err(format!("{} matches {matching} of the `oneOf` variants, where exactly one must", at(path)));
        }
    }
    check_type(schema, value, path)?;
    check_format(schema, value, path)?;
    check_limits(&schema.limits, value, path)?;
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
                    (None, Additional::Forbidden) => {
                        return Err(format!("{} has `{key}`, which the schema forbids", at(path)));
                    }
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
/// decode, checked by the very parser the runtime uses; `uuid` and IP
/// addresses, which validating servers check.
fn check_format(schema: &Schema, value: &Value, path: &str) -> Result<(), String> {
    let Value::String(text) = value else { return Ok(()) };
    let checked = match schema.format.as_deref() {
        Some("date-time") => dates::DateTime::parse(text).map(drop).map_err(|e| e.to_string()),
        Some("date") => dates::Date::parse(text).map(drop).map_err(|e| e.to_string()),
        Some("uuid") => is_uuid(text).then_some(()).ok_or_else(|| format!("`{text}` is not a UUID")),
        Some("ipv4") => {
            text.parse::<std::net::Ipv4Addr>().map(drop).map_err(|_| format!("`{text}` is not an IPv4 address"))
        }
        Some("ipv6") => {
            text.parse::<std::net::Ipv6Addr>().map(drop).map_err(|_| format!("`{text}` is not an IPv6 address"))
        }
        _ => return Ok(()),
    };
    checked.map_err(|e| format!("{}: {e}", at(path)))
}

fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// `minimum`, lengths, `pattern` and item counts.
fn check_limits(limits: &Limits, value: &Value, path: &str) -> Result<(), String> {
    if limits.is_empty() {
        return Ok(());
    }
    let broken = match value {
        Value::Number(number) => {
            let n = number.as_f64().unwrap_or_default();
            let below = limits.minimum.filter(|min| n < min.value || (min.exclusive && n == min.value));
            let above = limits.maximum.filter(|max| n > max.value || (max.exclusive && n == max.value));
            below
                .map(|min| format!("{n} is below the minimum {}", min.value))
                .or(above.map(|max| format!("{n} is above the maximum {}", max.value)))
        }
        Value::String(text) => {
            let length = text.chars().count() as u64;
            let pattern = limits
                .pattern
                .as_deref()
                .filter(|pattern| regex::Regex::new(pattern).is_ok_and(|re| !re.is_match(text)));
            if let Some(min) = limits.min_length.filter(|&min| length < min) {
                Some(format!("`{}` has {length} characters, fewer than {min}", short_text(text)))
            } else if let Some(max) = limits.max_length.filter(|&max| length > max) {
                Some(format!("`{}` has {length} characters, more than {max}", short_text(text)))
            } else {
                pattern.map(|pattern| format!("`{}` does not match the pattern `{pattern}`", short_text(text)))
            }
        }
        Value::Array(items) => {
            let count = items.len() as u64;
            match (limits.min_items.filter(|&min| count < min), limits.max_items.filter(|&max| count > max)) {
                (Some(min), _) => Some(format!("{count} items, fewer than {min}")),
                (_, Some(max)) => Some(format!("{count} items, more than {max}")),
                _ => None,
            }
        }
        _ => None,
    };
    broken.map_or(Ok(()), |reason| Err(format!("{}: {reason}", at(path))))
}

fn short_text(text: &str) -> String {
    if text.chars().count() > 40 {
        format!("{}…", text.chars().take(40).collect::<String>())
    } else {
        text.to_string()
    }
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
