//! Streams of values read as they arrive: server-sent events (parsed by the WHATWG
//! rules) and JSON Lines. Each event's data is decoded on its own, so one stream
//! never waits for the server to close the connection.

use std::collections::VecDeque;
use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_core::Stream;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use crate::runtime::call::byte_stream;
use crate::runtime::client::{strict_decoding_of, timeout_of};
use crate::runtime::decode::decode_part;
use crate::runtime::lenient::{self, Deviation};
use crate::runtime::{ByteStream, Client, Error, Request, RequestOptions};

/// How a stream's body divides into values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// `text/event-stream`: events of `data:` lines, ended by a blank line; `[DONE]` ends the stream.
    ServerSentEvents,
    /// JSON Lines (`application/jsonl`, `application/x-ndjson`): one JSON value per line.
    JsonLines,
}

/// One event of a stream: its decoded data, and what the server said of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Event<T> {
    pub data: T,
    /// The event's `event:` type, when the server names one.
    pub event: Option<String>,
    /// The last `id:` the server sent (the value to resume from).
    pub id: Option<String>,
    /// The reconnection delay the server asked for.
    pub retry: Option<Duration>,
    /// Where the data deviated from the spec and how it was read anyway (see
    /// [`Response::deviations`](crate::runtime::Response::deviations)); empty when it conformed.
    pub deviations: Vec<Deviation>,
}

/// A call whose answer is a stream: `.await` it for the [`EventStream`] (once the status
/// is known), then read events as they come. The call's timeout bounds the wait for
/// the answer and then for each piece of the body, not the whole stream.
#[must_use = "a call does nothing until it is awaited"]
#[derive(Debug)]
pub struct EventCall<T> {
    client: Client,
    request: Request,
    framing: Framing,
    item: PhantomData<fn() -> T>,
}

impl<T> EventCall<T> {
    pub fn new(client: &Client, request: Request, framing: Framing) -> Self {
        EventCall { client: client.clone(), request: request.idle_timeout(), framing, item: PhantomData }
    }

    /// Options for this call only, on top of the client's.
    pub fn options(mut self, options: RequestOptions) -> Self {
        self.client = self.client.with_options(options);
        self
    }
}

impl<T: DeserializeOwned + Send + 'static> IntoFuture for EventCall<T> {
    type Output = Result<EventStream<T>, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let idle = timeout_of(&self.client);
            let body = tokio::time::timeout(idle, byte_stream(&self.client, &self.request))
                .await
                .map_err(|_| Error::Timeout(idle))??;
            Ok(EventStream::new(body, self.framing, Some(idle), strict_decoding_of(&self.client)))
        })
    }
}

/// The events of a response, decoded one at a time as the body arrives. Dropping it
/// closes the connection. An `error` event, a body cut off, or data that does not
/// decode is an `Err` item; the stream goes on after data that does not decode.
pub struct EventStream<T> {
    body: ByteStream,
    /// How long to wait for each piece of the body; `None` waits as long as it takes.
    idle: Option<Duration>,
    parser: Parser,
    ready: VecDeque<RawEvent>,
    /// The body has ended (or `[DONE]` came): nothing more will be read.
    finished: bool,
    /// Data that deviates from the spec is an error rather than read leniently.
    strict: bool,
    item: PhantomData<fn() -> T>,
}

impl<T> EventStream<T> {
    pub(crate) fn new(body: ByteStream, framing: Framing, idle: Option<Duration>, strict: bool) -> Self {
        EventStream {
            body,
            idle,
            parser: Parser::new(framing),
            ready: VecDeque::new(),
            finished: false,
            strict,
            item: PhantomData,
        }
    }

    /// The events of a body that came some other way (a saved capture, another HTTP client),
    /// read as `framing` says; it waits for each piece as long as it takes.
    pub fn from_body(framing: Framing, body: impl Stream<Item = Result<Bytes, Error>> + Send + 'static) -> Self {
        EventStream::new(ByteStream::new(200, HeaderMap::new(), Box::pin(body)), framing, None, false)
    }

    pub fn status(&self) -> u16 {
        self.body.status()
    }

    pub fn headers(&self) -> &HeaderMap {
        self.body.headers()
    }
}

impl<T: DeserializeOwned + Send + 'static> EventStream<T> {
    /// The events' data alone.
    pub fn data(self) -> impl Stream<Item = Result<T, Error>> + Send {
        futures_util::StreamExt::map(self, |event| event.map(|event| event.data))
    }
}

impl<T> std::fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventStream").field("status", &self.status()).finish_non_exhaustive()
    }
}

