//! Regions: the document's main region, and place names mentioned in a text span.
//!
//! In: simplified text. Out: places resolved against the GB/T 2260 catalog
//! ([`crate::catalog::regions`]), named as the contract says. Pure.
//!
//! Matching is leftmost-longest over every full, GB/T and short name, so `吉林省长春市` is two
//! mentions (`吉林省`, `长春市`), never `吉林`. A bare county short name (`大丰`, `东坡`) is
//! matched only inside a prefecture or county context that contains it, since many of them are
//! also ordinary words (`丰满`, `榆树`); short names in the catalog's `COMMON_WORDS` never match
//! in running text.

use crate::catalog::regions::{regions, Level, NameKind, Regions, COMMON_WORDS};
use crate::model::Region;
use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::HashMap;
use std::sync::LazyLock;

/// A place name found in a text, resolved against the regions catalog.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceMention {
    /// Character offsets of the mention in the text searched.
    pub start: usize,
    pub end: usize,
    pub region: Region,
}

/// Mentions within this many characters of the start (the title, the first lines) weigh more.
const EARLY_CHARS: usize = 150;
const EARLY_WEIGHT: f64 = 3.0;
/// A child region becomes the document's region when it holds at least this share of the
/// weighted mentions of its parent's subtree.
const DOMINANT_SHARE: f64 = 0.5;

/// Words that contain a place name but are not about the place (`医保定点` holds `保定`), and
/// honours and ranks that name the country without being about it (`全国文明城市`,
/// `全国首批`). The matcher knows them, so leftmost-longest matching swallows the name inside.
const NOT_PLACES: &[&str] = &[
    "医保定点",
    "长治久安",
    "大同小异",
    "世界大同",
    "全州各族",
    "白银时代",
    "中山装",
    "全国文明",
    "全国模范",
    "全国先进",
    "全国首批",
    "全国示范",
    "全国优秀",
    "全国重点",
    "全国人大",
    "全国政协",
    "全国两会",
    "全国体育",
    "全国百强",
    "全国率先",
    "全国第一",
    "全国前列",
    "全国推介",
    "全国劳动模范",
    "全国统一",
];

/// What an organisation named after a place is (`厦门大学`, `昌吉日报`, `新疆大剧院`,
/// `上海农场`): a place name right before one of these is the organisation's, not a mention.
const ORG_SUFFIXES: &[&str] = &[
    "大学",
    "日报",
    "晚报",
    "大剧院",
    "农场",
    "电视台",
    "广播电视",
    "银行",
    "网:",
    "网讯",
];

struct Matcher {
    ac: AhoCorasick,
    /// The name each pattern stands for; None for [`NOT_PLACES`].
    names: Vec<Option<&'static str>>,
}

static MATCHER: LazyLock<Matcher> = LazyLock::new(|| {
    let cat = regions();
    let mut patterns: Vec<&'static str> = cat
        .names()
        .map(|(n, _)| n)
        .filter(|n| n.chars().count() >= 2)
        .collect();
    patterns.sort_unstable();
    let mut names: Vec<Option<&'static str>> = patterns.iter().copied().map(Some).collect();
    patterns.extend_from_slice(NOT_PLACES);
    names.resize(patterns.len(), None);
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&patterns)
        .unwrap_or_else(|e| panic!("building the place-name matcher: {e}"));
    Matcher { ac, names }
});

/// The main region a document reports on.
///
/// Mentions are weighted (early ones count [`EARLY_WEIGHT`] times) and summed up the tree;
/// starting from the country, the walk goes down to a child while that child holds at least
/// half of the current subtree's weight. A second pass with the first answer as context picks
/// up county short names and county names that exist in several prefectures.
pub fn document_region(clean: &str) -> Option<Region> {
    let cat = regions();
    let names = names_in(clean);
    let first = dominant(cat, &resolve_names(cat, &names, None))?;
    let second = dominant(cat, &resolve_names(cat, &names, Some(first)));
    let pick = match second {
        Some(s) if cat.is_within(s, first) => s,
        _ => first,
    };
    Some(cat.region(pick))
}

