//! Tables (rows of tab-separated cells, as ingest leaves HTML tables): a bare number in a cell
//! takes the unit its column header gives in brackets, and the header is its subject.

use super::numbers::Reading;
use super::text::{Layout, Work};
use super::units::Resolved;
use crate::catalog::units::UnitKind;

/// The status a table column's header gives its cells: `计划`, `目标`, `任务` columns hold
/// plans, `完成`, `实际` columns results (`完成率` and the like are neither).
pub fn header_status(w: &Work, layout: &Layout, pos: usize) -> Option<crate::model::Status> {
    use crate::model::Status;
    let head = table_header(w, layout, pos)?;
    if head.contains('率') || head.contains("比例") {
        return None;
    }
    let plan = ["计划", "目标", "任务", "预计", "预算"]
        .iter()
        .any(|k| head.contains(k));
    let done = ["完成", "实际", "实绩", "已"]
        .iter()
        .any(|k| head.contains(k));
    match (plan, done) {
        (true, false) => Some(Status::Target),
        (false, true) => Some(Status::Actual),
        _ => None,
    }
}

/// A table cell holding only a number takes the unit its column header gives in brackets
/// (`新增学位（个）`, `投资(万元)`).
pub fn header_unit(w: &Work, layout: &Layout, readings: &[Reading]) -> Option<(Reading, Resolved)> {
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

/// Headers of a first column that lists places.
const PLACE_HEADERS: &[&str] = &[
    "地区", "区域", "县", "市州", "城市", "地方", "乡镇", "街道", "单位",
];

/// The subject of a figure in a table row: its column header without the bracketed unit
/// (`新建学校（所）` → `新建学校`).
///
/// The row's label (its first cell) leads when it names a thing rather than a place
/// (`新建停车场` | `完成数量（个）` → `新建停车场完成数量`).
pub fn table_subject(
    w: &Work,
    layout: &Layout,
    pos: usize,
    region: Option<&crate::model::Region>,
) -> Option<String> {
    let h = table_header(w, layout, pos)?;
    let h = match h.find(['(', '（']) {
        Some(b) if b > 0 => h[..b].to_string(),
        _ => h,
    };
    let row = layout.paragraph_of(pos);
    let first_end = (row.start..row.end).find(|&i| w.chars[i] == '\t')?;
    if pos < first_end {
        return Some(h);
    }
    let label = w.str(row.start..first_end).trim().to_string();
    let label_header = table_header(w, layout, row.start).unwrap_or_default();
    let is_place = !crate::ingest::region::places_in(&label, region).is_empty()
        || PLACE_HEADERS.iter().any(|k| label_header.contains(k));
    if label.is_empty() || is_place || label.chars().any(|c| c.is_ascii_digit()) {
        Some(h)
    } else {
        Some(format!("{label}{h}"))
    }
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
        let h = w.str(head.clone()).trim().to_string();
        return (!h.is_empty()).then_some(h);
    }
    None
}
