//! The indicators computed while the facts stream past, in bounded memory. Each fact that
//! counts becomes a 32-byte record (interned region, indicator and unit, year, status, value
//! and its place in fact order), kept in memory or spilled to a file. At the end the records
//! are read back a range of (region, indicator) pairs at a time — every table aggregate writes
//! starts its key with region and indicator, and yoy and plan-vs-actual compare within region
//! × indicator × unit — so only one range is ever held, and the tables come out in key order,
//! range after range.
//!
//! Facts must arrive in fact_id order (doc_id, then start), each document's facts in one call
//! of [`Aggregator::add`] (a stated attainment is resolved within its document).

use crate::ingest::region;
use crate::model::{Fact, Measure, Status};
use anyhow::{bail, Context, Result};
use polars::prelude::*;
use rustc_hash::FxHashMap;
use std::cmp::{Ordering, Reverse};
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

/// Records of one range, at most (unless one region × indicator alone has more).
const RANGE_RECORDS: usize = 1 << 18;

/// Strings (regions, indicators, units) as numbers.
#[derive(Default)]
struct Interner {
    ids: FxHashMap<String, u32>,
    names: Vec<String>,
}

impl Interner {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.ids.get(s) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(s.to_string());
        self.ids.insert(s.to_string(), i);
        i
    }

    fn name(&self, id: u32) -> &str {
        &self.names[id as usize]
    }
}

/// The interned id standing for "no region".
const NO_REGION: u32 = u32::MAX;

/// A level fact for the indicators table.
const LEVEL: u8 = 0;
/// A stated attainment percent, keyed by the actual it refers to.
const STATED: u8 = 1;

/// One fact as aggregate needs it.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Record {
    region: u32,
    indicator: u32,
    unit: u32,
    year: i16,
    status: Status,
    kind: u8,
    value: f64,
    /// Document number (in arrival order) and start: the fact's place in fact_id order.
    doc: u32,
    start: u32,
}

const RECORD_BYTES: usize = 32;

impl Record {
    fn to_bytes(self) -> [u8; RECORD_BYTES] {
        let mut b = [0u8; RECORD_BYTES];
        b[0..4].copy_from_slice(&self.region.to_le_bytes());
        b[4..8].copy_from_slice(&self.indicator.to_le_bytes());
        b[8..12].copy_from_slice(&self.unit.to_le_bytes());
        b[12..14].copy_from_slice(&self.year.to_le_bytes());
        b[14] = u8::from(self.status == Status::Target);
        b[15] = self.kind;
        b[16..24].copy_from_slice(&self.value.to_le_bytes());
        b[24..28].copy_from_slice(&self.doc.to_le_bytes());
        b[28..32].copy_from_slice(&self.start.to_le_bytes());
        b
    }

    fn from_bytes(b: &[u8; RECORD_BYTES]) -> Record {
        let u32_at = |i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
        let mut v = [0u8; 8];
        v.copy_from_slice(&b[16..24]);
        Record {
            region: u32_at(0),
            indicator: u32_at(4),
            unit: u32_at(8),
            year: i16::from_le_bytes([b[12], b[13]]),
            status: if b[14] == 1 {
                Status::Target
            } else {
                Status::Actual
            },
            kind: b[15],
            value: f64::from_le_bytes(v),
            doc: u32_at(24),
            start: u32_at(28),
        }
    }
}

/// Where the records are kept.
enum Store {
    Memory(Vec<Record>),
    File {
        path: PathBuf,
        w: Option<BufWriter<std::fs::File>>,
    },
    /// A spill file split by range ([`Store::split`]): bucket files beside it.
    Buckets(Vec<PathBuf>),
}

/// Bucket files a spill is split into at most (open at once while splitting).
const MAX_BUCKETS: usize = 256;

impl Store {
    fn push(&mut self, r: Record) -> Result<()> {
        match self {
            Store::Memory(v) => v.push(r),
            Store::File { path, w } => {
                if let Some(w) = w {
                    w.write_all(&r.to_bytes())
                        .with_context(|| format!("cannot write {}", path.display()))?;
                }
            }
            Store::Buckets(_) => unreachable!("records are pushed before the store is split"),
        }
        Ok(())
    }

