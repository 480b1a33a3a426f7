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
// FxHash: the maps hash many short keys; SipHash dominated ingest time.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

const MIN_LEN: usize = 3;
const MAX_LEN: usize = 12;
const MIN_COUNT: usize = 3;
const MIN_GLUED: usize = 2;

/// The runs of Han characters, as `[start, end)`.
fn han_runs(chars: &[char]) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < chars.len() && !is_han(chars[i]) {
            i += 1;
        }
        let s = i;
        while i < chars.len() && is_han(chars[i]) {
            i += 1;
        }
        (i > s).then_some((s, i))
    })
}

/// True when the character after a run of Han characters ends a clause: punctuation, a line
/// break or the end of the text.
fn ends_clause(after: Option<char>) -> bool {
    after.is_none_or(|c| c == '\n' || c == '\r' || is_punct(c))
}

/// True when the character after a phrase starts text: it is neither a blank nor punctuation.
fn starts_text(after: Option<char>) -> bool {
    after.is_some_and(|c| !is_blank(c) && !is_punct(c))
}

/// The phrases that may pass the first test, each with how many of its occurrences stand
/// where spam stands. Such an occurrence either starts a run of Han characters at a line or
/// clause start, or ends a run right before a clause end with Han characters before it, so
/// only prefixes and suffixes of runs are looked at, not every substring. A candidate
/// stands glued at a clause end at least [`MIN_GLUED`] times and where spam stands at least
/// [`MIN_COUNT`] times; it passes when it stands nowhere else ([`occurrences`]).
fn candidates(chars: &[char]) -> Vec<(&[char], usize)> {
    // Per phrase: (glued at a clause end, at a line or clause start).
    let mut seen: HashMap<&[char], (usize, usize)> = HashMap::default();
    // Runs that end a clause, as (start, end), sorted by their last characters read
    // backwards: for every length, the runs that end with the same phrase stand together.
    let mut ends: Vec<(usize, usize)> = han_runs(chars)
        .filter(|&(_, e)| ends_clause(chars.get(e).copied()))
        .collect();
    let tail = |&(s, e): &(usize, usize)| chars[e - (e - s).min(MAX_LEN)..e].iter().rev();
    ends.sort_unstable_by(|a, b| tail(a).cmp(tail(b)));
    for len in MIN_LEN..=MAX_LEN {
        // At least one Han character of the run before the phrase.
        ends.retain(|&(s, e)| e - s > len);
        let phrase = |&(_, e): &(usize, usize)| &chars[e - len..e];
        let mut glued = Vec::with_capacity(ends.len());
        for group in ends.chunk_by(|a, b| phrase(a) == phrase(b)) {
            if group.len() >= MIN_GLUED {
                seen.insert(phrase(&group[0]), (group.len(), 0));
                glued.extend_from_slice(group);
            }
        }
        // A phrase one character longer is glued twice only if the one it ends with is.
        ends = glued;
    }
    if seen.is_empty() {
        return Vec::new();
    }
    // Only runs that start like a candidate can add to one.
    let heads: HashSet<u64> = seen.keys().map(|k| head(k)).collect();
    for (s, e) in han_runs(chars) {
        if e - s < MIN_LEN || !heads.contains(&head(&chars[s..])) {
            continue;
        }
        let opens = line_starts_at(chars, s) || (s > 0 && is_punct(chars[s - 1]));
        if !opens {
            continue;
        }
        for len in MIN_LEN..=MAX_LEN.min(e - s) {
            if s + len == e && !starts_text(chars.get(e).copied()) {
                continue;
            }
            if let Some(n) = seen.get_mut(&chars[s..s + len]) {
                n.1 += 1;
            }
        }
    }
    seen.into_iter()
        .filter(|&(_, (glued, opening))| glued + opening >= MIN_COUNT)
        .map(|(k, (glued, opening))| (k, glued + opening))
        .collect()
}

