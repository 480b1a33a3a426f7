//! Script detection and traditional → simplified, one character for one.
//!
//! In: text (raw or being cleaned). Out: whether it is written in simplified or traditional
//! characters, and the text with every traditional-only character replaced by its simplified
//! form, offsets unchanged. The tables come from OpenCC (see the headers of
//! `src/catalog/t2s.txt` and `src/catalog/simplified_only.txt`).

use super::text::Mapped;
use crate::model::Script;
use rustc_hash::FxHashMap;
use std::collections::HashMap;
use std::sync::LazyLock;

static T2S_DATA: &str = include_str!("../catalog/t2s.txt");
static SIMPLIFIED_ONLY_DATA: &str = include_str!("../catalog/simplified_only.txt");

/// Traditional-only character → its simplified form.
static T2S: LazyLock<CharTable<char>> = LazyLock::new(|| CharTable::new(parse_t2s(T2S_DATA)));

/// Characters written only in simplified texts.
static SIMPLIFIED_ONLY: LazyLock<CharTable<()>> = LazyLock::new(|| {
    CharTable::new(
        SIMPLIFIED_ONLY_DATA
            .lines()
            .filter(|l| !l.starts_with('#'))
            .flat_map(|l| l.chars())
            .filter(|c| !c.is_whitespace())
            .map(|c| (c, ())),
    )
});

/// The CJK blocks that hold nearly all entries of both tables: Extension A and the Unified
/// Ideographs.
const CJK_FIRST: u32 = 0x3400;
const CJK_LAST: u32 = 0x9FFF;

/// A map from characters, looked up for every character of every document: a direct table
/// for the main CJK blocks, a hash map for the few entries elsewhere (Extension B and on).
struct CharTable<V> {
    cjk: Vec<Option<V>>,
    rest: FxHashMap<char, V>,
    /// The smallest key in `rest`: most characters below it (ASCII, punctuation) need no
    /// lookup there.
    rest_min: char,
}

impl<V: Copy> CharTable<V> {
    fn new(entries: impl IntoIterator<Item = (char, V)>) -> Self {
        let mut cjk = vec![None; (CJK_LAST - CJK_FIRST + 1) as usize];
        let mut rest = FxHashMap::default();
        for (c, v) in entries {
            match cjk_index(c) {
                Some(i) => cjk[i] = Some(v),
                None => {
                    rest.insert(c, v);
                }
            }
        }
        let rest_min = rest.keys().copied().min().unwrap_or(char::MAX);
        CharTable {
            cjk,
            rest,
            rest_min,
        }
    }

    #[inline]
    fn get(&self, c: char) -> Option<V> {
        match cjk_index(c) {
            Some(i) => self.cjk[i],
            None if c < self.rest_min => None,
            None => self.rest.get(&c).copied(),
        }
    }

    fn len(&self) -> usize {
        self.cjk.iter().flatten().count() + self.rest.len()
    }
}

#[inline]
fn cjk_index(c: char) -> Option<usize> {
    let u = u32::from(c);
    (CJK_FIRST..=CJK_LAST)
        .contains(&u)
        .then(|| (u - CJK_FIRST) as usize)
}

/// Parses `trad<TAB>simp` lines; `#` starts a comment line. A malformed line is a bug in the
/// compiled-in catalog, which `t2s_table_is_well_formed` (tests) guards against.
fn parse_t2s(data: &str) -> HashMap<char, char> {
    let mut out = HashMap::new();
    for line in data.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut it = line.split('\t');
        let (Some(t), Some(s)) = (it.next(), it.next()) else {
            continue;
        };
        let (mut tc, mut sc) = (t.chars(), s.chars());
        if let (Some(t), None, Some(s), None) = (tc.next(), tc.next(), sc.next(), sc.next()) {
            out.insert(t, s);
        }
    }
    out
}

/// Number of entries in the traditional → simplified table.
pub fn t2s_len() -> usize {
    T2S.len()
}

/// The simplified form of `c` (itself when it has none or is shared by both scripts).
#[inline]
pub fn simplify_char(c: char) -> char {
    T2S.get(c).unwrap_or(c)
}

/// True for a character only traditional texts write (it has a different simplified form).
#[inline]
pub fn is_traditional_only(c: char) -> bool {
    T2S.get(c).is_some()
}

/// True for a character only simplified texts write.
#[inline]
pub fn is_simplified_only(c: char) -> bool {
    SIMPLIFIED_ONLY.get(c).is_some()
}

/// The script a text is written in: `traditional` when traditional-only characters clearly
/// outnumber simplified-only ones, `simplified` for the reverse, `mixed` when both are
/// common. A text with fewer than three telling characters is taken as simplified.
pub fn detect(chars: &[char]) -> Script {
    let trad = chars.iter().filter(|&&c| is_traditional_only(c)).count();
    let simp = chars.iter().filter(|&&c| is_simplified_only(c)).count();
    // A converted text keeps a few characters of the other script (names, 于/干-style merges
    // OpenCC resolves differently); one in ten still counts as written in one script.
    if trad >= 3 && simp * 10 <= trad {
        Script::Traditional
    } else if (simp >= 3 && trad * 10 <= simp) || trad + simp < 3 {
        Script::Simplified
    } else {
        Script::Mixed
    }
}

/// Replaces every traditional-only character by its simplified form, in place (1:1).
pub fn to_simplified(text: &mut Mapped) {
    for c in text.chars.iter_mut() {
        *c = simplify_char(*c);
    }
}
