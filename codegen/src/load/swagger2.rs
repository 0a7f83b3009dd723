//! Swagger 2.0 → OpenAPI 3.0, on load (issue 25): the later stages read only
//! OpenAPI 3, so a 2.0 spec is rewritten in place as swagger2openapi, the
//! standard converter, would (with `--patch`), except where a doc comment marks
//! a deviation ◆: there that converter loses something the client needs.
//!
//! First every file moves its `definitions`, `parameters` and `responses` under
//! `components`, and every `$ref` follows them. Then each part is converted as
//! what it is (a path item, a parameter, a response, a schema): the root's
//! paths and components, each file's components, and whatever a `$ref` reaches,
//! since what a part of another file is depends on what refers to it.
//! Nothing here fails: a part of the wrong type is left as it is, for the
//! resolver to report.

mod operations;
mod schemas;
#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use serde_json::{Map, Value, json};

use super::{Document, FileId, NAME_MAPS, join, percent_decode};
use crate::diagnostics::{Location, Warning, pointer_of};

/// The document's `consumes`, `produces` and servers, which its operations
/// inherit: read before the conversion removes them.
struct Defaults {
    consumes: Vec<String>,
    produces: Vec<String>,
    /// `host`, when the document names one: servers need a scheme only then.
    host: Option<String>,
    /// `basePath`, with a leading and no trailing `/` (`""` for none).
    base_path: String,
    /// The document's `http`/`https` schemes, https first; `https` when it names none.
    schemes: Vec<String>,
}

impl Defaults {
    fn read(root: &Value) -> Defaults {
        let text = |key: &str| root.get(key).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty());
        let base_path = text("basePath").unwrap_or_default().trim_end_matches('/');
        let base_path = if base_path.is_empty() || base_path.starts_with('/') {
            base_path.to_string()
        } else {
            format!("/{base_path}")
        };
        let schemes = http_schemes(root.get("schemes"));
        Defaults {
            consumes: media_list(root.get("consumes")).unwrap_or_default(),
            produces: media_list(root.get("produces")).unwrap_or_default(),
            // Some specs write a scheme into `host` too.
            host: text("host").map(|h| h.rsplit("://").next().unwrap_or(h).trim_end_matches('/').to_string()),
            base_path,
            schemes: if schemes.is_empty() { vec!["https".to_string()] } else { schemes },
        }
    }

    /// Rule 1: one server per scheme with `host`; `basePath` alone is a
    /// relative server (gitea's `/api/v1`); neither, no server (the client
    /// then asks for a base URL).
    fn servers(&self) -> Vec<String> {
        match &self.host {
            Some(host) => self.schemes.iter().map(|scheme| format!("{scheme}://{host}{}", self.base_path)).collect(),
            None if !self.base_path.is_empty() => vec![self.base_path.clone()],
            None => Vec::new(),
        }
    }
}

/// `http` and `https` of a `schemes` list, https first (◆: a client should
/// prefer it; swagger2openapi keeps the spec's order). `ws`/`wss` are no
/// server a client of this generator calls.
fn http_schemes(value: Option<&Value>) -> Vec<String> {
    let listed: Vec<&str> = value.and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
    ["https", "http"]
        .into_iter()
        .filter(|s| listed.iter().any(|l| l.eq_ignore_ascii_case(s)))
        .map(String::from)
        .collect()
}

/// A `consumes`/`produces` list: its strings, without repeats; `None` when
/// absent or empty, so the document's list applies. A lone string is read as
/// a list of one, as swagger2openapi's `--patch` does.
fn media_list(value: Option<&Value>) -> Option<Vec<String>> {
    let mut list: Vec<String> = match value? {
        Value::String(one) => vec![one.clone()],
        Value::Array(items) => items.iter().filter_map(Value::as_str).map(str::to_string).collect(),
        _ => return None,
    };
    let mut seen = HashSet::new();
    list.retain(|media| seen.insert(media.clone()));
    (!list.is_empty()).then_some(list)
}

/// What a part of a document is, which decides the rules it gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    PathItem,
    Parameter,
    Response,
    Schema,
}

/// A part to convert: where it is and what it is.
#[derive(Debug, Clone)]
struct Job {
    file: usize,
    pointer: String,
    part: Part,
}

/// What converting a part leaves behind: warnings, and the parts its `$ref`s reach.
#[derive(Default)]
struct Log {
    warnings: Vec<Warning>,
    jobs: Vec<Job>,
    /// Request bodies that were not offered as the `text/*` types they list (one warning for the spec).
    text_dropped: Vec<Location>,
    /// Responses that were a schema's `$ref` (one warning for the spec).
    schema_responses: Vec<Location>,
}

