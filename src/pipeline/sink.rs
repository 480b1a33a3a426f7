//! Streaming the facts: [`FactSink`] takes every document's facts in doc_id order, links them
//! to the catalog a batch at a time, writes them to facts.parquet (and the year partitions)
//! and counts them into the aggregates, so a run holds one batch of facts, never all of them.
//! [`DocFacts`] reads a facts table back the same way, one document at a time, with the links
//! the table had when the catalog that made them is the run's (so re-runs keep them).

use crate::aggregate::{self, link, Aggregator, Linked};
use crate::catalog::indicators::Catalog;
use crate::frames::{self, facts_frame};
use crate::model::Fact;
use crate::schema;
use crate::tables::{self, PartitionedWriter, Provenance, TableChunks, TableWriter};
use anyhow::{anyhow, Result};
use polars::prelude::DataFrame;
use std::path::Path;

/// Facts linked and written together.
const FLUSH_FACTS: usize = 16 * 1024;
/// Name of the aggregate's spill files in `_stages/`, before the process id.
pub(super) const SPILL_PREFIX: &str = "aggregate.spill-";
/// Documents' facts waiting for the writer thread at most.
const QUEUE_DOCS: usize = 512;

/// Row counts of what a [`FactSink`] wrote.
#[derive(Debug, Default, Clone, Copy)]
pub struct Written {
    pub facts: usize,
    pub indicators: usize,
    pub yoy: usize,
    pub plan_vs_actual: usize,
}

/// One document's facts, with their links when they were read back from a table linked by the
/// same catalog ([`DocFacts`]).
#[derive(Debug, Default)]
pub struct DocFactsOf {
    pub facts: Vec<Fact>,
    pub links: Option<Vec<Linked>>,
}

impl From<Vec<Fact>> for DocFactsOf {
    /// Facts to be linked.
    fn from(facts: Vec<Fact>) -> DocFactsOf {
        DocFactsOf { facts, links: None }
    }
}

/// What happens to the facts besides being written.
pub enum Link<'a> {
    /// Linked with the catalog, and the aggregate tables written at the end (run, aggregate,
    /// merge).
    Aggregate(&'a Catalog),
    /// Written as extract leaves them, `indicator` empty (the extract stage on its own).
    None,
}

pub struct FactSink<'a> {
    output: &'a Path,
    link: Link<'a>,
    prov: Provenance,
    facts: TableWriter,
    parts: Option<PartitionedWriter>,
    agg: Aggregator,
    batch: Vec<Fact>,
    /// The links known for `batch` (read back with the facts), position by position.
    known: Vec<Option<Linked>>,
    partition: bool,
    /// The pool linking runs in (the caller's when none).
    pool: Option<&'a rayon::ThreadPool>,
}

