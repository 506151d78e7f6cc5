//! Lab annotation formats: EDF+ annotations (PSG-IPA style), RemLogic event exports and NSRR /
//! Compumedics XML, read into one [`Annotations`] value the scorer can use.
//!
//! [`read_annotations`] detects the format from the file's first bytes:
//!
//! | format | recognised by | times |
//! |---|---|---|
//! | EDF+ / BDF+ (a recording or a separate annotation file) | `0       ` or `\xFFBIOSEMI` | seconds from the header's start time |
//! | RemLogic event export (tab-separated) | a `Time [hh:mm:ss]` … `Event` header line | clock times; time zero is the first staged epoch |
//! | NSRR / Compumedics Profusion XML | `<?xml`, `<PSGAnnotation>` or `<CMPStudyConfig>` | seconds (`Start`, `Duration`) |
//!
//! Event names are read the same way in every format (case-insensitive; `-`, `_`, `.`, `|`,
//! brackets read as spaces):
//! - leg movements: names with `limb movement`, `leg movement`, `PLM`, `LM` (PSG-IPA `Limb
//!   movement`, RemLogic `PLM-LM`, NSRR `Limb movement - left|Limb Movement (Left)`). The leg
//!   comes from the linked channel or location (`Limb movement@@EMG LAT`, RemLogic `Location`,
//!   NSRR `SignalLocation` / Profusion `Input`) by [`crate::io::edf::leg_of_label`] (so `EMG
//!   LAT`, `LAntib`, `Tibialis-Leg.Left` …), else from side words in the name (`left`,
//!   `right`). One leg may appear under several location names;
//! - stages: `Sleep stage W/N1/N2/N3/R` (`1`–`4` too, `?` unscored), RemLogic `SLEEP-S0`…`S4`,
//!   `SLEEP-REM`, `SLEEP-MT`, NSRR `Wake|0` … `REM sleep|5`, Profusion `<SleepStages>`; a stage
//!   event lasting several epochs covers them all;
//! - respiratory: any `apnea` / `hypopnea` (also `APNEA-OBSTRUCTIVE`, `HYPOPNEA-CENTRAL`) and
//!   `RERA`; arousals: every `arousal*` name (RemLogic `AROUSAL-SPONT`, `AROUSAL-RESP`, …);
//! - `Lights off` / `Lights on` set [`Annotations::lights`].
//!
//! Every other name is counted in [`Annotations::unknown`], never silently dropped, and so is a
//! movement whose leg cannot be told. A malformed line or element is an
//! [`crate::Error::Parse`] naming the file and line.

mod context;
mod edf;
mod json;
mod nsrr;
mod remlogic;
mod vocab;
mod write;

pub use edf::annotations_from_edf;
pub use nsrr::parse_nsrr_xml;
pub use remlogic::parse_remlogic;
pub use write::{write_nsrr_xml, write_remlogic};

use std::io::Read as _;
use std::path::Path;

use crate::event::{Interval, LegMovement};
use crate::score::Hypnogram;
use crate::{Error, Result};

/// Which format an annotation file is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AnnotationFormat {
    /// EDF+ / BDF+ annotations (TALs).
    Edf,
    /// RemLogic tab-separated event export.
    RemLogic,
    /// NSRR XML (`PSGAnnotation`, `ScoredEvents` / `EventConcept`) or Compumedics Profusion XML
    /// (`CMPStudyConfig`, `ScoredEvents` / `Name`, `SleepStages`).
    NsrrXml,
}

/// What a lab annotation file says, in the scorer's terms. Times in seconds from the format's
/// time zero (see the module table).
#[derive(Debug, Clone, PartialEq)]
pub struct Annotations {
    /// The format read.
    pub format: AnnotationFormat,
    /// Scored leg movements, in [`crate::score::event_order`].
    pub movements: Vec<LegMovement>,
    /// Sleep stages, if the file has any.
    pub hypnogram: Option<Hypnogram>,
    /// Apneas, hypopneas and RERAs, by onset.
    pub respiratory: Vec<Interval>,
    /// Arousals, by onset.
    pub arousals: Vec<Interval>,
    /// Lights off to lights on, when the file says.
    pub lights: Option<Interval>,
    /// Event names that were not used, with their counts, sorted by name.
    pub unknown: Vec<(String, usize)>,
    /// Events outside the staged epochs (RemLogic, as a lab reads it), not used.
    pub outside: usize,
    /// Time of day of time zero (s after midnight), when the format gives clock times.
    pub clock_origin_s: Option<f64>,
}