/// Resolves one name (full or short: `昌吉州`, `大丰区`, `吉林省`) to a region. The catalog's
/// source has no former names, so `大丰市` (before 2015) does not resolve.
/// `context` is the document's region, used to resolve county names that exist in several
/// prefectures. A chain of names (`江苏省盐城市大丰区`) resolves to its most specific part.
pub fn lookup(name: &str, context: Option<&Region>) -> Option<Region> {
    let cat = regions();
    let name = name.trim();
    let ctx = context.and_then(|r| cat.by_code(&r.code));
    let cands: Vec<usize> = cat.by_name(name).iter().map(|(i, _)| *i).collect();
    if !cands.is_empty() {
        return resolve(cat, &cands, ctx).map(|i| cat.region(i));
    }
    // A chain: every part must be a name, each inside the one before.
    let m = &*MATCHER;
    let mut pos = 0;
    let mut cur = ctx;
    let mut last = None;
    for hit in m.ac.find_iter(name) {
        if hit.start() != pos {
            return None;
        }
        pos = hit.end();
        let part = m.names[hit.pattern().as_usize()]?;
        let cands: Vec<usize> = cat.by_name(part).iter().map(|(i, _)| *i).collect();
        let i = resolve(cat, &cands, cur)?;
        if let Some(prev) = last {
            if !cat.is_within(i, prev) {
                return None;
            }
        }
        last = Some(i);
        cur = Some(i);
    }
    if pos != name.len() {
        return None;
    }
    last.map(|i| cat.region(i))
}

/// Every place name at county level or above mentioned in `text`, in order. `全国` is a
/// mention of the whole country (level `country`).
pub fn places_in(text: &str, context: Option<&Region>) -> Vec<PlaceMention> {
    let cat = regions();
    let ctx = context.and_then(|r| cat.by_code(&r.code));
    mentions(cat, text, ctx)
        .into_iter()
        .map(|(start, end, i)| PlaceMention {
            start,
            end,
            region: cat.region(i),
        })
        .collect()
}

/// Mentions as (char start, char end, catalog index), offsets in `text`.
fn mentions(cat: &Regions, text: &str, ctx: Option<usize>) -> Vec<(usize, usize, usize)> {
    resolve_names(cat, &names_in(text), ctx)
}

/// A place name found in a text, before it is resolved to a catalog entry.
struct NameHit {
    /// Character offsets in the text searched.
    start: usize,
    end: usize,
    name: &'static str,
}

/// Every place name in `text`, leftmost-longest, without the ones that are part of a word
/// ([`NOT_PLACES`]) or of an organisation's name ([`ORG_SUFFIXES`]). Resolving them depends on
/// the context, finding them does not, so a document is searched once.
///
/// Matching runs on the text without spaces and tabs, since layout and OCR leave them inside
/// names (`昌 吉州`); offsets are mapped back, so a mention may span a space.
fn names_in(text: &str) -> Vec<NameHit> {
    let m = &*MATCHER;
    // The text without blanks, copied a stretch at a time, and the char offsets in `text` of
    // the blanks taken out.
    let mut squeezed = String::with_capacity(text.len());
    let mut removed: Vec<usize> = Vec::new();
    let mut kept_from = 0;
    for (n, (b, c)) in text.char_indices().enumerate() {
        if matches!(c, ' ' | '\t' | '\u{3000}' | '\u{a0}') {
            squeezed.push_str(&text[kept_from..b]);
            kept_from = b + c.len_utf8();
            removed.push(n);
        }
    }
    squeezed.push_str(&text[kept_from..]);
    let mut out = Vec::new();
    // Hits come left to right without overlap, so offsets are counted on from the previous
    // one: the char index in `squeezed` of a byte offset, and the char offset in `text` of a
    // char of `squeezed` (itself plus the blanks removed before it).
    let (mut byte, mut char_at) = (0, 0);
    let mut char_of = |b: usize| {
        char_at += squeezed[byte..b].chars().count();
        byte = b;
        char_at
    };
    let mut blanks_before = 0;
    let mut orig = |k: usize| {
        while removed
            .get(blanks_before)
            .is_some_and(|&r| r <= k + blanks_before)
        {
            blanks_before += 1;
        }
        k + blanks_before
    };
    for hit in m.ac.find_iter(&squeezed) {
        let Some(name) = m.names[hit.pattern().as_usize()] else {
            continue; // a word that merely contains a place name
        };
        if ORG_SUFFIXES
            .iter()
            .any(|o| squeezed[hit.end()..].starts_with(o))
        {
            continue;
        }
        let start = char_of(hit.start());
        let end = char_of(hit.end());
        out.push(NameHit {
            start: orig(start),
            end: orig(end - 1) + 1,
            name,
        });
    }
    out
}

