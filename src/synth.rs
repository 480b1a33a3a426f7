//! A deterministic generator of realistic documents for scale tests (`minsheng synth`):
//! sentences and paragraphs recombined from seed documents, with numbers, years, regions and
//! units varied, in simplified and traditional script and a few encodings, with the same noise
//! as real reports. Pure: the caller reads the seeds and writes the files.
//!
//! In: seeds (file name, decoded raw text), a count and a seed. Out: `synth_<index>.txt` files
//! of 5–40 KB. Document `i` depends only on the seeds, the seed and `i`, so generating
//! `n + k` documents gives the same first `n` files (the incremental scale test relies on it).
//!
//! Per document, in this order: paragraphs picked from the seeds (some rebuilt from sentences
//! of other paragraphs) up to a target size; years shifted by one offset; numbers scaled
//! (decimals, 万/亿 and Chinese numerals keep their format); regions swapped for other real
//! ones of the same level, keeping parent and child together; unit spellings varied; then
//! maybe traditional script, pinyin garble, spam and layout breaks; then an encoding.

mod noise;
mod rng;
mod script;
mod vary;

use rng::Rng;

/// One generated file: its name and bytes.
pub struct SynthDoc {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Documents numbered `docs` generated from `seeds` (file name, text) with random seed `seed`;
/// document i depends only on the seeds, `seed` and i, so the same
/// arguments always give the same documents. No seeds, no documents.
pub fn generate(
    seeds: &[(String, String)],
    docs: std::ops::Range<usize>,
    seed: u64,
) -> impl Iterator<Item = SynthDoc> + '_ {
    let corpus = Corpus::new(seeds);
    let docs = if corpus.body.is_empty() { 0..0 } else { docs };
    docs.map(move |i| corpus.doc(i, seed))
}

/// A paragraph of a seed, in simplified script.
struct Paragraph {
    text: String,
    /// The paragraph cut after each sentence end (。！？；).
    sentences: Vec<String>,
}

/// The seeds cut into headings and body paragraphs, with the pinyin their garble shows.
struct Corpus {
    headings: Vec<String>,
    body: Vec<Paragraph>,
    /// For each seed, the indices of its first headings (a title block).
    titles: Vec<Vec<usize>>,
    pinyin: noise::Pinyin,
}

/// Lines up to this many characters without sentence punctuation are headings (as in ingest).
const HEADING_MAX: usize = 50;

fn is_heading(line: &str) -> bool {
    let n = line.trim().chars().count();
    n > 0 && n <= HEADING_MAX && !line.contains(['，', '。', '；', ',', ';', '！', '？', '!', '?'])
}

fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in text.chars() {
        cur.push(c);
        if matches!(c, '。' | '！' | '？' | '；') {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur);
    }
    out
}

impl Corpus {
    fn new(seeds: &[(String, String)]) -> Corpus {
        let mut c = Corpus {
            headings: Vec::new(),
            body: Vec::new(),
            titles: Vec::new(),
            pinyin: noise::Pinyin::default(),
        };
        for (_, raw) in seeds {
            let text = script::to_simplified(&c.pinyin.learn_and_strip(raw));
            let mut title = Vec::new();
            let mut in_title = true;
            for line in text.lines() {
                let line = line.trim_end_matches('\r');
                if line.trim().is_empty() {
                    continue;
                }
                if is_heading(line) {
                    if in_title && title.len() < 3 {
                        title.push(c.headings.len());
                    }
                    c.headings.push(line.trim().to_string());
                } else {
                    in_title = false;
                    c.body.push(Paragraph {
                        text: line.trim().to_string(),
                        sentences: sentences(line.trim()),
                    });
                }
            }
            c.titles.push(title);
        }
        c
    }

    /// Document `i`: independent of every other index.
    fn doc(&self, i: usize, seed: u64) -> SynthDoc {
        let mut rng = Rng::new(seed ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let traditional = rng.chance(0.3);
        let encoding = script::pick_encoding(&mut rng, traditional);
        let plan = noise::Plan::draw(&mut rng, traditional, &self.pinyin);
        // Aim for 5–40 KB on disk: two-byte encodings hold a Han character in 2 bytes where
        // UTF-8 takes 3, garble adds a syllable to about one character in four.
        let on_disk = rng.log_uniform(5_000.0, 36_000.0);
        let per_byte = if encoding.is_utf8() { 1.0 } else { 1.4 };
        let garble = if plan.garble { 0.75 } else { 1.0 };
        let target = (on_disk * per_byte * garble) as usize;
        let text = self.assemble(&mut rng, target);
        let text = vary::vary(&text, &mut rng);
        let text = noise::add(&text, &plan, &mut rng, &self.pinyin);
        let bytes = script::encode(&text, encoding);
        SynthDoc {
            name: format!("synth_{i:07}.txt"),
            bytes,
        }
    }

    /// A title block, then body paragraphs (a third rebuilt from sentences of others) and an
    /// occasional heading, until `target` bytes of UTF-8.
    fn assemble(&self, rng: &mut Rng, target: usize) -> String {
        let indent = if rng.chance(0.5) { "  " } else { "" };
        let mut out = String::with_capacity(target + 2048);
        if let Some(title) = self.titles.get(rng.below(self.titles.len())) {
            for &h in title {
                out.push_str(&self.headings[h]);
                out.push_str("\n\n");
            }
        }
        while out.len() < target {
            if !self.headings.is_empty() && rng.chance(0.08) {
                out.push_str(&self.headings[rng.below(self.headings.len())]);
                out.push_str("\n\n");
                continue;
            }
            out.push_str(indent);
            if rng.chance(0.35) {
                for _ in 0..2 + rng.below(4) {
                    let p = &self.body[rng.below(self.body.len())];
                    out.push_str(&p.sentences[rng.below(p.sentences.len())]);
                }
            } else {
                out.push_str(&self.body[rng.below(self.body.len())].text);
            }
            out.push_str("\n\n");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_and_sentences() {
        assert!(is_heading("推进教育优质均衡 办好人民满意的教育"));
        assert!(!is_heading("一是思政引领强基固本。"));
        assert_eq!(sentences("甲。乙；丙"), vec!["甲。", "乙；", "丙"]);
    }

    #[test]
    fn no_seeds_no_documents() {
        assert_eq!(generate(&[], 0..5, 1).count(), 0);
    }
}
