//! The right leg's clock against the left's: estimated online from events both ankles see,
//! and applied to the right leg's detections before the merge.
//!
//! Two devices' crystals drift apart by 10–100 ppm (0.3–2.9 s over 8 h), so a constant offset
//! from the files' start times leaves bilateral movements split and inter-movement intervals
//! shrunk by the end of the night. Both ankles see posture changes (the body turns as one) and
//! bilateral leg movements (onsets within 0.5 s when WASM combines them), so each such pair
//! measures the right clock's lead `c = right onset − left onset` at its time. A weighted
//! straight-line fit `c(t) = offset + rate·t` over the night's pairs is the drift model
//! (quartz drift is steady over a night), and the right leg's detections are moved by it.
//!
//! # Pairs
//! A right movement (leg movement or posture change, after mapping) pairs with the nearest
//! unused left movement of the same kind whose onset is within [`PAIR_WINDOW_S`] of where the
//! fit expects it; it is decided once the left watermark has passed its window, so it never
//! depends on which leg's rows came first. Unpaired events cost nothing. A pair weighs by the
//! spread of its kind ([`LM_PAIR_SD_S`], [`POSTURE_PAIR_SD_S`]: posture changes are the sharp
//! markers). Outliers (unrelated movements that fall in the window) have a bounded residual
//! and are down-weighted against the fit (Huber, [`HUBER_K`]).
//!
//! # When it corrects
//! Only once the fit is trustworthy and matters: at least [`MIN_PAIRS`] pairs spread over at
//! least [`MIN_SPREAD_S`] (standard deviation of their times), a plausible rate (at most
//! [`MAX_RATE`]), and a predicted correction at least [`MIN_CORRECTION_S`] and
//! [`SIGNIFICANCE`] standard errors from zero. Until then the mapping is the identity (bit for
//! bit), so two clocks that agree give exactly the uncorrected result; once on, it stays on.
//!
//! # Streaming
//! The correction is a function of the right clock's raw time alone, `c(t)`, so that it does
//! not depend on how the detections were cut into blocks (a long gap reaches the pipeline in
//! pieces whose number depends on the chunking). A pair whose right onset is `r` enters the
//! fit at `τ = r + PAIR_DELAY_S`, in order of `τ`; at each `τ` the correction's path gets a
//! knot (its value there and the fit from then on), and between knots the correction moves
//! towards the fit's line at a slew of at most [`SLEW`] (s per s), so the mapping `t − c(t)`
//! is strictly increasing. `c(t)` is evaluated only once every pair with `τ < t` is in: a
//! detection at `t` waits only when the left leg lags the right by more than the delay (a
//! live leg gone silent: see `Pipeline::advance_leg_to`). A missing or saturated stretch
//! has each end moved by the correction at that end, so pieces of a stretch map onto pieces
//! of the mapped stretch. The merge stays in order and the result is the same, bit for bit,
//! whatever the block sizes. (One case is not covered: a movement whose onset lies inside a
//! saturated stretch at least [`PAIR_DELAY_S`] before its end and that pairs; its pair comes
//! after the stretch's end was mapped.)

use std::collections::VecDeque;

use super::ClockDriftPolicy;
use crate::detect::Detection;
use crate::event::{LegMovement, MovementKind};

/// Largest difference between the onsets of a pair (s): bilateral onsets within 0.5 s (the
/// WASM combination window) plus the detectors' onset errors and the fit's error.
pub const PAIR_WINDOW_S: f64 = 1.0;
/// A pair corrects detections at least this long after it (s): the left leg may lag by this
/// much before the right leg's detections wait for it. Drift changes the correction by 6 ms a
/// minute at 100 ppm, so the delay costs nothing.
pub const PAIR_DELAY_S: f64 = 60.0;
/// Fewest pairs before any correction.
pub const MIN_PAIRS: usize = 8;
/// Smallest spread (standard deviation of the pairs' times, s) before a rate is fitted.
pub const MIN_SPREAD_S: f64 = 300.0;
/// Largest plausible relative rate: watch crystals are specified at ±20–100 ppm; beyond
/// 1000 ppm the fit is not a clock.
pub const MAX_RATE: f64 = 1e-3;
/// Smallest correction worth applying (s): below it the legs' events already combine as they
/// would on one clock (onset errors of the detector are of that order).
pub const MIN_CORRECTION_S: f64 = 0.1;
/// Standard errors the predicted correction must be from zero before it is applied.
pub const SIGNIFICANCE: f64 = 3.0;
/// Spread (s, standard deviation) of a bilateral leg-movement pair's onset difference: the
/// legs' onsets differ by up to 0.5 s when WASM combines them (uniform: 0.29 s).
pub const LM_PAIR_SD_S: f64 = 0.3;
/// Spread (s) of a posture-change pair's onset difference: the body turns as one, and only
/// the detectors' onset errors remain (0.06–0.09 s measured on simulated nights at 25 and
/// 50 Hz), so a posture pair weighs `(LM_PAIR_SD_S / POSTURE_PAIR_SD_S)²` = 16 leg pairs.
pub const POSTURE_PAIR_SD_S: f64 = 0.075;
/// Residual, in standard deviations of its kind, beyond which a pair's weight falls as
/// 1/|residual| (Huber's 1.345: 95 % efficiency on normal residuals).
pub const HUBER_K: f64 = 1.345;
/// Largest rate (s per s) at which the applied correction moves towards the fit: 1 %, so
/// intervals are stretched by at most 1 % while it catches up.
pub const SLEW: f64 = 0.01;

