//! The only orchestrator and the only module that touches files: finds the inputs, runs the
//! stages (in parallel, in batches), hands each stage's output to the next through the output
//! directory, writes the tables, keeps the manifest and the run log, and reports.

pub mod inputs;
pub mod progress;
pub mod runs;
pub mod sink;
pub mod state;

use crate::aggregate;
use crate::catalog::indicators::Catalog;
use crate::extract;
use crate::frames::{self, documents_frame, DocRow};
use crate::ingest::{self, IngestOptions};
use crate::model::{DocStatus, Document, Fact};
use crate::schema;
use crate::tables::{self, Provenance};
use anyhow::{anyhow, Context, Result};
use inputs::InputFile;
use progress::Progress;
use rayon::prelude::*;
use sink::{DocFacts, DocFactsOf, FactSink, Link};
use state::{Lock, Manifest};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{BufRead, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Why a run failed, as the exit code tells it.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// Bad flags or configuration (exit 2).
    #[error("{0:#}")]
    Usage(anyhow::Error),
    /// An input or output failure (exit 3).
    #[error("{0:#}")]
    Io(anyhow::Error),
}

impl RunError {
    pub fn exit_code(&self) -> u8 {
        match self {
            RunError::Usage(_) => 2,
            RunError::Io(_) => 3,
        }
    }
}

fn io<T>(r: Result<T>) -> Result<T, RunError> {
    r.map_err(RunError::Io)
}

/// One shard of the documents: those whose id hashes to `k` of `n`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub k: u32,
    pub n: u32,
}

impl Shard {
    /// Parses `K/N` with 0 ≤ K < N.
    pub fn parse(s: &str) -> Result<Shard, String> {
        let (k, n) = s
            .split_once('/')
            .ok_or_else(|| format!("--shard takes K/N (e.g. 0/4), not {s:?}"))?;
        let k: u32 = k
            .trim()
            .parse()
            .map_err(|_| format!("--shard: {k:?} is not a number"))?;
        let n: u32 = n
            .trim()
            .parse()
            .map_err(|_| format!("--shard: {n:?} is not a number"))?;
        if n == 0 || k >= n {
            return Err(format!(
                "--shard {s}: K must be from 0 to N-1 and N at least 1"
            ));
        }
        Ok(Shard { k, n })
    }

    pub fn contains(&self, doc_id: &str) -> bool {
        let h = u64::from_str_radix(doc_id.get(..15).unwrap_or(doc_id), 16).unwrap_or(0);
        h % u64::from(self.n) == u64::from(self.k)
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.k, self.n)
    }
}

/// Everything a run needs, checked once.
#[derive(Debug, Clone)]
pub struct Config {
    pub input: PathBuf,
    pub output: PathBuf,
    pub ingest: IngestOptions,
    pub catalog: Catalog,
    /// Show progress on stderr (a bar on a terminal, plain lines otherwise).
    pub progress: bool,
    /// Worker threads.
    pub jobs: usize,
    /// Ignore the manifest and rebuild everything.
    pub full: bool,
    pub shard: Option<Shard>,
    /// Also write hive-partitioned datasets (`facts/year=2024/…`) beside the flat files.
    pub partition_by_year: bool,
}

impl Config {
    /// Defaults for `input` → `output`: built-in catalog, all cores, no progress output.
    pub fn new(input: impl Into<PathBuf>, output: impl Into<PathBuf>) -> Config {
        Config {
            input: input.into(),
            output: output.into(),
            ingest: IngestOptions::default(),
            catalog: Catalog::builtin(),
            progress: false,
            jobs: std::thread::available_parallelism().map_or(1, |n| n.get()),
            full: false,
            shard: None,
            partition_by_year: false,
        }
    }
}

/// What a run did, for the summary line, `--json` and the exit code.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Summary {
    pub documents: usize,
    pub ok: usize,
    pub rejected: usize,
    pub duplicate: usize,
    pub new: usize,
    pub changed: usize,
    pub unchanged: usize,
    pub removed: usize,
    pub facts: usize,
    pub indicators: usize,
    pub yoy: usize,
    pub plan_vs_actual: usize,
    pub output: String,
    pub run_id: Option<String>,
    pub duration_s: f64,
    /// Seconds (wall) spent reading, ingesting and extracting documents; the rest of
    /// `duration_s` went to hashing the inputs, reading back reused facts, linking and
    /// writing the tables.
    pub ingest_extract_s: f64,
}

