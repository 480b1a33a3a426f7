//! HTML → text, keeping offsets into the raw markup.

use super::text::Mapped;

/// Strips tags (placeholder: keeps everything).
pub fn strip(raw: &str) -> Mapped {
    Mapped::from_raw(raw)
}
