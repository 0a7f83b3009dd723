//! Stage 4, name: every Rust name in the output is chosen here, from the
//! model's hints. Component keys win over names suggested by context; clashes
//! are resolved deterministically (file prefix, then a number).

pub mod ident;

use std::collections::{BTreeMap, HashSet};

use heck::{ToKebabCase, ToShoutySnakeCase, ToUpperCamelCase};

use crate::model::{Model, TypeKind};
use ident::{field_ident, type_ident, variant_ident, RESERVED_TYPE_NAMES};

/// A Rust identifier and the JSON name it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident {
    pub rust: String,
    pub json: String,
}

/// The model and all the names emission needs.
#[derive(Debug)]
pub struct Named {
    pub model: Model,
    /// Per type id.
    pub types: Vec<String>,
    /// Per type id: struct fields, enum values or union variants, in model order.
    pub members: Vec<Vec<Ident>>,
    /// Per type id: the name of the extra member (an enum's catch-all variant, a struct's map of extra properties).
    pub extra_member: Vec<String>,
    /// Per resource path (`["user", "tokens"]`): its struct and accessor method.
    pub resources: BTreeMap<Vec<String>, ResourceNames>,
    /// Per operation: the method and its path-parameter arguments.
    pub operations: Vec<OperationNames>,
    /// Per security scheme (model order): the client builder method setting its credential.
    pub schemes: Vec<SchemeNames>,
    /// The environment variable of the base URL (`CLOUDFLARE_BASE_URL`).
    pub base_url_env: String,
    /// Top-level resource word → its cargo feature.
    pub features: BTreeMap<String, String>,
}

#[derive(Debug, Clone)]
pub struct ResourceNames {
    /// The struct in the `resources` module, e.g. `UserTokens`.
    pub struct_name: String,
    /// The method on the parent that returns it, e.g. `tokens`.
    pub accessor: String,
}