impl Summary {
    /// 0 when every document was read, 1 when some were rejected.
    pub fn exit_code(&self) -> u8 {
        u8::from(self.rejected > 0)
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} documents ({} ok, {} rejected, {} duplicate; {} new, {} changed, {} unchanged, {} removed); {} facts; {} indicator values, {} year-over-year rows, {} plan-vs-actual rows; tables in {}",
            self.documents,
            self.ok,
            self.rejected,
            self.duplicate,
            self.new,
            self.changed,
            self.unchanged,
            self.removed,
            self.facts,
            self.indicators,
            self.yoy,
            self.plan_vs_actual,
            self.output
        )
    }
}

const STAGE_DIR: &str = "_stages";
const INGEST_STAGE: &str = "ingest.jsonl";
/// Documents handled together: read, ingested and extracted in parallel, then written.
const BATCH: usize = 256;

fn prepare_output(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir.join(STAGE_DIR)).with_context(|| {
        format!(
            "output directory {} cannot be created or written (pass --output DIR)",
            dir.display()
        )
    })
}

fn stage_path(output: &Path) -> PathBuf {
    output.join(STAGE_DIR).join(INGEST_STAGE)
}

/// Writes `_stages/ingest.jsonl` line by line, then moves it into place.
struct StageWriter {
    tmp: PathBuf,
    path: PathBuf,
    w: BufWriter<std::fs::File>,
}

impl StageWriter {
    fn create(output: &Path) -> Result<Self> {
        prepare_output(output)?;
        let path = stage_path(output);
        let tmp = path.with_extension(format!("jsonl.tmp-{}", std::process::id()));
        let file = std::fs::File::create(&tmp)
            .with_context(|| format!("cannot write {}", tmp.display()))?;
        Ok(StageWriter {
            tmp,
            path,
            w: BufWriter::new(file),
        })
    }

    fn line(&mut self, line: &[u8]) -> Result<()> {
        self.w.write_all(line)?;
        self.w.write_all(b"\n")?;
        Ok(())
    }

    fn doc(&mut self, doc: &Document) -> Result<()> {
        serde_json::to_writer(&mut self.w, doc)?;
        self.w.write_all(b"\n")?;
        Ok(())
    }

    fn finish(mut self) -> Result<()> {
        self.w
            .flush()
            .with_context(|| format!("cannot write {}", self.tmp.display()))?;
        std::fs::rename(&self.tmp, &self.path)
            .with_context(|| format!("cannot write {}", self.path.display()))
    }
}

/// The doc_id at the start of a stage line, without parsing (or validating) the whole line.
fn stage_line_doc_id(line: &[u8]) -> Option<&str> {
    let rest = line.strip_prefix(b"{\"doc_id\":\"")?;
    let end = rest.iter().position(|&b| b == b'"')?;
    std::str::from_utf8(&rest[..end]).ok()
}

/// Calls `each` with every line of a stage file (without its newline), streaming: the file
/// holds every text. Lines are handed over as bytes, unchecked: they are only copied or have
/// their head read.
fn for_each_stage_line(path: &Path, mut each: impl FnMut(&[u8]) -> Result<()>) -> Result<()> {
    let Ok(file) = std::fs::File::open(path) else {
        return Ok(());
    };
    let mut r = std::io::BufReader::with_capacity(1 << 20, file);
    let mut line = Vec::new();
    loop {
        line.clear();
        let n = r
            .read_until(b'\n', &mut line)
            .with_context(|| format!("cannot read {}", path.display()))?;
        if n == 0 {
            return Ok(());
        }
        if line.last() == Some(&b'\n') {
            line.pop();
        }
        each(&line)?;
    }
}

/// The doc_ids a stage file holds a line for.
fn stage_doc_ids(path: &Path) -> HashSet<String> {
    let mut ids = HashSet::new();
    let _ = for_each_stage_line(path, |l| {
        if let Some(id) = stage_line_doc_id(l) {
            ids.insert(id.to_string());
        }
        Ok(())
    });
    ids
}