/// The clock estimate reported with the night.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "io", derive(serde::Serialize))]
pub struct ClockDrift {
    /// Pairs of common events (bilateral leg movements, posture changes) in the fit.
    pub pairs: usize,
    /// How much faster the right clock runs than the left (ppm), once [`MIN_PAIRS`] pairs
    /// spread over [`MIN_SPREAD_S`] are in.
    pub ppm: Option<f64>,
    /// The right clock's lead over the left at the right leg's start (s, beyond the constant
    /// offset the pipeline was given), with `ppm`.
    pub offset_s: Option<f64>,
    /// Whether the right leg's detections were moved onto the left clock.
    pub applied: bool,
}

/// Weighted least-squares line `y = a + b·(x − mean x)`, updated one point at a time
/// (West's weighted mean and co-moments: no cancellation at night-long times).
#[derive(Debug, Clone, Copy, Default)]
struct LineFit {
    n: usize,
    w: f64,
    mx: f64,
    my: f64,
    sxx: f64,
    sxy: f64,
    syy: f64,
}

impl LineFit {
    fn add(&mut self, x: f64, y: f64, w: f64) {
        self.n += 1;
        self.w += w;
        let dx = x - self.mx;
        let dy = y - self.my;
        self.mx += w / self.w * dx;
        self.my += w / self.w * dy;
        self.sxx += w * dx * (x - self.mx);
        self.sxy += w * dx * (y - self.my);
        self.syy += w * dy * (y - self.my);
    }

    /// The fitted line's slope, once enough well-spread points are in.
    fn slope(&self) -> Option<f64> {
        let spread = (self.sxx / self.w).sqrt();
        (self.n >= MIN_PAIRS && spread >= MIN_SPREAD_S).then(|| self.sxy / self.sxx)
    }

    fn predict(&self, x: f64, b: f64) -> f64 {
        self.my + b * (x - self.mx)
    }

    /// Standard error of the prediction at `x` (weights relative to a leg-movement pair's).
    fn prediction_se(&self, x: f64, b: f64) -> f64 {
        let dof = (self.n as f64 - 2.0).max(1.0);
        let s2 = ((self.syy - b * self.sxy) / dof).max(0.0);
        (s2 * (1.0 / self.w + (x - self.mx).powi(2) / self.sxx)).sqrt()
    }
}

/// A right movement mapped, waiting for the left events around it.
#[derive(Debug, Clone, Copy)]
struct Unpaired {
    raw_s: f64,
    /// Where its partner's onset is expected on the left clock: the onset moved by the fit's
    /// correction when there is a fit (also before it is applied, so that the window does not
    /// cut off pairs the drift has already moved), within [`GATE_SHIFT_S`] of the mapped onset.
    centre_s: f64,
    kind: MovementKind,
}

/// Largest distance (s) between a pair window's centre and the mapped onset.
const GATE_SHIFT_S: f64 = 1.0;

/// A decided pair, not yet in the fit.
#[derive(Debug, Clone, Copy)]
struct Pair {
    raw_s: f64,
    /// Right onset (raw) minus left onset.
    lead_s: f64,
    /// Left onset's distance from the window's centre.
    residual_s: f64,
    kind: MovementKind,
}

/// A left movement that may still pair.
#[derive(Debug, Clone, Copy)]
struct LeftEvent {
    onset_s: f64,
    kind: MovementKind,
    used: bool,
}

