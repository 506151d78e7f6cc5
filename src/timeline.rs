//! Sample-rate estimation, gap detection and uniform resampling.
//!
//! Accelerometer files carry a time column that is rarely perfect: rows go missing (radio
//! loss, buffer overruns), timestamps jitter, some devices write rows of exact `0,0,0` while
//! idle, and a clock may drift so the rate wanders. The detector wants one uniform grid.
//! [`Timeline`] turns rows `(t, x, y, z)` into samples on the grid `t0 + k / rate`, where
//! `t0` is the time of the first usable row and `rate` the reciprocal of the median time step
//! of the first `probe_rows` rows, rounded to a micro-hertz.
//!
//! This module owns three concepts the readers (`io::trace`) and the examples use too, so they
//! are defined once, here: the sample rate estimate ([`estimate_rate_hz`], bounded by
//! [`MIN_RATE_HZ`]..=[`MAX_RATE_HZ`]), the gap ([`TimelineConfig::gap_threshold_s`]) and the
//! idle row ([`is_idle`], counted in [`TimelineStats::zero_rows`] and nowhere else).
//!
//! Rules (each is a documented choice):
//! - A row is *missing* when any axis is not finite or it is idle (all three axes exactly
//!   zero: idle-sleep rows). Its timestamp still counts for the rate estimate.
//! - Grid points between two usable rows are linearly interpolated when the rows are at most
//!   `max(max_interp_gap_s, gap_factor × median step)` apart (default 0.25 s: lost rows and
//!   radio packets are bridged, see [`TimelineConfig::max_interp_gap_s`]). Linear interpolation is exact for
//!   the uniform case (weight 0 returns the row itself) and its error for a wandering clock is
//!   second order in the jitter; movement content (< 10 Hz) is far below typical rates.
//! - Grid points inside a longer hole are *invalid*: they are emitted as `[NaN; 3]`, which the
//!   detector treats as "no data" (no movement may start, end or straddle it).
//! - A step longer than `gap_factor × median step` counts as a gap in [`TimelineStats`],
//!   whether or not it was short enough to interpolate.
//!
//! Streaming: [`Timeline::push`] takes blocks of rows of any size and appends the grid
//! samples it can already compute. Memory is bounded by the probe buffer used to estimate the
//! rate (`probe_rows` rows), not by the recording.

use crate::samples::TriaxialView;
use crate::{Error, Result};

/// Lowest plausible accelerometer rate, Hz: the trace readers reject header rates, configured
/// rates and time steps outside [`MIN_RATE_HZ`]..=[`MAX_RATE_HZ`], and so does the timeline's
/// own estimate. (A rate set in [`TimelineConfig::rate_hz`] may be any positive value, so
/// synthetic rows at any rate can be resampled.)
pub const MIN_RATE_HZ: f64 = 1.0;
/// Highest sample rate accepted, Hz.
pub const MAX_RATE_HZ: f64 = 10_000.0;

/// The sample rate estimate, the one used everywhere (timeline grid, trace readers' reported
/// rate, the `filter` example): the reciprocal of the mean step between consecutive `times`
/// over the steps that are neither repeats nor gaps (positive, and at most
/// [`DEFAULT_GAP_FACTOR`] times the median positive step), rounded to a micro-hertz. `None`
/// without a positive step. The caller checks the result against
/// [`MIN_RATE_HZ`]..=[`MAX_RATE_HZ`] (its error names its file or stream).
///
/// Why the median first: a few missing or repeated rows move a mean but not the median, so
/// the median tells the gaps apart. Why the mean of the rest: a device clock stamps rows to a
/// coarse tick or with jitter, and the median step then lands on a tick, not on the period
/// (30 Hz stamped in whole milliseconds steps 33, 33, 34 ms: the median says 30.30 Hz, 1 %
/// off, which over a night moves the grid by minutes; the mean of the steps says 30.000 Hz).
/// Why the rounding: decimal timestamps (0.02, 0.04, ...) give a step a few ulps off, and
/// 50.000000000001 Hz would make every grid time differ from the rows'. Allocates the steps
/// once per call (called once per stream).
pub fn estimate_rate_hz(times: impl IntoIterator<Item = f64>) -> Option<f64> {
    let mut last = None;
    let mut steps = Vec::new();
    for t in times {
        if let Some(prev) = last {
            let d = t - prev;
            if d > 0.0 {
                steps.push(d);
            }
        }
        last = Some(t);
    }
    if steps.is_empty() {
        return None;
    }
    let mut sorted = steps.clone();
    sorted.sort_by(f64::total_cmp);
    let m = sorted.len();
    let median = if m % 2 == 1 {
        sorted[m / 2]
    } else {
        0.5 * (sorted[m / 2 - 1] + sorted[m / 2])
    };
    let (sum, count) = steps
        .iter()
        .filter(|&&d| d <= DEFAULT_GAP_FACTOR * median)
        .fold((0.0, 0usize), |(s, n), &d| (s + d, n + 1));
    // The median itself always passes, so `count >= 1`.
    let mean = sum / count as f64;
    Some((1e6 / mean).round() / 1e6)
}

