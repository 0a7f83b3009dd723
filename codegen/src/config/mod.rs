//! The user's configuration (`codegen.yaml`): what to call things, which Rust
//! types to use, what to derive, which operations to generate, fixes to the
//! spec and client defaults. It is read once, checked whole (every error names
//! the file, line and key), and each stage takes the part it needs: `patch`
//! the patches, `lower` the resource map, selection and type replacements,
//! `name` the renames and variable names, `emit` the derives and client settings.
//!
//! The `resources:` section is Stainless's `stainless.yml` format, read as it is
//! (`resources.rs`), and so are Stainless's `openapi.transforms` (patches at
//! JSONPath targets); keys of that format this generator has no use for are
//! accepted and reported once as ignored. The OpenAPI Overlay 1.0 documents
//! `overlays:` lists are read with the config, their actions patches too.

mod pagination;
mod resources;

use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::{Error, Location, Warning};
use crate::patch::jsonpath::JsonPath;
use crate::yaml::{Key, Node, Value};
pub use pagination::{PageProperty, PageScheme, Paginated};
pub use resources::{MappedMethod, ModelName, WebhookUnwrap, endpoint_key};

/// A parsed configuration; `Config::default()` is no configuration at all.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The file as the user named it, for diagnostics.
    pub file: Arc<str>,
    /// Every method of the resource map, flattened, in file order.
    pub methods: Vec<MappedMethod>,
    /// Component schemas the resource map names (`models:`).
    pub models: Vec<ModelName>,
    /// Per-type rules (`types:`), in file order.
    pub types: Vec<TypeRule>,
    /// Rust types for string formats (`formats:`); `date-time` and `date` have defaults.
    pub formats: Vec<FormatRule>,
    /// Derives added to every model (`derives:`).
    pub derives: Vec<Derive>,
    pub derives_at: Spot,
    pub select: Selection,
    pub patches: Vec<Patch>,
    pub client: ClientSettings,
    /// The method words a curated SDK of this API prefers (`names:`).
    pub names: MethodWords,
    /// Stainless's named pagination schemes (`pagination:`); with any, only these and the
    /// spec's declared schemes page.
    pub pagination: Vec<PageScheme>,
    /// Stainless's `webhook_unwrap` method, where the map has one.
    pub webhook_unwrap: Option<WebhookUnwrap>,
    /// Stainless's `readme.example_requests`: the calls the crate's README shows, by name
    /// (`headline`, `default`, `streaming`, `pagination`), in file order.
    pub example_requests: Vec<ExampleRequest>,
    /// Keys of Stainless's format accepted but not used, with their line.
    pub ignored: Vec<Spot>,
    /// Other entries read but not used, and why.
    pub skipped: Vec<(Spot, String)>,
}

/// Where in the config file something was written: its line and dotted key.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Spot {
    pub line: usize,
    pub key: String,
}

/// What a `types:` entry applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeTarget {
    /// `#/components/schemas/iam_token`: a component of the root spec.
    Component(String),
    /// A generated type name (`UserTokensListParams`), canonical or an alias.
    Name(String),
}

#[derive(Debug, Clone)]
pub struct TypeRule {
    pub target: TypeTarget,
    pub rename: Option<String>,
    pub derives: Vec<Derive>,
    /// Use this Rust type instead of generating one (components only).
    pub replace: Option<RustType>,
    pub at: Spot,
}

/// An existing Rust type, and the dependency line that provides it (if any).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RustType {
    /// A path: `uuid::Uuid`, `crate::my::Type`.
    pub path: String,
    /// A `Cargo.toml` dependency line: `uuid = { version = "1", features = ["serde"] }`.
    pub dependency: Option<String>,
}

#[derive(Debug, Clone)]
pub struct FormatRule {
    pub format: String,
    pub ty: FormatType,
    pub at: Spot,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatType {
    /// A plain `String` (or the JSON type's usual Rust type).
    Plain,
    /// The runtime's own type: `DateTime` for `date-time`, `Date` for `date`.
    Runtime,
    Rust(RustType),
}

/// A derive a user may add; each needs every field type to have it too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Derive {
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
}

impl Derive {
    pub const ALL: [Derive; 5] = [Derive::PartialEq, Derive::Eq, Derive::Hash, Derive::PartialOrd, Derive::Ord];

    pub fn as_str(self) -> &'static str {
        match self {
            Derive::PartialEq => "PartialEq",
            Derive::Eq => "Eq",
            Derive::Hash => "Hash",
            Derive::PartialOrd => "PartialOrd",
            Derive::Ord => "Ord",
        }
    }

    /// The derives this one needs alongside (`Eq` needs `PartialEq`).
    pub fn implied(self) -> &'static [Derive] {
        match self {
            Derive::PartialEq | Derive::Hash => &[],
            Derive::Eq | Derive::PartialOrd => &[Derive::PartialEq],
            Derive::Ord => &[Derive::PartialEq, Derive::Eq, Derive::PartialOrd],
        }
    }
}

/// Which operations to generate: those an include matches (all, without
/// includes) that no exclude matches.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub include: Vec<Selector>,
    pub exclude: Vec<Selector>,
}

impl Selection {
    pub fn is_empty(&self) -> bool {
        self.include.is_empty() && self.exclude.is_empty()
    }
}

#[derive(Debug, Clone)]
pub struct Selector {
    pub what: Select,
    pub at: Spot,
}

#[derive(Debug, Clone)]
pub enum Select {
    /// A path glob: `*` is one segment or part of one, `**` any number of segments.
    Path(String),
    Tag(String),
    /// A resource and its subresources, as words: `["accounts", "tokens"]` from `accounts.tokens`.
    Resource(Vec<String>),
}

