//! What is not a fact although a number and a unit stand together: dates and periods,
//! ordinals, codes, ranges, ages and durations in months or hours, thresholds that qualify what
//! is counted, numbers inside program names and titles, rhetorical Chinese numerals, idioms and
//! page furniture. Each rule returns the reason, for tests and debugging.

use super::numbers::Reading;
use super::text::{is_cjk, Layout, Work};
use super::units::Resolved;
use crate::catalog::units::UnitKind;

const DASHES: &[char] = &['-', '–', '—', '~', '～', '－'];

/// Words right after a Chinese numeral and its measure word that make it rhetoric or a name:
/// `两个推动`, `五个坚持`, `十个方面`, `十件惠民实事`, `人大三次会议`.
const RHETORIC_NEXT: &[&str] = &[
    "方面",
    "推动",
    "战略",
    "坚持",
    "保障",
    "推进",
    "原则",
    "重点",
    "目标",
    "环节",
    "体系",
    "机制",
    "功能",
    "注重",
    "层面",
    "维度",
    "领域",
    "作用",
    "优先",
    "统一",
    "结合",
    "转变",
    "行动",
    "工程",
    "制度",
    "惠民",
    "实事",
    "服务圈",
    "会议",
    "全会",
    "全体会议",
    "代表大会",
    "必须",
    "到位",
    "不",
    "一",
    "全",
    "字",
    "着力",
    "聚焦",
    "突出",
    "强化",
    "提升",
    "确保",
    "抓好",
    "做好",
    "实现",
    "是",
    "要",
    "问题",
    "关系",
    "能力",
    "意识",
    "自信",
    "建设",
];

/// Duration prefixes that make `N年` a length of time (`连续10年`, `为期三年`, `提前两年`).
const DURATION_BEFORE: &[&str] = &["连续", "为期", "提前", "历时", "长达", "用了", "坚持了"];

/// Why the number at `r` with unit `u` is not a fact, or None when it is one.
pub fn excluded(w: &Work, layout: &Layout, r: &Reading, u: &Resolved) -> Option<&'static str> {
    let cs = &w.chars;
    let prev = if r.start > 0 {
        Some(cs[r.start - 1])
    } else {
        None
    };
    let prev_solid = cs[..r.start].iter().rev().find(|c| **c != ' ').copied();
    let next_after_num = cs.get(r.end).copied();
    if layout.furniture[layout.para_of[r.start]] {
        return Some("page furniture");
    }
    if layout.quoted[r.start] {
        return Some("inside a program name, slogan or title");
    }
    if prev == Some('第') || prev_solid == Some('第') {
        return Some("ordinal");
    }
    if prev_solid.is_some_and(|c| c.is_ascii_alphabetic()) {
        return Some("code");
    }
    if next_after_num.is_some_and(|c| c.is_ascii_alphabetic())
        && !cs[u.start..u.end].iter().any(|c| c.is_ascii_alphabetic())
    {
        return Some("code");
    }
    if prev == Some('+') || next_after_num == Some('+') || cs.get(u.end) == Some(&'+') {
        return Some("code");
    }
    // The second end of a range: `100-180%`, `5%-8%`, `5万-8万元`.
    if prev.is_some_and(|c| DASHES.contains(&c))
        && r.start >= 2
        && (cs[r.start - 2].is_ascii_digit()
            || matches!(cs[r.start - 2], '%' | '万' | '亿' | '千' | '百'))
    {
        return Some("range or code");
    }
    for e in [r.end, u.end] {
        if cs.get(e).is_some_and(|c| DASHES.contains(c))
            && cs
                .get(e + 1)
                .is_some_and(|c| c.is_ascii_digit() || super::numbers::is_chinese_numeral(*c))
        {
            return Some("range or code");
        }
    }
    match u.kind {
        UnitKind::NotFact => return Some("date, time, age or month/hour duration"),
        UnitKind::Duration if !DURATION_BEFORE.iter().any(|p| w.ends(r.start, p)) => {
            return Some("year or period");
        }
        _ => {}
    }
    // `数十个`, `几十个`, `若干`: not a count.
    if r.chinese && prev.is_some_and(|c| matches!(c, '数' | '几' | '上' | '成')) {
        return Some("indefinite Chinese numeral");
    }
    // `位居全省前3位`, `排名前10名`: a rank.
    let rank_before = prev == Some('前')
        && r.start >= 2
        && matches!(
            cs[r.start - 2],
            '居' | '列' | '入' | '省' | '国' | '市' | '区' | '县' | '名'
        );
    if (rank_before || w.ends(r.start, "排名")) && matches!(u.unit.as_str(), "person" | "item") {
        return Some("rank");
    }
    // `度` counts electricity only (`30度` may be a temperature or an angle).
    if u.unit == "kWh" && cs[u.start..u.end] == ['度'] {
        let clause = super::text::clause_of(w, r.start);
        if !cs[clause.start..clause.end.max(u.end + 1).min(cs.len())].contains(&'电') {
            return Some("度 not about electricity");
        }
    }
    if r.value == 0.0 {
        return Some("zero");
    }
    // `三个100%`: a slogan.
    if u.unit == "percent" && prev == Some('个') {
        return Some("slogan");
    }
    // `10亿元以上项目5个`, `100万元以上村`: a threshold that qualifies what is counted.
    if !matches!(
        u.unit.as_str(),
        "item" | "person" | "household" | "person_time"
    ) {
        for q in ["以上", "以下", "及以上"] {
            if w.at(u.end, q) {
                let k = u.end + q.chars().count();
                if cs.get(k).is_some_and(|c| is_cjk(*c) && *c != '的') {
                    return Some("threshold qualifying what is counted");
                }
            }
        }
    }
    if r.chinese {
        return chinese_rules(w, r, u);
    }
    None
}

