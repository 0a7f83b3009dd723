//! Stage 1, load: read the root document and every file it reaches through
//! `$ref`, parse JSON or YAML into `serde_json::Value`, and check the OpenAPI
//! version; a Swagger 2.0 spec is converted to OpenAPI 3.0 (`swagger2.rs`).
//! Output: [`Documents`]. Nothing else here interprets schemas.

pub mod block_yaml;
mod swagger2;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;

use crate::config::Config;
use crate::diagnostics::{Error, Location, Warning};

/// Index of a file in [`Documents::files`]; the root is always `FileId(0)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub usize);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecVersion {
    V3_0,
    V3_1,
}

#[derive(Debug)]
pub struct Document {
    /// Name used in diagnostics and generated headers: the path relative to the root's folder.
    pub name: Arc<str>,
    pub path: PathBuf,
    pub value: Value,
}

/// Every file of one spec, parsed. `$ref` file parts can be looked up with [`Documents::file_for`].
#[derive(Debug)]
pub struct Documents {
    pub files: Vec<Document>,
    pub version: SpecVersion,
    /// How many JSON objects the files hold: a bound on how many schemas they define.
    pub objects: usize,
    /// What loading worked around (a Swagger 2.0 conversion's) or did not do
    /// (an overlay action that matched nothing), for the run's diagnostics.
    pub warnings: Vec<Warning>,
    by_path: HashMap<PathBuf, FileId>,
}

impl Documents {
    pub const ROOT: FileId = FileId(0);

    pub fn root(&self) -> &Document {
        &self.files[0]
    }

    pub fn get(&self, id: FileId) -> &Document {
        &self.files[id.0]
    }

    /// The file diagnostics and locations call `name`.
    pub fn file_named(&self, name: &str) -> Option<FileId> {
        self.files.iter().position(|d| *d.name == *name).map(FileId)
    }

    /// The file a `$ref`'s file part names, relative to the referencing file.
    pub fn file_for(&self, from: FileId, relative: &str) -> Option<FileId> {
        let path = join(&self.files[from.0].path, relative);
        self.by_path.get(&path).copied()
    }
}

/// Loads the spec at `path` and every file its `$ref`s reach.
pub fn from_path(path: &Path) -> Result<Documents, Error> {
    from_path_patched(path, &Config::default())
}

/// Loads the spec at `path` with the config's patches applied to it, then
/// every file its `$ref`s reach (a patch may add a `$ref`).
pub fn from_path_patched(path: &Path, config: &Config) -> Result<Documents, Error> {
    let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    let root_dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut value = read(path, &name)?;
    let warnings = crate::patch::apply(&mut value, config)?;
    let mut documents = load_all(Document { name: name.into(), path: normalize(path), value }, &root_dir)?;
    documents.warnings.extend(warnings);
    Ok(documents)
}

/// Loads a spec already in memory (tests, fuzzing), with the config's patches
/// applied; relative `$ref`s resolve against `base_dir`.
pub fn from_value(name: &str, mut value: Value, base_dir: &Path, config: &Config) -> Result<Documents, Error> {
    let warnings = crate::patch::apply(&mut value, config)?;
    let path = normalize(&base_dir.join(name));
    let mut documents = load_all(Document { name: name.into(), path, value }, base_dir)?;
    documents.warnings.extend(warnings);
    Ok(documents)
}