/// A change to the root spec before it is read (`patch.rs`): a patch, a
/// Stainless transform or an overlay's action.
#[derive(Debug, Clone)]
pub struct Patch {
    pub target: PatchTarget,
    pub action: PatchAction,
    /// In the config, or in the overlay file for an overlay's action.
    pub at: Spot,
    /// The overlay file an action comes from, as the config's folder and the
    /// `overlays:` entry name it; its target may match nothing (a warning).
    pub overlay: Option<Arc<str>>,
}

#[derive(Debug, Clone)]
pub enum PatchTarget {
    /// An RFC 6901 pointer (`patches:`); `""` is the whole document.
    Pointer(String),
    /// JSONPath queries (a transform's or an overlay action's): every node they select.
    Paths(Vec<JsonPath>),
}

#[derive(Debug, Clone)]
pub enum PatchAction {
    /// RFC 7396 JSON Merge Patch of the target.
    Merge(serde_json::Value),
    /// Replace the target (at a pointer, add it when its parent object exists):
    /// a patch's `set`, a transform's `update`.
    Set(serde_json::Value),
    /// `update` with `template: true`: the target string put for `{{value}}`.
    Template(String),
    Remove,
    /// `remove` with `keys`: these keys of each target object (each key must be in one).
    RemoveKeys(Vec<String>),
    /// `append`: a list's items (or the value) to an array, new keys to an
    /// object (a key already there is an error: the spec was fixed).
    Append(serde_json::Value),
    /// A transform's `merge`: objects merge key by key, anything else replaces.
    DeepMerge(serde_json::Value),
    /// An overlay's `update`: as `DeepMerge`, but an array takes the value's items (or the value).
    OverlayUpdate(serde_json::Value),
    /// `copy` (`move` with `then_remove`): the one node `from` selects, put at
    /// each target (a name not yet in an object is added to it).
    Copy {
        from: JsonPath,
        then_remove: bool,
    },
    /// `rename`: a key of each target object, in its place.
    Rename {
        from: String,
        to: String,
    },
}

/// `names: {get: retrieve, patch: edit}`: curated SDKs differ in the word for
/// reading one thing and for a partial update. Mapped methods keep their names.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MethodWords {
    /// `retrieve` instead of `get`.
    pub retrieve: bool,
    pub patch: PatchWord,
}

/// The word for `PATCH`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PatchWord {
    /// `update`, unless the resource also has a `PUT`: then that is `update` and `PATCH` is `edit`.
    #[default]
    Auto,
    Update,
    Edit,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClientSettings {
    pub base_url: Option<String>,
    /// Prefix of the environment variables `from_env` reads (`CLOUDFLARE`).
    pub env_prefix: Option<String>,
    /// The base URL's variable, instead of `{PREFIX}_BASE_URL`.
    pub base_url_env: Option<String>,
    /// Per security scheme name: the variables `from_env` reads, first match wins.
    pub credential_env: Vec<(String, Vec<String>, Spot)>,
    pub timeout_seconds: Option<u64>,
    pub max_retries: Option<u32>,
    pub user_agent: Option<String>,
    /// `strict_decoding: true`: the client fails a response that deviates from the spec instead of
    /// reading it leniently (the runtime's `ClientBuilder::strict_decoding`).
    pub strict_decoding: bool,
    /// Stainless's `environments:`: named base URLs, the first the default.
    pub environments: Vec<(String, String)>,
    /// Stainless's `client_settings.opts` that set a credential.
    pub options: Vec<ClientOption>,
    /// The variable of Stainless's webhook secret option, instead of `{PREFIX}_WEBHOOK_SECRET`.
    pub webhook_secret_env: Option<String>,
}

/// A Stainless client option (`client_settings.opts.NAME`) wired to a security scheme by its
/// `auth`: a builder method of its name, read from its `read_env` by `from_env`.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientOption {
    pub name: String,
    /// `auth.security_scheme`.
    pub scheme: String,
    /// `auth.role`: `username` or `password` sets that half of a basic credential; anything
    /// else (`token`, `value`, none) the whole credential.
    pub role: Option<String>,
    pub read_env: Option<String>,
    /// What `from_env` sets when `read_env` is not set.
    pub default: Option<String>,
    /// `nullable: true`: the client may go without it; else (Stainless's default) `from_env`
    /// fails when neither it nor its scheme's own variable is set.
    pub nullable: bool,
    pub at: Spot,
}

/// A config problem: the line and dotted key it is about.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ConfigError {
    pub line: usize,
    pub key: String,
    pub message: String,
}

impl From<crate::yaml::Error> for ConfigError {
    fn from(e: crate::yaml::Error) -> ConfigError {
        ConfigError { line: e.line, key: e.key, message: e.message }
    }
}

impl ConfigError {
    fn at(node_line: usize, key: &str, message: impl Into<String>) -> ConfigError {
        ConfigError { line: node_line, key: key.to_string(), message: message.into() }
    }
}

impl Config {
    pub fn from_path(path: &Path) -> Result<Config, Error> {
        let text =
            std::fs::read_to_string(path).map_err(|source| Error::Io { file: path.display().to_string(), source })?;
        Config::from_str(&path.display().to_string(), &text)
    }

    /// Parses a config; `file` names it in errors, and the overlays it lists
    /// are read from its folder.
    pub fn from_str(file: &str, text: &str) -> Result<Config, Error> {
        Config::from_str_in(file, text, Path::new(file).parent().unwrap_or(Path::new("")))
    }

