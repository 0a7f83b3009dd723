//! Path items, operations, parameters, request bodies and responses (rules 3–7).

use serde_json::{Map, Value, json};

use super::{Ctx, Log, Part, http_schemes, media_list, schemas};
use crate::diagnostics::Location;

const METHODS: [&str; 7] = ["get", "put", "post", "delete", "options", "head", "patch"];

/// What 2.0 writes on a parameter (and a header, and a form field) and 3.0 in its `schema`.
const SCHEMA_KEYWORDS: [&str; 16] = [
    "type",
    "format",
    "items",
    "default",
    "enum",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "uniqueItems",
    "multipleOf",
];

/// A body or form parameter, taken out of a parameter list: it becomes (part of) the request body.
#[derive(Clone)]
struct BodyParameter {
    parameter: Map<String, Value>,
}

impl BodyParameter {
    fn place(&self) -> Option<&str> {
        self.parameter.get("in").and_then(Value::as_str)
    }

    fn name(&self) -> Option<&str> {
        self.parameter.get("name").and_then(Value::as_str)
    }
}

pub(super) fn is_body_parameter(parameter: &Value) -> bool {
    matches!(parameter.get("in").and_then(Value::as_str), Some("body" | "formData"))
}

/// A path item: its parameters, then each operation with the path's body and
/// form parameters it does not redefine (rule 6: they merge per operation).
pub(super) fn convert_path_item(item: &mut Value, at: &Location, ctx: &Ctx, log: &mut Log) {
    let Some(item) = item.as_object_mut() else { return };
    if let Some(reference) = item.get("$ref").and_then(Value::as_str) {
        ctx.job(log, reference, Part::PathItem);
        return;
    }
    let mut shared = Vec::new();
    if let Some(Value::Array(list)) = item.get_mut("parameters") {
        shared = convert_parameter_list(list, &at.child("parameters"), ctx, log);
        if list.is_empty() {
            item.shift_remove("parameters");
        }
    }
    for method in METHODS {
        if let Some(op) = item.get_mut(method) {
            convert_operation(op, &at.child(method), &shared, ctx, log);
        }
    }
}

/// Converts the parameters of a list in place and takes out the body and
/// form ones (a `$ref` to one is copied: each operation's body is its own).
fn convert_parameter_list(list: &mut Vec<Value>, at: &Location, ctx: &Ctx, log: &mut Log) -> Vec<BodyParameter> {
    let mut bodies = Vec::new();
    let mut kept = Vec::with_capacity(list.len());
    for mut parameter in std::mem::take(list) {
        match body_parameter(&parameter, ctx) {
            Some(body) => bodies.push(body),
            None => {
                convert_parameter(&mut parameter, &at.index(kept.len()), ctx, log);
                kept.push(parameter);
            }
        }
    }
    *list = kept;
    bodies
}

/// The parameter, or what its `$ref` names, when it is a body or form parameter.
fn body_parameter(parameter: &Value, ctx: &Ctx) -> Option<BodyParameter> {
    let (file, target) = ctx.follow(parameter)?;
    if !is_body_parameter(target) {
        return None;
    }
    match ctx.moved_here(target, file)? {
        Value::Object(parameter) => Some(BodyParameter { parameter }),
        _ => None,
    }
}

/// An operation (rules 3–7): parameters, the request body its body or form
/// parameters make, responses in its `produces`, servers for its `schemes`.
fn convert_operation(op: &mut Value, at: &Location, shared: &[BodyParameter], ctx: &Ctx, log: &mut Log) {
    let Some(op) = op.as_object_mut() else { return };
    let own_consumes = media_list(op.get("consumes"));
    let consumes = own_consumes.clone().unwrap_or_else(|| ctx.defaults.consumes.clone());
    let produces = media_list(op.get("produces")).unwrap_or_else(|| ctx.defaults.produces.clone());
    let mut bodies = Vec::new();
    if let Some(Value::Array(list)) = op.get_mut("parameters") {
        bodies = convert_parameter_list(list, &at.child("parameters"), ctx, log);
        if list.is_empty() {
            op.shift_remove("parameters");
        }
    }
    let redefined = |path_level: &BodyParameter| {
        bodies.iter().any(|own| own.name() == path_level.name() && own.place() == path_level.place())
    };
    let mut parameters: Vec<BodyParameter> = shared.iter().filter(|p| !redefined(p)).cloned().collect();
    parameters.append(&mut bodies);
    if !parameters.is_empty() {
        let body = request_body(parameters, &consumes, own_consumes.is_some(), &at.child("requestBody"), ctx, log);
        op.insert("requestBody".into(), body);
    }
    if let Some(Value::Object(responses)) = op.get_mut("responses") {
        for (status, response) in responses.iter_mut() {
            let at = at.child("responses").child(status);
            convert_operation_response(response, status, &produces, &at, ctx, log);
        }
    }
    if let Some(servers) = operation_servers(op.get("schemes"), ctx) {
        op.insert("servers".into(), servers);
    }
    for key in ["consumes", "produces", "schemes"] {
        op.shift_remove(key);
    }
}