/// True for an idle row: all three axes exactly 0 (devices in idle-sleep mode write 0,0,0
/// while the sensor is off; no resting sensor reads that, gravity is always there). The
/// timeline treats idle rows as missing data and counts them ([`TimelineStats::zero_rows`]);
/// the trace readers only say where they are.
#[inline(always)]
pub fn is_idle(xyz: [f64; 3]) -> bool {
    xyz == [0.0; 3]
}

/// The default [`TimelineConfig::gap_factor`]: a step longer than 1.5 nominal steps is a gap
/// (one lost row already makes a step of 2).
pub const DEFAULT_GAP_FACTOR: f64 = 1.5;

/// Settings for [`Timeline`].
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineConfig {
    /// Use this sample rate (Hz) instead of estimating it from the time column.
    pub rate_hz: Option<f64>,
    /// Number of leading rows whose median time step sets the rate (default 1024, about 10 s at
    /// 100 Hz: long enough that a few missing rows cannot move the median).
    pub probe_rows: usize,
    /// A step longer than this multiple of the median step is a gap (default
    /// [`DEFAULT_GAP_FACTOR`]; see [`TimelineConfig::gap_threshold_s`]).
    pub gap_factor: f64,
    /// Holes up to this long (s, row to row) are interpolated; longer ones are invalid
    /// (default 0.25 s). Radios lose rows singly or in packets (Bluetooth LE notifications carry
    /// about 6 rows), and a hole of a few rows must not cut a movement or block onsets for the
    /// detector's warm-up. The limit is half the LM minimum duration and half the detector's
    /// 0.5-s quiet rule: the 0.5-s envelope window always holds at least half a window of real
    /// samples, so a bridged hole can neither make a movement on its own nor, being flat after
    /// interpolation, supply the 0.5 s of quiet that ends one; leg-movement content (< 6 Hz)
    /// lost inside it only lowers the envelope for a quarter of a second. A hole longer than
    /// that is invalid data, as before.
    pub max_interp_gap_s: f64,
    /// A step between rows longer than this (s) is an error rather than a gap (default 6 h):
    /// a hole is emitted as one invalid grid sample per step, so a clock jump of years must
    /// not turn into billions of samples.
    pub max_gap_s: f64,
}

impl Default for TimelineConfig {
    fn default() -> Self {
        TimelineConfig {
            rate_hz: None,
            probe_rows: 1024,
            gap_factor: DEFAULT_GAP_FACTOR,
            max_interp_gap_s: 0.25,
            max_gap_s: 6.0 * 3600.0,
        }
    }
}

impl TimelineConfig {
    /// The one definition of a gap: a step between consecutive rows longer than this (s), for
    /// rows `nominal_step_s` apart, is a gap.
    pub fn gap_threshold_s(&self, nominal_step_s: f64) -> f64 {
        self.gap_factor * nominal_step_s
    }

    /// Checks every field against its documented range.
    pub fn validate(&self) -> Result<()> {
        if let Some(r) = self.rate_hz
            && !(r.is_finite() && r > 0.0)
        {
            return Err(Error::InvalidConfig(format!(
                "timeline rate_hz must be finite and > 0, got {r}"
            )));
        }
        if self.probe_rows < 2 {
            return Err(Error::InvalidConfig(format!(
                "timeline probe_rows must be >= 2, got {}",
                self.probe_rows
            )));
        }
        if !(self.gap_factor.is_finite() && self.gap_factor > 1.0) {
            return Err(Error::InvalidConfig(format!(
                "timeline gap_factor must be finite and > 1, got {}",
                self.gap_factor
            )));
        }
        if !(self.max_interp_gap_s.is_finite() && self.max_interp_gap_s >= 0.0) {
            return Err(Error::InvalidConfig(format!(
                "timeline max_interp_gap_s must be finite and >= 0, got {}",
                self.max_interp_gap_s
            )));
        }
        if !(self.max_gap_s.is_finite() && self.max_gap_s > 0.0) {
            return Err(Error::InvalidConfig(format!(
                "timeline max_gap_s must be finite and > 0, got {}",
                self.max_gap_s
            )));
        }
        Ok(())
    }
}

