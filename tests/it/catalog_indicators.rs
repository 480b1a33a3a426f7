//! The indicator catalog: every entry valid, the must-link subjects link, units and cumulative
//! wording are respected, and most hand-checked gold facts link to some entry.

use std::collections::HashSet;
use std::path::Path;

use minsheng::catalog::indicators::{
    derived_key, is_cumulative, is_known_unit, Catalog, CatalogError, BUILTIN_TOML, SECTORS,
};

fn catalog() -> Catalog {
    Catalog::builtin()
}

/// The key `subject` links to with `unit`; the sentence is the subject itself.
fn key(c: &Catalog, subject: &str, unit: &str) -> Option<String> {
    c.link(subject, unit, subject).map(|e| e.key.clone())
}

#[test]
fn builtin_catalog_is_valid_and_large_enough() {
    let c = Catalog::from_toml_str(BUILTIN_TOML).expect("builtin catalog loads");
    assert!(c.entries().len() >= 80, "{} entries", c.entries().len());
    let mut keys = HashSet::new();
    for e in c.entries() {
        assert!(keys.insert(&e.key), "duplicate key {}", e.key);
        assert!(is_known_unit(&e.unit), "{}: unit {}", e.key, e.unit);
        assert!(SECTORS.contains(&e.sector.as_str()), "{}: sector", e.key);
        assert!(!e.patterns.is_empty(), "{}: no patterns", e.key);
        assert!(!e.name_zh.is_empty() && !e.name_en.is_empty(), "{}", e.key);
        if e.is_total() {
            let flows = c
                .entries()
                .iter()
                .filter(|f| f.total.as_ref() == Some(&e.key));
            assert_eq!(flows.count(), 1, "{}: no flow names it as its total", e.key);
        }
    }
}

#[test]
fn every_sector_of_livelihood_programmes_is_covered() {
    let c = catalog();
    for sector in [
        "employment",
        "education",
        "health",
        "elderly_care",
        "social_assistance",
        "housing",
        "transport",
        "utilities",
        "environment",
        "culture_sports",
        "public_services",
        "agriculture_rural",
    ] {
        let n = c.entries().iter().filter(|e| e.sector == sector).count();
        assert!(n >= 3, "{sector}: only {n} entries");
    }
}

#[test]
fn must_link_subjects_link() {
    let c = catalog();
    let cases = [
        ("城镇新增就业", "person", "urban_new_jobs"),
        ("新增城镇就业", "person", "urban_new_jobs"),
        ("新改建农村公路", "km", "rural_roads_built"),
        ("农村公路新改建", "km", "rural_roads_built"),
        ("开工改造老旧小区", "item", "old_residential_renovation"),
        ("老旧小区改造", "item", "old_residential_renovation"),
        ("建设保障性租赁住房", "item", "affordable_rental_housing"),
        (
            "困难老年人家庭适老化改造",
            "household",
            "age_friendly_home_renovation",
        ),
        (
            "新建改建合作助老餐厅和助餐点",
            "item",
            "elderly_meal_points",
        ),
        ("社区老年食堂", "item", "elderly_meal_points"),
        ("长者食堂", "item", "elderly_meal_points"),
        ("新建城乡长者幸福食堂", "item", "elderly_meal_points"),
        ("享受助餐补贴老年人", "person", "elderly_meal_recipients"),
        (
            "金色晚霞助餐服务惠及老年人",
            "person",
            "elderly_meal_recipients",
        ),
        (
            "免费牙齿窝沟封闭服务适龄儿童",
            "person",
            "dental_sealant_children",
        ),
        (
            "免费遗传代谢病筛查新生儿",
            "person",
            "newborn_metabolic_screening",
        ),
        ("适龄妇女两癌筛查", "person", "two_cancers_screening"),
        ("深入基层送演出", "item", "performances_delivered"),
        ("配建健身路径", "item", "fitness_paths"),
        ("新建充电桩", "item", "ev_chargers"),
        ("新建5G基站", "item", "base_stations_5g"),
        ("改造老旧燃气管网", "km", "gas_pipeline_renovation"),
        ("新建改造城市燃气管网", "km", "gas_pipeline_renovation"),
        (
            "高标准农田建设和水肥一体化推广",
            "m2",
            "high_standard_farmland",
        ),
        ("治理煤田火区", "item", "coalfield_fire_control"),
        ("煤田火区治理", "item", "coalfield_fire_control"),
        ("城市低保标准", "CNY/person/month", "dibao_standard_urban"),
        ("低保标准", "CNY/person/month", "dibao_standard"),
    ];
    for (subject, unit, want) in cases {
        assert_eq!(
            key(&c, subject, unit).as_deref(),
            Some(want),
            "{subject} / {unit}"
        );
    }
}

