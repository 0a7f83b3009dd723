//! Streamed answers through the generated methods of the `streams` focused spec, against a
//! real local HTTP server (axum) that writes each event when the test says: an event is read
//! while the server still holds the connection open, `[DONE]` ends the stream, an `error`
//! event and data that does not decode are `Err` items, and each method asks for its own
//! answer (the `stream` flag and `Accept`).

use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::sse::{Event, Sse};
use axum::routing::{get, post};
use futures_util::{Stream, StreamExt};
use generated_client::{Client, Error};
use serde_json::{Value, json};
use tokio::sync::mpsc;

use crate::focused::streams::{resources, types};

/// A request as the server saw it: its `Accept` header and JSON body.
type Seen = (Option<String>, Value);

/// What the server saw of each request, and the events it is yet to write.
#[derive(Clone, Default)]
struct Server {
    requests: Arc<Mutex<Vec<Seen>>>,
    events: Arc<Mutex<Option<mpsc::UnboundedReceiver<Event>>>>,
}

impl Server {
    /// The events the test sends, as the response's body: it ends when the sender is dropped.
    fn events(&self) -> impl Stream<Item = Result<Event, Infallible>> + use<> {
        let receiver = self.events.lock().expect("lock").take().expect("one streamed answer per test");
        futures_util::stream::unfold(receiver, |mut receiver| async move {
            receiver.recv().await.map(|event| (Ok(event), receiver))
        })
    }
}

async fn completions(
    State(server): State<Server>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let accept = headers.get("accept").and_then(|v| v.to_str().ok()).map(str::to_string);
    server.requests.lock().expect("lock").push((accept, body.clone()));
    if body["stream"] == json!(true) {
        Sse::new(server.events()).into_response()
    } else {
        Json(json!({"id": "c1", "text": "Hello"})).into_response()
    }
}

async fn events(State(server): State<Server>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    Sse::new(server.events())
}

/// A body of JSON Lines written in pieces that split a line.
async fn logs() -> axum::body::Body {
    let pieces =
        ["{\"level\":\"info\",\"message\":\"started\"}\n{\"level\":", "\"warn\",\"message\":\"slow\"}\r\n", "\n"];
    let pieces = futures_util::stream::iter(pieces.map(|p| Ok::<_, Infallible>(p.to_string())));
    axum::body::Body::from_stream(pieces)
}

/// The server on a free port, the client for it, and the sender of the streamed events.
async fn start() -> (Server, Client, mpsc::UnboundedSender<Event>) {
    let (sender, receiver) = mpsc::unbounded_channel();
    let server = Server { events: Arc::new(Mutex::new(Some(receiver))), ..Server::default() };
    let app = axum::Router::new()
        .route("/chat/completions", post(completions))
        .route("/events", get(events))
        .route("/logs", get(logs))
        .with_state(server.clone());
    let client = crate::loopback::serve(app).await;
    (server, client, sender)
}

fn body(stream: Option<bool>) -> types::ChatCompletionsCreateBody {
    serde_json::from_value(json!({"prompt": "Say hello", "stream": stream})).expect("body")
}

fn chunk(index: u32, delta: &str) -> Event {
    Event::default().data(json!({"index": index, "delta": delta}).to_string())
}

async fn next<T>(stream: &mut (impl Stream<Item = T> + Unpin)) -> Option<T> {
    tokio::time::timeout(Duration::from_secs(5), stream.next()).await.expect("an event within 5 s")
}

#[tokio::test]
async fn events_are_read_as_they_arrive_and_done_ends_the_stream() {
    let (server, client, sender) = start().await;
    sender.send(chunk(0, "Hel").event("delta").id("e1")).expect("send");
    let mut stream =
        resources::ChatCompletions { client: &client }.create_stream(&body(None)).await.expect("the stream starts");
    assert_eq!(stream.status(), 200);
    // The server has written one event and holds the connection open (the sender lives).
    let first = next(&mut stream).await.expect("an event").expect("it decodes");
    assert_eq!((first.data.index, first.data.delta.as_str()), (0, "Hel"));
    assert_eq!((first.event.as_deref(), first.id.as_deref()), (Some("delta"), Some("e1")));
    sender.send(Event::default().comment("keep-alive")).expect("send");
    sender.send(chunk(1, "lo").retry(Duration::from_millis(2500))).expect("send");
    let second = next(&mut stream).await.expect("an event").expect("it decodes");
    assert_eq!((second.data.index, second.data.delta.as_str()), (1, "lo"));
    assert_eq!((second.id.as_deref(), second.retry), (Some("e1"), Some(Duration::from_millis(2500))));
    sender.send(Event::default().data("[DONE]")).expect("send");
    assert!(next(&mut stream).await.is_none(), "[DONE] ends the stream while the connection is open");
    let requests = server.requests.lock().expect("lock").clone();
    assert_eq!(requests, [(Some("text/event-stream".to_string()), json!({"prompt": "Say hello", "stream": true}))]);
}

