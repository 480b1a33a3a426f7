//! The only orchestrator and the only module that touches files: finds the inputs, runs the
//! stages, hands each stage's output to the next through the output directory, writes the
//! tables and reports.

use crate::aggregate;
use crate::catalog::indicators::Catalog;
use crate::extract;
use crate::frames::{documents_frame, facts_frame, DocRow};
use crate::ingest::{self, IngestOptions};
use crate::model::{DocStatus, Document, Fact};
use crate::schema;
use crate::tables::{self, Provenance};
use anyhow::{Context, Result};
use std::collections::{BTreeMap, HashMap};
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

/// Everything a run needs, checked once.
#[derive(Debug, Clone)]
pub struct Config {
    pub input: PathBuf,
    pub output: PathBuf,
    pub ingest: IngestOptions,
    pub catalog: Catalog,
    /// Print progress lines on stderr.
    pub progress: bool,
}

/// What a run did, for the summary line and the exit code.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Summary {
    pub documents: usize,
    pub ok: usize,
    pub rejected: usize,
    pub duplicate: usize,
    pub facts: usize,
    pub indicators: usize,
    pub yoy: usize,
    pub plan_vs_actual: usize,
    pub output: String,
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
            "{} documents ({} ok, {} rejected, {} duplicate); {} facts; {} indicator values, {} year-over-year rows, {} plan-vs-actual rows; tables in {}",
            self.documents,
            self.ok,
            self.rejected,
            self.duplicate,
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

fn io<T>(r: Result<T>) -> Result<T, RunError> {
    r.map_err(RunError::Io)
}

/// The whole pipeline: ingest, extract, aggregate.
pub fn run(cfg: &Config) -> Result<Summary, RunError> {
    let docs = ingest_stage(cfg)?;
    let (docs, facts) = io(extract_docs(cfg, docs))?;
    let mut summary = io(write_extracted(cfg, &docs, &facts))?;
    let agg = io(aggregate_stage(cfg))?;
    summary.indicators = agg.indicators;
    summary.yoy = agg.yoy;
    summary.plan_vs_actual = agg.plan_vs_actual;
    Ok(summary)
}

/// One file found under the input directory.
struct Input {
    source: String,
    bytes: Result<Vec<u8>, String>,
}

/// Every file under `dir`, recursively, sorted by source; unreadable entries are kept with the
/// reason so they become `rejected` rows.
fn discover(dir: &Path) -> Result<Vec<Input>> {
    let meta = std::fs::metadata(dir).with_context(|| {
        format!(
            "input directory {} cannot be read (does it exist? pass --input DIR)",
            dir.display()
        )
    })?;
    anyhow::ensure!(
        meta.is_dir(),
        "input {} is not a directory (pass --input DIR)",
        dir.display()
    );
    let mut out = Vec::new();
    walk(dir, dir, &mut out, 0)?;
    out.sort_by(|a, b| a.source.cmp(&b.source));
    Ok(out)
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<Input>, depth: usize) -> Result<()> {
    let entries =
        std::fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot list {}", dir.display()))?;
        let path = entry.path();
        let source = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let ft = match entry.file_type() {
            Ok(ft) => ft,
            Err(e) => {
                out.push(Input {
                    source,
                    bytes: Err(format!("cannot read file type: {e}")),
                });
                continue;
            }
        };
        if ft.is_dir() {
            if depth < 32 {
                walk(root, &path, out, depth + 1)?;
            }
            continue;
        }
        let bytes = if ft.is_symlink() {
            match std::fs::metadata(&path) {
                Ok(m) if m.is_dir() => Err("symbolic link to a directory: not followed".into()),
                Ok(_) => std::fs::read(&path).map_err(|e| format!("cannot read: {e}")),
                Err(e) => Err(format!("broken or looping symbolic link: {e}")),
            }
        } else {
            std::fs::read(&path).map_err(|e| format!("cannot read: {e}"))
        };
        out.push(Input { source, bytes });
    }
    Ok(())
}

