//! Pinyin garble: a romanisation in parentheses glued after each character by a broken
//! converter (`關(guān)`, `醫(yī)療`, `鎮(zhèn)江市`). The parenthesised syllable goes, the
//! character stays.

use crate::ingest::text::{is_han, Mapped};

/// Tone-marked vowels and ü, with the plain letter they stand for.
const TONED: &[(char, char)] = &[
    ('ā', 'a'),
    ('á', 'a'),
    ('ǎ', 'a'),
    ('à', 'a'),
    ('ē', 'e'),
    ('é', 'e'),
    ('ě', 'e'),
    ('è', 'e'),
    ('ī', 'i'),
    ('í', 'i'),
    ('ǐ', 'i'),
    ('ì', 'i'),
    ('ō', 'o'),
    ('ó', 'o'),
    ('ǒ', 'o'),
    ('ò', 'o'),
    ('ū', 'u'),
    ('ú', 'u'),
    ('ǔ', 'u'),
    ('ù', 'u'),
    ('ü', 'v'),
    ('ǖ', 'v'),
    ('ǘ', 'v'),
    ('ǚ', 'v'),
    ('ǜ', 'v'),
    ('ń', 'n'),
    ('ň', 'n'),
    ('ǹ', 'n'),
    ('ḿ', 'm'),
];

const INITIALS: &[&str] = &[
    "zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r",
    "z", "c", "s", "y", "w", "",
];

const FINALS: &[&str] = &[
    "a", "o", "e", "i", "u", "v", "ai", "ei", "ao", "ou", "an", "en", "ang", "eng", "ong", "er",
    "ia", "ie", "iao", "iu", "ian", "in", "iang", "ing", "iong", "ua", "uo", "uai", "ui", "uan",
    "un", "uang", "ueng", "ue", "ve", "van", "vn", "io", "m", "n", "ng",
];

/// The syllable with tone marks removed (ü as `v`), and whether it carried a tone mark; None
/// if it has a character that is not a pinyin letter.
fn untone(s: &[char]) -> Option<(String, bool)> {
    let mut plain = String::new();
    let mut toned = false;
    // A tone number at the end (`guan1`, `yi2`) counts as a tone mark.
    let s = match s.split_last() {
        Some((&d, rest)) if ('1'..='5').contains(&d) && !rest.is_empty() => {
            toned = true;
            rest
        }
        _ => s,
    };
    for &c in s {
        if c.is_ascii_lowercase() {
            plain.push(c);
        } else if let Some(&(_, base)) = TONED.iter().find(|(t, _)| *t == c) {
            toned |= c != 'ü';
            plain.push(base);
        } else {
            return None;
        }
    }
    Some((plain, toned))
}

/// True for one pinyin syllable, with or without tone marks or a tone number (`guān`, `zhǔn`,
/// `lüè`, `de`, `guan1`).
pub fn is_pinyin_syllable(s: &[char]) -> bool {
    if s.is_empty() || s.len() > 7 {
        return false;
    }
    let Some((plain, _)) = untone(s) else {
        return false;
    };
    INITIALS.iter().any(|ini| {
        plain
            .strip_prefix(ini)
            .is_some_and(|fin| FINALS.contains(&fin))
    })
}

/// Flags `(pinyin)` right after a CJK character. Syllables without a tone mark count only when
/// the document also has tone-marked ones (a converter writes them all the same way), so a
/// lone `(a)` after a character is left alone.
pub fn flag(text: &Mapped, drop: &mut [bool]) -> u32 {
    let chars = &text.chars;
    let mut spans: Vec<(usize, usize, bool)> = Vec::new();
    for j in 1..chars.len() {
        if !matches!(chars[j], '(' | '（') || !is_han(chars[j - 1]) {
            continue;
        }
        let Some(close) =
            (j + 1..chars.len().min(j + 10)).find(|&k| matches!(chars[k], ')' | '）'))
        else {
            continue;
        };
        let inner = &chars[j + 1..close];
        if is_pinyin_syllable(inner) {
            let toned = untone(inner).is_some_and(|(_, t)| t);
            spans.push((j, close, toned));
        }
    }
    if !spans.iter().any(|s| s.2) {
        return 0;
    }
    let mut n = 0;
    for (start, end, _) in spans {
        for d in drop.iter_mut().take(end + 1).skip(start) {
            if !*d {
                *d = true;
                n += 1;
            }
        }
    }
    n
}
