//! The per-leg streaming detector: one fused pass per sample, slow stages per block.

use super::config::{DetectorConfig, OffsetRule, SATURATION_FRACTION};
use super::design::{MAX_SECTIONS, bandpass, effective_band, group_delay_samples, lowpass};
use super::floor::NoiseFloor;
use super::posture::{GravityRing, angle_deg};
use crate::event::{Interval, Leg, LegMovement, MovementKind};
use crate::filter::{AxisFilter, axes};
use crate::{Error, Result};
use std::collections::VecDeque;

/// Why a candidate movement is not reported as a leg movement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "io", derive(serde::Serialize))]
#[cfg_attr(feature = "io", serde(rename_all = "snake_case"))]
pub enum RejectReason {
    /// Shorter than `min_duration_s`.
    TooShort,
    /// Cut by missing data (a gap, idle zero rows or non-finite values).
    Gap,
    /// Contains saturated samples.
    Saturated,
    /// Starts within `blank_after_gross_s` of a posture change's offset.
    AfterPosture,
    /// Still in progress when the data ended.
    EndOfData,
    /// An impulse (knock, spike, or a one-sample jump such as an axis-convention switch): the
    /// candidate's sample-to-sample change is concentrated in fewer than
    /// [`DetectorConfig::impulse_s`] worth of samples, where a leg movement's is spread over
    /// its whole duration.
    Impulse,
}

/// A candidate that was not kept, with the reason.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "io", derive(serde::Serialize))]
pub struct Rejected {
    /// The candidate's times, peak and area (kind `Leg`).
    pub movement: LegMovement,
    /// Why it was rejected.
    pub reason: RejectReason,
}

/// What the detector emits, in onset order, as soon as each is decided.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Detection {
    /// A leg movement (kind `Leg`, possibly long) or a posture change (kind `Gross`).
    Movement(LegMovement),
    /// A rejected candidate.
    Rejected(Rejected),
    /// A stretch of missing samples, emitted when it ends.
    Invalid(Interval),
    /// A stretch of saturated samples, emitted when it ends.
    Saturated(Interval),
}

/// Data-quality counts of one leg's stream.
#[derive(Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "io", derive(serde::Serialize))]
pub struct QualityCounts {
    /// Samples processed (valid or not).
    pub samples: u64,
    /// Missing samples (NaN on the grid: gaps, idle zero rows, non-finite values).
    pub invalid_samples: u64,
    /// Contiguous stretches of missing samples.
    pub invalid_stretches: u64,
    /// Saturated samples (|axis| >= 0.98 × full scale).
    pub saturated_samples: u64,
    /// Contiguous stretches of saturated samples.
    pub saturated_stretches: u64,
    /// Candidates rejected as impulses (knocks, spikes, one-sample jumps).
    pub impulses: u64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum State {
    Quiet,
    Active,
}

/// A candidate in progress or awaiting its posture decision.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    onset: u64,
    /// Offset sample (start of the quiet run, or where it was cut).
    offset: u64,
    peak_sum: f64,
    area: f64,
    saturated: bool,
    cut: Option<RejectReason>,
    g_before: Option<[f64; 3]>,
    /// Last sample at which the envelope rose while above the offset threshold.
    last_rise: u64,
    /// Last sample whose timing window held motion (activity above the offset threshold).
    last_above: u64,
    /// Last sample whose timing window held oscillation (variance above the threshold).
    last_var: u64,
    /// First sample of the quiet run that closed the candidate.
    quiet_start: u64,
    /// First block whose completion allows the posture decision.
    ready_block: u64,
    /// Sum and sum of squares of the raw sample-to-sample change energy over the candidate.
    d_sum: f64,
    d_sq: f64,
}

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
/// returned to rest is two movements. The reported offset follows [`OffsetRule`].
#[derive(Debug, Clone)]
pub struct LegDetector {
    leg: Leg,
    rate: f64,
    start_s: f64,
    cfg: DetectorConfig,
    /// Band-pass of the three axes.
    bandpass: AxisFilter<MAX_SECTIONS>,
    // Envelope.
    ring: Vec<f64>,
    /// Raw sample-to-sample change energy |s[i] − s[i−1]|², parallel to `ring`.
    dring: Vec<f64>,
    /// Last valid raw sample (for the change energy).
    prev_raw: [f64; 3],
    /// A candidate whose change energy spans fewer effective samples is an impulse.
    impulse_samples: f64,
    pos: usize,
    sum: f64,
    inv_nwin: f64,
    // Thresholds on the moving sum of squares (= window × envelope²).
    sum_on: f64,
    sum_off: f64,
    sat_limit: f64,
    // Stream position.
    n: u64,
    need_reinit: bool,
    no_onset_before: u64,
    env_full_at: u64,
    in_invalid: bool,
    in_saturated: bool,
    stretch_start: u64,
    // Event state.
    state: State,
    cur: Candidate,
    /// Timing low-pass (two sections) of the raw axes.
    lowpass: AxisFilter<TIMING_LP_SECTIONS>,
    /// Group delay of the timing low-pass in the movement band (samples), taken off the times.
    lp_delay: f64,
    /// Low-passed raw axes of the samples in `ring` (same slots), for the timing window.
    yring: Vec<[f64; 3]>,
    /// Timing window (samples) and, while active, its sums: Σe and Σy per axis.
    nt: usize,
    short_e: f64,
    short_y: [f64; 3],
    /// Activity threshold on the timing window's variance sum (`off² × nt`).
    thr_v: f64,
    /// Threshold on the squared displacement of the window's mean from rest (`on²`).
    thr_dev: f64,
    /// Resting level (low-passed raw axes) before the current movement.
    g_ref: [f64; 3],
    /// Consecutive samples (while active) whose timing window held no oscillation.
    var_quiet: u64,
    /// A displacement beyond the posture angle held this long without oscillation is a new
    /// resting position; any displacement held `hold_long` is.
    hold: u64,
    hold_long: u64,
    /// A candidate that stayed displaced without oscillation for >= `quiet_s` and then moved
    /// again: its first part (closed) and the motion since (in progress), kept apart in case
    /// the leg never returns to the resting level (then they are two movements).
    split: Option<(Candidate, Candidate)>,
    quiet_run: u64,
    prev_sum: f64,
    area_at_above: f64,
    /// Quiet timing windows that end a movement: `quiet_s` less the window's own length.
    quiet_need: u64,
    pending: VecDeque<Candidate>,
    blank_until: u64,
    blank_samples: u64,
    // Blocks.
    block_len: u64,
    next_block_n: u64,
    block: u64,
    gsum: [f64; 3],
    block_valid: bool,
    block_max: f64,
    gravity: GravityRing,
    g_blocks: u64,
    g_skip: u64,
    floor: NoiseFloor,
    floor_every: u64,
    /// Blocks left until the next floor update / plot value (countdowns avoid divisions).
    floor_countdown: u64,
    plot_countdown: u64,
    floor_value: f64,
    floor_resume: u64,
    plot_every: u64,
    plot_max: f64,
    plot_any: bool,
    plot: Vec<f32>,
    quality: QualityCounts,
}

