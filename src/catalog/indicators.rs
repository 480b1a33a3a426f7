//! The indicator catalog: canonical livelihood indicators (`indicators.toml`, compiled in) and
//! the linker that maps a fact's `subject` + `unit` to one of them. Pure: text in, entry out.
//!
//! An entry links a fact when
//! - the fact's unit equals the entry's `unit` (and, for `item` entries that list
//!   `classifiers`, the fact's classifier is one of them when it is known);
//! - one of the entry's `patterns` matches the subject: a pattern is `a+b+c`, every part must
//!   occur in the subject (in any order);
//! - no `exclude` substring occurs in the subject.
//!
//! The most specific entry wins: the matched pattern with the most characters, then the most
//! parts, then the entry listed first. Cumulative stocks (累计, 以来, 总里程, 总计, 先后…共) go to
//! a `…_total` entry: `_total` entries only link cumulative facts, and a cumulative fact
//! matching a yearly entry goes to the entry its `total` field names. A cumulative fact with
//! no `_total` entry stays unlinked rather than being mixed into a yearly flow (the contract:
//! stocks never link to the flow).

use std::collections::{HashMap, HashSet};

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use serde::Deserialize;

use crate::model::Fact;

/// The catalog compiled into the binary.
pub const BUILTIN_TOML: &str = include_str!("indicators.toml");

/// Units an entry may use (besides rates `A/B[/C]`, see [`is_known_unit`]).
pub const BASE_UNITS: &[&str] = &[
    "CNY",
    "person",
    "person_time",
    "household",
    "item",
    "km",
    "m2",
    "t",
    "kW",
    "kWh",
    "m3",
    "percent",
    "pp",
    "ratio",
    "day",
    "year_count",
];

/// What a rate may be "per": `CNY/person/month`, `item/1000person`.
const RATE_DENOMINATORS: &[&str] = &[
    "person",
    "household",
    "month",
    "year",
    "day",
    "1000person",
    "item",
    "km",
    "m2",
];

/// The contract's sector keys (the sectors catalog's list).
pub const SECTORS: &[&str] = &super::sectors::SECTOR_KEYS;

/// Wording that marks a cumulative stock rather than the year's flow (simplified and
/// traditional, since `Fact::text` is raw). `先后…共` is checked separately.
const CUMULATIVE_MARKERS: &[&str] = &[
    "累计",
    "累計",
    "以来",
    "以來",
    "总里程",
    "總里程",
    "总计",
    "總計",
];

/// A canonical unit: one of [`BASE_UNITS`] or a rate `A/B[/C]` of a base unit per
/// [`RATE_DENOMINATORS`].
pub fn is_known_unit(unit: &str) -> bool {
    let mut parts = unit.split('/');
    let Some(head) = parts.next() else {
        return false;
    };
    let rest: Vec<&str> = parts.collect();
    BASE_UNITS.contains(&head)
        && rest.len() <= 2
        && rest.iter().all(|d| RATE_DENOMINATORS.contains(d))
}

/// Why a catalog could not be loaded. Every variant names the entry at fault.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("indicator catalog is not valid TOML: {0}")]
    Toml(#[from] toml::de::Error),
    #[error("indicator `{key}`: key must be snake_case ASCII (a-z, 0-9, _)")]
    BadKey { key: String },
    #[error("indicator `{key}`: duplicate key")]
    DuplicateKey { key: String },
    #[error("indicator `{key}`: unknown unit `{unit}` (see the contract's canonical units)")]
    UnknownUnit { key: String, unit: String },
    #[error("indicator `{key}`: unknown sector `{sector}`")]
    UnknownSector { key: String, sector: String },
    #[error("indicator `{key}`: no patterns")]
    EmptyPatterns { key: String },
    #[error("indicator `{key}`: pattern `{pattern}` has an empty part")]
    EmptyPatternPart { key: String, pattern: String },
    #[error("indicator `{key}`: `{field}` is empty")]
    EmptyField { key: String, field: &'static str },
    #[error("indicator `{key}`: `total = \"{total}\"` must name another entry ending in `_total` with the same unit")]
    BadTotal { key: String, total: String },
    #[error("indicator catalog: its pattern words do not fit in one matcher: {0}")]
    Matcher(String),
    #[error("indicator `{key}`: classifiers are only allowed for `item` units, not `{unit}`")]
    ClassifiersNotItem { key: String, unit: String },
}

/// One canonical indicator.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// `rural_roads_built`; a cumulative stock ends in `_total`.
    pub key: String,
    pub name_zh: String,
    pub name_en: String,
    /// Canonical unit from the contract.
    pub unit: String,
    /// Sector key from the contract.
    pub sector: String,
    /// Measure words allowed for `item` entries; empty: any.
    #[serde(default)]
    pub classifiers: Vec<String>,
    /// Alternatives; each `a+b+c` needs every part in the subject.
    pub patterns: Vec<String>,
    /// The entry does not link a subject holding any of these.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// The `…_total` entry holding the cumulative stock of this flow, if any.
    #[serde(default)]
    pub total: Option<String>,
}

