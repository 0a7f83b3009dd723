//! RPC-style paths (`/gitpod.v1.AccountService/GetAccount`, Connect and
//! Twirp): the path names a service and a method, not a resource. The
//! service's noun is the resource (`accounts`), the method minus that noun is
//! the method (`get`); a noun a service reaches with two or more CRUD methods
//! is a sub-resource (`CreateMembership`, `ListMemberships` → `memberships`).

use std::collections::{BTreeMap, BTreeSet};

use crate::case::ToSnakeCase;

use crate::english::{crud_word, plural, singular};
use crate::model::Action;
use crate::resolve::Operation;

/// An operation's service noun (`environment automation`) and method words (`list tasks`).
struct Call {
    service: Vec<String>,
    method: Vec<String>,
}

/// Places the spec's RPC calls, when at least two operations are shaped so.
pub(super) fn place(ops: &[Operation], placed: &mut [(Vec<String>, Action)]) {
    let calls: BTreeMap<usize, Call> =
        ops.iter().enumerate().filter_map(|(i, op)| Some((i, call(&op.path)?))).collect();
    if calls.len() < 2 {
        return;
    }
    let services: BTreeSet<&[String]> = calls.values().map(|c| c.service.as_slice()).collect();
    // Per service: the nouns inside it, with the CRUD verbs that reach each.
    let mut nouns: BTreeMap<&[String], BTreeMap<Vec<String>, BTreeSet<&'static str>>> = BTreeMap::new();
    for call in calls.values() {
        let (verb, rest) = without_noun(&call.method, &call.service);
        if let (Some(crud), false) = (crud_word(verb), rest.is_empty()) {
            let noun: Vec<String> = rest.iter().map(|w| singular(w)).collect();
            nouns.entry(&call.service).or_default().entry(noun).or_default().insert(crud);
        }
    }
    for (&i, call) in &calls {
        let resource = resource_of(&call.service, &services);
        let (verb, rest) = without_noun(&call.method, &call.service);
        let action = |words: &[String]| match (crud_word(verb), words.is_empty()) {
            (Some(crud), true) => Action::Crud(crud),
            _ => Action::Word(
                std::iter::once(verb).chain(words.iter().map(String::as_str)).collect::<Vec<_>>().join("_"),
            ),
        };
        let subs: BTreeSet<&Vec<String>> = nouns
            .get(call.service.as_slice())
            .map(|n| n.iter().filter(|(_, verbs)| verbs.len() >= 2).map(|(noun, _)| noun).collect())
            .unwrap_or_default();
        let single: Vec<String> = rest.iter().map(|w| singular(w)).collect();
        // The longest sub-resource noun the method's words start with; one it extends nests it.
        let hit = (1..=rest.len()).rev().find(|&k| subs.contains(&single[..k].to_vec()));
        placed[i] = match hit {
            None => (resource, action(&rest)),
            Some(hit) => {
                let mut resource = resource;
                match (1..hit).rev().find(|&k| subs.contains(&single[..k].to_vec())) {
                    Some(outer) => {
                        resource.push(resource_word(&rest[..outer]));
                        resource.push(resource_word(&rest[outer..hit]));
                    }
                    None => resource.push(resource_word(&rest[..hit])),
                }
                (resource, action(&rest[hit..]))
            }
        };
    }
}

/// `/pkg.v1.AccountService/GetAccount` → service `account`, method `get account`.
fn call(path: &str) -> Option<Call> {
    let mut segments = path.split('/').filter(|s| !s.is_empty());
    let (service, method) = (segments.next()?, segments.next()?);
    if segments.next().is_some() {
        return None;
    }
    let (package, service) = service.rsplit_once('.')?;
    let lower_package = package.split('.').all(|part| {
        part.bytes().next().is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    });
    let upper_camel = |s: &str| {
        s.bytes().next().is_some_and(|b| b.is_ascii_uppercase()) && s.bytes().all(|b| b.is_ascii_alphanumeric())
    };
    if !lower_package
        || !package.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
        || !upper_camel(service)
        || !upper_camel(method)
    {
        return None;
    }
    let words = |s: &str| s.to_snake_case().split('_').map(str::to_string).collect::<Vec<_>>();
    let service = words(service.strip_suffix("Service").unwrap_or(service));
    (!service.is_empty() && !service[0].is_empty()).then(|| Call { service, method: words(method) })
}

/// The resource of a service: nested under the longest other service noun it extends
/// (`EnvironmentAutomation` under `Environment`: `environments automations`).
fn resource_of(service: &[String], services: &BTreeSet<&[String]>) -> Vec<String> {
    for k in (1..service.len()).rev() {
        if services.contains(&service[..k]) {
            let mut resource = resource_of(&service[..k], services);
            resource.push(resource_word(&service[k..]));
            return resource;
        }
    }
    vec![resource_word(service)]
}

/// `task execution` → `task_executions`.
fn resource_word(words: &[String]) -> String {
    let Some((last, first)) = words.split_last() else { return String::new() };
    first.iter().cloned().chain(std::iter::once(plural(last))).collect::<Vec<_>>().join("_")
}

/// The method's verb and its other words, the service's noun (plural, singular or
/// as written) taken out where it first stands: `ListEnvironments` in `Environment` → `list`, [].
fn without_noun<'a>(method: &'a [String], service: &[String]) -> (&'a str, Vec<String>) {
    let Some((verb, rest)) = method.split_first() else { return ("", Vec::new()) };
    let mut rest = rest.to_vec();
    let Some((noun, qualifiers)) = service.split_last() else { return (verb, rest) };
    let with = |last: String| qualifiers.iter().cloned().chain(std::iter::once(last)).collect::<Vec<String>>();
    for candidate in [with(plural(noun)), with(singular(noun)), service.to_vec()] {
        let k = candidate.len();
        if let Some(at) = (0..(rest.len() + 1).saturating_sub(k)).find(|&j| rest[j..j + k] == candidate[..]) {
            rest.drain(at..at + k);
            break;
        }
    }
    (verb, rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_rpc_path_is_a_service_and_a_method() {
        let call = call("/gitpod.v1.EnvironmentAutomationService/ListTasks").expect("an RPC path");
        assert_eq!(call.service, ["environment", "automation"]);
        assert_eq!(call.method, ["list", "tasks"]);
        assert!(super::call("/v1/users/List").is_none());
        assert!(super::call("/users/{id}").is_none());
    }

    #[test]
    fn the_service_noun_leaves_the_method() {
        let words = |s: &str| s.split(' ').map(str::to_string).collect::<Vec<_>>();
        assert_eq!(without_noun(&words("list environments"), &words("environment")), ("list", vec![]));
        assert_eq!(without_noun(&words("send to agent execution"), &words("agent")), ("send", words("to execution")));
    }
}