/// What the timeline saw: rate, jitter, gaps and missing data.
#[derive(Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "io", derive(serde::Serialize))]
pub struct TimelineStats {
    /// Sample rate of the output grid (Hz); 0 until known.
    pub rate_hz: f64,
    /// Time of the first usable row (the grid origin), s.
    pub start_s: f64,
    /// Rows pushed.
    pub rows: u64,
    /// Idle rows ([`is_idle`]: exact `0,0,0`), treated as missing; the one count of them.
    pub zero_rows: u64,
    /// Rows with a non-finite axis, treated as missing.
    pub nonfinite_rows: u64,
    /// Steps longer than `gap_factor` × the median step.
    pub gaps: u64,
    /// Total time spanned by those steps beyond one nominal step, s.
    pub gap_s: f64,
    /// Longest step between consecutive rows, s.
    pub longest_step_s: f64,
    /// Mean absolute deviation of the ordinary (non-gap) steps from the nominal step, s.
    pub jitter_mean_abs_s: f64,
    /// Largest absolute deviation of an ordinary step from the nominal step, s.
    pub jitter_max_abs_s: f64,
    /// Grid samples emitted.
    pub samples: u64,
    /// Grid samples inside holes too long to interpolate (emitted as NaN).
    pub invalid_samples: u64,
    /// Grid samples interpolated across one or more missing rows or a short gap.
    pub bridged_samples: u64,
    /// Holes (missing rows or a short gap) bridged by interpolation.
    pub bridged_holes: u64,
    /// Contiguous stretches of invalid grid samples.
    pub invalid_stretches: u64,
}

/// Streaming resampler from timestamped rows to a uniform grid. See the module docs.
#[derive(Debug, Clone)]
pub struct Timeline {
    cfg: TimelineConfig,
    probe: Vec<[f64; 4]>,
    /// Grid step and rate once known.
    step: f64,
    /// Longest hole that is interpolated, s.
    bridge: f64,
    /// Longest ordinary step, s.
    gap_step: f64,
    /// Next grid index to emit.
    k: u64,
    /// Last usable row.
    prev: Option<[f64; 4]>,
    /// Time of the last row of any kind, for monotonicity and step statistics.
    last_t: Option<f64>,
    /// Whether a missing row was seen since `prev`.
    missing_since_prev: bool,
    /// Whether the last emitted grid sample was invalid.
    in_invalid: bool,
    ordinary_steps: u64,
    jitter_sum: f64,
    stats: TimelineStats,
}

impl Timeline {
    /// A new timeline; the rate is estimated from the first rows unless `cfg.rate_hz` is set.
    pub fn new(cfg: &TimelineConfig) -> Result<Self> {
        cfg.validate()?;
        let mut tl = Timeline {
            cfg: cfg.clone(),
            probe: Vec::with_capacity(cfg.probe_rows),
            step: 0.0,
            bridge: 0.0,
            gap_step: 0.0,
            k: 0,
            prev: None,
            last_t: None,
            missing_since_prev: false,
            in_invalid: false,
            ordinary_steps: 0,
            jitter_sum: 0.0,
            stats: TimelineStats::default(),
        };
        if let Some(r) = cfg.rate_hz {
            tl.set_rate(r);
        }
        Ok(tl)
    }

    fn set_rate(&mut self, rate: f64) {
        self.step = 1.0 / rate;
        self.stats.rate_hz = rate;
        self.gap_step = self.cfg.gap_threshold_s(self.step);
        self.bridge = self.cfg.max_interp_gap_s.max(self.gap_step);
    }

    /// The grid rate (Hz), once known.
    pub fn rate_hz(&self) -> Option<f64> {
        (self.step > 0.0).then_some(self.stats.rate_hz)
    }

    /// Time of grid sample 0, once known.
    pub fn start_s(&self) -> Option<f64> {
        self.prev.map(|_| self.stats.start_s)
    }

