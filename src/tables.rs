//! Writing and reading the output tables (polars). Every write checks the frame against its
//! [`schema::Table`] by column name and type, checks the key is unique, sorts rows by the key,
//! attaches self-describing footer metadata and replaces the file atomically (temporary file,
//! then rename), so readers never see a half-written table and the same input gives
//! byte-identical files.

use crate::schema::{self, ColType, Table};
use anyhow::{bail, Context, Result};
use polars::prelude::*;
use std::fs::File;
use std::path::{Path, PathBuf};

/// Footer metadata that identifies what a table was made from (never run times).
#[derive(Debug, Clone)]
pub struct Provenance {
    /// A hash of the sorted doc_ids of the input.
    pub input_fingerprint: String,
}

fn polars_type(ty: ColType) -> DataType {
    match ty {
        ColType::Str => DataType::String,
        ColType::I8 => DataType::Int8,
        ColType::I16 => DataType::Int16,
        ColType::I32 => DataType::Int32,
        ColType::I64 => DataType::Int64,
        ColType::F64 => DataType::Float64,
        ColType::Bool => DataType::Boolean,
        ColType::Date => DataType::Date,
        ColType::Datetime => DataType::Datetime(TimeUnit::Milliseconds, None),
        ColType::ListStr => DataType::List(Box::new(DataType::String)),
        ColType::ListF64 => DataType::List(Box::new(DataType::Float64)),
    }
}

/// Checks names, types and nulls of `df` against `table`, and puts the columns in schema order.
pub fn conform(table: &Table, df: DataFrame) -> Result<DataFrame> {
    let mut cols = Vec::with_capacity(table.columns.len());
    for c in table.columns {
        let Ok(series) = df.column(c.name) else {
            bail!("{}: column {} is missing", table.name, c.name);
        };
        let want = polars_type(c.ty);
        let series = if series.dtype() == &want {
            series.clone()
        } else if series.dtype() == &DataType::Null || series.is_empty() {
            series.cast(&want)?
        } else {
            bail!(
                "{}: column {} has type {}, the contract says {}",
                table.name,
                c.name,
                series.dtype(),
                c.ty.as_str()
            );
        };
        if !c.nullable && series.null_count() > 0 {
            bail!(
                "{}: column {} has {} null values but may not be null",
                table.name,
                c.name,
                series.null_count()
            );
        }
        cols.push(series);
    }
    if df.width() != table.columns.len() {
        let extra: Vec<String> = df
            .get_column_names()
            .into_iter()
            .filter(|n| table.column(n.as_str()).is_none())
            .map(|n| n.to_string())
            .collect();
        bail!(
            "{}: columns not in the schema: {}",
            table.name,
            extra.join(", ")
        );
    }
    Ok(DataFrame::new(df.height(), cols)?)
}

/// Sorts by the key and fails when a key appears twice.
pub fn sort_by_key(table: &Table, df: DataFrame) -> Result<DataFrame> {
    let key: Vec<PlSmallStr> = table.key.iter().map(|k| PlSmallStr::from(*k)).collect();
    let n = df.height();
    let distinct = df
        .clone()
        .lazy()
        .group_by(key.iter().map(|k| col(k.clone())).collect::<Vec<_>>())
        .agg([len()])
        .collect()?
        .height();
    if distinct != n {
        bail!(
            "{}: {} rows share a key ({}) with another row",
            table.name,
            n - distinct,
            table.key.join(", ")
        );
    }
    let sorted = df
        .lazy()
        .sort(
            key,
            SortMultipleOptions::default().with_maintain_order(true),
        )
        .collect()?;
    Ok(sorted)
}

fn metadata(table: &Table, prov: &Provenance) -> KeyValueMetadata {
    let columns: serde_json::Map<String, serde_json::Value> = table
        .columns
        .iter()
        .map(|c| {
            let mut m = serde_json::Map::new();
            m.insert("type".into(), c.ty.as_str().into());
            m.insert("description".into(), c.description.into());
            if let Some(u) = c.unit {
                m.insert("unit".into(), u.into());
            }
            (c.name.to_string(), serde_json::Value::Object(m))
        })
        .collect();
    KeyValueMetadata::from_static(vec![
        ("minsheng.table".into(), table.name.into()),
        ("minsheng.grain".into(), table.grain.into()),
        ("minsheng.key".into(), table.key.join(",")),
        (
            "minsheng.schema_version".into(),
            schema::SCHEMA_VERSION.into(),
        ),
        ("minsheng.version".into(), env!("CARGO_PKG_VERSION").into()),
        (
            "minsheng.input_fingerprint".into(),
            prov.input_fingerprint.clone(),
        ),
        (
            "minsheng.columns".into(),
            serde_json::Value::Object(columns).to_string(),
        ),
    ])
}