/// Where each line of a stage file starts, with its doc_id and source, in doc_id order (then
/// source): the order extract and aggregate take documents in. Parses only the line heads.
fn stage_index(path: &Path) -> Result<Vec<(String, String, u64)>> {
    let file = std::fs::File::open(path).with_context(|| {
        format!(
            "cannot open {} (run `minsheng ingest` first)",
            path.display()
        )
    })?;
    let mut r = std::io::BufReader::new(file);
    let mut index = Vec::new();
    let (mut offset, mut n) = (0u64, 0usize);
    let mut line = String::new();
    loop {
        line.clear();
        let len = r
            .read_line(&mut line)
            .with_context(|| format!("{}: line {}", path.display(), n + 1))?;
        if len == 0 {
            break;
        }
        n += 1;
        if !line.trim().is_empty() {
            let (doc_id, source) = crate::model::stage_line_head(&line)
                .ok_or_else(|| anyhow!("{}: line {n}: not a document", path.display()))?;
            index.push((doc_id, source, offset));
        }
        offset += len as u64;
    }
    index.sort();
    Ok(index)
}

/// The stage line at `offset`, parsed.
fn read_stage_doc(
    r: &mut std::io::BufReader<std::fs::File>,
    path: &Path,
    offset: u64,
) -> Result<Document> {
    use std::io::Seek;
    r.seek(std::io::SeekFrom::Start(offset))
        .with_context(|| format!("cannot read {}", path.display()))?;
    let mut line = String::new();
    r.read_line(&mut line)
        .with_context(|| format!("cannot read {}", path.display()))?;
    serde_json::from_str(&line)
        .with_context(|| format!("{}: byte {offset}: not a document", path.display()))
}

/// What the last complete run left that this one may reuse: its documents rows and the
/// doc_ids with a stage line (its facts are read back as the run reaches them: [`DocFacts`],
/// with their links when `catalog` made them).
#[derive(Default)]
struct Previous {
    manifest: Manifest,
    docs: HashMap<String, DocRow>,
    /// doc_ids with a line in the previous stage file (copied over, streaming, at the end).
    stage: HashSet<String>,
}

impl Previous {
    fn load(output: &Path, catalog: &Catalog) -> (Previous, Option<DocFacts>) {
        let manifest = Manifest::load(output);
        if manifest.files.is_empty() {
            return (Previous::default(), None);
        }
        let docs = tables::read(output, &schema::DOCUMENTS)
            .and_then(|df| frames::documents_from_frame(&df));
        let (Ok(docs), Ok(facts)) = (docs, DocFacts::open(output, Some(catalog))) else {
            return (
                Previous {
                    manifest,
                    ..Previous::default()
                },
                None,
            );
        };
        let prev = Previous {
            manifest,
            docs: docs.into_iter().map(|d| (d.source.clone(), d)).collect(),
            stage: stage_doc_ids(&stage_path(output)),
        };
        (prev, Some(facts))
    }

    /// The previous row for this file, when its bytes did not change and it was read.
    fn reusable(&self, source: &str, doc_id: &str) -> Option<DocRow> {
        if self.manifest.files.get(source).map(String::as_str) != Some(doc_id) {
            return None;
        }
        let row = self.docs.get(source)?;
        if row.doc_id != doc_id || row.status == DocStatus::Duplicate.as_str() {
            return None;
        }
        if row.status == DocStatus::Ok.as_str() && !self.stage.contains(doc_id) {
            return None;
        }
        Some(row.clone())
    }
}

/// An input file with the doc_id of its bytes (of its path when it cannot be read).
struct Entry<'f> {
    file: &'f InputFile,
    doc_id: String,
    /// Why the file cannot be read.
    unread: Option<String>,
}

/// Every input file of this run's shard with its doc_id, in doc_id order (then source): the
/// order documents are processed and facts written in. Reads every file once to hash it.
fn identify<'f>(files: &'f [InputFile], cfg: &Config) -> Vec<Entry<'f>> {
    let mut entries: Vec<Entry> = files
        .par_iter()
        .map(|file| match file.read(cfg.ingest.max_bytes) {
            Ok(bytes) => Entry {
                file,
                doc_id: ingest::doc_id_of_bytes(&bytes),
                unread: None,
            },
            Err(why) => Entry {
                file,
                doc_id: ingest::doc_id_of_path(&file.source),
                unread: Some(why),
            },
        })
        .filter(|e| cfg.shard.is_none_or(|s| s.contains(&e.doc_id)))
        .collect();
    entries.sort_by(|a, b| (&a.doc_id, &a.file.source).cmp(&(&b.doc_id, &b.file.source)));
    entries
}

/// One file after this run looked at it.
enum Processed {
    Fresh { doc: Document, facts: Vec<Fact> },
    Reused { row: DocRow },
}

