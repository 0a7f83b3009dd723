//! Headers (nearly) every operation repeats that belong to the client, not to a call: a version
//! pin (`X-Runway-Version`, `Cartesia-Version`) or a credential (an `Authorization` parameter
//! on 249 of cal-com's 285 operations). The official SDKs of such APIs set them once: a version
//! pin is a client setting sent with every request, with the value the spec gives; a credential
//! is a security scheme of its own (a builder method and a variable). Neither stays a per-call
//! argument.

use serde_json::Value;

use crate::model::ClientHeader;
use crate::resolve::{self, ParamIn, SecurityScheme, SecuritySchemeKind, Spec};

/// The share of operations that must carry a header for it to be the client's.
const NEARLY_ALL: f64 = 0.8;

/// What the client takes over, decided once from every operation lowered.
#[derive(Debug, Default)]
pub(super) struct Lifted {
    /// Version pins: sent by the client, left out of every operation's parameters.
    pub settings: Vec<ClientHeader>,
    /// Credential headers: a security scheme each, named as the header.
    pub schemes: Vec<SecurityScheme>,
}

impl Lifted {
    /// Whether this parameter is one the client sends, not the call.
    pub(super) fn takes(&self, param: &resolve::Parameter) -> bool {
        param.place == ParamIn::Header && self.name_of(&param.name).is_some()
    }

    /// The lifted header of this name (compared without case): the name the client uses.
    fn name_of(&self, header: &str) -> Option<&str> {
        let settings = self.settings.iter().map(|h| h.name.as_str());
        settings.chain(self.schemes.iter().map(|s| s.name.as_str())).find(|name| name.eq_ignore_ascii_case(header))
    }

    /// The credential schemes this operation's header parameters stand for.
    pub(super) fn schemes_of(&self, op: &resolve::Operation) -> Vec<String> {
        let carried = |scheme: &&SecurityScheme| {
            op.parameters.iter().any(|p| p.place == ParamIn::Header && p.name.eq_ignore_ascii_case(&scheme.name))
        };
        self.schemes.iter().filter(carried).map(|s| s.name.clone()).collect()
    }
}

pub(super) fn lifted<'a>(spec: &Spec, operations: impl Iterator<Item = &'a resolve::Operation>) -> Lifted {
    let operations: Vec<&resolve::Operation> = operations.collect();
    // Too few operations to tell a convention from a coincidence.
    if operations.len() < 3 {
        return Lifted::default();
    }
    // Each header name (without case), the operations carrying it, and its first declaration.
    let mut headers: Vec<(String, usize, &resolve::Parameter)> = Vec::new();
    for op in &operations {
        let mut seen: Vec<String> = Vec::new();
        for param in op.parameters.iter().filter(|p| p.place == ParamIn::Header) {
            let key = param.name.to_ascii_lowercase();
            if seen.contains(&key) {
                continue;
            }
            match headers.iter_mut().find(|(name, _, _)| *name == key) {
                Some((_, count, _)) => *count += 1,
                None => headers.push((key.clone(), 1, param)),
            }
            seen.push(key);
        }
    }
    headers.sort_by(|a, b| a.0.cmp(&b.0));
    let mut lifted = Lifted::default();
    for (key, count, param) in headers {
        if (count as f64) < NEARLY_ALL * operations.len() as f64 {
            continue;
        }
        if is_credential(&key) {
            lifted.schemes.push(SecurityScheme {
                name: param.name.clone(),
                kind: SecuritySchemeKind::ApiKey { place: ParamIn::Header, name: param.name.clone() },
                description: param.description.clone(),
            });
        } else if key.contains("version") {
            let schema = param.schema.map(|id| spec.schema(id));
            let allowed: Vec<String> = schema
                .and_then(|s| s.enum_values.as_ref())
                .map(|values| values.iter().filter_map(Value::as_str).map(str::to_string).collect())
                .unwrap_or_default();
            let default = schema.and_then(|s| s.default.as_ref()).and_then(Value::as_str).map(str::to_string);
            // Without a value from the spec the caller must give one each call: the header stays.
            let Some(value) = default.or_else(|| pinned(&allowed)) else { continue };
            lifted.settings.push(ClientHeader {
                name: param.name.clone(),
                value,
                allowed,
                description: param.description.clone(),
            });
        }
    }
    lifted
}

/// A header that carries who is calling: `Authorization`, `X-API-Key`, `X-Auth-Token`.
fn is_credential(key: &str) -> bool {
    key == "authorization"
        || ["api-key", "apikey", "api_key", "auth-token", "access-token"].iter().any(|w| key.contains(w))
}

/// The version an enum pins when the spec gives no default: its one value, or the latest of
/// dated versions (`2025-04-16`), as an SDK generated that day would send.
fn pinned(allowed: &[String]) -> Option<String> {
    let dated = |v: &String| {
        let bytes = v.as_bytes();
        bytes.len() == 10
            && bytes[4] == b'-'
            && bytes[7] == b'-'
            && v.chars().filter(|c| c.is_ascii_digit()).count() == 8
    };
    match allowed {
        [one] => Some(one.clone()),
        [_, ..] if allowed.iter().all(dated) => allowed.iter().max().cloned(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::pinned;

    #[test]
    fn a_version_is_pinned_only_when_the_spec_says_which() {
        let dates = ["2024-06-10", "2025-04-16", "2024-11-13"].map(String::from);
        assert_eq!(pinned(&dates), Some("2025-04-16".to_string()));
        assert_eq!(pinned(&["v2".to_string()]), Some("v2".to_string()));
        assert_eq!(pinned(&["v1".to_string(), "v2".to_string()]), None);
        assert_eq!(pinned(&[]), None);
    }
}
