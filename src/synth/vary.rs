//! Variation of a recombined text: years shifted by one offset for the whole document, numbers
//! scaled by a random factor each (decimals keep their places, 万/亿 stay, now and then a 万
//! is written out or a large count gets one, Chinese numerals before a measure word stay
//! Chinese numerals), regions swapped (see [`regions`]) and unit spellings varied
//! (公里/千米, 平方米/平米). Dates, times, serial numbers, phone numbers and 第N stay.

mod regions;

use super::rng::Rng;

pub fn vary(text: &str, rng: &mut Rng) -> String {
    let shift = rng.range(-6, 2);
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 256);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let prev = i.checked_sub(1).map(|p| chars[p]);
        if c.is_ascii_digit() && !prev.is_some_and(|p| p.is_ascii_digit() || p == '.') {
            i = number(&chars, i, shift, rng, &mut out);
            continue;
        }
        if cn_digit(c).is_some() && !prev.is_some_and(|p| cn_digit(p).is_some() || p == '第') {
            i = cn_number(&chars, i, rng, &mut out);
            continue;
        }
        out.push(c);
        i += 1;
    }
    let out = regions::swap(&out, rng);
    units(out, rng)
}

/// Where a year may stand: before 年 or a range or date separator.
fn after_year(c: Option<char>) -> bool {
    c.is_some_and(|c| "年-－—–~～至/.".contains(c))
}

/// Characters after a number that make it a date, time, serial or code part, not a quantity.
fn not_a_quantity(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphanumeric() || "月日时号届期版点:：-－—/年".contains(c))
}

/// Copies or varies the digits starting at `i`; returns the index after them.
fn number(chars: &[char], i: usize, shift: i64, rng: &mut Rng, out: &mut String) -> usize {
    let mut j = i;
    while j < chars.len() && chars[j].is_ascii_digit() {
        j += 1;
    }
    let int: String = chars[i..j].iter().collect();
    let mut frac = String::new();
    if chars.get(j) == Some(&'.') && chars.get(j + 1).is_some_and(char::is_ascii_digit) {
        let mut k = j + 1;
        while k < chars.len() && chars[k].is_ascii_digit() {
            k += 1;
        }
        frac = chars[j + 1..k].iter().collect();
        j = k;
    }
    let next = chars.get(j).copied();
    let before = chars[..i].iter().rev().find(|c| **c != ' ').copied();
    if frac.is_empty() && int.len() == 4 && after_year(next) {
        match int.parse::<i64>() {
            Ok(y) if (1950..=2039).contains(&y) => out.push_str(&(y + shift).to_string()),
            _ => out.push_str(&int),
        }
        return j;
    }
    let keep = (frac.is_empty() && int.len() >= 7)
        || (int.len() > 1 && int.starts_with('0'))
        || not_a_quantity(next)
        || before.is_some_and(|b| b.is_ascii_alphabetic() || "第:：-－—/".contains(b));
    if keep {
        out.extend(&chars[i..j]);
        return j;
    }
    let orig: f64 = format!("{int}.{}", if frac.is_empty() { "0" } else { &frac })
        .parse()
        .unwrap_or(0.0);
    let percent = matches!(next, Some('%') | Some('％'));
    let mut v = if percent {
        orig * rng.log_uniform(0.8, 1.25)
    } else {
        orig * rng.log_uniform(0.5, 2.0)
    };
    if percent && orig <= 100.0 {
        v = v.min(100.0);
    }
    let places = frac.len();
    if places == 0 && orig > 0.0 {
        v = v.round().max(1.0);
    }
    if next == Some('万') && places <= 2 && v < 1e4 && rng.chance(0.1) {
        // 2.3万人 → 23000人
        out.push_str(&format!("{:.0}", v * 1e4));
        return j + 1;
    }
    let unit_follows = next.is_some_and(|c| !"万亿%％.".contains(c) && !c.is_ascii());
    if places == 0 && v >= 1e4 && unit_follows && rng.chance(0.1) {
        // 25000人 → 2.5万人
        out.push_str(&format!("{:.1}万", v / 1e4));
        return j;
    }
    out.push_str(&format!("{v:.places$}"));
    j
}

