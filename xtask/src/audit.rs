//! `cargo xtask audit SPEC…`: the fidelity audit. It reads each spec as written (loaded, not
//! interpreted by the generator's later stages) beside the public API generated from it
//! (`api.json`'s [`Surface`]) and fails when the spec says something the API lost with no
//! warning saying so: an operation, a path or query parameter, a request body's media type, a
//! success response's type, an operation's server. A finding is excused by a generator warning
//! at (or under) the operation's pointer: the user was told.

use std::path::{Path, PathBuf};

use codegen::EmitOptions;
use codegen::load::{Documents, FileId};
use codegen::surface::{OperationApi, Surface, TypeApi};
use serde_json::{Map, Value};

/// OpenAPI's operation keys, as `api.json` spells their methods.
pub(crate) const METHODS: [(&str, &str); 8] = [
    ("get", "GET"),
    ("put", "PUT"),
    ("post", "POST"),
    ("delete", "DELETE"),
    ("options", "OPTIONS"),
    ("head", "HEAD"),
    ("patch", "PATCH"),
    ("trace", "TRACE"),
];

pub fn audit(specs: &[PathBuf]) -> Result<(), String> {
    if specs.is_empty() {
        return Err("usage: cargo xtask audit SPEC…".to_string());
    }
    let mut failed = Vec::new();
    for spec in specs {
        let findings = match audit_spec(spec) {
            Ok(findings) => findings,
            Err(error) => Findings { operations: 0, warnings: 0, list: vec![format!("does not generate: {error}")] },
        };
        let Findings { operations, warnings, list } = &findings;
        println!("audit {}: {operations} operations, {warnings} warnings, {} findings", spec.display(), list.len());
        for finding in &findings.list {
            println!("  {finding}");
        }
        if !findings.list.is_empty() {
            failed.push(spec.display().to_string());
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("the API drops what the spec says, unwarned: {}", failed.join(", ")))
    }
}

struct Findings {
    operations: usize,
    /// How many warnings the generator gave.
    warnings: usize,
    list: Vec<String>,
}

fn audit_spec(path: &Path) -> Result<Findings, String> {
    let docs = codegen::load::from_path(path).map_err(|e| e.to_string())?;
    let options = EmitOptions { surface: true, ..Default::default() };
    let generated = codegen::generate(path, &options).map_err(|e| e.to_string())?;
    let surface = Surface::from_json(&generated.files["api.json"])?;
    let warned: Vec<String> = generated.warnings.iter().map(|w| w.location.pointer.clone()).collect();
    Ok(Findings { warnings: warned.len(), ..check(&docs, &surface, &warned) })
}