    /// Statistics so far.
    pub fn stats(&self) -> TimelineStats {
        let mut s = self.stats.clone();
        if self.ordinary_steps > 0 {
            s.jitter_mean_abs_s = self.jitter_sum / self.ordinary_steps as f64;
        }
        s
    }

    /// Pushes rows (`t` in s, axes in g) and appends the grid samples now computable to `out`
    /// (`[NaN; 3]` marks an invalid sample). A gap of hours at a high rate appends that many
    /// samples: [`push_with`](Self::push_with) bounds them.
    ///
    /// Errors: a non-finite time, or time not increasing.
    pub fn push(&mut self, rows: TriaxialView<'_>, out: &mut Vec<[f64; 3]>) -> Result<()> {
        self.push_with(rows, &mut GridOut::unbounded(out))
    }

    /// [`push`](Self::push) with bounded output: whenever `out` holds its limit of samples
    /// they go to its sink, so a gap of hours costs no more memory than the limit.
    pub fn push_with<S: GridSink>(
        &mut self,
        rows: TriaxialView<'_>,
        out: &mut GridOut<'_, S>,
    ) -> Result<()> {
        let n = rows.len();
        // Usually one grid sample per row: reserve once instead of checking per sample.
        out.buf.reserve(n.min(out.limit));
        for i in 0..n {
            let (t, [x, y, z]) = rows.row(i);
            let row = [t, x, y, z];
            if !row[0].is_finite() {
                return Err(Error::InvalidInput(format!(
                    "timeline: non-finite time after {} s",
                    self.last_t.unwrap_or(f64::NAN)
                )));
            }
            if let Some(lt) = self.last_t {
                if row[0] <= lt {
                    return Err(Error::InvalidInput(format!(
                        "timeline: time not increasing at t = {} s (previous row {} s)",
                        row[0], lt
                    )));
                }
                if row[0] - lt > self.cfg.max_gap_s {
                    return Err(Error::InvalidInput(format!(
                        "timeline: gap of {} s at t = {} s exceeds max_gap_s ({} s)",
                        row[0] - lt,
                        lt,
                        self.cfg.max_gap_s
                    )));
                }
            }
            if self.step > 0.0 {
                self.step_stats(row[0]);
                self.last_t = Some(row[0]);
                self.accept_checked(row, out)?;
            } else {
                self.last_t = Some(row[0]);
                self.probe.push(row);
                if self.probe.len() >= self.cfg.probe_rows {
                    self.estimate_and_replay(out)?;
                }
            }
        }
        Ok(())
    }

    /// Declares that no row before `t_s` will come (a live source that has gone silent): once
    /// the silence since the last usable row is too long to interpolate, its grid samples are
    /// invalid whatever comes next, so they are emitted now (`[NaN; 3]`) instead of when rows
    /// resume. The output is the same as without the call. Errors if `t_s` is not finite or
    /// not after the last row pushed.
    pub fn advance_to(&mut self, t_s: f64, out: &mut Vec<[f64; 3]>) -> Result<()> {
        self.advance_to_with(t_s, &mut GridOut::unbounded(out))
    }

    /// [`advance_to`](Self::advance_to) with bounded output (see [`push_with`](Self::push_with)).
    pub fn advance_to_with<S: GridSink>(
        &mut self,
        t_s: f64,
        out: &mut GridOut<'_, S>,
    ) -> Result<()> {
        if !t_s.is_finite() || self.last_t.is_some_and(|lt| t_s <= lt) {
            return Err(Error::InvalidInput(format!(
                "timeline: advance_to({t_s}) must be finite and after the last row ({} s)",
                self.last_t.unwrap_or(f64::NAN)
            )));
        }
        self.emit_invalid_until(t_s, out)
    }

    /// Emits as invalid the grid points before `t` when the hole since the last usable row is
    /// already too long to interpolate (no later row can bridge it).
    fn emit_invalid_until<S: GridSink>(&mut self, t: f64, out: &mut GridOut<'_, S>) -> Result<()> {
        let Some(p) = self.prev else {
            return Ok(());
        };
        if self.step == 0.0 || t - p[0] <= self.bridge {
            return Ok(());
        }
        let t0 = self.stats.start_s;
        let tol = 1e-6 * self.step;
        loop {
            let tk = t0 + self.k as f64 * self.step;
            // Points on the last row were emitted with it; a row at `t` itself may still come.
            if tk >= t - tol {
                break;
            }
            self.stats.invalid_samples += 1;
            if !self.in_invalid {
                self.stats.invalid_stretches += 1;
            }
            self.in_invalid = true;
            self.stats.samples += 1;
            self.k += 1;
            out.push([f64::NAN; 3], self.grid())?;
        }
        Ok(())
    }

