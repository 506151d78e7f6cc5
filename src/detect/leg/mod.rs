//! The per-leg streaming detector: one fused pass per sample, slow stages per block.
//!
//! Rooms, one job each: [`plan`] (every constant derived from the settings and rate, computed
//! once), [`filters`] (band-pass and timing low-pass of the axes), [`envelope`] (moving sum of
//! squares and the rings beside it), [`timing`] (the timing window), [`samples`] (the fast and
//! the full per-sample paths), [`stretch`] (missing and saturated stretches), [`onset`] and
//! [`hysteresis`] (a movement from onset to close), [`candidate`], [`decide`] (rejections and
//! posture), [`blocks`] (per-block gravity, noise floor, plot, decisions), [`plot`] (the plot
//! envelope) and [`detection`] (what the detector emits).

mod blocks;
mod candidate;
mod decide;
mod detection;
mod envelope;
mod filters;
mod hysteresis;
mod onset;
mod plan;
mod plot;
mod samples;
mod stretch;
mod timing;

pub use detection::{Detection, QualityCounts, RejectReason, Rejected};

use super::config::DetectorConfig;
use super::floor::NoiseFloor;
use crate::Result;
use crate::event::Leg;
use blocks::Blocks;
use decide::Decisions;
use envelope::Envelope;
use filters::AxisFilters;
use hysteresis::{Hysteresis, State};
use plan::{Plan, Thresholds};
use plot::PlotTrace;
use stretch::Stretches;

/// Streaming accelerometer leg-movement detector for one leg.
///
/// Input: samples on a uniform grid (`[x, y, z]` in g; `[NaN; 3]` marks a missing sample, as
/// [`crate::timeline::Timeline`] emits). Output: [`Detection`]s in onset order as soon as each
/// is decided (a movement is decided `quiet_s` after its offset plus, for the posture test,
/// about `gravity_window_s + 0.5 s`). Memory is fixed at construction.
///
/// Per sample (one fused pass): saturation/missing check, band-pass of the three axes (DF2T,
/// designed by [`crate::filter::butter`]), squared vector magnitude, moving sum over the
/// envelope window, threshold comparison. Per block of about 0.25 s: gravity block mean,
/// noise-floor update (every `floor_step_s`), plot envelope, posture decisions.
///
/// Times: sample `i` is at `start_s + i / rate_hz`. A movement is *detected* when the 0.5-s
/// envelope of the band-pass crosses the onset threshold while the timing window (see
/// [`DetectorConfig::timing_s`]) shows motion; it is *timed* by the timing window, the
/// variance of the low-passed raw axes over 0.2 s, which has no high-pass memory: the onset is
/// the first sample after the last quiet timing window (one window long) that the envelope
/// window still holds; the movement stays active while the window oscillates or its mean stays
/// displaced from the resting level before the onset (a held tilt, by more than the onset
/// threshold; a displacement held still for `gravity_window_s` beyond `posture_angle_deg`, or
/// for `long_duration_s` at all, is a new resting position), and *closes* after
/// `quiet_s − timing_s` of quiet windows (the EMG rule, corrected for the window's length).
/// Onset and offset are corrected for the window's length and the low-pass's group delay; on
/// simulated nights both land within ±0.02 s (median) of where the motion starts and ends.
/// A candidate that stayed displaced without oscillation for `quiet_s`, moved again and never
/// returned to rest is two movements. The reported offset follows
/// [`OffsetRule`](crate::detect::OffsetRule).
#[derive(Debug, Clone)]
pub struct LegDetector {
    leg: Leg,
    /// Settings and every constant derived from them.
    plan: Plan,
    filters: AxisFilters,
    envelope: Envelope,
    /// Thresholds at the current noise floor.
    thresholds: Thresholds,
    floor: NoiseFloor,
    /// Samples pushed so far (the index of the next).
    n: u64,
    restart: Restart,
    stretches: Stretches,
    hysteresis: Hysteresis,
    decisions: Decisions,
    blocks: Blocks,
    plot: PlotTrace,
    quality: QualityCounts,
}

/// The (re)start after missing data: filters and envelope restart on the next valid sample.
#[derive(Debug, Clone)]
struct Restart {
    needed: bool,
    /// No onset before this sample (the filters' warm-up).
    no_onset_before: u64,
    /// The envelope window holds only samples since the restart from this sample on.
    env_full_at: u64,
}

