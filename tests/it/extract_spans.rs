//! Every fact's `text` is exactly the raw text at `[start, end)`, in code points.

use crate::common;

#[test]
fn fact_text_is_the_raw_span() {
    for (stem, raw, facts) in common::corpus() {
        let chars: Vec<char> = raw.chars().collect();
        assert!(!facts.is_empty(), "{stem}: no facts");
        for f in &facts {
            let span: String = chars[f.start as usize..f.end as usize].iter().collect();
            assert_eq!(span, f.text, "{stem}: fact at {}", f.start);
        }
        let mut starts: Vec<u32> = facts.iter().map(|f| f.start).collect();
        let sorted = {
            let mut s = starts.clone();
            s.sort();
            s
        };
        assert_eq!(starts, sorted, "{stem}: facts out of order");
        starts.dedup();
        assert_eq!(starts.len(), facts.len(), "{stem}: two facts at one offset");
    }
}

/// Extract never panics and keeps exact spans on arbitrary cuts of real documents (layout
/// breaks, half sentences, a number cut in two).
#[test]
fn arbitrary_cuts_of_real_text() {
    let mut seed: u64 = 0x9e3779b97f4a7c15;
    let mut next = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n.max(1) as u64) as usize
    };
    for (_, raw, _) in common::corpus() {
        let chars: Vec<char> = raw.chars().collect();
        for _ in 0..40 {
            let a = next(chars.len());
            let b = (a + 1 + next(400)).min(chars.len());
            let text: String = chars[a..b].iter().collect();
            let sub: Vec<char> = text.chars().collect();
            for f in common::facts_of(&text) {
                let span: String = sub[f.start as usize..f.end as usize].iter().collect();
                assert_eq!(span, f.text);
            }
        }
    }
}

/// A text without sentence punctuation (a table or list pasted as one line) is still read in
/// bounded windows: facts found, nothing quadratic.
#[test]
fn long_lines_without_punctuation() {
    let row = "新建学校12所 新增学位8000个 改造老旧小区120个 ";
    let text = row.repeat(1000);
    let t = std::time::Instant::now();
    let facts = common::facts_of(&text);
    assert_eq!(facts.len(), 3000);
    assert!(t.elapsed().as_secs() < 60, "took {:?}", t.elapsed());
}