/// Fewest effective samples of a non-impulse: a spike moves two sample-to-sample changes (up
/// and down), so at low rates (12.5 Hz: 0.1 s is 1.25 samples) the bound stays above two.
const IMPULSE_MIN_SAMPLES: f64 = 2.5;

/// Durations are compared with the 1-µs resolution the scorer uses for every time bound
/// (SCORING.md §9): a movement of 50 samples at 100 Hz, whose onset and offset times differ by
/// 0.49999999999 s in binary, lasts 0.5 s and is not too short.
const DURATION_RESOLUTION_S: f64 = 1e-6;

/// Sections of the timing low-pass (a 4th-order Butterworth).
const TIMING_LP_SECTIONS: usize = 2;

/// Frequency at which the timing low-pass's group delay is taken off the reported times: the
/// middle (geometric) of the 0.5–6 Hz movement band, where the delay is already near its
/// low-frequency value.
const TIMING_DELAY_HZ: f64 = 1.7;

/// Squared magnitude of a vector.
#[inline(always)]
fn sq(v: [f64; 3]) -> f64 {
    v[0] * v[0] + v[1] * v[1] + v[2] * v[2]
}

/// Raw sample-to-sample change energy |b − a|² (g²).
#[inline(always)]
fn change(a: [f64; 3], b: [f64; 3]) -> f64 {
    let (dx, dy, dz) = (b[0] - a[0], b[1] - a[1], b[2] - a[2]);
    dx * dx + dy * dy + dz * dz
}

/// Moving sum update; the sum is recomputed exactly each time the ring wraps, so rounding
/// cannot drift over a night (and the result depends only on the sample index).
#[inline(always)]
fn moving_sum(ring: &mut [f64], pos: &mut usize, sum: &mut f64, e: f64) {
    *sum += e - ring[*pos];
    ring[*pos] = e;
    *pos += 1;
    if *pos == ring.len() {
        *pos = 0;
        *sum = exact_sum(ring);
    }
}

/// Sum of the ring in four independent lanes (a fixed order, so still deterministic, and
/// four times shorter a dependency chain than a serial sum).
#[cold]
fn exact_sum(ring: &[f64]) -> f64 {
    let mut lanes = [0.0f64; 4];
    let mut chunks = ring.chunks_exact(4);
    for c in &mut chunks {
        for k in 0..4 {
            lanes[k] += c[k];
        }
    }
    for (k, v) in chunks.remainder().iter().enumerate() {
        lanes[k] += v;
    }
    (lanes[0] + lanes[1]) + (lanes[2] + lanes[3])
}

