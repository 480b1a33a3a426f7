//! Known figures of the five real documents, through the whole pipeline (library call).

use minsheng::pipeline::{self, Config};
use polars::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// One run of the pipeline on raw/ shared by the tests of this file.
fn output() -> &'static Path {
    static OUT: OnceLock<tempfile::TempDir> = OnceLock::new();
    OUT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let raw = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("raw");
        let mut cfg = Config::new(raw, dir.path());
        cfg.progress = false;
        pipeline::run(&cfg).expect("pipeline runs on raw/");
        dir
    })
    .path()
}

fn table(name: &str) -> DataFrame {
    let f = std::fs::File::open(output().join(format!("{name}.parquet"))).unwrap();
    ParquetReader::new(f).finish().unwrap()
}

/// Rows of `df` where every (column, value) matches, as "col=value" strings of `show`.
fn find(df: &DataFrame, filter: &[(&str, &str)], show: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for i in 0..df.height() {
        let cell = |c: &str| {
            let v = df.column(c).unwrap().get(i).unwrap();
            match v {
                AnyValue::String(s) => s.to_string(),
                AnyValue::StringOwned(s) => s.to_string(),
                other => other.to_string(),
            }
        };
        if filter.iter().all(|(c, v)| cell(c) == *v) {
            out.push(
                show.iter()
                    .map(|c| format!("{c}={}", cell(c)))
                    .collect::<Vec<_>>()
                    .join(" "),
            );
        }
    }
    out
}

#[test]
fn changji_rural_roads_2024_is_604_km_actual() {
    let facts = table("facts");
    let rows = find(
        &facts,
        &[
            ("region", "昌吉回族自治州"),
            ("unit", "km"),
            ("year", "2024"),
            ("value", "604.0"),
        ],
        &["status", "measure", "indicator", "text"],
    );
    assert!(
        rows.iter()
            .any(|r| r.starts_with("status=actual measure=level indicator=rural_roads_built")),
        "{rows:?}"
    );
}

#[test]
fn jilin_dental_sealing_2023_actual_against_2024_target() {
    let rows = find(
        &table("yoy"),
        &[
            ("region", "吉林省"),
            ("indicator", "dental_sealant_children"),
            ("comparison", "target_vs_prev_actual"),
        ],
        &["year", "prev_year", "value", "prev_value", "delta"],
    );
    assert_eq!(
        rows,
        vec!["year=2024 prev_year=2023 value=7000.0 prev_value=7080.0 delta=-80.0"]
    );
}

#[test]
fn jilin_old_compounds_2023_actual_against_2024_target() {
    let rows = find(
        &table("yoy"),
        &[
            ("region", "吉林省"),
            ("indicator", "old_residential_renovation"),
            ("comparison", "target_vs_prev_actual"),
        ],
        &["year", "prev_year", "value", "prev_value"],
    );
    assert_eq!(
        rows,
        vec!["year=2024 prev_year=2023 value=500.0 prev_value=830.0"]
    );
}

#[test]
fn changji_rural_roads_2024_actual_against_2025_target() {
    let rows = find(
        &table("yoy"),
        &[
            ("region", "昌吉回族自治州"),
            ("indicator", "rural_roads_built"),
            ("comparison", "target_vs_prev_actual"),
        ],
        &["year", "prev_year", "value", "prev_value", "pct_change"],
    );
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(
        rows[0]
            .starts_with("year=2025 prev_year=2024 value=300.0 prev_value=604.0 pct_change=-50.33"),
        "{rows:?}"
    );
}

#[test]
fn jilin_urban_jobs_2023_has_stated_attainment_112() {
    let rows = find(
        &table("plan_vs_actual"),
        &[
            ("region", "吉林省"),
            ("indicator", "urban_new_jobs"),
            ("year", "2023"),
        ],
        &["actual", "stated_attainment_pct"],
    );
    assert_eq!(rows, vec!["actual=257900.0 stated_attainment_pct=112.0"]);
}

#[test]
fn at_least_sixty_percent_of_facts_link_to_the_catalog() {
    let facts = table("facts");
    let linked = find(&facts, &[("linked_by", "catalog")], &["fact_id"]).len();
    let share = linked as f64 / facts.height() as f64;
    assert!(
        share >= 0.60,
        "{linked} of {} facts link ({share:.3})",
        facts.height()
    );
}

#[test]
fn documents_carry_region_year_and_script() {
    let rows = find(
        &table("documents"),
        &[],
        &[
            "source",
            "region",
            "region_code",
            "admin_level",
            "report_year",
            "script",
        ],
    );
    assert_eq!(
        rows,
        vec![
            "source=000_faa345ac3de5e59b.txt region=昌吉回族自治州 region_code=652300 admin_level=prefecture report_year=2024 script=simplified",
            "source=001_eac8aceb6b72da67.txt region=昌吉回族自治州 region_code=652300 admin_level=prefecture report_year=2025 script=simplified",
            "source=002_7ad24195d88254f4.txt region=吉林省 region_code=220000 admin_level=province report_year=2023 script=simplified",
            "source=003_f75b912676297aa4.txt region=盐城市大丰区 region_code=320904 admin_level=county report_year=2023 script=traditional",
            "source=004_7ba5ad13118a4cf0.txt region=泉州市 region_code=350500 admin_level=prefecture report_year=2024 script=traditional",
        ]
    );
}
