//! OpenAPI 3.0/3.1 (and Swagger 2.0, converted on load) → idiomatic Rust client code.
//!
//! The pipeline, one module per stage, each consuming only the previous stage's output:
//! [`load`] (files → `Documents`) → [`resolve`] (→ `Spec`) → [`lower`] (→ `Model`)
//! → [`name`] (→ `Named`) → [`emit`] (→ `Files`). See `ARCHITECTURE.md`.

mod case;
pub mod config;
pub mod diagnostics;
pub mod emit;
mod english;
pub mod ident;
pub mod load;
pub mod lower;
pub mod model;
pub mod name;
pub mod patch;
pub mod resolve;
pub mod surface;
mod yaml;

use std::path::Path;
use std::time::{Duration, Instant};

pub use config::Config;
pub use diagnostics::{Error, Location, Warning};
pub use emit::{EmitOptions, Files};

/// What a generator run produced.
#[derive(Debug)]
pub struct Generated {
    pub files: Files,
    /// Problems worked around, sorted; each names a file and JSON pointer.
    pub warnings: Vec<Warning>,
    /// The cargo features the code uses: one per top-level resource, the one
    /// with the fewest operations first, then [`name::UNREFERENCED_FEATURE`] when
    /// some models no operation uses (empty unless [`EmitOptions::resource_features`] is set).
    pub features: Vec<String>,
    /// `Cargo.toml` dependency lines the code needs beyond the runtime's: the
    /// crates of the Rust types the config maps schemas and formats to.
    pub dependencies: Vec<String>,
    /// Runtime features the crate turns on by default: [`name::WEBHOOK_FEATURE`] when the API
    /// posts webhook events, whose signatures `unwrap` verifies.
    pub runtime_features: Vec<String>,
    /// How long each stage took, in pipeline order (`load` only when this call read the files).
    pub timings: Vec<(&'static str, Duration)>,
}

/// Generates code for the spec at `path` (JSON or YAML; other files it refers to are read as needed).
pub fn generate(path: &Path, options: &EmitOptions) -> Result<Generated, Error> {
    generate_with_config(path, &Config::default(), options)
}

/// [`generate`] as a configuration says (`codegen.yaml`, [`Config::from_path`]).
pub fn generate_with_config(path: &Path, config: &Config, options: &EmitOptions) -> Result<Generated, Error> {
    let started = Instant::now();
    let documents = load::from_path_patched(path, config)?;
    let loaded = started.elapsed();
    let mut generated = run(documents, config, options)?;
    generated.timings.insert(0, ("load", loaded));
    Ok(generated)
}

/// Generates code for a spec already in memory; relative `$ref`s resolve against `base_dir`.
pub fn generate_from_value(
    name: &str,
    spec: serde_json::Value,
    base_dir: &Path,
    options: &EmitOptions,
) -> Result<Generated, Error> {
    generate_from_value_with_config(name, spec, base_dir, &Config::default(), options)
}

/// [`generate_from_value`] as a configuration says.
pub fn generate_from_value_with_config(
    name: &str,
    spec: serde_json::Value,
    base_dir: &Path,
    config: &Config,
    options: &EmitOptions,
) -> Result<Generated, Error> {
    run(load::from_value(name, spec, base_dir, config)?, config, options)
}

fn run(mut documents: load::Documents, config: &Config, options: &EmitOptions) -> Result<Generated, Error> {
    let mut diagnostics = diagnostics::Diagnostics::default();
    diagnostics.extend(std::mem::take(&mut documents.warnings));
    let mut timings = Vec::new();
    let mut clock = Instant::now();
    let mut lap = |stage: &'static str| timings.push((stage, std::mem::replace(&mut clock, Instant::now()).elapsed()));
    let spec = resolve::resolve(&documents, &mut diagnostics)?;
    lap("resolve");
    let model = lower::lower(&spec, config, &mut diagnostics)?;
    lap("lower");
    // The parsed documents and schemas are not needed any more: free them on
    // the other core while this one names (lowering made its own copies).
    let freeing = std::thread::spawn(move || drop((spec, documents)));
    let named = name::name(model, config, options.env_prefix.as_deref(), &mut diagnostics)?;
    lap("name");
    let files = emit::emit(&named, options)?;
    lap("emit");
    // Only a panic in a destructor could fail this; there is nothing to report.
    let _ = freeing.join();
    diagnostics.extend(config.ignored_warnings());
    let mut features = if options.resource_features { features_smallest_first(&named) } else { Vec::new() };
    if options.resource_features && named.model.type_resources.iter().flatten().any(|reach| reach.unreferenced) {
        features.push(name::UNREFERENCED_FEATURE.to_string());
    }
    let runtime_features = named.webhooks.iter().map(|_| name::WEBHOOK_FEATURE.to_string()).collect();
    Ok(Generated {
        files,
        warnings: diagnostics.into_sorted(),
        features,
        dependencies: config.dependencies(),
        runtime_features,
        timings,
    })
}

fn features_smallest_first(named: &name::Named) -> Vec<String> {
    let mut counted: Vec<(usize, &String)> = named
        .features
        .iter()
        .map(|(resource, feature)| {
            (named.model.operations.iter().filter(|op| op.resource.first() == Some(resource)).count(), feature)
        })
        .collect();
    counted.sort();
    counted.into_iter().map(|(_, feature)| feature.clone()).collect()
}