    /// [`Config::from_str`] with the overlays read from `dir` (for a config
    /// named shorter than its path, as a test's is).
    pub fn from_str_in(file: &str, text: &str, dir: &Path) -> Result<Config, Error> {
        let error =
            |e: ConfigError| Error::Config { file: file.to_string(), line: e.line, key: e.key, message: e.message };
        let root = crate::yaml::parse(text).map_err(|e| error(e.into()))?;
        let mut config = Config { file: Arc::from(file), ..Config::default() };
        let overlays = read(&root, &mut config).map_err(error)?;
        for (name, at) in overlays {
            let actions = read_overlay(&config, dir, &name, &at)?;
            config.patches.extend(actions);
        }
        Ok(config)
    }

    /// A warning about the config file, at a line and key.
    pub fn warning(&self, at: &Spot, message: impl Into<String>) -> Warning {
        Warning { location: self.location(at), message: message.into() }
    }

    /// `file:line` and the key as a pointer, so a config diagnostic reads `codegen.yaml:12#/resources/accounts`.
    pub fn location(&self, at: &Spot) -> Location {
        Location::new(Arc::from(format!("{}:{}", self.file, at.line)), format!("/{}", at.key.replace('.', "/")))
    }

    /// The `Error` for a config entry that cannot be honoured.
    pub fn error(&self, at: &Spot, message: impl Into<String>) -> Error {
        Error::Config { file: self.file.to_string(), line: at.line, key: at.key.clone(), message: message.into() }
    }

    /// What the config says that this generator does not use, as warnings:
    /// each ignored key once, at its first use.
    pub fn ignored_warnings(&self) -> Vec<Warning> {
        let mut first: Vec<(&str, &Spot, usize)> = Vec::new();
        for at in &self.ignored {
            let name = at.key.rsplit('.').next().unwrap_or(&at.key);
            match first.iter_mut().find(|(seen, _, _)| *seen == name) {
                Some((_, _, count)) => *count += 1,
                None => first.push((name, at, 1)),
            }
        }
        let ignored = first.into_iter().map(|(name, at, count)| {
            let times = if count > 1 { format!(" ({count} times)") } else { String::new() };
            self.warning(at, format!("`{name}`{times} is not used by this generator; ignored"))
        });
        ignored.chain(self.skipped.iter().map(|(at, why)| self.warning(at, why.clone()))).collect()
    }

    /// The Rust type for a `format`: the config's rule, else the defaults
    /// (`date-time` and `date` get the runtime's types).
    pub fn format_type(&self, format: &str) -> FormatType {
        match self.formats.iter().find(|rule| rule.format == format) {
            Some(rule) => rule.ty.clone(),
            None if matches!(format, "date-time" | "date") => FormatType::Runtime,
            None => FormatType::Plain,
        }
    }

    /// Whether the config names a component schema (a resource map's model or a `types:` entry).
    pub fn names_component(&self, key: &str) -> bool {
        self.models.iter().any(|m| m.component == key)
            || self.types.iter().any(|rule| rule.target == TypeTarget::Component(key.to_string()))
    }

    /// The dependency lines of every Rust type the config brings in, sorted, once each.
    pub fn dependencies(&self) -> Vec<String> {
        let formats = self.formats.iter().filter_map(|rule| match &rule.ty {
            FormatType::Rust(ty) => ty.dependency.clone(),
            _ => None,
        });
        let types = self.types.iter().filter_map(|rule| rule.replace.as_ref()?.dependency.clone());
        let mut lines: Vec<String> = formats.chain(types).collect();
        lines.sort();
        lines.dedup();
        lines
    }
}

const TOP_LEVEL: &[&str] = &[
    "resources",
    "types",
    "formats",
    "derives",
    "select",
    "patches",
    "overlays",
    "client",
    "names",
    "pagination",
    "environments",
];
/// Top-level keys of Stainless's `stainless.yml` besides `resources`.
const STAINLESS_TOP_LEVEL: &[&str] = &[
    "organization",
    "targets",
    "client_settings",
    "settings",
    "query_settings",
    "diagnostics",
    "edition",
    "codeflow",
    "unspecified_endpoints",
    "custom_casings",
];

/// Reads the config into `config`; the overlays it lists (their files are read after it), with their lines.
fn read(root: &Node, config: &mut Config) -> Result<Vec<(String, Spot)>, ConfigError> {
    let mut overlays = Vec::new();
    for (key, value) in entries(root, "")? {
        match key.text.as_str() {
            "resources" => resources::read(value, config)?,
            "types" => read_types(value, config)?,
            "formats" => read_formats(value, config)?,
            "derives" => {
                config.derives = derives(value, "derives")?;
                config.derives_at = Spot { line: key.line, key: "derives".to_string() };
            }
            "select" => read_selection(value, config)?,
            "patches" => read_patches(value, config)?,
            "openapi" => read_openapi(value, config)?,
            "overlays" => {
                for (index, item) in list(value, "overlays")?.iter().enumerate() {
                    let key = format!("overlays.{index}");
                    overlays.push((string(item, &key)?, Spot { line: item.line, key }));
                }
            }
            "client" => {
                let environments = std::mem::take(&mut config.client.environments);
                let options = std::mem::take(&mut config.client.options);
                let webhook_secret_env = config.client.webhook_secret_env.take();
                config.client = ClientSettings { environments, options, webhook_secret_env, ..read_client(value)? };
            }
            "client_settings" => read_client_settings(value, config)?,
            "environments" => {
                for (name, url) in entries(value, "environments")? {
                    let url = string(url, &join("environments", &name.text))?;
                    config.client.environments.push((name.text.clone(), url));
                }
            }
            "names" => config.names = read_names(value)?,
            // Stainless's security, for a spec that lacks it (or to replace it): patches of the spec.
            "security_schemes" | "security" => {
                let patch = match key.text.as_str() {
                    "security" => serde_json::json!({ "security": value.to_json() }),
                    _ => serde_json::json!({ "components": { "securitySchemes": value.to_json() } }),
                };
                let at = Spot { line: key.line, key: key.text.clone() };
                let target = PatchTarget::Pointer(String::new());
                config.patches.push(Patch { target, action: PatchAction::Merge(patch), at, overlay: None });
            }
            "pagination" => config.pagination = pagination::read(value)?,
            "readme" => read_readme(value, config)?,
            other if STAINLESS_TOP_LEVEL.contains(&other) => {
                config.ignored.push(Spot { line: key.line, key: other.to_string() })
            }
            other => return Err(unknown_key(key, "", other, TOP_LEVEL)),
        }
    }
    Ok(overlays)
}

