//! The name of a method whose action word another method of its resource has
//! taken: its operationId made readable and trimmed, as a curator would
//! shorten it. `firewall_rules_update_priority_of_a_firewall_rule` on
//! `firewall rules` is `update_priority`; FastAPI's
//! `delete_dataset_api_v1_datasets_dataset_id_delete` is `delete_dataset`; an
//! RPC path's method is its name.

use heck::ToSnakeCase;

use crate::english::{plural, singular};
use crate::model::Operation;

const HTTP_WORDS: &[&str] = &["delete", "get", "head", "options", "patch", "post", "put"];
/// Words that carry nothing at either end of a name.
const FILLERS: &[&str] = &["a", "an", "by", "for", "id", "of", "the"];
/// A framework's words in a handler's class name (`FooViewSet.get`).
const CLASS_WORDS: &[&str] = &["api", "controller", "endpoint", "handler", "resource", "set", "view", "viewset"];

/// The fallback name of `op` (snake case), whose action word `taken` is another's;
/// `None` without an operationId.
pub(super) fn fallback_name(op: &Operation, taken: &str) -> Option<String> {
    let segments: Vec<&str> = op.path.split('/').filter(|s| !s.is_empty()).collect();
    if let [service, method] = segments.as_slice() {
        let rpc = service.contains('.') && method.starts_with(|c: char| c.is_ascii_uppercase());
        if rpc && method.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Some(words(method).join("_"));
        }
    }
    let id = op.operation_id.as_deref()?;
    let mut words = words(id);
    let path_words: Vec<String> =
        segments.iter().flat_map(|s| self::words(s.trim_start_matches('{').trim_end_matches('}'))).collect();
    let verb = op.method.as_str();
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
    let said: Vec<String> =
        op.resource.iter().flat_map(|r| r.split('_')).flat_map(|w| [w.to_string(), singular(w), plural(w)]).collect();
    let is_said = |w: &String| said.contains(w);
    // Trimmed from both ends, never from the middle: that makes nonsense of a phrase.
    let mut start = 0;
    while words.len() - start > 1 && (is_said(&words[start]) || CLASS_WORDS.contains(&words[start].as_str())) {
        start += 1;
    }
    let mut end = words.len();
    while end - start > 1
        && (is_said(&words[end - 1]) || FILLERS.contains(&words[end - 1].as_str()))
        && words[start..end - 1].join("_") != taken
    {
        end -= 1;
    }
    Some(words[start..end].join("_"))
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
    fn acronyms_stay_one_word() {
        assert_eq!(words("getCaaSAuthKey"), ["get", "caas", "auth", "key"]);
        assert_eq!(words("deleteByIDs"), ["delete", "by", "ids"]);
        assert_eq!(words("OAuth2Token"), ["oauth2", "token"]);
        assert_eq!(words("listAPIsForUser"), ["list", "apis", "for", "user"]);
    }
}
