//! Multi-day recordings: days on the feet, nights in bed, naps and non-wear, with truth.
//!
//! A [`SimWeek`] plans `days` days from 10:00 on the start date, as a list of contiguous
//! segments, and [`WeekStream`] synthesises one leg's rows from it on demand, so a 7-day 100-Hz
//! week needs no more memory than its plan. Every writer takes a [`WeekStream`] (it is a
//! [`RowSource`]), so a week is written in every device format the simulator knows.
//!
//! Physics, per leg (sensor frame, g). The device is strapped above the ankle with its x axis
//! along the shin ([`SHIN_AXIS`]), so the shin's inclination is the angle between gravity and x:
//! - walking: gravity along the shin, swinging ±15–30° at the stride frequency (0.8–1.0 Hz,
//!   the legs half a stride apart) with heel-strike impacts (0.2–0.6 g);
//! - standing: gravity within 8° of the shin; sitting with the feet down: 10–45°;
//! - lying (naps, nights): gravity perpendicular to the shin, rolled by a random angle; a
//!   night is a [`SimNight`] (posture changes roll about the shin, PLM trains, breathing and
//!   heartbeat micro-motion), each night with its own PLM intensity (trains per hour);
//! - a bathroom trip splits some nights: 3–8 min of walking, then a new [`SimNight`];
//! - non-wear: the device lies flat on a table (gravity within 3° of ±z, which reads like a
//!   lying shin), only sensor noise, with handling knocks (1–3 g, a few samples) when it is
//!   taken off and put back on;
//! - breathing (2 mg) and heartbeat (0.5 mg) micro-motion whenever the device is worn; posture
//!   transitions turn gravity over 3 s; white sensor noise, ±8 g full scale, 12 bits.
//!
//! Truth: the nights ([`TrueNight`]: in bed to out of bed, interruptions), naps, non-wear
//! stretches, leg movements and gross movements (posture changes, and each bathroom trip as one
//! gross movement on each leg) on the recording's clock.

use super::rng::{Rng, rotate};
use super::signal::{LegStream, RowSource};
use super::{InBed, NoiseLevel, Profile, SimConfig, SimNight, leg_index};
use crate::event::{Interval, Leg, LegMovement, MovementKind};
use crate::samples::TriaxialColumns;
use crate::{Error, Result};
use std::f64::consts::TAU;

/// The shin's axis in the sensor frame: the device's x axis (pointing up the leg).
pub const SHIN_AXIS: [f64; 3] = [1.0, 0.0, 0.0];

/// 2026-03-14 10:00:00 (UTC read of the naive local time): a multi-day recording's default
/// start, the morning of [`DEFAULT_START_UNIX_S`](super::DEFAULT_START_UNIX_S)'s date.
pub const WEEK_START_UNIX_S: i64 = 1_773_482_400;

/// Length of a posture transition (s): the shin turns over this time.
const TRANSITION_S: f64 = 3.0;
/// Sensor full scale (g) and resolution (bits), as a typical ankle device.
const FULL_SCALE_G: f64 = 8.0;
const BITS: u32 = 12;

/// What multi-day recording to simulate.
#[derive(Debug, Clone, PartialEq)]
pub struct WeekConfig {
    /// Seed of every random choice.
    pub seed: u64,
    /// Sample rate (Hz).
    pub rate_hz: f64,
    /// Days from 10:00 to 10:00; one night per day.
    pub days: u32,
    /// Sensor noise.
    pub noise: NoiseLevel,
    /// Range of nap lengths (min): lying still by day, without leg movements.
    pub nap_minutes: (f64, f64),
}

impl Default for WeekConfig {
    fn default() -> Self {
        WeekConfig {
            seed: 1,
            rate_hz: 50.0,
            days: 7,
            noise: NoiseLevel::Medium,
            nap_minutes: (20.0, 75.0),
        }
    }
}