    /// Splits a sealed spill file into `buckets` files by `bucket_of(record)`, in one pass,
    /// so that reading a range reads its bucket instead of the whole spill (which made the
    /// tables phase grow with the square of the corpus). Other stores stay as they are.
    fn split(self, buckets: usize, bucket_of: impl Fn(&Record) -> usize) -> Result<Store> {
        let Store::File { path, .. } = &self else {
            return Ok(self);
        };
        if buckets < 2 {
            return Ok(self);
        }
        let paths: Vec<PathBuf> = (0..buckets)
            .map(|b| PathBuf::from(format!("{}.{b}", path.display())))
            .collect();
        // From here on the bucket files are removed when `split` (the new store) is dropped,
        // also when a write fails.
        let split = Store::Buckets(paths.clone());
        let mut out = paths
            .iter()
            .map(|p| {
                std::fs::File::create(p)
                    .map(|f| BufWriter::with_capacity(1 << 16, f))
                    .with_context(|| format!("cannot write {}", p.display()))
            })
            .collect::<Result<Vec<_>>>()?;
        read_records(path, |rec, bytes| {
            let b = bucket_of(rec);
            out[b]
                .write_all(bytes)
                .with_context(|| format!("cannot write {}", paths[b].display()))
        })?;
        for (w, p) in out.iter_mut().zip(&paths) {
            w.flush()
                .with_context(|| format!("cannot write {}", p.display()))?;
        }
        Ok(split)
    }

    fn seal(&mut self) -> Result<()> {
        if let Store::File { path, w } = self {
            if let Some(mut w) = w.take() {
                w.flush()
                    .with_context(|| format!("cannot write {}", path.display()))?;
            }
        }
        Ok(())
    }

    /// Every record `keep` accepts (of bucket `bucket` when split).
    fn select(&self, bucket: usize, keep: impl Fn(&Record) -> bool) -> Result<Vec<Record>> {
        let path = match self {
            Store::Memory(v) => {
                return Ok(v.iter().filter(|r| keep(r)).copied().collect());
            }
            Store::File { path, .. } => path,
            Store::Buckets(paths) => &paths[bucket],
        };
        let mut out = Vec::new();
        read_records(path, |rec, _| {
            if keep(rec) {
                out.push(*rec);
            }
            Ok(())
        })?;
        Ok(out)
    }
}

/// Calls `f` with every record of the file at `path` and its bytes.
fn read_records(path: &Path, mut f: impl FnMut(&Record, &[u8]) -> Result<()>) -> Result<()> {
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut r = BufReader::with_capacity(1 << 20, file);
    let mut b = [0u8; RECORD_BYTES];
    loop {
        match r.read_exact(&mut b) {
            Ok(()) => f(&Record::from_bytes(&b), &b)?,
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(()),
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
        }
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        match self {
            Store::File { path, .. } => {
                let _ = std::fs::remove_file(path);
            }
            Store::Buckets(paths) => {
                for p in paths {
                    let _ = std::fs::remove_file(p);
                }
            }
            Store::Memory(_) => {}
        }
    }
}

/// Accumulates what the indicators, yoy and plan_vs_actual tables need from linked facts; see
/// the module documentation for the order facts must come in.
pub struct Aggregator {
    strings: Interner,
    doc_ids: Vec<String>,
    store: Store,
    /// Records per (region, indicator) ([`NO_REGION`] included).
    per_key: FxHashMap<(u32, u32), usize>,
}

impl Default for Aggregator {
    fn default() -> Self {
        Aggregator::new()
    }
}

impl Aggregator {
    /// Keeps the records in memory.
    pub fn new() -> Aggregator {
        Aggregator {
            strings: Interner::default(),
            doc_ids: Vec::new(),
            store: Store::Memory(Vec::new()),
            per_key: FxHashMap::default(),
        }
    }

