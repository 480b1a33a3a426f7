//! The unit after a number: the catalog's measure word, people nouns after a multiplier
//! (`179.44万农村居民`), and rates (`月人均612元`, `每人每月150元`, `250元/月`, `户均807元`,
//! `每千人口…3.51个`), 户 counting firms (`746户企业` → item).

use super::numbers::Reading;
use super::text::{is_clause_end, Work};
use crate::catalog::units::{UnitKind, Units};

/// A number's unit as resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    pub unit: String,
    pub classifier: Option<String>,
    pub factor: f64,
    pub kind: UnitKind,
    /// Where the written unit starts (after an inner 余/多) and ends (a `/月` suffix included).
    pub start: usize,
    pub end: usize,
    /// `余`/`多` between the number and its unit (`2300余名`).
    pub more_than: bool,
}

/// Nouns for people that follow a number with a multiplier but no measure word.
const PEOPLE: &[&str] = &[
    "人口",
    "居民",
    "群众",
    "群体",
    "老年人",
    "残疾人",
    "农民工",
    "农民",
    "儿童",
    "学生",
    "职工",
    "患者",
    "妇女",
    "青少年",
    "人员",
    "人",
];

/// The unit written right after reading `r`, if any.
pub fn resolve(w: &Work, r: &Reading) -> Option<Resolved> {
    let units = Units::builtin();
    let mut at = r.end;
    let mut more = false;
    if matches!(w.chars.get(at), Some('余') | Some('多'))
        && !r.more_than
        && units.match_at(&w.chars, at + 1).is_some()
    {
        more = true;
        at += 1;
    }
    if let Some(m) = units.match_at(&w.chars, at) {
        // `多` right after a number and before a unit is read above; `3个方面` is `个`.
        return Some(Resolved {
            unit: m.unit().to_string(),
            classifier: m.classifier().map(str::to_string),
            factor: m.entry.factor,
            kind: m.entry.kind,
            start: at,
            end: at + m.len,
            more_than: more,
        });
    }
    if r.scale >= 4 {
        let tail: String = w.chars[r.end..(r.end + 8).min(w.len())]
            .iter()
            .take_while(|c| !is_clause_end(**c) && **c != '、')
            .collect();
        if PEOPLE
            .iter()
            .any(|p| tail.find(p).is_some_and(|k| k <= 3 * 6))
        {
            return Some(Resolved {
                unit: "person".into(),
                classifier: None,
                factor: 1.0,
                kind: UnitKind::Unit,
                start: r.end,
                end: r.end,
                more_than: false,
            });
        }
    }
    None
}

/// Words that make 户 count firms or other units, not families.
const FIRM_WORDS: &[&str] = &[
    "企业",
    "单位",
    "商户",
    "门店",
    "经营主体",
    "市场主体",
    "物业",
    "厂",
];

/// Turns a plain unit into the rate the context makes it, and 户 of firms into items.
/// `before` is the text of the sentence up to the number, `after` what follows the unit in
/// its clause.
pub fn contextual(res: &mut Resolved, w: &Work, before: &str, clause_before: &str, after: &str) {
    if res.unit == "CNY" {
        let per_person = before.contains("人均") || before.contains("每人");
        if w.at(res.end, "/月") {
            res.end += 2;
            res.unit = if per_person {
                "CNY/person/month"
            } else {
                "CNY/month"
            }
            .into();
            return;
        }
        if w.at(res.end, "/年") {
            res.end += 2;
            res.unit = if per_person {
                "CNY/person/year"
            } else {
                "CNY/year"
            }
            .into();
            return;
        }
        for (suffix, unit) in [
            ("/人/月", "CNY/person/month"),
            ("/人·月", "CNY/person/month"),
            ("/人/年", "CNY/person/year"),
            ("/人·年", "CNY/person/year"),
            ("/户", "CNY/household"),
        ] {
            if w.at(res.end, suffix) {
                res.end += suffix.chars().count();
                res.unit = unit.into();
                return;
            }
        }
        if w.at(res.end, "/人") {
            res.end += 2;
            res.unit = "CNY/person".into();
            return;
        }
        // The nearest rate word before the number governs it (`月人均612元和年人均5335元`).
        let c = clause_before;
        let rates = [
            ("月人均", "CNY/person/month"),
            ("每人每月", "CNY/person/month"),
            ("年人均", "CNY/person/year"),
            ("每人每年", "CNY/person/year"),
            ("户均", "CNY/household"),
            ("每户", "CNY/household"),
            ("人均", "CNY/person"),
            ("每人", "CNY/person"),
        ];
        let mut best: Option<(usize, usize, &str)> = None;
        for (k, u) in rates {
            if let Some(i) = c.rfind(k) {
                let end = i + k.len();
                // Longer words first at the same end (`月人均` over `人均`).
                if best.is_none_or(|(bi, be, _)| end > be || end == be && i < bi) {
                    best = Some((i, end, u));
                }
            }
        }
        if let Some((i, _, u)) = best {
            if c[i..].chars().count() <= 14 {
                res.unit = u.into();
            }
        }
        return;
    }
    if res.unit == "item" && (clause_before.contains("千人口") || clause_before.contains("每千人"))
    {
        res.unit = "item/1000person".into();
        return;
    }
    if res.unit == "item" && (clause_before.contains("万人口") || clause_before.contains("每万人"))
    {
        res.unit = "item/10000person".into();
        return;
    }
    if res.unit == "household" {
        let next: String = after.chars().take(14).collect();
        // The clause, or the one before it in the sentence (`开展物业服务质量评价，公布…749户`).
        let cs: Vec<char> = before.chars().collect();
        let mut k = cs.len();
        let mut bounds = 0;
        while k > 0 {
            if matches!(cs[k - 1], '，' | ',' | '；' | ';') {
                bounds += 1;
                if bounds == 2 {
                    break;
                }
            }
            k -= 1;
        }
        let near: String = cs[k..].iter().collect();
        let firm = FIRM_WORDS.iter().any(|f| next.contains(f))
            || FIRM_WORDS.iter().any(|f| near.contains(f));
        if firm {
            res.unit = "item".into();
            res.classifier = Some("户".into());
        }
    }
}
