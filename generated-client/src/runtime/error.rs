//! The one error type of every call.

use std::any::Any;
use std::fmt::{self, Debug};
use std::time::Duration;

use crate::runtime::ApiMessage;

/// Why a call failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The API answered with a non-2xx status, or with `success: false`.
    #[error("API error (HTTP {status}){}", describe(errors, body))]
    Api {
        status: u16,
        /// The API's `errors[]`, with their codes.
        errors: Vec<ApiMessage>,
        messages: Vec<ApiMessage>,
        /// The start of the body when it was not an API envelope (e.g. an HTML error page).
        body: Option<String>,
        /// The body decoded as the error type the operation documents for this status
        /// (read it with [`Error::typed_body`]).
        typed: Option<ErrorBody>,
    },
    /// A 2xx response whose body does not match the expected type.
    #[error("cannot decode the response (HTTP {status}) at `{path}`: {message}; the body starts with: {snippet}")]
    Decode {
        status: u16,
        /// The JSON path that failed, e.g. `result.policies[0].effect`.
        path: String,
        message: String,
        /// A bounded start of the body.
        snippet: String,
    },
    /// No response within the timeout (after any retries).
    #[error("the request timed out after {0:?}")]
    Timeout(Duration),
    /// The connection failed or broke (after any retries).
    #[error("transport error: {0}")]
    Transport(#[source] reqwest::Error),
    /// The request could not be built (e.g. a body that does not serialize).
    #[error("invalid request: {0}")]
    Request(String),
    /// The client is misconfigured (e.g. no credentials in the environment).
    #[error("configuration error: {0}")]
    Config(String),
    /// The pages of a list do not lead on: a next-page value repeats an earlier page's (the walk
    /// would never end), a next URL points to another host, or the request cannot carry the value.
    #[error("pagination error: {message}")]
    Pagination { message: String },
    /// A stream's server sent an `error` event (its data as it came), ending the stream.
    #[error("the stream sent an `{event}` event: {data}")]
    Stream { event: String, data: String },
    /// A webhook event was refused (no valid signature, too old) or does not parse.
    #[error("webhook: {0}")]
    Webhook(String),
}

impl Error {
    pub(crate) fn api(status: u16, errors: Vec<ApiMessage>, messages: Vec<ApiMessage>) -> Error {
        Error::Api { status, errors, messages, body: None, typed: None }
    }

    /// A failed connection or body, without the URL (it may carry a credential).
    pub(crate) fn from_transport(error: reqwest::Error) -> Error {
        Error::Transport(error.without_url())
    }

    /// The error body as the operation's documented error type `E`, when it decoded as one:
    /// `error.typed_body::<types::Error>()`.
    pub fn typed_body<E: Any>(&self) -> Option<&E> {
        match self {
            Error::Api { typed: Some(typed), .. } => (*typed.0).as_any().downcast_ref(),
            _ => None,
        }
    }

    /// The HTTP status, for API and decode errors.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } | Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The API's `errors[]` (empty for other kinds of error).
    pub fn api_errors(&self) -> &[ApiMessage] {
        match self {
            Error::Api { errors, .. } => errors,
            _ => &[],
        }
    }
}

fn describe(errors: &[ApiMessage], body: &Option<String>) -> String {
    if !errors.is_empty() {
        let list: Vec<String> = errors.iter().map(|e| format!("{} {}", e.code, e.message)).collect();
        return format!(": {}", list.join("; "));
    }
    body.as_ref().map(|b| format!(": {b}")).unwrap_or_default()
}

/// At most `limit` characters of a body, for error messages.
pub(crate) fn snippet(body: &[u8], limit: usize) -> String {
    let text = String::from_utf8_lossy(body);
    let mut out: String = text.chars().take(limit).collect();
    if text.chars().count() > limit {
        out.push('…');
    }
    out
}

/// An error response's body, decoded as the type the spec documents for it.
pub struct ErrorBody(Box<dyn Payload>);

impl ErrorBody {
    pub(crate) fn new<E: Debug + Send + Sync + 'static>(value: E) -> Self {
        ErrorBody(Box::new(value))
    }
}

impl Debug for ErrorBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

trait Payload: Debug + Send + Sync {
    fn as_any(&self) -> &dyn Any;
}

impl<T: Debug + Send + Sync + 'static> Payload for T {
    fn as_any(&self) -> &dyn Any {
        self
    }
}
