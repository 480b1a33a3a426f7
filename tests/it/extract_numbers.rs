//! Numbers and units on real sentences: Arabic, Chinese numerals, multipliers, rates.

use crate::common;
use common::{close, fact, facts_of};

fn one(text: &str, t: &str) -> (f64, String, Option<String>) {
    let fs = facts_of(text);
    let f = fact(&fs, t);
    (f.value, f.unit.clone(), f.classifier.clone())
}

#[test]
fn arabic_with_multipliers() {
    let (v, u, _) = one("培训教师2.8万人次,评选“庭州名师”100名。", "2.8万人次");
    assert!(close(v, 28000.0));
    assert_eq!(u, "person_time");
    let (v, u, _) = one(
        "累计投入39.5亿元,先后完成12.9万户农村清洁能源取暖改造。",
        "39.5亿元",
    );
    assert!(close(v, 3.95e9));
    assert_eq!(u, "CNY");
    let (v, _, _) = one("累计获批风电、光伏容量5204.8万千瓦。", "5204.8万千瓦");
    assert!(close(v, 52048000.0));
}

#[test]
fn more_than_inside_numbers() {
    let fs = facts_of(
        "提供免费用药咨询、购药服务累计12余万人次,减免诊疗费90余万元。全省签约居民1500多万人。",
    );
    assert!(close(fact(&fs, "12余万人次").value, 120000.0));
    assert!(close(fact(&fs, "90余万元").value, 900000.0));
    assert!(close(fact(&fs, "1500多万人").value, 15000000.0));
}

#[test]
fn area_conversions() {
    let (v, u, _) = one("完成造林修复5.54万亩、草原生态修复治理25万亩。", "5.54万亩");
    assert_eq!(u, "m2");
    assert!((v - 36933335.18).abs() < 1.0);
    let (v, _, _) = one("治理面积216公顷。", "216公顷");
    assert!(close(v, 2160000.0));
}

#[test]
fn chinese_numerals_counting_deliverables() {
    let (v, u, c) = one("打造七个互联网党群服务中心、35个“暖心驿站”。", "七个");
    assert_eq!((v, u.as_str(), c.as_deref()), (7.0, "item", Some("个")));
    let (v, _, c) = one("完成市区K603、37路等两条公交线路适老化改造。", "两条");
    assert_eq!((v, c.as_deref()), (2.0, Some("条")));
    let (v, _, _) = one("建成规模近千万千瓦。", "千万千瓦");
    assert!(close(v, 1e7));
}

#[test]
fn full_width_digits() {
    let (v, _, c) = one("新建幼儿园７所。", "７所");
    assert_eq!((v, c.as_deref()), (7.0, Some("所")));
}

#[test]
fn people_after_a_multiplier() {
    let (v, u, _) = one(
        "新增24小时农村供水工程2335处,惠及179.44万农村居民。",
        "179.44万",
    );
    assert_eq!(u, "person");
    assert!(close(v, 1794400.0));
}

#[test]
fn percent_points_and_ratios() {
    let fs = facts_of("城乡特困人员基本生活标准均达到当地上年度城乡低保标准的1.68倍。相较2017年,分别增减了9.8和7.1个百分点。");
    assert_eq!(fact(&fs, "1.68倍").unit, "ratio");
    assert_eq!(fact(&fs, "9.8").unit, "pp");
    assert_eq!(fact(&fs, "7.1个百分点").unit, "pp");
}

#[test]
fn rates() {
    let fs = facts_of("城乡低保标准分别达到月人均612元和年人均5335元,城乡特困人员基本生活标准达到月人均1031元和749元。");
    assert_eq!(fact(&fs, "612元").unit, "CNY/person/month");
    assert_eq!(fact(&fs, "5335元").unit, "CNY/person/year");
    assert_eq!(fact(&fs, "749元").unit, "CNY/person/month");
    let fs = facts_of("对2300余名老年人给予每人每月150元的助餐补贴。按户均807元标准向10.1万户困难群众发放取暖补贴。");
    assert_eq!(fact(&fs, "150元").unit, "CNY/person/month");
    assert_eq!(fact(&fs, "807元").unit, "CNY/household");
    assert_eq!(fact(&fs, "10.1万户").unit, "household");
    let fs = facts_of("调整6.14万名企业退休人员基本养老金,人均增加养老金103.1元/月。城乡居民基础养老金达250元/月。");
    assert_eq!(fact(&fs, "103.1元/月").unit, "CNY/person/month");
    assert_eq!(fact(&fs, "250元/月").unit, "CNY/month");
    let fs = facts_of("对考入本科院校的困难家庭考生每人资助3000元。全区共有托位数2310个,每千人口拥有3岁以下婴幼儿托位数达3.51个。");
    assert_eq!(fact(&fs, "3000元").unit, "CNY/person");
    assert_eq!(fact(&fs, "3.51个").unit, "item/1000person");
    assert_eq!(fact(&fs, "2310个").unit, "item");
}

