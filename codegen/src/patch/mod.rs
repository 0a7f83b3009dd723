//! The config's changes to the root spec, applied before anything reads it, so
//! a user fixes a wrong spec without forking the publisher's: `patches` (RFC
//! 7396 JSON Merge Patches and `set`/`remove` at a JSON pointer) and
//! Stainless's `openapi.transforms` (`update`, `append`, `merge`, `remove`,
//! `copy`, `move`, `rename` at JSONPath targets, `jsonpath.rs`) in config file
//! order, then the actions of the OpenAPI Overlay 1.0 documents the config's
//! `overlays` lists. A patch or transform whose target is not there is an
//! error naming its config line: one that no longer applies (the spec moved
//! on) must not pass silently. An overlay action that matches nothing is
//! allowed by the Overlay spec, and is a warning naming the overlay file and
//! the action. Each change finds all its targets before it changes any, and
//! removes the last first, so array indexes stay valid.

pub mod jsonpath;

use std::sync::Arc;

use rustc_hash::FxHashSet;
use serde_json::Value;

use crate::config::{Config, Patch, PatchAction, PatchTarget};
use crate::diagnostics::{Error, Location, Warning};
use jsonpath::{JsonPath, Step, pointer, resolve};

/// Applies the config's patches, transforms and overlays in order; the
/// warnings are the overlay actions that matched nothing.
pub fn apply(document: &mut Value, config: &Config) -> Result<Vec<Warning>, Error> {
    let mut warnings = Vec::new();
    for patch in &config.patches {
        let fail = |message: String| match &patch.overlay {
            Some(file) => {
                Error::Config { file: file.to_string(), line: patch.at.line, key: patch.at.key.clone(), message }
            }
            None => config.error(&patch.at, message),
        };
        let targets = match &patch.target {
            PatchTarget::Pointer(pointer) => match steps(document, pointer) {
                Some(steps) => vec![steps],
                None => {
                    add_at_pointer(document, pointer, &patch.action).map_err(fail)?;
                    continue;
                }
            },
            PatchTarget::Paths(paths) => select(document, paths, &patch.action),
        };
        if targets.is_empty() {
            let PatchTarget::Paths(paths) = &patch.target else { continue };
            let listed: Vec<String> = paths.iter().map(|path| format!("`{path}`")).collect();
            let message = match listed.as_slice() {
                [one] => format!("the target {one} matches nothing in the spec"),
                _ => format!("the targets {} match nothing in the spec", listed.join(", ")),
            };
            match &patch.overlay {
                Some(file) => warnings.push(overlay_warning(file, patch, message)),
                None => return Err(fail(message)),
            }
            continue;
        }
        change(document, &targets, &patch.action).map_err(fail)?;
    }
    Ok(warnings)
}

fn overlay_warning(file: &Arc<str>, patch: &Patch, message: String) -> Warning {
    let location =
        Location::new(Arc::from(format!("{file}:{}", patch.at.line)), format!("/{}", patch.at.key.replace('.', "/")));
    Warning { location, message: format!("{message}; the overlay action changes nothing") }
}

/// The nodes a transform's or overlay's queries select, each once; for `copy`
/// and `move`, a name not there yet in an object that is.
fn select(document: &Value, paths: &[JsonPath], action: &PatchAction) -> Vec<Vec<Step>> {
    let mut seen = FxHashSet::default();
    let mut targets = Vec::new();
    for path in paths {
        let found = match action {
            PatchAction::Copy { .. } => path.select_or_new(document),
            _ => path.select(document),
        };
        targets.extend(found.into_iter().filter(|target| seen.insert(target.clone())));
    }
    targets
}

/// The steps of an RFC 6901 pointer to a node that is there.
fn steps(document: &Value, pointer: &str) -> Option<Vec<Step>> {
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    let mut node = document;
    let mut steps = Vec::new();
    for token in pointer.strip_prefix('/')?.split('/') {
        let key = crate::diagnostics::pointer_token(token);
        let step = match node {
            Value::Object(map) => map.contains_key(&key).then_some(Step::Key(key))?,
            Value::Array(items) if key.bytes().all(|b| b.is_ascii_digit()) => {
                Step::Index(key.parse().ok().filter(|i| *i < items.len())?)
            }
            _ => return None,
        };
        node = resolve(node, std::slice::from_ref(&step))?;
        steps.push(step);
    }
    Some(steps)
}