fn cn_digit(c: char) -> Option<u32> {
    "零一二三四五六七八九"
        .find(c)
        .map(|b| b as u32 / 3)
        .or(match c {
            '两' => Some(2),
            '十' => Some(10),
            '百' => Some(100),
            '千' => Some(1000),
            _ => None,
        })
}

/// Measure words after which a Chinese numeral is a quantity (`十五所`, `三百个`).
const MEASURE: &str = "个所家项座条户名辆台套处间张支场批栋";

/// Copies or varies the Chinese numeral starting at `i`; returns the index after it.
fn cn_number(chars: &[char], i: usize, rng: &mut Rng, out: &mut String) -> usize {
    let mut j = i;
    let (mut total, mut cur) = (0u32, 0u32);
    while j < chars.len() && j - i < 8 {
        match cn_digit(chars[j]) {
            Some(d) if d < 10 => cur = d,
            Some(m) => {
                total += cur.max(u32::from(m == 10)) * m;
                cur = 0;
            }
            None => break,
        }
        j += 1;
    }
    total += cur;
    let quantity = chars.get(j).is_some_and(|c| MEASURE.contains(*c));
    if !quantity || !(2..=9999).contains(&total) {
        out.extend(&chars[i..j]);
        return j;
    }
    let v = (f64::from(total) * rng.log_uniform(0.5, 2.0)).round() as u32;
    out.push_str(&cn_numeral(v.clamp(2, 9999)));
    j
}

/// 2..=9999 in Chinese numerals: 十五, 二十, 一百零五, 三千二百.
fn cn_numeral(v: u32) -> String {
    const D: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let mut out = String::new();
    let places = [(1000, '千'), (100, '百'), (10, '十')];
    let mut zero = false;
    let mut rest = v;
    for (p, name) in places {
        let d = rest / p;
        rest %= p;
        if d == 0 {
            zero = !out.is_empty();
            continue;
        }
        if zero {
            out.push('零');
            zero = false;
        }
        if !(p == 10 && d == 1 && out.is_empty()) {
            out.push(D[d as usize]);
        }
        out.push(name);
    }
    if rest > 0 {
        if zero {
            out.push('零');
        }
        out.push(D[rest as usize]);
    }
    out
}

fn units(text: String, rng: &mut Rng) -> String {
    let mut text = text;
    if rng.chance(0.25) {
        text = text.replace("公里", "千米");
    }
    if rng.chance(0.2) {
        text = text.replace("平方米", "平米");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(s: &str, seed: u64) -> String {
        vary(s, &mut Rng::new(seed))
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(cn_numeral(15), "十五");
        assert_eq!(cn_numeral(20), "二十");
        assert_eq!(cn_numeral(105), "一百零五");
        assert_eq!(cn_numeral(3200), "三千二百");
        assert_eq!(cn_numeral(1010), "一千零一十");
    }

    #[test]
    fn dates_codes_and_ordinals_stay() {
        for seed in 0..20 {
            let out = run(
                "发布时间:2025-01-01 10:05:00，第12184期，热线2881100。",
                seed,
            );
            assert!(out.contains("-01-01 10:05:00"), "{out}");
            assert!(
                out.contains("第12184期") && out.contains("2881100"),
                "{out}"
            );
        }
    }

    #[test]
    fn years_shift_together_and_formats_stay() {
        for seed in 0..50 {
            let out = run("2023年城镇新增就业25.79万人，2024年完成112%", seed);
            let y: Vec<i64> = out
                .split('年')
                .filter_map(|s| {
                    s.chars()
                        .rev()
                        .take(4)
                        .collect::<String>()
                        .chars()
                        .rev()
                        .collect::<String>()
                        .parse()
                        .ok()
                })
                .collect();
            assert_eq!(y.len(), 2, "{out}");
            assert_eq!(y[1] - y[0], 1, "{out}");
            assert!(out.contains('%'), "{out}");
        }
    }
}
