//! Stage 5, emit: [`Named`] → formatted Rust files. Items are built as `syn`
//! trees with `quote!`, formatted by `prettyplease`, ordered by name so the
//! spec's order never leaks into the output.

mod api_doc;
mod client;
mod docs;
mod examples;
mod format;
mod model_serde;
mod operation_tests;
mod placeholders;
mod printer;
mod readme;
mod resources;
mod responses;
mod samples;
mod surface;
mod syntax;
mod types;
mod webhooks;

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use crate::diagnostics::Error;
use crate::model::{TypeId, TypeKind};
use crate::name::Named;
use format::{Unit, format_file, format_whole};
use placeholders::Parts;
pub use readme::Readme;

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
    /// Also write `api.json`, the public API as data ([`crate::surface::Surface`]),
    /// which `cargo xtask diff` and `regen` compare.
    pub surface: bool,
    /// Also write `operation_tests.rs` (for the crate's `tests/`): a test per
    /// operation against a spec-driven mock, for the crate of this name (`-` read as `_`).
    pub operation_tests: Option<String>,
    /// Also write `README.md`, the crate's documentation and its doctests ([`Readme`]).
    pub readme: Option<Readme>,
}

impl Default for EmitOptions {
    fn default() -> Self {
        EmitOptions {
            runtime_path: "crate::runtime".to_string(),
            env_prefix: None,
            resource_features: false,
            surface: false,
            operation_tests: None,
            readme: None,
        }
    }
}

pub(crate) struct Emitter<'a> {
    named: &'a Named,
    /// Whether to emit `#[cfg(feature = ..)]` per top-level resource.
    features: bool,
    /// Whether the crate has `tests/operations.rs`, which api.md then names per operation.
    operation_tests: bool,
    runtime: TokenStream,
    /// `runtime` as path segments, for the type printer.
    runtime_segments: Vec<String>,
    /// Prepended to type names: empty inside `types.rs`, `super::types` elsewhere.
    types_prefix_segments: Vec<String>,
}

/// Where the code an emitter writes goes, which decides how it names the runtime and the types.
#[derive(Clone, Copy)]
enum Scope {
    /// `types.rs`: types by bare name, the runtime by its full path.
    Types,
    /// `client.rs`, `resources.rs`: `super::types::X`, the runtime imported as `rt`.
    WithRt,
    /// `examples.rs`: `super::types::X`, the runtime by its full path.
    Elsewhere,
    /// `operation_tests.rs`, outside the crate: `api::types::X`, `api::runtime`.
    Tests,
    /// api.md and api.json: types and runtime items by bare name, as a user reads them.
    Surface,
}