impl<'a> FactSink<'a> {
    /// A sink writing into `output`; `partition` also writes the hive datasets by year.
    pub fn create(
        output: &'a Path,
        link: Link<'a>,
        prov: Provenance,
        partition: bool,
    ) -> Result<FactSink<'a>> {
        let prov = Provenance {
            catalog: match link {
                Link::Aggregate(catalog) => Some(catalog.fingerprint().to_string()),
                Link::None => None,
            },
            ..prov
        };
        let facts = TableWriter::create(
            output.join(schema::FACTS.file_name()),
            &schema::FACTS,
            &prov,
        )?;
        let parts = if partition {
            Some(PartitionedWriter::create(
                output,
                &schema::FACTS,
                "year",
                &prov,
            )?)
        } else {
            None
        };
        let agg = match link {
            Link::Aggregate(_) => {
                // The spill goes in `_stages/`, which a sink used outside a run may lack.
                super::prepare_output(output)?;
                Aggregator::spilling(spill_path(output))?
            }
            Link::None => Aggregator::new(),
        };
        Ok(FactSink {
            output,
            link,
            prov,
            facts,
            parts,
            agg,
            batch: Vec::new(),
            known: Vec::new(),
            partition,
            pool: None,
        })
    }

    /// Links in `pool` (for a sink driven from a thread outside it).
    pub fn with_pool(mut self, pool: &'a rayon::ThreadPool) -> FactSink<'a> {
        self.pool = Some(pool);
        self
    }

    /// Adds the facts of one document; documents must come in doc_id order. Links that come
    /// with them are kept.
    pub fn push_doc(&mut self, doc: impl Into<DocFactsOf>) -> Result<()> {
        if self.batch.len() >= FLUSH_FACTS {
            self.flush()?;
        }
        let DocFactsOf { mut facts, links } = doc.into();
        match links {
            Some(links) if links.len() == facts.len() => {
                let mut both: Vec<(Fact, Linked)> = facts.into_iter().zip(links).collect();
                both.sort_by_key(|(f, _)| f.start);
                for (f, l) in both {
                    self.batch.push(f);
                    self.known.push(Some(l));
                }
            }
            _ => {
                facts.sort_by_key(|f| f.start);
                self.known.resize(self.batch.len() + facts.len(), None);
                self.batch.append(&mut facts);
            }
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let known = std::mem::take(&mut self.known);
        let df = match self.link {
            Link::Aggregate(catalog) => {
                let batch = &self.batch;
                let link = || aggregate::link_facts_reusing(batch, known, catalog);
                let linked = match self.pool {
                    Some(pool) => pool.install(link),
                    None => link(),
                }?;
                self.agg
                    .add(&self.batch, &aggregate::indicator_column(&linked)?)?;
                linked
            }
            Link::None => facts_frame(&self.batch)?,
        };
        if let Some(parts) = &mut self.parts {
            parts.push(df.clone())?;
        }
        self.facts.push(df)?;
        self.batch.clear();
        Ok(())
    }

    /// Writes the rest of the facts and, when linking, the aggregate tables.
    pub fn finish(mut self) -> Result<Written> {
        self.flush()?;
        let mut written = Written {
            facts: self.facts.rows(),
            ..Written::default()
        };
        self.facts.finish()?;
        if let Some(parts) = self.parts.take() {
            parts.finish()?;
        }
        if let Link::None = self.link {
            return Ok(written);
        }
        let done = self.agg.finish()?;
        let writer = |table: &'static schema::Table| -> Result<_> {
            let flat = TableWriter::create(self.output.join(table.file_name()), table, &self.prov)?;
            let parts = if self.partition {
                Some(PartitionedWriter::create(
                    self.output,
                    table,
                    "year",
                    &self.prov,
                )?)
            } else {
                None
            };
            Ok((flat, parts))
        };
        let mut out = [
            writer(&schema::INDICATORS)?,
            writer(&schema::YOY)?,
            writer(&schema::PLAN_VS_ACTUAL)?,
        ];
        let mut push = |i: usize, df: DataFrame| -> Result<()> {
            let (flat, parts) = &mut out[i];
            if let Some(p) = parts {
                p.push(df.clone())?;
            }
            flat.push(df)
        };
        for i in 0..done.ranges() {
            let range = done.range(i)?;
            let mut from = 0;
            while from < range.len() {
                let to = (from + tables::ROW_GROUP).min(range.len());
                push(0, range.indicators(from..to)?)?;
                from = to;
            }
            let (yoy, pva) = range.comparisons()?;
            written.indicators += range.len();
            written.yoy += yoy.height();
            written.plan_vs_actual += pva.height();
            push(1, yoy)?;
            push(2, pva)?;
        }
        for (flat, parts) in out {
            flat.finish()?;
            if let Some(p) = parts {
                p.finish()?;
            }
        }
        Ok(written)
    }
}

/// Runs `produce` with a function that hands one document's facts to `sink`, which links and
/// writes them meanwhile on a thread of its own, then finishes the sink. When `produce` fails,
/// the sink is dropped unfinished: no table is replaced.
pub fn write_concurrently<T>(
    sink: FactSink<'_>,
    produce: impl FnOnce(&mut dyn FnMut(DocFactsOf) -> Result<()>) -> Result<T>,
) -> Result<(T, Written)> {
    enum Msg {
        Doc(DocFactsOf),
        Done,
    }
    let (tx, rx) = std::sync::mpsc::sync_channel::<Msg>(QUEUE_DOCS);
    std::thread::scope(|scope| {
        let writer = scope.spawn(move || -> Result<Option<Written>> {
            let mut sink = sink;
            for m in rx {
                match m {
                    Msg::Doc(facts) => sink.push_doc(facts)?,
                    Msg::Done => return sink.finish().map(Some),
                }
            }
            Ok(None)
        });
        let out = {
            let mut send = |facts: DocFactsOf| {
                tx.send(Msg::Doc(facts))
                    .map_err(|_| anyhow!("the facts writer stopped"))
            };
            produce(&mut send)
        };
        if out.is_ok() {
            let _ = tx.send(Msg::Done);
        }
        drop(tx);
        let written = writer
            .join()
            .map_err(|_| anyhow!("the facts writer thread panicked"))?;
        // The writer's own error explains a failed send, so it comes first.
        match (out, written) {
            (_, Err(e)) | (Err(e), _) => Err(e),
            (Ok(t), Ok(Some(w))) => Ok((t, w)),
            (Ok(_), Ok(None)) => Err(anyhow!("the facts writer stopped early")),
        }
    })
}