impl LegDetector {
    /// A detector for `leg` on a grid starting at `start_s` with rate `rate_hz`.
    pub fn new(leg: Leg, rate_hz: f64, start_s: f64, cfg: &DetectorConfig) -> Result<Self> {
        cfg.validate()?;
        if !(rate_hz.is_finite() && rate_hz > 0.0) {
            return Err(Error::InvalidInput(format!(
                "detector: sample rate must be finite and > 0, got {rate_hz}"
            )));
        }
        if !start_s.is_finite() {
            return Err(Error::InvalidInput(format!(
                "detector: start time must be finite, got {start_s}"
            )));
        }
        let (lo, hi) = effective_band(cfg.band_hz, rate_hz);
        if lo >= hi {
            return Err(Error::InvalidConfig(format!(
                "detector band {lo}..{hi} Hz is empty at {rate_hz} Hz (upper edge clamped to 0.45 × rate)"
            )));
        }
        let bp = AxisFilter::new(&bandpass(cfg.filter_order, cfg.band_hz, rate_hz)?)?;
        let lp = AxisFilter::new(&lowpass(
            TIMING_LP_SECTIONS,
            cfg.timing_lowpass_hz,
            rate_hz,
        )?)?;
        let samples = |s: f64| (s * rate_hz).round().max(1.0) as u64;
        let nwin = samples(cfg.envelope_s) as usize;
        // The timing window lies within the envelope window (its samples are read from it).
        let nt = (samples(cfg.timing_s) as usize).clamp(1, nwin.saturating_sub(1).max(1));
        let block_len = samples(0.25);
        let block_s = block_len as f64 / rate_hz;
        let blocks = |s: f64| (s / block_s).round().max(1.0) as u64;
        let floor_every = blocks(cfg.floor_step_s);
        let floor_len = (cfg.floor_window_s / (floor_every as f64 * block_s))
            .round()
            .max(1.0);
        let g_blocks = blocks(cfg.gravity_window_s);
        let g_skip = blocks(0.5);
        // The ring must reach back over the longest wait for a posture decision.
        let ring_len = 2 * (g_blocks + g_skip) as usize + 8;
        let sat_limit = cfg
            .full_scale_g
            .map_or(f64::INFINITY, |f| f * SATURATION_FRACTION);
        let mut d = LegDetector {
            leg,
            rate: rate_hz,
            start_s,
            cfg: cfg.clone(),
            bandpass: bp,
            ring: vec![0.0; nwin],
            dring: vec![0.0; nwin],
            prev_raw: [0.0; 3],
            impulse_samples: (cfg.impulse_s * rate_hz).max(IMPULSE_MIN_SAMPLES),
            pos: 0,
            sum: 0.0,
            inv_nwin: 1.0 / nwin as f64,
            sum_on: 0.0,
            sum_off: 0.0,
            sat_limit,
            n: 0,
            need_reinit: true,
            no_onset_before: 0,
            env_full_at: 0,
            in_invalid: false,
            in_saturated: false,
            stretch_start: 0,
            state: State::Quiet,
            cur: Candidate {
                onset: 0,
                offset: 0,
                peak_sum: 0.0,
                area: 0.0,
                saturated: false,
                cut: None,
                g_before: None,
                last_rise: 0,
                last_above: 0,
                last_var: 0,
                quiet_start: 0,
                ready_block: 0,
                d_sum: 0.0,
                d_sq: 0.0,
            },
            lp_delay: group_delay_samples(lp.sections(), TIMING_DELAY_HZ, rate_hz).max(0.0),
            lowpass: lp,
            yring: vec![[0.0; 3]; nwin],
            nt,
            short_e: 0.0,
            short_y: [0.0; 3],
            thr_v: 0.0,
            thr_dev: 0.0,
            g_ref: [0.0; 3],
            var_quiet: 0,
            hold: samples(cfg.gravity_window_s),
            hold_long: samples(cfg.long_duration_s),
            split: None,
            quiet_run: 0,
            prev_sum: 0.0,
            area_at_above: 0.0,
            quiet_need: samples(cfg.quiet_s).saturating_sub(nt as u64).max(1),
            pending: VecDeque::with_capacity(8),
            blank_until: 0,
            blank_samples: (cfg.blank_after_gross_s * rate_hz).round() as u64,
            block_len,
            next_block_n: block_len,
            block: 0,
            gsum: [0.0; 3],
            block_valid: true,
            block_max: 0.0,
            gravity: GravityRing::new(ring_len),
            g_blocks,
            g_skip,
            floor: NoiseFloor::new(floor_len as usize, cfg.floor_percentile),
            floor_every,
            floor_countdown: floor_every,
            plot_countdown: blocks(cfg.envelope_plot_step_s),
            floor_value: cfg.min_floor_g,
            floor_resume: u64::MAX,
            plot_every: blocks(cfg.envelope_plot_step_s),
            plot_max: 0.0,
            plot_any: false,
            plot: Vec::new(),
            quality: QualityCounts::default(),
        };
        d.set_thresholds();
        Ok(d)
    }

    /// The leg this detector serves.
    pub fn leg(&self) -> Leg {
        self.leg
    }

    /// Grid rate (Hz).
    pub fn rate_hz(&self) -> f64 {
        self.rate
    }

    /// Data-quality counts so far.
    pub fn quality(&self) -> &QualityCounts {
        &self.quality
    }

    /// Current noise floor (g).
    pub fn noise_floor(&self) -> f64 {
        self.floor_value
    }