impl Log {
    fn warn(&mut self, at: &Location, message: impl Into<String>) {
        self.warnings.push(Warning { location: at.clone(), message: message.into() });
    }

    /// The warnings, with the spec-wide counts each said once, at the first place (in pointer
    /// order, so the spec's key order cannot move it).
    fn finish(mut self) -> Vec<Warning> {
        if let Some(first) = self.text_dropped.iter().min() {
            let message = match self.text_dropped.len() {
                1 => "a request body whose schema is not a string is not offered as the `text/…` media types its \
                      `consumes` (or the document's) lists"
                    .to_string(),
                n => format!(
                    "{n} request bodies whose schema is not a string are not offered as the `text/…` media types \
                     their `consumes` (or the document's) lists (said once for the spec)"
                ),
            };
            self.warnings.push(Warning { location: first.clone(), message });
        }
        if let Some(first) = self.schema_responses.iter().min() {
            let message = match self.schema_responses.len() {
                1 => "a response that is a `$ref` to a schema (`#/definitions/…`), not to a response: read as a \
                      response with that schema as its body"
                    .to_string(),
                n => format!(
                    "{n} responses are a `$ref` to a schema (`#/definitions/…`), not to a response: read as \
                     responses with that schema as their body (said once for the spec)"
                ),
            };
            self.warnings.push(Warning { location: first.clone(), message });
        }
        self.warnings
    }
}

/// What converting one part may read: every file (a `$ref` may lead to
/// another), the document's defaults, and which file the part is in.
struct Ctx<'a> {
    files: &'a [Document],
    by_path: &'a HashMap<PathBuf, FileId>,
    defaults: &'a Defaults,
    file: usize,
}

