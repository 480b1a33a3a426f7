//! Regions: the catalog, name lookup, place mentions and each real document's main region.
//!
//! 000–002 are simplified already and run through `ingest` whole. 003 and 004 are written in
//! traditional characters, so their tests use simplified excerpts of their own sentences (the
//! whole-document path depends on ingest's traditional → simplified step).

use minsheng::catalog::regions::{regions, Level, COMMON_WORDS, COUNTRY_CODE};
use minsheng::ingest::region::{document_region, lookup, places_in};
use minsheng::ingest::{ingest, IngestOptions};
use minsheng::model::Region;
use std::collections::HashSet;

fn region(name: &str, code: &str, level: &str) -> Region {
    Region {
        name: name.into(),
        code: code.into(),
        level: level.into(),
    }
}

fn doc_region(stem: &str) -> Option<Region> {
    let path = format!("{}/raw/{stem}.txt", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let doc = ingest(&format!("{stem}.txt"), &bytes, &IngestOptions::default());
    document_region(&doc.clean)
}

// ---- the catalog ----

#[test]
fn catalog_codes_are_unique_and_every_parent_exists() {
    let cat = regions();
    let mut seen = HashSet::new();
    for e in &cat.entries {
        assert!(seen.insert(e.code), "duplicate code {}", e.code);
        assert_eq!(e.code.len(), 6, "{}", e.code);
        match e.parent {
            None => assert_eq!(e.code, COUNTRY_CODE),
            Some(p) => {
                let parent = &cat.entries[p];
                assert!(parent.level < e.level, "{} under {}", e.name, parent.name);
                if e.level == Level::County {
                    assert_eq!(&e.code[..2], &parent.code[..2], "{}", e.name);
                }
            }
        }
    }
    let counties = cat.entries.iter().filter(|e| e.level == Level::County);
    assert!(counties.count() > 2800);
    assert_eq!(
        cat.entries
            .iter()
            .filter(|e| e.level == Level::Province)
            .count(),
        34
    );
}

#[test]
fn catalog_names_follow_the_contract() {
    let cat = regions();
    let name = |code: &str| cat.entries[cat.by_code(code).unwrap()].name;
    assert_eq!(name("320904"), "盐城市大丰区");
    assert_eq!(name("511402"), "眉山市东坡区");
    assert_eq!(name("110105"), "北京市朝阳区");
    // Directly under a province: named by itself.
    assert_eq!(name("429004"), "仙桃市");
    assert_eq!(name(COUNTRY_CODE), "全国");
    // No pseudo-prefecture "省直辖县级行政区划".
    assert!(cat.entries.iter().all(|e| !e.name.contains("直辖")));
}

// ---- lookup ----

#[test]
fn lookup_resolves_full_short_and_autonomous_names() {
    let changji = region("昌吉回族自治州", "652300", "prefecture");
    assert_eq!(lookup("昌吉州", None), Some(changji.clone()));
    assert_eq!(lookup("昌吉回族自治州", None), Some(changji));
    assert_eq!(
        lookup("大丰区", None),
        Some(region("盐城市大丰区", "320904", "county"))
    );
    assert_eq!(
        lookup("吉林省", None),
        Some(region("吉林省", "220000", "province"))
    );
    assert_eq!(
        lookup("泉州市", None),
        Some(region("泉州市", "350500", "prefecture"))
    );
    assert_eq!(
        lookup("东坡区", None),
        Some(region("眉山市东坡区", "511402", "county"))
    );
    assert_eq!(
        lookup("木垒县", None),
        Some(region("昌吉回族自治州木垒哈萨克自治县", "652328", "county"))
    );
    assert_eq!(lookup("全国", None).unwrap().level, "country");
}

#[test]
fn lookup_prefers_the_higher_level_for_a_shared_short_name() {
    // 吉林 is the province's and the prefecture's short name.
    assert_eq!(lookup("吉林", None).unwrap().code, "220000");
    assert_eq!(lookup("吉林市", None).unwrap().code, "220200");
}

#[test]
fn lookup_resolves_an_ambiguous_county_only_within_its_context() {
    // 朝阳区 is in 北京市 and in 长春市.
    assert_eq!(lookup("朝阳区", None), None);
    let jilin = lookup("吉林省", None);
    assert_eq!(
        lookup("朝阳区", jilin.as_ref()),
        Some(region("长春市朝阳区", "220104", "county"))
    );
    let beijing = lookup("北京市", None);
    assert_eq!(lookup("朝阳区", beijing.as_ref()).unwrap().code, "110105");
}

#[test]
fn lookup_resolves_a_chain_to_its_most_specific_part() {
    assert_eq!(lookup("江苏省盐城市大丰区", None).unwrap().code, "320904");
    assert_eq!(lookup("吉林省长春市朝阳区", None).unwrap().code, "220104");
    assert_eq!(lookup("山西省泉州市", None), None);
    assert_eq!(lookup("不是地名", None), None);
}

// ---- places_in ----

fn names(text: &str, context: Option<&Region>) -> Vec<(usize, usize, String)> {
    places_in(text, context)
        .into_iter()
        .map(|m| (m.start, m.end, m.region.name))
        .collect()
}

#[test]
fn places_in_gives_char_offsets_and_the_clause_place() {
    let got = names("2024年,长春市计划建设保障性住房2200套", None);
    assert_eq!(got, vec![(6, 9, "长春市".to_string())]);
}

#[test]
fn places_in_matches_leftmost_longest() {
    // 吉林省 is one mention, not 吉林 plus a stray 省; 长春市朝阳区 is one county.
    let got = names("吉林省长春市朝阳区国贸", None);
    assert_eq!(
        got,
        vec![
            (0, 3, "吉林省".to_string()),
            (3, 9, "长春市朝阳区".to_string())
        ]
    );
    let got = names("吉林省长春市计划", None);
    assert_eq!(
        got,
        vec![(0, 3, "吉林省".to_string()), (3, 6, "长春市".to_string())]
    );
}

#[test]
fn places_in_skips_place_names_inside_ordinary_words() {
    // 全州 (whole prefecture) is also 全州县's short name; 保定 hides in 医保定点; 和县 in 市和县.
    let text = "全州各族干部群众广泛参与,医保定点药店,省内医学院校和县级医院";
    assert_eq!(names(text, None), vec![]);
}

#[test]
fn places_in_matches_county_short_names_only_inside_a_context() {
    let text = "推进中国式现代化大丰新实践";
    assert_eq!(names(text, None), vec![]);
    let dafeng = lookup("盐城市大丰区", None);
    assert_eq!(
        names(text, dafeng.as_ref()),
        vec![(8, 10, "盐城市大丰区".to_string())]
    );
    let meishan = lookup("眉山市", None);
    assert_eq!(
        names("东坡城区新建学校", meishan.as_ref())[0].2,
        "眉山市东坡区"
    );
}

#[test]
fn places_in_sees_through_spaces_left_inside_names() {
    // Newspaper layout leaves spaces inside words: `昌 吉州`.
    let got = names("最终形成昌 吉州2025年清单", None);
    assert_eq!(got, vec![(4, 8, "昌吉回族自治州".to_string())]);
}

#[test]
fn places_in_offsets_count_every_blank_before_and_inside_names() {
    // Offsets are in the text as given: leading blanks, a space inside 长 春市 and an
    // ideographic space inside 长春市　朝阳区 all count.
    let got = names("  吉林省 长 春市\u{3000}朝阳区国贸", None);
    assert_eq!(
        got,
        vec![
            (2, 5, "吉林省".to_string()),
            (6, 14, "长春市朝阳区".to_string())
        ]
    );
}

#[test]
fn places_in_reports_the_country() {
    let got = names("在全国339个主要城市中排名第", None);
    assert_eq!(got, vec![(1, 3, "全国".to_string())]);
}

// ---- document_region on the real documents ----

#[test]
fn doc_000_changji_news_conference_is_about_changji() {
    // It also names 山西省忻州市 and 福建省 as partner schools: they must not win.
    assert_eq!(
        doc_region("000_faa345ac3de5e59b"),
        Some(region("昌吉回族自治州", "652300", "prefecture"))
    );
}

#[test]
fn doc_001_changji_plan_list_is_about_changji() {
    assert_eq!(
        doc_region("001_eac8aceb6b72da67"),
        Some(region("昌吉回族自治州", "652300", "prefecture"))
    );
}

#[test]
fn doc_002_jilin_press_conference_is_about_the_province() {
    // 长春市 is named nine times; the province dominates.
    assert_eq!(
        doc_region("002_7ad24195d88254f4"),
        Some(region("吉林省", "220000", "province"))
    );
}

/// Simplified sentences of 003 (a 大丰区 press conference, written in traditional characters).
const DOC_003_EXCERPT: &str = "“在推进中国式现代化大丰新实践中实干争先”系列主题新闻发布会保障和改善民生专场

    参会人员:骆保国:大丰区能源发展中心主任;束伶俐:大丰区教育局副局长;张晓霞:大丰区民政局副局长;吴卫:大丰区人社局副局长;叶海涛:大丰区卫健委副主任。
    会议时间:2023年12月22日
    内容简介:区委宣传部、区政府新闻办公室组织开展“在推进中国式现代化大丰新实践中实干争先”系列主题新闻发布会。
    今年,我区在广泛征集社情民意的基础上,总计承接省市区民生实事项目12类70项,计划投资22.86亿元,1-11月份,完成58项。
    大丰中医院与常州市老年医院、常州市第一人民医院合作。近期组团赴徐州、南京招聘。
    一、实施就业优先战略。一是落实援企政策。出台《盐城市大丰区工业企业用工招引激励奖励办法》。
    成功创建江苏省创新型示范区。全区基本养老、工伤、失业保险参保人数分别达到13.54万人、13.81万人、10.86万人。
    先后批复同意草庙镇、大桥镇、上海农场各新建1处农村公益性公墓。";

#[test]
fn doc_003_dafeng_is_a_county_named_with_its_prefecture() {
    assert_eq!(
        document_region(DOC_003_EXCERPT),
        Some(region("盐城市大丰区", "320904", "county"))
    );
}

/// Simplified sentences of 004 (泉州, written in traditional characters with pinyin garble).
const DOC_004_EXCERPT: &str = "群众利益无小事,一枝一叶总关(guān)情。去年初,市委、市政府面向社会公布41个为民办实事项目。记者日前获悉,经过全市上下共同努力,2024年为民办实事项目已全部顺利完成。
聚焦义务教育薄弱环节改善与能力提升。过去一年,我市新增实施项目43个,新增义务教育公办学校学位3万个。
著眼居民用水安全。泉州市持续实施中心城区供水改造及水质优化工程。
“保障和改善民生没有终点。”(泉州晚报融媒体记者林书修 通讯员杨琴)
- 2023年厦门47项为民办实事项目全部完成2024-01-18
- 2024年泉州市委市政府为民办实事项目出炉2024-01-10
- 福建省2023年“五个一百”工程显成效2024-01-07
- 漳州公开征集为民办实事项目意见2022-12-12
- 晋江:“医通码”上线 妇女儿童文化体验点建成2022-09-21";

#[test]
fn doc_004_quanzhou_is_about_the_prefecture() {
    assert_eq!(
        document_region(DOC_004_EXCERPT),
        Some(region("泉州市", "350500", "prefecture"))
    );
}

#[test]
fn a_text_naming_no_place_has_no_region() {
    assert_eq!(
        document_region("我市新增学位3万个,全市养老服务48.2万人次。"),
        None
    );
}

#[test]
fn a_national_text_is_about_the_country() {
    let text = "全国城镇新增就业1244万人。全国居民人均可支配收入增长。江苏省、吉林省分别完成任务。";
    assert_eq!(document_region(text).unwrap().name, "全国");
}

#[test]
fn places_in_skips_organisations_named_after_a_place() {
    // The figure is about the document's place, not about 新疆 or 厦门.
    let text = "发放5万张新疆大剧院演出惠民票,与厦门大学、山东大学签订协议,来源:昌吉日报";
    assert_eq!(names(text, None), vec![]);
}

#[test]
fn places_in_skips_national_honours_but_keeps_national_figures() {
    assert_eq!(names("全区现有全国体育项目特色学校18所", None), vec![]);
    assert_eq!(names("5所学校入选全国首批科技教育实验区", None), vec![]);
    assert_eq!(names("国家级救援基地(全国8个)", None)[0].2, "全国");
}

#[test]
fn every_common_word_is_a_catalog_name() {
    let cat = regions();
    for w in COMMON_WORDS {
        assert!(
            !cat.by_name(w).is_empty(),
            "{w} is not a name in regions.tsv"
        );
    }
}