/// A knot of the correction's path: where a pair entered the fit.
#[derive(Debug, Clone, Copy)]
struct Knot {
    /// Raw right time (s) of the knot: the pair's right onset plus [`PAIR_DELAY_S`].
    t: f64,
    /// The correction there (s).
    c: f64,
    /// The fit from the knot on.
    fit: LineFit,
    /// Whether the correction follows the fit from the knot on (else it goes to zero).
    active: bool,
}

impl Knot {
    /// The correction at raw time `t >= self.t`: towards the target at the slew limit.
    fn correction_at(&self, t: f64) -> f64 {
        let target = match (self.active, self.fit.slope()) {
            (true, Some(b)) => self.fit.predict(t, b.clamp(-MAX_RATE, MAX_RATE)),
            _ => 0.0,
        };
        let room = SLEW * (t - self.t).max(0.0);
        target.clamp(self.c - room, self.c + room)
    }
}

/// Online estimate and correction of the right clock: see the [module docs](self).
#[derive(Debug, Clone, Default)]
pub(crate) struct ClockCorrection {
    /// Right detections not yet mapped, in onset order.
    held: Vec<Detection>,
    unpaired: VecDeque<Unpaired>,
    left: Vec<LeftEvent>,
    pending: VecDeque<Pair>,
    fit: LineFit,
    active: bool,
    /// The correction's path, in order of time (one knot per pair in the fit).
    knots: Vec<Knot>,
    /// Raw onset and correction of the last mapped detection (later ones map no earlier).
    last_mapped: Option<(f64, f64)>,
    /// Estimate only: the correction is worked out as ever (pairs are found on the corrected
    /// times, or the estimate would lose them once the clocks are a pair window apart), but
    /// what leaves keeps the right clock's times.
    estimate_only: bool,
}

fn onset(d: &Detection) -> f64 {
    match d {
        Detection::Movement(m) => m.onset_s,
        Detection::Rejected(r) => r.movement.onset_s,
        Detection::Invalid(i) | Detection::Saturated(i) => i.onset_s,
    }
}

/// The last raw time whose correction the mapping of `d` needs: a stretch's end, else the
/// onset (a movement keeps its duration).
fn last_mapped_time(d: &Detection) -> f64 {
    match d {
        Detection::Invalid(i) | Detection::Saturated(i) => i.offset_s,
        _ => onset(d),
    }
}

fn shift_movement(m: &mut LegMovement, c: f64) {
    m.onset_s -= c;
    m.offset_s -= c;
}

impl ClockCorrection {
    /// A correction that corrects, or with [`ClockDriftPolicy::EstimateOnly`] only estimates.
    pub fn new(policy: ClockDriftPolicy) -> Self {
        ClockCorrection {
            estimate_only: policy == ClockDriftPolicy::EstimateOnly,
            ..ClockCorrection::default()
        }
    }

    /// Notes a left detection (only movements can pair).
    pub fn add_left(&mut self, d: &Detection) {
        if let Detection::Movement(m) = d {
            self.left.push(LeftEvent {
                onset_s: m.onset_s,
                kind: m.kind,
                used: false,
            });
        }
    }

    /// Takes a right detection (times on the right clock plus the pipeline's offset).
    pub fn add_right(&mut self, d: Detection) {
        let o = onset(&d);
        let at = self.held.partition_point(|h| onset(h) <= o);
        self.held.insert(at, d);
    }

    /// The last knot before raw time `t`, if any.
    fn knot_before(&self, t: f64) -> Option<&Knot> {
        let k = self.knots.partition_point(|k| k.t < t);
        k.checked_sub(1).map(|k| &self.knots[k])
    }

    /// The correction (s, subtracted from right times) at raw time `t`: final once every pair
    /// with `τ < t` is in the fit.
    fn correction_at(&self, t: f64) -> f64 {
        self.knot_before(t).map_or(0.0, |k| k.correction_at(t))
    }

    /// Moves `d` onto the left clock.
    fn map(&self, d: &mut Detection) {
        match d {
            Detection::Movement(m) => shift_movement(m, self.correction_at(m.onset_s)),
            Detection::Rejected(r) => {
                let c = self.correction_at(r.movement.onset_s);
                shift_movement(&mut r.movement, c);
            }
            Detection::Invalid(i) | Detection::Saturated(i) => {
                let (a, b) = (
                    self.correction_at(i.onset_s),
                    self.correction_at(i.offset_s),
                );
                i.onset_s -= a;
                i.offset_s -= b;
            }
        }
    }

