//! Stage 2, resolve: turn [`Documents`] into a [`Spec`]: operations with their
//! parameters, bodies and responses, and every schema they reach parsed once into
//! an arena, `$ref`s (local, cross-file, JSON-pointer escaped) replaced by ids.
//! Cycles need no special handling: a location is numbered before its body is parsed.

mod operations;
mod refs;
pub mod schema;
mod webhooks;

use std::sync::Arc;

use indexmap::IndexMap;
use rustc_hash::FxHashMap as HashMap;
use serde_json::{Map, Value};

pub use operations::{
    Body, Method, Operation, ParamIn, Parameter, PartEncoding, Response, SecurityScheme, SecuritySchemeKind,
};
pub use schema::{Additional, Bound, Discriminator, JsonType, Limits, Schema, SchemaId};
pub use webhooks::{WebhookEvent, Webhooks};

use crate::diagnostics::{Diagnostics, Error, Location};
use crate::load::{Documents, FileId, SpecVersion};

/// How deep inline schemas may nest before the rest is treated as `{}` (with a warning).
const MAX_NESTING: usize = 96;
/// Schemas being parsed at once (nesting plus `$ref` chains, which restart the
/// nesting count); bounds the resolver's recursion, and so the stack it needs.
const MAX_ACTIVE: usize = 160;

#[derive(Debug)]
pub struct Spec {
    pub version: SpecVersion,
    /// The root file's name, for diagnostics and generated headers.
    pub source: Arc<str>,
    pub title: String,
    pub api_version: String,
    pub description: Option<String>,
    /// The document's first server.
    pub server: Option<Server>,
    pub security_schemes: Vec<SecurityScheme>,
    /// The document-wide `security` requirement: alternatives, each a set of scheme names.
    pub security: Vec<Vec<String>>,
    pub operations: Vec<Operation>,
    /// Named schemas of the root's `components/schemas`, sorted by key.
    pub components: IndexMap<String, SchemaId>,
    pub schemas: Vec<Schema>,
    /// Each inline parameter, as `file#pointer` (`…/parameters/3`) → its name: operations in
    /// different files (a `$ref` on an operation) have parameters at the same pointer.
    pub inline_parameters: HashMap<String, String>,
    /// The events the API posts to its users' servers.
    pub webhooks: Option<Webhooks>,
}

impl Spec {
    pub fn schema(&self, id: SchemaId) -> &Schema {
        &self.schemas[id.0 as usize]
    }

    /// The schema `id` and what its `$ref`s lead to, in order. Such a chain is
    /// short; the bound only stops a cycle of bare `$ref`s.
    pub fn ref_chain(&self, id: SchemaId) -> impl Iterator<Item = &Schema> {
        std::iter::successors(Some(self.schema(id)), |schema| schema.reference.map(|target| self.schema(target)))
            .take(32)
    }
}

pub fn resolve(docs: &Documents, diags: &mut Diagnostics) -> Result<Spec, Error> {
    // Each schema is a JSON object, so the arena never grows by copying (which
    // moved and faulted in twice its size).
    let by_location = docs.files.iter().map(|_| HashMap::default()).collect();
    let mut resolver = Resolver {
        docs,
        schemas: Vec::with_capacity(docs.objects),
        by_location,
        diags,
        active: 0,
        inline_parameters: HashMap::default(),
        definitions_read: false,
        defs_read: false,
    };
    let root = docs.root();
    let root_location = Location::new(root.name.clone(), "");
    let object =
        root.value.as_object().ok_or_else(|| Error::invalid(&root_location, "the document is not an object"))?;

    let info = object.get("info").and_then(Value::as_object);
    let info_str = |key: &str| info.and_then(|i| i.get(key)).and_then(Value::as_str).map(str::to_string);
    // The first server is the client's default; the others are alternatives users pick by URL.
    let server =
        object.get("servers").and_then(Value::as_array).and_then(|list| list.first()).and_then(|s| server(s, None));

    let security_schemes = operations::security_schemes(&mut resolver, object, &root_location);
    let security = object.get("security").map(operations::security_requirement).unwrap_or_default();
    let operations = operations::operations(&mut resolver, object, &root_location)?;

    let mut components = IndexMap::new();
    if let Some(schemas) = object.get("components").and_then(|c| c.get("schemas")).and_then(Value::as_object) {
        let base = root_location.child("components").child("schemas");
        // Sorted, as paths are: ids and first-seen names then follow the content, not the key order.
        let mut sorted: Vec<(&String, &Value)> = schemas.iter().collect();
        sorted.sort_unstable_by_key(|(name, _)| *name);
        for (name, schema) in sorted {
            let id = resolver.schema(Documents::ROOT, base.child(name), schema, 0)?;
            components.insert(name.clone(), id);
        }
    }

    let webhooks = webhooks::webhooks(&mut resolver, object, &root_location)?;

    Ok(Spec {
        version: docs.version,
        source: root.name.clone(),
        title: info_str("title").unwrap_or_else(|| "API".to_string()),
        api_version: info_str("version").unwrap_or_default(),
        description: info_str("description"),
        server,
        security_schemes,
        security,
        operations,
        components,
        schemas: resolver.schemas,
        inline_parameters: resolver.inline_parameters,
        webhooks,
    })
}

