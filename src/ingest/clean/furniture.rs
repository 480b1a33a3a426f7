//! Page furniture: whole lines that belong to the web page or newspaper around the report,
//! not to the report. Lines are judged on a simplified, folded view, so one set of signals
//! covers traditional pages too.
//!
//! Anywhere: SEO name lists (`主站蜘蛛池模板: 黑山县| 襄汾县| …`), lines holding a URL or an
//! e-mail address, share/print/font widgets, newspaper masthead lines (`总第12184期 今日8版`),
//! page numbers (`— 3 —`) and running heads (the same short dated line three times or more).
//! At the top: welcome and breadcrumb lines. At the end: editor and source lines,
//! related-article lists, and short lines without a sentence (`访问手机版`,
//! `已有0人发表了评论`), up to the last real paragraph.

use super::fold::fold_char;
use crate::ingest::script::simplify_char;
use crate::ingest::text::Mapped;
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

/// Widgets and links that are never part of a report, wherever they stand.
static WIDGET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"分享到|扫一扫|打印本页|关闭窗口|【打印】|【关闭】|字体[:：]\s*[【\[]?大|字号[:：]\s*[【\[]?大|返回顶部|上一篇[:：]|下一篇[:：]").unwrap()
});

/// A newspaper's masthead and page header: issue numbers, registration codes, publisher.
static MASTHEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"总第\s*\d+\s*期|今日\s*\d+\s*版|国内统一刊号|邮发代号|主管主办|主管\s*主办")
        .unwrap()
});

/// A page number left by a PDF or print layout: `— 3 —`, `- 12 -`, `第3页 共8页`, `3/8`.
static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([-—–－\s]*\d{1,4}[-—–－\s]*|第\s*\d+\s*页(\s*[,，/]?\s*共\s*\d+\s*页)?|\d{1,4}\s*/\s*\d{1,4})$")
        .unwrap()
});

/// Lines at the top of a page: greetings and breadcrumbs.
static HEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(欢迎(进入|访问|来到|光临)|(当前|您的|您现在的|你的|你现在的)位置|首页\s*[>›»/])")
        .unwrap()
});

/// Lines at the end of a page: who edited it, where it came from, comments, links.
static TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^[\[【(]?(责任编辑|责编|编辑|审核|校对|终审|初审|复审|编审|监制|来源|稿源|供稿|作者|摄影)\s*[:：]",
        r"|发表了?评论|条评论|相关(阅读|新闻|文章|链接)|推荐阅读|友情链接|版权所有|copyright|icp备",
        r"|公众号|手机版|客户端|扫码|二维码|频道|网站地图|联系我们|关于我们",
        r"|主办单位|承办单位|技术支持|网站标识码|公网安备|备案号|浏览次数|阅读量|点击数|访问量",
        r"|^(地址|电话|邮编|传真|邮箱)[:：]",
    ))
    .unwrap()
});

/// A date at the end of a line (`…项目出炉2024-01-10`): a related-article entry.
static DATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{4}年\d{1,2}月\d{1,2}日)(\s*\d{1,2}:\d{2}(:\d{2})?)?\s*$")
        .unwrap()
});

/// A line that is only a date, kept (it may be the publication date) but skipped over.
static ONLY_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{4}年\d{1,2}月(\d{1,2}日)?)\s*$").unwrap()
});

/// A number with a measure word or unit after it (`3所`, `200张`): a line holding one is a
/// list entry of the report, not a link.
static QUANTITY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d\s*[\p{Han}%]").unwrap());

static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)https?://|www\.[a-z0-9-]+\.|[a-z0-9._-]+@[a-z0-9-]+\.[a-z]").unwrap()
});

/// Bullets that start a list entry.
fn is_bullet(c: char) -> bool {
    matches!(
        c,
        '-' | '·' | '•' | '*' | '◆' | '▪' | '■' | '●' | '○' | '>' | '»'
    )
}

/// Short lines at the end with no sentence in them are links and buttons.
const SHORT_TAIL_LINE: usize = 20;

