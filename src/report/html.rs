//! `minsheng report`: one self-contained HTML page (inline CSS, no scripts, no network) to read
//! the output by eye.
//!
//! Input: the output directory (documents, facts, yoy and plan_vs_actual tables, and
//! `_stages/ingest.jsonl` for the cleaned texts and their offset maps). Output:
//! `report.html` in it: per document (the first [`MAX_DOCS`] by source) the cleaned text with
//! every fact marked, then per region the year-over-year and plan-against-result tables. Facts
//! carry raw offsets; the ingest map (`map[i]` = raw offset of clean character `i`) takes them
//! back to clean positions. The same tables give a byte-identical page.

use super::{char_bytes, fmt_quantity, fmt_value, load_documents, load_facts_of, load_stage};
use super::{floats, ints, strs, DocInfo, FactInfo};
use crate::model::Document;
use crate::tables;
use anyhow::{Context, Result};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Documents shown in full; the rest are counted.
pub const MAX_DOCS: usize = 200;
/// Regions with year-over-year and plan-against-result tables (in key order), and rows shown
/// per region and table; the rest are counted (the Parquet tables hold them all).
pub const MAX_REGIONS: usize = 100;
pub const MAX_REGION_ROWS: usize = 50;

const CSS: &str = "
body{font-family:'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif;
 margin:0 auto;max-width:60rem;padding:1rem 2rem;color:#222;background:#fff;line-height:1.6}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ccc}
h3{font-size:1rem}
.meta{color:#555;font-size:.85rem}
.text{white-space:pre-wrap;border-left:3px solid #ddd;padding-left:1rem;font-size:.95rem}
mark.fact{background:#ffe08a;border-radius:2px;padding:0 1px}
mark.fact[data-status=target]{background:#bfe0ff}
mark.fact[data-unplaced]{outline:1px dashed #c0392b}
table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0 1rem}
th,td{border:1px solid #ccc;padding:2px 6px;text-align:left}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.bad{color:#a00}
";

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn opt(v: &Option<String>) -> String {
    escape(v.as_deref().unwrap_or("—"))
}

fn year(v: Option<i64>) -> String {
    v.map_or("—".into(), |y| y.to_string())
}

/// `value unit · year · status`, the tooltip of a marked fact.
fn title(f: &FactInfo) -> String {
    format!("{} · {} · {}", fmt_quantity(f), year(f.year), f.status)
}

/// `<mark class="fact" …>`: status in `data-status` (the colour), `data-unplaced` on a fact
/// listed below the text instead of in it.
fn mark(f: &FactInfo, text: &str, extra: &str) -> String {
    format!(
        "<mark class=\"fact\" data-status=\"{}\"{extra} id=\"f-{}\" title=\"{}\">{}</mark>",
        escape(&f.status),
        escape(&f.fact_id),
        escape(&title(f)),
        escape(text)
    )
}

/// The clean range `[s, e)` behind the raw range `[start, end)`, if any clean character maps
/// into it.
fn clean_range(map: &[u32], sorted: bool, start: usize, end: usize) -> Option<(usize, usize)> {
    let (start, end) = (start as u64, end as u64);
    if sorted {
        let s = map.partition_point(|&m| u64::from(m) < start);
        let e = map.partition_point(|&m| u64::from(m) < end);
        return (s < e).then_some((s, e));
    }
    let inside = |m: &u32| (start..end).contains(&u64::from(*m));
    let s = map.iter().position(inside)?;
    let e = map.iter().rposition(inside)? + 1;
    Some((s, e))
}

/// The cleaned text with every fact marked; facts that cannot be placed in it (in removed
/// text, or overlapping the fact before) are marked in a list below it, so every fact of the
/// document gets exactly one mark.
fn marked_text(out: &mut String, doc: &Document, facts: &[&FactInfo]) {
    let clean = &doc.clean;
    let b = char_bytes(clean);
    let n = b.len() - 1;
    let usable = doc.map.len() == n;
    let sorted = doc.map.windows(2).all(|w| w[0] <= w[1]);
    let mut at = 0;
    let mut unplaced: Vec<(&FactInfo, &str)> = Vec::new();
    out.push_str("<div class=\"text\">");
    for f in facts {
        let range = if usable {
            clean_range(&doc.map, sorted, f.start, f.end)
        } else {
            None
        };
        match range {
            Some((s, e)) if s >= at => {
                out.push_str(&escape(&clean[b[at]..b[s]]));
                out.push_str(&mark(f, &clean[b[s]..b[e]], ""));
                at = e;
            }
            Some(_) => unplaced.push((f, "overlaps the fact before it")),
            None => unplaced.push((f, "not in the cleaned text")),
        }
    }
    out.push_str(&escape(&clean[b[at]..]));
    out.push_str("</div>\n");
    if !unplaced.is_empty() {
        out.push_str("<p class=\"meta\">Facts not placed in the cleaned text:</p><ul>\n");
        for (f, why) in unplaced {
            let _ = writeln!(
                out,
                "<li>{} <span class=\"meta\">raw [{}, {}): {why}</span></li>",
                mark(f, &f.text, " data-unplaced"),
                f.start,
                f.end
            );
        }
        out.push_str("</ul>\n");
    }
}

fn doc_section(
    out: &mut String,
    d: &DocInfo,
    stage: Option<&Document>,
    facts: &[&FactInfo],
    first_of: &HashMap<&str, &str>,
    have_stage: bool,
) {
    // A duplicate shares its doc_id with the first copy: its facts are shown there only.
    let first = first_of.get(d.doc_id.as_str()).copied() == Some(d.source.as_str());
    let n_facts = if first { facts.len() } else { 0 };
    let _ = writeln!(
        out,
        "<section class=\"doc\" id=\"d-{}\">\n<h2>{}</h2>",
        escape(&d.source),
        escape(&d.source)
    );
    let _ = writeln!(
        out,
        "<p class=\"meta\">doc_id {} · status {} · region {} ({}) · report year {} · {} / {} · {} facts</p>",
        escape(&d.doc_id),
        escape(&d.status),
        opt(&d.region),
        opt(&d.region_code),
        year(d.report_year),
        escape(&d.script),
        escape(&d.encoding),
        n_facts
    );
    if let Some(err) = &d.error {
        let _ = writeln!(out, "<p class=\"bad\">{}</p>", escape(err));
    }
    if d.status == "ok" && first {
        let empty;
        let doc = match stage {
            Some(doc) => doc,
            None => {
                if have_stage {
                    out.push_str(
                        "<p class=\"bad\">cleaned text missing from _stages/ingest.jsonl</p>\n",
                    );
                }
                empty = Document::rejected(d.doc_id.clone(), d.source.clone(), String::new());
                &empty
            }
        };
        marked_text(out, doc, facts);
    }
    out.push_str("</section>\n");
}

/// A table of `rows` (already escaped cells); numbers right-aligned.
fn table(out: &mut String, head: &[&str], rows: &[Vec<(String, bool)>]) {
    out.push_str("<table><thead><tr>");
    for h in head {
        let _ = write!(out, "<th>{}</th>", escape(h));
    }
    out.push_str("</tr></thead><tbody>\n");
    for r in rows {
        out.push_str("<tr>");
        for (cell, num) in r {
            let class = if *num { " class=\"num\"" } else { "" };
            let _ = write!(out, "<td{class}>{cell}</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table>\n");
}

fn num(v: Option<f64>) -> (String, bool) {
    (
        v.map_or("—".into(), |x| {
            if x.fract() == 0.0 {
                fmt_value(x)
            } else {
                format!("{x:.2}")
            }
        }),
        true,
    )
}

fn txt(v: Option<String>) -> (String, bool) {
    (opt(&v), false)
}

/// Rows of yoy.parquet (or plan_vs_actual.parquet) grouped by region, in key order: at most
/// [`MAX_REGION_ROWS`] rows of each of the first [`MAX_REGIONS`] regions, and how many rows
/// were left out.
#[derive(Default)]
struct ByRegion {
    rows: BTreeMap<String, Vec<Vec<(String, bool)>>>,
    omitted: usize,
}

impl ByRegion {
    fn add(&mut self, region: Option<String>, row: impl FnOnce() -> Vec<(String, bool)>) {
        let key = region.unwrap_or_else(|| "(no region)".into());
        let full = self.rows.len() >= MAX_REGIONS;
        match self.rows.get_mut(&key) {
            Some(rows) if rows.len() < MAX_REGION_ROWS => rows.push(row()),
            None if !full => {
                self.rows.insert(key, vec![row()]);
            }
            _ => self.omitted += 1,
        }
    }
}

/// Reads a table a row group at a time and adds each group's rows with `each`.
fn by_region(
    output_dir: &Path,
    table: &crate::schema::Table,
    mut each: impl FnMut(&mut ByRegion, &polars::prelude::DataFrame) -> Result<()>,
) -> Result<ByRegion> {
    let mut out = ByRegion::default();
    for df in tables::TableChunks::open(output_dir, table, None)? {
        each(&mut out, &df?)?;
    }
    Ok(out)
}

fn yoy_by_region(output_dir: &Path) -> Result<ByRegion> {
    by_region(output_dir, &crate::schema::YOY, yoy_rows)
}

fn yoy_rows(out: &mut ByRegion, df: &polars::prelude::DataFrame) -> Result<()> {
    let (region, indicator, unit, comparison) = (
        strs(df, "region")?,
        strs(df, "indicator")?,
        strs(df, "unit")?,
        strs(df, "comparison")?,
    );
    let (yr, prev_year) = (ints(df, "year")?, ints(df, "prev_year")?);
    let (value, prev_value, delta, pct) = (
        floats(df, "value")?,
        floats(df, "prev_value")?,
        floats(df, "delta")?,
        floats(df, "pct_change")?,
    );
    for i in 0..df.height() {
        out.add(region[i].clone(), || {
            vec![
                txt(indicator[i].clone()),
                txt(unit[i].clone()),
                txt(comparison[i].clone()),
                (year(prev_year[i]), true),
                num(prev_value[i]),
                (year(yr[i]), true),
                num(value[i]),
                num(delta[i]),
                num(pct[i]),
            ]
        });
    }
    Ok(())
}

fn pva_by_region(output_dir: &Path) -> Result<ByRegion> {
    by_region(output_dir, &crate::schema::PLAN_VS_ACTUAL, pva_rows)
}

fn pva_rows(out: &mut ByRegion, df: &polars::prelude::DataFrame) -> Result<()> {
    let (region, indicator, unit) = (
        strs(df, "region")?,
        strs(df, "indicator")?,
        strs(df, "unit")?,
    );
    let yr = ints(df, "year")?;
    let (target, actual, att, stated) = (
        floats(df, "target")?,
        floats(df, "actual")?,
        floats(df, "attainment_pct")?,
        floats(df, "stated_attainment_pct")?,
    );
    for i in 0..df.height() {
        out.add(region[i].clone(), || {
            vec![
                txt(indicator[i].clone()),
                txt(unit[i].clone()),
                (year(yr[i]), true),
                num(target[i]),
                num(actual[i]),
                num(att[i]),
                num(stated[i]),
            ]
        });
    }
    Ok(())
}

/// Renders the report page from the tables in `output_dir`.
pub fn render(output_dir: &Path) -> Result<String> {
    let docs = load_documents(output_dir)?;
    let shown = &docs[..docs.len().min(MAX_DOCS)];
    let shown_ids: HashSet<&str> = shown.iter().map(|d| d.doc_id.as_str()).collect();
    let (facts, n_facts) = load_facts_of(output_dir, |id| shown_ids.contains(id))?;
    let mut by_doc: HashMap<&str, Vec<&FactInfo>> = HashMap::new();
    for f in &facts {
        by_doc.entry(f.doc_id.as_str()).or_default().push(f);
    }
    let mut first_of: HashMap<&str, &str> = HashMap::new();
    for d in docs.iter().filter(|d| d.status == "ok") {
        first_of
            .entry(d.doc_id.as_str())
            .or_insert(d.source.as_str());
    }
    let wanted: HashSet<&str> = shown.iter().map(|d| d.source.as_str()).collect();
    // Without the ingest stage the page still lists every fact, below each document.
    let (stage, stage_error) = match load_stage(output_dir, |s| wanted.contains(s)) {
        Ok(docs) => (docs, None),
        Err(e) => (Vec::new(), Some(format!("{e:#}"))),
    };
    let stage: HashMap<&str, &Document> = stage.iter().map(|d| (d.source.as_str(), d)).collect();
    let count = |s: &str| docs.iter().filter(|d| d.status == s).count();

    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"zh-Hans\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<title>minsheng report</title>\n<style>");
    out.push_str(CSS);
    out.push_str("</style>\n</head>\n<body>\n<h1>minsheng report — 民生实事</h1>\n");
    let _ = writeln!(
        out,
        "<p>{} documents ({} ok, {} rejected, {} duplicate); {} facts. \
         <mark class=\"legend\" style=\"background:#ffe08a\">actual 实际</mark> \
         <mark class=\"legend\" style=\"background:#bfe0ff\">target 目标</mark>; hover a figure for \
         value · year · status.</p>",
        docs.len(),
        count("ok"),
        count("rejected"),
        count("duplicate"),
        n_facts
    );
    if let Some(e) = &stage_error {
        let _ = writeln!(
            out,
            "<p class=\"bad\">Cleaned texts are not available ({}): facts are listed without their text.</p>",
            escape(e)
        );
    }
    if docs.len() > shown.len() {
        let _ = writeln!(
            out,
            "<p class=\"meta\">Showing the first {} documents by source; {} more are not shown.</p>",
            shown.len(),
            docs.len() - shown.len()
        );
    }
    out.push_str("<h2>Documents 文件</h2>\n<ul>\n");
    for d in shown {
        let _ = writeln!(
            out,
            "<li><a href=\"#d-{}\">{}</a> <span class=\"meta\">{} · {} · {} facts</span></li>",
            escape(&d.source),
            escape(&d.source),
            escape(&d.status),
            opt(&d.region),
            if first_of.get(d.doc_id.as_str()).copied() == Some(d.source.as_str()) {
                by_doc.get(d.doc_id.as_str()).map_or(0, Vec::len)
            } else {
                0
            }
        );
    }
    out.push_str("</ul>\n");
    for d in shown {
        let mine = by_doc.get(d.doc_id.as_str()).map_or(&[][..], Vec::as_slice);
        let text = stage.get(d.source.as_str()).copied();
        doc_section(&mut out, d, text, mine, &first_of, stage_error.is_none());
    }

    out.push_str("<h2>By region 按地区</h2>\n");
    let yoy = yoy_by_region(output_dir)?;
    let pva = pva_by_region(output_dir)?;
    let regions: std::collections::BTreeSet<&String> =
        yoy.rows.keys().chain(pva.rows.keys()).collect();
    if regions.is_empty() {
        out.push_str("<p class=\"meta\">No year-over-year or plan-against-result rows yet.</p>\n");
    }
    if yoy.omitted + pva.omitted > 0 {
        let _ = writeln!(
            out,
            "<p class=\"meta\">Shown: at most {MAX_REGION_ROWS} rows of each of the first \
             {MAX_REGIONS} regions; {} year-over-year and {} plan-against-result rows more are in \
             yoy.parquet and plan_vs_actual.parquet.</p>",
            yoy.omitted, pva.omitted
        );
    }
    for r in regions {
        let _ = writeln!(out, "<h3>{}</h3>", escape(r));
        if let Some(rows) = yoy.rows.get(r) {
            out.push_str("<p class=\"meta\">Year over year 同比</p>\n");
            table(
                &mut out,
                &[
                    "indicator",
                    "unit",
                    "comparison",
                    "prev_year",
                    "prev_value",
                    "year",
                    "value",
                    "delta",
                    "pct_change",
                ],
                rows,
            );
        }
        if let Some(rows) = pva.rows.get(r) {
            out.push_str("<p class=\"meta\">Plan against result 计划完成</p>\n");
            table(
                &mut out,
                &[
                    "indicator",
                    "unit",
                    "year",
                    "target",
                    "actual",
                    "attainment_pct",
                    "stated_attainment_pct",
                ],
                rows,
            );
        }
    }
    out.push_str("</body>\n</html>\n");
    Ok(out)
}

/// Writes `output_dir/report.html` (atomically) and returns its path.
pub fn write_report(output_dir: &Path) -> Result<PathBuf> {
    let html = render(output_dir)?;
    let path = output_dir.join("report.html");
    let tmp = output_dir.join(format!(".report.html.tmp-{}", std::process::id()));
    std::fs::write(&tmp, html).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, &path)
        .with_context(|| format!("cannot move {} into place", path.display()))?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_markup_and_quotes() {
        assert_eq!(
            escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(escape("新建公园12个"), "新建公园12个");
    }

    #[test]
    fn raw_ranges_map_back_to_clean_ranges() {
        // raw "ab<x>12万c": clean "ab12万c" skips the markup at raw 2..5.
        let map = [0, 1, 5, 6, 7, 8];
        assert_eq!(clean_range(&map, true, 5, 8), Some((2, 5)));
        assert_eq!(clean_range(&map, false, 5, 8), Some((2, 5)));
        // A span wholly inside removed text has no clean range.
        assert_eq!(clean_range(&map, true, 2, 5), None);
        assert_eq!(clean_range(&map, false, 2, 5), None);
        // A span that starts in removed text keeps its visible part.
        assert_eq!(clean_range(&map, true, 3, 7), Some((2, 4)));
    }
}
