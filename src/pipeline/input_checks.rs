//! Two trace files that do not belong together: the same file twice, one device on both
//! ankles, legs that overlap for only part of the night. An error where nothing sensible can
//! be scored, a warning in the report where the figures stand but the inputs look wrong.

use super::files::InputTrace;
use crate::detect::NightDetection;
use crate::io::trace::TraceInfo;
use crate::score::Warning;
use crate::{Error, Result};

/// Legs whose data overlap for less than this fraction of the longer leg's span get a warning:
/// only the overlap is scored, so the rest of the night is out of every figure.
pub(super) const MIN_OVERLAP_FRACTION: f64 = 0.9;

/// The same file given for both ankles is an error (it would score one leg as two).
pub(super) fn distinct_files(infos: &[&TraceInfo]) -> Result<()> {
    if let [a, b] = infos
        && a.file == b.file
    {
        return Err(Error::InvalidInput(format!(
            "{}: the same file was given for both ankles",
            a.file
        )));
    }
    Ok(())
}

/// The error for legs whose data do not overlap at all, naming the files and their spans.
pub(super) fn no_overlap(inputs: &[InputTrace], what: String) -> Error {
    let names: Vec<String> = inputs
        .iter()
        .map(|i| match &i.info.start {
            Some(start) => format!("{} ({} leg, starts {start})", i.info.file, i.leg),
            None => format!("{} ({} leg)", i.info.file, i.leg),
        })
        .collect();
    Error::InvalidInput(format!(
        "{what}; the files are from different recordings or their clocks disagree: {}",
        names.join(", ")
    ))
}

/// Warnings about inputs that were scored but look mismatched: `same_device` (both files
/// name one serial number) and `legs_partly_overlap` (the legs overlap for less than
/// [`MIN_OVERLAP_FRACTION`] of the longer one's span).
pub(super) fn warnings(inputs: &[InputTrace], detection: &NightDetection) -> Vec<Warning> {
    let mut out = Vec::new();
    if let [a, b] = inputs
        && let (Some(sa), Some(sb)) = (&a.info.serial, &b.info.serial)
        && sa == sb
    {
        out.push(Warning {
            code: "same_device",
            message: format!(
                "both files name the device with serial number {sa} ({}, {}): one device cannot \
                 be on both ankles; check that the files are the two legs' recordings",
                a.info.file, b.info.file
            ),
        });
    }
    if let [a, b] = detection.legs.as_slice() {
        let overlap = a.end_s.min(b.end_s) - a.start_s.max(b.start_s);
        let longest = (a.end_s - a.start_s).max(b.end_s - b.start_s);
        if longest > 0.0 && overlap > 0.0 && overlap < MIN_OVERLAP_FRACTION * longest {
            out.push(Warning {
                code: "legs_partly_overlap",
                message: format!(
                    "the legs' recordings overlap for {:.2} h of {:.2} h: only the overlap is \
                     scored",
                    overlap / 3600.0,
                    longest / 3600.0
                ),
            });
        }
    }
    out
}
