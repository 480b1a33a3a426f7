//! Ingest's cleaning passes on the real documents in `raw/`: pinyin garble, spam, page
//! furniture, layout breaks, full-width folding, traditional → simplified, and the offset map
//! that ties every clean character to the raw text. Offsets count code points.

use minsheng::ingest::clean::{self, fold};
use minsheng::ingest::text::Mapped;
use minsheng::ingest::{ingest, script, IngestOptions};
use minsheng::model::{DocStatus, Document, Script};

const DOCS: &[&str] = &[
    "000_faa345ac3de5e59b",
    "001_eac8aceb6b72da67",
    "002_7ad24195d88254f4",
    "003_f75b912676297aa4",
    "004_7ba5ad13118a4cf0",
];

fn raw_text(stem: &str) -> String {
    let path = format!("{}/raw/{stem}.txt", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn doc(stem: &str) -> Document {
    let d = ingest(
        &format!("{stem}.txt"),
        raw_text(stem).as_bytes(),
        &IngestOptions::default(),
    );
    assert_eq!(d.status, DocStatus::Ok, "{stem}: {:?}", d.error);
    d
}

/// Runs the cleaning passes (not t2s) on a snippet.
fn clean_str(s: &str) -> (String, clean::CleanReport) {
    let mut m = Mapped::from_raw(s);
    let report = clean::clean(&mut m);
    (m.as_string(), report)
}

// --- the offset map -------------------------------------------------------------------------

#[test]
fn map_has_one_increasing_entry_per_clean_char_pointing_at_its_raw_char() {
    for stem in DOCS {
        let d = doc(stem);
        let raw: Vec<char> = d.raw.chars().collect();
        let clean: Vec<char> = d.clean.chars().collect();
        assert_eq!(
            clean.len(),
            d.map.len(),
            "{stem}: one map entry per clean char"
        );
        assert!(
            d.map.windows(2).all(|w| w[0] < w[1]),
            "{stem}: map strictly increasing"
        );
        for (i, (&c, &m)) in clean.iter().zip(&d.map).enumerate() {
            let r = raw[m as usize];
            let expected = script::simplify_char(fold::fold_char(r));
            assert!(
                c == r || c == expected,
                "{stem}: clean char {i} {c:?} maps to raw {m} {r:?}"
            );
        }
    }
}

#[test]
fn gold_fact_numbers_survive_cleaning() {
    // Every digit of every gold surface is still in the clean text (none was cut as spam or
    // furniture).
    for stem in DOCS {
        let d = doc(stem);
        let raw: Vec<char> = d.raw.chars().collect();
        let kept: std::collections::HashSet<u32> = d.map.iter().copied().collect();
        let gold = std::fs::read_to_string(format!(
            "{}/tests/gold/{stem}.jsonl",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        for line in gold.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let surface: Vec<char> = v["surface"].as_str().unwrap().chars().collect();
            let at = (0..raw.len())
                .find(|&i| raw[i..].starts_with(&surface))
                .unwrap_or_else(|| panic!("{stem}: gold surface not in raw: {surface:?}"));
            for (k, c) in surface.iter().enumerate() {
                if c.is_ascii_digit() {
                    assert!(
                        kept.contains(&((at + k) as u32)),
                        "{stem}: digit of gold surface {:?} was removed",
                        surface.iter().collect::<String>()
                    );
                }
            }
        }
    }
}

#[test]
fn removed_chars_per_document() {
    let removed: Vec<u32> = DOCS.iter().map(|s| doc(s).removed_chars).collect();
    // 000: welcome, breadcrumb, editor and link lines; 001: the masthead (publisher, issue
    // number, the line with URL and e-mail); 002: 6 × 半岛全站 and the app/WeChat lines; 003: the SEO list and a tag line;
    // 004: the editor line and the related-article list.
    assert_eq!(removed, vec![36, 153, 35, 226, 450]);
}

// --- pinyin garble --------------------------------------------------------------------------

#[test]
fn pinyin_garble_is_removed_from_doc_004() {
    let d = doc("004_7ba5ad13118a4cf0");
    assert!(d.raw.contains("一枝一葉總關(guān)情"));
    assert!(d.clean.contains("一枝一叶总关情"));
    assert!(d.clean.contains("医疗与健康服务、养老服务"));
    assert!(d.clean.contains("8个领域"));
    let garble = regex::Regex::new(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]{1,7}\)").unwrap();
    assert!(
        !garble.is_match(&d.clean),
        "garble left: {:?}",
        garble.find(&d.clean)
    );
}

#[test]
fn pinyin_garble_rule_is_general_not_a_word_list() {
    let (clean, report) = clean_str("鎮(zhèn)江市醫(yī)療衛(wèi)生,綠(lǜ)化,女(nǚ)性");
    assert_eq!(clean, "鎮江市醫療衛生,綠化,女性");
    assert_eq!(report.garble_chars, 23);
    assert_eq!(report.removed_chars, 0, "garble is not counted as spam");
    let (clean, _) = clean_str("醫(yi1)療(liao2)服務(wu4)");
    assert_eq!(clean, "醫療服務");
}

#[test]
fn real_parentheses_are_kept() {
    let d = doc("004_7ba5ad13118a4cf0");
    assert!(d.clean.contains("卫生所(室)"));
    assert!(d.clean.contains("(28380580)"));
    assert!(
        d.clean.contains("县(市、区)"),
        "nested garble inside real parentheses"
    );
    let d = doc("002_7ad24195d88254f4");
    assert!(d.clean.contains("县(市、区)"));
    // Plain Latin letters in parentheses that are not pinyin stay.
    let (clean, _) = clean_str("附件(abc)与方案(PPP)");
    assert_eq!(clean, "附件(abc)与方案(PPP)");
}

// --- injected spam --------------------------------------------------------------------------

#[test]
fn spam_phrase_is_removed_from_doc_002() {
    let raw = raw_text("002_7ad24195d88254f4");
    assert_eq!(raw.matches("半岛全站").count(), 6);
    let d = doc("002_7ad24195d88254f4");
    assert!(!d.clean.contains("半岛全站"));
    assert!(d
        .clean
        .starts_with("全省人民瞩目的吉林省第十四届人大三次会议"));
    assert!(d.clean.contains("一体化管理和服务。"));
    assert!(d.clean.contains("积极构建覆盖城乡、布局合理"));
    let (_, report) = clean_str(&raw);
    assert_eq!(report.spam_chars, 24);
}

#[test]
fn no_spam_is_found_in_the_documents_without_it() {
    for stem in [
        "000_faa345ac3de5e59b",
        "001_eac8aceb6b72da67",
        "003_f75b912676297aa4",
        "004_7ba5ad13118a4cf0",
    ] {
        let (_, report) = clean_str(&raw_text(stem));
        assert_eq!(report.spam_chars, 0, "{stem}");
    }
}

#[test]
fn spam_at_clause_starts_is_found_too() {
    let raw = raw_text("002_7ad24195d88254f4").replace("半岛全站", "");
    let mut spammed = raw.clone();
    for clause in [
        ",分别向大家介绍",
        ",纳入年度政府工作报告",
        "。一件件民生实事",
    ] {
        assert!(spammed.contains(clause), "{clause}");
        let (p, rest) = clause.split_at(clause.chars().next().unwrap().len_utf8());
        spammed = spammed.replacen(clause, &format!("{p}必赢体育{rest}"), 1);
    }
    for clause in ["按月跟踪调度", "新生儿提供服务"] {
        assert!(spammed.contains(clause), "{clause}");
        spammed = spammed.replacen(clause, &format!("{clause}必赢体育"), 1);
    }
    let (clean, report) = clean_str(&spammed);
    assert_eq!(report.spam_chars, 20);
    assert_eq!(clean, clean_str(&raw).0);
}

#[test]
fn a_long_spam_phrase_is_found_whole() {
    let raw = raw_text("000_faa345ac3de5e59b");
    let spam = "开云体育官网入口注册";
    let mut spammed = raw.clone();
    for clause in [
        "发展的战略地位",
        "教研",
        "合作办学",
        "重点河湖流域生态用水补水",
    ] {
        spammed = spammed.replacen(clause, &format!("{clause}{spam}"), 1);
    }
    let (clean, report) = clean_str(&spammed);
    assert_eq!(report.spam_chars, 40);
    assert_eq!(clean, clean_str(&raw).0);
}

#[test]
fn government_site_footer_after_the_last_paragraph_is_removed() {
    let text = "全年新建学校3所，新增学位1200个，改造校舍4.5万平方米。\n\n【打印本页】【关闭窗口】\n主办单位：某某市人民政府办公室\n网站标识码：1234567890\n京ICP备12345678号 京公网安备11010502030001号\n地址：某某市人民路1号\n";
    let (clean, report) = clean_str(text);
    assert_eq!(
        clean.trim_end(),
        "全年新建学校3所，新增学位1200个，改造校舍4.5万平方米。"
    );
    assert!(report.furniture_chars > 80);
}

#[test]
fn spam_detector_on_all_documents_together_finds_only_the_injected_phrase() {
    // Two copies of every document, one after the other: more repeated phrases, more
    // chance junctions, and the injected phrase still the only one found.
    let mut all = String::new();
    for _ in 0..2 {
        for stem in DOCS {
            all.push_str(&raw_text(stem));
            all.push('\n');
        }
    }
    let chars: Vec<char> = all.chars().collect();
    let found: Vec<String> = clean::spam::phrases(&chars)
        .iter()
        .map(|p| p.iter().collect())
        .collect();
    assert_eq!(found, vec!["半岛全站".to_string()]);
}

#[test]
fn frequent_real_words_are_not_taken_for_spam() {
    for (stem, word) in [
        ("002_7ad24195d88254f4", "民生实事"),
        ("000_faa345ac3de5e59b", "昌吉州"),
        ("000_faa345ac3de5e59b", "教育"),
        ("001_eac8aceb6b72da67", "惠民实事"),
    ] {
        // Layout breaks inside a word (`惠 民实事`) are joined, so count in the raw text
        // without blanks.
        let raw = raw_text(stem)
            .replace([' ', '\n'], "")
            .matches(word)
            .count();
        assert!(raw >= 3, "{stem}: {word} is frequent");
        assert_eq!(doc(stem).clean.matches(word).count(), raw, "{stem}: {word}");
    }
}

#[test]
fn another_spam_phrase_injected_into_doc_000_is_found() {
    // The detector is not tied to 半岛全站: glue another phrase at a paragraph start and after
    // the last word of four clauses.
    let raw = raw_text("000_faa345ac3de5e59b");
    let mut spammed = raw.replacen("  2024年12月31日", "  开云体育2024年12月31日", 1);
    for clause in [
        "发展的战略地位",
        "教研",
        "合作办学",
        "重点河湖流域生态用水补水",
    ] {
        assert!(spammed.contains(clause), "{clause}");
        spammed = spammed.replacen(clause, &format!("{clause}开云体育"), 1);
    }
    let (clean, report) = clean_str(&spammed);
    let (original, _) = clean_str(&raw);
    assert_eq!(report.spam_chars, 20);
    assert_eq!(clean, original);
}

// --- page furniture -------------------------------------------------------------------------

#[test]
fn seo_name_list_is_removed_from_doc_003() {
    let d = doc("003_f75b912676297aa4");
    assert!(d.raw.contains("主站蜘蛛池模板"));
    assert!(!d.clean.contains("主站蜘蛛池模板"));
    assert!(!d.clean.contains("黑山县"));
    assert!(d.clean.trim_end().ends_with("再见。"));
}

#[test]
fn editor_and_related_article_lines_are_removed_from_doc_004() {
    let d = doc("004_7ba5ad13118a4cf0");
    for gone in [
        "责任编辑",
        "已有0人",
        "频道推荐",
        "2024-01-18",
        "4.9万套租赁住房",
    ] {
        assert!(!d.clean.contains(gone), "{gone}");
    }
    assert!(d
        .clean
        .trim_end()
        .ends_with("(泉州晚报融媒体记者林书修通讯员杨琴)"));
}

#[test]
fn navigation_lines_are_removed_from_doc_000_but_the_dateline_stays() {
    let d = doc("000_faa345ac3de5e59b");
    for gone in ["欢迎进入中国昌吉网", "当前位置", "责任编辑", "友情链接"] {
        assert!(!d.clean.contains(gone), "{gone}");
    }
    assert!(d.clean.contains("发布时间:2025-01-01"));
    assert!(d.clean.contains("来源:昌吉日报"));
    assert!(d.clean.trim_end().ends_with("排名第7。"));
}

#[test]
fn app_links_at_the_end_of_doc_002_are_removed() {
    let d = doc("002_7ad24195d88254f4");
    assert!(!d.clean.contains("访问手机版"));
    assert!(!d.clean.contains("微信公众号"));
    assert!(d.clean.trim_end().ends_with("保质保量完成。"));
}

#[test]
fn masthead_line_with_url_is_removed_from_doc_001_but_the_issue_date_stays() {
    let d = doc("001_eac8aceb6b72da67");
    assert!(!d.clean.contains("cjxww"));
    assert!(!d.clean.contains("邮发代号"));
    assert!(!d.clean.contains("总第12184期"));
    assert!(!d.clean.contains("主管主办"));
    assert!(d.clean.contains("2025年2月"));
    assert!(d.clean.trim_end().ends_with("□本报记者何龙摄"));
}

// --- layout breaks --------------------------------------------------------------------------

#[test]
fn layout_breaks_inside_sentences_of_doc_001_are_joined() {
    let d = doc("001_eac8aceb6b72da67");
    for joined in [
        "在近日召开的昌吉州第十六届人民代表大会第五次会议上",
        "新增赴准东就业农村劳动力2000人以上",
        "建设自治区乡村振兴示范村22个。",
        "提升改造4个区域养老服务中心、9个社区老年人日间照料中心",
        "门诊综合医保报销比例提高至60%以上。",
        "S231昌五路建成通车",
    ] {
        assert!(d.clean.contains(joined), "{joined}");
    }
}

#[test]
fn headings_and_sentence_ends_keep_their_line_breaks_in_doc_001() {
    let d = doc("001_eac8aceb6b72da67");
    for heading in [
        "\n一、建设优质学校、改善学习环境\n",
        "\n五、拓宽就业渠道、保护劳动权益\n",
        "\n昌吉州2025年十件惠民实事清单公布\n",
        "\n涵盖教育医疗、交通物流、就业促进、社会服务、城市更新、文体活动、农业农村等10类内容\n",
        "\n踏雪巡边迎新春\n",
    ] {
        assert!(d.clean.contains(heading), "{heading:?}");
    }
    assert!(d.clean.contains("方便群众办事。\n"));
}

#[test]
fn layout_rule_keeps_breaks_after_punctuation_and_before_indented_paragraphs() {
    let text = "这是第一段的一句话，后面还有很多很多的文字。\n\n第二段开始了，这是第二段的内容。";
    assert_eq!(clean_str(text).0, text);
    let (clean, _) =
        clean_str("  这一段没有句号结尾，但下一行缩进了两个空格所以是新段落\n  新的段落");
    assert!(clean.contains("新段落\n  新的段落"));
    let (clean, _) = clean_str("完成造林修复5.54万亩，全年新 增\n学位10200个，建成 15所学校。");
    assert_eq!(
        clean,
        "完成造林修复5.54万亩，全年新增学位10200个，建成15所学校。"
    );
    // Digit next to digit is not a layout break.
    let (clean, _) = clean_str("编号 12 34");
    assert_eq!(clean, "编号12 34");
}

// --- full-width forms -----------------------------------------------------------------------

#[test]
fn full_width_digits_letters_and_signs_fold_but_chinese_punctuation_stays() {
    let (clean, report) = clean_str("增长１２．５％，ＧＤＰ达到３／４；（含）：、。\u{3000}完成");
    assert_eq!(clean, "增长12.5%，GDP达到3/4；（含）：、。 完成");
    assert_eq!(report.folded_chars, 12);
}

// --- traditional → simplified ---------------------------------------------------------------

#[test]
fn traditional_documents_come_out_simplified() {
    let d = doc("003_f75b912676297aa4");
    assert!(d.raw.contains("大豐區教育局副局長"));
    assert!(d.clean.contains("大丰区教育局副局长"));
    assert!(d.clean.contains("计划投资22.86亿元"));
    let d = doc("004_7ba5ad13118a4cf0");
    assert!(d.clean.contains("新增义务教育公办学校学位3万个"));
}

#[test]
fn a_character_that_is_also_simplified_is_kept() {
    let mut m = Mapped::from_raw("乾安縣後來於此");
    script::to_simplified(&mut m);
    assert_eq!(m.as_string(), "乾安县后来於此");
    assert_eq!(m.map, vec![0, 1, 2, 3, 4, 5, 6]);
}

#[test]
fn t2s_table_is_well_formed() {
    assert!(script::t2s_len() > 3000, "{}", script::t2s_len());
    for t in ['乾', '於', '著', '干', '后'] {
        assert!(
            !script::is_traditional_only(t),
            "{t} is written in both scripts"
        );
    }
    for (t, s) in [('國', '国'), ('發', '发'), ('區', '区'), ('後', '后')] {
        assert_eq!(script::simplify_char(t), s);
        assert!(script::is_traditional_only(t));
    }
    assert!(script::is_simplified_only('国'));
    assert!(!script::is_simplified_only('后'));
}

#[test]
fn every_line_of_the_t2s_catalog_is_a_valid_distinct_entry() {
    let data = include_str!("../../src/catalog/t2s.txt");
    let mut keys = std::collections::HashSet::new();
    for (n, line) in data.lines().enumerate() {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let parts: Vec<Vec<char>> = line.split('\t').map(|p| p.chars().collect()).collect();
        assert!(
            parts.len() == 2 && parts[0].len() == 1 && parts[1].len() == 1,
            "t2s.txt line {}: {line:?}",
            n + 1
        );
        let (t, s) = (parts[0][0], parts[1][0]);
        assert_ne!(t, s, "t2s.txt line {}", n + 1);
        assert!(keys.insert(t), "t2s.txt line {}: {t} twice", n + 1);
        assert!(
            !script::is_simplified_only(t),
            "t2s.txt line {}: {t} is also listed as simplified-only",
            n + 1
        );
    }
    assert_eq!(keys.len(), script::t2s_len());
}

#[test]
fn script_of_each_document() {
    let scripts: Vec<Script> = DOCS.iter().map(|s| doc(s).script).collect();
    assert_eq!(
        scripts,
        vec![
            Script::Simplified,
            Script::Simplified,
            Script::Simplified,
            Script::Traditional,
            Script::Traditional
        ]
    );
    let half: Vec<char> = "国家发展區域發展".chars().collect();
    assert_eq!(script::detect(&half), Script::Mixed);
}

// --- markup ---------------------------------------------------------------------------------

/// Checks that every clean character maps to its own raw character, or, for one that stands
/// for markup (an entity, a line break for a tag), to where that markup starts or ends.
fn assert_markup_map(d: &Document) {
    let raw: Vec<char> = d.raw.chars().collect();
    let clean: Vec<char> = d.clean.chars().collect();
    assert_eq!(clean.len(), d.map.len());
    assert!(
        d.map.windows(2).all(|w| w[0] < w[1]),
        "map strictly increasing"
    );
    for (i, (&c, &m)) in clean.iter().zip(&d.map).enumerate() {
        let r = raw[m as usize];
        let ok = c == r
            || c == script::simplify_char(fold::fold_char(r))
            || r == '&'
            || ((c == '\n' || c == '\t') && (r == '<' || r == '>'))
            || (c == ' ' && r.is_whitespace());
        assert!(ok, "clean char {i} {c:?} maps to raw {m} {r:?}");
    }
}

#[test]
fn html_tags_scripts_furniture_and_comments_are_stripped() {
    let html = "<!DOCTYPE html>\n<html><head><title>昌吉州惠民实事</title>\n\
        <style>p { color: red }</style><script>var a = '<p>不要</p>';</script></head>\n\
        <body><header>网站首页 新闻中心</header><nav><a href=\"/\">首页</a> &gt; <a>新闻</a></nav>\n\
        <!-- 注释 <p>也不要</p> -->\n\
        <div class=\"content\"><h1>办好惠民实事</h1>\n\
          <p>\n    新增学位10200个，培训教师2.8万人次&amp;更多。</p>\n\
          <p>A&lt;B &quot;引号&quot; &#20013;&#x6587;&nbsp;文字。</p>\n\
          <ul><li>新建学校3所</li><li>新增床位200张</li></ul><br/>末行</div>\n\
        <footer>版权所有 &copy; 2025</footer></body></html>\n";
    let d = ingest("page.html", html.as_bytes(), &IngestOptions::default());
    assert_eq!(d.status, DocStatus::Ok, "{:?}", d.error);
    // `末行` is a short line after the last paragraph: taken for a link, like `版权所有`.
    for gone in [
        "不要",
        "color",
        "网站首页",
        "首页",
        "注释",
        "版权所有",
        "<",
        "DOCTYPE",
        "末行",
    ] {
        assert!(
            !d.clean.replace("A<B", "").contains(gone),
            "{gone} in {:?}",
            d.clean
        );
    }
    for kept in [
        "昌吉州惠民实事\n",
        "\n办好惠民实事\n",
        "\n新增学位10200个，培训教师2.8万人次&更多。\n",
        "A<B \"引号\" 中文文字。",
        "\n新建学校3所\n新增床位200张\n",
    ] {
        assert!(d.clean.contains(kept), "{kept:?} not in {:?}", d.clean);
    }
    assert_markup_map(&d);
}

#[test]
fn html_page_of_a_real_report_cleans_like_the_text() {
    // Doc 004 as a web page: paragraphs in <p>, the related list in <ul>.
    let raw = raw_text("004_7ba5ad13118a4cf0");
    let body: String = raw
        .lines()
        .map(|l| {
            let l = l.replace('&', "&amp;").replace('<', "&lt;");
            if let Some(item) = l.strip_prefix("- ") {
                format!("<li><a href=\"/n/1.html\">{item}</a></li>\n")
            } else {
                format!("<p>{l}</p>\n")
            }
        })
        .collect();
    let html = format!(
        "<html><head><script>track()</script></head><body><nav>首頁 &gt; 新聞</nav>\n{body}</body></html>"
    );
    let d = ingest("004.htm", html.as_bytes(), &IngestOptions::default());
    let text = doc("004_7ba5ad13118a4cf0");
    assert_eq!(d.script, Script::Traditional);
    assert!(d.clean.contains("一枝一叶总关情"));
    assert!(!d.clean.contains("责任编辑"));
    assert!(!d.clean.contains("首页"));
    assert_eq!(
        d.clean.split_whitespace().collect::<String>(),
        text.clean.split_whitespace().collect::<String>()
    );
    assert_markup_map(&d);
}

#[test]
fn markdown_markers_are_stripped() {
    let md = "# 昌吉州惠民实事\n\n**新增**学位[10200个](http://example.org/a)。\n\n- 第一项\n* 第二项\n  #不是标题\n";
    let d = ingest("notes.md", md.as_bytes(), &IngestOptions::default());
    assert_eq!(d.status, DocStatus::Ok, "{:?}", d.error);
    assert_eq!(
        d.clean,
        "昌吉州惠民实事\n\n新增学位10200个。\n\n第一项\n第二项\n  #不是标题\n"
    );
    assert_markup_map(&d);
}

#[test]
fn a_table_with_bars_and_numbers_is_not_taken_for_an_seo_list() {
    let text = "各区县完成情况如下。\n| 区县 | 学位 | 床位 | 道路 | 公交 | 其他 |\n| 东坡区 | 1200 | 35 | 12 | 3 | 0 |\n| 彭山区 | 800 | 20 | 9 | 2 | 1 |\n以上数据截至2024年底，由各区县上报。\n";
    let (clean, report) = clean_str(text);
    assert!(clean.contains("| 东坡区 | 1200 | 35 | 12 | 3 | 0 |"));
    assert_eq!(report.furniture_chars, 0);
}

#[test]
fn html_boxes_classed_as_furniture_are_dropped_but_a_header_title_stays() {
    let html = "<html><body>\n\
        <div class=\"top menu\"><a>首页</a><a>政务公开</a><div><a>子菜单</a></div></div>\n\
        <div id='position'>当前位置：首页 &gt; 新闻</div>\n\
        <div class=\"header-title\"><h1>泉州市为民办实事项目全部完成</h1></div>\n\
        <div class=\"article\"><p>全年新增学位3万个，建成长者食堂88个。</p></div>\n\
        <div class=\"bdsharebuttonbox\">分享到：微信 微博</div>\n\
        <ul class=related><li>往年新闻一</li><li>往年新闻二</li></ul>\n\
        <div id=\"footer\">版权所有 泉州市人民政府</div>\n\
        </body></html>";
    let d = ingest("page.html", html.as_bytes(), &IngestOptions::default());
    for gone in [
        "首页",
        "政务公开",
        "子菜单",
        "当前位置",
        "分享到",
        "往年新闻",
        "版权所有",
    ] {
        assert!(!d.clean.contains(gone), "{gone} in {:?}", d.clean);
    }
    assert!(d.clean.contains("泉州市为民办实事项目全部完成\n"));
    assert!(d.clean.contains("全年新增学位3万个，建成长者食堂88个。"));
    assert_markup_map(&d);
}

#[test]
fn page_numbers_and_running_heads_go_and_the_sentence_across_the_page_break_is_joined() {
    let page = "昌吉日报 2025年2月5日 要闻";
    let text = format!(
        "{page}\n全州建设55个粮棉高产示范点，力争主要粮食作物亩均单产提升5%以上。改造灌区4处，河道防洪治理40公里，建设自治区乡村振兴示范村\n\n— 2 —\n\n{page}\n22个。实施农村安全饮水提升工程6个，改建供水管网160公里。\n\n- 3 -\n{page}\n新建充电桩600台、5G基站650个，免费更换智能电表4万个。\n"
    );
    let (clean, report) = clean_str(&text);
    assert!(!clean.contains("昌吉日报"));
    // Repeated labels are not running heads.
    let qa = "问：\n今年新增学位多少个？\n答：\n新增学位1200个。\n问：\n新建学校几所？\n答：\n新建学校3所。\n问：\n改造校舍多少？\n答：\n改造校舍4.5万平方米。\n";
    assert_eq!(clean_str(qa).1.furniture_chars, 0);
    assert!(!clean.contains('—'));
    assert!(clean.contains("建设自治区乡村振兴示范村22个。"), "{clean}");
    assert_eq!(
        report.furniture_chars as usize,
        3 * (page.chars().count() + 1) + "— 2 —\n".chars().count() + "- 3 -\n".chars().count()
    );
}

#[test]
fn html_table_rows_stay_on_one_line_with_tabs_between_cells() {
    let html = "<p>各区完成情况：</p><table><tr><th>区县</th><th>新增学位</th></tr>\n\
        <tr><td>东坡区</td><td> 1200个</td></tr>\n<tr><td> 彭山区 </td><td>800个</td></tr></table>";
    let d = ingest("t.html", html.as_bytes(), &IngestOptions::default());
    assert!(
        d.clean
            .contains("\n区县\t新增学位\n东坡区\t1200个\n彭山区\t800个"),
        "{:?}",
        d.clean
    );
    assert_markup_map(&d);
}
