//! Pages of list results, whatever pagination scheme the API uses, and streams over every item
//! of every page.
//!
//! A generated list method sets the operation's scheme on its request as static data
//! ([`Request::paging`]); [`decode::page`](crate::runtime::decode::page) reads the items and the few
//! facts the scheme needs (a cursor, a next URL, totals) without building the whole body as JSON
//! values, and works out where the next page starts. A request without a scheme is read as a
//! Cloudflare envelope (`result` and `result_info`).

use std::collections::HashMap;
use std::fmt;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::str::FromStr;
use std::sync::{Arc, Mutex};

use futures_core::Stream;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::runtime::client::request_url;
pub use crate::runtime::json_path::JsonPath;
use crate::runtime::json_path::{self, show};
use crate::runtime::page_body::{Facts, Read, read_body};
use crate::runtime::{Body, Call, Client, Error, RawResponse, Request, ResultInfo, decode, links};

/// How an operation's list is paged: where its items are and how the next page is asked for.
/// Generated code passes a `&'static` one to [`Request::paging`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    pub items: PageItems,
    pub next: NextPage,
    /// Query parameters kept on later pages; empty keeps them all. (A dropshot page token stands for the
    /// whole query, so later pages send only `&["page_token", "limit"]`.)
    pub keep_only: &'static [&'static str],
}

/// Where a page's items are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageItems {
    /// A `{success, errors, messages, result: [...], result_info}` envelope: success/errors checked as
    /// `RawResponse::envelope` does (an API error for success:false); items are `result`;
    /// `Page::result_info` is filled.
    Envelope,
    /// The array at this path of the JSON body; `&[]` means the body itself is the array.
    At(JsonPath),
}

/// Where a request carries the next page's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageInput {
    /// A query parameter (its value replaced on the next request).
    Query(&'static str),
    /// A field of the JSON request body at this path (objects created as needed; no body = `{}`).
    Body(JsonPath),
}

/// Where a response carries a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageField {
    Body(JsonPath),
    /// A response header (case-insensitive).
    Header(&'static str),
}

/// What tells the last page of page numbers or offsets, besides an empty page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageStop {
    /// Total number of items across pages.
    pub total_items: Option<JsonPath>,
    pub total_pages: Option<JsonPath>,
    /// A boolean that is false on the last page.
    pub has_more: Option<JsonPath>,
}

/// How the next page is asked for. Whatever the scheme, a page without items is the last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextPage {
    /// Cloudflare's `result_info` (cursor / cursors.after sent as query `cursor`, else page numbers while pages remain).
    ResultInfo,
    /// A cursor the response carries (string or number; missing, null or "" = last page), sent back as `input`.
    Cursor { field: PageField, input: PageInput },
    /// The last item's `id` (string or number) sent as `input`, while `has_more` (when given) is true; missing has_more = last page.
    LastId { input: PageInput, has_more: Option<JsonPath> },
    /// A URL in the body (absolute, host-relative like `/2010-04-01/x.json?Page=2`, or relative), resolved against the URL the request went to.
    Url { field: JsonPath },
    /// RFC 8288 `Link: <url>; rel="next"` response header. A `results="false"` parameter on the next link (Sentry) means no next page.
    Link,
    /// Page numbers: the next page is the current one + 1 (current = the input's value on the request, else `start`).
    PageNumber { input: PageInput, start: u64, stop: PageStop },
    /// Offsets: the next offset is the current one (else 0) + the number of items on this page.
    Offset { input: PageInput, stop: PageStop },
}

/// What a request without a scheme gets: Cloudflare's envelope.
const ENVELOPE: Paging = Paging { items: PageItems::Envelope, next: NextPage::ResultInfo, keep_only: &[] };

/// One page of a list operation. [`Page::next_page`] fetches the following page;
/// [`Page::into_stream`] yields every item of this and all later pages.
///
/// Later pages are fetched with the client (and so the per-call options) this page was fetched
/// with. An [idempotency key](crate::runtime::RequestOptions::idempotency_key) among those options
/// is sent again with every page of a POST list, so a server that remembers keys may answer a
/// later page with the first one's response: set none on paged calls.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// The envelope's `result_info` (only for [`PageItems::Envelope`] lists).
    pub result_info: Option<ResultInfo>,
    client: Client,
    /// The request this page answers.
    request: Request,
    raw: RawResponse,
    next: Next,
    /// The walk through this page, for the next one's request.
    walk: Walk,
}

