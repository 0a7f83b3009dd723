//! The config's derives, resolved to types. Its targets are named by component
//! or by generated name, so they can only be found here, where names are known.
//! A derive asked for a type also goes on every type it holds (a `PartialEq`
//! struct needs `PartialEq` fields); a derive a type cannot have (a float has
//! no `Eq` or `Hash`, a `serde_json::Value` no `Hash` or `Ord`) is left out
//! there, with a warning saying how often and why. Every struct's map of
//! undeclared properties (the `extra-fields` feature) holds
//! `serde_json::Value`s, which have no `Hash` or `Ord`: derives only that map
//! rules out are `#[cfg_attr(not(feature = "extra-fields"), derive(..))]`.

use std::collections::BTreeMap;

use crate::config::{Config, Derive, TypeTarget};
use crate::diagnostics::Diagnostics;
use crate::model::{Model, Scalar, TypeId, TypeKind, TypeRef};

/// The derives the config adds to one type, sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Derives {
    pub always: Vec<Derive>,
    /// Only without the `extra-fields` feature.
    pub without_extra_fields: Vec<Derive>,
}

/// What a holder of a `serde_json::Value` can derive (it has no `Hash`, `PartialOrd` or `Ord`).
const VALUE_ALLOWS: [Derive; 2] = [Derive::PartialEq, Derive::Eq];
/// What a holder of a float can derive (no `Eq`, `Hash` or `Ord`).
const FLOAT_ALLOWS: [Derive; 2] = [Derive::PartialEq, Derive::PartialOrd];
/// The runtime's `File` compares (bytes or path) but is not `Eq`: a stream equals nothing.
const FILE_ALLOWS: [Derive; 1] = [Derive::PartialEq];

/// Per type id: the derives the config adds.
pub(super) fn derives(model: &Model, config: &Config, names: &[String], diags: &mut Diagnostics) -> Vec<Derives> {
    let count = model.types.len();
    let mut wanted: Vec<Derives> = vec![Derives::default(); count];
    if config.derives.is_empty() && config.types.iter().all(|rule| rule.derives.is_empty()) {
        return wanted;
    }
    let possible_always = possible(model, true);
    let possible_without = possible(model, false);
    // What the whole config asks of each type, and where (for warnings).
    let mut asked: Vec<(Vec<TypeId>, &[Derive], &crate::config::Spot)> = Vec::new();
    if !config.derives.is_empty() {
        asked.push(((0..count as u32).map(TypeId).collect(), &config.derives, &config.derives_at));
    }
    for rule in config.types.iter().filter(|rule| !rule.derives.is_empty()) {
        let roots: Vec<TypeId> = match &rule.target {
            TypeTarget::Component(key) => (0..count)
                .filter(|&i| model.types[i].hints.iter().any(|h| h.from_component_key(key)))
                .map(|i| TypeId(i as u32))
                .collect(),
            TypeTarget::Name(name) => {
                names.iter().position(|n| n == name).map(|i| TypeId(i as u32)).into_iter().collect()
            }
        };
        if roots.is_empty() {
            diags.push(config.warning(&rule.at, "no generated type matches; no derives added"));
            continue;
        }
        asked.push((reachable(model, roots), &rule.derives, &rule.at));
    }
    for (types, derives, at) in asked {
        let mut left_out: BTreeMap<Derive, Vec<&str>> = BTreeMap::new();
        for id in types {
            let i = id.0 as usize;
            if !derivable(&model.types[i].kind) {
                continue;
            }
            for &derive in derives {
                let list = if possible_always[i].contains(&derive) {
                    &mut wanted[i].always
                } else if possible_without[i].contains(&derive) {
                    &mut wanted[i].without_extra_fields
                } else {
                    left_out.entry(derive).or_default().push(&names[i]);
                    continue;
                };
                if !list.contains(&derive) {
                    list.push(derive);
                }
            }
        }
        for (derive, mut types) in left_out {
            types.sort();
            let example = types.iter().take(3).map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ");
            diags.push(config.warning(
                at,
                format!(
                    "`{}` left out of {} type(s) that hold a float, a `serde_json::Value` or a type without it, e.g. {example}",
                    derive.as_str(),
                    types.len()
                ),
            ));
        }
    }
    for derives in &mut wanted {
        derives.always.sort();
        derives.without_extra_fields.sort();
    }
    wanted
}

/// Types that get derives: models and parameters, not aliases or response enums.
fn derivable(kind: &TypeKind) -> bool {
    matches!(kind, TypeKind::Struct(_) | TypeKind::Enum(_) | TypeKind::Union(_) | TypeKind::Params(_))
}

/// `roots` and every type they hold, through fields, variants and aliases.
fn reachable(model: &Model, roots: Vec<TypeId>) -> Vec<TypeId> {
    let mut seen = vec![false; model.types.len()];
    let mut stack = roots;
    let mut out = Vec::new();
    while let Some(id) = stack.pop() {
        if std::mem::replace(&mut seen[id.0 as usize], true) {
            continue;
        }
        out.push(id);
        stack.extend(model.get(id).kind.held().into_iter().filter_map(TypeRef::named_type));
    }
    out
}

/// Per type: the derives it can have (with the `extra-fields` map, or
/// without), found by removing what its contents rule out until nothing
/// changes (cycles included).
fn possible(model: &Model, extra_fields: bool) -> Vec<Vec<Derive>> {
    let mut possible: Vec<Vec<Derive>> = model
        .types
        .iter()
        .map(|def| {
            if derivable(&def.kind) || matches!(def.kind, TypeKind::Alias(_)) {
                Derive::ALL.to_vec()
            } else {
                Vec::new()
            }
        })
        .collect();
    loop {
        let mut changed = false;
        for (i, def) in model.types.iter().enumerate() {
            let mut allowed = possible[i].clone();
            let mut keep_only = |allowed_by: &[Derive]| allowed.retain(|d| allowed_by.contains(d));
            match &def.kind {
                // The `extra-fields` map holds `serde_json::Value`s; a tagged union's unknown variant too.
                TypeKind::Struct(_) if extra_fields => keep_only(&VALUE_ALLOWS),
                TypeKind::Union(u) if u.tag.is_some() => keep_only(&VALUE_ALLOWS),
                _ => {}
            }
            for ty in def.kind.held() {
                keep_only(&allowed_by(ty, &possible));
            }
            if allowed.len() != possible[i].len() {
                possible[i] = allowed;
                changed = true;
            }
        }
        if !changed {
            return possible;
        }
    }
}

/// The derives a type reference allows its holder.
fn allowed_by(ty: &TypeRef, possible: &[Vec<Derive>]) -> Vec<Derive> {
    match ty {
        TypeRef::Named(id) => possible[id.0 as usize].clone(),
        TypeRef::Scalar(Scalar::F32 | Scalar::F64) => FLOAT_ALLOWS.to_vec(),
        TypeRef::Scalar(Scalar::File) => FILE_ALLOWS.to_vec(),
        TypeRef::Any => VALUE_ALLOWS.to_vec(),
        TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => allowed_by(inner, possible),
        // A user's own type is the user's to vouch for.
        TypeRef::Scalar(_) | TypeRef::Null | TypeRef::External(_) => Derive::ALL.to_vec(),
    }
}