impl Indicator {
    /// A cumulative-stock entry (`…_total`).
    pub fn is_total(&self) -> bool {
        self.key.ends_with("_total")
    }

    fn fits(&self, unit: &str, classifier: Option<&str>) -> bool {
        self.unit == unit
            && match classifier {
                Some(c) if !self.classifiers.is_empty() => self.classifiers.iter().any(|k| k == c),
                _ => true,
            }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogFile {
    indicator: Vec<Indicator>,
}

/// The loaded, validated catalog.
#[derive(Debug, Clone)]
pub struct Catalog {
    entries: Vec<Indicator>,
    /// See [`Catalog::fingerprint`].
    fingerprint: String,
    /// `totals[i]`: the index of entry `i`'s `total`, resolved once.
    totals: Vec<Option<usize>>,
    matcher: Matcher,
}

/// Every entry's patterns and excludes, compiled so that a subject is scanned once: all
/// pattern parts and exclude words go into one automaton, and an entry is then tested by
/// looking its words up in the set found (the same answer as `subject.contains(word)` for each).
#[derive(Debug, Clone)]
struct Matcher {
    /// The distinct non-empty words (pattern parts and excludes).
    words: AhoCorasick,
    /// Per entry: its patterns as word ids with their (chars, parts) score, and its excludes.
    compiled: Vec<Compiled>,
    /// Entry indices by unit, in file order.
    by_unit: HashMap<String, Vec<usize>>,
    /// Ids of empty words.
    always: Vec<usize>,
    n_words: usize,
}

#[derive(Debug, Clone)]
struct Compiled {
    patterns: Vec<(Vec<usize>, (usize, usize))>,
    exclude: Vec<usize>,
}

impl Matcher {
    fn new<'a>(entries: &'a [Indicator]) -> Result<Matcher, CatalogError> {
        let mut words: Vec<&str> = Vec::new();
        let mut ids: HashMap<&str, usize> = HashMap::new();
        let mut intern = |w: &'a str| -> usize {
            *ids.entry(w).or_insert_with(|| {
                words.push(w);
                words.len() - 1
            })
        };
        let mut compiled = Vec::with_capacity(entries.len());
        for e in entries {
            let patterns = e
                .patterns
                .iter()
                .map(|p| {
                    let parts: Vec<&str> = p.split('+').collect();
                    let score = (parts.iter().map(|s| s.chars().count()).sum(), parts.len());
                    (parts.into_iter().map(&mut intern).collect(), score)
                })
                .collect();
            let exclude = e.exclude.iter().map(|x| intern(x)).collect();
            compiled.push(Compiled { patterns, exclude });
        }
        // An empty exclude is contained in every subject; marked up front, whatever the
        // automaton reports for it.
        let always = (0..words.len()).filter(|&i| words[i].is_empty()).collect();
        // A DFA: the catalog's words are few, and every fact's subject is searched.
        let automaton = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::DFA))
            .build(&words)
            .map_err(|e| CatalogError::Matcher(e.to_string()))?;
        let mut by_unit: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            by_unit.entry(e.unit.clone()).or_default().push(i);
        }
        Ok(Matcher {
            words: automaton,
            compiled,
            by_unit,
            always,
            n_words: words.len(),
        })
    }

    /// Which words occur in `subject`.
    fn present(&self, subject: &str) -> Vec<bool> {
        let mut found = vec![false; self.n_words];
        for &i in &self.always {
            found[i] = true;
        }
        for m in self.words.find_overlapping_iter(subject) {
            found[m.pattern().as_usize()] = true;
        }
        found
    }

    /// The best (chars, parts) score of a pattern of entry `i` whose parts all occur in the
    /// subject (`present`: see [`Matcher::present`]), unless one of its excludes occurs.
    fn score(&self, i: usize, present: &[bool]) -> Option<(usize, usize)> {
        let c = &self.compiled[i];
        if c.exclude.iter().any(|&x| present[x]) {
            return None;
        }
        c.patterns
            .iter()
            .filter(|(parts, _)| parts.iter().all(|&w| present[w]))
            .map(|(_, score)| *score)
            .max()
    }
}