/// Where the page after this one starts.
#[derive(Debug, Clone)]
enum Next {
    /// This is the last page.
    End,
    At(Position),
    /// The server names a next page that must not be fetched (a repeated cursor, another host).
    Refused(String),
}

/// A place in a list: what the next-page step puts on the request.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Position {
    /// A cursor or an item id (a JSON string or number).
    Value(Value),
    /// An absolute URL.
    Url(String),
    /// A page number, and the number of items on the pages before it.
    Page {
        page: u64,
        seen: u64,
    },
    Offset {
        offset: u64,
    },
}

/// The pages walked before a request, carried by the request so its decoder can tell a server
/// that leads nowhere from one that leads on.
#[derive(Debug, Clone, Default)]
pub(crate) struct Walk {
    /// Pages fetched before.
    pages: u32,
    /// Items on those pages.
    items: u64,
    /// The hash of the previous page's body, when it was asked for by page number or offset.
    previous_body: Option<u64>,
    /// Each next-page value (cursor, URL) the walk's pages gave, by hash, with the number of the page
    /// that gave it. Shared by every page of one walk, so it costs a few bytes a page.
    given: Arc<Mutex<HashMap<u64, u32>>>,
}

/// A saved place in a list, to resume it later (in another process, from its text):
/// `call.resume(&cursor)` fetches the page [`Page::cursor`] pointed at.
///
/// Its text (`Display`, `FromStr`, serde as a string) is opaque but stable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageCursor(Position);

impl fmt::Display for PageCursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Position::Value(value) => write!(f, "value:{value}"),
            Position::Url(url) => write!(f, "url:{url}"),
            Position::Page { page, seen } => write!(f, "page:{page}:{seen}"),
            Position::Offset { offset } => write!(f, "offset:{offset}"),
        }
    }
}

impl FromStr for PageCursor {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self, Error> {
        let invalid = || pagination(format!("`{text}` is not a page cursor"));
        let (kind, rest) = text.split_once(':').ok_or_else(invalid)?;
        let position = match kind {
            "value" => match serde_json::from_str(rest) {
                Ok(value @ (Value::String(_) | Value::Number(_))) => Position::Value(value),
                _ => return Err(invalid()),
            },
            "url" => Position::Url(reqwest::Url::parse(rest).map_err(|_| invalid())?.to_string()),
            "page" => {
                let (page, seen) = rest.split_once(':').ok_or_else(invalid)?;
                Position::Page {
                    page: page.parse().map_err(|_| invalid())?,
                    seen: seen.parse().map_err(|_| invalid())?,
                }
            }
            "offset" => Position::Offset { offset: rest.parse().map_err(|_| invalid())? },
            _ => return Err(invalid()),
        };
        Ok(PageCursor(position))
    }
}

impl serde::Serialize for PageCursor {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for PageCursor {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl<T> Page<T> {
    /// This page's items.
    pub fn items(&self) -> &[T] {
        &self.items
    }

    pub fn into_items(self) -> Vec<T> {
        self.items
    }

    /// This page's response: status, headers and body, for what the items leave out
    /// (`page.raw().json::<FullResponse>()`).
    pub fn raw(&self) -> &RawResponse {
        &self.raw
    }

    /// Whether the server says more pages follow (when it names a next page that is refused,
    /// [`Page::next_page`] reports why).
    pub fn has_next_page(&self) -> bool {
        !matches!(self.next, Next::End)
    }

    /// Where the next page starts, to resume the list there later with [`Call::resume`].
    pub fn cursor(&self) -> Option<PageCursor> {
        match &self.next {
            Next::At(position) => Some(PageCursor(position.clone())),
            Next::End | Next::Refused(_) => None,
        }
    }

