//! Rust values ↔ polars frames for the documents and facts tables.

use crate::model::{Approx, Date, Document, Fact, Measure, Region, Status};
use anyhow::{anyhow, Result};
use polars::prelude::*;

/// A documents row: what the documents table says of one file (no text).
#[derive(Debug, Clone, PartialEq)]
pub struct DocRow {
    pub doc_id: String,
    pub source: String,
    pub status: String,
    pub error: Option<String>,
    pub region: Option<Region>,
    pub published: Option<i32>,
    pub report_year: Option<i16>,
    pub script: String,
    pub encoding: String,
    pub n_facts: i32,
    pub removed_chars: i32,
}

impl DocRow {
    pub fn new(doc: &Document, n_facts: i32, report_year: Option<i16>) -> Self {
        DocRow {
            doc_id: doc.doc_id.clone(),
            source: doc.source.clone(),
            status: doc.status.as_str().into(),
            error: doc.error.clone(),
            region: doc.region.clone(),
            published: doc.published.map(Date::days_since_epoch),
            report_year,
            script: doc.script.as_str().into(),
            encoding: doc.encoding.clone(),
            n_facts,
            removed_chars: doc.removed_chars as i32,
        }
    }
}

pub fn documents_frame(rows: &[DocRow]) -> Result<DataFrame> {
    let s =
        |f: fn(&DocRow) -> Option<String>| -> Vec<Option<String>> { rows.iter().map(f).collect() };
    let cols = vec![
        Column::new("doc_id".into(), s(|r| Some(r.doc_id.clone()))),
        Column::new("source".into(), s(|r| Some(r.source.clone()))),
        Column::new("status".into(), s(|r| Some(r.status.clone()))),
        Column::new("error".into(), s(|r| r.error.clone())),
        Column::new(
            "region".into(),
            s(|r| r.region.as_ref().map(|g| g.name.clone())),
        ),
        Column::new(
            "region_code".into(),
            s(|r| r.region.as_ref().map(|g| g.code.clone())),
        ),
        Column::new(
            "admin_level".into(),
            s(|r| r.region.as_ref().map(|g| g.level.clone())),
        ),
        Column::new(
            "published".into(),
            rows.iter().map(|r| r.published).collect::<Vec<_>>(),
        )
        .cast(&DataType::Date)?,
        Column::new(
            "report_year".into(),
            rows.iter().map(|r| r.report_year).collect::<Vec<_>>(),
        ),
        Column::new("script".into(), s(|r| Some(r.script.clone()))),
        Column::new("encoding".into(), s(|r| Some(r.encoding.clone()))),
        Column::new(
            "n_facts".into(),
            rows.iter().map(|r| r.n_facts).collect::<Vec<i32>>(),
        ),
        Column::new(
            "removed_chars".into(),
            rows.iter().map(|r| r.removed_chars).collect::<Vec<i32>>(),
        ),
    ];
    Ok(DataFrame::new(rows.len(), cols)?)
}

/// The facts frame; `indicator` and `linked_by` are filled by aggregate (null here).
pub fn facts_frame(facts: &[Fact]) -> Result<DataFrame> {
    let s =
        |f: fn(&Fact) -> Option<String>| -> Vec<Option<String>> { facts.iter().map(f).collect() };
    let n = facts.len();
    let nulls: Vec<Option<String>> = vec![None; n];
    let cols = vec![
        Column::new("fact_id".into(), s(|f| Some(f.fact_id()))),
        Column::new("doc_id".into(), s(|f| Some(f.doc_id.clone()))),
        Column::new("text".into(), s(|f| Some(f.text.clone()))),
        Column::new(
            "start".into(),
            facts.iter().map(|f| f.start as i32).collect::<Vec<_>>(),
        ),
        Column::new(
            "end".into(),
            facts.iter().map(|f| f.end as i32).collect::<Vec<_>>(),
        ),
        Column::new("sentence".into(), s(|f| Some(f.sentence.clone()))),
        Column::new("subject".into(), s(|f| Some(f.subject.clone()))),
        Column::new("indicator".into(), nulls.clone()),
        Column::new("linked_by".into(), nulls),
        Column::new("sector".into(), s(|f| Some(f.sector.clone()))),
        Column::new("region".into(), s(|f| f.region.clone())),
        Column::new(
            "year".into(),
            facts.iter().map(|f| f.year).collect::<Vec<_>>(),
        ),
        Column::new("period".into(), s(|f| f.period.clone())),
        Column::new("status".into(), s(|f| Some(f.status.as_str().into()))),
        Column::new("measure".into(), s(|f| Some(f.measure.as_str().into()))),
        Column::new(
            "value".into(),
            facts.iter().map(|f| f.value).collect::<Vec<f64>>(),
        ),
        Column::new("unit".into(), s(|f| Some(f.unit.clone()))),
        Column::new("classifier".into(), s(|f| f.classifier.clone())),
        Column::new("approx".into(), s(|f| Some(f.approx.as_str().into()))),
        Column::new("raw_value".into(), s(|f| Some(f.raw_value.clone()))),
        Column::new("raw_unit".into(), s(|f| Some(f.raw_unit.clone()))),
        Column::new(
            "scale".into(),
            facts.iter().map(|f| f.scale).collect::<Vec<i8>>(),
        ),
        Column::new(
            "attainment_of".into(),
            facts
                .iter()
                .map(|f| f.attainment_of.map(|st| Fact::fact_id_of(&f.doc_id, st)))
                .collect::<Vec<Option<String>>>(),
        ),
    ];
    Ok(DataFrame::new(n, cols)?)
}

