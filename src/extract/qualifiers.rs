//! Qualifiers: how exact a number is (`约`, `近`, `余`, `多`, `以上`, `不超过`, …). The one
//! written before the number wins (`约2500余人` → about).

use super::text::Work;
use crate::model::Approx;

/// Qualifiers written right before a number, longest first.
const BEFORE: &[(&str, Approx)] = &[
    ("不低于", Approx::AtLeast),
    ("不少于", Approx::AtLeast),
    ("不超过", Approx::AtMost),
    ("不高于", Approx::AtMost),
    ("不多于", Approx::AtMost),
    ("突破了", Approx::MoreThan),
    ("超过了", Approx::MoreThan),
    ("不足", Approx::AtMost),
    ("不到", Approx::AtMost),
    ("低于", Approx::AtMost),
    ("大约", Approx::About),
    ("将近", Approx::About),
    ("接近", Approx::About),
    ("至少", Approx::AtLeast),
    ("最少", Approx::AtLeast),
    ("最多", Approx::AtMost),
    ("超过", Approx::MoreThan),
    ("突破", Approx::MoreThan),
    ("多于", Approx::MoreThan),
    ("高于", Approx::MoreThan),
    ("约", Approx::About),
    ("近", Approx::About),
    ("超", Approx::MoreThan),
    ("逾", Approx::MoreThan),
];

/// Qualifiers written right after the unit.
const AFTER: &[(&str, Approx)] = &[
    ("及以上", Approx::AtLeast),
    ("以上", Approx::AtLeast),
    ("以下", Approx::AtMost),
    ("以内", Approx::AtMost),
    ("左右", Approx::About),
    ("上下", Approx::About),
];

/// The qualifier written before position `start`, and where it starts.
pub fn before(w: &Work, start: usize) -> Option<(Approx, usize)> {
    for (q, a) in BEFORE {
        if w.ends(start, q) {
            let qs = start - q.chars().count();
            // `最近`, `附近`, `临近` are not `近`.
            if *q == "近" && qs > 0 && matches!(w.chars[qs - 1], '最' | '附' | '临' | '就' | '靠')
            {
                continue;
            }
            return Some((*a, qs));
        }
    }
    None
}

/// The qualifier written right after `end`, and where it ends.
pub fn after(w: &Work, end: usize) -> Option<(Approx, usize)> {
    AFTER
        .iter()
        .find(|(q, _)| w.at(end, q))
        .map(|(q, a)| (*a, end + q.chars().count()))
}
