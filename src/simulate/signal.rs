//! Sample synthesis for one leg of a planned night.

use super::clock::DeviceClock;
use super::rng::{Rng, rotate};
use super::{LegPlan, SimNight, Transient, leg_index};
use crate::event::Leg;
use crate::samples::TriaxialColumns;
use std::f64::consts::TAU;

/// Where the writers take rows from: a night's [`LegStream`] or a multi-day
/// [`WeekStream`](super::WeekStream), one leg at a time, in time order.
pub trait RowSource {
    /// The leg whose rows these are.
    fn leg(&self) -> Leg;
    /// Appends up to `max_rows` rows to `rows`; returns false once the source is exhausted.
    fn fill(&mut self, rows: &mut TriaxialColumns, max_rows: usize) -> bool;
}

impl RowSource for LegStream<'_> {
    fn leg(&self) -> Leg {
        self.leg
    }

    fn fill(&mut self, rows: &mut TriaxialColumns, max_rows: usize) -> bool {
        LegStream::fill(self, rows, max_rows)
    }
}

/// Generates one leg's rows in order, a block at a time, with bounded memory.
#[derive(Debug, Clone)]
pub struct LegStream<'a> {
    leg: Leg,
    plan: &'a LegPlan,
    /// Samples per true second (the device's nominal rate on its own clock).
    rate: f64,
    clock: DeviceClock,
    n: u64,
    i: u64,
    noise_sd: f64,
    full_scale: f64,
    lsb: f64,
    jitter: f64,
    noise: Rng,
    jit: Rng,
    next_tr: usize,
    active: Vec<usize>,
    turn: usize,
    g: [f64; 3],
    gap: usize,
    zero: usize,
    /// Lost-row generator and state (stress): packet size, loss fraction, packet lost.
    loss: Option<(Rng, u64, f64)>,
    lost: bool,
    knock: usize,
    ring: usize,
    switch: usize,
}

/// Raised-cosine (Tukey) envelope of a transient at `tau` s into its support.
fn envelope(tr: &Transient, tau: f64) -> f64 {
    if tau <= 0.0 || tau >= tr.len {
        return 0.0;
    }
    let edge = tau.min(tr.len - tau);
    if edge >= tr.rise {
        1.0
    } else {
        0.5 * (1.0 - (std::f64::consts::PI * edge / tr.rise).cos())
    }
}

/// Oscillation of a transient (normalised so that its magnitude never exceeds 1).
fn oscillation(tr: &Transient, tau: f64) -> f64 {
    tr.comps
        .iter()
        .map(|c| c[2] * (TAU * c[0] * tau + c[1]).sin())
        .sum()
}

impl<'a> LegStream<'a> {
    /// The leg whose rows these are.
    pub fn leg(&self) -> Leg {
        self.leg
    }

    pub(crate) fn new(night: &'a SimNight, leg: Leg) -> Self {
        let plan = &night.legs[leg_index(leg)];
        let cfg = &night.config;
        let fs = night.full_scale_g;
        let seed = cfg.seed ^ (0x5151_0000 + leg_index(leg) as u64);
        let clock = DeviceClock::new(leg, cfg.stress.clock_drift_ppm);
        let rate = clock.true_rate_hz(cfg.rate_hz);
        LegStream {
            leg,
            plan,
            rate,
            clock,
            n: (cfg.duration_s * rate).floor() as u64,
            i: 0,
            noise_sd: cfg.stress.noise_sd_g.unwrap_or(cfg.noise.sd_g()),
            full_scale: fs,
            lsb: 2.0 * fs / f64::from(1u32 << night.bits),
            jitter: night.jitter_steps,
            noise: Rng::new(seed),
            jit: Rng::new(seed.wrapping_mul(31).wrapping_add(7)),
            next_tr: 0,
            active: Vec::with_capacity(4),
            turn: 0,
            g: plan.g0,
            gap: 0,
            zero: 0,
            loss: cfg.stress.row_loss.as_ref().map(|l| {
                (
                    Rng::new(seed ^ 0x1055_0000_0000_0001),
                    l.packet_rows.max(1) as u64,
                    l.fraction,
                )
            }),
            lost: false,
            knock: 0,
            ring: 0,
            switch: 0,
        }
    }

    /// Total number of nominal sample slots in the night (rows in gaps are not emitted).
    pub fn nominal_samples(&self) -> u64 {
        self.n
    }

    /// Appends up to `max_rows` rows to `rows`; returns false once the night is exhausted.
    pub fn fill(&mut self, rows: &mut TriaxialColumns, max_rows: usize) -> bool {
        let mut emitted = 0;
        while emitted < max_rows {
            if self.i >= self.n {
                return false;
            }
            let idx = self.i;
            let tn = idx as f64 / self.rate;
            self.i += 1;
            let t = if self.jitter > 0.0 {
                tn + self.jit.range(-self.jitter, self.jitter) / self.rate
            } else {
                tn
            };
            let v = self.sample(t, tn);
            if let Some((rng, packet, fraction)) = &mut self.loss {
                if idx % *packet == 0 {
                    self.lost = rng.chance(*fraction);
                }
                if self.lost {
                    continue;
                }
            }
            // Missing rows: gaps emit nothing; idle stretches emit exact zeros.
            let gaps = &self.plan.gaps;
            while self.gap < gaps.len() && gaps[self.gap].offset_s < t {
                self.gap += 1;
            }
            if self.gap < gaps.len() && gaps[self.gap].onset_s <= t {
                continue;
            }
            let zr = &self.plan.zero_runs;
            while self.zero < zr.len() && zr[self.zero].offset_s < t {
                self.zero += 1;
            }
            let v = if self.zero < zr.len() && zr[self.zero].onset_s <= t {
                [0.0; 3]
            } else {
                v
            };
            rows.t.push(self.clock.reading(t));
            rows.x.push(v[0]);
            rows.y.push(v[1]);
            rows.z.push(v[2]);
            emitted += 1;
        }
        true
    }