#[test]
fn a_unit_that_does_not_fit_does_not_link() {
    let c = catalog();
    // A rate of the jobs target, not a number of people.
    assert_eq!(key(&c, "城镇新增就业", "percent"), None);
    assert_eq!(key(&c, "新改建农村公路", "CNY/person"), None);
    assert_eq!(key(&c, "窝沟封闭", "km"), None);
    // Classifiers: 老旧小区 counted in households is not the item indicator.
    assert_ne!(
        key(&c, "老旧小区改造", "household").as_deref(),
        Some("old_residential_renovation")
    );
}

#[test]
fn item_entries_may_restrict_classifiers() {
    let c = catalog();
    let with = |cl: &str| {
        c.link_parts("保障性租赁住房开工", "item", Some(cl), false)
            .map(|e| e.key.as_str())
    };
    assert_eq!(with("套"), Some("affordable_rental_housing"));
    assert_eq!(with("间"), Some("affordable_rental_housing"));
    assert_eq!(with("个"), None);
    assert_eq!(
        c.link_parts("送演出", "item", Some("场"), false)
            .map(|e| e.key.as_str()),
        Some("performances_delivered")
    );
    assert_eq!(c.link_parts("送演出", "item", Some("辆"), false), None);
}

#[test]
fn cumulative_wording_routes_to_total() {
    let c = catalog();
    let link = |s: &str, u: &str, sentence: &str| c.link(s, u, sentence).map(|e| e.key.clone());
    assert_eq!(
        link("农村公路总里程", "km", "农村公路总里程达到1.2万公里").as_deref(),
        Some("rural_roads_total")
    );
    assert_eq!(
        link(
            "2019年以来累计改造老旧小区",
            "item",
            "先后改造6371个老旧小区"
        )
        .as_deref(),
        Some("old_residential_renovation_total")
    );
    // 先后…共 in the clause of the number.
    assert_eq!(
        link(
            "改造老旧小区",
            "item",
            "全市先后改造老旧小区共120个，今年新开工30个"
        )
        .as_deref(),
        Some("old_residential_renovation_total")
    );
    assert_eq!(
        link(
            "管道燃气居民用户阀管累计改造",
            "household",
            "累计改造362.4万户"
        )
        .as_deref(),
        Some("gas_user_facilities_renovated_total")
    );
    // The year's flow in the same sentence is not cumulative.
    assert_eq!(
        link(
            "管道燃气居民用户户内阀管改造",
            "household",
            "今年改造户内阀管136.3万户，累计改造362.4万户"
        )
        .as_deref(),
        Some("gas_user_facilities_renovated")
    );
    // A stock of an indicator without `_total` stays unlinked instead of joining the flow.
    assert_eq!(
        link("累计补充中小学教师", "person", "累计补充中小学教师1000人"),
        None
    );
    // `_total` entries never take a yearly figure.
    assert_eq!(
        link("农村公路", "km", "新改建农村公路604公里").as_deref(),
        None
    );
}

#[test]
fn cumulative_detection_looks_at_the_clause_of_the_number() {
    assert!(is_cumulative("累计建成社区老年食堂", "", None));
    assert!(is_cumulative(
        "社区老年食堂",
        "今年新建200个，全省累计建成社区老年食堂549个",
        Some("549个")
    ));
    assert!(!is_cumulative(
        "社区老年食堂",
        "今年新建社区老年食堂200个，累计服务564万人次",
        Some("200个")
    ));
    assert!(is_cumulative("农村公路", "总里程达到1.2万公里", None));
    assert!(!is_cumulative("改造老旧小区", "先后3批次检查", None));
}

