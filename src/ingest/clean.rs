//! Cleaning passes on [`Mapped`] text.
//!
//! In: decoded text with markup stripped. Out: the same text without pinyin garble, page
//! furniture and injected spam, with layout breaks joined and full-width forms folded; every
//! pass deletes characters or replaces them one for one, so the offset map stays exact.
//!
//! Order: garble, furniture and spam first, on the text as written (traditional pages
//! included; spam before layout so a phrase injected at a paragraph start is not glued onto
//! the paragraph before); then layout breaks, then folding. Traditional →
//! simplified comes after all of them ([`super::script::to_simplified`]).

pub mod fold;
pub mod furniture;
pub mod garble;
pub mod layout;
pub mod spam;

use super::text::Mapped;

/// What cleaning removed or changed, in characters.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct CleanReport {
    /// Spam and page furniture removed (what `Document.removed_chars` reports).
    pub removed_chars: u32,
    /// Of those, page furniture lines.
    pub furniture_chars: u32,
    /// Of those, injected spam phrases.
    pub spam_chars: u32,
    /// Pinyin garble removed (not counted in `removed_chars`: it is noise, not content).
    pub garble_chars: u32,
    /// Blanks removed as layout breaks.
    pub layout_chars: u32,
    /// Full-width characters folded to ASCII.
    pub folded_chars: u32,
}

/// Runs one flagging pass and deletes what it flagged.
fn apply(text: &mut Mapped, pass: impl FnOnce(&Mapped, &mut [bool]) -> u32) -> u32 {
    let mut drop = vec![false; text.chars.len()];
    let n = pass(text, &mut drop);
    if n > 0 {
        text.remove_flagged(&drop);
    }
    n
}

/// Runs every cleaning pass, in order.
pub fn clean(text: &mut Mapped) -> CleanReport {
    let garble_chars = apply(text, garble::flag);
    let furniture_chars = apply(text, furniture::flag);
    let spam_chars = apply(text, spam::flag);
    let layout_chars = apply(text, layout::flag);
    let folded_chars = fold::fold(text);
    CleanReport {
        removed_chars: furniture_chars + spam_chars,
        furniture_chars,
        spam_chars,
        garble_chars,
        layout_chars,
        folded_chars,
    }
}
