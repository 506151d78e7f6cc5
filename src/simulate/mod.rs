//! Synthetic nights with ground truth.
//!
//! A night is planned first (a short list of events: postures, leg movements, gaps), then each
//! leg's samples are generated on demand by [`LegStream`], so a full 100-Hz night needs no more
//! memory than its event list. Everything is deterministic from [`SimConfig::seed`].
//!
//! Physics, per leg (sensor frame, g):
//! - gravity: 1 g along a direction that depends on the posture (a random sensor orientation
//!   per posture); a posture change turns it by 30–120° over 1–4 s, with a broadband "gross"
//!   burst (0.05–0.3 g, 0.5–6 Hz) while the body turns;
//! - leg movements (ankle dorsiflexion): 0.5–10 s (typical profile: log-normal around 1.8 s,
//!   as polysomnographic LM durations cluster; hard profile: log-uniform 0.5–15 s), peak
//!   0.02–0.4 g (typical profile),
//!   oscillation of three sinusoids at 0.5–6 Hz along a random direction, under a raised-cosine
//!   envelope, plus a small tilt (2–10°, [`Stress::lm_tilt_deg`]) of the gravity direction that returns afterwards;
//! - PLM trains (inter-movement interval 10–90 s, jittered around a per-train mean), a share of
//!   bilateral movements, isolated movements;
//! - breathing (~0.25 Hz, 2 mg) and heartbeat (~1 Hz pulses, 0.5 mg) micro-motion;
//! - white sensor noise ([`NoiseLevel`]), clipping at full scale and quantisation (12 bits over
//!   ±full scale);
//! - the hard profile adds weaker and longer movements, more frequent posture changes,
//!   saturation (±2 g full scale with violent turns), missing rows (gaps), idle zero-row
//!   stretches and timestamp jitter.
//!
//! Truth: a movement's onset and offset are where its amplitude envelope crosses 10% of its
//! peak, i.e. where the motion is physically there, independent of any detector. Gross
//! movements are listed separately (kind [`MovementKind::Gross`]), per leg, over the turn.
//!
//! Output: [`write_trace_csv`] writes plain `time_s,x,y,z`; [`write_device_csv`] writes any
//! [`DeviceFormat`] (ActiGraph, Axivity, GENEActiv, phone loggers, raw counts) as the device's
//! software exports it, and the Axivity native `.cwa` binary ([`write_cwa`]);
//! [`write_truth_csv`] writes the true events.
//!
//! Multi-day recordings (days, nights in bed, naps, non-wear): [`SimWeek`], whose
//! [`WeekStream`] is a [`RowSource`] every writer takes.

mod clock;
mod csv;
mod cwa;
mod formats;
mod multiday;
pub mod psg;
mod rng;
mod signal;
mod stress;

pub use csv::{write_trace_csv, write_truth_csv};
pub use cwa::{CwaLayout, write_cwa};
pub use formats::{COUNTS_PER_G, DEFAULT_START_UNIX_S, DeviceFormat, write_device_csv};
pub use multiday::{SHIN_AXIS, SimWeek, TrueNight, WEEK_START_UNIX_S, WeekConfig, WeekStream};
pub use rng::Rng;
pub use signal::{LegStream, RowSource};
pub use stress::{Doubles, Knocks, Ringing, RowLoss, Stress};

use crate::event::{Interval, Leg, LegMovement, MovementKind};
use crate::samples::TriaxialColumns;
use crate::{Error, Result};
use rng::rotate;

/// Difficulty of a simulated night.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Profile {
    /// Clean recording: no gaps or saturation, movements 0.02–0.4 g, spaced >= 2 s apart on a leg.
    Typical,
    /// Weak (down to 0.01 g) and long (up to 15 s) movements, close pairs, frequent posture
    /// changes, saturation, gaps, idle zero rows, timestamp jitter.
    Hard,
}

/// White sensor noise level (standard deviation per axis per sample, before quantisation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NoiseLevel {
    /// 1 mg: a good MEMS accelerometer at 100 Hz.
    Low,
    /// 2 mg.
    Medium,
    /// 4 mg: a noisy consumer part.
    High,
}

impl NoiseLevel {
    /// Standard deviation in g.
    pub fn sd_g(self) -> f64 {
        match self {
            NoiseLevel::Low => 0.001,
            NoiseLevel::Medium => 0.002,
            NoiseLevel::High => 0.004,
        }
    }
}