    /// Folds every decided pair whose `τ` is before raw time `t`.
    fn fold_before(&mut self, t: f64) {
        while let Some(p) = self.pending.front().copied() {
            if p.raw_s >= t - PAIR_DELAY_S {
                break;
            }
            self.pending.pop_front();
            self.fold(p);
        }
    }

    /// Maps every right detection that can be mapped to `out` (left clock), given the legs'
    /// watermarks (`left_s` on the shared clock, `right_s` the right leg's own).
    pub fn process(&mut self, left_s: f64, right_s: f64, out: &mut Vec<Detection>) {
        loop {
            while let Some(u) = self.unpaired.front().copied() {
                if left_s <= u.centre_s + PAIR_WINDOW_S {
                    break;
                }
                self.unpaired.pop_front();
                self.pair(u);
            }
            let Some(head) = self.held.first() else {
                break;
            };
            let o = onset(head);
            let needed = last_mapped_time(head);
            let waiting = self
                .unpaired
                .front()
                .is_some_and(|u| u.raw_s < needed - PAIR_DELAY_S);
            if o >= right_s || waiting {
                break;
            }
            self.fold_before(needed);
            let c = self.correction_at(o);
            self.last_mapped = Some((o, c));
            let raw = self.held.remove(0);
            let mut d = raw;
            self.map(&mut d);
            if let Detection::Movement(m) = &d {
                let fit = self.knot_before(o).map(|k| k.fit);
                let fitted = fit
                    .and_then(|f| f.slope().map(|b| f.predict(o, b)))
                    .unwrap_or(c);
                let shift = (fitted - c).clamp(-GATE_SHIFT_S, GATE_SHIFT_S);
                self.unpaired.push_back(Unpaired {
                    raw_s: o,
                    centre_s: m.onset_s - shift,
                    kind: m.kind,
                });
            }
            out.push(if self.estimate_only { raw } else { d });
        }
        // What can be folded now is folded, so the watermark knows the correction there.
        let r0 = self.held.first().map_or(right_s, |h| onset(h).min(right_s));
        self.fold_before(r0);
        // Later right movements map no earlier than the last one, so their windows start no
        // earlier than this.
        let next = self
            .last_mapped
            .map_or(f64::NEG_INFINITY, |(o, c)| o - c - GATE_SHIFT_S);
        let floor = self.unpaired.front().map_or(next, |u| u.centre_s.min(next)) - PAIR_WINDOW_S;
        self.left.retain(|l| l.onset_s >= floor);
    }

    /// Pairs a right movement with the nearest unused left one of its kind in the window.
    fn pair(&mut self, u: Unpaired) {
        let best = self
            .left
            .iter_mut()
            .filter(|l| !l.used && l.kind == u.kind)
            .filter(|l| (l.onset_s - u.centre_s).abs() <= PAIR_WINDOW_S)
            .min_by(|a, b| {
                let da = (a.onset_s - u.centre_s).abs();
                let db = (b.onset_s - u.centre_s).abs();
                da.total_cmp(&db).then(a.onset_s.total_cmp(&b.onset_s))
            });
        if let Some(l) = best {
            l.used = true;
            self.pending.push_back(Pair {
                raw_s: u.raw_s,
                lead_s: u.raw_s - l.onset_s,
                residual_s: u.centre_s - l.onset_s,
                kind: u.kind,
            });
        }
    }

    /// Adds a pair to the fit at its `τ`, switches the correction on when it has become worth
    /// it there, and puts a knot in the path. A pair whose `τ` comes before the path's last knot
    /// (see the module docs for the one case) is left out.
    fn fold(&mut self, p: Pair) {
        let tau = p.raw_s + PAIR_DELAY_S;
        let c = match self.knots.last() {
            Some(k) if tau < k.t => return,
            Some(k) => k.correction_at(tau),
            None => 0.0,
        };
        let residual = match self.fit.slope() {
            Some(b) => p.lead_s - self.fit.predict(p.raw_s, b),
            None => p.residual_s,
        };
        let sd = match p.kind {
            MovementKind::Gross => POSTURE_PAIR_SD_S,
            MovementKind::Leg => LM_PAIR_SD_S,
        };
        let w = (LM_PAIR_SD_S / sd).powi(2) * (HUBER_K * sd / residual.abs()).min(1.0);
        self.fit.add(p.raw_s, p.lead_s, w);
        if !self.active
            && let Some(b) = self.fit.slope().filter(|b| b.abs() <= MAX_RATE)
        {
            let predicted = self.fit.predict(tau, b);
            let se = self.fit.prediction_se(tau, b);
            self.active = predicted.abs() >= MIN_CORRECTION_S.max(SIGNIFICANCE * se);
        }
        self.knots.push(Knot {
            t: tau,
            c,
            fit: self.fit,
            active: self.active,
        });
    }

