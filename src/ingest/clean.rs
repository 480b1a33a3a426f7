//! Cleaning passes on [`Mapped`] text.

use super::text::Mapped;

/// What cleaning removed.
#[derive(Debug, Default, Clone)]
pub struct CleanReport {
    pub removed_chars: u32,
}

/// Runs every cleaning pass (placeholder: none yet).
pub fn clean(_text: &mut Mapped) -> CleanReport {
    CleanReport::default()
}
