//! Document-level context for attribution: the year the document reports on, the publication
//! year, every year mention and what kind it is, and the topic year and plan status each
//! paragraph inherits from its headings and the paragraphs it continues.

use super::text::{is_cjk, Layout, Work};
use crate::model::Document;

/// How a year mention relates to the figures after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearKind {
    /// `2023年，…`, `截至2023年底`: the figures are for this year.
    Normal,
    /// `2019年以来`: a stock since then; the figures are for the report year.
    Since,
    /// `相较2017年`, `是2022年的3倍`: a baseline, not the figure's year.
    Baseline,
    /// `2024年毕业的…`: describes a noun.
    Attributive,
}

#[derive(Debug, Clone)]
pub struct YearMention {
    pub start: usize,
    pub end: usize,
    pub year: i16,
    pub kind: YearKind,
    /// At the start of a clause (`2023年，…`, `截至2023年底，…`): sets the topic for what follows.
    pub topic: bool,
}

/// What a paragraph inherits.
#[derive(Debug, Clone, Copy, Default)]
pub struct Inherited {
    /// Topic year carried from the paragraphs a numbered list item continues.
    pub carried: Option<i16>,
    /// Year of the heading section.
    pub section_year: Option<i16>,
    /// The section is a plan list (`2025年十件惠民实事清单`).
    pub plan: bool,
}

#[derive(Debug)]
pub struct DocContext {
    pub report_year: Option<i16>,
    pub pub_year: Option<i16>,
    pub region: Option<crate::model::Region>,
    pub years: Vec<YearMention>,
    pub para: Vec<Inherited>,
}

const PLAN_WORDS: &[&str] = &["清单", "计划", "任务", "安排", "目标"];
/// Words of a heading that reports results (`2023年民生实事完成情况`), not a plan.
const RESULT_WORDS: &[&str] = &[
    "完成", "情况", "成效", "进展", "落实", "回顾", "总结", "成绩",
];

/// List numbering at the start of a paragraph: `一是`, `1.`, `二、`, `（三）`.
pub fn starts_numbered(w: &Work, start: usize) -> bool {
    let c = |k: usize| w.chars.get(start + k).copied().unwrap_or(' ');
    if c(0).is_ascii_digit() {
        let mut k = 0;
        while c(k).is_ascii_digit() {
            k += 1;
        }
        return matches!(c(k), '.' | '、' | ')' | '．');
    }
    if matches!(c(0), '(' | '（') {
        return super::numbers::is_chinese_numeral(c(1)) || c(1).is_ascii_digit();
    }
    if super::numbers::is_chinese_numeral(c(0)) {
        let mut k = 0;
        while super::numbers::is_chinese_numeral(c(k)) {
            k += 1;
        }
        return c(k) == '、' || c(k) == '是';
    }
    false
}

fn year_at(w: &Work, i: usize) -> Option<(usize, i16)> {
    let cs = &w.chars;
    if i + 5 > cs.len() {
        return None;
    }
    if !(cs[i] == '1' || cs[i] == '2') || !cs[i..i + 4].iter().all(|c| c.is_ascii_digit()) {
        return None;
    }
    // Not the second year of a range (`2021-2035年`) nor the tail of a longer number.
    let range =
        i >= 2 && matches!(cs[i - 1], '-' | '—' | '–' | '~' | '至') && cs[i - 2].is_ascii_digit();
    if i > 0 && cs[i - 1].is_ascii_digit() || range {
        return None;
    }
    if cs[i + 4] != '年' {
        return None;
    }
    let y: i16 = cs[i..i + 4].iter().collect::<String>().parse().ok()?;
    (1949..=2100).contains(&y).then_some((i + 5, y))
}

fn clause_start_before(w: &Work, i: usize) -> usize {
    let mut s = i;
    while s > 0
        && !matches!(
            w.chars[s - 1],
            '，' | ',' | '。' | '；' | ';' | ':' | '\n' | '！' | '？'
        )
    {
        s -= 1;
    }
    s
}

/// `2024年毕业的…`: the year describes the noun after 的.
fn attributive(after: &str) -> bool {
    let a: Vec<char> = after.chars().take(4).collect();
    let de = a.iter().position(|c| *c == '的');
    de.is_some_and(|k| {
        k > 0
            && a[..k]
                .iter()
                .all(|c| is_cjk(*c) && !"底末初前中".contains(*c))
    })
}

