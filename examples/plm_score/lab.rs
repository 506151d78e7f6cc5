//! Lab annotation files on the command line: telling them from a plain event CSV, and what the
//! report says about them (format, what was used, what was not).

use std::fmt::Write as _;
use std::io::Read;
use std::path::Path;

use plmkit::io::annotations::{Annotations, detect_format};
use plmkit::{Error, Result};
use serde_json::Value;

/// Whether `path` holds a lab annotation file (RemLogic, NSRR / Profusion XML, EDF+), from its
/// first bytes; otherwise it is read as a leg-movement CSV.
pub fn is_annotation_file(path: &Path) -> Result<bool> {
    let mut head = Vec::with_capacity(64 * 1024);
    std::fs::File::open(path)
        .and_then(|f| f.take(64 * 1024).read_to_end(&mut head))
        .map_err(|e| Error::io(path, e))?;
    Ok(detect_format(&head).is_some())
}

/// The JSON `annotations` member (the library's, so every mode writes the same).
pub fn annotations_json(a: &Annotations, file: &Path) -> Value {
    a.to_json(&file.display().to_string())
}

/// Summary lines: what the annotation file gave and what it held that was not used.
pub fn annotations_summary(a: &Annotations, file: &Path) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "  annotations   {} ({}): {} scored LM, {} epochs, {} respiratory, {} arousals{}",
        file.display(),
        a.format.name(),
        a.movements.len(),
        a.hypnogram.as_ref().map_or(0, |h| h.stages().len()),
        a.respiratory.len(),
        a.arousals.len(),
        if a.lights.is_some() { ", lights" } else { "" },
    );
    if a.unused_count() > 0 {
        let names: Vec<String> = a.unknown.iter().map(|(n, c)| format!("{n} ×{c}")).collect();
        let _ = writeln!(
            out,
            "  not used      {} event(s) outside the staged epochs; unknown names: {}",
            a.outside,
            if names.is_empty() {
                "none".to_string()
            } else {
                names.join(", ")
            },
        );
    }
    out
}