/// A server as the spec gives it: a URL template and the variables it uses.
#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    /// `https://{region}.sentry.io`, or relative (`/api`).
    pub url: String,
    /// The variables of `url`, in the order it uses them.
    pub variables: Vec<ServerVariable>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ServerVariable {
    pub name: String,
    /// `None` when the spec gives none: the user must set it.
    pub default: Option<String>,
    /// The spec's `enum`: the values a client accepts (any when empty).
    pub allowed: Vec<String>,
    pub description: Option<String>,
}

impl Server {
    /// The URL with each variable at its default (`https://us.sentry.io`); `None` when one has none.
    pub fn default_url(&self) -> Option<String> {
        let mut url = self.url.clone();
        for variable in &self.variables {
            url = url.replace(&format!("{{{}}}", variable.name), variable.default.as_deref()?);
        }
        Some(url)
    }
}

/// The `{names}` of a path or server URL template, in order (`/zones/{zone_id}/{id}` →
/// `zone_id`, `id`); an unclosed `{` ends the list.
pub fn template_names(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let Some(length) = rest[start..].find('}') else { break };
        names.push(&rest[start + 1..start + length]);
        rest = &rest[start + length + 1..];
    }
    names
}

/// The server object `value`, its variables declared by it or, for an operation's server that
/// uses the document's without declaring them, by `fallback` (the first root server's).
pub(super) fn server(value: &Value, fallback: Option<&Map<String, Value>>) -> Option<Server> {
    let url = value.get("url").and_then(Value::as_str)?.to_string();
    let own = value.get("variables").and_then(Value::as_object);
    let mut variables: Vec<ServerVariable> = Vec::new();
    for name in template_names(&url) {
        if variables.iter().any(|v| v.name == name) {
            continue;
        }
        let declared = own.and_then(|o| o.get(name)).or_else(|| fallback.and_then(|f| f.get(name)));
        let text = |value: &Value| match value {
            Value::String(text) => Some(text.clone()),
            Value::Number(_) | Value::Bool(_) => Some(value.to_string()),
            _ => None,
        };
        variables.push(ServerVariable {
            name: name.to_string(),
            default: declared.and_then(|d| d.get("default")).and_then(text),
            allowed: declared
                .and_then(|d| d.get("enum"))
                .and_then(Value::as_array)
                .map(|values| values.iter().filter_map(text).collect())
                .unwrap_or_default(),
            description: declared.and_then(|d| d.get("description")).and_then(Value::as_str).map(str::to_string),
        });
    }
    Some(Server { url, variables })
}

pub(crate) struct Resolver<'a> {
    docs: &'a Documents,
    schemas: Vec<Schema>,
    /// Per file, the schema parsed at each JSON pointer.
    by_location: Vec<HashMap<String, SchemaId>>,
    diags: &'a mut Diagnostics,
    /// How many schemas are being parsed (on the stack).
    active: usize,
    inline_parameters: HashMap<String, String>,
    /// A `#/definitions/…` reference was read as `#/components/schemas/…` (warned once).
    definitions_read: bool,
    /// A `#/$defs/…` reference was read from an enclosing schema's `$defs` (warned once).
    defs_read: bool,
}

impl<'a> Resolver<'a> {
    fn file_of(&self, location: &Location) -> FileId {
        self.docs.file_named(&location.file).unwrap_or(Documents::ROOT)
    }

