//! The working text extract reads: the document's clean text with layout spaces dropped,
//! full-width digits folded, stray pinyin garble skipped and the characters of extract's own
//! word lists mapped to simplified form, each character remembering its index in `clean`.
//! Also its structure: paragraphs, sentences, clauses, headings, quotes and page furniture.
//!
//! Ingest already does most of this; doing the cheap part again here keeps extract right on
//! documents that a less thorough ingest hands over (a no-op on well-cleaned text).

use std::ops::Range;

/// Characters of the working text and their indices in `Document::clean`.
///
/// Positions are character indices into `chars`; the same text is kept as a string too, with
/// the byte offset of every character, so that a range of it is borrowed rather than rebuilt.
#[derive(Debug, Clone, Default)]
pub struct Work {
    pub chars: Vec<char>,
    pub clean_idx: Vec<usize>,
    /// `chars` as one string.
    text: String,
    /// Byte offset in `text` of every character, and `text.len()` last.
    bytes: Vec<usize>,
}

/// Traditional → simplified for the characters extract's rules and subjects lean on. Ingest
/// converts whole documents; this keeps the rules working when it has not.
const T2S: &str = concat!(
    "個个戶户萬万億亿間间項项處处臺台張张條条場场筆笔盞盏類类種种輛辆頭头隻只畝亩噸吨",
    "頃顷時时歲岁號号屆届級级點点鐘钟計计劃划將将確确預预實实現现達达爭争標标務务總总",
    "額额區区縣县鄉乡鎮镇農农業业開开發发設设與与對对為为來来國国內内資资產产餘余約约",
    "過过於于較较長长減减幣币經经濟济會会議议學学師师醫医衛卫療疗護护養养險险貼贴補补",
    "幫帮莊庄園园廳厅門门際际觀观單单關关係系環环綠绿質质氣气電电車车鐵铁運运輸输網网",
    "絡络線线館馆樓楼職职員员優优規规範范圍围參参應应體体檢检驗验歷历興兴擴扩續续連连",
    "專专報报導导組组織织辦办權权機机構构創创調调漲涨勞劳動动費费貸贷銷销營营稅税鄰邻",
    "廁厕閱阅讀读書书積积畢毕屬属協协聯联貧贫難难殘残兒儿婦妇聖圣樣样檔档擔担戰战堅坚",
    "進进離离藥药診诊篩筛癥症軍军災灾傷伤賠赔慶庆豐丰鹽盐蘇苏還还穩稳崗岗徵征給给陽阳",
    "燈灯課课裝装備备臨临據据數数測测這这們们後后從从讓让適适齡龄爾尔獎奖勵励結结夢梦",
    "愛爱廣广選选評评",
);

/// `T2S` as a sorted table of (traditional, simplified) pairs.
fn t2s(c: char) -> char {
    static TABLE: std::sync::OnceLock<Vec<(char, char)>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let cs: Vec<char> = T2S.chars().collect();
        let mut t: Vec<(char, char)> = cs
            .chunks(2)
            .filter(|p| p.len() == 2)
            .map(|p| (p[0], p[1]))
            .collect();
        t.sort();
        t.dedup_by_key(|p| p.0);
        t
    });
    if (c as u32) < 0x4e00 {
        return c;
    }
    table
        .binary_search_by_key(&c, |p| p.0)
        .map(|i| table[i].1)
        .unwrap_or(c)
}

fn fold(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        'Ａ'..='Ｚ' => char::from_u32(c as u32 - 'Ａ' as u32 + 'A' as u32).unwrap_or(c),
        'ａ'..='ｚ' => char::from_u32(c as u32 - 'ａ' as u32 + 'a' as u32).unwrap_or(c),
        '．' => '.',
        '（' => '(',
        '）' => ')',
        '＋' => '+',
        '－' => '-',
        '／' => '/',
        '：' => ':',
        '％' => '%',
        _ => t2s(c),
    }
}

fn is_hspace(c: char) -> bool {
    c == ' ' || c == '\t' || c == '\u{3000}' || c == '\u{a0}' || c == '\r'
}

