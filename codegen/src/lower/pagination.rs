//! How an operation's list continues on later pages, recognised from the spec.
//! First match wins:
//! 1. a scheme the spec declares (`x-stainless-pagination-property`, `x-speakeasy-pagination`,
//!    `x-fern-pagination`, `x-ms-pageable`, `x-pagination`, `x-dropshot-pagination`);
//! 2. a `{success, errors, result: [..], result_info}` envelope with a `page` or `cursor` parameter;
//! 3. inference, only for an operation that answers a list and has both halves of a scheme:
//!    the request input that asks for the next page and the response output that says what to
//!    send (or that there is more). Two conventions are read from the whole spec (see [`schemes`]).
//!
//! With a config `pagination:` section, Stainless's rules apply instead (`configured.rs`); the
//! extensions are read in `declared.rs`.
//!
//! A response that is one object is never a page, and a list with no way to ask for the next
//! page is not one either: a stream that stops early without saying would lose items.

mod configured;
mod declared;

use std::collections::BTreeMap;

use crate::case::ToSnakeCase;

use super::answers::{ListItems, declares_any, list_items};
use super::flatten::Flat;
use crate::config::{Config, Paginated};
use crate::diagnostics::Diagnostics;
use crate::model::{JsonPath, Media, NextPage, PageField, PageInput, PageItems, PageStop, ParamIn};
use crate::resolve::{JsonType, Method, Operation, SchemaId, Spec};
use declared::declared;

/// Objects beside the items that hold the paging facts; searched one level down.
const CONTAINERS: &[&str] = &[
    "pagination",
    "page_info",
    "pageinfo",
    "meta",
    "paging",
    "response_metadata",
    "responsemetadata",
    "cursor",
    "cursors",
    "links",
    "_links",
    "page",
    "next_page",
    "result_info",
];
/// Response fields that carry the next page's cursor.
const CURSOR_FIELDS: &[&str] = &[
    "next_cursor",
    "next_page_token",
    "next_token",
    "nexttoken",
    "next_marker",
    "cursor",
    "after",
    "end_cursor",
    "continuation_token",
    "skip_token",
    "next_page",
    "offset",
    "next_page_cursor",
    "next",
];
/// Request inputs that take a cursor, most telling first.
const CURSOR_INPUTS: &[&str] = &[
    "cursor",
    "page_token",
    "token",
    "marker",
    "after",
    "starting_after",
    "page[cursor]",
    "page-token",
    "continuation_token",
    "next_token",
    "$skiptoken",
    "skip_token",
    "after_cursor",
    "starting_token",
    "page[token]",
    "offset",
    "next",
    "page_cursor",
];
/// Which inputs take which cursor field back.
const CURSOR_PAIRS: &[(&str, &[&str])] = &[
    ("next_cursor", &["cursor", "after", "starting_after", "page_cursor"]),
    ("next_page_token", &["page_token", "token", "page-token"]),
    ("next_token", &["token", "next_token", "page_token"]),
    ("nexttoken", &["token", "next_token", "page_token"]),
    ("next_marker", &["marker"]),
    ("cursor", &["cursor", "page[cursor]"]),
    ("after", &["after", "page[cursor]", "starting_after", "cursor"]),
    ("end_cursor", &["after", "cursor"]),
    ("continuation_token", &["continuation_token"]),
    ("skip_token", &["$skiptoken", "skip_token"]),
    ("next_page", &["page_token", "offset", "cursor", "page"]),
    ("offset", &["offset"]),
    ("next_page_cursor", &["cursor", "page_cursor"]),
    ("next", &["next", "cursor", "after"]),
];
const URL_FIELDS: &[&str] = &[
    "next_page_url",
    "next_page_uri",
    "next_url",
    "next_link",
    "nextlink",
    "next_page_link",
    "@odata.next_link",
    "next",
];
const ID_INPUTS: &[&str] = &["starting_after", "after", "after_id"];
const HAS_MORE_FIELDS: &[&str] = &["has_more", "has_next", "has_next_page", "more"];
const PAGE_INPUTS: &[&str] = &["page", "page[number]", "page_number", "pagenumber"];
const SIZE_INPUTS: &[&str] = &[
    "per_page",
    "page_size",
    "pagesize",
    "limit",
    "size",
    "page[size]",
    "page[limit]",
    "perpage",
    "count",
    "max_results",
    "maxresults",
    "top",
    "$top",
];
const OFFSET_INPUTS: &[&str] = &["offset", "page[offset]", "skip", "start", "startindex", "start_index"];
/// Totals of items. Never `count` (an envelope's `count` is the page's size) nor `page_count`
/// (pages or items?): a misread total stops a walk early and loses items.
const TOTAL_ITEMS: &[&str] =
    &["total_count", "totalcount", "total", "total_results", "total_items", "totalitems", "total_size"];
