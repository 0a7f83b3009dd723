//! `cargo xtask resource-map SPEC`: the generator's own layout of a spec as a
//! Stainless `resources:` map, the start of a `codegen.yaml` a user edits.
//! With `--check` (CI, on every corpus spec) the map is fed back: a map that
//! says what the generator does anyway must change no byte of the output, so
//! the map's names are used exactly and nothing else moves.

use std::collections::BTreeMap;
use std::path::Path;

use codegen::{Config, EmitOptions};

/// One resource of the map: its methods (name → endpoint) and subresources.
#[derive(Default)]
struct Resource {
    methods: BTreeMap<String, String>,
    subresources: BTreeMap<String, Resource>,
}

pub fn resource_map(target: &Path, check: bool) -> Result<(), String> {
    let specs = if target.is_dir() { super::specs_in(target)? } else { vec![target.to_path_buf()] };
    for spec in specs {
        let map = map_of(&spec)?;
        if !check {
            print!("{map}");
            continue;
        }
        let options = EmitOptions { resource_features: true, ..EmitOptions::default() };
        let config = Config::from_str("resource-map.yaml", &map).map_err(|e| format!("{}: the exported map: {e}", spec.display()))?;
        let plain = codegen::generate(&spec, &options).map_err(|e| format!("{}: {e}", spec.display()))?;
        let mapped = codegen::generate_with_config(&spec, &config, &options).map_err(|e| format!("{}: {e}", spec.display()))?;
        let differing: Vec<&String> = plain.files.keys().filter(|name| plain.files.get(*name) != mapped.files.get(*name)).collect();
        if !differing.is_empty() || plain.files.len() != mapped.files.len() {
            return Err(format!("{}: generating with its own resource map changed {differing:?}", spec.display()));
        }
        let methods = map.lines().filter(|line| line.trim_start().starts_with(|c: char| c.is_ascii_lowercase()) && line.contains(": ") && line.contains(" /")).count();
        println!("{}: {methods} mapped methods, output byte-identical", spec.display());
    }
    Ok(())
}

/// The map, as YAML, from the operations' calls in `api.json`.
fn map_of(spec: &Path) -> Result<String, String> {
    let surface = super::api_diff::surface_of(spec)?;
    let mut root = Resource::default();
    for (endpoint, operation) in &surface.operations {
        let Some((verb, path)) = endpoint.split_once(' ') else { continue };
        // `client.zero_trust().access().service_tokens().list` → the accessors, then the method.
        let mut parts: Vec<&str> = operation.call.split('.').skip(1).map(|part| part.trim_end_matches("()")).collect();
        let Some(method) = parts.pop() else { continue };
        // Methods on the client itself have no resource in Stainless's format: the path places them.
        if parts.is_empty() {
            continue;
        }
        let mut resource = &mut root;
        for (depth, accessor) in parts.into_iter().enumerate() {
            let word = codegen::name::resource_word(accessor, depth == 0);
            resource = resource.subresources.entry(word.to_string()).or_default();
        }
        resource.methods.insert(method.to_string(), format!("{} {path}", verb.to_ascii_lowercase()));
    }
    let mut out = format!("# The resource map `cargo xtask resource-map` exported from {}.\nresources:\n", spec.file_name().unwrap_or_default().to_string_lossy());
    write_resources(&root.subresources, 1, &mut out);
    Ok(out)
}

fn write_resources(resources: &BTreeMap<String, Resource>, depth: usize, out: &mut String) {
    let indent = "  ".repeat(depth);
    for (name, resource) in resources {
        out.push_str(&format!("{indent}{name}:\n"));
        if !resource.methods.is_empty() {
            out.push_str(&format!("{indent}  methods:\n"));
            for (method, endpoint) in &resource.methods {
                out.push_str(&format!("{indent}    {method}: '{}'\n", endpoint.replace('\'', "''")));
            }
        }
        if !resource.subresources.is_empty() {
            out.push_str(&format!("{indent}  subresources:\n"));
            write_resources(&resource.subresources, depth + 2, out);
        }
    }
}
