//! The values that flow between stages: a [`Document`] (what ingest makes of one file) and a
//! [`Fact`] (one quantity extract finds in it). Pure data, no I/O, no polars.

use serde::{Deserialize, Serialize};

/// What happened to one input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocStatus {
    Ok,
    Rejected,
    Duplicate,
}

impl DocStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DocStatus::Ok => "ok",
            DocStatus::Rejected => "rejected",
            DocStatus::Duplicate => "duplicate",
        }
    }
}

/// The script the raw file was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Script {
    Simplified,
    Traditional,
    Mixed,
}

impl Script {
    pub fn as_str(self) -> &'static str {
        match self {
            Script::Simplified => "simplified",
            Script::Traditional => "traditional",
            Script::Mixed => "mixed",
        }
    }
}

/// A place resolved against the regions catalog, named as the contract says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Region {
    /// `吉林省`, `昌吉回族自治州`, `盐城市大丰区`, `全国`.
    pub name: String,
    /// 6-digit GB/T 2260 code.
    pub code: String,
    /// `country`, `province`, `prefecture`, `county` or `township`.
    pub level: String,
}

/// A calendar date (proleptic Gregorian), kept as numbers so the core needs no date crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// Days since 1970-01-01 (what Arrow's date32 stores).
    pub fn days_since_epoch(self) -> i32 {
        // Howard Hinnant's days_from_civil.
        let y = if self.month <= 2 {
            self.year - 1
        } else {
            self.year
        };
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = self.month as i32;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + self.day as i32 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146097 + doe - 719468
    }
}

/// One input file after ingest.
///
/// `clean` is the text extract reads: decoded, stripped of markup, spam and garble, layout breaks
/// joined, full-width forms folded to ASCII and traditional characters mapped to simplified ones.
/// `map[i]` is the code-point offset in `raw` of the `i`-th character of `clean`, so every span
/// found in `clean` can be traced back to the exact raw text (`raw_span`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Document {
    pub doc_id: String,
    /// Path relative to the input directory, `/`-separated.
    pub source: String,
    pub status: DocStatus,
    /// Why the file was rejected, or which file it duplicates.
    pub error: Option<String>,
    pub encoding: String,
    pub script: Script,
    /// The decoded raw text (BOM excluded, line endings untouched).
    pub raw: String,
    pub clean: String,
    /// One entry per character of `clean`: its code-point offset in `raw`. Serialized as runs
    /// of consecutive offsets (`[start, len, start, len, …]`), which keeps stage files small.
    #[serde(with = "map_runs")]
    pub map: Vec<u32>,
    pub region: Option<Region>,
    pub published: Option<Date>,
    /// The year the document reports on, as far as ingest can tell without counting facts
    /// (title, headings, publication date, 今年/去年). Extract uses it as the default year.
    pub doc_year: Option<i16>,
    /// Characters removed as spam or page furniture.
    pub removed_chars: u32,
}

impl Document {
    /// A row for a file that could not be used.
    pub fn rejected(doc_id: String, source: String, error: String) -> Self {
        Document {
            doc_id,
            source,
            status: DocStatus::Rejected,
            error: Some(error),
            encoding: String::new(),
            script: Script::Simplified,
            raw: String::new(),
            clean: String::new(),
            map: Vec::new(),
            region: None,
            published: None,
            doc_year: None,
            removed_chars: 0,
        }
    }

    /// The raw code-point range behind the clean character range `[start, end)`.
    pub fn raw_range(&self, start: usize, end: usize) -> (usize, usize) {
        debug_assert!(start < end && end <= self.map.len());
        let s = self.map[start] as usize;
        let e = self.map[end - 1] as usize + 1;
        (s, e.max(s + 1))
    }

    /// The raw text of the clean character range `[start, end)`, as written.
    pub fn raw_span(&self, start: usize, end: usize) -> (usize, usize, String) {
        let (s, e) = self.raw_range(start, end);
        let text: String = self.raw.chars().skip(s).take(e - s).collect();
        (s, e, text)
    }
}