    /// Spills the records to `path` (32 bytes per fact), removed when the aggregator is done.
    pub fn spilling(path: PathBuf) -> Result<Aggregator> {
        let file = std::fs::File::create(&path)
            .with_context(|| format!("cannot create {}", path.display()))?;
        Ok(Aggregator {
            store: Store::File {
                path,
                w: Some(BufWriter::with_capacity(1 << 20, file)),
            },
            ..Aggregator::new()
        })
    }

    fn region_id(&mut self, region: Option<&str>) -> u32 {
        region.map_or(NO_REGION, |r| self.strings.id(r))
    }

    /// Adds facts and the indicator each is linked to (`indicators[i]` for `facts[i]`).
    pub fn add(&mut self, facts: &[Fact], indicators: &[Option<&str>]) -> Result<()> {
        if facts.len() != indicators.len() {
            bail!(
                "aggregate: {} facts but {} indicators",
                facts.len(),
                indicators.len()
            );
        }
        let mut i = 0;
        while i < facts.len() {
            let doc = facts[i].doc_id.as_str();
            let j = i + facts[i..].iter().take_while(|f| f.doc_id == doc).count();
            if let Some(last) = self.doc_ids.last() {
                if doc <= last.as_str() {
                    bail!(
                        "aggregate: facts of document {doc} arrive after those of {last}; \
                         facts must come in fact_id order, each document's at once"
                    );
                }
            }
            if facts[i..j].windows(2).any(|w| w[0].start > w[1].start) {
                bail!("aggregate: the facts of document {doc} are not in offset order");
            }
            self.doc_ids.push(doc.to_string());
            let ord = (self.doc_ids.len() - 1) as u32;
            self.add_doc(ord, &facts[i..j], &indicators[i..j])?;
            i = j;
        }
        Ok(())
    }

    fn push(&mut self, r: Record) -> Result<()> {
        *self.per_key.entry((r.region, r.indicator)).or_default() += 1;
        self.store.push(r)
    }

    fn add_doc(&mut self, doc: u32, facts: &[Fact], indicators: &[Option<&str>]) -> Result<()> {
        for (f, ind) in facts.iter().zip(indicators) {
            // A stated attainment counts for the fact of the same document it refers to, when
            // that is a linked actual with a year.
            if let Some(start) = f.attainment_of {
                let Ok(k) = facts.binary_search_by_key(&start, |g| g.start) else {
                    continue;
                };
                let r = &facts[k];
                if let (Some(ind), Some(year), Status::Actual) = (indicators[k], r.year, r.status) {
                    let rec = Record {
                        region: self.region_id(r.region.as_deref()),
                        indicator: self.strings.id(ind),
                        unit: self.strings.id(&r.unit),
                        year,
                        status: Status::Actual,
                        kind: STATED,
                        value: f.value,
                        doc,
                        start: f.start,
                    };
                    self.push(rec)?;
                }
                continue;
            }
            let (Some(ind), Some(year)) = (ind, f.year) else {
                continue;
            };
            if f.measure != Measure::Level {
                continue;
            }
            let rec = Record {
                region: self.region_id(f.region.as_deref()),
                indicator: self.strings.id(ind),
                unit: self.strings.id(&f.unit),
                year,
                status: f.status,
                kind: LEVEL,
                value: f.value,
                doc,
                start: f.start,
            };
            self.push(rec)?;
        }
        Ok(())
    }

    /// Ends the input: the records can now be read back range by range.
    pub fn finish(self) -> Result<Finished> {
        self.finish_in_ranges(RANGE_RECORDS)
    }

