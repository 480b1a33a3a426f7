//! The same real document in another encoding gives the same facts (values, units, years,
//! status, raw spans and offsets).

use minsheng::extract::extract;
use minsheng::ingest::{ingest, IngestOptions};

fn raw(stem: &str) -> String {
    std::fs::read_to_string(format!("{}/raw/{stem}.txt", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn facts(name: &str, bytes: &[u8]) -> (String, Vec<String>) {
    let doc = ingest(name, bytes, &IngestOptions::default());
    assert_eq!(
        doc.status,
        minsheng::model::DocStatus::Ok,
        "{name}: {:?}",
        doc.error
    );
    let fs = extract(&doc)
        .into_iter()
        .map(|f| {
            format!(
                "{}..{} {} {} {} {:?} {}",
                f.start,
                f.end,
                f.text,
                f.value,
                f.unit,
                f.year,
                f.status.as_str()
            )
        })
        .collect();
    (doc.encoding, fs)
}

fn utf16(text: &str, le: bool) -> Vec<u8> {
    let mut out = if le {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for u in text.encode_utf16() {
        out.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
    }
    out
}

#[test]
fn every_encoding_of_a_real_document_gives_the_same_facts() {
    for stem in [
        "000_faa345ac3de5e59b",
        "002_7ad24195d88254f4",
        "003_f75b912676297aa4",
    ] {
        let text = raw(stem);
        let (_, want) = facts("a.txt", text.as_bytes());
        assert!(want.len() > 30, "{stem}: {} facts", want.len());
        let mut variants: Vec<(&str, Vec<u8>)> = vec![
            ("UTF-16LE", utf16(&text, true)),
            ("UTF-16BE", utf16(&text, false)),
            ("UTF-8", [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat()),
        ];
        let (gbk, _, gbk_lossy) = encoding_rs::GB18030.encode(&text);
        if !gbk_lossy {
            variants.push(("GB", gbk.into_owned()));
        }
        let (big5, _, big5_lossy) = encoding_rs::BIG5.encode(&text);
        if !big5_lossy {
            variants.push(("Big5", big5.into_owned()));
        }
        assert!(variants.len() >= 4, "{stem}: neither GBK nor Big5 holds it");
        for (label, bytes) in variants {
            let (encoding, got) = facts("a.txt", &bytes);
            assert!(
                encoding.starts_with(label),
                "{stem}: {label} read as {encoding}"
            );
            assert_eq!(got, want, "{stem} in {label}");
        }
    }
}
