//! Decoding unions: both kinds read the JSON into a `Value` first, as the
//! variant is only known once the whole object has been seen.
//!
//! - Tagged: the tag names the variant ([`tagged`], then [`variant`]).
//! - Untagged: serde's `untagged` takes the first variant that deserializes, so
//!   a struct whose fields are all optional, or whose tag-like field is an open
//!   enum, would swallow every object. Here the variants whose required fields
//!   and constant fields fit the object are tried first, the one declaring most
//!   of the object's keys before the others ([`candidates`]). Each is tried strictly, even
//!   while a response is read leniently (see `lenient`): a variant that fits only once coerced
//!   is taken only when none fits as it is ([`untagged`]).

use serde::de::{DeserializeOwned, Error};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use super::lenient;

/// Reads a tagged union's object: the tag's value and the object without it. During a lenient
/// read (see `lenient`), a value that is no object or has no string tag is kept whole, with no tag,
/// for the union's unknown variant.
pub fn tagged<'de, D: Deserializer<'de>>(
    deserializer: D,
    tag: &'static str,
) -> Result<(Option<String>, Value), D::Error> {
    let mut value = Value::deserialize(deserializer)?;
    let error = match &mut value {
        Value::Object(object) => match object.remove(tag) {
            Some(Value::String(name)) => return Ok((Some(name), value)),
            Some(other) => {
                object.insert(tag.to_string(), other);
                D::Error::invalid_type(serde::de::Unexpected::Other("a non-string tag"), &"a string tag")
            }
            None => D::Error::missing_field(tag),
        },
        _ => D::Error::invalid_type(serde::de::Unexpected::Other("a non-object"), &"an object with a tag"),
    };
    lenient::recover(error).map(|()| (None, value))
}

/// The object of a tag no variant has (or of no tag), whole again: [`tagged`] took the tag out.
pub fn unknown(tag_key: &str, tag: Option<String>, mut value: Value) -> Value {
    if let (Value::Object(object), Some(tag)) = (&mut value, tag) {
        object.insert(tag_key.to_string(), Value::String(tag));
    }
    value
}

/// Decodes a union's variant from its object.
pub fn variant<T: DeserializeOwned, E: Error>(value: Value) -> Result<T, E> {
    lenient::from_value(&value).map_err(E::custom)
}

/// The first variant `attempt` decodes `value` as, in the order of [`candidates`]: strictly, then,
/// during a lenient read when none fits, leniently.
pub fn untagged<T>(value: &Value, shapes: &[Option<Shape>], attempt: impl Fn(usize, &Value) -> Option<T>) -> Option<T> {
    let order = candidates(value, shapes);
    lenient::strictly(|| order.iter().find_map(|&i| attempt(i, value)))
        .or_else(|| lenient::recovering().then(|| order.iter().find_map(|&i| attempt(i, value))).flatten())
}

/// A variant of an untagged union decoded from `value`, if it fits.
pub fn attempt<T: DeserializeOwned>(value: &Value) -> Option<T> {
    lenient::from_value(value).ok()
}

/// What a struct variant declares, for matching objects against it.
#[derive(Debug)]
pub struct Shape {
    pub fields: &'static [&'static str],
    pub required: &'static [&'static str],
    /// Fields that can only hold one string value.
    pub constants: &'static [(&'static str, &'static str)],
}

/// The indices of the variants to try, best first. `None` shapes (non-struct
/// variants) keep their place after the fitting structs; structs that cannot
/// fit (a required field missing, a constant differing) come last.
pub fn candidates(value: &Value, shapes: &[Option<Shape>]) -> Vec<usize> {
    let Value::Object(map) = value else {
        return (0..shapes.len()).collect();
    };
    let mut ranked: Vec<(i64, usize)> = shapes
        .iter()
        .enumerate()
        .map(|(i, shape)| {
            let score = match shape {
                None => -1,
                Some(shape) => {
                    let fits = shape.required.iter().all(|f| map.contains_key(*f))
                        && shape
                            .constants
                            .iter()
                            .all(|(f, v)| map.get(*f).is_none_or(|actual| actual.as_str() == Some(v)));
                    if fits { map.keys().filter(|k| shape.fields.contains(&k.as_str())).count() as i64 } else { -2 }
                }
            };
            (-score, i)
        })
        .collect();
    ranked.sort();
    ranked.into_iter().map(|(_, i)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const STATIC: Shape = Shape { fields: &["value"], required: &[], constants: &[] };
    const DYNAMIC: Shape = Shape { fields: &["expression"], required: &[], constants: &[] };

    #[test]
    fn the_variant_declaring_the_keys_wins() {
        let shapes = [Some(STATIC), Some(DYNAMIC)];
        assert_eq!(candidates(&json!({"expression": "x"}), &shapes), [1, 0]);
        assert_eq!(candidates(&json!({"value": "x"}), &shapes), [0, 1]);
    }

    #[test]
    fn constants_and_required_fields_rule_variants_out() {
        let remove = Shape { fields: &["operation"], required: &["operation"], constants: &[("operation", "remove")] };
        let set = Shape {
            fields: &["operation", "expression"],
            required: &["operation", "expression"],
            constants: &[("operation", "set")],
        };
        let shapes = [Some(remove), Some(set), None];
        assert_eq!(candidates(&json!({"operation": "set", "expression": "e"}), &shapes), [1, 2, 0]);
        assert_eq!(candidates(&json!("text"), &shapes), [0, 1, 2]);
    }
}
