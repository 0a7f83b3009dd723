//! The client: configuration, and the one send/decode path every operation uses
//! (authentication, timeouts, retries with backoff, error mapping, decoding).

use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use crate::runtime::auth::{self, Credential};
use crate::runtime::envelope::{Envelope, EnvelopeStatus};
use crate::runtime::error::snippet;
use crate::runtime::{retry, Body, Error, Page, Placement, Request, Response, ResultInfo, Secret};

const SNIPPET_LIMIT: usize = 512;

/// Per-client defaults that a single call can override (see [`Client::with_options`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestOptions {
    /// Time allowed for one attempt; the default is 60 s.
    pub timeout: Option<Duration>,
    /// Retries after the first attempt; the default is 2.
    pub max_retries: Option<u32>,
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
}

/// An API client. Cloning is cheap and shares the connection pool.
#[derive(Debug, Clone)]
pub struct Client {
    inner: Arc<Inner>,
    options: RequestOptions,
}

#[derive(Debug)]
struct Inner {
    http: reqwest::Client,
    base_url: String,
    credentials: Vec<Credential>,
    timeout: Duration,
    max_retries: u32,
    retry_backoff: Duration,
}

/// Builds a [`Client`]. Get one from the generated `Client::builder()`.
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    base_url: String,
    credentials: Vec<Credential>,
    timeout: Duration,
    max_retries: u32,
    retry_backoff: Duration,
    user_agent: String,
    http: Option<reqwest::Client>,
}

impl ClientBuilder {
    /// A builder with the spec's server and the runtime's defaults: 60 s timeout, 2 retries.
    pub fn new(base_url: &str, user_agent: &str) -> Self {
        ClientBuilder {
            base_url: base_url.to_string(),
            credentials: Vec::new(),
            timeout: Duration::from_secs(60),
            max_retries: 2,
            retry_backoff: Duration::from_millis(500),
            user_agent: user_agent.to_string(),
            http: None,
        }
    }

    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// The first retry's wait; each further retry doubles it (with jitter, capped at 8 s).
    pub fn retry_backoff(mut self, backoff: Duration) -> Self {
        self.retry_backoff = backoff;
        self
    }

    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Use this `reqwest::Client` (proxies, TLS settings, connection pool). Its own
    /// user agent is kept; the builder's timeout still applies per request.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Sets the credential of one security scheme. Generated methods named after
    /// the spec's schemes (e.g. `api_token`) call this.
    pub fn credential(mut self, scheme: &'static str, placement: Placement, secret: impl Into<String>) -> Self {
        self.credentials.retain(|c| c.scheme != scheme);
        self.credentials.push(Credential { scheme, placement, secret: Secret::new(secret) });
        self
    }

    pub fn has_credentials(&self) -> bool {
        !self.credentials.is_empty()
    }

    pub fn build(self) -> Result<Client, Error> {
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .user_agent(self.user_agent)
                .build()
                .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?,
        };
        let base_url = self.base_url.trim_end_matches('/').to_string();
        if !(base_url.starts_with("http://") || base_url.starts_with("https://")) {
            return Err(Error::Config(format!("the base URL `{base_url}` is not an http(s) URL")));
        }
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                credentials: self.credentials,
                timeout: self.timeout,
                max_retries: self.max_retries,
                retry_backoff: self.retry_backoff,
            }),
            options: RequestOptions::default(),
        })
    }
}

/// A 2xx response with its body read.
pub(crate) struct Raw {
    status: u16,
    headers: HeaderMap,
    body: Bytes,
}

impl Client {
    /// A client sharing this one's connection pool and credentials, with other
    /// defaults for timeout and retries: `client.with_options(opts).user().tokens().verify()`.
    pub fn with_options(&self, options: RequestOptions) -> Client {
        let merged = RequestOptions {
            timeout: options.timeout.or(self.options.timeout),
            max_retries: options.max_retries.or(self.options.max_retries),
        };
        Client { inner: self.inner.clone(), options: merged }
    }

    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Sends a request and decodes a JSON body as `T`.
    pub async fn send_json<T: DeserializeOwned>(&self, request: Request) -> Result<Response<T>, Error> {
        let raw = self.send(request).await?;
        let value = decode::<T>(raw.status, &raw.body)?;
        Ok(Response::new(raw.status, raw.headers, value))
    }