/// One Parquet file as every table is written: zstd, full statistics, the table's footer
/// metadata, single-threaded so the bytes are the same on every run.
fn write_parquet(path: &Path, table: &Table, df: &mut DataFrame, prov: &Provenance) -> Result<()> {
    let file = File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    ParquetWriter::new(file)
        .with_compression(ParquetCompression::Zstd(None))
        .with_statistics(StatisticsOptions::full())
        .with_key_value_metadata(Some(metadata(table, prov)))
        .set_parallel(false)
        .finish(df)
        .map_err(anyhow::Error::from)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// Writes `df` as `dir/<table>.parquet`: checked, sorted, zstd, atomically replaced.
pub fn write(dir: &Path, table: &Table, df: DataFrame, prov: &Provenance) -> Result<PathBuf> {
    let df = conform(table, df)?;
    let mut df = sort_by_key(table, df)?;
    let path = dir.join(table.file_name());
    let tmp = dir.join(format!(".{}.tmp-{}", table.file_name(), std::process::id()));
    write_parquet(&tmp, table, &mut df, prov)?;
    failpoint(table.name);
    std::fs::rename(&tmp, &path)
        .with_context(|| format!("cannot move {} into place", path.display()))?;
    Ok(path)
}

/// Also writes `df` as a hive-partitioned dataset `dir/<table>/<column>=<value>/part-0.parquet`
/// (the partition column lives in the path, not in the files; null goes to
/// `__HIVE_DEFAULT_PARTITION__`), replacing the previous dataset as a whole.
pub fn write_partitioned(
    dir: &Path,
    table: &Table,
    df: DataFrame,
    column: &str,
    prov: &Provenance,
) -> Result<PathBuf> {
    let df = conform(table, df)?;
    let df = sort_by_key(table, df)?;
    let final_dir = dir.join(table.name);
    let tmp_dir = dir.join(format!(".{}.tmp-{}", table.name, std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp_dir);
    std::fs::create_dir_all(&tmp_dir)
        .with_context(|| format!("cannot create {}", tmp_dir.display()))?;
    let values = df
        .column(column)?
        .as_materialized_series()
        .unique_stable()?;
    for i in 0..values.len() {
        let value = values.get(i)?;
        let (name, part) = if value.is_null() {
            (
                "__HIVE_DEFAULT_PARTITION__".to_string(),
                df.clone().lazy().filter(col(column).is_null()).collect()?,
            )
        } else {
            let v = value
                .extract::<i64>()
                .map_or_else(|| value.to_string(), |v| v.to_string());
            let lit_v = lit(Scalar::new(values.dtype().clone(), value.into_static()));
            (
                v,
                df.clone().lazy().filter(col(column).eq(lit_v)).collect()?,
            )
        };
        let mut part = part.drop(column)?;
        let part_dir = tmp_dir.join(format!("{column}={name}"));
        std::fs::create_dir_all(&part_dir)
            .with_context(|| format!("cannot create {}", part_dir.display()))?;
        let path = part_dir.join("part-0.parquet");
        write_parquet(&path, table, &mut part, prov)?;
    }
    let _ = std::fs::remove_dir_all(&final_dir);
    std::fs::rename(&tmp_dir, &final_dir)
        .with_context(|| format!("cannot move {} into place", final_dir.display()))?;
    Ok(final_dir)
}

/// For tests of atomic writes: `MINSHENG_FAILPOINT=before-rename:<table>` kills the process
/// after the table's temporary file is written and before it replaces the old one, as a
/// `kill -9` at the worst moment would.
fn failpoint(table: &str) {
    if let Ok(fp) = std::env::var("MINSHENG_FAILPOINT") {
        if fp.strip_prefix("before-rename:") == Some(table) {
            eprintln!("minsheng: failpoint before-rename:{table} hit, aborting");
            std::process::abort();
        }
    }
}

/// Reads `dir/<table>.parquet`.
pub fn read(dir: &Path, table: &Table) -> Result<DataFrame> {
    let path = dir.join(table.file_name());
    let file = File::open(&path).with_context(|| {
        format!(
            "cannot open {} (run the earlier stages first, e.g. `minsheng run`)",
            path.display()
        )
    })?;
    ParquetReader::new(file)
        .finish()
        .map_err(anyhow::Error::from)
        .with_context(|| format!("cannot read {}", path.display()))
}

/// A hash of the sorted doc_ids: what a table was made from.
pub fn fingerprint<'a>(doc_ids: impl IntoIterator<Item = &'a str>) -> String {
    use sha2::{Digest, Sha256};
    let mut ids: Vec<&str> = doc_ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    let mut h = Sha256::new();
    for id in ids {
        h.update(id.as_bytes());
        h.update(b"\n");
    }
    h.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
