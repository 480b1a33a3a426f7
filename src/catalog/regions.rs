//! The regions catalog: GB/T 2260 provinces, prefectures and counties (`regions.tsv`, generated
//! from a published dataset, see its header), parsed once on first use.
//!
//! In: the compiled-in TSV. Out: [`Regions`], a tree with a name index (full names, GB/T names,
//! short names) that `ingest::region` matches and resolves against.

use crate::model::Region;
use std::collections::HashMap;
use std::sync::LazyLock;

const REGIONS_TSV: &str = include_str!("regions.tsv");

/// The code the catalog uses for the whole country (`全国`): GB/T 2260's code for the
/// People's Republic of China.
pub const COUNTRY_CODE: &str = "100000";

/// Short names that are also ordinary words (`长治久安`, `丰满`, `前进`, `东方`): never matched
/// in running text, though [`crate::ingest::region::lookup`] still resolves them. Also GB/T
/// names that are common nouns (`城区`, `郊区`, `矿区`).
pub const COMMON_WORDS: &[&str] = &[
    "大同", "长治", "开封", "白银", "阿里", "中山", "安康", "黄山", "普洱", "北海", "红河", "文山",
    "朝阳", "兴安", "东方", "太平", "平安", "和平", "前进", "友好", "通道", "共和", "安定", "长寿",
    "城中", "市中", "新城", "江南", "江北", "城关", "新华", "红旗", "向阳", "东风", "永和", "长安",
    "大方", "康乐", "丰满", "榆树", "梨树", "磐石", "龙井", "二道", "白云", "新兴", "青山", "城区",
    "郊区", "矿区", "城东", "城西", "城北", "河东", "河西", "江海", "金山", "永安", "宝山", "新市",
    "桥东", "桥西", "西湖", "东湖", "南湖", "铁东", "铁西", "中原", "华龙", "光明", "和顺", "吉利",
    "海港", "港口", "工农",
];

/// Administrative level, highest first (the order is used to prefer the higher level).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Country,
    Province,
    Prefecture,
    County,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Country => "country",
            Level::Province => "province",
            Level::Prefecture => "prefecture",
            Level::County => "county",
        }
    }

    fn parse(s: &str) -> Option<Level> {
        Some(match s {
            "country" => Level::Country,
            "province" => Level::Province,
            "prefecture" => Level::Prefecture,
            "county" => Level::County,
            _ => return None,
        })
    }
}

/// One row of the catalog.
#[derive(Debug, Clone)]
pub struct Entry {
    pub code: &'static str,
    /// The contract's name (`盐城市大丰区`).
    pub name: &'static str,
    /// The GB/T 2260 name (`大丰区`).
    pub gb_name: &'static str,
    pub level: Level,
    /// Index of the parent entry; None only for the country.
    pub parent: Option<usize>,
    /// Short names (`大丰`, `昌吉州`, `昌吉`).
    pub aliases: Vec<&'static str>,
}

/// How a name in the index refers to an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    /// The contract name or the GB/T name.
    Full,
    /// A short name.
    Short,
}

/// The parsed catalog.
#[derive(Debug)]
pub struct Regions {
    pub entries: Vec<Entry>,
    by_code: HashMap<&'static str, usize>,
    by_name: HashMap<&'static str, Vec<(usize, NameKind)>>,
}

impl Regions {
    /// Parses the TSV text; an error names the line.
    pub fn parse(text: &'static str) -> Result<Regions, String> {
        let mut rows = Vec::new();
        let mut header_seen = false;
        for (n, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            if !header_seen {
                header_seen = true;
                if line != "code\tname\tgb_name\tlevel\tparent\taliases" {
                    return Err(format!("regions.tsv line {}: unexpected header", n + 1));
                }
                continue;
            }
            let f: Vec<&'static str> = line.split('\t').collect();
            if f.len() != 6 {
                return Err(format!("regions.tsv line {}: expected 6 fields", n + 1));
            }
            let level =
                Level::parse(f[3]).ok_or(format!("regions.tsv line {}: bad level", n + 1))?;
            let aliases = f[5].split(',').filter(|a| !a.is_empty()).collect();
            rows.push((n + 1, f[0], f[1], f[2], level, f[4], aliases));
        }
        let mut by_code = HashMap::new();
        for (i, r) in rows.iter().enumerate() {
            if by_code.insert(r.1, i).is_some() {
                return Err(format!("regions.tsv line {}: duplicate code {}", r.0, r.1));
            }
        }
        let mut entries = Vec::with_capacity(rows.len());
        for (line, code, name, gb_name, level, parent, aliases) in rows {
            let parent = if parent.is_empty() {
                None
            } else {
                Some(*by_code.get(parent).ok_or(format!(
                    "regions.tsv line {line}: parent {parent} is not in the catalog"
                ))?)
            };
            entries.push(Entry {
                code,
                name,
                gb_name,
                level,
                parent,
                aliases,
            });
        }
        let mut by_name: HashMap<&'static str, Vec<(usize, NameKind)>> = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            let mut add = |n: &'static str, kind| {
                let v = by_name.entry(n).or_default();
                if !v.iter().any(|(j, _)| *j == i) {
                    v.push((i, kind));
                }
            };
            add(e.name, NameKind::Full);
            add(e.gb_name, NameKind::Full);
            for a in &e.aliases {
                add(a, NameKind::Short);
            }
        }
        Ok(Regions {
            entries,
            by_code,
            by_name,
        })
    }

    pub fn by_code(&self, code: &str) -> Option<usize> {
        self.by_code.get(code).copied()
    }

    /// Entries a name (full, GB/T or short) refers to.
    pub fn by_name(&self, name: &str) -> &[(usize, NameKind)] {
        self.by_name.get(name).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Every indexed name, for building a matcher.
    pub fn names(&self) -> impl Iterator<Item = (&'static str, &[(usize, NameKind)])> {
        self.by_name.iter().map(|(k, v)| (*k, v.as_slice()))
    }

    /// The index of the whole country.
    pub fn country(&self) -> usize {
        self.by_code[COUNTRY_CODE]
    }

    /// `i` itself, then its parent, up to the country.
    pub fn ancestors(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(Some(i), move |&j| self.entries[j].parent)
    }

    /// Whether `i` is `ancestor` or lies inside it.
    pub fn is_within(&self, i: usize, ancestor: usize) -> bool {
        self.ancestors(i).any(|j| j == ancestor)
    }

    /// Number of steps from the country down to `i` (country 0).
    pub fn depth(&self, i: usize) -> usize {
        self.ancestors(i).count() - 1
    }

    /// The entry as a model [`Region`].
    pub fn region(&self, i: usize) -> Region {
        let e = &self.entries[i];
        Region {
            name: e.name.to_string(),
            code: e.code.to_string(),
            level: e.level.as_str().to_string(),
        }
    }
}

static REGIONS: LazyLock<Regions> = LazyLock::new(|| {
    // The TSV is compiled in and checked by tests, so a parse error is a build defect.
    Regions::parse(REGIONS_TSV).unwrap_or_else(|e| panic!("{e}"))
});

/// The compiled-in catalog, parsed on first use.
pub fn regions() -> &'static Regions {
    &REGIONS
}