fn mentions(
    w: &Work,
    layout: &Layout,
    pub_year: Option<i16>,
    report: Option<i16>,
) -> Vec<YearMention> {
    let mut out = Vec::new();
    let now = pub_year.or(report);
    for i in 0..w.len() {
        let (end, year) = if let Some(m) = year_at(w, i) {
            m
        } else if let Some(y) = now {
            if w.at(i, "今年") || w.at(i, "本年") {
                (i + 2, y)
            } else if w.at(i, "去年") && !w.at(i + 2, "同期") {
                (i + 2, y - 1)
            } else if w.at(i, "明年") {
                (i + 2, y + 1)
            } else {
                continue;
            }
        } else {
            continue;
        };
        if layout.quoted[i] {
            continue;
        }
        let before = w.str(i.saturating_sub(2)..i);
        let after = w.str(end..(end + 5).min(w.len()));
        let kind = if after.starts_with("以来") || after.starts_with("来") {
            YearKind::Since
        } else if before.ends_with('较')
            || before.ends_with("相比")
            || before.ends_with('比')
            || before.ends_with('是')
            || after.starts_with("的") && after.chars().nth(1).is_some_and(|c| c.is_ascii_digit())
        {
            YearKind::Baseline
        } else if attributive(after) {
            YearKind::Attributive
        } else {
            YearKind::Normal
        };
        let cs = clause_start_before(w, i);
        let lead = w.str(cs..i);
        let topic = kind == YearKind::Normal
            && (lead.is_empty()
                || ["在", "于", "截至", "截止", "到", "自", "从", "至"].contains(&lead)
                || super::context::starts_numbered(w, cs) && lead.chars().count() <= 3);
        out.push(YearMention {
            start: i,
            end,
            year,
            kind,
            topic,
        });
    }
    out
}

/// The year most year mentions name: what the document reports on, when ingest does not say.
fn mode_year(w: &Work, layout: &Layout) -> Option<i16> {
    mode_counts(w, layout)
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(y, _)| y)
}

/// How often each year is named as the time of something (not a start or a baseline).
fn mode_counts(w: &Work, layout: &Layout) -> std::collections::BTreeMap<i16, usize> {
    let mut counts: std::collections::BTreeMap<i16, usize> = Default::default();
    for i in 0..w.len() {
        if layout.quoted[i] || layout.furniture[layout.para_of[i]] {
            continue;
        }
        if let Some((e, y)) = year_at(w, i) {
            // `2018年以来`, `比2020年`: a start or a baseline, not what is reported on.
            let since = w.at(e, "以来") || w.at(e, "来");
            let baseline = i > 0 && matches!(w.chars[i - 1], '比' | '较' | '自' | '从');
            if !since && !baseline {
                *counts.entry(y).or_default() += 1;
            }
        }
    }
    counts
}

/// The latest date written in the text (`2025-01-03`, `2023年12月22日`): the publication year
/// when ingest does not give one.
fn latest_date_year(w: &Work) -> Option<i16> {
    let mut best: Option<i16> = None;
    for i in 0..w.len() {
        let cs = &w.chars;
        if i + 10 <= cs.len()
            && cs[i..i + 4].iter().all(|c| c.is_ascii_digit())
            && cs[i + 4] == '-'
            && cs[i + 7] == '-'
        {
            if let Ok(y) = cs[i..i + 4].iter().collect::<String>().parse::<i16>() {
                best = best.max(Some(y));
            }
        }
        if let Some((e, y)) = year_at(w, i) {
            // `2023年12月22日`
            let mut k = e;
            while k < cs.len() && cs[k].is_ascii_digit() {
                k += 1;
            }
            if k > e && cs.get(k) == Some(&'月') {
                let mut d = k + 1;
                while d < cs.len() && cs[d].is_ascii_digit() {
                    d += 1;
                }
                if d > k + 1 && matches!(cs.get(d), Some('日') | Some('号')) {
                    best = best.max(Some(y));
                }
            }
        }
    }
    best
}

