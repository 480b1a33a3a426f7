//! Linking facts to indicators: the catalog first, then a key derived from the subject.

use crate::catalog::indicators::{derived_key, Catalog};
use crate::frames::facts_frame;
use crate::model::Fact;
use anyhow::Result;
use polars::prelude::*;
use rayon::prelude::*;

/// A fact's link: its indicator key and how it was found (`catalog` or `subject`), both null
/// when it has none.
pub type Linked = (Option<String>, Option<&'static str>);

/// The facts frame with `indicator` and `linked_by` filled. Links in parallel, straight from the
/// facts (no second copy of them).
pub fn link_facts(facts: &[Fact], catalog: &Catalog) -> Result<DataFrame> {
    link_facts_reusing(facts, Vec::new(), catalog)
}

/// [`link_facts`], keeping the links in `known` (by position; `None`, or a position past its
/// end, is linked here): facts read back from a table the same catalog linked keep theirs.
pub fn link_facts_reusing(
    facts: &[Fact],
    mut known: Vec<Option<Linked>>,
    catalog: &Catalog,
) -> Result<DataFrame> {
    known.resize(facts.len(), None);
    let links: Vec<Linked> = facts
        .par_iter()
        .zip(known.into_par_iter())
        .map(|(f, known)| known.unwrap_or_else(|| link_one(f, catalog)))
        .collect();
    let (indicator, linked_by): (Vec<_>, Vec<_>) = links.into_iter().unzip();
    let mut out = facts_frame(facts)?;
    out.with_column(Column::new("indicator".into(), indicator))?;
    out.with_column(Column::new("linked_by".into(), linked_by))?;
    Ok(out)
}

fn link_one(f: &Fact, catalog: &Catalog) -> Linked {
    if let Some(ind) = catalog.link_fact(f) {
        (Some(ind.key.clone()), Some(LINKED_BY_CATALOG))
    } else if !f.subject.is_empty() {
        (
            Some(derived_key(&f.subject, &f.unit)),
            Some(LINKED_BY_SUBJECT),
        )
    } else {
        (None, None)
    }
}

/// `linked_by` of a fact a catalog entry links.
pub const LINKED_BY_CATALOG: &str = "catalog";
/// `linked_by` of a fact linked by a key derived from its subject.
pub const LINKED_BY_SUBJECT: &str = "subject";

/// A `linked_by` value read back from a table, as the constant it was written from.
pub fn linked_by(value: Option<&str>) -> Option<&'static str> {
    match value? {
        LINKED_BY_CATALOG => Some(LINKED_BY_CATALOG),
        LINKED_BY_SUBJECT => Some(LINKED_BY_SUBJECT),
        _ => None,
    }
}
