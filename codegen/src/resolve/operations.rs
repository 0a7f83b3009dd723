//! Paths, operations, parameters, bodies, responses and security schemes,
//! with their `$ref`s followed.

use indexmap::IndexMap;
use serde_json::{Map, Value};

use super::{Resolver, SchemaId};
use crate::diagnostics::{Error, Location};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
    const ALL: [(&'static str, Method); 8] = [
        ("get", Method::Get),
        ("put", Method::Put),
        ("post", Method::Post),
        ("delete", Method::Delete),
        ("options", Method::Options),
        ("head", Method::Head),
        ("patch", Method::Patch),
        ("trace", Method::Trace),
    ];

    pub fn as_str(self) -> &'static str {
        Method::ALL.iter().find(|(_, m)| *m == self).map_or("get", |(s, _)| s)
    }

    /// Every method, as a path item's keys spell them.
    pub fn all() -> impl Iterator<Item = (&'static str, Method)> {
        Method::ALL.into_iter()
    }

    /// `GET /user/tokens`: how docs, api.md and api.json name an operation.
    pub fn endpoint(self, path: &str) -> String {
        format!("{} {}", self.as_str().to_uppercase(), path)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ParamIn {
    Path,
    Query,
    Header,
    Cookie,
}

#[derive(Debug, Clone)]
pub struct Parameter {
    pub location: Location,
    pub name: String,
    pub place: ParamIn,
    pub required: bool,
    pub schema: Option<SchemaId>,
    pub description: Option<String>,
    pub style: Option<String>,
    pub explode: Option<bool>,
    pub deprecated: bool,
    /// The parameter object's `x-` extensions (a pagination property may sit there).
    pub extensions: IndexMap<String, Value>,
}

#[derive(Debug, Clone)]
pub struct Body {
    pub location: Location,
    pub required: bool,
    pub description: Option<String>,
    /// Media type → schema (absent when the media type has none), in spec order.
    pub content: IndexMap<String, Option<SchemaId>>,
    /// Media type → the first example the media type gives (`example`, else `examples`).
    pub examples: IndexMap<String, Value>,
    /// Media type → its `encoding` of each property, in spec order.
    pub encoding: IndexMap<String, Vec<PartEncoding>>,
}

/// How a property of a multipart or form body is encoded (`content.{media}.encoding.{property}`).
#[derive(Debug, Clone, Default)]
pub struct PartEncoding {
    pub property: String,
    /// The part's content type, where `contentType` names one.
    pub content_type: Option<String>,
    /// A form body's `style` and `explode`.
    pub style: Option<String>,
    pub explode: Option<bool>,
    /// The part's `headers`, each with the value the spec fixes (a `default`, `const` or one
    /// `enum` value), else `None`.
    pub headers: Vec<(String, Option<String>)>,
}

#[derive(Debug, Clone)]
pub struct Response {
    pub location: Location,
    /// `200`, `4XX`, `default`, …
    pub status: String,
    pub description: Option<String>,
    pub content: IndexMap<String, Option<SchemaId>>,
    /// The response headers it documents, lower-cased (`link`, `x-after-cursor`): pagination reads them.
    pub headers: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Operation {
    pub location: Location,
    pub method: Method,
    pub path: String,
    pub operation_id: Option<String>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub tags: Vec<String>,
    pub deprecated: bool,
    pub parameters: Vec<Parameter>,
    pub body: Option<Body>,
    pub responses: Vec<Response>,
    /// The operation's own `security`, when it overrides the document's.
    pub security: Option<Vec<Vec<String>>>,
    pub extensions: IndexMap<String, Value>,
    /// The server of an operation that is not called on the document's (its own
    /// or its path item's `servers`): an absolute URL.
    pub server: Option<super::Server>,
}

impl Operation {
    /// The success (2xx) responses, first first: exact statuses in order, then ranges (`2XX`).
    pub fn successes(&self) -> Vec<&Response> {
        let mut successes: Vec<&Response> = self.responses.iter().filter(|r| r.status.starts_with('2')).collect();
        successes.sort_by_key(|r| (r.status.contains(['X', 'x']), r.status.clone()));
        successes
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecuritySchemeKind {
    /// `type: http` with its scheme (`bearer`, `basic`).
    Http { scheme: String },
    /// `type: apiKey`, sent in a header, query parameter or cookie.
    ApiKey { place: ParamIn, name: String },
    /// oauth2 / openIdConnect: the client sends a bearer token obtained elsewhere.
    OAuth,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityScheme {
    pub name: String,
    pub kind: SecuritySchemeKind,
    pub description: Option<String>,
}

pub(super) fn security_requirement(value: &Value) -> Vec<Vec<String>> {
    value
        .as_array()
        .map(|alternatives| {
            alternatives.iter().filter_map(Value::as_object).map(|set| set.keys().cloned().collect()).collect()
        })
        .unwrap_or_default()
}

pub(super) fn security_schemes(
    resolver: &mut Resolver<'_>,
    root: &Map<String, Value>,
    at: &Location,
) -> Vec<SecurityScheme> {
    let at = at.child("components").child("securitySchemes");
    let Some(schemes) = root.get("components").and_then(|c| c.get("securitySchemes")).and_then(Value::as_object) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut sorted: Vec<(&String, &Value)> = schemes.iter().collect();
    sorted.sort_unstable_by_key(|(name, _)| *name);
    for (name, value) in sorted {
        let Ok((scheme, location)) = resolver.deref_object(value, at.child(name)) else {
            resolver.diags.warn(&at.child(name), "unreadable security scheme; ignored");
            continue;
        };
        let text = |key: &str| scheme.get(key).and_then(Value::as_str).map(str::to_string);
        let kind = match text("type").as_deref() {
            Some("http") => SecuritySchemeKind::Http {
                scheme: text("scheme").unwrap_or_else(|| "bearer".into()).to_ascii_lowercase(),
            },
            Some("apiKey") => {
                let place = match text("in").as_deref() {
                    Some("query") => ParamIn::Query,
                    Some("cookie") => ParamIn::Cookie,
                    _ => ParamIn::Header,
                };
                SecuritySchemeKind::ApiKey { place, name: text("name").unwrap_or_else(|| name.clone()) }
            }
            Some("oauth2" | "openIdConnect") => SecuritySchemeKind::OAuth,
            other => {
                resolver.diags.warn(&location, format!("security scheme type {other:?} is not supported; ignored"));
                continue;
            }
        };
        out.push(SecurityScheme { name: name.clone(), kind, description: text("description") });
    }
    out
}

pub(super) fn operations<'a>(
    resolver: &mut Resolver<'a>,
    root: &'a Map<String, Value>,
    at: &Location,
) -> Result<Vec<Operation>, Error> {
    let mut out = Vec::new();
    let Some(paths) = root.get("paths").and_then(Value::as_object) else {
        return Ok(out);
    };
    // Sorted: the spec's key order must not leak into names or output.
    let mut sorted: Vec<(&String, &Value)> = paths.iter().collect();
    sorted.sort_unstable_by_key(|(path, _)| *path);
    let root_server = root.get("servers").and_then(Value::as_array).and_then(|list| list.first());
    let servers = Servers {
        default: root_server.and_then(|server| super::server(server, None)),
        variables: root_server.and_then(|server| server.get("variables")).and_then(Value::as_object),
    };
    let mut operation_refs = Vec::new();
    let mut undeclared = Vec::new();
    for (path, item) in sorted {
        let (item, item_at) = resolver.deref_object(item, at.child("paths").child(path))?;
        let shared = parameters(resolver, item.get("parameters"), &item_at.child("parameters"))?;
        for (key, method) in Method::ALL {
            let Some(value) = item.get(key) else { continue };
            let op_at = item_at.child(key);
            if value.get("$ref").is_some() {
                operation_refs.push(op_at.child("$ref"));
            }
            let (op, op_at) = match value {
                Value::Object(_) => resolver.deref_object(value, op_at)?,
                _ => return Err(Error::invalid(&op_at, "an operation must be an object")),
            };
            let server = servers.of(resolver, op, item, &op_at, &item_at);
            let mut operation = operation(resolver, op, op_at, method, path, &shared)?;
            operation.server = server;
            if declare_template_parameters(&mut operation) {
                undeclared.push(operation.location.clone());
            }
            out.push(operation);
        }
    }
    if let Some(first) = undeclared.first() {
        resolver.diags.warn(
            first,
            format!(
                "path template parameters no `parameters` entry declares, in {} operations, this one first: \
                 taken as required string arguments",
                undeclared.len()
            ),
        );
    }
    // Not OpenAPI, but some publishers' multi-file specs do it and their bundlers follow it: said once.
    if let Some(first) = operation_refs.first() {
        let more = match operation_refs.len() - 1 {
            0 => String::new(),
            n => format!(" (and on {n} more operations)"),
        };
        resolver.diags.warn(first, format!("`$ref` on an operation object is an extension to OpenAPI, which allows it on path items only; followed{more}"));
    }
    Ok(out)
}

/// A `{name}` of the path that no parameter declares becomes a required string path parameter
/// (OpenAPI requires the declaration; left out, the call would send the literal `{name}`).
/// Whether there was one.
fn declare_template_parameters(operation: &mut Operation) -> bool {
    let mut added = false;
    let names: Vec<String> = super::template_names(&operation.path).into_iter().map(str::to_string).collect();
    for name in names {
        if operation.parameters.iter().any(|p| p.place == ParamIn::Path && p.name == name) {
            continue;
        }
        added = true;
        operation.parameters.push(Parameter {
            location: operation.location.clone(),
            name,
            place: ParamIn::Path,
            required: true,
            schema: None,
            description: None,
            style: None,
            explode: None,
            deprecated: false,
            extensions: IndexMap::new(),
        });
    }
    added
}

/// The document's default server, against which operation and path servers are read.
struct Servers<'a> {
    default: Option<super::Server>,
    variables: Option<&'a Map<String, Value>>,
}

impl Servers<'_> {
    /// The server an operation is called on when it is not the document's: its own
    /// `servers`, else its path item's (the first of either).
    fn of(
        &self,
        resolver: &mut Resolver<'_>,
        op: &Map<String, Value>,
        item: &Map<String, Value>,
        op_at: &Location,
        item_at: &Location,
    ) -> Option<super::Server> {
        let (list, at) = match (op.get("servers"), item.get("servers")) {
            (Some(list), _) => (list, op_at.child("servers")),
            (None, Some(list)) => (list, item_at.child("servers")),
            (None, None) => return None,
        };
        let mut server = super::server(list.as_array()?.first()?, self.variables)?;
        server.url = server.url.trim_end_matches('/').to_string();
        // The document's server, written out again or with its variables at their defaults.
        let same = |default: &super::Server| {
            let url = |s: &super::Server| s.default_url().map(|url| url.trim_end_matches('/').to_string());
            (default.url.trim_end_matches('/') == server.url && default.variables == server.variables)
                || url(default).is_some_and(|d| Some(d) == url(&server))
        };
        if self.default.as_ref().is_some_and(same) {
            return None;
        }
        match server.default_url() {
            Some(url) if url.starts_with("http://") || url.starts_with("https://") => Some(server),
            _ => {
                resolver.diags.warn(
                    &at,
                    format!(
                        "server `{}` is not an absolute URL a client can call; the operation uses the client's base URL",
                        server.url
                    ),
                );
                None
            }
        }
    }
}

fn operation<'a>(
    resolver: &mut Resolver<'a>,
    op: &'a Map<String, Value>,
    at: Location,
    method: Method,
    path: &str,
    shared: &[Parameter],
) -> Result<Operation, Error> {
    let text = |key: &str| op.get(key).and_then(Value::as_str).map(str::to_string);
    // Operation-level parameters override path-level ones with the same name and place.
    let own = parameters(resolver, op.get("parameters"), &at.child("parameters"))?;
    let mut params: Vec<Parameter> =
        shared.iter().filter(|s| !own.iter().any(|o| o.name == s.name && o.place == s.place)).cloned().collect();
    params.extend(own);
    // A path parameter the template does not name has nowhere to go: as an
    // argument it would be unused (a rustc warning), so no later stage sees it.
    params.retain(|p| {
        let in_path = p.place != ParamIn::Path || path.contains(&format!("{{{}}}", p.name));
        if !in_path {
            resolver.diags.warn(
                &p.location,
                format!("path parameter `{}` is not in the path `{path}`; left out of the operation", p.name),
            );
        }
        in_path
    });

    let body = match op.get("requestBody") {
        Some(value) => {
            let (object, location) = resolver.deref_object(value, at.child("requestBody"))?;
            Some(Body {
                required: object.get("required").and_then(Value::as_bool).unwrap_or(false),
                description: object.get("description").and_then(Value::as_str).map(str::to_string),
                content: content(resolver, object, &location)?,
                examples: media_examples(resolver, object, &location),
                encoding: encoding(object),
                location,
            })
        }
        None => None,
    };

    let mut responses = Vec::new();
    if let Some(map) = op.get("responses").and_then(Value::as_object) {
        for (status, value) in map {
            let (object, location) = resolver.deref_object(value, at.child("responses").child(status))?;
            responses.push(Response {
                status: status.clone(),
                description: object.get("description").and_then(Value::as_str).map(str::to_string),
                content: content(resolver, object, &location)?,
                headers: object
                    .get("headers")
                    .and_then(Value::as_object)
                    .map(|headers| headers.keys().map(|name| name.to_ascii_lowercase()).collect())
                    .unwrap_or_default(),
                location,
            });
        }
    }

    Ok(Operation {
        method,
        path: path.to_string(),
        operation_id: text("operationId"),
        summary: text("summary"),
        description: text("description"),
        tags: op
            .get("tags")
            .and_then(Value::as_array)
            .map(|t| t.iter().filter_map(Value::as_str).map(str::to_string).collect())
            .unwrap_or_default(),
        deprecated: op.get("deprecated").and_then(Value::as_bool).unwrap_or(false),
        parameters: params,
        body,
        responses,
        security: op.get("security").map(security_requirement),
        extensions: op.iter().filter(|(k, _)| k.starts_with("x-")).map(|(k, v)| (k.clone(), v.clone())).collect(),
        server: None,
        location: at,
    })
}

fn parameters<'a>(
    resolver: &mut Resolver<'a>,
    list: Option<&'a Value>,
    at: &Location,
) -> Result<Vec<Parameter>, Error> {
    let Some(list) = list else { return Ok(Vec::new()) };
    let Some(items) = list.as_array() else {
        return Err(Error::invalid(at, "`parameters` must be an array"));
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, value) in items.iter().enumerate() {
        let (object, location) = resolver.deref_object(value, at.index(i))?;
        let text = |key: &str| object.get(key).and_then(Value::as_str).map(str::to_string);
        let Some(name) = text("name") else {
            return Err(Error::invalid(&location, "parameter without a `name`"));
        };
        if location.pointer.ends_with(&format!("/parameters/{i}")) {
            resolver.inline_parameters.insert(format!("{}#{}", location.file, location.pointer), name.clone());
        }
        let place = match text("in").as_deref() {
            Some("path") => ParamIn::Path,
            Some("query") => ParamIn::Query,
            Some("header") => ParamIn::Header,
            Some("cookie") => ParamIn::Cookie,
            other => {
                return Err(Error::invalid(&location, format!("parameter `{name}` has an invalid `in`: {other:?}")));
            }
        };
        let file = resolver.file_of(&location);
        let schema = if let Some(schema) = object.get("schema") {
            Some(resolver.schema(file, location.child("schema"), schema, 0)?)
        } else {
            content(resolver, object, &location)?.into_values().flatten().next()
        };
        out.push(Parameter {
            name,
            place,
            required: place == ParamIn::Path || object.get("required").and_then(Value::as_bool).unwrap_or(false),
            schema,
            description: text("description"),
            style: text("style"),
            explode: object.get("explode").and_then(Value::as_bool),
            deprecated: object.get("deprecated").and_then(Value::as_bool).unwrap_or(false),
            extensions: object
                .iter()
                .filter(|(k, _)| k.starts_with("x-"))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            location,
        });
    }
    Ok(out)
}

