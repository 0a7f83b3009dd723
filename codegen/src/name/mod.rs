//! Stage 4, name: every Rust name in the output is chosen here, from the
//! model's hints, by rules over the whole set that do not depend on the order
//! the spec lists things in. Component keys win over names suggested by
//! context; an operation's inline types are named after its call
//! (`UserTokensDeleteResponse`), and a shape several operations share is one
//! type named by the first of its names in sort order, the others being
//! aliases of it; clashes are resolved deterministically (the file as a
//! prefix, another of the type's names, then a number).

mod derives;
mod fallback;
mod members;
mod operations;
mod signature;
mod types;

use std::collections::{BTreeMap, HashSet};

use crate::case::{ToKebabCase, ToShoutySnakeCase};

use crate::config::{ClientSettings, Config};
use crate::diagnostics::{Diagnostics, Error};
#[doc(hidden)]
pub use crate::ident::RESERVED_TYPE_NAMES;
use crate::ident::field_ident;
use crate::model::{
    ClientHeader, Field, Model, OperationId, ParamField, ResponseCase, SecondMethod, SecurityScheme,
    SecuritySchemeKind, TypeId, TypeKind, Variant,
};
use crate::resolve::ServerVariable;
pub use derives::Derives;
#[doc(hidden)]
pub use operations::CLIENT_METHODS;
pub use operations::resource_word;
pub use signature::{Argument, ArgumentKind, PathArg, Returns, Signature};

/// A Rust identifier and the JSON name it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident {
    pub rust: String,
    pub json: String,
}

/// The model and all the names emission needs, each found by the id of what
/// it names. The lists are built by mapping over the model's own lists, one
/// entry per id, and members come paired with what they name, so nothing is
/// matched up by position outside this module.
#[derive(Debug)]
pub struct Named {
    pub model: Model,
    /// Per type id.
    types: Vec<TypeNames>,
    /// Per operation id.
    operations: Vec<OperationNames>,
    /// Per operation id.
    signatures: Vec<Signature>,
    /// Per security scheme, in model order.
    schemes: Vec<SchemeNames>,
    /// Per variable of the document's server, in its order; none when the config sets the URL.
    server_variables: Vec<SettingNames>,
    /// Per header the client sends (`ApiInfo::client_headers`), in its order.
    client_headers: Vec<SettingNames>,
    /// Per resource path (`["user", "tokens"]`): its struct and accessor method.
    pub resources: BTreeMap<Vec<String>, ResourceNames>,
    /// The environment variable of the base URL (`CLOUDFLARE_BASE_URL`).
    pub base_url_env: String,
    /// The config's environments, in its order, and the variable naming one (`SANDBOX`).
    pub environments: Vec<EnvironmentNames>,
    pub environment_env: String,
    /// Top-level resource word → its cargo feature.
    pub features: BTreeMap<String, String>,
    /// The config's client defaults, for the client's entry points.
    pub client: ClientSettings,
    /// The methods parsing webhook events, where the API sends any.
    pub webhooks: Option<WebhookNames>,
}

/// The webhook methods of `Webhooks::resource`, and where `from_env` reads the secret.
#[derive(Debug, Clone)]
pub struct WebhookNames {
    /// Verifies an event, then parses it.
    pub unwrap: String,
    /// Parses an event without verifying it.
    pub unsafe_unwrap: String,
    /// The secret: the runtime's `webhook_secret` and the variable `from_env` reads it from.
    pub secret: SettingNames,
}

/// A type's names.
#[derive(Debug, Clone)]
pub struct TypeNames {
    pub name: String,
    /// Its other names, each a `pub type` alias of it, sorted.
    pub aliases: Vec<AliasName>,
    /// Struct fields, enum values, union variants, parameters or response
    /// cases, in the model's order: read through [`Named::fields`] and its siblings.
    members: Vec<Ident>,
    /// The extra member: an enum's catch-all variant, a struct's map of other properties.
    pub extra_member: String,
    /// Derives the config adds (see `derives.rs`).
    pub derives: Derives,
}

