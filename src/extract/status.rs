//! Status: whether a figure is a plan (`target`) or a result (`actual`), from the markers
//! before it, the plan list it stands in, the goal it is measured against, and its year.

use super::context::DocContext;
use super::text::{Layout, Work};
use crate::model::Status;

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
    "为",
    "加大",
    "抓好",
    "做好",
    "落实",
    "扎实",
    "全力",
    "统筹",
    "强化",
    "完善",
    "加强",
    "优化",
    "扩大",
    "新改建",
    "建成",
    "再",
    "陆续",
    "逐步",
    "力求",
    "重点推进",
    "着重",
    "支持",
    "出台",
    "安排",
    "筹集",
    "开工",
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
            // `目标完成率`, `年初工作目标`, `占目标任务的57.5%`, `完成年度目标的65%`: the
            // goal a result is measured against, not a plan.
            if *k == "目标"
                && (w.at(i + 2, "完成")
                    || w.at(i + 2, "的")
                    || w.at(i + 2, "任务的")
                    || ["工作", "占", "完成", "年度", "达到"]
                        .iter()
                        .any(|p| w.ends(i, p)))
            {
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
    let after = w.str(end..(end + 8).min(w.len()));
    if after.starts_with("目标") {
        return Status::Target;
    }
    if m == Some(Marker::Weak) && !later(year) {
        return Status::Actual;
    }
    // `新增就业2.31万人，完成目标任务的115.5%`: a figure measured against its goal right
    // after it is the result.
    let next_clause = after.trim_start_matches(['，', ',', '、', ' ']);
    if ATTAINED_AFTER.iter().any(|k| next_clause.starts_with(k)) {
        return Status::Actual;
    }
    let sent = layout.sentence_of(pos);
    let before = w.str(sent.start..pos);
    if not_earlier(year) && (after.contains("任务") || before.contains("清单")) {
        return Status::Target;
    }
    if later(year) {
        return Status::Target;
    }
    Status::Actual
}

/// Openings of a clause that measures the figure before it against its goal.
const ATTAINED_AFTER: &[&str] = &[
    "完成目标任务",
    "完成年度目标",
    "完成年度计划",
    "完成年度任务",
    "完成计划",
    "完成全年",
    "占目标任务",
    "占年度目标",
    "超额完成",
    "为年度目标",
    "为计划的",
];

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