    pub(crate) fn value_at(&self, location: &Location) -> Option<&'a Value> {
        let file = self.file_of(location);
        self.docs.get(file).value.pointer(&location.pointer)
    }

    /// Follows `$ref` chains on a non-schema object (parameter, response, path item…)
    /// and returns the object reached and its location.
    pub(crate) fn deref_object(
        &self,
        value: &'a Value,
        location: Location,
    ) -> Result<(&'a Map<String, Value>, Location), Error> {
        let mut current = (value, location);
        for _ in 0..32 {
            let Some(object) = current.0.as_object() else {
                return Err(Error::invalid(&current.1, "expected an object"));
            };
            match object.get("$ref") {
                Some(Value::String(target)) => {
                    let location = refs::target(self.docs, &current.1, target)?;
                    let value = self
                        .value_at(&location)
                        .ok_or_else(|| Error::invalid(&current.1, format!("$ref `{target}` points at nothing")))?;
                    current = (value, location);
                }
                Some(_) => return Err(Error::invalid(&current.1.child("$ref"), "$ref must be a string")),
                None => return Ok((object, current.1)),
            }
        }
        Err(Error::invalid(&current.1, "$ref chain is too long or cyclic"))
    }

    /// The id of the schema `value`, found at `location`, parsing it (and
    /// everything below it) on first sight. Callers pass the value they hold, so
    /// no JSON pointer is walked from the document root.
    pub(crate) fn schema(
        &mut self,
        file: FileId,
        location: Location,
        value: &'a Value,
        depth: usize,
    ) -> Result<SchemaId, Error> {
        match self.by_location[file.0].get(&location.pointer) {
            Some(&id) => Ok(id),
            None => self.parse_new(file, location, value, depth),
        }
    }

    /// The id of the schema a `$ref` names; `None` when nothing is at `location`.
    fn referenced(&mut self, file: FileId, location: Location) -> Result<Option<SchemaId>, Error> {
        if let Some(&id) = self.by_location[file.0].get(&location.pointer) {
            return Ok(Some(id));
        }
        match self.docs.get(file).value.pointer(&location.pointer) {
            Some(value) => self.parse_new(file, location, value, 0).map(Some),
            None => Ok(None),
        }
    }

    /// `#/definitions/X` in an OpenAPI 3 document, where a common 2.0 → 3 converter
    /// leaves it, is `#/components/schemas/X` when the document has that.
    fn definitions_fallback(
        &mut self,
        file: FileId,
        target: &Location,
        at: &Location,
    ) -> Result<Option<SchemaId>, Error> {
        let Some(name) = target.pointer.strip_prefix("/definitions/") else { return Ok(None) };
        let location = Location::new(target.file.clone(), format!("/components/schemas/{name}"));
        let found = self.referenced(file, location)?;
        if found.is_some() && !self.definitions_read {
            self.definitions_read = true;
            self.diags.warn(
                at,
                "`$ref` to `#/definitions/…`, where Swagger 2.0 keeps schemas: read as `#/components/schemas/…` \
                 (said once for the spec)",
            );
        }
        Ok(found)
    }

    /// A `#/$defs/X` (or `#/definitions/X`) the document root lacks, read from the nearest schema
    /// enclosing `from` that declares it: where pydantic leaves the definitions of a model
    /// embedded inline (FastAPI specs).
    fn enclosing_defs(&mut self, file: FileId, target: &Location, from: &Location) -> Result<Option<SchemaId>, Error> {
        let prefixes = ["/$defs/", "/definitions/"];
        let Some((prefix, name)) = prefixes.iter().find_map(|p| Some((*p, target.pointer.strip_prefix(p)?))) else {
            return Ok(None);
        };
        if target.file != from.file {
            return Ok(None);
        }
        let mut ancestor = from.pointer.as_str();
        while let Some((parent, last)) = ancestor.rsplit_once('/') {
            // Under `properties`, a `$defs` key is a property's name, not definitions.
            if !matches!(last, "properties" | "patternProperties") {
                let location = Location::new(target.file.clone(), format!("{ancestor}{prefix}{name}"));
                if self.value_at(&location).is_some() {
                    if !self.defs_read {
                        self.defs_read = true;
                        self.diags.warn(
                            from,
                            format!(
                                "`$ref` `#{}` read from the enclosing schema's definitions at `{}`, where pydantic \
                                 leaves them (said once for the spec)",
                                target.pointer, location.pointer
                            ),
                        );
                    }
                    return self.referenced(file, location);
                }
            }
            ancestor = parent;
        }
        Ok(None)
    }

    /// A schema the spec does not write out but implies (the union of its webhook events).
    pub(crate) fn add_schema(&mut self, schema: Schema) -> SchemaId {
        self.schemas.push(schema);
        SchemaId(self.schemas.len() as u32 - 1)
    }

    /// Numbers the location before parsing its body, so a cycle back to it finds the id.
    fn parse_new(
        &mut self,
        file: FileId,
        location: Location,
        value: &'a Value,
        depth: usize,
    ) -> Result<SchemaId, Error> {
        let id = SchemaId(self.schemas.len() as u32);
        self.by_location[file.0].insert(location.pointer.clone(), id);
        // A placeholder until the body is parsed; nothing reads it but its id.
        self.schemas.push(Schema::empty(Location::new(location.file.clone(), String::new())));
        let schema = if depth > MAX_NESTING {
            self.diags
                .warn(&location, format!("schema nested more than {MAX_NESTING} levels deep; using serde_json::Value"));
            Schema::empty(location)
        } else if self.active > MAX_ACTIVE {
            self.diags
                .warn(&location, format!("more than {MAX_ACTIVE} schemas and `$ref`s deep; using serde_json::Value"));
            Schema::empty(location)
        } else {
            self.active += 1;
            let parsed = self.parse_schema(file, value, location, depth);
            self.active -= 1;
            parsed?
        };
        self.schemas[id.0 as usize] = schema;
        Ok(id)
    }

    fn child(&mut self, file: FileId, location: Location, value: &'a Value, depth: usize) -> Result<SchemaId, Error> {
        self.schema(file, location, value, depth + 1)
    }

    fn parse_schema(
        &mut self,
        file: FileId,
        value: &'a Value,
        location: Location,
        depth: usize,
    ) -> Result<Schema, Error> {
        let mut schema = Schema::empty(location.clone());
        schema.name = component_name(&location);
        let object = match value {
            Value::Object(object) => object,
            // JSON Schema booleans: `true` accepts anything, `false` nothing; both fall back to `{}`.
            Value::Bool(_) => return Ok(schema),
            _ => {
                self.diags.warn(&location, "a schema must be an object; using serde_json::Value");
                return Ok(schema);
            }
        };
        let (mut content_encoding, mut content_media_type) = (None, false);
        for (key, value) in object {
            // Only warnings and children need the key's location: build it only then.
            let at = || location.child(key);
            match key.as_str() {
                "$ref" => match value.as_str() {
                    Some(target) => {
                        let target_location = refs::target(self.docs, &location, target)?;
                        let target_file = self.file_of(&target_location);
                        let found = match self.referenced(target_file, target_location.clone())? {
                            Some(id) => Some(id),
                            None => match self.definitions_fallback(target_file, &target_location, &at())? {
                                Some(id) => Some(id),
                                None => self.enclosing_defs(target_file, &target_location, &location)?,
                            },
                        };
                        match found {
                            Some(id) => schema.reference = Some(id),
                            None => return Err(Error::invalid(&at(), format!("$ref `{target}` points at nothing"))),
                        }
                    }
                    None => return Err(Error::invalid(&at(), "$ref must be a string")),
                },
                "type" => schema.types = self.parse_types(value, at, &mut schema.nullable),
                "nullable" => schema.nullable |= value.as_bool().unwrap_or(false),
                "format" => schema.format = value.as_str().map(str::to_string),
                "contentEncoding" => content_encoding = Some(value.as_str()),
                "contentMediaType" => content_media_type = true,
                "default" => schema.default = Some(value.clone()),
                "minLength" => schema.limits.min_length = value.as_u64(),
                "maxLength" => schema.limits.max_length = value.as_u64(),
                "minItems" => schema.limits.min_items = value.as_u64(),
                "maxItems" => schema.limits.max_items = value.as_u64(),
                "pattern" => schema.limits.pattern = value.as_str().map(str::to_string),
                "enum" => match value.as_array() {
                    Some(values) => schema.enum_values = Some(values.clone()),
                    None => self.diags.warn(&at(), "`enum` must be an array; ignored"),
                },
                "const" => schema.enum_values = Some(vec![value.clone()]),
                "properties" => match value.as_object() {
                    Some(properties) => {
                        let at = at();
                        for (name, property) in properties {
                            let id = self.child(file, at.child(name), property, depth)?;
                            schema.properties.insert(name.clone(), id);
                        }
                    }
                    None => self.diags.warn(&at(), "`properties` must be an object; ignored"),
                },
                "required" => match value.as_array() {
                    Some(names) => {
                        // A set: sorted so that its order cannot matter anywhere.
                        let mut required: Vec<String> =
                            names.iter().filter_map(Value::as_str).map(str::to_string).collect();
                        required.sort_unstable();
                        required.dedup();
                        schema.required = required;
                    }
                    None => self.diags.warn(&at(), "`required` must be an array of names; ignored"),
                },
                "additionalProperties" => {
                    schema.additional = match value {
                        Value::Bool(false) => Additional::Forbidden,
                        Value::Bool(true) => Additional::Any,
                        Value::Object(o) if o.is_empty() => Additional::Any,
                        Value::Object(_) => Additional::Schema(self.child(file, at(), value, depth)?),
                        _ => {
                            self.diags.warn(&at(), "`additionalProperties` must be a boolean or a schema; ignored");
                            Additional::Unspecified
                        }
                    }
                }
                "items" => match value {
                    Value::Object(_) | Value::Bool(_) => schema.items = Some(self.child(file, at(), value, depth)?),
                    _ => self.diags.warn(&at(), "tuple-style `items` is not supported; using serde_json::Value items"),
                },
                "allOf" | "anyOf" | "oneOf" => {
                    let Some(members) = value.as_array() else {
                        self.diags.warn(&at(), format!("`{key}` must be an array; ignored"));
                        continue;
                    };
                    let at = at();
                    let mut ids = Vec::with_capacity(members.len());
                    for (i, member) in members.iter().enumerate() {
                        ids.push(self.child(file, at.index(i), member, depth)?);
                    }
                    match key.as_str() {
                        "allOf" => schema.all_of = ids,
                        "anyOf" => schema.any_of = ids,
                        _ => schema.one_of = ids,
                    }
                }
                "discriminator" => schema.discriminator = self.parse_discriminator(value, &location, &at())?,
                "readOnly" => schema.read_only = value.as_bool().unwrap_or(false),
                "writeOnly" => schema.write_only = value.as_bool().unwrap_or(false),
                "deprecated" => schema.deprecated = value.as_bool().unwrap_or(false),
                "title" => schema.title = value.as_str().map(str::to_string),
                "description" => schema.description = value.as_str().map(str::to_string),
                "example" => schema.examples.insert(0, (at(), value.clone())),
                "examples" => {
                    if let Some(list) = value.as_array() {
                        schema.examples.extend(list.iter().enumerate().map(|(i, v)| (at().index(i), v.clone())));
                    }
                }
                k if k.starts_with("x-") => {
                    schema.extensions.insert(key.clone(), value.clone());
                }
                _ => {}
            }
        }
        schema.limits.minimum = bound(object, "minimum", "exclusiveMinimum");
        schema.limits.maximum = bound(object, "maximum", "exclusiveMaximum");
        // OpenAPI 3.1 says raw bytes as `contentMediaType` without `contentEncoding` (a
        // multipart file part), and specs write `contentEncoding: binary`: both are 3.0's
        // `format: binary`, one fact for what reads it later.
        let raw_bytes = match content_encoding {
            Some(encoding) => encoding == Some("binary"),
            None => content_media_type,
        };
        if schema.format.is_none() && raw_bytes {
            schema.format = Some("binary".to_string());
        }
        Ok(schema)
    }

    fn parse_types(&mut self, value: &Value, at: impl Fn() -> Location, nullable: &mut bool) -> Option<Vec<JsonType>> {
        let names: Vec<&str> = match value {
            Value::String(name) => vec![name.as_str()],
            Value::Array(names) => names.iter().filter_map(Value::as_str).collect(),
            _ => {
                self.diags.warn(&at(), "`type` must be a string or an array of strings; ignored");
                return None;
            }
        };
        let mut types = Vec::new();
        for name in names {
            match JsonType::parse(name) {
                Some(JsonType::Null) => *nullable = true,
                Some(t) if !types.contains(&t) => types.push(t),
                Some(_) => {}
                None => self.diags.warn(&at(), format!("unknown type `{name}`; ignored")),
            }
        }
        // `type: "null"` alone is a null-only schema: keep it as an explicit Null type.
        if types.is_empty() && *nullable {
            types.push(JsonType::Null);
        }
        Some(types)
    }

    fn parse_discriminator(
        &mut self,
        value: &Value,
        schema_at: &Location,
        at: &Location,
    ) -> Result<Option<Discriminator>, Error> {
        let Some(property) = value.get("propertyName").and_then(Value::as_str) else {
            self.diags.warn(at, "discriminator without `propertyName`; ignored");
            return Ok(None);
        };
        let mut mapping = IndexMap::new();
        if let Some(map) = value.get("mapping").and_then(Value::as_object) {
            for (tag, target) in map {
                let Some(target) = target.as_str() else { continue };
                // A bare name means a component schema of the same document.
                let target = if target.contains('#') || target.contains('/') {
                    target.to_string()
                } else {
                    format!("#/components/schemas/{target}")
                };
                let location = refs::target(self.docs, schema_at, &target)?;
                let file = self.file_of(&location);
                match self.referenced(file, location)? {
                    Some(id) => {
                        mapping.insert(tag.clone(), id);
                    }
                    None => self.diags.warn(
                        &at.child("mapping").child(tag),
                        format!("mapping target `{target}` points at nothing; ignored"),
                    ),
                }
            }
        }
        Ok(Some(Discriminator { property: property.to_string(), mapping }))
    }
}