impl Named {
    pub fn type_names(&self, id: TypeId) -> &TypeNames {
        &self.types[id.0 as usize]
    }

    pub fn type_name(&self, id: TypeId) -> &str {
        &self.types[id.0 as usize].name
    }

    pub fn operation(&self, id: OperationId) -> &OperationNames {
        &self.operations[id.0 as usize]
    }

    /// A struct's or parameters' fields with their identifiers.
    pub fn fields(&self, id: TypeId) -> impl Iterator<Item = (&Field, &Ident)> {
        let (fields, params): (&[Field], &[ParamField]) = match &self.model.get(id).kind {
            TypeKind::Struct(s) => (&s.fields, &[]),
            TypeKind::Params(p) => (&[], &p.fields),
            _ => (&[], &[]),
        };
        let names = &self.types[id.0 as usize].members;
        debug_assert_eq!(fields.len() + params.len(), names.len(), "one name per member");
        fields.iter().chain(params.iter().map(|p| &p.field)).zip(names)
    }

    /// A parameters struct's fields, with where each goes, and their identifiers.
    pub fn params(&self, id: TypeId) -> impl Iterator<Item = (&ParamField, &Ident)> {
        let params: &[ParamField] = match &self.model.get(id).kind {
            TypeKind::Params(p) => &p.fields,
            _ => &[],
        };
        self.paired(id, params)
    }

    /// A union's variants with their identifiers.
    pub fn variants(&self, id: TypeId) -> impl Iterator<Item = (&Variant, &Ident)> {
        let variants: &[Variant] = match &self.model.get(id).kind {
            TypeKind::Union(u) => &u.variants,
            _ => &[],
        };
        self.paired(id, variants)
    }

    /// A string enum's values as identifiers (`json` is the value).
    pub fn values(&self, id: TypeId) -> &[Ident] {
        match &self.model.get(id).kind {
            TypeKind::Enum(_) => &self.types[id.0 as usize].members,
            _ => &[],
        }
    }

    /// The cases of an operation's several responses with their variant identifiers.
    pub fn cases(&self, id: TypeId) -> impl Iterator<Item = (&ResponseCase, &Ident)> {
        let cases: &[ResponseCase] = match &self.model.get(id).kind {
            TypeKind::Responses(cases) => cases,
            _ => &[],
        };
        self.paired(id, cases)
    }

    /// What a user's code sees of an operation: call, arguments, result, test.
    pub fn signature(&self, id: OperationId) -> &Signature {
        &self.signatures[id.0 as usize]
    }

    /// Every operation's signature, in operation order.
    pub fn signatures(&self) -> impl Iterator<Item = &Signature> {
        self.signatures.iter()
    }

    /// `client.user().tokens()` for `["user", "tokens"]`.
    pub fn resource_call(&self, path: &[String]) -> String {
        format!("client.{}", signature::resource_path(&self.resources, path))
    }

    /// The security schemes with their builder methods and variables.
    pub fn schemes(&self) -> impl Iterator<Item = (&SecurityScheme, &SchemeNames)> {
        self.model.api.security_schemes.iter().zip(&self.schemes)
    }

    /// The headers the client sends with every request, with their builder method and variable.
    pub fn client_headers(&self) -> impl Iterator<Item = (&ClientHeader, &SettingNames)> {
        self.model.api.client_headers.iter().zip(&self.client_headers)
    }

    /// The variables of the document's server users set, with their names.
    pub fn server_variables(&self) -> impl Iterator<Item = (&ServerVariable, &SettingNames)> {
        let variables = self.model.api.server.iter().flat_map(|server| &server.variables);
        variables.zip(&self.server_variables)
    }