    /// The detector's watermark: no detection emitted from now on has an onset (a stretch: a
    /// start) earlier than this time (s). It trails the last sample pushed by at most one
    /// envelope window while quiet; a movement in progress, a movement awaiting its posture
    /// decision, or a missing or saturated stretch not yet ended holds it at their start.
    /// Streams from several detectors merge by it: an event earlier than every detector's
    /// watermark is final and in order.
    pub fn watermark_s(&self) -> f64 {
        let nwin = self.ring.len() as u64;
        let mut first = match self.state {
            State::Active => self.cur.onset,
            // A later crossing reads its onset back at most one envelope window before the
            // crossing, and never after the crossing itself.
            State::Quiet => (self.n + 1).saturating_sub(nwin).min(self.n),
        };
        if let Some(c) = self.pending.front() {
            first = first.min(c.onset);
        }
        // Movements are reported on the timing window's clock, `onset_shift_s` earlier than
        // their sample; stretches at their first sample.
        let mut t = self.time(first) - self.onset_shift_s();
        if self.in_invalid || self.in_saturated {
            t = t.min(self.time(self.stretch_start));
        }
        t
    }

    /// How much earlier than its onset sample a movement's reported onset lies (s): the
    /// timing low-pass's group delay and half a sample.
    fn onset_shift_s(&self) -> f64 {
        (self.lp_delay + 0.5) / self.rate
    }

    /// Step of the plot envelope (s): an integer number of ~0.25-s blocks near
    /// `envelope_plot_step_s`.
    pub fn plot_step_s(&self) -> f64 {
        (self.plot_every * self.block_len) as f64 / self.rate
    }

    /// Moves the plot envelope accumulated so far to the end of `into`: the maximum envelope
    /// (g) per plot step, NaN for steps without valid data. Call it regularly to keep the
    /// detector's memory bounded.
    pub fn append_plot_envelope(&mut self, into: &mut Vec<f32>) {
        into.append(&mut self.plot);
    }

    fn time(&self, idx: u64) -> f64 {
        self.start_s + idx as f64 / self.rate
    }

    fn set_thresholds(&mut self) {
        let f = self.floor_value;
        let c = &self.cfg;
        let on = f * (1.0 + c.on_ratio) + c.on_abs_g;
        let off = f * (1.0 + c.off_ratio) + c.off_abs_g;
        let n = self.ring.len() as f64;
        self.sum_on = on * on * n;
        self.sum_off = off * off * n;
        self.thr_v = off * off * self.nt as f64;
        self.thr_dev = on * on;
    }

    /// Pushes a block of grid samples and appends every decided event to `out`.
    pub fn push(&mut self, samples: &[[f64; 3]], out: &mut Vec<Detection>) {
        match self.bandpass.len() {
            1 => self.run::<1>(samples, out),
            2 => self.run::<2>(samples, out),
            3 => self.run::<3>(samples, out),
            _ => self.run::<4>(samples, out),
        }
    }

    /// Ends the stream: an event in progress is rejected (end of data) and every pending
    /// posture decision is taken with the gravity data available.
    pub fn finish(&mut self, out: &mut Vec<Detection>) {
        if self.state == State::Active {
            self.cut(RejectReason::EndOfData);
        }
        if self.in_invalid || self.in_saturated {
            self.end_stretch(out);
        }
        self.quality.samples = self.n;
        while let Some(c) = self.pending.pop_front() {
            self.decide(c, out);
        }
        // The last, partial block still counts for the plot.
        if self.n + self.block_len > self.next_block_n && self.block_max > 0.0 {
            self.plot_max = self.plot_max.max(self.block_max);
            self.plot_any = true;
            self.block_max = 0.0;
        }
        if self.plot_any {
            self.plot
                .push((self.plot_max * self.inv_nwin).sqrt() as f32);
            self.plot_any = false;
        }
    }

    fn run<const K: usize>(&mut self, xs: &[[f64; 3]], out: &mut Vec<Detection>) {
        let mut i = 0;
        while i < xs.len() {
            if self.state == State::Quiet && !self.need_reinit && !self.in_saturated {
                i = self.fast::<K>(xs, i, out);
            } else {
                self.slow::<K>(xs[i], out);
                i += 1;
            }
        }
    }

    /// The hot loop while no movement is in progress. Returns the index of the first sample
    /// not consumed; stops after a sample that crosses the onset threshold, before a sample
    /// that is missing or saturated, and at the end of a block (after its bookkeeping).
    fn fast<const K: usize>(
        &mut self,
        xs: &[[f64; 3]],
        mut i: usize,
        out: &mut Vec<Detection>,
    ) -> usize {
        let mut bp = self.bandpass.load::<K>();
        let mut sum = self.sum;
        let mut pos = self.pos;
        let mut g = self.gsum;
        let mut bmax = self.block_max;
        let lim = self.sat_limit;
        let sum_on = self.sum_on;
        let end = xs.len().min(i + (self.next_block_n - self.n) as usize);
        let start = i;
        let mut crossed = false;
        let ring = &mut self.ring[..];
        let dring = &mut self.dring[..];
        let yring = &mut self.yring[..];
        let mut lp = self.lowpass.load::<TIMING_LP_SECTIONS>();
        let mut prev = self.prev_raw;
        while i < end {
            let s = xs[i];
            // Non-short-circuit `&`: one branch; NaN compares false, so it also stops here.
            if !((s[0].abs() < lim) & (s[1].abs() < lim) & (s[2].abs() < lim)) {
                break;
            }
            g[0] += s[0];
            g[1] += s[1];
            g[2] += s[2];
            dring[pos] = change(prev, s);
            prev = s;
            let e = sq(axes(&mut bp, s));
            yring[pos] = axes(&mut lp, s);
            moving_sum(ring, &mut pos, &mut sum, e);
            // A plain compare (sum is never NaN here) compiles to one maxsd.
            bmax = if sum > bmax { sum } else { bmax };
            i += 1;
            if sum > sum_on {
                crossed = true;
                break;
            }
        }
        self.bandpass.store(&bp);
        self.sum = sum;
        self.pos = pos;
        self.gsum = g;
        self.prev_raw = prev;
        self.lowpass.store(&lp);
        self.block_max = bmax;
        self.n += (i - start) as u64;
        if crossed {
            self.above_onset(self.n - 1);
        }
        if self.n == self.next_block_n {
            self.end_block(out);
        } else if !crossed && i < xs.len() && i < end {
            // Stopped before a missing or saturated sample: the slow path takes it.
            self.slow::<K>(xs[i], out);
            i += 1;
        }
        i
    }