/// Flags furniture lines (their text and the line break after them); returns how many
/// characters were flagged.
pub fn flag(text: &Mapped, drop: &mut [bool]) -> u32 {
    let lines = text.line_ranges();
    let views: Vec<String> = lines
        .iter()
        .map(|&(s, e)| view(&text.chars[s..e]))
        .collect();
    let mut furniture = vec![false; lines.len()];
    for (k, v) in views.iter().enumerate() {
        let n = v.chars().count();
        furniture[k] = is_seo_list(v)
            || has_link(v)
            || (WIDGET.is_match(v) && n <= 40)
            || (MASTHEAD.is_match(v) && n <= 60)
            || (n > 0 && PAGE_NUMBER.is_match(v));
    }
    // Running heads: the same short line, not a sentence, on three or more pages. It must
    // hold a number (a date, an issue, a page) and no colon, so repeated labels of the
    // report itself (`问：`, `单位：万元`) stay.
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for v in &views {
        let running_head = v.chars().count() <= 40
            && v.chars().any(|c| c.is_ascii_digit())
            && !v
                .chars()
                .any(|c| is_sentence_end(c) || c == ':' || c == '：');
        if running_head {
            *seen.entry(v.as_str()).or_default() += 1;
        }
    }
    for (k, v) in views.iter().enumerate() {
        if seen.get(v.as_str()).is_some_and(|&c| c >= 3) {
            furniture[k] = true;
        }
    }
    // Top of the page: greetings and breadcrumbs before the first other line.
    for (k, v) in views.iter().enumerate() {
        if v.is_empty() || furniture[k] {
            continue;
        }
        if HEAD.is_match(v) && v.chars().count() <= 60 {
            furniture[k] = true;
            continue;
        }
        break;
    }
    // End of the page, back to the last real paragraph (none: nothing is taken from the end,
    // so a short text or a list is never mistaken for links).
    let last_paragraph = (0..views.len()).rposition(|k| !furniture[k] && is_paragraph(&views[k]));
    for (k, v) in views.iter().enumerate().rev() {
        if last_paragraph.is_none_or(|p| k <= p) {
            break;
        }
        if v.is_empty() || furniture[k] || ONLY_DATE.is_match(v) {
            continue;
        }
        if is_tail_furniture(v) {
            furniture[k] = true;
            continue;
        }
        break;
    }
    let mut n = 0;
    for (k, &(s, e)) in lines.iter().enumerate() {
        if !furniture[k] {
            continue;
        }
        // The line's own break goes too, so no empty line is left behind.
        let end = if e < text.chars.len() { e + 1 } else { e };
        for d in drop.iter_mut().take(end).skip(s) {
            if !*d {
                *d = true;
                n += 1;
            }
        }
    }
    n
}

/// A line as the signals see it: simplified, folded, trimmed.
fn view(line: &[char]) -> String {
    let mut v = String::with_capacity(line.len() * 3);
    v.extend(line.iter().map(|&c| fold_char(simplify_char(c))));
    let trimmed = v.trim_start();
    if trimmed.len() < v.len() {
        v = trimmed.to_string();
    }
    v.truncate(v.trim_end().len());
    v
}

/// `主站蜘蛛池模板: 黑山县| 襄汾县| 鹿泉市| …`: many short names between bars.
fn is_seo_list(v: &str) -> bool {
    // Most lines have no bar: a quick search before splitting.
    if !v.contains('|') && !v.contains('｜') {
        return false;
    }
    let parts: Vec<&str> = v.split(['|', '｜']).collect();
    // Ten or more: a table's header row has bars and no numbers too, but rarely that many.
    if parts.len() < 10 {
        return false;
    }
    let short = parts
        .iter()
        .filter(|p| p.trim().chars().count() <= 8)
        .count();
    // A table row of the report (`| 东坡区 | 1200 | 35 |`) has numbers in it; a name list
    // has none.
    let numeric = parts
        .iter()
        .filter(|p| p.chars().any(|c| c.is_ascii_digit()))
        .count();
    short * 10 >= parts.len() * 8 && numeric * 10 < parts.len()
}

/// A URL or e-mail address in a line that is not a sentence (a masthead, a link line). The
/// sentence test looks at Chinese punctuation only, since URLs hold ASCII dots and commas.
fn has_link(v: &str) -> bool {
    URL.is_match(v)
        && !v
            .chars()
            .any(|c| matches!(c, '。' | '，' | '；' | '！' | '？'))
        && v.chars().count() <= 200
}

/// A line with a sentence in it: longer than a link and ending a sentence somewhere.
fn is_paragraph(v: &str) -> bool {
    v.chars().count() > SHORT_TAIL_LINE && v.chars().any(is_sentence_end)
}

fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '；')
}

fn is_tail_furniture(v: &str) -> bool {
    let n = v.chars().count();
    if TAIL.is_match(&v.to_lowercase()) && n <= 80 {
        return true;
    }
    if v.chars().next().is_some_and(is_bullet) && n <= 80 {
        return true;
    }
    if DATED.is_match(v) && n <= 80 {
        return true;
    }
    n <= SHORT_TAIL_LINE && !v.chars().any(is_sentence_end) && !QUANTITY.is_match(v)
}
