//! Looking at the output: `show` prints one fact or one document with its source span
//! highlighted, for a terminal; `html` writes a self-contained `report.html` of the documents
//! with every fact marked, and the year-over-year tables per region.
//!
//! Input: an output directory as `minsheng run` leaves it (the Parquet tables, and
//! `_stages/ingest.jsonl` for the cleaned texts); `show` also reads the raw files under the
//! input directory. Output: text (show) or one HTML file (html). Offsets in the tables count
//! Unicode code points in the raw text; the helpers here convert them to byte positions.

pub mod html;
pub mod show;

pub use html::write_report;
pub use show::{show_doc, show_fact};

use crate::model::Document;
use crate::schema;
use crate::tables;
use anyhow::{Context, Result};
use polars::prelude::*;
use std::io::BufRead;
use std::path::Path;

/// One row of documents.parquet, as the report needs it.
#[derive(Debug, Clone)]
pub struct DocInfo {
    pub doc_id: String,
    pub source: String,
    pub status: String,
    pub error: Option<String>,
    pub region: Option<String>,
    pub region_code: Option<String>,
    pub admin_level: Option<String>,
    pub report_year: Option<i64>,
    pub script: String,
    pub encoding: String,
    pub n_facts: i64,
}

/// One row of facts.parquet, as the report needs it.
#[derive(Debug, Clone)]
pub struct FactInfo {
    pub fact_id: String,
    pub doc_id: String,
    pub text: String,
    /// Raw code-point offsets, `[start, end)`.
    pub start: usize,
    pub end: usize,
    pub sentence: String,
    pub subject: String,
    pub indicator: Option<String>,
    pub linked_by: Option<String>,
    pub sector: String,
    pub region: Option<String>,
    pub year: Option<i64>,
    pub period: Option<String>,
    pub status: String,
    pub measure: String,
    pub value: f64,
    pub unit: String,
    pub classifier: Option<String>,
    pub approx: String,
    pub raw_value: String,
    pub raw_unit: String,
}

/// A string column by name; a missing column reads as all null (older tables).
fn strs(df: &DataFrame, name: &str) -> Result<Vec<Option<String>>> {
    let Ok(c) = df.column(name) else {
        return Ok(vec![None; df.height()]);
    };
    let c = c.cast(&DataType::String)?;
    Ok(c.str()?.iter().map(|v| v.map(str::to_string)).collect())
}

fn ints(df: &DataFrame, name: &str) -> Result<Vec<Option<i64>>> {
    let Ok(c) = df.column(name) else {
        return Ok(vec![None; df.height()]);
    };
    let c = c.cast(&DataType::Int64)?;
    Ok(c.i64()?.iter().collect())
}

fn floats(df: &DataFrame, name: &str) -> Result<Vec<Option<f64>>> {
    let Ok(c) = df.column(name) else {
        return Ok(vec![None; df.height()]);
    };
    let c = c.cast(&DataType::Float64)?;
    Ok(c.f64()?.iter().collect())
}

/// Every row of documents.parquet, in source order.
pub fn load_documents(output_dir: &Path) -> Result<Vec<DocInfo>> {
    let df = tables::read(output_dir, &schema::DOCUMENTS)?;
    let (doc_id, source, status, error) = (
        strs(&df, "doc_id")?,
        strs(&df, "source")?,
        strs(&df, "status")?,
        strs(&df, "error")?,
    );
    let (region, region_code, admin_level) = (
        strs(&df, "region")?,
        strs(&df, "region_code")?,
        strs(&df, "admin_level")?,
    );
    let (report_year, script, encoding, n_facts) = (
        ints(&df, "report_year")?,
        strs(&df, "script")?,
        strs(&df, "encoding")?,
        ints(&df, "n_facts")?,
    );
    let mut out: Vec<DocInfo> = (0..df.height())
        .map(|i| DocInfo {
            doc_id: doc_id[i].clone().unwrap_or_default(),
            source: source[i].clone().unwrap_or_default(),
            status: status[i].clone().unwrap_or_default(),
            error: error[i].clone(),
            region: region[i].clone(),
            region_code: region_code[i].clone(),
            admin_level: admin_level[i].clone(),
            report_year: report_year[i],
            script: script[i].clone().unwrap_or_default(),
            encoding: encoding[i].clone().unwrap_or_default(),
            n_facts: n_facts[i].unwrap_or(0),
        })
        .collect();
    out.sort_by(|a, b| a.source.cmp(&b.source));
    Ok(out)
}

/// Every row of facts.parquet, in (doc_id, start) order.
pub fn load_facts(output_dir: &Path) -> Result<Vec<FactInfo>> {
    Ok(load_facts_of(output_dir, |_| true)?.0)
}