/// A facts table read back one document at a time, in doc_id order.
pub struct DocFacts {
    chunks: TableChunks,
    /// The facts of the row group being read, not yet taken, with their links when kept.
    buf: std::collections::VecDeque<(Fact, Option<Linked>)>,
    /// Whether the table's links are handed back with the facts.
    links: bool,
}

impl DocFacts {
    /// The facts table in `dir`. Its links come back with the facts when `catalog` is the one
    /// that made them (same fingerprint in the table's footer).
    pub fn open(dir: &Path, catalog: Option<&Catalog>) -> Result<DocFacts> {
        let chunks = TableChunks::open(dir, &schema::FACTS, None)?;
        let links =
            catalog.is_some_and(|c| chunks.footer(tables::CATALOG_KEY) == Some(c.fingerprint()));
        Ok(DocFacts {
            chunks,
            buf: Default::default(),
            links,
        })
    }

    /// Whether the links are kept (the table was linked by the catalog given to `open`).
    pub fn keeps_links(&self) -> bool {
        self.links
    }

    /// Makes sure a fact is buffered unless the table is at its end.
    fn fill(&mut self) -> Result<bool> {
        while self.buf.is_empty() {
            match self.chunks.next() {
                None => return Ok(false),
                Some(df) => {
                    let df = df?;
                    let facts = frames::facts_from_frame(&df)?;
                    self.buf = if self.links {
                        let indicator = df.column("indicator")?.str()?;
                        let linked_by = df.column("linked_by")?.str()?;
                        facts
                            .into_iter()
                            .zip(indicator.iter().zip(linked_by.iter()))
                            .map(|(f, (i, by))| {
                                (f, Some((i.map(str::to_string), link::linked_by(by))))
                            })
                            .collect()
                    } else {
                        facts.into_iter().map(|f| (f, None)).collect()
                    };
                }
            }
        }
        Ok(true)
    }

    /// The doc_id of the next document, if any.
    pub fn peek(&mut self) -> Result<Option<&str>> {
        self.fill()?;
        Ok(self.buf.front().map(|(f, _)| f.doc_id.as_str()))
    }

    /// The facts of the next document.
    pub fn next_doc(&mut self) -> Result<Option<DocFactsOf>> {
        let Some(doc) = self.peek()?.map(str::to_string) else {
            return Ok(None);
        };
        Ok(Some(self.take(&doc)?))
    }

    /// The facts of document `doc_id`, skipping documents before it; empty when it has none.
    /// Calls must come in doc_id order.
    pub fn take(&mut self, doc_id: &str) -> Result<DocFactsOf> {
        let mut out = DocFactsOf {
            facts: Vec::new(),
            links: self.links.then(Vec::new),
        };
        while self.fill()? {
            let Some((f, _)) = self.buf.front() else {
                break;
            };
            match f.doc_id.as_str().cmp(doc_id) {
                std::cmp::Ordering::Less => {
                    self.buf.pop_front();
                }
                std::cmp::Ordering::Equal => {
                    let Some((f, l)) = self.buf.pop_front() else {
                        break;
                    };
                    out.facts.push(f);
                    if let (Some(links), Some(l)) = (&mut out.links, l) {
                        links.push(l);
                    }
                }
                std::cmp::Ordering::Greater => break,
            }
        }
        Ok(out)
    }
}

/// The aggregate's spill file for this process (a killed run's are removed when the next run
/// takes the lock).
fn spill_path(output: &Path) -> std::path::PathBuf {
    output
        .join(super::STAGE_DIR)
        .join(format!("{SPILL_PREFIX}{}", std::process::id()))
}
