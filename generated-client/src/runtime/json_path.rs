//! Reading a few values out of a large JSON body, and setting one in a small one.
//!
//! A page's body can be large, so it is never built into a `serde_json::Value`: [`pick`] walks
//! only the objects on the way to the wanted paths, skipping everything else, and hands back each
//! wanted value as its JSON text (`&RawValue`), for the caller to decode only what it needs.

use std::borrow::Cow;
use std::fmt;

use serde::Deserializer as _;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

/// A JSON path from the body root, as property names: `&["meta", "page", "after"]`.
pub type JsonPath = &'static [&'static str];

/// The JSON text at each of `paths` in `text` (`None` where a property is missing or a value on
/// the way is not an object). Fails only when the JSON on the way is malformed.
pub(crate) fn pick<'a>(text: &'a str, paths: &[&[&str]]) -> Result<Vec<Option<&'a str>>, serde_json::Error> {
    let mut found = vec![None; paths.len()];
    let mut names: Vec<&str> = Vec::new();
    for (index, path) in paths.iter().enumerate() {
        match path.split_first() {
            None => found[index] = Some(text),
            Some((first, _)) if !names.contains(first) => names.push(first),
            Some(_) => {}
        }
    }
    if names.is_empty() {
        return Ok(found);
    }
    let children = fields(text, &names)?;
    for (name, child) in names.iter().zip(children) {
        let Some(child) = child else { continue };
        let under: Vec<usize> = (0..paths.len()).filter(|&i| paths[i].first() == Some(name)).collect();
        let rests: Vec<&[&str]> = under.iter().map(|&i| &paths[i][1..]).collect();
        for (index, value) in under.into_iter().zip(pick(child, &rests)?) {
            found[index] = value;
        }
    }
    Ok(found)
}

/// The JSON text of the properties `names` of the object `text`, in one pass; all `None` when
/// `text` is not an object. The first of repeated keys wins.
fn fields<'a>(text: &'a str, names: &[&str]) -> Result<Vec<Option<&'a str>>, serde_json::Error> {
    if !text.trim_start().starts_with('{') {
        return Ok(vec![None; names.len()]);
    }
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let found = deserializer.deserialize_map(Fields { names })?;
    deserializer.end()?;
    Ok(found)
}

struct Fields<'n> {
    names: &'n [&'n str],
}

impl<'de> Visitor<'de> for Fields<'_> {
    type Value = Vec<Option<&'de str>>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut found = vec![None; self.names.len()];
        while let Some(key) = map.next_key_seed(Key)? {
            match self.names.iter().position(|name| *name == key) {
                Some(index) if found[index].is_none() => {
                    found[index] = Some(map.next_value::<&'de RawValue>()?.get());
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(found)
    }
}

/// An object key, borrowed from the body unless it has escapes.
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a property name")
    }

    fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(text))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(text.to_string()))
    }
}

/// The JSON text of the last element of the array `text` (`None` for an empty array or another value).
pub(crate) fn last_element(text: &str) -> Result<Option<&str>, serde_json::Error> {
    if !text.trim_start().starts_with('[') {
        return Ok(None);
    }
    struct Last;
    impl<'de> Visitor<'de> for Last {
        type Value = Option<&'de str>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a JSON array")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut last = None;
            while let Some(element) = seq.next_element::<&'de RawValue>()? {
                last = Some(element.get());
            }
            Ok(last)
        }
    }
    serde_json::Deserializer::from_str(text).deserialize_seq(Last)
}

/// A small JSON value at a path: the text, parsed (`None` for JSON `null`).
pub(crate) fn value(text: Option<&str>) -> Result<Option<Value>, serde_json::Error> {
    match text {
        None => Ok(None),
        Some(text) => serde_json::from_str(text).map(|value: Value| (!value.is_null()).then_some(value)),
    }
}

/// The value at `path` of a (small) JSON value.
pub(crate) fn get<'v>(value: &'v Value, path: &[&str]) -> Option<&'v Value> {
    path.iter().try_fold(value, |value, name| value.get(name))
}