    /// The request for the next page, if there is one.
    fn next_request(&self) -> Result<Option<Request>, Error> {
        match &self.next {
            Next::End => Ok(None),
            Next::Refused(message) => Err(pagination(message.clone())),
            Next::At(position) => step(&self.client, &self.request, position, self.walk.clone()).map(Some),
        }
    }
}

impl<T: DeserializeOwned> Page<T> {
    /// The following page, or `None` after the last one.
    pub async fn next_page(&self) -> Result<Option<Page<T>>, Error> {
        match self.next_request()? {
            Some(request) => fetch(&self.client, request).await.map(Some),
            None => Ok(None),
        }
    }

    /// Every item of this page and the pages after it, fetched as the stream is read.
    /// The stream ends after the last page, or after yielding an error.
    /// It holds one page's remaining items at a time.
    pub fn into_stream(self) -> impl Stream<Item = Result<T, Error>> {
        let next = self.next_request().transpose();
        let state = (self.items.into_iter(), next, self.client);
        futures_util::stream::unfold(state, |(mut items, mut next, client)| async move {
            loop {
                if let Some(item) = items.next() {
                    return Some((Ok(item), (items, next, client)));
                }
                // The spent page's buffer goes before the next page arrives.
                items = Vec::new().into_iter();
                let request = match next.take()? {
                    Ok(request) => request,
                    Err(error) => return Some((Err(error), (items, None, client))),
                };
                match fetch::<T>(&client, request).await {
                    Ok(page) => {
                        next = page.next_request().transpose();
                        items = page.items.into_iter();
                    }
                    Err(error) => return Some((Err(error), (items, None, client))),
                }
            }
        })
    }

