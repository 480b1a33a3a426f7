//! Linking facts to indicators: the catalog first, then a key derived from the subject.

use crate::catalog::indicators::{derived_key, Catalog};
use crate::frames::facts_from_frame;
use crate::ingest::region;
use anyhow::Result;
use polars::prelude::*;

/// Fills `indicator` and `linked_by`, and adds a working `region_code` column.
pub fn link_facts(facts: DataFrame, catalog: &Catalog) -> Result<DataFrame> {
    let rows = facts_from_frame(&facts)?;
    let mut indicator = Vec::with_capacity(rows.len());
    let mut linked_by = Vec::with_capacity(rows.len());
    let mut region_code = Vec::with_capacity(rows.len());
    for f in &rows {
        if let Some(ind) = catalog.link_fact(f) {
            indicator.push(Some(ind.key.clone()));
            linked_by.push(Some("catalog"));
        } else if !f.subject.is_empty() {
            indicator.push(Some(derived_key(&f.subject, &f.unit)));
            linked_by.push(Some("subject"));
        } else {
            indicator.push(None);
            linked_by.push(None);
        }
        region_code.push(
            f.region
                .as_deref()
                .and_then(|name| region::lookup(name, None))
                .map(|reg| reg.code),
        );
    }
    let mut out = facts;
    out.with_column(Column::new("indicator".into(), indicator))?;
    out.with_column(Column::new("linked_by".into(), linked_by))?;
    out.with_column(Column::new("region_code".into(), region_code))?;
    Ok(out)
}