/// What night to simulate.
#[derive(Debug, Clone, PartialEq)]
pub struct SimConfig {
    /// Seed of every random choice.
    pub seed: u64,
    /// Sample rate (Hz), e.g. 25, 50 or 100.
    pub rate_hz: f64,
    /// Length of the night (s).
    pub duration_s: f64,
    /// Difficulty.
    pub profile: Profile,
    /// Sensor noise.
    pub noise: NoiseLevel,
    /// Stress conditions (knocks, lost rows, ringing, short, weak and double movements, axis
    /// switches); all off by default.
    pub stress: Stress,
}

/// A night in bed within a multi-day recording ([`SimWeek`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct InBed {
    /// PLM trains planned per hour (a plain night has 1.5): the night's PLM intensity.
    pub plm_trains_per_hour: f64,
    /// The shin's axis in the sensor frame: gravity starts perpendicular to it and posture
    /// changes roll about it, as a lying shin turns.
    pub shin_axis: [f64; 3],
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            seed: 1,
            rate_hz: 50.0,
            duration_s: 8.0 * 3600.0,
            profile: Profile::Typical,
            noise: NoiseLevel::Medium,
            stress: Stress::default(),
        }
    }
}

/// One planned leg movement (a dorsiflexion transient) on one leg.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Transient {
    /// Start of the envelope's support (s).
    pub start: f64,
    /// Length of the support (s).
    pub len: f64,
    /// Raised-cosine rise and fall time (s).
    pub rise: f64,
    /// Peak amplitude (g).
    pub amp: f64,
    /// Direction of the oscillation (unit, sensor frame).
    pub dir: [f64; 3],
    /// Three (frequency Hz, phase rad, weight) components; weights sum to 1.
    pub comps: [[f64; 3]; 3],
    /// Tilt axis (unit) and peak tilt angle (rad).
    pub tilt_axis: [f64; 3],
    /// Peak tilt (rad).
    pub tilt: f64,
}

/// One planned posture change as one leg sees it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Turn {
    /// Start (s).
    pub start: f64,
    /// Duration (s).
    pub len: f64,
    /// Gravity direction before (unit).
    pub from: [f64; 3],
    /// Rotation axis (unit, perpendicular to `from`) and total angle (rad).
    pub axis: [f64; 3],
    /// Total turn angle (rad).
    pub angle: f64,
    /// The gross burst during the turn.
    pub burst: Transient,
}

/// Per-leg plan.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LegPlan {
    pub leg: Leg,
    /// Gravity direction at the start of the night.
    pub g0: [f64; 3],
    pub transients: Vec<Transient>,
    pub turns: Vec<Turn>,
    /// Breathing direction, frequency (Hz), phase.
    pub breath: ([f64; 3], f64, f64),
    /// Heartbeat direction, frequency (Hz), phase.
    pub heart: ([f64; 3], f64, f64),
    /// Stretches with no rows at all.
    pub gaps: Vec<Interval>,
    /// Knocks (stress), sorted by start.
    pub knocks: Vec<stress::Knock>,
    /// Strap ring-downs (stress), sorted by start.
    pub rings: Vec<stress::Ring>,
    /// Axis-switch times (stress), sorted.
    pub switches: Vec<f64>,
    /// Stretches of idle rows written as exact 0,0,0.
    pub zero_runs: Vec<Interval>,
}

/// A planned night: the truth, and what [`LegStream`] needs to synthesise the samples.
#[derive(Debug, Clone, PartialEq)]
pub struct SimNight {
    config: SimConfig,
    full_scale_g: f64,
    bits: u32,
    jitter_steps: f64,
    legs: [LegPlan; 2],
    truth: Vec<LegMovement>,
    gross: Vec<LegMovement>,
}

/// Peak tilt of the gravity direction during a leg movement (degrees), unless
/// [`Stress::lm_tilt_deg`] says otherwise: dorsiflexion turns the ankle sensor a few degrees.
const LM_TILT_DEG: (f64, f64) = (2.0, 10.0);

/// Raised-cosine envelope level at which truth onsets/offsets are placed (fraction of peak).
pub const TRUTH_LEVEL: f64 = 0.1;

/// Where a raised-cosine rise of length 1 crosses [`TRUTH_LEVEL`]: acos(1 − 2·level)/π.
fn truth_fraction() -> f64 {
    (1.0 - 2.0 * TRUTH_LEVEL).acos() / std::f64::consts::PI
}

