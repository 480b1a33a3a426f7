//! Placeholder until the indicator catalog lands: links nothing.

/// One catalog indicator.
#[derive(Debug, Clone)]
pub struct Indicator {
    pub key: String,
    pub unit: String,
    pub sector: String,
}

/// The indicator catalog.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub indicators: Vec<Indicator>,
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct CatalogError(String);

impl Catalog {
    pub fn builtin() -> Result<Catalog, CatalogError> {
        Ok(Catalog::default())
    }

    pub fn from_toml_str(_s: &str) -> Result<Catalog, CatalogError> {
        Ok(Catalog::default())
    }

    pub fn link(&self, _subject: &str, _unit: &str, _sentence: &str) -> Option<&Indicator> {
        None
    }
}

/// A stable key from the normalized subject and unit.
pub fn derived_key(subject: &str, unit: &str) -> String {
    let s: String = subject
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_ascii_punctuation() && !c.is_ascii_digit())
        .collect();
    format!("s:{s}|{unit}")
}
