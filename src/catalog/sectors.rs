//! The sectors catalog (`sectors.toml`): keywords that put a fact into one of the contract's
//! sectors.

use serde::Deserialize;
use std::sync::OnceLock;

/// The contract's sector keys, `other` last.
pub const SECTOR_KEYS: [&str; 14] = [
    "education",
    "health",
    "elderly_care",
    "social_assistance",
    "employment",
    "housing",
    "transport",
    "utilities",
    "environment",
    "culture_sports",
    "public_services",
    "agriculture_rural",
    "economy",
    "other",
];

#[derive(Debug, Clone, Deserialize)]
pub struct Sector {
    pub key: String,
    pub keywords: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct SectorsFile {
    sector: Vec<Sector>,
}

/// Errors reading a sectors catalog.
#[derive(Debug, thiserror::Error)]
pub enum SectorsError {
    #[error("sectors catalog: {0}")]
    Toml(#[from] toml::de::Error),
    #[error("sectors catalog: sector {key:?}: {why}")]
    Invalid { key: String, why: String },
}

#[derive(Debug)]
pub struct Sectors {
    pub sectors: Vec<Sector>,
    /// Every keyword of every sector in one automaton, so a text is scanned once.
    keywords: aho_corasick::AhoCorasick,
    /// For each keyword of `keywords`, the index of its sector.
    sector_of: Vec<usize>,
}

const BUILTIN: &str = include_str!("sectors.toml");

impl Sectors {
    /// The compiled-in catalog.
    pub fn builtin() -> &'static Sectors {
        static S: OnceLock<Sectors> = OnceLock::new();
        S.get_or_init(|| Sectors::parse(BUILTIN).expect("built-in sectors.toml is valid"))
    }

    /// Parses and checks a catalog's TOML text.
    pub fn parse(text: &str) -> Result<Sectors, SectorsError> {
        let file: SectorsFile = toml::from_str(text)?;
        for s in &file.sector {
            let bad = |why: &str| SectorsError::Invalid {
                key: s.key.clone(),
                why: why.to_string(),
            };
            if !SECTOR_KEYS.contains(&s.key.as_str()) || s.key == "other" {
                return Err(bad("not one of the contract's sector keys"));
            }
            if s.keywords.is_empty() || s.keywords.iter().any(|k| k.is_empty()) {
                return Err(bad("needs non-empty keywords"));
            }
        }
        let mut patterns = Vec::new();
        let mut sector_of = Vec::new();
        for (i, s) in file.sector.iter().enumerate() {
            for k in &s.keywords {
                patterns.push(k.clone());
                sector_of.push(i);
            }
        }
        let keywords =
            aho_corasick::AhoCorasick::new(&patterns).map_err(|e| SectorsError::Invalid {
                key: "keywords".into(),
                why: e.to_string(),
            })?;
        Ok(Sectors {
            keywords,
            sector_of,
            sectors: file.sector,
        })
    }

    /// The sector of a fact: keywords in its subject weigh 3, in its sentence 1.
    pub fn classify(&self, subject: &str, sentence: &str) -> &str {
        self.best(&self.scores(subject), &self.scores(sentence))
    }

    /// Keyword counts of a text, one per sector (for callers that score a sentence once and
    /// many subjects against it).
    ///
    /// Each keyword counts its non-overlapping occurrences (as `str::matches` would), all
    /// keywords found in one pass over the text.
    pub fn scores(&self, text: &str) -> Vec<usize> {
        let mut scores = vec![0; self.sectors.len()];
        // (keyword, end of its last counted occurrence): a text holds few keywords, so a
        // short list rather than a slot for every keyword of the catalog.
        let mut last_end: Vec<(usize, usize)> = Vec::new();
        for m in self.keywords.find_overlapping_iter(text) {
            let k = m.pattern().as_usize();
            let counted = match last_end.iter_mut().find(|(p, _)| *p == k) {
                Some((_, end)) if m.start() < *end => false,
                Some((_, end)) => {
                    *end = m.end();
                    true
                }
                None => {
                    last_end.push((k, m.end()));
                    true
                }
            };
            if counted {
                scores[self.sector_of[k]] += 1;
            }
        }
        scores
    }

    /// The sector with the highest `3 × subject + sentence` score, `other` when all are 0.
    pub fn best(&self, subject: &[usize], sentence: &[usize]) -> &str {
        let mut best: Option<(usize, &str)> = None;
        for (i, s) in self.sectors.iter().enumerate() {
            let score =
                3 * subject.get(i).copied().unwrap_or(0) + sentence.get(i).copied().unwrap_or(0);
            if score > 0 && best.is_none_or(|(b, _)| score > b) {
                best = Some((score, &s.key));
            }
        }
        best.map(|(_, k)| k).unwrap_or("other")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_by_keywords() {
        let s = Sectors::builtin();
        assert_eq!(s.classify("新增学位", ""), "education");
        assert_eq!(s.classify("新改建农村公路", ""), "transport");
        assert_eq!(s.classify("", ""), "other");
    }

    #[test]
    fn rejects_unknown_keys() {
        let err = Sectors::parse("[[sector]]\nkey = \"sport\"\nkeywords = [\"x\"]\n").unwrap_err();
        assert!(err.to_string().contains("sport"));
    }
}
