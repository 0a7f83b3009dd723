//! The client: configuration, and the one send path every call goes through
//! (options, authentication, middleware, timeouts, retries, error mapping).

use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::{Method, Url};

use crate::runtime::auth::{self, Credential};
use crate::runtime::decode::{self, Decoder, SNIPPET_LIMIT};
use crate::runtime::envelope::EnvelopeStatus;
use crate::runtime::error::snippet;
use crate::runtime::lenient::{self, Deviation};
use crate::runtime::middleware::{Decoded, Exchange, Middleware};
use crate::runtime::server::has_no_path;
use crate::runtime::{
    BasicHalf, Body, Call, Error, Placement, RawResponse, Request, RequestOptions, Secret, Security, Server, retry,
};

/// An API client. Cloning is cheap and shares the connection pool.
#[derive(Debug, Clone)]
pub struct Client {
    inner: Arc<Inner>,
    options: Arc<RequestOptions>,
}

struct Inner {
    http: reqwest::Client,
    settings: Settings,
}

/// What the builder collects and the client keeps.
#[derive(Clone)]
struct Settings {
    base_url: String,
    /// The user set `base_url`: every request goes there, those the spec serves
    /// from another server ([`Request::server`]) too.
    base_url_overridden: bool,
    /// The base URL the generated builder gave (the spec's first server, variables at their defaults).
    spec_base_url: String,
    /// The spec's server template, when its URL has variables (`https://{region}.example.com`).
    server: Option<Server>,
    /// Server variables the user set, by name.
    server_variables: Vec<(String, String)>,
    credentials: Vec<Credential>,
    /// Headers sent with every request (a version pin), unless the request has its own.
    headers: Vec<(String, String)>,
    default_security: Security,
    timeout: Duration,
    max_retries: u32,
    retry_backoff: Duration,
    /// A response that deviates from the spec fails to decode, instead of being read leniently.
    strict_decoding: bool,
    middleware: Vec<Arc<dyn Middleware>>,
    /// The key webhook events are signed with, to verify them (`webhooks` resource, `unwrap`).
    webhook_secret: Option<auth::Secret>,
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .field("middleware", &self.middleware.len())
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for Inner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.settings.fmt(f)
    }
}

/// Builds a [`Client`]. Get one from the generated `Client::builder()`.
#[derive(Clone)]
pub struct ClientBuilder {
    settings: Settings,
    user_agent: String,
    http: Option<reqwest::Client>,
}

impl std::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.settings.fmt(f)
    }
}

impl ClientBuilder {
    /// A builder with the spec's server and the runtime's defaults: 60 s timeout, 2 retries.
    pub fn new(base_url: &str, user_agent: &str) -> Self {
        ClientBuilder {
            settings: Settings {
                base_url: base_url.to_string(),
                spec_base_url: base_url.to_string(),
                base_url_overridden: false,
                server: None,
                server_variables: Vec::new(),
                credentials: Vec::new(),
                headers: Vec::new(),
                default_security: &[],
                timeout: Duration::from_secs(60),
                max_retries: 2,
                retry_backoff: Duration::from_millis(500),
                strict_decoding: false,
                middleware: Vec::new(),
                webhook_secret: None,
            },
            user_agent: user_agent.to_string(),
            http: None,
        }
    }