fn unknown_key(key: &Key, parent: &str, text: &str, known: &[&str]) -> ConfigError {
    ConfigError::at(
        key.line,
        &join(parent, text),
        format!("unknown key `{text}`; expected one of: {}", known.join(", ")),
    )
}

fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() { key.to_string() } else { format!("{parent}.{key}") }
}

/// A mapping's entries; a null node (`key:` alone) is an empty mapping.
fn entries<'a>(node: &'a Node, key: &str) -> Result<&'a [(Key, Node)], ConfigError> {
    match &node.value {
        Value::Map(entries) => Ok(entries),
        _ if node.is_null() => Ok(&[]),
        _ => Err(ConfigError::at(node.line, key, format!("expected a mapping, found {}", node.kind()))),
    }
}

fn list<'a>(node: &'a Node, key: &str) -> Result<&'a [Node], ConfigError> {
    match &node.value {
        Value::List(items) => Ok(items),
        _ if node.is_null() => Ok(&[]),
        _ => Err(ConfigError::at(node.line, key, format!("expected a list, found {}", node.kind()))),
    }
}

fn string(node: &Node, key: &str) -> Result<String, ConfigError> {
    match &node.value {
        Value::Scalar(text, _) if !node.is_null() => Ok(text.clone()),
        _ => Err(ConfigError::at(node.line, key, format!("expected a string, found {}", node.kind()))),
    }
}

fn number<T: std::str::FromStr>(node: &Node, key: &str, what: &str) -> Result<T, ConfigError> {
    match &node.value {
        Value::Scalar(text, false) => {
            text.parse().map_err(|_| ConfigError::at(node.line, key, format!("expected {what}, found `{text}`")))
        }
        _ => Err(ConfigError::at(node.line, key, format!("expected {what}, found {}", node.kind()))),
    }
}

fn derives(node: &Node, key: &str) -> Result<Vec<Derive>, ConfigError> {
    let mut derives = Vec::new();
    for item in list(node, key)? {
        let text = string(item, key)?;
        let derive = Derive::ALL.into_iter().find(|d| d.as_str() == text).ok_or_else(|| {
            let known: Vec<&str> = Derive::ALL.iter().map(|d| d.as_str()).collect();
            ConfigError::at(item.line, key, format!("cannot derive `{text}`; one of: {}", known.join(", ")))
        })?;
        for &needed in derive.implied().iter().chain([&derive]) {
            if !derives.contains(&needed) {
                derives.push(needed);
            }
        }
    }
    derives.sort();
    Ok(derives)
}

/// `{ type: path, dependency: 'line' }`.
fn rust_type(node: &Node, key: &str) -> Result<RustType, ConfigError> {
    let mut path = None;
    let mut dependency = None;
    for (k, value) in entries(node, key)? {
        let here = join(key, &k.text);
        match k.text.as_str() {
            "type" => path = Some((string(value, &here)?, value.line)),
            "dependency" => {
                let line = string(value, &here)?;
                let crate_name = line.split('=').next().map(str::trim).unwrap_or_default();
                if !line.contains('=')
                    || crate_name.is_empty()
                    || !crate_name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                {
                    return Err(ConfigError::at(
                        value.line,
                        &here,
                        format!(
                            "expected a Cargo.toml dependency line like `uuid = {{ version = \"1\", features = [\"serde\"] }}`, found `{line}`"
                        ),
                    ));
                }
                dependency = Some(line);
            }
            other => return Err(unknown_key(k, key, other, &["type", "dependency"])),
        }
    }
    let (path, line) = path
        .ok_or_else(|| ConfigError::at(node.line, key, "`type` is missing: the Rust type's path, like `uuid::Uuid`"))?;
    if let Some(problem) = type_path_problem(&path) {
        return Err(ConfigError::at(line, &join(key, "type"), format!("`{path}` is not a Rust type path: {problem}")));
    }
    Ok(RustType { path, dependency })
}

/// Why `path` cannot be a type's path in generated code, if it cannot. The
/// emitter makes an identifier of every `::`-separated segment, so each must
/// be one: ASCII (crate names are, and rustc lints other scripts), not `_` nor
/// a keyword of any edition, except `crate`, `self` and `super` leading the
/// path (`super` after `self` or `super`); a leading `::` names a crate.
fn type_path_problem(path: &str) -> Option<String> {
    let relative = path.strip_prefix("::").unwrap_or(path);
    if relative.is_empty() {
        return Some("it names no type".to_string());
    }
    let segments: Vec<&str> = relative.split("::").collect();
    for (i, segment) in segments.iter().enumerate() {
        let ascii = segment.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && segment.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        let leads = relative.len() == path.len()
            && i + 1 < segments.len()
            && match *segment {
                "crate" | "self" => i == 0,
                "super" => segments[..i].iter().all(|s| matches!(*s, "self" | "super")),
                _ => false,
            };
        let problem = if segment.is_empty() {
            "an empty segment".to_string()
        } else if !ascii {
            format!("`{segment}` is not an ASCII identifier")
        } else if leads {
            continue;
        } else if *segment == "_" || *segment == "gen" || syn::parse_str::<syn::Ident>(segment).is_err() {
            // syn refuses `_` and every keyword but 2024's `gen`.
            format!("`{segment}` is a keyword here")
        } else {
            continue;
        };
        return Some(problem);
    }
    None
}

