//! Linking facts to indicators: the catalog first, then a key derived from the subject.

use crate::catalog::indicators::{derived_key, Catalog};
use crate::frames::str_col;
use crate::ingest::region;
use anyhow::Result;
use polars::prelude::*;

/// Fills `indicator` and `linked_by`, and adds a working `region_code` column.
pub fn link_facts(facts: DataFrame, catalog: &Catalog) -> Result<DataFrame> {
    let subjects = str_col(&facts, "subject")?;
    let units = str_col(&facts, "unit")?;
    let sentences = str_col(&facts, "sentence")?;
    let regions = str_col(&facts, "region")?;
    let n = facts.height();
    let mut indicator = Vec::with_capacity(n);
    let mut linked_by = Vec::with_capacity(n);
    for i in 0..n {
        let subject = subjects[i].as_deref().unwrap_or("");
        let unit = units[i].as_deref().unwrap_or("");
        let sentence = sentences[i].as_deref().unwrap_or("");
        if let Some(ind) = catalog.link(subject, unit, sentence) {
            indicator.push(Some(ind.key.clone()));
            linked_by.push(Some("catalog".to_string()));
        } else if !subject.is_empty() {
            indicator.push(Some(derived_key(subject, unit)));
            linked_by.push(Some("subject".to_string()));
        } else {
            indicator.push(None);
            linked_by.push(None);
        }
    }
    let region_code: Vec<Option<String>> = regions
        .iter()
        .map(|r| {
            r.as_deref()
                .and_then(|name| region::lookup(name, None))
                .map(|reg| reg.code)
        })
        .collect();
    let mut out = facts;
    out.with_column(Column::new("indicator".into(), indicator))?;
    out.with_column(Column::new("linked_by".into(), linked_by))?;
    out.with_column(Column::new("region_code".into(), region_code))?;
    Ok(out)
}
