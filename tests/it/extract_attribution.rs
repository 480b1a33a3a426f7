//! Qualifiers, measure, year and status on real sentences.

use crate::common;
use common::{fact, facts_of};
use minsheng::model::{Approx, Measure, Status};

#[test]
fn qualifiers() {
    let fs = facts_of("累计淘汰高排放车辆超过1500辆。向困难考生(约2500余人)每人发放救助金3000元。完成20家以上示范食堂建设。群众办理公证时间从15天缩减至7天以内。师生参与率近95%。");
    assert_eq!(fact(&fs, "1500辆").approx, Approx::MoreThan);
    assert_eq!(fact(&fs, "2500余人").approx, Approx::About);
    assert_eq!(fact(&fs, "20家").approx, Approx::AtLeast);
    assert_eq!(fact(&fs, "7天").approx, Approx::AtMost);
    assert_eq!(fact(&fs, "95%").approx, Approx::About);
    let fs = facts_of("大宗货物铁运能力、廊道清洁输送能力分别突破了1亿吨、1.4亿吨。");
    assert_eq!(fact(&fs, "1亿吨").approx, Approx::MoreThan);
    assert_eq!(fact(&fs, "1.4亿吨").approx, Approx::MoreThan);
}

#[test]
fn change_against_a_baseline_is_signed() {
    let fs = facts_of("全区居民人均可支配收入32688.5元,同比增长6.2%。全州规上工业能耗强度下降8.6%。重污染天数比例下降至2%,相较2017年,分别增减了9.8和7.1个百分点。");
    let f = fact(&fs, "6.2%");
    assert_eq!((f.measure, f.value), (Measure::Change, 6.2));
    assert_eq!(fact(&fs, "32688.5元").measure, Measure::Level);
    assert_eq!(fact(&fs, "8.6%").value, -8.6);
    let f = fact(&fs, "2%");
    assert_eq!((f.measure, f.value), (Measure::Level, 2.0));
    assert_eq!(fact(&fs, "9.8").value, 9.8);
    assert_eq!(fact(&fs, "7.1个百分点").value, -7.1);
}

#[test]
fn amounts_done_are_levels() {
    let fs = facts_of("新增学位10200个,增加中小学学位1.08万个,减排二氧化碳358.6万吨。城乡居民医疗保险财政补助标准人均提高120元。");
    assert_eq!(fact(&fs, "10200个").measure, Measure::Level);
    assert_eq!(fact(&fs, "1.08万个").measure, Measure::Level);
    assert_eq!(fact(&fs, "358.6万吨").measure, Measure::Level);
    let f = fact(&fs, "120元");
    assert_eq!(
        (f.measure, f.unit.as_str()),
        (Measure::Change, "CNY/person")
    );
}

#[test]
fn year_from_sentence_paragraph_and_stock() {
    let fs = facts_of("截至2023年底,昌吉州农村公路总里程达到1.2万公里,其中县道1810公里。2024年,昌吉州投入资金8亿元,新改建农村公路604公里。");
    assert_eq!(fact(&fs, "1.2万公里").year, Some(2023));
    assert_eq!(fact(&fs, "1810公里").year, Some(2023));
    assert_eq!(fact(&fs, "8亿元").year, Some(2024));
    assert_eq!(fact(&fs, "604公里").year, Some(2024));
}

#[test]
fn status_from_markers() {
    let fs = facts_of("2023年,全省棚户区改造开工1.99万套。2024年计划发展保障性租赁住房9800套。力争优良天数达到300天以上。计划投资22.86亿元,1-11月份,完成58项。");
    assert_eq!(fact(&fs, "1.99万套").status, Status::Actual);
    assert_eq!(fact(&fs, "9800套").status, Status::Target);
    assert_eq!(fact(&fs, "9800套").year, Some(2024));
    assert_eq!(fact(&fs, "300天").status, Status::Target);
    assert_eq!(fact(&fs, "22.86亿元").status, Status::Target);
    let f = fact(&fs, "58项");
    assert_eq!(
        (f.status, f.period.as_deref()),
        (Status::Actual, Some("1-11月"))
    );
}

#[test]
fn from_x_to_y_baseline_is_actual() {
    let fs = facts_of("力争群众办理公证时间从15天缩减至7天以内。");
    assert_eq!(fact(&fs, "15天").status, Status::Actual);
    assert_eq!(fact(&fs, "7天").status, Status::Target);
}

