//! Decoding speed of a model (`fields!`, type-erased values) against the same
//! struct with serde's derive: the runtime price of the faster compile.

use criterion::{Criterion, criterion_group, criterion_main};
use generated_client::runtime::ApiMessage;

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

fn messages(count: usize) -> String {
    let one = r#"{"code": 10000, "message": "Authentication error", "documentation_url": "https://developers.cloudflare.com/api", "source": {"pointer": "/name"}, "unknown": [1, 2, 3]}"#;
    format!("[{}]", vec![one; count].join(","))
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
}

criterion_group!(benches, decode);
criterion_main!(benches);