/// Ingest: reads every input file and cleans it; writes `_stages/ingest.jsonl`.
pub fn ingest_stage(cfg: &Config) -> Result<Vec<Document>, RunError> {
    let inputs = io(discover(&cfg.input))?;
    let total = inputs.len();
    let mut docs = Vec::with_capacity(total);
    let mut first_of: HashMap<String, String> = HashMap::new();
    for (i, input) in inputs.into_iter().enumerate() {
        let mut doc = match input.bytes {
            Ok(bytes) => ingest::ingest(&input.source, &bytes, &cfg.ingest),
            Err(why) => Document::rejected(
                ingest::doc_id_of_path(&input.source),
                input.source.clone(),
                why,
            ),
        };
        if doc.status == DocStatus::Ok {
            if let Some(first) = first_of.get(&doc.doc_id) {
                doc.status = DocStatus::Duplicate;
                doc.error = Some(format!("same bytes as {first}"));
            } else {
                first_of.insert(doc.doc_id.clone(), doc.source.clone());
            }
        }
        if let (DocStatus::Rejected, Some(err)) = (doc.status, &doc.error) {
            eprintln!(
                "minsheng: {}: rejected: {}",
                cfg.input.join(&doc.source).display(),
                err
            );
        }
        if cfg.progress && (i + 1) % 1000 == 0 {
            eprintln!("minsheng: ingested {}/{} files", i + 1, total);
        }
        docs.push(doc);
    }
    io(write_stage(&cfg.output, &docs))?;
    Ok(docs)
}

fn prepare_output(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir.join(STAGE_DIR)).with_context(|| {
        format!(
            "output directory {} cannot be created or written (pass --output DIR)",
            dir.display()
        )
    })
}

fn write_stage(output: &Path, docs: &[Document]) -> Result<()> {
    prepare_output(output)?;
    let path = output.join(STAGE_DIR).join(INGEST_STAGE);
    let tmp = path.with_extension("jsonl.tmp");
    let file =
        std::fs::File::create(&tmp).with_context(|| format!("cannot write {}", tmp.display()))?;
    let mut w = BufWriter::new(file);
    for d in docs {
        serde_json::to_writer(&mut w, d)?;
        w.write_all(b"\n")?;
    }
    w.flush()
        .with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, &path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

fn read_stage(output: &Path) -> Result<Vec<Document>> {
    let path = output.join(STAGE_DIR).join(INGEST_STAGE);
    let file = std::fs::File::open(&path).with_context(|| {
        format!(
            "cannot open {} (run `minsheng ingest` first)",
            path.display()
        )
    })?;
    let mut docs = Vec::new();
    for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("{}: line {}", path.display(), n + 1))?;
        let doc: Document = serde_json::from_str(&line)
            .with_context(|| format!("{}: line {}: not a document", path.display(), n + 1))?;
        docs.push(doc);
    }
    Ok(docs)
}

/// Extract: facts of every ingested document (`ok` ones only).
fn extract_docs(cfg: &Config, docs: Vec<Document>) -> Result<(Vec<Document>, Vec<Fact>)> {
    let mut facts = Vec::new();
    let total = docs.len();
    for (i, d) in docs.iter().enumerate() {
        if d.status == DocStatus::Ok {
            facts.extend(extract::extract(d));
        }
        if cfg.progress && (i + 1) % 1000 == 0 {
            eprintln!("minsheng: extracted {}/{} documents", i + 1, total);
        }
    }
    facts.sort_by(|a, b| (&a.doc_id, a.start).cmp(&(&b.doc_id, b.start)));
    Ok((docs, facts))
}