fn read_types(node: &Node, config: &mut Config) -> Result<(), ConfigError> {
    for (target_key, rules) in entries(node, "types")? {
        let key = join("types", &target_key.text);
        let target = match component_key(&target_key.text) {
            Some(component) => TypeTarget::Component(component),
            None if target_key.text.starts_with('#') => {
                return Err(ConfigError::at(
                    target_key.line,
                    &key,
                    "a type is a component (`#/components/schemas/NAME`) or a generated type name",
                ));
            }
            None => TypeTarget::Name(target_key.text.clone()),
        };
        let mut rule = TypeRule {
            target,
            rename: None,
            derives: Vec::new(),
            replace: None,
            at: Spot { line: target_key.line, key: key.clone() },
        };
        for (k, value) in entries(rules, &key)? {
            let here = join(&key, &k.text);
            match k.text.as_str() {
                "rename" => {
                    let name = string(value, &here)?;
                    if !crate::ident::is_type_name(&name) {
                        return Err(ConfigError::at(
                            value.line,
                            &here,
                            format!(
                                "`{name}` is not a usable type name (UpperCamelCase, not a keyword or a prelude type)"
                            ),
                        ));
                    }
                    rule.rename = Some(name);
                }
                "derives" => rule.derives = derives(value, &here)?,
                "replace" => {
                    if matches!(rule.target, TypeTarget::Name(_)) {
                        return Err(ConfigError::at(
                            k.line,
                            &here,
                            "only a component (`#/components/schemas/NAME`) can be replaced by a Rust type",
                        ));
                    }
                    rule.replace = Some(rust_type(value, &here)?);
                }
                other => return Err(unknown_key(k, &key, other, &["rename", "derives", "replace"])),
            }
        }
        config.types.push(rule);
    }
    Ok(())
}

/// `iam_token` for `#/components/schemas/iam_token` (a component of the root spec).
fn component_key(reference: &str) -> Option<String> {
    reference.strip_prefix("#/components/schemas/").map(crate::diagnostics::pointer_token)
}

fn read_formats(node: &Node, config: &mut Config) -> Result<(), ConfigError> {
    for (format, value) in entries(node, "formats")? {
        let key = join("formats", &format.text);
        let ty = match &value.value {
            Value::Scalar(text, _) if text == "string" || text == "String" => FormatType::Plain,
            Value::Scalar(text, _) if text == "runtime" => FormatType::Runtime,
            Value::Scalar(text, _) => {
                return Err(ConfigError::at(
                    value.line,
                    &key,
                    format!("expected `string`, `runtime` or `{{ type: .., dependency: .. }}`, found `{text}`"),
                ));
            }
            _ => FormatType::Rust(rust_type(value, &key)?),
        };
        if ty == FormatType::Runtime && !matches!(format.text.as_str(), "date-time" | "date") {
            return Err(ConfigError::at(value.line, &key, "the runtime has types for `date-time` and `date` only"));
        }
        config.formats.push(FormatRule { format: format.text.clone(), ty, at: Spot { line: format.line, key } });
    }
    Ok(())
}

fn read_selection(node: &Node, config: &mut Config) -> Result<(), ConfigError> {
    for (k, value) in entries(node, "select")? {
        let key = join("select", &k.text);
        let selectors = match k.text.as_str() {
            "include" => &mut config.select.include,
            "exclude" => &mut config.select.exclude,
            other => return Err(unknown_key(k, "select", other, &["include", "exclude"])),
        };
        for item in list(value, &key)? {
            let [(kind, text)] = entries(item, &key)? else {
                return Err(ConfigError::at(
                    item.line,
                    &key,
                    "each entry is one of `path: GLOB`, `tag: NAME`, `resource: a.b`",
                ));
            };
            let here = join(&key, &kind.text);
            let text = string(text, &here)?;
            let what = match kind.text.as_str() {
                "path" => Select::Path(text),
                "tag" => Select::Tag(text),
                "resource" => Select::Resource(text.split('.').map(str::to_string).collect()),
                other => return Err(unknown_key(kind, &key, other, &["path", "tag", "resource"])),
            };
            selectors.push(Selector { what, at: Spot { line: kind.line, key: here } });
        }
    }
    Ok(())
}

fn read_patches(node: &Node, config: &mut Config) -> Result<(), ConfigError> {
    for (index, item) in list(node, "patches")?.iter().enumerate() {
        let key = format!("patches.{index}");
        let mut pointer = String::new();
        let mut action = None;
        for (k, value) in entries(item, &key)? {
            let here = join(&key, &k.text);
            match k.text.as_str() {
                "at" => {
                    pointer = string(value, &here)?;
                    if !pointer.is_empty() && !pointer.starts_with('/') {
                        return Err(ConfigError::at(
                            value.line,
                            &here,
                            format!("`{pointer}` is not a JSON pointer (it starts with `/`)"),
                        ));
                    }
                }
                "merge" => action = Some(PatchAction::Merge(value.to_json())),
                "set" => action = Some(PatchAction::Set(value.to_json())),
                "remove" => match &value.value {
                    Value::Scalar(text, false) if text == "true" => action = Some(PatchAction::Remove),
                    _ => return Err(ConfigError::at(value.line, &here, "expected `true`")),
                },
                other => return Err(unknown_key(k, &key, other, &["at", "merge", "set", "remove"])),
            }
        }
        let action =
            action.ok_or_else(|| ConfigError::at(item.line, &key, "a patch needs `merge`, `set` or `remove`"))?;
        let at = Spot { line: item.line, key };
        config.patches.push(Patch { target: PatchTarget::Pointer(pointer), action, at, overlay: None });
    }
    Ok(())
}

