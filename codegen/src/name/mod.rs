//! Stage 4, name: every Rust name in the output is chosen here, from the
//! model's hints, by rules over the whole set that do not depend on the order
//! the spec lists things in. Component keys win over names suggested by
//! context; an operation's inline types are named after its call
//! (`UserTokensDeleteResponse`), and a shape several operations share is one
//! type named by the first of its names in sort order, the others being
//! aliases of it; clashes are resolved deterministically (the file as a
//! prefix, another of the type's names, then a number).

pub mod ident;

use std::collections::{BTreeMap, HashSet};

use heck::{ToKebabCase, ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

use crate::model::{Model, NameHint, OperationId, TypeId, TypeKind};
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
    /// Per type id: its name.
    pub types: Vec<String>,
    /// Per type id: its other names, each a `pub type` alias of it, sorted.
    pub aliases: Vec<Vec<AliasName>>,
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
    /// The types met inside this operation and the name it calls each by (its
    /// own, where the type is shared with others): its signature and api.md
    /// say `PearsListParams` even when that is an alias of `ApplesListParams`.
    pub own_types: BTreeMap<TypeId, String>,
}

/// Another name of a type: what an operation (or a context) calls a shape that is defined once.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct AliasName {
    pub name: String,
    /// The operation the name comes from, for the alias's documentation.
    pub operation: Option<OperationId>,
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
    let (resources, mut operations) = operation_names(&model);
    let TypeNames { types, aliases } = type_names(&model, &operations);
    own_types(&model, &types, &aliases, &mut operations);
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
    Named { model, types, aliases, members, extra_member, resources, operations, schemes, base_url_env: format!("{prefix}_BASE_URL"), features }
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
    // Per resource: the method names its operations have taken.
    let mut methods: BTreeMap<Vec<String>, HashSet<String>> = BTreeMap::new();
    let operations = model
        .operations
        .iter()
        .map(|op| {
            let used = taken.entry(op.resource.clone()).or_default();
            let own = methods.entry(op.resource.clone()).or_default();
            let mut method = field_ident(&op.action);
            // `new` is for constructors (clippy::new_ret_no_self).
            if method == "new" {
                method = "new_op".to_string();
            }
            if !own.insert(method.clone()) {
                // Two operations want the same name: the later one (in path order) is called after its operationId.
                let id = field_ident(&op.id.to_snake_case());
                method = (1..).map(|n| if n == 1 { id.clone() } else { format!("{id}_{n}") }).find(|m| !own.contains(m)).unwrap_or(id);
                own.insert(method.clone());
            }
            // A child resource's accessor (or a client method) has the name already.
            while used.contains(&method) {
                method.push_str("_op");
            }
            used.insert(method.clone());
            let mut args: HashSet<String> = ["params", "body", "self"].iter().map(|s| s.to_string()).collect();
            let path_args = op.params.iter().map(|p| unique(&mut args, field_ident(&p.name), &p.name).rust).collect();
            OperationNames { method, path_args, own_types: BTreeMap::new() }
        })
        .collect();
    (resources, operations)
}

struct TypeNames {
    types: Vec<String>,
    aliases: Vec<Vec<AliasName>>,
}

/// The name a hint suggests: its words in UpperCamelCase, an operation's
/// resource and method words first.
fn hint_name(model: &Model, operations: &[OperationNames], hint: &NameHint) -> String {
    match hint.operation {
        Some(id) => {
            let op = model.operation(id);
            let mut words: Vec<String> = op.resource.clone();
            words.push(operations[id.0 as usize].method.clone());
            words.extend(hint.parts.iter().cloned());
            type_ident(&words)
        }
        None => type_ident(&hint.parts),
    }
}

/// How many words a hint's name has, its operation's included.
fn hint_words(model: &Model, hint: &NameHint) -> usize {
    hint.operation.map_or(0, |op| model.operation(op).resource.len() + 1) + hint.parts.len()
}

/// Every type's name and aliases. A type's names are those its hints suggest;
/// a component's key comes first, otherwise the first in sort order. Types
/// claim names in an order that depends only on what they are (component of
/// the root file, of another file, the rest; then the name wanted, the
/// location and the shape's id as a last resort), so the spec's key order
/// cannot move a name. A name taken already falls back to `Model` (for
/// reserved names), the file's name as a prefix (other files), another of the
/// type's names, then a number. The names left over become aliases.
fn type_names(model: &Model, operations: &[OperationNames]) -> TypeNames {
    let count = model.types.len();
    // Per type: its suggested names, the preferred one first, the others sorted.
    let suggested: Vec<Vec<(String, Option<OperationId>)>> = model
        .types
        .iter()
        .map(|def| {
            let mut names: Vec<(String, Option<OperationId>, (bool, usize))> =
                def.hints.iter().map(|h| (hint_name(model, operations, h), h.operation, (!h.from_component, hint_words(model, h)))).collect();
            // Components first, then the fewest words (the most general name), then by name;
            // each name once, from its first operation.
            names.sort_by(|a, b| (a.2, &a.0, a.1).cmp(&(b.2, &b.0, b.1)));
            names.dedup_by(|a, b| a.0 == b.0);
            if names.is_empty() {
                names.push(("Type".to_string(), None, (true, 0)));
            }
            names.into_iter().map(|(name, op, _)| (name, op)).collect()
        })
        .collect();
    let mut used: HashSet<String> = RESERVED_TYPE_NAMES.iter().map(|s| s.to_string()).collect();
    let mut order: Vec<usize> = (0..count).collect();
    order.sort_by(|&a, &b| {
        let key = |i: usize| {
            let def = &model.types[i];
            (!def.hints.iter().any(|h| h.from_component), *def.location.file != *model.api.source, &suggested[i][0].0, &def.location)
        };
        key(a).cmp(&key(b)).then(a.cmp(&b))
    });
    let mut types = vec![String::new(); count];
    for &i in &order {
        let def = &model.types[i];
        let base = &suggested[i][0].0;
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
        candidates.extend(suggested[i][1..].iter().map(|(name, _)| name.clone()));
        let chosen = candidates.into_iter().find(|c| !used.contains(c)).unwrap_or_else(|| {
            (2..).map(|n| format!("{base}{n}")).find(|c| !used.contains(c)).unwrap_or_default()
        });
        used.insert(chosen.clone());
        types[i] = chosen;
    }
    // Aliases claim what is left, in the same order; a name two types want goes to the first.
    let mut aliases = vec![Vec::new(); count];
    for &i in &order {
        for (name, operation) in &suggested[i] {
            if *name != types[i] && used.insert(name.clone()) {
                aliases[i].push(AliasName { name: name.clone(), operation: *operation });
            }
        }
        aliases[i].sort();
    }
    TypeNames { types, aliases }
}

/// What each operation calls the types it was met with: the name its own hint
/// gave, when the type has that name (as its own or an alias).
fn own_types(model: &Model, types: &[String], aliases: &[Vec<AliasName>], operations: &mut [OperationNames]) {
    for (i, def) in model.types.iter().enumerate() {
        for hint in &def.hints {
            let Some(op) = hint.operation else { continue };
            let wanted = hint_name(model, operations, hint);
            let has = types[i] == wanted || aliases[i].iter().any(|a| a.name == wanted);
            let own = &mut operations[op.0 as usize].own_types;
            if has && !own.contains_key(&TypeId(i as u32)) {
                own.insert(TypeId(i as u32), wanted);
            }
        }
    }
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
