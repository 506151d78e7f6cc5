//! The crate's one error type.
//!
//! Every variant says what is wrong and, where the input came from a file, where: the
//! `Display` form of a file error is `FILE:LINE: what`, or `FILE: what` for the file as a whole
//! (it cannot be opened, it is not a known format, a byte offset in a binary file), which is
//! what the example binaries print after `error: `.

use std::path::Path;

/// Everything that can go wrong in plmkit. User input never panics; it gives one of these.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A filter specification that cannot be designed (cutoff outside (0, Nyquist), order 0, NaN, ...).
    #[error("invalid filter specification: {0}")]
    InvalidFilter(String),
    /// A configuration value out of its documented range.
    #[error("invalid configuration: {0}")]
    InvalidConfig(String),
    /// In-memory input that cannot be processed (empty, NaN, time not increasing, ...).
    #[error("invalid input: {0}")]
    InvalidInput(String),
    /// A malformed line in an input file. `line` is 1-based; 0 means the file as a whole.
    #[error("{file}{}: {what}", at_line(*line))]
    Parse {
        /// The file as the user named it.
        file: String,
        /// 1-based line number (0: the file as a whole).
        line: usize,
        /// What is wrong, in words.
        what: String,
    },
    /// The operating system could not open, read or write a file.
    #[error("{file}: {source}")]
    Io {
        /// The file as the user named it.
        file: String,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    /// A parse error at `line` (1-based) of `file`.
    pub fn parse(file: impl AsRef<Path>, line: usize, what: impl Into<String>) -> Self {
        Error::Parse {
            file: file.as_ref().display().to_string(),
            line,
            what: what.into(),
        }
    }

    /// An I/O error on `file`.
    pub fn io(file: impl AsRef<Path>, source: std::io::Error) -> Self {
        Error::Io {
            file: file.as_ref().display().to_string(),
            source,
        }
    }
}

/// `:LINE` for a line of a file, nothing for the file as a whole (line 0).
fn at_line(line: usize) -> String {
    if line == 0 {
        String::new()
    } else {
        format!(":{line}")
    }
}

/// `Result` with [`Error`] as the default error type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