/// A Latin unit right after a space (`100 km`, `50 kW`): the space is layout.
fn is_unit_start(rest: &[char]) -> bool {
    let word: String = rest
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    ["km", "kW", "kWh", "MW", "m2"].contains(&word.as_str())
}

/// Latin letters pinyin garble is written with (tone marks included).
fn is_pinyin(c: char) -> bool {
    c.is_ascii_lowercase() || "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ".contains(c)
}

impl Work {
    /// Builds the working text from a document's clean text.
    pub fn new(clean: &str) -> Work {
        let src: Vec<char> = clean.chars().collect();
        let mut w = Work::default();
        let mut i = 0;
        while i < src.len() {
            let c = src[i];
            // `關(guān)`: a parenthesised run of pinyin right after a CJK character is garble.
            if c == '(' && i > 0 && is_cjk(src[i - 1]) {
                let mut j = i + 1;
                while j < src.len() && j - i <= 8 && is_pinyin(src[j]) {
                    j += 1;
                }
                if j > i + 1
                    && j < src.len()
                    && src[j] == ')'
                    && src[i + 1..j].iter().any(|c| !c.is_ascii())
                {
                    i = j + 1;
                    continue;
                }
            }
            if is_hspace(c) {
                // A run of spaces: a tab separates table cells; a space separates Latin words
                // and numbers (`CN 65`, `120 85%`); elsewhere it is layout (`300 公里`).
                let mut j = i;
                while j < src.len() && is_hspace(src[j]) {
                    j += 1;
                }
                let prev = w.chars.last().copied();
                let next = src.get(j).copied();
                if let Some(t) = (i..j).find(|&k| src[k] == '\t') {
                    w.chars.push('\t');
                    w.clean_idx.push(t);
                } else if matches!((prev, next), (Some(a), Some(b)) if a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric()
                    && !(a.is_ascii_digit() && b.is_ascii_alphabetic() && is_unit_start(&src[j..])))
                {
                    w.chars.push(' ');
                    w.clean_idx.push(i);
                }
                i = j;
                continue;
            }
            w.chars.push(fold(c));
            w.clean_idx.push(i);
            i += 1;
        }
        w.text = w.chars.iter().collect();
        w.bytes = w.text.char_indices().map(|(b, _)| b).collect();
        w.bytes.push(w.text.len());
        w
    }

    pub fn len(&self) -> usize {
        self.chars.len()
    }

    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    /// The text of the character range `r` (clamped to the text).
    pub fn slice(&self, r: Range<usize>) -> String {
        self.str(r).to_string()
    }

    /// The text of the character range `r` (clamped to the text), borrowed.
    #[inline]
    pub fn str(&self, r: Range<usize>) -> &str {
        let n = self.len();
        let (s, e) = (r.start.min(n), r.end.min(n));
        if s >= e {
            return "";
        }
        &self.text[self.bytes[s]..self.bytes[e]]
    }

    /// The text from character `at` to the end.
    #[inline]
    pub fn rest(&self, at: usize) -> &str {
        &self.text[self.bytes[at.min(self.len())]..]
    }

    /// Does the text at `at` start with `s`?
    #[inline]
    pub fn at(&self, at: usize, s: &str) -> bool {
        // Called for every character by the scans for words: most calls end at the first
        // character, compared without touching the string.
        let Some(first) = s.chars().next() else {
            return true;
        };
        if self.chars.get(at) != Some(&first) {
            return false;
        }
        // Words are a few bytes long: a byte loop, not memcmp.
        let rest = self.rest(at).as_bytes();
        rest.len() >= s.len() && rest.iter().zip(s.as_bytes()).all(|(a, b)| a == b)
    }

    /// Does the text ending at `end` (exclusive) end with `s`?
    #[inline]
    pub fn ends(&self, end: usize, s: &str) -> bool {
        if s.is_empty() {
            return true;
        }
        if end > self.len() {
            return false;
        }
        let head = self.str(0..end).as_bytes();
        head.len() >= s.len()
            && head
                .iter()
                .rev()
                .zip(s.as_bytes().iter().rev())
                .all(|(a, b)| a == b)
    }
}