impl<T: DeserializeOwned> Stream for EventStream<T> {
    type Item = Result<Event<T>, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            if let Some(raw) = self.ready.pop_front() {
                match raw.decode::<T>(self.status(), self.strict) {
                    Decoded::Event(event) => return Poll::Ready(Some(event)),
                    Decoded::Done => {
                        self.finished = true;
                        self.ready.clear();
                        return Poll::Ready(None);
                    }
                }
            }
            if self.finished {
                return Poll::Ready(None);
            }
            let idle = self.idle;
            match self.body.poll_chunk(cx, idle) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(chunk))) => {
                    let this = &mut *self;
                    this.parser.feed(&chunk, &mut this.ready);
                }
                Poll::Ready(Some(Err(error))) => {
                    self.finished = true;
                    return Poll::Ready(Some(Err(error)));
                }
                Poll::Ready(None) => {
                    self.finished = true;
                    let this = &mut *self;
                    this.parser.finish(&mut this.ready);
                }
            }
        }
    }
}

/// An event as the parser delimits it, its data not decoded yet.
#[derive(Debug, Clone, Default, PartialEq)]
struct RawEvent {
    data: String,
    event: Option<String>,
    id: Option<String>,
    retry: Option<Duration>,
}

enum Decoded<T> {
    Event(Result<Event<T>, Error>),
    Done,
}

impl RawEvent {
    /// The event with its data decoded as a call's body is: leniently unless `strict`.
    fn decode<T: DeserializeOwned>(self, status: u16, strict: bool) -> Decoded<T> {
        if self.data.trim() == "[DONE]" {
            return Decoded::Done;
        }
        if self.event.as_deref() == Some("error") {
            return Decoded::Event(Err(Error::Stream { event: "error".into(), data: self.data }));
        }
        let text = &self.data;
        let (data, deviations) = lenient::scope(strict, || decode_part(status, text.as_bytes(), text, ""));
        let event = data.map(|data| Event { data, event: self.event, id: self.id, retry: self.retry, deviations });
        Decoded::Event(event)
    }
}

/// Splits a body into events, chunk by chunk: a line (or event) may span chunks.
#[derive(Debug)]
struct Parser {
    framing: Framing,
    /// The bytes of the line not yet ended.
    line: Vec<u8>,
    /// The last chunk ended in `\r`: a `\n` starting the next one belongs to it.
    after_cr: bool,
    /// The body's start, where a byte order mark is skipped.
    at_start: bool,
    pending: RawEvent,
    /// Whether `pending` has had a `data:` line (an event without one is not dispatched).
    has_data: bool,
    /// The last event id, which every later event carries (WHATWG's "last event ID buffer").
    last_id: Option<String>,
}

impl Parser {
    fn new(framing: Framing) -> Self {
        Parser {
            framing,
            line: Vec::new(),
            after_cr: false,
            at_start: true,
            pending: RawEvent::default(),
            has_data: false,
            last_id: None,
        }
    }

    fn feed(&mut self, mut chunk: &[u8], out: &mut VecDeque<RawEvent>) {
        if self.at_start && !chunk.is_empty() {
            let bom = "\u{feff}".as_bytes();
            // A mark split across chunks is rare enough to ignore: it then stays in the first field's name.
            if chunk.starts_with(bom) {
                chunk = &chunk[bom.len()..];
            }
            self.at_start = false;
        }
        if self.after_cr && chunk.first() == Some(&b'\n') {
            chunk = &chunk[1..];
        }
        self.after_cr = false;
        let mut start = 0;
        let mut at = 0;
        while at < chunk.len() {
            match chunk[at] {
                b'\n' | b'\r' => {
                    let line_end = at;
                    if chunk[at] == b'\r' {
                        if at + 1 == chunk.len() {
                            self.after_cr = true;
                        } else if chunk[at + 1] == b'\n' {
                            at += 1;
                        }
                    }
                    if self.line.is_empty() {
                        self.line_done(&chunk[start..line_end], out);
                    } else {
                        let mut line = std::mem::take(&mut self.line);
                        line.extend_from_slice(&chunk[start..line_end]);
                        self.line_done(&line, out);
                        line.clear();
                        self.line = line;
                    }
                    at += 1;
                    start = at;
                }
                _ => at += 1,
            }
        }
        self.line.extend_from_slice(&chunk[start..]);
    }

    /// The body ended: a last line or event without its blank line still counts.
    fn finish(&mut self, out: &mut VecDeque<RawEvent>) {
        if !self.line.is_empty() {
            let line = std::mem::take(&mut self.line);
            self.line_done(&line, out);
        }
        self.line_done(b"", out);
    }

    fn line_done(&mut self, line: &[u8], out: &mut VecDeque<RawEvent>) {
        let line = String::from_utf8_lossy(line);
        match self.framing {
            Framing::JsonLines => {
                if !line.trim().is_empty() {
                    out.push_back(RawEvent { data: line.into_owned(), ..RawEvent::default() });
                }
            }
            Framing::ServerSentEvents => self.sse_line(&line, out),
        }
    }

