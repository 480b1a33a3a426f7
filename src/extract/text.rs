//! The working text extract reads: the document's clean text with layout spaces dropped,
//! full-width digits folded, stray pinyin garble skipped and the characters of extract's own
//! word lists mapped to simplified form, each character remembering its index in `clean`.
//! Also its structure: paragraphs, sentences, clauses, headings, quotes and page furniture.
//!
//! Ingest already does most of this; doing the cheap part again here keeps extract right on
//! documents that a less thorough ingest hands over (a no-op on well-cleaned text).

use std::ops::Range;

/// Characters of the working text and their indices in `Document::clean`.
#[derive(Debug, Clone, Default)]
pub struct Work {
    pub chars: Vec<char>,
    pub clean_idx: Vec<usize>,
}

/// Traditional → simplified for the characters extract's rules and subjects lean on. Ingest
/// converts whole documents; this keeps the rules working when it has not.
const T2S: &[(char, char)] = &[
    ('個', '个'),
    ('戶', '户'),
    ('萬', '万'),
    ('億', '亿'),
    ('間', '间'),
    ('項', '项'),
    ('處', '处'),
    ('臺', '台'),
    ('張', '张'),
    ('條', '条'),
    ('場', '场'),
    ('筆', '笔'),
    ('盞', '盏'),
    ('類', '类'),
    ('種', '种'),
    ('輛', '辆'),
    ('頭', '头'),
    ('隻', '只'),
    ('畝', '亩'),
    ('噸', '吨'),
    ('頃', '顷'),
    ('時', '时'),
    ('歲', '岁'),
    ('號', '号'),
    ('屆', '届'),
    ('級', '级'),
    ('點', '点'),
    ('鐘', '钟'),
    ('計', '计'),
    ('劃', '划'),
    ('將', '将'),
    ('確', '确'),
    ('預', '预'),
    ('實', '实'),
    ('現', '现'),
    ('達', '达'),
    ('爭', '争'),
    ('標', '标'),
    ('務', '务'),
    ('總', '总'),
    ('額', '额'),
    ('區', '区'),
    ('縣', '县'),
    ('鄉', '乡'),
    ('鎮', '镇'),
    ('農', '农'),
    ('業', '业'),
    ('開', '开'),
    ('發', '发'),
    ('設', '设'),
    ('與', '与'),
    ('對', '对'),
    ('為', '为'),
    ('來', '来'),
    ('國', '国'),
    ('內', '内'),
    ('資', '资'),
    ('產', '产'),
    ('餘', '余'),
    ('約', '约'),
    ('過', '过'),
    ('於', '于'),
    ('較', '较'),
    ('長', '长'),
    ('減', '减'),
    ('幣', '币'),
    ('經', '经'),
    ('濟', '济'),
    ('會', '会'),
    ('議', '议'),
    ('學', '学'),
    ('師', '师'),
    ('醫', '医'),
    ('衛', '卫'),
    ('療', '疗'),
    ('護', '护'),
    ('養', '养'),
    ('險', '险'),
    ('貼', '贴'),
    ('補', '补'),
    ('幫', '帮'),
    ('莊', '庄'),
    ('園', '园'),
    ('廳', '厅'),
    ('門', '门'),
    ('際', '际'),
    ('觀', '观'),
    ('單', '单'),
    ('關', '关'),
    ('係', '系'),
    ('環', '环'),
    ('綠', '绿'),
    ('質', '质'),
    ('氣', '气'),
    ('電', '电'),
    ('車', '车'),
    ('鐵', '铁'),
    ('運', '运'),
    ('輸', '输'),
    ('網', '网'),
    ('絡', '络'),
    ('線', '线'),
    ('館', '馆'),
    ('樓', '楼'),
    ('職', '职'),
    ('員', '员'),
    ('優', '优'),
    ('規', '规'),
    ('範', '范'),
    ('圍', '围'),
    ('參', '参'),
    ('應', '应'),
    ('體', '体'),
    ('檢', '检'),
    ('驗', '验'),
    ('歷', '历'),
    ('興', '兴'),
    ('擴', '扩'),
    ('續', '续'),
    ('連', '连'),
    ('專', '专'),
    ('報', '报'),
    ('導', '导'),
    ('組', '组'),
    ('織', '织'),
    ('辦', '办'),
    ('權', '权'),
    ('機', '机'),
    ('構', '构'),
    ('創', '创'),
    ('調', '调'),
    ('漲', '涨'),
    ('勞', '劳'),
    ('動', '动'),
    ('務', '务'),
    ('費', '费'),
    ('貸', '贷'),
    ('款', '款'),
    ('銷', '销'),
    ('售', '售'),
    ('營', '营'),
    ('稅', '税'),
    ('惠', '惠'),
    ('億', '亿'),
    ('級', '级'),
    ('鄰', '邻'),
    ('廁', '厕'),
    ('閱', '阅'),
    ('讀', '读'),
    ('書', '书'),
    ('積', '积'),
    ('畢', '毕'),
    ('屬', '属'),
    ('協', '协'),
    ('聯', '联'),
    ('險', '险'),
    ('貧', '贫'),
    ('困', '困'),
    ('難', '难'),
    ('殘', '残'),
    ('疾', '疾'),
    ('兒', '儿'),
    ('童', '童'),
    ('婦', '妇'),
    ('聖', '圣'),
    ('樣', '样'),
    ('檔', '档'),
    ('擔', '担'),
    ('保', '保'),
    ('障', '障'),
    ('戰', '战'),
    ('略', '略'),
    ('堅', '坚'),
    ('進', '进'),
    ('離', '离'),
    ('級', '级'),
    ('藥', '药'),
    ('診', '诊'),
    ('篩', '筛'),
    ('癥', '症'),
    ('軍', '军'),
    ('災', '灾'),
    ('傷', '伤'),
    ('亡', '亡'),
    ('賠', '赔'),
    ('付', '付'),
    ('慶', '庆'),
    ('豐', '丰'),
    ('鹽', '盐'),
    ('蘇', '苏'),
    ('億', '亿'),
    ('還', '还'),
    ('穩', '稳'),
    ('崗', '岗'),
    ('徵', '征'),
    ('給', '给'),
    ('陽', '阳'),
    ('燈', '灯'),
    ('課', '课'),
    ('桌', '桌'),
    ('椅', '椅'),
    ('裝', '装'),
    ('備', '备'),
    ('臨', '临'),
    ('時', '时'),
    ('級', '级'),
    ('億', '亿'),
    ('區', '区'),
    ('據', '据'),
    ('數', '数'),
    ('測', '测'),
    ('這', '这'),
    ('們', '们'),
    ('過', '过'),
    ('後', '后'),
    ('從', '从'),
    ('讓', '让'),
    ('區', '区'),
    ('務', '务'),
    ('適', '适'),
    ('齡', '龄'),
    ('設', '设'),
    ('爾', '尔'),
    ('獎', '奖'),
    ('勵', '励'),
    ('結', '结'),
    ('夢', '梦'),
    ('愛', '爱'),
    ('廣', '广'),
    ('選', '选'),
    ('評', '评'),
    ('鄉', '乡'),
    ('鎮', '镇'),
    ('莊', '庄'),
];