impl LegDetector {
    /// A detector for `leg` on a grid starting at `start_s` with rate `rate_hz`.
    pub fn new(leg: Leg, rate_hz: f64, start_s: f64, cfg: &DetectorConfig) -> Result<Self> {
        plan::validate(cfg, rate_hz, start_s)?;
        let (filters, lp_delay) = AxisFilters::design(cfg, rate_hz)?;
        let plan = Plan::new(cfg, rate_hz, start_s, lp_delay);
        let floor = NoiseFloor::new(
            plan.floor_len,
            cfg.floor_percentile,
            plan.floor_every,
            cfg.min_floor_g,
        )?;
        Ok(LegDetector {
            leg,
            filters,
            envelope: Envelope::new(plan.nwin),
            thresholds: plan.thresholds(floor.value(), floor.spread()),
            floor,
            n: 0,
            restart: Restart {
                needed: true,
                no_onset_before: 0,
                env_full_at: 0,
            },
            stretches: Stretches::default(),
            hysteresis: Hysteresis::default(),
            decisions: Decisions::default(),
            blocks: Blocks::new(&plan),
            plot: PlotTrace::new(&plan),
            quality: QualityCounts::default(),
            plan,
        })
    }

    /// The leg this detector serves.
    pub fn leg(&self) -> Leg {
        self.leg
    }

    /// Grid rate (Hz).
    pub fn rate_hz(&self) -> f64 {
        self.plan.rate
    }

    /// Data-quality counts so far.
    pub fn quality(&self) -> &QualityCounts {
        &self.quality
    }

    /// Current noise floor (g).
    pub fn noise_floor(&self) -> f64 {
        self.floor.value()
    }

    /// The detector's watermark: no detection emitted from now on has an onset (a stretch: a
    /// start) earlier than this time (s). It trails the last sample pushed by at most one
    /// envelope window while quiet; a movement in progress, a movement awaiting its posture
    /// decision, or a missing or saturated stretch not yet ended holds it at their start.
    /// Streams from several detectors merge by it: an event earlier than every detector's
    /// watermark is final and in order.
    pub fn watermark_s(&self) -> f64 {
        let nwin = self.plan.nwin as u64;
        let mut first = match self.hysteresis.state {
            State::Active => self.hysteresis.cur.onset,
            // A later crossing reads its onset back at most one envelope window before the
            // crossing, and never after the crossing itself.
            State::Quiet => (self.n + 1).saturating_sub(nwin).min(self.n),
        };
        if let Some(c) = self.decisions.pending.front() {
            first = first.min(c.onset);
        }
        // Movements are reported on the timing window's clock, `onset_shift_s` earlier than
        // their sample; stretches at their first sample.
        let mut t = self.plan.time(first) - self.plan.onset_shift_s;
        if let Some(start) = self.stretches.open_start() {
            t = t.min(self.plan.time(start));
        }
        t
    }

    /// Step of the plot envelope (s): an integer number of ~0.25-s blocks near
    /// `envelope_plot_step_s`.
    pub fn plot_step_s(&self) -> f64 {
        self.plan.plot_step_s()
    }

    /// Moves the plot envelope accumulated so far to the end of `into`: the maximum envelope
    /// (g) per plot step, NaN for steps without valid data. Call it regularly to keep the
    /// detector's memory bounded.
    pub fn append_plot_envelope(&mut self, into: &mut Vec<f32>) {
        self.plot.append(into);
    }

    /// Pushes a block of grid samples and appends every decided event to `out`.
    pub fn push(&mut self, samples: &[[f64; 3]], out: &mut Vec<Detection>) {
        match self.filters.sections() {
            1 => self.run::<1>(samples, out),
            2 => self.run::<2>(samples, out),
            3 => self.run::<3>(samples, out),
            _ => self.run::<4>(samples, out),
        }
    }

    /// Ends the stream: an event in progress is rejected (end of data) and every pending
    /// posture decision is taken with the gravity data available.
    pub fn finish(&mut self, out: &mut Vec<Detection>) {
        if self.hysteresis.state == State::Active {
            self.cut(RejectReason::EndOfData);
        }
        self.stretches.end(self.n, &self.plan, out);
        self.quality.samples = self.n;
        self.decide_all(out);
        // The last, partial block still counts for the plot.
        let partial = self.blocks.take_partial_max(self.n, self.plan.block_len);
        self.plot.finish(partial, &self.plan);
    }

    /// How long the missing or saturated stretch in progress has lasted so far (s; 0 when
    /// none is open).
    pub fn open_stretch_s(&self) -> f64 {
        self.stretches.open_s(self.n, &self.plan)
    }

    /// Emits the part of a missing or saturated stretch in progress seen so far, and goes on
    /// with the rest as a new piece (the pieces touch: merged, they are the stretch). For a
    /// live source declared silent, so that what comes after the stretch's start need not wait
    /// for its end.
    pub fn flush_stretch(&mut self, out: &mut Vec<Detection>) {
        self.stretches.flush(self.n, &self.plan, out);
    }
}