fn process(e: &Entry, cfg: &Config, prev: &Previous) -> Processed {
    let source = &e.file.source;
    let rejected = |why: String| Processed::Fresh {
        doc: Document::rejected(e.doc_id.clone(), source.clone(), why),
        facts: Vec::new(),
    };
    if let Some(why) = &e.unread {
        return rejected(why.clone());
    }
    if let Some(row) = prev.reusable(source, &e.doc_id) {
        return Processed::Reused { row };
    }
    let bytes = match e.file.read(cfg.ingest.max_bytes) {
        Ok(b) => b,
        Err(why) => return rejected(why),
    };
    // Hashed once, by identify: a file changed since then keeps that id until the next run.
    let doc = ingest::ingest_as(e.doc_id.clone(), source, &bytes, &cfg.ingest);
    let facts = if doc.status == DocStatus::Ok {
        extract::extract(&doc)
    } else {
        Vec::new()
    };
    Processed::Fresh { doc, facts }
}

/// The year most of a document's facts are for (ties: the later year), else ingest's guess.
fn report_year(doc: &Document, facts: &[Fact]) -> Option<i16> {
    let mut count: BTreeMap<i16, usize> = BTreeMap::new();
    for f in facts {
        if let Some(y) = f.year {
            *count.entry(y).or_default() += 1;
        }
    }
    count
        .into_iter()
        .max_by_key(|(y, n)| (*n, *y))
        .map(|(y, _)| y)
        .or(doc.doc_year)
}

/// Marks an `ok` row whose bytes an earlier file already had as a `duplicate` of it, with no
/// facts; returns whether it did. Rows come in (doc_id, source) order, so the files with the
/// same bytes are neighbours and the first by source keeps the facts; `last_ok` is the
/// doc_id and source of the last `ok` row seen.
fn mark_duplicate(row: &mut DocRow, last_ok: &mut Option<(String, String)>) -> bool {
    if row.status != DocStatus::Ok.as_str() {
        return false;
    }
    if let Some((id, first)) = last_ok {
        if *id == row.doc_id {
            row.status = DocStatus::Duplicate.as_str().into();
            row.error = Some(format!("same bytes as {first}"));
            row.n_facts = 0;
            row.report_year = None;
            return true;
        }
    }
    *last_ok = Some((row.doc_id.clone(), row.source.clone()));
    false
}

fn thread_pool(jobs: usize) -> Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.max(1))
        .build()
        .map_err(|e| anyhow!("cannot start {jobs} worker threads: {e}"))
}