/// Every occurrence of each phrase, overlapping ones included, in order.
fn occurrences(chars: &[char], phrases: &[&[char]]) -> Vec<Vec<usize>> {
    // The phrases by their first characters, so each position of the text costs one lookup.
    let mut by_head: HashMap<u64, Vec<usize>> = HashMap::default();
    for (k, p) in phrases.iter().enumerate() {
        by_head.entry(head(p)).or_default().push(k);
    }
    let firsts = CharFilter::new(phrases.iter().map(|p| p[0]));
    let mut out = vec![Vec::new(); phrases.len()];
    for (i, w) in chars.windows(MIN_LEN).enumerate() {
        if !firsts.may_hold(w[0]) {
            continue;
        }
        for &k in by_head.get(&head(w)).into_iter().flatten() {
            if chars[i..].starts_with(phrases[k]) {
                out[k].push(i);
            }
        }
    }
    out
}

/// A quick test before a hash lookup in the loops over every position of the text: one bit
/// per value of a character's low 16 bits, so a character not in the set almost never passes.
struct CharFilter(Vec<u64>);

impl CharFilter {
    fn new(chars: impl IntoIterator<Item = char>) -> Self {
        let mut bits = vec![0u64; 1 << 10];
        for c in chars {
            let low = u32::from(c) as usize & 0xFFFF;
            bits[low >> 6] |= 1 << (low & 63);
        }
        CharFilter(bits)
    }

    /// False when `c` is certainly not in the set.
    #[inline]
    fn may_hold(&self, c: char) -> bool {
        let low = u32::from(c) as usize & 0xFFFF;
        self.0[low >> 6] & (1 << (low & 63)) != 0
    }
}

/// The first [`MIN_LEN`] characters of a phrase packed into one integer (21 bits each).
fn head(phrase: &[char]) -> u64 {
    phrase[..MIN_LEN]
        .iter()
        .fold(0, |h, &c| h << 21 | u64::from(u32::from(c)))
}

/// The spam phrases of a text, longest first.
pub fn phrases(chars: &[char]) -> Vec<Vec<char>> {
    // The first test: repeated, glued at a clause end at least twice, and never where words
    // stand (every occurrence is one of those counted at run boundaries). Each keeps its
    // occurrences that do not overlap, left to right.
    let (phrases, at_boundaries): (Vec<&[char]>, Vec<usize>) =
        candidates(chars).into_iter().unzip();
    if phrases.is_empty() {
        return Vec::new();
    }
    let candidates: Vec<(&[char], Vec<usize>)> = phrases
        .iter()
        .zip(at_boundaries)
        .zip(occurrences(chars, &phrases))
        .filter(|((_, b), starts)| starts.len() == *b)
        .map(|((&k, _), starts)| {
            let mut at: Vec<usize> = Vec::new();
            for a in starts {
                if at.last().is_none_or(|&last| last + k.len() <= a) {
                    at.push(a);
                }
            }
            (k, at)
        })
        .collect();
    if candidates.is_empty() {
        return Vec::new();
    }
    let bigrams = bigram_counts(chars, &candidates);
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

/// How often each pair of adjacent characters the second and third tests ask about stands in
/// the text: the pairs at the junctions of every candidate's occurrences and the pairs
/// inside it.
fn bigram_counts(
    chars: &[char],
    candidates: &[(&[char], Vec<usize>)],
) -> HashMap<(char, char), usize> {
    let mut counts: HashMap<(char, char), usize> = HashMap::default();
    for (phrase, at) in candidates {
        let last = phrase[phrase.len() - 1];
        for &i in at {
            if i > 0 {
                counts.insert((chars[i - 1], phrase[0]), 0);
            }
            if let Some(&next) = chars.get(i + phrase.len()) {
                counts.insert((last, next), 0);
            }
        }
        for w in phrase.windows(2) {
            counts.insert((w[0], w[1]), 0);
        }
    }
    let firsts = CharFilter::new(counts.keys().map(|p| p.0));
    for w in chars.windows(2) {
        if !firsts.may_hold(w[0]) {
            continue;
        }
        if let Some(n) = counts.get_mut(&(w[0], w[1])) {
            *n += 1;
        }
    }
    counts
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
