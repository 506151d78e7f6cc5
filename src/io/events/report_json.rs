//! JSON report writer (schema in [`crate::score::report`]).

use std::io::Write;
use std::path::Path;

use crate::io::OutputFile;
use crate::score::Report;
use crate::{Error, Result};

/// The report as pretty-printed JSON.
pub fn report_to_json(report: &Report) -> String {
    // Serialising plain structs with finite or null numbers cannot fail; a NaN would be written
    // as null by serde_json.
    serde_json::to_string_pretty(report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// Writes the report as JSON to `dest`, or to standard output when `dest` is `-`.
pub fn write_report_json(report: &Report, dest: impl AsRef<Path>) -> Result<()> {
    let mut text = report_to_json(report);
    text.push('\n');
    write_text(&text, dest)
}

/// Writes `text` to the file `dest` (whole or not at all: [`OutputFile`]), or to standard output
/// when `dest` is `-` (the convention of every `--json`-style option).
pub fn write_text(text: &str, dest: impl AsRef<Path>) -> Result<()> {
    let dest = dest.as_ref();
    if dest == Path::new("-") {
        std::io::stdout()
            .lock()
            .write_all(text.as_bytes())
            .map_err(|e| Error::io("<stdout>", e))
    } else {
        OutputFile::write_with(dest, |out| out.write_all(text.as_bytes()))
    }
}