fn load_all(root: Document, root_dir: &Path) -> Result<Documents, Error> {
    let format = check_version(&root)?;
    let version = match format {
        Format::OpenApi(version) => version,
        Format::Swagger2 => SpecVersion::V3_0,
    };
    let mut docs = Documents { by_path: HashMap::new(), files: Vec::new(), version, objects: 0, warnings: Vec::new() };
    let mut queue = vec![root];
    while let Some(doc) = queue.pop() {
        if docs.by_path.contains_key(&doc.path) {
            continue;
        }
        let id = FileId(docs.files.len());
        docs.by_path.insert(doc.path.clone(), id);
        let (refs, objects) = external_refs(&doc);
        docs.objects += objects;
        for (relative, location) in refs {
            let path = join(&doc.path, &relative);
            if docs.by_path.contains_key(&path) || queue.iter().any(|d| d.path == path) {
                continue;
            }
            let name = path.strip_prefix(normalize(root_dir)).unwrap_or(&path).display().to_string();
            let value = read(&path, &name).map_err(|e| match e {
                Error::Io { source, .. } => {
                    Error::invalid(&location, format!("$ref to file `{relative}` that cannot be read: {source}"))
                }
                other => other,
            })?;
            queue.push(Document { name: name.into(), path, value });
        }
        docs.files.push(doc);
    }
    // Converted once every file is read: which rules a part of a file gets depends on what refers
    // to it, possibly from another file. The conversion moves parts but keeps every file a `$ref`
    // names, so the files read above are the converted spec's; the objects it adds are counted again.
    if format == Format::Swagger2 {
        docs.warnings = swagger2::convert(&mut docs.files, &docs.by_path);
        docs.objects = docs.files.iter().map(|doc| external_refs(doc).1).sum();
    }
    Ok(docs)
}

fn read(path: &Path, name: &str) -> Result<Value, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io { file: name.to_string(), source })?;
    parse(&text, name)
}

/// How deeply a document may nest objects and arrays. serde_json and
/// serde_yaml stop at 128, which real specs pass (a schema 60 levels deep is
/// 120 JSON levels); past this bound a document is refused with a clear error
/// rather than risking the stack.
pub const MAX_DEPTH: usize = 512;

/// Whether [`parse`] reads `text` (of the file `name`) as JSON rather than YAML.
pub fn looks_like_json(text: &str, name: &str) -> bool {
    name.ends_with(".json") || text.trim_start().starts_with('{')
}

/// Parses JSON when the text looks like JSON, YAML otherwise (YAML is a superset, but JSON errors read better).
pub fn parse(text: &str, name: &str) -> Result<Value, Error> {
    let looks_like_json = looks_like_json(text, name);
    let error = |format, line, column, message| Error::Parse { file: name.to_string(), format, line, column, message };
    if looks_like_json {
        match serde_json::from_str(text) {
            Ok(value) => Ok(value),
            // Deeper than serde_json's own limit: within ours, read it without that limit.
            Err(e) if e.to_string().starts_with("recursion limit exceeded") => match json_too_deep(text) {
                Some((line, column)) => {
                    Err(error("JSON", line, column, format!("nested more than {MAX_DEPTH} levels deep")))
                }
                None => {
                    let mut deserializer = serde_json::Deserializer::from_str(text);
                    deserializer.disable_recursion_limit();
                    let value = serde::Deserialize::deserialize(&mut deserializer)
                        .and_then(|value| deserializer.end().map(|()| value));
                    value.map_err(|e| error("JSON", e.line(), e.column(), e.to_string()))
                }
            },
            Err(e) => Err(error("JSON", e.line(), e.column(), e.to_string())),
        }
    } else if let Some(value) = block_yaml::parse(text) {
        Ok(value)
    } else {
        match serde_yaml::from_str(text) {
            Ok(value) => Ok(value),
            // serde_yaml's limit cannot be lifted: a parser that keeps its nesting on the heap reads it,
            // within ours. It also reads integers past 64 bits (`maximum: 18446744073709552000`),
            // which serde_yaml hands serde_json as 128-bit ones, as JSON readers do: as `f64`.
            Err(e)
                if e.to_string().starts_with("recursion limit exceeded")
                    || e.to_string().contains("number out of range") =>
            {
                crate::yaml::to_json_bounded(text, MAX_DEPTH).map_err(|e| error("YAML", e.line, 0, e.message))
            }
            Err(e) => {
                let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
                Err(error("YAML", line, column, e.to_string()))
            }
        }
    }
}

/// Where JSON text first nests deeper than [`MAX_DEPTH`] (line and column), if it does.
fn json_too_deep(text: &str) -> Option<(usize, usize)> {
    let (mut depth, mut line, mut column) = (0usize, 1, 0);
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        column += 1;
        match c {
            '\n' => {
                line += 1;
                column = 0;
            }
            _ if in_string => match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            },
            '"' => in_string = true,
            '{' | '[' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some((line, column));
                }
            }
            '}' | ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// What the root document is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    OpenApi(SpecVersion),
    /// Swagger 2.0, converted to OpenAPI 3.0 on load.
    Swagger2,
}

