//! Layout breaks: spaces and line breaks that a PDF or a narrow newspaper column put inside a
//! sentence (`召 开`, `新 增赴准东就业农村劳动力 2000人 以上`, `示范村\n\n22个`).
//!
//! A run of blanks is a layout break when the text before it does not end a sentence and both
//! sides are Chinese text or digits (not digit and digit: `1 000` is no concern of ours). A run
//! with a line break is a real paragraph break all the same when the line before or after it
//! looks like a heading (short, no sentence punctuation) or the next line is indented by two
//! or more spaces. A run with a tab is never a layout break: it separates table cells.

use crate::ingest::text::{is_blank, is_digit, is_han, Mapped};

/// Lines up to this many characters without sentence punctuation are taken as headings.
const HEADING_MAX: usize = 50;

fn joins_left(c: char) -> bool {
    is_han(c) || is_digit(c) || matches!(c, '，' | ',' | '、' | '%' | '％')
}

fn joins_right(c: char) -> bool {
    is_han(c) || is_digit(c) || matches!(c, '“' | '《' | '"')
}

/// A short line with no sentence punctuation: a title, a heading, a byline, a date.
fn is_heading(line: &[char]) -> bool {
    let trimmed: Vec<char> = line.iter().copied().filter(|&c| !is_blank(c)).collect();
    !trimmed.is_empty()
        && trimmed.len() <= HEADING_MAX
        && !trimmed
            .iter()
            .any(|c| matches!(c, '，' | '。' | '；' | ',' | ';' | '！' | '？' | '!' | '?'))
}

/// Flags layout breaks; returns how many characters were flagged.
pub fn flag(text: &Mapped, drop: &mut [bool]) -> u32 {
    let chars = &text.chars;
    let mut n = 0;
    let mut i = 0;
    while i < chars.len() {
        if !is_blank(chars[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && is_blank(chars[i]) {
            i += 1;
        }
        let end = i;
        if start == 0 || end == chars.len() {
            continue;
        }
        let (prev, next) = (chars[start - 1], chars[end]);
        if !joins_left(prev) || !joins_right(next) || (is_digit(prev) && is_digit(next)) {
            continue;
        }
        let run = &chars[start..end];
        // A tab separates table cells (HTML tables become tab-separated rows), not words.
        if run.contains(&'\t') {
            continue;
        }
        if let Some(last_nl) = run.iter().rposition(|&c| c == '\n') {
            let indent = run[last_nl + 1..]
                .iter()
                .filter(|&&c| c == ' ' || c == '\u{3000}' || c == '\t')
                .count();
            if indent >= 2 {
                continue;
            }
            let line_start = chars[..start]
                .iter()
                .rposition(|&c| c == '\n')
                .map_or(0, |p| p + 1);
            let line_end = chars[end..]
                .iter()
                .position(|&c| c == '\n')
                .map_or(chars.len(), |p| end + p);
            if is_heading(&chars[line_start..start]) || is_heading(&chars[end..line_end]) {
                continue;
            }
        }
        for d in drop.iter_mut().take(end).skip(start) {
            if !*d {
                *d = true;
                n += 1;
            }
        }
    }
    n
}