/// Stainless's `openapi:` section: its `transforms` (Stainless's docs say
/// `transformations` too), patches in file order; the rest is ignored.
fn read_openapi(node: &Node, config: &mut Config) -> Result<(), ConfigError> {
    for (k, value) in entries(node, "openapi")? {
        let key = join("openapi", &k.text);
        if !matches!(k.text.as_str(), "transforms" | "transformations") {
            config.ignored.push(Spot { line: k.line, key });
            continue;
        }
        for (index, item) in list(value, &key)?.iter().enumerate() {
            config.patches.push(read_transform(item, &format!("{key}.{index}"))?);
        }
    }
    Ok(())
}

/// `{command: update, reason: .., args: {target: '$..x', value: ..}}`.
fn read_transform(item: &Node, key: &str) -> Result<Patch, ConfigError> {
    let (mut command, mut args) = (None, None);
    for (k, value) in entries(item, key)? {
        match k.text.as_str() {
            "command" => command = Some((string(value, &join(key, "command"))?, value.line)),
            "reason" => {}
            "args" => args = Some(value),
            other => return Err(unknown_key(k, key, other, &["command", "reason", "args"])),
        }
    }
    let (command, line) = command.ok_or_else(|| ConfigError::at(item.line, key, "a transform needs a `command`"))?;
    let args_key = join(key, "args");
    let args = Args {
        entries: args.map_or(Ok(&[][..]), |node| entries(node, &args_key))?,
        key: args_key,
        line: args.map_or(item.line, |node| node.line),
        command: &command,
    };
    let (targets, action) = match command.as_str() {
        "update" => {
            args.only(&["target", "value", "template"])?;
            let (value, value_key) = args.required("value")?;
            let template = match args.get("template") {
                Some((node, key)) => number::<bool>(node, &key, "true or false")?,
                None => false,
            };
            let action = match value.to_json() {
                serde_json::Value::String(text) if template && text.contains("{{value}}") => {
                    PatchAction::Template(text)
                }
                _ if template => {
                    return Err(ConfigError::at(
                        value.line,
                        &value_key,
                        "with `template: true` the value is a string with `{{value}}` in it",
                    ));
                }
                value => PatchAction::Set(value),
            };
            (args.paths("target")?, action)
        }
        "append" | "merge" => {
            args.only(&["target", "value"])?;
            let value = args.required("value")?.0.to_json();
            let action = if command == "append" { PatchAction::Append(value) } else { PatchAction::DeepMerge(value) };
            (args.paths("target")?, action)
        }
        "remove" => {
            args.only(&["target", "keys"])?;
            let action = match args.get("keys") {
                Some((node, key)) => match list(node, &key)? {
                    [] => return Err(ConfigError::at(node.line, &key, "`keys` lists no key")),
                    keys => PatchAction::RemoveKeys(keys.iter().map(|k| string(k, &key)).collect::<Result<_, _>>()?),
                },
                None => PatchAction::Remove,
            };
            (args.paths("target")?, action)
        }
        "copy" | "move" => {
            args.only(&["from", "to"])?;
            let (node, key) = args.required("from")?;
            let from = json_path(node, &key)?;
            (args.paths("to")?, PatchAction::Copy { from, then_remove: command == "move" })
        }
        "rename" => {
            args.only(&["target", "from", "to"])?;
            let name = |arg: &str| args.required(arg).and_then(|(node, key)| string(node, &key));
            (args.paths("target")?, PatchAction::Rename { from: name("from")?, to: name("to")? })
        }
        other => {
            return Err(ConfigError::at(
                line,
                &join(key, "command"),
                format!(
                    "unknown command `{other}`; expected one of: update, append, merge, remove, copy, move, rename"
                ),
            ));
        }
    };
    Ok(Patch {
        target: PatchTarget::Paths(targets),
        action,
        at: Spot { line: item.line, key: key.to_string() },
        overlay: None,
    })
}

/// A transform's `args`.
struct Args<'a> {
    entries: &'a [(Key, Node)],
    key: String,
    line: usize,
    command: &'a str,
}

impl<'a> Args<'a> {
    fn only(&self, known: &[&str]) -> Result<(), ConfigError> {
        match self.entries.iter().find(|(k, _)| !known.contains(&k.text.as_str())) {
            Some((k, _)) => Err(unknown_key(k, &self.key, &k.text, known)),
            None => Ok(()),
        }
    }

    fn get(&self, name: &str) -> Option<(&'a Node, String)> {
        self.entries.iter().find(|(k, _)| k.text == name).map(|(_, node)| (node, join(&self.key, name)))
    }

    fn required(&self, name: &str) -> Result<(&'a Node, String), ConfigError> {
        self.get(name)
            .ok_or_else(|| ConfigError::at(self.line, &self.key, format!("`{}` needs `args.{name}`", self.command)))
    }

    /// A JSONPath or a list of them.
    fn paths(&self, name: &str) -> Result<Vec<JsonPath>, ConfigError> {
        let (node, key) = self.required(name)?;
        match &node.value {
            Value::List(items) if !items.is_empty() => items.iter().map(|item| json_path(item, &key)).collect(),
            _ => Ok(vec![json_path(node, &key)?]),
        }
    }
}

fn json_path(node: &Node, key: &str) -> Result<JsonPath, ConfigError> {
    if !matches!(node.value, Value::Scalar(..)) || node.is_null() {
        return Err(ConfigError::at(
            node.line,
            key,
            format!(
                "expected a JSONPath string, found {} (only JSONPath targets are supported, not `matches_schema`)",
                node.kind()
            ),
        ));
    }
    let text = string(node, key)?;
    JsonPath::parse(&text).map_err(|e| ConfigError::at(node.line, key, format!("`{text}` is not a JSONPath: {e}")))
}

