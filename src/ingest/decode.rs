//! Bytes → text: detects the encoding and decodes.

/// Decoded text and the name of the encoding it came from.
pub struct Decoded {
    pub text: String,
    pub encoding: String,
}

/// Decodes raw bytes; Err is a reason a user understands.
pub fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    if bytes.is_empty() {
        return Err("empty file".into());
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|e| format!("not valid UTF-8 ({e})"))?
        .trim_start_matches('\u{feff}')
        .to_string();
    Ok(Decoded {
        text,
        encoding: "UTF-8".into(),
    })
}
