//! Report types: every movement with its flags, every series, and the summary.
//!
//! # JSON schema (`schema_version` 1), as written by `plmkit::io::events::write_report_json`
//! ```text
//! {
//!   "schema_version": 1,
//!   "standard": "wasm2016" | "aasm2012",   // criteria.standard, repeated at the top for readers
//!   "index_basis": "sleep" | "recording",   // "recording": no hypnogram; indices per hour of recording
//!   "criteria": { ...Criteria fields: short_imi "drop"|"break", series_scope "all_movements"|"sleep_only", ... },
//!   "summary": {
//!     "lm_count", "clm_count", "plm_count", "plms_count", "plmw_count", "plms_nr_count",
//!     "plms_arousal_count", "lms_count", "clms_count", "gross_count",     // integers
//!     "recording_hours", "sleep_hours", "wake_hours",                     // sleep/wake null without hypnogram;
//!                                                       // all inside the lights, without invalid time
//!     "invalid_hours",                                   // invalid time inside the recording span
//!     "lm_index", "clm_index", "plm_index", "plms_index", "plmw_index",
//!     "plms_nr_index", "plms_arousal_index", "periodicity_index"          // null when undefined
//!   },
//!   "movements": [ { "onset_s", "offset_s", "leg": "left"|"right"|"bilateral", "kind": "leg"|"gross",
//!                    "parts", "class": "candidate"|"non_candidate"|"gross"|"too_short"|"too_long",
//!                    "candidate", "periodic", "periodic_nr", "series_id" (null or int),
//!                    "respiratory", "arousal", "stage": "W"|"N1"|"N2"|"N3"|"R"|"S"|"unknown",
//!                    "imi_s" (null or number), "excluded": null|"respiratory"|"short_imi"|"out_of_scope"|"outside_lights",
//!                    "peak", "area" } ],
//!   "series":    [ { "id", "start_s", "end_s", "count" } ],   // all candidates
//!   "series_nr": [ { "id", "start_s", "end_s", "count" } ],   // rCLMs removed (WASM); same as series for AASM
//!   "imi_histogram":    { "lo", "bin_width", "counts": [..45] },  // IMIs in (0, 90] s, bins (0,2], (2,4], ...
//!   "ln_imi_histogram": { "lo", "bin_width", "counts": [..45] },  // ln(IMI) in (0, 4.5], bins of 0.1
//!   "geometric_mean_imi_s": number | null,
//!   "warnings": [ { "code", "message" } ]   // inputs that do not fit together; see `Warning`
//! }
//! ```

use super::candidate::MovementClass;
use super::criteria::Criteria;
use super::hypnogram::Stage;
use crate::event::{Leg, MovementKind};

/// The leg(s) of a scored movement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "io", derive(serde::Serialize))]
#[cfg_attr(feature = "io", serde(rename_all = "lowercase"))]
pub enum Side {
    /// Left leg only.
    Left,
    /// Right leg only.
    Right,
    /// Both legs (a bilateral movement).
    Bilateral,
}

impl Side {
    /// From the legs present, `[left, right]`.
    pub(crate) fn from_legs(legs: [bool; 2]) -> Side {
        match legs {
            [true, true] => Side::Bilateral,
            [false, true] => Side::Right,
            _ => Side::Left,
        }
    }

    /// The single leg, or `None` for bilateral.
    pub fn leg(self) -> Option<Leg> {
        match self {
            Side::Left => Some(Leg::Left),
            Side::Right => Some(Leg::Right),
            Side::Bilateral => None,
        }
    }

    /// The stable machine name (JSON, CSV): `left`, `right` or `bilateral`.
    pub fn name(self) -> &'static str {
        match self {
            Side::Left => "left",
            Side::Right => "right",
            Side::Bilateral => "bilateral",
        }
    }
}

