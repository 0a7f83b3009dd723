//! The name of a method whose action word another method of its resource has
//! taken: its operationId made readable and trimmed, as a curator would
//! shorten it. `firewall_rules_update_priority_of_a_firewall_rule` on
//! `firewall rules` is `update_priority`; FastAPI's
//! `delete_dataset_api_v1_datasets_dataset_id_delete` is `delete_dataset`; an
//! RPC path's method is its name.

use crate::case::ToSnakeCase;

use crate::english::{is_version, plural, singular, starts_with_action_verb};
use crate::model::{Method, Operation};

const HTTP_WORDS: &[&str] = &["delete", "get", "head", "options", "patch", "post", "put"];
/// Words that carry nothing at either end of a name.
const FILLERS: &[&str] = &["a", "an", "by", "for", "id", "of", "the"];
/// Words that carry nothing anywhere in a name.
const ARTICLES: &[&str] = &["a", "an", "the"];
/// Words a name does not start with.
const PREPOSITIONS: &[&str] = &["by", "for", "from", "in", "of", "on", "to", "with"];
/// A framework's words in a handler's class name (`FooViewSet.get`).
const CLASS_WORDS: &[&str] = &["api", "controller", "endpoint", "handler", "resource", "set", "view", "viewset"];

/// The fallback name of `op` (snake case), whose action word `taken` is another's.
/// Without an operationId, the HTTP method and the path's words stand in for one.
pub(super) fn fallback_name(op: &Operation, taken: &str) -> String {
    let segments: Vec<&str> = op.path.split('/').filter(|s| !s.is_empty()).collect();
    if let [service, method] = segments.as_slice() {
        let rpc = service.contains('.') && method.starts_with(|c: char| c.is_ascii_uppercase());
        if rpc && method.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return words(method).join("_");
        }
    }
    let verb = op.method.as_str();
    let Some(id) = op.operation_id.as_deref() else {
        let literals = segments.iter().filter(|s| !s.starts_with('{')).flat_map(|s| words(s));
        let words: Vec<String> = std::iter::once(verb.to_string()).chain(literals).collect();
        return trimmed(words, &op.resource, taken);
    };
    let mut words = words(id);
    let path_words: Vec<String> =
        segments.iter().flat_map(|s| self::words(s.trim_start_matches('{').trim_end_matches('}'))).collect();
    // FastAPI: `{function}_{path words}_{method}`; routers add prefixes, so the path words match from the end.
    let mut fastapi = false;
    if words.len() > 2 && words.last().map(String::as_str) == Some(verb) {
        let body = &words[..words.len() - 1];
        let common = body.iter().rev().zip(path_words.iter().rev()).take_while(|(a, b)| a == b).count();
        let common = common.min(body.len() - 1);
        if common >= 2 {
            words = body[..body.len() - common].to_vec();
            fastapi = true;
        }
    }
    // `FooViewSet.get`: the verb, then the class words less the framework's.
    if !fastapi && id.contains('.') && words.last().is_some_and(|w| HTTP_WORDS.contains(&w.as_str())) {
        let class: Vec<String> =
            words[..words.len() - 1].iter().filter(|w| !CLASS_WORDS.contains(&w.as_str())).cloned().collect();
        words = std::iter::once(taken.to_string()).chain(class).collect();
    }
    trimmed(words, &op.resource, taken)
}

/// Extensions in which SDK generators' users name an operation's method.
const METHOD_NAME_EXTENSIONS: &[&str] = &["x-speakeasy-name-override", "x-fern-sdk-method-name"];

/// The method name a spec's SDK extension gives `op` (`x-speakeasy-name-override`,
/// `x-fern-sdk-method-name`), trimmed of what its resource says: the publisher's own
/// name. One whose verb contradicts the HTTP method (a `HEAD` named `create…`) is a slip, not a name.
pub(super) fn extension_name(op: &Operation) -> Option<String> {
    let name = op.extensions.iter().find(|(key, _)| METHOD_NAME_EXTENSIONS.contains(&key.as_str()))?.1.as_str()?;
    let words = words(name);
    let verb = words.first()?;
    let contradicts = match verb.as_str() {
        "create" => !matches!(op.method, Method::Post | Method::Put),
        "get" | "list" | "retrieve" => op.method != Method::Get,
        "delete" | "remove" => op.method != Method::Delete,
        "update" => !matches!(op.method, Method::Put | Method::Patch | Method::Post),
        _ => false,
    };
    (!contradicts).then(|| trimmed(words, &op.resource, ""))
}