#[test]
fn attainment_points_at_the_actual() {
    let fs = facts_of("促进就业方面,城镇新增就业25.79万人,完成年度计划的112%。");
    let actual = fact(&fs, "25.79万人").start;
    let p = fact(&fs, "112%");
    assert_eq!((p.status, p.attainment_of), (Status::Actual, Some(actual)));
}

#[test]
fn plan_list_under_a_heading() {
    let text = "昌吉州2025年十件惠民实事清单\n\n一、建设优质学校、改善学习环境\n\n完成20家以上示范食堂建设。培育30个实践教学基地。\n\n自治区党委社会工作部来昌开展慰问活动\n\n打造七个互联网党群服务中心。";
    let fs = facts_of(text);
    for t in ["20家", "30个"] {
        let f = fact(&fs, t);
        assert_eq!((f.status, f.year), (Status::Target, Some(2025)), "{t}");
    }
    assert_eq!(fact(&fs, "七个").status, Status::Actual);
}

#[test]
fn a_results_heading_is_not_a_plan_list() {
    let text = "2023年全市民生实事完成情况\n\n过去一年,全市新建改建农村公路1200公里,完成投资15.6亿元,占年度计划的105%。";
    let fs = facts_of(text);
    for t in ["1200公里", "15.6亿元", "105%"] {
        assert_eq!(fact(&fs, t).status, Status::Actual, "{t}");
    }
    let investment = fact(&fs, "15.6亿元").start;
    assert_eq!(fact(&fs, "105%").attainment_of, Some(investment));
}

#[test]
fn numbered_plan_list_under_a_heading() {
    let text = "2024年民生实事项目清单\n1.新建、改扩建中小学校12所,新增学位8000个以上。\n2.新建城市停车位3000个。";
    let fs = facts_of(text);
    for t in ["12所", "8000个", "3000个"] {
        let f = fact(&fs, t);
        assert_eq!((f.status, f.year), (Status::Target, Some(2024)), "{t}");
    }
    assert_eq!(fact(&fs, "12所").subject, "新建、改扩建中小学校");
}

#[test]
fn last_year_in_a_review_of_the_report_year() {
    let text = "去年初,市委、市政府面向社会公布41个为民办实事项目。经过全市上下共同努力,2024年为民办实事项目已全部完成。过去一年,我市新增义务教育公办学校学位3万个。";
    let fs = facts_of(text);
    assert_eq!(fact(&fs, "41个").year, Some(2024));
    assert_eq!(fact(&fs, "3万个").year, Some(2024));
}

#[test]
fn work_report_reviews_last_year_and_plans_this_year() {
    let text = "政府工作报告\n——2024年1月15日在市人民代表大会上\n一、2023年工作回顾\n过去一年,城镇新增就业8.5万人。新建改扩建学校38所。\n二、2024年工作安排\n今年经济社会发展的主要预期目标是:城镇新增就业8万人以上。重点抓好以下工作:改造老旧小区200个。\n";
    let fs = facts_of(text);
    for t in ["8.5万人", "38所"] {
        let f = fact(&fs, t);
        assert_eq!((f.year, f.status), (Some(2023), Status::Actual), "{t}");
    }
    for t in ["8万人", "200个"] {
        let f = fact(&fs, t);
        assert_eq!((f.year, f.status), (Some(2024), Status::Target), "{t}");
    }
}

#[test]
fn progress_against_the_year_goal_is_actual() {
    let fs = facts_of("截至6月底,城镇新增就业4.6万人,占目标任务的57.5%;新建改扩建农村公路326公里,完成年度目标的65%。");
    for t in ["4.6万人", "57.5%", "326公里", "65%"] {
        assert_eq!(fact(&fs, t).status, Status::Actual, "{t}");
    }
    assert_eq!(
        fact(&fs, "65%").attainment_of,
        Some(fact(&fs, "326公里").start)
    );
}

#[test]
fn a_clause_about_one_named_county() {
    let fs = facts_of("2024年眉山市东坡区民生实事新闻发布会\n今年,我区新建幼儿园4所。眉山市彭山区、青神县也同步推进,其中彭山区新建幼儿园2所。长春、吉林、四平3个紧密型城市医疗集团试点。");
    // The document's region is ingest's call; a clause naming one county is about it, one
    // naming three keeps the document's region.
    let doc_region = fact(&fs, "4所").region.clone();
    assert_eq!(fact(&fs, "2所").region.as_deref(), Some("眉山市彭山区"));
    assert_eq!(fact(&fs, "3个").region, doc_region);
}

