//! The streaming parts that keep a run's memory bounded: tables written a chunk at a time in
//! small row groups, facts read back a document at a time, and the aggregator reading its
//! records back a range of regions at a time (in memory or spilled to a file). Each must give
//! the same rows as the whole-table path.

use minsheng::aggregate::{self, Aggregator};
use minsheng::catalog::indicators::Catalog;
use minsheng::frames::facts_frame;
use minsheng::model::{Approx, Fact, Measure, Status};
use minsheng::pipeline::sink::{DocFacts, FactSink, Link};
use minsheng::schema;
use minsheng::tables::{self, Provenance, TableChunks, TableWriter};
use polars::prelude::*;

const REGIONS: [Option<&str>; 5] = [
    Some("吉林省"),
    None,
    Some("泉州市"),
    Some("昌吉回族自治州"),
    Some("盐城市大丰区"),
];
const SUBJECTS: [(&str, &str, &str); 3] = [
    ("新增城镇就业", "person", "人"),
    ("新改建农村公路", "km", "公里"),
    ("新建改建公园", "item", "个"),
];

/// `n_docs` documents of `per_doc` facts each, in fact_id order, spread over regions, years,
/// subjects and both statuses, with repeated values (so groups have several facts and some
/// conflicts) and one stated attainment per document.
fn corpus(n_docs: usize, per_doc: u32) -> Vec<Fact> {
    let mut facts = Vec::new();
    for d in 0..n_docs {
        let doc_id = format!("{:016x}", 0x1000 + d * 7919);
        for k in 0..per_doc {
            let (subject, unit, raw_unit) = SUBJECTS[(d + k as usize) % SUBJECTS.len()];
            let region = REGIONS[(d / 3 + k as usize) % REGIONS.len()];
            let status = if k % 2 == 0 {
                Status::Actual
            } else {
                Status::Target
            };
            let value = f64::from(100 + (d as u32 % 4) * 10 + k % 3);
            facts.push(Fact {
                doc_id: doc_id.clone(),
                text: format!("{value}{raw_unit}"),
                start: 10 * k,
                end: 10 * k + 4,
                sentence: format!("{subject}{value}{raw_unit}"),
                subject: subject.into(),
                sector: "other".into(),
                region: region.map(str::to_string),
                year: Some(2020 + (d % 4) as i16),
                period: None,
                status,
                measure: Measure::Level,
                value,
                unit: unit.into(),
                classifier: None,
                approx: Approx::Exact,
                raw_value: format!("{value}"),
                raw_unit: raw_unit.into(),
                scale: 0,
                attainment_of: None,
            });
        }
        // 完成年度计划的112%: refers to the document's first fact (an actual).
        facts.push(Fact {
            doc_id: doc_id.clone(),
            text: "112%".into(),
            start: 10 * per_doc,
            end: 10 * per_doc + 4,
            sentence: "完成年度计划的112%".into(),
            subject: "完成年度计划".into(),
            sector: "other".into(),
            region: REGIONS[(d / 3) % REGIONS.len()].map(str::to_string),
            year: Some(2020 + (d % 4) as i16),
            period: None,
            status: Status::Actual,
            measure: Measure::Level,
            value: 112.0,
            unit: "percent".into(),
            classifier: None,
            approx: Approx::Exact,
            raw_value: "112".into(),
            raw_unit: "%".into(),
            scale: 0,
            attainment_of: Some(0),
        });
    }
    facts
}

fn prov() -> Provenance {
    Provenance {
        input_fingerprint: "test".into(),
        catalog: None,
    }
}

