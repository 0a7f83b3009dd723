//! Reading a stream: 100,000 server-sent events (and as many JSON Lines), arriving in
//! 16 KiB pieces, parsed and each decoded into a struct.

use bytes::Bytes;
use criterion::{Criterion, criterion_group, criterion_main};
use futures_util::TryStreamExt;
use generated_client::runtime::{EventStream, Framing};

#[allow(dead_code)]
#[derive(serde::Deserialize)]
struct Chunk {
    index: u64,
    delta: String,
}

const EVENTS: usize = 100_000;

/// The body in pieces of 16 KiB, which split lines and events anywhere (a clone of the list is
/// cheap: the pieces share their bytes).
fn pieces(body: &str) -> Vec<Bytes> {
    body.as_bytes().chunks(16 * 1024).map(Bytes::copy_from_slice).collect()
}

fn read(framing: Framing, pieces: Vec<Bytes>, runtime: &tokio::runtime::Runtime) -> usize {
    let body = futures_util::stream::iter(pieces.into_iter().map(Ok));
    let events = EventStream::<Chunk>::from_body(framing, body);
    let read: Vec<_> = runtime.block_on(events.try_collect()).expect("every event decodes");
    assert_eq!(read.len(), EVENTS);
    read.len()
}

fn events(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread().build().expect("runtime");
    let data = |i: usize| format!(r#"{{"index":{i},"delta":"token {i} of the answer"}}"#);
    let sse: String = (0..EVENTS).map(|i| format!("event: delta\nid: {i}\ndata: {}\n\n", data(i))).collect();
    let sse = pieces(&(sse + "data: [DONE]\n\n"));
    let lines = pieces(&(0..EVENTS).map(|i| data(i) + "\n").collect::<String>());
    let mut group = c.benchmark_group("read 100k events");
    group.sample_size(10);
    group.bench_function("server-sent events", |b| b.iter(|| read(Framing::ServerSentEvents, sse.clone(), &runtime)));
    group.bench_function("JSON Lines", |b| b.iter(|| read(Framing::JsonLines, lines.clone(), &runtime)));
    group.finish();
}

criterion_group!(benches, events);
criterion_main!(benches);
