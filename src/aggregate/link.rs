//! Linking facts to indicators: the catalog first, then a key derived from the subject.

use crate::catalog::indicators::{derived_key, Catalog};
use crate::frames::facts_frame;
use crate::ingest::region;
use crate::model::Fact;
use anyhow::Result;
use polars::prelude::*;
use rayon::prelude::*;

/// The facts frame with `indicator` and `linked_by` filled, and a working `region_code` column.
/// Links in parallel, straight from the facts (no second copy of them).
pub fn link_facts(facts: &[Fact], catalog: &Catalog) -> Result<DataFrame> {
    let links: Vec<(Option<String>, Option<&str>, Option<String>)> = facts
        .par_iter()
        .map(|f| {
            let (indicator, linked_by) = if let Some(ind) = catalog.link_fact(f) {
                (Some(ind.key.clone()), Some("catalog"))
            } else if !f.subject.is_empty() {
                (Some(derived_key(&f.subject, &f.unit)), Some("subject"))
            } else {
                (None, None)
            };
            let code = f
                .region
                .as_deref()
                .and_then(|name| region::lookup(name, None))
                .map(|reg| reg.code);
            (indicator, linked_by, code)
        })
        .collect();
    let mut indicator = Vec::with_capacity(links.len());
    let mut linked_by = Vec::with_capacity(links.len());
    let mut region_code = Vec::with_capacity(links.len());
    for (i, l, c) in links {
        indicator.push(i);
        linked_by.push(l);
        region_code.push(c);
    }
    let mut out = facts_frame(facts)?;
    out.with_column(Column::new("indicator".into(), indicator))?;
    out.with_column(Column::new("linked_by".into(), linked_by))?;
    out.with_column(Column::new("region_code".into(), region_code))?;
    Ok(out)
}