/// Each media type's first example: its `example`, else the `value` of the first of
/// its `examples` (followed through `$ref`); an example that cannot be read is skipped.
fn media_examples<'a>(
    resolver: &Resolver<'a>,
    object: &'a Map<String, Value>,
    at: &Location,
) -> IndexMap<String, Value> {
    let mut out = IndexMap::new();
    for (media, entry) in object.get("content").and_then(Value::as_object).into_iter().flatten() {
        let named = || {
            let (name, example) = entry.get("examples")?.as_object()?.iter().next()?;
            let (example, _) =
                resolver.deref_object(example, at.child("content").child(media).child("examples").child(name)).ok()?;
            example.get("value").cloned()
        };
        if let Some(example) = entry.get("example").cloned().or_else(named) {
            out.insert(media.clone(), example);
        }
    }
    out
}

/// `content.{media}.encoding` of a body: each property's part content type (where it names one
/// media type), form style, and part headers.
fn encoding(object: &Map<String, Value>) -> IndexMap<String, Vec<PartEncoding>> {
    let mut out = IndexMap::new();
    for (media, entry) in object.get("content").and_then(Value::as_object).into_iter().flatten() {
        let encoding = entry.get("encoding").and_then(Value::as_object).into_iter().flatten();
        let parts: Vec<PartEncoding> = encoding
            .map(|(property, how)| PartEncoding {
                property: property.clone(),
                content_type: how
                    .get("contentType")
                    .and_then(Value::as_str)
                    // A list or a range (`image/png, image/jpeg`, `image/*`) says what may be sent, not what is.
                    .filter(|content_type| !content_type.contains([',', '*']))
                    .map(str::to_string),
                style: how.get("style").and_then(Value::as_str).map(str::to_string),
                explode: how.get("explode").and_then(Value::as_bool),
                headers: how
                    .get("headers")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                    .map(|(name, header)| (name.clone(), fixed_value(header.get("schema").unwrap_or(header))))
                    .collect(),
            })
            .collect();
        if !parts.is_empty() {
            out.insert(media.clone(), parts);
        }
    }
    out
}

