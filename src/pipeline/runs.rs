//! `runs.parquet`: one row appended per run, for schedulers and people asking "what ran when".

use crate::schema;
use crate::tables::{self, Provenance};
use anyhow::Result;
use polars::prelude::*;
use std::path::Path;

/// One run, as logged.
#[derive(Debug, Clone)]
pub struct RunRecord {
    pub run_id: String,
    pub command: String,
    pub started_ms: i64,
    pub ended_ms: i64,
    pub shard: Option<String>,
    pub full: bool,
    pub jobs: i32,
    pub n_inputs: i32,
    pub n_new: i32,
    pub n_changed: i32,
    pub n_unchanged: i32,
    pub n_removed: i32,
    pub n_rejected: i32,
    pub n_duplicate: i32,
    pub n_facts: i64,
    pub exit_code: i32,
}

fn frame(r: &RunRecord) -> Result<DataFrame> {
    let ts = DataType::Datetime(TimeUnit::Milliseconds, None);
    let cols = vec![
        Column::new("run_id".into(), [r.run_id.as_str()]),
        Column::new("command".into(), [r.command.as_str()]),
        Column::new("started".into(), [r.started_ms]).cast(&ts)?,
        Column::new("ended".into(), [r.ended_ms]).cast(&ts)?,
        Column::new(
            "duration_s".into(),
            [(r.ended_ms - r.started_ms) as f64 / 1000.0],
        ),
        Column::new("version".into(), [env!("CARGO_PKG_VERSION")]),
        Column::new("shard".into(), [r.shard.clone()]),
        Column::new("full".into(), [r.full]),
        Column::new("jobs".into(), [r.jobs]),
        Column::new("n_inputs".into(), [r.n_inputs]),
        Column::new("n_new".into(), [r.n_new]),
        Column::new("n_changed".into(), [r.n_changed]),
        Column::new("n_unchanged".into(), [r.n_unchanged]),
        Column::new("n_removed".into(), [r.n_removed]),
        Column::new("n_rejected".into(), [r.n_rejected]),
        Column::new("n_duplicate".into(), [r.n_duplicate]),
        Column::new("n_facts".into(), [r.n_facts]),
        Column::new("exit_code".into(), [r.exit_code]),
    ];
    Ok(DataFrame::new(1, cols)?)
}

/// Appends `record` to `output/runs.parquet`.
pub fn append(output: &Path, record: &RunRecord) -> Result<()> {
    let mut df = frame(record)?;
    if output.join(schema::RUNS.file_name()).exists() {
        if let Ok(prev) = tables::read(output, &schema::RUNS) {
            let prev = tables::conform(&schema::RUNS, prev)?;
            df = prev.vstack(&df)?;
        }
    }
    let prov = Provenance {
        input_fingerprint: String::new(),
        catalog: None,
    };
    tables::write(output, &schema::RUNS, df, &prov)?;
    Ok(())
}

/// Milliseconds since the Unix epoch, now.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}
