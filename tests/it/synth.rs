//! The scale-test generator (`minsheng synth`): deterministic, and every document it writes is
//! one the pipeline reads (status ok, facts found), in the mix of encodings and scripts of real
//! reports.

use minsheng::ingest::{self, IngestOptions};
use minsheng::model::DocStatus;
use minsheng::synth::{generate, SynthDoc};
use std::collections::BTreeMap;
use std::path::Path;

/// The readable documents under raw/ as (file name, decoded text), as `minsheng synth` reads
/// them.
fn seeds() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("raw");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    paths
        .iter()
        .filter_map(|p| {
            let name = p.file_name()?.to_string_lossy().into_owned();
            let doc = ingest::ingest(&name, &std::fs::read(p).ok()?, &IngestOptions::default());
            (doc.status == DocStatus::Ok).then_some((name, doc.raw))
        })
        .collect()
}

fn docs(n: usize, seed: u64) -> Vec<SynthDoc> {
    generate(&seeds(), 0..n, seed).collect()
}

#[test]
fn same_seed_same_bytes() {
    let (a, b) = (docs(20, 7), docs(20, 7));
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.name, y.name);
        assert!(x.bytes == y.bytes, "{} differs between two runs", x.name);
    }
}

#[test]
fn different_seeds_differ() {
    let (a, b) = (docs(10, 1), docs(10, 2));
    assert!(a.iter().zip(&b).all(|(x, y)| x.bytes != y.bytes));
}

#[test]
fn more_documents_keep_the_first_ones() {
    // The incremental scale test adds documents to a generated folder: the old ones must not
    // change.
    let (a, b) = (docs(10, 3), docs(12, 3));
    assert!(a.iter().zip(&b).all(|(x, y)| x.bytes == y.bytes));
    // Written in pieces (`synth --first`), a corpus is the same as written at once.
    let tail: Vec<_> = generate(&seeds(), 10..12, 3).collect();
    assert_eq!(tail.len(), 2);
    for (x, y) in tail.iter().zip(&b[10..]) {
        assert_eq!((&x.name, &x.bytes), (&y.name, &y.bytes));
    }
}

#[test]
fn names_and_sizes_are_like_real_documents() {
    for (i, d) in docs(60, 11).iter().enumerate() {
        assert_eq!(d.name, format!("synth_{i:07}.txt"));
        let kb = d.bytes.len() / 1000;
        assert!(
            (4..=48).contains(&kb),
            "{}: {} bytes",
            d.name,
            d.bytes.len()
        );
    }
}

#[test]
fn every_document_ingests_and_yields_facts_in_the_mix_of_encodings() {
    let seeds = seeds();
    // Facts are required of generated documents as soon as the extractor finds any in the
    // real ones they are made from.
    let seed_facts: usize = seeds
        .iter()
        .map(|(name, raw)| {
            let doc = ingest::ingest(name, raw.as_bytes(), &IngestOptions::default());
            minsheng::extract::extract(&doc).len()
        })
        .sum();
    let mut encodings: BTreeMap<String, usize> = BTreeMap::new();
    let mut scripts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut removed = 0;
    let mut regions = std::collections::BTreeSet::new();
    let n = 150;
    for d in generate(&seeds, 0..n, 42) {
        let doc = ingest::ingest(&d.name, &d.bytes, &IngestOptions::default());
        assert_eq!(doc.status, DocStatus::Ok, "{}: {:?}", d.name, doc.error);
        if seed_facts > 0 {
            let facts = minsheng::extract::extract(&doc);
            assert!(!facts.is_empty(), "{}: no facts", d.name);
        }
        *encodings.entry(doc.encoding.clone()).or_default() += 1;
        *scripts.entry(doc.script.as_str()).or_default() += 1;
        removed += usize::from(doc.removed_chars > 0);
        if let Some(r) = doc.region {
            regions.insert(r.name);
        }
    }
    for enc in ["UTF-8", "GBK", "Big5", "UTF-16LE"] {
        assert!(
            encodings.get(enc).is_some_and(|&k| k > 0),
            "no {enc} document: {encodings:?}"
        );
    }
    assert!(
        scripts.get("traditional").is_some_and(|&k| k >= n / 6),
        "{scripts:?}"
    );
    assert!(
        scripts.get("simplified").is_some_and(|&k| k >= n / 2),
        "{scripts:?}"
    );
    // Noise (spam, garble, layout, the seeds' own furniture) is removed from many of them.
    assert!(
        removed >= n / 10,
        "noise removed in only {removed} documents"
    );
    // Regions are swapped: far more distinct main regions than the seeds have.
    assert!(regions.len() >= 30, "{} distinct regions", regions.len());
}