    /// The sensor reading at time `t` (sample times must be visited in increasing order).
    fn sample(&mut self, t: f64, tn: f64) -> [f64; 3] {
        let plan = self.plan;
        // Posture: finished turns update the resting gravity direction.
        while self.turn < plan.turns.len() {
            let tn = &plan.turns[self.turn];
            if t >= tn.start + tn.len {
                self.g = rotate(tn.from, tn.axis, tn.angle);
                self.turn += 1;
            } else {
                break;
            }
        }
        let mut g = self.g;
        let mut a = [0.0; 3];
        if let Some(tn) = plan.turns.get(self.turn)
            && t > tn.start
        {
            let u = (t - tn.start) / tn.len;
            let sm = u * u * (3.0 - 2.0 * u);
            g = rotate(tn.from, tn.axis, tn.angle * sm);
            let b = &tn.burst;
            let tau = t - b.start;
            let s = b.amp * envelope(b, tau) * oscillation(b, tau);
            for (ai, di) in a.iter_mut().zip(b.dir) {
                *ai += s * di;
            }
        }
        // Leg movements active now.
        while self.next_tr < plan.transients.len() && plan.transients[self.next_tr].start <= t {
            self.active.push(self.next_tr);
            self.next_tr += 1;
        }
        self.active.retain(|&k| {
            let tr = &plan.transients[k];
            t < tr.start + tr.len
        });
        for &k in &self.active {
            let tr = &plan.transients[k];
            let tau = t - tr.start;
            let w = envelope(tr, tau);
            let s = tr.amp * w * oscillation(tr, tau);
            for (ai, di) in a.iter_mut().zip(tr.dir) {
                *ai += s * di;
            }
            if tr.tilt != 0.0 {
                g = rotate(g, tr.tilt_axis, tr.tilt * w);
            }
        }
        self.stress_motion(t, tn, &mut a);
        // Micro-motion: breathing and heartbeat pulses.
        let (bd, bf, bp) = plan.breath;
        let br = 0.002 * (TAU * bf * t + bp).sin();
        let (hd, hf, hp) = plan.heart;
        let p = (TAU * hf * t + hp).sin();
        let hb = if p > 0.0 { 0.0005 * p.powi(8) } else { 0.0 };
        let mut raw = [0.0; 3];
        for k in 0..3 {
            raw[k] = g[k] + a[k] + br * bd[k] + hb * hd[k] + self.noise_sd * self.noise.normal();
        }
        // Axis-convention switches (stress): the firmware reports the same physics differently.
        let sw = &plan.switches;
        while self.switch < sw.len() && sw[self.switch] <= tn {
            self.switch += 1;
        }
        for _ in 0..self.switch {
            raw = super::stress::switch_axes(raw);
        }
        let mut out = [0.0; 3];
        for k in 0..3 {
            let v = raw[k].clamp(-self.full_scale, self.full_scale);
            out[k] = ((v / self.lsb).round() * self.lsb).clamp(-self.full_scale, self.full_scale);
        }
        out
    }

    /// Knocks and strap ringing (stress), added to the motion `a` at time `t` (nominal `tn`).
    fn stress_motion(&mut self, t: f64, tn: f64, a: &mut [f64; 3]) {
        let plan = self.plan;
        let dt = 1.0 / self.rate;
        let ks = &plan.knocks;
        while self.knock < ks.len()
            && tn >= ks[self.knock].start + (ks[self.knock].samples as f64 - 0.5) * dt
        {
            self.knock += 1;
        }
        if let Some(k) = ks.get(self.knock)
            && tn >= k.start - 0.5 * dt
        {
            // Sample j of n: a half-sine over the knock's samples (one sample: the peak).
            let j = ((tn - k.start) * self.rate).round().max(0.0);
            let n = k.samples as f64;
            let w = (std::f64::consts::PI * (j + 0.5) / n).sin();
            for (ai, di) in a.iter_mut().zip(k.dir) {
                *ai += k.amp * w * di;
            }
        }
        let rs = &plan.rings;
        while self.ring < rs.len() && t > rs[self.ring].start + 10.0 * rs[self.ring].tau {
            self.ring += 1;
        }
        for r in &rs[self.ring..] {
            if r.start > t {
                break;
            }
            let tau = t - r.start;
            if tau > 10.0 * r.tau {
                continue;
            }
            let s = r.amp * (-tau / r.tau).exp() * (TAU * r.freq * tau).sin();
            for (ai, di) in a.iter_mut().zip(r.dir) {
                *ai += s * di;
            }
        }
    }
}
