//! Numbers as written: Arabic (decimals, thousands separators; full-width digits are folded
//! before), Chinese numerals (`两`, `十二`, `三十五`, `千万`), multipliers (`2.8万`, `39.5亿`,
//! `3亿1300万`) and the `余`/`多` written inside a number (`12余万`, `1500多万`, `613万余`).

/// One way to read a number starting at some position. A position can have several readings
/// (`5204.8万千瓦`: with or without `万`, `千` never a multiplier before `瓦`); the caller keeps
/// the longest one after which a unit follows.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    pub start: usize,
    /// End of the number (multiplier and inner 余/多 included).
    pub end: usize,
    pub value: f64,
    /// Power of ten of the written multiplier (4 for 万, 8 for 亿), 0 for none.
    pub scale: i8,
    pub chinese: bool,
    /// `余` or `多` written inside the number.
    pub more_than: bool,
}

const MULTIPLIERS: &[(&str, i8)] = &[
    ("万亿", 12),
    ("千万", 7),
    ("百万", 6),
    ("十万", 5),
    ("亿", 8),
    ("万", 4),
    ("千", 3),
    ("百", 2),
];

fn starts(chars: &[char], at: usize, s: &str) -> bool {
    (at..).zip(s.chars()).all(|(i, c)| chars.get(i) == Some(&c))
}

fn is_more(c: Option<&char>) -> bool {
    matches!(c, Some('余') | Some('多'))
}

/// Arabic digits at `at`: (end, value). `1,234.5` → 1234.5.
pub fn arabic_digits(chars: &[char], at: usize) -> Option<(usize, f64)> {
    let mut i = at;
    let mut s = String::new();
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            s.push(c);
            i += 1;
        } else if c == ','
            && !s.is_empty()
            && !s.contains('.')
            && (1..=3).all(|k| chars.get(i + k).is_some_and(|d| d.is_ascii_digit()))
            && !chars.get(i + 4).is_some_and(|d| d.is_ascii_digit())
        {
            i += 1;
        } else if c == '.'
            && !s.is_empty()
            && !s.contains('.')
            && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit())
        {
            s.push('.');
            i += 1;
        } else {
            break;
        }
    }
    if s.is_empty() {
        return None;
    }
    s.parse::<f64>().ok().map(|v| (i, v))
}

/// Every reading of an Arabic number at `at`, longest first.
pub fn arabic(chars: &[char], at: usize) -> Vec<Reading> {
    let Some((dend, base)) = arabic_digits(chars, at) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut p = dend;
    let inner_before = is_more(chars.get(p)) && {
        // `12余万`, `30多万`: only when a multiplier follows; `2300余名` is handled by the
        // qualifier reader after the unit.
        MULTIPLIERS.iter().any(|(m, _)| starts(chars, p + 1, m))
    };
    if inner_before {
        p += 1;
    }
    for (m, sc) in MULTIPLIERS {
        if !starts(chars, p, m) {
            continue;
        }
        let mut end = p + m.chars().count();
        // Shift the decimal point rather than multiply: `2.3亿` is 230000000, not
        // 229999999.99999997.
        let mut value = scaled(base, *sc);
        // `3亿1300万`
        if *sc == 8 {
            if let Some((e2, v2)) = arabic_digits(chars, end) {
                if starts(chars, e2, "万") {
                    value += v2 * 1e4;
                    end = e2 + 1;
                }
            }
        }
        let mut more = inner_before;
        if is_more(chars.get(end)) {
            // `613万余份`
            more = true;
            out.push(Reading {
                start: at,
                end: end + 1,
                value,
                scale: *sc,
                chinese: false,
                more_than: true,
            });
        }
        out.push(Reading {
            start: at,
            end,
            value,
            scale: *sc,
            chinese: false,
            more_than: more,
        });
    }
    if !inner_before {
        out.push(Reading {
            start: at,
            end: dend,
            value: base,
            scale: 0,
            chinese: false,
            more_than: false,
        });
    }
    out
}

/// `base × 10^scale`, exact where the decimal result is.
fn scaled(base: f64, scale: i8) -> f64 {
    format!("{base}e{scale}")
        .parse()
        .unwrap_or(base * 10f64.powi(scale as i32))
}

pub fn chinese_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' | '两' | '兩' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

fn chinese_unit(c: char) -> Option<(f64, bool)> {
    Some(match c {
        '十' => (10.0, false),
        '百' => (100.0, false),
        '千' => (1000.0, false),
        '万' => (1e4, true),
        '亿' => (1e8, true),
        _ => return None,
    })
}

pub fn is_chinese_numeral(c: char) -> bool {
    chinese_digit(c).is_some() || chinese_unit(c).is_some()
}

/// The value of a whole Chinese numeral (`三十五` → 35, `千万` → 1e7), None if malformed.
pub fn chinese_value(s: &[char]) -> Option<f64> {
    let mut total = 0.0;
    let mut section = 0.0;
    let mut number: Option<f64> = None;
    let mut last_was_digit = false;
    for &c in s {
        if let Some(d) = chinese_digit(c) {
            if last_was_digit && number != Some(0.0) {
                return None; // `一二` is not a number (`一百零五` is)
            }
            number = Some(d as f64);
            last_was_digit = true;
        } else if let Some((u, big)) = chinese_unit(c) {
            last_was_digit = false;
            if big {
                let sec = section + number.unwrap_or(0.0);
                let sec = if sec == 0.0 { 1.0 } else { sec };
                total = (total + sec) * u;
                section = 0.0;
            } else {
                section += number.unwrap_or(1.0) * u;
            }
            number = None;
        } else {
            return None;
        }
    }
    Some(total + section + number.unwrap_or(0.0))
}

/// Every reading of a Chinese numeral at `at`, longest first.
pub fn chinese(chars: &[char], at: usize) -> Vec<Reading> {
    let mut end = at;
    while end < chars.len() && is_chinese_numeral(chars[end]) && end - at < 8 {
        end += 1;
    }
    let mut out = Vec::new();
    let mut e = end;
    while e > at {
        if let Some(v) = chinese_value(&chars[at..e]) {
            out.push(Reading {
                start: at,
                end: e,
                value: v,
                scale: 0,
                chinese: true,
                more_than: false,
            });
        }
        e -= 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(s: &str) -> (f64, usize, bool) {
        let cs: Vec<char> = s.chars().collect();
        let r = arabic(&cs, 0).into_iter().next().unwrap();
        (r.value, r.end, r.more_than)
    }

    fn cn(s: &str) -> f64 {
        let cs: Vec<char> = s.chars().collect();
        chinese_value(&cs).unwrap()
    }

    #[test]
    fn arabic_with_multipliers() {
        assert_eq!(first("2.8万人次"), (28000.0, 4, false));
        assert_eq!(first("39.5亿元").0, 3950000000.0);
        assert_eq!(first("1,234.5元").0, 1234.5);
        assert_eq!(first("3亿1300万元").0, 313000000.0);
    }

    #[test]
    fn inner_more_than() {
        assert_eq!(first("12余万人次"), (120000.0, 4, true));
        assert_eq!(first("1500多万人"), (15000000.0, 6, true));
        assert_eq!(first("613万余份"), (6130000.0, 5, true));
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(cn("两"), 2.0);
        assert_eq!(cn("十二"), 12.0);
        assert_eq!(cn("三十五"), 35.0);
        assert_eq!(cn("千万"), 1e7);
        assert_eq!(cn("一百零五"), 105.0);
        assert_eq!(cn("十"), 10.0);
        assert!(chinese_value(&['一', '二']).is_none());
    }
}
