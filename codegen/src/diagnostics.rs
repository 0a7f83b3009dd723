//! Errors and warnings. Every one names the file and the JSON pointer it is about,
//! so a user can find the offending schema in a spec they did not write.

use std::fmt;
use std::sync::Arc;

/// Where in the input a diagnostic points: a spec file and a JSON pointer inside it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Location {
    /// The file as the user named it (or as a `$ref` reached it).
    pub file: Arc<str>,
    /// An RFC 6901 JSON pointer, `""` for the document root.
    pub pointer: String,
}

impl Location {
    pub fn new(file: Arc<str>, pointer: impl Into<String>) -> Self {
        Location { file, pointer: pointer.into() }
    }

    /// The location of a child member, escaping the key as RFC 6901 requires.
    pub fn child(&self, key: &str) -> Location {
        let mut pointer = String::with_capacity(self.pointer.len() + key.len() + 1);
        pointer.push_str(&self.pointer);
        pointer.push('/');
        push_pointer_token(&mut pointer, key);
        Location { file: self.file.clone(), pointer }
    }

    pub fn index(&self, i: usize) -> Location {
        Location { file: self.file.clone(), pointer: format!("{}/{i}", self.pointer) }
    }
}

/// One JSON-pointer token as the key it stands for: RFC 6901's `~1` is `/`,
/// `~0` is `~` (the inverse of [`push_pointer_token`]).
pub fn pointer_token(escaped: &str) -> String {
    escaped.replace("~1", "/").replace("~0", "~")
}

/// Appends `key` to `pointer` as one JSON-pointer token: `~` as `~0`, `/` as `~1`.
pub fn push_pointer_token(pointer: &mut String, key: &str) {
    for c in key.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

/// The JSON pointer of a path of keys (`["paths", "/a"]` → `/paths/~1a`).
pub fn pointer_of<'a>(keys: impl IntoIterator<Item = &'a str>) -> String {
    let mut pointer = String::new();
    for key in keys {
        pointer.push('/');
        push_pointer_token(&mut pointer, key);
    }
    pointer
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}", self.file, self.pointer)
    }
}

/// A problem the generator worked around; the message says which fallback it used.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    pub location: Location,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "warning: {}: {}", self.location, self.message)
    }
}

/// Why generation failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{file}: cannot read: {source}")]
    Io { file: String, source: std::io::Error },
    #[error("{file}:{line}:{column}: invalid {format}: {message}")]
    Parse { file: String, format: &'static str, line: usize, column: usize, message: String },
    #[error("{location}: {message}")]
    Invalid { location: Location, message: String },
    /// A problem with the configuration file: its line and dotted key.
    #[error("{file}:{line}: `{key}`: {message}")]
    Config { file: String, line: usize, key: String, message: String },
    /// An [`EmitOptions`](crate::EmitOptions) field the generator cannot honour.
    #[error("EmitOptions::{option}: {message}")]
    Option { option: &'static str, message: String },
    #[error("cannot format generated file {file}: {message}")]
    Format { file: String, message: String },
}

impl Error {
    pub fn invalid(location: &Location, message: impl Into<String>) -> Self {
        Error::Invalid { location: location.clone(), message: message.into() }
    }
}

/// Collects warnings across stages; kept sorted and de-duplicated on output.
#[derive(Debug, Default)]
pub struct Diagnostics {
    warnings: Vec<Warning>,
}

impl Diagnostics {
    pub fn warn(&mut self, location: &Location, message: impl Into<String>) {
        self.warnings.push(Warning { location: location.clone(), message: message.into() });
    }

    pub fn extend(&mut self, warnings: impl IntoIterator<Item = Warning>) {
        self.warnings.extend(warnings);
    }

    pub fn push(&mut self, warning: Warning) {
        self.warnings.push(warning);
    }

    pub fn into_sorted(mut self) -> Vec<Warning> {
        self.warnings.sort();
        self.warnings.dedup();
        self.warnings
    }
}
