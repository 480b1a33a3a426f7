//! `minsheng report`: report.html on a processed/ made by the binary from raw/.

use minsheng::report::write_report;
use polars::prelude::*;
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

/// A processed/ directory made by the binary from the real documents in raw/.
use crate::fixture;

fn read(dir: &Path, table: &str) -> DataFrame {
    let f = std::fs::File::open(dir.join(format!("{table}.parquet"))).unwrap();
    ParquetReader::new(f).finish().unwrap()
}

fn strs(df: &DataFrame, name: &str) -> Vec<Option<String>> {
    df.column(name)
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .map(|v| v.map(str::to_string))
        .collect()
}

/// fact_id → (doc_id, text) of the facts of `ok` documents, read straight from the tables.
fn facts_of_ok_docs(dir: &Path) -> BTreeMap<String, (String, String)> {
    let docs = read(dir, "documents");
    let ok: HashSet<String> = strs(&docs, "doc_id")
        .into_iter()
        .zip(strs(&docs, "status"))
        .filter(|(_, s)| s.as_deref() == Some("ok"))
        .map(|(d, _)| d.unwrap())
        .collect();
    let facts = read(dir, "facts");
    strs(&facts, "fact_id")
        .into_iter()
        .zip(strs(&facts, "doc_id"))
        .zip(strs(&facts, "text"))
        .filter(|((_, d), _)| ok.contains(d.as_deref().unwrap()))
        .map(|((id, d), t)| (id.unwrap(), (d.unwrap(), t.unwrap())))
        .collect()
}

/// (fact id, status (+ " unplaced"), title, inner text) of every `<mark class="fact" …>`.
fn marks(html: &str) -> Vec<(String, String, String, String)> {
    let mut out = Vec::new();
    for piece in html.split("<mark class=\"fact\"").skip(1) {
        let (attrs, rest) = piece.split_once('>').unwrap();
        let inner = rest.split_once("</mark>").unwrap().0;
        let attr = |name: &str| {
            attrs
                .split_once(&format!("{name}=\""))
                .map(|(_, r)| r.split_once('"').unwrap().0.to_string())
                .unwrap_or_default()
        };
        let mut class = attr("data-status");
        if attrs.contains(" data-unplaced") {
            class.push_str(" unplaced");
        }
        out.push((attr("id"), class, attr("title"), unescape(inner)));
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// What ingest may change between raw and clean text — full-width forms, spaces, traditional
/// characters (mapped one for one) — folded away: ASCII kept, whitespace dropped, every other
/// character a `·`. A mark whose text folds like the fact's covers the same figure.
fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap(),
            c if c.is_ascii() => c,
            _ => '·',
        })
        .collect()
}

fn assert_one_mark_per_fact(dir: &Path, html: &str) {
    let mut want = facts_of_ok_docs(dir);
    // Only the documents the page shows (the first 200 by source) have their facts marked.
    let shown: HashSet<String> = html
        .split("<section class=\"doc\" id=\"d-")
        .skip(1)
        .map(|s| s.split_once("\">").unwrap().0.to_string())
        .collect();
    let docs = read(dir, "documents");
    let shown_ids: HashSet<String> = strs(&docs, "doc_id")
        .into_iter()
        .zip(strs(&docs, "source"))
        .filter(|(_, s)| shown.contains(&unescape(s.as_deref().unwrap())))
        .map(|(d, _)| d.unwrap())
        .collect();
    want.retain(|_, (doc, _)| shown_ids.contains(doc));
    let got = marks(html);
    assert_eq!(got.len(), want.len(), "marks vs facts of ok documents");
    let ids: HashSet<&str> = got.iter().map(|m| m.0.as_str()).collect();
    assert_eq!(ids.len(), got.len(), "a fact is marked twice");
    let mut placed = 0;
    for (id, class, title, inner) in &got {
        let fact_id = id.strip_prefix("f-").unwrap();
        let (_, text) = want
            .get(fact_id)
            .unwrap_or_else(|| panic!("{fact_id} is no fact"));
        assert!(title.contains(" · "), "{title}");
        if class.contains("unplaced") {
            assert_eq!(inner, text);
        } else {
            placed += 1;
            assert_eq!(fold(inner), fold(text), "{fact_id}");
        }
    }
    // Placing facts back in the clean text must work for (nearly) all of them.
    assert!(
        placed * 10 >= got.len() * 9,
        "{placed} of {} placed",
        got.len()
    );
}

fn assert_self_contained(html: &str) {
    for bad in [
        "<script",
        "<link",
        "<img",
        "<iframe",
        "src=",
        "url(",
        "@import",
        "@font-face",
    ] {
        assert!(!html.contains(bad), "report.html contains {bad}");
    }
    for href in html.split("href=\"").skip(1) {
        assert!(
            href.starts_with('#'),
            "external link: {}",
            &href[..40.min(href.len())]
        );
    }
}