/// Rule 1: an operation whose `schemes` leave out the document's first gets
/// servers in its own (◆ swagger2openapi adds them only for a scheme the
/// document does not list, so an http-only operation of an `[https, http]`
/// API would be called over https). Only with a `host`: a relative server has
/// no scheme.
fn operation_servers(schemes: Option<&Value>, ctx: &Ctx) -> Option<Value> {
    let host = ctx.defaults.host.as_ref()?;
    let schemes = http_schemes(schemes);
    if schemes.first().is_none_or(|first| Some(first) == ctx.defaults.schemes.first()) {
        return None;
    }
    let base = &ctx.defaults.base_path;
    Some(schemes.iter().map(|scheme| json!({"url": format!("{scheme}://{host}{base}")})).collect())
}

/// Rule 3: a parameter that is not a body: its type and limits go into a
/// `schema`, `collectionFormat` becomes `style`/`explode` (rule 4). Body and
/// form parameters are left for the operations that use them.
pub(super) fn convert_parameter(parameter: &mut Value, at: &Location, ctx: &Ctx, log: &mut Log) {
    let Some(parameter) = parameter.as_object_mut() else { return };
    if let Some(reference) = parameter.get("$ref").and_then(Value::as_str) {
        ctx.job(log, reference, Part::Parameter);
        return;
    }
    let place = parameter.get("in").and_then(Value::as_str).unwrap_or_default().to_string();
    if place == "body" || place == "formData" {
        return;
    }
    rename(parameter, "x-example", "example");
    if matches!(parameter.get("x-deprecated"), Some(Value::Bool(_))) {
        rename(parameter, "x-deprecated", "deprecated");
    }
    if place == "path" {
        parameter.insert("required".into(), json!(true));
    }
    if let Some(schema) = parameter.get_mut("schema") {
        // Already an OpenAPI 3 parameter.
        schemas::convert(schema, ctx, log);
        return;
    }
    let format = parameter.shift_remove("collectionFormat");
    let mut schema = take_schema_keywords(parameter);
    schema.entry("type").or_insert_with(|| json!("string"));
    if schema.get("type").and_then(Value::as_str) == Some("array") {
        let format = format.as_ref().and_then(Value::as_str).unwrap_or("csv");
        set_style(parameter, format, &place, at, log);
    }
    let mut schema = Value::Object(schema);
    schemas::convert(&mut schema, ctx, log);
    parameter.insert("schema".into(), schema);
}

/// The type keywords of a 2.0 parameter, header or form field, as a schema.
/// Nested `collectionFormat`s (an array of arrays) have no OpenAPI 3 form and go.
fn take_schema_keywords(object: &mut Map<String, Value>) -> Map<String, Value> {
    let mut schema = Map::new();
    for key in SCHEMA_KEYWORDS {
        if let Some(value) = object.shift_remove(key) {
            schema.insert(key.into(), value);
        }
    }
    let mut items = schema.get_mut("items");
    while let Some(Value::Object(inner)) = items {
        inner.shift_remove("collectionFormat");
        items = inner.get_mut("items");
    }
    schema
}

