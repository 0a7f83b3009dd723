//! The `pagination:` section, in Stainless's `stainless.yml` format as it is: a list of named
//! schemes, each a `type` (`cursor`, `cursor_id`, `cursor_url`, `offset`, `page_number`,
//! `fake_page`) with the `request` and `response` properties an operation must have to use it,
//! the paging ones marked with `x-stainless-pagination-property: {purpose, from_header,
//! is_top_level_array}`. A method of the resource map may say `paginated: false` or name a scheme.

use serde_json::Value as Json;

use super::{ConfigError, Spot, entries, join, list, string, unknown_key};
use crate::yaml::{Node, Value};

/// One named scheme of the `pagination:` list.
#[derive(Debug, Clone, PartialEq)]
pub struct PageScheme {
    pub name: String,
    /// Stainless's `type`: `cursor`, `cursor_id`, `cursor_url`, `offset`, `page_number`, `fake_page`.
    pub kind: String,
    /// Request properties, sent in the query unless `param_location: body`.
    pub request: Vec<PageProperty>,
    pub response: Vec<PageProperty>,
    pub in_body: bool,
    pub at: Spot,
}

/// A property a scheme names, nested objects flattened to paths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageProperty {
    pub path: Vec<String>,
    /// `x-stainless-pagination-property.purpose` (`items`, `next_cursor_param`, …).
    pub purpose: Option<String>,
    /// A response field read from this header instead of the body.
    pub from_header: Option<String>,
    /// The response body itself is the items array.
    pub top_level_array: bool,
}

/// A resource-map method's `paginated:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Paginated {
    /// `paginated: false`: never a page.
    Off,
    /// `paginated: <scheme name>`: that scheme, which must fit.
    Scheme(String),
}

const SCHEME_KEYS: &[&str] = &["name", "type", "request", "response", "param_location", "description"];
const KINDS: &[&str] = &["cursor", "cursor_id", "cursor_url", "offset", "page_number", "fake_page"];

pub(super) fn read(node: &Node) -> Result<Vec<PageScheme>, ConfigError> {
    let mut schemes: Vec<PageScheme> = Vec::new();
    for (index, item) in list(node, "pagination")?.iter().enumerate() {
        let key = format!("pagination[{index}]");
        let (mut name, mut kind, mut request, mut response, mut in_body) = (None, None, Vec::new(), Vec::new(), false);
        for (k, value) in entries(item, &key)? {
            let here = join(&key, &k.text);
            match k.text.as_str() {
                "name" => name = Some(string(value, &here)?),
                "type" => {
                    let text = string(value, &here)?;
                    if !KINDS.contains(&text.as_str()) {
                        return Err(ConfigError::at(
                            value.line,
                            &here,
                            format!("unknown pagination type `{text}`; one of: {}", KINDS.join(", ")),
                        ));
                    }
                    kind = Some(text);
                }
                "request" => request = properties(&value.to_json()),
                "response" => response = properties(&value.to_json()),
                "param_location" => in_body = string(value, &here)? == "body",
                "description" => {}
                other => return Err(unknown_key(k, &key, other, SCHEME_KEYS)),
            }
        }
        let missing = |what: &str| ConfigError::at(item.line, &key, format!("a pagination scheme needs `{what}`"));
        let name = name.ok_or_else(|| missing("name"))?;
        if schemes.iter().any(|s| s.name == name) {
            return Err(ConfigError::at(item.line, &key, format!("a second pagination scheme named `{name}`")));
        }
        let kind = kind.ok_or_else(|| missing("type"))?;
        schemes.push(PageScheme { name, kind, request, response, in_body, at: Spot { line: item.line, key } });
    }
    Ok(schemes)
}

/// A method's `paginated: false` or `paginated: <scheme>`.
pub(super) fn paginated(node: &Node, key: &str) -> Result<Paginated, ConfigError> {
    match &node.value {
        Value::Scalar(text, false) if text == "false" => Ok(Paginated::Off),
        Value::Scalar(text, _) if !node.is_null() && text != "true" => Ok(Paginated::Scheme(text.clone())),
        _ => Err(ConfigError::at(node.line, key, "expected `false` or the name of a pagination scheme")),
    }
}

/// `{after: {type: string, x-stainless-pagination-property: {…}}, meta: {type: object, properties: {…}}}`.
fn properties(schema: &Json) -> Vec<PageProperty> {
    let mut out = Vec::new();
    collect(schema, &mut Vec::new(), &mut out);
    out
}

fn collect(map: &Json, path: &mut Vec<String>, out: &mut Vec<PageProperty>) {
    let Some(map) = map.as_object() else { return };
    for (name, schema) in map {
        path.push(name.clone());
        let marker = schema.get("x-stainless-pagination-property");
        let text = |key: &str| marker.and_then(|m| m.get(key)).and_then(Json::as_str).map(str::to_string);
        out.push(PageProperty {
            path: path.clone(),
            purpose: text("purpose"),
            from_header: text("from_header"),
            top_level_array: marker.and_then(|m| m.get("is_top_level_array")).and_then(Json::as_bool).unwrap_or(false),
        });
        if let Some(inner) = schema.get("properties") {
            collect(inner, path, out);
        }
        path.pop();
    }
}