fn check_version(root: &Document) -> Result<Format, Error> {
    let location = Location::new(root.name.clone(), "");
    let Some(object) = root.value.as_object() else {
        return Err(Error::invalid(&location, "not an OpenAPI document: the root is not an object"));
    };
    if let Some(swagger) = object.get("swagger") {
        if swagger.as_str() == Some("2.0") {
            return Ok(Format::Swagger2);
        }
        return Err(Error::invalid(
            &location.child("swagger"),
            format!("Swagger {swagger} is not supported; Swagger 2.0, OpenAPI 3.0 and 3.1 are"),
        ));
    }
    match object.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.0.") || v == "3.0" => Ok(Format::OpenApi(SpecVersion::V3_0)),
        Some(v) if v.starts_with("3.1.") || v == "3.1" => Ok(Format::OpenApi(SpecVersion::V3_1)),
        Some(v) => Err(Error::invalid(
            &location.child("openapi"),
            format!("unsupported OpenAPI version `{v}`; 3.0.x and 3.1.x are supported"),
        )),
        None => Err(Error::invalid(&location, "not an OpenAPI document: no `openapi` version field")),
    }
}

/// Keywords whose object's keys are names (a property, a header, a path…), which may start with `x-`.
const NAME_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "definitions",
    "$defs",
    "dependentSchemas",
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
    "pathItems",
    "webhooks",
    "content",
    "encoding",
    "variables",
    "mapping",
];

/// Every `$ref` in `doc` with a file part, with where it was found, and how
/// many objects `doc` holds. Iterative: specs can nest deeply. The path is kept
/// as keys and a location is built only for a reference found. Specification
/// extensions (`x-…` keys, not names) are not read by the generator, so the
/// files their references name are not loaded: they may not even exist.
fn external_refs(doc: &Document) -> (Vec<(String, Location)>, usize) {
    enum Step<'v> {
        Key(&'v str),
        Index(usize),
    }
    let mut found = Vec::new();
    let mut objects = 0;
    let mut path: Vec<Step> = Vec::new();
    // Each entry: a value, how many steps lead to it, and the step into it.
    let mut stack = vec![(&doc.value, 0, None)];
    while let Some((value, depth, step)) = stack.pop() {
        path.truncate(depth);
        path.extend(step);
        match value {
            Value::Object(map) => {
                objects += 1;
                let names = matches!(path.last(), Some(Step::Key(parent)) if NAME_MAPS.contains(parent));
                for (key, child) in map {
                    if key.starts_with("x-") && !names {
                        continue;
                    }
                    if key == "$ref" {
                        if let Some(target) = child.as_str() {
                            let file = target.split('#').next().unwrap_or_default();
                            if !file.is_empty() && !file.contains("://") {
                                let at = path.iter().fold(Location::new(doc.name.clone(), ""), |at, step| match step {
                                    Step::Key(key) => at.child(key),
                                    Step::Index(i) => at.index(*i),
                                });
                                found.push((file.to_string(), at.child(key)));
                            }
                        }
                    } else if matches!(child, Value::Object(_) | Value::Array(_)) {
                        stack.push((child, path.len(), Some(Step::Key(key))));
                    }
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    stack.push((child, path.len(), Some(Step::Index(i))));
                }
            }
            _ => {}
        }
    }
    (found, objects)
}

fn join(from_file: &Path, relative: &str) -> PathBuf {
    let base = from_file.parent().unwrap_or(Path::new(""));
    normalize(&base.join(relative))
}

/// A `$ref` fragment with its percent escapes decoded (`%7B` → `{`); JSON-pointer
/// escapes (`~0`, `~1`) are left for `Value::pointer`.
pub(crate) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Lexical normalisation (no filesystem access): `a/./b/../c` → `a/c`.
fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                if matches!(out.components().next_back(), Some(Component::Normal(_))) {
                    out.pop();
                } else {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}