    /// Where requests go: every request, also those of operations the spec serves from
    /// another server (uploads), which otherwise go to theirs. For a proxy, a mock or staging;
    /// for another region of the spec's server, set its variable instead. When the spec's
    /// server is a path (`/api`), a URL without a path (`https://grafana.example.com`) gets it.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.settings.base_url = url.into();
        self.settings.base_url_overridden = true;
        self
    }

    /// The spec's server URL template, whose variables [`ClientBuilder::server_variable`] sets
    /// (the generated `Client::builder()` gives it).
    pub fn server(mut self, server: Server) -> Self {
        self.settings.server = Some(server);
        self
    }

    /// Sets a `{variable}` of the spec's server URLs (`region`), for the client's server and
    /// every operation's that uses it; checked against the values the spec allows at
    /// [`ClientBuilder::build`] (or at the call, for an operation's own server).
    pub fn server_variable(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.settings.server_variables.push((name.into(), value.into()));
        self
    }

    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.settings.timeout = timeout;
        self
    }

    pub fn max_retries(mut self, retries: u32) -> Self {
        self.settings.max_retries = retries;
        self
    }

    /// Fail a call whose response deviates from the spec with [`Error::Decode`], instead of
    /// reading it leniently and listing the deviations ([`Response::deviations`](crate::runtime::Response::deviations)).
    pub fn strict_decoding(mut self, strict: bool) -> Self {
        self.settings.strict_decoding = strict;
        self
    }

    /// The first retry's wait; each further retry doubles it (with jitter, capped at 8 s).
    pub fn retry_backoff(mut self, backoff: Duration) -> Self {
        self.settings.retry_backoff = backoff;
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

    /// Adds a hook called around every attempt (see [`Middleware`]).
    pub fn middleware(mut self, middleware: impl Middleware) -> Self {
        self.settings.middleware.push(Arc::new(middleware));
        self
    }

    /// Sets the credential of one security scheme. Generated methods named after
    /// the spec's schemes (e.g. `api_token`) call this.
    pub fn credential(mut self, scheme: &'static str, placement: Placement, secret: impl Into<String>) -> Self {
        self.settings.credentials.retain(|c| c.scheme != scheme);
        self.settings.credentials.push(Credential { scheme, placement, secret: Secret::new(secret) });
        self
    }

    /// One half of an HTTP basic credential, the other kept (a client option naming only the
    /// username or only the password).
    pub fn basic_half(self, scheme: &'static str, half: BasicHalf, value: impl Into<String>) -> Self {
        let current = self.settings.credentials.iter().find(|c| c.scheme == scheme).map(|c| c.secret.expose());
        let (username, password) = current.and_then(|secret| secret.split_once(':')).unwrap_or_default();
        let secret = match half {
            BasicHalf::Username => format!("{}:{password}", value.into()),
            BasicHalf::Password => format!("{username}:{}", value.into()),
        };
        self.credential(scheme, Placement::Basic, secret)
    }

    /// A header sent with every request (the API's version pin), unless a request sets its own.
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let name = name.into();
        self.settings.headers.retain(|(given, _)| !given.eq_ignore_ascii_case(&name));
        self.settings.headers.push((name, value.into()));
        self
    }

    /// The secret the API signs webhook events with (`whsec_…`), which the generated `unwrap`
    /// verifies them with.
    pub fn webhook_secret(mut self, secret: impl Into<String>) -> Self {
        self.settings.webhook_secret = Some(auth::Secret::new(secret));
        self
    }

    /// The security requirement of requests built with [`Client::get`] and friends
    /// (the spec's top-level `security`; the generated `Client::builder()` sets it).
    pub fn default_security(mut self, security: Security) -> Self {
        self.settings.default_security = security;
        self
    }

    pub fn has_credentials(&self) -> bool {
        !self.settings.credentials.is_empty()
    }

    pub fn build(self) -> Result<Client, Error> {
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .user_agent(self.user_agent)
                .build()
                .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?,
        };
        let mut settings = self.settings;
        // The spec's server may be a path on a host it does not name (`/api`): the user's URL
        // gives the host, and the path is added to a URL that has none.
        let spec_path = settings.spec_base_url.starts_with('/').then_some(&settings.spec_base_url);
        if settings.base_url_overridden {
            if let Some(path) = spec_path.filter(|_| has_no_path(&settings.base_url)) {
                settings.base_url = format!("{}{path}", settings.base_url.trim_end_matches('/'));
            }
        } else if let Some(path) = spec_path {
            return Err(Error::Config(format!(
                "the spec's server `{path}` is a path: set the host with `ClientBuilder::base_url` \
                 (e.g. `https://example.com`, to which `{path}` is added)"
            )));
        } else if let Some(server) = settings.server {
            settings.base_url = server.url(&settings.server_variables)?;
        }
        settings.base_url = settings.base_url.trim_end_matches('/').to_string();
        if settings.base_url.is_empty() {
            return Err(Error::Config(
                "no base URL: the spec names no server; set one with `ClientBuilder::base_url`".to_string(),
            ));
        }
        if !(settings.base_url.starts_with("http://") || settings.base_url.starts_with("https://")) {
            return Err(Error::Config(format!("the base URL `{}` is not an http(s) URL", settings.base_url)));
        }
        Ok(Client { inner: Arc::new(Inner { http, settings }), options: Arc::default() })
    }
}

/// What one attempt got: a whole response, or a 2xx one whose body is left to stream.
/// The timeout a request of `client` gets (its options', else the builder's). (Not a method:
/// see [`call::byte_stream`](crate::runtime::call).)
pub(crate) fn timeout_of(client: &Client) -> Duration {
    client.options.timeout.unwrap_or(client.inner.settings.timeout)
}

