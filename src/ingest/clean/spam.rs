//! Injected spam: a short phrase a spam injector glued into a page many times at odd places
//! (`半岛全站` in front of the first sentence and after the last word of clauses:
//! `…一体化管理和服务半岛全站。`).
//!
//! A repeated phrase of Chinese characters is spam when none of its occurrences sits inside a
//! sentence the way words do: each one either starts a line or clause with text glued after
//! it, or is glued after other characters right before punctuation or the end of a line; and
//! at least two are of the second kind (clause openers such as 与此同时 never are). A real word repeats in the middle of sentences too (民生实事,
//! 新增, 昌吉州), a speaker label starts lines but stands before a colon, not after text.

use crate::ingest::text::{is_blank, is_han, is_punct, Mapped};
// FxHash: the n-gram maps hash millions of short keys; SipHash dominated ingest time.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

const MIN_LEN: usize = 3;
const MAX_LEN: usize = 12;
const MIN_COUNT: usize = 3;
const MIN_GLUED: usize = 2;

/// Where one occurrence stands.
#[derive(Default, Debug, Clone, Copy)]
struct Positions {
    count: usize,
    /// At the start of the text, a line or a clause, followed by text.
    line_start: usize,
    /// After Chinese text, before punctuation or the end of a line.
    glued_end: usize,
    /// Anywhere else (inside a sentence, after punctuation): where real words stand.
    normal: usize,
}

/// Calls `f(start, end, run_start, run_end)` for every substring of `len` characters of every
/// run of Han characters.
fn for_each_candidate(chars: &[char], len: usize, mut f: impl FnMut(usize, usize, usize, usize)) {
    let mut i = 0;
    while i < chars.len() {
        if !is_han(chars[i]) {
            i += 1;
            continue;
        }
        let s = i;
        while i < chars.len() && is_han(chars[i]) {
            i += 1;
        }
        let e = i;
        for a in s..e.saturating_sub(len - 1) {
            f(a, a + len, s, e);
        }
    }
}

/// The spam phrases of a text, longest first.
pub fn phrases(chars: &[char]) -> Vec<Vec<char>> {
    // Where each repeated phrase stands, one length at a time: a phrase is counted only when
    // the phrase one character shorter repeats too, so memory stays near the number of
    // distinct short phrases even for a large file.
    let mut candidates: HashMap<&[char], Vec<usize>> = HashMap::default();
    let mut repeated: Option<HashSet<&[char]>> = None;
    for len in MIN_LEN..=MAX_LEN {
        let mut stats: HashMap<&[char], Positions> = HashMap::default();
        for_each_candidate(chars, len, |a, b, s, e| {
            if repeated
                .as_ref()
                .is_some_and(|r| !r.contains(&chars[a..b - 1]))
            {
                return;
            }
            let p = stats.entry(&chars[a..b]).or_default();
            p.count += 1;
            let after = chars.get(b).copied();
            let at_line_start = a == s && line_starts_at(chars, a);
            let at_clause_start = a == s && a > 0 && is_punct(chars[a - 1]);
            let glued_before = a > s;
            let ends_clause = b == e && after.is_none_or(|c| c == '\n' || c == '\r' || is_punct(c));
            let starts_text = after.is_some_and(|c| !is_blank(c) && !is_punct(c));
            if (at_line_start || at_clause_start) && starts_text {
                p.line_start += 1;
            } else if glued_before && ends_clause {
                p.glued_end += 1;
            } else {
                p.normal += 1;
            }
        });
        // The first test: no occurrence where words stand.
        for (k, p) in &stats {
            if p.count >= MIN_COUNT && p.normal == 0 && p.glued_end >= MIN_GLUED {
                candidates.insert(k, Vec::new());
            }
        }
        let next: HashSet<&[char]> = stats
            .into_iter()
            .filter(|(_, p)| p.count >= MIN_COUNT)
            .map(|(k, _)| k)
            .collect();
        if next.is_empty() {
            break;
        }
        repeated = Some(next);
    }
    if candidates.is_empty() {
        return Vec::new();
    }
    for len in MIN_LEN..=MAX_LEN {
        for_each_candidate(chars, len, |a, b, _, _| {
            if let Some(v) = candidates.get_mut(&chars[a..b]) {
                // Non-overlapping, left to right.
                if v.last().is_none_or(|&last| last + (b - a) <= a) {
                    v.push(a);
                }
            }
        });
    }
    let mut bigrams: HashMap<(char, char), usize> = HashMap::default();
    for w in chars.windows(2) {
        *bigrams.entry((w[0], w[1])).or_default() += 1;
    }
    let mut found: Vec<Vec<char>> = candidates
        .into_iter()
        .filter(|(k, at)| glued_anywhere(chars, k, at, &bigrams) && foreign(k, at.len(), &bigrams))
        .map(|(k, _)| k.to_vec())
        .collect();
    found.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    // Keep the longest: a piece of a spam phrase is not another one.
    let mut kept: Vec<Vec<char>> = Vec::new();
    for f in found {
        if !kept
            .iter()
            .any(|k| k.windows(f.len()).any(|w| w == f.as_slice()))
        {
            kept.push(f);
        }
    }
    kept
}

