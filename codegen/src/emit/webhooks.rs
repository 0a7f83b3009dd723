//! The webhook methods of their resource: `unwrap` verifies an event the API posted to the
//! user's server (with the client's webhook secret), then parses it into the event type;
//! `unsafe_unwrap` only parses. Verifying needs the crate's `webhook-signatures` feature.
//! The method, api.json and api.md are all rendered from [`WebhookMethod`].

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::Emitter;
use super::placeholders::Parts;
use crate::surface::{OperationApi, RustType};

/// One webhook method: what it is called, takes and gives (in a `Result`), and whether it verifies.
struct WebhookMethod {
    name: String,
    args: Vec<(&'static str, RustType)>,
    returns: RustType,
    verifies: bool,
}

impl Emitter<'_> {
    fn webhook_signatures(&self) -> Vec<WebhookMethod> {
        let Some(names) = &self.named.webhooks else { return Vec::new() };
        let Some(hooks) = &self.named.model.webhooks else { return Vec::new() };
        let payload = ("payload", RustType::Slice(Box::new(RustType::named("u8"))).reference());
        let headers = ("headers", self.runtime_type("HeaderMap", Vec::new()).reference());
        let returns = self.rust_type(&hooks.event);
        vec![
            WebhookMethod {
                name: names.unwrap.clone(),
                args: vec![payload.clone(), headers],
                returns: returns.clone(),
                verifies: true,
            },
            WebhookMethod { name: names.unsafe_unwrap.clone(), args: vec![payload], returns, verifies: false },
        ]
    }

    /// The webhook methods, when `path` is the resource holding them.
    pub(super) fn webhook_methods(&self, path: &[String], parts: &mut Parts) -> Vec<TokenStream> {
        let (Some(hooks), Some(names)) = (&self.named.model.webhooks, &self.named.webhooks) else { return Vec::new() };
        if hooks.resource != path {
            return Vec::new();
        }
        let runtime = &self.runtime;
        let mut events = vec!["The events:".to_string(), String::new()];
        events.extend(hooks.events.iter().map(|(name, summary)| match summary {
            Some(summary) => format!("- `{name}`: {summary}"),
            None => format!("- `{name}`"),
        }));
        self.webhook_signatures()
            .into_iter()
            .map(|method| {
                let name = Self::ident(&method.name);
                let args = method.args.iter().map(|(arg, ty)| {
                    let arg = Self::ident(arg);
                    quote! { #arg: #ty }
                });
                let returns = &method.returns;
                let mut doc = if method.verifies {
                    vec![
                        "Verifies an event the API posted to your webhook endpoint, then parses it.".to_string(),
                        String::new(),
                        format!(
                            "The signature (Standard Webhooks: the `webhook-id`, `webhook-timestamp` and \
                             `webhook-signature` headers) must be the payload's under the client's webhook secret \
                             ([`ClientBuilder::webhook_secret`](rt::ClientBuilder::webhook_secret), read from `{}` \
                             by `from_env`), and its timestamp within five minutes of this clock: a forged, altered \
                             or replayed event is refused. Pass the body exactly as received.",
                            names.secret.env_var
                        ),
                    ]
                } else {
                    vec![format!(
                        "Parses an event without verifying that it came from the API; `{}` verifies it first.",
                        names.unwrap
                    )]
                };
                doc.push(String::new());
                doc.extend(events.iter().cloned());
                let doc = parts.doc_attrs(doc);
                let (cfg, body) = if method.verifies {
                    (
                        Some(quote! { #[cfg(feature = "webhook-signatures")] }),
                        quote! { #runtime::webhooks::unwrap(payload, headers, self.client.webhook_secret(), std::time::SystemTime::now()) },
                    )
                } else {
                    (None, quote! { #runtime::webhooks::parse(payload) })
                };
                quote! {
                    #doc
                    #cfg
                    pub fn #name(&self, #( #args ),*) -> #runtime::Result<#returns> {
                        #body
                    }
                }
            })
            .collect()
    }

    /// The webhook methods in api.json, by name.
    pub(super) fn webhooks_api(&self) -> BTreeMap<String, OperationApi> {
        let Some(hooks) = &self.named.model.webhooks else { return BTreeMap::new() };
        let resource = self.named.resource_call(&hooks.resource);
        self.webhook_signatures()
            .into_iter()
            .map(|method| {
                let api = OperationApi {
                    call: format!("{resource}.{}", method.name),
                    args: method.args.into_iter().map(|(name, ty)| (name.to_string(), ty)).collect(),
                    returns: method.returns,
                    server: None,
                    body_media: None,
                    also_as: Vec::new(),
                    test: None,
                    paging: None,
                };
                (method.name, api)
            })
            .collect()
    }
}