/// A patch at a pointer that is not there: `set` adds it to its parent object.
fn add_at_pointer(document: &mut Value, pointer: &str, action: &PatchAction) -> Result<(), String> {
    let missing = |what: &str| format!("{what} `{pointer}` is not in the spec");
    let PatchAction::Set(value) = action else { return Err(missing("the target")) };
    let (parent, key) = pointer.rsplit_once('/').ok_or_else(|| missing("the target"))?;
    match insert_key(document, parent, crate::diagnostics::pointer_token(key), value.clone()) {
        true => Ok(()),
        false => Err(missing("the parent object of")),
    }
}

/// Puts `value` at `key` of the object at pointer `parent`; `false` when that is no object.
fn insert_key(document: &mut Value, parent: &str, key: String, value: Value) -> bool {
    match document.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.insert(key, value);
            true
        }
        _ => false,
    }
}

/// One change at every target; an error names the node it is about.
fn change(document: &mut Value, targets: &[Vec<Step>], action: &PatchAction) -> Result<(), String> {
    match action {
        PatchAction::Remove => {
            // Last first (children before parents, higher indexes before lower), so each path stays valid.
            let mut targets = targets.to_vec();
            targets.sort();
            targets.iter().rev().try_for_each(|target| remove(document, target))
        }
        PatchAction::RemoveKeys(keys) => {
            let mut removed = vec![false; keys.len()];
            each(document, targets, |node, at| {
                let Value::Object(map) = node else {
                    return Err(format!("`{at}` is not an object, so it has no keys"));
                };
                for (key, removed) in keys.iter().zip(&mut removed) {
                    *removed |= map.shift_remove(key).is_some();
                }
                Ok(())
            })?;
            match keys.iter().zip(&removed).find(|(_, removed)| !**removed) {
                Some((key, _)) => Err(format!("no target has the key `{key}`")),
                None => Ok(()),
            }
        }
        PatchAction::Copy { from, then_remove } => {
            let sources = from.select(document);
            let [source] = sources.as_slice() else {
                return Err(match sources.len() {
                    0 => format!("`from` `{from}` matches nothing in the spec"),
                    n => format!("`from` `{from}` matches {n} nodes; it must match one"),
                });
            };
            let value = resolve(document, source).cloned().unwrap_or_default();
            for target in targets {
                match document.pointer_mut(&pointer(target)) {
                    Some(node) => *node = value.clone(),
                    // A new key (`JsonPath::select_or_new`).
                    None => {
                        let added = match target.split_last() {
                            Some((Step::Key(key), parent)) => {
                                insert_key(document, &pointer(parent), key.clone(), value.clone())
                            }
                            _ => false,
                        };
                        if !added {
                            return Err(format!("`{}` has no parent object to add it to", pointer(target)));
                        }
                    }
                }
            }
            // A `from` inside a target was replaced with it.
            match *then_remove && !targets.iter().any(|target| source.starts_with(target)) {
                true => remove(document, source),
                false => Ok(()),
            }
        }
        PatchAction::Merge(patch) => each(document, targets, |node, _| {
            merge_patch(node, patch);
            Ok(())
        }),
        PatchAction::Set(value) => each(document, targets, |node, _| {
            *node = value.clone();
            Ok(())
        }),
        PatchAction::Template(template) => each(document, targets, |node, at| match node {
            Value::String(text) => {
                *text = template.replace("{{value}}", text);
                Ok(())
            }
            _ => Err(format!("`{at}` is not a string, so `template: true` has no `{{{{value}}}}` for it")),
        }),
        PatchAction::Append(value) => each(document, targets, |node, at| append(node, value, at)),
        PatchAction::DeepMerge(value) => each(document, targets, |node, _| {
            deep_merge(node, value, false);
            Ok(())
        }),
        PatchAction::OverlayUpdate(value) => each(document, targets, |node, _| {
            deep_merge(node, value, true);
            Ok(())
        }),
        PatchAction::Rename { from, to } => each(document, targets, |node, at| rename(node, from, to, at)),
    }
}

