//! Property tests: ingest and extract on arbitrary input never panic, and every fact's `text` is
//! exactly its raw span, its value finite and its offsets in range. Inputs are random bytes and
//! random recombinations of real sentences, numbers, units and noise.

use minsheng::extract::extract;
use minsheng::ingest::{ingest, IngestOptions};
use minsheng::model::DocStatus;
use proptest::prelude::*;

fn check(name: &str, bytes: &[u8]) -> Result<(), TestCaseError> {
    let doc = ingest(name, bytes, &IngestOptions::default());
    prop_assert_eq!(doc.map.len(), doc.clean.chars().count());
    if doc.status != DocStatus::Ok {
        prop_assert!(doc.error.as_deref().is_some_and(|e| !e.is_empty()));
        return Ok(());
    }
    let raw: Vec<char> = doc.raw.chars().collect();
    for w in doc.map.windows(2) {
        prop_assert!(w[0] < w[1], "offset map not increasing");
    }
    for f in extract(&doc) {
        let (s, e) = (f.start as usize, f.end as usize);
        prop_assert!(s < e && e <= raw.len(), "offsets {}..{} out of range", s, e);
        let span: String = raw[s..e].iter().collect();
        prop_assert_eq!(&span, &f.text);
        prop_assert!(f.value.is_finite(), "value {} not finite", f.value);
    }
    Ok(())
}

/// Pieces real reports are made of, including the noise ingest must survive.
const PIECES: &[&str] = &[
    "新改建农村公路604公里",
    "城镇新增就业25.79万人，完成年度计划的112%",
    "新增學位10200個",
    "醫(yī)療",
    "半岛全站",
    "改造老旧小区830个",
    "约2500余人",
    "同比增长6.2%",
    "下降8.6个百分点",
    "1.68倍",
    "月人均612元",
    "每千人口拥有托位数3.51个",
    "２０２４年",
    "３．５％",
    "十个方面",
    "第七批",
    "S231",
    "65岁以上",
    "100-180%",
    "“十件惠民实事”",
    "3亿1300万元",
    "近千万",
    "两条公交线路",
    "，",
    "。",
    "\n",
    "  ",
    "\r\n",
    " | ",
    "(",
    ")",
    "<p>",
    "</td><td>",
    "&nbsp;",
    "1",
    "0.",
    "万",
    "亿",
    "元",
    "",
];

fn recombined() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(PIECES), 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_bytes_never_break_ingest_or_extract(bytes in proptest::collection::vec(any::<u8>(), 0..600), kind in 0usize..3) {
        check(["a.txt", "a.html", "a.md"][kind], &bytes)?;
    }

    #[test]
    fn recombined_real_pieces_keep_exact_spans(text in recombined(), kind in 0usize..3) {
        check(["a.txt", "a.html", "a.md"][kind], text.as_bytes())?;
    }

    #[test]
    fn random_unicode_text_keeps_exact_spans(text in "\\PC{0,300}") {
        check("a.txt", text.as_bytes())?;
    }
}

proptest! {
    /// The stage file stores the offset map as runs; it must come back exactly.
    #[test]
    fn offset_maps_survive_the_stage_file(text in recombined()) {
        let doc = ingest("a.txt", text.as_bytes(), &IngestOptions::default());
        let line = serde_json::to_string(&doc).unwrap();
        let back: minsheng::model::Document = serde_json::from_str(&line).unwrap();
        prop_assert_eq!(back.map, doc.map);
        prop_assert_eq!(back.clean, doc.clean);
    }
}