/// One true night in bed.
#[derive(Debug, Clone, PartialEq)]
pub struct TrueNight {
    /// Lying down in bed (s from the recording's start).
    pub in_bed_s: f64,
    /// Getting up for the day (s).
    pub out_of_bed_s: f64,
    /// The night's PLM intensity: PLM trains planned per hour.
    pub plm_trains_per_hour: f64,
    /// Bathroom trips (out of bed, walking) inside the night.
    pub interruptions: Vec<Interval>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Walking,
    Standing,
    Sitting,
    Nap,
    OffBody,
    /// Index into the week's nights.
    Night(usize),
}

#[derive(Debug, Clone, PartialEq)]
struct Segment {
    start_s: f64,
    end_s: f64,
    kind: Kind,
    /// Resting gravity direction per leg (unit; for nights the night's own plan rules).
    g: [[f64; 3]; 2],
    /// Gravity at the end of the previous segment, turned from over the first 3 s.
    from: [[f64; 3]; 2],
    /// Gravity at the start of a night that follows, turned to over the last 3 s.
    to: Option<[[f64; 3]; 2]>,
    /// Stride frequency (Hz) and swing amplitude (rad) when walking.
    stride: (f64, f64),
}

/// A handling knock (non-wear take-off / put-on).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Knock {
    start_s: f64,
    samples: u32,
    amp_g: f64,
    dir: [f64; 3],
}

/// Breathing and heartbeat of one leg: (direction, frequency Hz, phase rad) each.
type Micro = ([f64; 3], f64, f64, [f64; 3], f64, f64);

/// A planned multi-day recording: the truth, and what [`WeekStream`] needs to synthesise it.
#[derive(Debug, Clone, PartialEq)]
pub struct SimWeek {
    config: WeekConfig,
    segments: Vec<Segment>,
    nights_sim: Vec<SimNight>,
    nights: Vec<TrueNight>,
    naps: Vec<Interval>,
    non_wear: Vec<Interval>,
    knocks: Vec<Knock>,
    truth: Vec<LegMovement>,
    gross: Vec<LegMovement>,
    /// Breathing and heartbeat (direction, frequency Hz, phase) per leg.
    micro: [Micro; 2],
}

impl SimWeek {
    /// Plans a recording. Errors on a rate below 5 Hz or not finite, or no day.
    pub fn new(config: &WeekConfig) -> Result<Self> {
        if !(config.rate_hz.is_finite() && config.rate_hz >= 5.0) {
            return Err(Error::InvalidConfig(format!(
                "simulate: rate_hz must be finite and >= 5, got {}",
                config.rate_hz
            )));
        }
        let (lo, hi) = config.nap_minutes;
        if !(lo.is_finite() && hi.is_finite() && lo >= 1.0 && hi >= lo && hi <= 150.0) {
            return Err(Error::InvalidConfig(format!(
                "simulate: nap_minutes must be finite with 1 <= lo <= hi <= 150, got {lo}..{hi}"
            )));
        }
        if config.days == 0 {
            return Err(Error::InvalidConfig(
                "simulate: a multi-day recording needs at least one day".into(),
            ));
        }
        plan(config)
    }

    /// The configuration it was planned from.
    pub fn config(&self) -> &WeekConfig {
        &self.config
    }

    /// Length of the recording (s): `days` × 24 h.
    pub fn duration_s(&self) -> f64 {
        f64::from(self.config.days) * 86_400.0
    }

    /// The true nights, in time order.
    pub fn nights(&self) -> &[TrueNight] {
        &self.nights
    }

    /// The naps (lying down by day, shorter than a night), in time order.
    pub fn naps(&self) -> &[Interval] {
        &self.naps
    }

    /// The non-wear stretches (device on a table, from taking it off to putting it on).
    pub fn non_wear(&self) -> &[Interval] {
        &self.non_wear
    }

    /// True leg movements on both legs, sorted by onset.
    pub fn truth(&self) -> &[LegMovement] {
        &self.truth
    }

    /// True gross movements (posture changes in bed, bathroom trips) per leg, sorted by onset.
    pub fn gross(&self) -> &[LegMovement] {
        &self.gross
    }