    /// One sample with full bookkeeping (events in progress, missing or saturated data).
    fn slow<const K: usize>(&mut self, s: [f64; 3], out: &mut Vec<Detection>) {
        let m = s[0].abs().max(s[1].abs()).max(s[2].abs());
        let n = self.n;
        if m.is_nan() {
            self.quality.invalid_samples += 1;
            if self.in_saturated {
                self.end_stretch(out);
            }
            if !self.in_invalid {
                self.quality.invalid_stretches += 1;
                self.in_invalid = true;
                self.stretch_start = n;
            }
            self.block_valid = false;
            if self.state == State::Active {
                self.cut(RejectReason::Gap);
            }
            self.need_reinit = true;
        } else {
            if self.in_invalid {
                self.end_stretch(out);
            }
            if self.need_reinit {
                self.reinit(s);
            }
            if m >= self.sat_limit {
                self.quality.saturated_samples += 1;
                if !self.in_saturated {
                    self.quality.saturated_stretches += 1;
                    self.in_saturated = true;
                    self.stretch_start = n;
                }
                if self.state == State::Active {
                    self.cur.saturated = true;
                }
            } else if self.in_saturated {
                self.end_stretch(out);
            }
            for (g, v) in self.gsum.iter_mut().zip(s) {
                *g += v;
            }
            let e = sq(self.bandpass.step::<K>(s));
            let y = self.lowpass.step::<TIMING_LP_SECTIONS>(s);
            let d = change(self.prev_raw, s);
            self.prev_raw = s;
            self.dring[self.pos] = d;
            self.yring[self.pos] = y;
            moving_sum(&mut self.ring, &mut self.pos, &mut self.sum, e);
            self.block_max = self.block_max.max(self.sum);
            match self.state {
                State::Quiet => {
                    if self.sum > self.sum_on {
                        self.above_onset(n);
                    }
                }
                State::Active => {
                    self.cur.d_sum += d;
                    self.cur.d_sq += d * d;
                    if let Some((_, seg)) = &mut self.split {
                        seg.d_sum += d;
                        seg.d_sq += d * d;
                    }
                    self.active_step(n);
                }
            }
        }
        self.n += 1;
        if self.n == self.next_block_n {
            self.end_block(out);
        }
    }

    /// A candidate with onset `onset` seen at sample `n`: gravity before the onset, every time
    /// mark at `n`, no area or change energy yet.
    fn candidate_at(&self, onset: u64, n: u64) -> Candidate {
        let before_end = (onset / self.block_len).saturating_sub(self.g_skip);
        Candidate {
            onset,
            offset: n,
            peak_sum: self.sum,
            area: 0.0,
            saturated: self.in_saturated,
            cut: None,
            g_before: self
                .gravity
                .mean(before_end.saturating_sub(self.g_blocks), before_end),
            last_rise: n,
            last_above: n,
            last_var: n,
            quiet_start: n,
            ready_block: 0,
            d_sum: 0.0,
            d_sq: 0.0,
        }
    }

    /// How long the missing or saturated stretch in progress has lasted so far (s; 0 when
    /// none is open).
    pub fn open_stretch_s(&self) -> f64 {
        if self.in_invalid || self.in_saturated {
            (self.n - self.stretch_start) as f64 / self.rate
        } else {
            0.0
        }
    }

    /// Emits the part of a missing or saturated stretch in progress seen so far, and goes on
    /// with the rest as a new piece (the pieces touch: merged, they are the stretch). For a
    /// live source declared silent, so that what comes after the stretch's start need not wait
    /// for its end.
    pub fn flush_stretch(&mut self, out: &mut Vec<Detection>) {
        if (self.in_invalid || self.in_saturated) && self.n > self.stretch_start {
            self.emit_stretch(out);
            self.stretch_start = self.n;
        }
    }

    /// Emits the missing or saturated stretch that ends before the current sample.
    fn end_stretch(&mut self, out: &mut Vec<Detection>) {
        self.emit_stretch(out);
        self.in_invalid = false;
        self.in_saturated = false;
    }

