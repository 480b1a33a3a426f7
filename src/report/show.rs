//! `minsheng show`: one fact, or one document with all its facts, traced back to the raw file.
//!
//! Input: the output directory (documents.parquet, facts.parquet) and the input directory the
//! run read (the raw files, decoded with the encoding documents.parquet names). Output: plain
//! text for a terminal, the raw spans highlighted with ANSI reverse video when `color`, with
//! `[[…]]` otherwise.

use super::{char_bytes, fmt_quantity, load_documents, load_facts, load_stage};
use super::{DocInfo, FactInfo};
use anyhow::{bail, Result};
use std::fmt::Write as _;
use std::path::Path;

/// Lines of context shown around a fact.
const CONTEXT_LINES: usize = 2;
/// At most this many characters of context either side of a fact (pages on one line).
const CONTEXT_CHARS: usize = 240;

fn open(color: bool) -> &'static str {
    if color {
        "\x1b[1;7m"
    } else {
        "[["
    }
}

fn close(color: bool) -> &'static str {
    if color {
        "\x1b[0m"
    } else {
        "]]"
    }
}

fn or_dash(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("—")
}

/// The raw text of a document, decoded as the run decoded it, and where it came from.
struct RawText {
    text: String,
    origin: String,
    note: Option<String>,
}

fn raw_text(output_dir: &Path, input_dir: &Path, doc: &DocInfo) -> Result<RawText> {
    let path = input_dir.join(&doc.source);
    match std::fs::read(&path) {
        Ok(bytes) => {
            let enc = encoding_rs::Encoding::for_label(doc.encoding.as_bytes())
                .unwrap_or(encoding_rs::UTF_8);
            // decode() sniffs and drops a BOM, as the contract's offsets expect.
            let (text, used, had_errors) = enc.decode(&bytes);
            let note = had_errors.then(|| {
                format!(
                    "{} does not decode cleanly as {}: offsets may not match",
                    path.display(),
                    used.name()
                )
            });
            Ok(RawText {
                text: text.into_owned(),
                origin: path.display().to_string(),
                note,
            })
        }
        Err(e) => {
            let kept = load_stage(output_dir, |s| s == doc.source)
                .ok()
                .into_iter()
                .flatten()
                .find(|d| !d.raw.is_empty());
            match kept {
                Some(d) => Ok(RawText {
                    text: d.raw,
                    origin: format!("{}/_stages/ingest.jsonl", output_dir.display()),
                    note: Some(format!(
                        "{} cannot be read ({e}); showing the raw text kept by ingest",
                        path.display()
                    )),
                }),
                None => bail!(
                    "{}: cannot read the source file of document {}: {e} (pass --input with the \
                     directory the run read)",
                    path.display(),
                    doc.doc_id
                ),
            }
        }
    }
}

/// `text` with the code-point spans (sorted by start) wrapped in highlight markers. A span that
/// overlaps the previous one is clipped; spans past the end are cut at the end. Carriage returns
/// are dropped so a terminal does not overwrite the line.
fn highlight(text: &str, spans: &[(usize, usize)], color: bool) -> String {
    let b = char_bytes(text);
    let n = b.len() - 1;
    let mut out = String::with_capacity(text.len() + spans.len() * 8);
    let mut at = 0;
    for &(s, e) in spans {
        let s = s.max(at).min(n);
        let e = e.min(n);
        if e <= s {
            continue;
        }
        out.push_str(&text[b[at]..b[s]]);
        out.push_str(open(color));
        out.push_str(&text[b[s]..b[e]]);
        out.push_str(close(color));
        at = e;
    }
    out.push_str(&text[b[at]..]);
    out.replace('\r', "")
}

/// 1-based line number of code point `at`.
fn line_of(chars: &[char], at: usize) -> usize {
    chars[..at.min(chars.len())]
        .iter()
        .filter(|&&c| c == '\n')
        .count()
        + 1
}

