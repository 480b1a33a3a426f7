//! Each stage alone, one thread, in bytes of input per second (the raw files' bytes, for every
//! stage, so the figures add up): ingest (bytes → Document), extract (Document → facts) and
//! aggregate (facts → indicators, yoy, plan-vs-actual with polars), on two corpora:
//!
//! - `raw5`: the five real documents in raw/;
//! - `synth50mb`: about 50 MB generated from them by `minsheng::synth` (seed 1), built in
//!   memory in the setup.
//!
//! `cargo bench --bench stages` runs them (a release build; the 50 MB case takes ten samples).
//! Under `cargo test --benches` each runs once on a 1 MB corpus, so CI stays quick.

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use minsheng::catalog::indicators::Catalog;
use minsheng::ingest::{self, IngestOptions};
use minsheng::model::{DocStatus, Document, Fact};
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

/// One corpus: the input files and what the stages before each one made of them.
struct Corpus {
    name: &'static str,
    files: Vec<(String, Vec<u8>)>,
    docs: Vec<Document>,
    facts: Vec<Fact>,
    bytes: u64,
}

impl Corpus {
    fn new(name: &'static str, files: Vec<(String, Vec<u8>)>) -> Corpus {
        let opts = IngestOptions::default();
        let docs: Vec<Document> = files
            .iter()
            .map(|(n, b)| ingest::ingest(n, b, &opts))
            .collect();
        let facts = docs.iter().flat_map(extract_one).collect();
        let bytes = files.iter().map(|(_, b)| b.len() as u64).sum();
        Corpus {
            name,
            files,
            docs,
            facts,
            bytes,
        }
    }
}

fn extract_one(doc: &Document) -> Vec<Fact> {
    if doc.status == DocStatus::Ok {
        minsheng::extract::extract(doc)
    } else {
        Vec::new()
    }
}

fn raw_files() -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("raw");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("raw/ holds the benchmark's real documents")
        .map(|e| e.expect("raw/ is readable").path())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(p).expect("raw/ is readable"))
        })
        .collect()
}

/// Generated documents from the readable raw files, up to `target` bytes.
fn synth_files(raw: &[(String, Vec<u8>)], target: u64) -> Vec<(String, Vec<u8>)> {
    let opts = IngestOptions::default();
    let seeds: Vec<(String, String)> = raw
        .iter()
        .map(|(n, b)| ingest::ingest(n, b, &opts))
        .filter(|d| d.status == DocStatus::Ok)
        .map(|d| (d.source, d.raw))
        .collect();
    let mut total = 0u64;
    minsheng::synth::generate(&seeds, 0..usize::MAX, 1)
        .take_while(|d| {
            let more = total < target;
            total += d.bytes.len() as u64;
            more
        })
        .map(|d| (d.name, d.bytes))
        .collect()
}

fn stages(c: &mut Criterion) {
    // `cargo bench` passes --bench; `cargo test --benches` does not and runs each bench once.
    let benching = std::env::args().any(|a| a == "--bench");
    let raw = raw_files();
    let synth_target = if benching { 50_000_000 } else { 1_000_000 };
    let synth = synth_files(&raw, synth_target);
    let catalog = Catalog::builtin();
    let opts = IngestOptions::default();
    for corpus in [Corpus::new("raw5", raw), Corpus::new("synth50mb", synth)] {
        let mut g = c.benchmark_group(corpus.name);
        g.throughput(Throughput::Bytes(corpus.bytes));
        if corpus.bytes > 10_000_000 {
            g.sample_size(10)
                .sampling_mode(SamplingMode::Flat)
                .warm_up_time(Duration::from_secs(1))
                .measurement_time(Duration::from_secs(30));
        }
        g.bench_function("ingest", |b| {
            b.iter(|| {
                for (name, bytes) in &corpus.files {
                    black_box(ingest::ingest(name, bytes, &opts));
                }
            })
        });
        g.bench_function("extract", |b| {
            b.iter(|| {
                for doc in &corpus.docs {
                    black_box(extract_one(doc));
                }
            })
        });
        g.bench_function("aggregate", |b| {
            b.iter(|| {
                black_box(
                    minsheng::aggregate::aggregate(&corpus.facts, &catalog).expect("aggregate"),
                )
            })
        });
        g.finish();
        eprintln!(
            "{}: {} files, {:.1} MB, {} facts",
            corpus.name,
            corpus.files.len(),
            corpus.bytes as f64 / 1e6,
            corpus.facts.len()
        );
    }
}

criterion_group!(benches, stages);
criterion_main!(benches);
