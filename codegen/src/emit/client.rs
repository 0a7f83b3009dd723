//! The client's entry points: `Client::builder()`, one builder method per
//! security scheme, `Client::from_env()`, and the top-level resource accessors.

use proc_macro2::TokenStream;
use quote::quote;

use super::Emitter;
use super::docs::line_breaks;
use super::placeholders::Parts;
use crate::model::SecuritySchemeKind;
use crate::resolve::ParamIn;

impl Emitter<'_> {
    pub(super) fn client_file(&self, import: &TokenStream, parts: &mut Parts) -> TokenStream {
        let runtime = &self.runtime;
        let api = &self.named.model.api;
        let settings = &self.named.client;
        // The config's URL replaces the spec's server, variables and all.
        let spec_server = api.server.as_ref().filter(|_| settings.base_url.is_none());
        let (base_url, base_url_doc) = match (&settings.base_url, spec_server) {
            (Some(url), _) => (url.clone(), format!(" The configured server: `{url}`.")),
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
            let mut doc = vec![format!(" Server variable `{name}`.")];
            if let Some(description) = &variable.description {
                doc.push(String::new());
                doc.extend(super::docs::markdown(description).into_iter().map(|l| format!(" {l}")));
            }
            doc.push(String::new());
            let default = variable.default.as_deref().map(|d| format!("`{d}`")).unwrap_or_else(|| "none".to_string());
            match variable.allowed.as_slice() {
                [] => doc.push(format!(" Default: {default}.")),
                allowed => doc.push(format!(" One of `{}`; default: {default}.", allowed.join("`, `"))),
            }
            doc.push(format!(" Read from `{}` by `from_env`.", names.env_var));
            let doc = doc.iter().map(|line| line_breaks(line));
            quote! {
                #( #[doc = #doc] )*
                pub fn #method(self, value: impl Into<String>) -> Self {
                    self.server_variable(#name, value)
                }
            }
        });
        let variable_env_reads = self.named.server_variables().map(|(_, names)| {
            let method = Self::ident(&names.builder_method);
            let var = &names.env_var;
            quote! {
                if let Some(value) = var(#var) {
                    builder = builder.#method(value);
                }
            }
        });
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
        let builder_doc = format!(
            " A builder with the default server, a {} s timeout and {} retries.",
            settings.timeout_seconds.unwrap_or(60),
            settings.max_retries.unwrap_or(2)
        );
        let scheme_methods = self.named.schemes().map(|(scheme, names)| {
            let method = Self::ident(&names.builder_method);
            let scheme_name = &scheme.name;
            let (placement, how) = match &scheme.kind {
                SecuritySchemeKind::Http { scheme } if scheme == "bearer" => {
                    (quote! { #runtime::Placement::Bearer }, "an `Authorization: Bearer` token".to_string())
                }
                SecuritySchemeKind::OAuth => (
                    quote! { #runtime::Placement::Bearer },
                    "an OAuth access token, sent as a bearer token".to_string(),
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
            };
            let mut doc = vec![format!(" Security scheme `{scheme_name}`: {how}.")];
            if let Some(description) = &scheme.description {
                doc.push(String::new());
                doc.extend(super::docs::markdown(description).into_iter().map(|l| format!(" {l}")));
            }
            doc.push(String::new());
            doc.push(format!(" Read from `{}` by `from_env`.", names.env_vars.join("` or `")));
            let doc = doc.iter().map(|line| line_breaks(line));
            quote! {
                #( #[doc = #doc] )*
                pub fn #method(self, value: impl Into<String>) -> Self {
                    self.credential(#scheme_name, #placement, value)
                }
            }
        });
        let base_url_env = &self.named.base_url_env;
        let env_reads = self.named.schemes().map(|(_, names)| {
            let method = Self::ident(&names.builder_method);
            let vars = &names.env_vars;
            quote! {
                if let Some(value) = [#( #vars ),*].iter().find_map(|name| var(name)) {
                    builder = builder.#method(value);
                }
            }
        });
        let all_vars: Vec<String> = self.named.schemes().map(|(_, n)| n.env_vars[0].clone()).collect();
        let no_credentials = (!all_vars.is_empty()).then(|| {
            let message = format!("no credentials in the environment: set {}", all_vars.join(" or "));
            quote! {
                if !builder.has_credentials() {
                    return Err(#runtime::Error::Config(#message.to_string()));
                }
            }
        });
        let variable_vars: Vec<&str> = self.named.server_variables().map(|(_, n)| n.env_var.as_str()).collect();
        let from_env_doc = match variable_vars.as_slice() {
            [] => format!(
                " A builder configured from the environment: `{base_url_env}` and the credentials of each security scheme."
            ),
            vars => format!(
                " A builder configured from the environment: `{base_url_env}`, the server variables (`{}`) and the credentials of each security scheme.",
                vars.join("`, `")
            ),
        };
        let root_methods = self.root_methods(parts);
        let default_security = super::resources::security_literal(&api.default_security);
        let doc = " Entry points of the client: construction, credentials and the top-level resources.";
        quote! {
            #![doc = #doc]

            #import

            #[doc = #base_url_doc]
            pub const DEFAULT_BASE_URL: &str = #base_url;

            const USER_AGENT: &str = #user_agent;

            impl #runtime::ClientBuilder {
                #( #scheme_methods )*

                #( #variable_methods )*

                #[doc = #from_env_doc]
                pub fn from_env() -> #runtime::Result<Self> {
                    let var = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
                    let mut builder = #runtime::Client::builder();
                    if let Some(url) = var(#base_url_env) {
                        builder = builder.base_url(url);
                    }
                    #( #variable_env_reads )*
                    #( #env_reads )*
                    #no_credentials
                    Ok(builder)
                }
            }

            impl #runtime::Client {
                #[doc = #builder_doc]
                pub fn builder() -> #runtime::ClientBuilder {
                    #runtime::ClientBuilder::new(DEFAULT_BASE_URL, USER_AGENT) #server_template .default_security(#default_security) #timeout #retries
                }

                /// A client configured from the environment (see [`ClientBuilder::from_env`](rt::ClientBuilder::from_env)).
                pub fn from_env() -> #runtime::Result<Self> {
                    #runtime::ClientBuilder::from_env()?.build()
                }

                #( #root_methods )*
            }
        }
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
