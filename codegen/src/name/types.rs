//! Type names: every type's name and aliases from its hints, and what each
//! operation calls the types it was met with.

use std::collections::{HashMap, HashSet};

use crate::case::ToUpperCamelCase;

use super::{AliasName, OperationNames};
use crate::config::{Config, TypeTarget};
use crate::diagnostics::{Diagnostics, Error};
use crate::ident::{RESERVED_TYPE_NAMES, camel_words, finish_type_ident, type_ident};
use crate::model::{Model, NameHint, OperationId, TypeId};

/// Every type's chosen name and aliases, by type id.
pub(super) struct Chosen {
    pub(super) types: Vec<String>,
    pub(super) aliases: Vec<Vec<AliasName>>,
}

/// Per type, per hint (in the model's order of them): the name the hint
/// suggests, its words in UpperCamelCase, an operation's resource and method
/// words first. Computed once: Cloudflare's types have 40,000 hints.
/// A component the config renames (`iam_token` → `Token`) is renamed in
/// every hint that starts from it, so its request twin becomes `TokenRequest`.
pub(super) fn hint_names(
    model: &Model,
    operations: &[OperationNames],
    renamed: &HashMap<String, String>,
) -> Vec<Vec<String>> {
    let prefixes: Vec<String> = model
        .operations
        .iter()
        .zip(operations)
        .map(|(op, names)| {
            let mut words = op.resource.clone();
            words.push(names.method.clone());
            camel_words(&words)
        })
        .collect();
    model
        .types
        .iter()
        .map(|def| {
            def.hints
                .iter()
                .map(|hint| match hint.operation {
                    Some(id) => finish_type_ident(format!("{}{}", prefixes[id.0 as usize], camel_words(&hint.parts))),
                    None => match renamed.get(hint.parts[0].as_str()).filter(|_| hint.from_component) {
                        Some(name) => finish_type_ident(format!("{name}{}", camel_words(&hint.parts[1..]))),
                        None => type_ident(&hint.parts),
                    },
                })
                .collect()
        })
        .collect()
}

/// How many words a hint's name has, its operation's included.
fn hint_words(model: &Model, hint: &NameHint) -> usize {
    hint.operation.map_or(0, |op| model.operation(op).resource.len() + 1) + hint.parts.len()
}