/// `words` less what the resource says already, articles, a leading version and a
/// framework's words. Trimmed from both ends, and after a leading verb; never
/// elsewhere in the middle, which makes nonsense of a phrase; never down to `taken`,
/// nor to a name that starts with a preposition.
fn trimmed(mut words: Vec<String>, resource: &[String], taken: &str) -> String {
    let said: Vec<String> =
        resource.iter().flat_map(|r| r.split('_')).flat_map(|w| [w.to_string(), singular(w), plural(w)]).collect();
    let is_said = |w: &String| said.contains(w);
    words.retain(|w| !ARTICLES.contains(&w.as_str()));
    let mut start = 0;
    let droppable = |w: &String| {
        is_said(w) || CLASS_WORDS.contains(&w.as_str()) || is_version(w) || w.bytes().all(|b| b.is_ascii_digit())
    };
    while words.len() - start > 1 && droppable(&words[start]) && !PREPOSITIONS.contains(&words[start + 1].as_str()) {
        start += 1;
    }
    let mut end = words.len();
    while end - start > 1
        && (is_said(&words[end - 1]) || FILLERS.contains(&words[end - 1].as_str()))
        && words[start..end - 1].join("_") != taken
    {
        end -= 1;
    }
    let mut words = words[start..end].to_vec();
    // `get_webhook_by_token` on `webhooks` → `get_by_token`.
    if words.len() > 2 && (starts_with_action_verb(&words[0]) || words[0] == "list") {
        let run = words[1..].iter().take_while(|w| is_said(w)).count();
        if run > 0 && 1 + run < words.len() {
            words.drain(1..1 + run);
        }
    }
    words.join("_")
}

/// An identifier's words in lower case, with acronyms kept whole: `CaaSAuthKey` →
/// `caas auth key`, `listAPIs` → `list apis`, `OAuth2Token` → `oauth2 token`.
fn words(id: &str) -> Vec<String> {
    acronyms_kept(id).to_snake_case().split('_').filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// `id` with the acronyms heck would split rewritten so that it keeps them whole:
/// `APIs` → `Apis`, `CaaS` → `Caas`, `OAuth` → `Oauth`.
fn acronyms_kept(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    let mut out = String::with_capacity(id.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i..].starts_with(&['O', 'A', 'u', 't', 'h']) {
            out.push_str("Oauth");
            i += 5;
            continue;
        }
        // `CaaS`, `PaaS`: a capital, `aa`, a capital.
        if let [first, 'a', 'a', last, ..] = chars[i..] {
            if first.is_ascii_uppercase() && last.is_ascii_uppercase() {
                out.push(first);
                out.push_str("aas");
                i += 4;
                continue;
            }
        }
        // Two or more capitals and a plural `s`: `IDs`, `APIs`.
        let run = chars[i..].iter().take_while(|c| c.is_ascii_uppercase()).count();
        let plural_s =
            chars.get(i + run) == Some(&'s') && !chars.get(i + run + 1).is_some_and(|c| c.is_ascii_lowercase());
        if run >= 2 && plural_s {
            out.push(chars[i]);
            out.extend(chars[i + 1..i + run].iter().map(|c| c.to_ascii_lowercase()));
            out.push('s');
            i += run + 1;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trimming_keeps_a_phrase_readable() {
        let words = |s: &str| s.split(' ').map(str::to_string).collect::<Vec<_>>();
        let resource = words("bookings reassign");
        // A leading date and what the resource says go, but a name never starts with a preposition.
        assert_eq!(trimmed(words("2024 08 13 reassign booking to user"), &resource, "create"), "booking_to_user");
        // Never down to the word that clashed.
        assert_eq!(trimmed(words("update a booking"), &resource, "update"), "update_booking");
        assert_eq!(trimmed(words("get webhook by token"), &words("webhooks"), "get"), "get_by_token");
    }

    #[test]
    fn acronyms_stay_one_word() {
        assert_eq!(words("getCaaSAuthKey"), ["get", "caas", "auth", "key"]);
        assert_eq!(words("deleteByIDs"), ["delete", "by", "ids"]);
        assert_eq!(words("OAuth2Token"), ["oauth2", "token"]);
        assert_eq!(words("listAPIsForUser"), ["list", "apis", "for", "user"]);
    }
}
