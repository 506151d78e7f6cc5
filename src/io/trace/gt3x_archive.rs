//! Where a .gt3x archive's bytes come from: a file on disk, read where they are needed (log.bin
//! streamed record by record, so memory is one record whatever the file's size), or, for a
//! stream that cannot seek, the whole archive in memory.

use std::fs::File;
use std::io::{ErrorKind, Read, Seek, SeekFrom};

use crate::{Error, Result};

/// The bytes of a zip archive.
pub(crate) enum Archive {
    /// All of it, read from a stream.
    Memory(Vec<u8>),
    /// A file, with the bytes last read (`window`, from byte `window_at`).
    File {
        file: File,
        len: usize,
        window: Vec<u8>,
        window_at: usize,
    },
}

impl Archive {
    /// A file read in place; `name` is used in messages.
    pub fn file(name: &str, mut file: File) -> Result<Archive> {
        let len = file
            .seek(SeekFrom::End(0))
            .map_err(|e| Error::io(name, e))?;
        Ok(Archive::File {
            file,
            len: usize::try_from(len).unwrap_or(usize::MAX),
            window: Vec::new(),
            window_at: 0,
        })
    }

    /// Bytes in the archive.
    pub fn len(&self) -> usize {
        match self {
            Archive::Memory(bytes) => bytes.len(),
            Archive::File { len, .. } => *len,
        }
    }

    /// The `len` bytes from byte `at`, or `None` when the archive ends before them. Reading
    /// moves forward: a file keeps only the last bytes asked for, and asking again from the
    /// same `at` for more (a record's header, then the whole record) reads only the rest.
    pub fn bytes(&mut self, name: &str, at: usize, len: usize) -> Result<Option<&[u8]>> {
        let end = match at.checked_add(len) {
            Some(end) if end <= self.len() => end,
            _ => return Ok(None),
        };
        match self {
            Archive::Memory(bytes) => Ok(Some(&bytes[at..end])),
            Archive::File {
                file,
                window,
                window_at,
                ..
            } => {
                if *window_at != at || window.len() > len {
                    window.clear();
                    *window_at = at;
                }
                if window.len() < len {
                    let have = window.len();
                    file.seek(SeekFrom::Start((at + have) as u64))
                        .map_err(|e| Error::io(name, e))?;
                    window.resize(len, 0);
                    if let Err(e) = file.read_exact(&mut window[have..]) {
                        window.truncate(have);
                        return match e.kind() {
                            // The file shrank since it was opened: it ends here.
                            ErrorKind::UnexpectedEof => Ok(None),
                            _ => Err(Error::io(name, e)),
                        };
                    }
                }
                Ok(Some(&window[..len]))
            }
        }
    }
}
