//! Credentials, and where each one goes on a request. Secrets never appear in
//! `Debug` output, logs or errors.

use std::fmt;
use std::sync::Arc;

/// A credential value. Its `Debug` and `Display` print `***`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Arc<str>);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(Arc::from(value.into()))
    }

    /// The secret itself, for putting on the wire.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// Which half of an HTTP basic credential a builder method sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BasicHalf {
    Username,
    Password,
}

/// Where a security scheme puts its credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placement {
    /// `Authorization: Bearer <secret>`.
    Bearer,
    /// `Authorization: Basic <base64 of the secret>`, the secret being `username:password`.
    Basic,
    /// A header of this name.
    Header(&'static str),
    /// A query parameter of this name.
    Query(&'static str),
    /// A cookie of this name.
    Cookie(&'static str),
}

/// One configured credential: the security scheme it belongs to, where it goes, and its value.
#[derive(Debug, Clone)]
pub(crate) struct Credential {
    pub scheme: &'static str,
    pub placement: Placement,
    pub secret: Secret,
}

/// The credentials to send for an operation: the first alternative of its
/// security requirement that is fully configured; when none is, every
/// configured credential (the server then says what is missing).
pub(crate) fn select<'a>(credentials: &'a [Credential], requirement: &[&[&str]]) -> Vec<&'a Credential> {
    let configured = |scheme: &str| credentials.iter().any(|c| c.scheme == scheme);
    if requirement.is_empty() {
        return Vec::new();
    }
    match requirement.iter().find(|alternative| alternative.iter().all(|s| configured(s))) {
        Some(alternative) => credentials.iter().filter(|c| alternative.contains(&c.scheme)).collect(),
        None => credentials.iter().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn credential(scheme: &'static str) -> Credential {
        Credential { scheme, placement: Placement::Bearer, secret: Secret::new("s3cr3t") }
    }

    #[test]
    fn secrets_are_redacted() {
        let secret = Secret::new("s3cr3t");
        assert_eq!(format!("{secret:?} {secret}"), "Secret(***) ***");
        assert!(!format!("{:?}", credential("a")).contains("s3cr3t"));
    }

    #[test]
    fn first_satisfied_alternative_wins() {
        let configured = [credential("email"), credential("key"), credential("token")];
        let chosen = select(&configured, &[&["email", "key"], &["token"]]);
        assert_eq!(chosen.iter().map(|c| c.scheme).collect::<Vec<_>>(), ["email", "key"]);
        let chosen = select(&configured[2..], &[&["email", "key"], &["token"]]);
        assert_eq!(chosen.iter().map(|c| c.scheme).collect::<Vec<_>>(), ["token"]);
        assert!(select(&configured, &[]).is_empty());
    }
}
