//! Decoding unions: both kinds read the JSON into a `Value` first, as the
//! variant is only known once the whole object has been seen.
//!
//! - Tagged: the tag names the variant ([`tagged`]).
//! - Untagged: serde's `untagged` takes the first variant that deserializes, so
//!   a struct whose fields are all optional, or whose tag-like field is an open
//!   enum, would swallow every object. Here the variants whose required fields
//!   and constant fields fit the object are tried first, the one declaring most
//!   of the object's keys before the others (`candidates`). Each is tried strictly, even
//!   while a response is read leniently (see `lenient`): a variant that fits only once coerced
//!   is taken only when none fits as it is ([`untagged`]).

use serde::de::{DeserializeOwned, Error};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use super::lenient;

/// A union's variant, as its `union!` table gives it.
pub struct Variant<T> {
    /// The tag value naming it; empty in an untagged union.
    pub tag: &'static str,
    /// What it declares, when it is a struct and the union tells variants apart by shape.
    pub shape: Option<Shape>,
    /// Decodes its payload from the object and wraps it in the union.
    pub decode: fn(&Value) -> Result<T, serde_json::Error>,
}

/// Decodes a variant's payload; `union!` passes it to [`Variant::decode`].
pub fn decode<T: DeserializeOwned>(value: &Value) -> Result<T, serde_json::Error> {
    lenient::from_value(value)
}

/// Decodes a union tagged by `tag_key`: the variant its tag names, or, when several variants
/// share the tag value (an input and an output message, both `"type": "message"`), the first
/// whose shape fits. A tag no variant has, or no tag, makes the `unknown` variant, which keeps
/// the whole object.
pub fn tagged<'de, D: Deserializer<'de>, T>(
    deserializer: D,
    union: &str,
    tag_key: &'static str,
    variants: &[Variant<T>],
    unknown: fn(Value) -> T,
) -> Result<T, D::Error> {
    let (tag, value) = read_tagged(deserializer, tag_key)?;
    let named = |v: &Variant<T>| tag.as_deref() == Some(v.tag);
    let mut matching = variants.iter().filter(|v| named(v));
    match (matching.next(), matching.next()) {
        (None, _) => Ok(unknown(whole(tag_key, tag, value))),
        (Some(only), None) => (only.decode)(&value).map_err(D::Error::custom),
        (Some(_), Some(_)) => first_fitting(&value, variants, named).ok_or_else(|| {
            let name = tag.as_deref().unwrap_or_default();
            D::Error::custom(format!(
                "the object tagged `{name}` matches none of the variants of {union} with that tag"
            ))
        }),
    }
}

/// Decodes an untagged union: the first variant that decodes the value, those whose shape fits
/// it tried first.
pub fn untagged<'de, D: Deserializer<'de>, T>(
    deserializer: D,
    union: &str,
    variants: &[Variant<T>],
) -> Result<T, D::Error> {
    let value = Value::deserialize(deserializer)?;
    first_fitting(&value, variants, |_| true)
        .ok_or_else(|| D::Error::custom(format!("data did not match any variant of untagged enum {union}")))
}

/// Reads a tagged union's object: the tag's value and the object without it. During a lenient
/// read (see `lenient`), a value that is no object or has no string tag is kept whole, with no tag,
/// for the union's unknown variant.
fn read_tagged<'de, D: Deserializer<'de>>(
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

/// The object of a tag no variant has (or of no tag), whole again: [`read_tagged`] took the tag out.
fn whole(tag_key: &str, tag: Option<String>, mut value: Value) -> Value {
    if let (Value::Object(object), Some(tag)) = (&mut value, tag) {
        object.insert(tag_key.to_string(), Value::String(tag));
    }
    value
}

/// The first of the variants `among` admits that decodes `value`, in the order of
/// [`candidates`]: strictly, then, during a lenient read when none fits, leniently.
fn first_fitting<T>(value: &Value, variants: &[Variant<T>], among: impl Fn(&Variant<T>) -> bool) -> Option<T> {
    let order: Vec<&Variant<T>> = candidates(value, variants.iter().map(|v| v.shape.as_ref()))
        .into_iter()
        .map(|i| &variants[i])
        .filter(|v| among(v))
        .collect();
    let attempt = || order.iter().find_map(|v| (v.decode)(value).ok());
    lenient::strictly(attempt).or_else(|| lenient::recovering().then(attempt).flatten())
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
fn candidates<'s>(value: &Value, shapes: impl ExactSizeIterator<Item = Option<&'s Shape>>) -> Vec<usize> {
    let Value::Object(map) = value else {
        return (0..shapes.len()).collect();
    };
    let mut ranked: Vec<(i64, usize)> = shapes
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
        let shapes = || shapes.iter().map(Option::as_ref);
        assert_eq!(candidates(&json!({"expression": "x"}), shapes()), [1, 0]);
        assert_eq!(candidates(&json!({"value": "x"}), shapes()), [0, 1]);
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
        let shapes = || shapes.iter().map(Option::as_ref);
        assert_eq!(candidates(&json!({"operation": "set", "expression": "e"}), shapes()), [1, 2, 0]);
        assert_eq!(candidates(&json!("text"), shapes()), [0, 1, 2]);
    }
}
