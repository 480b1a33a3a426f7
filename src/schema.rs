//! The output tables, written down once: name, grain, key and every column with its type and
//! meaning. `tables` checks frames against these before writing, the Parquet footer carries the
//! descriptions, and `minsheng schema` prints them as the data dictionary.

/// A column's logical type as the contract states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColType {
    Str,
    I8,
    I16,
    I32,
    I64,
    F64,
    Bool,
    Date,
    Datetime,
    ListStr,
    ListF64,
}

impl ColType {
    pub fn as_str(self) -> &'static str {
        match self {
            ColType::Str => "string",
            ColType::I8 => "int8",
            ColType::I16 => "int16",
            ColType::I32 => "int32",
            ColType::I64 => "int64",
            ColType::F64 => "float64",
            ColType::Bool => "bool",
            ColType::Date => "date",
            ColType::Datetime => "timestamp[ms] (UTC)",
            ColType::ListStr => "list<string>",
            ColType::ListF64 => "list<float64>",
        }
    }
}

/// One column of an output table.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    pub ty: ColType,
    pub nullable: bool,
    pub unit: Option<&'static str>,
    pub description: &'static str,
}

/// One output table.
#[derive(Debug, Clone, Copy)]
pub struct Table {
    pub name: &'static str,
    /// "one row per …"
    pub grain: &'static str,
    pub key: &'static [&'static str],
    pub columns: &'static [Column],
}

impl Table {
    pub fn file_name(&self) -> String {
        format!("{}.parquet", self.name)
    }

    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}

/// Bumped whenever a column is added, renamed or changes meaning.
pub const SCHEMA_VERSION: &str = "1";

const fn col(name: &'static str, ty: ColType, nullable: bool, description: &'static str) -> Column {
    Column {
        name,
        ty,
        nullable,
        unit: None,
        description,
    }
}

const fn col_u(
    name: &'static str,
    ty: ColType,
    nullable: bool,
    unit: &'static str,
    description: &'static str,
) -> Column {
    Column {
        name,
        ty,
        nullable,
        unit: Some(unit),
        description,
    }
}

use ColType::*;

pub const DOCUMENTS: Table = Table {
    name: "documents",
    grain: "one row per input file, read or not",
    key: &["source"],
    columns: &[
        col(
            "doc_id",
            Str,
            false,
            "hash of the raw bytes; for a file that cannot be read, a hash of \"path:\" + source",
        ),
        col(
            "source",
            Str,
            false,
            "path of the file relative to the input directory, /-separated",
        ),
        col(
            "status",
            Str,
            false,
            "ok, rejected (error says why) or duplicate (same bytes as another file)",
        ),
        col(
            "error",
            Str,
            true,
            "why the file was rejected, or which file it duplicates",
        ),
        col(
            "region",
            Str,
            true,
            "main region the document reports on (吉林省, 昌吉回族自治州, 盐城市大丰区)",
        ),
        col("region_code", Str, true, "6-digit GB/T 2260 code of region"),
        col(
            "admin_level",
            Str,
            true,
            "country, province, prefecture, county or township",
        ),
        col(
            "published",
            Date,
            true,
            "publication date where the document states one",
        ),
        col(
            "report_year",
            I16,
            true,
            "the year most of its facts are for",
        ),
        col(
            "script",
            Str,
            false,
            "simplified, traditional or mixed, as written in the raw file",
        ),
        col(
            "encoding",
            Str,
            false,
            "encoding the raw bytes were decoded from (UTF-8, GBK, Big5, UTF-16LE, …)",
        ),
        col("n_facts", I32, false, "facts extracted from it"),
        col_u(
            "removed_chars",
            I32,
            false,
            "characters",
            "characters removed as spam, page furniture or garble",
        ),
    ],
};

pub const FACTS: Table = Table {
    name: "facts",
    grain: "one row per quantity stated in a document",
    key: &["fact_id"],
    columns: &[
        col("fact_id", Str, false, "stable id: doc_id and raw start offset"),
        col("doc_id", Str, false, "joins documents"),
        col("text", Str, false, "the raw span holding the number and its unit, as written"),
        col_u("start", I32, false, "code points", "offset of text in the raw document (Unicode code points)"),
        col_u("end", I32, false, "code points", "end offset of text in the raw document (exclusive)"),
        col("sentence", Str, false, "the sentence around it, cleaned and in simplified Chinese"),
        col("subject", Str, false, "what is counted, simplified Chinese"),
        col("indicator", Str, true, "the indicator key the fact is linked to"),
        col("linked_by", Str, true, "catalog or subject: how indicator was found"),
        col("sector", Str, false, "sector key (education, health, employment, …)"),
        col("region", Str, true, "region the figure is about; null when the text never names it"),
        col("year", I16, true, "the calendar year the figure is for"),
        col("period", Str, true, "part of the year when stated (1-11月, 前三季度, 上半年)"),
        col("status", Str, false, "actual or target"),
        col("measure", Str, false, "level or change"),
        col("value", F64, false, "the number in unit, multipliers applied"),
        col("unit", Str, false, "canonical unit (CNY, person, km, m2, percent, …)"),
        col("classifier", Str, true, "the measure word for item units (个, 所, 套, …)"),
        col("approx", Str, false, "exact, about, at_least, more_than or at_most"),
        col("raw_value", Str, false, "the number as written (2.8万, 十, 12余万)"),
        col("raw_unit", Str, false, "the unit as written (人次, 萬元, 亩)"),
        col_u("scale", I8, false, "power of ten", "power of ten the written multiplier applied (4 for 万, 8 for 亿); value already includes it"),
        col("attainment_of", Str, true, "for a stated attainment percent (完成年度计划的112%): fact_id of the actual it refers to"),
    ],
};

