//! What is not a fact, each on a real sentence.

use crate::common;
use common::facts_of;

fn texts(s: &str) -> Vec<String> {
    facts_of(s).into_iter().map(|f| f.text).collect()
}

#[test]
fn dates_and_periods() {
    assert!(texts("2024年12月31日,新闻发布会举行。").is_empty());
    assert_eq!(
        texts("1-11月累计减征失业保险费3558.65万元。"),
        ["3558.65万元"]
    );
    assert!(texts("发布时间:2025-01-01 10:05:00").is_empty());
}

#[test]
fn ordinals_and_editions() {
    assert!(texts(
        "创建第七批州级高层次人才工作室。连续第21年开展项目。在第十六届人民代表大会第五次会议上。"
    )
    .is_empty());
    assert!(texts("总第12184期 今日8版").is_empty());
}

#[test]
fn codes() {
    assert_eq!(texts("新建充电桩600台、5G基站650个。"), ["600台", "650个"]);
    assert!(texts("S231昌五路建成通车。开展S101沿线地质灾害治理。").is_empty());
    assert!(texts("□国内统一刊号 CN 65—0010 □邮发代号 57—103").is_empty());
    assert!(texts("构建“1+20”物业法规体系,推行1+3+N模式。").is_empty());
}

#[test]
fn ranges_ages_and_short_durations() {
    assert!(texts("按绩效工资基准线水平的100-180%核定。").is_empty());
    assert_eq!(texts("为7080名6-9岁适龄儿童服务。"), ["7080名"]);
    assert!(
        texts("重点做好65岁以上高血压人群签约服务。提前1个月完成。新增24小时服务。").is_empty()
    );
}

#[test]
fn thresholds_qualifying_what_is_counted() {
    assert_eq!(
        texts("全区亿元以上新开工项目89个,其中10亿元以上项目5个。"),
        ["89个", "5个"]
    );
    assert_eq!(texts("其中100万元以上村达60个。"), ["60个"]);
    assert_eq!(texts("完成656台65蒸吨以下燃煤锅炉的更新替代。"), ["656台"]);
}

#[test]
fn program_names_and_titles() {
    assert!(texts("2024年昌吉州“十件惠民实事”落实情况。构建“15分钟就业服务圈”。").is_empty());
    assert!(texts("贯彻落实《2022年全市药政工作要点》。推进“苏政办22条”服务事项。").is_empty());
    assert!(texts("昌吉州2025年十件惠民实事清单").is_empty());
}

#[test]
fn rhetorical_chinese_numerals() {
    assert!(
        texts("全力做好两个推动、助力三个战略、实施四大民政幸福工程。我们努力做到五个坚持。")
            .is_empty()
    );
    assert!(texts("一是推动分层分类社会救助体系建设。围绕十个方面开展工作。").is_empty());
    assert!(texts("着力实现两个保障、一个推进。落实母婴安全五项制度。").is_empty());
    assert!(texts("完成60个小区二次供水设施改造")
        .iter()
        .all(|t| t != "二次"));
}

#[test]
fn idioms_slogans_and_furniture() {
    assert!(
        texts("打通服务群众健康“最后一公里”。为一户多残家庭发放补助。千家万户受益。").is_empty()
    );
    assert!(texts("符合条件的困难群体三个100%全覆盖。").is_empty());
    assert!(texts("已有0人发表了评论").is_empty());
    assert!(texts("- 2023年厦门47项为民办实事项目全部完成2024-01-18").is_empty());
}

#[test]
fn numbers_without_units() {
    assert!(texts("开设心理服务热线(28380580)。拨打12345热线。").is_empty());
}

#[test]
fn indefinite_numerals_and_ranks() {
    assert!(texts("新增数十个停车场,建成几十个口袋公园。").is_empty());
    assert!(texts("全市排名位居全省前3位。").is_empty());
    assert_eq!(texts("目前15个项目所需专项借款已上报。"), ["15个"]);
}

#[test]
fn both_ends_of_a_range() {
    assert!(texts("预计增长5%-8%。每人补助5万-8万元。").is_empty());
}
