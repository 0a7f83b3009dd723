//! A hook around every attempt, for tracing, metrics or custom request signing.

use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::{Method, Url};

use crate::runtime::{Deviation, Error};

/// Called around every attempt of every call (retries included), in the order
/// the middleware was added with [`ClientBuilder::middleware`](crate::runtime::ClientBuilder::middleware).
pub trait Middleware: Send + Sync + 'static {
    /// Just before sending, with credentials and body in place: add headers,
    /// sign the request. An error stops the call (it is not retried).
    fn before_send(&self, request: &mut reqwest::Request) -> Result<(), Error> {
        let _ = request;
        Ok(())
    }

    /// After the attempt, with its outcome.
    fn after_receive(&self, exchange: &Exchange<'_>) {
        let _ = exchange;
    }

    /// After a response decoded only leniently: what in it deviates from the spec. Called once per
    /// response that has deviations (a page's own included), not for those that conform.
    fn after_decode(&self, decoded: &Decoded<'_>) {
        let _ = decoded;
    }
}

/// A decoded response that deviates from the spec, as middleware sees it.
#[derive(Debug)]
pub struct Decoded<'a> {
    pub method: &'a Method,
    /// The request's path below the base URL.
    pub path: &'a str,
    pub status: u16,
    pub deviations: &'a [Deviation],
}

/// One attempt as middleware sees it afterwards.
#[derive(Debug)]
pub struct Exchange<'a> {
    pub method: &'a Method,
    pub url: &'a Url,
    /// 0 for the first attempt, 1 for the first retry, …
    pub attempt: u32,
    pub elapsed: Duration,
    /// The response status and headers, or `None` when no response came (see `error`).
    pub status: Option<u16>,
    pub headers: Option<&'a HeaderMap>,
    /// The response body, when it was read whole (every response but a streamed 2xx one).
    pub body: Option<&'a [u8]>,
    /// Why no response came, or why its body could not be read.
    pub error: Option<&'a reqwest::Error>,
}