const TOTAL_PAGES: &[&str] = &["total_pages", "last_page"];

/// A recognised scheme, before the item type is known (lowering finds it along `items`).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Scheme {
    pub items: PageItems,
    pub next: NextPage,
    pub keep_only: Vec<String>,
    pub source: String,
}

impl Scheme {
    fn inferred(items: JsonPath, next: NextPage, rule: &str) -> Scheme {
        Scheme { items: PageItems::At(items), next, keep_only: Vec::new(), source: format!("inferred: {rule}") }
    }
}

/// Spec-wide conventions, read before any one operation is judged.
#[derive(Debug, Default)]
struct Conventions {
    /// Most lists with a `page` parameter answering a bare array declare a `Link` header: the
    /// others page by Link too.
    link: bool,
}

/// Every operation's scheme, by its index in `spec.operations`.
///
/// Two conventions come from the whole spec, read over the operations in path order so that
/// their order in the file never matters:
/// - **Link**: when at least half (and at least 10) of the `page` lists answering a bare array
///   declare a `Link` response header, the others with `page`, `cursor` or `since` page by Link.
/// - **One cursor input**: when at least 90 % (and at least 10) of the inferred cursor pages
///   reading one response field send it back through one input, an operation reading that field
///   but sending it elsewhere is not inferred a page (a warning says so).
pub(super) fn schemes(spec: &Spec, config: &Config, diags: &mut Diagnostics) -> Vec<Option<Scheme>> {
    let readings: Vec<Option<Reading>> = spec.operations.iter().map(|op| Reading::new(spec, op, diags)).collect();
    if !config.pagination.is_empty() {
        return readings.iter().map(|r| r.as_ref().and_then(|r| r.configured(config, diags))).collect();
    }
    let link_lists: Vec<&Reading> = readings
        .iter()
        .flatten()
        .filter(|r| r.items.as_ref().is_some_and(Vec::is_empty) && r.query(PAGE_INPUTS).is_some())
        .collect();
    let declared_link = link_lists.iter().filter(|r| op_headers(r.op).iter().any(|h| h == "link")).count();
    let conventions = Conventions { link: link_lists.len() >= 10 && declared_link * 2 >= link_lists.len() };
    let mut out: Vec<Option<Scheme>> = readings
        .iter()
        .map(|r| {
            let r = r.as_ref()?;
            match r.mapped(config) {
                Some((Paginated::Off, _)) => None,
                Some((Paginated::Scheme(name), at)) => {
                    diags.warn(&at, format!("`paginated: {name}` names no scheme of the config's `pagination:` section; the operation pages as the spec says"));
                    r.scheme(&conventions, diags)
                }
                None => r.scheme(&conventions, diags),
            }
        })
        .collect();
    drop_minority_cursor_inputs(spec, &mut out, diags);
    out
}

/// The "one cursor input" convention (see [`schemes`]).
fn drop_minority_cursor_inputs(spec: &Spec, schemes: &mut [Option<Scheme>], diags: &mut Diagnostics) {
    let mut by_field: BTreeMap<&JsonPath, BTreeMap<&PageInput, Vec<usize>>> = BTreeMap::new();
    for (index, scheme) in schemes.iter().enumerate() {
        if let Some(Scheme { next: NextPage::Cursor { field: PageField::Body(field), input }, source, .. }) = scheme
            && source.starts_with("inferred")
        {
            by_field.entry(field).or_default().entry(input).or_default().push(index);
        }
    }
    let mut dropped = Vec::new();
    for by_input in by_field.values() {
        let total: usize = by_input.values().map(Vec::len).sum();
        let Some((top, ops)) = by_input.iter().max_by_key(|(input, ops)| (ops.len(), std::cmp::Reverse(*input))) else {
            continue;
        };
        if ops.len() >= 10 && ops.len() * 10 >= total * 9 {
            for (input, indices) in by_input {
                if input != top {
                    dropped.extend(indices.iter().map(|&i| (i, describe_input(top))));
                }
            }
        }
    }
    for (index, usual) in dropped {
        schemes[index] = None;
        diags.warn(
            &spec.operations[index].location,
            format!("the operation reads the API's usual next-page cursor but does not take it back as {usual}, as the API's other lists do; it is not paged (a `pagination:` config can say how it is)"),
        );
    }
}