/// Decodes a call's `response` with `decode`, leniently unless the client is strict; the
/// deviations from the spec are logged (`tracing`) and shown to middleware. (Not a method: see
/// [`timeout_of`].)
pub(crate) fn decode_response<T>(
    client: &Client,
    request: &Request,
    response: &RawResponse,
    decode: Decoder<T>,
) -> Result<(T, Vec<Deviation>), Error> {
    let settings = &client.inner.settings;
    let (value, deviations) = lenient::scope(strict_decoding_of(client), || decode(client, request, response));
    let value = value?;
    if !deviations.is_empty() {
        #[cfg(feature = "tracing")]
        for deviation in &deviations {
            let (method, path) = (request.method.as_str(), request.path.as_str());
            tracing::warn!(method, path, status = response.status, %deviation, "the response deviates from the spec");
        }
        let decoded =
            Decoded { method: &request.method, path: &request.path, status: response.status, deviations: &deviations };
        for middleware in &settings.middleware {
            middleware.after_decode(&decoded);
        }
    }
    Ok((value, deviations))
}

/// Whether `client` decodes strictly (see [`ClientBuilder::strict_decoding`]). (Not a method:
/// see [`timeout_of`].)
pub(crate) fn strict_decoding_of(client: &Client) -> bool {
    client.inner.settings.strict_decoding
}

pub(crate) enum Received {
    Whole(RawResponse),
    Streaming(reqwest::Response),
}

impl Client {
    /// A client sharing this one's connection pool and credentials, with other
    /// defaults: `client.with_options(opts).user().tokens().verify()`.
    pub fn with_options(&self, options: RequestOptions) -> Client {
        Client { inner: self.inner.clone(), options: Arc::new(self.options.merged(options)) }
    }

    pub fn base_url(&self) -> &str {
        &self.inner.settings.base_url
    }

    /// The secret webhook events are verified with ([`ClientBuilder::webhook_secret`]).
    pub fn webhook_secret(&self) -> Option<&auth::Secret> {
        self.inner.settings.webhook_secret.as_ref()
    }

    /// An endpoint the spec does not describe: `client.get("/zones/x/new_thing").await?`
    /// gives the JSON (an envelope's `result`); `.decode::<T>()` types it. Same
    /// credentials, retries, timeouts and errors as every operation.
    pub fn request(&self, method: Method, path: &str) -> Call<serde_json::Value> {
        let path = if path.starts_with('/') { path.to_string() } else { format!("/{path}") };
        Call::new(self, Request::new(method, path).security(self.inner.settings.default_security), decode::any)
    }

    pub fn get(&self, path: &str) -> Call<serde_json::Value> {
        self.request(Method::GET, path)
    }

    pub fn post(&self, path: &str) -> Call<serde_json::Value> {
        self.request(Method::POST, path)
    }

    pub fn put(&self, path: &str) -> Call<serde_json::Value> {
        self.request(Method::PUT, path)
    }

    pub fn patch(&self, path: &str) -> Call<serde_json::Value> {
        self.request(Method::PATCH, path)
    }

    pub fn delete(&self, path: &str) -> Call<serde_json::Value> {
        self.request(Method::DELETE, path)
    }

    /// Sends a request, reading the whole 2xx body.
    pub(crate) async fn send(&self, request: &Request) -> Result<RawResponse, Error> {
        match self.exchange(request, false).await? {
            Received::Whole(response) => Ok(response),
            Received::Streaming(response) => {
                let (status, headers) = (response.status().as_u16(), response.headers().clone());
                let body = response.bytes().await.map_err(Error::from_transport)?;
                Ok(RawResponse { status, headers, body })
            }
        }
    }