    /// The open stretch from its start to the current sample, as a detection.
    fn emit_stretch(&self, out: &mut Vec<Detection>) {
        let iv = Interval {
            onset_s: self.time(self.stretch_start),
            offset_s: self.time(self.n),
        };
        out.push(if self.in_invalid {
            Detection::Invalid(iv)
        } else {
            Detection::Saturated(iv)
        });
    }

    /// Restarts filter and envelope on the first valid sample after missing data.
    fn reinit(&mut self, s: [f64; 3]) {
        self.bandpass.seed(s);
        self.ring.iter_mut().for_each(|v| *v = 0.0);
        self.dring.iter_mut().for_each(|v| *v = 0.0);
        self.lowpass.seed(s);
        // Until filled, the timing window reads the first sample (no activity).
        self.yring.iter_mut().for_each(|v| *v = s);
        self.prev_raw = s;
        self.pos = 0;
        self.sum = 0.0;
        let warm = (self.cfg.warmup_s * self.rate).round() as u64;
        self.no_onset_before = self.n + warm;
        self.env_full_at = self.n + self.ring.len() as u64;
        self.need_reinit = false;
    }

    /// Ring slot of sample `n − back` (the newest sample `n` was just written).
    #[inline(always)]
    fn slot(&self, back: usize) -> usize {
        let len = self.ring.len();
        (self.pos + 2 * len - 1 - back) % len
    }

    /// Sums of the timing window ending `back` samples before the newest.
    fn short_sums(&self, back: usize) -> (f64, [f64; 3]) {
        let (mut se, mut sy) = (0.0, [0.0; 3]);
        for b in back..back + self.nt {
            let y = self.yring[self.slot(b)];
            se += sq(y);
            for (a, v) in sy.iter_mut().zip(y) {
                *a += v;
            }
        }
        (se, sy)
    }

    /// Variance sum of a timing window from its sums: Σ over axes of Σy² − (Σy)²/nt.
    #[inline(always)]
    fn variance(&self, se: f64, sy: [f64; 3]) -> f64 {
        se - sq(sy) / self.nt as f64
    }

    /// Whether the timing window's mean is displaced from the resting level `r` by more than
    /// the onset threshold (a held tilt; breathing moves it by 2–4 mg at most).
    #[inline(always)]
    fn displaced(&self, sy: [f64; 3], r: [f64; 3]) -> bool {
        let k = 1.0 / self.nt as f64;
        sq([sy[0] * k - r[0], sy[1] * k - r[1], sy[2] * k - r[2]]) > self.thr_dev
    }

    /// The envelope at sample `n` is above the onset threshold while quiet.
    fn above_onset(&mut self, n: u64) {
        if n < self.no_onset_before {
            return;
        }
        // Motion must be present now: the timing window's variance (oscillation, or the ramp
        // of a tilt) above the offset threshold. Otherwise the envelope is only draining or in
        // the band-pass's free decay after a movement.
        let len = self.ring.len();
        let nt = self.nt;
        let (se, sy) = self.short_sums(0);
        if self.variance(se, sy) <= self.thr_v {
            return;
        }
        let reach = len - nt;
        let (mut e, mut y) = (se, sy);
        let mut onset = (n + 1).saturating_sub(len as u64);
        let mut run = 0usize;
        for back in 1..=reach {
            // Slide the window one sample back: drop sample n−back+1, add n−back−nt+1.
            let (out, inn) = (self.slot(back - 1), self.slot(back + nt - 1));
            e += sq(self.yring[inn]) - sq(self.yring[out]);
            let (yi, yo) = (self.yring[inn], self.yring[out]);
            for (k, v) in y.iter_mut().enumerate() {
                *v += yi[k] - yo[k];
            }
            if self.variance(e, y) <= self.thr_v {
                run += 1;
                if run >= nt || back == reach {
                    onset = n + 1 - (back + 1 - run) as u64;
                    break;
                }
            } else {
                run = 0;
            }
        }
        let onset = onset.max(self.no_onset_before).min(n);
        // The resting level: the mean of the (quiet) timing window just before the onset.
        let back = ((n - onset) as usize + 1).min(len - nt);
        let r = self.short_sums(back).1.map(|v| v / nt as f64);
        // Change energy of the raw samples since the onset (the timing window sees them through
        // the low-pass's group delay), as far back as the ring holds.
        let (mut d_sum, mut d_sq) = (0.0, 0.0);
        let from = onset
            .saturating_sub(self.lp_delay.ceil() as u64)
            .max((n + 1).saturating_sub(len as u64));
        for j in from..=n {
            let d = self.dring[self.slot((n - j) as usize)];
            d_sum += d;
            d_sq += d * d;
        }
        self.cur = Candidate {
            area: (self.sum * self.inv_nwin).sqrt(),
            d_sum,
            d_sq,
            ..self.candidate_at(onset, n)
        };
        self.short_e = se;
        self.short_y = sy;
        self.split = None;
        self.g_ref = r;
        self.var_quiet = 0;
        self.area_at_above = self.cur.area;
        self.prev_sum = self.sum;
        self.quiet_run = 0;
        self.state = State::Active;
        // Resume floor updates if a "movement" outlasts the floor window: the level has changed.
        self.floor_resume = n + (self.cfg.floor_window_s * self.rate) as u64;
    }