/// Sets `path` of the JSON object `root` to `value`, creating objects on the way (a `null`
/// on the way becomes one too); a path through another kind of value is an error.
pub(crate) fn set(root: &mut Value, path: &[&str], value: Value) -> Result<(), String> {
    let Some((last, parents)) = path.split_last() else {
        return Err("the path of a body field is empty".into());
    };
    let mut at = root;
    for (depth, name) in parents.iter().enumerate() {
        at = object(at, &path[..depth])?.entry(name.to_string()).or_insert(Value::Null);
    }
    object(at, parents)?.insert(last.to_string(), value);
    Ok(())
}

fn object<'v>(value: &'v mut Value, path: &[&str]) -> Result<&'v mut Map<String, Value>, String> {
    if value.is_null() {
        *value = Value::Object(Map::new());
    }
    match value {
        Value::Object(object) => Ok(object),
        other => {
            let kind = match other {
                Value::Array(_) => "an array",
                Value::String(_) => "a string",
                Value::Number(_) => "a number",
                _ => "a boolean",
            };
            let at = if path.is_empty() { "the body".to_string() } else { format!("`{}`", path.join(".")) };
            Err(format!("{at} is {kind}, not an object"))
        }
    }
}

/// A path as users read it in errors: `meta.next`, or `the body` for the root.
pub(crate) fn show(path: &[&str]) -> String {
    if path.is_empty() { "the body".to_string() } else { format!("`{}`", path.join(".")) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pick_finds_nested_values_and_skips_the_rest() {
        let body = r#"{"data": [{"id": 1}, {"id": 2}], "meta": {"page": {"after": "c2", "size": 2}, "total": 5},
            "weird\"key": 1, "next": null}"#;
        let paths: &[&[&str]] =
            &[&["data"], &["meta", "page", "after"], &["meta", "total"], &["meta", "missing"], &["next"], &[]];
        let found = pick(body, paths).unwrap();
        assert_eq!(found[0].map(str::trim), Some(r#"[{"id": 1}, {"id": 2}]"#));
        assert_eq!(found[1], Some(r#""c2""#));
        assert_eq!(found[2], Some("5"));
        assert_eq!(found[3], None);
        assert_eq!(found[4], Some("null"));
        assert_eq!(found[5], Some(body));
        // Through a value that is not an object: nothing, not an error.
        assert_eq!(pick(r#"{"data": [1]}"#, &[&["data", "x"]]).unwrap(), [None]);
        assert_eq!(pick("[1, 2]", &[&["data"]]).unwrap(), [None]);
        // The first of repeated keys wins; escaped keys are read.
        assert_eq!(pick(r#"{"a": 1, "a": 2, "b\u0031": 3}"#, &[&["a"], &["b1"]]).unwrap(), [Some("1"), Some("3")]);
        // Malformed JSON on the way is an error.
        assert!(pick(r#"{"data": [1, }"#, &[&["data"]]).is_err());
        assert!(pick(r#"{"a": 1} trailing"#, &[&["a"]]).is_err());
    }

    #[test]
    fn last_element_of_an_array() {
        assert_eq!(last_element(r#"[{"id": "a"}, {"id": "b"} ]"#).unwrap(), Some(r#"{"id": "b"}"#));
        assert_eq!(last_element("[]").unwrap(), None);
        assert_eq!(last_element("{}").unwrap(), None);
    }

    #[test]
    fn set_creates_objects_on_the_way() {
        let mut body = json!({"filter": {"q": "x"}, "pagination": null});
        set(&mut body, &["pagination", "token"], json!("t2")).unwrap();
        set(&mut body, &["filter", "page"], json!(3)).unwrap();
        set(&mut body, &["a", "b", "c"], json!(true)).unwrap();
        assert_eq!(
            body,
            json!({"filter": {"q": "x", "page": 3}, "pagination": {"token": "t2"}, "a": {"b": {"c": true}}})
        );
        assert_eq!(get(&body, &["pagination", "token"]), Some(&json!("t2")));
        let mut empty = Value::Null;
        set(&mut empty, &["cursor"], json!("c")).unwrap();
        assert_eq!(empty, json!({"cursor": "c"}));
        let mut list = json!({"filter": [1]});
        assert_eq!(set(&mut list, &["filter", "page"], json!(1)).unwrap_err(), "`filter` is an array, not an object");
        assert_eq!(set(&mut json!([1]), &["page"], json!(1)).unwrap_err(), "the body is an array, not an object");
        assert!(set(&mut json!({}), &[], json!(1)).is_err());
    }
}
