//! What an operation's success answers, as naming needs it: one object, a
//! list or page of them, a file, or nothing. `GET /gateway` answering one
//! object is `gateway().get()`, not `list()`. A heuristic on the schema's
//! shape, read before lowering; where it cannot tell, it says so.

use crate::case::ToSnakeCase;

use super::flatten::Flat;
use crate::diagnostics::Diagnostics;
use crate::model::{Answer, Media};
use crate::resolve::{JsonType, Operation, SchemaId, Spec};

/// Properties that hold a page's items.
const ITEM_PROPERTIES: &[&str] =
    &["content", "data", "elements", "entries", "items", "list", "nodes", "objects", "records", "results", "values"];
/// Properties that stand beside a page's items (snake case).
const PAGING_PROPERTIES: &[&str] = &[
    "after",
    "before",
    "continuation_token",
    "count",
    "cursor",
    "first_id",
    "has_more",
    "last_id",
    "limit",
    "links",
    "meta",
    "next",
    "next_cursor",
    "next_page",
    "next_page_token",
    "offset",
    "page",
    "page_info",
    "pagination",
    "total",
    "total_count",
];

/// The answer of `op`'s first success response.
pub(super) fn answer(spec: &Spec, op: &Operation, diags: &mut Diagnostics) -> Answer {
    let Some(response) = op.successes().into_iter().next() else {
        return Answer::Nothing;
    };
    let json = response.content.iter().find(|(media, _)| Media::of(media) == Media::Json);
    let Some((media, schema)) = json.or_else(|| response.content.iter().next()) else {
        return Answer::Nothing;
    };
    if Media::of(media) != Media::Json && !media.starts_with("text/event-stream") {
        return Answer::File;
    }
    let Some(schema) = *schema else { return Answer::Nothing };
    let flat = Flat::of(spec, &[schema], diags);
    if is_array(&flat) {
        return Answer::Many;
    }
    if flat.format.as_deref() == Some("binary") && allows(&flat, JsonType::String) {
        return Answer::File;
    }
    let has = |name: &str| flat.properties.contains_key(name);
    if has("success") && has("errors") && has("result") {
        return envelope_result(spec, &flat.properties["result"], diags);
    }
    if list_items(spec, &op.path, &flat).is_some() {
        return Answer::Many;
    }
    if flat.types.as_ref().is_none_or(|t| t.contains(&JsonType::Object)) || !flat.properties.is_empty() {
        return Answer::One;
    }
    Answer::Unknown
}

/// Where an answer that is a list keeps its items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum ListItems {
    /// The body is the array.
    Body,
    /// This property of the body object.
    Property(String),
    /// An object named like a list (`ListUsersResponse`) with several arrays.
    Unnamed,
}

/// Whether a (non-envelope) answer of `path` is a list, and where its items are: an array, or
/// an object whose one array is named like items (`data`, or the path's last word) beside
/// paging facts, or an object named like a list.
pub(super) fn list_items(spec: &Spec, path: &str, flat: &Flat) -> Option<ListItems> {
    // One of several lists (`anyOf: [User[], Stargazer[]]`, chosen by media type) is a list too.
    let lists_only = flat.properties.is_empty()
        && !flat.unions.is_empty()
        && flat.unions.iter().all(|group| group.variants.iter().all(|&v| declares_any(spec, &[v], &[JsonType::Array])));
    if is_array(flat) || lists_only {
        return Some(ListItems::Body);
    }
    let arrays: Vec<&String> = flat
        .properties
        .iter()
        .filter(|(_, ids)| declares_any(spec, ids, &[JsonType::Array]))
        .map(|(name, _)| name)
        .collect();
    let last_word =
        path.split('/').rev().find(|s| !s.is_empty() && !s.starts_with('{')).map(compact).unwrap_or_default();
    let listy = |name: &str| ITEM_PROPERTIES.contains(&name) || compact(name) == last_word;
    if let [items] = arrays.as_slice() {
        let paging = flat.properties.keys().any(|k| k != *items && is_paging(k));
        let rest_plain = flat
            .properties
            .iter()
            .all(|(name, ids)| name == *items || is_paging(name) || declares_any(spec, ids, &SCALARS));
        if (listy(items) || paging) && rest_plain {
            return Some(ListItems::Property(items.to_string()));
        }
    }
    if arrays.is_empty() {
        return None;
    }
    let pagey = flat.properties.keys().any(|k| is_paging(k)) || flat.properties.len() <= 2;
    if let Some(items) = arrays.iter().find(|name| listy(name))
        && (pagey || arrays.len() == flat.properties.len())
    {
        return Some(ListItems::Property(items.to_string()));
    }
    let type_name = flat.named(false).and_then(|id| spec.schema(id).name.as_deref()).unwrap_or_default();
    let listy_name = type_name.starts_with("List")
        || ["List", "ListResponse", "Page", "Collection"].iter().any(|s| type_name.ends_with(s))
        || type_name.contains("Paginated");
    match arrays.as_slice() {
        [items] if listy_name => Some(ListItems::Property(items.to_string())),
        _ if listy_name => Some(ListItems::Unnamed),
        _ => None,
    }
}

/// A `{success, errors, result}` envelope answers what its `result` is.
fn envelope_result(spec: &Spec, result: &[SchemaId], diags: &mut Diagnostics) -> Answer {
    let inner = Flat::of(spec, result, diags);
    if is_array(&inner) {
        return Answer::Many;
    }
    let union_of_arrays = inner
        .unions
        .iter()
        .any(|group| group.variants.iter().any(|&variant| is_array(&Flat::of(spec, &[variant], diags))));
    if inner.properties.is_empty() && union_of_arrays {
        return Answer::Many;
    }
    if !inner.properties.is_empty() || inner.types.as_ref().is_some_and(|t| t.contains(&JsonType::Object)) {
        return Answer::One;
    }
    Answer::Unknown
}

fn is_array(flat: &Flat) -> bool {
    allows(flat, JsonType::Array) && flat.types.is_some() || !flat.items.is_empty()
}

fn allows(flat: &Flat, ty: JsonType) -> bool {
    flat.types.as_ref().is_some_and(|types| types.contains(&ty))
}

const SCALARS: [JsonType; 4] = [JsonType::String, JsonType::Integer, JsonType::Number, JsonType::Boolean];

/// Whether one of a property's schemas says it is of one of `types` (by `type`, or
/// `items` for an array), through `$ref`s and `allOf` members: a cheap look rather
/// than a merged view, as it is asked of each property of every GET's answer.
pub(super) fn declares_any(spec: &Spec, ids: &[SchemaId], types: &[JsonType]) -> bool {
    let says = |id: SchemaId| {
        let schema = spec.schema(id);
        schema.types.as_ref().is_some_and(|t| t.iter().any(|ty| types.contains(ty)))
            || (types.contains(&JsonType::Array) && schema.items.is_some())
    };
    ids.iter().any(|&start| {
        let mut id = start;
        // A chain of references ends; a cycle of them is cut.
        for _ in 0..16 {
            let schema = spec.schema(id);
            if says(id) || schema.all_of.iter().any(|&member| says(member)) {
                return true;
            }
            match schema.reference {
                Some(next) => id = next,
                None => return false,
            }
        }
        false
    })
}

fn is_paging(name: &str) -> bool {
    PAGING_PROPERTIES.contains(&name.to_snake_case().as_str())
}

/// Lowercase letters and digits only: `line_items`, `lineItems`, `Line-Items` compare equal.
fn compact(word: &str) -> String {
    word.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}