/// Ingest and extract every input file (reusing unchanged ones) in doc_id order, a batch at a
/// time: the stage file, facts and aggregate tables are written as the batches go; only the
/// documents rows stay in memory. Returns them with the manifest and the counts.
fn ingest_and_extract(
    cfg: &Config,
    files: &[InputFile],
    pool: &rayon::ThreadPool,
) -> Result<(Vec<DocRow>, Manifest, Summary)> {
    let (prev, mut prev_facts) = if cfg.full {
        Manifest::clear(&cfg.output);
        (Previous::default(), None)
    } else {
        Previous::load(&cfg.output, &cfg.catalog)
    };
    let entries = pool.install(|| identify(files, cfg));
    let prov = provenance(entries.iter().map(|e| e.doc_id.as_str()));
    let mut stage = StageWriter::create(&cfg.output)?;
    let sink = FactSink::create(
        &cfg.output,
        Link::Aggregate(&cfg.catalog),
        prov.clone(),
        cfg.partition_by_year,
    )?
    .with_pool(pool);
    let mut progress = Progress::new(cfg.progress, entries.len() as u64, "documents");
    let mut summary = Summary::default();
    let mut manifest = Manifest {
        version: 1,
        ..Manifest::default()
    };
    let mut rows = Vec::with_capacity(entries.len());
    let mut last_ok = None;
    let mut reused: HashSet<String> = HashSet::new();
    // Facts are linked and written on a thread of their own while the next batch is read.
    let ((), written) = sink::write_concurrently(sink, |send| {
        for batch in entries.chunks(BATCH) {
            let t = std::time::Instant::now();
            let done: Vec<Processed> =
                pool.install(|| batch.par_iter().map(|e| process(e, cfg, &prev)).collect());
            summary.ingest_extract_s += t.elapsed().as_secs_f64();
            for p in done {
                let (mut row, mut facts) = match p {
                    Processed::Reused { row } => {
                        summary.unchanged += 1;
                        let facts = match &mut prev_facts {
                            Some(pf) => pf.take(&row.doc_id)?,
                            None => DocFactsOf::default(),
                        };
                        if row.status == DocStatus::Ok.as_str() {
                            reused.insert(row.doc_id.clone());
                        }
                        (row, facts)
                    }
                    Processed::Fresh { doc, facts } => {
                        match prev.manifest.files.get(&doc.source) {
                            None => summary.new += 1,
                            Some(id) if *id == doc.doc_id => summary.unchanged += 1,
                            Some(_) => summary.changed += 1,
                        }
                        if doc.status == DocStatus::Rejected {
                            progress.println(&format!(
                                "minsheng: {}: rejected: {}",
                                cfg.input.join(&doc.source).display(),
                                doc.error.as_deref().unwrap_or("")
                            ));
                        } else {
                            stage.doc(&doc)?;
                        }
                        let row = DocRow::new(&doc, facts.len() as i32, report_year(&doc, &facts));
                        (row, DocFactsOf::from(facts))
                    }
                };
                if mark_duplicate(&mut row, &mut last_ok) {
                    facts = DocFactsOf::default();
                }
                manifest
                    .files
                    .insert(row.source.clone(), row.doc_id.clone());
                send(facts)?;
                rows.push(row);
            }
            progress.inc(batch.len() as u64);
        }
        Ok(())
    })?;
    progress.finish();
    drop(prev_facts);
    // Unchanged documents keep their cleaned text: copied from the previous stage file.
    for_each_stage_line(&stage_path(&cfg.output), |line| {
        if stage_line_doc_id(line).is_some_and(|id| reused.remove(id)) {
            stage.line(line)?;
        }
        Ok(())
    })?;
    stage.finish()?;
    let seen: HashSet<&String> = manifest.files.keys().collect();
    summary.removed = prev
        .manifest
        .files
        .keys()
        .filter(|s| !seen.contains(s))
        .count();
    write_documents(&cfg.output, &rows, written, &prov, &mut summary)?;
    Ok((rows, manifest, summary))
}

fn provenance<'a>(doc_ids: impl IntoIterator<Item = &'a str>) -> Provenance {
    Provenance {
        input_fingerprint: tables::fingerprint(doc_ids),
        catalog: None,
    }
}

fn count_rows(summary: &mut Summary, rows: &[DocRow], written: sink::Written, output: &Path) {
    let count = |s: DocStatus| rows.iter().filter(|d| d.status == s.as_str()).count();
    summary.documents = rows.len();
    summary.ok = count(DocStatus::Ok);
    summary.rejected = count(DocStatus::Rejected);
    summary.duplicate = count(DocStatus::Duplicate);
    summary.facts = written.facts;
    summary.indicators = written.indicators;
    summary.yoy = written.yoy;
    summary.plan_vs_actual = written.plan_vs_actual;
    summary.output = output.display().to_string();
}

/// Writes the documents table and fills the summary's counts: the last step of every command
/// that writes facts.
fn write_documents(
    output: &Path,
    rows: &[DocRow],
    written: sink::Written,
    prov: &Provenance,
    summary: &mut Summary,
) -> Result<()> {
    tables::write(output, &schema::DOCUMENTS, documents_frame(rows)?, prov)?;
    count_rows(summary, rows, written, output);
    Ok(())
}

fn log_run(cfg: &Config, command: &str, started_ms: i64, summary: &mut Summary) -> Result<()> {
    let ended_ms = runs::now_ms();
    let run_id = format!("{started_ms:013x}-{:05x}", std::process::id());
    summary.duration_s = (ended_ms - started_ms) as f64 / 1000.0;
    let n = |x: usize| x as i32;
    runs::append(
        &cfg.output,
        &runs::RunRecord {
            run_id: run_id.clone(),
            command: command.into(),
            started_ms,
            ended_ms,
            shard: cfg.shard.map(|s| s.to_string()),
            full: cfg.full,
            jobs: n(cfg.jobs),
            n_inputs: n(summary.documents),
            n_new: n(summary.new),
            n_changed: n(summary.changed),
            n_unchanged: n(summary.unchanged),
            n_removed: n(summary.removed),
            n_rejected: n(summary.rejected),
            n_duplicate: n(summary.duplicate),
            n_facts: summary.facts as i64,
            exit_code: i32::from(summary.exit_code()),
        },
    )?;
    summary.run_id = Some(run_id);
    Ok(())
}