    /// [`Aggregator::finish`] with ranges of about `records` records (a region × indicator is
    /// never split): smaller ranges hold less in memory at once.
    pub fn finish_in_ranges(mut self, records: usize) -> Result<Finished> {
        self.store.seal()?;
        // Every interned string's place in string order, so keys compare as numbers.
        let mut order: Vec<u32> = (0..self.strings.names.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| self.strings.name(a).cmp(self.strings.name(b)));
        let mut rank = vec![0u32; order.len()];
        for (r, &id) in order.iter().enumerate() {
            rank[id as usize] = r as u32 + 1;
        }
        // (region, indicator) pairs in key order (no region first), cut into ranges of about
        // `records` records. A range never splits a pair, so yoy and plan-vs-actual, which
        // compare within region × indicator × unit, see all they compare.
        let rank0 = |id: u32| {
            if id == NO_REGION {
                0
            } else {
                rank[id as usize]
            }
        };
        let mut keys: Vec<((u32, u32), usize)> =
            self.per_key.iter().map(|(&k, &n)| (k, n)).collect();
        keys.sort_unstable_by_key(|&((r, i), _)| (rank0(r), rank0(i)));
        let mut ranges: Vec<Vec<(u32, u32)>> = Vec::new();
        let mut size = 0;
        for (k, n) in keys {
            if ranges.is_empty() || size + n > records && size > 0 {
                ranges.push(Vec::new());
                size = 0;
            }
            ranges.last_mut().expect("a range").push(k);
            size += n;
        }
        // A spill file is split once, a bucket per range (or per few ranges).
        let buckets = ranges.len().min(MAX_BUCKETS);
        let bucket: Vec<usize> = (0..ranges.len())
            .map(|i| i * buckets / ranges.len().max(1))
            .collect();
        let mut bucket_of_key: FxHashMap<(u32, u32), usize> = FxHashMap::default();
        for (i, keys) in ranges.iter().enumerate() {
            for &k in keys {
                bucket_of_key.insert(k, bucket[i]);
            }
        }
        let store = std::mem::replace(&mut self.store, Store::Memory(Vec::new()));
        let store = store.split(buckets, |r| bucket_of_key[&(r.region, r.indicator)])?;
        Ok(Finished {
            strings: self.strings,
            rank,
            doc_ids: self.doc_ids,
            store,
            ranges,
            bucket,
        })
    }
}

/// All records, to be read back a range at a time.
pub struct Finished {
    strings: Interner,
    /// Place of each interned string in string order (from 1).
    rank: Vec<u32>,
    doc_ids: Vec<String>,
    store: Store,
    /// The (region, indicator) pairs of each range.
    ranges: Vec<Vec<(u32, u32)>>,
    /// The bucket of the (split) store each range is in.
    bucket: Vec<usize>,
}

impl Finished {
    /// How many ranges [`Finished::range`] reads, in key order.
    pub fn ranges(&self) -> usize {
        self.ranges.len()
    }

    /// The groups of range `i`, sorted by key.
    pub fn range(&self, i: usize) -> Result<Range<'_>> {
        let wanted: rustc_hash::FxHashSet<(u32, u32)> = self.ranges[i].iter().copied().collect();
        let mut recs = self.store.select(self.bucket[i], |r| {
            wanted.contains(&(r.region, r.indicator))
        })?;
        let rank = |id: u32| {
            if id == NO_REGION {
                0
            } else {
                self.rank[id as usize]
            }
        };
        let key = |r: &Record| {
            (
                r.kind,
                rank(r.region),
                rank(r.indicator),
                rank(r.unit),
                r.year,
                r.status,
                r.doc,
                r.start,
            )
        };
        recs.sort_unstable_by_key(key);
        let split = recs.partition_point(|r| r.kind == LEVEL);
        let stated_recs = recs.split_off(split);
        let mut groups: Vec<Group> = Vec::new();
        for r in recs {
            let same = groups.last().is_some_and(|g| {
                let k = &g.key;
                (k.region, k.indicator, k.unit, k.year, k.status)
                    == (r.region, r.indicator, r.unit, r.year, r.status)
            });
            if !same {
                groups.push(Group {
                    key: r,
                    facts: Vec::new(),
                    values: Vec::new(),
                    n_docs: 0,
                });
            }
            let g = groups.last_mut().expect("a group");
            if g.facts.last().is_none_or(|&(d, _)| d != r.doc) {
                g.n_docs += 1;
            }
            g.facts.push((r.doc, r.start));
            let bits = value_bits(r.value);
            match g.values.iter_mut().find(|v| v.bits == bits) {
                Some(v) => {
                    v.n += 1;
                    if v.last_doc != r.doc {
                        v.docs += 1;
                        v.last_doc = r.doc;
                    }
                }
                None => g.values.push(ValueStat {
                    bits,
                    value: r.value,
                    n: 1,
                    docs: 1,
                    last_doc: r.doc,
                    first: (r.doc, r.start),
                }),
            }
        }
        // Stated attainments: the first (in fact order) per region × indicator × unit × year.
        let mut stated: Vec<Record> = Vec::new();
        for r in stated_recs {
            let same = stated.last().is_some_and(|s| {
                (s.region, s.indicator, s.unit, s.year) == (r.region, r.indicator, r.unit, r.year)
            });
            if !same {
                stated.push(r);
            }
        }
        Ok(Range {
            fin: self,
            groups,
            stated,
        })
    }
}

