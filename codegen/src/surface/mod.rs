//! The generated crate's public API as data: every operation's call and
//! signature, every type's name and what a user's code can touch of it
//! (fields, values, variants, alias targets). Emission writes it
//! (`api.json`, with [`crate::EmitOptions::surface`]) from the same type
//! printing as the code, and [`diff`] compares two of them: what a
//! regeneration changed, and whether users' code can break.

mod diff;
mod rust_type;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use diff::{Change, Report, Verdict, diff, drift};
pub use rust_type::RustType;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Surface {
    /// `GET /user/tokens` → its method.
    pub operations: BTreeMap<String, OperationApi>,
    /// Rust name → the type (aliases included).
    pub types: BTreeMap<String, TypeApi>,
    /// Headers the client sends for every operation that declares them (a version pin, a
    /// credential header made a security scheme): no call takes them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub client_headers: Vec<String>,
    /// The methods parsing the events the API posts to its users' servers, by method name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub webhooks: BTreeMap<String, OperationApi>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OperationApi {
    /// `client.user().tokens().delete`.
    pub call: String,
    /// Argument name and type, in order (`token_id: &str`, `params: &UserTokensListParams`).
    pub args: Vec<(String, RustType)>,
    /// What awaiting the call gives.
    pub returns: RustType,
    /// The server the operation is called on when it is not the client's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server: Option<String>,
    /// The body's media type, when the operation offers it in several kinds (a method each).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_media: Option<String>,
    /// Media types of the body's kind the method sends when the caller sets `Content-Type`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also_as: Vec<String>,
    /// The operation's test in the crate's `tests/operations.rs`, when it has them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test: Option<String>,
    /// How a paged operation finds its next page: the scheme and what said so
    /// (`next_cursor (inferred: next cursor)`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paging: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeApi {
    /// A struct with public fields (a model, or an operation's parameters).
    Struct { fields: BTreeMap<String, FieldApi> },
    /// An open string enum: its values (JSON) → variant names.
    Enum { values: BTreeMap<String, String> },
    /// A union or an operation's several responses: variant name → its payload type, if any.
    Union { variants: BTreeMap<String, Option<RustType>> },
    /// `pub type Name = target;`
    Alias { target: RustType },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldApi {
    /// The JSON key, or the parameter's name.
    pub json: String,
    /// The field's Rust type as declared (`Option<Vec<Token>>`).
    pub ty: RustType,
}

impl Surface {
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    pub fn from_json(text: &str) -> Result<Surface, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }

    /// The struct, enum or union a name stands for, through aliases (a chain, at most a few long).
    fn resolve<'s>(&'s self, name: &'s str) -> Option<&'s str> {
        let mut current = name;
        for _ in 0..8 {
            match self.types.get(current)? {
                TypeApi::Alias { target } => match target.as_name() {
                    Some(target) if self.types.contains_key(target) => current = target,
                    _ => return Some(current),
                },
                _ => return Some(current),
            }
        }
        Some(current)
    }
}
