//! The resource tree: which resource each operation's method hangs off and
//! what it does, from the path's shape and the HTTP verb, as the official SDKs
//! do (`client.user().tokens().update(..)`, `…tokens().verify()`). Paths are
//! read in the conventions the whole spec follows (`paths.rs`), RPC and
//! verb-first specs have placements of their own (`resources/`), and a
//! config's resource map overrides all of it. The words become identifiers,
//! unique ones, in `name`.

mod rpc;
mod verb_first;

use std::collections::{BTreeSet, HashMap};

use crate::case::ToSnakeCase;

use super::answers::answer;
use super::paths::{NamedPath, is_param, named_paths};
use crate::config::{Config, endpoint_key};
use crate::diagnostics::Diagnostics;
use crate::english::{looks_plural, singular, starts_with_action_verb};
use crate::model::{Action, Answer};
use crate::resolve::{Method, Operation, Spec};

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
pub(super) fn place_operations(spec: &Spec, config: &Config, diags: &mut Diagnostics) -> Placements {
    let ops = &spec.operations;
    // What a GET answers decides `get` or `list` (and a POST beside it `update`); other verbs' name nothing.
    let answers: Vec<Answer> =
        ops.iter().map(|op| if op.method == Method::Get { answer(spec, op, diags) } else { Answer::Unknown }).collect();
    let mut placements: Vec<Placement> = place_by_path(ops, &answers)
        .into_iter()
        .zip(ops)
        .map(|((resource, action), op)| Placement {
            resource: extension_group(op).unwrap_or(resource),
            action,
            mapped: false,
        })
        .collect();
    if config.methods.is_empty() {
        return Placements { placements, aliases: Vec::new() };
    }
    // Endpoint → the operations with it (one, unless the spec names a path's parameters two ways).
    let mut by_endpoint: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, op) in ops.iter().enumerate() {
        by_endpoint.entry(endpoint_key(op.method.as_str(), &op.path)).or_default().push(i);
    }
    let mut aliases = Vec::new();
    for method in &config.methods {
        let Some(found) = by_endpoint.get(&method.endpoint_key()) else {
            diags.push(config.warning(
                &method.at,
                format!("`{} {}` is not in the spec; the method is left out", method.verb, method.path),
            ));
            continue;
        };
        for &i in found {
            let placement = Placement {
                resource: method.resource.clone(),
                action: Action::Word(method.name.clone()),
                mapped: true,
            };
            // The first method of an endpoint is its own; a later one an alias calling the same operation.
            if placements[i].mapped {
                aliases.push((i, placement));
            } else {
                placements[i] = placement;
            }
        }
    }
    Placements { placements, aliases }
}

/// Each operation's placement, in spec order, and the second methods a resource map gives some.
pub(super) struct Placements {
    pub placements: Vec<Placement>,
    /// `(operation index, placement)`: another method for the same operation.
    pub aliases: Vec<(usize, Placement)>,
}

/// The resource a spec's SDK extension puts an operation in (`x-speakeasy-group: users.keys`,
/// `x-fern-sdk-group-name: [users, keys]`): the publisher's own grouping.
fn extension_group(op: &Operation) -> Option<Vec<String>> {
    let words: Vec<String> =
        match op.extensions.get("x-speakeasy-group").or_else(|| op.extensions.get("x-fern-sdk-group-name"))? {
            serde_json::Value::String(group) => group.split('.').map(|w| w.to_snake_case()).collect(),
            serde_json::Value::Array(groups) => {
                groups.iter().filter_map(|g| Some(g.as_str()?.to_snake_case())).collect()
            }
            _ => return None,
        };
    let words: Vec<String> = words.into_iter().filter(|w| !w.is_empty()).collect();
    (!words.is_empty()).then_some(words)
}

/// `(resource words, action)` per operation, from its path and verb, read in
/// the conventions the whole spec follows. Two operations may get the same
/// action in one resource; `name` makes the method names unique.
fn place_by_path(ops: &[Operation], answers: &[Answer]) -> Vec<(Vec<String>, Action)> {
    let paths = named_paths(ops);
    let words: Vec<Vec<String>> = paths.iter().map(resource_words).collect();
    let tree = Tree::of(ops, &paths, &words);
    let mut placed: Vec<(Vec<String>, Action)> = ops
        .iter()
        .zip(&paths)
        .zip(&words)
        .zip(answers)
        .map(|(((op, path), words), &answer)| tree.place(op, &path.segments, words, answer))
        .collect();
    drop_parent_nouns(&mut placed);
    for ((resource, action), (path, words)) in placed.iter_mut().zip(paths.iter().zip(&words)) {
        // `/files/{id}#add_shared_link`: a variant of the path, a method named by its fragment.
        if let Some(fragment) = &path.fragment {
            *resource = words.clone();
            *action = Action::Word(fragment.clone());
        }
    }
    // `POST /files/content` beside `/files/{id}/content`: the word is a resource already, and the POST creates in it.
    let resources: BTreeSet<Vec<String>> = placed.iter().map(|(resource, _)| resource.clone()).collect();
    for (resource, action) in &mut placed {
        if let Action::Word(word) = action {
            let mut extended = resource.clone();
            extended.push(word.clone());
            if resources.contains(&extended) {
                *resource = extended;
                *action = Action::Verb { on_item: false, answer: Answer::Unknown };
            }
        }
    }
    rpc::place(ops, &mut placed);
    verb_first::place(ops, &paths, &mut placed);
    for ((resource, _), path) in placed.iter_mut().zip(&paths) {
        // Two versions of one endpoint: the version word tells them apart where it stood.
        if let Some((at, version)) = &path.distinct_version {
            resource.insert((*at).min(resource.len()), version.clone());
        }
    }
    placed
}