    /// Sends a request whose response is an envelope and returns its `result`, which must be present.
    pub async fn send_envelope<T: DeserializeOwned>(&self, request: Request) -> Result<Response<T>, Error> {
        let (response, _) = self.envelope::<T>(request).await?;
        let status = response.status();
        response.transpose().ok_or_else(|| Error::Decode {
            status,
            path: "result".into(),
            message: "the result is missing or null".into(),
            snippet: String::new(),
        })
    }

    /// For envelopes whose `result` carries nothing (`null`): success or the API's error.
    pub async fn send_envelope_unit(&self, request: Request) -> Result<Response<()>, Error> {
        Ok(self.envelope::<serde_json::Value>(request).await?.0.map(|_| ()))
    }

    /// Like [`Client::send_envelope`] for results the spec allows to be `null`.
    pub async fn send_envelope_nullable<T: DeserializeOwned>(&self, request: Request) -> Result<Response<Option<T>>, Error> {
        Ok(self.envelope::<T>(request).await?.0)
    }

    /// Sends a list request and returns its first page; the page can fetch the following ones.
    pub async fn send_page<T: DeserializeOwned>(&self, request: Request) -> Result<Page<T>, Error> {
        let (response, result_info) = self.envelope::<Vec<T>>(request.clone()).await?;
        Ok(Page::new(self.clone(), request, response.into_inner().unwrap_or_default(), result_info))
    }

    /// Sends a request and ignores the body.
    pub async fn send_empty(&self, request: Request) -> Result<Response<()>, Error> {
        let raw = self.send(request).await?;
        Ok(Response::new(raw.status, raw.headers, ()))
    }

    /// Sends a request and returns the body as bytes.
    pub async fn send_bytes(&self, request: Request) -> Result<Response<Bytes>, Error> {
        let raw = self.send(request).await?;
        Ok(Response::new(raw.status, raw.headers, raw.body))
    }

    /// Sends a request and returns the body as text.
    pub async fn send_text(&self, request: Request) -> Result<Response<String>, Error> {
        let raw = self.send(request).await?;
        let text = String::from_utf8_lossy(&raw.body).into_owned();
        Ok(Response::new(raw.status, raw.headers, text))
    }

    async fn envelope<T: DeserializeOwned>(&self, request: Request) -> Result<(Response<Option<T>>, Option<ResultInfo>), Error> {
        let raw = self.send(request).await?;
        let envelope = match decode::<Envelope<T>>(raw.status, &raw.body) {
            Ok(envelope) => envelope,
            Err(error) => {
                // A `success: false` envelope with an unexpected `result` is still an API error.
                if let Ok(status) = serde_json::from_slice::<EnvelopeStatus>(&raw.body)
                    && !status.success
                {
                    return Err(Error::Api { status: raw.status, errors: status.errors, messages: status.messages, body: None });
                }
                return Err(error);
            }
        };
        if !envelope.success {
            return Err(Error::Api { status: raw.status, errors: envelope.errors, messages: envelope.messages, body: None });
        }
        Ok((Response::new(raw.status, raw.headers, envelope.result), envelope.result_info))
    }