/// An OpenAPI Overlay 1.0 document's actions, as patches; `name` is the
/// `overlays:` entry (at `at`), relative to the config's folder `dir`.
fn read_overlay(config: &Config, dir: &Path, name: &str, at: &Spot) -> Result<Vec<Patch>, Error> {
    let shown = Path::new(&*config.file).parent().unwrap_or(Path::new("")).join(name).display().to_string();
    let text = std::fs::read_to_string(dir.join(name))
        .map_err(|e| config.error(at, format!("cannot read the overlay `{shown}`: {e}")))?;
    let file: Arc<str> = Arc::from(shown);
    let error = |e: ConfigError| Error::Config { file: file.to_string(), line: e.line, key: e.key, message: e.message };
    let root = crate::yaml::parse(&text).map_err(|e| error(e.into()))?;
    overlay_actions(&root, &file).map_err(error)
}

fn overlay_actions(root: &Node, file: &Arc<str>) -> Result<Vec<Patch>, ConfigError> {
    let (mut version, mut actions) = (None, None);
    for (k, value) in entries(root, "")? {
        match k.text.as_str() {
            "overlay" => version = Some((string(value, "overlay")?, value.line)),
            "actions" => actions = Some(value),
            "info" | "extends" => {}
            other if other.starts_with("x-") => {}
            other => return Err(unknown_key(k, "", other, &["overlay", "info", "extends", "actions"])),
        }
    }
    match version {
        Some((version, _)) if version.starts_with("1.") => {}
        Some((version, line)) => {
            return Err(ConfigError::at(line, "overlay", format!("Overlay `{version}` is not supported: only 1.x")));
        }
        None => {
            return Err(ConfigError::at(root.line, "overlay", "not an OpenAPI Overlay: `overlay: 1.0.0` is missing"));
        }
    }
    let actions = actions.ok_or_else(|| ConfigError::at(root.line, "actions", "an overlay needs `actions`"))?;
    let mut patches = Vec::new();
    for (index, item) in list(actions, "actions")?.iter().enumerate() {
        let key = format!("actions.{index}");
        let (mut target, mut update, mut remove) = (None, None, false);
        for (k, value) in entries(item, &key)? {
            let here = join(&key, &k.text);
            match k.text.as_str() {
                "target" => target = Some(json_path(value, &here)?),
                "update" => update = Some(value.to_json()),
                "remove" => remove = number(value, &here, "true or false")?,
                "description" => {}
                other if other.starts_with("x-") => {}
                other => return Err(unknown_key(k, &key, other, &["target", "description", "update", "remove"])),
            }
        }
        let target = target.ok_or_else(|| ConfigError::at(item.line, &key, "an action needs a `target`"))?;
        let action = match (update, remove) {
            (Some(update), false) => PatchAction::OverlayUpdate(update),
            (None, true) => PatchAction::Remove,
            (Some(_), true) => return Err(ConfigError::at(item.line, &key, "an action updates or removes, not both")),
            (None, false) => {
                return Err(ConfigError::at(item.line, &key, "an action needs `update` or `remove: true`"));
            }
        };
        let at = Spot { line: item.line, key };
        patches.push(Patch { target: PatchTarget::Paths(vec![target]), action, at, overlay: Some(file.clone()) });
    }
    Ok(patches)
}

fn read_names(node: &Node) -> Result<MethodWords, ConfigError> {
    let mut words = MethodWords::default();
    for (k, value) in entries(node, "names")? {
        let key = join("names", &k.text);
        let word = string(value, &key)?;
        let wrong = |expected: &str| ConfigError::at(value.line, &key, format!("expected {expected}, found `{word}`"));
        match k.text.as_str() {
            "get" => {
                words.retrieve = match word.as_str() {
                    "get" => false,
                    "retrieve" => true,
                    _ => return Err(wrong("`get` or `retrieve`")),
                }
            }
            "patch" => {
                words.patch = match word.as_str() {
                    "auto" => PatchWord::Auto,
                    "update" => PatchWord::Update,
                    "edit" => PatchWord::Edit,
                    _ => return Err(wrong("`auto`, `update` or `edit`")),
                }
            }
            other => return Err(unknown_key(k, "names", other, &["get", "patch"])),
        }
    }
    Ok(words)
}

/// Stainless's `client_settings`: of it, the `opts` that set a credential; the rest is listed as
/// ignored.
fn read_client_settings(node: &Node, config: &mut Config) -> Result<(), ConfigError> {
    for (k, value) in entries(node, "client_settings")? {
        let key = join("client_settings", &k.text);
        if k.text != "opts" {
            config.ignored.push(Spot { line: k.line, key });
            continue;
        }
        for (name, opt) in entries(value, &key)? {
            let here = join(&key, &name.text);
            let (mut scheme, mut role, mut read_env, mut default) = (None, None, None, None);
            let mut nullable = false;
            for (ok, ov) in entries(opt, &here)? {
                let at = join(&here, &ok.text);
                match ok.text.as_str() {
                    "auth" => {
                        for (ak, av) in entries(ov, &at)? {
                            match ak.text.as_str() {
                                "security_scheme" => scheme = Some(string(av, &join(&at, &ak.text))?),
                                "role" => role = Some(string(av, &join(&at, &ak.text))?),
                                _ => config.ignored.push(Spot { line: ak.line, key: join(&at, &ak.text) }),
                            }
                        }
                    }
                    "read_env" => read_env = Some(string(ov, &at)?),
                    "default" => default = Some(string(ov, &at)?),
                    "nullable" => nullable = number(ov, &at, "true or false")?,
                    _ => config.ignored.push(Spot { line: ok.line, key: at }),
                }
            }
            let at = Spot { line: name.line, key: here };
            match scheme {
                Some(scheme) => config.client.options.push(ClientOption {
                    name: name.text.clone(),
                    scheme,
                    role,
                    read_env,
                    default,
                    nullable,
                    at,
                }),
                // Stainless's `webhook_secret` / `webhook_key`: the secret the webhook methods verify with.
                None if name.text.contains("webhook") && read_env.is_some() => {
                    config.client.webhook_secret_env = read_env;
                }
                None => config.skipped.push((
                    at,
                    format!(
                        "client option `{}` sets no credential (`auth`); the generator's client has no setting for it",
                        name.text
                    ),
                )),
            }
        }
    }
    Ok(())
}