pub fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

/// Sentence-final punctuation.
pub fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '\n')
}

/// Clause boundaries (sentence ends included).
pub fn is_clause_end(c: char) -> bool {
    is_sentence_end(c) || matches!(c, '，' | ',' | '；' | ';' | ':' | '\t')
}

/// Sentence lengths past which a sentence is cut (see [`Layout::new`]).
const SOFT_MAX: usize = 300;
const HARD_MAX: usize = 500;
/// How far a clause reaches either way from a position at most.
const CLAUSE_MAX: usize = 200;

/// The structure of a working text.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    pub paragraphs: Vec<Range<usize>>,
    pub sentences: Vec<Range<usize>>,
    /// Paragraph index of every character.
    pub para_of: Vec<usize>,
    /// Sentence index of every character.
    pub sent_of: Vec<usize>,
    /// Which paragraphs are headings (short, no sentence punctuation).
    pub heading: Vec<bool>,
    /// Which paragraphs are page furniture (link lists, mastheads, comment counters).
    pub furniture: Vec<bool>,
    /// Characters inside a short quotation (“…”, "…") or a title (《…》).
    pub quoted: Vec<bool>,
}

/// Words that mark a paragraph as page furniture rather than report text.
const FURNITURE: &[&str] = &[
    "发表了评论",
    "发表评论",
    "责任编辑",
    "版权所有",
    "刊号",
    "邮发代号",
    "新闻热线",
    "浏览次数",
    "阅读量",
    "点击量",
    "扫一扫",
    "访问手机版",
];

impl Layout {
    pub fn new(w: &Work) -> Layout {
        let n = w.len();
        let mut l = Layout {
            para_of: vec![0; n],
            sent_of: vec![0; n],
            quoted: vec![false; n],
            ..Default::default()
        };
        let mut start = 0;
        for i in 0..=n {
            if i == n || w.chars[i] == '\n' {
                if i > start {
                    l.paragraphs.push(start..i);
                }
                start = i + 1;
            }
        }
        for (p, r) in l.paragraphs.iter().enumerate() {
            for i in r.clone() {
                l.para_of[i] = p;
            }
            // Sentences end at sentence punctuation; a run without any (a table, a list
            // pasted as one line) is cut at a clause boundary past SOFT_MAX characters, or at
            // HARD_MAX, so that every look-back stays short.
            let mut s = r.start;
            for i in r.clone() {
                let len = i + 1 - s;
                let c = w.chars[i];
                if is_sentence_end(c)
                    || i + 1 == r.end
                    || len >= SOFT_MAX && is_clause_end(c)
                    || len >= HARD_MAX
                {
                    let end = i + 1;
                    l.sentences.push(s..end);
                    s = end;
                }
            }
        }
        for (si, r) in l.sentences.iter().enumerate() {
            for i in r.clone() {
                l.sent_of[i] = si;
            }
        }
        let np = l.paragraphs.len();
        l.heading = (0..np).map(|p| is_heading(w, &l.paragraphs, p)).collect();
        l.furniture = l
            .paragraphs
            .iter()
            .map(|r| is_furniture(w.str(r.clone())))
            .collect();
        mark_quotes(w, &l.paragraphs, &mut l.quoted);
        l
    }

    pub fn sentence_of(&self, i: usize) -> Range<usize> {
        self.sentences[self.sent_of[i]].clone()
    }

    pub fn paragraph_of(&self, i: usize) -> Range<usize> {
        self.paragraphs[self.para_of[i]].clone()
    }
}

/// The clause holding position `i`: from the last clause boundary before it to the next one.
pub fn clause_of(w: &Work, i: usize) -> Range<usize> {
    let mut s = i;
    while s > 0 && i - s < CLAUSE_MAX && !is_clause_end(w.chars[s - 1]) {
        s -= 1;
    }
    let mut e = i;
    while e < w.len() && e - i < CLAUSE_MAX && !is_clause_end(w.chars[e]) {
        e += 1;
    }
    s..e
}

