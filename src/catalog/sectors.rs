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
        Ok(Sectors {
            sectors: file.sector,
        })
    }

    /// The sector of a fact: keywords in its subject weigh 3, in its sentence 1.
    pub fn classify(&self, subject: &str, sentence: &str) -> &str {
        self.best(&self.scores(subject), &self.scores(sentence))
    }

    /// Keyword counts of a text, one per sector (for callers that score a sentence once and
    /// many subjects against it).
    pub fn scores(&self, text: &str) -> Vec<usize> {
        self.sectors
            .iter()
            .map(|s| {
                s.keywords
                    .iter()
                    .map(|k| text.matches(k.as_str()).count())
                    .sum()
            })
            .collect()
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