impl Catalog {
    /// The catalog compiled in (`src/catalog/indicators.toml`).
    pub fn builtin() -> Catalog {
        // The builtin file is checked by tests/it/catalog_indicators.rs; failing here is a bug.
        Catalog::from_toml_str(BUILTIN_TOML).expect("builtin indicators.toml is valid")
    }

    /// Parses and validates a catalog (the `--catalog FILE` override reads the file and calls
    /// this). Errors name the entry and what is wrong with it.
    pub fn from_toml_str(text: &str) -> Result<Catalog, CatalogError> {
        let file: CatalogFile = toml::from_str(text)?;
        let mut seen = HashSet::new();
        for e in &file.indicator {
            validate(e)?;
            if !seen.insert(e.key.as_str()) {
                return Err(CatalogError::DuplicateKey { key: e.key.clone() });
            }
        }
        let entries = file.indicator;
        let mut totals = Vec::with_capacity(entries.len());
        for e in &entries {
            let Some(total) = &e.total else {
                totals.push(None);
                continue;
            };
            let at = entries.iter().position(|t| {
                &t.key == total && t.key != e.key && t.is_total() && t.unit == e.unit
            });
            if at.is_none() || e.is_total() {
                return Err(CatalogError::BadTotal {
                    key: e.key.clone(),
                    total: total.clone(),
                });
            }
            totals.push(at);
        }
        let matcher = Matcher::new(&entries)?;
        Ok(Catalog {
            entries,
            fingerprint: fingerprint(text),
            totals,
            matcher,
        })
    }

    /// A hash of the catalog's text and of this version of minsheng: facts linked by a catalog
    /// with the same fingerprint have the same links, so a re-run may keep them.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// All entries, in file order.
    pub fn entries(&self) -> &[Indicator] {
        &self.entries
    }

    /// The entry with this key.
    pub fn get(&self, key: &str) -> Option<&Indicator> {
        self.entries.iter().find(|e| e.key == key)
    }

    /// Links a subject whose classifier is not known. `sentence` is the sentence (or clause)
    /// around the number; cumulative wording is looked for there (see [`is_cumulative`]).
    pub fn link(&self, subject: &str, unit: &str, sentence: &str) -> Option<&Indicator> {
        self.link_parts(subject, unit, None, is_cumulative(subject, sentence, None))
    }

    /// Links one extracted fact: its subject, unit, classifier, and cumulative wording in the
    /// subject, its raw text, or the clause of its sentence that holds the number.
    ///
    /// When the subject links nothing, the clause of the sentence that holds the number is
    /// tried: what is counted often stands after the number (`为7080名适龄儿童开展免费牙齿窝沟封闭
    /// 服务`: the children are counted, the service names the indicator).
    pub fn link_fact(&self, fact: &Fact) -> Option<&Indicator> {
        let cumulative = contains_cumulative(&fact.text)
            || is_cumulative(&fact.subject, &fact.sentence, Some(&fact.raw_value));
        let classifier = fact.classifier.as_deref();
        self.link_parts(&fact.subject, &fact.unit, classifier, cumulative)
            .or_else(|| {
                let clause = clause_holding(&fact.sentence, &fact.raw_value)?;
                self.link_parts(clause, &fact.unit, classifier, cumulative)
            })
    }

