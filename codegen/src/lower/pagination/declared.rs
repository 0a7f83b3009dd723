//! Schemes the spec declares: `x-pagination` (Datadog), `x-dropshot-pagination`,
//! `x-speakeasy-pagination`, `x-fern-pagination`, `x-ms-pageable`, and Stainless's
//! `x-stainless-pagination-property` on parameters and response properties.

use std::collections::BTreeMap;

use serde_json::Value;

use super::super::flatten::Flat;
use super::{Reading, Scheme, success_response};
use crate::diagnostics::Diagnostics;
use crate::model::{JsonPath, Media, NextPage, PageField, PageInput, PageItems, PageStop, ParamIn};
use crate::resolve::{Operation, SchemaId, Spec};

impl Reading<'_> {
    pub(super) fn declared(&self, diags: &mut Diagnostics) -> Option<Scheme> {
        let (key, value) = declared(self.spec, self.op)?;
        let scheme = match key {
            "x-pagination" => self.x_pagination(value),
            "x-dropshot-pagination" => Some(Scheme {
                items: PageItems::At(vec!["items".into()]),
                next: NextPage::Cursor {
                    field: PageField::Body(vec!["next_page".into()]),
                    input: PageInput::Query("page_token".into()),
                },
                keep_only: vec!["page_token".into(), "limit".into()],
                source: key.into(),
            }),
            "x-speakeasy-pagination" => self.speakeasy(value),
            "x-fern-pagination" => self.fern(value),
            "x-ms-pageable" => self.ms_pageable(value),
            _ => self.stainless(diags),
        };
        if scheme.is_none() {
            diags.warn(
                &self.op.location.child(key),
                format!("`{key}` does not describe a pagination scheme this generator can follow; the operation is not paged"),
            );
        }
        scheme.map(|s| Scheme { source: key.to_string(), ..s })
    }

    /// An input named as the spec names it: a query parameter of that name, else a body path
    /// (`body.page.cursor`, `page.cursor`).
    fn input_named(&self, name: &str) -> Option<PageInput> {
        let query = self.op.parameters.iter().any(|p| p.place == ParamIn::Query && p.name == name);
        if query {
            return Some(PageInput::Query(name.to_string()));
        }
        let path: JsonPath = name.strip_prefix("body.").unwrap_or(name).split('.').map(str::to_string).collect();
        let in_body = self.op.body.is_some() && path.iter().all(|p| !p.is_empty());
        in_body.then_some(PageInput::Body(path))
    }

    /// Datadog's `x-pagination`: `{cursorParam, cursorPath, limitParam, resultsPath}`,
    /// `{pageParam, pageStart}` or `{pageOffsetParam}`.
    fn x_pagination(&self, value: &Value) -> Option<Scheme> {
        let text = |key: &str| value.get(key).and_then(Value::as_str);
        let items = PageItems::At(text("resultsPath").map_or_else(|| self.items.clone().unwrap_or_default(), dotted));
        let next = if let Some(param) = text("cursorParam") {
            NextPage::Cursor { field: PageField::Body(dotted(text("cursorPath")?)), input: self.input_named(param)? }
        } else if let Some(param) = text("pageParam") {
            let start = value.get("pageStart").and_then(Value::as_u64).unwrap_or(0);
            NextPage::PageNumber { input: self.input_named(param)?, start, stop: PageStop::default() }
        } else {
            NextPage::Offset { input: self.input_named(text("pageOffsetParam")?)?, stop: PageStop::default() }
        };
        Some(Scheme { items, next, keep_only: Vec::new(), source: String::new() })
    }

    /// `x-speakeasy-pagination`: `{type: cursor | offsetLimit | url, inputs: [{name, in, type}],
    /// outputs: {results, nextCursor, nextUrl, numPages}}`, outputs as JSONPath (`$.data`).
    fn speakeasy(&self, value: &Value) -> Option<Scheme> {
        let outputs = value.get("outputs");
        let output = |key: &str| outputs.and_then(|o| o.get(key)).and_then(Value::as_str).and_then(json_path);
        let inputs = value.get("inputs").and_then(Value::as_array).cloned().unwrap_or_default();
        let input = |kind: &str| {
            inputs.iter().find(|i| i.get("type").and_then(Value::as_str) == Some(kind)).and_then(|i| {
                let name = i.get("name").and_then(Value::as_str)?;
                match i.get("in").and_then(Value::as_str) {
                    Some("requestBody") => Some(PageInput::Body(dotted(name))),
                    _ => Some(PageInput::Query(name.to_string())),
                }
            })
        };
        let items = PageItems::At(output("results").or_else(|| self.items.clone())?);
        let next = match value.get("type").and_then(Value::as_str)? {
            "cursor" => NextPage::Cursor { field: PageField::Body(output("nextCursor")?), input: input("cursor")? },
            "url" => NextPage::Url { field: output("nextUrl")? },
            "offsetLimit" => {
                let stop = PageStop { total_pages: output("numPages"), ..PageStop::default() };
                match input("page") {
                    Some(page) => NextPage::PageNumber { input: page, start: 1, stop },
                    None => NextPage::Offset { input: input("offset")?, stop },
                }
            }
            _ => return None,
        };
        Some(Scheme { items, next, keep_only: Vec::new(), source: String::new() })
    }

    /// `x-fern-pagination`: `{cursor: $request.x, next_cursor: $response.y, results: $response.z}`,
    /// or `{offset: $request.page, results, step?, has-next-page?}` (a page number without `step`).
    fn fern(&self, value: &Value) -> Option<Scheme> {
        let text = |key: &str| value.get(key).and_then(Value::as_str);
        let response = |key: &str| text(key)?.strip_prefix("$response").map(|p| dotted(p.trim_start_matches('.')));
        let request = |key: &str| text(key)?.strip_prefix("$request.").and_then(|name| self.input_named(name));
        let items = PageItems::At(response("results").or_else(|| self.items.clone())?);
        let next = if text("cursor").is_some() {
            NextPage::Cursor { field: PageField::Body(response("next_cursor")?), input: request("cursor")? }
        } else {
            let stop = PageStop { has_more: response("has-next-page"), ..PageStop::default() };
            match text("step") {
                Some(_) => NextPage::Offset { input: request("offset")?, stop },
                None => NextPage::PageNumber { input: request("offset")?, start: 1, stop },
            }
        };
        Some(Scheme { items, next, keep_only: Vec::new(), source: String::new() })
    }

    /// `x-ms-pageable`: `{nextLinkName, itemName}`; a null `nextLinkName` is one page only.
    fn ms_pageable(&self, value: &Value) -> Option<Scheme> {
        let next_link = value.get("nextLinkName").and_then(Value::as_str)?;
        let item = value.get("itemName").and_then(Value::as_str).unwrap_or("value");
        Some(Scheme {
            items: PageItems::At(vec![item.to_string()]),
            next: NextPage::Url { field: vec![next_link.to_string()] },
            keep_only: Vec::new(),
            source: String::new(),
        })
    }

    /// `x-stainless-pagination-property` on parameters and response properties:
    /// `{purpose: next_cursor_param | next_cursor_field | items | …, from_header, is_top_level_array}`.
    fn stainless(&self, diags: &mut Diagnostics) -> Option<Scheme> {
        let mut params: BTreeMap<String, PageInput> = BTreeMap::new();
        for param in self.op.parameters.iter().filter(|p| p.place == ParamIn::Query) {
            let on_schema = param.schema.and_then(|s| stainless_purpose(self.spec, &[s]));
            if let Some(purpose) = stainless_property(&param.extensions).or(on_schema) {
                params.entry(purpose.purpose).or_insert_with(|| PageInput::Query(param.name.clone()));
            }
        }
        let mut fields: BTreeMap<String, PageField> = BTreeMap::new();
        let mut items = if self.envelope { Some(PageItems::Envelope) } else { self.items.clone().map(PageItems::At) };
        let top = success_response(self.op)
            .and_then(|r| r.content.iter().find(|(m, _)| Media::of(m) == Media::Json).and_then(|(_, s)| *s));
        if top.and_then(|s| stainless_purpose(self.spec, &[s])).is_some_and(|p| p.top_level_array) {
            items = Some(PageItems::At(JsonPath::new()));
        }
        let outputs = self.outputs(diags);
        for output in &outputs {
            let ids: Vec<SchemaId> = match output.path.as_slice() {
                [name] => self.body.properties[name.as_str()].clone(),
                _ => continue,
            };
            let Some(purpose) = stainless_purpose(self.spec, &ids) else { continue };
            if purpose.purpose == "items" {
                items = Some(PageItems::At(output.path.clone()));
            }
            let field = match purpose.from_header {
                Some(header) => PageField::Header(header.to_ascii_lowercase()),
                None => PageField::Body(output.path.clone()),
            };
            fields.entry(purpose.purpose).or_insert(field);
        }
        for output in outputs.iter().filter(|o| o.path.len() > 1) {
            let parent = &self.body.properties[output.path[0].as_str()];
            let parent = Flat::of(self.spec, parent, diags);
            let Some(ids) = parent.properties.get(output.path[1].as_str()) else { continue };
            if let Some(purpose) = stainless_purpose(self.spec, ids) {
                fields.entry(purpose.purpose).or_insert_with(|| PageField::Body(output.path.clone()));
            }
        }
        let body_path = |field: Option<&PageField>| match field {
            Some(PageField::Body(path)) => Some(path.clone()),
            _ => None,
        };
        let next =
            if let (Some(input), Some(field)) = (params.get("next_cursor_param"), fields.get("next_cursor_field")) {
                NextPage::Cursor { field: field.clone(), input: input.clone() }
            } else if let Some(PageField::Body(field)) = fields.get("cursor_url_field") {
                NextPage::Url { field: field.clone() }
            } else if let Some(input) = params.get("next_cursor_id_param") {
                NextPage::LastId { input: input.clone(), has_more: body_path(fields.get("has_next_page")) }
            } else if let Some(input) = params.get("page_number_param") {
                let stop = PageStop {
                    total_pages: body_path(fields.get("total_page_count_field")),
                    has_more: body_path(fields.get("has_next_page")),
                    ..PageStop::default()
                };
                NextPage::PageNumber { input: input.clone(), start: 1, stop }
            } else if let Some(input) = params.get("offset_count_param") {
                let stop = PageStop {
                    total_items: body_path(fields.get("offset_total_count_field")),
                    has_more: body_path(fields.get("has_next_page")),
                    ..PageStop::default()
                };
                NextPage::Offset { input: input.clone(), stop }
            } else if self.envelope && params.contains_key("next_cursor_param") {
                NextPage::ResultInfo
            } else {
                return None;
            };
        Some(Scheme { items: items?, next, keep_only: Vec::new(), source: String::new() })
    }
}

