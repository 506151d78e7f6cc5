//! Output files that appear whole or not at all.
//!
//! A report written straight to its path is left truncated by a full disk, a quota or a kill,
//! and a truncated JSON or CSV looks finished to the next program. [`OutputFile`] writes to a
//! temporary file beside the target (same directory, so the rename cannot cross file systems)
//! and renames it over the target only once everything is written and flushed; on any error,
//! or when dropped without [`commit`](OutputFile::commit), the temporary file is removed and a
//! file already at the target is left as it was.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// A file being written to a temporary path beside `target`; see the module docs.
#[derive(Debug)]
pub struct OutputFile {
    target: PathBuf,
    temp: PathBuf,
    file: Option<BufWriter<File>>,
}

impl OutputFile {
    /// Creates the temporary file beside `target`. Errors, naming `target`, when its directory
    /// is missing or not writable, so a caller can check its outputs before a long computation.
    pub fn create(target: impl AsRef<Path>) -> Result<Self> {
        let target = target.as_ref().to_path_buf();
        let name = target.file_name().ok_or_else(|| {
            Error::io(
                &target,
                std::io::Error::other("an output path must name a file"),
            )
        })?;
        let mut temp_name = std::ffi::OsString::from(".");
        temp_name.push(name);
        temp_name.push(format!(".{}.tmp", std::process::id()));
        let temp = target.with_file_name(temp_name);
        let file = File::create(&temp).map_err(|e| Error::io(&target, e))?;
        Ok(OutputFile {
            target,
            temp,
            file: Some(BufWriter::new(file)),
        })
    }

    /// The path the file will have once committed.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Flushes, syncs and renames the temporary file to the target. On error the temporary
    /// file is removed and the error names the target.
    pub fn commit(mut self) -> Result<()> {
        // `file` is `None` only after `commit`, which consumes `self`.
        let file = self.file.take().expect("an uncommitted file is open");
        let done = file
            .into_inner()
            .map_err(|e| e.into_error())
            .and_then(|f| f.sync_all())
            .and_then(|()| std::fs::rename(&self.temp, &self.target));
        done.map_err(|e| {
            let _ = std::fs::remove_file(&self.temp);
            Error::io(&self.target, e)
        })
    }

    /// Writes the whole file with `write` and commits it: the target gets all of it or, on any
    /// error (the closure's included), nothing.
    pub fn write_with(
        target: impl AsRef<Path>,
        write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<()> {
        let mut out = OutputFile::create(target)?;
        write(&mut out).map_err(|e| Error::io(&out.target, e))?;
        out.commit()
    }
}

impl Write for OutputFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file
            .as_mut()
            .expect("an uncommitted file is open")
            .write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file
            .as_mut()
            .expect("an uncommitted file is open")
            .flush()
    }
}

impl Drop for OutputFile {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            // Not committed: the partial file must not stay behind. Nothing to report if the
            // removal fails too; the name starts with a dot and says it is temporary.
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}
