//! Script and noise of a generated document, at rates like the real ones: about 30% in
//! traditional script (chosen by the caller); 15% with a spam phrase glued at the start of the
//! text and before clause punctuation; 12% with layout breaks (a space every 18–40 characters
//! inside paragraphs, a line break where both sides hold punctuation, as a newspaper column);
//! a quarter of the traditional ones with pinyin garble (`關(guān)`) on converted characters.

use super::rng::Rng;
use super::script;
use crate::ingest::text::is_han;
use std::collections::HashMap;

/// Phrases spam injectors glue into pages (betting sites and the like).
const SPAM: &[&str] = &[
    "半岛全站",
    "开云体育官网",
    "乐鱼体育",
    "华体会体育",
    "必威官方网站",
    "九游会官网登录",
];

/// The pinyin a broken converter glued after characters in the seeds: `關(guān)` teaches 關.
#[derive(Default)]
pub struct Pinyin(HashMap<char, String>);

impl Pinyin {
    /// Learns the garble of a seed and returns the seed without it (and without the spam
    /// phrases of [`SPAM`]), so generated documents get noise at the rates drawn here.
    pub fn learn_and_strip(&mut self, raw: &str) -> String {
        let chars: Vec<char> = raw.chars().collect();
        let mut out = String::with_capacity(raw.len());
        let mut j = 0;
        while j < chars.len() {
            out.push(chars[j]);
            j += 1;
            if chars.get(j) != Some(&'(') || !is_han(chars[j - 1]) {
                continue;
            }
            let Some(len) = chars[j + 1..].iter().take(8).position(|&c| c == ')') else {
                continue;
            };
            let inner = &chars[j + 1..j + 1 + len];
            if len > 0
                && inner
                    .iter()
                    .all(|c| c.is_ascii_lowercase() || TONED.contains(*c))
            {
                self.0
                    .entry(chars[j - 1])
                    .or_insert_with(|| inner.iter().collect());
                j += len + 2;
            }
        }
        SPAM.iter().fold(out, |t, p| t.replace(p, ""))
    }
}

/// Letters with tone marks (and ü) that garble syllables use.
const TONED: &str = "āáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňǹḿ";

/// Which noise one document gets, drawn before it is assembled (garble makes it longer).
pub struct Plan {
    pub traditional: bool,
    spam: Option<&'static str>,
    layout: bool,
    pub garble: bool,
}

impl Plan {
    pub fn draw(rng: &mut Rng, traditional: bool, pinyin: &Pinyin) -> Plan {
        let spam = rng.chance(0.15).then(|| *rng.pick(SPAM));
        let layout = rng.chance(0.12);
        let garble = traditional && !pinyin.0.is_empty() && rng.chance(0.25);
        Plan {
            traditional,
            spam,
            layout,
            garble,
        }
    }
}

/// `text` (simplified) with its script and noise.
pub fn add(text: &str, plan: &Plan, rng: &mut Rng, pinyin: &Pinyin) -> String {
    let mut text = text.to_string();
    if let Some(phrase) = plan.spam {
        text = spam(&text, phrase, rng);
    }
    if plan.layout {
        text = layout(&text, rng);
    }
    if plan.traditional {
        text = script::to_traditional(&text);
    }
    if plan.garble {
        text = garble(&text, pinyin, rng);
    }
    text
}

/// The phrase in front of the first body line and glued before ~5% of clause ends (at least 3).
fn spam(text: &str, phrase: &str, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(text.len() + 1024);
    let mut glued = 0;
    let mut started = false;
    let mut prev = '\n';
    for c in text.chars() {
        if !started && prev == '\n' && c != '\n' && c != ' ' && c != '\u{3000}' {
            // The first line long enough to be body text.
            started = true;
            out.push_str(phrase);
        }
        if matches!(c, '，' | '。') && is_han(prev) && (glued < 3 || rng.chance(0.05)) {
            out.push_str(phrase);
            glued += 1;
        }
        out.push(c);
        prev = c;
    }
    out
}

/// Blanks inside paragraphs between Chinese characters, as a narrow column leaves them.
fn layout(text: &str, rng: &mut Rng) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + text.len() / 20);
    let mut width = 18 + rng.below(23);
    let mut since = 0;
    let mut comma_since = false;
    for (i, &c) in chars.iter().enumerate() {
        out.push(c);
        if c == '\n' {
            since = 0;
            comma_since = false;
            continue;
        }
        since += 1;
        comma_since |= c == '，';
        let next = chars.get(i + 1).copied();
        if since < width || !is_han(c) || !next.is_some_and(is_han) {
            continue;
        }
        // A line break only where the lines on both sides hold punctuation, so neither reads as
        // a heading and the break is joined again.
        let punct_ahead = chars[i + 1..]
            .iter()
            .take(18)
            .take_while(|&&c| c != '\n')
            .any(|&c| matches!(c, '，' | '。'));
        out.push(if comma_since && punct_ahead && rng.chance(0.3) {
            '\n'
        } else {
            ' '
        });
        since = 0;
        comma_since = false;
        width = 18 + rng.below(23);
    }
    out
}

/// `(pinyin)` after most converted characters whose pinyin the seeds show.
fn garble(text: &str, pinyin: &Pinyin, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for c in text.chars() {
        out.push(c);
        if script::is_converted(c) {
            if let Some(p) = pinyin.0.get(&c) {
                if rng.chance(0.7) {
                    out.push('(');
                    out.push_str(p);
                    out.push(')');
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_garble_pinyin() {
        let mut p = Pinyin::default();
        let stripped = p.learn_and_strip("總關(guān)情，醫(yī)療(2024)半岛全站。");
        assert_eq!(stripped, "總關情，醫療(2024)。");
        assert_eq!(p.0.get(&'關').map(String::as_str), Some("guān"));
        assert_eq!(p.0.get(&'醫').map(String::as_str), Some("yī"));
        assert!(!p.0.contains_key(&'療'));
    }

    #[test]
    fn spam_is_glued_at_least_three_times() {
        let text = "标题\n\n新增学位一万个，建成学校十所。完成投资，惠及群众。\n";
        let out = spam(text, "半岛全站", &mut Rng::new(1));
        assert!(out.matches("半岛全站").count() >= 4, "{out}");
        assert!(out.starts_with("半岛全站标题"), "{out}");
    }
}
