//! `cargo xtask resource-map SPEC`: the generator's own layout of a spec as a
//! Stainless `resources:` map, the start of a `codegen.yaml` a user edits.
//! With `--check` (CI, on every corpus spec) the map is fed back: a map that
//! says what the generator does anyway must change no byte of the output, so
//! the map's names are used exactly and nothing else moves.

use std::collections::BTreeMap;
use std::path::Path;

use codegen::surface::Surface;
use codegen::{Config, EmitOptions};

/// One resource of the map: its methods (name → endpoint) and subresources.
#[derive(Default)]
struct Resource {
    methods: BTreeMap<String, String>,
    subresources: BTreeMap<String, Resource>,
}

pub fn resource_map(target: &Path, check: bool) -> Result<(), String> {
    let specs = if target.is_dir() { super::specs_in(target)? } else { vec![target.to_path_buf()] };
    // With `surface`, `api.json` (what the map is made from) is compared too.
    let options = EmitOptions { resource_features: true, surface: true, ..EmitOptions::default() };
    for spec in specs {
        let plain = codegen::generate(&spec, &options).map_err(|e| format!("{}: {e}", spec.display()))?;
        let surface = Surface::from_json(plain.files.get("api.json").map(String::as_str).unwrap_or_default())
            .map_err(|e| format!("{}: api.json: {e}", spec.display()))?;
        let (map, methods) = map_of(&spec, &surface);
        if !check {
            print!("{map}");
            continue;
        }
        let config = Config::from_str("resource-map.yaml", &map)
            .map_err(|e| format!("{}: the exported map: {e}", spec.display()))?;
        let mapped =
            codegen::generate_with_config(&spec, &config, &options).map_err(|e| format!("{}: {e}", spec.display()))?;
        let differing: Vec<&String> =
            plain.files.keys().filter(|name| plain.files.get(*name) != mapped.files.get(*name)).collect();
        if !differing.is_empty() || plain.files.len() != mapped.files.len() {
            return Err(format!("{}: generating with its own resource map changed {differing:?}", spec.display()));
        }
        println!("{}: {methods} mapped methods, output byte-identical", spec.display());
    }
    Ok(())
}

/// The map, as YAML, from the operations' calls in `api.json`, and how many methods it maps.
fn map_of(spec: &Path, surface: &Surface) -> (String, usize) {
    let mut root = Resource::default();
    let mut methods = 0;
    for (endpoint, operation) in &surface.operations {
        let Some((verb, mut path)) = endpoint.split_once(' ') else { continue };
        // A second method of one endpoint is mapped to it too.
        while let Some(first) = path.strip_suffix(" (alias)") {
            path = first;
        }
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
        methods += 1;
    }
    let mut out = format!(
        "# The resource map `cargo xtask resource-map` exported from {}.\nresources:\n",
        spec.file_name().unwrap_or_default().to_string_lossy()
    );
    write_resources(&root.subresources, 1, &mut out);
    (out, methods)
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