fn is_heading(w: &Work, paras: &[Range<usize>], p: usize) -> bool {
    let r = &paras[p];
    let len = r.len();
    if len == 0 || len > 40 {
        return false;
    }
    if w.chars[r.clone()].iter().any(|c| {
        matches!(
            c,
            '，' | ',' | '。' | '；' | ';' | '！' | '？' | ':' | '"' | '“'
        )
    }) {
        return false;
    }
    // A layout break inside a sentence leaves a fragment that the next paragraph continues
    // (`…示范村` + `22个。…`); a numbered list item after a heading is not a continuation.
    if let Some(next) = paras.get(p + 1) {
        let c = w.chars[next.start];
        let continues = c.is_ascii_digit() && !super::context::starts_numbered(w, next.start)
            || matches!(c, '、' | '，' | '。' | '%');
        if continues {
            return false;
        }
    }
    true
}

fn is_furniture(p: &str) -> bool {
    let t = p.trim();
    // Furniture is a short line; a long paragraph that quotes such words is text.
    if t.chars().count() > 200 {
        return false;
    }
    if FURNITURE.iter().any(|f| t.contains(f)) {
        return true;
    }
    // Lists of related links: `- 标题2024-01-18`.
    let ends_with_date = {
        let cs: Vec<char> = t.chars().collect();
        cs.len() >= 10 && {
            let tail = &cs[cs.len() - 10..];
            tail.iter().enumerate().all(|(k, c)| {
                if k == 4 || k == 7 {
                    *c == '-'
                } else {
                    c.is_ascii_digit()
                }
            })
        }
    };
    t.starts_with("- ") || ends_with_date
}

/// Marks characters inside short quotations and titles: numbers there name things
/// (`“十件惠民实事”`, `《2022年全市药政工作要点》`) rather than count them.
fn mark_quotes(w: &Work, paras: &[Range<usize>], quoted: &mut [bool]) {
    const MAX: usize = 25;
    for r in paras {
        let mut open: Option<(usize, char)> = None;
        let mut ascii_open = false;
        for i in r.clone() {
            let c = w.chars[i];
            let closes = match open {
                Some((_, '“')) => c == '”',
                Some((_, '《')) => c == '》',
                Some((_, '"')) => c == '"',
                Some((_, '「')) => c == '」',
                _ => false,
            };
            if closes {
                let (s, _) = open.take().unwrap_or((i, c));
                if i - s <= MAX + 1 {
                    for q in quoted.iter_mut().take(i).skip(s + 1) {
                        *q = true;
                    }
                }
                if c == '"' {
                    ascii_open = false;
                }
                continue;
            }
            if open.is_none() && matches!(c, '“' | '《' | '「') || c == '"' && !ascii_open {
                if c == '"' {
                    ascii_open = true;
                }
                open = Some((i, c));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_layout_spaces_and_garble() {
        let w = Work::new("新改建农村公路300 公里,總關(guān)情 5G 网");
        let s: String = w.chars.iter().collect();
        assert_eq!(s, "新改建农村公路300公里,总关情5G网");
    }

    #[test]
    fn keeps_spaces_between_latin_words() {
        let w = Work::new("CN 65");
        assert_eq!(w.chars.iter().collect::<String>(), "CN 65");
    }

    #[test]
    fn marks_short_quotes() {
        let w = Work::new("公布“十件惠民实事”清单");
        let l = Layout::new(&w);
        assert!(l.quoted[3]);
        assert!(!l.quoted[0]);
    }

    #[test]
    fn link_lists_are_furniture() {
        assert!(is_furniture(
            "- 2023年廈門47項為民辦實事項目全部完成2024-01-18"
        ));
        assert!(is_furniture("已有0人发表了评论"));
        assert!(!is_furniture("建成长者食堂88个。"));
    }
}