/// The offset map as runs of consecutive offsets: `[start, len, start, len, …]`.
mod map_runs {
    use serde::de::Error;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(map: &[u32], s: S) -> Result<S::Ok, S::Error> {
        let mut runs: Vec<u32> = Vec::new();
        for &o in map {
            match runs.len() {
                n if n >= 2 && runs[n - 2] + runs[n - 1] == o => runs[n - 1] += 1,
                _ => runs.extend([o, 1]),
            }
        }
        runs.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u32>, D::Error> {
        let runs = Vec::<u32>::deserialize(d)?;
        if runs.len() % 2 != 0 {
            return Err(D::Error::custom(
                "offset map runs come in (start, len) pairs",
            ));
        }
        let mut map = Vec::with_capacity(runs.chunks(2).map(|r| r[1] as usize).sum());
        for r in runs.chunks(2) {
            map.extend(r[0]..r[0].saturating_add(r[1]));
        }
        Ok(map)
    }
}

/// `actual` or `target`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Actual,
    Target,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Actual => "actual",
            Status::Target => "target",
        }
    }
}

/// `level` or `change`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Measure {
    Level,
    Change,
}

impl Measure {
    pub fn as_str(self) -> &'static str {
        match self {
            Measure::Level => "level",
            Measure::Change => "change",
        }
    }
}

/// How exact the written number is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Approx {
    Exact,
    About,
    AtLeast,
    MoreThan,
    AtMost,
}

impl Approx {
    pub fn as_str(self) -> &'static str {
        match self {
            Approx::Exact => "exact",
            Approx::About => "about",
            Approx::AtLeast => "at_least",
            Approx::MoreThan => "more_than",
            Approx::AtMost => "at_most",
        }
    }
}

/// One quantity stated in a document (see the contract's `facts` table).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fact {
    pub doc_id: String,
    /// The raw span holding the number and its unit, as written.
    pub text: String,
    /// Code-point offsets of `text` in the raw document.
    pub start: u32,
    pub end: u32,
    /// The sentence around it, cleaned and simplified.
    pub sentence: String,
    pub subject: String,
    pub sector: String,
    /// Region name (documents.region naming), or None when the text never names the place.
    pub region: Option<String>,
    pub year: Option<i16>,
    pub period: Option<String>,
    pub status: Status,
    pub measure: Measure,
    pub value: f64,
    pub unit: String,
    pub classifier: Option<String>,
    pub approx: Approx,
    pub raw_value: String,
    pub raw_unit: String,
    pub scale: i8,
    /// An attainment percent stated for the fact right before it (`完成年度计划的112%`), so
    /// aggregate can attach it to that actual. Set on the percent fact itself.
    pub attainment_of: Option<u32>,
}

impl Fact {
    /// Stable id: the document id and the raw start offset.
    pub fn fact_id(&self) -> String {
        Fact::fact_id_of(&self.doc_id, self.start)
    }

    /// The id of the fact of document `doc_id` that starts at raw offset `start`.
    pub fn fact_id_of(doc_id: &str, start: u32) -> String {
        format!("{doc_id}-{start:07}")
    }
}

/// doc_id and source of a stage line: read from its head when they come first, unescaped
/// (as the pipeline writes stage files: serde, fields in declaration order), else by parsing the line.
pub fn stage_line_head(line: &str) -> Option<(String, String)> {
    let fast = || {
        let rest = line.strip_prefix("{\"doc_id\":\"")?;
        let (doc_id, rest) = rest.split_once('"')?;
        let rest = rest.strip_prefix(",\"source\":\"")?;
        let (source, _) = rest.split_once('"')?;
        (!doc_id.contains('\\') && !source.contains('\\'))
            .then(|| (doc_id.to_string(), source.to_string()))
    };
    fast().or_else(|| {
        #[derive(serde::Deserialize)]
        struct Head {
            doc_id: String,
            source: String,
        }
        let h: Head = serde_json::from_str(line).ok()?;
        Some((h.doc_id, h.source))
    })
}
