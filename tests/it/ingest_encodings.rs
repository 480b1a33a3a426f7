//! Encoding detection on real text from `raw/`, re-encoded: the clean text must not depend on
//! the bytes' encoding, and the recorded name must say which it was. Files that are not text
//! are rejected with a reason.

use minsheng::ingest::{decode, ingest, IngestOptions};
use minsheng::model::{DocStatus, Document};

fn raw_text(stem: &str) -> String {
    let path = format!("{}/raw/{stem}.txt", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `n` non-empty lines of a raw document after the first `skip`, with its own line endings.
/// No-break spaces become spaces: GBK has no code for them.
fn paragraphs(stem: &str, skip: usize, n: usize) -> String {
    raw_text(stem)
        .replace('\u{a0}', " ")
        .split_inclusive('\n')
        .filter(|l| !l.trim().is_empty())
        .skip(skip)
        .take(n)
        .collect()
}

fn run(bytes: &[u8]) -> Document {
    ingest("report.txt", bytes, &IngestOptions::default())
}

fn encode(enc: &'static encoding_rs::Encoding, text: &str) -> Vec<u8> {
    let (bytes, used, unmappable) = enc.encode(text);
    assert_eq!(used, enc, "encoder for {}", enc.name());
    assert!(!unmappable, "text is not representable in {}", enc.name());
    bytes.into_owned()
}

fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
    let mut out = if little_endian {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for unit in text.encode_utf16() {
        let b = if little_endian {
            unit.to_le_bytes()
        } else {
            unit.to_be_bytes()
        };
        out.extend_from_slice(&b);
    }
    out
}

/// Ingests `bytes`, checks status, encoding name, raw text and clean text against the UTF-8
/// version of the same text.
fn assert_same_as_utf8(text: &str, bytes: &[u8], encoding: &str) {
    let reference = run(text.as_bytes());
    assert_eq!(reference.status, DocStatus::Ok);
    assert_eq!(reference.encoding, "UTF-8");
    let d = run(bytes);
    assert_eq!(d.status, DocStatus::Ok, "{encoding}: {:?}", d.error);
    assert_eq!(d.encoding, encoding);
    assert_eq!(d.raw, text, "{encoding}: raw text, BOM excluded");
    assert_eq!(d.clean, reference.clean, "{encoding}: clean text");
    assert_eq!(d.map, reference.map, "{encoding}: offsets");
    assert_eq!(d.script, reference.script);
}

#[test]
fn gbk_bytes_of_doc_000_decode_to_the_same_clean_text() {
    let text = paragraphs("000_faa345ac3de5e59b", 5, 6);
    assert!(text.contains("新增学位10200个"));
    assert_same_as_utf8(&text, &encode(encoding_rs::GBK, &text), "GBK");
}

#[test]
fn gbk_bytes_of_the_whole_doc_002_decode_to_the_same_clean_text() {
    let text = raw_text("002_7ad24195d88254f4");
    assert_same_as_utf8(&text, &encode(encoding_rs::GBK, &text), "GBK");
}

#[test]
fn gb18030_four_byte_characters_are_named_gb18030() {
    // Doc 000 has no-break spaces, which only GB18030's four-byte codes can hold.
    let text = paragraphs("000_faa345ac3de5e59b", 0, 8);
    let with_nbsp = raw_text("000_faa345ac3de5e59b");
    assert!(with_nbsp.contains('\u{a0}'));
    assert_same_as_utf8(
        &with_nbsp,
        &encode(encoding_rs::GB18030, &with_nbsp),
        "GB18030",
    );
    assert_same_as_utf8(&text, &encode(encoding_rs::GBK, &text), "GBK");
}

#[test]
fn big5_bytes_of_traditional_doc_003_decode_to_the_same_clean_text() {
    // Lines Big5 can represent (the document also has simplified-only characters and
    // symbols Big5 lacks).
    let text: String = raw_text("003_f75b912676297aa4")
        .split_inclusive('\n')
        .filter(|l| !l.trim().is_empty())
        .filter(|l| !encoding_rs::BIG5.encode(l).2)
        .take(40)
        .collect();
    assert!(text.chars().count() > 1000, "{}", text.chars().count());
    assert!(text.contains("大豐區"));
    let d = run(&encode(encoding_rs::BIG5, &text));
    assert!(d.clean.contains("大丰区"));
    assert_same_as_utf8(&text, &encode(encoding_rs::BIG5, &text), "Big5");
}

#[test]
fn utf16_with_bom_decodes_to_the_same_clean_text() {
    let text = paragraphs("000_faa345ac3de5e59b", 0, 10);
    assert_same_as_utf8(&text, &utf16(&text, true), "UTF-16LE");
    assert_same_as_utf8(&text, &utf16(&text, false), "UTF-16BE");
    let trad = paragraphs("003_f75b912676297aa4", 0, 10);
    assert_same_as_utf8(&trad, &utf16(&trad, true), "UTF-16LE");
}

#[test]
fn utf8_bom_is_excluded_from_raw_text_and_offsets() {
    let text = paragraphs("004_7ba5ad13118a4cf0", 0, 3);
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(text.as_bytes());
    assert_same_as_utf8(&text, &bytes, "UTF-8");
}

#[test]
fn crlf_line_endings_are_kept_in_raw_text() {
    let text = paragraphs("002_7ad24195d88254f4", 0, 3).replace('\n', "\r\n");
    let d = run(&encode(encoding_rs::GBK, &text));
    assert_eq!(d.encoding, "GBK");
    assert_eq!(d.raw, text);
    assert_eq!(d.raw.matches("\r\n").count(), 3);
}

#[test]
fn crlf_text_cleans_like_lf_text() {
    // Doc 001 has the most layout breaks; with CRLF endings the same ones are joined.
    for stem in [
        "001_eac8aceb6b72da67",
        "003_f75b912676297aa4",
        "004_7ba5ad13118a4cf0",
    ] {
        let lf = raw_text(stem);
        let crlf = lf.replace('\n', "\r\n");
        let a = run(lf.as_bytes());
        let b = run(crlf.as_bytes());
        assert_eq!(b.clean.replace('\r', ""), a.clean, "{stem}");
        // A removed line takes its `\r` with it.
        assert!(b.removed_chars >= a.removed_chars, "{stem}");
    }
}

#[test]
fn empty_file_is_rejected() {
    let d = run(b"");
    assert_eq!(d.status, DocStatus::Rejected);
    assert!(d.error.unwrap().contains("empty"));
    let d = run(&[0xEF, 0xBB, 0xBF]);
    assert_eq!(d.status, DocStatus::Rejected);
}

#[test]
fn binary_file_is_rejected() {
    // A PNG header and some pixel bytes.
    let mut png = vec![
        0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D,
    ];
    png.extend((0..2000u32).map(|i| (i * 7 % 256) as u8));
    let d = run(&png);
    assert_eq!(d.status, DocStatus::Rejected);
    assert!(
        d.error.unwrap().contains("binary"),
        "reason names the problem"
    );
    // Valid UTF-8 made mostly of control characters.
    let d = run("\u{1}\u{2}\u{3}\u{4}\u{5}\u{6}abc\u{7}\u{8}".as_bytes());
    assert_eq!(d.status, DocStatus::Rejected);
}

#[test]
fn bytes_unreadable_in_every_chinese_encoding_are_rejected() {
    let mut bytes = Vec::new();
    for _ in 0..200 {
        bytes.extend_from_slice(b"report \xff\xfe\xff\xff line\n");
    }
    let why = decode::decode(&bytes).unwrap_err();
    assert!(why.contains("encoding"), "{why}");
    let d = run(&bytes);
    assert_eq!(d.status, DocStatus::Rejected);
}

#[test]
fn a_few_stray_bytes_in_gbk_text_do_not_reject_it() {
    let text = raw_text("000_faa345ac3de5e59b").replace('\u{a0}', " ");
    let mut bytes = encode(encoding_rs::GBK, &text);
    bytes.insert(100, 0xFF);
    let d = run(&bytes);
    assert_eq!(d.status, DocStatus::Ok, "{:?}", d.error);
    assert_eq!(d.encoding, "GBK");
    assert_eq!(d.raw.matches('\u{fffd}').count(), 1);
}

/// Lines of traditional doc 003 that Big5 can represent, as many as `n`.
fn big5_lines(n: usize) -> String {
    raw_text("003_f75b912676297aa4")
        .split_inclusive('\n')
        .filter(|l| !l.trim().is_empty())
        .filter(|l| !encoding_rs::BIG5.encode(l).2)
        .take(n)
        .collect()
}

/// Replacement characters when `bytes` are read as `enc`.
fn unreadable(enc: &'static encoding_rs::Encoding, bytes: &[u8]) -> usize {
    enc.decode_without_bom_handling(bytes)
        .0
        .matches('\u{fffd}')
        .count()
}

#[test]
fn big5_bytes_that_are_valid_gbk_too_are_read_as_big5_short_or_long() {
    // GBK reads these bytes without an error as well, so chardetng decides. A long file
    // (chardetng reads only its start) and a short one (one line).
    let long = big5_lines(usize::MAX);
    let bytes = encode(encoding_rs::BIG5, &long);
    assert!(bytes.iter().filter(|&&b| b >= 0x80).count() > 10_000);
    assert_eq!(unreadable(encoding_rs::GBK, &bytes), 0, "a tie");
    assert_eq!(unreadable(encoding_rs::BIG5, &bytes), 0, "a tie");
    assert_same_as_utf8(&long, &bytes, "Big5");
    let short = big5_lines(1);
    let bytes = encode(encoding_rs::BIG5, &short);
    assert!(short.chars().count() < 100, "{short}");
    assert_eq!(unreadable(encoding_rs::GBK, &bytes), 0, "a tie");
    assert_same_as_utf8(&short, &bytes, "Big5");
}
