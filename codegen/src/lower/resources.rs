//! The resource tree: which resource each operation's method hangs off and
//! what it does, from the path's shape and the HTTP verb, as the official SDKs
//! do (`client.user().tokens().update(..)`, `…tokens().verify()`). The words
//! become identifiers, unique ones, in `name`.

use std::collections::{BTreeSet, HashMap};

use heck::ToSnakeCase;

use crate::config::{Config, endpoint_key};
use crate::diagnostics::Diagnostics;
use crate::model::Action;
use crate::resolve::{Method, Operation};

/// Where an operation's method goes.
pub(super) struct Placement {
    pub resource: Vec<String>,
    pub action: Action,
    /// Given by the config's resource map.
    pub mapped: bool,
}

/// Per operation: the config's resource map where it names the operation's
/// endpoint, else the path's shape ([`place_by_path`]). A mapped endpoint the
/// spec does not have is a warning: configs outlive spec versions.
pub(super) fn place_operations(ops: &[Operation], config: &Config, diags: &mut Diagnostics) -> Vec<Placement> {
    let mut placements: Vec<Placement> = place_by_path(ops)
        .into_iter()
        .map(|(resource, action)| Placement { resource, action, mapped: false })
        .collect();
    if config.methods.is_empty() {
        return placements;
    }
    // Endpoint → the operations with it (one, unless the spec names a path's parameters two ways).
    let mut by_endpoint: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, op) in ops.iter().enumerate() {
        by_endpoint.entry(endpoint_key(op.method.as_str(), &op.path)).or_default().push(i);
    }
    for method in &config.methods {
        let Some(found) = by_endpoint.get(&method.endpoint_key()) else {
            diags.push(config.warning(
                &method.at,
                format!("`{} {}` is not in the spec; the method is left out", method.verb, method.path),
            ));
            continue;
        };
        for &i in found {
            placements[i] = Placement {
                resource: method.resource.clone(),
                action: Action::Word(method.name.clone()),
                mapped: true,
            };
        }
    }
    placements
}

/// `(resource words, action)` per operation, from its path and verb. Two
/// operations may get the same action in one resource; `name` makes the method names unique.
fn place_by_path(ops: &[Operation]) -> Vec<(Vec<String>, Action)> {
    let statics: Vec<Vec<String>> = ops.iter().map(|op| static_segments(&op.path)).collect();
    // Static prefixes that something else extends: those are resources, not actions.
    let mut parents: BTreeSet<Vec<String>> = BTreeSet::new();
    for words in &statics {
        for end in 1..words.len() {
            parents.insert(words[..end].to_vec());
        }
    }
    // Paths with one operation: only there can a POST be an action (`…/{id}/export`).
    let mut per_path: HashMap<&str, usize> = HashMap::new();
    for op in ops {
        *per_path.entry(op.path.as_str()).or_default() += 1;
    }
    ops.iter()
        .zip(&statics)
        .map(|(op, words)| place(op, words, &parents, per_path.get(op.path.as_str()) == Some(&1)))
        .collect()
}

/// `alone`: the operation is the only one on its path.
fn place(op: &Operation, words: &[String], parents: &BTreeSet<Vec<String>>, alone: bool) -> (Vec<String>, Action) {
    let raw: Vec<&str> = op.path.split('/').filter(|s| !s.is_empty()).collect();
    let ends_with_param = raw.last().is_some_and(|s| is_param(s));
    if ends_with_param {
        return (words.to_vec(), Action::Verb { on_item: true });
    }
    let after_static = raw.len() >= 2 && !is_param(raw[raw.len() - 2]);
    // A singular word after a collection (`tokens/verify`), or the only POST on an
    // item's singular word (`database/{id}/export`), is an action, not a resource.
    let item_action = op.method == Method::Post && alone;
    if let Some(last) = words.last() {
        let is_action =
            (after_static || item_action) && words.len() >= 2 && !looks_plural(last) && !parents.contains(words);
        if is_action {
            return (words[..words.len() - 1].to_vec(), Action::Word(last.to_snake_case()));
        }
    }
    (words.to_vec(), Action::Verb { on_item: false })
}

fn is_param(segment: &str) -> bool {
    segment.starts_with('{') && segment.ends_with('}')
}

fn looks_plural(word: &str) -> bool {
    word.ends_with('s') && !word.ends_with("ss")
}

/// The path's literal segments in snake case: `/zones/{id}/access/service_tokens` → `zones access service_tokens`.
/// A leading version segment (`/v1/…`) names no resource and is skipped.
fn static_segments(path: &str) -> Vec<String> {
    let mut words: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty() && !is_param(s))
        .map(|s| s.to_snake_case())
        .filter(|s| !s.is_empty())
        .collect();
    if words.first().is_some_and(|w| is_version(w)) {
        words.remove(0);
    }
    words
}

fn is_version(word: &str) -> bool {
    word.strip_prefix('v').is_some_and(|rest| !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit() || c == '_'))
}
