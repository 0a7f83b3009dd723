//! Cloudflare-style response envelopes: `{success, errors, messages, result, result_info}`.
//! One generic type serves every operation.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

use super::lenient;
use super::model::fields;

/// One entry of an envelope's `errors[]` or `messages[]`.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiMessage {
    pub code: i64,
    pub message: String,
    pub documentation_url: Option<String>,
    pub source: Option<serde_json::Value>,
}

fields! {
    ApiMessage {
        code: i64 = "code" defaulted,
        message: String = "message" defaulted,
        documentation_url: Option<String> = "documentation_url" optional,
        source: Option<serde_json::Value> = "source" optional,
    }
    unknown keys skipped
}

/// Pagination facts of a list response.
#[derive(Clone, Default, PartialEq)]
pub struct ResultInfo {
    pub page: Option<f64>,
    pub per_page: Option<f64>,
    /// Items on this page.
    pub count: Option<f64>,
    pub total_count: Option<f64>,
    pub total_pages: Option<f64>,
    /// Cursor of the next page, for cursor-paginated lists.
    pub cursor: Option<String>,
    pub cursors: Option<Cursors>,
}

fields! {
    ResultInfo {
        page: Option<f64> = "page" optional,
        per_page: Option<f64> = "per_page" optional,
        count: Option<f64> = "count" optional,
        total_count: Option<f64> = "total_count" optional,
        total_pages: Option<f64> = "total_pages" optional,
        cursor: Option<String> = "cursor" optional,
        cursors: Option<Cursors> = "cursors" optional,
    }
    unknown keys skipped
}

#[derive(Clone, Default, PartialEq)]
pub struct Cursors {
    pub after: Option<String>,
    pub before: Option<String>,
}

fields! {
    Cursors {
        after: Option<String> = "after" optional,
        before: Option<String> = "before" optional,
    }
    unknown keys skipped
}

impl ResultInfo {
    /// The cursor to ask for the next page with, if the API gave one.
    pub fn next_cursor(&self) -> Option<&str> {
        self.cursor.as_deref().or(self.cursors.as_ref().and_then(|c| c.after.as_deref())).filter(|c| !c.is_empty())
    }
}

#[derive(Debug, Deserialize)]
#[serde(bound(deserialize = "T: DeserializeOwned"))]
pub(crate) struct Envelope<T> {
    #[serde(default = "yes", deserialize_with = "flag")]
    pub success: bool,
    #[serde(default, deserialize_with = "api_messages")]
    pub errors: Vec<ApiMessage>,
    #[serde(default, deserialize_with = "api_messages")]
    pub messages: Vec<ApiMessage>,
    #[serde(default = "none", deserialize_with = "result")]
    pub result: Option<T>,
}

/// The `result`; during a lenient read one that does not fit is its type's empty value (see
/// `lenient`), as the field of a model would be.
fn result<'de, D: Deserializer<'de>, T: DeserializeOwned>(deserializer: D) -> Result<Option<T>, D::Error> {
    if !lenient::recovering() {
        return Option::<T>::deserialize(deserializer);
    }
    let value = serde_json::Value::deserialize(deserializer)?;
    Ok(lenient::result_or_empty(&value))
}

/// An envelope with its `result` left as JSON text, for pages: their items are decoded from it
/// without a `serde_json::Value` of the whole body.
#[derive(Debug, Deserialize)]
pub(crate) struct EnvelopeParts<'a> {
    #[serde(default = "yes", deserialize_with = "flag")]
    pub success: bool,
    #[serde(default, deserialize_with = "api_messages")]
    pub errors: Vec<ApiMessage>,
    #[serde(default, deserialize_with = "api_messages")]
    pub messages: Vec<ApiMessage>,
    #[serde(default, borrow)]
    pub result: Option<&'a serde_json::value::RawValue>,
    #[serde(default)]
    pub result_info: Option<ResultInfo>,
}

/// Only the status part of an envelope: read when the full envelope does not decode,
/// so that `success: false` is still reported as the API error it is.
#[derive(Debug, Deserialize)]
pub(crate) struct EnvelopeStatus {
    #[serde(default = "yes", deserialize_with = "flag")]
    pub success: bool,
    #[serde(default, deserialize_with = "api_messages")]
    pub errors: Vec<ApiMessage>,
    #[serde(default, deserialize_with = "api_messages")]
    pub messages: Vec<ApiMessage>,
}

/// An entry of `errors[]` or `messages[]`: `{code, message}` as documented, or
/// a bare string, which some APIs send (Cloudflare R2's `messages`).
#[derive(Deserialize)]
#[serde(untagged)]
enum MessageOrText {
    Message(ApiMessage),
    Text(String),
}

/// `success` as a boolean, or as its text (`"true"`), which some of Cloudflare's
/// documented responses send: the envelope is the runtime's, not a model the
/// caller reads, so its flag is read for what it plainly says.
fn flag<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Flag {
        Bool(bool),
        Text(String),
    }
    match Flag::deserialize(deserializer)? {
        Flag::Bool(flag) => Ok(flag),
        Flag::Text(text) if text == "true" => Ok(true),
        Flag::Text(text) if text == "false" => Ok(false),
        Flag::Text(text) => Err(serde::de::Error::custom(format!("`success` is {text:?}, not a boolean"))),
    }
}

/// `errors[]`/`messages[]`; `null` is none.
fn api_messages<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<ApiMessage>, D::Error> {
    let entries = Option::<Vec<MessageOrText>>::deserialize(deserializer)?.unwrap_or_default();
    let message = |entry| match entry {
        MessageOrText::Message(message) => message,
        MessageOrText::Text(message) => ApiMessage { code: 0, message, documentation_url: None, source: None },
    };
    Ok(entries.into_iter().map(message).collect())
}

fn yes() -> bool {
    true
}

fn none<T>() -> Option<T> {
    None
}