impl<'a> Emitter<'a> {
    /// Built per thread: token streams cannot be shared between threads.
    fn new(named: &'a Named, options: &EmitOptions, scope: Scope) -> Result<Emitter<'a>, Error> {
        let path = syn::parse_str::<syn::Path>(&options.runtime_path)
            .map_err(|e| Error::Format { file: "runtime path".into(), message: e.to_string() })?;
        // A leading `::` is an empty first segment.
        let full_segments: Vec<String> = path
            .leading_colon
            .as_ref()
            .map(|_| String::new())
            .into_iter()
            .chain(path.segments.iter().map(|s| s.ident.to_string()))
            .collect();
        let runtime = quote! { #path };
        let in_types = || vec!["super".to_string(), "types".to_string()];
        let (runtime, runtime_segments, types_prefix_segments) = match scope {
            Scope::Types => (runtime, full_segments, Vec::new()),
            Scope::WithRt => (quote! { rt }, vec!["rt".to_string()], in_types()),
            Scope::Elsewhere => (runtime, full_segments, in_types()),
            Scope::Tests => {
                (quote! { api::runtime }, vec!["api".into(), "runtime".into()], vec!["api".into(), "types".into()])
            }
            Scope::Surface => (quote! { rt }, Vec::new(), Vec::new()),
        };
        Ok(Emitter {
            named,
            features: options.resource_features,
            operation_tests: options.operation_tests.is_some(),
            runtime,
            runtime_segments,
            types_prefix_segments,
        })
    }

    /// A type's unit: its item, impls and aliases.
    fn type_unit(&self, id: TypeId) -> Unit {
        let mut parts = Parts::default();
        let items = self.type_item(id, &mut parts);
        parts.into_unit(items, self.type_cfg(id))
    }
}

/// A unit of tokens that built nothing beside them.
fn plain(items: TokenStream) -> Unit {
    Parts::default().into_unit(items, None)
}

pub fn emit(named: &Named, options: &EmitOptions) -> Result<Files, Error> {
    let test_crate = options.operation_tests.as_deref().map(operation_tests::crate_ident).transpose()?;
    let emitter = |scope| Emitter::new(named, options, scope);
    let header = header(named);
    let types = emitter(Scope::Types)?;
    let import = {
        let runtime = &types.runtime;
        quote! { use #runtime as rt; }
    };
    let with_rt = emitter(Scope::WithRt)?;

    let mut files = Files::new();
    let surface = emitter(Scope::Surface)?.surface(options.surface);
    files.insert("api.md".into(), api_doc::api_doc(named, &surface));
    if options.surface {
        files.insert("api.json".into(), surface.to_json());
    }
    if let Some(readme) = &options.readme {
        files.insert("README.md".into(), readme::readme(named, options, readme)?);
    }
    let order = types.type_order();
    let text = format_file(
        "types.rs",
        &header,
        plain(types.types_prelude()),
        &order,
        || emitter(Scope::Types),
        |e, id| e.type_unit(*id),
    )?;
    files.insert("types.rs".into(), text);
    let resources = with_rt.resource_units();
    let prelude = with_rt.resources_prelude(&import, !resources.is_empty());
    let text = format_file(
        "resources.rs",
        &header,
        plain(prelude),
        &resources,
        || emitter(Scope::WithRt),
        |e, (path, ops)| e.resource_unit(path, ops),
    )?;
    files.insert("resources.rs".into(), text);
    let mut parts = Parts::default();
    let client = with_rt.client_file(&import, &mut parts);
    files.insert("client.rs".into(), format_whole("client.rs", &header, parts.into_unit(client, None))?);
    let has_examples = !named.model.examples.is_empty();
    if has_examples {
        let elsewhere = emitter(Scope::Elsewhere)?;
        let batches = elsewhere.example_batches();
        let text = format_file(
            "examples.rs",
            &header,
            plain(elsewhere.examples_prelude(batches.len())),
            &batches,
            || emitter(Scope::Elsewhere),
            |e, (number, batch)| e.example_batch(*number, batch),
        )?;
        files.insert("examples.rs".into(), text);
    }
    let examples_mod = has_examples.then(|| quote! { #[cfg(test)] mod examples; });
    let title = format!(" Generated client code for {} {}.", named.model.api.title, named.model.api.version);
    let title = docs::line_breaks(&title);
    let module = quote! {
        #![doc = #title]
        pub mod client;
        pub mod resources;
        pub mod types;
        #examples_mod
    };
    files.insert("mod.rs".into(), format_whole("mod.rs", &header, plain(module))?);
    if let Some(krate) = &test_crate {
        let tests = emitter(Scope::Tests)?;
        files.insert(
            "operation_tests.rs".into(),
            format_whole("operation_tests.rs", &header, plain(tests.operation_tests(krate)))?,
        );
    }
    Ok(files)
}

impl Emitter<'_> {
    /// `any(feature = "a", ..)`, the `cfg` of a type used only by some top-level resources.
    fn type_cfg(&self, id: TypeId) -> Option<TokenStream> {
        let reach = self.named.model.type_resources.get(id.0 as usize)?.as_ref()?;
        let unreferenced = reach.unreferenced.then_some(crate::name::UNREFERENCED_FEATURE);
        self.cfg_features(
            reach.resources.iter().filter_map(|r| self.named.features.get(r)).map(String::as_str).chain(unreferenced),
        )
    }

    fn cfg_any<'r>(&self, resources: impl Iterator<Item = &'r String>) -> Option<TokenStream> {
        self.cfg_features(resources.filter_map(|r| self.named.features.get(r)).map(String::as_str))
    }

    /// The predicate of a `#[cfg]` for any of `features`: `feature = "a"` or
    /// `any(feature = "a", ..)`; nothing for no feature.
    fn cfg_features<'f>(&self, features: impl Iterator<Item = &'f str>) -> Option<TokenStream> {
        if !self.features {
            return None;
        }
        let names: Vec<&str> = features.collect();
        match names.as_slice() {
            [] => None,
            [one] => Some(quote! { feature = #one }),
            many => Some(quote! { any( #( feature = #many ),* ) }),
        }
    }

    /// Type ids sorted by Rust name: the spec's order must not leak into the output.
    fn type_order(&self) -> Vec<TypeId> {
        let mut order: Vec<TypeId> = (0..self.named.model.types.len() as u32).map(TypeId).collect();
        order.sort_by(|a, b| self.named.type_name(*a).cmp(self.named.type_name(*b)));
        order
    }

    fn types_prelude(&self) -> TokenStream {
        let title = " Model types: request bodies, results and everything they contain.";
        // Structs, string enums and tagged unions implement serde through the runtime's `model`
        // module, and parameters get their setters from it.
        let serde_by_model = self.named.model.types.iter().any(|t| match &t.kind {
            TypeKind::Struct(_) | TypeKind::Enum(_) | TypeKind::Params(_) => true,
            TypeKind::Union(u) => u.tag.is_some(),
            _ => false,
        });
        let runtime = &self.runtime;
        // Unused when resource features leave out every struct and enum.
        let uses = serde_by_model.then(|| quote! { #[allow(unused_imports)] use #runtime::model; });
        quote! {
            #![doc = #title]
            #uses
        }
    }
}

fn header(named: &Named) -> String {
    format!(
        "// @generated by codegen from {}. Do not edit by hand: change the spec and run `cargo xtask regen`.\n\n",
        // A line break in the file's name would end the comment.
        named.model.api.source.replace(['\r', '\n'], " ")
    )
}