impl SimNight {
    /// Plans a night. Errors on a non-finite or non-positive rate or duration.
    pub fn new(config: &SimConfig) -> Result<Self> {
        if !(config.rate_hz.is_finite() && config.rate_hz >= 5.0) {
            return Err(Error::InvalidConfig(format!(
                "simulate: rate_hz must be finite and >= 5, got {}",
                config.rate_hz
            )));
        }
        if !(config.duration_s.is_finite() && config.duration_s > 0.0) {
            return Err(Error::InvalidConfig(format!(
                "simulate: duration_s must be finite and > 0, got {}",
                config.duration_s
            )));
        }
        Ok(plan(config, None))
    }

    /// Plans a night in bed of a multi-day recording (the checks of [`SimNight::new`]).
    pub(crate) fn in_bed(config: &SimConfig, bed: InBed) -> Result<Self> {
        SimNight::new(config)?;
        Ok(plan(config, Some(bed)))
    }

    /// The configuration it was planned from.
    pub fn config(&self) -> &SimConfig {
        &self.config
    }

    /// Sensor full scale (g): samples are clipped to ±this.
    pub fn full_scale_g(&self) -> f64 {
        self.full_scale_g
    }

    /// True leg movements on both legs, sorted by onset (kind [`MovementKind::Leg`], `peak` = the
    /// transient's peak amplitude in g).
    pub fn truth(&self) -> &[LegMovement] {
        &self.truth
    }

    /// True gross movements (posture changes) per leg, sorted by onset.
    pub fn gross(&self) -> &[LegMovement] {
        &self.gross
    }

    /// Stretches of `leg` with no usable rows (gaps and idle zero rows), sorted.
    pub fn missing(&self, leg: Leg) -> Vec<Interval> {
        let p = &self.legs[leg_index(leg)];
        let mut v: Vec<Interval> = p.gaps.iter().chain(&p.zero_runs).copied().collect();
        v.sort_by(|a, b| a.onset_s.total_cmp(&b.onset_s));
        v
    }

    /// Times (s) of the knocks planned on `leg` (stress; artefacts, not movements).
    pub fn knock_times(&self, leg: Leg) -> Vec<f64> {
        self.legs[leg_index(leg)]
            .knocks
            .iter()
            .map(|k| k.start)
            .collect()
    }

    /// Times (s) of the axis-convention switches on `leg` (stress).
    pub fn axis_switch_times(&self, leg: Leg) -> &[f64] {
        &self.legs[leg_index(leg)].switches
    }

    /// A streaming generator of `leg`'s rows.
    pub fn stream(&self, leg: Leg) -> LegStream<'_> {
        LegStream::new(self, leg)
    }

    /// All of `leg`'s rows at once (convenience for tests and small nights).
    pub fn rows(&self, leg: Leg) -> TriaxialColumns {
        let mut s = self.stream(leg);
        let mut rows = TriaxialColumns::default();
        while s.fill(&mut rows, usize::MAX) {}
        rows
    }
}

pub(crate) fn leg_index(leg: Leg) -> usize {
    match leg {
        Leg::Left => 0,
        Leg::Right => 1,
    }
}

/// Profile-dependent knobs.
struct Knobs {
    amp: (f64, f64),
    /// Duration range (s) and, when set, the log-normal (median s, sigma of ln) drawn from
    /// within it; None: log-uniform over the range.
    dur: (f64, f64),
    dur_lognormal: Option<(f64, f64)>,
    same_leg_gap: f64,
    turn_clear: f64,
    turn_every_s: f64,
    burst_amp: (f64, f64),
    full_scale: f64,
    gaps_per_hour: f64,
    zero_runs_per_hour: f64,
    jitter_steps: f64,
}

fn knobs(p: Profile) -> Knobs {
    match p {
        Profile::Typical => Knobs {
            amp: (0.02, 0.4),
            dur: (0.5, 10.0),
            // Polysomnographic LM durations cluster around 1.5–2.5 s with a long right tail.
            dur_lognormal: Some((1.8, 0.6)),
            same_leg_gap: 2.0,
            turn_clear: 5.0,
            turn_every_s: 2400.0,
            burst_amp: (0.05, 0.3),
            full_scale: 8.0,
            gaps_per_hour: 0.0,
            zero_runs_per_hour: 0.0,
            jitter_steps: 0.0,
        },
        Profile::Hard => Knobs {
            amp: (0.01, 0.4),
            dur: (0.5, 15.0),
            dur_lognormal: None,
            same_leg_gap: 0.8,
            turn_clear: 1.0,
            turn_every_s: 900.0,
            burst_amp: (0.1, 2.5),
            full_scale: 2.0,
            gaps_per_hour: 3.0,
            zero_runs_per_hour: 0.5,
            jitter_steps: 0.2,
        },
    }
}