impl Annotations {
    /// Seconds to add to this file's times to put them on the time base of a recording whose
    /// time zero is `recording_start_of_day_s` after midnight (e.g.
    /// [`EdfHeader::start_time_of_day_s`](crate::io::edf::EdfHeader::start_time_of_day_s)),
    /// taken in (-12 h, 12 h] so that a night crossing midnight aligns. `None` when the format
    /// gives no clock time (EDF+ annotations already share the recording's time base).
    pub fn offset_to(&self, recording_start_of_day_s: f64) -> Option<f64> {
        let d = (self.clock_origin_s? - recording_start_of_day_s).rem_euclid(86_400.0);
        Some(if d > 43_200.0 { d - 86_400.0 } else { d })
    }

    /// Moves every time (movements, hypnogram, respiratory events, arousals, lights) by `by_s`
    /// seconds, e.g. by [`offset_to`](Self::offset_to). The clock origin moves with them.
    pub fn shift(&mut self, by_s: f64) -> Result<()> {
        if !by_s.is_finite() {
            return Err(Error::InvalidInput(format!("shift by {by_s} s")));
        }
        for m in &mut self.movements {
            m.onset_s += by_s;
            m.offset_s += by_s;
        }
        for i in self
            .respiratory
            .iter_mut()
            .chain(self.arousals.iter_mut())
            .chain(self.lights.iter_mut())
        {
            i.onset_s += by_s;
            i.offset_s += by_s;
        }
        if let Some(h) = &self.hypnogram {
            self.hypnogram = Some(Hypnogram::with_timing(
                h.stages().to_vec(),
                h.epoch_s(),
                h.start_s() + by_s,
            )?);
        }
        if let Some(c) = &mut self.clock_origin_s {
            *c = (*c - by_s).rem_euclid(86_400.0);
        }
        Ok(())
    }
}

/// The format of a file from its first bytes, or `None`.
pub fn detect_format(head: &[u8]) -> Option<AnnotationFormat> {
    if head.starts_with(b"0       ") || head.starts_with(b"\xFFBIOSEMI") {
        return Some(AnnotationFormat::Edf);
    }
    let text = String::from_utf8_lossy(head);
    let t = text.trim_start_matches('\u{feff}').trim_start();
    if t.starts_with("<?xml") || t.starts_with("<PSGAnnotation") || t.starts_with("<CMPStudyConfig")
    {
        return Some(AnnotationFormat::NsrrXml);
    }
    if t.lines()
        .any(|l| l.contains("Time [hh:mm:ss") && l.contains("Event"))
        || t.contains("RemLogic")
    {
        return Some(AnnotationFormat::RemLogic);
    }
    None
}

/// Bytes read from the start of a file to tell its format.
const HEAD_BYTES: usize = 64 * 1024;

/// Reads a lab annotation file of any supported format (detected from its content).
pub fn read_annotations(path: impl AsRef<Path>) -> Result<Annotations> {
    let path = path.as_ref();
    let file = path.display().to_string();
    // Only the head is read to tell the format: an EDF+ (a whole recording, possibly
    // gigabytes) is then read record by record, never held in memory.
    let mut head = Vec::with_capacity(HEAD_BYTES);
    std::fs::File::open(path)
        .and_then(|f| std::io::Read::take(f, HEAD_BYTES as u64).read_to_end(&mut head))
        .map_err(|e| Error::io(path, e))?;
    match detect_format(&head) {
        Some(AnnotationFormat::Edf) => {
            let notes = crate::io::edf::read_edf_annotations(path)?;
            annotations_from_edf(&notes, &file)
        }
        Some(f) => {
            let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
            let text = String::from_utf8(bytes)
                .map_err(|e| Error::parse(&file, 0, format!("not UTF-8 text: {e}")))?;
            if f == AnnotationFormat::RemLogic {
                parse_remlogic(&text, &file)
            } else {
                parse_nsrr_xml(&text, &file)
            }
        }
        None => Err(Error::parse(
            &file,
            0,
            "not a known annotation format (EDF+, RemLogic event export, NSRR / Compumedics XML)",
        )),
    }
}
