//! Stage 1, ingest: the bytes of one file → a [`Document`].
//!
//! Decodes (detecting the encoding), strips markup, removes spam, page furniture and pinyin
//! garble, joins layout breaks, folds full-width forms and maps traditional characters to
//! simplified ones one for one, keeping for every clean character its offset in the raw text.
//! Then it finds the document's region, publication date and year. It never extracts facts.
//! Pure: no file access (the pipeline reads the bytes).

pub mod clean;
pub mod date;
pub mod decode;
pub mod html;
pub mod region;
pub mod script;
pub mod text;

use crate::model::{DocStatus, Document};
use sha2::{Digest, Sha256};

/// Limits and switches for ingest.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Files larger than this are rejected.
    pub max_bytes: u64,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            max_bytes: 20_000_000,
        }
    }
}

/// The kinds of file ingest reads, by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Html,
    Markdown,
}

impl Format {
    /// The format of a file by its name, or None for a kind ingest does not read.
    pub fn of(source: &str) -> Option<Format> {
        let ext = source
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())?;
        match ext.as_str() {
            "txt" => Some(Format::Text),
            "html" | "htm" => Some(Format::Html),
            "md" | "markdown" => Some(Format::Markdown),
            _ => None,
        }
    }
}

/// A hash of the raw bytes: the document id.
pub fn doc_id_of_bytes(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// The id of a file that could not be read: a hash of `"path:" + source`.
pub fn doc_id_of_path(source: &str) -> String {
    doc_id_of_bytes(format!("path:{source}").as_bytes())
}

/// Ingests one file. Never fails: a file that cannot be used comes back with
/// `status = rejected` and a reason a user understands.
pub fn ingest(source: &str, bytes: &[u8], opts: &IngestOptions) -> Document {
    ingest_as(doc_id_of_bytes(bytes), source, bytes, opts)
}

/// [`ingest`] for a caller that already hashed the bytes: `doc_id` is
/// [`doc_id_of_bytes`]`(bytes)`.
pub fn ingest_as(doc_id: String, source: &str, bytes: &[u8], opts: &IngestOptions) -> Document {
    let reject = |why: String| Document::rejected(doc_id.clone(), source.to_string(), why);
    let Some(format) = Format::of(source) else {
        return reject(
            "not a document minsheng reads: only .txt, .html, .htm and .md files are ingested"
                .into(),
        );
    };
    if bytes.len() as u64 > opts.max_bytes {
        return reject(format!(
            "file is {} bytes, larger than --max-bytes {}",
            bytes.len(),
            opts.max_bytes
        ));
    }
    let decoded = match decode::decode(bytes) {
        Ok(d) => d,
        Err(why) => return reject(why),
    };
    let raw = decoded.text;
    let mut mapped = match format {
        Format::Html => html::strip(&raw),
        Format::Markdown => html::markdown(&raw),
        Format::Text => text::Mapped::from_raw(&raw),
    };
    let script = script::detect(&mapped.chars);
    let cleaned = clean::clean(&mut mapped);
    script::to_simplified(&mut mapped);
    let clean_text: String = mapped.chars.iter().collect();
    if clean_text.trim().is_empty() {
        return reject(
            "no text left after decoding and cleaning (empty or not a text file)".into(),
        );
    }
    let published = date::published(&clean_text);
    let doc_year = date::doc_year(&clean_text, published);
    let region = region::document_region(&clean_text);
    Document {
        doc_id,
        source: source.to_string(),
        status: DocStatus::Ok,
        error: None,
        encoding: decoded.encoding,
        script,
        raw,
        clean: clean_text,
        map: mapped.map,
        region,
        published,
        doc_year,
        removed_chars: cleaned.removed_chars,
    }
}
