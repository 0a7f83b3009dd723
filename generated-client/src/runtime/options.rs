//! Per-call settings: what a single call (or a `with_options` client) changes
//! on top of the client's defaults, including headers, query parameters and
//! body fields the spec does not list yet.

use std::borrow::Cow;
use std::time::Duration;

use serde_json::{Map, Value};

use crate::runtime::{Body, Error, Request};

/// The header an idempotency key travels in.
const IDEMPOTENCY_KEY: &str = "Idempotency-Key";

/// Settings for a call or a client: `RequestOptions::new().timeout(..).header("x-debug", "1")`.
/// Unset values fall back to the client's; headers, query parameters and body
/// fields add to what the operation sends (a header of the same name replaces it).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RequestOptions {
    /// Time allowed for one attempt; the default is 60 s.
    pub timeout: Option<Duration>,
    /// Retries after the first attempt; the default is 2.
    pub max_retries: Option<u32>,
    /// Extra headers, sent after the operation's own.
    pub headers: Vec<(String, String)>,
    /// Extra query parameters.
    pub query: Vec<(String, String)>,
    /// Extra top-level fields merged into the JSON body (a body is created when the operation has none).
    pub body_fields: Map<String, Value>,
    /// Sent as the `Idempotency-Key` header, so the server can tell a retry from a new request.
    pub idempotency_key: Option<String>,
}

impl RequestOptions {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = Some(retries);
        self
    }

    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// A JSON body field the spec does not declare (yet): `body_field("beta", json!(true))`.
    pub fn body_field(mut self, name: impl Into<String>, value: Value) -> Self {
        self.body_fields.insert(name.into(), value);
        self
    }

    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }

    /// These options with `over` on top: its settings win, its lists add.
    pub(crate) fn merged(&self, over: RequestOptions) -> RequestOptions {
        let mut merged = self.clone();
        merged.timeout = over.timeout.or(self.timeout);
        merged.max_retries = over.max_retries.or(self.max_retries);
        merged.headers.extend(over.headers);
        merged.query.extend(over.query);
        merged.body_fields.extend(over.body_fields);
        merged.idempotency_key = over.idempotency_key.or(merged.idempotency_key);
        merged
    }

    fn is_empty(&self) -> bool {
        self.headers.is_empty()
            && self.query.is_empty()
            && self.body_fields.is_empty()
            && self.idempotency_key.is_none()
    }

    /// The request as sent: with the extra headers, query parameters and body fields.
    pub(crate) fn apply<'r>(&self, request: &'r Request) -> Result<Cow<'r, Request>, Error> {
        if self.is_empty() {
            return Ok(Cow::Borrowed(request));
        }
        let mut request = request.clone();
        let key = self.idempotency_key.iter().map(|key| (IDEMPOTENCY_KEY.to_string(), key.clone()));
        for (name, value) in self.headers.iter().cloned().chain(key) {
            request.headers.retain(|(existing, _)| !existing.eq_ignore_ascii_case(&name));
            request.headers.push((name, value));
        }
        request.query.extend(self.query.iter().cloned());
        if !self.body_fields.is_empty() {
            let mut object = match &request.body {
                None => Map::new(),
                Some(Body::Json(bytes)) => match serde_json::from_slice(bytes) {
                    Ok(Value::Object(object)) => object,
                    _ => return Err(Error::Request("extra body fields need a JSON object body".into())),
                },
                Some(_) => return Err(Error::Request("extra body fields need a JSON body".into())),
            };
            object.extend(self.body_fields.clone());
            request = request.json(&object);
        }
        Ok(Cow::Owned(request))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::Method;

    #[test]
    fn extras_add_to_the_request() -> Result<(), Error> {
        let request =
            Request::new(Method::POST, "/x".into()).header("X-Mode", &"a").json(&serde_json::json!({"name": "n"}));
        let options =
            RequestOptions::new().header("x-mode", "b").query("debug", "1").body_field("beta", Value::Bool(true));
        let options = options.merged(RequestOptions::new().idempotency_key("k1"));
        let sent = options.apply(&request)?;
        assert_eq!(
            sent.headers,
            [("x-mode".to_string(), "b".to_string()), (IDEMPOTENCY_KEY.to_string(), "k1".to_string())]
        );
        assert_eq!(sent.query, [("debug".to_string(), "1".to_string())]);
        let Some(Body::Json(body)) = &sent.body else { panic!("expected a JSON body, got {:?}", sent.body) };
        assert_eq!(serde_json::from_slice::<Value>(body).ok(), Some(serde_json::json!({"beta": true, "name": "n"})));
        let text = Request::new(Method::POST, "/x".into()).text("plain");
        assert!(matches!(options.apply(&text), Err(Error::Request(_))));
        Ok(())
    }
}