pub const INDICATORS: Table = Table {
    name: "indicators",
    grain: "one row per region × indicator × unit × year × status",
    key: &["region", "indicator", "unit", "year", "status"],
    columns: &[
        col("region", Str, true, "region the figures are about"),
        col("region_code", Str, true, "6-digit GB/T 2260 code of region"),
        col(
            "indicator",
            Str,
            false,
            "indicator key (catalog key, or s:<subject>|<unit> when derived)",
        ),
        col("unit", Str, false, "canonical unit"),
        col("year", I16, false, "the year the figure is for"),
        col("status", Str, false, "actual or target"),
        col(
            "value",
            F64,
            false,
            "the value most facts state (ties: more documents, then the earliest fact)",
        ),
        col("n_facts", I32, false, "facts behind the value"),
        col("n_docs", I32, false, "documents those facts come from"),
        col("fact_ids", ListStr, false, "the facts behind it"),
        col("conflict", Bool, false, "true when the facts disagree"),
        col("values", ListF64, false, "the distinct values stated"),
    ],
};

pub const YOY: Table = Table {
    name: "yoy",
    grain: "one row per region × indicator × unit × comparison × year with an earlier year to compare with",
    key: &["region", "indicator", "unit", "comparison", "year"],
    columns: &[
        col("region", Str, true, "region the figures are about"),
        col("indicator", Str, false, "indicator key"),
        col("unit", Str, false, "canonical unit"),
        col("comparison", Str, false, "actual_vs_actual, target_vs_target or target_vs_prev_actual"),
        col("year", I16, false, "the later year"),
        col("prev_year", I16, false, "the latest earlier year with a value (need not be year − 1)"),
        col("value", F64, false, "value in year"),
        col("prev_value", F64, false, "value in prev_year"),
        col("delta", F64, false, "value − prev_value"),
        col_u("pct_change", F64, true, "percent", "delta / prev_value × 100; null when prev_value is 0"),
    ],
};

pub const PLAN_VS_ACTUAL: Table = Table {
    name: "plan_vs_actual",
    grain: "one row per region × indicator × unit × year with an actual and a target or stated attainment",
    key: &["region", "indicator", "unit", "year"],
    columns: &[
        col("region", Str, true, "region the figures are about"),
        col("indicator", Str, false, "indicator key"),
        col("unit", Str, false, "canonical unit"),
        col("year", I16, false, "the year"),
        col("target", F64, true, "planned value; null when none"),
        col("actual", F64, false, "delivered value"),
        col_u("attainment_pct", F64, true, "percent", "actual / target × 100; null without a target"),
        col_u("stated_attainment_pct", F64, true, "percent", "attainment stated in the text (完成年度计划的112%)"),
    ],
};

/// Every table the pipeline writes, in the order the README describes them.
pub const ALL: &[Table] = &[DOCUMENTS, FACTS, INDICATORS, YOY, PLAN_VS_ACTUAL];

/// The data dictionary as Markdown.
pub fn markdown() -> String {
    let mut out = String::new();
    for t in ALL.iter().chain([&RUNS]) {
        out.push_str(&format!(
            "### {} — {} (key: {})\n\n| column | type | meaning |\n|---|---|---|\n",
            t.file_name(),
            t.grain,
            t.key.join(" × ")
        ));
        for c in t.columns {
            let ty = if c.nullable {
                format!("{}, null", c.ty.as_str())
            } else {
                c.ty.as_str().to_string()
            };
            out.push_str(&format!("| {} | {} | {} |\n", c.name, ty, c.description));
        }
        out.push('\n');
    }
    out
}

/// The run log: appended to by every run, so (unlike the other tables) it changes every time.
pub const RUNS: Table = Table {
    name: "runs",
    grain: "one row per run of minsheng run or merge",
    key: &["run_id"],
    columns: &[
        col(
            "run_id",
            Str,
            false,
            "unique id of the run (start time and process id)",
        ),
        col("command", Str, false, "run or merge"),
        col("started", Datetime, false, "when the run started (UTC)"),
        col("ended", Datetime, false, "when the run ended (UTC)"),
        col_u("duration_s", F64, false, "seconds", "wall time of the run"),
        col("version", Str, false, "minsheng version"),
        col("shard", Str, true, "K/N when the run processed one shard"),
        col("full", Bool, false, "true when --full forced a rebuild"),
        col("jobs", I32, false, "worker threads"),
        col("n_inputs", I32, false, "input files seen (in the shard)"),
        col("n_new", I32, false, "files not seen by the previous run"),
        col(
            "n_changed",
            I32,
            false,
            "files whose bytes changed since the previous run",
        ),
        col(
            "n_unchanged",
            I32,
            false,
            "files reused from the previous run without extraction",
        ),
        col(
            "n_removed",
            I32,
            false,
            "files of the previous run that are gone (their facts dropped)",
        ),
        col("n_rejected", I32, false, "files rejected"),
        col(
            "n_duplicate",
            I32,
            false,
            "files with the same bytes as another",
        ),
        col(
            "n_facts",
            I64,
            false,
            "facts in facts.parquet after the run",
        ),
        col("exit_code", I32, false, "the exit code of the run"),
    ],
};