/// The one value a schema allows or defaults to, as header text.
fn fixed_value(schema: &Value) -> Option<String> {
    let one_of_enum = schema.get("enum").and_then(Value::as_array).filter(|values| values.len() == 1).map(|v| &v[0]);
    let value = schema.get("const").or(one_of_enum).or_else(|| schema.get("default"))?;
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(_) | Value::Bool(_) => Some(value.to_string()),
        _ => None,
    }
}

pub(super) fn content<'a>(
    resolver: &mut Resolver<'a>,
    object: &'a Map<String, Value>,
    at: &Location,
) -> Result<IndexMap<String, Option<SchemaId>>, Error> {
    let mut out = IndexMap::new();
    let Some(content) = object.get("content").and_then(Value::as_object) else {
        return Ok(out);
    };
    let file = resolver.file_of(at);
    let mut parsed: Vec<(&Value, SchemaId)> = Vec::new();
    for (media, entry) in content {
        // OpenAPI 3.2's `itemSchema` describes each item of a stream (server-sent events, JSON Lines).
        let given =
            entry.get("schema").map(|s| ("schema", s)).or_else(|| entry.get("itemSchema").map(|s| ("itemSchema", s)));
        let schema = match given {
            // One schema written out per media type (as converters do) is one schema: later stages
            // tell formats of one value from different values by id.
            Some((key, schema)) => match parsed.iter().find(|(value, _)| *value == schema) {
                Some(&(_, id)) => Some(id),
                None => {
                    let id = resolver.schema(file, at.child("content").child(media).child(key), schema, 0)?;
                    parsed.push((schema, id));
                    Some(id)
                }
            },
            None => None,
        };
        out.insert(media.clone(), schema);
    }
    Ok(out)
}
