//! Command-line flags (clap derive; the doc comments are the --help), checked once into a
//! [`Config`]. Stages never see clap types.

use crate::catalog::indicators::Catalog;
use crate::ingest::IngestOptions;
use crate::pipeline::{Config, RunError, Shard};
use anyhow::{anyhow, Context};
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// minsheng turns Chinese government reports on livelihood projects (民生实事, 为民办实事) into
/// analytic Parquet tables: documents, facts, indicators, year-over-year changes and plan
/// against result.
///
/// With no subcommand it runs the whole pipeline (`minsheng run`) on raw/ into processed/.
/// Runs are incremental: only files whose bytes changed since the last run are re-extracted.
///
/// Exit codes: 0 success; 1 success, but some documents were rejected; 2 usage or
/// configuration error; 3 input or output failure (also: another run holds the lock).
#[derive(Debug, Parser)]
#[command(name = "minsheng", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub run: RunArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the whole pipeline: ingest, extract and aggregate (the default). Incremental: files
    /// whose bytes are unchanged since the last run into the same --output are not re-read.
    Run(RunArgs),
    /// Stage 1: read and clean every file under --input; writes OUTPUT/_stages/ingest.jsonl.
    Ingest(IngestArgs),
    /// Stage 2: extract facts from OUTPUT/_stages/ingest.jsonl; writes documents.parquet and
    /// facts.parquet.
    Extract(ExtractArgs),
    /// Stage 3: link facts to the indicator catalog and write indicators.parquet, yoy.parquet
    /// and plan_vs_actual.parquet. Re-run it alone after editing a catalog (--catalog FILE).
    Aggregate(AggregateArgs),
    /// Combine the outputs of `run --shard K/N` runs into one output directory and aggregate.
    Merge(MergeArgs),
    /// List what the indicator catalog misses: the most frequent unlinked subjects, entries that
    /// matched nothing and entries matched by a single fact (reads OUTPUT/facts.parquet).
    CatalogReport(CatalogReportArgs),
    /// Generate a deterministic corpus of realistic documents for scale tests, recombined from
    /// the documents under --input.
    Synth(SynthArgs),
    /// Score the facts in OUTPUT against gold fact files (one JSON object per line, the
    /// format of gold/GUIDE.md): precision, recall, F1, strict F1 and attribute accuracy, per
    /// document and overall.
    Eval(EvalArgs),
    /// Show why a number is what it is: a fact (by fact_id) with its sentence and its span
    /// highlighted in the source file, or with --doc a document with every fact marked and
    /// listed.
    Show(ShowArgs),
    /// Write OUTPUT/report.html: a self-contained page with each document's text and its facts
    /// highlighted, and every region's year-over-year table (`run` writes it too).
    Report(OutputArgs),
    /// Print the data dictionary of every output table as Markdown.
    Schema,
}

#[derive(Debug, Args, Clone)]
pub struct InputArgs {
    /// Folder of documents to read (.txt, .html, .htm, .md), searched recursively.
    #[arg(long, short, default_value = "raw")]
    pub input: PathBuf,
    /// Reject files larger than this many bytes.
    #[arg(long, default_value_t = 20_000_000)]
    pub max_bytes: u64,
}

#[derive(Debug, Args, Clone)]
pub struct OutputArgs {
    /// Folder the tables are written to (created if missing).
    #[arg(long, short, default_value = "processed")]
    pub output: PathBuf,
}

#[derive(Debug, Args, Clone)]
pub struct CatalogArgs {
    /// Indicator catalog (TOML) to use instead of the built-in src/catalog/indicators.toml.
    #[arg(long)]
    pub catalog: Option<PathBuf>,
    /// Also write facts, indicators, yoy and plan_vs_actual as hive-partitioned datasets
    /// (OUTPUT/facts/year=2024/part-0.parquet, …) beside the flat files, for partition pruning
    /// in DuckDB and Spark.
    #[arg(long, value_enum)]
    pub partition_by: Option<PartitionBy>,
}

/// Columns the tables can be partitioned by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PartitionBy {
    Year,
}

#[derive(Debug, Args, Clone)]
pub struct ExecArgs {
    /// Worker threads (default: all cores). The output is the same for any number.
    #[arg(long, short)]
    pub jobs: Option<usize>,
    /// No progress output on stderr.
    #[arg(long, short)]
    pub quiet: bool,
    /// Print the summary as JSON on stdout (for schedulers).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args, Clone)]
pub struct RunArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub catalog: CatalogArgs,
    #[command(flatten)]
    pub exec: ExecArgs,
    /// Ignore what the last run left and rebuild everything.
    #[arg(long)]
    pub full: bool,
    /// Process only the documents whose id hashes to shard K of N (K from 0 to N-1); combine
    /// the shard outputs with `minsheng merge`.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,
}

#[derive(Debug, Args, Clone)]
pub struct IngestArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub exec: ExecArgs,
}