/// The names that resolve to one catalog entry in context, as (char start, char end, index).
fn resolve_names(
    cat: &Regions,
    hits: &[NameHit],
    ctx: Option<usize>,
) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut cands: Vec<usize> = Vec::new();
    for hit in hits {
        cands.clear();
        cands.extend(
            cat.by_name(hit.name)
                .iter()
                .filter(|&&(i, kind)| matchable(cat, hit.name, i, kind, ctx))
                .map(|(i, _)| *i),
        );
        if let Some(i) = resolve(cat, &cands, ctx) {
            out.push((hit.start, hit.end, i));
        }
    }
    out
}

/// Whether `name` may stand for entry `i` in running text.
fn matchable(cat: &Regions, name: &str, i: usize, kind: NameKind, ctx: Option<usize>) -> bool {
    if COMMON_WORDS.contains(&name) {
        return false;
    }
    let e = &cat.entries[i];
    if e.level <= Level::Prefecture {
        return true;
    }
    // County names of three or more characters (`大丰区`, `木垒县`, the short form of an
    // autonomous county) are safe; two-character ones (`和县`, `茂县`) and bare short names
    // (`大丰`, `全州`) are ordinary words too often, so they need a context that holds them.
    let long = name.chars().count() >= 3;
    if long && (kind == NameKind::Full || name.ends_with(['县', '旗'])) {
        return true;
    }
    ctx.is_some_and(|c| cat.entries[c].level >= Level::Prefecture && cat.is_within(i, c))
}

/// Picks one of the entries a name may refer to: the one closest to the context (deepest
/// common ancestor), then the highest level; None when that is still ambiguous.
fn resolve(cat: &Regions, cands: &[usize], ctx: Option<usize>) -> Option<usize> {
    match cands {
        [] => return None,
        [one] => return Some(*one),
        _ => {}
    }
    if let Some(c) = ctx {
        let lca_depth = |i: usize| {
            cat.ancestors(i)
                .find(|&a| cat.is_within(c, a))
                .map(|a| cat.depth(a))
                .unwrap_or(0)
        };
        let best = cands.iter().map(|&i| lca_depth(i)).max().unwrap_or(0);
        if best >= 1 {
            let close: Vec<usize> = cands
                .iter()
                .copied()
                .filter(|&i| lca_depth(i) == best)
                .collect();
            if let Some(i) = highest_unique(cat, &close) {
                return Some(i);
            }
        }
    }
    highest_unique(cat, cands)
}

fn highest_unique(cat: &Regions, cands: &[usize]) -> Option<usize> {
    let top = cands.iter().map(|&i| cat.entries[i].level).min()?;
    let mut at_top = cands.iter().filter(|&&i| cat.entries[i].level == top);
    let first = *at_top.next()?;
    at_top.next().is_none().then_some(first)
}

/// The region whose subtree dominates the weighted mentions (see [`document_region`]).
fn dominant(cat: &Regions, mentions: &[(usize, usize, usize)]) -> Option<usize> {
    let mut total: HashMap<usize, f64> = HashMap::new();
    for &(start, _, i) in mentions {
        let w = if start < EARLY_CHARS {
            EARLY_WEIGHT
        } else {
            1.0
        };
        for a in cat.ancestors(i) {
            *total.entry(a).or_default() += w;
        }
    }
    let mut cur = cat.country();
    let own_country = mentions.iter().any(|&(_, _, i)| i == cur);
    loop {
        let here = *total.get(&cur)?;
        let best = total
            .iter()
            .filter(|(&i, _)| cat.entries[i].parent == Some(cur))
            .max_by(|a, b| {
                a.1.total_cmp(b.1)
                    .then_with(|| cat.entries[*b.0].code.cmp(cat.entries[*a.0].code))
            });
        let Some((&child, &w)) = best else { break };
        // The country is never the answer by default: a text that names no country-wide
        // scope is about the province it names most.
        let unnamed_country = cur == cat.country() && !own_country;
        if w >= DOMINANT_SHARE * here || unnamed_country {
            cur = child;
        } else {
            break;
        }
    }
    Some(cur)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_not_place_word_holds_a_place_name() {
        let m = &*MATCHER;
        for w in NOT_PLACES {
            let inner = m.names.iter().flatten().any(|n| n != w && w.contains(n));
            assert!(inner, "{w} holds no place name: drop it from NOT_PLACES");
        }
    }
}
