//! Stage 2, extract: one [`Document`] → its [`Fact`]s. Pure.
//!
//! Reads the document's clean text (see [`text::Work`]), finds every number with a unit or
//! measure word ([`numbers`], [`units`], [`qualifiers`]), drops what the guide says is not a fact
//! ([`exclusions`]), and attributes each figure: subject, year, period, status, measure, region
//! and sector ([`context`], [`attribution`], [`subject`]). Offsets in the facts are raw
//! code-point offsets, found through `Document::map`.

pub mod attribution;
pub mod context;
pub mod exclusions;
pub mod numbers;
pub mod qualifiers;
pub mod subject;
pub mod text;
pub mod units;

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
            chosen = header_unit(w, layout, &readings);
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
        let sentence_before = w.slice(sent.start..pos);
        let clause_before = w.slice(clause.start..pos);
        let after = w.slice(c.end()..clause.end.max(c.end()));
        let mut unit = c.unit.clone();
        units::contextual(&mut unit, w, &sentence_before, &clause_before, &after);
        // `其中城镇居民37781.4元`, `月人均1031元和749元`: a plain amount in a sentence whose
        // previous amount is a per-person rate is one too.
        if unit.unit == "CNY" {
            if let Some(prev) = done[sent_begin..]
                .iter()
                .rev()
                .find(|d| d.3 == si && d.1.starts_with("CNY"))
            {
                let own = w.slice(clause.start.max(prev.4)..pos);
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
        let raw_value = raw(doc, &raw_chars, w, c.start, c.reading.end).2;
        let raw_unit = if unit.end > unit.start {
            raw(doc, &raw_chars, w, unit.start, unit.end).2
        } else {
            String::new()
        };

        let approx = c
            .prefix
            .or((c.reading.more_than || unit.more_than).then_some(Approx::MoreThan))
            .or(c.suffix.map(|(a, _)| a))
            .unwrap_or(Approx::Exact);

        let year = attribution::year(ctx, w, layout, pos);
        let baseline = attribution::is_baseline(w, layout, pos, end);
        let attainment = attribution::is_attainment(&clause_before, &unit.unit);
        let status = attribution::status(ctx, w, layout, pos, end, year, baseline, attainment);
        let in_clause = cands[..k]
            .iter()
            .rev()
            .take_while(|p| p.start >= clause.start)
            .count();
        let (measure, sign) = if baseline {
            (crate::model::Measure::Level, 1.0)
        } else {
            attribution::measure(&sentence_before, &clause_before, &unit.unit, in_clause)
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
        // A table cell: its column's header, with the row's label.
        if let Some(h) = table_subject(w, layout, pos) {
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
        let sentence = w.slice(sent.clone()).trim().to_string();
        if sent_scores.0 != Some(si) {
            sent_scores = (Some(si), sectors.scores(&sentence));
        }
        let sector = sectors
            .best(&sectors.scores(&subj), &sent_scores.1)
            .to_string();
        let region = attribution::region(ctx, w, layout, pos);
        let period = attribution::period(w, layout, pos);
        let value = c.reading.value * unit.factor * sign;
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

/// A table cell holding only a number takes the unit its column header gives in brackets
/// (`新增学位（个）`, `投资(万元)`).
fn header_unit(w: &Work, layout: &Layout, readings: &[Reading]) -> Option<(Reading, Resolved)> {
    let r = readings.iter().find(|r| r.scale == 0 && !r.chinese)?;
    let cell_start = r.start == 0 || w.chars[r.start - 1] == '\t' || w.chars[r.start - 1] == '\n';
    let cell_end = w.chars.get(r.end).is_none_or(|c| *c == '\t' || *c == '\n');
    if !(cell_start && cell_end) {
        return None;
    }
    let head = table_header(w, layout, r.start)?;
    let hs: Vec<char> = head.chars().collect();
    let open = hs.iter().rposition(|c| *c == '(' || *c == '（')?;
    let close = hs.iter().rposition(|c| *c == ')' || *c == '）')?;
    if close <= open + 1 {
        return None;
    }
    let mut inner: Vec<char> = hs[open + 1..close].to_vec();
    let mut factor = 1.0;
    let mut scale = 0;
    for (m, f, sc) in [('亿', 1e8, 8), ('万', 1e4, 4), ('千', 1e3, 3)] {
        if inner.len() > 1
            && inner[0] == m
            && crate::catalog::units::Units::builtin()
                .match_at(&inner, 1)
                .is_some()
        {
            inner.remove(0);
            factor = f;
            scale = sc;
            break;
        }
    }
    let m = crate::catalog::units::Units::builtin().match_at(&inner, 0)?;
    if m.len != inner.len() || !matches!(m.entry.kind, UnitKind::Unit | UnitKind::Classifier) {
        return None;
    }
    let reading = Reading {
        value: r.value * factor,
        scale,
        ..r.clone()
    };
    let unit = Resolved {
        unit: m.unit().to_string(),
        classifier: m.classifier().map(str::to_string),
        factor: m.entry.factor,
        kind: m.entry.kind,
        start: r.end,
        end: r.end,
        more_than: false,
    };
    Some((reading, unit))
}

/// The subject of a figure in a table row: its column header without the bracketed unit
/// (`新建学校（所）` → `新建学校`).
fn table_subject(w: &Work, layout: &Layout, pos: usize) -> Option<String> {
    let h = table_header(w, layout, pos)?;
    let h = match h.find(['(', '（']) {
        Some(b) if b > 0 => h[..b].to_string(),
        _ => h,
    };
    Some(h)
}

/// For a figure in a table row (cells separated by tabs): the header of its column, from the
/// nearest row above with the same number of cells and no digits in that cell.
fn table_header(w: &Work, layout: &Layout, pos: usize) -> Option<String> {
    let p = layout.para_of[pos];
    let row = &layout.paragraphs[p];
    let cells = |r: &std::ops::Range<usize>| -> Vec<std::ops::Range<usize>> {
        let mut out = Vec::new();
        let mut s = r.start;
        for i in r.clone() {
            if w.chars[i] == '\t' {
                out.push(s..i);
                s = i + 1;
            }
        }
        out.push(s..r.end);
        out
    };
    let mine = cells(row);
    if mine.len() < 2 {
        return None;
    }
    let col = mine.iter().position(|c| c.contains(&pos))?;
    for q in (p.saturating_sub(30)..p).rev() {
        let r = &layout.paragraphs[q];
        let theirs = cells(r);
        if theirs.len() != mine.len() {
            if theirs.len() < 2 {
                return None;
            }
            continue;
        }
        let head = &theirs[col];
        if w.chars[head.clone()].iter().any(|c| c.is_ascii_digit()) {
            continue;
        }
        let h = w.slice(head.clone()).trim().to_string();
        return (!h.is_empty()).then_some(h);
    }
    None
}
