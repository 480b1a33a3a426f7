//! `minsheng show`: facts and documents traced back to the raw files, on a processed/ made by
//! the binary from raw/.

use minsheng::report::{show_doc, show_fact};
use polars::prelude::*;
use std::path::Path;

/// A processed/ directory made by the binary from the real documents in raw/.
use crate::fixture;

/// (fact_id, doc_id, text, start, end) of every fact, read straight from facts.parquet.
fn facts(dir: &Path) -> Vec<(String, String, String, usize, usize)> {
    let f = std::fs::File::open(dir.join("facts.parquet")).unwrap();
    let df = ParquetReader::new(f).finish().unwrap();
    let s = |n: &str| -> Vec<String> {
        df.column(n)
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .map(|v| v.unwrap().to_string())
            .collect()
    };
    let i = |n: &str| -> Vec<usize> {
        df.column(n)
            .unwrap()
            .i32()
            .unwrap()
            .iter()
            .map(|v| v.unwrap() as usize)
            .collect()
    };
    let (id, doc, text, start, end) = (s("fact_id"), s("doc_id"), s("text"), i("start"), i("end"));
    (0..df.height())
        .map(|k| {
            (
                id[k].clone(),
                doc[k].clone(),
                text[k].clone(),
                start[k],
                end[k],
            )
        })
        .collect()
}

/// The texts between `[[` and `]]` in `s`.
fn bracketed(s: &str) -> Vec<&str> {
    s.split("[[")
        .skip(1)
        .filter_map(|p| p.split_once("]]").map(|(a, _)| a))
        .collect()
}

#[test]
fn show_fact_highlights_exactly_the_fact_text_in_the_raw_file() {
    let out = fixture::seeded();
    let all = facts(out.path());
    assert!(!all.is_empty());
    let picks: Vec<_> = all.iter().step_by(37).chain(all.last()).collect();
    for (id, _, text, start, end) in picks {
        let shown = show_fact(out.path(), &fixture::raw_dir(), id, false).unwrap();
        assert!(shown.starts_with(&format!("fact {id}\n")), "{shown}");
        assert!(
            shown.contains(&format!("[{start}, {end}) code points")),
            "{shown}"
        );
        assert_eq!(bracketed(&shown), vec![text.as_str()], "{shown}");
        assert!(!shown.contains("warning"), "{shown}");
        // The line holding the fact is marked and numbered.
        let marked = shown.lines().find(|l| l.contains("[[")).unwrap();
        assert!(marked.starts_with('>'), "{shown}");
    }
}

#[test]
fn show_fact_prints_the_row_and_the_sentence() {
    let out = fixture::seeded();
    // The first gold line of 000: 6.6万名青少年 → 66000 person, 2024, actual.
    let doc = fixture::stage(out.path())
        .into_iter()
        .find(|d| d.source == "000_faa345ac3de5e59b.txt")
        .unwrap();
    let (id, _, _, _, _) = facts(out.path())
        .into_iter()
        .find(|f| f.1 == doc.doc_id && f.2 == "6.6万")
        .unwrap();
    let shown = show_fact(out.path(), &fixture::raw_dir(), &id, false).unwrap();
    for want in [
        "66000 person",
        "year       2024",
        "status actual",
        "measure level",
        "approx exact",
        "组织青少年参加研学活动",
        "昌吉回族自治州",
        "sentence   6.6万名青少年",
        "000_faa345ac3de5e59b.txt",
    ] {
        assert!(shown.contains(want), "missing {want:?} in\n{shown}");
    }
}

#[test]
fn show_fact_in_color_uses_reverse_video() {
    let out = fixture::seeded();
    let (id, _, text, _, _) = facts(out.path()).into_iter().nth(3).unwrap();
    let shown = show_fact(out.path(), &fixture::raw_dir(), &id, true).unwrap();
    assert!(
        shown.contains(&format!("\x1b[1;7m{text}\x1b[0m")),
        "{shown}"
    );
    assert!(!shown.contains("[["));
}

#[test]
fn show_doc_highlights_and_lists_every_fact_of_the_document() {
    let out = fixture::seeded();
    let all = facts(out.path());
    let docs: std::collections::BTreeSet<&String> = all.iter().map(|f| &f.1).collect();
    assert_eq!(docs.len(), 5);
    for doc in docs {
        let mine: Vec<_> = all.iter().filter(|f| &f.1 == doc).collect();
        let shown = show_doc(out.path(), &fixture::raw_dir(), doc, false).unwrap();
        assert!(shown.starts_with(&format!("document {doc}\n")), "{shown}");
        let (text_part, list) = shown.split_once("\nfacts (").unwrap();
        assert!(list.starts_with(&format!("{}):", mine.len())), "{list}");
        for (id, _, text, start, end) in &mine {
            assert!(
                list.contains(&format!("{id}  [{start}, {end})  {text}")),
                "{id} not listed"
            );
        }
        // Spans that do not overlap the one before are highlighted whole, in order.
        let mut at = 0;
        let whole: Vec<&str> = mine
            .iter()
            .filter(|f| {
                let keep = f.3 >= at;
                at = at.max(f.4);
                keep
            })
            .map(|f| f.2.as_str())
            .collect();
        assert_eq!(bracketed(text_part), whole);
        assert!(!list.contains("warning"), "{list}");
    }
}

#[test]
fn show_doc_accepts_a_source_path() {
    let out = fixture::as_run();
    let shown = show_doc(
        out.path(),
        &fixture::raw_dir(),
        "004_7ba5ad13118a4cf0.txt",
        false,
    )
    .unwrap();
    assert!(
        shown.contains("  source       004_7ba5ad13118a4cf0.txt"),
        "{shown}"
    );
    assert!(shown.contains("  status       ok"), "{shown}");
}

