//! The year and period a figure is for: the year named in its sentence, the topic year of its
//! paragraph or of the list it continues, its section heading's year, else the report year;
//! stocks as of now (`截至目前`, `…以来`) are for the report year.

use super::context::{DocContext, YearKind};
use super::text::{Layout, Work};

/// Words after which the figures are for the report year: a stock as of now.
const NOW: &[&str] = &["截至目前", "截止目前", "目前", "当前", "至今", "现有"];

/// The year a figure at `pos` is for, and whether nothing but the report year said so (the
/// caller moves a plan with no year of its own to the year the document is written in).
pub fn year(ctx: &DocContext, w: &Work, layout: &Layout, pos: usize) -> (Option<i16>, bool) {
    match stated_year(ctx, w, layout, pos) {
        Some(y) => (y, false),
        None => (ctx.report_year, true),
    }
}

/// The year stated for the figure at `pos`, if anything states one (`Some(None)`: a stock as
/// of a report year that is unknown).
fn stated_year(ctx: &DocContext, w: &Work, layout: &Layout, pos: usize) -> Option<Option<i16>> {
    let sent = layout.sentence_of(pos);
    // The nearest year mention or "now" word before the number in its sentence.
    let mention = ctx
        .years_in(sent.start, pos)
        .iter()
        .rfind(|m| m.end <= pos && !matches!(m.kind, YearKind::Baseline | YearKind::Attributive));
    let now = (sent.start..pos)
        .rev()
        .find(|&i| NOW.iter().any(|k| w.at(i, k)));
    match (mention, now) {
        (Some(m), Some(n)) if n > m.start => return Some(ctx.report_year),
        (Some(m), _) => {
            return Some(if m.kind == YearKind::Since {
                ctx.report_year
            } else {
                Some(m.year)
            })
        }
        (None, Some(_)) => return Some(ctx.report_year),
        (None, None) => {}
    }
    let p = layout.para_of[pos];
    if let Some(y) = ctx.topic_in_paragraph(layout, p, sent.start) {
        return Some(Some(y));
    }
    let inh = ctx.para[p];
    inh.carried.or(inh.section_year).map(Some)
}

/// A part of the year stated before the number in its sentence (`1-11月`, `前三季度`).
pub fn period(w: &Work, layout: &Layout, pos: usize) -> Option<String> {
    let sent = layout.sentence_of(pos);
    let text = &w.chars[sent.start..pos];
    let s = w.str(sent.start..pos);
    for k in ["上半年", "下半年", "前三季度", "前两季度", "一季度", "全年"] {
        if s.contains(k) {
            return Some(k.to_string());
        }
    }
    // `1月至11月`
    if let Some(k) = s.rfind("月至") {
        let head: Vec<char> = s[..k].chars().collect();
        let mut j = head.len();
        while j > 0 && head[j - 1].is_ascii_digit() {
            j -= 1;
        }
        let from: String = head[j..].iter().collect();
        let tail: String = s[k + "月至".len()..]
            .chars()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        if !from.is_empty()
            && !tail.is_empty()
            && s[k + "月至".len() + tail.len()..].starts_with('月')
        {
            return Some(format!("{from}-{tail}月"));
        }
    }
    // `1-11月`, `1-3季度`
    let mut i = text.len();
    while i > 0 {
        i -= 1;
        if text[i] == '月' || text[i] == '季' {
            let mut j = i;
            while j > 0 && (text[j - 1].is_ascii_digit() || text[j - 1] == '-') {
                j -= 1;
            }
            let span: String = text[j..i].iter().collect();
            if span.contains('-') && span.chars().next().is_some_and(|c| c.is_ascii_digit()) {
                let unit = if text[i] == '季' { "季度" } else { "月" };
                return Some(format!("{span}{unit}"));
            }
        }
    }
    None
}
