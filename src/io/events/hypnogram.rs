//! Hypnogram file: one stage per line, one line per 30-s epoch from time 0. Stages: W, N1, N2,
//! N3, R (or REM), S (unspecified sleep), N4 (read as N3), or the AASM / R&K numbers 0–5
//! (0 W, 1 N1, 2 N2, 3 and 4 N3, 5 REM), any case.

use std::path::Path;

use super::fields::{content_lines, read_text};
use crate::score::{Hypnogram, Stage};
use crate::{Error, Result};

/// The stage a hypnogram line names: W, N1, N2, N3, N4 (as N3), R / REM, S, or the AASM / R&K
/// numbers 0–5 (0 W, 1 N1, 2 N2, 3 and 4 N3, 5 REM), any case. `None` for anything else.
fn stage_of(text: &str) -> Option<Stage> {
    Some(match text.trim().to_ascii_uppercase().as_str() {
        "W" | "WAKE" | "0" => Stage::Wake,
        "N1" | "1" => Stage::N1,
        "N2" | "2" => Stage::N2,
        "N3" | "N4" | "3" | "4" => Stage::N3,
        "R" | "REM" | "5" => Stage::Rem,
        "S" | "SLEEP" => Stage::Sleep,
        _ => return None,
    })
}

/// Reads a hypnogram file.
pub fn read_hypnogram(path: impl AsRef<Path>) -> Result<Hypnogram> {
    let path = path.as_ref();
    parse_hypnogram(&read_text(path)?, &path.display().to_string())
}

/// Parses hypnogram text; `file` names it in errors.
pub fn parse_hypnogram(text: &str, file: &str) -> Result<Hypnogram> {
    let mut stages = Vec::new();
    for (line_no, line) in content_lines(text) {
        let stage = stage_of(line).ok_or_else(|| {
            Error::parse(
                file,
                line_no,
                format!("unknown stage {line:?} (expected W, N1, N2, N3, R, S or 0-5)"),
            )
        })?;
        stages.push(stage);
    }
    if stages.is_empty() {
        return Err(Error::parse(file, 0, "no stage in hypnogram"));
    }
    Ok(Hypnogram::new(stages))
}
