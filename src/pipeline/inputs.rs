//! Finding the input files: every file under the input directory, recursively, sorted by
//! source. Nothing is skipped silently: entries that cannot be read come back with the reason,
//! so they become `rejected` rows.

use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// One file found under the input directory.
#[derive(Debug, Clone)]
pub struct InputFile {
    /// Path relative to the input directory, `/`-separated.
    pub source: String,
    pub path: PathBuf,
    /// Why the entry cannot be read at all (a looping link, a link to a directory…).
    pub problem: Option<String>,
}

impl InputFile {
    /// The bytes of the file, or why they cannot be read.
    pub fn read(&self, max_bytes: u64) -> Result<Vec<u8>, String> {
        if let Some(p) = &self.problem {
            return Err(p.clone());
        }
        let meta = std::fs::metadata(&self.path).map_err(|e| format!("cannot read: {e}"))?;
        if meta.len() > max_bytes {
            // Too large to read: say so without reading it.
            return Err(format!(
                "file is {} bytes, larger than --max-bytes {max_bytes}",
                meta.len()
            ));
        }
        std::fs::read(&self.path).map_err(|e| format!("cannot read: {e}"))
    }
}

const MAX_DEPTH: usize = 64;

/// Every file under `dir`, sorted by source.
pub fn discover(dir: &Path) -> Result<Vec<InputFile>> {
    let meta = std::fs::metadata(dir).with_context(|| {
        format!(
            "input directory {} cannot be read (does it exist? pass --input DIR)",
            dir.display()
        )
    })?;
    anyhow::ensure!(
        meta.is_dir(),
        "input {} is not a directory (pass --input DIR)",
        dir.display()
    );
    let mut out = Vec::new();
    walk(dir, dir, &mut out, 0)?;
    out.sort_by(|a, b| a.source.cmp(&b.source));
    Ok(out)
}

fn source_of(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<InputFile>, depth: usize) -> Result<()> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if depth > 0 => {
            out.push(InputFile {
                source: source_of(root, dir),
                path: dir.to_path_buf(),
                problem: Some(format!("directory cannot be listed: {e}")),
            });
            return Ok(());
        }
        Err(e) => return Err(e).with_context(|| format!("cannot list {}", dir.display())),
    };
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot list {}", dir.display()))?;
        let path = entry.path();
        let source = source_of(root, &path);
        let problem = match entry.file_type() {
            Err(e) => Some(format!("cannot read file type: {e}")),
            Ok(ft) if ft.is_dir() => {
                if depth < MAX_DEPTH {
                    walk(root, &path, out, depth + 1)?;
                    continue;
                }
                Some(format!(
                    "directory nested deeper than {MAX_DEPTH} levels: not read"
                ))
            }
            Ok(ft) if ft.is_symlink() => match std::fs::metadata(&path) {
                Ok(m) if m.is_dir() => {
                    Some("symbolic link to a directory: not followed".to_string())
                }
                Ok(m) if !m.is_file() => Some("not a regular file".to_string()),
                Ok(_) => None,
                Err(e) => Some(format!("broken or looping symbolic link: {e}")),
            },
            Ok(ft) if !ft.is_file() => Some("not a regular file (device, socket or pipe)".into()),
            Ok(_) => None,
        };
        out.push(InputFile {
            source,
            path,
            problem,
        });
    }
    Ok(())
}
