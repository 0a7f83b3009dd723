//! Reading a page's body: the items (decoded where they lie, never the whole body as JSON
//! values) and the few facts the page's scheme needs (a cursor, a next URL, totals).

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::pagination::{NextPage, PageField, PageItems, Paging};
use crate::runtime::decode::{self, decode_borrowed, decode_part};
use crate::runtime::envelope::{EnvelopeParts, EnvelopeStatus};
use crate::runtime::json_path::{self, JsonPath};
use crate::runtime::{Error, RawResponse, ResultInfo};

/// The response's facts the scheme reads from the body, by path.
pub(super) struct Facts(Vec<(JsonPath, Option<Value>)>);

impl Facts {
    pub(super) fn get(&self, path: JsonPath) -> Option<&Value> {
        self.0.iter().find(|(p, _)| *p == path).and_then(|(_, value)| value.as_ref())
    }
}

/// The body paths of the facts a scheme reads.
pub(super) fn fact_paths(next: &NextPage) -> Vec<JsonPath> {
    match *next {
        NextPage::ResultInfo | NextPage::Link | NextPage::Cursor { field: PageField::Header(_), .. } => Vec::new(),
        NextPage::Cursor { field: PageField::Body(path), .. } | NextPage::Url { field: path } => vec![path],
        NextPage::LastId { has_more, .. } => has_more.into_iter().collect(),
        NextPage::PageNumber { stop, .. } | NextPage::Offset { stop, .. } => {
            [stop.total_items, stop.total_pages, stop.has_more].into_iter().flatten().collect()
        }
    }
}

/// What a page's body gave: its items and the facts the scheme reads.
pub(super) struct Read<T> {
    pub items: Vec<T>,
    pub result_info: Option<ResultInfo>,
    pub facts: Facts,
    /// The last item's `id` (for [`NextPage::LastId`]).
    pub last_id: Option<Value>,
}

/// Reads the items (and the envelope, and the facts) of a page's body.
pub(super) fn read_body<T: DeserializeOwned>(paging: &Paging, response: &RawResponse) -> Result<Read<T>, Error> {
    let (status, body) = (response.status, &response.body[..]);
    let paths = fact_paths(&paging.next);
    let last_id = matches!(paging.next, NextPage::LastId { .. });
    let malformed = |error: serde_json::Error| Error::Decode {
        status,
        path: ".".into(),
        message: error.to_string(),
        snippet: crate::runtime::error::snippet(body, decode::SNIPPET_LIMIT),
    };
    match paging.items {
        PageItems::Envelope => {
            let parts: EnvelopeParts = match decode_borrowed(status, body) {
                Ok(parts) => parts,
                Err(error) => {
                    // A `success: false` envelope with an unexpected shape is still an API error.
                    if let Ok(envelope) = serde_json::from_slice::<EnvelopeStatus>(body)
                        && !envelope.success
                    {
                        return Err(Error::api(status, envelope.errors, envelope.messages));
                    }
                    return Err(error);
                }
            };
            if !parts.success {
                return Err(Error::api(status, parts.errors, parts.messages));
            }
            let items_text = parts.result.map(|raw| raw.get());
            let items = decode_items(status, body, items_text, "result")?;
            let last_id = match (last_id, items_text) {
                (true, Some(text)) => item_id(text).map_err(malformed)?,
                _ => None,
            };
            let facts = if paths.is_empty() {
                Facts(Vec::new())
            } else {
                // Valid UTF-8: the envelope decoded.
                let text = std::str::from_utf8(body).map_err(|error| Error::Decode {
                    status,
                    path: ".".into(),
                    message: format!("the body is not UTF-8: {error}"),
                    snippet: String::new(),
                })?;
                facts(&paths, &json_path::pick(text, &paths).map_err(malformed)?).map_err(malformed)?
            };
            Ok(Read { items, result_info: parts.result_info, facts, last_id })
        }
        PageItems::At(items_path) => {
            let text = std::str::from_utf8(body).map_err(|error| Error::Decode {
                status,
                path: ".".into(),
                message: format!("the body is not UTF-8: {error}"),
                snippet: crate::runtime::error::snippet(body, decode::SNIPPET_LIMIT),
            })?;
            if text.trim().is_empty() && matches!(status, 204 | 205) {
                // A bodiless answer the operation documents beside its list: a page with no items.
                return Ok(Read { items: Vec::new(), result_info: None, facts: Facts(Vec::new()), last_id: None });
            }
            if text.trim().is_empty() {
                // The same error a plain JSON body gives.
                decode_borrowed::<Vec<serde::de::IgnoredAny>>(status, body)?;
            }
            let mut wanted = vec![items_path];
            wanted.extend(&paths);
            let found = json_path::pick(text, &wanted).map_err(malformed)?;
            let items = decode_items(status, body, found[0], &items_path.join("."))?;
            let last_id = match (last_id, found[0]) {
                (true, Some(text)) => item_id(text).map_err(malformed)?,
                _ => None,
            };
            Ok(Read { items, result_info: None, facts: facts(&paths, &found[1..]).map_err(malformed)?, last_id })
        }
    }
}

fn facts(paths: &[JsonPath], found: &[Option<&str>]) -> Result<Facts, serde_json::Error> {
    let values = paths.iter().zip(found).map(|(path, text)| Ok((*path, json_path::value(*text)?)));
    Ok(Facts(values.collect::<Result<_, serde_json::Error>>()?))
}

/// The items array (missing or `null`: none), decode errors naming the item's full path (`data[3].name`).
fn decode_items<T: DeserializeOwned>(
    status: u16,
    body: &[u8],
    text: Option<&str>,
    prefix: &str,
) -> Result<Vec<T>, Error> {
    match text {
        None => Ok(Vec::new()),
        Some(text) if text.trim() == "null" => Ok(Vec::new()),
        Some(text) => decode_part(status, body, text, prefix),
    }
}

/// The `id` of the last item of the array `text`.
fn item_id(text: &str) -> Result<Option<Value>, serde_json::Error> {
    let Some(last) = json_path::last_element(text)? else { return Ok(None) };
    json_path::value(json_path::pick(last, &[&["id"]])?[0])
}
