//! Attribution: the year and period a figure is for, whether it is a plan or a result, a level
//! or a change against a baseline, and the place it is about.

use super::context::{DocContext, YearKind};
use super::text::{Layout, Work};
use crate::model::{Measure, Status};

/// Words after which the figures are for the report year: a stock as of now.
const NOW: &[&str] = &["截至目前", "截止目前", "目前", "当前", "至今", "现有"];

/// The year a figure at `pos` is for.
pub fn year(ctx: &DocContext, w: &Work, layout: &Layout, pos: usize) -> Option<i16> {
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
        (Some(m), Some(n)) if n > m.start => return ctx.report_year,
        (Some(m), _) => {
            return if m.kind == YearKind::Since {
                ctx.report_year
            } else {
                Some(m.year)
            }
        }
        (None, Some(_)) => return ctx.report_year,
        (None, None) => {}
    }
    let p = layout.para_of[pos];
    if let Some(y) = ctx.topic_in_paragraph(layout, p, sent.start) {
        return Some(y);
    }
    let inh = ctx.para[p];
    inh.carried.or(inh.section_year).or(ctx.report_year)
}

/// A part of the year stated before the number in its sentence (`1-11月`, `前三季度`).
pub fn period(w: &Work, layout: &Layout, pos: usize) -> Option<String> {
    let sent = layout.sentence_of(pos);
    let text: Vec<char> = w.chars[sent.start..pos].to_vec();
    let s: String = text.iter().collect();
    for k in ["上半年", "下半年", "前三季度", "前两季度", "一季度", "全年"] {
        if let Some(i) = s.rfind(k) {
            let _ = i;
            return Some(k.to_string());
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

/// What the markers before a number say about its status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    Target,
    /// 已, 累计, 截至, 目前: done, whatever the context.
    Strong,
    /// 完成, 建成, 实现: done, unless a plan list frames it.
    Weak,
}

const TARGET: &[&str] = &[
    "计划",
    "力争",
    "争取",
    "预计",
    "预算安排",
    "确保",
    "拟",
    "目标",
    "明年",
    "下一步",
    "今后",
    "将要",
    "预期",
];
const STRONG: &[&str] = &[
    "已经", "已", "累计", "截至", "截止", "目前", "先后", "共有", "共计", "成功",
];
const WEAK: &[&str] = &["完成", "建成", "实现"];

/// Words after which 将 means "will" (not the object marker `将…纳入`).
const WILL_NEXT: &[&str] = &[
    "继续",
    "持续",
    "进一步",
    "不断",
    "全面",
    "加快",
    "完成",
    "实现",
    "是",
    "在",
    "以",
    "按",
    "重点",
    "大力",
    "积极",
    "着力",
    "努力",
    "力争",
    "开展",
    "推进",
    "建设",
    "新建",
    "启动",
    "投入",
    "达到",
    "于",
    "会",
    "新增",
    "改造",
    "实施",
    "推动",
    "聚焦",
    "围绕",
    "坚持",
    "突出",
    "深入",
    "打造",
    "提供",
    "有",
    "进行",
    "组织",
    "举办",
    "发放",
    "培训",
];

/// `计划` naming a programme (`实施“…”计划，`, `培育计划培养对象`, `计划生育`, `完成年度计划的`)
/// rather than planning something.
fn plan_is_noun(w: &Work, i: usize) -> bool {
    let next = w.chars.get(i + 2).copied().unwrap_or('。');
    let prev = if i > 0 { w.chars[i - 1] } else { '。' };
    super::text::is_clause_end(next)
        || matches!(next, '、' | '”' | '"' | '的' | '中' | '内' | '外' | '》')
        || ["生育", "培养", "对象", "完成率", "执行"]
            .iter()
            .any(|k| w.at(i + 2, k))
        || matches!(
            prev,
            '”' | '"' | '育' | '养' | '增' | '项' | '动' | '才' | '度'
        )
}

/// First characters of every marker word, to skip the rest quickly.
const MARKER_FIRST: &str = "计力争预确拟目明下今将要预已累截先共成完建实";

fn marker_at(w: &Work, i: usize) -> Option<(Marker, usize)> {
    if !MARKER_FIRST.contains(w.chars[i]) {
        return None;
    }
    for k in TARGET {
        if w.at(i, k) {
            if *k == "计划" && plan_is_noun(w, i) {
                return None;
            }
            if *k == "目标" && (w.at(i + 2, "完成") || w.ends(i, "工作")) {
                return None;
            }
            return Some((Marker::Target, k.chars().count()));
        }
    }
    if w.at(i, "将") && WILL_NEXT.iter().any(|k| w.at(i + 1, k)) {
        return Some((Marker::Target, 1));
    }
    if w.at(i, "要")
        && !w.ends(i, "重")
        && !w.ends(i, "主")
        && !w.ends(i, "需")
        && !w.ends(i, "只")
        && !w.ends(i, "纲")
        && !w.ends(i, "必")
        && !w.ends(i, "首")
        && !w.at(i + 1, "求")
        && !w.at(i + 1, "点")
        && !w.at(i + 1, "素")
    {
        return Some((Marker::Target, 1));
    }
    for k in STRONG {
        if w.at(i, k) {
            if *k == "已" && w.ends(i, "而") {
                return None;
            }
            return Some((Marker::Strong, k.chars().count()));
        }
    }
    if w.at(i, "共") && w.chars.get(i + 1).is_some_and(|c| c.is_ascii_digit()) {
        return Some((Marker::Strong, 1));
    }
    for k in WEAK {
        if w.at(i, k) && !w.at(i + 2, "率") {
            return Some((Marker::Weak, k.chars().count()));
        }
    }
    None
}

/// The marker that decides a number's status: a target marker in its own clause wins (`确保
/// 全口径完成1.5万套`); otherwise the nearest marker before it in the sentence.
pub fn markers(ctx: &DocContext, w: &Work, layout: &Layout, pos: usize) -> Option<Marker> {
    let sent = layout.sentence_of(pos);
    let clause = super::text::clause_of(w, pos);
    // A clause that opens with its own year (`…争取上级财政支持，2024年投入…`) starts afresh.
    let from = ctx
        .years_in(sent.start, pos)
        .iter()
        .rfind(|m| m.topic)
        .map(|m| m.start)
        .unwrap_or(sent.start);
    let mut found: Vec<(usize, Marker)> = Vec::new();
    let mut i = from;
    while i < pos {
        if layout.quoted[i] {
            i += 1;
            continue;
        }
        if let Some((m, len)) = marker_at(w, i) {
            if i + len <= pos {
                found.push((i, m));
            }
            i += len;
        } else {
            i += 1;
        }
    }
    if found
        .iter()
        .any(|(i, m)| *m == Marker::Target && *i >= clause.start)
    {
        return Some(Marker::Target);
    }
    // `共承担了6项`, `明确了23项`: a verb with 了 right before the number reports a result.
    if w.ends(pos, "了") && !w.ends(pos, "为了") && !w.ends(pos, "除了") {
        return Some(Marker::Strong);
    }
    found.last().map(|(_, m)| *m)
}

/// Status of the figure at `[pos, end)`.
#[allow(clippy::too_many_arguments)]
pub fn status(
    ctx: &DocContext,
    w: &Work,
    layout: &Layout,
    pos: usize,
    end: usize,
    year: Option<i16>,
    baseline: bool,
    attainment: bool,
) -> Status {
    if baseline || attainment {
        return Status::Actual;
    }
    let later = |y: Option<i16>| matches!((y, ctx.report_year), (Some(a), Some(b)) if a > b);
    let not_earlier = |y: Option<i16>| matches!((y, ctx.report_year), (Some(a), Some(b)) if a >= b);
    let m = markers(ctx, w, layout, pos);
    match m {
        Some(Marker::Target) => return Status::Target,
        Some(Marker::Strong) => return Status::Actual,
        _ => {}
    }
    let inh = ctx.para[layout.para_of[pos]];
    if inh.plan && inh.section_year == year {
        return Status::Target;
    }
    let after = w.slice(end..(end + 8).min(w.len()));
    if after.starts_with("目标") {
        return Status::Target;
    }
    if m == Some(Marker::Weak) && !later(year) {
        return Status::Actual;
    }
    let sent = layout.sentence_of(pos);
    let before = w.slice(sent.start..pos);
    if not_earlier(year) && (after.contains("任务") || before.contains("清单")) {
        return Status::Target;
    }
    if later(year) {
        return Status::Target;
    }
    Status::Actual
}

/// `从15天缩减至7天`, `标准由80元提升至85元`: the first is the baseline, an actual.
pub fn is_baseline(w: &Work, layout: &Layout, pos: usize, end: usize) -> bool {
    let sent = layout.sentence_of(pos);
    let before_from = w.ends(pos, "从") || w.ends(pos, "由");
    before_from && (end..sent.end).any(|i| w.at(i, "至") || w.at(i, "到"))
}

/// `完成年度计划的112%`, `目标完成率94.64%`, `占目标任务的136.9%`.
pub fn is_attainment(clause_before: &str, unit: &str) -> bool {
    unit == "percent"
        && ([
            "完成年度计划",
            "完成计划",
            "目标完成率",
            "占目标任务",
            "完成年度目标",
            "计划完成率",
            "完成目标任务",
        ]
        .iter()
        .any(|k| clause_before.contains(k))
            || ["计划的", "目标的", "任务的", "目标任务的"]
                .iter()
                .any(|k| clause_before.ends_with(k)))
}

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
    let cb = w.slice(clause.start..pos);
    if let Some(i) = cb.rfind("全国") {
        if cb[i..].chars().count() <= 6 {
            return Some("全国".into());
        }
    }
    doc_region.as_ref()?;
    // A table row (cells separated by tabs) whose first cell names one place is about it.
    let para = layout.paragraph_of(pos);
    if let Some(tab) = (para.start..pos).find(|&i| w.chars[i] == '\t') {
        let cell = w.slice(para.start..tab);
        let names: std::collections::BTreeSet<String> =
            crate::ingest::region::places_in(&cell, ctx.region.as_ref())
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
        let text = w.slice(s..e);
        let places = crate::ingest::region::places_in(&text, ctx.region.as_ref());
        let first = places.first()?;
        let lead: String = text.chars().take(first.start).collect();
        if !(lead.is_empty() || ["在", "对", "为", "由", "全"].contains(&lead.as_str())) {
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
        let t = w.slice(from..pos);
        t.contains("等地") || t.contains("等市") || t.contains("等县")
    };
    if let Some(mut names) = names {
        if names.len() == 1 && !plural {
            return Some(names.remove(0));
        }
    }
    doc_region
}
