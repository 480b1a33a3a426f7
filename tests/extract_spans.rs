//! Every fact's `text` is exactly the raw text at `[start, end)`, in code points.

mod common;

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