/// Every type's name and aliases. A type's names are those its hints suggest;
/// a component's key comes first, otherwise the first in sort order. Types
/// claim names in an order that depends only on what they are (component of
/// the root file, of another file, the rest; then the name wanted, the
/// location and the shape's id as a last resort), so the spec's key order
/// cannot move a name. A name taken already falls back to `Model` (for
/// reserved names), the file's name as a prefix (other files), another of the
/// type's names, then a number. The names left over become aliases.
pub(super) fn type_names(model: &Model, hint_names: &[Vec<String>]) -> Chosen {
    let count = model.types.len();
    // Per type: its suggested names, the preferred one first, the others sorted.
    let suggested: Vec<Vec<(String, Option<OperationId>)>> = model
        .types
        .iter()
        .zip(hint_names)
        .map(|(def, hint_names)| {
            let mut names: Vec<(String, Option<OperationId>, (bool, usize))> = def
                .hints
                .iter()
                .zip(hint_names)
                .map(|(h, name)| (name.clone(), h.operation, (!h.from_component, hint_words(model, h))))
                .collect();
            // Components first, then the fewest words (the most general name), then by name;
            // each name once, from its first operation.
            names.sort_by(|a, b| (a.2, &a.0, a.1).cmp(&(b.2, &b.0, b.1)));
            names.dedup_by(|a, b| a.0 == b.0);
            if names.is_empty() {
                names.push(("Type".to_string(), None, (true, 0)));
            }
            names.into_iter().map(|(name, op, _)| (name, op)).collect()
        })
        .collect();
    let mut used: HashSet<String> = RESERVED_TYPE_NAMES.iter().map(|s| s.to_string()).collect();
    let mut order: Vec<usize> = (0..count).collect();
    order.sort_by(|&a, &b| {
        let key = |i: usize| {
            let def = &model.types[i];
            (
                !def.hints.iter().any(|h| h.from_component),
                *def.location.file != *model.api.source,
                &suggested[i][0].0,
                &def.location,
            )
        };
        key(a).cmp(&key(b)).then(a.cmp(&b))
    });
    let mut types = vec![String::new(); count];
    for &i in &order {
        let def = &model.types[i];
        let base = &suggested[i][0].0;
        let mut candidates = vec![base.clone()];
        if RESERVED_TYPE_NAMES.contains(&base.as_str()) {
            candidates.push(format!("{base}Model"));
        }
        // Same name in two files (e.g. two `identifier`s): the file tells them apart.
        if *def.location.file != *model.api.source {
            let file_stem = def.location.file.split(['/', '.']).rev().nth(1).unwrap_or_default().to_upper_camel_case();
            if !file_stem.is_empty() && !base.starts_with(&file_stem) {
                candidates.push(format!("{file_stem}{base}"));
            }
        }
        candidates.extend(suggested[i][1..].iter().map(|(name, _)| name.clone()));
        let chosen = candidates
            .into_iter()
            .find(|c| !used.contains(c))
            .unwrap_or_else(|| (2..).map(|n| format!("{base}{n}")).find(|c| !used.contains(c)).unwrap_or_default());
        used.insert(chosen.clone());
        types[i] = chosen;
    }
    // Aliases claim what is left, in the same order; a name two types want goes to the first.
    let mut aliases = vec![Vec::new(); count];
    for &i in &order {
        for (name, operation) in &suggested[i] {
            if *name != types[i] && used.insert(name.clone()) {
                aliases[i].push(AliasName { name: name.clone(), operation: *operation });
            }
        }
        aliases[i].sort();
    }
    Chosen { types, aliases }
}

/// What each operation calls the types it was met with: the name its own hint
/// gave, when the type has that name (as its own or an alias).
pub(super) fn own_types(model: &Model, hint_names: &[Vec<String>], names: &Chosen, operations: &mut [OperationNames]) {
    for (i, (def, hint_names)) in model.types.iter().zip(hint_names).enumerate() {
        for (hint, wanted) in def.hints.iter().zip(hint_names) {
            let Some(op) = hint.operation else { continue };
            let has = names.types[i] == *wanted || names.aliases[i].iter().any(|a| a.name == *wanted);
            let own = &mut operations[op.0 as usize].own_types;
            if has && !own.contains_key(&TypeId(i as u32)) {
                own.insert(TypeId(i as u32), wanted.clone());
            }
        }
    }
}

/// The config's renames of components, by component key: `types:` entries
/// with `rename`, and the resource map's `models:` (`token` → `Token`).
pub(super) fn component_renames(config: &Config) -> HashMap<String, String> {
    let mut renamed: HashMap<String, String> =
        config.models.iter().map(|m| (m.component.clone(), type_ident(std::slice::from_ref(&m.name)))).collect();
    for rule in &config.types {
        if let (TypeTarget::Component(key), Some(name)) = (&rule.target, &rule.rename) {
            renamed.insert(key.clone(), name.clone());
        }
    }
    renamed
}

