//! Rust values ↔ polars frames for the documents and facts tables.

use crate::model::{Document, Fact};
use anyhow::Result;
use polars::prelude::*;

/// A documents row: the ingested document plus what extraction learned.
pub struct DocRow<'a> {
    pub doc: &'a Document,
    pub n_facts: i32,
    pub report_year: Option<i16>,
}

pub fn documents_frame(rows: &[DocRow]) -> Result<DataFrame> {
    let d = |f: fn(&Document) -> Option<String>| -> Vec<Option<String>> {
        rows.iter().map(|r| f(r.doc)).collect()
    };
    let n = rows.len();
    let published: Vec<Option<i32>> = rows
        .iter()
        .map(|r| r.doc.published.map(|p| p.days_since_epoch()))
        .collect();
    let cols = vec![
        Column::new("doc_id".into(), d(|x| Some(x.doc_id.clone()))),
        Column::new("source".into(), d(|x| Some(x.source.clone()))),
        Column::new("status".into(), d(|x| Some(x.status.as_str().into()))),
        Column::new("error".into(), d(|x| x.error.clone())),
        Column::new(
            "region".into(),
            d(|x| x.region.as_ref().map(|r| r.name.clone())),
        ),
        Column::new(
            "region_code".into(),
            d(|x| x.region.as_ref().map(|r| r.code.clone())),
        ),
        Column::new(
            "admin_level".into(),
            d(|x| x.region.as_ref().map(|r| r.level.clone())),
        ),
        Column::new("published".into(), published).cast(&DataType::Date)?,
        Column::new(
            "report_year".into(),
            rows.iter().map(|r| r.report_year).collect::<Vec<_>>(),
        ),
        Column::new("script".into(), d(|x| Some(x.script.as_str().into()))),
        Column::new("encoding".into(), d(|x| Some(x.encoding.clone()))),
        Column::new(
            "n_facts".into(),
            rows.iter().map(|r| r.n_facts).collect::<Vec<i32>>(),
        ),
        Column::new(
            "removed_chars".into(),
            rows.iter()
                .map(|r| r.doc.removed_chars as i32)
                .collect::<Vec<i32>>(),
        ),
    ];
    Ok(DataFrame::new(n, cols)?)
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
