//! Any bytes, as any kind of file, through ingest and extract: no panic, and every fact keeps
//! the invariants the tables rely on.
#![no_main]

use libfuzzer_sys::fuzz_target;
use minsheng::extract::extract;
use minsheng::ingest::{ingest, IngestOptions};
use minsheng::model::DocStatus;

fuzz_target!(|data: &[u8]| {
    let (kind, bytes) = match data.split_first() {
        Some((k, rest)) => (*k, rest),
        None => (0, data),
    };
    let name = ["doc.txt", "doc.html", "doc.md"][usize::from(kind % 3)];
    let doc = ingest(name, bytes, &IngestOptions::default());
    assert_eq!(doc.map.len(), doc.clean.chars().count());
    if doc.status != DocStatus::Ok {
        return;
    }
    let raw: Vec<char> = doc.raw.chars().collect();
    for f in extract(&doc) {
        let (s, e) = (f.start as usize, f.end as usize);
        assert!(s < e && e <= raw.len(), "offsets out of range");
        let span: String = raw[s..e].iter().collect();
        assert_eq!(span, f.text, "text is not the raw span");
        assert!(f.value.is_finite(), "value not finite");
    }
});