    /// No right detection mapped from now on has an onset before this (shared clock), given
    /// the right leg's own watermark.
    pub fn watermark_s(&self, right_s: f64) -> f64 {
        let r0 = self.held.first().map_or(right_s, |h| onset(h).min(right_s));
        if !r0.is_finite() || self.estimate_only {
            return r0;
        }
        // A pair still to come with `τ < r0` may yet move the path before `r0`: from its `τ`
        // on by at most the slew.
        let first_raw = match (self.unpaired.front(), self.pending.front()) {
            (Some(u), Some(p)) => u.raw_s.min(p.raw_s),
            (Some(u), None) => u.raw_s,
            (None, Some(p)) => p.raw_s,
            (None, None) => f64::INFINITY,
        };
        let tau = first_raw + PAIR_DELAY_S;
        let c = if tau < r0 {
            let from = tau.max(self.knots.last().map_or(tau, |k| k.t));
            self.correction_at(from) + SLEW * (r0 - from)
        } else {
            self.correction_at(r0)
        };
        let w = r0 - c;
        // Rounding may put a later mapping an ulp earlier; a microsecond covers it.
        if self.knots.is_empty() { w } else { w - 1e-6 }
    }

    /// Whether every right detection given so far has been mapped.
    pub fn drained(&self) -> bool {
        self.held.is_empty()
    }

    /// Maps a raw right time with the mapping as it is now (the end of the leg's data).
    pub fn map_now(&self, t: f64) -> f64 {
        if self.estimate_only {
            return t;
        }
        t - self.correction_at(t)
    }

    /// The inverse of [`map_now`](Self::map_now), to a microsecond at 1000 ppm.
    pub fn unmap_now(&self, t: f64) -> f64 {
        if self.estimate_only {
            return t;
        }
        t + self.correction_at(t)
    }

    /// Moves the right leg's detection record as its detections were moved.
    pub fn move_record(&self, rec: &mut crate::detect::LegDetection) {
        if self.knots.is_empty() || self.estimate_only {
            return;
        }
        for m in &mut rec.movements {
            let c = self.correction_at(m.onset_s);
            shift_movement(m, c);
        }
        for r in &mut rec.rejected {
            let c = self.correction_at(r.movement.onset_s);
            shift_movement(&mut r.movement, c);
        }
        for i in rec.invalid.iter_mut().chain(&mut rec.saturated) {
            let (a, b) = (
                self.correction_at(i.onset_s),
                self.correction_at(i.offset_s),
            );
            i.onset_s -= a;
            i.offset_s -= b;
        }
        rec.end_s = self.map_now(rec.end_s);
    }

