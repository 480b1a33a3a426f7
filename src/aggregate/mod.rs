//! Stage 3, aggregate: facts → the indicators, yoy and plan_vs_actual tables.
//!
//! [`link_facts`] fills `indicator` and `linked_by` of a batch of facts from the indicator
//! catalog; [`Aggregator`] (`stream.rs`) reduces the linked facts to records and gives the
//! indicators back a range of (region, indicator) pairs at a time; [`yoy`] and
//! [`plan_vs_actual`] compare within a range (polars). [`aggregate`] does all of it in memory for a slice of facts. No
//! file access here but the aggregator's spill file: the pipeline reads and writes the
//! tables.

pub mod catalog_report;
pub mod link;
pub mod stream;

use anyhow::Result;
use polars::prelude::*;

pub use link::{link_facts, link_facts_reusing, Linked};
pub use stream::{Aggregator, Finished, Range};

/// The frames aggregate produces.
pub struct Aggregates {
    pub facts: DataFrame,
    pub indicators: DataFrame,
    pub yoy: DataFrame,
    pub plan_vs_actual: DataFrame,
}

fn cols(names: &[&str]) -> Vec<Expr> {
    names.iter().map(|n| col(*n)).collect()
}

fn join_on(left: LazyFrame, right: LazyFrame, on: &[&str], how: JoinType) -> LazyFrame {
    let args = JoinArgs {
        nulls_equal: true,
        ..JoinArgs::new(how)
    };
    left.join(right, cols(on), cols(on), args)
}

/// Links facts to indicators and computes every aggregate table, all in memory (the pipeline
/// streams the same steps: [`link_facts`] per batch, [`Aggregator`], [`yoy`],
/// [`plan_vs_actual`]). Facts may come in any order.
pub fn aggregate(
    facts: &[crate::model::Fact],
    catalog: &crate::catalog::indicators::Catalog,
) -> Result<Aggregates> {
    let mut sorted: Vec<&crate::model::Fact> = facts.iter().collect();
    sorted.sort_by(|a, b| (&a.doc_id, a.start).cmp(&(&b.doc_id, b.start)));
    let sorted: Vec<crate::model::Fact> = sorted.into_iter().cloned().collect();
    let linked = link_facts(&sorted, catalog)?;
    let mut agg = Aggregator::new();
    agg.add(&sorted, &indicator_column(&linked)?)?;
    let done = agg.finish()?;
    // Empty tables with every column, then each range's rows in key order.
    let empty = Range::empty(&done);
    let (yoy_empty, pva_empty) = empty.comparisons()?;
    let mut tables = [empty.indicators(0..0)?, yoy_empty, pva_empty];
    for i in 0..done.ranges() {
        let range = done.range(i)?;
        let (yoy_part, pva_part) = range.comparisons()?;
        let parts = [range.indicators(0..range.len())?, yoy_part, pva_part];
        for (t, part) in tables.iter_mut().zip(parts) {
            t.vstack_mut_owned(part)?;
        }
    }
    let [indicators, yoy, plan_vs_actual] = tables;
    Ok(Aggregates {
        facts: linked,
        indicators,
        yoy,
        plan_vs_actual,
    })
}

/// The `indicator` column of a linked facts frame.
pub fn indicator_column(linked: &DataFrame) -> Result<Vec<Option<&str>>> {
    Ok(linked.column("indicator")?.str()?.iter().collect())
}

fn yoy_one(ind: &DataFrame, comparison: &str, cur: &str, prev: &str) -> LazyFrame {
    let series = ["region", "indicator", "unit"];
    let current = ind
        .clone()
        .lazy()
        .filter(col("status").eq(lit(cur)))
        .select([
            col("region"),
            col("indicator"),
            col("unit"),
            col("year"),
            col("value"),
        ]);
    let earlier = ind
        .clone()
        .lazy()
        .filter(col("status").eq(lit(prev)))
        .select([
            col("region"),
            col("indicator"),
            col("unit"),
            col("year").alias("prev_year"),
            col("value").alias("prev_value"),
        ]);
    join_on(current, earlier, &series, JoinType::Inner)
        .filter(col("prev_year").lt(col("year")))
        .sort(
            ["prev_year"],
            SortMultipleOptions::default()
                .with_order_descending(true)
                .with_maintain_order(true),
        )
        .group_by(cols(&["region", "indicator", "unit", "year"]))
        .agg([
            col("prev_year").first(),
            col("value").first(),
            col("prev_value").first(),
        ])
        .with_columns([
            lit(comparison).alias("comparison"),
            (col("value") - col("prev_value")).alias("delta"),
        ])
        .with_column(
            when(col("prev_value").eq(lit(0.0)))
                .then(lit(NULL).cast(DataType::Float64))
                .otherwise(col("delta") / col("prev_value") * lit(100.0))
                .alias("pct_change"),
        )
}

/// Year-over-year: each value against the latest earlier year that has one.
pub fn yoy(indicators: &DataFrame) -> Result<DataFrame> {
    let parts = [
        yoy_one(indicators, "actual_vs_actual", "actual", "actual"),
        yoy_one(indicators, "target_vs_target", "target", "target"),
        yoy_one(indicators, "target_vs_prev_actual", "target", "actual"),
    ];
    Ok(concat(parts, UnionArgs::default())?.collect()?)
}

/// Plan against result: every actual with a target of the same year or a stated attainment.
/// `indicators` holds region, indicator, unit, year, status and value ([`Finished::values`]);
/// `stated` the stated attainments ([`Finished::stated`]).
pub fn plan_vs_actual(stated: &DataFrame, indicators: &DataFrame) -> Result<DataFrame> {
    let key = ["region", "indicator", "unit", "year"];
    let by_status = |status: &str, name: &str| {
        indicators
            .clone()
            .lazy()
            .filter(col("status").eq(lit(status)))
            .select([
                col("region"),
                col("indicator"),
                col("unit"),
                col("year"),
                col("value").alias(name),
            ])
    };
    let stated = stated.clone().lazy();
    let out = join_on(
        join_on(
            by_status("actual", "actual"),
            by_status("target", "target"),
            &key,
            JoinType::Left,
        ),
        stated,
        &key,
        JoinType::Left,
    )
    .filter(
        col("target")
            .is_not_null()
            .or(col("stated_attainment_pct").is_not_null()),
    )
    .with_column(
        when(col("target").is_null().or(col("target").eq(lit(0.0))))
            .then(lit(NULL).cast(DataType::Float64))
            .otherwise(col("actual") / col("target") * lit(100.0))
            .alias("attainment_pct"),
    )
    .collect()?;
    Ok(out)
}