    /// The one place requests go out: options, then attempts with retries.
    /// `streaming` leaves a 2xx body unread.
    pub(crate) async fn exchange(&self, request: &Request, streaming: bool) -> Result<Received, Error> {
        request.check()?;
        let request = self.options.apply(request)?;
        let settings = &self.inner.settings;
        let timeout = timeout_of(self);
        let max_retries = self.options.max_retries.unwrap_or(settings.max_retries);
        let mut attempt = 0;
        loop {
            let outcome = self.attempt(&request, timeout, attempt, streaming).await?;
            let retries_left = attempt < max_retries;
            let wait = match outcome {
                Ok(Received::Whole(response)) if !request.answered_by(response.status) => {
                    if !(retries_left && retry::is_retryable_status(response.status)) {
                        return Err(api_error(&request, &response));
                    }
                    retry::retry_after(&response.headers)
                        .unwrap_or_else(|| retry::backoff(settings.retry_backoff, attempt))
                }
                Ok(received) => return Ok(received),
                Err(error) => {
                    // A body cut off mid-way surfaces as a decode error wrapping the body error.
                    let retryable = error.is_timeout()
                        || error.is_connect()
                        || error.is_request()
                        || error.is_body()
                        || error.is_decode();
                    if !(retries_left && retryable) {
                        return Err(if error.is_timeout() {
                            Error::Timeout(timeout)
                        } else {
                            Error::from_transport(error)
                        });
                    }
                    retry::backoff(settings.retry_backoff, attempt)
                }
            };
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    /// One attempt. The outer error stops the call; the inner one may be retried.
    async fn attempt(
        &self,
        request: &Request,
        timeout: Duration,
        attempt: u32,
        streaming: bool,
    ) -> Result<Result<Received, reqwest::Error>, Error> {
        let middlewares = &self.inner.settings.middleware;
        let mut http_request = self.http_request(request, timeout)?;
        for middleware in middlewares {
            middleware.before_send(&mut http_request)?;
        }
        let observed = (!middlewares.is_empty() || cfg!(feature = "tracing"))
            .then(|| (http_request.method().clone(), http_request.url().clone()));
        let started = Instant::now();
        let outcome = self.inner.http.execute(http_request).await;
        // Known even when reading the body fails afterwards.
        let status = outcome.as_ref().ok().map(|response| response.status().as_u16());
        let received = match outcome {
            Ok(response) if streaming && response.status().is_success() => Ok(Received::Streaming(response)),
            Ok(response) => {
                let status = response.status().as_u16();
                let headers = response.headers().clone();
                response.bytes().await.map(|body| Received::Whole(RawResponse { status, headers, body }))
            }
            Err(error) => Err(error),
        };
        if let Some((method, url)) = &observed {
            let (headers, body) = match &received {
                Ok(Received::Whole(response)) => (Some(&response.headers), Some(&response.body[..])),
                Ok(Received::Streaming(response)) => (Some(response.headers()), None),
                Err(_) => (None, None),
            };
            let exchange = Exchange {
                method,
                url,
                attempt,
                elapsed: started.elapsed(),
                status,
                headers,
                body,
                error: received.as_ref().err(),
            };
            #[cfg(feature = "tracing")]
            log_exchange(&exchange);
            for middleware in middlewares {
                middleware.after_receive(&exchange);
            }
        }
        Ok(received)
    }

    /// The request as reqwest sends it, with credentials in place.
    fn http_request(&self, request: &Request, timeout: Duration) -> Result<reqwest::Request, Error> {
        let settings = &self.inner.settings;
        let url = target(settings, request)?;
        let mut builder = self.inner.http.request(request.method.clone(), url);
        if !request.idle_timeout {
            builder = builder.timeout(timeout);
        }
        let mut query: Vec<(&str, &str)> = request.query.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        // One `Cookie` header for the operation's cookies and the credentials' (reqwest's
        // `header` adds a second one, which servers read as they like).
        let mut cookies: Vec<String> = Vec::new();
        for (name, value) in &request.headers {
            if name.eq_ignore_ascii_case("cookie") {
                cookies.push(value.clone());
            }
        }
        for credential in auth::select(&settings.credentials, request.security) {
            let secret = credential.secret.expose();
            builder = match &credential.placement {
                Placement::Bearer => builder.bearer_auth(secret),
                Placement::Basic => {
                    let (username, password) = secret.split_once(':').unwrap_or((secret, ""));
                    builder.basic_auth(username, Some(password))
                }
                Placement::Header(name) => builder.header(*name, secret),
                Placement::Query(name) => {
                    // A next page's URL may carry the credential already: it is sent once.
                    if request.url.is_some() {
                        query.retain(|(given, _)| given != name);
                    }
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
        for (name, value) in request.headers.iter().filter(|(name, _)| !name.eq_ignore_ascii_case("cookie")) {
            builder = builder.header(name.as_str(), value.as_str());
        }
        let own = |name: &str| request.headers.iter().any(|(given, _)| given.eq_ignore_ascii_case(name));
        for (name, value) in settings.headers.iter().filter(|(name, _)| !own(name)) {
            builder = builder.header(name.as_str(), value.as_str());
        }
        if !cookies.is_empty() {
            builder = builder.header(reqwest::header::COOKIE, cookies.join("; "));
        }
        // A `Content-Type` the caller set (`RequestOptions::header`) names the body's media type:
        // another of those the operation offers in the same kind (`text/x-markdown`).
        let typed = request.headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("content-type"));
        let content_type = |builder: reqwest::RequestBuilder, value: &str| match typed {
            true => builder,
            false => builder.header(reqwest::header::CONTENT_TYPE, value),
        };
        builder = match &request.body {
            Some(Body::Json(bytes)) => content_type(builder, "application/json").body(bytes.clone()),
            Some(Body::Bytes { content_type: given, data }) => content_type(builder, given).body(data.clone()),
            Some(Body::Text(text)) => content_type(builder, "text/plain").body(text.clone()),
            Some(Body::File { content_type: given, file }) => {
                let (body, length) = file.body()?;
                let builder = content_type(builder, given);
                let builder = match length {
                    Some(length) => builder.header(reqwest::header::CONTENT_LENGTH, length),
                    None => builder,
                };
                builder.body(body)
            }
            // reqwest sends an empty form as no body at all; servers read a body without parts as
            // the form with no fields (what the hand-written encoding sent before).
            Some(Body::Multipart(parts)) if parts.is_empty() => builder
                .header(reqwest::header::CONTENT_TYPE, "multipart/form-data; boundary=generated-client-empty-form")
                .body("--generated-client-empty-form--\r\n"),
            Some(Body::Multipart(parts)) => {
                let mut form = reqwest::multipart::Form::new();
                for part in parts {
                    form = form.part(part.name.clone(), part.to_reqwest()?);
                }
                builder.multipart(form)
            }
            None => builder,
        };
        // Only the kind of problem is reported: the URL may carry a credential.
        builder.build().map_err(|error| Error::Request(format!("cannot build the request: {}", error.without_url())))
    }
}

/// Where a request goes, without its query: a next page's URL the API gave, else the
/// operation's server (unless the user set the base URL) or the base URL, plus the path.
/// (Free functions, not methods: generated code adds methods to `Client`, whose names must not clash.)
fn target(settings: &Settings, request: &Request) -> Result<String, Error> {
    Ok(match (&request.url, request.server) {
        (Some(url), _) => url.to_string(),
        (None, Some(server)) if !settings.base_url_overridden => {
            format!("{}{}", server.url(&settings.server_variables)?, request.path)
        }
        _ => format!("{}{}", settings.base_url, request.path),
    })
}

/// The URL `client` sends a request to, with its query but not the credentials: what a next page's
/// URL is resolved against.
pub(crate) fn request_url(client: &Client, request: &Request) -> Result<Url, Error> {
    let mut url = Url::parse(&target(&client.inner.settings, request)?)
        .map_err(|error| Error::Request(format!("the request's URL does not parse: {error}")))?;
    if !request.query.is_empty() {
        url.query_pairs_mut().extend_pairs(&request.query);
    }
    Ok(url)
}

/// A non-2xx response: the envelope's `errors[]` when the body has them, else the
/// start of the body; plus the body as the operation's documented error type.
fn api_error(request: &Request, response: &RawResponse) -> Error {
    let (status, body) = (response.status, &response.body[..]);
    let typed = request.typed_error_body(status, body);
    match serde_json::from_slice::<EnvelopeStatus>(body) {
        Ok(envelope) if !envelope.errors.is_empty() || !envelope.messages.is_empty() => {
            Error::Api { status, errors: envelope.errors, messages: envelope.messages, body: None, typed }
        }
        _ => Error::Api {
            status,
            errors: Vec::new(),
            messages: Vec::new(),
            body: (!body.is_empty()).then(|| snippet(body, SNIPPET_LIMIT)),
            typed,
        },
    }
}

#[cfg(feature = "tracing")]
fn log_exchange(exchange: &Exchange<'_>) {
    // The method, path and status only: credentials live in headers and the query, never logged.
    let latency_ms = exchange.elapsed.as_millis() as u64;
    let (method, path, attempt) = (exchange.method.as_str(), exchange.url.path(), exchange.attempt);
    match (exchange.status, exchange.error) {
        (Some(status), None) => tracing::debug!(method, path, status, attempt, latency_ms, "request"),
        (status, error) => tracing::debug!(
            method,
            path,
            status,
            timeout = error.is_some_and(reqwest::Error::is_timeout),
            connect = error.is_some_and(reqwest::Error::is_connect),
            attempt,
            latency_ms,
            "request failed"
        ),
    }
}