fn lock(output: &Path) -> Result<Lock, RunError> {
    io(prepare_output(output))?;
    let lock = Lock::acquire(output).map_err(|e| RunError::Io(e.into()))?;
    remove_leftovers(output);
    Ok(lock)
}

/// Removes what a killed run left half-written in `output` and its `_stages/`: temporary
/// tables, datasets and stage files (`….tmp-<pid>`) and aggregate spill files. Only called
/// with the lock held, so no live run owns them; at scale they are gigabytes.
fn remove_leftovers(output: &Path) {
    let leftover = |name: &str| {
        name.starts_with(sink::SPILL_PREFIX)
            || name
                .rsplit_once(".tmp-")
                .is_some_and(|(_, pid)| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
    };
    for dir in [output.to_path_buf(), output.join(STAGE_DIR)] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            if !leftover(&e.file_name().to_string_lossy()) {
                continue;
            }
            let path = e.path();
            let _ = if path.is_dir() {
                std::fs::remove_dir_all(&path)
            } else {
                std::fs::remove_file(&path)
            };
        }
    }
}

/// The whole pipeline: ingest, extract, aggregate; incremental unless `cfg.full`.
pub fn run(cfg: &Config) -> Result<Summary, RunError> {
    let started = runs::now_ms();
    let _lock = lock(&cfg.output)?;
    let files = io(inputs::discover(&cfg.input))?;
    let pool = io(thread_pool(cfg.jobs))?;
    let (_, manifest, mut summary) = io(ingest_and_extract(cfg, &files, &pool))?;
    io(crate::report::write_report(&cfg.output))?;
    io(manifest.save(&cfg.output))?;
    io(log_run(cfg, "run", started, &mut summary))?;
    Ok(summary)
}

/// Ingest stage on its own: reads and cleans every file; writes `_stages/ingest.jsonl`.
pub fn ingest_only(cfg: &Config) -> Result<Summary, RunError> {
    let _lock = lock(&cfg.output)?;
    let files = io(inputs::discover(&cfg.input))?;
    let pool = io(thread_pool(cfg.jobs))?;
    let mut stage = io(StageWriter::create(&cfg.output))?;
    let mut rows = Vec::new();
    let mut progress = Progress::new(cfg.progress, files.len() as u64, "documents");
    for batch in files.chunks(BATCH) {
        let docs: Vec<Document> = pool.install(|| {
            batch
                .par_iter()
                .map(|f| match f.read(cfg.ingest.max_bytes) {
                    Ok(bytes) => ingest::ingest(&f.source, &bytes, &cfg.ingest),
                    Err(why) => {
                        Document::rejected(ingest::doc_id_of_path(&f.source), f.source.clone(), why)
                    }
                })
                .collect()
        });
        for d in docs {
            if cfg.shard.is_some_and(|s| !s.contains(&d.doc_id)) {
                continue;
            }
            io(stage.doc(&d))?;
            rows.push(DocRow::new(&d, 0, d.doc_year));
        }
        progress.inc(batch.len() as u64);
    }
    progress.finish();
    io(stage.finish())?;
    let mut summary = Summary::default();
    count_rows(&mut summary, &rows, sink::Written::default(), &cfg.output);
    summary.new = rows.len();
    Ok(summary)
}

/// Extract stage on its own: reads `_stages/ingest.jsonl` in doc_id order, a batch at a time,
/// and writes documents and facts (not yet linked: that is the aggregate stage's work).
pub fn extract_stage(cfg: &Config) -> Result<Summary, RunError> {
    let _lock = lock(&cfg.output)?;
    let path = stage_path(&cfg.output);
    let index = io(stage_index(&path))?;
    let pool = io(thread_pool(cfg.jobs))?;
    let prov = provenance(index.iter().map(|(id, _, _)| id.as_str()));
    let file =
        io(std::fs::File::open(&path).with_context(|| format!("cannot open {}", path.display())))?;
    let mut reader = std::io::BufReader::new(file);
    let mut sink = io(FactSink::create(
        &cfg.output,
        Link::None,
        prov.clone(),
        false,
    ))?;
    let mut rows = Vec::with_capacity(index.len());
    let mut last_ok = None;
    let mut progress = Progress::new(cfg.progress, index.len() as u64, "documents");
    for batch in index.chunks(BATCH) {
        let docs: Vec<Document> = io(batch
            .iter()
            .map(|(_, _, offset)| read_stage_doc(&mut reader, &path, *offset))
            .collect())?;
        let per_doc: Vec<Vec<Fact>> = pool.install(|| {
            docs.par_iter()
                .map(|d| {
                    if d.status == DocStatus::Ok {
                        extract::extract(d)
                    } else {
                        Vec::new()
                    }
                })
                .collect()
        });
        for (d, f) in docs.iter().zip(per_doc) {
            let mut row = DocRow::new(d, f.len() as i32, report_year(d, &f));
            if !mark_duplicate(&mut row, &mut last_ok) {
                io(sink.push_doc(f))?;
            }
            rows.push(row);
        }
        progress.inc(batch.len() as u64);
    }
    progress.finish();
    let written = io(pool.install(|| sink.finish()))?;
    let mut summary = Summary::default();
    io(write_documents(
        &cfg.output,
        &rows,
        written,
        &prov,
        &mut summary,
    ))?;
    Ok(summary)
}