    /// A streaming generator of `leg`'s rows (time in s from the recording's start).
    pub fn stream(&self, leg: Leg) -> WeekStream<'_> {
        let li = leg_index(leg);
        WeekStream {
            week: self,
            leg,
            rate: self.config.rate_hz,
            i: 0,
            n: (self.duration_s() * self.config.rate_hz).floor() as u64,
            seg: 0,
            night: None,
            noise: Rng::new(self.config.seed ^ (0x7eed_0000 + li as u64)),
            noise_sd: self.config.noise.sd_g(),
            lsb: 2.0 * FULL_SCALE_G / f64::from(1u32 << BITS),
            knock: 0,
        }
    }
}

/// Rounds a time to whole seconds, so segment edges fall on samples at integer rates.
fn whole(t: f64) -> f64 {
    t.round()
}

fn upright(rng: &mut Rng, max_tilt_deg: f64, min_tilt_deg: f64) -> [f64; 3] {
    let tilt = rng.range(min_tilt_deg, max_tilt_deg).to_radians();
    // Tilt forward/back (about y) and a little sideways (about z).
    let g = rotate(SHIN_AXIS, [0.0, 1.0, 0.0], tilt);
    rotate(g, [0.0, 0.0, 1.0], rng.range(-5.0, 5.0).to_radians())
}

fn lying(rng: &mut Rng) -> [f64; 3] {
    rotate([0.0, 0.0, 1.0], SHIN_AXIS, rng.range(0.0, TAU))
}

/// Gravity at the end of a planned night for each leg.
fn night_end_g(night: &SimNight) -> [[f64; 3]; 2] {
    let end = |i: usize| {
        let p = &night.legs[i];
        p.turns
            .last()
            .map_or(p.g0, |t| rotate(t.from, t.axis, t.angle))
    };
    [end(0), end(1)]
}

