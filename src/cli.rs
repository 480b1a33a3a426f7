//! Command-line flags (clap derive; the doc comments are the --help), checked once into a
//! [`Config`]. Stages never see clap types.

use crate::catalog::indicators::Catalog;
use crate::ingest::IngestOptions;
use crate::pipeline::{Config, RunError};
use anyhow::{anyhow, Context};
use clap::{Args, Parser, Subcommand};
use std::io::IsTerminal;
use std::path::PathBuf;

/// minsheng turns Chinese government reports on livelihood projects (民生实事, 为民办实事) into
/// analytic Parquet tables: documents, facts, indicators, year-over-year changes and plan
/// against result.
///
/// With no subcommand it runs the whole pipeline (`minsheng run`) on raw/ into processed/.
/// Exit codes: 0 success; 1 success, but some documents were rejected; 2 usage or
/// configuration error; 3 input or output failure.
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
    /// Run the whole pipeline: ingest, extract and aggregate (the default).
    Run(RunArgs),
    /// Stage 1: read and clean every file under --input; writes OUTPUT/_stages/ingest.jsonl.
    Ingest(IngestArgs),
    /// Stage 2: extract facts from the ingested documents; writes documents.parquet and
    /// facts.parquet.
    Extract(OutputArgs),
    /// Stage 3: link facts to the indicator catalog and write indicators.parquet, yoy.parquet
    /// and plan_vs_actual.parquet. Re-run it alone after editing a catalog (--catalog FILE).
    Aggregate(AggregateArgs),
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
}

#[derive(Debug, Args, Clone)]
pub struct RunArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub catalog: CatalogArgs,
}

#[derive(Debug, Args, Clone)]
pub struct IngestArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args, Clone)]
pub struct AggregateArgs {
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub catalog: CatalogArgs,
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

/// Builds the checked configuration.
pub fn config(
    input: Option<&InputArgs>,
    output: &OutputArgs,
    catalog: Option<&CatalogArgs>,
) -> Result<Config, RunError> {
    let ingest = IngestOptions {
        max_bytes: input.map_or(20_000_000, |i| i.max_bytes),
    };
    if ingest.max_bytes == 0 {
        return Err(RunError::Usage(anyhow!(
            "--max-bytes must be greater than 0"
        )));
    }
    Ok(Config {
        input: input.map_or_else(|| PathBuf::from("raw"), |i| i.input.clone()),
        output: output.output.clone(),
        ingest,
        catalog: match catalog {
            Some(c) => load_catalog(c)?,
            None => Catalog::default(),
        },
        progress: std::io::stderr().is_terminal(),
    })
}
