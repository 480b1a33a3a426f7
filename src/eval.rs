//! Scoring extracted facts against gold fact files (`gold/GUIDE.md` format), with the same
//! rules as `shared/tools/score.py`: per document, gold facts in reading order each take the
//! nearest unused prediction with the same unit and a value within 0.5% (same sign); precision,
//! recall, F1, a strict F1 that also needs year and status right, the accuracy of
//! year/status/measure/approx/region on matched pairs, and the subject's character F1.
//!
//! Pure: [`score`] takes texts and facts; only [`load_gold_dir`] reads files.

use crate::model::Fact;
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

/// One line of a gold file.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct GoldFact {
    pub doc: String,
    pub surface: String,
    pub value: f64,
    pub unit: String,
    #[serde(default)]
    pub classifier: Option<String>,
    #[serde(default)]
    pub subject: Option<String>,
    #[serde(default)]
    pub region: Option<String>,
    #[serde(default)]
    pub year: Option<i64>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub measure: Option<String>,
    #[serde(default)]
    pub approx: Option<String>,
}

/// Errors loading gold files; each names the file (and line).
#[derive(Debug, thiserror::Error)]
pub enum GoldError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}:{line}: not a gold fact: {source}")]
    Parse {
        path: PathBuf,
        line: usize,
        #[source]
        source: serde_json::Error,
    },
}

/// Parses the text of one gold file (JSON lines; blank lines skipped).
pub fn parse_gold(path: &Path, text: &str) -> Result<Vec<GoldFact>, GoldError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let f: GoldFact = serde_json::from_str(line).map_err(|source| GoldError::Parse {
            path: path.to_path_buf(),
            line: i + 1,
            source,
        })?;
        out.push(f);
    }
    Ok(out)
}

/// Every `*.jsonl` file of a folder, in file-name order, lines in order.
pub fn load_gold_dir(dir: &Path) -> Result<Vec<GoldFact>, GoldError> {
    let io = |source| GoldError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    paths.sort();
    let mut out = Vec::new();
    for p in paths {
        let text = std::fs::read_to_string(&p).map_err(|source| GoldError::Io {
            path: p.clone(),
            source,
        })?;
        out.extend(parse_gold(&p, &text)?);
    }
    Ok(out)
}

/// The attributes compared on matched pairs.
pub const ATTRS: [&str; 5] = ["year", "status", "measure", "approx", "region"];

/// Figures for one document or for all.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Counts {
    pub gold: usize,
    pub pred: usize,
    pub matched: usize,
    pub strict: usize,
    /// Matched pairs whose attribute agrees, in [`ATTRS`] order.
    pub attr_ok: [usize; 5],
    /// Sum of subject character F1 over matched pairs.
    pub subject_sum: f64,
}

impl Counts {
    fn add(&mut self, o: &Counts) {
        self.gold += o.gold;
        self.pred += o.pred;
        self.matched += o.matched;
        self.strict += o.strict;
        for i in 0..5 {
            self.attr_ok[i] += o.attr_ok[i];
        }
        self.subject_sum += o.subject_sum;
    }