fn plan(config: &WeekConfig) -> Result<SimWeek> {
    let mut rng = Rng::new(config.seed.wrapping_mul(0x9e37_79b9).wrapping_add(12));
    let day_s = 86_400.0;
    let end_s = f64::from(config.days) * day_s;
    // (start, end, kind) of the fixed events; activities fill the rest.
    let mut segments: Vec<Segment> = Vec::new();
    let mut nights_sim = Vec::new();
    let mut nights = Vec::new();
    let mut naps = Vec::new();
    let mut non_wear = Vec::new();
    let mut knocks = Vec::new();
    let mut cursor = 0.0;
    let day_seg = |rng: &mut Rng, start: f64, end: f64, kind: Kind| {
        let g = match kind {
            Kind::Walking | Kind::Standing => [upright(rng, 8.0, 0.0), upright(rng, 8.0, 0.0)],
            Kind::Sitting => [upright(rng, 45.0, 10.0), upright(rng, 45.0, 10.0)],
            Kind::Nap => [lying(rng), lying(rng)],
            Kind::OffBody => {
                let up = if rng.chance(0.5) { 1.0 } else { -1.0 };
                let table = rotate(
                    [0.0, 0.0, up],
                    rng.unit_vector(),
                    rng.range(0.0, 3.0).to_radians(),
                );
                [table, rotate(table, [0.0, 0.0, 1.0], rng.range(0.0, TAU))]
            }
            Kind::Night(_) => unreachable!("nights are planned apart"),
        };
        Segment {
            start_s: start,
            end_s: end,
            kind,
            g,
            from: g,
            to: None,
            stride: (rng.range(0.8, 1.0), rng.range(15.0, 30.0).to_radians()),
        }
    };
    // Daytime activities from `cursor` to `until`.
    let fill = |rng: &mut Rng, segments: &mut Vec<Segment>, from: f64, until: f64| {
        let mut t = from;
        while until - t >= 1.0 {
            let (kind, len) = match rng.range(0.0, 3.0) as u32 {
                0 => (Kind::Walking, rng.range(120.0, 900.0)),
                1 => (Kind::Sitting, rng.range(600.0, 2700.0)),
                _ => (Kind::Standing, rng.range(120.0, 480.0)),
            };
            let mut e = whole(t + len).min(until);
            if until - e < 60.0 {
                e = until;
            }
            segments.push(day_seg(rng, t, e, kind));
            t = e;
        }
    };
    for d in 0..config.days {
        let base = f64::from(d) * day_s;
        // A nap on about half of the days (always on the first), 14:00–16:00, 20–75 min.
        if d == 0 || rng.chance(0.5) {
            let s = whole(base + rng.range(4.0, 6.0) * 3600.0);
            let (lo, hi) = config.nap_minutes;
            let e = whole(s + rng.range(lo, hi) * 60.0);
            fill(&mut rng, &mut segments, cursor, s);
            segments.push(day_seg(&mut rng, s, e, Kind::Nap));
            naps.push(Interval {
                onset_s: s,
                offset_s: e,
            });
            cursor = e;
        }
        // Non-wear on most days (always on the second), 17:00–19:00, 50–150 min.
        if d == 1 || rng.chance(0.6) {
            let s = whole(base + rng.range(7.0, 9.0) * 3600.0).max(cursor + 600.0);
            let e = whole(s + rng.range(50.0, 150.0) * 60.0);
            fill(&mut rng, &mut segments, cursor, s);
            segments.push(day_seg(&mut rng, s, e, Kind::OffBody));
            non_wear.push(Interval {
                onset_s: s,
                offset_s: e,
            });
            for edge in [s, e - 20.0] {
                for _ in 0..rng.range(2.0, 5.0) as usize {
                    knocks.push(Knock {
                        start_s: edge + rng.range(0.5, 19.0),
                        samples: rng.range(2.0, 8.0) as u32,
                        amp_g: rng.log_range(1.0, 3.0),
                        dir: rng.unit_vector(),
                    });
                }
            }
            cursor = e;
        }
        // The night: in bed 22:30 ± 45 min, up 06:45 ± 45 min.
        let in_bed = whole(base + (12.5 + rng.range(-0.75, 0.75)) * 3600.0).max(cursor + 1800.0);
        let out = whole(base + (20.75 + rng.range(-0.75, 0.75)) * 3600.0).min(end_s - 600.0);
        fill(&mut rng, &mut segments, cursor, in_bed);
        let intensity = rng.log_range(0.3, 4.0);
        let mut parts = vec![(in_bed, out)];
        let mut interruptions = Vec::new();
        if rng.chance(0.5) && out - in_bed > 5.0 * 3600.0 {
            let s = whole(rng.range(in_bed + 2.0 * 3600.0, out - 2.0 * 3600.0));
            let e = whole(s + rng.range(3.0, 8.0) * 60.0);
            if s > in_bed + 3600.0 && e < out - 3600.0 {
                parts = vec![(in_bed, s), (e, out)];
                interruptions.push(Interval {
                    onset_s: s,
                    offset_s: e,
                });
            }
        }
        for (k, &(s, e)) in parts.iter().enumerate() {
            if k > 0 {
                let walk_start = parts[k - 1].1;
                segments.push(day_seg(&mut rng, walk_start, s, Kind::Walking));
            }
            let night_cfg = SimConfig {
                seed: config
                    .seed
                    .wrapping_mul(1000)
                    .wrapping_add(nights_sim.len() as u64 + 1),
                rate_hz: config.rate_hz,
                duration_s: e - s,
                profile: Profile::Typical,
                noise: config.noise,
                ..SimConfig::default()
            };
            let bed = InBed {
                plm_trains_per_hour: intensity,
                shin_axis: SHIN_AXIS,
            };
            let sim = SimNight::in_bed(&night_cfg, bed)?;
            let g = [sim.legs[0].g0, sim.legs[1].g0];
            segments.push(Segment {
                start_s: s,
                end_s: e,
                kind: Kind::Night(nights_sim.len()),
                g,
                from: g,
                to: None,
                stride: (0.9, 0.0),
            });
            nights_sim.push(sim);
        }
        nights.push(TrueNight {
            in_bed_s: in_bed,
            out_of_bed_s: out,
            plm_trains_per_hour: intensity,
            interruptions,
        });
        cursor = out;
    }
    fill(&mut rng, &mut segments, cursor, end_s);
    // Transitions: each segment turns from the previous one's end; a day segment before a
    // night turns to the night's start.
    for k in 1..segments.len() {
        let prev_end = match segments[k - 1].kind {
            Kind::Night(n) => night_end_g(&nights_sim[n]),
            _ => segments[k - 1].g,
        };
        segments[k].from = prev_end;
        if let Kind::Night(_) = segments[k].kind {
            let g = segments[k].g;
            if !matches!(segments[k - 1].kind, Kind::Night(_)) {
                segments[k - 1].to = Some(g);
            }
        }
    }
    // Truth on the recording's clock.
    let mut truth = Vec::new();
    let mut gross = Vec::new();
    for seg in &segments {
        if let Kind::Night(n) = seg.kind {
            let shift = |m: &LegMovement| LegMovement {
                onset_s: m.onset_s + seg.start_s,
                offset_s: m.offset_s + seg.start_s,
                ..*m
            };
            truth.extend(nights_sim[n].truth().iter().map(shift));
            gross.extend(nights_sim[n].gross().iter().map(shift));
        }
    }
    for night in &nights {
        for iv in &night.interruptions {
            for leg in [Leg::Left, Leg::Right] {
                gross.push(LegMovement {
                    leg,
                    onset_s: iv.onset_s - TRANSITION_S,
                    offset_s: iv.offset_s + TRANSITION_S,
                    peak: None,
                    area: None,
                    kind: MovementKind::Gross,
                });
            }
        }
    }
    truth.sort_by(|a, b| a.onset_s.total_cmp(&b.onset_s));
    gross.sort_by(|a, b| a.onset_s.total_cmp(&b.onset_s));
    knocks.sort_by(|a, b| a.start_s.total_cmp(&b.start_s));
    let mut micro = || {
        (
            rng.unit_vector(),
            rng.range(0.2, 0.3),
            rng.range(0.0, 6.3),
            rng.unit_vector(),
            rng.range(0.9, 1.3),
            rng.range(0.0, 6.3),
        )
    };
    let micro = [micro(), micro()];
    Ok(SimWeek {
        config: config.clone(),
        segments,
        nights_sim,
        nights,
        naps,
        non_wear,
        knocks,
        truth,
        gross,
        micro,
    })
}