#[test]
fn a_table_written_in_chunks_and_small_row_groups_reads_back_as_one_write() {
    let facts = corpus(40, 7);
    let whole = tempfile::tempdir().unwrap();
    let chunked = tempfile::tempdir().unwrap();
    tables::write(
        whole.path(),
        &schema::FACTS,
        facts_frame(&facts).unwrap(),
        &prov(),
    )
    .unwrap();
    let mut w = TableWriter::create(
        chunked.path().join("facts.parquet"),
        &schema::FACTS,
        &prov(),
    )
    .unwrap()
    .with_row_group(50);
    for part in facts.chunks(37) {
        w.push(facts_frame(part).unwrap()).unwrap();
    }
    assert_eq!(w.rows(), facts.len());
    w.finish().unwrap();
    let a = tables::read(whole.path(), &schema::FACTS).unwrap();
    let b = tables::read(chunked.path(), &schema::FACTS).unwrap();
    assert!(a.equals_missing(&b), "chunked write lost or changed rows");
    let chunks = TableChunks::open(chunked.path(), &schema::FACTS, None).unwrap();
    assert_eq!(chunks.num_rows(), facts.len());
    // 320 rows in pushes of 37, written once 50 are held: groups of at most 50 rows.
    assert!(chunks.num_chunks() >= 320 / 50, "{}", chunks.num_chunks());
    let heights: Vec<usize> = chunks.map(|c| c.unwrap().height()).collect();
    assert!(heights.iter().all(|&h| h <= 50), "{heights:?}");
    assert_eq!(heights.iter().sum::<usize>(), facts.len());
}

#[test]
fn rows_pushed_out_of_key_order_are_refused() {
    let facts = corpus(4, 3);
    let dir = tempfile::tempdir().unwrap();
    let mut w =
        TableWriter::create(dir.path().join("facts.parquet"), &schema::FACTS, &prov()).unwrap();
    w.push(facts_frame(&facts[6..]).unwrap()).unwrap();
    let err = w.push(facts_frame(&facts[..6]).unwrap()).unwrap_err();
    assert!(format!("{err:#}").contains("out of key order"), "{err:#}");
    // Nothing replaced the (absent) table: the temporary file never moved into place.
    drop(w);
    assert!(!dir.path().join("facts.parquet").exists());
}

#[test]
fn facts_read_back_one_document_at_a_time_across_row_groups() {
    let facts = corpus(25, 9);
    let dir = tempfile::tempdir().unwrap();
    let mut w = TableWriter::create(dir.path().join("facts.parquet"), &schema::FACTS, &prov())
        .unwrap()
        .with_row_group(16);
    w.push(facts_frame(&facts).unwrap()).unwrap();
    w.finish().unwrap();
    let mut docs = DocFacts::open(dir.path(), None).unwrap();
    let mut seen = 0;
    let mut last = String::new();
    while let Some(doc) = docs.next_doc().unwrap() {
        let doc = doc.facts;
        // Every document whole (10 facts), though row groups hold 16 rows.
        assert_eq!(doc.len(), 10, "document {} split", doc[0].doc_id);
        assert!(doc.iter().all(|f| f.doc_id == doc[0].doc_id));
        assert!(doc[0].doc_id > last);
        last = doc[0].doc_id.clone();
        seen += doc.len();
    }
    assert_eq!(seen, facts.len());
    // take() skips documents before the one asked for and gives nothing for one it lacks.
    let mut docs = DocFacts::open(dir.path(), None).unwrap();
    let tenth = facts[10 * 10].doc_id.clone();
    assert_eq!(docs.take(&tenth).unwrap().facts.len(), 10);
    assert!(docs.take(&format!("{tenth}x")).unwrap().facts.is_empty());
    assert_eq!(
        docs.next_doc().unwrap().unwrap().facts[0].doc_id,
        facts[11 * 10].doc_id
    );
}

/// Writes `facts` as facts.parquet of `dir` through a sink linking with `catalog`, and returns
/// the table.
fn write_linked(
    dir: &std::path::Path,
    docs: Vec<minsheng::pipeline::sink::DocFactsOf>,
    catalog: &Catalog,
) -> DataFrame {
    let mut sink = FactSink::create(dir, Link::Aggregate(catalog), prov(), false).unwrap();
    for doc in docs {
        sink.push_doc(doc).unwrap();
    }
    sink.finish().unwrap();
    tables::read(dir, &schema::FACTS).unwrap()
}