/// A string column as owned optional values.
pub fn str_col(df: &DataFrame, name: &str) -> Result<Vec<Option<String>>> {
    Ok(df
        .column(name)?
        .str()?
        .iter()
        .map(|v| v.map(str::to_string))
        .collect())
}

fn req(v: Option<String>, col: &str) -> Result<String> {
    v.ok_or_else(|| anyhow!("column {col} has a null value"))
}

/// Facts read back from a facts frame (as written by [`facts_frame`]).
pub fn facts_from_frame(df: &DataFrame) -> Result<Vec<Fact>> {
    let doc_id = str_col(df, "doc_id")?;
    let text = str_col(df, "text")?;
    let start: Vec<Option<i32>> = df.column("start")?.i32()?.iter().collect();
    let end: Vec<Option<i32>> = df.column("end")?.i32()?.iter().collect();
    let sentence = str_col(df, "sentence")?;
    let subject = str_col(df, "subject")?;
    let sector = str_col(df, "sector")?;
    let region = str_col(df, "region")?;
    let year: Vec<Option<i16>> = df.column("year")?.i16()?.iter().collect();
    let period = str_col(df, "period")?;
    let status = str_col(df, "status")?;
    let measure = str_col(df, "measure")?;
    let value: Vec<Option<f64>> = df.column("value")?.f64()?.iter().collect();
    let unit = str_col(df, "unit")?;
    let classifier = str_col(df, "classifier")?;
    let approx = str_col(df, "approx")?;
    let raw_value = str_col(df, "raw_value")?;
    let raw_unit = str_col(df, "raw_unit")?;
    let scale: Vec<Option<i8>> = df.column("scale")?.i8()?.iter().collect();
    let attainment_of = str_col(df, "attainment_of")?;
    let mut out = Vec::with_capacity(df.height());
    for i in 0..df.height() {
        let doc = req(doc_id[i].clone(), "doc_id")?;
        let attainment_of = attainment_of[i].as_deref().and_then(|id| {
            id.strip_prefix(doc.as_str())
                .and_then(|rest| rest.strip_prefix('-'))
                .and_then(|n| n.parse().ok())
        });
        out.push(Fact {
            doc_id: doc,
            text: req(text[i].clone(), "text")?,
            start: start[i].unwrap_or(0) as u32,
            end: end[i].unwrap_or(0) as u32,
            sentence: sentence[i].clone().unwrap_or_default(),
            subject: subject[i].clone().unwrap_or_default(),
            sector: sector[i].clone().unwrap_or_default(),
            region: region[i].clone(),
            year: year[i],
            period: period[i].clone(),
            status: match status[i].as_deref() {
                Some("target") => Status::Target,
                _ => Status::Actual,
            },
            measure: match measure[i].as_deref() {
                Some("change") => Measure::Change,
                _ => Measure::Level,
            },
            value: value[i].unwrap_or(f64::NAN),
            unit: unit[i].clone().unwrap_or_default(),
            classifier: classifier[i].clone(),
            approx: match approx[i].as_deref() {
                Some("about") => Approx::About,
                Some("at_least") => Approx::AtLeast,
                Some("more_than") => Approx::MoreThan,
                Some("at_most") => Approx::AtMost,
                _ => Approx::Exact,
            },
            raw_value: raw_value[i].clone().unwrap_or_default(),
            raw_unit: raw_unit[i].clone().unwrap_or_default(),
            scale: scale[i].unwrap_or(0),
            attainment_of,
        });
    }
    Ok(out)
}

/// Documents rows read back from a documents frame.
pub fn documents_from_frame(df: &DataFrame) -> Result<Vec<DocRow>> {
    let doc_id = str_col(df, "doc_id")?;
    let source = str_col(df, "source")?;
    let status = str_col(df, "status")?;
    let error = str_col(df, "error")?;
    let region = str_col(df, "region")?;
    let region_code = str_col(df, "region_code")?;
    let admin_level = str_col(df, "admin_level")?;
    let published_col = df.column("published")?.cast(&DataType::Int32)?;
    let published: Vec<Option<i32>> = published_col.i32()?.iter().collect();
    let report_year: Vec<Option<i16>> = df.column("report_year")?.i16()?.iter().collect();
    let script = str_col(df, "script")?;
    let encoding = str_col(df, "encoding")?;
    let n_facts: Vec<Option<i32>> = df.column("n_facts")?.i32()?.iter().collect();
    let removed: Vec<Option<i32>> = df.column("removed_chars")?.i32()?.iter().collect();
    let mut out = Vec::with_capacity(df.height());
    for i in 0..df.height() {
        out.push(DocRow {
            doc_id: req(doc_id[i].clone(), "doc_id")?,
            source: req(source[i].clone(), "source")?,
            status: req(status[i].clone(), "status")?,
            error: error[i].clone(),
            region: match (&region[i], &region_code[i], &admin_level[i]) {
                (Some(n), Some(c), Some(l)) => Some(Region {
                    name: n.clone(),
                    code: c.clone(),
                    level: l.clone(),
                }),
                _ => None,
            },
            published: published[i],
            report_year: report_year[i],
            script: script[i].clone().unwrap_or_default(),
            encoding: encoding[i].clone().unwrap_or_default(),
            n_facts: n_facts[i].unwrap_or(0),
            removed_chars: removed[i].unwrap_or(0),
        });
    }
    Ok(out)
}