/// A leg movement's (or a turn's burst's) transient; `tilt_deg` is the range of its peak tilt
/// (one draw whatever the range, so a stress range leaves every other draw unchanged).
fn new_transient(
    rng: &mut Rng,
    (onset, dur, amp): (f64, f64, f64),
    g: [f64; 3],
    tilt_deg: (f64, f64),
) -> Transient {
    let rise = (dur / 3.0).min(0.25);
    let lead = truth_fraction() * rise;
    let mut comps = [[0.0; 3]; 3];
    let mut wsum = 0.0;
    for c in &mut comps {
        *c = [
            rng.log_range(0.5, 6.0),
            rng.range(0.0, std::f64::consts::TAU),
            rng.range(0.3, 1.0),
        ];
        wsum += c[2];
    }
    for c in &mut comps {
        c[2] /= wsum;
    }
    Transient {
        start: onset - lead,
        len: dur + 2.0 * lead,
        rise,
        amp,
        dir: rng.unit_vector(),
        comps,
        tilt_axis: rng.perpendicular(g),
        tilt: rng.range(tilt_deg.0, tilt_deg.1).to_radians(),
    }
}

fn plan(config: &SimConfig, bed: Option<InBed>) -> SimNight {
    let trains_per_hour = bed.map_or(1.5, |b| b.plm_trains_per_hour);
    let shin = bed.map(|b| b.shin_axis);
    let k = knobs(config.profile);
    let mut rng = Rng::new(config.seed);
    let dur = config.duration_s;

    // Posture changes: shared times, per-leg orientation.
    let mut turn_times = Vec::new();
    let mut t = rng.range(60.0, k.turn_every_s);
    while t + 10.0 < dur {
        let len = rng.range(1.0, 4.0);
        turn_times.push((t, len));
        t += len + 30.0 + rng.exponential(k.turn_every_s);
    }

    // Leg-movement onsets: PLM trains and isolated movements. (leg, onset, duration, amp)
    let mut cands: Vec<(Leg, f64, f64, f64)> = Vec::new();
    let st = &config.stress;
    let push_lm = |rng: &mut Rng, leg: Leg, onset: f64, cands: &mut Vec<_>| {
        let d = match (st.lm_duration_s, k.dur_lognormal) {
            (Some((lo, hi)), _) => rng.log_range(lo, hi),
            (None, Some((median, sigma))) => loop {
                let d = median * (sigma * rng.normal()).exp();
                if (k.dur.0..=k.dur.1).contains(&d) {
                    break d;
                }
            },
            (None, None) => rng.log_range(k.dur.0, k.dur.1),
        };
        let (alo, ahi) = st.lm_amp_g.unwrap_or(k.amp);
        let a = rng.log_range(alo, ahi);
        cands.push((leg, onset, d, a));
    };
    let trains = ((dur / 3600.0) * trains_per_hour).ceil() as usize;
    for _ in 0..trains {
        let mut t = rng.range(0.0, dur);
        let n = rng.range(8.0, 80.0) as usize;
        let mean_imi = rng.range(15.0, 45.0);
        let bilateral = rng.range(0.1, 0.5);
        let main_leg = if rng.chance(0.5) {
            Leg::Left
        } else {
            Leg::Right
        };
        for _ in 0..n {
            if t + 12.0 > dur {
                break;
            }
            if rng.chance(bilateral) {
                push_lm(&mut rng, main_leg, t, &mut cands);
                let o = t + rng.range(-0.5, 0.5);
                push_lm(&mut rng, main_leg.other(), o.max(0.5), &mut cands);
            } else {
                let leg = if rng.chance(0.75) {
                    main_leg
                } else {
                    main_leg.other()
                };
                push_lm(&mut rng, leg, t, &mut cands);
            }
            t += (mean_imi * rng.range(0.75, 1.25)).clamp(10.0, 90.0);
        }
    }
    let isolated = (dur / 3600.0 * 12.0) as usize;
    for _ in 0..isolated {
        let t = rng.range(2.0, dur - 12.0);
        let leg = if rng.chance(0.5) {
            Leg::Left
        } else {
            Leg::Right
        };
        push_lm(&mut rng, leg, t, &mut cands);
    }
    cands.sort_by(|a, b| a.1.total_cmp(&b.1));

    // Keep movements that stay clear of same-leg neighbours, posture changes and the ends.
    let mut kept: Vec<(Leg, f64, f64, f64)> = Vec::new();
    let mut last_off = [f64::NEG_INFINITY; 2];
    // Stress choices draw from their own generator, so a night without stress is unchanged.
    let mut srng = Rng::new(config.seed ^ 0x5d2e_55c0_ffee_0010);
    let near_turn = |on: f64, off: f64| {
        turn_times
            .iter()
            .any(|&(ts, tl)| on < ts + tl + k.turn_clear && off > ts - k.turn_clear)
    };
    for c in cands {
        let (leg, on, d, a) = c;
        let off = on + d;
        let li = leg_index(leg);
        if on < 2.0 || off > dur - 2.0 || on - last_off[li] < k.same_leg_gap {
            continue;
        }
        if near_turn(on, off) {
            continue;
        }
        last_off[li] = off;
        kept.push(c);
        if let Some(db) = &st.doubles
            && srng.chance(db.share)
        {
            // The second burst: its own duration (the profile's typical 0.8–3 s) and amplitude.
            let on2 = off + srng.range(db.gap_s.0, db.gap_s.1);
            let d2 = srng.log_range(0.8, 3.0);
            let a2 = a * srng.range(0.5, 1.5);
            if on2 + d2 <= dur - 2.0 && !near_turn(on2, on2 + d2) {
                last_off[li] = on2 + d2;
                kept.push((leg, on2, d2, a2));
            }
        }
    }

    let mut legs_vec = Vec::new();
    let mut truth = Vec::new();
    let mut gross = Vec::new();
    for leg in [Leg::Left, Leg::Right] {
        let g0 = match shin {
            Some(shin) => rng.perpendicular(shin),
            None => rng.unit_vector(),
        };
        // Turns: each leg's gravity direction turns by 30–120° about a random perpendicular axis.
        let mut g = g0;
        let mut turns = Vec::new();
        for &(ts, tl) in &turn_times {
            let axis = shin.unwrap_or_else(|| rng.perpendicular(g));
            let angle = rng.range(30.0, 120.0).to_radians();
            let amp = rng.log_range(k.burst_amp.0, k.burst_amp.1);
            let mut burst = new_transient(&mut rng, (ts, tl, amp), g, LM_TILT_DEG);
            burst.tilt = 0.0;
            turns.push(Turn {
                start: ts,
                len: tl,
                from: g,
                axis,
                angle,
                burst,
            });
            gross.push(LegMovement {
                leg,
                onset_s: ts,
                offset_s: ts + tl,
                peak: Some(amp),
                area: None,
                kind: MovementKind::Gross,
            });
            g = rotate(g, axis, angle);
        }
        // Transients on this leg, with the gravity direction current at their time.
        let mut transients = Vec::new();
        for &(l, on, d, a) in &kept {
            if l != leg {
                continue;
            }
            let gi = turns
                .iter()
                .rev()
                .find(|tn| tn.start + tn.len <= on)
                .map(|tn| rotate(tn.from, tn.axis, tn.angle))
                .unwrap_or(g0);
            let tilt = config.stress.lm_tilt_deg.unwrap_or(LM_TILT_DEG);
            transients.push(new_transient(&mut rng, (on, d, a), gi, tilt));
            truth.push(LegMovement {
                leg,
                onset_s: on,
                offset_s: on + d,
                peak: Some(a),
                area: None,
                kind: MovementKind::Leg,
            });
        }
        // Missing data (hard profile).
        let mut gaps = Vec::new();
        let mut zero_runs = Vec::new();
        let hours = dur / 3600.0;
        for _ in 0..(hours * k.gaps_per_hour).round() as usize {
            let s = rng.range(10.0, dur - 60.0);
            let len = if rng.chance(0.5) {
                rng.range(0.03, 0.09)
            } else {
                rng.log_range(0.2, 30.0)
            };
            gaps.push(Interval {
                onset_s: s,
                offset_s: s + len,
            });
        }
        for _ in 0..(hours * k.zero_runs_per_hour).round() as usize {
            let s = rng.range(10.0, dur - 700.0);
            let len = rng.range(60.0, 600.0);
            zero_runs.push(Interval {
                onset_s: s,
                offset_s: s + len,
            });
        }
        gaps.sort_by(|a, b| a.onset_s.total_cmp(&b.onset_s));
        zero_runs.sort_by(|a, b| a.onset_s.total_cmp(&b.onset_s));
        let (knocks, rings, switches) =
            plan_stress(config, &mut srng, &transients, &|a: f64, b: f64| {
                near_turn(a, b)
            });
        let breath = (rng.unit_vector(), rng.range(0.2, 0.3), rng.range(0.0, 6.3));
        let heart = (rng.unit_vector(), rng.range(0.9, 1.3), rng.range(0.0, 6.3));
        legs_vec.push(LegPlan {
            leg,
            g0,
            transients,
            turns,
            breath,
            heart,
            gaps,
            zero_runs,
            knocks,
            rings,
            switches,
        });
    }
    truth.sort_by(|a, b| a.onset_s.total_cmp(&b.onset_s));
    gross.sort_by(|a, b| a.onset_s.total_cmp(&b.onset_s));
    let right = legs_vec.pop().expect("two legs planned");
    let left = legs_vec.pop().expect("two legs planned");
    SimNight {
        config: config.clone(),
        full_scale_g: k.full_scale,
        bits: 12,
        jitter_steps: k.jitter_steps,
        legs: [left, right],
        truth,
        gross,
    }
}