    /// The grid's rate and start, once samples are emitted.
    fn grid(&self) -> Grid {
        Grid {
            rate_hz: self.stats.rate_hz,
            start_s: self.stats.start_s,
        }
    }

    /// Ends the input: estimates the rate from whatever rows were probed (at least two are
    /// needed when no rate was configured) and emits what is left. The last usable row's grid
    /// samples are all emitted already; nothing is extrapolated.
    pub fn finish(&mut self, out: &mut Vec<[f64; 3]>) -> Result<()> {
        self.finish_with(&mut GridOut::unbounded(out))
    }

    /// [`finish`](Self::finish) with bounded output (see [`push_with`](Self::push_with)).
    pub fn finish_with<S: GridSink>(&mut self, out: &mut GridOut<'_, S>) -> Result<()> {
        if self.step == 0.0 {
            self.estimate_and_replay(out)?;
        }
        Ok(())
    }

    fn estimate_and_replay<S: GridSink>(&mut self, out: &mut GridOut<'_, S>) -> Result<()> {
        if self.probe.len() < 2 {
            return Err(Error::InvalidInput(format!(
                "timeline: {} row(s); at least 2 are needed to estimate the sample rate",
                self.probe.len()
            )));
        }
        // Times were checked increasing on the way in, so every step is positive.
        let rate = estimate_rate_hz(self.probe.iter().map(|r| r[0]))
            .filter(|r| r.is_finite() && *r > 0.0)
            .ok_or_else(|| {
                Error::InvalidInput("timeline: the time steps give no usable sample rate".into())
            })?;
        // An estimate outside the plausible rates is a time column misread (milliseconds read
        // as seconds, rows repeated a nanosecond apart), not a sensor: a grid at 1e9 Hz would
        // take gigabytes. A rate given in the configuration is taken as it is.
        if !(MIN_RATE_HZ..=MAX_RATE_HZ).contains(&rate) {
            return Err(Error::InvalidInput(format!(
                "timeline: the time steps of the first {} rows give {rate} Hz, outside \
                 {MIN_RATE_HZ}..={MAX_RATE_HZ} Hz (check the time column's unit, or give the rate)",
                self.probe.len()
            )));
        }
        self.set_rate(rate);
        // Replay the probed rows through the ordinary path (its time checks already passed).
        let probe = std::mem::take(&mut self.probe);
        let last_t = self.last_t;
        self.last_t = None;
        for row in &probe {
            self.step_stats(row[0]);
            self.last_t = Some(row[0]);
            self.accept_checked(*row, out)?;
        }
        self.last_t = last_t;
        self.probe = probe;
        self.probe.clear();
        self.probe.shrink_to_fit();
        Ok(())
    }

    /// Updates step statistics for a row at `t` (time already checked).
    fn step_stats(&mut self, t: f64) {
        if let Some(lt) = self.last_t {
            let d = t - lt;
            self.stats.longest_step_s = self.stats.longest_step_s.max(d);
            if d > self.gap_step {
                self.stats.gaps += 1;
                self.stats.gap_s += d - self.step;
            } else {
                let j = (d - self.step).abs();
                self.ordinary_steps += 1;
                self.jitter_sum += j;
                self.stats.jitter_max_abs_s = self.stats.jitter_max_abs_s.max(j);
            }
        }
    }