#[derive(Debug, Args, Clone)]
pub struct ExtractArgs {
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub exec: ExecArgs,
}

#[derive(Debug, Args, Clone)]
pub struct AggregateArgs {
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub catalog: CatalogArgs,
}

#[derive(Debug, Args, Clone)]
pub struct CatalogReportArgs {
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub catalog: CatalogArgs,
    /// How many unlinked subjects to list.
    #[arg(long, default_value_t = 30)]
    pub top: usize,
}

#[derive(Debug, Args, Clone)]
pub struct SynthArgs {
    /// Seed documents to recombine.
    #[arg(long, short, default_value = "raw")]
    pub input: PathBuf,
    /// How many documents to write.
    #[arg(long)]
    pub docs: usize,
    /// Random seed: the same seed gives the same corpus.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Number of the first document to write: documents FIRST to FIRST+DOCS-1 (document i
    /// depends only on the seed and i, so a corpus can be grown or written in pieces).
    #[arg(long, default_value_t = 0)]
    pub first: usize,
    /// Folder to write them to (created if missing).
    #[arg(long, short)]
    pub output: PathBuf,
}

#[derive(Debug, Args, Clone)]
pub struct EvalArgs {
    /// Folder of gold files (*.jsonl); a line's `doc` is the stem of a document's source.
    #[arg(long)]
    pub gold: PathBuf,
    /// Folder of the documents the facts came from (to place each fact in its raw text).
    #[arg(long, default_value = "raw")]
    pub corpus: PathBuf,
    #[command(flatten)]
    pub output: OutputArgs,
    /// Also list up to N missed gold facts and unmatched predictions per document.
    #[arg(long, default_value_t = 0)]
    pub misses: usize,
}

#[derive(Debug, Args, Clone)]
pub struct ShowArgs {
    /// The fact_id to show (see facts.parquet), or with --doc a doc_id or source path.
    pub id: String,
    /// Show a whole document instead of one fact.
    #[arg(long)]
    pub doc: bool,
    /// Folder the documents were read from.
    #[arg(long, short, default_value = "raw")]
    pub input: PathBuf,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args, Clone)]
pub struct MergeArgs {
    /// Output directories of `minsheng run --shard K/N`.
    #[arg(required = true)]
    pub shards: Vec<PathBuf>,
    /// Folder the merged tables are written to.
    #[arg(long, short)]
    pub output: PathBuf,
    #[command(flatten)]
    pub catalog: CatalogArgs,
    #[command(flatten)]
    pub exec: ExecArgs,
}

fn load_catalog(args: &CatalogArgs) -> Result<Catalog, RunError> {
    match &args.catalog {
        None => Ok(Catalog::builtin()),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read catalog {}", path.display()))
                .map_err(RunError::Usage)?;
            Catalog::from_toml_str(&text)
                .map_err(|e| RunError::Usage(anyhow!("{}: {e}", path.display())))
        }
    }
}

/// The parts of the flags a command has; what it lacks keeps the default.
#[derive(Default)]
pub struct Flags<'a> {
    pub input: Option<&'a InputArgs>,
    pub output: Option<&'a PathBuf>,
    pub catalog: Option<&'a CatalogArgs>,
    pub exec: Option<&'a ExecArgs>,
    pub full: bool,
    pub shard: Option<&'a str>,
}

/// Builds the checked configuration.
pub fn config(flags: Flags) -> Result<Config, RunError> {
    let usage = |msg: String| RunError::Usage(anyhow!(msg));
    let mut cfg = Config::new(
        flags
            .input
            .map_or_else(|| PathBuf::from("raw"), |i| i.input.clone()),
        flags
            .output
            .cloned()
            .unwrap_or_else(|| PathBuf::from("processed")),
    );
    cfg.ingest = IngestOptions {
        max_bytes: flags.input.map_or(20_000_000, |i| i.max_bytes),
    };
    if cfg.ingest.max_bytes == 0 {
        return Err(usage("--max-bytes must be greater than 0".into()));
    }
    if let Some(c) = flags.catalog {
        cfg.catalog = load_catalog(c)?;
        cfg.partition_by_year = c.partition_by == Some(PartitionBy::Year);
    }
    if let Some(e) = flags.exec {
        if let Some(j) = e.jobs {
            if j == 0 {
                return Err(usage("--jobs must be at least 1".into()));
            }
            cfg.jobs = j;
        }
        cfg.progress = !e.quiet && !e.json;
    } else {
        cfg.progress = true;
    }
    cfg.full = flags.full;
    cfg.shard = flags.shard.map(Shard::parse).transpose().map_err(usage)?;
    Ok(cfg)
}

impl RunArgs {
    pub fn flags(&self) -> Flags<'_> {
        Flags {
            input: Some(&self.input),
            output: Some(&self.output.output),
            catalog: Some(&self.catalog),
            exec: Some(&self.exec),
            full: self.full,
            shard: self.shard.as_deref(),
        }
    }
}