    fn active_step(&mut self, n: u64) {
        let env = (self.sum * self.inv_nwin).sqrt();
        let prev = self.prev_sum;
        self.prev_sum = self.sum;
        // Slide the timing window over the newest sample (exact sums when the ring wraps, as
        // the envelope's, so rounding cannot drift and depends only on the sample index).
        if self.pos == 0 {
            (self.short_e, self.short_y) = self.short_sums(0);
        } else {
            let (inn, out) = (self.slot(0), self.slot(self.nt));
            self.short_e += sq(self.yring[inn]) - sq(self.yring[out]);
            for k in 0..3 {
                self.short_y[k] += self.yring[inn][k] - self.yring[out][k];
            }
        }
        // Active: the window deviates from the resting level before the movement, unless it
        // has held still (no oscillation) for `hold`: then the leg rests in a new position
        // (a posture change, or a held tilt) and the motion ended with the oscillation.
        let (se, sy) = (self.short_e, self.short_y);
        if self.variance(se, sy) > self.thr_v {
            if self.var_quiet >= self.quiet_need
                && self.split.is_none()
                && self.displaced(sy, self.g_ref)
            {
                // Oscillation resumes after >= quiet_s without, away from the resting level.
                let mut head = self.cur;
                head.offset = (head.last_var + 2)
                    .saturating_sub(self.nt as u64)
                    .max(head.onset + 1);
                let seg = self.candidate_at(n, n);
                self.split = Some((head, seg));
            }
            self.var_quiet = 0;
            self.cur.last_var = n;
            if let Some((_, seg)) = &mut self.split {
                seg.last_var = n;
            }
        } else {
            self.var_quiet += 1;
        }
        let held = self.var_quiet >= self.hold_long
            || (self.var_quiet >= self.hold
                && angle_deg(sy, self.g_ref) > self.cfg.posture_angle_deg);
        let active = self.var_quiet == 0 || (!held && self.displaced(sy, self.g_ref));
        self.cur.peak_sum = self.cur.peak_sum.max(self.sum);
        self.cur.area += env;
        if let Some((_, seg)) = &mut self.split {
            seg.peak_sum = seg.peak_sum.max(self.sum);
            seg.area += env;
            seg.saturated |= self.in_saturated;
        }
        // The last rise of the envelope (`OffsetRule::LastRise`).
        if self.sum >= self.sum_off && self.sum > prev {
            self.cur.last_rise = n;
        }
        if active {
            self.cur.last_above = n;
            self.quiet_run = 0;
            self.area_at_above = self.cur.area;
        } else {
            if self.quiet_run == 0 {
                self.cur.quiet_start = n;
            }
            self.quiet_run += 1;
            if self.quiet_run >= self.quiet_need {
                // The last window with motion ends nt − 1 samples after the motion's last sample.
                let last = if held {
                    self.cur.last_var
                } else {
                    self.cur.last_above
                };
                self.cur.offset = (last + 2)
                    .saturating_sub(self.nt as u64)
                    .max(self.cur.onset + 1);
                self.cur.area = self.area_at_above;
                // Never back at the resting level: the motion after the split is a movement of
                // its own (a leg at rest in a new position moved again), not part of the first.
                if let (true, Some((head, mut seg))) = (held, self.split.take()) {
                    self.enqueue(head);
                    seg.offset = (seg.last_var + 2)
                        .saturating_sub(self.nt as u64)
                        .max(seg.onset + 1);
                    self.cur = seg;
                }
                self.close();
            }
        }
    }

    /// Ends the current candidate early because of missing data or the end of the stream.
    fn cut(&mut self, reason: RejectReason) {
        self.cur.offset = self.n;
        self.cur.cut = Some(reason);
        self.close();
    }

    /// Queues a closed candidate for its posture decision.
    fn enqueue(&mut self, mut c: Candidate) {
        let after_start = c.offset.div_ceil(self.block_len) + self.g_skip;
        c.ready_block = if c.cut.is_some() {
            0
        } else {
            after_start + self.g_blocks
        };
        self.pending.push_back(c);
    }

    fn close(&mut self) {
        self.split = None;
        self.enqueue(self.cur);
        self.state = State::Quiet;
        self.quiet_run = 0;
    }

