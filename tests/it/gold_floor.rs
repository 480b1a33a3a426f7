//! Extraction quality on the repository's corpus: ingest + extract every `raw/` document,
//! score against `tests/gold/` with `minsheng::eval`, and fail when a figure falls below its
//! floor in `tests/floors.toml`. `MINSHENG_EVAL_DETAILS=N` prints N misses, extras and
//! attribute disagreements per document.

use crate::common;

use minsheng::eval::{load_gold_dir, score};
use std::collections::BTreeMap;

#[test]
fn corpus_scores_stay_above_floors() {
    let root = common::root();
    let gold = load_gold_dir(&root.join("tests/gold")).expect("gold loads");
    let corpus = common::corpus();
    let docs: Vec<(String, String)> = corpus
        .iter()
        .map(|(s, r, _)| (s.clone(), r.clone()))
        .collect();
    let facts: Vec<(String, minsheng::model::Fact)> = corpus
        .iter()
        .flat_map(|(s, _, fs)| fs.iter().map(move |f| (s.clone(), f.clone())))
        .collect();
    let report = score(&gold, &docs, &facts);
    println!("{report}");
    if let Some(n) = std::env::var("MINSHENG_EVAL_DETAILS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        println!("{}", report.details(n));
    }
    let floors_path = root.join("tests/floors.toml");
    let text = std::fs::read_to_string(&floors_path).expect("tests/floors.toml");
    let floors: BTreeMap<String, f64> = toml::from_str(&text).expect("floors.toml: name = number");
    let c = &report.overall;
    let mut low = Vec::new();
    for (name, floor) in &floors {
        let got = match name.as_str() {
            "f1" => c.f1(),
            "strict_f1" => c.strict_f1(),
            "subject" => c.subject_f1(),
            attr => c.attr_accuracy(attr),
        };
        if got + 1e-9 < *floor {
            low.push(format!("{name}: {got:.4} < floor {floor}"));
        }
    }
    assert!(low.is_empty(), "below floor:\n{}", low.join("\n"));
}

/// The repository's gold copy must equal the shared gold folder byte for byte when present.
#[test]
fn gold_copy_matches_shared_gold() {
    let root = common::root();
    let shared = root.join("../shared/gold");
    if !shared.is_dir() {
        return;
    }
    let ours = root.join("tests/gold");
    let mut names: Vec<String> = std::fs::read_dir(&shared)
        .expect("shared gold readable")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".jsonl"))
        .collect();
    names.sort();
    let mut our_names: Vec<String> = std::fs::read_dir(&ours)
        .expect("tests/gold readable")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".jsonl"))
        .collect();
    our_names.sort();
    assert_eq!(
        names, our_names,
        "tests/gold and ../shared/gold hold different files"
    );
    for n in names {
        let a = std::fs::read(shared.join(&n)).expect("shared gold file");
        let b = std::fs::read(ours.join(&n)).expect("tests/gold file");
        assert!(a == b, "tests/gold/{n} differs from ../shared/gold/{n}");
    }
}