    /// The one place requests go out: credentials, timeout, retries.
    pub(crate) async fn send(&self, request: Request) -> Result<Raw, Error> {
        let inner = &self.inner;
        let timeout = self.options.timeout.unwrap_or(inner.timeout);
        let max_retries = self.options.max_retries.unwrap_or(inner.max_retries);
        let mut attempt = 0;
        loop {
            let started = Instant::now();
            let outcome = self.attempt(&request, timeout).await;
            let retries_left = attempt < max_retries;
            #[cfg(feature = "tracing")]
            log_attempt(&request, &outcome, attempt, started.elapsed());
            let _ = started;
            let wait = match outcome {
                Ok(raw) if (200..300).contains(&raw.status) => return Ok(raw),
                Ok(raw) => {
                    if !(retries_left && retry::is_retryable_status(raw.status)) {
                        return Err(api_error(raw.status, &raw.body));
                    }
                    retry::retry_after(&raw.headers).unwrap_or_else(|| retry::backoff(inner.retry_backoff, attempt))
                }
                Err(error) => {
                    let retryable = error.is_timeout() || error.is_connect() || error.is_request() || error.is_body();
                    if !(retries_left && retryable) {
                        return Err(if error.is_timeout() { Error::Timeout(timeout) } else { Error::Transport(error.without_url()) });
                    }
                    retry::backoff(inner.retry_backoff, attempt)
                }
            };
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    async fn attempt(&self, request: &Request, timeout: Duration) -> Result<Raw, reqwest::Error> {
        let inner = &self.inner;
        let url = format!("{}{}", inner.base_url, request.path);
        let mut builder = inner.http.request(request.method.clone(), url).timeout(timeout);
        let mut query: Vec<(&str, &str)> = request.query.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let mut cookies = Vec::new();
        for credential in auth::select(&inner.credentials, request.security) {
            let secret = credential.secret.expose();
            builder = match &credential.placement {
                Placement::Bearer => builder.bearer_auth(secret),
                Placement::Header(name) => builder.header(*name, secret),
                Placement::Query(name) => {
                    query.push((name, secret));
                    builder
                }
                Placement::Cookie(name) => {
                    cookies.push(format!("{name}={secret}"));
                    builder
                }
            };
        }
        if !query.is_empty() {
            builder = builder.query(&query);
        }
        for (name, value) in &request.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        if !cookies.is_empty() {
            builder = builder.header(reqwest::header::COOKIE, cookies.join("; "));
        }
        builder = match &request.body {
            Some(Body::Json(bytes)) => builder.header(reqwest::header::CONTENT_TYPE, "application/json").body(bytes.clone()),
            Some(Body::Bytes { content_type, data }) => builder.header(reqwest::header::CONTENT_TYPE, content_type.as_str()).body(data.clone()),
            Some(Body::Text(text)) => builder.header(reqwest::header::CONTENT_TYPE, "text/plain").body(text.clone()),
            None => builder,
        };
        let response = builder.send().await?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.bytes().await?;
        Ok(Raw { status, headers, body })
    }
}

/// A non-2xx response: the envelope's `errors[]` when the body has them, else the start of the body.
fn api_error(status: u16, body: &[u8]) -> Error {
    match serde_json::from_slice::<EnvelopeStatus>(body) {
        Ok(envelope) if !envelope.errors.is_empty() || !envelope.messages.is_empty() => {
            Error::Api { status, errors: envelope.errors, messages: envelope.messages, body: None }
        }
        _ => Error::Api { status, errors: Vec::new(), messages: Vec::new(), body: (!body.is_empty()).then(|| snippet(body, SNIPPET_LIMIT)) },
    }
}

/// JSON → `T`, naming the JSON path that failed.
fn decode<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<T, Error> {
    let deserializer = &mut serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let message = error.inner().to_string();
        let mut path = error.path().to_string();
        // serde reports a missing field at the object that lacks it; name the field itself.
        if let Some(field) = message.strip_prefix("missing field `").and_then(|rest| rest.split('`').next()) {
            path = if path == "." { field.to_string() } else { format!("{path}.{field}") };
        }
        Error::Decode { status, path, message, snippet: snippet(body, SNIPPET_LIMIT) }
    })
}

#[cfg(feature = "tracing")]
fn log_attempt(request: &Request, outcome: &Result<Raw, reqwest::Error>, attempt: u32, latency: Duration) {
    // The path and status only: credentials live in headers and are never logged.
    match outcome {
        Ok(raw) => tracing::debug!(method = %request.method, path = %request.path, status = raw.status, attempt, latency_ms = latency.as_millis() as u64, "request"),
        Err(error) => tracing::debug!(
            method = %request.method,
            path = %request.path,
            timeout = error.is_timeout(),
            connect = error.is_connect(),
            attempt,
            latency_ms = latency.as_millis() as u64,
            "request failed"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Item {
        id: String,
        name: String,
    }

    fn decode_path(body: &str) -> String {
        match decode::<Envelope<Vec<Item>>>(200, body.as_bytes()) {
            Err(Error::Decode { path, .. }) => path,
            other => panic!("expected a decode error, got {other:?}"),
        }
    }

    #[test]
    fn decode_errors_name_the_field() {
        assert_eq!(decode_path(r#"{"result":[{"id":"a","name":"b"},{"id":"c"}]}"#), "result[1].name");
        assert_eq!(decode_path(r#"{"result":[{"id":1,"name":"b"}]}"#), "result[0].id");
        assert!(matches!(decode::<Item>(200, br#"{"id":"a"}"#), Err(Error::Decode { path, .. }) if path == "name"));
    }
}