    fn sse_line(&mut self, line: &str, out: &mut VecDeque<RawEvent>) {
        if line.is_empty() {
            let event = std::mem::take(&mut self.pending);
            if std::mem::take(&mut self.has_data) {
                out.push_back(RawEvent { id: self.last_id.clone(), ..event });
            }
            return;
        }
        if line.starts_with(':') {
            return;
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line, ""),
        };
        match field {
            "data" => {
                if self.has_data {
                    self.pending.data.push('\n');
                }
                self.pending.data.push_str(value);
                self.has_data = true;
            }
            "event" => self.pending.event = Some(value.to_string()),
            "id" if !value.contains('\0') => self.last_id = Some(value.to_string()),
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                self.pending.retry = value.parse().ok().map(Duration::from_millis);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(framing: Framing, chunks: &[&[u8]]) -> Vec<RawEvent> {
        let mut parser = Parser::new(framing);
        let mut out = VecDeque::new();
        for chunk in chunks {
            parser.feed(chunk, &mut out);
        }
        parser.finish(&mut out);
        out.into()
    }

    fn data(events: &[RawEvent]) -> Vec<&str> {
        events.iter().map(|e| e.data.as_str()).collect()
    }

    #[test]
    fn events_end_at_a_blank_line_whatever_the_line_ending() {
        for ending in ["\n", "\r\n", "\r"] {
            let body = format!("data: one{ending}{ending}data: two{ending}{ending}");
            assert_eq!(data(&parse(Framing::ServerSentEvents, &[body.as_bytes()])), ["one", "two"], "{ending:?}");
        }
    }

    #[test]
    fn a_line_split_between_chunks_is_one_line() {
        let events = parse(Framing::ServerSentEvents, &[b"da", b"ta: {\"a\"", b":1}\r", b"\n\r", b"\n"]);
        assert_eq!(data(&events), ["{\"a\":1}"]);
    }

    #[test]
    fn data_lines_join_with_newlines_and_comments_and_unknown_fields_are_skipped() {
        let body = b": keep-alive\ndata: a\nfoo: bar\ndata\ndata:b\n\n";
        assert_eq!(data(&parse(Framing::ServerSentEvents, &[body])), ["a\n\nb"]);
    }

    #[test]
    fn event_type_id_and_retry_are_kept_and_the_id_carries_on() {
        let body = b"event: delta\nid: 7\nretry: 1500\ndata: x\n\ndata: y\n\n";
        let events = parse(Framing::ServerSentEvents, &[body]);
        assert_eq!(events[0].event.as_deref(), Some("delta"));
        assert_eq!(events[0].retry, Some(Duration::from_millis(1500)));
        assert_eq!((events[0].id.as_deref(), events[1].id.as_deref()), (Some("7"), Some("7")));
        assert_eq!(events[1].event, None);
    }

    #[test]
    fn an_event_without_data_is_not_dispatched_and_a_trailing_one_is() {
        let events = parse(Framing::ServerSentEvents, &[b"\xef\xbb\xbfevent: ping\n\ndata: last"]);
        assert_eq!(data(&events), ["last"]);
        assert_eq!(events[0].event, None);
    }

    #[test]
    fn json_lines_are_one_value_per_line() {
        let events = parse(Framing::JsonLines, &[b"{\"a\":1}\n\n{\"a\"", b":2}\r\n{\"a\":3}"]);
        assert_eq!(data(&events), ["{\"a\":1}", "{\"a\":2}", "{\"a\":3}"]);
    }

    #[test]
    fn done_ends_and_error_events_fail() {
        let done = RawEvent { data: "[DONE]".into(), ..RawEvent::default() };
        assert!(matches!(done.decode::<serde_json::Value>(200, false), Decoded::Done));
        let error = RawEvent {
            data: "{\"message\":\"overloaded\"}".into(),
            event: Some("error".into()),
            ..RawEvent::default()
        };
        assert!(matches!(error.decode::<serde_json::Value>(200, false), Decoded::Event(Err(Error::Stream { .. }))));
        let bad = RawEvent { data: "{\"a\":\"x\"}".into(), ..RawEvent::default() };
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct A {
            a: u32,
        }
        /// What the generator writes for the same schema: leniency lives in the field table.
        struct Model {
            a: u32,
        }
        crate::runtime::model::fields! { Model { a: u32 = "a" required } unknown keys skipped }
        match bad.clone().decode::<A>(200, true) {
            Decoded::Event(Err(Error::Decode { path, .. })) => assert_eq!(path, "a"),
            _ => panic!("a number was expected"),
        }
        // Leniently, the event is read with its field's empty value, and says so.
        match bad.decode::<Model>(200, false) {
            Decoded::Event(Ok(event)) => {
                assert_eq!((event.data.a, event.deviations[0].path.as_str()), (0, "a"));
            }
            _ => panic!("read leniently"),
        }
    }
}
