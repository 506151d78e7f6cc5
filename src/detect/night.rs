//! What was detected on a night, per leg and together, and batch helpers from timestamped rows.

use super::config::DetectorConfig;
use super::leg::{Detection, QualityCounts, Rejected};
use super::trace::TraceDetector;
use crate::event::{Interval, Leg, LegMovement};
use crate::samples::TriaxialView;
use crate::timeline::{TimelineConfig, TimelineStats};
use crate::{Error, Result};

/// The envelope decimated for plotting: the maximum per step.
#[derive(Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "io", derive(serde::Serialize))]
pub struct PlotEnvelope {
    /// Time of the first value's step start (s).
    pub start_s: f64,
    /// Step between values (s).
    pub step_s: f64,
    /// Maximum envelope per step (g); NaN where the step holds no valid data.
    pub max_g: Vec<f32>,
}

/// Everything detected on one leg.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "io", derive(serde::Serialize))]
pub struct LegDetection {
    /// The leg.
    pub leg: Leg,
    /// Leg movements and posture changes (kind `Gross`), in onset order. A leg movement longer
    /// than `long_duration_s` is kept: see [`LegDetection::is_long`].
    pub movements: Vec<LegMovement>,
    /// Rejected candidates with reasons.
    pub rejected: Vec<Rejected>,
    /// Stretches of missing samples on the grid.
    pub invalid: Vec<Interval>,
    /// Stretches of saturated samples.
    pub saturated: Vec<Interval>,
    /// Detector data-quality counts.
    pub quality: QualityCounts,
    /// Timeline statistics (rate, jitter, gaps, idle zero rows); its `start_s` is on the
    /// trace's own clock (before `offset_s`).
    pub timeline: TimelineStats,
    /// Grid start on the shared clock (s).
    pub start_s: f64,
    /// End of the last grid sample's step (s).
    pub end_s: f64,
    /// Recording time minus missing and saturated time (s).
    pub valid_s: f64,
    /// Noise floor at the end of the night (g).
    pub final_noise_floor_g: f64,
    /// The decimated envelope for plots.
    pub envelope: PlotEnvelope,
    /// Duration above which a movement is long (s), copied from the configuration.
    pub long_duration_s: f64,
}

impl LegDetection {
    /// A record with nothing detected yet: times from `start_s`, no valid time.
    pub(crate) fn empty(
        leg: Leg,
        start_s: f64,
        timeline: TimelineStats,
        floor_g: f64,
        long_duration_s: f64,
    ) -> Self {
        LegDetection {
            leg,
            movements: Vec::new(),
            rejected: Vec::new(),
            invalid: Vec::new(),
            saturated: Vec::new(),
            quality: QualityCounts::default(),
            timeline,
            start_s,
            end_s: start_s,
            valid_s: 0.0,
            final_noise_floor_g: floor_g,
            envelope: PlotEnvelope::default(),
            long_duration_s,
        }
    }

    /// Keeps a detection in the record, joining a stretch to the last one when it continues it
    /// (a piece of a long stretch flushed early, or a gap declared silent and the rest of it
    /// found at the next block are one stretch). Every front end records through this.
    pub(crate) fn keep(&mut self, d: Detection) {
        fn join(list: &mut Vec<Interval>, iv: Interval) {
            match list.last_mut() {
                Some(last) if last.offset_s == iv.onset_s => last.offset_s = iv.offset_s,
                _ => list.push(iv),
            }
        }
        match d {
            Detection::Movement(m) => self.movements.push(m),
            Detection::Rejected(r) => self.rejected.push(r),
            Detection::Invalid(i) => join(&mut self.invalid, i),
            Detection::Saturated(i) => join(&mut self.saturated, i),
        }
    }

    /// Whether `m` lasts longer than the configured long-movement duration.
    pub fn is_long(&self, m: &LegMovement) -> bool {
        m.duration_s() > self.long_duration_s
    }
}

