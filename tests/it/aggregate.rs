//! Aggregate on small synthetic facts: several facts for one key, conflicting values, a year
//! missing (yoy compares with the latest earlier year), a zero previous value, and plan against
//! result with a stated attainment.

use minsheng::aggregate::{self, Aggregates};
use minsheng::catalog::indicators::Catalog;
use minsheng::model::{Approx, Fact, Measure, Status};
use polars::prelude::*;

fn fact(doc: &str, start: u32, subject: &str, year: i16, status: Status, value: f64) -> Fact {
    Fact {
        doc_id: doc.into(),
        text: format!("{value}"),
        start,
        end: start + 3,
        sentence: subject.into(),
        subject: subject.into(),
        sector: "other".into(),
        region: Some("吉林省".into()),
        year: Some(year),
        period: None,
        status,
        measure: Measure::Level,
        value,
        unit: "person".into(),
        classifier: None,
        approx: Approx::Exact,
        raw_value: format!("{value}"),
        raw_unit: "人".into(),
        scale: 0,
        attainment_of: None,
    }
}

fn run(facts: &[Fact]) -> Aggregates {
    aggregate::aggregate(facts, &Catalog::builtin()).unwrap()
}

fn rows(df: &DataFrame, cols: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for i in 0..df.height() {
        let vals: Vec<String> = cols
            .iter()
            .map(|c| format!("{}", df.column(c).unwrap().get(i).unwrap()))
            .collect();
        out.push(vals.join(" "));
    }
    out.sort();
    out
}

#[test]
fn majority_value_wins_and_disagreement_sets_conflict() {
    let facts = vec![
        fact("a", 10, "窝沟封闭", 2023, Status::Actual, 7080.0),
        fact("b", 10, "窝沟封闭", 2023, Status::Actual, 7080.0),
        fact("c", 10, "窝沟封闭", 2023, Status::Actual, 7000.0),
    ];
    let agg = run(&facts);
    let ind = &agg.indicators;
    assert_eq!(ind.height(), 1);
    assert_eq!(
        rows(ind, &["value", "n_facts", "n_docs", "conflict"]),
        vec!["7080.0 3 3 true"]
    );
    let values = ind.column("values").unwrap().get(0).unwrap();
    assert_eq!(format!("{values}"), "[7000.0, 7080.0]");
}

#[test]
fn tie_goes_to_the_value_with_more_documents_then_the_earliest_fact() {
    // 100 is stated twice in one document, 200 twice in two documents: 200 wins on documents.
    let facts = vec![
        fact("a", 10, "健身路径", 2023, Status::Actual, 100.0),
        fact("a", 50, "健身路径", 2023, Status::Actual, 100.0),
        fact("b", 10, "健身路径", 2023, Status::Actual, 200.0),
        fact("c", 10, "健身路径", 2023, Status::Actual, 200.0),
    ];
    assert_eq!(rows(&run(&facts).indicators, &["value"]), vec!["200.0"]);
    // Same counts everywhere: the earliest fact's value wins.
    let facts = vec![
        fact("b", 10, "健身路径", 2023, Status::Actual, 300.0),
        fact("a", 10, "健身路径", 2023, Status::Actual, 400.0),
    ];
    assert_eq!(rows(&run(&facts).indicators, &["value"]), vec!["400.0"]);
}

#[test]
fn yoy_compares_with_the_latest_earlier_year_even_across_a_gap() {
    let facts = vec![
        fact("a", 10, "城镇新增就业", 2021, Status::Actual, 100.0),
        fact("a", 20, "城镇新增就业", 2023, Status::Actual, 150.0),
        fact("a", 30, "城镇新增就业", 2024, Status::Target, 120.0),
        fact("a", 40, "城镇新增就业", 2022, Status::Target, 90.0),
    ];
    let yoy = run(&facts).yoy;
    assert_eq!(
        rows(
            &yoy,
            &[
                "comparison",
                "year",
                "prev_year",
                "value",
                "prev_value",
                "delta"
            ]
        ),
        vec![
            "\"actual_vs_actual\" 2023 2021 150.0 100.0 50.0",
            "\"target_vs_prev_actual\" 2022 2021 90.0 100.0 -10.0",
            "\"target_vs_prev_actual\" 2024 2023 120.0 150.0 -30.0",
            "\"target_vs_target\" 2024 2022 120.0 90.0 30.0",
        ]
    );
}

#[test]
fn zero_previous_value_gives_null_pct_change() {
    let facts = vec![
        fact("a", 10, "零就业家庭", 2022, Status::Actual, 0.0),
        fact("a", 20, "零就业家庭", 2023, Status::Actual, 5.0),
    ];
    let yoy = run(&facts).yoy;
    assert_eq!(yoy.height(), 1);
    assert_eq!(yoy.column("pct_change").unwrap().null_count(), 1);
    assert_eq!(rows(&yoy, &["delta"]), vec!["5.0"]);
}

#[test]
fn plan_vs_actual_pairs_target_and_actual_and_attaches_stated_attainment() {
    let mut attainment = fact("a", 30, "完成年度计划", 2023, Status::Actual, 112.0);
    attainment.unit = "percent".into();
    attainment.attainment_of = Some(10);
    let facts = vec![
        fact("a", 10, "城镇新增就业", 2023, Status::Actual, 257900.0),
        attainment,
        fact("b", 10, "城镇新增就业", 2023, Status::Target, 230000.0),
        // An actual with neither a target nor an attainment gets no row.
        fact("b", 20, "新改建农村公路", 2023, Status::Actual, 300.0),
    ];
    let agg = run(&facts);
    let pva = &agg.plan_vs_actual;
    assert_eq!(pva.height(), 1, "{pva}");
    assert_eq!(
        rows(pva, &["year", "target", "actual", "stated_attainment_pct"]),
        vec!["2023 230000.0 257900.0 112.0"]
    );
    let att = pva.column("attainment_pct").unwrap().get(0).unwrap();
    let AnyValue::Float64(att) = att else {
        panic!("attainment_pct is {att}")
    };
    assert!((att - 112.13).abs() < 0.01, "{att}");
    // The attainment percent is a fact, but never an indicator of its own.
    assert_eq!(agg.indicators.height(), 3);
}

#[test]
fn change_facts_and_facts_without_a_year_are_not_indicator_values() {
    let mut change = fact("a", 10, "养老金", 2023, Status::Actual, 3.8);
    change.measure = Measure::Change;
    let mut no_year = fact("a", 20, "养老金", 2023, Status::Actual, 100.0);
    no_year.year = None;
    let agg = run(&[change, no_year]);
    assert_eq!(agg.indicators.height(), 0);
    assert_eq!(agg.facts.height(), 2);
}