/// The pagination extension an operation declares, if any (the Stainless property lives on
/// its parameters and response properties, so any mention of it counts).
pub(super) fn declared<'a>(spec: &Spec, op: &'a Operation) -> Option<(&'static str, &'a Value)> {
    const KEYS: [&str; 5] =
        ["x-pagination", "x-dropshot-pagination", "x-speakeasy-pagination", "x-fern-pagination", "x-ms-pageable"];
    if let Some((key, value)) = KEYS.iter().find_map(|key| op.extensions.get(*key).map(|value| (*key, value))) {
        return Some((key, value));
    }
    let on_params = op.parameters.iter().any(|p| {
        p.extensions.contains_key(STAINLESS) || p.schema.is_some_and(|s| stainless_purpose(spec, &[s]).is_some())
    });
    on_params.then_some((STAINLESS, &Value::Null))
}

const STAINLESS: &str = "x-stainless-pagination-property";

struct Purpose {
    purpose: String,
    from_header: Option<String>,
    top_level_array: bool,
}

fn stainless_property(extensions: &indexmap::IndexMap<String, Value>) -> Option<Purpose> {
    let value = extensions.get(STAINLESS)?;
    let text = |key: &str| value.get(key).and_then(Value::as_str).map(str::to_string);
    Some(Purpose {
        purpose: text("purpose").unwrap_or_default(),
        from_header: text("from_header"),
        top_level_array: value.get("is_top_level_array").and_then(Value::as_bool).unwrap_or(false),
    })
}

/// The Stainless property on a schema or the schemas it references.
fn stainless_purpose(spec: &Spec, ids: &[SchemaId]) -> Option<Purpose> {
    ids.iter().find_map(|&id| spec.ref_chain(id).find_map(|schema| stainless_property(&schema.extensions)))
}

/// `meta.page.after` → `["meta", "page", "after"]`; `` → `[]`.
fn dotted(path: &str) -> JsonPath {
    path.split('.').filter(|p| !p.is_empty()).map(str::to_string).collect()
}

/// `$.data.items` → `["data", "items"]`; only plain member paths.
fn json_path(path: &str) -> Option<JsonPath> {
    let rest = path.strip_prefix('$')?;
    (!rest.contains(['[', '*'])).then(|| dotted(rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_as_property_names() {
        assert_eq!(dotted("meta.page.after"), ["meta", "page", "after"]);
        assert_eq!(json_path("$.data"), Some(vec!["data".to_string()]));
        assert_eq!(json_path("$"), Some(vec![]));
        assert_eq!(json_path("$.data[*].id"), None);
    }
}
