//! Verb-first paths (`/create-agent`, `/get-agent/{id}`, `/list-agents`,
//! `/v2/delete-call/{id}`): the noun after the verb is the resource and the
//! verb its method. A convention of the whole spec, recognised when at least
//! 30 % of its operations start so and three or more nouns are reached by two
//! or more CRUD verbs; those nouns are the resources.

use std::collections::{BTreeMap, BTreeSet};

use super::super::paths::{NamedPath, is_param};
use crate::english::{crud_word, singular};
use crate::model::Action;
use crate::resolve::Operation;

pub(super) fn place(ops: &[Operation], paths: &[NamedPath], placed: &mut [(Vec<String>, Action)]) {
    let literals: Vec<Vec<String>> = paths
        .iter()
        .map(|path| {
            path.segments.iter().zip(&path.snake).filter(|(s, _)| !is_param(s)).map(|(_, w)| w.clone()).collect()
        })
        .collect();
    let leads: Vec<Option<(&str, &str)>> = literals
        .iter()
        .map(|words| words.first()?.split_once('_').filter(|(verb, _)| verb.bytes().all(|b| b.is_ascii_lowercase())))
        .collect();
    let mut verbs_of: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    let mut hits = 0;
    for &(verb, rest) in leads.iter().flatten() {
        if let Some(crud) = crud_word(verb) {
            hits += 1;
            verbs_of.entry(singular(rest)).or_default().insert(crud);
        }
    }
    let known: BTreeSet<&str> =
        verbs_of.iter().filter(|(_, verbs)| verbs.len() >= 2).map(|(noun, _)| noun.as_str()).collect();
    if known.len() < 3 || hits * 10 < ops.len() * 3 {
        return;
    }
    for ((lead, words), placement) in leads.iter().zip(&literals).zip(placed.iter_mut()) {
        let Some((verb, rest)) = *lead else { continue };
        let rest_words: Vec<&str> = rest.split('_').collect();
        // A later literal must only repeat the first's words
        // (`/delete-knowledge-base-source/{id}/source/{id}`); otherwise the path says more.
        if words[1..].iter().any(|w| !w.split('_').all(|part| rest_words.contains(&part))) {
            continue;
        }
        *placement = place_one(verb, rest, &rest_words, &known);
    }
}

fn place_one(verb: &str, rest: &str, words: &[&str], known: &BTreeSet<&str>) -> (Vec<String>, Action) {
    let action = || crud_word(verb).map_or_else(|| Action::Word(verb.to_string()), Action::Crud);
    let noun = singular(rest);
    if known.contains(noun.as_str()) {
        return (vec![noun], action());
    }
    // `get-agent-versions` → `agent.get_versions`; `create-phone-call` → `call.create_phone_call`.
    let joined = |part: &[&str]| part.join("_");
    if let Some(k) = (1..words.len()).rev().find(|&k| known.contains(joined(&words[..k]).as_str())) {
        return (vec![joined(&words[..k])], Action::Word(format!("{verb}_{}", joined(&words[k..]))));
    }
    if let Some(k) = (1..words.len()).find(|&k| known.contains(singular(&joined(&words[k..])).as_str())) {
        return (vec![singular(&joined(&words[k..]))], Action::Word(format!("{verb}_{rest}")));
    }
    match crud_word(verb) {
        Some(crud) => (vec![noun], Action::Crud(crud)),
        None => (vec![rest.to_string()], Action::Word(verb.to_string())),
    }
}