/// Knocks, ring-downs and axis switches of one leg (stress), from its transients (sorted).
fn plan_stress(
    config: &SimConfig,
    rng: &mut Rng,
    transients: &[Transient],
    near_turn: &dyn Fn(f64, f64) -> bool,
) -> (Vec<stress::Knock>, Vec<stress::Ring>, Vec<f64>) {
    let st = &config.stress;
    let hours = config.duration_s / 3600.0;
    // Consecutive same-leg movements (truth onset, truth offset) with the quiet time between.
    let span = |tr: &Transient| {
        let lead = truth_fraction() * tr.rise;
        (tr.start + lead, tr.start + tr.len - lead)
    };
    type Pair = ((f64, f64), (f64, f64));
    let pairs: Vec<Pair> = transients
        .windows(2)
        .map(|w| (span(&w[0]), span(&w[1])))
        .collect();
    // Picks up to `n` distinct pairs passing `ok`; returns the midpoints of their quiet gaps.
    let pick = |rng: &mut Rng, n: usize, ok: &dyn Fn(&Pair) -> bool| {
        let good: Vec<f64> = pairs
            .iter()
            .filter(|p| ok(p) && !near_turn(p.0.1, p.1.0))
            .map(|p| 0.5 * (p.0.1 + p.1.0))
            .collect();
        let mut used = vec![false; good.len()];
        let mut out = Vec::new();
        for _ in 0..n.min(good.len()) {
            let mut j = (rng.uniform() * good.len() as f64) as usize % good.len();
            while used[j] {
                j = (j + 1) % good.len();
            }
            used[j] = true;
            out.push(good[j]);
        }
        out.sort_by(f64::total_cmp);
        out
    };
    let mut knocks = Vec::new();
    if let Some(kc) = &st.knocks {
        let n = (hours * kc.per_hour).round() as usize;
        for t in pick(rng, n, &|p| p.1.0 - p.0.1 >= 6.0) {
            let (lo, hi) = kc.samples;
            let len = lo + ((rng.uniform() * (hi - lo + 1) as f64) as usize).min(hi - lo);
            knocks.push(stress::Knock {
                start: (t * config.rate_hz).round() / config.rate_hz,
                samples: len.max(1),
                amp: rng.log_range(kc.amp_g.0, kc.amp_g.1),
                dir: rng.unit_vector(),
            });
        }
    }
    let n = (hours * st.axis_switches_per_hour).round() as usize;
    let switches = pick(rng, n, &|p| {
        let imi = p.1.0 - p.0.0;
        (10.0..=90.0).contains(&imi) && p.1.0 - p.0.1 >= 6.0
    });
    let mut rings = Vec::new();
    if let Some(r) = &st.ringing {
        for tr in transients {
            let (_, off) = span(tr);
            rings.push(stress::Ring {
                start: off,
                freq: rng.range(r.freq_hz.0, r.freq_hz.1),
                amp: tr.amp * rng.range(r.amp_fraction.0, r.amp_fraction.1),
                tau: rng.range(r.decay_s.0, r.decay_s.1),
                dir: rng.unit_vector(),
            });
        }
    }
    (knocks, rings, switches)
}
