//! The units catalog (`units.toml`): written unit or measure word → canonical unit and factor.
//!
//! Compiled in; [`Units::parse`] also reads an override file's text. Lookups are longest match
//! first, so `个百分点` wins over `个` and `平方米` over `米`.

use serde::Deserialize;
use std::sync::OnceLock;

/// What a written unit does to the number before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// A unit of measure: `value × factor` in `unit`.
    Unit,
    /// A measure word counting things: unit `item`, the classifier is the simplified form.
    Classifier,
    /// `年` as a duration (`连续10年`); a fact only after 连续/为期/提前.
    Duration,
    /// Dates, ages, times of day, month or hour durations: the number is not a fact.
    NotFact,
}

/// One catalog entry.
#[derive(Debug, Clone, Deserialize)]
pub struct UnitEntry {
    /// Written forms, simplified first.
    pub written: Vec<String>,
    /// Canonical unit (`item` for classifiers, empty for `not_fact`).
    #[serde(default)]
    pub unit: String,
    #[serde(default = "one")]
    pub factor: f64,
    pub kind: UnitKind,
}

fn one() -> f64 {
    1.0
}

#[derive(Debug, Deserialize)]
struct UnitsFile {
    unit: Vec<UnitEntry>,
}

/// A unit found at some position of a text.
#[derive(Debug, Clone)]
pub struct UnitMatch<'a> {
    pub entry: &'a UnitEntry,
    /// The form as written.
    pub written: &'a str,
    /// Its length in characters.
    pub len: usize,
}

impl UnitMatch<'_> {
    /// Canonical unit (`item` for classifiers).
    pub fn unit(&self) -> &str {
        match self.entry.kind {
            UnitKind::Classifier => "item",
            _ => &self.entry.unit,
        }
    }

    /// The simplified measure word, for classifiers.
    pub fn classifier(&self) -> Option<&str> {
        match self.entry.kind {
            UnitKind::Classifier => Some(&self.entry.written[0]),
            _ => None,
        }
    }
}

/// The loaded catalog.
#[derive(Debug)]
pub struct Units {
    pub entries: Vec<UnitEntry>,
    /// (written form as chars, entry index), longest first.
    forms: Vec<(Vec<char>, usize)>,
}

/// Errors reading a units catalog.
#[derive(Debug, thiserror::Error)]
pub enum UnitsError {
    #[error("units catalog: {0}")]
    Toml(#[from] toml::de::Error),
    #[error("units catalog: entry {index} ({written:?}): {why}")]
    Invalid {
        index: usize,
        written: Vec<String>,
        why: String,
    },
}

const BUILTIN: &str = include_str!("units.toml");

impl Units {
    /// The compiled-in catalog.
    pub fn builtin() -> &'static Units {
        static UNITS: OnceLock<Units> = OnceLock::new();
        UNITS.get_or_init(|| Units::parse(BUILTIN).expect("built-in units.toml is valid"))
    }

    /// Parses and checks a catalog's TOML text.
    pub fn parse(text: &str) -> Result<Units, UnitsError> {
        let file: UnitsFile = toml::from_str(text)?;
        let mut forms = Vec::new();
        for (i, e) in file.unit.iter().enumerate() {
            let bad = |why: &str| UnitsError::Invalid {
                index: i,
                written: e.written.clone(),
                why: why.to_string(),
            };
            if e.written.is_empty() || e.written.iter().any(|w| w.is_empty()) {
                return Err(bad("`written` must list non-empty forms"));
            }
            match e.kind {
                UnitKind::Unit | UnitKind::Duration if e.unit.is_empty() => {
                    return Err(bad("a unit needs `unit`"))
                }
                _ => {}
            }
            if !(e.factor.is_finite() && e.factor > 0.0) {
                return Err(bad("`factor` must be a positive number"));
            }
            for w in &e.written {
                forms.push((w.chars().collect::<Vec<char>>(), i));
            }
        }
        forms.sort_by_key(|f| std::cmp::Reverse(f.0.len()));
        Ok(Units {
            entries: file.unit,
            forms,
        })
    }

    /// The longest unit written at `chars[at..]`.
    pub fn match_at(&self, chars: &[char], at: usize) -> Option<UnitMatch<'_>> {
        let rest = chars.get(at..)?;
        for (form, i) in &self.forms {
            if rest.starts_with(form) {
                let entry = &self.entries[*i];
                let written = entry
                    .written
                    .iter()
                    .find(|w| w.chars().eq(form.iter().copied()))
                    .map(String::as_str)
                    .unwrap_or(&entry.written[0]);
                return Some(UnitMatch {
                    entry,
                    written,
                    len: form.len(),
                });
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Option<(String, Option<String>, f64)> {
        let chars: Vec<char> = s.chars().collect();
        Units::builtin().match_at(&chars, 0).map(|u| {
            (
                u.unit().to_string(),
                u.classifier().map(str::to_string),
                u.entry.factor,
            )
        })
    }

    #[test]
    fn longest_match_wins() {
        assert_eq!(m("个百分点").unwrap().0, "pp");
        assert_eq!(m("平方米").unwrap().0, "m2");
        assert_eq!(m("人次").unwrap().0, "person_time");
        assert_eq!(m("個").unwrap().1.as_deref(), Some("个"));
        assert_eq!(m("亩").unwrap().2, 666.6667);
    }

    #[test]
    fn every_entry_is_reachable() {
        let u = Units::builtin();
        for e in &u.entries {
            for w in &e.written {
                let chars: Vec<char> = w.chars().collect();
                let got = u.match_at(&chars, 0).expect("matches itself");
                assert_eq!(got.len, chars.len(), "{w} is shadowed");
            }
        }
    }

    #[test]
    fn errors_name_the_entry() {
        let err = Units::parse("[[unit]]\nwritten = [\"x\"]\nkind = \"unit\"\n").unwrap_err();
        assert!(err.to_string().contains("entry 0"), "{err}");
    }
}