/// A fact's place in fact_id order: (document number, start offset).
type FactRef = (u32, u32);

/// How often one value is stated within a group.
struct ValueStat {
    /// The value's bits with -0.0 folded into 0.0, for equality.
    bits: u64,
    value: f64,
    n: u32,
    docs: u32,
    last_doc: u32,
    /// The first (earliest) fact stating it.
    first: FactRef,
}

/// One row of the indicators table: the facts of one region × indicator × unit × year × status.
struct Group {
    /// A record of the group (for its key).
    key: Record,
    facts: Vec<FactRef>,
    values: Vec<ValueStat>,
    n_docs: u32,
}

impl Group {
    /// The value most facts state; ties: more documents, then the earliest fact.
    fn winner(&self) -> &ValueStat {
        self.values
            .iter()
            .max_by_key(|v| (v.n, v.docs, Reverse(v.first)))
            .expect("a group has at least one fact")
    }
}

fn value_bits(v: f64) -> u64 {
    if v == 0.0 {
        0.0f64.to_bits()
    } else {
        v.to_bits()
    }
}

/// The groups of one range, in key order.
pub struct Range<'a> {
    fin: &'a Finished,
    groups: Vec<Group>,
    stated: Vec<Record>,
}

impl<'a> Range<'a> {
    /// A range without rows (for empty tables with the right columns).
    pub fn empty(fin: &'a Finished) -> Range<'a> {
        Range {
            fin,
            groups: Vec::new(),
            stated: Vec::new(),
        }
    }

    /// Rows of the indicators table in this range.
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    fn name(&self, id: u32) -> &str {
        self.fin.strings.name(id)
    }

    fn region(&self, id: u32) -> Option<&str> {
        (id != NO_REGION).then(|| self.name(id))
    }

    /// region, indicator, unit and year columns of `recs`.
    fn key_columns<'r>(&self, recs: impl Iterator<Item = &'r Record> + Clone) -> Vec<Column> {
        vec![
            Column::new(
                "region".into(),
                recs.clone()
                    .map(|r| self.region(r.region))
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                "indicator".into(),
                recs.clone()
                    .map(|r| self.name(r.indicator))
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                "unit".into(),
                recs.clone().map(|r| self.name(r.unit)).collect::<Vec<_>>(),
            ),
            Column::new("year".into(), recs.map(|r| r.year).collect::<Vec<i16>>()),
        ]
    }