#[test]
fn errors_name_the_entry_and_the_problem() {
    let entry = |key: &str, unit: &str, sector: &str, patterns: &str| {
        format!(
            "[[indicator]]\nkey = \"{key}\"\nname_zh = \"测试\"\nname_en = \"Test\"\n\
             unit = \"{unit}\"\nsector = \"{sector}\"\npatterns = {patterns}\n"
        )
    };
    let ok = entry("a_b", "km", "transport", "[\"公路\"]");
    assert!(Catalog::from_toml_str(&ok).is_ok());

    let bad_unit = Catalog::from_toml_str(&entry("roads", "miles", "transport", "[\"公路\"]"));
    assert!(matches!(bad_unit, Err(CatalogError::UnknownUnit { ref key, .. }) if key == "roads"));
    let msg = bad_unit.unwrap_err().to_string();
    assert!(msg.contains("roads") && msg.contains("miles"), "{msg}");

    let bad_sector = Catalog::from_toml_str(&entry("roads", "km", "roads", "[\"公路\"]"));
    assert!(matches!(
        bad_sector,
        Err(CatalogError::UnknownSector { .. })
    ));

    let dup = format!("{ok}\n{ok}");
    assert!(matches!(
        Catalog::from_toml_str(&dup),
        Err(CatalogError::DuplicateKey { ref key }) if key == "a_b"
    ));

    let empty = Catalog::from_toml_str(&entry("roads", "km", "transport", "[]"));
    assert!(matches!(empty, Err(CatalogError::EmptyPatterns { ref key }) if key == "roads"));

    let empty_part = Catalog::from_toml_str(&entry("roads", "km", "transport", "[\"公路+\"]"));
    assert!(matches!(
        empty_part,
        Err(CatalogError::EmptyPatternPart { .. })
    ));

    let with_total = format!(
        "{}total = \"a_b_total\"\n",
        entry("a_b", "km", "transport", "[\"公路\"]")
    );
    let bad_total = Catalog::from_toml_str(&with_total);
    assert!(matches!(bad_total, Err(CatalogError::BadTotal { ref key, .. }) if key == "a_b"));
    let good_total = format!(
        "{with_total}\n{}",
        entry("a_b_total", "km", "transport", "[\"公路\"]")
    );
    assert!(Catalog::from_toml_str(&good_total).is_ok());

    let bad_key = Catalog::from_toml_str(&entry("Roads-Built", "km", "transport", "[\"公路\"]"));
    assert!(matches!(bad_key, Err(CatalogError::BadKey { .. })));

    assert!(is_known_unit("CNY/person/month"));
    assert!(is_known_unit("item/1000person"));
    assert!(!is_known_unit("CNY/fortnight"));
    assert!(Catalog::from_toml_str("indicator = 3").is_err());
}

#[test]
fn derived_keys_are_stable_across_wording_of_plan_and_result() {
    assert_eq!(
        derived_key("建设“梦想小屋”", "item"),
        derived_key("建成梦想小屋", "item")
    );
    assert_eq!(derived_key("建成梦想小屋", "item"), "s:梦想小屋|item");
    assert_eq!(
        derived_key("2019年以来累计改造老旧小区", "item"),
        "s:改造老旧小区|item|total"
    );
    assert_ne!(
        derived_key("累计改造老旧小区", "item"),
        derived_key("改造老旧小区", "item")
    );
    assert_ne!(
        derived_key("梦想小屋", "item"),
        derived_key("梦想小屋", "household")
    );
    // Names that start with a noise word keep one character at least.
    assert_eq!(derived_key("完成", "item"), "s:完成|item");
    // Chinese numerals are part of names.
    assert_eq!(
        derived_key("小区二次供水设施改造", "item"),
        "s:小区二次供水设施改造|item"
    );
}

#[derive(serde::Deserialize)]
struct Gold {
    subject: String,
    unit: String,
    classifier: Option<String>,
    surface: String,
}

fn gold_facts() -> Vec<Gold> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/gold");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/gold exists")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    paths.sort();
    let mut out = Vec::new();
    for p in paths {
        let text = std::fs::read_to_string(&p).expect("gold file reads");
        for (i, line) in text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let g: Gold = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{}: line {}: {e}", p.display(), i + 1));
            out.push(g);
        }
    }
    out
}

/// The share of hand-checked gold facts that link to a catalog entry (their surface serves as
/// the sentence). Run with `--nocapture` to see the figure and the unlinked subjects.
#[test]
fn most_gold_facts_link() {
    let c = catalog();
    let gold = gold_facts();
    assert!(gold.len() > 500, "{} gold facts", gold.len());
    let mut linked = 0;
    let mut used = HashSet::new();
    for g in &gold {
        let cumulative = is_cumulative(&g.subject, &g.surface, None);
        match c.link_parts(&g.subject, &g.unit, g.classifier.as_deref(), cumulative) {
            Some(e) => {
                linked += 1;
                used.insert(e.key.clone());
            }
            None => eprintln!("unlinked: {} | {}", g.unit, g.subject),
        }
    }
    for e in c.entries().iter().filter(|e| !used.contains(&e.key)) {
        eprintln!("not used by gold: {}", e.key);
    }
    let share = linked as f64 / gold.len() as f64;
    eprintln!(
        "gold facts linked: {linked}/{} = {:.3}; entries used: {}/{}",
        gold.len(),
        share,
        used.len(),
        c.entries().len()
    );
    assert!(share >= 0.60, "only {share:.3} of gold facts link");
}