/// Every document's facts of `dir`, read back with links kept when `catalog` made them.
fn read_back(
    dir: &std::path::Path,
    catalog: &Catalog,
) -> Vec<minsheng::pipeline::sink::DocFactsOf> {
    let mut docs = DocFacts::open(dir, Some(catalog)).unwrap();
    let mut out = Vec::new();
    while let Some(doc) = docs.next_doc().unwrap() {
        out.push(doc);
    }
    out
}

#[test]
fn a_rerun_keeps_the_links_only_of_the_catalog_that_made_them() {
    let builtin = Catalog::builtin();
    let text = include_str!("../../src/catalog/indicators.toml");
    // The same entries with another text: another fingerprint, the same links.
    let edited = Catalog::from_toml_str(&format!("{text}\n# edited\n")).unwrap();
    assert_ne!(builtin.fingerprint(), edited.fingerprint());
    let facts = corpus(12, 6);
    let first = tempfile::tempdir().unwrap();
    let mut linked: Vec<minsheng::pipeline::sink::DocFactsOf> = Vec::new();
    for f in facts {
        match linked.last_mut() {
            Some(d) if d.facts[0].doc_id == f.doc_id => d.facts.push(f),
            _ => linked.push(vec![f].into()),
        }
    }
    let table = write_linked(first.path(), linked, &builtin);
    let indicator = |df: &DataFrame| -> Vec<Option<String>> {
        df.column("indicator")
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .map(|v| v.map(str::to_string))
            .collect()
    };
    assert!(indicator(&table).iter().all(Option::is_some));

    // Read back by the same catalog: the links come along, and a table written from them is
    // the same table.
    let again = read_back(first.path(), &builtin);
    assert!(again
        .iter()
        .all(|d| d.links.as_ref().is_some_and(|l| l.len() == d.facts.len())));
    let second = tempfile::tempdir().unwrap();
    assert!(write_linked(second.path(), again, &builtin).equals_missing(&table));
    // By another catalog, or by none: no links; the sink links afresh.
    assert!(read_back(first.path(), &edited)
        .iter()
        .all(|d| d.links.is_none()));
    assert!(!DocFacts::open(first.path(), None).unwrap().keeps_links());

    // The kept links are really used: a link the catalog would not give survives a re-run by
    // the same catalog and is replaced in one by another catalog.
    let mut doctored = read_back(first.path(), &builtin);
    doctored[0].links.as_mut().unwrap()[0].0 = Some("doctored".into());
    let third = tempfile::tempdir().unwrap();
    let kept = write_linked(third.path(), doctored, &builtin);
    assert_eq!(indicator(&kept)[0].as_deref(), Some("doctored"));
    let fourth = tempfile::tempdir().unwrap();
    let relinked = write_linked(fourth.path(), read_back(third.path(), &edited), &edited);
    assert_eq!(indicator(&relinked), indicator(&table));
}

/// Indicators, yoy and plan_vs_actual of `facts`, read back in ranges of `records` records.
fn aggregate_in_ranges(facts: &[Fact], agg: Aggregator, records: usize) -> [DataFrame; 3] {
    let linked = aggregate::link_facts(facts, &Catalog::builtin()).unwrap();
    let mut agg = agg;
    agg.add(facts, &aggregate::indicator_column(&linked).unwrap())
        .unwrap();
    let done = agg.finish_in_ranges(records).unwrap();
    // Five regions: small ranges split them (at indicator boundaries), a large one holds all.
    if records < 50 {
        assert!(done.ranges() > 5, "{} ranges", done.ranges());
    } else {
        assert_eq!(done.ranges(), 1);
    }
    let mut out: Vec<DataFrame> = Vec::new();
    for i in 0..done.ranges() {
        let r = done.range(i).unwrap();
        let (yoy, pva) = r.comparisons().unwrap();
        let parts = [r.indicators(0..r.len()).unwrap(), yoy, pva];
        if out.is_empty() {
            out = parts.to_vec();
        } else {
            for (o, p) in out.iter_mut().zip(parts) {
                o.vstack_mut_owned(p).unwrap();
            }
        }
    }
    let [a, b, c]: [DataFrame; 3] = out.try_into().unwrap();
    [a, b, c]
}