/// The second test: the phrase is glued to whatever happens to stand next to it. The
/// characters it follows differ every time, and each junction (the character before and the
/// phrase's first one; at a line start, its last one and the character after) is, at least
/// half the time, a pair of characters the text has nowhere else (`务半`, `展半`). Words of
/// the text join their neighbours in pairs that recur (`的问题`: `的问` is ordinary text), and
/// a phrase that always follows the same character is just the end of a longer repeated
/// phrase.
fn glued_anywhere(
    chars: &[char],
    phrase: &[char],
    at: &[usize],
    bigrams: &HashMap<(char, char), usize>,
) -> bool {
    // How often each pair stands at a junction with the phrase.
    let mut at_phrase: HashMap<(char, char), usize> = HashMap::default();
    let last = phrase[phrase.len() - 1];
    for &i in at {
        if i > 0 {
            *at_phrase.entry((chars[i - 1], phrase[0])).or_default() += 1;
        }
        if let Some(&next) = chars.get(i + phrase.len()) {
            *at_phrase.entry((last, next)).or_default() += 1;
        }
    }
    let mut befores: Vec<char> = Vec::new();
    let mut junctions = 0usize;
    let mut novel = 0usize;
    for &i in at {
        let end = i + phrase.len();
        if i > 0 && is_han(chars[i - 1]) {
            befores.push(chars[i - 1]);
            junctions += 1;
            let pair = (chars[i - 1], phrase[0]);
            if bigrams.get(&pair).copied().unwrap_or(0) <= at_phrase[&pair] {
                novel += 1;
            }
        } else if end < chars.len() && is_han(chars[end]) {
            junctions += 1;
            let pair = (last, chars[end]);
            if bigrams.get(&pair).copied().unwrap_or(0) <= at_phrase[&pair] {
                novel += 1;
            }
        }
    }
    let n = befores.len();
    befores.sort_unstable();
    befores.dedup();
    // Distinct every time; a text pasted twice repeats its junctions, so three distinct
    // ones are enough.
    let varied = befores.len() == n || befores.len() >= 3;
    varied && junctions > 0 && novel * 2 >= junctions
}

/// The third test: the phrase is not made of the text's own words. Most pairs of adjacent
/// characters inside it occur nowhere in the text except inside the phrase (`半岛`, `岛全`,
/// `全站`), while a real phrase shares its words with the rest of the text (`问题`, `发展`).
fn foreign(phrase: &[char], occurrences: usize, bigrams: &HashMap<(char, char), usize>) -> bool {
    let inner: Vec<(char, char)> = phrase.windows(2).map(|w| (w[0], w[1])).collect();
    let exclusive = inner
        .iter()
        .filter(|pair| {
            let inside = inner.iter().filter(|p| p == pair).count();
            bigrams.get(pair).copied().unwrap_or(0) <= inside * occurrences
        })
        .count();
    exclusive * 3 >= inner.len() * 2
}

/// True when `at` is the first non-blank character of its line.
fn line_starts_at(chars: &[char], at: usize) -> bool {
    let mut j = at;
    while j > 0 {
        j -= 1;
        if chars[j] == '\n' {
            return true;
        }
        if !is_blank(chars[j]) {
            return false;
        }
    }
    true
}

/// Flags every occurrence of the text's spam phrases; returns how many characters.
pub fn flag(text: &Mapped, drop: &mut [bool]) -> u32 {
    let chars = &text.chars;
    let mut n = 0;
    for phrase in phrases(chars) {
        let mut i = 0;
        while i + phrase.len() <= chars.len() {
            if chars[i..i + phrase.len()] == phrase[..] {
                for d in drop.iter_mut().skip(i).take(phrase.len()) {
                    if !*d {
                        *d = true;
                        n += 1;
                    }
                }
                i += phrase.len();
            } else {
                i += 1;
            }
        }
    }
    n
}