/// The year most of a document's facts are for (ties: the later year), else ingest's guess.
fn report_year(doc: &Document, facts: &[&Fact]) -> Option<i16> {
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

fn provenance(docs: &[Document]) -> Provenance {
    Provenance {
        input_fingerprint: tables::fingerprint(docs.iter().map(|d| d.doc_id.as_str())),
    }
}

/// Writes documents.parquet and facts.parquet.
fn write_extracted(cfg: &Config, docs: &[Document], facts: &[Fact]) -> Result<Summary> {
    prepare_output(&cfg.output)?;
    let mut by_doc: HashMap<&str, Vec<&Fact>> = HashMap::new();
    for f in facts {
        by_doc.entry(f.doc_id.as_str()).or_default().push(f);
    }
    let rows: Vec<DocRow> = docs
        .iter()
        .map(|d| {
            let mine: &[&Fact] = if d.status == DocStatus::Ok {
                by_doc.get(d.doc_id.as_str()).map_or(&[], |v| v.as_slice())
            } else {
                &[]
            };
            DocRow {
                doc: d,
                n_facts: mine.len() as i32,
                report_year: if d.status == DocStatus::Ok {
                    report_year(d, mine)
                } else {
                    None
                },
            }
        })
        .collect();
    let prov = provenance(docs);
    tables::write(
        &cfg.output,
        &schema::DOCUMENTS,
        documents_frame(&rows)?,
        &prov,
    )?;
    tables::write(&cfg.output, &schema::FACTS, facts_frame(facts)?, &prov)?;
    let count = |s: DocStatus| docs.iter().filter(|d| d.status == s).count();
    Ok(Summary {
        documents: docs.len(),
        ok: count(DocStatus::Ok),
        rejected: count(DocStatus::Rejected),
        duplicate: count(DocStatus::Duplicate),
        facts: facts.len(),
        output: cfg.output.display().to_string(),
        ..Summary::default()
    })
}

/// Extract stage on its own: reads `_stages/ingest.jsonl`, writes documents and facts.
pub fn extract_stage(cfg: &Config) -> Result<Summary, RunError> {
    let docs = io(read_stage(&cfg.output))?;
    let (docs, facts) = io(extract_docs(cfg, docs))?;
    io(write_extracted(cfg, &docs, &facts))
}

/// Row counts of the aggregate tables.
pub struct AggregateCounts {
    pub indicators: usize,
    pub yoy: usize,
    pub plan_vs_actual: usize,
}

/// Aggregate stage: reads facts.parquet, links indicators, writes the aggregate tables.
pub fn aggregate_stage(cfg: &Config) -> Result<AggregateCounts> {
    let facts = tables::read(&cfg.output, &schema::FACTS)?;
    let docs = tables::read(&cfg.output, &schema::DOCUMENTS)?;
    let ids = crate::frames::str_col(&docs, "doc_id")?;
    let prov = Provenance {
        input_fingerprint: tables::fingerprint(ids.iter().flatten().map(String::as_str)),
    };
    let agg = aggregate::aggregate(facts, &cfg.catalog)?;
    let counts = AggregateCounts {
        indicators: agg.indicators.height(),
        yoy: agg.yoy.height(),
        plan_vs_actual: agg.plan_vs_actual.height(),
    };
    tables::write(&cfg.output, &schema::FACTS, agg.facts, &prov)?;
    tables::write(&cfg.output, &schema::INDICATORS, agg.indicators, &prov)?;
    tables::write(&cfg.output, &schema::YOY, agg.yoy, &prov)?;
    tables::write(
        &cfg.output,
        &schema::PLAN_VS_ACTUAL,
        agg.plan_vs_actual,
        &prov,
    )?;
    Ok(counts)
}

/// Ingest stage on its own, with a summary.
pub fn ingest_only(cfg: &Config) -> Result<Summary, RunError> {
    let docs = ingest_stage(cfg)?;
    let count = |s: DocStatus| docs.iter().filter(|d| d.status == s).count();
    Ok(Summary {
        documents: docs.len(),
        ok: count(DocStatus::Ok),
        rejected: count(DocStatus::Rejected),
        duplicate: count(DocStatus::Duplicate),
        output: cfg.output.display().to_string(),
        ..Summary::default()
    })
}