#[derive(Debug, Clone)]
pub struct OperationNames {
    pub method: String,
    /// Same order as the operation's path parameters.
    pub path_args: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct SchemeNames {
    pub builder_method: String,
    /// Variables `from_env` reads, first match wins.
    pub env_vars: Vec<String>,
}

/// Features every generated crate has; a resource feature must not take their names.
const CRATE_FEATURES: &[&str] = &["default", "rustls", "native-tls", "tracing", "extra-fields", "all-resources", UNREFERENCED_FEATURE];

/// The feature of the models no operation uses (part of `all-resources`).
pub const UNREFERENCED_FEATURE: &str = "unreferenced-models";

/// Methods of the runtime's `ClientBuilder`; a scheme method must not shadow them.
const BUILDER_METHODS: &[&str] = &[
    "new",
    "base_url",
    "timeout",
    "max_retries",
    "retry_backoff",
    "user_agent",
    "http_client",
    "middleware",
    "credential",
    "default_security",
    "build",
    "from_env",
    "has_credentials",
];

/// Methods of the runtime's `Client`; operations on `/` become client methods and must not shadow them.
const CLIENT_METHODS: &[&str] = &["builder", "from_env", "with_options", "base_url", "request", "get", "post", "put", "patch", "delete"];

/// [`field_ident`] remembered per JSON name: the same names (`id`, `name`)
/// recur in thousands of structs, and case conversion is not cheap.
#[derive(Default)]
struct FieldIdents(rustc_hash::FxHashMap<String, String>);

impl FieldIdents {
    fn of(&mut self, raw: &str) -> String {
        if let Some(ident) = self.0.get(raw) {
            return ident.clone();
        }
        let ident = field_ident(raw);
        self.0.insert(raw.to_string(), ident.clone());
        ident
    }
}

pub fn name(model: Model, env_prefix: Option<&str>) -> Named {
    let types = type_names(&model);
    let (resources, operations) = operation_names(&model);
    let prefix = env_prefix.map_or_else(|| default_env_prefix(&model.api.title), |p| p.to_shouty_snake_case());
    let mut used: HashSet<String> = BUILDER_METHODS.iter().map(|s| s.to_string()).collect();
    let schemes = model
        .api
        .security_schemes
        .iter()
        .map(|scheme| {
            let builder_method = unique(&mut used, field_ident(&scheme.name), &scheme.name).rust;
            let upper = scheme.name.to_shouty_snake_case();
            let mut env_vars = vec![format!("{prefix}_{upper}")];
            // `api_email` is also read as `CLOUDFLARE_EMAIL`: the prefix already says "API".
            if let Some(rest) = upper.strip_prefix("API_") {
                env_vars.push(format!("{prefix}_{rest}"));
            }
            SchemeNames { builder_method, env_vars }
        })
        .collect();
    let mut members = Vec::with_capacity(model.types.len());
    let mut extra_member = Vec::with_capacity(model.types.len());
    let mut field_idents = FieldIdents::default();
    for def in &model.types {
        let (list, extra) = match &def.kind {
            TypeKind::Struct(s) => {
                let mut used = HashSet::new();
                let list = s.fields.iter().map(|f| unique(&mut used, field_idents.of(&f.name), &f.name)).collect();
                let extra = unique(&mut used, "additional_properties".into(), "").rust;
                (list, extra)
            }
            TypeKind::Enum(e) => {
                let mut used = HashSet::new();
                let list = e.values.iter().map(|v| unique(&mut used, variant_ident(v), v)).collect();
                let extra = unique(&mut used, "Unknown".into(), "").rust;
                (list, extra)
            }
            TypeKind::Union(u) => {
                let mut used = HashSet::new();
                let list = u
                    .variants
                    .iter()
                    .map(|v| {
                        let json = v.tag_value.clone().unwrap_or_else(|| v.hint.clone());
                        unique(&mut used, variant_ident(&v.hint), &json)
                    })
                    .collect();
                let extra = unique(&mut used, "Unknown".into(), "").rust;
                (list, extra)
            }
            TypeKind::Params(p) => {
                // Setters share the namespace with the constructor and `apply`.
                let mut used: HashSet<String> = ["new", "apply"].iter().map(|s| s.to_string()).collect();
                let list = p.fields.iter().map(|f| unique(&mut used, field_idents.of(&f.name), &f.name)).collect();
                (list, String::new())
            }
            TypeKind::Responses(cases) => {
                let mut used = HashSet::new();
                let list = cases
                    .iter()
                    .map(|case| {
                        let several = cases.iter().filter(|c| c.status == case.status).count() > 1;
                        unique(&mut used, response_variant(&case.status, case.media_type.as_deref(), several), &case.status)
                    })
                    .collect();
                (list, String::new())
            }
            TypeKind::Alias(_) => (Vec::new(), String::new()),
        };
        members.push(list);
        extra_member.push(extra);
    }
    let features = model
        .operations
        .iter()
        .filter_map(|op| op.resource.first())
        .map(|word| {
            // The crate's own features keep their names.
            let feature = word.to_kebab_case();
            let feature = if CRATE_FEATURES.contains(&feature.as_str()) || feature.is_empty() { format!("{feature}-api") } else { feature };
            (word.clone(), feature)
        })
        .collect();
    Named { model, types, members, extra_member, resources, operations, schemes, base_url_env: format!("{prefix}_BASE_URL"), features }
}

/// `200` → `Ok`, `202` → `Accepted`; with the media's subtype when a status has several (`OkCsv`).
fn response_variant(status: &str, media_type: Option<&str>, several: bool) -> String {
    let word = match status.to_ascii_uppercase().as_str() {
        "200" => "Ok".to_string(),
        "201" => "Created".to_string(),
        "202" => "Accepted".to_string(),
        "203" => "NonAuthoritative".to_string(),
        "204" => "NoContent".to_string(),
        "205" => "ResetContent".to_string(),
        "206" => "PartialContent".to_string(),
        "2XX" => "Success".to_string(),
        "DEFAULT" => "Default".to_string(),
        other => format!("Status{}", other.to_upper_camel_case()),
    };
    let subtype = media_type.filter(|_| several).map(|m| {
        let essence = m.split(';').next().unwrap_or_default();
        let subtype = essence.rsplit(['/', '+']).next().unwrap_or_default();
        variant_ident(subtype)
    });
    format!("{word}{}", subtype.unwrap_or_default())
}

/// `Cloudflare API (token endpoints)` → `CLOUDFLARE`.
fn default_env_prefix(title: &str) -> String {
    let word = title.split(|c: char| !c.is_ascii_alphanumeric()).find(|w| !w.is_empty()).unwrap_or("API");
    word.to_shouty_snake_case()
}

/// Resource structs and accessors, method names and their arguments. A method
/// shares its resource's namespace with the child accessors (and, at the root, the client's own methods).
fn operation_names(model: &Model) -> (BTreeMap<Vec<String>, ResourceNames>, Vec<OperationNames>) {
    let mut resources = BTreeMap::new();
    let mut struct_names: HashSet<String> = HashSet::new();
    for op in &model.operations {
        for end in 1..=op.resource.len() {
            let path = op.resource[..end].to_vec();
            if resources.contains_key(&path) {
                continue;
            }
            let base = type_ident(&path);
            let struct_name = unique(&mut struct_names, base, "").rust;
            let mut accessor = field_ident(&path[end - 1]);
            if end == 1 && CLIENT_METHODS.contains(&accessor.as_str()) {
                accessor.push_str("_resource");
            }
            resources.insert(path, ResourceNames { struct_name, accessor });
        }
    }
    // Per resource: the identifiers already taken by child accessors.
    let mut taken: BTreeMap<Vec<String>, HashSet<String>> = BTreeMap::new();
    for (path, names) in &resources {
        let parent = path[..path.len() - 1].to_vec();
        taken.entry(parent).or_default().insert(names.accessor.clone());
    }
    taken.entry(Vec::new()).or_default().extend(CLIENT_METHODS.iter().map(|m| m.to_string()));
    let operations = model
        .operations
        .iter()
        .map(|op| {
            let used = taken.entry(op.resource.clone()).or_default();
            let mut method = field_ident(&op.method_name);
            // `new` is for constructors (clippy::new_ret_no_self).
            if method == "new" {
                method = "new_op".to_string();
            }
            while used.contains(&method) {
                method.push_str("_op");
            }
            used.insert(method.clone());
            let mut args: HashSet<String> = ["params", "body", "self"].iter().map(|s| s.to_string()).collect();
            let path_args = op.params.iter().map(|p| unique(&mut args, field_ident(&p.name), &p.name).rust).collect();
            OperationNames { method, path_args }
        })
        .collect();
    (resources, operations)
}

/// Component-named types first, those of the root file before others, then the
/// rest, each group in id order; a clash tries `Model` (for reserved names), the
/// file's name as a prefix (for other files), then numbers.
fn type_names(model: &Model) -> Vec<String> {
    let mut names = vec![String::new(); model.types.len()];
    let mut used: HashSet<String> = RESERVED_TYPE_NAMES.iter().map(|s| s.to_string()).collect();
    let mut order: Vec<usize> = (0..model.types.len()).collect();
    order.sort_by_key(|&i| {
        let def = &model.types[i];
        (!def.hints.iter().any(|h| h.from_component), *def.location.file != *model.api.source)
    });
    for i in order {
        let def = &model.types[i];
        let hint = def.hints.iter().find(|h| h.from_component).or(def.hints.first());
        let base = hint.map_or_else(|| "Type".to_string(), |h| type_ident(&h.parts));
        let mut candidates = vec![base.clone()];
        if RESERVED_TYPE_NAMES.contains(&base.as_str()) {
            candidates.push(format!("{base}Model"));
        }
        // Same name in two files (e.g. two `identifier`s): the file tells them apart.
        if *def.location.file != *model.api.source {
            let file_stem = def.location.file.split(['/', '.']).rev().nth(1).unwrap_or_default().to_upper_camel_case();
            if !file_stem.is_empty() && !base.starts_with(&file_stem) {
                candidates.push(format!("{file_stem}{base}"));
            }
        }
        let chosen = candidates.into_iter().find(|c| !used.contains(c)).unwrap_or_else(|| {
            (2..).map(|n| format!("{base}{n}")).find(|c| !used.contains(c)).unwrap_or_default()
        });
        used.insert(chosen.clone());
        names[i] = chosen;
    }
    names
}

fn unique(used: &mut HashSet<String>, ident: String, json: &str) -> Ident {
    let mut rust = ident.clone();
    let separator = if ident.starts_with(|c: char| c.is_ascii_uppercase()) || ident.ends_with('_') { "" } else { "_" };
    let mut n = 2;
    while !used.insert(rust.clone()) {
        rust = format!("{ident}{separator}{n}");
        n += 1;
    }
    Ident { rust, json: json.to_string() }
}