fn t2s(c: char) -> char {
    T2S.iter()
        .find(|(t, _)| *t == c)
        .map(|(_, s)| *s)
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
                let prev = w.chars.last().copied();
                let next = src[i + 1..].iter().copied().find(|c| !is_hspace(*c));
                let keep = matches!((prev, next), (Some(a), Some(b)) if a.is_ascii_alphanumeric() && b.is_ascii_alphabetic() || a.is_ascii_alphabetic() && b.is_ascii_alphanumeric());
                if keep {
                    w.chars.push(' ');
                    w.clean_idx.push(i);
                }
                i += 1;
                continue;
            }
            w.chars.push(fold(c));
            w.clean_idx.push(i);
            i += 1;
        }
        w
    }

    pub fn len(&self) -> usize {
        self.chars.len()
    }

    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    pub fn slice(&self, r: Range<usize>) -> String {
        self.chars[r.start.min(self.len())..r.end.min(self.len())]
            .iter()
            .collect()
    }

    /// Does the text at `at` start with `s`?
    pub fn at(&self, at: usize, s: &str) -> bool {
        let mut i = at;
        for c in s.chars() {
            if self.chars.get(i) != Some(&c) {
                return false;
            }
            i += 1;
        }
        true
    }

    /// Does the text ending at `end` (exclusive) end with `s`?
    pub fn ends(&self, end: usize, s: &str) -> bool {
        let n = s.chars().count();
        end >= n && self.at(end - n, s)
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
    is_sentence_end(c) || matches!(c, '，' | ',' | '；' | ';' | ':' | '(' | ')' | '（' | '）')
}

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
            let mut s = r.start;
            for i in r.clone() {
                if is_sentence_end(w.chars[i]) || i + 1 == r.end {
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
            .map(|r| is_furniture(&w.slice(r.clone())))
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
    while s > 0 && !is_clause_end(w.chars[s - 1]) {
        s -= 1;
    }
    let mut e = i;
    while e < w.len() && !is_clause_end(w.chars[e]) {
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
    // A layout break inside a sentence leaves a fragment that the next paragraph continues.
    if let Some(next) = paras.get(p + 1) {
        let c = w.chars[next.start];
        if c.is_ascii_digit() || matches!(c, '、' | '，' | '。' | '%') {
            return false;
        }
    }
    true
}

fn is_furniture(p: &str) -> bool {
    let t = p.trim();
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
    t.starts_with("- ") || t.starts_with('-') && ends_with_date || ends_with_date
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
