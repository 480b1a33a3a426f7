//! Full-width forms → ASCII, one for one: digits, Latin letters, `％．＋－／` and the
//! ideographic space. Chinese punctuation (，。；：、（）) stays as written.

use crate::ingest::text::Mapped;

/// The ASCII form of a full-width digit, letter or number sign; other characters unchanged.
pub fn fold_char(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' | '％' | '．' | '＋' | '－' | '／' => {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        _ => c,
    }
}

/// Folds every character in place; returns how many changed.
pub fn fold(text: &mut Mapped) -> u32 {
    let mut n = 0;
    for c in text.chars.iter_mut() {
        let f = fold_char(*c);
        if f != *c {
            *c = f;
            n += 1;
        }
    }
    n
}
