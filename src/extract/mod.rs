//! Stage 2, extract: one [`Document`] → its [`Fact`]s. Pure.
//!
//! Reads the document's clean text (see [`text::Work`]), finds every number with a unit or
//! measure word ([`numbers`], [`units`], [`qualifiers`]), drops what the guide says is not a fact
//! ([`exclusions`]), and attributes each figure: subject, year, period, status, measure, region
//! and sector ([`context`], [`year`], [`status`], [`attribution`], [`subject`], [`table`]).
//! Offsets in the facts are raw code-point offsets, found through `Document::map`.

pub mod attribution;
pub mod context;
pub mod exclusions;
pub mod numbers;
pub mod qualifiers;
pub mod status;
pub mod subject;
pub mod table;
pub mod text;
pub mod units;
pub mod year;

use crate::catalog::sectors::Sectors;
use crate::catalog::units::UnitKind;
use crate::model::{Approx, DocStatus, Document, Fact};
use context::DocContext;
use numbers::Reading;
use text::{clause_of, Layout, Work};
use units::Resolved;

/// A number with its unit, before attribution.
#[derive(Debug, Clone)]
struct Candidate {
    /// Where the written figure starts (`百分之` included).
    start: usize,
    reading: Reading,
    unit: Resolved,
    /// A qualifier written before the number.
    prefix: Option<Approx>,
    /// A qualifier after the unit, and where it ends.
    suffix: Option<(Approx, usize)>,
}

impl Candidate {
    fn end(&self) -> usize {
        self.unit.end.max(self.reading.end)
    }
}

/// Finds every fact in one ingested document.
pub fn extract(doc: &Document) -> Vec<Fact> {
    if doc.status != DocStatus::Ok
        || doc.clean.is_empty()
        || doc.map.len() != doc.clean.chars().count()
    {
        return Vec::new();
    }
    let w = Work::new(&doc.clean);
    let layout = Layout::new(&w);
    let ctx = DocContext::new(doc, &w, &layout);
    let cands = find(&w, &layout);
    attribute(doc, &w, &layout, &ctx, &cands)
}

fn is_number_start(w: &Work, i: usize) -> bool {
    let c = w.chars[i];
    let prev = if i > 0 { Some(w.chars[i - 1]) } else { None };
    if c.is_ascii_digit() {
        let comma_in_number = prev == Some(',') && i >= 2 && w.chars[i - 2].is_ascii_digit();
        return !prev.is_some_and(|p| p.is_ascii_digit() || p == '.') && !comma_in_number;
    }
    numbers::is_chinese_numeral(c) && !prev.is_some_and(numbers::is_chinese_numeral)
}

fn readings_at(w: &Work, i: usize) -> Vec<Reading> {
    if w.chars[i].is_ascii_digit() {
        numbers::arabic(&w.chars, i)
    } else {
        numbers::chinese(&w.chars, i)
    }
}