/// Unit vector between `a` and `b` at fraction `u` (normalised linear interpolation).
fn between(a: [f64; 3], b: [f64; 3], u: f64) -> [f64; 3] {
    let s = u * u * (3.0 - 2.0 * u);
    let v = [
        a[0] + (b[0] - a[0]) * s,
        a[1] + (b[1] - a[1]) * s,
        a[2] + (b[2] - a[2]) * s,
    ];
    let n = (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]).sqrt().max(1e-9);
    [v[0] / n, v[1] / n, v[2] / n]
}

/// Generates one leg's rows of a [`SimWeek`] in order, a block at a time, bounded memory.
#[derive(Debug, Clone)]
pub struct WeekStream<'a> {
    week: &'a SimWeek,
    leg: Leg,
    rate: f64,
    i: u64,
    n: u64,
    seg: usize,
    night: Option<LegStream<'a>>,
    noise: Rng,
    noise_sd: f64,
    lsb: f64,
    knock: usize,
}

impl WeekStream<'_> {
    /// Number of sample slots in the recording.
    pub fn nominal_samples(&self) -> u64 {
        self.n
    }

    /// A daytime (or nap, or non-wear) sample at `t` in segment `seg`.
    fn day_sample(&mut self, seg: &Segment, t: f64) -> [f64; 3] {
        let li = leg_index(self.leg);
        let mut g = seg.g[li];
        if t - seg.start_s < TRANSITION_S {
            g = between(seg.from[li], g, (t - seg.start_s) / TRANSITION_S);
        }
        if let Some(to) = seg.to
            && seg.end_s - t < TRANSITION_S
        {
            g = between(g, to[li], 1.0 - (seg.end_s - t) / TRANSITION_S);
        }
        let mut a = [0.0; 3];
        if seg.kind == Kind::Walking {
            let (f, swing) = seg.stride;
            let phase = TAU * f * t + if li == 1 { std::f64::consts::PI } else { 0.0 };
            g = rotate(g, [0.0, 1.0, 0.0], swing * phase.sin());
            // Heel strike once a stride, along the shin.
            let p = phase.cos();
            let strike = if p > 0.0 { 0.4 * p.powi(16) } else { 0.0 };
            a[0] += strike;
        }
        if seg.kind != Kind::OffBody {
            let (bd, bf, bp, hd, hf, hp) = self.week.micro[li];
            let br = 0.002 * (TAU * bf * t + bp).sin();
            let q = (TAU * hf * t + hp).sin();
            let hb = if q > 0.0 { 0.0005 * q.powi(8) } else { 0.0 };
            for k in 0..3 {
                a[k] += br * bd[k] + hb * hd[k];
            }
        } else {
            let ks = &self.week.knocks;
            let dt = 1.0 / self.rate;
            while self.knock < ks.len()
                && t > ks[self.knock].start_s + f64::from(ks[self.knock].samples) * dt
            {
                self.knock += 1;
            }
            if let Some(k) = ks.get(self.knock)
                && t >= k.start_s
            {
                let j = ((t - k.start_s) * self.rate).floor();
                let w = (std::f64::consts::PI * (j + 0.5) / f64::from(k.samples)).sin();
                for (ai, di) in a.iter_mut().zip(k.dir) {
                    *ai += k.amp_g * w.max(0.0) * di;
                }
            }
        }
        let mut out = [0.0; 3];
        for k in 0..3 {
            let v = (g[k] + a[k] + self.noise_sd * self.noise.normal())
                .clamp(-FULL_SCALE_G, FULL_SCALE_G);
            out[k] = ((v / self.lsb).round() * self.lsb).clamp(-FULL_SCALE_G, FULL_SCALE_G);
        }
        out
    }
}