#[test]
fn report_marks_every_fact_once_with_its_value_year_and_status() {
    let out = fixture::seeded();
    let path = write_report(out.path()).unwrap();
    assert_eq!(path, out.path().join("report.html"));
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_one_mark_per_fact(out.path(), &html);
    assert_self_contained(&html);
    // The first gold fact of 000: 6.6万 → 66000 person, 2024, actual.
    let first = marks(&html).into_iter().next().unwrap();
    assert_eq!(first.3, "6.6万");
    assert_eq!(first.2, "66000 person · 2024 · actual");
    assert_eq!(first.1, "actual");
    // Every document is shown with its source as heading.
    for doc in fixture::stage(out.path()) {
        assert!(html.contains(&format!("<h2>{}</h2>", doc.source)));
    }
}

#[test]
fn report_has_the_year_over_year_and_plan_tables_per_region() {
    let out = fixture::seeded();
    let html = std::fs::read_to_string(write_report(out.path()).unwrap()).unwrap();
    let yoy = read(out.path(), "yoy");
    let pva = read(out.path(), "plan_vs_actual");
    let region_part = html.split("<h2>By region").nth(1).unwrap();
    assert_eq!(
        region_part.matches("<tr><td").count(),
        yoy.height() + pva.height()
    );
    for r in strs(&yoy, "region").into_iter().chain(strs(&pva, "region")) {
        let r = r.unwrap_or_else(|| "(no region)".into());
        assert!(region_part.contains(&format!("<h3>{r}</h3>")), "{r}");
    }
}

#[test]
fn report_as_run_agrees_with_facts_parquet() {
    let out = fixture::as_run();
    let html = std::fs::read_to_string(write_report(out.path()).unwrap()).unwrap();
    assert_one_mark_per_fact(out.path(), &html);
    assert_self_contained(&html);
}

#[test]
fn report_is_deterministic() {
    let out = fixture::seeded();
    let a = std::fs::read(write_report(out.path()).unwrap()).unwrap();
    let b = std::fs::read(write_report(out.path()).unwrap()).unwrap();
    assert_eq!(a, b);
}

#[test]
fn report_shows_at_most_200_documents_escapes_html_and_shows_rejected_and_duplicate_rows() {
    let input = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(input.path().join(name), text).unwrap();
    let file = |i: usize| format!("2024年第{i}号文件:新建公园{i}个。\n");
    write("000_a.pdf", "%PDF-1.4");
    write("000_b.txt", &file(1));
    write(
        "000_tags.txt",
        "2024年<script>alert(\"x\")</script> & <b>民生实事</b>完成10件。\n",
    );
    for i in 1..=202 {
        write(&format!("{i:03}.txt"), &file(i));
    }
    let out = tempfile::tempdir().unwrap();
    let res = std::process::Command::new(env!("CARGO_BIN_EXE_minsheng"))
        .args(["run", "--input"])
        .arg(input.path())
        .arg("--output")
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(1), "one document is rejected");
    let html = std::fs::read_to_string(write_report(out.path()).unwrap()).unwrap();
    assert_eq!(html.matches("<section class=\"doc\"").count(), 200);
    assert!(html.contains("205 documents (203 ok, 1 rejected, 1 duplicate)"));
    assert!(html.contains("5 more are not shown"), "count of the rest");
    assert!(html.contains("<h2>197.txt</h2>") && !html.contains("<h2>198.txt</h2>"));
    assert!(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;"));
    let section = |source: &str| {
        let start = html.find(&format!("<h2>{source}</h2>")).unwrap();
        let len = html[start..].find("</section>").unwrap();
        html[start..start + len].to_string()
    };
    let rejected = section("000_a.pdf");
    assert!(rejected.contains("status rejected") && rejected.contains("class=\"bad\""));
    assert!(!rejected.contains("<div class=\"text\">"));
    // 001.txt has the bytes of 000_b.txt: its text (and facts) are shown once, under 000_b.txt.
    let duplicate = section("001.txt");
    assert!(duplicate.contains("status duplicate") && duplicate.contains("000_b.txt"));
    assert!(!duplicate.contains("<div class=\"text\">"));
    assert!(section("000_b.txt").contains("<div class=\"text\">"));
    assert_one_mark_per_fact(out.path(), &html);
    assert_self_contained(&html);
}

#[test]
fn report_without_the_ingest_stage_still_lists_every_fact() {
    let out = fixture::seeded();
    std::fs::remove_dir_all(out.path().join("_stages")).unwrap();
    let html = std::fs::read_to_string(write_report(out.path()).unwrap()).unwrap();
    assert!(html.contains("Cleaned texts are not available"));
    let marks = marks(&html);
    assert_eq!(marks.len(), facts_of_ok_docs(out.path()).len());
    assert!(marks.iter().all(|m| m.1.contains("unplaced")));
    assert_self_contained(&html);
}
