//! `README.md` of a generated crate ([`EmitOptions::readme`]), laid out as official SDKs'
//! READMEs are: installation and a headline example, then configuration (every variable
//! `Client::from_env` reads), errors, retries and timeouts, and pagination, uploads and
//! streaming where the API has them, then the cargo features. Like api.md it is a function
//! of the API; unlike api.md its examples are code: the crate's `lib.rs` takes the README as
//! its documentation, so `cargo test --doc` compiles every snippet.
//!
//! Each example calls a real operation with the arguments the operation tests send (the
//! spec's examples, else values its schemas allow: [`Emitter::argument_values`]), or with
//! those of the config's `readme.example_requests` (Stainless's).

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::{EmitOptions, Emitter};
use crate::config::{Config, ExampleRequest};
use crate::diagnostics::Error;
use crate::model::{OperationId, SecondMethod, SecurityScheme, SecuritySchemeKind};
use crate::name::{Named, Returns, SchemeNames, Signature};

mod choose;
mod snippet;
#[cfg(test)]
mod tests;

use snippet::{Snippet, first_sentence};

/// What the README needs beyond the API.
#[derive(Debug, Clone)]
pub struct Readme {
    /// The package name (`acme-client`); code uses it with `-` read as `_`.
    pub crate_name: String,
    /// The calls the config wants shown ([`Config::example_requests`]): `headline` (else
    /// `default`) in the usage example, `pagination` and `streaming` in their sections.
    pub example_requests: Vec<ExampleRequest>,
}

impl Readme {
    pub fn new(crate_name: &str, config: &Config) -> Readme {
        Readme { crate_name: crate_name.to_string(), example_requests: config.example_requests.clone() }
    }
}

pub(super) fn readme(named: &Named, options: &EmitOptions, readme: &Readme) -> Result<String, Error> {
    let emitter = Emitter::new(named, options, super::Scope::Surface)?;
    // Types as `types::Name` and runtime items as `runtime::Name`, each module imported once.
    let emitter = Emitter {
        runtime_segments: vec!["runtime".to_string()],
        types_prefix_segments: vec!["types".to_string()],
        ..emitter
    };
    let writer = Writer { named, emitter, readme, krate: readme.crate_name.replace('-', "_") };
    let headline = writer.choose(&["headline", "default"], true, |_, signature| Some(signature));
    Ok(writer.write(headline.as_ref(), options.resource_features))
}

struct Writer<'a> {
    named: &'a Named,
    emitter: Emitter<'a>,
    readme: &'a Readme,
    /// The crate as code names it.
    krate: String,
}

/// A section's text and the crates its snippets use beside the client.
struct Section {
    text: String,
    crates: BTreeSet<&'static str>,
}

