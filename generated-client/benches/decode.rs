//! Decoding speed of a model (`fields!`, type-erased values) against the same
//! struct with serde's derive: the runtime price of the faster compile. And a
//! call's decoding, strict and lenient, of a body that conforms and of one that
//! deviates from the spec in every object: the price of lenient decoding.

use criterion::{Criterion, criterion_group, criterion_main};
use generated_client::runtime::{ApiMessage, RawResponse};

/// `ApiMessage`'s fields, derived.
#[allow(dead_code)]
#[derive(serde::Deserialize)]
struct Derived {
    #[serde(default)]
    code: i64,
    #[serde(default)]
    message: String,
    documentation_url: Option<String>,
    source: Option<serde_json::Value>,
}

const MESSAGE: &str = r#"{"code": 10000, "message": "Authentication error", "documentation_url": "https://developers.cloudflare.com/api", "source": {"pointer": "/name"}, "unknown": [1, 2, 3]}"#;

fn messages(count: usize) -> String {
    format!("[{}]", vec![MESSAGE; count].join(","))
}

/// Every message with its code as text (`"10000"`), which a call reads leniently.
fn deviating_messages(count: usize) -> String {
    messages(count).replace(r#""code": 10000"#, r#""code": "10000""#)
}

fn decode(c: &mut Criterion) {
    let json = messages(10_000);
    let mut group = c.benchmark_group("decode 10k messages");
    group.bench_function("fields! table", |b| {
        b.iter(|| serde_json::from_str::<Vec<ApiMessage>>(&json).expect("decodes"))
    });
    group.bench_function("serde derive", |b| b.iter(|| serde_json::from_str::<Vec<Derived>>(&json).expect("decodes")));
    group.bench_function("serde_json::Value", |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(&json).expect("decodes"))
    });
    group.finish();

    let response = |body: String| RawResponse::new(200, Default::default(), body);
    let (conforming, deviating) = (response(json), response(deviating_messages(10_000)));
    let mut group = c.benchmark_group("decode 10k messages as a call");
    group.bench_function("conforming, strict", |b| b.iter(|| conforming.json::<Vec<ApiMessage>>().expect("decodes")));
    group.bench_function("conforming, lenient", |b| {
        b.iter(|| conforming.json_lenient::<Vec<ApiMessage>>().expect("decodes"))
    });
    group.bench_function("deviating, lenient", |b| {
        b.iter(|| {
            let (messages, deviations) = deviating.json_lenient::<Vec<ApiMessage>>().expect("decodes");
            assert_eq!(deviations.len(), messages.len());
        })
    });
    group.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);
