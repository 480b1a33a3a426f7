//! Script and encoding of a generated document: simplified ↔ traditional with the catalog's
//! t2s table (and its reverse), and the bytes in UTF-8, GBK, Big5 or UTF-16LE with a BOM.

use super::rng::Rng;
use std::collections::HashMap;
use std::sync::LazyLock;

static T2S_DATA: &str = include_str!("../catalog/t2s.txt");

/// Simplified forms that Big5 has as rare characters but a traditional text writes otherwise.
const CONVERT: &str = "与体机极适划并余范准后当冲";

/// The traditional form for simplified characters where several merged into one.
const PREFER: &[(char, char)] = &[
    ('发', '發'),
    ('复', '復'),
    ('获', '獲'),
    ('历', '歷'),
    ('汇', '匯'),
    ('团', '團'),
    ('签', '簽'),
    ('尽', '盡'),
    ('坛', '壇'),
    ('钟', '鐘'),
    ('与', '與'),
    ('体', '體'),
    ('机', '機'),
    ('极', '極'),
    ('适', '適'),
    ('划', '劃'),
    ('并', '並'),
    ('余', '餘'),
    ('范', '範'),
    ('准', '準'),
    ('后', '後'),
    ('当', '當'),
    ('冲', '衝'),
    ('苏', '蘇'),
];

/// Whether `c` is a Han character of Big5 proper (A440–C67E, C940–F9D5), not of the HKSCS
/// and Eten extensions the WHATWG encoder also writes, which hold simplified forms (机, 与).
fn in_big5(c: char) -> bool {
    let mut buf = [0; 4];
    let (bytes, _, unmappable) = encoding_rs::BIG5.encode(c.encode_utf8(&mut buf));
    match (unmappable, bytes.as_ref()) {
        (false, &[lead, trail]) => {
            (0xA4..=0xC5).contains(&lead)
                || (lead == 0xC6 && trail <= 0x7E)
                || (0xC9..=0xF9).contains(&lead)
        }
        _ => false,
    }
}

struct Tables {
    t2s: HashMap<char, char>,
    s2t: HashMap<char, char>,
}

static TABLES: LazyLock<Tables> = LazyLock::new(|| {
    let mut t2s = HashMap::new();
    let mut s2t = HashMap::new();
    for line in T2S_DATA.lines().filter(|l| !l.starts_with('#')) {
        let mut it = line.split('\t');
        let (Some(t), Some(s)) = (it.next(), it.next()) else {
            continue;
        };
        let (mut tc, mut sc) = (t.chars(), s.chars());
        if let (Some(t), None, Some(s), None) = (tc.next(), tc.next(), sc.next(), sc.next()) {
            t2s.insert(t, s);
            // Big5 is the traditional standard set: a simplified character Big5 has is a
            // traditional character too and stays (公里, 以后, 同, 家, 困); one it lacks becomes
            // a form Big5 has, not a variant (敎, 査, 奬).
            if (!in_big5(s) || CONVERT.contains(s)) && in_big5(t) {
                s2t.entry(s).or_insert(t);
            }
        }
    }
    for &(s, t) in PREFER {
        if t2s.get(&t) == Some(&s) {
            s2t.insert(s, t);
        }
    }
    Tables { t2s, s2t }
});

pub fn to_simplified(text: &str) -> String {
    let t2s = &TABLES.t2s;
    text.chars().map(|c| *t2s.get(&c).unwrap_or(&c)).collect()
}

pub fn to_traditional(text: &str) -> String {
    let s2t = &TABLES.s2t;
    text.chars().map(|c| *s2t.get(&c).unwrap_or(&c)).collect()
}

/// Whether `c` is a traditional character that differs from its simplified form.
pub fn is_converted(c: char) -> bool {
    TABLES.t2s.contains_key(&c)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enc {
    Utf8,
    Gbk,
    Big5,
    Utf16Le,
}

impl Enc {
    pub fn is_utf8(self) -> bool {
        self == Enc::Utf8
    }
}

/// UTF-8 for most documents, GBK for a quarter of the simplified ones, Big5 for a third of the
/// traditional ones, UTF-16LE with a BOM for about one in ten.
pub fn pick_encoding(rng: &mut Rng, traditional: bool) -> Enc {
    let u = rng.unit();
    match (traditional, u) {
        (_, u) if u < 0.1 => Enc::Utf16Le,
        (false, u) if u < 0.35 => Enc::Gbk,
        (true, u) if u < 0.45 => Enc::Big5,
        _ => Enc::Utf8,
    }
}

/// A character the legacy encoding has, for one it lacks: the other script's form, or `?` as
/// converters write (more than [`MAX_LOST`] of those, and the file stays UTF-8).
fn encodable(c: char, enc: &'static encoding_rs::Encoding) -> Option<char> {
    let fits = |c: char| !enc.encode(c.encode_utf8(&mut [0; 4])).2;
    [
        Some(c),
        TABLES.s2t.get(&c).copied(),
        TABLES.t2s.get(&c).copied(),
    ]
    .into_iter()
    .flatten()
    .chain(c.is_whitespace().then_some(' '))
    .find(|&c| fits(c))
}

/// Characters a legacy encoding may lose to `?` before the document stays UTF-8 instead.
const MAX_LOST: usize = 3;

/// The bytes of `text` in `enc`; UTF-8 when the legacy encoding cannot hold it (Big5 has no
/// pinyin tone marks), as real files are.
pub fn encode(text: &str, enc: Enc) -> Vec<u8> {
    let legacy = match enc {
        Enc::Utf8 => return text.as_bytes().to_vec(),
        Enc::Utf16Le => {
            let mut out = Vec::with_capacity(2 + text.len() * 2);
            out.extend_from_slice(&[0xFF, 0xFE]);
            for u in text.encode_utf16() {
                out.extend_from_slice(&u.to_le_bytes());
            }
            return out;
        }
        Enc::Gbk => encoding_rs::GBK,
        Enc::Big5 => encoding_rs::BIG5,
    };
    let (bytes, _, unmappable) = legacy.encode(text);
    if !unmappable {
        return bytes.into_owned();
    }
    let mut lost = 0;
    let mut seen: HashMap<char, Option<char>> = HashMap::new();
    let fixed: String = text
        .chars()
        .map(|c| {
            if c.is_ascii() {
                return c;
            }
            let e = *seen.entry(c).or_insert_with(|| encodable(c, legacy));
            e.unwrap_or_else(|| {
                lost += 1;
                '?'
            })
        })
        .collect();
    if lost > MAX_LOST {
        return text.as_bytes().to_vec();
    }
    legacy.encode(&fixed).0.into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_kept_forms() {
        let s = "新改建农村公路300公里，医疗服务发展";
        let t = to_traditional(s);
        assert_eq!(t, "新改建農村公路300公里，醫療服務發展");
        assert_eq!(to_simplified(&t), s);
    }

    #[test]
    fn legacy_encodings_fall_back_to_utf8() {
        let garbled = "關(guān)醫(yī)務(wù)鄉(xiāng)質(zhì)";
        assert_eq!(encode(garbled, Enc::Big5), garbled.as_bytes());
        assert_eq!(encode("關\u{a0}係", Enc::Big5), encode("關 係", Enc::Big5));
        assert_ne!(encode("醫療", Enc::Big5), "醫療".as_bytes());
        assert_eq!(&encode("甲", Enc::Utf16Le)[..2], &[0xFF, 0xFE]);
    }
}