fn read_client(node: &Node) -> Result<ClientSettings, ConfigError> {
    let mut settings = ClientSettings::default();
    for (k, value) in entries(node, "client")? {
        let key = join("client", &k.text);
        match k.text.as_str() {
            "base_url" => settings.base_url = Some(string(value, &key)?),
            "env_prefix" => settings.env_prefix = Some(string(value, &key)?),
            "base_url_env" => settings.base_url_env = Some(string(value, &key)?),
            "credential_env" => {
                for (scheme, vars) in entries(value, &key)? {
                    let here = join(&key, &scheme.text);
                    let vars = match &vars.value {
                        Value::List(items) => items.iter().map(|v| string(v, &here)).collect::<Result<_, _>>()?,
                        _ => vec![string(vars, &here)?],
                    };
                    settings.credential_env.push((scheme.text.clone(), vars, Spot { line: scheme.line, key: here }));
                }
            }
            "timeout_seconds" => settings.timeout_seconds = Some(number(value, &key, "a whole number of seconds")?),
            "max_retries" => settings.max_retries = Some(number(value, &key, "a whole number")?),
            "user_agent" => settings.user_agent = Some(string(value, &key)?),
            "strict_decoding" => settings.strict_decoding = number(value, &key, "true or false")?,
            other => {
                return Err(unknown_key(
                    k,
                    "client",
                    other,
                    &[
                        "base_url",
                        "env_prefix",
                        "base_url_env",
                        "credential_env",
                        "timeout_seconds",
                        "max_retries",
                        "user_agent",
                        "strict_decoding",
                    ],
                ));
            }
        }
    }
    Ok(settings)
}

/// Whether a path glob matches a spec path: `*` stands for any text within
/// one segment, `**` for any number of whole segments.
pub fn path_matches(glob: &str, path: &str) -> bool {
    fn segments(text: &str) -> Vec<&str> {
        text.split('/').filter(|s| !s.is_empty()).collect()
    }
    fn segment_matches(glob: &str, text: &str) -> bool {
        match glob.split_once('*') {
            None => glob == text,
            Some((prefix, rest)) => {
                let Some(text) = text.strip_prefix(prefix) else { return false };
                (0..=text.len()).filter(|&i| text.is_char_boundary(i)).any(|i| segment_matches(rest, &text[i..]))
            }
        }
    }
    fn walk(glob: &[&str], path: &[&str]) -> bool {
        match glob.split_first() {
            None => path.is_empty(),
            Some((&"**", rest)) => (0..=path.len()).any(|skip| walk(rest, &path[skip..])),
            Some((first, rest)) => path
                .split_first()
                .is_some_and(|(segment, path_rest)| segment_matches(first, segment) && walk(rest, path_rest)),
        }
    }
    walk(&segments(glob), &segments(path))
}

/// A call the README of Stainless's SDKs shows (`readme.example_requests.NAME`):
/// `{type: request, endpoint: post /chat/completions, params: {model: gpt-4o}}`.
#[derive(Debug, Clone, PartialEq)]
pub struct ExampleRequest {
    /// `headline`, `default`, `streaming`, `pagination`, or any other.
    pub name: String,
    pub verb: String,
    pub path: String,
    /// The call's arguments by their names in the spec: path and query parameters, body properties.
    pub params: serde_json::Map<String, serde_json::Value>,
    pub at: Spot,
}

/// Stainless's `readme:`, of which the generator reads the `example_requests`.
fn read_readme(node: &Node, config: &mut Config) -> Result<(), ConfigError> {
    for (k, value) in entries(node, "readme")? {
        let key = join("readme", &k.text);
        if k.text != "example_requests" {
            config.ignored.push(Spot { line: k.line, key });
            continue;
        }
        for (name, request) in entries(value, &key)? {
            let here = join(&key, &name.text);
            let (mut endpoint, mut params) = (None, serde_json::Map::new());
            for (rk, rv) in entries(request, &here)? {
                let at = join(&here, &rk.text);
                match rk.text.as_str() {
                    "endpoint" => endpoint = Some((string(rv, &at)?, rv.line)),
                    "params" => {
                        for (pk, pv) in entries(rv, &at)? {
                            params.insert(pk.text.clone(), pv.to_json());
                        }
                    }
                    // `request`, the one kind of example the generator knows.
                    "type" => {}
                    _ => config.ignored.push(Spot { line: rk.line, key: at }),
                }
            }
            let (endpoint, line) = endpoint.ok_or_else(|| {
                ConfigError::at(request.line, &here, "`endpoint` is missing: the call's `verb /path`")
            })?;
            let Some((verb, path)) = endpoint.trim().split_once(' ') else {
                let message = format!("expected `verb /path`, found `{endpoint}`");
                return Err(ConfigError::at(line, &join(&here, "endpoint"), message));
            };
            config.example_requests.push(ExampleRequest {
                name: name.text.clone(),
                verb: verb.to_string(),
                path: path.trim().to_string(),
                params,
                at: Spot { line: name.line, key: here },
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