#[test]
fn households_of_firms_are_items() {
    let fs = facts_of("为746户企业提供融资担保29.28亿元。减征失业保险费3559万元,惠及参保单位5955户。为1万户困难重度残疾人家庭实施无障碍改造。");
    let f = fact(&fs, "746户");
    assert_eq!(
        (f.unit.as_str(), f.classifier.as_deref()),
        ("item", Some("户"))
    );
    assert_eq!(fact(&fs, "5955户").unit, "item");
    assert_eq!(fact(&fs, "1万户").unit, "household");
}

#[test]
fn raw_value_unit_and_scale() {
    let fs = facts_of("新增城镇就业2.3万人以上。");
    let f = fact(&fs, "2.3万人");
    assert_eq!(
        (f.raw_value.as_str(), f.raw_unit.as_str(), f.scale),
        ("2.3万", "人", 4)
    );
}

#[test]
fn per_ten_thousand_people() {
    let fs = facts_of("全市共有养老机构35家,每万人拥有养老床位45张。");
    assert_eq!(fact(&fs, "45张").unit, "item/10000person");
    assert_eq!(fact(&fs, "35家").unit, "item");
}

#[test]
fn table_cells_take_unit_and_subject_from_their_column_header() {
    let text = "2023年民生实事完成情况\n地区\t新建学校（所）\t投资(万元)\t覆盖率(%)\n朝阳区\t12\t3500\t85.5\n";
    let fs = facts_of(text);
    let f = fact(&fs, "12");
    assert_eq!(
        (f.unit.as_str(), f.classifier.as_deref(), f.subject.as_str()),
        ("item", Some("所"), "新建学校")
    );
    let f = fact(&fs, "3500");
    assert_eq!(
        (f.value, f.unit.as_str(), f.subject.as_str()),
        (35000000.0, "CNY", "投资")
    );
    assert_eq!(fact(&fs, "85.5").unit, "percent");
}

#[test]
fn table_cells_stay_apart() {
    let fs = facts_of("指标\t数量\n新建学校\t12所\t8000个\n");
    assert!(fs.iter().any(|f| f.text == "12所"));
    assert!(fs.iter().any(|f| f.text == "8000个"));
}

#[test]
fn multipliers_shift_the_decimal_point_exactly() {
    let fs = facts_of("今年,我区投入资金2.3亿元。");
    assert_eq!(fact(&fs, "2.3亿元").value, 230000000.0);
}

#[test]
fn electricity_degrees_kilograms_and_per_person_month() {
    let fs = facts_of("全年节约用电1000万度。最高气温30度。发放大米20公斤。补贴标准500元/人·月。");
    let f = fact(&fs, "1000万度");
    assert_eq!((f.value, f.unit.as_str()), (1e7, "kWh"));
    assert!(fs.iter().all(|f| f.text != "30度"));
    assert!(close(fact(&fs, "20公斤").value, 0.02));
    assert_eq!(fact(&fs, "500元/人·月").unit, "CNY/person/month");
}

#[test]
fn a_table_row_label_leads_the_subject_unless_it_is_a_place() {
    let fs = facts_of("项目\t完成数量（个）\n新建停车场\t12\n改造老旧小区\t35\n");
    assert_eq!(fact(&fs, "12").subject, "新建停车场完成数量");
    assert_eq!(fact(&fs, "35").subject, "改造老旧小区完成数量");
}

#[test]
fn percent_in_words() {
    let fs = facts_of("全县森林覆盖率达到百分之三十五。");
    let f = fact(&fs, "百分之三十五");
    assert_eq!((f.value, f.unit.as_str()), (35.0, "percent"));
    assert_eq!(
        (f.raw_value.as_str(), f.raw_unit.as_str()),
        ("三十五", "百分之")
    );
}
