//! Each stage of the generator on its own: load (read and parse), resolve,
//! lower, name, emit (quote + prettyplease). Runs on `specs/` and, when it is
//! beside the checkout, on `../shared/specs/cloudflare.json`.
//!
//! `cargo bench -p codegen --bench stages`. Whole-process numbers (wall time,
//! peak RSS, lines, ratio to a bare JSON parse) come from `cargo xtask bench`.

use std::path::{Path, PathBuf};

use codegen::diagnostics::Diagnostics;
use codegen::{Config, EmitOptions, emit, load, lower, name, resolve};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

fn stages(c: &mut Criterion, label: &str, path: &Path) {
    let mut group = c.benchmark_group(label);
    group.sample_size(10);
    group.bench_function("load", |b| b.iter(|| load::from_path(path).expect("loads")));
    let documents = load::from_path(path).expect("loads");
    group.bench_function("resolve", |b| {
        b.iter(|| resolve::resolve(&documents, &mut Diagnostics::default()).expect("resolves"))
    });
    let spec = resolve::resolve(&documents, &mut Diagnostics::default()).expect("resolves");
    let config = Config::default();
    let lowered = || lower::lower(&spec, &config, &mut Diagnostics::default()).expect("lowers");
    group.bench_function("lower", |b| b.iter(lowered));
    let named = |model| name::name(model, &config, None, &mut Diagnostics::default()).expect("names");
    group.bench_function("name", |b| b.iter_batched(lowered, named, BatchSize::LargeInput));
    let named = named(lowered());
    let options = EmitOptions { resource_features: true, ..EmitOptions::default() };
    group.bench_function("emit", |b| b.iter(|| emit::emit(&named, &options).expect("emits")));
    group.finish();
}

fn benches(c: &mut Criterion) {
    stages(c, "specs/cloudflare.yaml", &root().join("specs/cloudflare.yaml"));
    let corpus = root().join("../shared/specs/cloudflare.json");
    if corpus.exists() {
        stages(c, "cloudflare.json", &corpus);
    } else {
        eprintln!("skipping cloudflare.json: {} does not exist", corpus.display());
    }
}

criterion_group!(stage_benches, benches);
criterion_main!(stage_benches);
