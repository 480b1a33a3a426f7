//! Publication date and document year, on the real documents and on the date forms they use.
//!
//! 003 and 004 are written in traditional characters: their tests use simplified excerpts.

use minsheng::ingest::date::{doc_year, published};
use minsheng::ingest::{ingest, IngestOptions};
use minsheng::model::Date;

fn clean(stem: &str) -> String {
    let path = format!("{}/raw/{stem}.txt", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    ingest(&format!("{stem}.txt"), &bytes, &IngestOptions::default()).clean
}

fn date(year: i32, month: u32, day: u32) -> Option<Date> {
    Some(Date { year, month, day })
}

fn both(text: &str) -> (Option<Date>, Option<i16>) {
    let p = published(text);
    (p, doc_year(text, p))
}

// ---- the real documents ----

#[test]
fn doc_000_published_2025_reports_on_2024() {
    // `发布时间:2025-01-01 10:05:00`; title `2024年昌吉州“十件惠民实事”落实情况`.
    assert_eq!(
        both(&clean("000_faa345ac3de5e59b")),
        (date(2025, 1, 1), Some(2024))
    );
}

#[test]
fn doc_001_masthead_date_and_a_plan_for_2025() {
    // Masthead `2025年2月` then `5 星期三` two lines down; title `昌吉州2025年十件惠民实事清单公布`.
    assert_eq!(
        both(&clean("001_eac8aceb6b72da67")),
        (date(2025, 2, 5), Some(2025))
    );
}

#[test]
fn doc_002_two_sessions_report_on_2023() {
    // No date line; 2023 results and 2024 plans are named about equally often.
    assert_eq!(both(&clean("002_7ad24195d88254f4")), (None, Some(2023)));
}

const DOC_003_EXCERPT: &str = "“在推进中国式现代化大丰新实践中实干争先”系列主题新闻发布会保障和改善民生专场

    参会人员:骆保国:大丰区能源发展中心主任;束伶俐:大丰区教育局副局长。
    会议时间:2023年12月22日
    今年,我区在广泛征集社情民意的基础上,总计承接省市区民生实事项目12类70项,计划投资22.86亿元,1-11月份,完成58项。
    今年以来,全区新增城镇就业1.2万人。2022年底全区参保人数为13万人。
    今年共为3195户低保户给予补贴。明年将继续推进。";

#[test]
fn doc_003_meeting_date_and_this_year() {
    assert_eq!(both(DOC_003_EXCERPT), (date(2023, 12, 22), Some(2023)));
}

const DOC_004_EXCERPT: &str = "群众利益无小事,一枝一叶总关(guān)情。去年初,市委、市政府面向社会公布41个为民办实事项目。记者日前获悉,经过全市上下共同努力,2024年为民办实事项目已全部顺利完成。
聚焦老龄服务体系建设优化。2024年以来,全市开展各类养老服务48.2万人次,建成长者食堂88个。
聚焦基层医疗服务能力提升。2024年以来,我市先后完成50个村卫生所(室)服务能力提升。
- 2023年厦门47项为民办实事项目全部完成2024-01-18
- 2023年市委市政府为民办实事项目顺利完成2024-01-09
- 福建省2023年“五个一百”工程显成效2024-01-07
- 2022年泉州市委市政府为民办实事项目顺利完成2023-01-06
2025年元旦春节 泉州重磅推出300多项文旅活动2025-01-03";

#[test]
fn doc_004_no_date_line_and_related_links_do_not_count() {
    assert_eq!(both(DOC_004_EXCERPT), (None, Some(2024)));
}

// ---- date forms ----

#[test]
fn labelled_dates_in_the_forms_documents_use() {
    assert_eq!(
        published("标题\n发布日期:2024年1月5日\n正文"),
        date(2024, 1, 5)
    );
    assert_eq!(
        published("标题\n来源:吉林日报 2024-01-05\n正文"),
        date(2024, 1, 5)
    );
    assert_eq!(
        published("标题\n2024年01月05日 10:00 来源:新华网"),
        date(2024, 1, 5)
    );
    assert_eq!(published("发布时间:2024/3/8"), date(2024, 3, 8));
    assert_eq!(published("2025年2月5日 星期三"), date(2025, 2, 5));
}

#[test]
fn a_date_in_the_body_is_not_a_publication_date() {
    assert_eq!(published("2024年12月31日,新闻发布会在昌吉州举行。"), None);
    assert_eq!(published("发布时间:2024-13-40"), None);
}

// ---- document year ----

#[test]
fn a_year_in_the_title_wins() {
    let text = "2024年工作总结\n2025年,我们将继续推进。2025年计划新建学校3所。2025年目标明确。";
    assert_eq!(doc_year(text, date(2025, 1, 20)), Some(2024));
}

#[test]
fn this_year_and_last_year_count_from_the_publication_date() {
    let text = "民生实事全面完成\n今年全区新增就业1万人,今年完成改造300户。去年同期为200户。";
    assert_eq!(doc_year(text, date(2023, 11, 2)), Some(2023));
    let text = "民生实事全面完成\n去年全市完成改造300户,去年新增就业1万人。";
    assert_eq!(doc_year(text, date(2025, 5, 2)), Some(2024));
}

#[test]
fn early_in_the_year_a_report_leans_to_the_year_before() {
    let text = "民生实事新闻发布会\n全市新增就业1万人,改造老旧小区30个。";
    assert_eq!(doc_year(text, date(2025, 2, 10)), Some(2024));
    assert_eq!(doc_year(text, date(2025, 6, 10)), Some(2025));
}

#[test]
fn no_year_anywhere_gives_none() {
    assert_eq!(doc_year("民生实事\n全市新增就业1万人。", None), None);
}