    /// The linker itself, with the cumulative decision already made.
    pub fn link_parts(
        &self,
        subject: &str,
        unit: &str,
        classifier: Option<&str>,
        cumulative: bool,
    ) -> Option<&Indicator> {
        let candidates = self.matcher.by_unit.get(unit)?;
        let present = self.matcher.present(subject);
        let mut best: Option<((usize, usize), usize)> = None;
        for &i in candidates {
            let e = &self.entries[i];
            if !e.fits(unit, classifier) {
                continue;
            }
            let Some(score) = self.matcher.score(i, &present) else {
                continue;
            };
            let target = if cumulative == e.is_total() {
                Some(i)
            } else if cumulative {
                // A yearly entry matched a stock: route to its `total`, if any.
                self.totals[i]
            } else {
                None
            };
            if let Some(t) = target {
                if best.is_none_or(|(s, _)| score > s) {
                    best = Some((score, t));
                }
            }
        }
        best.map(|(_, i)| &self.entries[i])
    }
}

fn validate(e: &Indicator) -> Result<(), CatalogError> {
    let key = || e.key.clone();
    let snake = !e.key.is_empty()
        && e.key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && !e.key.starts_with('_')
        && !e.key.ends_with('_');
    if !snake {
        return Err(CatalogError::BadKey { key: key() });
    }
    for (field, value) in [("name_zh", &e.name_zh), ("name_en", &e.name_en)] {
        if value.trim().is_empty() {
            return Err(CatalogError::EmptyField { key: key(), field });
        }
    }
    if !is_known_unit(&e.unit) {
        return Err(CatalogError::UnknownUnit {
            key: key(),
            unit: e.unit.clone(),
        });
    }
    if !SECTORS.contains(&e.sector.as_str()) {
        return Err(CatalogError::UnknownSector {
            key: key(),
            sector: e.sector.clone(),
        });
    }
    if !e.classifiers.is_empty() && !e.unit.starts_with("item") {
        return Err(CatalogError::ClassifiersNotItem {
            key: key(),
            unit: e.unit.clone(),
        });
    }
    if e.patterns.is_empty() {
        return Err(CatalogError::EmptyPatterns { key: key() });
    }
    if let Some(p) = e
        .patterns
        .iter()
        .find(|p| p.split('+').any(|s| s.trim().is_empty()))
    {
        return Err(CatalogError::EmptyPatternPart {
            key: key(),
            pattern: p.clone(),
        });
    }
    Ok(())
}

fn contains_cumulative(text: &str) -> bool {
    if CUMULATIVE_MARKERS.iter().any(|m| text.contains(m)) {
        return true;
    }
    // 先后…共: "先后投入…共计", "先后建成…共".
    text.find("先后")
        .is_some_and(|i| text[i + "先后".len()..].contains('共'))
}

/// Whether a figure is a cumulative stock: cumulative wording in the subject, or in the clause
/// of `sentence` that holds the number. That clause is the one containing `anchor` (the number
/// as written) when given and found; otherwise the clauses sharing the most two-character
/// words with the subject; a sentence of one clause is always its own clause.
pub fn is_cumulative(subject: &str, sentence: &str, anchor: Option<&str>) -> bool {
    if contains_cumulative(subject) {
        return true;
    }
    // Every clause is a part of the sentence: without the wording there, none has it.
    if !contains_cumulative(sentence) {
        return false;
    }
    let clauses: Vec<&str> = sentence
        .split(['，', ',', '；', ';', '。', '！', '？', '!', '?', '：', ':'])
        .filter(|c| !c.trim().is_empty())
        .collect();
    if clauses.len() <= 1 {
        return contains_cumulative(sentence);
    }
    if let Some(a) = anchor.filter(|a| !a.is_empty()) {
        let holding: Vec<&&str> = clauses.iter().filter(|c| c.contains(a)).collect();
        if !holding.is_empty() {
            return holding.iter().any(|c| contains_cumulative(c));
        }
    }
    let chars: Vec<char> = subject.chars().collect();
    let bigrams: Vec<String> = chars.windows(2).map(|w| w.iter().collect()).collect();
    let overlap = |c: &str| bigrams.iter().filter(|b| c.contains(b.as_str())).count();
    let best = clauses.iter().map(|c| overlap(c)).max().unwrap_or(0);
    best > 0
        && clauses
            .iter()
            .filter(|c| overlap(c) == best)
            .any(|c| contains_cumulative(c))
}

