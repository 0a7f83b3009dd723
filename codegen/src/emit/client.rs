//! The client's entry points: `Client::builder()`, one builder method per
//! security scheme, `Client::from_env()`, and the top-level resource accessors.

use proc_macro2::TokenStream;
use quote::quote;

use super::Emitter;
use super::docs::line_breaks;
use super::placeholders::Parts;
use crate::model::SecuritySchemeKind;
use crate::name::{BasicHalf, SettingNames};
use crate::resolve::ParamIn;

impl Emitter<'_> {
    pub(super) fn client_file(&self, import: &TokenStream, parts: &mut Parts) -> TokenStream {
        let runtime = &self.runtime;
        let api = &self.named.model.api;
        let settings = &self.named.client;
        // The config's URL (or environments) replaces the spec's server, variables and all.
        let environments = &self.named.environments;
        let spec_server = api.server.as_ref().filter(|_| settings.base_url.is_none() && environments.is_empty());
        let (base_url, base_url_doc) = match (&settings.base_url, spec_server) {
            (Some(url), _) => (url.clone(), format!(" The configured server: `{url}`.")),
            (None, _) if !environments.is_empty() => (
                environments[0].url.clone(),
                format!(" The first configured environment, `{}`: `{}`.", environments[0].name, environments[0].url),
            ),
            (None, Some(server)) if !server.variables.is_empty() => {
                let url = server.default_url().unwrap_or_else(|| server.url.clone());
                (url, format!(" The spec's first server, `{}`, its variables at their defaults.", server.url))
            }
            (None, Some(server)) if server.url.starts_with('/') => (
                server.url.clone(),
                format!(" The spec's first server, `{}`: a path, added to the host `base_url` must give.", server.url),
            ),
            (None, Some(server)) => (server.url.clone(), format!(" The spec's first server: `{}`.", server.url)),
            (None, None) => (String::new(), " The spec names no server: set one with `base_url`.".to_string()),
        };
        // A server with variables: the builder substitutes the user's values (`server_variable`).
        let server_template = spec_server.filter(|server| !server.variables.is_empty()).map(|server| {
            let server = self.server_literal(server);
            quote! { .server(#server) }
        });
        let variable_methods = self.named.server_variables().map(|(variable, names)| {
            let method = Self::ident(&names.builder_method);
            let name = &variable.name;
            let default = variable.default.as_deref().map(|d| format!("`{d}`")).unwrap_or_else(|| "none".to_string());
            let limits = match variable.allowed.as_slice() {
                [] => format!(" Default: {default}."),
                allowed => format!(" One of `{}`; default: {default}.", allowed.join("`, `")),
            };
            let doc = setting_doc(
                format!(" Server variable `{name}`."),
                variable.description.as_deref(),
                vec![limits],
                names,
            );
            quote! {
                #( #[doc = #doc] )*
                pub fn #method(self, value: impl Into<String>) -> Self {
                    self.server_variable(#name, value)
                }
            }
        });
        // Headers (nearly) every operation carries that pin the API's version: the client sends them.
        let header_methods = self.named.client_headers().map(|(header, names)| {
            let method = Self::ident(&names.builder_method);
            let name = &header.name;
            let mut limits = Vec::new();
            if !header.allowed.is_empty() {
                limits.extend([format!(" One of `{}`.", header.allowed.join("`, `")), String::new()]);
            }
            let summary = format!(" Header `{name}`, sent with every request; default `{}`.", header.value);
            let doc = setting_doc(summary, header.description.as_deref(), limits, names);
            quote! {
                #( #[doc = #doc] )*
                pub fn #method(self, value: impl Into<String>) -> Self {
                    self.default_header(#name, value)
                }
            }
        });
        let header_defaults = self.named.client_headers().map(|(header, _)| {
            let (name, value) = (&header.name, &header.value);
            quote! { .default_header(#name, #value) }
        });
        let header_env_reads = self.named.client_headers().map(|(_, names)| setting_read(names));
        let webhook_secret_read = self.named.webhooks.as_ref().map(|names| setting_read(&names.secret));
        let variable_env_reads = self.named.server_variables().map(|(_, names)| setting_read(names));
        let base_url_doc = line_breaks(&base_url_doc);
        let user_agent = match &settings.user_agent {
            Some(agent) => quote! { #agent },
            None => quote! { concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")) },
        };
        let timeout = settings.timeout_seconds.map(|seconds| {
            let seconds = proc_macro2::Literal::u64_unsuffixed(seconds);
            quote! { .timeout(std::time::Duration::from_secs(#seconds)) }
        });
        let retries = settings.max_retries.map(|retries| {
            let retries = proc_macro2::Literal::u32_unsuffixed(retries);
            quote! { .max_retries(#retries) }
        });
        let strict = settings.strict_decoding.then(|| quote! { .strict_decoding(true) });
        let builder_doc = format!(
            " A builder with the default server, a {} s timeout and {} retries.",
            settings.timeout_seconds.unwrap_or(60),
            settings.max_retries.unwrap_or(2)
        );
        let scheme_methods = self.named.schemes().map(|(scheme, names)| {
            let method = Self::ident(&names.builder_method);
            let scheme_name = &scheme.name;
            let (placement, how) = self.scheme_placement(&scheme.kind);
            let mut doc = vec![format!(" Security scheme `{scheme_name}`: {how}.")];
            if let Some(description) = &scheme.description {
                doc.push(String::new());
                doc.extend(super::docs::markdown(description).into_iter().map(|l| format!(" {l}")));
            }
            doc.push(String::new());
            let basic = is_basic(&scheme.kind);
            let read_as = if basic { " (as `username:password`)" } else { "" };
            doc.push(format!(" Read from `{}`{read_as} by `from_env`.", names.env_vars.join("` or `")));
            let doc = doc.iter().map(|line| line_breaks(line));
            // The config's client options: each sets the credential, or half of a basic one.
            let options = names.options.iter().map(|option| {
                let name = Self::ident(&option.builder_method);
                let (what, set) = match option.half {
                    Some(half) => {
                        let (what, half) = match half {
                            BasicHalf::Username => ("username", quote! { #runtime::BasicHalf::Username }),
                            BasicHalf::Password => ("password", quote! { #runtime::BasicHalf::Password }),
                        };
                        (what, quote! { self.basic_half(#scheme_name, #half, value) })
                    }
                    None if basic => {
                        ("`username:password`", quote! { self.credential(#scheme_name, #placement, value) })
                    }
                    None => ("credential", quote! { self.credential(#scheme_name, #placement, value) }),
                };
                let read =
                    option.env_var.as_ref().map(|var| format!(" Read from `{var}` by `from_env`.")).unwrap_or_default();
                let doc =
                    format!(" Client option `{}`: the {what} of security scheme `{scheme_name}`.{read}", option.name);
                quote! {
                    #[doc = #doc]
                    pub fn #name(self, value: impl Into<String>) -> Self {
                        #set
                    }
                }
            });
            let own = match basic {
                true => quote! {
                    #( #[doc = #doc] )*
                    pub fn #method(self, username: impl Into<String>, password: impl Into<String>) -> Self {
                        self.credential(#scheme_name, #placement, format!("{}:{}", username.into(), password.into()))
                    }
                },
                false => quote! {
                    #( #[doc = #doc] )*
                    pub fn #method(self, value: impl Into<String>) -> Self {
                        self.credential(#scheme_name, #placement, value)
                    }
                },
            };
            quote! {
                #own
                #( #options )*
            }
        });
        let base_url_env = &self.named.base_url_env;
        let env_reads = self.named.schemes().map(|(scheme, names)| {
            let method = Self::ident(&names.builder_method);
            let vars = &names.env_vars;
            let set = match is_basic(&scheme.kind) {
                true => quote! {
                    let (username, password) = value.split_once(':').unwrap_or((value.as_str(), ""));
                    builder = builder.#method(username, password);
                },
                false => quote! { builder = builder.#method(value); },
            };
            // A client option's variable, else its default; after the scheme's own, so it wins. A
            // required one fails `from_env` when the scheme's own variable did not set the credential.
            let options = names.options.iter().filter(|o| o.env_var.is_some() || o.default.is_some()).map(|option| {
                let method = Self::ident(&option.builder_method);
                let read = option.env_var.as_ref().map(|var| quote! { var(#var) }).unwrap_or_else(|| quote! { None });
                let fallback =
                    option.default.as_ref().map(|default| quote! { .or_else(|| Some(#default.to_string())) });
                let missing = option.required.then(|| {
                    let message = format!(
                        "the `{}` client option must be set: set {}",
                        option.name,
                        option.env_var.as_deref().unwrap_or_default()
                    );
                    quote! { else if !own_set { return Err(#runtime::Error::Config(#message.to_string())); } }
                });
                quote! {
                    if let Some(value) = #read #fallback {
                        builder = builder.#method(value);
                    } #missing
                }
            });
            let own = quote! { [#( #vars ),*].iter().find_map(|name| var(name)) };
            let read_own = match names.options.iter().any(|option| option.required) {
                true => quote! {
                    let own = #own;
                    let own_set = own.is_some();
                    if let Some(value) = own {
                        #set
                    }
                },
                false => quote! {
                    if let Some(value) = #own {
                        #set
                    }
                },
            };
            quote! {
                #read_own
                #( #options )*
            }
        });
        // Per scheme, its client options' variables (all of them: two halves of one credential), else its own.
        let all_vars: Vec<String> = self
            .named
            .schemes()
            .map(|(_, n)| {
                let options: Vec<&str> = n.options.iter().filter_map(|o| o.env_var.as_deref()).collect();
                match options.is_empty() {
                    true => n.env_vars[0].clone(),
                    false => options.join(" and "),
                }
            })
            .collect();
        let no_credentials = (!all_vars.is_empty()).then(|| {
            let message = format!("no credentials in the environment: set {}", all_vars.join(" or "));
            quote! {
                if !builder.has_credentials() {
                    return Err(#runtime::Error::Config(#message.to_string()));
                }
            }
        });
        let variable_vars: Vec<&str> = self.named.server_variables().map(|(_, n)| n.env_var.as_str()).collect();
        let mut read_vars: Vec<&str> = Vec::new();
        if !self.named.environments.is_empty() {
            read_vars.push(&self.named.environment_env);
        }
        read_vars.push(base_url_env);
        read_vars.extend(self.named.webhooks.as_ref().map(|names| names.secret.env_var.as_str()));
        let from_env_doc = match variable_vars.as_slice() {
            [] => format!(
                " A builder configured from the environment: `{}` and the credentials of each security scheme.",
                read_vars.join("`, `")
            ),
            vars => format!(
                " A builder configured from the environment: `{}`, the server variables (`{}`) and the credentials of each security scheme.",
                read_vars.join("`, `"),
                vars.join("`, `")
            ),
        };
        let (environment_items, environment_method, environment_read) = self.environment_items();
        let root_methods = self.root_methods(parts);
        let default_security = super::resources::security_literal(&api.default_security);
        let doc = " Entry points of the client: construction, credentials and the top-level resources.";
        quote! {
            #![doc = #doc]

            #import

            #[doc = #base_url_doc]
            pub const DEFAULT_BASE_URL: &str = #base_url;

            const USER_AGENT: &str = #user_agent;

            #environment_items

            impl #runtime::ClientBuilder {
                #( #scheme_methods )*

                #( #variable_methods )*

                #( #header_methods )*

                #environment_method

                #[doc = #from_env_doc]
                pub fn from_env() -> #runtime::Result<Self> {
                    let var = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
                    let mut builder = #runtime::Client::builder();
                    #environment_read
                    if let Some(url) = var(#base_url_env) {
                        builder = builder.base_url(url);
                    }
                    #( #variable_env_reads )*
                    #( #header_env_reads )*
                    #webhook_secret_read
                    #( #env_reads )*
                    #no_credentials
                    Ok(builder)
                }
            }

            impl #runtime::Client {
                #[doc = #builder_doc]
                pub fn builder() -> #runtime::ClientBuilder {
                    #runtime::ClientBuilder::new(DEFAULT_BASE_URL, USER_AGENT) #server_template .default_security(#default_security) #( #header_defaults )* #timeout #retries #strict
                }

                /// A client configured from the environment (see [`ClientBuilder::from_env`](rt::ClientBuilder::from_env)).
                pub fn from_env() -> #runtime::Result<Self> {
                    #runtime::ClientBuilder::from_env()?.build()
                }

                #( #root_methods )*
            }
        }
    }

    /// Where a scheme's credential goes (the runtime's `Placement`), and how docs say it.
    pub(super) fn scheme_placement(&self, kind: &SecuritySchemeKind) -> (TokenStream, String) {
        let runtime = &self.runtime;
        match kind {
            SecuritySchemeKind::Http { scheme } if scheme == "bearer" => {
                (quote! { #runtime::Placement::Bearer }, "an `Authorization: Bearer` token".to_string())
            }
            SecuritySchemeKind::OAuth => {
                (quote! { #runtime::Placement::Bearer }, "an OAuth access token, sent as a bearer token".to_string())
            }
            SecuritySchemeKind::Http { scheme } if scheme == "basic" => (
                quote! { #runtime::Placement::Basic },
                "HTTP basic authentication, the username and password encoded by the client".to_string(),
            ),
            SecuritySchemeKind::Http { scheme } => (
                quote! { #runtime::Placement::Header("Authorization") },
                format!("the whole `Authorization` header value (HTTP `{scheme}` authentication)"),
            ),
            SecuritySchemeKind::ApiKey { place, name } => {
                let placement = match place {
                    ParamIn::Query => quote! { #runtime::Placement::Query(#name) },
                    ParamIn::Cookie => quote! { #runtime::Placement::Cookie(#name) },
                    _ => quote! { #runtime::Placement::Header(#name) },
                };
                (
                    placement,
                    format!(
                        "the `{name}` {}",
                        match place {
                            ParamIn::Query => "query parameter",
                            ParamIn::Cookie => "cookie",
                            _ => "header",
                        }
                    ),
                )
            }
        }
    }

    /// The config's environments: an `Environment` enum of named base URLs, the builder method
    /// choosing one, and `from_env` reading its name. Nothing without environments.
    fn environment_items(&self) -> (TokenStream, TokenStream, TokenStream) {
        let environments = &self.named.environments;
        if environments.is_empty() {
            return (TokenStream::new(), TokenStream::new(), TokenStream::new());
        }
        let runtime = &self.runtime;
        let variants: Vec<proc_macro2::Ident> = environments.iter().map(|e| Self::ident(&e.variant)).collect();
        let names = environments.iter().map(|e| e.name.as_str());
        let urls = environments.iter().map(|e| e.url.as_str());
        let docs = environments.iter().enumerate().map(|(i, e)| {
            let default = if i == 0 { " (the default)" } else { "" };
            line_breaks(&format!(" `{}`: `{}`{default}.", e.name, e.url)).into_owned()
        });
        let count = proc_macro2::Literal::usize_unsuffixed(environments.len());
        let env_var = &self.named.environment_env;
        let known = environments.iter().map(|e| format!("`{}`", e.name)).collect::<Vec<_>>().join(", ");
        let unknown = format!("unknown environment `{{name}}` in {env_var}; one of: {known}");
        let items = quote! {
            /// The API's environments: named base URLs, chosen with
            /// [`ClientBuilder::environment`](rt::ClientBuilder::environment).
            #[derive(Debug, Clone, Copy, PartialEq, Eq)]
            pub enum Environment {
                #( #[doc = #docs] #variants, )*
            }

            impl Environment {
                /// Every environment, the default first.
                pub const ALL: [Environment; #count] = [#( Environment::#variants ),*];

                pub fn base_url(self) -> &'static str {
                    match self {
                        #( Environment::#variants => #urls, )*
                    }
                }

                /// The environment's name, as the environment variable gives it.
                pub fn name(self) -> &'static str {
                    match self {
                        #( Environment::#variants => #names, )*
                    }
                }
            }

            impl std::str::FromStr for Environment {
                type Err = #runtime::Error;

                fn from_str(name: &str) -> #runtime::Result<Self> {
                    Environment::ALL
                        .into_iter()
                        .find(|environment| environment.name() == name)
                        .ok_or_else(|| #runtime::Error::Config(format!(#unknown)))
                }
            }
        };
        let method_doc = format!(" The environment to call: its base URL. Read from `{env_var}` by `from_env`.");
        let method = quote! {
            #[doc = #method_doc]
            pub fn environment(self, environment: Environment) -> Self {
                self.base_url(environment.base_url())
            }
        };
        let read = quote! {
            if let Some(name) = var(#env_var) {
                builder = builder.environment(name.parse()?);
            }
        };
        (items, method, read)
    }

    /// `rt::Server { url: "https://{site}", variables: &[rt::ServerVariable { … }] }`.
    pub(super) fn server_literal(&self, server: &crate::resolve::Server) -> TokenStream {
        let runtime = &self.runtime;
        let url = &server.url;
        let variables = server.variables.iter().map(|variable| {
            let name = &variable.name;
            let default = variable.default.as_deref().unwrap_or_default();
            let allowed = &variable.allowed;
            quote! { #runtime::ServerVariable { name: #name, default: #default, allowed: &[#( #allowed ),*] } }
        });
        quote! { #runtime::Server { url: #url, variables: &[#( #variables ),*] } }
    }
}

/// HTTP basic authentication: a username and a password, which the runtime encodes.
pub(super) fn is_basic(kind: &SecuritySchemeKind) -> bool {
    matches!(kind, SecuritySchemeKind::Http { scheme } if scheme == "basic")
}

/// The doc lines of a client setting's builder method: `summary`, the spec's description,
/// `limits` (what it allows, its default), and the variable `from_env` reads it from.
fn setting_doc(summary: String, description: Option<&str>, limits: Vec<String>, names: &SettingNames) -> Vec<String> {
    let mut doc = vec![summary];
    if let Some(description) = description {
        doc.push(String::new());
        doc.extend(super::docs::markdown(description).into_iter().map(|l| format!(" {l}")));
    }
    doc.push(String::new());
    doc.extend(limits);
    doc.push(format!(" Read from `{}` by `from_env`.", names.env_var));
    doc.iter().map(|line| line_breaks(line).into_owned()).collect()
}

/// `from_env` reading a client setting (a server variable, a header): its variable, when set,
/// given to its builder method.
fn setting_read(names: &SettingNames) -> TokenStream {
    let method = Emitter::ident(&names.builder_method);
    let var = &names.env_var;
    quote! {
        if let Some(value) = var(#var) {
            builder = builder.#method(value);
        }
    }
}