impl<'a> Ctx<'a> {
    /// The file and JSON pointer a `$ref` in file `from` names; `None` for a
    /// remote or unloaded file or a fragment that is no pointer.
    fn target(&self, from: usize, reference: &str) -> Option<(usize, String)> {
        let (file_part, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        if file_part.contains("://") {
            return None;
        }
        let file = if file_part.is_empty() {
            from
        } else {
            self.by_path.get(&join(&self.files.get(from)?.path, file_part))?.0
        };
        let pointer = percent_decode(fragment);
        (pointer.is_empty() || pointer.starts_with('/')).then_some((file, pointer))
    }

    /// `value`, or what its `$ref` chain leads to, with the file that holds it.
    fn follow(&self, value: &'a Value) -> Option<(usize, &'a Value)> {
        let mut current = (self.file, value);
        for _ in 0..32 {
            let Some(reference) = current.1.get("$ref").and_then(Value::as_str) else { return Some(current) };
            let (file, pointer) = self.target(current.0, reference)?;
            current = (file, self.files.get(file)?.value.pointer(&pointer)?);
        }
        None
    }

    /// Converts what `reference` names as a `part`, later.
    fn job(&self, log: &mut Log, reference: &str, part: Part) {
        if let Some((file, pointer)) = self.target(self.file, reference) {
            log.jobs.push(Job { file, pointer, part });
        }
    }

    /// A copy of `value`, found in file `from`, to be placed in this part's
    /// file: its `$ref`s rewritten to mean the same from here. `None` when a
    /// `$ref` cannot be (a path that climbs above the spec's folder).
    fn moved_here(&self, value: &Value, from: usize) -> Option<Value> {
        let mut copy = value.clone();
        if from != self.file {
            let (from, here) = (&self.files.get(from)?.path, &self.files.get(self.file)?.path);
            let mut ok = true;
            for_each_ref(&mut copy, &mut |reference| {
                let (file_part, fragment) = reference.split_once('#').unwrap_or((reference.as_str(), ""));
                if file_part.contains("://") {
                    return;
                }
                let target = if file_part.is_empty() { from.clone() } else { join(from, file_part) };
                let fragment = if reference.contains('#') { format!("#{fragment}") } else { String::new() };
                match relative_path(here, &target) {
                    Some(path) => *reference = format!("{path}{fragment}"),
                    None => ok = false,
                }
            });
            if !ok {
                return None;
            }
        }
        Some(copy)
    }
}

/// How a file at `to` names the file at `from_file`: `""` for itself, else
/// a relative path. Both are normalised paths from the same base.
fn relative_path(from_file: &Path, to: &Path) -> Option<String> {
    if from_file == to {
        return Some(String::new());
    }
    let from_dir: Vec<Component> = from_file.parent().map(|p| p.components().collect()).unwrap_or_default();
    let target: Vec<Component> = to.components().collect();
    let common = from_dir.iter().zip(&target).take_while(|(a, b)| a == b).count();
    let mut parts = Vec::new();
    for component in &from_dir[common..] {
        match component {
            Component::Normal(_) => parts.push("..".to_string()),
            _ => return None,
        }
    }
    for component in &target[common..] {
        parts.push(component.as_os_str().to_str()?.to_string());
    }
    Some(parts.join("/"))
}

/// Converts every file of a Swagger 2.0 spec (`files[0]` is the root) to
/// OpenAPI 3.0 in place; returns the warnings.
pub(super) fn convert(files: &mut [Document], by_path: &HashMap<PathBuf, FileId>) -> Vec<Warning> {
    let Some(root) = files.first() else { return Vec::new() };
    let defaults = Defaults::read(&root.value);
    let mut log = Log::default();
    log.warn(
        &Location::new(root.name.clone(), ""),
        "Swagger 2.0 converted to OpenAPI 3.0 on load; pointers in warnings are into the converted document",
    );
    for (i, file) in files.iter_mut().enumerate() {
        move_to_components(&mut file.value, i == 0);
        for_each_ref(&mut file.value, &mut |reference| {
            if let Some(moved) = components_ref(reference) {
                *reference = moved;
            }
        });
    }
    convert_root(&mut files[0].value, &defaults);
    let mut queue = parts_of_files(files);
    let mut done = HashSet::new();
    let mut next = 0;
    while let Some(job) = queue.get(next).cloned() {
        next += 1;
        if done.insert((job.file, job.pointer.clone())) {
            convert_part(files, by_path, &defaults, &job, &mut log);
            queue.append(&mut log.jobs);
        }
    }
    for file in files.iter_mut() {
        remove_body_parameters(&mut file.value);
    }
    log.finish()
}

/// Where 2.0 keeps shared parts, and where 3.0 does.
const SECTIONS: [(&str, &str); 4] = [
    ("definitions", "schemas"),
    ("parameters", "parameters"),
    ("responses", "responses"),
    ("securityDefinitions", "securitySchemes"),
];

/// Rule 2: a file's `definitions`, `parameters` and `responses` (and the
/// root's `securityDefinitions`) move under `components`. Only maps move: a
/// file that is a path item has a `parameters` list, which stays.
fn move_to_components(value: &mut Value, root: bool) {
    let Some(document) = value.as_object_mut() else { return };
    for (old, new) in SECTIONS {
        if (old == "securityDefinitions" && !root) || !matches!(document.get(old), Some(Value::Object(_))) {
            continue;
        }
        let Some(Value::Object(section)) = document.shift_remove(old) else { continue };
        if !matches!(document.get("components"), Some(Value::Object(_))) {
            document.insert("components".into(), json!({}));
        }
        let Some(Value::Object(components)) = document.get_mut("components") else { continue };
        match components.get_mut(new) {
            Some(Value::Object(existing)) => existing.extend(section),
            _ => {
                components.insert(new.into(), Value::Object(section));
            }
        }
    }
}

/// `…#/definitions/X` → `…#/components/schemas/X`, and so for parameters and responses; `None`
/// for any other reference.
fn components_ref(reference: &str) -> Option<String> {
    let (file, fragment) = reference.split_once('#')?;
    SECTIONS.iter().find_map(|(old, new)| {
        let rest = fragment.strip_prefix('/')?.strip_prefix(old)?;
        (rest.is_empty() || rest.starts_with('/')).then(|| format!("{file}#/components/{new}{rest}"))
    })
}

/// Calls `f` on every `$ref` string in `value`, but not inside specification
/// extensions (`x-…` keys that are not names), which the generator does not read.
fn for_each_ref(value: &mut Value, f: &mut impl FnMut(&mut String)) {
    // Iterative: specs nest deeply. Each entry: a value, and whether its keys are names.
    let mut stack = vec![(value, false)];
    while let Some((value, names)) = stack.pop() {
        match value {
            Value::Object(map) => {
                for (key, child) in map.iter_mut() {
                    match child {
                        Value::String(reference) if key == "$ref" => f(reference),
                        Value::Object(_) | Value::Array(_) if names || !key.starts_with("x-") => {
                            stack.push((child, NAME_MAPS.contains(&key.as_str())));
                        }
                        _ => {}
                    }
                }
            }
            Value::Array(items) => stack.extend(items.iter_mut().map(|item| (item, false))),
            _ => {}
        }
    }
}

/// Rules 1 and 10 on the root: `openapi` for `swagger`, servers for `host`,
/// `basePath` and `schemes`; the inherited lists go (operations have their
/// own copies by now); security schemes (rule 8).
fn convert_root(root: &mut Value, defaults: &Defaults) {
    let Some(document) = root.as_object_mut() else { return };
    document.shift_remove("swagger");
    document.insert("openapi".into(), json!("3.0.3"));
    for key in ["host", "basePath", "schemes", "consumes", "produces"] {
        document.shift_remove(key);
    }
    let servers = defaults.servers();
    if !servers.is_empty() {
        document.insert("servers".into(), servers.into_iter().map(|url| json!({"url": url})).collect());
    }
    let schemes = document.get_mut("components").and_then(|c| c.get_mut("securitySchemes"));
    for scheme in schemes.and_then(Value::as_object_mut).into_iter().flat_map(|s| s.values_mut()) {
        if let Some(scheme) = scheme.as_object_mut() {
            convert_security_scheme(scheme);
        }
    }
}

/// Rule 8: `basic` is HTTP basic; an OAuth 2 `flow` and its URLs and scopes
/// become `flows` (`application` is `clientCredentials`, `accessCode` is
/// `authorizationCode`); `apiKey` is the same in both.
fn convert_security_scheme(scheme: &mut Map<String, Value>) {
    match scheme.get("type").and_then(Value::as_str) {
        Some("basic") => {
            scheme.insert("type".into(), json!("http"));
            scheme.insert("scheme".into(), json!("basic"));
        }
        Some("oauth2") => {
            let flow = match scheme.shift_remove("flow").as_ref().and_then(Value::as_str) {
                Some("application") => "clientCredentials".to_string(),
                Some("accessCode") => "authorizationCode".to_string(),
                Some(other) => other.to_string(),
                None => "implicit".to_string(),
            };
            let mut urls = Map::new();
            for key in ["authorizationUrl", "tokenUrl"] {
                if let Some(url) = scheme.shift_remove(key) {
                    urls.insert(key.into(), url);
                }
            }
            urls.insert("scopes".into(), scheme.shift_remove("scopes").unwrap_or_else(|| json!({})));
            scheme.shift_remove("name");
            scheme.insert("flows".into(), json!({ flow: urls }));
        }
        _ => {}
    }
}

/// The parts converted whether or not anything refers to them: the root's
/// paths, then every file's components (the root's first).
fn parts_of_files(files: &[Document]) -> Vec<Job> {
    let mut jobs = Vec::new();
    let paths = files.first().and_then(|root| root.value.get("paths")).and_then(Value::as_object);
    for path in paths.into_iter().flat_map(|p| p.keys()) {
        jobs.push(Job { file: 0, pointer: pointer_of(["paths", path]), part: Part::PathItem });
    }
    for (file, doc) in files.iter().enumerate() {
        for (section, part) in
            [("schemas", Part::Schema), ("parameters", Part::Parameter), ("responses", Part::Response)]
        {
            let entries = doc.value.get("components").and_then(|c| c.get(section)).and_then(Value::as_object);
            for name in entries.into_iter().flat_map(|e| e.keys()) {
                jobs.push(Job { file, pointer: pointer_of(["components", section, name]), part });
            }
        }
    }
    jobs
}

/// Converts the part a job names. The part is taken out of its file while it
/// is converted, so the rest of the spec can be read meanwhile.
fn convert_part(
    files: &mut [Document],
    by_path: &HashMap<PathBuf, FileId>,
    defaults: &Defaults,
    job: &Job,
    log: &mut Log,
) {
    let Some(slot) = files.get_mut(job.file).and_then(|doc| doc.value.pointer_mut(&job.pointer)) else { return };
    let mut part = std::mem::take(slot);
    let ctx = Ctx { files: &*files, by_path, defaults, file: job.file };
    let at = Location::new(files[job.file].name.clone(), job.pointer.clone());
    match job.part {
        Part::PathItem => operations::convert_path_item(&mut part, &at, &ctx, log),
        Part::Parameter => operations::convert_parameter(&mut part, &at, &ctx, log),
        Part::Response => operations::convert_shared_response(&mut part, &ctx, log),
        Part::Schema => schemas::convert(&mut part, &ctx, log),
    }
    if let Some(slot) = files[job.file].value.pointer_mut(&job.pointer) {
        *slot = part;
    }
}

/// Shared `in: body` and `in: formData` parameters have no OpenAPI 3
/// counterpart: each operation that refers to one has its own copy as its
/// request body by now, so they go.
fn remove_body_parameters(value: &mut Value) {
    let parameters = value.get_mut("components").and_then(|c| c.get_mut("parameters")).and_then(Value::as_object_mut);
    if let Some(parameters) = parameters {
        parameters.retain(|_, parameter| !operations::is_body_parameter(parameter));
    }
}
