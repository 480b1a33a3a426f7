//! `minsheng catalog-report`: how well the indicator catalog covers the facts, so it can grow
//! from real data: the most frequent unlinked subjects, entries that matched nothing, entries
//! matched by a single fact.

use crate::catalog::indicators::Catalog;
use crate::frames::str_col;
use anyhow::Result;
use polars::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

/// Coverage figures of a catalog over linked facts.
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogReport {
    pub facts: usize,
    pub linked_by_catalog: usize,
    /// (subject, unit, facts), most frequent first.
    pub unlinked: Vec<(String, String, usize)>,
    /// Keys of entries no fact linked to.
    pub unused: Vec<String>,
    /// Keys of entries exactly one fact linked to.
    pub single: Vec<String>,
}

impl CatalogReport {
    /// Share of facts linked to a catalog entry.
    pub fn link_share(&self) -> f64 {
        if self.facts == 0 {
            0.0
        } else {
            self.linked_by_catalog as f64 / self.facts as f64
        }
    }

    /// The report as Markdown, listing at most `top` unlinked subjects.
    pub fn markdown(&self, top: usize) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "# Catalog report\n\n{} of {} facts ({:.1}%) link to a catalog entry.\n",
            self.linked_by_catalog,
            self.facts,
            100.0 * self.link_share()
        );
        let _ = writeln!(
            s,
            "## Most frequent unlinked subjects\n\n| facts | subject | unit |\n|---|---|---|"
        );
        for (subject, unit, n) in self.unlinked.iter().take(top) {
            let _ = writeln!(s, "| {n} | {subject} | {unit} |");
        }
        let _ = writeln!(
            s,
            "\n## Entries that matched nothing ({})\n\n{}\n",
            self.unused.len(),
            self.unused.join(", ")
        );
        let _ = writeln!(
            s,
            "## Entries matched by a single fact ({})\n\n{}",
            self.single.len(),
            self.single.join(", ")
        );
        s
    }
}

/// Builds the report from a linked facts frame (as aggregate writes it).
pub fn catalog_report(facts: &DataFrame, catalog: &Catalog) -> Result<CatalogReport> {
    let subject = str_col(facts, "subject")?;
    let unit = str_col(facts, "unit")?;
    let indicator = str_col(facts, "indicator")?;
    let linked_by = str_col(facts, "linked_by")?;
    let mut per_entry: HashMap<&str, usize> = HashMap::new();
    let mut unlinked: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut linked = 0;
    for i in 0..facts.height() {
        if linked_by[i].as_deref() == Some(super::link::LINKED_BY_CATALOG) {
            linked += 1;
            if let Some(key) = indicator[i].as_deref() {
                *per_entry.entry(key).or_default() += 1;
            }
        } else {
            *unlinked
                .entry((
                    subject[i].clone().unwrap_or_default(),
                    unit[i].clone().unwrap_or_default(),
                ))
                .or_default() += 1;
        }
    }
    let mut unlinked: Vec<(String, String, usize)> =
        unlinked.into_iter().map(|((s, u), n)| (s, u, n)).collect();
    unlinked.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| (&a.0, &a.1).cmp(&(&b.0, &b.1))));
    let keys = catalog.entries().iter().map(|e| e.key.clone());
    let (mut unused, mut single) = (Vec::new(), Vec::new());
    for key in keys {
        match per_entry.get(key.as_str()) {
            None => unused.push(key),
            Some(1) => single.push(key),
            Some(_) => {}
        }
    }
    Ok(CatalogReport {
        facts: facts.height(),
        linked_by_catalog: linked,
        unlinked,
        unused,
        single,
    })
}
