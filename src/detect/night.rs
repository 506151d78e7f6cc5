//! Batch detection of a whole night, one or two legs, from timestamped columns.

use super::config::DetectorConfig;
use super::leg::{Detection, LegDetector, QualityCounts, Rejected};
use crate::event::{Interval, Leg, LegMovement};
use crate::timeline::{Timeline, TimelineConfig, TimelineStats};
use crate::{Error, Result};

/// One leg's trace as columns: time (s, increasing) and axes (g), all the same length.
///
/// Two legs are aligned by timestamp: every reported time is `t + offset_s`, so give each leg
/// the offset that puts it on the shared clock (e.g. this file's start time minus the earliest
/// start of the two, when each file's `t` counts from its own start), or 0 when the time
/// columns already share a clock.
#[derive(Debug, Clone, Copy)]
pub struct TraceColumns<'a> {
    /// Time of each row (s), increasing.
    pub t: &'a [f64],
    /// X axis (g).
    pub x: &'a [f64],
    /// Y axis (g).
    pub y: &'a [f64],
    /// Z axis (g).
    pub z: &'a [f64],
    /// Added to every time to put this leg on the shared clock (s).
    pub offset_s: f64,
}

impl<'a> TraceColumns<'a> {
    /// Columns on the shared clock already (`offset_s` = 0).
    pub fn new(t: &'a [f64], x: &'a [f64], y: &'a [f64], z: &'a [f64]) -> Self {
        TraceColumns {
            t,
            x,
            y,
            z,
            offset_s: 0.0,
        }
    }
}

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
    /// Every leg movement and posture change of all legs, sorted by onset: the scorer's input.
    pub fn events(&self) -> Vec<LegMovement> {
        let mut v: Vec<LegMovement> = self
            .legs
            .iter()
            .flat_map(|l| l.movements.iter().copied())
            .collect();
        v.sort_by(|a, b| a.onset_s.total_cmp(&b.onset_s));
        v
    }
}

/// Rows fed to the timeline per step: bounds the working memory of the batch helpers.
const BLOCK_ROWS: usize = 4096;

/// Detects one leg's movements from timestamped columns (a loop over the streaming stages).
pub fn detect_leg(leg: Leg, trace: TraceColumns<'_>, cfg: &DetectorConfig) -> Result<LegDetection> {
    detect_leg_with(leg, trace, cfg, &TimelineConfig::default())
}

/// As [`detect_leg`] with explicit timeline settings.
pub fn detect_leg_with(
    leg: Leg,
    trace: TraceColumns<'_>,
    cfg: &DetectorConfig,
    tcfg: &TimelineConfig,
) -> Result<LegDetection> {
    cfg.validate()?;
    if !trace.offset_s.is_finite() {
        return Err(Error::InvalidInput(format!(
            "{leg} leg: clock offset must be finite, got {}",
            trace.offset_s
        )));
    }
    let n = trace.t.len();
    if trace.x.len() != n || trace.y.len() != n || trace.z.len() != n {
        return Err(Error::InvalidInput(format!(
            "{leg} leg: column lengths differ (t {n}, x {}, y {}, z {})",
            trace.x.len(),
            trace.y.len(),
            trace.z.len()
        )));
    }
    let mut tl = Timeline::new(tcfg)?;
    let mut grid = Vec::with_capacity(2 * BLOCK_ROWS);
    let mut det: Option<LegDetector> = None;
    let mut events = Vec::new();
    let mut plot = Vec::new();
    let mut feed = |tl: &Timeline,
                    grid: &mut Vec<[f64; 3]>,
                    det: &mut Option<LegDetector>,
                    events: &mut Vec<Detection>|
     -> Result<()> {
        if grid.is_empty() {
            return Ok(());
        }
        if det.is_none() {
            let (Some(rate), Some(start)) = (tl.rate_hz(), tl.start_s()) else {
                return Ok(());
            };
            *det = Some(LegDetector::new(leg, rate, start + trace.offset_s, cfg)?);
        }
        let d = det.as_mut().expect("created above");
        d.push(grid, events);
        plot.extend(d.take_plot_envelope());
        grid.clear();
        Ok(())
    };
    for s in (0..n).step_by(BLOCK_ROWS) {
        let e = (s + BLOCK_ROWS).min(n);
        tl.push(
            &trace.t[s..e],
            &trace.x[s..e],
            &trace.y[s..e],
            &trace.z[s..e],
            &mut grid,
        )
        .map_err(|e| prefix(leg, e))?;
        feed(&tl, &mut grid, &mut det, &mut events)?;
    }
    tl.finish(&mut grid).map_err(|e| prefix(leg, e))?;
    feed(&tl, &mut grid, &mut det, &mut events)?;
    let stats = tl.stats();
    let Some(mut d) = det else {
        return Err(Error::InvalidInput(format!(
            "{leg} leg: no usable samples (every row missing or only one row)"
        )));
    };
    d.finish(&mut events);
    plot.extend(d.take_plot_envelope());
    let rate = d.rate_hz();
    let start_s = stats.start_s + trace.offset_s;
    let end_s = start_s + stats.samples as f64 / rate;
    let mut out = LegDetection {
        leg,
        movements: Vec::new(),
        rejected: Vec::new(),
        invalid: Vec::new(),
        saturated: Vec::new(),
        quality: d.quality().clone(),
        timeline: stats,
        start_s,
        end_s,
        valid_s: 0.0,
        final_noise_floor_g: d.noise_floor(),
        envelope: PlotEnvelope {
            start_s,
            step_s: d.plot_step_s(),
            max_g: plot,
        },
        long_duration_s: cfg.long_duration_s,
    };
    for e in events {
        match e {
            Detection::Movement(m) => out.movements.push(m),
            Detection::Rejected(r) => out.rejected.push(r),
            Detection::Invalid(i) => out.invalid.push(i),
            Detection::Saturated(i) => out.saturated.push(i),
        }
    }
    let bad = out.quality.invalid_samples + out.quality.saturated_samples;
    out.valid_s = (out.quality.samples - bad.min(out.quality.samples)) as f64 / rate;
    Ok(out)
}

fn prefix(leg: Leg, e: Error) -> Error {
    match e {
        Error::InvalidInput(s) => Error::InvalidInput(format!("{leg} leg: {s}")),
        other => other,
    }
}

/// Detects one or two legs and the time both hold valid data.
///
/// Both traces' times must be on the same clock (e.g. seconds since a shared start); events
/// are reported on that clock, so the two lists can go straight to the scorer's bilateral
/// rules. Errors if neither leg is given.
pub fn detect_night(
    left: Option<TraceColumns<'_>>,
    right: Option<TraceColumns<'_>>,
    cfg: &DetectorConfig,
) -> Result<NightDetection> {
    let mut legs = Vec::new();
    if let Some(t) = left {
        legs.push(detect_leg(Leg::Left, t, cfg)?);
    }
    if let Some(t) = right {
        legs.push(detect_leg(Leg::Right, t, cfg)?);
    }
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