/// Row counts of the aggregate tables.
pub struct AggregateCounts {
    pub indicators: usize,
    pub yoy: usize,
    pub plan_vs_actual: usize,
}

/// Aggregate stage: reads facts.parquet a row group at a time, links indicators, rewrites the
/// facts with their links and writes the aggregate tables.
pub fn aggregate_stage(cfg: &Config) -> Result<AggregateCounts, RunError> {
    let _lock = lock(&cfg.output)?;
    // Always linked afresh: linking is what this stage is for.
    let mut facts = io(DocFacts::open(&cfg.output, None))?;
    let docs = io(tables::read(&cfg.output, &schema::DOCUMENTS))?;
    let ids = io(frames::str_col(&docs, "doc_id"))?;
    let prov = provenance(ids.iter().flatten().map(String::as_str));
    drop(docs);
    let pool = io(thread_pool(cfg.jobs))?;
    let written = io(pool.install(|| -> Result<sink::Written> {
        let mut sink = FactSink::create(
            &cfg.output,
            Link::Aggregate(&cfg.catalog),
            prov,
            cfg.partition_by_year,
        )?;
        while let Some(doc) = facts.next_doc()? {
            sink.push_doc(doc)?;
        }
        sink.finish()
    }))?;
    Ok(AggregateCounts {
        indicators: written.indicators,
        yoy: written.yoy,
        plan_vs_actual: written.plan_vs_actual,
    })
}

/// Writes the generated documents numbered `docs`, recombined from the readable documents
/// under `input`.
pub fn synth(
    input: &Path,
    output: &Path,
    docs: std::ops::Range<usize>,
    seed: u64,
) -> Result<usize, RunError> {
    let files = io(inputs::discover(input))?;
    let mut seeds = Vec::new();
    for f in &files {
        let Ok(bytes) = f.read(u64::MAX) else {
            continue;
        };
        let doc = ingest::ingest(&f.source, &bytes, &IngestOptions::default());
        if doc.status == DocStatus::Ok {
            seeds.push((f.source.replace('/', "_"), doc.raw));
        }
    }
    if seeds.is_empty() {
        return Err(RunError::Usage(anyhow!(
            "no readable documents under {} to recombine",
            input.display()
        )));
    }
    io(std::fs::create_dir_all(output)
        .with_context(|| format!("cannot create {}", output.display())))?;
    let mut written = 0;
    for d in crate::synth::generate(&seeds, docs, seed) {
        let path = output.join(&d.name);
        io(std::fs::write(&path, &d.bytes)
            .with_context(|| format!("cannot write {}", path.display())))?;
        written += 1;
    }
    Ok(written)
}