#[tokio::test]
async fn the_value_method_asks_for_one_json_value() {
    let (server, client, _sender) = start().await;
    let completion =
        resources::ChatCompletions { client: &client }.create(&body(Some(true))).await.expect("the completion");
    assert_eq!((completion.id.as_str(), completion.text.as_str()), ("c1", "Hello"));
    let plain = resources::ChatCompletions { client: &client }.create(&body(None)).await.expect("the completion");
    assert_eq!(plain.text, "Hello");
    let requests = server.requests.lock().expect("lock").clone();
    assert_eq!(
        requests,
        [
            (Some("application/json".to_string()), json!({"prompt": "Say hello", "stream": false})),
            (Some("application/json".to_string()), json!({"prompt": "Say hello"})),
        ],
        "a `stream: true` the caller set is cleared; a body without it is sent as it was"
    );
}

#[tokio::test]
async fn an_error_event_and_undecodable_data_are_errors_and_the_stream_goes_on() {
    let (_server, client, sender) = start().await;
    let params = types::EventsListParams::default();
    sender.send(Event::default().data("{\"index\": \"one\", \"delta\": \"d\"}")).expect("send");
    sender.send(Event::default().data("{\"index\": ")).expect("send");
    sender.send(chunk(2, "x")).expect("send");
    sender.send(Event::default().event("error").data("{\"message\":\"overloaded\"}")).expect("send");
    drop(sender);
    let mut stream = resources::Events { client: &client }.list(&params).await.expect("the stream starts");
    // Data that deviates from the spec is read leniently, and says where.
    let deviating = next(&mut stream).await.expect("an event").expect("it decodes leniently");
    assert_eq!((deviating.data.index, deviating.data.delta.as_str()), (0, "d"));
    let paths: Vec<&str> = deviating.deviations.iter().map(|deviation| deviation.path.as_str()).collect();
    assert_eq!(paths, ["index"]);
    match next(&mut stream).await {
        Some(Err(Error::Decode { message, .. })) => assert!(message.contains("EOF"), "{message}"),
        other => panic!("a decode error for data that is not JSON, not {other:?}"),
    }
    let after = next(&mut stream).await.expect("an event").expect("it decodes");
    assert_eq!(after.data.index, 2);
    match next(&mut stream).await {
        Some(Err(Error::Stream { event, data })) => {
            assert_eq!((event.as_str(), data.as_str()), ("error", "{\"message\":\"overloaded\"}"))
        }
        other => panic!("the error event, not {other:?}"),
    }
    assert!(next(&mut stream).await.is_none(), "the server closed the stream");
}

#[tokio::test]
async fn json_lines_are_one_value_per_line_across_chunks() {
    let (_server, client, _sender) = start().await;
    let stream = resources::Logs { client: &client }.list().await.expect("the stream starts");
    let lines: Vec<_> = futures_util::TryStreamExt::try_collect(stream).await.expect("every line");
    let read: Vec<(&str, &str)> = lines.iter().map(|l| (l.data.level.as_str(), l.data.message.as_str())).collect();
    assert_eq!(read, [("info", "started"), ("warn", "slow")]);
}

#[tokio::test]
async fn a_stream_that_stalls_times_out_between_events() {
    let (_server, client, sender) = start().await;
    sender.send(chunk(0, "a")).expect("send");
    let client = client.with_options(generated_client::RequestOptions::new().timeout(Duration::from_millis(300)));
    let mut stream = resources::Events { client: &client }
        .list(&types::EventsListParams::default())
        .await
        .expect("the stream starts");
    assert!(next(&mut stream).await.expect("an event").is_ok());
    // The sender lives but sends nothing more: the wait for the next piece times out.
    assert!(matches!(next(&mut stream).await, Some(Err(Error::Timeout(_)))));
    drop(sender);
}
