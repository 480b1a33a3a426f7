//! Attribution: a level or a change against a baseline (signed), and the place a figure is
//! about. Year and period: [`super::year`]; status: [`super::status`].

use super::context::DocContext;
use super::text::{Layout, Work};
use crate::model::Measure;

const UP: &[&str] = &[
    "增长", "增加", "提高", "提升", "上升", "上调", "增速", "增幅", "涨幅", "攀升",
];
const DOWN: &[&str] = &["下降", "减少", "降低", "下调", "回落", "降幅", "下滑"];
const BASELINE: &[&str] = &[
    "同比",
    "比上年",
    "比去年",
    "较上年",
    "较去年",
    "环比",
    "相较",
    "相比",
    "较20",
    "比20",
    "较同期",
    "比同期",
];

/// Level or change, and the sign of a change. `clause_before` is the text from the start of
/// the number's clause to the number; `index_in_clause` counts the numbers before it there
/// (for `分别增减了9.8和7.1个百分点`).
pub fn measure(
    sentence_before: &str,
    clause_before: &str,
    unit: &str,
    index_in_clause: usize,
) -> (Measure, f64) {
    if let Some(i) = clause_before.rfind("增减") {
        let _ = i;
        return (
            Measure::Change,
            if index_in_clause % 2 == 1 { -1.0 } else { 1.0 },
        );
    }
    // The last change word in the clause, unless 至/到/达 comes after it (`下降至2%`).
    let mut best: Option<(usize, f64, &str)> = None;
    for (words, sign) in [(UP, 1.0), (DOWN, -1.0)] {
        for k in words {
            if let Some(i) = clause_before.rfind(k) {
                if best.is_none_or(|(b, _, _)| i > b) {
                    best = Some((i, sign, k));
                }
            }
        }
    }
    let Some((i, sign, k)) = best else {
        return (Measure::Level, 1.0);
    };
    let rest = &clause_before[i + k.len()..];
    if ["至", "到", "达", "为"].iter().any(|t| rest.contains(t)) {
        return (Measure::Level, 1.0);
    }
    let is_rate_unit = unit.starts_with("CNY/") || unit == "percent" || unit == "pp";
    let baseline = BASELINE.iter().any(|b| sentence_before.contains(b));
    let standard = clause_before.contains("人均")
        || clause_before.contains("每人")
        || k == "上调"
        || k == "下调";
    if unit == "percent"
        || unit == "pp"
        || baseline
        || (is_rate_unit && standard)
        || k == "上调"
        || k == "下调"
    {
        (Measure::Change, sign)
    } else {
        (Measure::Level, 1.0)
    }
}

/// Verbs a clause without its own subject starts with: it continues the previous clause's.
pub const VERBS: &[&str] = &[
    "改造", "建设", "新建", "完成", "实施", "开展", "发放", "提供", "新增", "建成", "培育", "推进",
    "打造", "引进", "组织", "举办", "创建", "配备", "安装", "治理", "投入", "筹集", "救助", "保障",
    "支持", "累计", "惠及", "覆盖", "带动", "招聘", "开工", "改建", "更新", "提升", "优化", "淘汰",
    "减排", "减免", "增加", "设立", "成立", "签约", "培训", "资助", "帮扶", "安置", "实现",
];

/// Is `a` a region that encloses `doc` (by GB/T 2260 code prefix)?
fn is_ancestor(a: &crate::model::Region, doc: Option<&crate::model::Region>) -> bool {
    let Some(d) = doc else { return false };
    if a.code == d.code || a.code.len() != 6 || d.code.len() != 6 {
        return false;
    }
    let prefix = a.code.trim_end_matches("00");
    let prefix = if prefix.len() % 2 == 1 {
        &a.code[..prefix.len() + 1]
    } else {
        prefix
    };
    d.code.starts_with(prefix)
}

/// The region a figure is about: the place its clause names when it names exactly one place
/// at county level or above, `全国` for a national figure, else the document's region.
pub fn region(ctx: &DocContext, w: &Work, layout: &Layout, pos: usize) -> Option<String> {
    let doc_region = ctx.region.as_ref().map(|r| r.name.clone());
    let clause = super::text::clause_of(w, pos);
    let cb = w.str(clause.start..pos);
    if let Some(i) = cb.rfind("全国") {
        if cb[i..].chars().count() <= 6 {
            return Some("全国".into());
        }
    }
    doc_region.as_ref()?;
    // A table row (cells separated by tabs) whose first cell names one place is about it.
    let para = layout.paragraph_of(pos);
    if let Some(tab) = (para.start..pos).find(|&i| w.chars[i] == '\t') {
        let cell = w.str(para.start..tab);
        let names: std::collections::BTreeSet<String> =
            crate::ingest::region::places_in(cell, ctx.region.as_ref())
                .into_iter()
                .filter(|p| {
                    matches!(
                        p.region.level.as_str(),
                        "country" | "province" | "prefecture" | "county"
                    )
                })
                .map(|p| p.region.name)
                .collect();
        if names.len() == 1 {
            return names.into_iter().next();
        }
    }
    let sent = layout.sentence_of(pos);
    let mut from = clause.start;
    // A clause that starts with a verb continues the subject of the clause before.
    if VERBS.iter().any(|v| w.at(clause.start, v)) && clause.start > sent.start {
        from = super::text::clause_of(w, clause.start.saturating_sub(2)).start;
    }
    // The clause's subject: a place at its start (`长春市计划建设…`), not one inside an
    // organisation's name or a list (`申报设置阜康职业技术学院`, `长春、吉林、四平3个`).
    let subject_place = |s: usize, e: usize| -> Option<Vec<String>> {
        let text = w.str(s..e);
        let places = crate::ingest::region::places_in(text, ctx.region.as_ref());
        let first = places.first()?;
        let lead: String = text.chars().take(first.start).collect();
        if !(lead.is_empty()
            || [
                "在",
                "对",
                "为",
                "由",
                "全",
                "其中",
                "同时",
                "此外",
                "另外",
                "其中在",
            ]
            .contains(&lead.as_str()))
        {
            return None;
        }
        let names: std::collections::BTreeSet<String> = places
            .into_iter()
            .filter(|p| {
                matches!(
                    p.region.level.as_str(),
                    "country" | "province" | "prefecture" | "county"
                )
            })
            // `盐城市名校长` in a 大丰区 report: an enclosing region names a title or a level,
            // the figure is still the document region's.
            .filter(|p| !is_ancestor(&p.region, ctx.region.as_ref()))
            .map(|p| p.region.name)
            .collect();
        Some(names.into_iter().collect())
    };
    let mut names = subject_place(clause.start, pos);
    if names.is_none() && from < clause.start {
        names = subject_place(from, clause.start);
    }
    let plural = {
        let t = w.str(from..pos);
        t.contains("等地") || t.contains("等市") || t.contains("等县")
    };
    if let Some(mut names) = names {
        if names.len() == 1 && !plural {
            return Some(names.remove(0));
        }
    }
    doc_region
}