/// The year after the report year when the text plans for it (`2024年，我们将…`): a review
/// that also plans is written in that year.
fn plan_year(w: &Work, layout: &Layout, report: Option<i16>) -> Option<i16> {
    let r = report?;
    // A text that says 明年 is written in its report year, whatever it plans.
    if (0..w.len()).any(|i| w.at(i, "明年")) {
        return None;
    }
    (0..w.len())
        .filter(|&i| !layout.quoted[i])
        .filter_map(|i| year_at(w, i))
        .filter(|&(_, y)| y == r + 1)
        .find(|&(e, _)| {
            let clause = super::text::clause_of(w, e.min(w.len().saturating_sub(1)));
            let after = w.str(e..clause.end.max(e));
            let next = super::text::clause_of(w, (clause.end + 1).min(w.len().saturating_sub(1)));
            let after_next = w.str(next.start..next.end);
            ["将", "计划", "力争", "预计", "争取", "目标"]
                .iter()
                .any(|k| after.contains(k) || after.is_empty() && after_next.contains(k))
        })
        .map(|(_, y)| y)
}

impl DocContext {
    pub fn new(doc: &Document, w: &Work, layout: &Layout) -> DocContext {
        // Ingest's year, unless the text names it only as a start or a baseline
        // (`自2018年以来`) and it is not the publication year either.
        let named = |y: i16| {
            mode_counts(w, layout).contains_key(&y)
                || doc.published.is_some_and(|d| d.year as i16 == y)
        };
        let report_year = doc
            .doc_year
            .filter(|y| named(*y))
            .or_else(|| mode_year(w, layout));
        let pub_year = doc.published.map(|d| d.year as i16).or_else(|| {
            // A text that says 去年 but never 今年 looks back on the year it reports on from
            // the next one (an annual review published early the year after).
            let text: String = w.chars.iter().collect();
            let looks_back = text.contains("去年") && !text.contains("今年");
            let guess = report_year.map(|y| if looks_back { y + 1 } else { y });
            latest_date_year(w)
                .max(guess)
                .max(plan_year(w, layout, report_year))
        });
        let years = mentions(w, layout, pub_year, report_year);
        let para = inherit(w, layout, &years, report_year);
        DocContext {
            report_year,
            pub_year,
            region: doc.region.clone(),
            years,
            para,
        }
    }

    /// The last topic year set in paragraph `p` before position `before`.
    pub fn topic_in_paragraph(&self, layout: &Layout, p: usize, before: usize) -> Option<i16> {
        let r = &layout.paragraphs[p];
        let lo = self.years.partition_point(|m| m.start < r.start);
        let hi = self.years.partition_point(|m| m.start < before);
        self.years[lo..hi.max(lo)]
            .iter()
            .rfind(|m| m.topic)
            .map(|m| m.year)
    }

    /// Year mentions starting in `[from, to)`.
    pub fn years_in(&self, from: usize, to: usize) -> &[YearMention] {
        let lo = self.years.partition_point(|m| m.start < from);
        let hi = self.years.partition_point(|m| m.start < to);
        &self.years[lo..hi.max(lo)]
    }
}

fn inherit(
    w: &Work,
    layout: &Layout,
    years: &[YearMention],
    report: Option<i16>,
) -> Vec<Inherited> {
    let mut out = Vec::with_capacity(layout.paragraphs.len());
    let mut section_year: Option<i16> = None;
    let mut plan = false;
    let mut last_topic: Option<i16> = None;
    for (p, r) in layout.paragraphs.iter().enumerate() {
        if layout.furniture[p] {
            out.push(Inherited::default());
            continue;
        }
        let numbered = starts_numbered(w, r.start);
        let lo = years.partition_point(|m| m.start < r.start);
        let hi = years.partition_point(|m| m.start < r.end);
        let in_para = &years[lo..hi.max(lo)];
        let first_year = in_para
            .iter()
            .find(|m| m.kind == YearKind::Normal)
            .map(|m| m.year);
        if layout.heading[p] {
            let text = w.str(r.clone());
            if let Some(y) = first_year {
                section_year = Some(y);
                plan = PLAN_WORDS.iter().any(|k| text.contains(k))
                    && !RESULT_WORDS.iter().any(|k| text.contains(k))
                    && report.is_none_or(|ry| y >= ry);
            } else if !numbered {
                section_year = None;
                plan = false;
            }
            out.push(Inherited {
                carried: None,
                section_year,
                plan,
            });
            last_topic = None;
            continue;
        }
        let carried = if numbered { last_topic } else { None };
        out.push(Inherited {
            carried,
            section_year,
            plan,
        });
        let own = in_para.iter().rfind(|m| m.topic).map(|m| m.year);
        last_topic = own.or(carried);
    }
    out
}