/// The spec as loaded against the API generated from it, excused where `warned` (pointers) says.
fn check(docs: &Documents, surface: &Surface, warned: &[String]) -> Findings {
    let spec = Spec { docs, surface, warned };
    let mut list = Vec::new();
    let mut operations = 0;
    let root = &docs.root().value;
    let root_server = root.get("servers").and_then(Value::as_array).and_then(|l| l.first());
    let root_url = root_server.and_then(|s| server_url(s, None));
    let root_variables = root_server.and_then(|s| s.get("variables")).and_then(Value::as_object);
    let Some(paths) = root.get("paths").and_then(Value::as_object) else {
        return Findings { operations, warnings: 0, list };
    };
    for (template, item) in paths {
        let item_pointer = format!("/paths/{}", escape(template));
        let Some((item_file, item)) = spec.deref(Documents::ROOT, item) else { continue };
        for (key, method) in METHODS {
            let Some((file, op)) = item.get(key).and_then(|op| spec.deref(item_file, op)) else { continue };
            operations += 1;
            let pointer = format!("{item_pointer}/{key}");
            let endpoint = format!("{method} {template}");
            let mut finding = |what: String| {
                if !spec.is_warned(&pointer) {
                    list.push(format!("{endpoint}: {what}"));
                }
            };
            let Some(api) = surface.operations.get(&endpoint) else {
                finding("no method".to_string());
                continue;
            };
            let parameters = spec.parameters(item_file, item, file, op);
            for name in codegen::resolve::template_names(template) {
                if !api.args.iter().any(|(arg, _)| *arg == codegen::ident::field_ident(name)) {
                    finding(format!("path parameter `{name}` is not an argument"));
                }
            }
            let fields = spec.params_fields(api);
            for (name, place) in &parameters {
                let client_sends =
                    place == "header" && surface.client_headers.iter().any(|h| h.eq_ignore_ascii_case(name));
                if place != "path" && !fields.contains(name) && !client_sends {
                    finding(format!("{place} parameter `{name}` is not in the parameters"));
                }
            }
            // The methods sending the body in another media (`create_json`), listed beside it.
            let beside: Vec<&OperationApi> = ["json", "form", "multipart", "text", "binary"]
                .iter()
                .filter_map(|word| surface.operations.get(&format!("{endpoint} ({word})")))
                .collect();
            if let Some(what) = spec.body_lost(file, op, api, &beside, key) {
                finding(what);
            }
            if spec.has_success_schema(file, op) && api.returns.to_string() == "()" {
                finding("a documented success response has a schema, the method returns ()".to_string());
            }
            let servers = op.get("servers").or_else(|| item.get("servers"));
            if let Some(url) = servers.and_then(Value::as_array).and_then(|l| l.first()) {
                let url = server_url(url, root_variables).map(|u| u.trim_end_matches('/').to_string());
                let default = root_url.as_deref().map(|u| u.trim_end_matches('/'));
                let absolute = url.as_deref().is_some_and(|u| u.starts_with("http://") || u.starts_with("https://"));
                if url.as_deref() != default && absolute && api.server != url {
                    finding(format!("called on {:?}, the spec's server is {url:?}", api.server));
                }
            }
        }
    }
    Findings { operations, warnings: 0, list }
}

struct Spec<'a> {
    docs: &'a Documents,
    surface: &'a Surface,
    /// The pointers of the generator's warnings.
    warned: &'a [String],
}

impl<'a> Spec<'a> {
    /// `value`, or what its `$ref`s lead to, with the file it is in.
    fn deref(&self, file: FileId, value: &'a Value) -> Option<(FileId, &'a Map<String, Value>)> {
        deref(self.docs, file, value)
    }

    /// A warning at the operation or under it.
    fn is_warned(&self, pointer: &str) -> bool {
        self.warned.iter().any(|w| w == pointer || w.starts_with(&format!("{pointer}/")))
    }