/// The words a path's resource is named by: its literals, after the query's name when the key has one.
fn resource_words(path: &NamedPath) -> Vec<String> {
    path.query.iter().chain(&path.words).cloned().collect()
}

/// What placing one operation needs to know of the others.
struct Tree<'a> {
    /// Resource words that something else extends: those are resources, not actions.
    parents: BTreeSet<Vec<String>>,
    /// Resource words with an item path (`…/invoices/{id}`).
    items: BTreeSet<Vec<String>>,
    /// Operations per path: an action is alone on its path.
    per_path: HashMap<&'a str, usize>,
}

impl<'a> Tree<'a> {
    fn of(ops: &'a [Operation], paths: &[NamedPath], words: &[Vec<String>]) -> Tree<'a> {
        let mut parents = BTreeSet::new();
        for words in words {
            for end in 1..words.len() {
                parents.insert(words[..end].to_vec());
            }
        }
        let items = paths
            .iter()
            .zip(words)
            .filter(|(path, _)| path.segments.last().is_some_and(|s| is_param(s)))
            .map(|(_, words)| words.clone())
            .collect();
        let mut per_path = HashMap::new();
        for op in ops {
            *per_path.entry(op.path.as_str()).or_default() += 1;
        }
        Tree { parents, items, per_path }
    }

    fn place(&self, op: &Operation, segments: &[String], words: &[String], answer: Answer) -> (Vec<String>, Action) {
        let collection = || (words.to_vec(), Action::Verb { on_item: false, answer });
        let ends_with_param = segments.last().is_some_and(|s| is_param(s));
        if ends_with_param {
            return (words.to_vec(), Action::Verb { on_item: true, answer });
        }
        let Some(last) = words.last().filter(|_| words.len() >= 2) else { return collection() };
        let before_last = segments.len().checked_sub(2).map(|i| &segments[i]);
        let after_static = before_last.is_some_and(|s| !is_param(s));
        let after_item = before_last.is_some_and(|s| is_param(s));
        let alone = self.per_path.get(op.path.as_str()) == Some(&1);
        // A leaf: nothing hangs below it and it has no items.
        let leaf = !self.parents.contains(words) && !self.items.contains(words);
        if !leaf {
            return collection();
        }
        let method = (words[..words.len() - 1].to_vec(), Action::Word(last.to_snake_case()));
        // A verb-led segment (`cancel`, `revoke_access`, `add_tags`) alone on its path is a
        // method of what it follows, whatever the HTTP verb; `DELETE …/lock` and `GET …/check_runs` are not.
        let verb_led = alone
            && starts_with_action_verb(last)
            && (!looks_plural(last) || last.contains('_'))
            && op.method != Method::Delete
            && !(op.method == Method::Get && looks_plural(last));
        if verb_led {
            return method;
        }
        if looks_plural(last) {
            return collection();
        }
        // `GET /projects/{id}/usage` answering one object: `projects().usage(id)`.
        let singleton = op.method == Method::Get && alone && after_item && matches!(answer, Answer::One | Answer::File);
        // A singular word after a collection (`tokens/verify`), or the only POST on an
        // item's singular word (`database/{id}/export`), is an action, not a resource.
        let action = alone && (after_static || op.method == Method::Post);
        if singleton || action {
            if op.method == Method::Post && creates(op, last) {
                return (words[..words.len() - 1].to_vec(), Action::Word(format!("create_{last}")));
            }
            return method;
        }
        collection()
    }
}

/// `POST /ledger_transactions/{id}/reversal` with `createReversal`: it makes one, it is not named `reversal`.
fn creates(op: &Operation, noun: &str) -> bool {
    let id = op.operation_id.as_deref().unwrap_or_default().to_snake_case();
    let id: Vec<&str> = id.split('_').collect();
    let noun_words: Vec<&str> = noun.split('_').collect();
    let collective = ["batch", "bulk", "list"].contains(&noun_words[0]);
    id.first() == Some(&"create") && id.ends_with(&noun_words) && !starts_with_action_verb(noun) && !collective
}

/// `invoices / invoice_line_items` → `invoices / line_items`: a sub-resource does not
/// repeat its parent's noun, unless the shorter name is another resource's already.
fn drop_parent_nouns(placed: &mut [(Vec<String>, Action)]) {
    let existing: BTreeSet<Vec<String>> =
        placed.iter().flat_map(|(resource, _)| (1..=resource.len()).map(|end| resource[..end].to_vec())).collect();
    for (resource, _) in placed.iter_mut() {
        let mut shorter = resource.clone();
        for k in 1..shorter.len() {
            let parent: Vec<&str> = shorter[k - 1].split('_').collect();
            let Some((noun, qualifiers)) = parent.split_last() else { continue };
            let mut prefix: Vec<String> = qualifiers.iter().map(|w| w.to_string()).collect();
            prefix.push(singular(noun));
            let own: Vec<&str> = resource[k].split('_').collect();
            if own.len() > prefix.len() && own.iter().zip(&prefix).all(|(a, b)| a == b) {
                shorter[k] = own[prefix.len()..].join("_");
            }
        }
        let free =
            (1..=shorter.len()).all(|end| shorter[..end] == resource[..end] || !existing.contains(&shorter[..end]));
        if free {
            *resource = shorter;
        }
    }
}