/// Scores the facts in `output` against the gold files in `gold`; `corpus` holds the documents
/// (for placing facts in their raw text).
pub fn eval(
    output: &Path,
    corpus: &Path,
    gold: &Path,
) -> Result<crate::eval::EvalReport, RunError> {
    let gold = crate::eval::load_gold_dir(gold).map_err(|e| RunError::Usage(e.into()))?;
    let docs =
        io(tables::read(output, &schema::DOCUMENTS)
            .and_then(|df| frames::documents_from_frame(&df)))?;
    let facts =
        io(tables::read(output, &schema::FACTS).and_then(|df| frames::facts_from_frame(&df)))?;
    let stem = |source: &str| {
        let name = source.rsplit('/').next().unwrap_or(source);
        name.rsplit_once('.').map_or(name, |(s, _)| s).to_string()
    };
    let mut stem_of: HashMap<&str, String> = HashMap::new();
    let mut texts = Vec::new();
    for d in &docs {
        stem_of.insert(d.doc_id.as_str(), stem(&d.source));
        let path = corpus.join(&d.source);
        if let Ok(bytes) = std::fs::read(&path) {
            if let Ok(decoded) = ingest::decode::decode(&bytes) {
                texts.push((stem(&d.source), decoded.text));
            }
        }
    }
    let facts: Vec<(String, Fact)> = facts
        .into_iter()
        .filter_map(|f| Some((stem_of.get(f.doc_id.as_str())?.clone(), f)))
        .collect();
    Ok(crate::eval::score(&gold, &texts, &facts))
}

/// The catalog's coverage of the facts in `cfg.output`, linked with `cfg.catalog`.
pub fn catalog_report(cfg: &Config) -> Result<aggregate::catalog_report::CatalogReport, RunError> {
    let facts =
        io(tables::read(&cfg.output, &schema::FACTS).and_then(|df| frames::facts_from_frame(&df)))?;
    let linked = io(aggregate::link_facts(&facts, &cfg.catalog))?;
    io(aggregate::catalog_report::catalog_report(
        &linked,
        &cfg.catalog,
    ))
}

/// Combines the outputs of shard runs into `cfg.output` and runs aggregate on the whole. The
/// shards' facts are merged in doc_id order a document at a time, never all held at once.
pub fn merge(shards: &[PathBuf], cfg: &Config) -> Result<Summary, RunError> {
    let started = runs::now_ms();
    if shards.is_empty() {
        return Err(RunError::Usage(anyhow!(
            "merge needs at least one shard directory"
        )));
    }
    let _lock = lock(&cfg.output)?;
    let mut rows: Vec<DocRow> = Vec::new();
    let mut cursors: Vec<DocFacts> = Vec::new();
    let mut manifest = Manifest {
        version: 1,
        ..Manifest::default()
    };
    let mut owner: HashMap<String, PathBuf> = HashMap::new();
    let mut stage = io(StageWriter::create(&cfg.output))?;
    for dir in shards {
        let docs = io(tables::read(dir, &schema::DOCUMENTS)
            .and_then(|df| frames::documents_from_frame(&df))
            .with_context(|| format!("shard {}", dir.display())))?;
        for r in &docs {
            if let Some(other) = owner.insert(r.source.clone(), dir.clone()) {
                return Err(RunError::Usage(anyhow!(
                    "{} is in two shards: {} and {}; merge the outputs of one sharded input",
                    r.source,
                    other.display(),
                    dir.display()
                )));
            }
            manifest.files.insert(r.source.clone(), r.doc_id.clone());
        }
        rows.extend(docs);
        cursors.push(io(DocFacts::open(dir, Some(&cfg.catalog))
            .with_context(|| format!("shard {}", dir.display())))?);
        io(for_each_stage_line(&stage_path(dir), |line| {
            stage.line(line)
        }))?;
    }
    io(stage.finish())?;
    rows.sort_by(|a, b| a.source.cmp(&b.source));
    let prov = provenance(rows.iter().map(|r| r.doc_id.as_str()));
    let pool = io(thread_pool(cfg.jobs))?;
    let written = io(pool.install(|| -> Result<sink::Written> {
        let mut sink = FactSink::create(
            &cfg.output,
            Link::Aggregate(&cfg.catalog),
            prov.clone(),
            cfg.partition_by_year,
        )?;
        loop {
            // The shard whose next document comes first.
            let mut next: Option<(usize, String)> = None;
            for (i, c) in cursors.iter_mut().enumerate() {
                if let Some(id) = c.peek()? {
                    if next.as_ref().is_none_or(|(_, best)| id < best.as_str()) {
                        next = Some((i, id.to_string()));
                    }
                }
            }
            let Some((i, id)) = next else { break };
            sink.push_doc(cursors[i].take(&id)?)?;
        }
        sink.finish()
    }))?;
    let mut summary = Summary::default();
    io(write_documents(
        &cfg.output,
        &rows,
        written,
        &prov,
        &mut summary,
    ))?;
    io(crate::report::write_report(&cfg.output))?;
    io(manifest.save(&cfg.output))?;
    io(log_run(cfg, "merge", started, &mut summary))?;
    Ok(summary)
}
