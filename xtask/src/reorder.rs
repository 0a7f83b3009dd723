//! `cargo xtask reorder`: the generated code must depend on a spec's content,
//! not on the order of its keys. Each spec is generated as it is and again
//! with its order shuffled where order carries no meaning (paths, the
//! operations of a path item, the maps under `components`, `required` lists
//! and parameter lists), under several seeds; every file must come out
//! byte-identical.

use std::path::Path;

use codegen::{EmitOptions, Files};
use fastrand::Rng;
use serde_json::{Map, Value};

/// Runs the check on one spec or every spec in a folder.
pub fn reorder(target: &Path, seeds: u64) -> Result<(), String> {
    let specs = if target.is_dir() { crate::specs_in(target)? } else { vec![target.to_path_buf()] };
    let mut failed = Vec::new();
    for spec in &specs {
        let label = spec.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let text = std::fs::read_to_string(spec).map_err(|e| format!("{}: {e}", spec.display()))?;
        let value: Value = if label.ends_with(".json") {
            serde_json::from_str(&text).map_err(|e| format!("{label}: {e}"))?
        } else {
            // YAML specs are left to the focused tests: the corpus is JSON.
            println!("{label}: skipped (not JSON)");
            continue;
        };
        let base_dir = spec.parent().unwrap_or(Path::new("."));
        let options = EmitOptions { resource_features: true, ..EmitOptions::default() };
        let original = generate(&label, value.clone(), base_dir, &options)?;
        for seed in 1..=seeds {
            let mut shuffled = value.clone();
            shuffle_spec(&mut shuffled, seed);
            // As text: maps compare equal whatever their order.
            if serde_json::to_string(&shuffled).ok() == serde_json::to_string(&value).ok() {
                return Err(format!("{label} seed {seed}: the shuffle changed nothing, so it proves nothing"));
            }
            let reordered = generate(&label, shuffled, base_dir, &options)?;
            let differing = differing_files(&original, &reordered);
            if differing.is_empty() {
                println!("{label} seed {seed}: byte-identical ({} files)", original.len());
            } else {
                println!("{label} seed {seed}: DIFFERENT: {}", differing.join(", "));
                if let Some(dir) = std::env::var_os("REORDER_DUMP") {
                    dump(Path::new(&dir), &format!("{label}.{seed}"), &original, &reordered)?;
                }
                failed.push(format!("{label} (seed {seed})"));
            }
        }
    }
    if failed.is_empty() { Ok(()) } else { Err(format!("output depends on key order: {}", failed.join(", "))) }
}

/// With `REORDER_DUMP=DIR`: both outputs' differing files, to diff by hand.
fn dump(dir: &Path, label: &str, original: &Files, reordered: &Files) -> Result<(), String> {
    for (side, files) in [("original", original), ("reordered", reordered)] {
        for (name, text) in files
            .iter()
            .filter(|(name, text)| original.get(*name) != Some(*text) || reordered.get(*name) != Some(*text))
        {
            let path = dir.join(label).join(side).join(name);
            std::fs::create_dir_all(path.parent().unwrap_or(dir)).map_err(|e| e.to_string())?;
            std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(())
}

fn generate(label: &str, spec: Value, base_dir: &Path, options: &EmitOptions) -> Result<Files, String> {
    codegen::generate_from_value(label, spec, base_dir, options).map(|g| g.files).map_err(|e| format!("{label}: {e}"))
}

/// The files that differ, with the number of differing lines of each.
fn differing_files(a: &Files, b: &Files) -> Vec<String> {
    let mut names: Vec<&String> = a.keys().chain(b.keys()).collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .filter_map(|name| match (a.get(name), b.get(name)) {
            (Some(x), Some(y)) if x == y => None,
            (Some(x), Some(y)) => {
                let lines = x.lines().zip(y.lines()).filter(|(l, r)| l != r).count()
                    + x.lines().count().abs_diff(y.lines().count());
                Some(format!("{name} ({lines} lines)"))
            }
            _ => Some(format!("{name} (only in one)")),
        })
        .collect()
}

/// Shuffles the order-free parts of an OpenAPI document in place.
pub fn shuffle_spec(spec: &mut Value, seed: u64) {
    // fastrand's generator is the same for a seed on every machine.
    let mut rng = Rng::with_seed(seed);
    let Some(root) = spec.as_object_mut() else { return };
    if let Some(Value::Object(paths)) = root.get_mut("paths") {
        for item in paths.values_mut() {
            if let Value::Object(item) = item {
                shuffle_parameters(item, &mut rng);
                for op in item.values_mut() {
                    if let Value::Object(op) = op {
                        shuffle_parameters(op, &mut rng);
                    }
                }
                shuffle_map(item, &mut rng);
            }
        }
        shuffle_map(paths, &mut rng);
    }
    if let Some(Value::Object(components)) = root.get_mut("components") {
        for map in components.values_mut() {
            if let Value::Object(map) = map {
                shuffle_map(map, &mut rng);
            }
        }
    }
    shuffle_required(spec, &mut rng);
}

fn shuffle_parameters(object: &mut Map<String, Value>, rng: &mut Rng) {
    if let Some(Value::Array(list)) = object.get_mut("parameters") {
        rng.shuffle(list);
    }
}

/// Every `required` list of property names, wherever a schema sits.
fn shuffle_required(value: &mut Value, rng: &mut Rng) {
    match value {
        Value::Object(object) => {
            for (key, child) in object.iter_mut() {
                match child {
                    Value::Array(names) if key == "required" && names.iter().all(Value::is_string) => {
                        rng.shuffle(names)
                    }
                    // Example values are data: their order is theirs.
                    _ if matches!(key.as_str(), "example" | "examples" | "default" | "enum" | "const") => {}
                    _ => shuffle_required(child, rng),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| shuffle_required(item, rng)),
        _ => {}
    }
}

fn shuffle_map(map: &mut Map<String, Value>, rng: &mut Rng) {
    let mut entries: Vec<(String, Value)> = std::mem::take(map).into_iter().collect();
    rng.shuffle(&mut entries);
    map.extend(entries);
}