#[test]
fn link_fact_uses_classifier_raw_text_and_the_clause_of_the_number() {
    use minsheng::model::{Approx, Fact, Measure, Status};
    let fact = |subject: &str, text: &str, sentence: &str, raw_value: &str, cl: &str| Fact {
        doc_id: "d".into(),
        text: text.into(),
        start: 0,
        end: 1,
        sentence: sentence.into(),
        subject: subject.into(),
        sector: "elderly_care".into(),
        region: None,
        year: Some(2023),
        period: None,
        status: Status::Actual,
        measure: Measure::Level,
        value: 1.0,
        unit: "item".into(),
        classifier: Some(cl.into()),
        approx: Approx::Exact,
        raw_value: raw_value.into(),
        raw_unit: cl.into(),
        scale: 0,
        attainment_of: None,
    };
    let c = catalog();
    let sentence = "今年新建改建社区老年食堂200个，全省累计建成社区老年食堂549个。";
    let flow = fact(
        "新建改建社区老年食堂",
        "社区老年食堂200个",
        sentence,
        "200",
        "个",
    );
    let stock = fact("社区老年食堂", "社区老年食堂549个", sentence, "549", "个");
    assert_eq!(
        c.link_fact(&flow).map(|e| e.key.as_str()),
        Some("elderly_meal_points")
    );
    assert_eq!(
        c.link_fact(&stock).map(|e| e.key.as_str()),
        Some("elderly_meal_points_total")
    );
    // Traditional wording in the raw text counts too.
    let raw = fact(
        "长者食堂",
        "累計建成長者食堂88個",
        "累计建成长者食堂88个",
        "88",
        "个",
    );
    assert_eq!(
        c.link_fact(&raw).map(|e| e.key.as_str()),
        Some("elderly_meal_points_total")
    );
    // A measure word the entry does not allow.
    let wrong = fact("长者食堂", "长者食堂88辆", "长者食堂88辆", "88", "辆");
    assert_eq!(c.link_fact(&wrong), None);
}

/// Wording from other regions' reports (not in the gold files): the entries are general.
#[test]
fn common_wording_from_other_regions_links() {
    let c = catalog();
    let cases = [
        ("新增养老床位", "item", "elderly_care_beds"),
        ("新建农村公路", "km", "rural_roads_built"),
        ("建成保障性租赁住房", "item", "affordable_rental_housing"),
        ("完成农村户厕改造", "household", "rural_toilets"),
        ("新建城市书房", "item", "public_cultural_facilities"),
        ("新增普惠托位", "item", "childcare_places"),
        ("开展职业技能培训", "person_time", "skills_training"),
        ("新建改造老旧供水管网", "km", "water_supply_pipelines"),
        ("新建公共充电桩", "item", "ev_chargers"),
        ("建设高标准农田", "m2", "high_standard_farmland"),
        ("农村低保标准", "CNY/person/month", "dibao_standard_rural"),
        ("新增中小学学位", "item", "school_places_added"),
        (
            "为老年人家庭实施适老化改造",
            "household",
            "age_friendly_home_renovation",
        ),
        ("长者饭堂", "item", "elderly_meal_points"),
        ("老年助餐服务", "person_time", "elderly_meal_services"),
        ("开展送戏下乡", "item", "performances_delivered"),
        ("新建口袋公园", "item", "pocket_parks"),
        ("完成既有住宅加装电梯", "item", "elevators_installed"),
    ];
    for (subject, unit, want) in cases {
        assert_eq!(
            key(&c, subject, unit).as_deref(),
            Some(want),
            "{subject} / {unit}"
        );
    }
}