/// The facts of the documents whose doc_id `keep` accepts, in (doc_id, start) order, and the
/// number of facts in the table. Reads the table a row group at a time, so only the kept facts
/// are held in memory.
pub fn load_facts_of(
    output_dir: &Path,
    keep: impl Fn(&str) -> bool,
) -> Result<(Vec<FactInfo>, usize)> {
    let chunks = tables::TableChunks::open(output_dir, &schema::FACTS, None)?;
    let total = chunks.num_rows();
    let mut out = Vec::new();
    for df in chunks {
        let df = df?;
        let mask: BooleanChunked = df
            .column("doc_id")?
            .str()?
            .iter()
            .map(|d| d.is_some_and(&keep))
            .collect();
        out.extend(fact_infos(&df.filter(&mask)?)?);
    }
    out.sort_by(|a, b| (&a.doc_id, a.start).cmp(&(&b.doc_id, b.start)));
    Ok((out, total))
}

fn fact_infos(df: &DataFrame) -> Result<Vec<FactInfo>> {
    let s = |n: &str| strs(df, n);
    let (fact_id, doc_id, text, sentence, subject) = (
        s("fact_id")?,
        s("doc_id")?,
        s("text")?,
        s("sentence")?,
        s("subject")?,
    );
    let (indicator, linked_by, sector, region, period) = (
        s("indicator")?,
        s("linked_by")?,
        s("sector")?,
        s("region")?,
        s("period")?,
    );
    let (status, measure, unit, classifier, approx) = (
        s("status")?,
        s("measure")?,
        s("unit")?,
        s("classifier")?,
        s("approx")?,
    );
    let (raw_value, raw_unit) = (s("raw_value")?, s("raw_unit")?);
    let (start, end, year) = (ints(df, "start")?, ints(df, "end")?, ints(df, "year")?);
    let value = floats(df, "value")?;
    let off = |v: Option<i64>| v.and_then(|x| usize::try_from(x).ok()).unwrap_or(0);
    let out: Vec<FactInfo> = (0..df.height())
        .map(|i| FactInfo {
            fact_id: fact_id[i].clone().unwrap_or_default(),
            doc_id: doc_id[i].clone().unwrap_or_default(),
            text: text[i].clone().unwrap_or_default(),
            start: off(start[i]),
            end: off(end[i]),
            sentence: sentence[i].clone().unwrap_or_default(),
            subject: subject[i].clone().unwrap_or_default(),
            indicator: indicator[i].clone(),
            linked_by: linked_by[i].clone(),
            sector: sector[i].clone().unwrap_or_default(),
            region: region[i].clone(),
            year: year[i],
            period: period[i].clone(),
            status: status[i].clone().unwrap_or_default(),
            measure: measure[i].clone().unwrap_or_default(),
            value: value[i].unwrap_or(f64::NAN),
            unit: unit[i].clone().unwrap_or_default(),
            classifier: classifier[i].clone(),
            approx: approx[i].clone().unwrap_or_default(),
            raw_value: raw_value[i].clone().unwrap_or_default(),
            raw_unit: raw_unit[i].clone().unwrap_or_default(),
        })
        .collect();
    Ok(out)
}

/// The documents of `_stages/ingest.jsonl` (cleaned texts with their offset maps) whose source
/// `keep` accepts. Streams the file, so only the kept documents are held in memory.
pub fn load_stage(output_dir: &Path, keep: impl Fn(&str) -> bool) -> Result<Vec<Document>> {
    let path = output_dir.join("_stages").join("ingest.jsonl");
    let file = std::fs::File::open(&path).with_context(|| {
        format!(
            "cannot open {} (run `minsheng run` or `minsheng ingest` first)",
            path.display()
        )
    })?;
    let mut docs = Vec::new();
    for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("{}: line {}", path.display(), n + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        if crate::model::stage_line_head(&line).is_some_and(|(_, source)| !keep(&source)) {
            continue;
        }
        let doc: Document = serde_json::from_str(&line)
            .with_context(|| format!("{}: line {}: not a document", path.display(), n + 1))?;
        if keep(&doc.source) {
            docs.push(doc);
        }
    }
    Ok(docs)
}

/// Byte offset of every code point of `s`, plus `s.len()` at the end, so that
/// `&s[b[i]..b[j]]` is the code-point range `[i, j)`.
pub(crate) fn char_bytes(s: &str) -> Vec<usize> {
    let mut b: Vec<usize> = s.char_indices().map(|(i, _)| i).collect();
    b.push(s.len());
    b
}

/// A number as people write it: `28000`, `2.5`, never `28000.0`.
pub(crate) fn fmt_value(v: f64) -> String {
    if v.is_finite() && v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// `value unit`, with the classifier for item counts (`169 item(个)`).
pub(crate) fn fmt_quantity(f: &FactInfo) -> String {
    match &f.classifier {
        Some(c) => format!("{} {}({})", fmt_value(f.value), f.unit, c),
        None => format!("{} {}", fmt_value(f.value), f.unit),
    }
}
