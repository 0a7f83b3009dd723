//! One call of an operation, not yet sent. `.await` it for the decoded value;
//! or first add options, or ask for the response with status and headers, the
//! raw body, or a byte stream.

use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_core::Stream;
use reqwest::header::HeaderMap;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::runtime::client::{Received, decode_response};
use crate::runtime::decode::{self, Decoder};
use crate::runtime::{Client, Error, Page, PageCursor, RawResponse, Request, RequestOptions, Response, pagination};

/// A call ready to send: `client.user().tokens().get(id).await?`.
#[must_use = "a call does nothing until it is awaited"]
#[derive(Debug)]
pub struct Call<T> {
    client: Client,
    request: Request,
    decode: Decoder<T>,
}

impl<T> Call<T> {
    pub fn new(client: &Client, request: Request, decode: Decoder<T>) -> Self {
        Call { client: client.clone(), request, decode }
    }

    /// Options for this call only, on top of the client's: timeout, retries,
    /// extra headers, query parameters and body fields, an idempotency key.
    pub fn options(mut self, options: RequestOptions) -> Self {
        self.client = self.client.with_options(options);
        self
    }

    /// A JSON body, for requests built with [`Client::post`] and friends.
    pub fn body<B: Serialize + ?Sized>(mut self, body: &B) -> Self {
        self.request = self.request.json(body);
        self
    }

    /// A query parameter in OpenAPI's default style, for requests built with [`Client::get`] and friends.
    pub fn query<V: Serialize + ?Sized>(mut self, name: &str, value: &V) -> Self {
        self.request = self.request.query(name, value);
        self
    }

    /// The decoded value with the response's status and headers.
    /// A response that deviates from the spec is read leniently, and its
    /// [`deviations`](Response::deviations) listed (unless the client decodes strictly).
    pub async fn with_response(self) -> Result<Response<T>, Error> {
        let response = self.client.send(&self.request).await?;
        let (value, deviations) = decode_response(&self.client, &self.request, &response, self.decode)?;
        Ok(Response::new(response.status, response.headers, value).with_deviations(deviations))
    }

    /// The 2xx response as it came: status, headers and body bytes, not decoded.
    pub async fn raw(self) -> Result<RawResponse, Error> {
        self.client.send(&self.request).await
    }

    /// The 2xx response's body as a stream of chunks, read as it arrives: the way to save a
    /// large download without holding it (its size, when known, is [`ByteStream::content_length`]).
    /// The call's timeout covers the whole body, so set a long one for long downloads.
    pub async fn stream(self) -> Result<ByteStream, Error> {
        byte_stream(&self.client, &self.request).await
    }
}

/// Sends a request, leaving a 2xx body to be read as it arrives. (Not a method of `Client`,
/// whose method names the generated operations on `/` must keep clear of.)
pub(crate) async fn byte_stream(client: &Client, request: &Request) -> Result<ByteStream, Error> {
    let response = match client.exchange(request, true).await? {
        Received::Streaming(response) => response,
        // Only a 2xx body is left unread; anything else was read whole.
        Received::Whole(response) => {
            let chunks = futures_util::stream::iter([Ok(response.body)]);
            return Ok(ByteStream::new(response.status, response.headers, Box::pin(chunks)));
        }
    };
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let chunks = futures_util::stream::unfold(Some(response), |response| async move {
        let mut response = response?;
        match response.chunk().await {
            Ok(Some(chunk)) => Some((Ok(chunk), Some(response))),
            Ok(None) => None,
            Err(error) => Some((Err(Error::from_transport(error)), None)),
        }
    });
    Ok(ByteStream::new(status, headers, Box::pin(chunks)))
}

impl<T: DeserializeOwned> Call<Page<T>> {
    /// Starts the list where a page's [`cursor`](Page::cursor) points (saved, perhaps as text, from an
    /// earlier walk): the request is changed as the next-page step of that page would change it.
    /// A cursor of another kind of list makes the call fail.
    pub fn resume(mut self, cursor: &PageCursor) -> Self {
        self.request = pagination::resume(&self.client, self.request, cursor);
        self
    }
}

impl Call<serde_json::Value> {
    /// Decodes the response of a request built with [`Client::get`] and friends as `U`
    /// (an envelope's `result` when the body is an envelope).
    pub fn decode<U: DeserializeOwned>(self) -> Call<U> {
        Call { client: self.client, request: self.request, decode: decode::any::<U> }
    }
}

impl<T: Send + 'static> IntoFuture for Call<T> {
    type Output = Result<T, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<T, Error>> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move { self.with_response().await.map(Response::into_inner) })
    }
}

/// A response body read chunk by chunk; see [`Call::stream`].
pub struct ByteStream {
    status: u16,
    headers: HeaderMap,
    chunks: Chunks,
    /// When the wait for the next chunk times out (see [`ByteStream::poll_chunk`]).
    idle_deadline: Option<Pin<Box<tokio::time::Sleep>>>,
}

type Chunks = Pin<Box<dyn Stream<Item = Result<Bytes, Error>> + Send>>;

impl ByteStream {
    pub(crate) fn new(status: u16, headers: HeaderMap, chunks: Chunks) -> Self {
        ByteStream { status, headers, chunks, idle_deadline: None }
    }

    /// The next chunk, or a timeout error when none comes within `idle` of the last.
    pub(crate) fn poll_chunk(
        &mut self,
        cx: &mut Context<'_>,
        idle: Option<Duration>,
    ) -> Poll<Option<Result<Bytes, Error>>> {
        if let Poll::Ready(item) = self.chunks.as_mut().poll_next(cx) {
            self.idle_deadline = None;
            return Poll::Ready(item);
        }
        let Some(idle) = idle else { return Poll::Pending };
        let deadline = self.idle_deadline.get_or_insert_with(|| Box::pin(tokio::time::sleep(idle)));
        match deadline.as_mut().poll(cx) {
            Poll::Ready(()) => {
                self.idle_deadline = None;
                Poll::Ready(Some(Err(Error::Timeout(idle))))
            }
            Poll::Pending => Poll::Pending,
        }
    }

    pub fn status(&self) -> u16 {
        self.status
    }

    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body's size, when the server said it (`Content-Length`): the total for a progress bar.
    pub fn content_length(&self) -> Option<u64> {
        self.headers.get(reqwest::header::CONTENT_LENGTH)?.to_str().ok()?.parse().ok()
    }
}

impl std::fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ByteStream").field("status", &self.status).finish_non_exhaustive()
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.chunks.as_mut().poll_next(cx)
    }
}