#[test]
fn show_as_run_agrees_with_facts_parquet() {
    let out = fixture::as_run();
    let all = facts(out.path());
    for doc in fixture::stage(out.path()) {
        let shown = show_doc(out.path(), &fixture::raw_dir(), &doc.doc_id, false).unwrap();
        let mine: Vec<_> = all.iter().filter(|f| f.1 == doc.doc_id).collect();
        assert!(
            shown.contains(&format!("\nfacts ({}):", mine.len())),
            "{shown}"
        );
        // The raw text is printed as it is (carriage returns aside), only the markers added.
        let rule = "─".repeat(60);
        let text = shown.split(&rule).nth(1).unwrap();
        let unmarked = text.replace("[[", "").replace("]]", "");
        assert_eq!(unmarked.trim(), doc.raw.replace('\r', "").trim());
        // Spans that do not overlap the one before are highlighted whole, in order.
        let mut at = 0;
        let whole: Vec<&str> = mine
            .iter()
            .filter(|f| {
                let keep = f.3 >= at;
                at = at.max(f.4);
                keep
            })
            .map(|f| f.2.as_str())
            .collect();
        assert_eq!(bracketed(text), whole);
    }
    for (id, _, text, _, _) in all.iter().step_by(29) {
        let shown = show_fact(out.path(), &fixture::raw_dir(), id, false).unwrap();
        assert_eq!(bracketed(&shown), vec![text.as_str()], "{shown}");
    }
}

#[test]
fn unknown_ids_say_which_table_was_searched_and_how_to_find_ids() {
    let out = fixture::seeded();
    let err = show_fact(out.path(), &fixture::raw_dir(), "nope-0000001", false)
        .unwrap_err()
        .to_string();
    assert!(err.contains("facts.parquet"), "{err}");
    assert!(err.contains("show --doc"), "{err}");
    let doc_id = fixture::stage(out.path())[0].doc_id.clone();
    let err = show_fact(out.path(), &fixture::raw_dir(), &doc_id, false)
        .unwrap_err()
        .to_string();
    assert!(err.contains("is a document"), "{err}");
    let err = show_doc(out.path(), &fixture::raw_dir(), "nope", false)
        .unwrap_err()
        .to_string();
    assert!(err.contains("documents.parquet"), "{err}");
    assert!(err.contains("SELECT doc_id, source"), "{err}");
}

#[test]
fn a_missing_output_directory_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let err = show_doc(dir.path(), &fixture::raw_dir(), "x", false).unwrap_err();
    let msg = format!("{err:#}");
    assert!(msg.contains("documents.parquet"), "{msg}");
    assert!(msg.contains("minsheng run"), "{msg}");
}

/// Writes `facts` as facts.parquet of `dir`.
fn write_facts(dir: &Path, facts: &[minsheng::model::Fact]) {
    let prov = minsheng::tables::Provenance {
        input_fingerprint: "test".into(),
        catalog: None,
    };
    let df = minsheng::frames::facts_frame(facts).unwrap();
    minsheng::tables::write(dir, &minsheng::schema::FACTS, df, &prov).unwrap();
}

#[test]
fn show_decodes_gbk_and_big5_sources_as_the_run_did() {
    use minsheng::model::{Approx, Fact, Measure, Status};
    let input = tempfile::tempdir().unwrap();
    let text = "第一行\r\n2024年,全市新改建農村公路604公里,完成年度計劃的112%。\r\n第三行\r\n";
    let simplified = text.replace('農', "农").replace('劃', "划");
    let (gbk, _, _) = encoding_rs::GBK.encode(&simplified);
    let (big5, _, _) = encoding_rs::BIG5.encode(text);
    std::fs::write(input.path().join("gbk.txt"), &gbk).unwrap();
    std::fs::write(input.path().join("big5.txt"), &big5).unwrap();
    let out = tempfile::tempdir().unwrap();
    let res = std::process::Command::new(env!("CARGO_BIN_EXE_minsheng"))
        .args(["run", "--input"])
        .arg(input.path())
        .arg("--output")
        .arg(out.path())
        .output()
        .unwrap();
    assert!(matches!(res.status.code(), Some(0 | 1)));
    let docs = fixture::stage(out.path());
    let mut facts = Vec::new();
    for d in &docs {
        assert_ne!(d.encoding, "UTF-8", "{} decoded as UTF-8", d.source);
        let byte = d.raw.find("604公里").expect("the figure in the raw text");
        let start = d.raw[..byte].chars().count() as u32;
        facts.push(Fact {
            doc_id: d.doc_id.clone(),
            text: "604公里".into(),
            start,
            end: start + 5,
            sentence: "2024年,全市新改建农村公路604公里".into(),
            subject: "新改建农村公路".into(),
            sector: "transport".into(),
            region: None,
            year: Some(2024),
            period: None,
            status: Status::Actual,
            measure: Measure::Level,
            value: 604.0,
            unit: "km".into(),
            classifier: None,
            approx: Approx::Exact,
            raw_value: "604".into(),
            raw_unit: "公里".into(),
            scale: 0,
            attainment_of: None,
        });
    }
    facts.sort_by(|a, b| (&a.doc_id, a.start).cmp(&(&b.doc_id, b.start)));
    write_facts(out.path(), &facts);
    for f in &facts {
        let shown = show_fact(out.path(), input.path(), &f.fact_id(), false).unwrap();
        assert_eq!(bracketed(&shown), vec!["604公里"], "{shown}");
        assert!(
            !shown.contains('\r') && !shown.contains("warning"),
            "{shown}"
        );
        assert!(
            shown.contains(">    2 | 2024年"),
            "line 2 is marked: {shown}"
        );
        assert!(shown.contains("\n     3 | 第三行"), "{shown}");
    }
}