/// Numbers with units, exclusions applied, in text order.
fn find(w: &Work, layout: &Layout) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    let mut i = 0;
    while i < w.len() {
        // `百分之三十`
        let percent_words = w.at(i, "百分之")
            && w.chars
                .get(i + 3)
                .is_some_and(|c| c.is_ascii_digit() || numbers::is_chinese_numeral(*c));
        let num_at = if percent_words { i + 3 } else { i };
        if !percent_words && !is_number_start(w, i) {
            i += 1;
            continue;
        }
        let readings = readings_at(w, num_at);
        let Some(max_end) = readings.iter().map(|r| r.end).max() else {
            i += 1;
            continue;
        };
        let mut chosen: Option<(Reading, Resolved)> = None;
        if percent_words {
            if let Some(r) = readings.first() {
                let u = Resolved {
                    unit: "percent".into(),
                    classifier: None,
                    factor: 1.0,
                    kind: UnitKind::Unit,
                    start: i,
                    end: r.end,
                    more_than: false,
                };
                chosen = Some((r.clone(), u));
            }
        } else {
            for r in &readings {
                if let Some(u) = units::resolve(w, r) {
                    chosen = Some((r.clone(), u));
                    break;
                }
            }
        }
        if chosen.is_none() {
            chosen = borrowed_unit(w, &readings);
        }
        if chosen.is_none() {
            chosen = table::header_unit(w, layout, &readings);
        }
        let Some((r, u)) = chosen else {
            i = max_end.max(i + 1);
            continue;
        };
        let start = if percent_words { i } else { r.start };
        if let Some(_why) = exclusions::excluded(w, layout, &r, &u) {
            i = u.end.max(r.end).max(i + 1);
            continue;
        }
        let mut prefix = qualifiers::before(w, start).map(|(a, _)| a);
        if prefix.is_none() && start > 0 && matches!(w.chars[start - 1], '、' | '和') {
            // `分别突破了1亿吨、1.4亿吨`: the qualifier governs the whole list.
            if let Some(p) = out.last() {
                if p.end() + 1 == start || p.suffix.is_some_and(|(_, e)| e + 1 == start) {
                    prefix = p.prefix;
                }
            }
        }
        let suffix = qualifiers::after(w, u.end.max(r.end));
        let end = u.end.max(r.end);
        out.push(Candidate {
            start,
            reading: r,
            unit: u,
            prefix,
            suffix,
        });
        i = end.max(i + 1);
    }
    out
}

/// `9.8和7.1个百分点`: a bare number followed by 和/、 and a number with a unit shares it.
fn borrowed_unit(w: &Work, readings: &[Reading]) -> Option<(Reading, Resolved)> {
    let r = readings.iter().find(|r| r.scale == 0 && !r.chinese)?;
    let e = r.end;
    if !matches!(
        w.chars.get(e),
        Some('和') | Some('、') | Some('与') | Some('及')
    ) {
        return None;
    }
    if !w.chars.get(e + 1).is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    let next = numbers::arabic(&w.chars, e + 1);
    let (_, u) = next
        .iter()
        .find_map(|n| units::resolve(w, n).map(|u| (n.clone(), u)))?;
    if !matches!(u.kind, UnitKind::Unit | UnitKind::Classifier) {
        return None;
    }
    Some((
        r.clone(),
        Resolved {
            start: r.end,
            end: r.end,
            more_than: false,
            ..u
        },
    ))
}

/// The raw offsets and text behind the working-text range `[start, end)`. `raw_chars` is the
/// document's raw text as characters (`Document::raw_span` walks the string every call).
fn raw(
    doc: &Document,
    raw_chars: &[char],
    w: &Work,
    start: usize,
    end: usize,
) -> (usize, usize, String) {
    if end <= start {
        return (0, 0, String::new());
    }
    let cs = w.clean_idx[start];
    let ce = w.clean_idx[end - 1] + 1;
    let (s, e) = doc.raw_range(cs, ce);
    let e = e.min(raw_chars.len());
    let s = s.min(e);
    (s, e, raw_chars[s..e].iter().collect())
}

