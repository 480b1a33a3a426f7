//! Stage 2, extract: one [`Document`] → its [`Fact`]s. Pure.

use crate::model::{Document, Fact};

/// Finds every fact in one ingested document.
pub fn extract(_doc: &Document) -> Vec<Fact> {
    Vec::new()
}