    /// `members` of type `id` with their names, built from this very list by [`members::member_names`].
    fn paired<'a, T>(&'a self, id: TypeId, members: &'a [T]) -> impl Iterator<Item = (&'a T, &'a Ident)> {
        let names = &self.types[id.0 as usize].members;
        debug_assert_eq!(members.len(), names.len(), "one name per member");
        members.iter().zip(names)
    }
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
    /// The methods beside it (`create_stream`, `create_json`).
    pub second_methods: Vec<(SecondMethod, String)>,
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

/// A variable of the document's server (`{region}`) that users set: its builder method and the
/// environment variable `from_env` reads.
/// A configured environment: its name, base URL and `Environment` variant.
#[derive(Debug, Clone)]
pub struct EnvironmentNames {
    pub name: String,
    pub url: String,
    pub variant: String,
}

/// A client setting's names (a server variable, a header the client sends, the webhook
/// secret): its builder method and the variable `from_env` reads.
#[derive(Debug, Clone)]
pub struct SettingNames {
    pub builder_method: String,
    pub env_var: String,
}

#[derive(Debug, Clone)]
pub struct SchemeNames {
    pub builder_method: String,
    /// Variables `from_env` reads, first match wins.
    pub env_vars: Vec<String>,
    /// The config's client options setting this scheme's credential, or half of it.
    pub options: Vec<OptionNames>,
}