/// Rule 4: `collectionFormat` as `style` and `explode`. An array without one
/// is 2.0's default, `csv` (◆ swagger2openapi leaves 3.0's default there,
/// which explodes query arrays: `?id=1&id=2` where the server reads `?id=1,2`).
fn set_style(parameter: &mut Map<String, Value>, format: &str, place: &str, at: &Location, log: &mut Log) {
    let query = place == "query";
    let style = match format {
        "multi" => {
            parameter.insert("explode".into(), json!(true));
            return;
        }
        "ssv" if query => "spaceDelimited",
        "pipes" if query => "pipeDelimited",
        "csv" => "csv",
        other => {
            let because = match other {
                "tsv" => "`tsv` has no OpenAPI 3 style".to_string(),
                "ssv" | "pipes" => format!("`{other}` is a style of query parameters only in OpenAPI 3"),
                _ => format!("`{other}` is not a Swagger 2.0 collection format"),
            };
            log.warn(at, format!("collectionFormat {because}; the values are sent comma-separated (`csv`)"));
            "csv"
        }
    };
    match (style, place) {
        ("csv", "query" | "cookie") => {
            parameter.insert("style".into(), json!("form"));
            parameter.insert("explode".into(), json!(false));
        }
        ("csv", _) => {
            parameter.insert("style".into(), json!("simple"));
        }
        (style, _) => {
            parameter.insert("style".into(), json!(style));
        }
    }
}

fn rename(object: &mut Map<String, Value>, old: &str, new: &str) {
    if let Some(value) = object.shift_remove(old) {
        object.entry(new).or_insert(value);
    }
}

/// Rules 5 and 6: the request body the operation's body or form parameters make.
fn request_body(
    parameters: Vec<BodyParameter>,
    consumes: &[String],
    own_consumes: bool,
    at: &Location,
    ctx: &Ctx,
    log: &mut Log,
) -> Value {
    let (bodies, fields): (Vec<_>, Vec<_>) = parameters.into_iter().partition(|p| p.place() == Some("body"));
    let Some(body) = bodies.first() else { return form_body(fields, consumes, own_consumes, at, ctx, log) };
    if bodies.len() > 1 {
        log.warn(
            at,
            format!("{} `in: body` parameters; the first is the request body, the others are left out", bodies.len()),
        );
    }
    if !fields.is_empty() {
        log.warn(
            at,
            "`in: body` and `in: formData` parameters together; the form fields are left out of the request body",
        );
    }
    json_body(&body.parameter, consumes, at, ctx, log)
}

/// Rule 5: an `in: body` parameter is the body, in each media type of
/// `consumes` (the operation's, else the document's, else JSON).
/// ◆ `text/…` types go when the schema is not a string: gitea's document-wide
/// `consumes: [application/json, text/plain]` does not make an object a text body.
fn json_body(parameter: &Map<String, Value>, consumes: &[String], at: &Location, ctx: &Ctx, log: &mut Log) -> Value {
    let mut schema = match parameter.get("schema") {
        Some(schema) => schema.clone(),
        // A body of `type: file`, as some 2.0 specs write an upload.
        None if parameter.get("type").and_then(Value::as_str) == Some("file") => binary(),
        None => json!({}),
    };
    schemas::convert(&mut schema, ctx, log);
    let mut media: Vec<&str> = consumes.iter().map(String::as_str).collect();
    if media.is_empty() {
        media.push("application/json");
    }
    if media.iter().any(|m| !is_text(m)) && media.iter().any(|m| is_text(m)) && !schemas::may_be_string(&schema, ctx) {
        media.retain(|m| !is_text(m));
        log.text_dropped.push(at.clone());
    }
    let content: Map<String, Value> = media.into_iter().map(|m| (m.to_string(), json!({"schema": schema}))).collect();
    let mut body = Map::new();
    for key in ["description", "required"] {
        if let Some(value) = parameter.get(key) {
            body.insert(key.into(), value.clone());
        }
    }
    body.insert("content".into(), Value::Object(content));
    body.extend(extensions(parameter));
    Value::Object(body)
}

fn is_text(media: &str) -> bool {
    media.trim_start().get(..5).is_some_and(|start| start.eq_ignore_ascii_case("text/"))
}

fn essence(media: &str) -> String {
    media.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

fn binary() -> Value {
    json!({"type": "string", "format": "binary"})
}

fn extensions(object: &Map<String, Value>) -> impl Iterator<Item = (String, Value)> + '_ {
    object.iter().filter(|(key, _)| key.starts_with("x-")).map(|(key, value)| (key.clone(), value.clone()))
}