/// Stainless scopes a resource's model names by the resource (`types::customers::WalletInfo`);
/// in one namespace, a resource map's model whose name another type has is called after its
/// resource too (`CustomersWalletInfo`), with a warning, rather than refused. Decided on the
/// names every type would get, so the same config and spec always scope the same models.
/// Returns every type's hint names under the final renames.
pub(super) fn scope_clashing_models(
    model: &Model,
    config: &Config,
    operations: &[OperationNames],
    renamed: &mut HashMap<String, String>,
    diags: &mut Diagnostics,
) -> Vec<Vec<String>> {
    // A scoped name may clash in turn: a few rounds settle it (each round scopes more, never less).
    let mut hint_names = hint_names(model, operations, renamed);
    for _ in 0..4 {
        let mut changed = false;
        for wanted in &config.models {
            // The map's own name (a `types:` rename of the component is the user's word: kept).
            let Some(new) = renamed.get(&wanted.component).cloned() else { continue };
            if !new.ends_with(&type_ident(std::slice::from_ref(&wanted.name))) {
                continue;
            }
            let own = model.types.iter().position(|def| {
                def.hints.iter().any(|h| h.from_component_key(&wanted.component) && h.parts.len() == 1)
            });
            let Some(own) = own else { continue };
            let taken = hint_names.iter().enumerate().any(|(i, names)| i != own && names.contains(&new));
            if !taken {
                continue;
            }
            let mut words = wanted.resource.clone();
            words.push(new.clone());
            let scoped = camel_words(&words);
            if scoped == new {
                continue;
            }
            diags.push(config.warning(
                &wanted.at,
                format!("`{new}` is the name of another type too; this model is `{scoped}`, named after its resource as Stainless scopes it"),
            ));
            renamed.insert(wanted.component.clone(), scoped);
            changed = true;
        }
        if !changed {
            break;
        }
        hint_names = self::hint_names(model, operations, renamed);
    }
    hint_names
}

/// Holds the config's renames to what it asked: a component's new name must
/// be its type's name, taken from no other type; a generated name (`types:`
/// keyed by name) is renamed, type or alias, unless the new name is taken.
pub(super) fn apply_renames(
    model: &Model,
    config: &Config,
    renamed: &HashMap<String, String>,
    hint_names: &[Vec<String>],
    names: &mut Chosen,
    operations: &mut [OperationNames],
    diags: &mut Diagnostics,
) -> Result<(), Error> {
    let spots = config.models.iter().map(|m| (&m.component, &m.at)).chain(config.types.iter().filter_map(|rule| {
        match &rule.target {
            TypeTarget::Component(key) if rule.rename.is_some() => Some((key, &rule.at)),
            _ => None,
        }
    }));
    for (key, at) in spots {
        let Some(new) = renamed.get(key) else { continue };
        let own = model
            .types
            .iter()
            .position(|def| def.hints.iter().any(|h| h.from_component_key(key) && h.parts.len() == 1));
        let Some(own) = own else {
            diags.push(config.warning(at, format!("component `{key}` generates no type of its own (it is a scalar, a list, left out or not in the spec); not renamed")));
            continue;
        };
        if let Some((other, _)) =
            hint_names.iter().enumerate().find(|&(i, names)| i != own && names.iter().any(|n| n == new))
        {
            return Err(config.error(
                at,
                format!(
                    "`{new}` is already the name of another type (at {}); choose another name",
                    model.types[other].location
                ),
            ));
        }
        if names.types[own] != *new {
            return Err(config.error(at, format!("`{new}` cannot be the name of `{key}`: another type has it")));
        }
    }
    for rule in &config.types {
        let (TypeTarget::Name(old), Some(new)) = (&rule.target, &rule.rename) else { continue };
        if names.types.iter().chain(names.aliases.iter().flatten().map(|a| &a.name)).any(|n| n == new) {
            return Err(config.error(&rule.at, format!("`{new}` is already the name of a generated type")));
        }
        if let Some(i) = names.types.iter().position(|n| n == old) {
            names.types[i] = new.clone();
        } else if let Some(alias) = names.aliases.iter_mut().flatten().find(|a| a.name == *old) {
            alias.name = new.clone();
        } else {
            diags.push(config.warning(&rule.at, format!("no generated type is called `{old}`; not renamed")));
            continue;
        }
        for operation in operations.iter_mut() {
            for name in operation.own_types.values_mut().filter(|name| *name == old) {
                *name = new.clone();
            }
        }
    }
    Ok(())
}
