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
    /// For a facts table whose `indicator` column is filled: the fingerprint of the catalog
    /// that linked it ([`crate::catalog::indicators::Catalog::fingerprint`]).
    pub catalog: Option<String>,
}

/// Footer key of [`Provenance::catalog`].
pub const CATALOG_KEY: &str = "minsheng.catalog_fingerprint";

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
    conform_except(table, None, df)
}

/// The columns of `table` but `except` (a partition column, which lives in the path).
fn columns_except<'a>(
    table: &'a Table,
    except: Option<&'a str>,
) -> impl Iterator<Item = &'a schema::Column> {
    table.columns.iter().filter(move |c| Some(c.name) != except)
}

/// [`conform`] for a table without its column `except`.
fn conform_except(table: &Table, except: Option<&str>, df: DataFrame) -> Result<DataFrame> {
    let mut cols = Vec::with_capacity(table.columns.len());
    for c in columns_except(table, except) {
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
    if df.width() != cols.len() {
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
    sort_by(table, table.key, df)
}

/// [`sort_by_key`] with the key columns `key`.
fn sort_by(table: &Table, key: &[&str], df: DataFrame) -> Result<DataFrame> {
    let key: Vec<PlSmallStr> = key.iter().map(|k| PlSmallStr::from(*k)).collect();
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
            key.join(", ")
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
    let mut pairs = vec![
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
    ];
    if let Some(c) = &prov.catalog {
        pairs.push((CATALOG_KEY.into(), c.clone()));
    }
    KeyValueMetadata::from_static(pairs)
}

/// Rows per Parquet row group: a reader can skip or stream a file in pieces of this size, and
/// a writer holds at most this many rows before it writes them.
pub const ROW_GROUP: usize = 64 * 1024;

/// The polars schema a table's frames have after [`conform`].
fn polars_schema(table: &Table, except: Option<&str>) -> Schema {
    columns_except(table, except)
        .map(|c| Field::new(c.name.into(), polars_type(c.ty)))
        .collect()
}

/// The key columns of row `i`, for checking that chunks arrive in key order.
fn key_at(key: &[&str], df: &DataFrame, i: usize) -> Result<Vec<AnyValue<'static>>> {
    key.iter()
        .map(|k| Ok(df.column(k)?.get(i)?.into_static()))
        .collect()
}

/// Key order as the sort in [`sort_by_key`] gives it: column by column, nulls first.
fn key_cmp(a: &[AnyValue<'static>], b: &[AnyValue<'static>]) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    for (x, y) in a.iter().zip(b) {
        let o = match (x.is_null(), y.is_null()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Less,
            (false, true) => Ordering::Greater,
            (false, false) => x.partial_cmp(y).unwrap_or(Ordering::Equal),
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    Ordering::Equal
}

/// Writes one table as a stream of chunks, so a table larger than memory can be written: each
/// chunk is checked against the schema and sorted by the key; chunks must arrive in key order
/// (the first key of a chunk after the last key of the one before: checked). Rows are held
/// back until there are [`ROW_GROUP`] of them and then written in row groups of at most that
/// many rows, zstd, with full statistics and the table's footer
/// metadata, single-threaded so the bytes are the same on every run. The file replaces the
/// old one only in [`TableWriter::finish`] (temporary file, then rename), so readers never see
/// a half-written table.
pub struct TableWriter {
    table: &'static Table,
    except: Option<&'static str>,
    /// The key columns present in the file (the partition column is not).
    key: Vec<&'static str>,
    path: PathBuf,
    tmp: PathBuf,
    writer: polars::io::parquet::write::BatchedWriter<File>,
    /// Rows per row group.
    row_group: usize,
    /// Rows pushed but not yet written.
    pending: Vec<DataFrame>,
    pending_rows: usize,
    last_key: Option<Vec<AnyValue<'static>>>,
    rows: usize,
}

impl TableWriter {
    /// A writer for `path` (written as a temporary file beside it until `finish`).
    pub fn create(path: PathBuf, table: &'static Table, prov: &Provenance) -> Result<TableWriter> {
        TableWriter::create_except(path, table, None, prov)
    }

    /// A writer for the table without its column `except` (a partition's file).
    fn create_except(
        path: PathBuf,
        table: &'static Table,
        except: Option<&'static str>,
        prov: &Provenance,
    ) -> Result<TableWriter> {
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let tmp = path.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
        let file =
            File::create(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
        let writer = ParquetWriter::new(file)
            .with_compression(ParquetCompression::Zstd(None))
            .with_statistics(StatisticsOptions::full())
            .with_key_value_metadata(Some(metadata(table, prov)))
            .set_parallel(false)
            .batched(&polars_schema(table, except))
            .map_err(anyhow::Error::from)
            .with_context(|| format!("cannot write {}", tmp.display()))?;
        Ok(TableWriter {
            table,
            except,
            key: table
                .key
                .iter()
                .copied()
                .filter(|k| Some(*k) != except)
                .collect(),
            path,
            tmp,
            writer,
            row_group: ROW_GROUP,
            pending: Vec::new(),
            pending_rows: 0,
            last_key: None,
            rows: 0,
        })
    }

    /// Row groups of at most `rows` rows instead of [`ROW_GROUP`].
    pub fn with_row_group(mut self, rows: usize) -> TableWriter {
        self.row_group = rows.max(1);
        self
    }

    /// Adds rows: checked, sorted by the key, after every row written so far.
    pub fn push(&mut self, df: DataFrame) -> Result<()> {
        if df.height() == 0 {
            return Ok(());
        }
        let df = conform_except(self.table, self.except, df)?;
        let df = sort_by(self.table, &self.key, df)?;
        let first = key_at(&self.key, &df, 0)?;
        if let Some(last) = &self.last_key {
            if key_cmp(last, &first) != std::cmp::Ordering::Less {
                bail!(
                    "{}: rows arrive out of key order ({}): {:?} after {:?}",
                    self.table.name,
                    self.key.join(", "),
                    first,
                    last
                );
            }
        }
        self.last_key = Some(key_at(&self.key, &df, df.height() - 1)?);
        self.rows += df.height();
        self.pending_rows += df.height();
        self.pending.push(df);
        if self.pending_rows >= self.row_group {
            self.write_pending()?;
        }
        Ok(())
    }

    /// Writes the rows held back, in row groups of at most [`ROW_GROUP`] rows. Nothing is
    /// carried over: a slice kept back would keep every string buffer it was cut from alive.
    fn write_pending(&mut self) -> Result<()> {
        let frames = std::mem::take(&mut self.pending);
        self.pending_rows = 0;
        let Some(mut all) = frames.first().cloned() else {
            return Ok(());
        };
        for f in &frames[1..] {
            all.vstack_mut(f)?;
        }
        drop(frames);
        let mut from = 0;
        while from < all.height() {
            let len = self.row_group.min(all.height() - from);
            self.write_group(&all.slice(from as i64, len))?;
            from += len;
        }
        Ok(())
    }

    fn write_group(&mut self, df: &DataFrame) -> Result<()> {
        let mut df = df.clone();
        df.rechunk_mut_par();
        self.writer
            .write_batch(&df)
            .map_err(anyhow::Error::from)
            .with_context(|| format!("cannot write {}", self.tmp.display()))
    }

    /// Rows pushed so far.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Writes the last rows and the footer and moves the file into place.
    pub fn finish(mut self) -> Result<PathBuf> {
        self.write_pending()?;
        self.writer
            .finish()
            .map_err(anyhow::Error::from)
            .with_context(|| format!("cannot write {}", self.tmp.display()))?;
        failpoint(self.table.name);
        std::fs::rename(&self.tmp, &self.path)
            .with_context(|| format!("cannot move {} into place", self.path.display()))?;
        Ok(self.path)
    }
}

/// Writes `df` as `dir/<table>.parquet`: checked, sorted, zstd, atomically replaced.
pub fn write(
    dir: &Path,
    table: &'static Table,
    df: DataFrame,
    prov: &Provenance,
) -> Result<PathBuf> {
    let mut w = TableWriter::create(dir.join(table.file_name()), table, prov)?;
    w.push(df)?;
    w.finish()
}

/// A hive-partitioned dataset `dir/<table>/<column>=<value>/part-0.parquet`, written as a
/// stream like [`TableWriter`] (the partition column lives in the path, not in the files; null
/// goes to `__HIVE_DEFAULT_PARTITION__`). The previous dataset is replaced as a whole in
/// [`PartitionedWriter::finish`].
pub struct PartitionedWriter {
    table: &'static Table,
    column: &'static str,
    prov: Provenance,
    final_dir: PathBuf,
    tmp_dir: PathBuf,
    parts: std::collections::BTreeMap<String, TableWriter>,
}

impl PartitionedWriter {
    pub fn create(
        dir: &Path,
        table: &'static Table,
        column: &'static str,
        prov: &Provenance,
    ) -> Result<PartitionedWriter> {
        let final_dir = dir.join(table.name);
        let tmp_dir = dir.join(format!(".{}.tmp-{}", table.name, std::process::id()));
        let _ = std::fs::remove_dir_all(&tmp_dir);
        std::fs::create_dir_all(&tmp_dir)
            .with_context(|| format!("cannot create {}", tmp_dir.display()))?;
        Ok(PartitionedWriter {
            table,
            column,
            prov: prov.clone(),
            final_dir,
            tmp_dir,
            parts: Default::default(),
        })
    }

    /// Adds rows (in key order, as for [`TableWriter::push`]) to their partitions.
    pub fn push(&mut self, df: DataFrame) -> Result<()> {
        if df.height() == 0 {
            return Ok(());
        }
        let df = conform(self.table, df)?;
        let column = self.column;
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
            let part = part.drop(column)?;
            if !self.parts.contains_key(&name) {
                let part_dir = self.tmp_dir.join(format!("{column}={name}"));
                std::fs::create_dir_all(&part_dir)
                    .with_context(|| format!("cannot create {}", part_dir.display()))?;
                let w = TableWriter::create_except(
                    part_dir.join("part-0.parquet"),
                    self.table,
                    Some(column),
                    &self.prov,
                )?;
                self.parts.insert(name.clone(), w);
            }
            if let Some(w) = self.parts.get_mut(&name) {
                w.push(part)?;
            }
        }
        Ok(())
    }

    /// Finishes every partition file and replaces the previous dataset.
    pub fn finish(self) -> Result<PathBuf> {
        for (_, w) in self.parts {
            w.finish()?;
        }
        let _ = std::fs::remove_dir_all(&self.final_dir);
        std::fs::rename(&self.tmp_dir, &self.final_dir)
            .with_context(|| format!("cannot move {} into place", self.final_dir.display()))?;
        Ok(self.final_dir)
    }
}

/// Also writes `df` as a hive-partitioned dataset (see [`PartitionedWriter`]).
pub fn write_partitioned(
    dir: &Path,
    table: &'static Table,
    df: DataFrame,
    column: &'static str,
    prov: &Provenance,
) -> Result<PathBuf> {
    let df = sort_by_key(table, conform(table, df)?)?;
    let mut w = PartitionedWriter::create(dir, table, column, prov)?;
    w.push(df)?;
    w.finish()
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

/// Reads `dir/<table>.parquet` one row group at a time, in file order (which is key order),
/// so a table larger than memory can be streamed. `columns` limits what is read.
pub struct TableChunks {
    path: PathBuf,
    metadata: polars::io::parquet::metadata::FileMetadataRef,
    groups: Vec<(usize, usize)>,
    next: usize,
    columns: Option<Vec<String>>,
}

impl TableChunks {
    pub fn open(dir: &Path, table: &Table, columns: Option<&[&str]>) -> Result<TableChunks> {
        let path = dir.join(table.file_name());
        let file = File::open(&path).with_context(|| {
            format!(
                "cannot open {} (run the earlier stages first, e.g. `minsheng run`)",
                path.display()
            )
        })?;
        let metadata = ParquetReader::new(file)
            .get_metadata()
            .map_err(anyhow::Error::from)
            .with_context(|| format!("cannot read {}", path.display()))?
            .clone();
        let mut offset = 0;
        let groups = metadata
            .row_groups
            .iter()
            .map(|rg| {
                let g = (offset, rg.num_rows());
                offset += rg.num_rows();
                g
            })
            .collect();
        Ok(TableChunks {
            path,
            metadata,
            groups,
            next: 0,
            columns: columns.map(|c| c.iter().map(|s| s.to_string()).collect()),
        })
    }

    /// The value of a footer metadata key, if the file has it.
    pub fn footer(&self, key: &str) -> Option<&str> {
        self.metadata
            .key_value_metadata
            .as_ref()?
            .iter()
            .find(|kv| kv.key == key)?
            .value
            .as_deref()
    }

    /// Rows in the whole file.
    pub fn num_rows(&self) -> usize {
        self.metadata.num_rows
    }

    /// Row groups in the file: the chunks this iterator yields.
    pub fn num_chunks(&self) -> usize {
        self.groups.len()
    }

    fn read(&self, (offset, len): (usize, usize)) -> Result<DataFrame> {
        let file = File::open(&self.path)
            .with_context(|| format!("cannot open {}", self.path.display()))?;
        let mut reader = ParquetReader::new(file)
            .with_slice(Some((offset, len)))
            .with_columns(self.columns.clone());
        reader.set_metadata(self.metadata.clone());
        reader
            .finish()
            .map_err(anyhow::Error::from)
            .with_context(|| format!("cannot read {}", self.path.display()))
    }
}

impl Iterator for TableChunks {
    type Item = Result<DataFrame>;

    fn next(&mut self) -> Option<Result<DataFrame>> {
        let g = *self.groups.get(self.next)?;
        self.next += 1;
        Some(self.read(g))
    }
}