/// `change` at each target still there (one inside a node an earlier target replaced is not).
fn each(
    document: &mut Value,
    targets: &[Vec<Step>],
    mut change: impl FnMut(&mut Value, &str) -> Result<(), String>,
) -> Result<(), String> {
    for target in targets {
        let at = pointer(target);
        if let Some(node) = document.pointer_mut(&at) {
            change(node, if at.is_empty() { "$" } else { &at })?;
        }
    }
    Ok(())
}

fn remove(document: &mut Value, target: &[Step]) -> Result<(), String> {
    let Some((last, parent)) = target.split_last() else {
        return Err("the whole document cannot be removed".to_string());
    };
    match (document.pointer_mut(&pointer(parent)), last) {
        (Some(Value::Object(map)), Step::Key(key)) => {
            map.shift_remove(key);
        }
        (Some(Value::Array(items)), Step::Index(i)) if *i < items.len() => {
            items.remove(*i);
        }
        _ => {}
    }
    Ok(())
}

/// Stainless's `append`: items to an array (each of a list), new keys to an object.
fn append(node: &mut Value, value: &Value, at: &str) -> Result<(), String> {
    match (node, value) {
        (Value::Array(items), Value::Array(more)) => items.extend(more.iter().cloned()),
        (Value::Array(items), value) => items.push(value.clone()),
        (Value::Object(map), Value::Object(more)) => {
            if let Some(key) = more.keys().find(|key| map.contains_key(*key)) {
                return Err(format!("`{at}` already has `{key}`: `append` adds only new keys (was the spec fixed?)"));
            }
            map.extend(more.iter().map(|(key, value)| (key.clone(), value.clone())));
        }
        (Value::Object(_), _) => {
            return Err(format!("`{at}` is an object: only an object's keys can be appended to it"));
        }
        _ => return Err(format!("`{at}` is neither an array nor an object: `append` has nothing to add to")),
    }
    Ok(())
}

/// Objects merge key by key, anything else replaces; with `append_arrays`
/// (an overlay's `update`) an array target takes the value's items (or the value).
fn deep_merge(node: &mut Value, value: &Value, append_arrays: bool) {
    match (node, value) {
        (Value::Object(map), Value::Object(value)) => {
            for (key, value) in value {
                match map.get_mut(key) {
                    Some(node) => deep_merge(node, value, append_arrays),
                    None => {
                        map.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (Value::Array(items), Value::Array(more)) if append_arrays => items.extend(more.iter().cloned()),
        (Value::Array(items), value) if append_arrays => items.push(value.clone()),
        (node, value) => *node = value.clone(),
    }
}

/// Renames a key where it stands: the object's order is the spec's order.
fn rename(node: &mut Value, from: &str, to: &str, at: &str) -> Result<(), String> {
    let Value::Object(map) = node else { return Err(format!("`{at}` is not an object, so it has no keys")) };
    if !map.contains_key(from) {
        return Err(format!("`{at}` has no key `{from}`"));
    }
    if from != to && map.contains_key(to) {
        return Err(format!("`{at}` already has a key `{to}`"));
    }
    *map = std::mem::take(map)
        .into_iter()
        .map(|(key, value)| (if key == from { to.to_string() } else { key }, value))
        .collect();
    Ok(())
}

/// RFC 7396: objects merge key by key, `null` removes, anything else replaces.
pub fn merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(patch) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(serde_json::Map::new());
    }
    if let Value::Object(map) = target {
        for (key, value) in patch {
            if value.is_null() {
                map.shift_remove(key);
            } else {
                merge_patch(map.entry(key.clone()).or_insert(Value::Null), value);
            }
        }
    }
}

#[cfg(test)]
mod tests;
