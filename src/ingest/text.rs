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