#[test]
fn aggregating_in_ranges_and_spilled_to_disk_gives_the_tables_of_one_pass() {
    let facts = corpus(60, 6);
    let one = aggregate::aggregate(&facts, &Catalog::builtin()).unwrap();
    assert!(one.indicators.height() > 20 && one.yoy.height() > 5);
    assert!(one.plan_vs_actual.height() > 0);
    let dir = tempfile::tempdir().unwrap();
    let spill = dir.path().join("spill");
    let keys = [
        schema::INDICATORS.key,
        schema::YOY.key,
        schema::PLAN_VS_ACTUAL.key,
    ];
    let sort = |df: &DataFrame, key: &[&str]| {
        df.sort(key.to_vec(), SortMultipleOptions::default())
            .unwrap()
    };
    for (agg, records) in [
        (Aggregator::spilling(spill.clone()).unwrap(), 40),
        (Aggregator::new(), 1),
    ] {
        let got = aggregate_in_ranges(&facts, agg, records);
        let want = [&one.indicators, &one.yoy, &one.plan_vs_actual];
        for ((g, w), key) in got.iter().zip(want).zip(keys) {
            assert!(
                sort(g, key).equals_missing(&sort(w, key)),
                "ranges of {records} records changed a table:\n{g}\n{w}"
            );
        }
    }
    // The spill file, and the bucket files it was split into (one per range here), are
    // removed once the aggregator is done with them.
    assert!(!spill.exists());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn a_spill_is_split_by_range_once_and_each_range_reads_only_its_bucket() {
    let facts = corpus(60, 6);
    let dir = tempfile::tempdir().unwrap();
    let spill = dir.path().join("spill");
    let linked = aggregate::link_facts(&facts, &Catalog::builtin()).unwrap();
    let mut agg = Aggregator::spilling(spill.clone()).unwrap();
    agg.add(&facts, &aggregate::indicator_column(&linked).unwrap())
        .unwrap();
    let done = agg.finish_in_ranges(40).unwrap();
    let n = done.ranges();
    assert!(n > 5, "{n} ranges");
    // The spill is gone; a bucket file per range holds its 32-byte records between them.
    assert!(!spill.exists());
    let buckets: Vec<u64> = (0..n)
        .map(|b| {
            std::fs::metadata(format!("{}.{b}", spill.display()))
                .unwrap()
                .len()
        })
        .collect();
    assert!(buckets.iter().all(|&n| n > 0 && n % 32 == 0), "{buckets:?}");
    assert_eq!(buckets.iter().sum::<u64>(), 32 * facts.len() as u64);
    // Removing a bucket breaks only its own range.
    std::fs::remove_file(format!("{}.{}", spill.display(), n - 1)).unwrap();
    assert!(done.range(0).is_ok());
    assert!(done.range(n - 1).is_err());
    drop(done);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn facts_out_of_order_are_refused_by_the_aggregator() {
    let facts = corpus(3, 2);
    let mut agg = Aggregator::new();
    let inds: Vec<Option<&str>> = facts.iter().map(|_| Some("x")).collect();
    agg.add(&facts[3..], &inds[3..]).unwrap();
    let err = agg.add(&facts[..3], &inds[..3]).unwrap_err();
    assert!(format!("{err:#}").contains("fact_id order"), "{err:#}");
}
