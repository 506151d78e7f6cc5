//! Respiratory-event and arousal CSVs: `onset_s,offset_s`, header optional (a first line whose
//! first field starts with a letter, e.g. `onset_s,offset_s`). Extra columns are an error.

use std::path::Path;

use super::fields::{content_lines, read_text, span, split};
use crate::event::Interval;
use crate::{Error, Result};

/// Reads an interval CSV file.
pub fn read_intervals(path: impl AsRef<Path>) -> Result<Vec<Interval>> {
    let path = path.as_ref();
    parse_intervals(&read_text(path)?, &path.display().to_string())
}

/// Parses interval CSV text; `file` names it in errors.
pub fn parse_intervals(text: &str, file: &str) -> Result<Vec<Interval>> {
    let mut out = Vec::new();
    for (n, (line_no, line)) in content_lines(text).enumerate() {
        let fields: Vec<&str> = split(line).collect();
        let is_header = fields[0]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
            && !fields[0].eq_ignore_ascii_case("nan")
            && !fields[0].to_ascii_lowercase().starts_with("inf");
        if n == 0 && is_header {
            continue;
        }
        if fields.len() != 2 {
            return Err(Error::parse(
                file,
                line_no,
                format!(
                    "expected 2 fields (onset_s,offset_s), found {}",
                    fields.len()
                ),
            ));
        }
        let (onset_s, offset_s) = span(file, line_no, fields[0], fields[1])?;
        out.push(Interval { onset_s, offset_s });
    }
    Ok(out)
}