/// The lines around `[start, end)`, numbered, with the span highlighted and the line holding it
/// marked with `>`.
fn excerpt(text: &str, start: usize, end: usize, color: bool) -> String {
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    let (start, end) = (start.min(n), end.min(n));
    // Walk back CONTEXT_LINES line breaks before the span and forward after it.
    let mut from = start;
    let mut breaks = 0;
    while from > 0 && start - from < CONTEXT_CHARS {
        if chars[from - 1] == '\n' {
            breaks += 1;
            if breaks > CONTEXT_LINES {
                break;
            }
        }
        from -= 1;
    }
    let mut to = end;
    breaks = 0;
    while to < n && to - end < CONTEXT_CHARS {
        if chars[to] == '\n' {
            breaks += 1;
            if breaks > CONTEXT_LINES {
                break;
            }
        }
        to += 1;
    }
    let piece: String = chars[from..to].iter().collect();
    let marked = highlight(&piece, &[(start - from, end - from)], color);
    let first = line_of(&chars, from);
    let (span_first, span_last) = (
        line_of(&chars, start),
        line_of(&chars, end.max(start + 1) - 1),
    );
    let mut out = String::new();
    for (i, line) in marked.split('\n').enumerate() {
        let no = first + i;
        let cut_before = i == 0 && from > 0 && chars[from - 1] != '\n';
        let cut_after = no == first + marked.matches('\n').count() && to < n && chars[to] != '\n';
        let mark = if (span_first..=span_last).contains(&no) {
            '>'
        } else {
            ' '
        };
        let _ = writeln!(
            out,
            "{mark}{no:>5} | {}{line}{}",
            if cut_before { "…" } else { "" },
            if cut_after { "…" } else { "" }
        );
    }
    out
}

fn not_found_fact(
    output_dir: &Path,
    fact_id: &str,
    facts: &[FactInfo],
    docs: &[DocInfo],
) -> String {
    let table = output_dir.join("facts.parquet");
    let mut msg = format!(
        "no fact with id {fact_id:?} in {} ({} facts)",
        table.display(),
        facts.len()
    );
    if docs
        .iter()
        .any(|d| d.doc_id == fact_id || d.source == fact_id)
    {
        msg.push_str(&format!(
            "; {fact_id:?} is a document: use `minsheng show --doc {fact_id}`"
        ));
    } else if let Some(f) = facts.first() {
        msg.push_str(&format!(
            "; fact ids are the doc_id and the raw start offset, e.g. {}. List a document's facts \
             with `minsheng show --doc DOC_ID`, or with DuckDB: SELECT fact_id, text FROM \
             read_parquet('{}') LIMIT 20",
            f.fact_id,
            table.display()
        ));
    } else {
        msg.push_str("; the table is empty: no facts were extracted in this run");
    }
    msg
}

fn fact_block(f: &FactInfo) -> String {
    let mut out = String::new();
    let year = f.year.map_or("—".to_string(), |y| y.to_string());
    let _ = writeln!(out, "  text       {}", f.text);
    let _ = writeln!(
        out,
        "  value      {}   (written {}{}, approx {})",
        fmt_quantity(f),
        f.raw_value,
        f.raw_unit,
        f.approx
    );
    let _ = writeln!(
        out,
        "  year       {year}{}   status {}   measure {}",
        f.period
            .as_deref()
            .map_or(String::new(), |p| format!(" ({p})")),
        f.status,
        f.measure
    );
    let _ = writeln!(out, "  subject    {}", f.subject);
    let _ = writeln!(out, "  region     {}", or_dash(&f.region));
    let _ = writeln!(
        out,
        "  indicator  {}   (linked by {}; sector {})",
        or_dash(&f.indicator),
        or_dash(&f.linked_by),
        f.sector
    );
    let _ = writeln!(out, "  sentence   {}", f.sentence);
    out
}

/// One fact: its row, its sentence, and the raw source around `[start, end)` with the span
/// highlighted.
pub fn show_fact(
    output_dir: &Path,
    input_dir: &Path,
    fact_id: &str,
    color: bool,
) -> Result<String> {
    let facts = load_facts(output_dir)?;
    let docs = load_documents(output_dir)?;
    let Some(f) = facts.iter().find(|f| f.fact_id == fact_id) else {
        bail!("{}", not_found_fact(output_dir, fact_id, &facts, &docs));
    };
    let Some(doc) = find_doc(&docs, &f.doc_id) else {
        bail!(
            "fact {fact_id} names document {} but {} has no such doc_id (tables from different runs?)",
            f.doc_id,
            output_dir.join("documents.parquet").display()
        );
    };
    let raw = raw_text(output_dir, input_dir, doc)?;
    let mut out = format!("fact {}\n", f.fact_id);
    out.push_str(&fact_block(f));
    let _ = writeln!(
        out,
        "source {}  [{}, {}) code points{}",
        raw.origin,
        f.start,
        f.end,
        raw.note
            .as_deref()
            .map_or(String::new(), |n| format!("\n  note: {n}"))
    );
    check_span(&mut out, &raw.text, f);
    out.push_str(&excerpt(&raw.text, f.start, f.end, color));
    Ok(out)
}

