//! Stage 5, emit: [`Named`] → formatted Rust files. Items are built as `syn`
//! trees with `quote!`, formatted by `prettyplease`, ordered by name so the
//! spec's order never leaks into the output.

mod api_doc;
mod client;
mod docs;
mod examples;
mod resources;
mod responses;
mod types;

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use crate::diagnostics::Error;
use crate::model::TypeId;
use crate::name::Named;

/// Generated files by path relative to the output folder, e.g. `types.rs`, `api.md`.
pub type Files = BTreeMap<String, String>;

#[derive(Debug, Clone)]
pub struct EmitOptions {
    /// Path of the hand-written runtime module as seen from the generated code.
    pub runtime_path: String,
    /// Prefix of the environment variables `Client::from_env` reads; by default
    /// the first word of the spec's title (`CLOUDFLARE`).
    pub env_prefix: Option<String>,
    /// Put each top-level resource, and the types only it uses, behind a cargo
    /// feature of the same name (listed in [`crate::Generated::features`]).
    pub resource_features: bool,
}

impl Default for EmitOptions {
    fn default() -> Self {
        EmitOptions { runtime_path: "crate::runtime".to_string(), env_prefix: None, resource_features: false }
    }
}

pub(crate) struct Emitter<'a> {
    named: &'a Named,
    /// Whether to emit `#[cfg(feature = ..)]` per top-level resource.
    features: bool,
    runtime: TokenStream,
    /// Prepended to type names: empty inside `types.rs`, `super::types::` elsewhere.
    types_prefix: TokenStream,
}

pub fn emit(named: &Named, options: &EmitOptions) -> Result<Files, Error> {
    let runtime: TokenStream = syn::parse_str::<syn::Path>(&options.runtime_path)
        .map(|p| quote! { #p })
        .map_err(|e| Error::Format { file: "runtime path".into(), message: e.to_string() })?;
    let in_types = Emitter { named, features: options.resource_features, runtime: runtime.clone(), types_prefix: TokenStream::new() };
    let elsewhere = Emitter { named, features: options.resource_features, runtime: runtime.clone(), types_prefix: quote! { super::types:: } };
    // The client and resource files import the runtime as `rt` (see `runtime_import`).
    let with_rt = Emitter { named, features: options.resource_features, runtime: quote! { rt }, types_prefix: quote! { super::types:: } };
    let header = header(named);

    let mut files = Files::new();
    files.insert("api.md".into(), with_rt.api_doc());
    files.insert("types.rs".into(), format("types.rs", &header, in_types.types_file())?);
    let import = quote! { use #runtime as rt; };
    files.insert("resources.rs".into(), format("resources.rs", &header, with_rt.resources_file(&import))?);
    files.insert("client.rs".into(), format("client.rs", &header, with_rt.client_file(&import))?);
    let has_examples = !named.model.examples.is_empty();
    if has_examples {
        files.insert("examples.rs".into(), format("examples.rs", &header, elsewhere.examples_file())?);
    }
    let examples_mod = has_examples.then(|| quote! { #[cfg(test)] mod examples; });
    let title = format!(" Generated client code for {} {}.", named.model.api.title, named.model.api.version);
    let module = quote! {
        #![doc = #title]
        pub mod client;
        pub mod resources;
        pub mod types;
        #examples_mod
    };
    files.insert("mod.rs".into(), format("mod.rs", &header, module)?);
    Ok(files)
}

impl Emitter<'_> {
    /// `#[cfg(any(feature = "a", ..))]` for a type used only by some top-level resources.
    fn type_cfg(&self, id: TypeId) -> Option<TokenStream> {
        let resources = self.named.model.type_resources.get(id.0 as usize)?.as_ref()?;
        self.cfg_any(resources.iter())
    }

    fn cfg_any<'r>(&self, resources: impl Iterator<Item = &'r String>) -> Option<TokenStream> {
        if !self.features {
            return None;
        }
        let names: Vec<&String> = resources.filter_map(|r| self.named.features.get(r)).collect();
        match names.as_slice() {
            [] => None,
            [one] => Some(quote! { #[cfg(feature = #one)] }),
            many => Some(quote! { #[cfg(any( #( feature = #many ),* ))] }),
        }
    }

    fn types_file(&self) -> TokenStream {
        // Sorted by Rust name: the spec's order must not leak into the output.
        let mut order: Vec<TypeId> = (0..self.named.model.types.len() as u32).map(TypeId).collect();
        order.sort_by(|a, b| self.named.types[a.0 as usize].cmp(&self.named.types[b.0 as usize]));
        let items: Vec<TokenStream> = order.into_iter().map(|id| with_cfg(self.type_item(id), self.type_cfg(id))).collect();
        let uses = (!items.is_empty()).then(|| quote! { use serde::{Deserialize, Serialize}; });
        let title = " Model types: request bodies, results and everything they contain.";
        quote! {
            #![doc = #title]
            #uses
            #( #items )*
        }
    }
}

/// Puts `cfg` on every item in `items` (a type and its `impl` blocks).
fn with_cfg(items: TokenStream, cfg: Option<TokenStream>) -> TokenStream {
    let Some(cfg) = cfg else { return items };
    match syn::parse2::<syn::File>(items.clone()) {
        Ok(file) => {
            let items = file.items;
            quote! { #( #cfg #items )* }
        }
        // Unparsable tokens surface as a format error when the whole file is parsed.
        Err(_) => items,
    }
}

fn header(named: &Named) -> String {
    format!(
        "// @generated by codegen from {}. Do not edit by hand: change the spec and run `cargo xtask regen`.\n\n",
        named.model.api.source
    )
}

/// Formats a file with `prettyplease`, one item at a time so items are separated by a blank line.
fn format(file: &str, header: &str, tokens: TokenStream) -> Result<String, Error> {
    let mut syntax: syn::File = syn::parse2(tokens).map_err(|e| Error::Format { file: file.to_string(), message: e.to_string() })?;
    let items = std::mem::take(&mut syntax.items);
    let mut out = String::from(header);
    out.push_str(&prettyplease::unparse(&syntax));
    syntax.attrs.clear();
    for item in items {
        out.push('\n');
        syntax.items = vec![item];
        out.push_str(&prettyplease::unparse(&syntax));
    }
    Ok(out)
}