fn attribute(
    doc: &Document,
    w: &Work,
    layout: &Layout,
    ctx: &DocContext,
    cands: &[Candidate],
) -> Vec<Fact> {
    let sectors = Sectors::builtin();
    let raw_chars: Vec<char> = doc.raw.chars().collect();
    let mut sent_scores: (Option<usize>, Vec<usize>) = (None, Vec::new());
    let mut facts: Vec<Fact> = Vec::new();
    // Per candidate: (raw start, unit, subject, sentence index), for look-backs.
    let mut done: Vec<(u32, String, String, usize, usize)> = Vec::new();
    // Index in `done` of the first figure of the current sentence.
    let mut sent_begin = 0;
    for (k, c) in cands.iter().enumerate() {
        let pos = c.start;
        let sent = layout.sentence_of(pos);
        let si = layout.sent_of[pos];
        if done.last().is_some_and(|d| d.3 != si) {
            sent_begin = done.len();
        }
        let clause = clause_of(w, pos);
        let sentence_before = w.str(sent.start..pos);
        let clause_before = w.str(clause.start..pos);
        let after = w.str(c.end()..clause.end.max(c.end()));
        let mut unit = c.unit.clone();
        units::contextual(&mut unit, w, sentence_before, clause_before, after);
        // `其中城镇居民37781.4元`, `月人均1031元和749元`: a plain amount in a sentence whose
        // previous amount is a per-person rate is one too.
        if unit.unit == "CNY" {
            if let Some(prev) = done[sent_begin..]
                .iter()
                .rev()
                .find(|d| d.3 == si && d.1.starts_with("CNY"))
            {
                let own = w.str(clause.start.max(prev.4)..pos);
                if prev.1.starts_with("CNY/")
                    && !["资金", "金", "费", "额", "投入", "补贴", "贷款", "总"]
                        .iter()
                        .any(|m| own.contains(m))
                {
                    unit.unit = prev.1.clone();
                }
            }
        }
        let end = unit.end.max(c.reading.end);
        let (rs, re, text) = raw(doc, &raw_chars, w, c.start, end);
        let raw_value = raw(doc, &raw_chars, w, c.reading.start, c.reading.end).2;
        let raw_unit = if unit.start < c.reading.start {
            // `百分之三十`: the unit is written before the number.
            raw(doc, &raw_chars, w, unit.start, c.reading.start).2
        } else if unit.end > unit.start {
            raw(doc, &raw_chars, w, unit.start, unit.end).2
        } else {
            String::new()
        };

        let approx = c
            .prefix
            .or((c.reading.more_than || unit.more_than).then_some(Approx::MoreThan))
            .or(c.suffix.map(|(a, _)| a))
            .unwrap_or(Approx::Exact);

        let (mut year, year_by_default) = year::year(ctx, w, layout, pos);
        let baseline = status::is_baseline(w, layout, pos, end);
        let attainment = status::is_attainment(clause_before, &unit.unit);
        let status = match table::header_status(w, layout, pos) {
            Some(by_column) if !baseline && !attainment => by_column,
            _ => status::status(ctx, w, layout, pos, end, year, baseline, attainment),
        };
        // A plan that names no year, in a document written after the year it reports on, is
        // for the year it is written in (`每年计划为…6000名新生儿提供服务`).
        if status == crate::model::Status::Target && year_by_default {
            if let (Some(p), Some(r)) = (ctx.pub_year, ctx.report_year) {
                if p > r {
                    year = Some(p);
                }
            }
        }
        let in_clause = cands[..k]
            .iter()
            .rev()
            .take_while(|p| p.start >= clause.start)
            .count();
        let (measure, sign) = if baseline {
            (crate::model::Measure::Level, 1.0)
        } else {
            attribution::measure(sentence_before, clause_before, &unit.unit, in_clause)
        };

        // Subject: from the last list separator or previous figure in the clause.
        let prev_end = cands[..k]
            .last()
            .filter(|p| p.start >= clause.start)
            .map(|p| p.suffix.map(|(_, e)| e).unwrap_or(p.end()))
            .unwrap_or(clause.start);
        let mut list_start = clause.start.max(prev_end.min(pos));
        // `县道1810公里、乡道4054公里`: after a figure, 、 starts the next item's words;
        // before any (`新建、改扩建中小学校12所`) it joins the words of one subject.
        if list_start > clause.start {
            if let Some(j) = (list_start..pos)
                .rev()
                .find(|&j| w.chars[j] == '、' && !layout.quoted[j])
            {
                list_start = j + 1;
            }
        }
        let after_end = c.suffix.map(|(_, e)| e).unwrap_or(end);
        let region_ctx = ctx.region.as_ref();
        let mut subj = subject::subject(
            w,
            region_ctx,
            &layout.quoted,
            list_start,
            c.start,
            after_end,
            clause.end,
        );
        if subj.is_empty() {
            // `分别达到13.54万人、13.81万人`: a list member shares the subject before it.
            if let Some(p) = done[sent_begin..]
                .iter()
                .rev()
                .find(|d| d.3 == si && d.4 >= clause.start)
            {
                subj = p.2.clone();
            }
        }
        if subj.is_empty() {
            subj = subject::subject(
                w,
                region_ctx,
                &layout.quoted,
                clause.start,
                c.start,
                after_end,
                clause.end,
            );
        }
        if subj.is_empty() && clause.start > sent.start {
            // `(约2500余人)`: the clause before says who.
            let prev = clause_of(w, clause.start.saturating_sub(2));
            subj = subject::subject(
                w,
                region_ctx,
                &layout.quoted,
                prev.start,
                prev.end,
                prev.end,
                prev.end,
            );
        }
        // `惠及58个乡镇120个村`: the words between two figures are the first one's noun; the
        // second shares the first one's verb (`惠及乡镇` → `惠及村`).
        if let Some(p) = done[sent_begin..]
            .iter()
            .rev()
            .find(|d| d.4 >= clause.start && d.4 <= pos)
        {
            let between = w.str(p.4..pos);
            if !between.is_empty()
                && p.2.ends_with(&between)
                && subj.starts_with(between)
                && p.2 != between
            {
                let verb = &p.2[..p.2.len() - between.len()];
                subj = format!("{verb}{}", &subj[between.len()..]);
            }
        }
        // A table cell: its column's header, with the row's label.
        if let Some(h) = table::table_subject(w, layout, pos, ctx.region.as_ref()) {
            subj = h;
        }
        // `同比增长6.2%`, `占比83%`: name what the figure relates to.
        if subject::RELATIONAL.contains(&subj.as_str())
            || attribution::VERBS.contains(&subj.as_str())
        {
            if let Some(p) = done[sent_begin..].iter().rev().find(|d| {
                d.3 == si
                    && !d.2.is_empty()
                    && !subject::RELATIONAL.iter().any(|r| d.2.ends_with(r))
            }) {
                subj = format!("{}{}", p.2, subj);
            }
        }
        let attainment_of = if attainment {
            done[sent_begin..]
                .iter()
                .rev()
                .find(|d| d.3 == si && d.1 != "percent")
                .map(|d| d.0)
        } else {
            None
        };
        let sentence = w.str(sent.clone()).trim().to_string();
        if sent_scores.0 != Some(si) {
            sent_scores = (Some(si), sectors.scores(&sentence));
        }
        let sector = sectors
            .best(&sectors.scores(&subj), &sent_scores.1)
            .to_string();
        let region = attribution::region(ctx, w, layout, pos);
        let period = year::period(w, layout, pos);
        // `增长-3.2%`: a minus sign (a dash not between two numbers; those are ranges).
        let minus = pos > 0
            && matches!(w.chars[pos - 1], '-' | '−' | '－')
            && !(pos >= 2
                && (w.chars[pos - 2].is_ascii_digit() || w.chars[pos - 2].is_ascii_alphabetic()));
        let value = c.reading.value * unit.factor * sign * if minus { -1.0 } else { 1.0 };
        let classifier = if unit.unit.starts_with("item") {
            unit.classifier.clone()
        } else {
            None
        };
        done.push((rs as u32, unit.unit.clone(), subj.clone(), si, end));
        facts.push(Fact {
            doc_id: doc.doc_id.clone(),
            text,
            start: rs as u32,
            end: re as u32,
            sentence,
            subject: subj,
            sector,
            region,
            year,
            period,
            status,
            measure,
            value,
            unit: unit.unit,
            classifier,
            approx,
            raw_value,
            raw_unit,
            scale: c.reading.scale,
            attainment_of,
        });
    }
    facts
}