/// Chinese numerals are facts only when they count concrete deliverables.
fn chinese_rules(w: &Work, r: &Reading, u: &Resolved) -> Option<&'static str> {
    let cs = &w.chars;
    // `百分之三十五`, `百分之百`: a percentage written in words.
    if u.start < r.start {
        return None;
    }
    if r.value == 1.0 {
        return Some("一: an article, not a count");
    }
    // `千家万户`, `百千工程`, `千人口`: a bare 百/千/万/亿 is not a count unless qualified
    // (`近千万千瓦`).
    if matches!(cs[r.start], '百' | '千' | '万' | '亿')
        && super::qualifiers::before(w, r.start).is_none()
    {
        return Some("bare multiplier: idiom or rate base");
    }
    match u.unit.as_str() {
        "CNY" | "household" | "percent" | "pp" => {
            return Some("Chinese numeral with this unit: a name or idiom")
        }
        _ => {}
    }
    if matches!(
        u.classifier.as_deref(),
        Some("项") | Some("类") | Some("件") | Some("种") | Some("批")
    ) {
        return Some("Chinese numeral: rhetorical list");
    }
    if u.unit == "day" && !DURATION_BEFORE.iter().any(|p| w.ends(r.start, p)) {
        return Some("Chinese numeral day: idiom");
    }
    // Counts use 两; `二次供水`, `二代` are adjectives.
    if cs[r.start] == '二' && r.end == r.start + 1 {
        return Some("二 before a measure word: an adjective, not a count");
    }
    if u.unit == "year_count" || u.unit == "day" {
        return None;
    }
    let next: String = cs[u.end..(u.end + 5).min(cs.len())].iter().collect();
    let noun: String = cs[u.end..]
        .iter()
        .take_while(|c| !super::text::is_clause_end(**c) && **c != '、')
        .take(14)
        .collect();
    if ["会议", "发布会", "座谈会", "推介会", "讲座", "全会"]
        .iter()
        .any(|k| noun.contains(k))
    {
        return Some("Chinese numeral counting meetings: narrative, not a deliverable");
    }
    if RHETORIC_NEXT.iter().any(|k| next.starts_with(k)) {
        return Some("rhetorical structure");
    }
    if next.chars().next().is_some_and(|c| c.is_ascii_digit()) && next.contains('%') {
        return Some("slogan");
    }
    None
}
