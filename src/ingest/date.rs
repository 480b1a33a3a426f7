//! Publication date and document year.
//!
//! In: simplified, cleaned text. Out: the publication date where the document states one, and
//! the year the document reports on, judged from the title, the publication date and
//! 今年/去年 — never from extracted facts. Pure.

use crate::model::Date;
use regex::Regex;
use std::sync::LazyLock;

/// Dates are looked for near the top only: a date deep in the body is an event, not a masthead.
const HEAD_CHARS: usize = 1500;
/// Title-like lines: short, among the first non-empty lines.
const TITLE_LINES: usize = 12;
const TITLE_MAX_CHARS: usize = 50;

/// `2025-01-01`, `2025/1/1`, `2025.01.01`, `2023年12月22日`.
const DATE: &str = r"(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})";

static LABELLED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:发布时间|发布日期|发表时间|发表日期|发文日期|成文日期|印发日期|会议时间|更新时间|日期|时间|来源[^\n]{{0,40}}?)\s*[:：]?\s*{DATE}"
    ))
    .expect("valid regex")
});
/// A newspaper masthead: `2025年2月` then the day with its weekday, possibly on the next line.
static MASTHEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?\s*(?:星期|周)[一二三四五六日天]")
        .expect("valid regex")
});
/// A date followed by a clock time: `2024年01月05日 10:00`.
static TIMESTAMP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"{DATE}\s*日?\s+\d{{1,2}}:\d{{2}}")).expect("valid regex")
});
static LINK_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d{4}-\d{1,2}-\d{1,2}$").expect("valid regex"));
/// A year as written in running text: `2024年`.
static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(\d{4})年").expect("valid regex"));

/// The publication date, where the document states one near its top: a labelled date
/// (`发布时间:`, `会议时间:`, `来源…`), then a masthead date with its weekday, then a date
/// with a clock time.
pub fn published(clean: &str) -> Option<Date> {
    let head = prefix_chars(clean, HEAD_CHARS);
    [&*LABELLED, &*MASTHEAD, &*TIMESTAMP]
        .into_iter()
        .find_map(|re| {
            re.captures_iter(head)
                .find_map(|c| date_of(&c[1], &c[2], &c[3]))
        })
}

/// The year the document reports on:
/// 1. a year in a title-like line near the top (`2024年昌吉州“十件惠民实事”落实情况`), not
///    part of a date;
/// 2. otherwise the year the text speaks of most: each `YYYY年` counts, more when its sentence
///    reports something done (完成, 实现, 建成) rather than planned; 今年 counts for the
///    publication year and 去年 for the one before; a text published in January–March leans
///    to the year before (annual reviews);
/// 3. otherwise the publication year.
pub fn doc_year(clean: &str, published: Option<Date>) -> Option<i16> {
    if let Some(y) = title_year(clean) {
        return Some(y);
    }
    let mut scores: Vec<(i32, f64)> = Vec::new();
    let mut add = |y: i32, w: f64| match scores.iter_mut().find(|(k, _)| *k == y) {
        Some((_, s)) => *s += w,
        None => scores.push((y, w)),
    };
    let body = clean.lines().filter(|l| !is_link_line(l));
    for sentence in body.flat_map(|l| l.split(['。', '!', '?', ';', '！', '？', '；'])) {
        // Most sentences name no year: skip the word tests and the regex for them.
        if !sentence.contains('年') {
            continue;
        }
        let done = ["完成", "实现", "建成", "已", "累计", "达到"]
            .iter()
            .any(|w| sentence.contains(w));
        let planned = ["计划", "将", "力争", "目标", "预计", "确保"]
            .iter()
            .any(|w| sentence.contains(w));
        let w = if done && !planned { 3.0 } else { 1.0 };
        for c in YEAR.captures_iter(sentence) {
            let end = c.get(0).map_or(0, |m| m.end());
            if is_date_from(&sentence[end..]) {
                continue;
            }
            if let Ok(y) = c[1].parse::<i32>() {
                if plausible_year(y) {
                    add(y, w);
                }
            }
        }
    }
    if let Some(p) = published {
        add(p.year, 1.5 * clean.matches("今年").count() as f64);
        add(p.year - 1, 1.5 * clean.matches("去年").count() as f64);
        if p.month <= 3 {
            add(p.year - 1, 3.0);
        }
    }
    let best = scores
        .iter()
        .filter(|(_, s)| *s > 0.0)
        .max_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    best.map(|(y, _)| *y as i16)
        .or(published.map(|d| d.year as i16))
}

/// A year in a short line near the top (not a sentence, not a date line) that is not part of a
/// date.
fn title_year(clean: &str) -> Option<i16> {
    clean
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !is_link_line(l))
        .take(TITLE_LINES)
        // A title is short and is not a sentence.
        .filter(|l| l.chars().count() <= TITLE_MAX_CHARS && !l.contains(['。', ';', '；']))
        .filter(|l| !LABELLED.is_match(l))
        .find_map(|l| {
            YEAR.captures_iter(l).find_map(|c| {
                let end = c.get(0).map_or(0, |m| m.end());
                let y: i32 = c[1].parse().ok()?;
                (plausible_year(y) && !is_date_from(&l[end..])).then_some(y as i16)
            })
        })
}

/// A line of a related-articles list: a headline ending in its own date
/// (`- 2023年厦门47项为民办实事项目全部完成2024-01-18`). Its years are other articles' years.
fn is_link_line(line: &str) -> bool {
    LINK_LINE.is_match(line.trim())
}

/// Whether the text right after `YYYY年` continues a date (`12月`, ` 2月`).
fn is_date_from(rest: &str) -> bool {
    let rest = rest.trim_start();
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    (1..=2).contains(&digits) && rest[digits..].trim_start().starts_with('月')
}

fn plausible_year(y: i32) -> bool {
    (1949..=2100).contains(&y)
}

fn date_of(y: &str, m: &str, d: &str) -> Option<Date> {
    let (year, month, day) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    (plausible_year(year) && (1..=12).contains(&month) && (1..=31).contains(&day)).then_some(Date {
        year,
        month,
        day,
    })
}

fn prefix_chars(s: &str, n: usize) -> &str {
    s.char_indices().nth(n).map_or(s, |(i, _)| &s[..i])
}