/// Rule 6: `in: formData` parameters are the properties of one object body,
/// `multipart/form-data` when `consumes` lists it, else urlencoded; a
/// `type: file` field is a binary string. ◆ The body is required when a field
/// is (swagger2openapi leaves it optional, so a required field could go unsent).
fn form_body(
    fields: Vec<BodyParameter>,
    consumes: &[String],
    own_consumes: bool,
    at: &Location,
    ctx: &Ctx,
    log: &mut Log,
) -> Value {
    const MULTIPART: &str = "multipart/form-data";
    const URLENCODED: &str = "application/x-www-form-urlencoded";
    let media = if consumes.iter().any(|m| essence(m) == MULTIPART) { MULTIPART } else { URLENCODED };
    // ◆ swagger2openapi drops these silently (gitea's release assets also list `application/octet-stream`).
    let others: Vec<&str> = consumes
        .iter()
        .map(String::as_str)
        .filter(|m| ![MULTIPART, URLENCODED].contains(&essence(m).as_str()))
        .collect();
    if own_consumes && !others.is_empty() {
        log.warn(
            at,
            format!(
                "`consumes` also lists {}, which form parameters cannot describe; the body is sent as `{media}` only",
                others.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ")
            ),
        );
    }
    let mut properties = Map::new();
    let mut required = Vec::new();
    for field in fields {
        let Some(name) = field.name().map(str::to_string) else { continue };
        if field.parameter.get("required") == Some(&Value::Bool(true)) && !required.contains(&json!(name)) {
            required.push(json!(name));
        }
        properties.insert(name, form_property(field.parameter, ctx, log));
    }
    let mut schema = json!({"type": "object", "properties": properties});
    if required.is_empty() {
        return json!({"content": {media: {"schema": schema}}});
    }
    schema["required"] = Value::Array(required);
    json!({"required": true, "content": {media: {"schema": schema}}})
}

/// A form parameter as the schema of its property.
fn form_property(mut parameter: Map<String, Value>, ctx: &Ctx, log: &mut Log) -> Value {
    let mut schema = take_schema_keywords(&mut parameter);
    for key in ["description", "example", "x-example"] {
        if let Some(value) = parameter.shift_remove(key) {
            schema.entry(key.trim_start_matches("x-")).or_insert(value);
        }
    }
    schema.extend(extensions(&parameter));
    let mut schema = Value::Object(schema);
    schemas::convert(&mut schema, ctx, log);
    schema
}

/// A response of an operation: converted in the operation's `produces`.
/// A `$ref` to a shared response stays one, unless the operation's
/// `produces` decode differently from the document's, in which the shared one
/// is written (◆ below); a `$ref` to a schema is read as a response with that body.
fn convert_operation_response(
    response: &mut Value,
    status: &str,
    produces: &[String],
    at: &Location,
    ctx: &Ctx,
    log: &mut Log,
) {
    let Some(reference) = response.get("$ref").and_then(Value::as_str).map(str::to_string) else {
        if let Some(response) = response.as_object_mut() {
            convert_response(response, status, produces, ctx, log);
        }
        return;
    };
    if points_at_schema(&reference) {
        // ◆ swagger2openapi stops here ("definition used as response"), or leaves a broken `$ref`.
        ctx.job(log, &reference, Part::Schema);
        let mut wrapped = Map::new();
        wrapped.insert("schema".into(), json!({"$ref": reference}));
        convert_response(&mut wrapped, status, produces, ctx, log);
        *response = Value::Object(wrapped);
        log.schema_responses.push(at.clone());
        return;
    }
    match own_copy(response, produces, ctx) {
        Some(mut copy) => {
            convert_response(&mut copy, status, produces, ctx, log);
            *response = Value::Object(copy);
        }
        None => ctx.job(log, &reference, Part::Response),
    }
}

/// `#/definitions/X` (now `#/components/schemas/X`) where a response belongs.
fn points_at_schema(reference: &str) -> bool {
    reference.split_once('#').is_some_and(|(_, pointer)| pointer.starts_with("/components/schemas/"))
}

/// ◆ A shared response is written once, in the document's `produces`. An
/// operation whose own `produces` decode differently (no JSON type where the
/// document's has one, or the reverse) gets a copy of it in its own: gitea's
/// `POST /markdown` (`text/html` only) returns its text, where
/// swagger2openapi's conversion would decode the shared `application/json`.
/// The copy is still 2.0 (its `schema` back from its `content` if the shared
/// one was converted first); `None` when the `$ref` stays.
fn own_copy(response: &Value, produces: &[String], ctx: &Ctx) -> Option<Map<String, Value>> {
    let own = response_media(produces);
    let shared = response_media(&ctx.defaults.produces);
    if own == shared || (own.iter().any(|m| is_json(m)) && shared.iter().any(|m| is_json(m))) {
        return None;
    }
    let (file, target) = ctx.follow(response)?;
    let Value::Object(mut copy) = ctx.moved_here(target, file)? else { return None };
    if !copy.contains_key("schema") {
        let content = copy.shift_remove("content")?;
        let schema = content.as_object()?.values().find_map(|media| media.get("schema"))?.clone();
        copy.insert("schema".into(), schema);
    }
    Some(copy)
}