    /// Classifies a closed candidate and emits it.
    fn decide(&mut self, c: Candidate, out: &mut Vec<Detection>) {
        let dt = 1.0 / self.rate;
        let half_win = 0.5 * self.ring.len() as f64 * dt;
        // Sample k of the timing window stands for the motion at k − delay; onset and offset
        // are sample boundaries (half a sample before the first, after the last motion sample).
        let shift = self.onset_shift_s();
        let onset_s = self.time(c.onset) - shift;
        let offset_s = if c.cut.is_some() {
            self.time(c.offset).max(onset_s)
        } else {
            match self.cfg.offset_rule {
                OffsetRule::MotionEnd => self.time(c.offset) - shift,
                OffsetRule::LastRise => self.time(c.last_rise).max(onset_s),
                OffsetRule::QuietStart => (self.time(c.quiet_start) - half_win).max(onset_s),
            }
        };
        let mut mv = LegMovement {
            leg: self.leg,
            onset_s,
            offset_s,
            peak: Some((c.peak_sum * self.inv_nwin).sqrt()),
            area: Some(c.area * dt),
            kind: MovementKind::Leg,
        };
        let angle = if c.cut.is_none() {
            let from = c.offset.div_ceil(self.block_len) + self.g_skip;
            match (c.g_before, self.gravity.mean(from, from + self.g_blocks)) {
                (Some(a), Some(b)) => Some(angle_deg(a, b)),
                _ => None,
            }
        } else {
            None
        };
        // Effective number of samples carrying the change energy (participation ratio).
        let n_eff = if c.d_sq > 0.0 {
            c.d_sum * c.d_sum / c.d_sq
        } else {
            f64::INFINITY
        };
        let reason = if let Some(r) = c.cut {
            Some(r)
        } else if n_eff < self.impulse_samples {
            self.quality.impulses += 1;
            Some(RejectReason::Impulse)
        } else if angle.is_some_and(|a| a > self.cfg.posture_angle_deg) {
            mv.kind = MovementKind::Gross;
            self.blank_until = self.blank_until.max(c.offset + self.blank_samples);
            None
        } else if c.onset < self.blank_until {
            Some(RejectReason::AfterPosture)
        } else if c.saturated {
            Some(RejectReason::Saturated)
        } else if mv.duration_s() < self.cfg.min_duration_s - DURATION_RESOLUTION_S {
            Some(RejectReason::TooShort)
        } else {
            None
        };
        out.push(match reason {
            None => Detection::Movement(mv),
            Some(reason) => Detection::Rejected(Rejected {
                movement: mv,
                reason,
            }),
        });
    }

    /// Block bookkeeping: gravity, noise floor, plot envelope, posture decisions.
    #[cold]
    fn end_block(&mut self, out: &mut Vec<Detection>) {
        let inv = 1.0 / self.block_len as f64;
        let mean = self.gsum.map(|v| v * inv);
        self.gravity.push(self.block, mean, self.block_valid);
        // Noise floor: quiet, settled, valid data only (or a "movement" that outlasted it).
        let quiet = self.state == State::Quiet || self.n >= self.floor_resume;
        if quiet
            && self.block_valid
            && !self.need_reinit
            && self.n >= self.env_full_at
            && self.floor_countdown == 1
        {
            self.floor.push((self.sum * self.inv_nwin).sqrt());
            if let Some(v) = self.floor.value() {
                self.floor_value = v.max(self.cfg.min_floor_g);
                self.set_thresholds();
            }
        }
        if self.block_valid || self.block_max > 0.0 {
            self.plot_max = self.plot_max.max(self.block_max);
            self.plot_any = true;
        }
        self.floor_countdown -= 1;
        if self.floor_countdown == 0 {
            self.floor_countdown = self.floor_every;
        }
        self.plot_countdown -= 1;
        if self.plot_countdown == 0 {
            self.plot_countdown = self.plot_every;
            self.plot.push(if self.plot_any {
                (self.plot_max * self.inv_nwin).sqrt() as f32
            } else {
                f32::NAN
            });
            self.plot_max = 0.0;
            self.plot_any = false;
        }
        self.block += 1;
        self.next_block_n += self.block_len;
        self.gsum = [0.0; 3];
        self.block_valid = true;
        self.block_max = 0.0;
        self.quality.samples = self.n;
        while self
            .pending
            .front()
            .is_some_and(|c| c.ready_block <= self.block)
        {
            let c = self.pending.pop_front().expect("front checked");
            self.decide(c, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::{Band, Filter, SosFilter, butter};

    /// The fused three-axis loop must equal the filter module's cascade, bit for bit, from the
    /// same steady-state start.
    #[test]
    fn fused_bandpass_equals_filter_module() {
        for (order, rate) in [(1, 25.0), (2, 50.0), (3, 100.0), (4, 200.0)] {
            let cascade = butter(order, Band::Bandpass(0.5, 8.0), rate).unwrap();
            let secs = super::super::design::bandpass(order, (0.5, 8.0), rate).unwrap();
            let mut refs: Vec<_> = (0..3).map(|_| SosFilter::new_steady(&cascade)).collect();
            let mut rng = crate::simulate::Rng::new(order as u64);
            let mut bp = AxisFilter::<MAX_SECTIONS>::new(&secs).unwrap();
            let first = [0.3, -0.5, 0.8];
            bp.seed(first);
            for i in 0..5000 {
                let s = if i == 0 {
                    first
                } else {
                    [rng.normal(), rng.normal(), rng.normal()]
                };
                let want: Vec<f64> = (0..3).map(|a| refs[a].process_sample(s[a])).collect();
                let want = want[0] * want[0] + want[1] * want[1] + want[2] * want[2];
                let got = sq(match bp.len() {
                    1 => bp.step::<1>(s),
                    2 => bp.step::<2>(s),
                    3 => bp.step::<3>(s),
                    _ => bp.step::<4>(s),
                });
                assert_eq!(got.to_bits(), want.to_bits(), "order {order} sample {i}");
            }
        }
    }
}