/// The one clause of `sentence` that holds `anchor` (the number as written), if exactly one does.
pub fn clause_holding<'a>(sentence: &'a str, anchor: &str) -> Option<&'a str> {
    if anchor.is_empty() {
        return None;
    }
    let mut holding = sentence
        .split(['，', ',', '；', ';', '。', '！', '？', '!', '?', '：', ':'])
        .filter(|c| c.contains(anchor));
    let first = holding.next()?;
    holding.next().is_none().then_some(first)
}

/// Leading words that say a figure is planned, done or counted, not what is counted; dropped
/// so that `建设保障性租赁住房` (the plan) and `建成保障性租赁住房` (the result) share a key.
/// 新增/新建/改造 stay: they separate a year's additions from a stock of the same thing.
const LEADING_NOISE: &[&str] = &[
    "累计", "共计", "总计", "共", "已经", "已", "全年", "年内", "今年", "完成", "建成", "建设",
    "实施", "开展", "实现", "推进", "持续", "继续", "全面", "积极",
];

fn fingerprint(text: &str) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    h.update([0]);
    h.update(text.as_bytes());
    h.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A stable key for a fact no catalog entry links: `s:<normalized subject>|<unit>`, with
/// `|total` appended when the subject itself says it is cumulative.
///
/// Normalization, so that the same wording in another year's report gives the same key:
/// years with their suffix (`2019年以来`, `2023年底`) are dropped, then every character that
/// is not a letter (punctuation, quotes, brackets, spaces, digits, `%`) is removed, then the
/// leading noise words above are stripped repeatedly (keeping at least one character).
/// Chinese numerals are kept: they are part of names (`一键呼叫`, `二次供水`).
pub fn derived_key(subject: &str, unit: &str) -> String {
    let cumulative = contains_cumulative(subject);
    let mut s = strip_years(subject);
    s.retain(|c| c.is_alphabetic() && !c.is_ascii_digit());
    let mut t = s.as_str();
    'strip: loop {
        for w in LEADING_NOISE {
            if let Some(rest) = t.strip_prefix(w) {
                if !rest.is_empty() {
                    t = rest;
                    continue 'strip;
                }
            }
        }
        break;
    }
    // 以来/总计 inside the subject also say "stock"; they are dropped from the text itself.
    let mut norm = t.to_string();
    for m in ["以来", "累计", "总计"] {
        norm = norm.replace(m, "");
    }
    if norm.is_empty() {
        norm = t.to_string();
    }
    let total = if cumulative { "|total" } else { "" };
    format!("s:{norm}|{unit}{total}")
}

/// Drops `2019年`, `2019年以来`, `2023年底`, `2023年末` (four-digit years with their suffix).
fn strip_years(subject: &str) -> String {
    let chars: Vec<char> = subject.chars().collect();
    let mut out = String::with_capacity(subject.len());
    let mut i = 0;
    while i < chars.len() {
        let is_year = i + 4 < chars.len()
            && chars[i..i + 4].iter().all(|c| c.is_ascii_digit())
            && chars[i + 4] == '年'
            && (i == 0 || !chars[i - 1].is_ascii_digit());
        if is_year {
            i += 5;
            for suffix in [['以', '来'], ['以', '來']] {
                if chars.get(i..i + 2) == Some(&suffix[..]) {
                    i += 2;
                }
            }
            if matches!(chars.get(i), Some('底' | '末')) {
                i += 1;
            }
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}
