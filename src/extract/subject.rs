//! The subject: what a figure counts, a short phrase taken from its clause — the words before
//! the number (time, place and status words stripped) and, when the number comes before its
//! noun (`建成15所中小学`), the noun after the measure word.

use super::text::{is_cjk, Work};

/// Leading words that say when, where or how sure, not what.
const LEAD: &[&str] = &[
    "以及",
    "我们",
    "我局",
    "我委",
    "我厅",
    "我们将",
    "截至目前",
    "截止目前",
    "其中",
    "同时",
    "此外",
    "另外",
    "全年",
    "今年",
    "去年",
    "当年",
    "年内",
    "目前",
    "截至",
    "截止",
    "累计",
    "共计",
    "共",
    "先后",
    "已经",
    "已",
    "计划",
    "力争",
    "争取",
    "预计",
    "确保",
    "将",
    "全州",
    "全省",
    "全市",
    "全区",
    "全县",
    "我州",
    "我省",
    "我市",
    "我区",
    "我县",
    "并",
    "还",
    "又",
    "均",
    "分别",
    "通过",
    "对",
    "为",
    "向",
    "在",
    "给",
    "让",
    "以来",
    "一年来",
    "过去一年",
    "底",
    "年底",
    "末",
    "以来",
    "前三季度",
    "上半年",
    "份",
    "月份",
    "月",
    "如",
    "即",
    "和",
    "及",
    "与",
    "、",
    "等",
    "是",
    "包括",
    "有",
    "现有",
    "当前",
    "近年来",
];

/// Trailing words between the subject and the number.
const TRAIL: &[&str] = &[
    "达到了",
    "达到",
    "达",
    "为",
    "是",
    "共计",
    "共",
    "约",
    "近",
    "超过",
    "超",
    "逾",
    "突破了",
    "突破",
    "分别",
    "累计",
    "了",
    "的",
    "占",
    "总计",
    "有",
    "至",
    "到",
    "增至",
    "降至",
    "提高至",
    "大约",
    "不低于",
    "不少于",
    "不超过",
    "至少",
    "将近",
    "接近",
    "由",
    "从",
    "全部",
    "完工",
];

fn strip_lead(s: &str) -> &str {
    let mut s = s;
    loop {
        let before = s;
        // `2023年`, `1-11月份`, `1.`, `一是`
        let t = s.trim_start_matches(|c: char| c.is_ascii_digit() || c == '-');
        if t.len() < s.len() {
            for k in [
                "年底前",
                "年底",
                "年末",
                "年以来",
                "年",
                "月份",
                "月",
                "季度",
                ".",
                "、",
            ] {
                if let Some(r) = t.strip_prefix(k) {
                    s = r;
                    break;
                }
            }
        }
        for k in LEAD {
            // `在校学生`, `在职职工`: 在 belongs to the noun.
            if *k == "在"
                && [
                    "在校", "在职", "在岗", "在读", "在编", "在册", "在建", "在园",
                ]
                .iter()
                .any(|p| s.starts_with(p))
            {
                continue;
            }
            if let Some(r) = s.strip_prefix(k) {
                s = r;
                break;
            }
        }
        let cs: Vec<char> = s.chars().collect();
        if cs.len() >= 2
            && super::numbers::is_chinese_numeral(cs[0])
            && matches!(cs[1], '是' | '、')
        {
            s = &s[cs[0].len_utf8() + cs[1].len_utf8()..];
        }
        if s == before {
            return s;
        }
    }
}

fn strip_trail(s: &str) -> &str {
    let mut s = s;
    loop {
        let before = s;
        for k in TRAIL {
            if let Some(r) = s.strip_suffix(k) {
                s = r;
                break;
            }
        }
        if s == before {
            return s;
        }
    }
}

/// Words after which the noun after a number stops: a new verb phrase begins.
const POST_STOP: &[&str] = &[
    "在", "给予", "提供", "进行", "开展", "实施", "纳入", "按照", "通过", "以及", "并",
];

