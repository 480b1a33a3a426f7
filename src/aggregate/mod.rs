//! Stage 3, aggregate: all facts → the indicators, yoy and plan_vs_actual tables (polars).
//!
//! Input: the facts frame (as written by extract). Output: the same facts with `indicator` and
//! `linked_by` filled from the indicator catalog, and the three aggregate tables. Pure given
//! frames: the pipeline reads and writes the files.

pub mod catalog_report;
pub mod link;

use anyhow::Result;
use polars::prelude::*;

pub use link::link_facts;

/// The frames aggregate produces.
pub struct Aggregates {
    pub facts: DataFrame,
    pub indicators: DataFrame,
    pub yoy: DataFrame,
    pub plan_vs_actual: DataFrame,
}

const KEY: [&str; 5] = ["region", "indicator", "unit", "year", "status"];

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

/// Links facts to indicators and computes every aggregate table.
pub fn aggregate(
    facts: &[crate::model::Fact],
    catalog: &crate::catalog::indicators::Catalog,
) -> Result<Aggregates> {
    let linked = link_facts(facts, catalog)?;
    let indicators = indicators(&linked)?;
    let yoy = yoy(&indicators)?;
    let plan_vs_actual = plan_vs_actual(&linked, &indicators)?;
    Ok(Aggregates {
        facts: linked.drop("region_code")?,
        indicators,
        yoy,
        plan_vs_actual,
    })
}

/// One row per region × indicator × unit × year × status. The value most facts state wins
/// (ties: more documents, then the earliest fact); disagreement sets `conflict`.
pub fn indicators(linked: &DataFrame) -> Result<DataFrame> {
    let mut by_value = KEY.to_vec();
    by_value.push("value");
    let out = linked
        .clone()
        .lazy()
        .filter(
            col("indicator")
                .is_not_null()
                .and(col("year").is_not_null())
                .and(col("measure").eq(lit("level")))
                .and(col("attainment_of").is_null()),
        )
        .with_columns([
            len().over(cols(&by_value))?.alias("_n_same"),
            col("doc_id")
                .n_unique()
                .over(cols(&by_value))?
                .alias("_docs_same"),
        ])
        .sort(
            ["_n_same", "_docs_same", "fact_id"],
            SortMultipleOptions::default()
                .with_order_descending_multi([true, true, false])
                .with_maintain_order(true),
        )
        .group_by(cols(&KEY))
        .agg([
            col("region_code").first().alias("region_code"),
            col("value").first().alias("value"),
            len().cast(DataType::Int32).alias("n_facts"),
            col("doc_id")
                .n_unique()
                .cast(DataType::Int32)
                .alias("n_docs"),
            col("fact_id")
                .sort(SortOptions::default())
                .implode(true)
                .alias("fact_ids"),
            col("value").n_unique().gt(lit(1)).alias("conflict"),
            col("value")
                .unique()
                .sort(SortOptions::default())
                .implode(true)
                .alias("values"),
        ])
        .collect()?;
    Ok(out)
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
pub fn plan_vs_actual(linked: &DataFrame, indicators: &DataFrame) -> Result<DataFrame> {
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
    // A stated attainment (完成年度计划的112%) counts for the actual fact it refers to.
    let referenced = linked.clone().lazy().select([
        col("fact_id").alias("attainment_of"),
        col("region"),
        col("indicator"),
        col("unit"),
        col("year"),
        col("status").alias("_ref_status"),
    ]);
    let stated = linked
        .clone()
        .lazy()
        .filter(col("attainment_of").is_not_null())
        .select([
            col("attainment_of"),
            col("value").alias("stated_attainment_pct"),
        ])
        .join(
            referenced,
            [col("attainment_of")],
            [col("attainment_of")],
            JoinArgs::new(JoinType::Inner),
        )
        .filter(
            col("_ref_status")
                .eq(lit("actual"))
                .and(col("indicator").is_not_null())
                .and(col("year").is_not_null()),
        )
        .group_by(cols(&key))
        .agg([col("stated_attainment_pct").first()]);
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