fn describe_input(input: &PageInput) -> String {
    match input {
        PageInput::Query(name) => format!("query parameter `{name}`"),
        PageInput::Body(path) => format!("body field `{}`", path.join(".")),
    }
}

fn op_headers(op: &Operation) -> &[String] {
    success_response(op).map_or(&[], |r| r.headers.as_slice())
}

/// The first 2xx response, else `default` (as lowering reads the success).
fn success_response(op: &Operation) -> Option<&crate::resolve::Response> {
    let success = op.successes().into_iter().next();
    success.or_else(|| op.responses.iter().find(|r| r.status == "default"))
}

/// A request input: where it goes, its name compared in snake case, and its JSON types.
struct Input {
    at: PageInput,
    word: String,
    flat_types: Vec<JsonType>,
}

/// A scalar response field, top level or in a paging container: its path and snake-case name.
struct Output {
    path: JsonPath,
    word: String,
    flat: Flat,
}

/// What one operation offers for paging, read once.
struct Reading<'a> {
    spec: &'a Spec,
    op: &'a Operation,
    body: Flat,
    /// Where a list answer keeps its items (`Some(vec![])`: the body is the array).
    items: Option<JsonPath>,
    /// A loose guess for cursor schemes: the object's only array.
    only_array: Option<String>,
    envelope: bool,
    inputs: Vec<Input>,
}

