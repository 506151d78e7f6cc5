//! Line and field helpers shared by the readers.

use std::path::Path;

use crate::{Error, Result};

/// Reads a whole file, naming it in the error.
pub(super) fn read_text(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| Error::io(path, e))
}

/// Content lines with their 1-based numbers: blank lines and `#` comments are skipped.
pub(super) fn content_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
}

/// Splits a CSV line on commas (no quoting in these formats), trimming fields.
pub(super) fn split(line: &str) -> impl Iterator<Item = &str> {
    line.split(',').map(str::trim)
}

/// A finite, non-negative time in seconds from `field`, named `column` in errors.
pub(super) fn time(file: &str, line: usize, column: &str, field: &str) -> Result<f64> {
    let v: f64 = field
        .parse()
        .map_err(|_| Error::parse(file, line, format!("{column}: {field:?} is not a number")))?;
    if !v.is_finite() {
        return Err(Error::parse(
            file,
            line,
            format!("{column}: {field} is not finite"),
        ));
    }
    if v < 0.0 {
        return Err(Error::parse(
            file,
            line,
            format!("{column}: {field} is negative"),
        ));
    }
    Ok(v)
}

/// Onset and offset, checking the offset is not before the onset.
pub(super) fn span(file: &str, line: usize, onset: &str, offset: &str) -> Result<(f64, f64)> {
    let a = time(file, line, "onset_s", onset)?;
    let b = time(file, line, "offset_s", offset)?;
    if b < a {
        return Err(Error::parse(
            file,
            line,
            format!("offset {b} s is before onset {a} s"),
        ));
    }
    Ok((a, b))
}
