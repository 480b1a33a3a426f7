//! Shared by the corpus tests: ingest + extract every document of `raw/`.

#![allow(dead_code)]

use minsheng::extract::extract;
use minsheng::ingest::{ingest, IngestOptions};
use minsheng::model::Fact;
use std::path::{Path, PathBuf};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// (stem, raw text, facts) for every `raw/*.txt`, in name order.
pub fn corpus() -> Vec<(String, String, Vec<Fact>)> {
    let dir = root().join("raw");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let bytes = std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            let doc = ingest(name, &bytes, &IngestOptions::default());
            let stem = Path::new(name)
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_string();
            let facts = extract(&doc);
            (stem, doc.raw.clone(), facts)
        })
        .collect()
}

/// Facts of a one-off text, ingested as a `.txt` file.
pub fn facts_of(text: &str) -> Vec<Fact> {
    let doc = ingest("t.txt", text.as_bytes(), &IngestOptions::default());
    extract(&doc)
}

/// (text, value, unit) of every fact of a text.
pub fn tvu(text: &str) -> Vec<(String, f64, String)> {
    facts_of(text)
        .into_iter()
        .map(|f| (f.text, f.value, f.unit))
        .collect()
}

/// The one fact whose text is `t`.
pub fn fact<'a>(facts: &'a [Fact], t: &str) -> &'a Fact {
    facts.iter().find(|f| f.text == t).unwrap_or_else(|| {
        panic!(
            "no fact {t:?} in {:?}",
            facts.iter().map(|f| &f.text).collect::<Vec<_>>()
        )
    })
}

pub fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0)
}