/// `X` for `/components/schemas/X`, `…/$defs/X` and `…/definitions/X`.
/// `minimum` (`maximum`) and its exclusive form: 3.0's `exclusiveMinimum: true`
/// marks `minimum` exclusive, 3.1's `exclusiveMinimum: 5` is the bound itself.
fn bound(object: &Map<String, Value>, key: &str, exclusive_key: &str) -> Option<Bound> {
    match object.get(exclusive_key) {
        Some(Value::Number(n)) => n.as_f64().map(|value| Bound { value, exclusive: true }),
        exclusive => {
            object.get(key)?.as_f64().map(|value| Bound { value, exclusive: exclusive == Some(&Value::Bool(true)) })
        }
    }
}

/// The name a schema has where it sits: its key under `components/schemas` (or `$defs`,
/// `definitions`), or the file's stem for a schema that is a whole file (`models/droplet.yaml`).
fn component_name(location: &Location) -> Option<String> {
    if location.pointer.is_empty() {
        let file_name = location.file.rsplit(['/', '\\']).next().unwrap_or_default();
        let stem = file_name.split('.').next().unwrap_or_default();
        return (!stem.is_empty()).then(|| stem.to_string());
    }
    let (parent, last) = location.pointer.rsplit_once('/')?;
    let is_named =
        parent.ends_with("/components/schemas") || parent.ends_with("/$defs") || parent.ends_with("/definitions");
    is_named.then(|| crate::diagnostics::pointer_token(last))
}