impl std::fmt::Display for Side {
    /// As its [`name`](Side::name).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a movement took no part in (main) series building.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "io", derive(serde::Serialize))]
#[cfg_attr(feature = "io", serde(rename_all = "snake_case"))]
pub enum Exclusion {
    /// AASM: overlaps a respiratory event's window; not scored at all (not counted as an LM).
    Respiratory,
    /// Dropped under `ShortImiPolicy::Drop`; still counted as an LM / candidate.
    ShortImi,
    /// Outside sleep under `SeriesScope::SleepOnly` (a candidate, or a non-candidate that
    /// therefore does not end a series); still counted as an LM / candidate.
    OutOfScope,
    /// Onset before lights off or after lights on: not scored at all (any kind of movement).
    OutsideLights,
}

/// One movement after bilateral combination, with everything the scorer decided about it.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "io", derive(serde::Serialize))]
pub struct ScoredMovement {
    /// Onset (earliest part) in seconds.
    pub onset_s: f64,
    /// Offset (latest part) in seconds.
    pub offset_s: f64,
    /// Left, right or bilateral.
    pub leg: Side,
    /// Leg movement or gross body movement.
    pub kind: MovementKind,
    /// Number of monolateral parts.
    pub parts: usize,
    /// What it is for series building.
    pub class: MovementClass,
    /// Counted as a candidate (AASM: scored LM; WASM: CLM). False for AASM respiratory LMs.
    pub candidate: bool,
    /// Part of a PLM series (all candidates).
    pub periodic: bool,
    /// Part of a PLM series built without respiratory candidates ("nr").
    pub periodic_nr: bool,
    /// Index into [`Report::series`] when periodic.
    pub series_id: Option<usize>,
    /// Associated with a respiratory event (AASM window or WASM rCLM window).
    pub respiratory: bool,
    /// Associated with an arousal.
    pub arousal: bool,
    /// Stage of the epoch holding the onset.
    pub stage: Stage,
    /// IMI from the previous kept candidate, for candidates that took part in series building;
    /// None for the first candidate and the first after a series breaker.
    pub imi_s: Option<f64>,
    /// Why a candidate (or, out of scope, a non-candidate) took no part in series building, if
    /// it did not; any movement outside the lights has [`Exclusion::OutsideLights`] (and every
    /// flag false).
    pub excluded: Option<Exclusion>,
    /// Largest peak over the parts, when every part has one.
    pub peak: Option<f64>,
    /// Summed area over the parts, when every part has one.
    pub area: Option<f64>,
}

/// One PLM series.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "io", derive(serde::Serialize))]
pub struct Series {
    /// 0-based, in time order.
    pub id: usize,
    /// Onset of the first movement.
    pub start_s: f64,
    /// Offset of the last movement.
    pub end_s: f64,
    /// Number of movements.
    pub count: usize,
}

/// What the indices are per hour of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "io", derive(serde::Serialize))]
#[cfg_attr(feature = "io", serde(rename_all = "lowercase"))]
pub enum IndexBasis {
    /// A hypnogram was given: sleep indices per hour of sleep, wake indices per hour of wake.
    Sleep,
    /// No hypnogram: every movement is "sleep unknown", counted with the sleep counts, and every
    /// index is per hour of recording. Not a polysomnographic "per hour of sleep" index.
    Recording,
}

/// Counts, durations and indices. Sleep counts (`plms_count`, `lms_count`, ...) hold the
/// movements in sleep stages, or every movement when there is no hypnogram. With a hypnogram,
/// movements outside it (stage `unknown`) are in neither sleep nor wake counts.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "io", derive(serde::Serialize))]
pub struct Summary {
    /// LMs (after bilateral combination; AASM: without respiratory ones; WASM: CLMs and non-CLMs).
    pub lm_count: usize,
    /// Candidates (AASM: = LMs; WASM: CLMs including rCLMs).
    pub clm_count: usize,
    /// Candidates in series.
    pub plm_count: usize,
    /// PLMs in sleep.
    pub plms_count: usize,
    /// PLMs in wake.
    pub plmw_count: usize,
    /// PLMs in sleep in series built without respiratory candidates (AASM: = `plms_count`).
    pub plms_nr_count: usize,
    /// PLMs in sleep associated with an arousal.
    pub plms_arousal_count: usize,
    /// LMs in sleep.
    pub lms_count: usize,
    /// Candidates in sleep.
    pub clms_count: usize,
    /// Gross movements (posture changes, in accelerometry) as events: the body turns as one, so
    /// a turn seen on both legs (detections overlapping or less than 0.5 s apart) counts once.
    pub gross_count: usize,
    /// Recording span in hours (see [`super::ScoringContext::recording_s`]), without invalid
    /// time.
    pub recording_hours: f64,
    /// Invalid time inside the recording span, in hours (see [`super::ScoringContext::invalid`]).
    pub invalid_hours: f64,
    /// Sleep time in hours, inside the lights and without invalid time (None without hypnogram).
    pub sleep_hours: Option<f64>,
    /// Wake time in hours, inside the lights and without invalid time (None without hypnogram).
    pub wake_hours: Option<f64>,
    /// Sleep LMs per hour of the basis (sleep, or recording).
    pub lm_index: Option<f64>,
    /// Sleep candidates per hour of the basis.
    pub clm_index: Option<f64>,
    /// All PLMs per hour of recording.
    pub plm_index: Option<f64>,
    /// PLMS per hour of the basis.
    pub plms_index: Option<f64>,
    /// PLMW per hour of wake (None without hypnogram or wake).
    pub plmw_index: Option<f64>,
    /// PLMS-nr per hour of the basis.
    pub plms_nr_index: Option<f64>,
    /// PLMS with arousal per hour of the basis.
    pub plms_arousal_index: Option<f64>,
    /// Ferri 2006 periodicity index (None when there is no IMI).
    pub periodicity_index: Option<f64>,
}

/// A histogram with equal right-closed bins `(lo + i·w, lo + (i+1)·w]`.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "io", derive(serde::Serialize))]
pub struct Histogram {
    /// Left edge of the first bin.
    pub lo: f64,
    /// Bin width.
    pub bin_width: f64,
    /// Count per bin.
    pub counts: Vec<usize>,
}

/// The full scoring result. See the module documentation for the JSON schema.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Version of this layout (1).
    pub schema_version: u32,
    /// What indices are per hour of.
    pub index_basis: IndexBasis,
    /// The criteria applied; `criteria.standard` is the standard.
    pub criteria: Criteria,
    /// Counts and indices.
    pub summary: Summary,
    /// Every input movement after bilateral combination, in onset order.
    pub movements: Vec<ScoredMovement>,
    /// PLM series over all candidates.
    pub series: Vec<Series>,
    /// PLM series without respiratory candidates.
    pub series_nr: Vec<Series>,
    /// IMIs in (0, 90] s in right-closed 2-s bins.
    pub imi_histogram: Histogram,
    /// ln(IMI) in right-closed 0.1 bins over (0, 4.5].
    pub ln_imi_histogram: Histogram,
    /// Geometric mean of the IMIs in the histogram range (0 < IMI <= 90 s).
    pub geometric_mean_imi_s: Option<f64>,
    /// Inputs that do not fit together (a hypnogram shorter than the recording, two ankles
    /// that overlap only partly, ...): scored as documented, and said here.
    pub warnings: Vec<Warning>,
}