    /// The operation's parameters (its path item's too) as (name, place).
    fn parameters(
        &self,
        item_file: FileId,
        item: &'a Map<String, Value>,
        file: FileId,
        op: &'a Map<String, Value>,
    ) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        for (file, list) in [(item_file, item.get("parameters")), (file, op.get("parameters"))] {
            for parameter in list.and_then(Value::as_array).into_iter().flatten() {
                let Some((_, parameter)) = self.deref(file, parameter) else { continue };
                let text = |key: &str| parameter.get(key).and_then(Value::as_str).unwrap_or_default().to_string();
                let entry = (text("name"), text("in"));
                if !out.contains(&entry) {
                    out.push(entry);
                }
            }
        }
        out
    }

    /// The JSON names of the fields of the method's parameters struct (`params: &XParams`), through
    /// aliases (operations with the same parameters share one struct).
    fn params_fields(&self, api: &OperationApi) -> Vec<String> {
        let mut out = Vec::new();
        for (arg, ty) in &api.args {
            if arg != "params" {
                continue;
            }
            let mut name = ty.to_string().trim_start_matches('&').to_string();
            for _ in 0..8 {
                match self.surface.types.get(&name) {
                    Some(TypeApi::Alias { target }) => name = target.to_string(),
                    Some(TypeApi::Struct { fields }) => {
                        out.extend(fields.values().map(|field| field.json.clone()));
                        break;
                    }
                    _ => break,
                }
            }
        }
        out
    }

    /// What the methods lost of the request body: a media type neither sent by one of them nor
    /// said to be sent with its `Content-Type`, or the whole body when it could carry something.
    fn body_lost(
        &self,
        file: FileId,
        op: &'a Map<String, Value>,
        api: &OperationApi,
        beside: &[&OperationApi],
        key: &str,
    ) -> Option<String> {
        let (file, body) = self.deref(file, op.get("requestBody")?)?;
        let content = body.get("content").and_then(Value::as_object)?;
        let has_body_arg = |api: &OperationApi| api.args.iter().any(|(name, _)| name.starts_with("body"));
        let methods: Vec<&OperationApi> =
            std::iter::once(api).chain(beside.iter().copied()).filter(|a| has_body_arg(a)).collect();
        if !methods.is_empty() {
            // Each method sends one media type: what no other method says it sends, and not one
            // it sends only with its `Content-Type` set.
            for (i, method) in methods.iter().enumerate() {
                let elsewhere = |media: &String| {
                    methods.iter().enumerate().any(|(j, other)| {
                        j != i && (other.body_media.as_ref() == Some(media) || other.also_as.contains(media))
                    })
                };
                let sent: Vec<&String> =
                    content.keys().filter(|media| !method.also_as.contains(media) && !elsewhere(media)).collect();
                if sent.len() != 1 || method.body_media.as_ref().is_some_and(|m| Some(m) != sent.first().copied()) {
                    return Some(format!(
                        "{} of the body's media types are sent by `{}`, one must be",
                        sent.len(),
                        method.call
                    ));
                }
            }
            return None;
        }
        let carries_something = content.values().any(|media| {
            media.get("schema").and_then(|schema| self.deref(file, schema)).is_some_and(|(_, s)| self.carries(s))
        });
        // An empty body is sent as `{}` (required) or left out (optional, on GET, HEAD, DELETE).
        (carries_something && !matches!(key, "get" | "head" | "delete"))
            .then(|| "the request body is not an argument".to_string())
    }

    /// Whether a response schema holds a value: not only `null`, and not an envelope
    /// (`success`, `errors`, `messages`) whose `result` is only `null`.
    fn holds_value(&self, file: FileId, schema: &'a Map<String, Value>) -> bool {
        let null_only = |schema: &Map<String, Value>| {
            schema.get("type").and_then(Value::as_str) == Some("null")
                || schema.get("enum").and_then(Value::as_array).is_some_and(|e| e.iter().all(Value::is_null))
        };
        if null_only(schema) {
            return false;
        }
        let mut properties: Vec<(&String, FileId, &Value)> = Vec::new();
        let parts = schema.get("allOf").and_then(Value::as_array).into_iter().flatten();
        for (file, part) in std::iter::once((file, schema)).chain(parts.filter_map(|p| self.deref(file, p))) {
            let own = part.get("properties").and_then(Value::as_object).into_iter().flatten();
            properties.extend(own.map(|(name, value)| (name, file, value)));
        }
        let has = |name: &str| properties.iter().any(|(n, _, _)| *n == name);
        let null_result = properties.iter().any(|(name, file, value)| {
            *name == "result" && self.deref(*file, value).is_some_and(|(_, result)| null_only(result))
        });
        let envelope = has("success") && has("errors") && has("messages");
        !(envelope && null_result) && self.carries(schema)
    }

    /// Whether a schema can hold a value a caller chooses (not only `{}`).
    fn carries(&self, schema: &Map<String, Value>) -> bool {
        let non_empty = |key: &str| match schema.get(key) {
            Some(Value::Object(o)) => !o.is_empty(),
            Some(Value::Array(a)) => !a.is_empty(),
            Some(Value::Bool(b)) => *b,
            _ => false,
        };
        non_empty("properties")
            || non_empty("additionalProperties")
            || non_empty("allOf")
            || non_empty("oneOf")
            || non_empty("anyOf")
            || schema.get("type").and_then(Value::as_str).is_some_and(|t| t != "object")
    }

    /// A 2xx response (else `default`) has content with a schema.
    fn has_success_schema(&self, file: FileId, op: &'a Map<String, Value>) -> bool {
        let Some(responses) = op.get("responses").and_then(Value::as_object) else { return false };
        let success: Vec<&Value> =
            responses.iter().filter(|(status, _)| status.starts_with('2')).map(|(_, response)| response).collect();
        let chosen = if success.is_empty() { responses.get("default").into_iter().collect() } else { success };
        chosen.into_iter().filter_map(|response| self.deref(file, response)).any(|(file, response)| {
            let content = response.get("content").and_then(Value::as_object);
            content.into_iter().flatten().any(|(_, media)| {
                media.get("schema").and_then(|s| self.deref(file, s)).is_some_and(|(file, s)| self.holds_value(file, s))
            })
        })
    }
}