    /// This page and every page after it, fetched as the stream is read.
    /// The stream ends after the last page, or after yielding an error.
    pub fn into_pages(self) -> impl Stream<Item = Result<Page<T>, Error>> {
        let client = self.client.clone();
        futures_util::stream::unfold((Some(self), None, client), |(first, next, client)| async move {
            let page = match first {
                Some(page) => page,
                None => {
                    let fetched = match next? {
                        Ok(request) => fetch::<T>(&client, request).await,
                        Err(error) => Err(error),
                    };
                    match fetched {
                        Ok(page) => page,
                        Err(error) => return Some((Err(error), (None, None, client))),
                    }
                }
            };
            let next = page.next_request().transpose();
            Some((Ok(page), (None, next, client)))
        })
    }
}

impl<T> IntoIterator for Page<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a Page<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

async fn fetch<T: DeserializeOwned>(client: &Client, request: Request) -> Result<Page<T>, Error> {
    Ok(Call::new(client, request, decode::page::<T>).with_response().await?.into_inner())
}

fn pagination(message: impl Into<String>) -> Error {
    Error::Pagination { message: message.into() }
}

fn hash_of(value: impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// The call's request moved to `cursor`, as the page that gave it would have asked for the next one.
/// A cursor that does not fit the request's scheme makes the call fail when sent.
pub(crate) fn resume(client: &Client, request: Request, cursor: &PageCursor) -> Request {
    let seen = match cursor.0 {
        Position::Page { seen, .. } => seen,
        _ => 0,
    };
    let walk = Walk { items: seen, ..Walk::default() };
    match step(client, &request, &cursor.0, walk) {
        Ok(request) => request,
        Err(error) => {
            let mut request = request;
            request.invalid = Some(format!("cannot resume the list: {error}"));
            request
        }
    }
}

/// The request for the page at `position`, from the request of the page before it.
fn step(client: &Client, request: &Request, position: &Position, walk: Walk) -> Result<Request, Error> {
    let paging = request.paging.unwrap_or(&ENVELOPE);
    let mut next = request.clone();
    if !paging.keep_only.is_empty() {
        next.query.retain(|(name, _)| paging.keep_only.contains(&name.as_str()));
    }
    next = match (paging.next, position) {
        (NextPage::ResultInfo, Position::Value(value)) => next.set_query("cursor", scalar_text(value)),
        (NextPage::ResultInfo, Position::Page { page, .. }) => next.set_query("page", page.to_string()),
        (NextPage::Cursor { input, .. } | NextPage::LastId { input, .. }, Position::Value(value)) => {
            set_input(next, input, value.clone())?
        }
        (NextPage::PageNumber { input, .. }, Position::Page { page, .. }) => {
            set_input(next, input, Value::from(*page))?
        }
        (NextPage::Offset { input, .. }, Position::Offset { offset }) => set_input(next, input, Value::from(*offset))?,
        (NextPage::Url { .. } | NextPage::Link, Position::Url(url)) => {
            let base = request_url(client, request)?;
            follow(next, links::resolve(&base, url).map_err(pagination)?)
        }
        _ => return Err(pagination("the cursor is of another kind of pagination than this list's")),
    };
    next.walk = Some(walk);
    Ok(next)
}

/// A request for `url`: its path, its query pairs in place of the request's of the same name.
fn follow(mut request: Request, mut url: reqwest::Url) -> Request {
    let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    request.query.retain(|(name, _)| !pairs.iter().any(|(given, _)| given == name));
    request.query.extend(pairs);
    url.set_query(None);
    url.set_fragment(None);
    request.url = Some(url);
    request
}

fn set_input(request: Request, input: PageInput, value: Value) -> Result<Request, Error> {
    match input {
        PageInput::Query(name) => Ok(request.set_query(name, scalar_text(&value))),
        PageInput::Body(path) => {
            let mut body = body_json(&request)?.unwrap_or(Value::Null);
            json_path::set(&mut body, path, value).map_err(|reason| {
                pagination(format!("cannot set the next page's {} in the body: {reason}", show(path)))
            })?;
            Ok(request.json(&body))
        }
    }
}

/// The request's JSON body, parsed (it is small); `None` without a body.
fn body_json(request: &Request) -> Result<Option<Value>, Error> {
    match &request.body {
        None => Ok(None),
        Some(Body::Json(bytes)) => serde_json::from_slice(bytes)
            .map(Some)
            .map_err(|error| pagination(format!("the request body is not JSON: {error}"))),
        Some(_) => Err(pagination("the next page's value goes in the body, which needs a JSON body")),
    }
}

/// The page number or offset a request asks for.
fn input_number(request: &Request, input: PageInput) -> Result<Option<u64>, String> {
    let (value, place) = match input {
        PageInput::Query(name) => match request.query_value(name) {
            Some(text) => (Value::String(text.to_string()), format!("query parameter `{name}`")),
            None => return Ok(None),
        },
        PageInput::Body(path) => {
            let body = body_json(request).map_err(|error| error.to_string())?;
            match body.as_ref().and_then(|body| json_path::get(body, path)) {
                None | Some(Value::Null) => return Ok(None),
                Some(value) => (value.clone(), format!("body field {}", show(path))),
            }
        }
    };
    whole_number(&value)
        .map(Some)
        .ok_or_else(|| format!("the request's {place} is {value}, not a page number or offset"))
}

/// A non-negative whole number, or its text.
fn whole_number(value: &Value) -> Option<u64> {
    let number = match value {
        Value::Number(number) => number.as_f64()?,
        Value::String(text) => text.trim().parse().ok()?,
        _ => return None,
    };
    (number >= 0.0 && number.fract() == 0.0).then_some(number as u64)
}

fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// The page a response is: its items, and where the next page starts. Generated code reaches it
/// through [`decode::page`](crate::runtime::decode::page).
pub(crate) fn decode_page<T: DeserializeOwned>(
    client: &Client,
    request: &Request,
    response: &RawResponse,
) -> Result<Page<T>, Error> {
    let paging = request.paging.unwrap_or(&ENVELOPE);
    let walk = request.walk.clone().unwrap_or_default();
    let number = walk.pages + 1;
    let read = read_body::<T>(paging, response)?;
    let count = read.items.len() as u64;
    // Page numbers and offsets: a server that ignores them sends the same page again.
    let numbered = matches!(paging.next, NextPage::PageNumber { .. } | NextPage::Offset { .. } | NextPage::ResultInfo);
    let body_hash = numbered.then(|| hash_of(&response.body[..]));
    if count > 0 && walk.previous_body.is_some() && body_hash == walk.previous_body {
        let asked = match paging.next {
            NextPage::PageNumber { input, .. } | NextPage::Offset { input, .. } => describe_input(input),
            _ => "`page` or `cursor`".to_string(),
        };
        return Err(pagination(format!(
            "page {number} is page {} again: the server does not read {asked}, and the list would never end",
            number - 1
        )));
    }
    let next = if count == 0 {
        Next::End
    } else {
        match next_position(client, request, paging, response, &read, &walk) {
            Ok(None) => Next::End,
            Ok(Some(position)) => guard(&walk, number, position),
            Err(message) => Next::Refused(format!("page {number}: {message}")),
        }
    };
    let after = Walk { pages: number, items: walk.items + count, previous_body: body_hash, given: walk.given };
    Ok(Page {
        items: read.items,
        result_info: read.result_info,
        client: client.clone(),
        request: request.clone(),
        raw: response.clone(),
        next,
        walk: after,
    })
}

fn describe_input(input: PageInput) -> String {
    match input {
        PageInput::Query(name) => format!("`{name}`"),
        PageInput::Body(path) => show(path),
    }
}

/// A cursor or URL given by an earlier page of the walk again means the walk would go round in circles.
fn guard(walk: &Walk, number: u32, position: Position) -> Next {
    let key = match &position {
        Position::Value(value) => hash_of(("value", scalar_text(value))),
        Position::Url(url) => hash_of(("url", url)),
        Position::Page { .. } | Position::Offset { .. } => return Next::At(position),
    };
    let mut given = walk.given.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    match given.get(&key) {
        Some(&earlier) if earlier != number => {
            Next::Refused(format!("page {number} gives the same next page as page {earlier}: the list would never end"))
        }
        _ => {
            given.insert(key, number);
            Next::At(position)
        }
    }
}

/// Where the page after a page with items starts, `None` after the last; an error when the
/// response names a next page that cannot be followed.
fn next_position<T>(
    client: &Client,
    request: &Request,
    paging: &Paging,
    response: &RawResponse,
    read: &Read<T>,
    walk: &Walk,
) -> Result<Option<Position>, String> {
    let count = read.items.len() as u64;
    let facts = &read.facts;
    match paging.next {
        NextPage::ResultInfo => {
            let Some(info) = &read.result_info else { return Ok(None) };
            if let Some(cursor) = info.next_cursor() {
                return Ok(Some(Position::Value(Value::String(cursor.to_string()))));
            }
            let current = info.page.or_else(|| request.query_value("page").and_then(|p| p.parse().ok())).unwrap_or(1.0);
            let more = match (info.total_pages, info.total_count, info.per_page) {
                (Some(total_pages), _, _) => current < total_pages,
                (None, Some(total), Some(per_page)) => current * per_page < total,
                (None, _, Some(per_page)) => count as f64 >= per_page,
                _ => false,
            };
            Ok(more.then(|| Position::Page { page: current as u64 + 1, seen: walk.items + count }))
        }
        NextPage::Cursor { field, .. } => {
            let (value, place) = match field {
                PageField::Body(path) => (facts.get(path).cloned(), show(path)),
                PageField::Header(name) => {
                    let value = response.headers.get(name).map(|value| {
                        value
                            .to_str()
                            .map(|text| Value::String(text.trim().to_string()))
                            .map_err(|_| format!("the next page's cursor in header `{name}` is not text"))
                    });
                    (value.transpose()?, format!("header `{name}`"))
                }
            };
            cursor_value(value, &format!("the cursor at {place}")).map(|value| value.map(Position::Value))
        }
        NextPage::LastId { has_more, .. } => {
            if let Some(path) = has_more
                && facts.get(path) != Some(&Value::Bool(true))
            {
                return Ok(None);
            }
            match cursor_value(read.last_id.clone(), "the last item's `id`")? {
                Some(id) => Ok(Some(Position::Value(id))),
                None => Err("the last item has no `id` to ask for the items after it".into()),
            }
        }
        NextPage::Url { field } => match facts.get(field) {
            None => Ok(None),
            Some(Value::String(url)) if url.trim().is_empty() => Ok(None),
            Some(Value::String(url)) => resolved(client, request, url.trim()).map(Some),
            Some(other) => Err(format!("the next page's URL at {} is {other}, not a string", show(field))),
        },
        NextPage::Link => match links::next_link(&response.headers) {
            None => Ok(None),
            Some(url) => resolved(client, request, &url).map(Some),
        },
        NextPage::PageNumber { input, start, stop } => {
            let current = input_number(request, input)?.unwrap_or(start);
            let page_index = current.saturating_sub(start) + 1;
            let stopped = stops(&stop, facts, walk.items + count, page_index);
            Ok((!stopped).then(|| Position::Page { page: current + 1, seen: walk.items + count }))
        }
        NextPage::Offset { input, stop } => {
            let current = input_number(request, input)?.unwrap_or(0);
            let so_far = (walk.items + count).max(current + count);
            let stopped = stops(&stop, facts, so_far, u64::from(walk.pages) + 1);
            Ok((!stopped).then_some(Position::Offset { offset: current + count }))
        }
    }
}

/// A next URL, absolute, on the origin the request went to.
fn resolved(client: &Client, request: &Request, url: &str) -> Result<Position, String> {
    let base = request_url(client, request).map_err(|error| error.to_string())?;
    Ok(Position::Url(links::resolve(&base, url)?.to_string()))
}

/// A cursor: a string or a number; missing, `null` or `""` means there is no next page.
fn cursor_value(value: Option<Value>, what: &str) -> Result<Option<Value>, String> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) if text.is_empty() => Ok(None),
        Some(value @ (Value::String(_) | Value::Number(_))) => Ok(Some(value)),
        Some(other) => Err(format!("{what} is {other}, not a string or number")),
    }
}