#[test]
fn a_minus_sign_is_kept() {
    let fs = facts_of("全市工业增加值同比增长-3.2%。");
    let f = fact(&fs, "3.2%");
    assert_eq!((f.value, f.measure), (-3.2, Measure::Change));
}

#[test]
fn a_plan_without_a_year_is_for_the_year_the_review_is_written_in() {
    let text = "2023年,全省新改建农村公路3175公里。2023年完成改造老旧小区830个。\n2024年,我们将继续推进民生实事。\n每年计划为重点地区6000名新生儿提供免费筛查服务。";
    let fs = facts_of(text);
    assert_eq!(fact(&fs, "3175公里").year, Some(2023));
    let f = fact(&fs, "6000名");
    assert_eq!((f.year, f.status), (Some(2024), Status::Target));
}

#[test]
fn periods_and_a_year_named_only_as_a_start() {
    let fs = facts_of("今年1月至11月,全县累计发放城乡低保金2860万元。全县在校学生4.2万人。自2018年以来,累计改造农村危房1.5万户。");
    assert_eq!(fact(&fs, "2860万元").period.as_deref(), Some("1-11月"));
    assert_eq!(fact(&fs, "4.2万人").subject, "在校学生");
    // 2018 starts the count; it is not the year reported on.
    assert_ne!(fact(&fs, "1.5万户").year, Some(2018));
}

#[test]
fn figures_in_a_row_share_their_verb() {
    let fs = facts_of("2024年,新改建农村公路604公里,惠及58个乡镇120个村。");
    assert_eq!(fact(&fs, "58个").subject, "惠及乡镇");
    assert_eq!(fact(&fs, "120个").subject, "惠及村");
}

#[test]
fn less_than_qualifiers() {
    let fs = facts_of("城镇登记失业率低于4%。剩余不足1000人。");
    assert_eq!(fact(&fs, "4%").approx, Approx::AtMost);
    assert_eq!(fact(&fs, "1000人").approx, Approx::AtMost);
}

#[test]
fn will_versus_the_object_marker() {
    let fs =
        facts_of("2023年,将符合条件的17.8万脱贫人口纳入低保。明年将为5000名老人提供助餐服务。");
    assert_eq!(fact(&fs, "17.8万").status, Status::Actual);
    assert_eq!(fact(&fs, "5000名").status, Status::Target);
}

#[test]
fn a_year_end_review_that_says_next_year_is_written_in_its_report_year() {
    let text = "2023年全县民生实事完成情况\n2023年,全县新建学校5所。今年新增学位2000个。明年,我们将新建学校3所。2024年将新增学位1500个。";
    let fs = facts_of(text);
    assert_eq!(fact(&fs, "2000个").year, Some(2023));
    let f = fact(&fs, "3所");
    assert_eq!((f.year, f.status), (Some(2024), Status::Target));
}

/// Regression: `任务` right after a figure made it a plan even when the clause measured the
/// figure against its goal (`完成目标任务的115.5%`).
#[test]
fn a_figure_measured_against_its_goal_is_the_result() {
    let fs = facts_of("2023年，全市城镇新增就业2.31万人，完成目标任务的115.5%。");
    assert_eq!(fact(&fs, "2.31万人").status, Status::Actual);
    let p = fact(&fs, "115.5%");
    assert_eq!(p.attainment_of, Some(fact(&fs, "2.31万人").start));
    // A plan stays a plan.
    let fs = facts_of("2024年，全市计划新增城镇就业2.2万人，确保完成目标任务。");
    assert_eq!(fact(&fs, "2.2万人").status, Status::Target);
}

/// A table cell takes the status its column header names.
#[test]
fn table_columns_named_plan_and_done_give_the_status() {
    let fs = facts_of("2024年项目完成情况\n项目\t计划\t完成\n农村公路\t120公里\t135.6公里\n老旧小区改造\t20个\t22个\n");
    assert_eq!(fact(&fs, "120公里").status, Status::Target);
    assert_eq!(fact(&fs, "135.6公里").status, Status::Actual);
    assert_eq!(fact(&fs, "20个").status, Status::Target);
    assert_eq!(fact(&fs, "22个").status, Status::Actual);
    // A rate column says nothing about status.
    let fs = facts_of("2024年\n项目\t完成率\n农村公路\t96%\n");
    assert_eq!(fact(&fs, "96%").status, Status::Actual);
}