    #[inline(always)]
    fn accept_checked<S: GridSink>(
        &mut self,
        row: [f64; 4],
        out: &mut GridOut<'_, S>,
    ) -> Result<()> {
        self.stats.rows += 1;
        let [t, x, y, z] = row;
        if !(x.is_finite() && y.is_finite() && z.is_finite()) {
            self.stats.nonfinite_rows += 1;
            self.missing_since_prev = true;
            // A long run of missing rows is invalid data as it goes, not only when it ends.
            return self.emit_invalid_until(t, out);
        }
        if is_idle([x, y, z]) {
            self.stats.zero_rows += 1;
            self.missing_since_prev = true;
            return self.emit_invalid_until(t, out);
        }
        let Some(p) = self.prev else {
            self.stats.start_s = t;
            self.prev = Some(row);
            self.missing_since_prev = false;
            return Ok(());
        };
        let t0 = self.stats.start_s;
        let span = t - p[0];
        let ok = span <= self.bridge;
        let bridged = ok && (self.missing_since_prev || span > self.gap_step);
        if bridged {
            self.stats.bridged_holes += 1;
        }
        loop {
            let tk = t0 + self.k as f64 * self.step;
            // A grid point within a millionth of a step of the row is that row: the grid time
            // (t0 + k·step) and a decimal timestamp may differ in the last bits.
            if tk > t + 1e-6 * self.step {
                break;
            }
            let tol = 1e-6 * self.step;
            let v = if tk >= t - tol {
                // On the new row (the common case for a steady clock): no arithmetic.
                [x, y, z]
            } else if tk <= p[0] + tol {
                // On (or before) the last usable row: it is data.
                [p[1], p[2], p[3]]
            } else if ok {
                let w = (tk - p[0]) / span;
                [
                    p[1] + (x - p[1]) * w,
                    p[2] + (y - p[2]) * w,
                    p[3] + (z - p[3]) * w,
                ]
            } else {
                [f64::NAN; 3]
            };
            let invalid = v[0].is_nan();
            if invalid {
                self.stats.invalid_samples += 1;
                if !self.in_invalid {
                    self.stats.invalid_stretches += 1;
                }
            } else if bridged && tk > p[0] && tk < t {
                self.stats.bridged_samples += 1;
            }
            self.in_invalid = invalid;
            self.stats.samples += 1;
            self.k += 1;
            out.push(v, self.grid())?;
        }
        self.prev = Some(row);
        self.missing_since_prev = false;
        Ok(())
    }
}

/// The grid a timeline emits on: its rate (Hz) and the time of sample 0 (s).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Grid {
    /// Samples per second.
    pub rate_hz: f64,
    /// Time of grid sample 0 (s, the first usable row's).
    pub start_s: f64,
}

/// Takes a timeline's grid samples when its output buffer is full ([`GridOut`]).
pub trait GridSink {
    /// Takes the samples (the buffer is cleared after the call).
    fn take(&mut self, samples: &[[f64; 3]], grid: Grid) -> Result<()>;
}

/// The sink of an unbounded buffer: never called.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoSink;

impl GridSink for NoSink {
    fn take(&mut self, _: &[[f64; 3]], _: Grid) -> Result<()> {
        Ok(())
    }
}

/// A timeline's output: samples are appended to `buf`, and whenever it holds `limit` of them
/// they go to the sink and the buffer is cleared. What is left when a call returns stays in
/// `buf` for the caller.
#[derive(Debug)]
pub struct GridOut<'a, S> {
    buf: &'a mut Vec<[f64; 3]>,
    limit: usize,
    sink: S,
}

impl<'a> GridOut<'a, NoSink> {
    /// Appends to `buf` without bound.
    pub fn unbounded(buf: &'a mut Vec<[f64; 3]>) -> Self {
        GridOut {
            buf,
            limit: usize::MAX,
            sink: NoSink,
        }
    }
}

impl<'a, S: GridSink> GridOut<'a, S> {
    /// Appends to `buf`, handing `limit` samples at a time (at least one) to `sink`.
    pub fn bounded(buf: &'a mut Vec<[f64; 3]>, limit: usize, sink: S) -> Self {
        GridOut {
            buf,
            limit: limit.max(1),
            sink,
        }
    }

    /// The sink.
    pub fn sink_mut(&mut self) -> &mut S {
        &mut self.sink
    }

    #[inline(always)]
    fn push(&mut self, v: [f64; 3], grid: Grid) -> Result<()> {
        self.buf.push(v);
        if self.buf.len() >= self.limit {
            self.sink.take(self.buf, grid)?;
            self.buf.clear();
        }
        Ok(())
    }
}

/// Runs a whole trace through a [`Timeline`] (a loop over [`Timeline::push`]).
///
/// Returns the grid samples and the statistics.
pub fn resample(
    cfg: &TimelineConfig,
    rows: TriaxialView<'_>,
) -> Result<(Vec<[f64; 3]>, TimelineStats)> {
    let mut tl = Timeline::new(cfg)?;
    let mut out = Vec::with_capacity(rows.len());
    tl.push(rows, &mut out)?;
    tl.finish(&mut out)?;
    Ok((out, tl.stats()))
}