    /// The indicators table rows `rows` of this range, every column.
    pub fn indicators(&self, rows: std::ops::Range<usize>) -> Result<DataFrame> {
        let groups = &self.groups[rows];
        let mut cols = self.key_columns(groups.iter().map(|g| &g.key));
        let mut codes: FxHashMap<u32, Option<String>> = FxHashMap::default();
        let region_code: Vec<Option<String>> = groups
            .iter()
            .map(|g| {
                codes
                    .entry(g.key.region)
                    .or_insert_with(|| {
                        self.region(g.key.region)
                            .and_then(|name| region::lookup(name, None))
                            .map(|reg| reg.code)
                    })
                    .clone()
            })
            .collect();
        let n_ids: usize = groups.iter().map(|g| g.facts.len()).sum();
        let mut fact_ids = ListStringChunkedBuilder::new("fact_ids".into(), groups.len(), n_ids);
        let mut values = ListPrimitiveChunkedBuilder::<Float64Type>::new(
            "values".into(),
            groups.len(),
            groups.len(),
            DataType::Float64,
        );
        let mut sorted: Vec<f64> = Vec::new();
        for g in groups {
            let ids: Vec<String> = g
                .facts
                .iter()
                .map(|&(d, st)| Fact::fact_id_of(&self.fin.doc_ids[d as usize], st))
                .collect();
            fact_ids.append_values_iter(ids.iter().map(String::as_str));
            sorted.clear();
            sorted.extend(g.values.iter().map(|v| v.value));
            sorted.sort_by(|a, b| a.partial_cmp(b).unwrap_or(Ordering::Equal));
            values.append_slice(&sorted);
        }
        let col_of = |name: &str, f: &dyn Fn(&Group) -> i32| {
            Column::new(name.into(), groups.iter().map(f).collect::<Vec<i32>>())
        };
        cols.extend([
            Column::new("region_code".into(), region_code),
            Column::new(
                "status".into(),
                groups
                    .iter()
                    .map(|g| g.key.status.as_str())
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                "value".into(),
                groups
                    .iter()
                    .map(|g| g.winner().value)
                    .collect::<Vec<f64>>(),
            ),
            col_of("n_facts", &|g| g.facts.len() as i32),
            col_of("n_docs", &|g| g.n_docs as i32),
            fact_ids.finish().into_series().into_column(),
            Column::new(
                "conflict".into(),
                groups
                    .iter()
                    .map(|g| g.values.len() > 1)
                    .collect::<Vec<bool>>(),
            ),
            values.finish().into_series().into_column(),
        ]);
        let mut df = DataFrame::new(groups.len(), cols)?;
        if groups.is_empty() {
            // Empty list columns come out as List(Null); the contract wants their item types.
            df = df
                .lazy()
                .with_columns([
                    col("fact_ids").cast(DataType::List(Box::new(DataType::String))),
                    col("values").cast(DataType::List(Box::new(DataType::Float64))),
                ])
                .collect()?;
        }
        Ok(df)
    }

    /// region, indicator, unit, year, status and value of every row: what yoy and
    /// plan_vs_actual compare.
    pub fn values(&self) -> Result<DataFrame> {
        let mut cols = self.key_columns(self.groups.iter().map(|g| &g.key));
        cols.extend([
            Column::new(
                "status".into(),
                self.groups
                    .iter()
                    .map(|g| g.key.status.as_str())
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                "value".into(),
                self.groups
                    .iter()
                    .map(|g| g.winner().value)
                    .collect::<Vec<f64>>(),
            ),
        ]);
        Ok(DataFrame::new(self.groups.len(), cols)?)
    }

    /// The year-over-year and plan-vs-actual rows of this range ([`super::yoy`],
    /// [`super::plan_vs_actual`]).
    pub fn comparisons(&self) -> Result<(DataFrame, DataFrame)> {
        let values = self.values()?;
        Ok((
            super::yoy(&values)?,
            super::plan_vs_actual(&self.stated()?, &values)?,
        ))
    }

    /// Stated attainments: region, indicator, unit, year (of the actual they refer to) and
    /// stated_attainment_pct.
    pub fn stated(&self) -> Result<DataFrame> {
        let mut cols = self.key_columns(self.stated.iter());
        cols.push(Column::new(
            "stated_attainment_pct".into(),
            self.stated.iter().map(|r| r.value).collect::<Vec<f64>>(),
        ));
        Ok(DataFrame::new(self.stated.len(), cols)?)
    }
}
