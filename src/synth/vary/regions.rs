//! Region swap: every place name of the regions catalog in the text is replaced by another real
//! region of the same level, written the same way (full name, GB/T name or short name). A place
//! inside one already swapped goes inside its replacement (昌吉州 → 伊犁州, 木垒县 → a county of
//! 伊犁州), so the document stays coherent. Short names that are ordinary words stay, and so do
//! two-character county short names (新建, 城关).

use super::super::rng::Rng;
use crate::catalog::regions::{regions, Level, COMMON_WORDS};
use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::HashMap;
use std::sync::LazyLock;

/// How a name was written: which of the entry's names.
#[derive(Clone, Copy)]
enum Form {
    Name,
    GbName,
    Alias(usize),
}

struct Swapper {
    ac: AhoCorasick,
    /// Per pattern: the entry and the form.
    pats: Vec<(usize, Form)>,
    by_level: HashMap<Level, Vec<usize>>,
    children: Vec<Vec<usize>>,
}

static SWAPPER: LazyLock<Swapper> = LazyLock::new(|| {
    let r = regions();
    let mut names: Vec<(&'static str, usize, Form)> = Vec::new();
    let mut by_level: HashMap<Level, Vec<usize>> = HashMap::new();
    let mut children = vec![Vec::new(); r.entries.len()];
    for (i, e) in r.entries.iter().enumerate() {
        if e.level == Level::Country {
            continue;
        }
        by_level.entry(e.level).or_default().push(i);
        if let Some(p) = e.parent {
            children[p].push(i);
        }
        names.push((e.name, i, Form::Name));
        names.push((e.gb_name, i, Form::GbName));
        for (k, a) in e.aliases.iter().enumerate() {
            // Two-character county short names are too often words (新建, 城关, 和平).
            if e.level != Level::County || a.chars().count() > 2 {
                names.push((a, i, Form::Alias(k)));
            }
        }
    }
    // One pattern per string, the first entry (catalog order) that has it.
    let mut seen = std::collections::HashSet::new();
    names
        .retain(|(n, _, _)| n.chars().count() >= 2 && !COMMON_WORDS.contains(n) && seen.insert(*n));
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(names.iter().map(|(n, _, _)| n))
        .unwrap_or_else(|e| panic!("region names: {e}"));
    Swapper {
        ac,
        pats: names.iter().map(|(_, i, f)| (*i, *f)).collect(),
        by_level,
        children,
    }
});

impl Swapper {
    /// Entries at `level` under `root` (itself included).
    fn under(&self, root: usize, level: Level, out: &mut Vec<usize>) {
        let r = regions();
        if r.entries[root].level == level {
            out.push(root);
            return;
        }
        for &c in &self.children[root] {
            self.under(c, level, out);
        }
    }

    /// A replacement for each entry named in the text, the higher levels first.
    fn plan(&self, mut named: Vec<usize>, rng: &mut Rng) -> HashMap<usize, usize> {
        let r = regions();
        named.sort_by_key(|&i| (r.depth(i), i));
        named.dedup();
        let mut to: HashMap<usize, usize> = HashMap::new();
        for i in named {
            let level = r.entries[i].level;
            let inside = r.ancestors(i).skip(1).find_map(|a| to.get(&a).copied());
            let mut pool = Vec::new();
            if let Some(root) = inside {
                self.under(root, level, &mut pool);
            }
            let choice = if pool.is_empty() {
                *rng.pick(&self.by_level[&level])
            } else {
                *rng.pick(&pool)
            };
            to.insert(i, choice);
        }
        to
    }
}

pub fn swap(text: &str, rng: &mut Rng) -> String {
    let s = &*SWAPPER;
    let matches: Vec<_> = s.ac.find_iter(text).collect();
    if matches.is_empty() {
        return text.to_string();
    }
    let to = s.plan(matches.iter().map(|m| s.pats[m.pattern()].0).collect(), rng);
    let r = regions();
    let mut out = String::with_capacity(text.len() + 64);
    let mut last = 0;
    for m in matches {
        let (from, form) = s.pats[m.pattern()];
        let e = &r.entries[to[&from]];
        out.push_str(&text[last..m.start()]);
        out.push_str(match form {
            Form::Name => e.name,
            Form::GbName => e.gb_name,
            Form::Alias(_) if e.level == Level::County => e.gb_name,
            Form::Alias(k) => e
                .aliases
                .get(k)
                .or(e.aliases.first())
                .copied()
                .unwrap_or(e.gb_name),
        });
        last = m.end();
    }
    out.push_str(&text[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swaps_keep_form_and_nesting() {
        let text = "昌吉州木垒县新建学校。昌吉州召开会议。";
        let mut changed = 0;
        for seed in 0..20 {
            let out = swap(text, &mut Rng::new(seed));
            let hits: Vec<_> = SWAPPER.ac.find_iter(&out).collect();
            assert_eq!(hits.len(), 3, "{out}");
            assert_eq!(&out[hits[0].range()], &out[hits[2].range()], "{out}");
            changed += usize::from(out != text);
        }
        assert!(changed > 15);
    }

    #[test]
    fn a_county_goes_inside_the_swapped_prefecture() {
        let r = regions();
        let pref = r.by_name("昌吉州")[0].0;
        let county = r.by_name("木垒县")[0].0;
        assert!(r.is_within(county, pref));
        for seed in 0..20 {
            let to = SWAPPER.plan(vec![county, pref], &mut Rng::new(seed));
            assert!(r.is_within(to[&county], to[&pref]));
        }
    }
}