/// A night's detection: per leg, plus the time both (all present) legs hold valid data.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "io", derive(serde::Serialize))]
pub struct NightDetection {
    /// One entry per leg given, left first.
    pub legs: Vec<LegDetection>,
    /// Start of the span every leg covers (s).
    pub start_s: f64,
    /// End of that span (s).
    pub end_s: f64,
    /// Seconds of that span where every leg has valid (present, unsaturated) data.
    pub valid_s: f64,
}

impl NightDetection {
    /// Joins the legs' detections: the span every leg covers, and the time in it where every
    /// leg has valid data. Errors when no leg is given.
    pub fn from_legs(legs: Vec<LegDetection>) -> Result<Self> {
        if legs.is_empty() {
            return Err(Error::InvalidInput("no leg trace given".into()));
        }
        let start_s = legs.iter().map(|l| l.start_s).fold(f64::MIN, f64::max);
        let end_s = legs.iter().map(|l| l.end_s).fold(f64::MAX, f64::min);
        let mut bad: Vec<Interval> = legs
            .iter()
            .flat_map(|l| l.invalid.iter().chain(&l.saturated))
            .map(|i| Interval {
                onset_s: i.onset_s.max(start_s),
                offset_s: i.offset_s.min(end_s),
            })
            .filter(|i| i.offset_s > i.onset_s)
            .collect();
        bad.sort_by(|a, b| a.onset_s.total_cmp(&b.onset_s));
        let mut covered = 0.0;
        let mut cur: Option<Interval> = None;
        for i in bad {
            match &mut cur {
                Some(c) if i.onset_s <= c.offset_s => c.offset_s = c.offset_s.max(i.offset_s),
                _ => {
                    if let Some(c) = cur {
                        covered += c.offset_s - c.onset_s;
                    }
                    cur = Some(i);
                }
            }
        }
        if let Some(c) = cur {
            covered += c.offset_s - c.onset_s;
        }
        let span = (end_s - start_s).max(0.0);
        Ok(NightDetection {
            legs,
            start_s,
            end_s,
            valid_s: (span - covered).max(0.0),
        })
    }

    /// Every leg movement and posture change of all legs, sorted by onset (e.g. to compare
    /// with a truth). To score a night, use [`crate::pipeline`]: the scorer also needs the
    /// invalid stretches and the span the legs cover, which these movements alone do not say.
    pub fn movements(&self) -> Vec<LegMovement> {
        let mut v: Vec<LegMovement> = self
            .legs
            .iter()
            .flat_map(|l| l.movements.iter().copied())
            .collect();
        v.sort_by(|a, b| a.onset_s.total_cmp(&b.onset_s));
        v
    }
}

/// Rows pushed per step by the batch helpers: bounds their working memory.
const BLOCK_ROWS: usize = 4096;

/// Detects one leg's movements from timestamped rows (a loop over [`TraceDetector`], default
/// timeline settings, times as given).
pub fn detect_leg(cfg: &DetectorConfig, leg: Leg, rows: TriaxialView<'_>) -> Result<LegDetection> {
    let mut d = TraceDetector::new(cfg, &TimelineConfig::default(), leg, 0.0)?;
    crate::stage::run(&mut d, rows.chunks(BLOCK_ROWS))?;
    d.into_detection()
}

/// Detects one or two legs whose row times share one clock, and the time both hold valid data.
/// Detection only: to score, use [`crate::pipeline`]. Errors if neither leg is given.
pub fn detect_night(
    cfg: &DetectorConfig,
    left: Option<TriaxialView<'_>>,
    right: Option<TriaxialView<'_>>,
) -> Result<NightDetection> {
    let mut legs = Vec::new();
    for (leg, rows) in [(Leg::Left, left), (Leg::Right, right)] {
        if let Some(rows) = rows {
            legs.push(detect_leg(cfg, leg, rows)?);
        }
    }
    NightDetection::from_legs(legs)
}