/// A client option (Stainless's `client_settings.opts`): its builder method and variable.
#[derive(Debug, Clone)]
pub struct OptionNames {
    /// The option as the config names it.
    pub name: String,
    pub builder_method: String,
    pub env_var: Option<String>,
    /// The half of a basic credential it sets; `None`: the whole credential.
    pub half: Option<BasicHalf>,
    pub default: Option<String>,
    /// `from_env` fails without it (or its scheme's own variable): Stainless's options are,
    /// unless `nullable` or given a default.
    pub required: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BasicHalf {
    Username,
    Password,
}

/// Features every generated crate has; a resource feature must not take their names.
/// `tests/tests/reserved_names.rs` checks it against the crates' manifests.
#[doc(hidden)]
pub const CRATE_FEATURES: &[&str] = &[
    "default",
    "rustls",
    "native-tls",
    "tracing",
    "extra-fields",
    "all-resources",
    UNREFERENCED_FEATURE,
    WEBHOOK_FEATURE,
];

/// The runtime's feature verifying webhook signatures (it needs HMAC and SHA-256 crates).
pub const WEBHOOK_FEATURE: &str = "webhook-signatures";

/// The feature of the models no operation uses (part of `all-resources`).
pub const UNREFERENCED_FEATURE: &str = "unreferenced-models";

/// Every method of `ClientBuilder` (the runtime's and its traits', and the
/// generated `from_env`, as for [`CLIENT_METHODS`]); a scheme method must not
/// take them. `tests/tests/reserved_names.rs` checks it against the runtime.
#[doc(hidden)]
pub const BUILDER_METHODS: &[&str] = &[
    "new",
    "base_url",
    "timeout",
    "max_retries",
    "retry_backoff",
    "strict_decoding",
    "user_agent",
    "http_client",
    "middleware",
    "credential",
    "basic_half",
    "default_header",
    "default_security",
    "webhook_secret",
    "server",
    "server_variable",
    "build",
    "from_env",
    "has_credentials",
    "clone",
    "clone_from",
    "fmt",
];

/// Names everything, as the config says where it says anything: its renames
/// must hold exactly, or naming fails with the config line.
pub fn name(model: Model, config: &Config, env_prefix: Option<&str>, diags: &mut Diagnostics) -> Result<Named, Error> {
    let (resources, mut operations) = operations::operation_names(&model, config.names);
    let mut renamed = types::component_renames(config);
    let hint_names = types::scope_clashing_models(&model, config, &operations, &mut renamed, diags);
    let mut type_names = types::type_names(&model, &hint_names);
    types::own_types(&model, &hint_names, &type_names, &mut operations);
    types::apply_renames(&model, config, &renamed, &hint_names, &mut type_names, &mut operations, diags)?;
    let derives = derives::derives(&model, config, &type_names.types, diags);
    let types::Chosen { types: names, aliases } = type_names;
    let types = names
        .into_iter()
        .zip(aliases)
        .zip(members::member_names(&model))
        .zip(derives)
        .map(|(((name, aliases), (members, extra_member)), derives)| TypeNames {
            name,
            aliases,
            members,
            extra_member,
            derives,
        })
        .collect();
    let prefix = match (config.client.env_prefix.as_deref(), env_prefix) {
        (Some(prefix), _) | (None, Some(prefix)) => prefix.to_shouty_snake_case(),
        (None, None) => default_env_prefix(&model.api.title, model.api.server.as_ref().map(|s| s.url.as_str())),
    };
    let mut builder_methods: HashSet<String> = BUILDER_METHODS.iter().map(|s| s.to_string()).collect();
    // The generated `environment` method, where the config has environments.
    if !config.client.environments.is_empty() {
        builder_methods.insert("environment".to_string());
    }
    let schemes = scheme_names(&model, &prefix, config, &mut builder_methods)?;
    // Configured environments, like a configured URL, replace the spec's server and its variables.
    let configured_url = config.client.base_url.is_some() || !config.client.environments.is_empty();
    let server_variables = match (configured_url, &model.api.server) {
        (false, Some(server)) => server
            .variables
            .iter()
            .map(|variable| SettingNames {
                // `timeout` is the builder's own: that variable's method is `server_timeout`.
                builder_method: {
                    let ident = field_ident(&variable.name);
                    let ident = if builder_methods.contains(&ident) { format!("server_{ident}") } else { ident };
                    unique(&mut builder_methods, ident, &variable.name).rust
                },
                env_var: format!("{prefix}_{}", variable.name.to_shouty_snake_case()),
            })
            .collect(),
        _ => Vec::new(),
    };
    // `X-Runway-Version` → `runway_version`, `{PREFIX}_RUNWAY_VERSION`.
    let client_headers = model
        .api
        .client_headers
        .iter()
        .map(|header| {
            let name =
                header.name.strip_prefix("X-").or_else(|| header.name.strip_prefix("x-")).unwrap_or(&header.name);
            // `Cartesia-Version` is read from `CARTESIA_VERSION`, not `CARTESIA_CARTESIA_VERSION`.
            let upper = name.to_shouty_snake_case();
            let upper = upper.strip_prefix(&format!("{prefix}_")).unwrap_or(&upper);
            SettingNames {
                builder_method: unique(&mut builder_methods, field_ident(name), &header.name).rust,
                env_var: format!("{prefix}_{upper}"),
            }
        })
        .collect();
    let webhook_resource = model.webhooks.as_ref().map(|hooks| &hooks.resource);
    let features = model
        .operations
        .iter()
        .map(|op| &op.resource)
        .chain(webhook_resource)
        .filter_map(|resource| resource.first())
        .map(|word| {
            // The crate's own features keep their names.
            let feature = word.to_kebab_case();
            let feature = if CRATE_FEATURES.contains(&feature.as_str()) || feature.is_empty() {
                format!("{feature}-api")
            } else {
                feature
            };
            (word.clone(), feature)
        })
        .collect();
    let base_url_env = config.client.base_url_env.clone().unwrap_or_else(|| format!("{prefix}_BASE_URL"));
    let mut variants = HashSet::new();
    let environments = config
        .client
        .environments
        .iter()
        .map(|(name, url)| EnvironmentNames {
            name: name.clone(),
            url: url.clone(),
            variant: unique(&mut variants, crate::ident::variant_ident(name), name).rust,
        })
        .collect();
    let environment_env = format!("{prefix}_ENVIRONMENT");
    let webhooks = model.webhooks.as_ref().map(|hooks| {
        let [unwrap, unsafe_unwrap] = operations::webhook_methods(&hooks.method);
        // A Stainless client option for the secret names its variable.
        let configured = config.client.webhook_secret_env.clone();
        WebhookNames {
            unwrap,
            unsafe_unwrap,
            secret: SettingNames {
                builder_method: "webhook_secret".to_string(),
                env_var: configured.unwrap_or_else(|| format!("{prefix}_WEBHOOK_SECRET")),
            },
        }
    });
    let signatures = signature::signatures(&model, &resources, &operations);
    Ok(Named {
        model,
        types,
        operations,
        signatures,
        schemes,
        server_variables,
        client_headers,
        resources,
        base_url_env,
        environments,
        environment_env,
        features,
        client: config.client.clone(),
        webhooks,
    })
}

/// Per security scheme: the builder method setting its credential and the
/// variables `from_env` reads (the config's, where it names them).
fn scheme_names(
    model: &Model,
    prefix: &str,
    config: &Config,
    used: &mut HashSet<String>,
) -> Result<Vec<SchemeNames>, Error> {
    let schemes = &model.api.security_schemes;
    for (scheme, _, at) in &config.client.credential_env {
        if !schemes.iter().any(|s| s.name == *scheme) {
            let known: Vec<&str> = schemes.iter().map(|s| s.name.as_str()).collect();
            return Err(
                config.error(at, format!("the spec has no security scheme `{scheme}`; it has: {}", known.join(", ")))
            );
        }
    }
    for option in &config.client.options {
        if !schemes.iter().any(|s| s.name == option.scheme) {
            let known: Vec<&str> = schemes.iter().map(|s| s.name.as_str()).collect();
            let message = format!(
                "client option `{}`: the spec has no security scheme `{}`; it has: {}",
                option.name,
                option.scheme,
                known.join(", ")
            );
            return Err(config.error(&option.at, message));
        }
    }
    Ok(model
        .api
        .security_schemes
        .iter()
        .map(|scheme| {
            let basic = matches!(&scheme.kind, SecuritySchemeKind::Http { scheme } if scheme == "basic");
            let options = config
                .client
                .options
                .iter()
                .filter(|option| option.scheme == scheme.name)
                .map(|option| OptionNames {
                    name: option.name.clone(),
                    builder_method: unique(used, field_ident(&option.name), &option.name).rust,
                    env_var: option.read_env.clone(),
                    half: match option.role.as_deref() {
                        Some("username") if basic => Some(BasicHalf::Username),
                        Some("password") if basic => Some(BasicHalf::Password),
                        _ => None,
                    },
                    default: option.default.clone(),
                    required: !option.nullable && option.default.is_none() && option.read_env.is_some(),
                })
                .collect();
            let builder_method = unique(used, field_ident(&scheme.name), &scheme.name).rust;
            let upper = scheme.name.to_shouty_snake_case();
            let mut env_vars = vec![format!("{prefix}_{upper}")];
            // The one credential of an API is where its official SDKs read it: `GROQ_API_KEY`
            // (an OAuth token: `…_ACCESS_TOKEN`), the scheme's own name after it.
            if schemes.len() == 1 {
                let common = match scheme.kind {
                    SecuritySchemeKind::OAuth => "ACCESS_TOKEN",
                    _ => "API_KEY",
                };
                env_vars.insert(0, format!("{prefix}_{common}"));
                env_vars.dedup();
            }
            // `api_email` is also read as `CLOUDFLARE_EMAIL`: the prefix already says "API".
            if let Some(rest) = upper.strip_prefix("API_") {
                env_vars.push(format!("{prefix}_{rest}"));
            }
            if let Some((_, vars, _)) = config.client.credential_env.iter().find(|(name, _, _)| *name == scheme.name) {
                env_vars = vars.clone();
            }
            SchemeNames { builder_method, env_vars, options }
        })
        .collect())
}

/// Title words that say what a document is rather than whose: the product's name ends before them.
const GENERIC_TITLE_WORDS: &[&str] = &[
    "api",
    "apis",
    "rest",
    "http",
    "https",
    "openapi",
    "sdk",
    "specification",
    "spec",
    "reference",
    "collection",
    "web",
    "platform",
    "cloud",
    "service",
    "services",
    "preview",
    "com",
    "io",
    "the",
    "for",
    "documentation",
];

/// The product's name as its official SDKs spell their variables (`GROQ_API_KEY`): the title's
/// words before the first generic one, each upper-cased whole (a brand word is not split:
/// `ImageKit` → `IMAGEKIT`, `Modern Treasury` → `MODERN_TREASURY`), a one-word title's generic
/// tail dropped (`GroqCloud` → `GROQ`); the server's host name when the title names no product
/// (`API Reference` on `sentry.io` → `SENTRY`).
fn default_env_prefix(title: &str, server: Option<&str>) -> String {
    let generic = |word: &str| {
        let lower = word.to_ascii_lowercase();
        GENERIC_TITLE_WORDS.contains(&lower.as_str())
            || lower.trim_start_matches('v').chars().all(|c| c.is_ascii_digit())
    };
    let mut words: Vec<String> = title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take_while(|w| !generic(w))
        .map(str::to_string)
        .collect();
    if let [word] = words.as_mut_slice() {
        // `GroqCloud`: the last capitalised part, when generic, is not the product's.
        if let Some(at) = word.rfind(|c: char| c.is_ascii_uppercase()).filter(|&at| at > 0) {
            if generic(&word[at..]) {
                word.truncate(at);
            }
        }
    }
    if words.is_empty() {
        // `https://us.sentry.io/api` → `sentry`: the host's name below its top-level domain.
        let host = server.and_then(|url| url.split("://").nth(1)).and_then(|rest| rest.split(['/', ':']).next());
        let labels: Vec<&str> = host.map(|h| h.split('.').collect()).unwrap_or_default();
        if let [.., name, _tld] = labels.as_slice() {
            if name.chars().all(|c| c.is_ascii_alphanumeric()) && !name.is_empty() {
                words.push(name.to_string());
            }
        }
    }
    match words.is_empty() {
        true => "API".to_string(),
        false => words.iter().map(|w| w.to_ascii_uppercase()).collect::<Vec<_>>().join("_"),
    }
}

pub(super) fn unique(used: &mut HashSet<String>, ident: String, json: &str) -> Ident {
    let mut rust = ident.clone();
    let separator = if ident.starts_with(|c: char| c.is_ascii_uppercase()) || ident.ends_with('_') { "" } else { "_" };
    let mut n = 2;
    while !used.insert(rust.clone()) {
        rust = format!("{ident}{separator}{n}");
        n += 1;
    }
    Ident { rust, json: json.to_string() }
}

#[cfg(test)]
mod tests {
    use super::default_env_prefix;

    #[test]
    fn the_product_is_named_as_its_sdks_name_it() {
        let cases = [
            ("Cloudflare API (token endpoints)", None, "CLOUDFLARE"),
            ("ImageKit API", None, "IMAGEKIT"),
            ("GroqCloud API", Some("https://api.groq.com"), "GROQ"),
            ("Modern Treasury", None, "MODERN_TREASURY"),
            ("Datadog API V2 Collection", None, "DATADOG"),
            ("Cerebras Cloud API", None, "CEREBRAS"),
            ("Val Town API", None, "VAL_TOWN"),
            ("Swagger 2.0 petstore", None, "SWAGGER"),
            ("API Reference", Some("https://{region}.sentry.io"), "SENTRY"),
            ("API", Some("https://api.writer.com"), "WRITER"),
            ("API", None, "API"),
        ];
        for (title, server, prefix) in cases {
            assert_eq!(default_env_prefix(title, server), prefix, "{title}");
        }
    }
}