    pub fn precision(&self) -> f64 {
        ratio(self.matched, self.pred)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.matched, self.gold)
    }

    pub fn f1(&self) -> f64 {
        f1(self.precision(), self.recall())
    }

    pub fn strict_f1(&self) -> f64 {
        f1(ratio(self.strict, self.pred), ratio(self.strict, self.gold))
    }

    /// Accuracy of one attribute (by name, see [`ATTRS`]) on matched pairs.
    pub fn attr_accuracy(&self, name: &str) -> f64 {
        ATTRS
            .iter()
            .position(|a| *a == name)
            .map(|i| ratio(self.attr_ok[i], self.matched))
            .unwrap_or(0.0)
    }

    pub fn subject_f1(&self) -> f64 {
        if self.matched == 0 {
            0.0
        } else {
            self.subject_sum / self.matched as f64
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

/// A gold fact no prediction matched, or a prediction no gold fact took.
#[derive(Debug, Clone, PartialEq)]
pub struct Unmatched {
    pub text: String,
    pub value: f64,
    pub unit: String,
}

/// A matched pair whose attributes disagree: (gold surface, attribute, gold value, predicted).
pub type Disagreement = (String, &'static str, String, String);

#[derive(Debug, Clone, Default)]
pub struct DocReport {
    pub doc: String,
    pub counts: Counts,
    pub misses: Vec<Unmatched>,
    pub extras: Vec<Unmatched>,
    pub disagreements: Vec<Disagreement>,
}

/// The result of [`score`]: per document (sorted by name) and overall.
#[derive(Debug, Clone, Default)]
pub struct EvalReport {
    pub docs: Vec<DocReport>,
    pub overall: Counts,
}

fn same_value(a: f64, b: f64) -> bool {
    if a == b {
        return true;
    }
    if (a < 0.0) != (b < 0.0) {
        return false;
    }
    (a - b).abs() <= 0.005 * a.abs().max(b.abs())
}

fn find_chars(hay: &[char], needle: &[char], from: usize) -> Option<usize> {
    if needle.is_empty() {
        return Some(from.min(hay.len()));
    }
    if needle.len() > hay.len() {
        return None;
    }
    (from..=hay.len() - needle.len()).find(|&i| hay[i..i + needle.len()] == *needle)
}

/// Character F1 of two subjects, as sets of characters.
pub fn subject_f1(gold: &str, pred: &str) -> f64 {
    let a: HashSet<char> = gold.chars().collect();
    let b: HashSet<char> = pred.chars().collect();
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let inter = a.intersection(&b).count();
    if inter == 0 {
        return 0.0;
    }
    f1(inter as f64 / b.len() as f64, inter as f64 / a.len() as f64)
}

fn attr_pair(g: &GoldFact, p: &Fact, name: &str) -> (String, String) {
    let o = |s: &Option<String>| s.clone().unwrap_or_else(|| "null".into());
    match name {
        "year" => (
            g.year
                .map(|y| y.to_string())
                .unwrap_or_else(|| "null".into()),
            p.year
                .map(|y| y.to_string())
                .unwrap_or_else(|| "null".into()),
        ),
        "status" => (o(&g.status), p.status.as_str().into()),
        "measure" => (o(&g.measure), p.measure.as_str().into()),
        "approx" => (o(&g.approx), p.approx.as_str().into()),
        _ => (o(&g.region), o(&p.region)),
    }
}

/// Scores predictions against gold. `docs` are (stem, raw text) pairs; `facts` are (stem,
/// fact) pairs. Documents are the ones the gold names; predictions for other documents are
/// ignored, as score.py does.
pub fn score(gold: &[GoldFact], docs: &[(String, String)], facts: &[(String, Fact)]) -> EvalReport {
    let texts: BTreeMap<&str, Vec<char>> = docs
        .iter()
        .map(|(s, t)| (s.as_str(), t.chars().collect()))
        .collect();
    let mut by_doc: BTreeMap<&str, Vec<&GoldFact>> = BTreeMap::new();
    for g in gold {
        by_doc.entry(g.doc.as_str()).or_default().push(g);
    }
    let mut report = EvalReport::default();
    let empty: Vec<char> = Vec::new();
    for (doc, golds) in by_doc {
        let text = texts.get(doc).unwrap_or(&empty);
        // Gold positions, in reading order.
        let mut cursor = 0;
        let mut gpos = Vec::with_capacity(golds.len());
        for g in &golds {
            let s: Vec<char> = g.surface.chars().collect();
            let i = find_chars(text, &s, cursor).or_else(|| find_chars(text, &s, 0));
            gpos.push(i.unwrap_or(0));
            if let Some(i) = i {
                cursor = cursor.max(i);
            }
        }
        let preds: Vec<&Fact> = facts
            .iter()
            .filter(|(s, _)| s == doc)
            .map(|(_, f)| f)
            .collect();
        let ppos: Vec<usize> = preds
            .iter()
            .map(|f| {
                let t: Vec<char> = f.text.chars().collect();
                let st = f.start as usize;
                if !t.is_empty() && text.get(st..st + t.len()) == Some(&t[..]) {
                    st
                } else {
                    find_chars(text, &t, 0)
                        .filter(|_| !t.is_empty())
                        .unwrap_or(st)
                }
            })
            .collect();
        let mut used = vec![false; preds.len()];
        let mut dr = DocReport {
            doc: doc.to_string(),
            ..Default::default()
        };
        dr.counts.gold = golds.len();
        dr.counts.pred = preds.len();
        for (gi, g) in golds.iter().enumerate() {
            let mut best: Option<(usize, usize)> = None;
            for (j, p) in preds.iter().enumerate() {
                if used[j] || p.unit.trim() != g.unit.trim() || !same_value(p.value, g.value) {
                    continue;
                }
                let d = ppos[j].abs_diff(gpos[gi]);
                if best.is_none_or(|(bd, _)| d < bd) {
                    best = Some((d, j));
                }
            }
            let Some((_, j)) = best else {
                dr.misses.push(Unmatched {
                    text: g.surface.clone(),
                    value: g.value,
                    unit: g.unit.clone(),
                });
                continue;
            };
            used[j] = true;
            let p = preds[j];
            dr.counts.matched += 1;
            let mut ok_all = true;
            for (ai, name) in ATTRS.iter().enumerate() {
                let (gv, pv) = attr_pair(g, p, name);
                if gv == pv {
                    dr.counts.attr_ok[ai] += 1;
                } else {
                    if ai < 2 {
                        ok_all = false;
                    }
                    dr.disagreements.push((g.surface.clone(), name, gv, pv));
                }
            }
            if ok_all {
                dr.counts.strict += 1;
            }
            let gs = g.subject.as_deref().unwrap_or("");
            let sf = subject_f1(gs, &p.subject);
            dr.counts.subject_sum += sf;
            if sf < 0.5 {
                dr.disagreements.push((
                    g.surface.clone(),
                    "subject",
                    gs.to_string(),
                    p.subject.clone(),
                ));
            }
        }
        for (j, p) in preds.iter().enumerate() {
            if !used[j] {
                dr.extras.push(Unmatched {
                    text: p.text.clone(),
                    value: p.value,
                    unit: p.unit.clone(),
                });
            }
        }
        report.overall.add(&dr.counts);
        report.docs.push(dr);
    }
    report
}

impl EvalReport {
    /// Up to `n` misses, extras and attribute disagreements per document, for driving work.
    pub fn details(&self, n: usize) -> String {
        let mut s = String::new();
        for d in &self.docs {
            s.push_str(&format!("{}:\n", d.doc));
            for m in d.misses.iter().take(n) {
                s.push_str(&format!("   miss  {:?} {} {}\n", m.text, m.value, m.unit));
            }
            for m in d.extras.iter().take(n) {
                s.push_str(&format!("   extra {:?} {} {}\n", m.text, m.value, m.unit));
            }
            for (surface, attr, g, p) in d.disagreements.iter().take(n) {
                s.push_str(&format!("   {attr:<7} {surface:?} gold {g} pred {p}\n"));
            }
        }
        s
    }
}

impl fmt::Display for EvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.docs {
            let c = &d.counts;
            writeln!(
                f,
                "{}: gold {} pred {} matched {} strict {} | F1={:.3} strict_F1={:.3}",
                d.doc,
                c.gold,
                c.pred,
                c.matched,
                c.strict,
                c.f1(),
                c.strict_f1()
            )?;
        }
        let c = &self.overall;
        let acc: Vec<String> = ATTRS
            .iter()
            .map(|a| format!("{a}={:.2}", c.attr_accuracy(a)))
            .collect();
        write!(
            f,
            "P={:.3} R={:.3} F1={:.3} strict_F1={:.3} | {} subject={:.2}",
            c.precision(),
            c.recall(),
            c.f1(),
            c.strict_f1(),
            acc.join(" "),
            c.subject_f1()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_match_within_half_a_percent_same_sign() {
        assert!(same_value(36933335.18, 36933333.0));
        assert!(!same_value(-7.1, 7.1));
        assert!(!same_value(100.0, 101.0));
    }

    #[test]
    fn subject_f1_is_over_character_sets() {
        assert_eq!(subject_f1("新增学位", "新增学位"), 1.0);
        assert_eq!(subject_f1("新增学位", ""), 0.0);
        assert!((subject_f1("ab", "ac") - 0.5).abs() < 1e-9);
    }

    fn fact(text: &str, start: u32, value: f64, unit: &str, year: i16) -> Fact {
        Fact {
            doc_id: "d".into(),
            text: text.into(),
            start,
            end: start + text.chars().count() as u32,
            sentence: String::new(),
            subject: "新增学位".into(),
            sector: "education".into(),
            region: None,
            year: Some(year),
            period: None,
            status: crate::model::Status::Actual,
            measure: crate::model::Measure::Level,
            value,
            unit: unit.into(),
            classifier: None,
            approx: crate::model::Approx::Exact,
            raw_value: String::new(),
            raw_unit: String::new(),
            scale: 0,
            attainment_of: None,
        }
    }

    #[test]
    fn nearest_same_unit_value_wins_and_strict_needs_year_and_status() {
        let raw = "新增学位100个。改造小区100个。";
        let gold: Vec<GoldFact> = [("新增学位100个", 2024), ("改造小区100个", 2024)]
            .iter()
            .map(|(s, y)| GoldFact {
                doc: "d".into(),
                surface: s.to_string(),
                value: 100.0,
                unit: "item".into(),
                classifier: Some("个".into()),
                subject: Some("新增学位".into()),
                region: None,
                year: Some(*y),
                status: Some("actual".into()),
                measure: Some("level".into()),
                approx: Some("exact".into()),
            })
            .collect();
        let facts = vec![
            ("d".to_string(), fact("100个", 4, 100.0, "item", 2024)),
            ("d".to_string(), fact("100个", 13, 100.5, "item", 2023)),
            ("d".to_string(), fact("100个", 13, 100.0, "person", 2024)),
        ];
        let r = score(&gold, &[("d".into(), raw.into())], &facts);
        let c = &r.overall;
        assert_eq!((c.gold, c.pred, c.matched, c.strict), (2, 3, 2, 1));
        assert_eq!(c.attr_accuracy("year"), 0.5);
        assert_eq!(r.docs[0].extras.len(), 1);
        assert!(r.to_string().contains("P=0.667 R=1.000"), "{r}");
    }

    #[test]
    fn parse_errors_name_file_and_line() {
        let err = parse_gold(Path::new("g/x.jsonl"), "\n{\"doc\": 1}\n").unwrap_err();
        let s = err.to_string();
        assert!(s.starts_with("g/x.jsonl:2:"), "{s}");
    }
}