/// What is counted may stand after the number: the clause holding it links the fact.
#[test]
fn the_clause_holding_the_number_links_when_the_subject_does_not() {
    use minsheng::model::{Approx, Fact, Measure, Status};
    let catalog = Catalog::builtin();
    let fact = |subject: &str, value: &str, sentence: &str| Fact {
        doc_id: "d".into(),
        text: format!("{value}名"),
        start: 0,
        end: 1,
        sentence: sentence.into(),
        subject: subject.into(),
        sector: "health".into(),
        region: None,
        year: Some(2024),
        period: None,
        status: Status::Target,
        measure: Measure::Level,
        value: value.parse().unwrap(),
        unit: "person".into(),
        classifier: None,
        approx: Approx::Exact,
        raw_value: value.into(),
        raw_unit: "名".into(),
        scale: 0,
        attainment_of: None,
    };
    let f = fact(
        "适龄儿童",
        "7000",
        "医疗卫生方面:为7000名适龄儿童开展免费牙齿窝沟封闭服务;为重点地区6000名新生儿提供免费遗传代谢病筛查。",
    );
    assert_eq!(
        catalog.link_fact(&f).map(|i| i.key.as_str()),
        Some("dental_sealant_children")
    );
    let f = fact(
        "新生儿",
        "6000",
        "医疗卫生方面:为7000名适龄儿童开展免费牙齿窝沟封闭服务;为重点地区6000名新生儿提供免费遗传代谢病筛查。",
    );
    assert_eq!(
        catalog.link_fact(&f).map(|i| i.key.as_str()),
        Some("newborn_metabolic_screening")
    );
    // A number in two clauses is ambiguous: no clause is used.
    let f = fact("人员", "50", "培训50名医生，表彰50名护士窝沟封闭");
    assert_eq!(catalog.link_fact(&f), None);
}

/// The linking rule as the module documents it, testing every entry with substring checks:
/// the reference the compiled matcher in `Catalog::link_parts` must agree with.
fn link_by_scanning<'a>(
    c: &'a Catalog,
    subject: &str,
    unit: &str,
    classifier: Option<&str>,
    cumulative: bool,
) -> Option<&'a str> {
    let entries = c.entries();
    let mut best: Option<((usize, usize), usize)> = None;
    for (i, e) in entries.iter().enumerate() {
        let fits = e.unit == unit
            && match classifier {
                Some(k) if !e.classifiers.is_empty() => e.classifiers.iter().any(|x| x == k),
                _ => true,
            };
        if !fits || e.exclude.iter().any(|x| subject.contains(x.as_str())) {
            continue;
        }
        let Some(score) = e
            .patterns
            .iter()
            .filter(|p| p.split('+').all(|part| subject.contains(part)))
            .map(|p| {
                let parts: Vec<&str> = p.split('+').collect();
                (parts.iter().map(|s| s.chars().count()).sum(), parts.len())
            })
            .max()
        else {
            continue;
        };
        let target = if cumulative == e.is_total() {
            Some(i)
        } else if cumulative {
            e.total
                .as_ref()
                .and_then(|t| entries.iter().position(|x| &x.key == t))
        } else {
            None
        };
        if let Some(t) = target {
            if best.is_none_or(|(s, _)| score > s) {
                best = Some((score, t));
            }
        }
    }
    best.map(|(_, i)| entries[i].key.as_str())
}

/// Subjects made of catalog words (each pattern, pairs of patterns, with and without an
/// exclude, gold subjects) link exactly as testing every entry in turn does.
#[test]
fn compiled_matcher_links_as_scanning_every_entry() {
    let c = catalog();
    let mut subjects: Vec<String> = Vec::new();
    let entries = c.entries();
    for (i, e) in entries.iter().enumerate() {
        let next = &entries[(i + 1) % entries.len()];
        for p in &e.patterns {
            let joined = p.replace('+', "");
            subjects.push(joined.clone());
            subjects.push(format!("新建{joined}累计"));
            subjects.push(format!("{}{joined}", next.patterns[0].replace('+', "")));
            for x in &e.exclude {
                subjects.push(format!("{joined}{x}"));
            }
        }
    }
    subjects.extend(gold_facts().into_iter().map(|g| g.subject));
    subjects.push(String::new());
    let mut units: Vec<&str> = entries.iter().map(|e| e.unit.as_str()).collect();
    units.sort();
    units.dedup();
    let mut classifiers: Vec<Option<&str>> = vec![None, Some("个"), Some("场")];
    classifiers.extend(
        entries
            .iter()
            .flat_map(|e| e.classifiers.iter().map(|k| Some(k.as_str()))),
    );
    classifiers.sort();
    classifiers.dedup();
    let mut linked = 0;
    for s in &subjects {
        for unit in &units {
            for cl in classifiers
                .iter()
                .filter(|k| k.is_none() || unit.starts_with("item"))
            {
                for cumulative in [false, true] {
                    let want = link_by_scanning(&c, s, unit, *cl, cumulative);
                    let got = c
                        .link_parts(s, unit, *cl, cumulative)
                        .map(|e| e.key.as_str());
                    assert_eq!(got, want, "{s:?} {unit} {cl:?} cumulative={cumulative}");
                    linked += usize::from(got.is_some());
                }
            }
        }
    }
    assert!(linked > 1000, "only {linked} links checked");
}