/// Words that relate a figure to another one (`同比增长6.2%`, `占比83%`): the subject names
/// what they relate to as well.
pub const RELATIONAL: &[&str] = &[
    "同比增长",
    "同比下降",
    "同比增加",
    "同比减少",
    "增长",
    "下降",
    "增速",
    "增幅",
    "占比",
    "比重",
    "总额",
    "完成率",
    "金额占比",
    "占",
    "比上年增长",
    "比上年增加",
];

/// Drops a place name at the start of a subject (`昌吉州投入资金` → `投入资金`).
fn strip_place<'a>(s: &'a str, region: Option<&crate::model::Region>) -> &'a str {
    let places = crate::ingest::region::places_in(s, region);
    match places.first() {
        Some(p) if p.start == 0 => {
            let byte = s
                .char_indices()
                .nth(p.end)
                .map(|(b, _)| b)
                .unwrap_or(s.len());
            &s[byte..]
        }
        _ => s,
    }
}

/// The subject of the number at `[start, end)` (end: after unit and qualifiers), taking words
/// from `list_start` and up to `clause_end`.
pub fn subject(
    w: &Work,
    region: Option<&crate::model::Region>,
    quoted: &[bool],
    list_start: usize,
    start: usize,
    end: usize,
    clause_end: usize,
) -> String {
    let mut from = list_start;
    // Inside an unclosed bracket (`(同比增长49.67%)`, `(总计达4320.71平方米)`) the words
    // start after it.
    if let Some(b) = (list_start..start)
        .rev()
        .find(|&k| matches!(w.chars[k], '(' | '（' | ')' | '）'))
    {
        if matches!(w.chars[b], '(' | '（') {
            from = b + 1;
        }
    }
    let pre = w.str(from..start);
    let pre = strip_trail(strip_lead(pre.trim()));
    let pre = strip_trail(strip_lead(strip_place(pre, region)));
    let pre = pre
        .trim_matches('、')
        .trim_start_matches(['和', '及', '与']);
    // The noun after the measure word, when the number comes first (`15所中小学、幼儿园`).
    let mut post = String::new();
    let mut i = end;
    while i < clause_end {
        let c = w.chars[i];
        if quoted[i] && !matches!(c, '“' | '”' | '"') {
            // `2个“15分钟医保服务圈”省级示范点`: a name is part of the noun.
            post.push(c);
            i += 1;
            continue;
        }
        if c.is_ascii_digit() || (!is_cjk(c) && !matches!(c, '“' | '”' | '"' | '、')) {
            break;
        }
        if super::numbers::is_chinese_numeral(c)
            && w.chars
                .get(i + 1)
                .is_some_and(|n| "个条所家座项名".contains(*n))
        {
            break;
        }
        if !post.is_empty() && POST_STOP.iter().any(|k| w.at(i, k)) {
            break;
        }
        post.push(c);
        i += 1;
        if post.chars().count() >= 16 {
            break;
        }
    }
    let post = post
        .trim_end_matches(['、', '等', '和', '及', '与', '的'])
        .to_string();
    let post = post.strip_prefix('的').unwrap_or(&post).to_string();
    let noun_follows = !post.is_empty()
        && !post.starts_with(['以', '左', '上', '、', '和'])
        && !["的", "和"].contains(&post.as_str());
    let mut s = String::from(pre);
    if noun_follows {
        // The verb right before the number and the noun after it (`公布41个为民办实事项目`).
        let n = pre.chars().count();
        s = pre.chars().skip(n.saturating_sub(8)).collect();
        s.push_str(&post);
    }
    let s = s.trim_matches(['(', ')', '（', '）', '、']).to_string();
    let s: String = s.chars().filter(|c| !matches!(c, ' ')).collect();
    let n = s.chars().count();
    if n > 24 {
        s.chars().skip(n - 24).collect()
    } else {
        s
    }
}
