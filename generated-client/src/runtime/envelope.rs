//! Cloudflare-style response envelopes: `{success, errors, messages, result, result_info}`.
//! One generic type serves every operation.

use serde::{Deserialize, Serialize};

/// One entry of an envelope's `errors[]` or `messages[]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiMessage {
    #[serde(default)]
    pub code: i64,
    #[serde(default)]
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub documentation_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<serde_json::Value>,
}

/// Pagination facts of a list response.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ResultInfo {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_page: Option<f64>,
    /// Items on this page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_count: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_pages: Option<f64>,
    /// Cursor of the next page, for cursor-paginated lists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursors: Option<Cursors>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Cursors {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
}

impl ResultInfo {
    /// The cursor to ask for the next page with, if the API gave one.
    pub fn next_cursor(&self) -> Option<&str> {
        self.cursor
            .as_deref()
            .or(self.cursors.as_ref().and_then(|c| c.after.as_deref()))
            .filter(|c| !c.is_empty())
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct Envelope<T> {
    #[serde(default = "yes")]
    pub success: bool,
    #[serde(default)]
    pub errors: Vec<ApiMessage>,
    #[serde(default)]
    pub messages: Vec<ApiMessage>,
    #[serde(default = "none")]
    pub result: Option<T>,
    #[serde(default)]
    pub result_info: Option<ResultInfo>,
}

/// Only the status part of an envelope: read when the full envelope does not decode,
/// so that `success: false` is still reported as the API error it is.
#[derive(Debug, Deserialize)]
pub(crate) struct EnvelopeStatus {
    #[serde(default = "yes")]
    pub success: bool,
    #[serde(default)]
    pub errors: Vec<ApiMessage>,
    #[serde(default)]
    pub messages: Vec<ApiMessage>,
}

fn yes() -> bool {
    true
}

fn none<T>() -> Option<T> {
    None
}