/// A server's URL with its variables (or `fallback`'s) at their defaults.
fn server_url(server: &Value, fallback: Option<&Map<String, Value>>) -> Option<String> {
    let mut url = server.get("url")?.as_str()?.to_string();
    let own = server.get("variables").and_then(Value::as_object);
    for variables in own.into_iter().chain(fallback) {
        for (name, variable) in variables {
            if let Some(default) = variable.get("default").and_then(Value::as_str) {
                url = url.replace(&format!("{{{name}}}"), default);
            }
        }
    }
    Some(url)
}

/// `value`, or what its `$ref`s lead to (at most 32 in a row), with the file it is in.
pub(crate) fn deref<'a>(
    docs: &'a Documents,
    mut file: FileId,
    mut value: &'a Value,
) -> Option<(FileId, &'a Map<String, Value>)> {
    for _ in 0..32 {
        let Some(target) = value.get("$ref").and_then(Value::as_str) else {
            return value.as_object().map(|object| (file, object));
        };
        let (file_part, pointer) = target.split_once('#').unwrap_or((target, ""));
        if !file_part.is_empty() {
            file = docs.file_for(file, file_part)?;
        }
        value = docs.get(file).value.pointer(pointer)?;
    }
    None
}

/// RFC 6901: `~` → `~0`, `/` → `~1`.
fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A spec with one of each thing the audit checks, and the API generated from it.
    fn generated() -> (Documents, Surface) {
        let spec = serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "servers": [{"url": "https://api.example.com"}],
            "paths": {"/files/{id}": {"put": {
                "servers": [{"url": "https://upload.example.com"}],
                "parameters": [
                    {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                    {"name": "force", "in": "query", "schema": {"type": "boolean"}}
                ],
                "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {"a": {"type": "string"}}}}}},
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object", "properties": {"b": {"type": "string"}}}}}}}
            }}}
        });
        let base = Path::new(".");
        let docs = codegen::load::from_value("t.json", spec.clone(), base, &Default::default()).unwrap();
        let options = EmitOptions { surface: true, ..Default::default() };
        let generated = codegen::generate_from_value("t.json", spec, base, &options).unwrap();
        (docs, Surface::from_json(&generated.files["api.json"]).unwrap())
    }

    #[test]
    fn the_generated_api_passes_and_each_loss_is_found() {
        let (docs, surface) = generated();
        assert_eq!(check(&docs, &surface, &[]).list, Vec::<String>::new());
        type Loss = (&'static str, fn(&mut OperationApi));
        let losses: [Loss; 4] = [
            ("path parameter `id`", |api| api.args.retain(|(name, _)| name != "id")),
            ("the request body", |api| api.args.retain(|(name, _)| name != "body")),
            ("returns ()", |api| api.returns = codegen::surface::RustType::parse("()").unwrap()),
            ("the spec's server", |api| api.server = None),
        ];
        for (what, lose) in losses {
            let mut lossy = surface.clone();
            lose(lossy.operations.get_mut("PUT /files/{id}").unwrap());
            let findings = check(&docs, &lossy, &[]).list;
            assert!(findings.iter().any(|f| f.contains(what)), "{what}: {findings:?}");
            // A warning at the operation excuses it.
            assert!(check(&docs, &lossy, &["/paths/~1files~1{id}/put".to_string()]).list.is_empty());
        }
        let mut no_query = surface.clone();
        no_query.types.values_mut().for_each(|ty| {
            if let TypeApi::Struct { fields } = ty {
                fields.retain(|_, field| field.json != "force");
            }
        });
        assert!(check(&docs, &no_query, &[]).list.iter().any(|f| f.contains("query parameter `force`")));
    }
}
