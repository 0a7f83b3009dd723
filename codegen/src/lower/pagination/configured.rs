//! Stainless's `pagination:` section and a method's `paginated:`: an operation pages by the
//! configured scheme whose every property it has, as Stainless matches them.

use std::collections::BTreeMap;

use super::super::flatten::Flat;
use super::{Reading, Scheme, op_headers};
use crate::config::{Config, PageScheme, Paginated, endpoint_key};
use crate::diagnostics::{Diagnostics, Location};
use crate::model::{JsonPath, Media, NextPage, PageField, PageInput, PageItems, PageStop, ParamIn};
use crate::resolve::Spec;

impl Reading<'_> {
    fn endpoint(&self) -> String {
        endpoint_key(self.op.method.as_str(), &self.op.path)
    }

    /// The resource map's `paginated:` for this operation, with where the config says it.
    pub(super) fn mapped<'c>(&self, config: &'c Config) -> Option<(&'c Paginated, Location)> {
        let endpoint = self.endpoint();
        let method = config.methods.iter().filter(|m| m.endpoint_key() == endpoint).find(|m| m.paginated.is_some())?;
        Some((method.paginated.as_ref()?, config.location(&method.at)))
    }

    /// With a `pagination:` section, as Stainless pages: the method's `paginated:`, else a
    /// scheme the spec declares, else the configured scheme that fits with the most properties
    /// (file order breaks a tie). Nothing is inferred.
    pub(super) fn configured(&self, config: &Config, diags: &mut Diagnostics) -> Option<Scheme> {
        match self.mapped(config) {
            Some((Paginated::Off, _)) => return None,
            Some((Paginated::Scheme(name), at)) => {
                let Some(scheme) = config.pagination.iter().find(|s| s.name == *name) else {
                    diags.warn(&at, format!("`paginated: {name}` names no scheme of the config's `pagination:` section; the operation is not paged"));
                    return None;
                };
                let fitted = self.fit(scheme, diags);
                if fitted.is_none() {
                    diags.warn(&at, format!("the operation lacks a property of pagination scheme `{name}` (its request or response); it is not paged"));
                }
                return fitted;
            }
            None => {}
        }
        if let Some(scheme) = self.declared(diags) {
            return Some(scheme);
        }
        let mut best: Option<(usize, Scheme)> = None;
        for scheme in &config.pagination {
            let size = scheme.request.len() + scheme.response.len();
            if best.as_ref().is_some_and(|(best, _)| *best >= size) {
                continue;
            }
            if let Some(fitted) = self.fit(scheme, diags) {
                best = Some((size, fitted));
            }
        }
        best.map(|(_, scheme)| scheme)
    }

    /// The configured scheme as this operation's, when it has every property the scheme names.
    fn fit(&self, scheme: &PageScheme, diags: &mut Diagnostics) -> Option<Scheme> {
        let mut inputs: BTreeMap<&str, PageInput> = BTreeMap::new();
        for property in &scheme.request {
            let input = if scheme.in_body {
                self.body_has(&property.path, diags).then(|| PageInput::Body(property.path.clone()))?
            } else {
                let [name] = property.path.as_slice() else { continue };
                let query = self.op.parameters.iter().any(|p| p.place == ParamIn::Query && p.name == *name);
                query.then(|| PageInput::Query(name.clone()))?
            };
            if let Some(purpose) = &property.purpose {
                inputs.insert(purpose, input);
            }
        }
        let mut fields: BTreeMap<&str, PageField> = BTreeMap::new();
        let mut items = None;
        for property in &scheme.response {
            let field = match &property.from_header {
                Some(header) => {
                    let header = header.to_ascii_lowercase();
                    op_headers(self.op).contains(&header).then_some(PageField::Header(header))?
                }
                None if property.top_level_array => {
                    self.items.as_ref().filter(|i| i.is_empty())?;
                    items = Some(PageItems::At(JsonPath::new()));
                    continue;
                }
                None => self.response_has(&property.path, diags).then(|| PageField::Body(property.path.clone()))?,
            };
            match property.purpose.as_deref() {
                Some("items") => items = Some(PageItems::At(property.path.clone())),
                Some(purpose) => {
                    fields.insert(purpose, field);
                }
                None => {}
            }
        }
        let items = items.or_else(|| {
            if self.envelope { Some(PageItems::Envelope) } else { self.loose_items().map(PageItems::At) }
        })?;
        let body = |purpose: &str| match fields.get(purpose) {
            Some(PageField::Body(path)) => Some(path.clone()),
            _ => None,
        };
        let input = |purpose: &str| inputs.get(purpose).cloned();
        let next = match scheme.kind.as_str() {
            "cursor" => {
                NextPage::Cursor { field: fields.get("next_cursor_field")?.clone(), input: input("next_cursor_param")? }
            }
            "cursor_id" => NextPage::LastId { input: input("next_cursor_id_param")?, has_more: body("has_next_page") },
            "cursor_url" => NextPage::Url { field: body("cursor_url_field")? },
            "page_number" => {
                let stop = PageStop {
                    total_pages: body("total_page_count_field"),
                    has_more: body("has_next_page"),
                    ..PageStop::default()
                };
                NextPage::PageNumber { input: input("page_number_param")?, start: 1, stop }
            }
            "offset" => {
                let stop = PageStop {
                    total_items: body("offset_total_count_field"),
                    has_more: body("has_next_page"),
                    ..PageStop::default()
                };
                NextPage::Offset { input: input("offset_count_param")?, stop }
            }
            // `fake_page`: a list dressed as a page has no next page; it stays a list.
            _ => return None,
        };
        Some(Scheme { items, next, keep_only: Vec::new(), source: format!("config: {}", scheme.name) })
    }

    /// Whether the JSON request body has a property at `path`.
    fn body_has(&self, path: &[String], diags: &mut Diagnostics) -> bool {
        let schema =
            self.op.body.as_ref().and_then(|b| {
                b.content.iter().find(|(m, _)| Media::of(m) == Media::Json).and_then(|(_, schema)| *schema)
            });
        schema.is_some_and(|schema| has_path(self.spec, Flat::of(self.spec, &[schema], diags), path, diags))
    }

    fn response_has(&self, path: &[String], diags: &mut Diagnostics) -> bool {
        has_path(self.spec, self.body.clone(), path, diags)
    }
}

/// Whether `flat` has a property at `path` (through nested objects).
fn has_path(spec: &Spec, mut flat: Flat, path: &[String], diags: &mut Diagnostics) -> bool {
    for name in path {
        let Some(ids) = flat.properties.get(name.as_str()) else { return false };
        flat = Flat::of(spec, ids, diags);
    }
    true
}