impl RowSource for WeekStream<'_> {
    fn leg(&self) -> Leg {
        self.leg
    }

    fn fill(&mut self, rows: &mut TriaxialColumns, max_rows: usize) -> bool {
        let week = self.week;
        let mut emitted = 0;
        while emitted < max_rows {
            if self.i >= self.n || self.seg >= week.segments.len() {
                return false;
            }
            let seg = &week.segments[self.seg];
            let seg_end = ((seg.end_s * self.rate).round() as u64).min(self.n);
            if self.i >= seg_end {
                self.seg += 1;
                self.night = None;
                continue;
            }
            if let Kind::Night(k) = seg.kind {
                let stream = self
                    .night
                    .get_or_insert_with(|| week.nights_sim[k].stream(self.leg));
                let before = rows.len();
                let want = (max_rows - emitted).min((seg_end - self.i) as usize);
                let more = stream.fill(rows, want);
                let got = rows.len() - before;
                for t in &mut rows.t[before..] {
                    *t += seg.start_s;
                }
                self.i += got as u64;
                emitted += got;
                if !more || got == 0 {
                    self.i = seg_end;
                }
                continue;
            }
            let t = self.i as f64 / self.rate;
            let v = self.day_sample(seg, t);
            rows.t.push(t);
            rows.x.push(v[0]);
            rows.y.push(v[1]);
            rows.z.push(v[2]);
            self.i += 1;
            emitted += 1;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_week_has_a_night_per_day_inside_the_recording_and_no_overlaps() {
        let w = SimWeek::new(&WeekConfig::default()).unwrap();
        assert_eq!(w.nights().len(), 7);
        for pair in w.segments.windows(2) {
            assert_eq!(pair[0].end_s, pair[1].start_s);
        }
        assert_eq!(w.segments.last().unwrap().end_s, w.duration_s());
        for n in w.nights() {
            assert!(n.out_of_bed_s - n.in_bed_s > 6.0 * 3600.0);
            for other in w.naps().iter().chain(w.non_wear()) {
                assert!(other.offset_s < n.in_bed_s || other.onset_s > n.out_of_bed_s);
            }
        }
        assert!(!w.non_wear().is_empty() && !w.naps().is_empty());
    }
}