/// Whether page-number or offset paging ends at this page: `has_more` false, all items seen, or
/// the last page reached.
fn stops(stop: &PageStop, facts: &Facts, items_so_far: u64, page_index: u64) -> bool {
    let number = |path: Option<JsonPath>| path.and_then(|path| facts.get(path)).and_then(whole_number);
    let no_more = stop.has_more.and_then(|path| facts.get(path)) == Some(&Value::Bool(false));
    no_more
        || number(stop.total_items).is_some_and(|total| items_so_far >= total)
        || number(stop.total_pages).is_some_and(|total| page_index >= total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::Method;
    use reqwest::header::HeaderMap;
    use std::future::IntoFuture;

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Item {
        id: u32,
        name: String,
    }

    fn client() -> Client {
        crate::runtime::ClientBuilder::new("https://api.example.com/v1", "test").build().expect("a client")
    }

    fn response(body: &str) -> RawResponse {
        RawResponse { status: 200, headers: HeaderMap::new(), body: body.to_string().into() }
    }

    fn page(request: &Request, body: &str) -> Result<Page<Item>, Error> {
        decode_page(&client(), request, &response(body))
    }

    fn query(request: &Request) -> Vec<(&str, &str)> {
        request.query.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
    }

    /// Generated code writes the scheme as a struct literal, which rustc promotes to a static.
    fn generated_style_request() -> Request {
        use crate::runtime as rt;
        rt::Request::new(rt::Method::GET, "/items".into()).paging(&rt::Paging {
            items: rt::PageItems::At(&["data"]),
            next: rt::NextPage::Cursor {
                field: rt::PageField::Body(&["meta", "next"]),
                input: rt::PageInput::Query("cursor"),
            },
            keep_only: &[],
        })
    }

    /// Streams and pages can move to another task.
    #[allow(dead_code)]
    fn streams_are_send(page: Page<Item>, other: Page<Item>, call: Call<Page<Item>>) {
        fn send<S: Send>(_: S) {}
        send(page.into_stream());
        send(other.into_pages());
        send(call.into_future());
    }

    #[test]
    fn a_paging_literal_is_promoted_to_a_static() -> Result<(), Error> {
        let request = generated_style_request().query("limit", &2);
        let first = page(&request, r#"{"data": [{"id": 1, "name": "a"}], "meta": {"next": "c2"}}"#)?;
        assert!(first.has_next_page());
        let next = first.next_request()?.expect("a next page");
        assert_eq!(query(&next), [("limit", "2"), ("cursor", "c2")]);
        Ok(())
    }

    #[test]
    fn decode_errors_name_the_items_full_path() {
        let request = generated_style_request();
        let path = |body: &str| match page(&request, body) {
            Err(Error::Decode { path, .. }) => path,
            other => panic!("expected a decode error, got {other:?}"),
        };
        assert_eq!(path(r#"{"data": [{"id": 1, "name": "a"}, {"id": 2, "name": 3}]}"#), "data[1].name");
        assert_eq!(path(r#"{"data": [{"id": 1, "name": "a"}, {"id": 2}]}"#), "data[1].name");
        assert_eq!(path(r#"{"data": {"id": 1}}"#), "data");
        const ROOT: Paging = Paging { items: PageItems::At(&[]), next: NextPage::Link, keep_only: &[] };
        const NESTED: Paging =
            Paging { items: PageItems::At(&["result", "items"]), next: NextPage::Link, keep_only: &[] };
        let root = Request::new(Method::GET, "/items".into()).paging(&ROOT);
        assert!(
            matches!(page(&root, r#"[{"id": "x", "name": "a"}]"#), Err(Error::Decode { path, .. }) if path == "[0].id")
        );
        let nested = Request::new(Method::GET, "/items".into()).paging(&NESTED);
        assert!(
            matches!(page(&nested, r#"{"result": {"items": [{"id": 1}]}}"#), Err(Error::Decode { path, .. }) if path == "result.items[0].name")
        );
        let envelope = Request::new(Method::GET, "/items".into());
        assert!(
            matches!(page(&envelope, r#"{"success": true, "errors": [], "result": [{"id": 1, "name": "a"}, {"id": 2}]}"#),
                Err(Error::Decode { path, .. }) if path == "result[1].name")
        );
        assert!(matches!(page(&root, "  "), Err(Error::Decode { message, .. }) if message.contains("empty")));
        assert!(matches!(page(&root, "[1, "), Err(Error::Decode { .. })));
    }

    #[test]
    fn facts_are_read_around_large_items() -> Result<(), Error> {
        const STOP: Paging = Paging {
            items: PageItems::At(&["data"]),
            next: NextPage::PageNumber {
                input: PageInput::Query("page"),
                start: 1,
                stop: PageStop { total_items: Some(&["meta", "total"]), total_pages: None, has_more: None },
            },
            keep_only: &[],
        };
        let request = Request::new(Method::GET, "/items".into()).paging(&STOP);
        let first =
            page(&request, r#"{"meta": {"total": 3}, "data": [{"id": 1, "name": "a"}, {"id": 2, "name": "b"}]}"#)?;
        assert_eq!(first.items().len(), 2);
        let second_request = first.next_request()?.expect("a second page");
        assert_eq!(query(&second_request), [("page", "2")]);
        let second = page(&second_request, r#"{"meta": {"total": 3}, "data": [{"id": 3, "name": "c"}]}"#)?;
        assert!(!second.has_next_page(), "3 of 3 items seen");
        Ok(())
    }

    #[test]
    fn envelope_failures_are_api_errors() {
        let request = Request::new(Method::GET, "/items".into());
        let failed = page(&request, r#"{"success": false, "errors": [{"code": 7003, "message": "no"}], "result": 5}"#);
        assert!(matches!(failed, Err(Error::Api { errors, .. }) if errors[0].code == 7003));
        let odd =
            page(&request, r#"{"success": false, "errors": [{"code": 7000, "message": "no"}], "result_info": 5}"#);
        assert!(matches!(odd, Err(Error::Api { errors, .. }) if errors[0].code == 7000));
    }

    #[test]
    fn keep_only_drops_the_other_query_parameters_on_later_pages() -> Result<(), Error> {
        const TOKEN: Paging = Paging {
            items: PageItems::At(&["items"]),
            next: NextPage::Cursor { field: PageField::Body(&["next_page"]), input: PageInput::Query("page_token") },
            keep_only: &["page_token", "limit"],
        };
        let request =
            Request::new(Method::GET, "/items".into()).query("sort_by", &"name").query("limit", &2).paging(&TOKEN);
        let first = page(&request, r#"{"items": [{"id": 1, "name": "a"}], "next_page": "t2"}"#)?;
        assert_eq!(query(&first.next_request()?.expect("a next page")), [("limit", "2"), ("page_token", "t2")]);
        Ok(())
    }

    #[test]
    fn body_inputs_need_a_json_body() -> Result<(), Error> {
        const BODY: Paging = Paging {
            items: PageItems::At(&["items"]),
            next: NextPage::Cursor {
                field: PageField::Body(&["next"]),
                input: PageInput::Body(&["pagination", "token"]),
            },
            keep_only: &[],
        };
        let none = Request::new(Method::POST, "/search".into()).paging(&BODY);
        let first = page(&none, r#"{"items": [{"id": 1, "name": "a"}], "next": 7}"#)?;
        let next = first.next_request()?.expect("a next page");
        assert_eq!(next.body, Some(Body::Json(br#"{"pagination":{"token":7}}"#.to_vec().into())));
        let text = Request::new(Method::POST, "/search".into()).text("q").paging(&BODY);
        let first = page(&text, r#"{"items": [{"id": 1, "name": "a"}], "next": "n"}"#)?;
        assert!(matches!(first.next_request(), Err(Error::Pagination { message }) if message.contains("JSON body")));
        Ok(())
    }

    #[test]
    fn page_cursors_round_trip_through_their_text() {
        let cursors = [
            PageCursor(Position::Value(Value::String("c:2 \"x\"".into()))),
            PageCursor(Position::Value(Value::from(42))),
            PageCursor(Position::Url("https://api.example.com/items?page=2".into())),
            PageCursor(Position::Page { page: 3, seen: 4 }),
            PageCursor(Position::Offset { offset: 40 }),
        ];
        for cursor in cursors {
            let text = cursor.to_string();
            assert_eq!(text.parse::<PageCursor>().expect("parses"), cursor, "{text}");
            let json = serde_json::to_string(&cursor).expect("serializes");
            assert_eq!(json, serde_json::to_string(&text).expect("a string"));
            assert_eq!(serde_json::from_str::<PageCursor>(&json).expect("deserializes"), cursor);
        }
        for bad in ["", "value:", "value:[1]", "url:/relative", "page:1", "offset:x", "other:1"] {
            assert!(matches!(bad.parse::<PageCursor>(), Err(Error::Pagination { .. })), "{bad}");
        }
    }

    #[test]
    fn a_cursor_of_another_scheme_makes_the_call_fail() {
        let request = generated_style_request();
        let resumed = resume(&client(), request, &PageCursor(Position::Offset { offset: 4 }));
        assert!(matches!(resumed.check(), Err(Error::Request(reason)) if reason.contains("another kind")));
    }

    #[test]
    fn repeated_cursors_are_refused() -> Result<(), Error> {
        let request = generated_style_request();
        let first = page(&request, r#"{"data": [{"id": 1, "name": "a"}], "meta": {"next": "c2"}}"#)?;
        let second_request = first.next_request()?.expect("a next page");
        // Asking for the second page twice is fine: it gives the same cursor as page 2 each time.
        for _ in 0..2 {
            let second = page(&second_request, r#"{"data": [{"id": 2, "name": "b"}], "meta": {"next": "c3"}}"#)?;
            assert!(second.next_request()?.is_some());
        }
        let looping = page(&second_request, r#"{"data": [{"id": 2, "name": "b"}], "meta": {"next": "c2"}}"#)?;
        assert!(looping.has_next_page());
        assert_eq!(looping.cursor(), None);
        match looping.next_request() {
            Err(Error::Pagination { message }) => {
                assert!(message.contains("page 2") && message.contains("page 1"), "{message}")
            }
            other => panic!("expected a pagination error, got {other:?}"),
        }
        Ok(())
    }
}
