//! `cargo xtask diff OLD NEW [--json]`, and the change report `regen` prints:
//! what changed in the generated public API, each change breaking or
//! compatible, and the semver bump they need (`codegen::surface`).

use std::path::Path;

use codegen::EmitOptions;
use codegen::surface::{Report, Surface, diff};

/// The public API `spec` generates to.
pub fn surface_of(spec: &Path) -> Result<Surface, String> {
    let options = EmitOptions { resource_features: true, surface: true, ..EmitOptions::default() };
    let generated = codegen::generate(spec, &options).map_err(|e| format!("{}: {e}", spec.display()))?;
    Surface::from_json(generated.files.get("api.json").map(String::as_str).unwrap_or_default())
        .map_err(|e| format!("{}: api.json: {e}", spec.display()))
}

pub fn diff_specs(old: &Path, new: &Path, json: bool) -> Result<(), String> {
    let report = diff(&surface_of(old)?, &surface_of(new)?);
    print_report(&report, json);
    Ok(())
}

pub fn print_report(report: &Report, json: bool) {
    if json {
        print!("{}", report.to_json());
    } else {
        print!("{}", report.to_text());
    }
}

/// `cargo xtask stability OLD NEW`: every operation whose spec is the same in
/// both (its own object and everything its `$ref`s reach) must keep its
/// method, arguments, result and the names and fields of every type it
/// reaches. Prints the counts and each difference; fails on any.
pub fn stability(old: &Path, new: &Path) -> Result<(), String> {
    let (old_spec, new_spec) = (read_json(old)?, read_json(new)?);
    let (old_ops, new_ops) = (operation_digests(&old_spec), operation_digests(&new_spec));
    let unchanged: Vec<String> =
        old_ops.iter().filter(|(key, digest)| new_ops.get(*key) == Some(digest)).map(|(key, _)| key.clone()).collect();
    let changed = old_ops.keys().filter(|k| new_ops.contains_key(*k)).count() - unchanged.len();
    let added = new_ops.keys().filter(|k| !old_ops.contains_key(*k)).count();
    let removed = old_ops.keys().filter(|k| !new_ops.contains_key(*k)).count();
    println!("{} operations unchanged, {changed} changed, {added} added, {removed} removed", unchanged.len());
    let drift = codegen::surface::drift(&surface_of(old)?, &surface_of(new)?, &unchanged);
    for line in &drift {
        println!("  {line}");
    }
    if drift.is_empty() {
        println!(
            "every unchanged operation keeps its method, arguments and the names and fields of every type it reaches"
        );
        Ok(())
    } else {
        Err(format!("{} differences in unchanged operations", drift.len()))
    }
}

fn read_json(path: &Path) -> Result<serde_json::Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// `GET /path` → a digest of the operation with its path item's parameters and every local `$ref` expanded.
fn operation_digests(spec: &serde_json::Value) -> std::collections::BTreeMap<String, u64> {
    let mut out = std::collections::BTreeMap::new();
    let Some(paths) = spec.get("paths").and_then(serde_json::Value::as_object) else { return out };
    for (path, item) in paths {
        for (key, method) in codegen::model::Method::all() {
            let Some(op) = item.get(key) else { continue };
            let mut hasher = std::hash::DefaultHasher::new();
            let mut stack = Vec::new();
            digest(spec, op, &mut stack, &mut hasher);
            digest(spec, item.get("parameters").unwrap_or(&serde_json::Value::Null), &mut stack, &mut hasher);
            out.insert(method.endpoint(path), std::hash::Hasher::finish(&hasher));
        }
    }
    out
}

/// Hashes `value` with its `$ref`s replaced by their targets (a cycle hashes the reference itself).
fn digest<'a>(
    spec: &'a serde_json::Value,
    value: &'a serde_json::Value,
    stack: &mut Vec<&'a str>,
    hasher: &mut impl std::hash::Hasher,
) {
    use serde_json::Value;
    use std::hash::Hash;
    match value {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref") {
                let resolved = target.strip_prefix('#').and_then(|pointer| spec.pointer(pointer));
                if let (Some(resolved), false) = (resolved, stack.contains(&target.as_str())) {
                    stack.push(target);
                    digest(spec, resolved, stack, hasher);
                    stack.pop();
                    return;
                }
                target.hash(hasher);
                return;
            }
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            "{".hash(hasher);
            for key in keys {
                key.hash(hasher);
                digest(spec, &map[key], stack, hasher);
            }
            "}".hash(hasher);
        }
        Value::Array(items) => {
            "[".hash(hasher);
            items.iter().for_each(|item| digest(spec, item, stack, hasher));
            "]".hash(hasher);
        }
        other => other.to_string().hash(hasher),
    }
}