/// What a response's schema is offered as: the `produces` that apply, else
/// JSON. (swagger2openapi says `*/*`; but a 2.0 spec that names no media type
/// means JSON, which its servers send, and `*/*` would leave the body untyped.)
fn response_media(produces: &[String]) -> Vec<String> {
    if produces.is_empty() { vec!["application/json".to_string()] } else { produces.to_vec() }
}

fn is_json(media: &str) -> bool {
    let essence = essence(media);
    essence == "application/json" || essence.ends_with("+json")
}

/// A response of `components/responses` (rule 7): in the document's `produces`, as swagger2openapi does.
pub(super) fn convert_shared_response(response: &mut Value, ctx: &Ctx, log: &mut Log) {
    let Some(response) = response.as_object_mut() else { return };
    if let Some(reference) = response.get("$ref").and_then(Value::as_str) {
        ctx.job(log, reference, Part::Response);
        return;
    }
    convert_response(response, "", &ctx.defaults.produces, ctx, log);
}

/// Rule 7: the `schema` in each media type of `produces` (with its example),
/// headers with their own schemas, and a description where 2.0 required one
/// but the spec left it out.
fn convert_response(response: &mut Map<String, Value>, status: &str, produces: &[String], ctx: &Ctx, log: &mut Log) {
    if !matches!(response.get("description"), Some(Value::String(_))) {
        response.insert("description".into(), json!(status_phrase(status)));
    }
    let examples = response.shift_remove("examples");
    if let Some(mut schema) = response.shift_remove("schema") {
        schemas::convert(&mut schema, ctx, log);
        let content: Map<String, Value> = response_media(produces)
            .into_iter()
            .map(|media| {
                let mut entry = json!({"schema": schema});
                if let Some(example) = examples.as_ref().and_then(|e| e.get(&media)) {
                    entry["example"] = example.clone();
                }
                (media, entry)
            })
            .collect();
        response.insert("content".into(), Value::Object(content));
    }
    if let Some(Value::Object(headers)) = response.get_mut("headers") {
        headers.retain(|name, _| !name.eq_ignore_ascii_case("status code"));
        for header in headers.values_mut() {
            convert_header(header, ctx, log);
        }
    }
}

/// A response header: its type in a `schema`; `csv` is 3.0's `simple` style,
/// the only one headers have.
fn convert_header(header: &mut Value, ctx: &Ctx, log: &mut Log) {
    let Some(header) = header.as_object_mut() else { return };
    if header.contains_key("$ref") || header.contains_key("schema") {
        return;
    }
    if header.shift_remove("collectionFormat").is_some() {
        header.insert("style".into(), json!("simple"));
    }
    let mut schema = Value::Object(take_schema_keywords(header));
    schemas::convert(&mut schema, ctx, log);
    header.insert("schema".into(), schema);
}

/// The reason phrase of a status, for a response 2.0 required to describe that did not.
fn status_phrase(status: &str) -> &'static str {
    match status {
        "200" => "OK",
        "201" => "Created",
        "202" => "Accepted",
        "204" => "No Content",
        "301" => "Moved Permanently",
        "302" => "Found",
        "304" => "Not Modified",
        "400" => "Bad Request",
        "401" => "Unauthorized",
        "403" => "Forbidden",
        "404" => "Not Found",
        "405" => "Method Not Allowed",
        "409" => "Conflict",
        "410" => "Gone",
        "412" => "Precondition Failed",
        "413" => "Payload Too Large",
        "415" => "Unsupported Media Type",
        "422" => "Unprocessable Entity",
        "429" => "Too Many Requests",
        "500" => "Internal Server Error",
        "502" => "Bad Gateway",
        "503" => "Service Unavailable",
        "504" => "Gateway Timeout",
        "default" => "Default response",
        _ => "",
    }
}
