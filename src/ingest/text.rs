//! [`Mapped`]: text being cleaned, each character remembering its offset in the raw text.

/// Characters with their raw code-point offsets. Cleaning passes delete characters or replace
/// them one for one, so `map` stays a faithful path back to the raw text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mapped {
    pub chars: Vec<char>,
    pub map: Vec<u32>,
}

impl Mapped {
    /// The raw text itself: character `i` maps to offset `i`.
    pub fn from_raw(raw: &str) -> Self {
        let chars: Vec<char> = raw.chars().collect();
        let map = (0..chars.len() as u32).collect();
        Mapped { chars, map }
    }

    /// Keeps the characters for which `keep(index)` is true.
    pub fn retain_by_index(&mut self, mut keep: impl FnMut(usize) -> bool) {
        let mut j = 0;
        for i in 0..self.chars.len() {
            if keep(i) {
                self.chars[j] = self.chars[i];
                self.map[j] = self.map[i];
                j += 1;
            }
        }
        self.chars.truncate(j);
        self.map.truncate(j);
    }

    pub fn as_string(&self) -> String {
        self.chars.iter().collect()
    }
}

impl Mapped {
    /// Appends one character that stands for the raw text at `offset`.
    pub fn push(&mut self, c: char, offset: u32) {
        self.chars.push(c);
        self.map.push(offset);
    }

    /// Deletes the characters whose `drop` flag is set; returns how many were deleted.
    pub fn remove_flagged(&mut self, drop: &[bool]) -> u32 {
        debug_assert_eq!(drop.len(), self.chars.len());
        let before = self.chars.len();
        self.retain_by_index(|i| !drop[i]);
        (before - self.chars.len()) as u32
    }

    /// The `[start, end)` index ranges of the lines (without their `\n`).
    pub fn line_ranges(&self) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut start = 0;
        for (i, &c) in self.chars.iter().enumerate() {
            if c == '\n' {
                out.push((start, i));
                start = i + 1;
            }
        }
        out.push((start, self.chars.len()));
        out
    }
}

/// A CJK ideograph (the unified blocks and their extensions, and the compatibility block).
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// An ASCII or full-width digit.
pub fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('\u{ff10}'..='\u{ff19}').contains(&c)
}

/// Whitespace that layout and markup leave between words: ASCII blanks, no-break space and the
/// ideographic space.
pub fn is_blank(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n' | '\u{a0}' | '\u{3000}')
}

/// Punctuation that ends a sentence or clause (Chinese and ASCII forms).
pub fn is_terminal_punct(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '：' | '!' | '?' | ';' | ':')
}

/// Any punctuation mark a phrase can stand before inside running text.
pub fn is_punct(c: char) -> bool {
    is_terminal_punct(c)
        || matches!(
            c,
            '，' | '、'
                | ','
                | '.'
                | '“'
                | '”'
                | '"'
                | '‘'
                | '’'
                | '（'
                | '）'
                | '('
                | ')'
                | '《'
                | '》'
                | '【'
                | '】'
                | '—'
                | '…'
                | '·'
        )
}