impl Writer<'_> {
    /// The README, its examples calling `headline` where any call will do.
    fn write(&self, headline: Option<&Chosen<'_>>, resource_features: bool) -> String {
        let sections: Vec<Section> = [
            Some(self.usage(headline)),
            Some(self.configuration()),
            Some(self.errors(headline)),
            Some(self.retries(headline)),
            self.pagination(),
            self.uploads(),
            self.streaming(),
            self.webhooks(),
        ]
        .into_iter()
        .flatten()
        .collect();
        let crates: BTreeSet<&str> = sections.iter().flat_map(|s| s.crates.iter().copied()).collect();
        let mut out = self.title();
        out.push_str(&self.installation(&crates));
        for section in sections {
            out.push_str(&section.text);
        }
        out.push_str(&self.features(resource_features));
        out.push_str("## Reference\n\nEvery operation, with its arguments and result: [api.md](api.md). The code in `src/generated/` is generated from the spec: regenerate it rather than edit it.\n");
        out
    }

    fn title(&self) -> String {
        let api = &self.named.model.api;
        let one_line = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut line =
            format!("A Rust client for the {} API (version {}).", one_line(&api.title), one_line(&api.version));
        if let Some(sentence) = api.description.as_deref().and_then(first_sentence) {
            line.push(' ');
            line.push_str(&sentence);
        }
        format!("# {}\n\n{line}\n\n", self.readme.crate_name)
    }

    fn installation(&self, crates: &BTreeSet<&str>) -> String {
        let name = &self.readme.crate_name;
        let mut toml = format!(
            "[dependencies]\n{name} = {{ path = \"../{name}\" }}\ntokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n"
        );
        let mut with = vec!["tokio to run it"];
        if crates.contains("serde_json") {
            toml.push_str("serde_json = \"1\"\n");
            with.push("serde_json to write request bodies as JSON");
        }
        if crates.contains("futures_util") {
            toml.push_str("futures-util = \"0.3\"\n");
            with.push("futures-util to read pages and streams");
        }
        let with = match with.split_last() {
            Some((last, [])) => last.to_string(),
            Some((last, others)) => format!("{} and {last}", others.join(", ")),
            None => String::new(),
        };
        format!(
            "## Installation\n\nThe crate is generated, not published: depend on it by path, with {with}.\n\n```toml\n{toml}```\n\n"
        )
    }

    /// The headline example: a client from the environment, one representative call.
    fn usage(&self, headline: Option<&Chosen<'_>>) -> Section {
        let mut snippet = Snippet::new(&self.krate);
        snippet.item("Client");
        snippet.line("let client = Client::from_env()?;");
        let mut text = "## Usage\n\n".to_string();
        match headline {
            Some(chosen) => {
                text.push_str(&format!(
                    "Build a client from the environment (see [Configuration](#configuration)) and call `{}` (`{}`):\n\n",
                    chosen.signature.call, chosen.signature.endpoint
                ));
                let (var, call) = self.call(chosen, &mut snippet);
                self.show(&chosen.signature.returns, var, &call, &mut snippet);
            }
            None => text.push_str("Build a client from the environment (see [Configuration](#configuration)):\n\n"),
        }
        text.push_str(&snippet.main());
        text.push_str("\nEvery operation is a method of a resource (`client.<resource>().<method>(..)`) returning a call to `.await`; [api.md](api.md) lists them.\n\n");
        snippet.section(text)
    }

    fn configuration(&self) -> Section {
        let mut text = "## Configuration\n\n`Client::from_env()` reads these environment variables; `Client::builder()` sets the same in code, with the method of each.\n\n| variable | sets | builder method |\n|---|---|---|\n".to_string();
        for row in self.env_rows() {
            // A `|` in a cell, even in code, ends it.
            let cells = [row.variable, row.sets, row.method].map(|cell| cell.replace('|', "\\|"));
            text.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
        text.push('\n');
        let settings = self.builder_settings();
        let mut snippet = Snippet::new(&self.krate);
        if settings.is_empty() {
            return snippet.section(text);
        }
        snippet.item("Client");
        if !self.named.environments.is_empty() {
            snippet.item("Environment");
        }
        snippet.line("let client = Client::builder()");
        for setting in settings {
            snippet.line(format!("    {setting}"));
        }
        snippet.line("    .build()?;");
        text.push_str("```rust,no_run\n");
        text.push_str(&snippet.sync());
        text.push_str("```\n\n");
        snippet.section(text)
    }

    /// One row per variable `from_env` reads, in the order it reads them (a later one wins).
    fn env_rows(&self) -> Vec<EnvRow> {
        let named = self.named;
        let mut rows = Vec::new();
        if let Some((first, others)) = named.environments.split_first() {
            let others: Vec<String> = others.iter().map(|e| format!("`{}`", e.name)).collect();
            let other = others.first().map_or(String::new(), |_| format!(", or {}", others.join(", ")));
            let variant = named.environments.get(1).unwrap_or(first).variant.as_str();
            rows.push(EnvRow {
                variable: format!("`{}`", named.environment_env),
                sets: format!("the environment: `{}` (the default, `{}`){other}", first.name, first.url),
                method: format!("`.environment(Environment::{variant})`"),
            });
        }
        rows.push(EnvRow {
            variable: format!("`{}`", named.base_url_env),
            sets: self.base_url_text(),
            method: "`.base_url(..)`".to_string(),
        });
        for (variable, names) in named.server_variables() {
            let default = variable.default.as_deref().map(|d| format!(", default `{d}`")).unwrap_or_default();
            let allowed = match variable.allowed.as_slice() {
                [] => String::new(),
                allowed => format!(", one of `{}`", allowed.join("`, `")),
            };
            rows.push(EnvRow {
                variable: format!("`{}`", names.env_var),
                sets: format!("server variable `{}`{default}{allowed}", variable.name),
                method: format!("`.{}(..)`", names.builder_method),
            });
        }
        for (header, names) in named.client_headers() {
            rows.push(EnvRow {
                variable: format!("`{}`", names.env_var),
                sets: format!("the `{}` header of every request, default `{}`", header.name, header.value),
                method: format!("`.{}(..)`", names.builder_method),
            });
        }
        if let Some(webhooks) = &named.webhooks {
            rows.push(EnvRow {
                variable: format!("`{}`", webhooks.secret.env_var),
                sets: "the secret webhook events are verified with".to_string(),
                method: "`.webhook_secret(..)`".to_string(),
            });
        }
        for (scheme, names) in named.schemes() {
            let (_, how) = self.emitter.scheme_placement(&scheme.kind);
            let basic = super::client::is_basic(&scheme.kind);
            let (read_as, args) = if basic { (", as `username:password`", "username, password") } else { ("", "..") };
            let variables: Vec<String> = names.env_vars.iter().map(|v| format!("`{v}`")).collect();
            rows.push(EnvRow {
                variable: variables.join(" or "),
                sets: format!("security scheme `{}`: {how}{read_as}", scheme.name),
                method: format!("`.{}({args})`", names.builder_method),
            });
            for option in &names.options {
                let Some(variable) = &option.env_var else { continue };
                let what = match option.half {
                    Some(crate::name::BasicHalf::Username) => "the username",
                    Some(crate::name::BasicHalf::Password) => "the password",
                    None => "the credential",
                };
                let default = option.default.as_deref().map(|d| format!(", default `{d}`")).unwrap_or_default();
                rows.push(EnvRow {
                    variable: format!("`{variable}`"),
                    sets: format!(
                        "{what} of security scheme `{}` (client option `{}`){default}",
                        scheme.name, option.name
                    ),
                    method: format!("`.{}(..)`", option.builder_method),
                });
            }
        }
        rows
    }

    /// What `{PREFIX}_BASE_URL` replaces, as `client.rs` chooses the default base URL.
    fn base_url_text(&self) -> String {
        let named = self.named;
        let server = named.model.api.server.as_ref();
        match (&named.client.base_url, server) {
            (Some(url), _) => format!("the base URL, instead of `{url}`"),
            (None, _) if !named.environments.is_empty() => "the base URL, instead of the environment's".to_string(),
            (None, Some(server)) if server.url.starts_with('/') => {
                format!("the server's host: the spec's server is a path, `{}`, added to it", server.url)
            }
            (None, Some(server)) => {
                let url = server.default_url().unwrap_or_else(|| server.url.clone());
                format!("the base URL, instead of `{url}`")
            }
            (None, None) => "the base URL: the spec names no server, so it must be set".to_string(),
        }
    }

    /// The builder calls of the configuration example: a credential, where needed a base URL,
    /// an environment.
    fn builder_settings(&self) -> Vec<String> {
        let named = self.named;
        let mut settings = Vec::new();
        if let Some((scheme, names)) = self.main_scheme() {
            settings.push(match super::client::is_basic(&scheme.kind) {
                true => format!(".{}(\"my-username\", \"my-password\")", names.builder_method),
                false => format!(".{}(\"my-credential\")", names.builder_method),
            });
        }
        let server = named.model.api.server.as_ref();
        let needs_host = named.client.base_url.is_none()
            && named.environments.is_empty()
            && server.is_none_or(|server| server.url.starts_with('/'));
        if needs_host {
            settings.push(".base_url(\"https://api.example.com\")".to_string());
        }
        if let Some(environment) = named.environments.get(1).or(named.environments.first()) {
            settings.push(format!(".environment(Environment::{})", environment.variant));
        }
        // A server variable's other value, if it has one.
        if let Some((variable, names)) = named.server_variables().next() {
            let value = variable.allowed.iter().find(|v| Some(v.as_str()) != variable.default.as_deref());
            if let Some(value) = value.or(variable.default.as_ref()) {
                settings.push(format!(".{}({value:?})", names.builder_method));
            }
        }
        if let Some((header, names)) = named.client_headers().next() {
            settings.push(format!(".{}({:?})", names.builder_method, header.value));
        }
        settings
    }

    /// The credential the configuration example sets: a bearer token's scheme if there is one,
    /// else the scheme the most operations accept, else the first.
    fn main_scheme(&self) -> Option<(&SecurityScheme, &SchemeNames)> {
        let operations = &self.named.model.operations;
        let accepting =
            |name: &str| operations.iter().filter(|op| op.security.iter().flatten().any(|s| s == name)).count();
        let bearer = |kind: &SecuritySchemeKind| match kind {
            SecuritySchemeKind::Http { scheme } => scheme == "bearer",
            SecuritySchemeKind::OAuth => true,
            SecuritySchemeKind::ApiKey { .. } => false,
        };
        let ranked = self.named.schemes().enumerate().map(|(i, (scheme, names))| {
            ((!bearer(&scheme.kind), std::cmp::Reverse(accepting(&scheme.name)), i), (scheme, names))
        });
        ranked.min_by_key(|(key, _)| *key).map(|(_, scheme)| scheme)
    }

    fn errors(&self, headline: Option<&Chosen<'_>>) -> Section {
        let mut text = "## Errors\n\nA call that fails returns an `Error`: `Error::Api` when the API answers with an error status (its `status`, the body, and the error type the spec documents for it, read with `error.typed_body::<T>()`), `Error::Decode` when a success response is not what the spec says, `Error::Timeout` and `Error::Transport` when no answer came after the retries, and `Error::Config` for a client that cannot be built (no credentials in the environment).\n\n".to_string();
        let mut snippet = Snippet::new(&self.krate);
        snippet.item("Error");
        match headline {
            Some(chosen) => {
                let (var, call) = self.call(chosen, &mut snippet);
                snippet.line(format!("match {call}.await {{"));
                let ok = match chosen.signature.returns {
                    Returns::Nothing | Returns::EnvelopeUnit => "Ok(()) => println!(\"done\"),".to_string(),
                    _ => format!("Ok({var}) => println!(\"{{{var}:?}}\"),"),
                };
                snippet.line(format!("    {ok}"));
            }
            None => snippet.line("match client.get(\"/\").await {\n    Ok(value) => println!(\"{value}\"),"),
        }
        // The error type the operation documents for a status, where it documents one.
        let typed = headline.and_then(|chosen| {
            let error = self.named.model.operation(chosen.id).errors.first()?;
            Some((error.status.clone(), snippet.ty(self.emitter.rust_type_in(chosen.id, &error.ty))))
        });
        match typed {
            Some((status, ty)) => snippet.line(format!(
                "    Err(error @ Error::Api {{ .. }}) => match error.typed_body::<{ty}>() {{\n        // The body of a `{status}` answer, as the spec documents it.\n        Some(problem) => eprintln!(\"{{problem:?}}\"),\n        None => eprintln!(\"{{error}}\"),\n    }},"
            )),
            None => snippet.line("    Err(Error::Api { status, .. }) => eprintln!(\"the API answered HTTP {status}\"),"),
        }
        snippet.line("    Err(Error::Timeout(after)) => eprintln!(\"no answer after {after:?}\"),");
        snippet.line("    Err(error) => eprintln!(\"{error}\"),");
        snippet.line("}");
        text.push_str(&snippet.with_client());
        text.push('\n');
        snippet.section(text)
    }

    fn retries(&self, headline: Option<&Chosen<'_>>) -> Section {
        let settings = &self.named.client;
        let (timeout, retries) = (settings.timeout_seconds.unwrap_or(60), settings.max_retries.unwrap_or(2));
        let retried = match retries {
            0 => "is not retried".to_string(),
            1 => "is retried once".to_string(),
            n => format!("is retried up to {n} times"),
        };
        let mut text = format!(
            "## Retries and timeouts\n\nA call {retried} after a connection error, a timeout, or a 408, 409, 429 or 5xx answer, waiting as the answer's `Retry-After` says (at most 60 s), else 0.5 s doubling each time (at most 8 s). Each attempt may take {timeout} s. The builder changes both for every call, `RequestOptions` for one call (or for a client of its own, `client.with_options(..)`), with headers, query parameters and an idempotency key besides.\n\n"
        );
        let mut snippet = Snippet::new(&self.krate);
        snippet.item("ClientBuilder");
        snippet.item("RequestOptions");
        snippet.uses("std::time::Duration");
        snippet.line("let client = ClientBuilder::from_env()?");
        snippet.line("    .timeout(Duration::from_secs(20))");
        snippet.line("    .max_retries(5)");
        snippet.line("    .build()?;");
        if let Some(chosen) = headline {
            let (var, call) = self.call(chosen, &mut snippet);
            let bind = match chosen.signature.returns {
                Returns::Nothing | Returns::EnvelopeUnit => String::new(),
                _ => format!("let {var} = "),
            };
            snippet.line(format!("{bind}{call}"));
            snippet.line("    .options(RequestOptions::new().timeout(Duration::from_secs(120)).max_retries(0))");
            snippet.line("    .await?;");
        }
        text.push_str("```rust,no_run\n");
        text.push_str(&snippet.wrapped(None));
        text.push_str("```\n\n");
        snippet.section(text)
    }

    fn pagination(&self) -> Option<Section> {
        // A list reads best as a GET.
        let chosen = self.choose(&["pagination"], false, |op, signature| op.paging.as_ref().map(|_| signature))?;
        let mut text = format!(
            "## Pagination\n\nA list that comes in pages returns a `Page`: its `items`, and `next_page()` for the page after it (`None` after the last). `into_stream()` yields every item of every page, fetching each page as the one before runs out; `cursor()` says where the next page starts, to resume there later with `.resume(&cursor)` on the call. `{}` pages:\n\n",
            chosen.signature.call
        );
        let mut snippet = Snippet::new(&self.krate);
        snippet.uses("futures_util::TryStreamExt");
        snippet.crate_used("futures_util");
        let (_, call) = self.call(&chosen, &mut snippet);
        snippet.line(format!("let page = {call}.await?;"));
        snippet.line("for item in page.items() {\n    println!(\"{item:?}\");\n}");
        snippet.line("// Every item, this page's and the next pages':");
        snippet.line("let mut items = std::pin::pin!(page.into_stream());");
        snippet.line("while let Some(item) = items.try_next().await? {\n    println!(\"{item:?}\");\n}");
        text.push_str(&snippet.with_client());
        text.push('\n');
        Some(snippet.section(text))
    }

    fn uploads(&self) -> Option<Section> {
        let chosen = self.choose(&[], true, |_, signature| self.file_argument(signature).map(|_| signature))?;
        let text = format!(
            "## File uploads\n\nA file is a `runtime::File`: read from a path as the request is sent (`File::from_path`, again by a retry), from bytes (`File::from_bytes`) or from a stream (`File::from_stream`); `.file_name(..)` and `.content_type(..)` name it, else its type is guessed from the name. `{}` takes one:\n\n",
            chosen.signature.call
        );
        let mut snippet = Snippet::new(&self.krate);
        snippet.item("runtime::File");
        Some(self.shown_call(text, &chosen, snippet))
    }

    fn streaming(&self) -> Option<Section> {
        let chosen = self.choose(&["streaming"], true, |op, signature| {
            let stream = op.stream.as_ref()?;
            match stream.beside_value {
                false => Some(signature),
                true => signature.seconds.iter().find(|(m, _)| *m == SecondMethod::Stream).map(|(_, s)| s),
            }
        })?;
        let text = format!(
            "## Streaming\n\nAn answer of server-sent events or JSON Lines is read as it arrives: awaiting the call gives an `EventStream`, a `Stream` of events, each with its decoded `data` (and `event`, `id`, `retry`). An `error` event is an `Error::Stream` item; the call's timeout bounds the wait for each piece, not the whole stream. `{}` streams:\n\n",
            chosen.signature.call
        );
        Some(self.shown_call(text, &chosen, Snippet::new(&self.krate)))
    }

    /// A section of `text` and an example making `chosen`'s call and printing what it answers.
    fn shown_call(&self, mut text: String, chosen: &Chosen<'_>, mut snippet: Snippet) -> Section {
        let (var, call) = self.call(chosen, &mut snippet);
        self.show(&chosen.signature.returns, var, &call, &mut snippet);
        text.push_str(&snippet.with_client());
        text.push('\n');
        snippet.section(text)
    }

    /// How to receive the events the API posts: verified with the secret, then parsed.
    fn webhooks(&self) -> Option<Section> {
        let (hooks, names) = (self.named.model.webhooks.as_ref()?, self.named.webhooks.as_ref()?);
        let resource = self.named.resource_call(&hooks.resource);
        let event = self.emitter.rust_type(&hooks.event);
        let mut text = format!(
            "## Webhooks\n\nThe API posts events to your server. `{resource}.{unwrap}(payload, headers)` verifies an event (Standard Webhooks: its signature under the secret `webhook_secret(..)` or `{env}` gives, its timestamp within five minutes) and parses it into `{event}`; a forged, altered or stale event is an `Error::Webhook`. Pass the body exactly as received. `{unsafe_unwrap}(payload)` parses without verifying.\n\n",
            unwrap = names.unwrap,
            env = names.secret.env_var,
            unsafe_unwrap = names.unsafe_unwrap,
        );
        let mut snippet = Snippet::new(&self.krate);
        snippet.item("runtime::HeaderMap");
        snippet.line("# let (body, headers): (Vec<u8>, HeaderMap) = (Vec::new(), HeaderMap::new());");
        snippet.line(format!("let event = {resource}.{}(&body, &headers)?;", names.unwrap));
        snippet.line("println!(\"{event:?}\");");
        text.push_str(&snippet.with_client());
        text.push('\n');
        Some(snippet.section(text))
    }

    fn features(&self, resource_features: bool) -> String {
        let mut text = "## Features\n\n- `rustls` (default): TLS by rustls; `native-tls` for the platform's instead.\n- `tracing`: logs every attempt (method, path, status, attempt, latency; never credentials) with `tracing`.\n- `extra-fields`: every model keeps the properties the spec does not declare in `additional_properties`, so newer server data survives a round trip.\n".to_string();
        let features: Vec<&String> = self.named.features.values().collect();
        if resource_features && !features.is_empty() {
            let list: Vec<String> = features.iter().map(|f| format!("`{f}`")).collect();
            text.push_str(&format!(
                "- `all-resources` (default): one feature per top-level resource ({}); enable only those you call to compile less:\n\n  ```toml\n  {} = {{ path = \"../{}\", default-features = false, features = [\"rustls\", \"{}\"] }}\n  ```\n",
                list.join(", "),
                self.readme.crate_name,
                self.readme.crate_name,
                features[0]
            ));
        }
        if self.named.model.type_resources.iter().flatten().any(|reach| reach.unreferenced) {
            text.push_str(&format!(
                "- `{}` (part of `all-resources`): the models no operation uses.\n",
                crate::name::UNREFERENCED_FEATURE
            ));
        }
        if self.named.webhooks.is_some() {
            text.push_str("- `webhook-signatures` (default): verifies the signatures of webhook events.\n");
        }
        text.push('\n');
        text
    }
}

/// An operation an example calls, the method of it to call, and the config's arguments.
struct Chosen<'a> {
    id: OperationId,
    signature: &'a Signature,
    params: Option<&'a Map<String, Value>>,
}

struct EnvRow {
    variable: String,
    sets: String,
    method: String,
}