    /// The estimate as reported, with the right leg's start (shared clock).
    pub fn report(&self, start_s: f64) -> ClockDrift {
        let b = self.fit.slope();
        ClockDrift {
            pairs: self.fit.n,
            ppm: b.map(|b| b / (1.0 - b) * 1e6),
            offset_s: b.map(|b| self.fit.predict(start_s, b)),
            applied: self.active && !self.estimate_only,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{Interval, Leg};

    fn mv(leg: Leg, kind: MovementKind, onset: f64) -> Detection {
        Detection::Movement(LegMovement {
            kind,
            ..LegMovement::new(leg, onset, onset + 1.0)
        })
    }

    /// Posture changes every 10 min, the right clock 100 ppm fast and 0.2 s ahead, with onset
    /// errors of up to ±0.1 s; and a lone leg movement on each leg, which pairs with nothing.
    fn night(c: &mut ClockCorrection, out: &mut Vec<Detection>) {
        for k in 0..48 {
            let t = 300.0 + 600.0 * k as f64;
            let jitter = 0.05 * ((k * 7 % 5) as f64 - 2.0);
            c.add_left(&mv(Leg::Left, MovementKind::Gross, t));
            c.add_left(&mv(Leg::Left, MovementKind::Leg, t + 100.0));
            c.add_right(mv(
                Leg::Right,
                MovementKind::Gross,
                t * (1.0 + 1e-4) + 0.2 + jitter,
            ));
            c.add_right(mv(Leg::Right, MovementKind::Leg, t + 300.0));
            c.process(t + 200.0, t + 200.0, out);
        }
        c.process(f64::INFINITY, f64::INFINITY, out);
    }

    #[test]
    fn fits_the_drift_and_maps_the_right_leg_onto_the_left_clock() {
        let mut c = ClockCorrection::default();
        let mut out = Vec::new();
        night(&mut c, &mut out);
        let r = c.report(0.0);
        assert!(r.applied);
        assert_eq!(
            r.pairs, 48,
            "posture changes pair, the lone movements do not"
        );
        let ppm = r.ppm.unwrap();
        assert!((ppm - 100.0).abs() < 2.0, "{ppm} ppm");
        assert!((r.offset_s.unwrap() - 0.2).abs() < 0.05, "{:?}", r.offset_s);
        // The last posture changes land on the left's times.
        let last: Vec<f64> = out
            .iter()
            .filter_map(|d| match d {
                Detection::Movement(m) if m.kind == MovementKind::Gross => Some(m.onset_s),
                _ => None,
            })
            .collect();
        let t = 300.0 + 600.0 * 47.0;
        assert!((last[47] - t).abs() < 0.15, "{} vs {t}", last[47]);
        // Strictly increasing mapping.
        assert!(out.windows(2).all(|w| onset(&w[0]) < onset(&w[1])));
    }

    #[test]
    fn a_stretch_in_pieces_maps_onto_the_pieces_of_the_mapped_stretch() {
        let gap = |a: f64, b: f64| {
            Detection::Invalid(Interval {
                onset_s: a,
                offset_s: b,
            })
        };
        let mapped = |pieces: &[(f64, f64)]| {
            let mut c = ClockCorrection::default();
            let mut out = Vec::new();
            night(&mut c, &mut out);
            out.clear();
            for &(a, b) in pieces {
                c.add_right(gap(a, b));
            }
            c.process(f64::INFINITY, f64::INFINITY, &mut out);
            out
        };
        let whole = mapped(&[(29_000.0, 29_100.0)]);
        let pieces = mapped(&[(29_000.0, 29_040.0), (29_040.0, 29_100.0)]);
        let ends = |d: &Detection| match d {
            Detection::Invalid(i) => (i.onset_s, i.offset_s),
            _ => unreachable!(),
        };
        let (w, p0, p1) = (ends(&whole[0]), ends(&pieces[0]), ends(&pieces[1]));
        assert!(w.0 < 29_000.0 - 2.0, "corrected: {w:?}");
        assert_eq!((p0.0, p0.1, p1.1), (w.0, p1.0, w.1));
    }

    #[test]
    fn agreeing_clocks_are_left_alone_bit_for_bit() {
        let mut c = ClockCorrection::default();
        let mut out = Vec::new();
        let mut given = Vec::new();
        for k in 0..48 {
            let t = 300.0 + 600.0 * k as f64;
            let jitter = 0.05 * ((k * 7 % 5) as f64 - 2.0);
            c.add_left(&mv(Leg::Left, MovementKind::Gross, t));
            let d = mv(Leg::Right, MovementKind::Gross, t + jitter);
            given.push(d);
            c.add_right(d);
            c.process(t + 200.0, t + 200.0, &mut out);
        }
        c.process(f64::INFINITY, f64::INFINITY, &mut out);
        assert!(!c.report(0.0).applied);
        assert_eq!(out, given);
    }

    #[test]
    fn waits_for_the_left_leg_only_beyond_the_pair_delay() {
        let mut c = ClockCorrection::default();
        let mut out = Vec::new();
        c.add_right(mv(Leg::Right, MovementKind::Leg, 10.0));
        c.add_right(mv(Leg::Right, MovementKind::Leg, 50.0));
        c.add_right(mv(Leg::Right, MovementKind::Leg, 80.0));
        c.process(0.0, 100.0, &mut out);
        assert_eq!(
            out.len(),
            2,
            "80 s is more than the delay after 10 s, still unpaired"
        );
        // The pair of 10 s may still move the path from 70 s on, by the slew at most.
        let w = c.watermark_s(100.0);
        assert!((80.0 - SLEW * 10.0..=80.0).contains(&w), "{w}");
        c.process(11.5, 100.0, &mut out);
        assert_eq!(out.len(), 3);
    }
}
