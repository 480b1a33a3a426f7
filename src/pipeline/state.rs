//! What a run keeps in `OUTPUT/_state/`: the lock that keeps two runs apart, and the manifest of
//! content hashes that lets the next run re-extract only what changed.

use anyhow::{Context, Result};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

pub const STATE_DIR: &str = "_state";

/// Held while a run writes to an output directory; removed when dropped.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
}

/// Why the lock could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("another minsheng run (pid {pid}) is writing to this output directory: lock {path} is held; wait for it to finish (or delete the lock if that process is gone)")]
    Held { path: PathBuf, pid: u32 },
    #[error("cannot create lock {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

fn alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    if cfg!(target_os = "linux") {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        true
    }
}

impl Lock {
    /// Takes the lock of `output`, taking over a stale one left by a dead process.
    pub fn acquire(output: &Path) -> Result<Lock, LockError> {
        let dir = output.join(STATE_DIR);
        let path = dir.join("lock");
        let io = |source| LockError::Io {
            path: path.clone(),
            source,
        };
        std::fs::create_dir_all(&dir).map_err(io)?;
        for _ in 0..3 {
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(mut f) => {
                    writeln!(f, "{}", std::process::id()).map_err(io)?;
                    return Ok(Lock { path });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let text = std::fs::read_to_string(&path).unwrap_or_default();
                    match text.trim().parse::<u32>() {
                        Ok(pid) if alive(pid) => return Err(LockError::Held { path, pid }),
                        _ => {
                            // Stale: its process is gone (or it never got a pid written).
                            let _ = std::fs::remove_file(&path);
                        }
                    }
                }
                Err(e) => return Err(io(e)),
            }
        }
        Err(LockError::Held { path, pid: 0 })
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// source → doc_id (a hash of the bytes) of the last complete run.
#[derive(Debug, Default, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Manifest {
    pub version: u32,
    pub files: BTreeMap<String, String>,
}

fn manifest_path(output: &Path) -> PathBuf {
    output.join(STATE_DIR).join("manifest.json")
}

impl Manifest {
    /// The manifest of the last complete run; empty when there is none or it cannot be used.
    pub fn load(output: &Path) -> Manifest {
        std::fs::read_to_string(manifest_path(output))
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default()
    }

    pub fn save(&self, output: &Path) -> Result<()> {
        let path = manifest_path(output);
        let tmp = path.with_extension("json.tmp");
        std::fs::write(&tmp, serde_json::to_string_pretty(self)?)
            .with_context(|| format!("cannot write {}", tmp.display()))?;
        std::fs::rename(&tmp, &path).with_context(|| format!("cannot write {}", path.display()))
    }

    /// Removes the manifest, so that the next run rebuilds everything.
    pub fn clear(output: &Path) {
        let _ = std::fs::remove_file(manifest_path(output));
    }
}