impl<'a> Reading<'a> {
    fn new(spec: &'a Spec, op: &'a Operation, diags: &mut Diagnostics) -> Option<Reading<'a>> {
        if !matches!(op.method, Method::Get | Method::Post) && declared(spec, op).is_none() {
            return None;
        }
        let response = success_response(op)?;
        let schema = response.content.iter().find(|(m, _)| Media::of(m) == Media::Json).and_then(|(_, s)| *s)?;
        let body = Flat::of(spec, &[schema], diags);
        let has = |name: &str| body.properties.contains_key(name);
        let envelope = has("success") && has("errors") && has("result");
        let items = if envelope {
            None
        } else {
            match list_items(spec, &op.path, &body) {
                Some(ListItems::Body) => Some(JsonPath::new()),
                Some(ListItems::Property(name)) => Some(vec![name]),
                Some(ListItems::Unnamed) | None => None,
            }
        };
        let arrays: Vec<&String> = body
            .properties
            .iter()
            .filter(|(_, ids)| declares_any(spec, ids, &[JsonType::Array]))
            .map(|(name, _)| name)
            .collect();
        // JSON:API's `{data: {…}, included: […]}` is one resource, whatever else it holds.
        let single = body.properties.iter().any(|(name, ids)| {
            ["data", "items", "results"].contains(&name.as_str()) && !declares_any(spec, ids, &[JsonType::Array])
        });
        let only_array = match arrays.as_slice() {
            [only] if !single => Some(only.to_string()),
            _ => None,
        };
        if !envelope && items.is_none() && only_array.is_none() && declared(spec, op).is_none() {
            return None;
        }
        let mut reading = Reading { spec, op, body, items, only_array, envelope, inputs: Vec::new() };
        reading.inputs = reading.read_inputs(diags);
        Some(reading)
    }

    fn read_inputs(&self, diags: &mut Diagnostics) -> Vec<Input> {
        let mut inputs = Vec::new();
        for param in self.op.parameters.iter().filter(|p| p.place == ParamIn::Query) {
            let flat_types = param.schema.map(|s| types_of(&Flat::of(self.spec, &[s], diags))).unwrap_or_default();
            inputs.push(Input { at: PageInput::Query(param.name.clone()), word: word(&param.name), flat_types });
        }
        let json_body =
            self.op.body.as_ref().and_then(|b| {
                b.content.iter().find(|(m, _)| Media::of(m) == Media::Json).and_then(|(_, schema)| *schema)
            });
        if let Some(schema) = json_body {
            let body = Flat::of(self.spec, &[schema], diags);
            for (name, ids) in &body.properties {
                let flat = Flat::of(self.spec, ids, diags);
                let flat_types = types_of(&flat);
                if flat_types.contains(&JsonType::Object)
                    && ["pagination", "page", "paging", "cursor"].contains(&word(name).as_str())
                {
                    for (inner, inner_ids) in &flat.properties {
                        let inner_types = types_of(&Flat::of(self.spec, inner_ids, diags));
                        let at = PageInput::Body(vec![name.clone(), inner.clone()]);
                        inputs.push(Input { at, word: word(inner), flat_types: inner_types });
                    }
                }
                inputs.push(Input { at: PageInput::Body(vec![name.clone()]), word: word(name), flat_types });
            }
        }
        inputs
    }

    /// Where the items are, for schemes whose next-page pair is strong evidence of a list: the
    /// answer's list, else the object's only array.
    fn loose_items(&self) -> Option<JsonPath> {
        self.items.clone().or_else(|| self.only_array.clone().map(|array| vec![array]))
    }

    /// The first query input whose word is one of `words`.
    fn query(&self, words: &[&str]) -> Option<&Input> {
        self.inputs.iter().find(|i| matches!(i.at, PageInput::Query(_)) && words.contains(&i.word.as_str()))
    }

    fn scheme(&self, conventions: &Conventions, diags: &mut Diagnostics) -> Option<Scheme> {
        if let Some(scheme) = self.declared(diags) {
            return Some(scheme);
        }
        if self.envelope {
            return self.envelope_scheme(diags);
        }
        self.inferred(conventions, diags)
    }

    /// The envelope rule: a list `result` with `result_info`, asked for by `page` or `cursor`.
    fn envelope_scheme(&self, diags: &mut Diagnostics) -> Option<Scheme> {
        let result = Flat::of(self.spec, &self.body.properties["result"], diags);
        let paged = self.body.properties.contains_key("result_info")
            && result.effective_types().contains(&JsonType::Array)
            && self.query(&["page", "cursor"]).is_some_and(|i| i.word == "page" || i.word == "cursor");
        paged.then(|| Scheme {
            items: PageItems::Envelope,
            next: NextPage::ResultInfo,
            keep_only: Vec::new(),
            source: "envelope".into(),
        })
    }

    fn inferred(&self, conventions: &Conventions, diags: &mut Diagnostics) -> Option<Scheme> {
        let items = self.loose_items()?;
        let is_get = self.op.method == Method::Get;
        let bare = self.items.as_ref().is_some_and(Vec::is_empty);
        let outputs = if bare { Vec::new() } else { self.outputs(diags) };
        let headers = op_headers(self.op);

        // A cursor in a response header, sent back as the query parameter of its name.
        for header in headers {
            let name = header.strip_prefix("x-").unwrap_or(header).replace('-', "_");
            let input = self.inputs.iter().find(|i| matches!(&i.at, PageInput::Query(q) if *q == name));
            if let Some(input) = input
                && (CURSOR_INPUTS.contains(&name.as_str()) || name.contains("cursor") || name.contains("token"))
            {
                let next = NextPage::Cursor { field: PageField::Header(header.clone()), input: input.at.clone() };
                return Some(Scheme::inferred(items, next, "cursor header"));
            }
            if ["next_cursor", "next_page_token", "continuation_token"].contains(&name.as_str())
                && let Some(input) = self.query(CURSOR_INPUTS)
            {
                let next = NextPage::Cursor { field: PageField::Header(header.clone()), input: input.at.clone() };
                return Some(Scheme::inferred(items, next, "cursor header"));
            }
        }
        // The `Link` header: declared, or the spec's convention for its page and cursor lists.
        let numeric = |i: &&Input| {
            i.flat_types.is_empty() || i.flat_types.iter().any(|t| matches!(t, JsonType::Integer | JsonType::Number))
        };
        let page_input = self.query(PAGE_INPUTS).filter(numeric);
        let cursor_query = self.query(&["cursor", "page_token", "since"]);
        if let Some(strict) = &self.items {
            let declared = headers.iter().any(|h| h == "link")
                && (page_input.is_some() || cursor_query.is_some() || self.query(&["per_page"]).is_some());
            if declared || conventions.link && (page_input.is_some() || cursor_query.is_some()) {
                let rule = if declared { "Link header" } else { "Link header (the spec's convention)" };
                return Some(Scheme::inferred(strict.clone(), NextPage::Link, rule));
            }
        }
        // A cursor in the body, paired with the input that takes it (the query before the body).
        let textual = |types: &[JsonType]| {
            types.is_empty() || types.iter().any(|t| matches!(t, JsonType::String | JsonType::Integer))
        };
        let mut cursor_inputs: Vec<&Input> =
            self.inputs.iter().filter(|i| CURSOR_INPUTS.contains(&i.word.as_str()) && textual(&i.flat_types)).collect();
        cursor_inputs
            .sort_by_key(|i| (!matches!(i.at, PageInput::Query(_)), CURSOR_INPUTS.iter().position(|w| *w == i.word)));
        for output in &outputs {
            let types = types_of(&output.flat);
            if !CURSOR_FIELDS.contains(&output.word.as_str()) || !textual(&types) || self.is_url(output) {
                continue;
            }
            let wanted = CURSOR_PAIRS.iter().find(|(field, _)| *field == output.word).map_or(&[][..], |(_, w)| *w);
            // `offset` in a response is a cursor only inside a `next_page` object (an opaque token).
            if output.word == "offset"
                && !(output.path.len() >= 2
                    && ["next_page", "next"].contains(&word(&output.path[output.path.len() - 2]).as_str()))
            {
                continue;
            }
            if let Some(input) = cursor_inputs.iter().find(|i| wanted.contains(&i.word.as_str())) {
                let next = NextPage::Cursor { field: PageField::Body(output.path.clone()), input: input.at.clone() };
                return Some(Scheme::inferred(items, next, "next cursor"));
            }
        }
        // A next URL in the body (a GET: a POST answering `links.next` creates something).
        if is_get
            && let Some(url) = outputs.iter().find(|o| {
                let href = o.path.len() > 1 && o.word == "href" && word(&o.path[o.path.len() - 2]) == "next";
                (URL_FIELDS.contains(&o.word.as_str()) || href)
                    && types_of(&o.flat).iter().all(|t| *t == JsonType::String)
                    && (o.word != "next" || self.is_url(o))
            })
        {
            return Some(Scheme::inferred(items, NextPage::Url { field: url.path.clone() }, "next URL"));
        }
        // A bare array with a `cursor` parameter: the cursor can only come in a header, and the
        // standard one is `Link` (`<…?cursor=…>; rel="next"; results="true"`).
        if bare
            && self
                .query(&["cursor"])
                .is_some_and(|i| i.flat_types.is_empty() || i.flat_types.contains(&JsonType::String))
        {
            return Some(Scheme::inferred(items, NextPage::Link, "cursor parameter answered by a bare array"));
        }
        // The last item's id, while `has_more`.
        let has_more = outputs
            .iter()
            .find(|o| HAS_MORE_FIELDS.contains(&o.word.as_str()) && types_of(&o.flat) == [JsonType::Boolean]);
        if let (Some(has_more), Some(input)) = (has_more, self.query(ID_INPUTS))
            && self.items_have_id(&items, diags)
        {
            let next = NextPage::LastId { input: input.at.clone(), has_more: Some(has_more.path.clone()) };
            return Some(Scheme::inferred(items, next, "last id"));
        }
        // Page numbers and offsets: weak signals, so only for a GET whose answer is plainly a list.
        let strict = self.items.clone()?;
        if !is_get {
            return None;
        }
        let size = self.query(SIZE_INPUTS);
        let find = |words: &[&str], boolean: bool| {
            words.iter().find_map(|w| {
                outputs
                    .iter()
                    .find(|o| o.word == *w && (!boolean || types_of(&o.flat) == [JsonType::Boolean]))
                    .map(|o| o.path.clone())
            })
        };
        let stop = PageStop {
            total_items: find(TOTAL_ITEMS, false),
            total_pages: find(TOTAL_PAGES, false),
            has_more: find(HAS_MORE_FIELDS, true),
        };
        let said = stop != PageStop::default();
        if let Some(page) = page_input
            && (size.is_some() || said)
        {
            let next = NextPage::PageNumber { input: page.at.clone(), start: 1, stop };
            return Some(Scheme::inferred(strict, next, "page number"));
        }
        let offset = self.query(OFFSET_INPUTS).filter(numeric);
        if let (Some(offset), Some(_)) = (offset, size) {
            let next = NextPage::Offset { input: offset.at.clone(), stop };
            return Some(Scheme::inferred(strict, next, "offset"));
        }
        None
    }

    /// Scalar fields of the response object, top level and one container down (two for
    /// `_links.next.href` and `meta.page.after`).
    fn outputs(&self, diags: &mut Diagnostics) -> Vec<Output> {
        let mut out = Vec::new();
        for (name, ids) in &self.body.properties {
            let flat = Flat::of(self.spec, ids, diags);
            let word = word(name);
            let container = types_of(&flat).contains(&JsonType::Object) && CONTAINERS.contains(&word.as_str());
            let inner: Vec<(String, Vec<SchemaId>)> = if container {
                flat.properties.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
            } else {
                Vec::new()
            };
            out.push(Output { path: vec![name.clone()], word, flat });
            for (inner_name, inner_ids) in inner {
                let inner_flat = Flat::of(self.spec, &inner_ids, diags);
                let inner_word = self::word(&inner_name);
                let deeper =
                    (inner_word == "next" || inner_word == "page") && types_of(&inner_flat).contains(&JsonType::Object);
                let third: Vec<(String, Vec<SchemaId>)> = if deeper {
                    inner_flat.properties.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
                } else {
                    Vec::new()
                };
                let path = vec![name.clone(), inner_name.clone()];
                for (third_name, third_ids) in third {
                    let flat = Flat::of(self.spec, &third_ids, diags);
                    let mut deep = path.clone();
                    deep.push(third_name.clone());
                    out.push(Output { path: deep, word: self::word(&third_name), flat });
                }
                out.push(Output { path, word: inner_word, flat: inner_flat });
            }
        }
        out
    }

    /// A URL field: named like one, `format: uri`, beside `previous`/`self`/`href`, or described as a URL.
    fn is_url(&self, output: &Output) -> bool {
        let named = output.word == "href" || output.word != "next" && URL_FIELDS.contains(&output.word.as_str());
        if named || matches!(output.flat.format.as_deref(), Some("uri" | "url" | "uri-reference")) {
            return true;
        }
        if output.word != "next" {
            return false;
        }
        let described = output.flat.description.as_deref().unwrap_or_default().to_ascii_lowercase();
        let parent: Vec<String> =
            if output.path.len() == 1 { self.body.properties.keys().map(|k| word(k)).collect() } else { Vec::new() };
        parent.iter().any(|k| ["previous", "prev", "href", "self", "first", "last"].contains(&k.as_str()))
            || described.contains("url")
            || described.contains("link")
            || output.path.first().is_some_and(|p| ["links", "_links"].contains(&word(p).as_str()))
    }

    /// Whether the items are objects with an `id` (the cursor-id scheme sends the last one's).
    fn items_have_id(&self, items: &JsonPath, diags: &mut Diagnostics) -> bool {
        let array = match items.as_slice() {
            [] => self.body.items.clone(),
            [name] => Flat::of(self.spec, &self.body.properties[name.as_str()], diags).items,
            _ => return false,
        };
        !array.is_empty() && Flat::of(self.spec, &array, diags).properties.contains_key("id")
    }
}

/// A name as paging words compare it: the last dotted part (`query_options.cursor` → `cursor`),
/// snake case (`pageToken` → `page_token`), brackets and `$` kept (`page[size]`, `$skiptoken`).
fn word(name: &str) -> String {
    let last = name.rsplit('.').next().unwrap_or(name);
    if last.contains(['[', '$', '@']) || last.starts_with("page-") {
        return last.to_ascii_lowercase();
    }
    last.to_snake_case()
}

fn types_of(flat: &Flat) -> Vec<JsonType> {
    flat.effective_types().into_iter().filter(|t| *t != JsonType::Null).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_compare_as_snake_case_with_brackets_kept() {
        assert_eq!(word("pageToken"), "page_token");
        assert_eq!(word("query_options.cursor"), "cursor");
        assert_eq!(word("page[size]"), "page[size]");
        assert_eq!(word("$skiptoken"), "$skiptoken");
        assert_eq!(word("page-token"), "page-token");
        assert_eq!(word("X-After-Cursor"), "x_after_cursor");
    }
}