/// Adds a warning when the raw file no longer holds the fact's text at its offsets.
fn check_span(out: &mut String, raw: &str, f: &FactInfo) {
    let got: String = raw
        .chars()
        .skip(f.start)
        .take(f.end.saturating_sub(f.start))
        .collect();
    if got != f.text {
        let _ = writeln!(
            out,
            "  warning: raw[{}:{}] is {got:?}, facts.text is {:?} (file changed since the run?)",
            f.start, f.end, f.text
        );
    }
}

/// The document row for `id` (a doc_id or a source path); an `ok` row wins over its duplicates.
fn find_doc<'a>(docs: &'a [DocInfo], id: &str) -> Option<&'a DocInfo> {
    let mut hits = docs.iter().filter(|d| d.doc_id == id || d.source == id);
    let first = hits.next()?;
    if first.status == "ok" {
        return Some(first);
    }
    Some(hits.find(|d| d.status == "ok").unwrap_or(first))
}

/// One document: its row, its raw text with every fact highlighted, and its facts listed.
/// `doc_id` may also be the document's source path.
pub fn show_doc(output_dir: &Path, input_dir: &Path, doc_id: &str, color: bool) -> Result<String> {
    let docs = load_documents(output_dir)?;
    let Some(doc) = find_doc(&docs, doc_id) else {
        let table = output_dir.join("documents.parquet");
        let example = docs.first().map_or(String::new(), |d| {
            format!(", e.g. {} ({})", d.doc_id, d.source)
        });
        bail!(
            "no document with doc_id or source {doc_id:?} in {} ({} documents{example}); list them \
             with DuckDB: SELECT doc_id, source, status FROM read_parquet('{}')",
            table.display(),
            docs.len(),
            table.display()
        );
    };
    let facts: Vec<FactInfo> = load_facts(output_dir)?
        .into_iter()
        .filter(|f| f.doc_id == doc.doc_id)
        .collect();
    let mut out = format!("document {}\n", doc.doc_id);
    let _ = writeln!(out, "  source       {}", doc.source);
    let _ = writeln!(
        out,
        "  status       {}{}",
        doc.status,
        doc.error
            .as_deref()
            .map_or(String::new(), |e| format!(" ({e})"))
    );
    let _ = writeln!(
        out,
        "  region       {} ({}, {})",
        or_dash(&doc.region),
        or_dash(&doc.region_code),
        or_dash(&doc.admin_level)
    );
    let _ = writeln!(
        out,
        "  report_year  {}",
        doc.report_year.map_or("—".into(), |y| y.to_string())
    );
    let _ = writeln!(
        out,
        "  script       {}   encoding {}",
        doc.script, doc.encoding
    );
    let _ = writeln!(out, "  n_facts      {}", doc.n_facts);
    if doc.status == "rejected" {
        return Ok(out);
    }
    let raw = raw_text(output_dir, input_dir, doc)?;
    let rule = "─".repeat(60);
    let _ = writeln!(
        out,
        "\nraw text of {}, {} facts highlighted{}\n{rule}",
        raw.origin,
        facts.len(),
        raw.note
            .as_deref()
            .map_or(String::new(), |n| format!(" (note: {n})"))
    );
    let spans: Vec<(usize, usize)> = facts.iter().map(|f| (f.start, f.end)).collect();
    out.push_str(&highlight(&raw.text, &spans, color));
    if !out.ends_with('\n') {
        out.push('\n');
    }
    let _ = writeln!(out, "{rule}\n\nfacts ({}):", facts.len());
    for f in &facts {
        let _ = writeln!(
            out,
            "  {}  [{}, {})  {}  → {} · {} · {} · {} · {}",
            f.fact_id,
            f.start,
            f.end,
            f.text,
            fmt_quantity(f),
            f.year.map_or("—".into(), |y| y.to_string()),
            f.status,
            f.subject,
            or_dash(&f.indicator)
        );
        check_span(&mut out, &raw.text, f);
    }
    if facts.is_empty() {
        out.push_str("  (none)\n");
    }
    Ok(out)
}