#[cfg(test)]
mod server_tests {
    use serde_json::json;

    use super::server;

    fn default_url(
        value: &serde_json::Value,
        fallback: Option<&serde_json::Map<String, serde_json::Value>>,
    ) -> Option<String> {
        server(value, fallback)?.default_url()
    }

    #[test]
    fn server_variables_take_their_defaults() {
        let root = json!({"url": "https://{region}.example.com/{version}", "variables": {"region": {"default": "us", "enum": ["us", "de"]}, "version": {"default": "v2"}}});
        assert_eq!(default_url(&root, None).as_deref(), Some("https://us.example.com/v2"));
        let parsed = server(&root, None).unwrap();
        assert_eq!(parsed.variables.len(), 2);
        assert_eq!(parsed.variables[0].allowed, ["us", "de"]);
        let plain = json!({"url": "https://api.example.com"});
        assert_eq!(default_url(&plain, None).as_deref(), Some("https://api.example.com"));
        // An operation's server may use the document's variables without declaring them.
        let op_server = json!({"url": "https://{region}.example.com/uploads"});
        assert_eq!(
            default_url(&op_server, root["variables"].as_object()).as_deref(),
            Some("https://us.example.com/uploads")
        );
        // A variable declared nowhere has no default: the URL has none either.
        assert_eq!(default_url(&json!({"url": "https://{tenant}.example.com"}), None), None);
    }
}