/// Something about the inputs the report's reader must know: the figures were computed by the
/// documented rule, but the inputs look mismatched.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "io", derive(serde::Serialize))]
pub struct Warning {
    /// A stable machine name, e.g. `hypnogram_short`.
    pub code: &'static str,
    /// What is wrong and what it did to the figures, in words.
    pub message: String,
}

/// Field by field as derived, plus a top-level `"standard"` (from `criteria.standard`) so a
/// reader finds the standard without opening the criteria.
#[cfg(feature = "io")]
impl serde::Serialize for Report {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Report", 13)?;
        s.serialize_field("schema_version", &self.schema_version)?;
        s.serialize_field("standard", &self.criteria.standard)?;
        s.serialize_field("index_basis", &self.index_basis)?;
        s.serialize_field("criteria", &self.criteria)?;
        s.serialize_field("summary", &self.summary)?;
        s.serialize_field("movements", &self.movements)?;
        s.serialize_field("series", &self.series)?;
        s.serialize_field("series_nr", &self.series_nr)?;
        s.serialize_field("imi_histogram", &self.imi_histogram)?;
        s.serialize_field("ln_imi_histogram", &self.ln_imi_histogram)?;
        s.serialize_field("geometric_mean_imi_s", &self.geometric_mean_imi_s)?;
        s.serialize_field("warnings", &self.warnings)?;
        s.end()
    }
}
