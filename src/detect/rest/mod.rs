//! Rest periods (nights in bed, naps) and non-wear from an ankle accelerometer, streaming.
//!
//! # Method
//! A sensor strapped above the ankle sees the shin's inclination: gravity along the shin when
//! standing, walking or sitting with the feet down, across it when lying. The rows of one leg
//! (the left when both are worn; its clock is the shared one) are cut into 1-s blocks and
//! 30-s epochs ([`RestConfig::epoch_s`]) on the shared clock. Per epoch:
//! - **inclination**: the angle between the epoch's mean acceleration (the low-passed gravity
//!   vector) and the shin axis ([`RestConfig::shin_axis`], the device's x axis by default);
//!   beyond [`RestConfig::lying_min_deg`] (60°: the shin within 30° of horizontal) it is lying;
//! - **activity**: a second is moving when the standard deviation of its samples (summed over
//!   the axes) exceeds [`RestConfig::moving_block_g`] (0.05 g: walking is 0.2–1 g, breathing
//!   and heartbeat are milli-g, a leg movement lasts 0.5–10 s); an epoch is active when at least
//!   [`RestConfig::active_fraction`] (half) of its seconds move, which PLM trains (a movement of
//!   a few seconds every 10–90 s) never reach;
//! - **micro-motion**: the variance of the epoch's 1-s means, divided by what white sensor
//!   noise alone gives them (the noise is measured on the same rows, from the sample-to-sample
//!   differences: s² per axis gives differences of variance 2 s² and 1-s means of variance
//!   s² / n). A worn sensor always shows more (breathing ~2 mg at 0.2–0.3 Hz, heartbeat
//!   pulses, small posture shifts: a ratio of 2–10 at 25–100 Hz and 1–4 mg noise); a device on
//!   a table shows the noise alone (ratio 1 ± 0.2 over 30 blocks of 3 axes, with a chi-square
//!   tail: 1.6 is seen in a few hundred epochs). An epoch with no moving second and a ratio
//!   below [`RestConfig::still_epoch_ratio`] (3: far in the noise-only tail) is quiet.
//!
//! **Non-wear**: quiet epochs in a row, their gravity within
//! [`RestConfig::still_max_turn_deg`] (2°) of the first's, for at least
//! [`RestConfig::min_non_wear_s`] (45 min; the usual accelerometry rule is 60–90 min of
//! near-zero variance, but the micro-motion test is specific enough to use less), whose ratio
//! pooled over those 45 min (90 epochs × 3 axes × 29 degrees of freedom: noise alone gives
//! 0.97 ± 0.02) is below [`RestConfig::still_ratio`] (1.3). A quiet run that fails the pooled
//! test slides on (its oldest epoch leaves the window), so memory stays 90 epochs. Still
//! sleep is never non-wear: breathing and the pulse keep the pooled ratio at 2 or more, so 90
//! min without a leg movement stay worn. The handling knocks
//! at take-off and put-on are moving seconds, so they end the stretch on either side; the
//! stretch runs from the first still epoch to the last.
//!
//! **Rest periods**: epochs lying and not active are rest; rest epochs are joined across
//! interruptions (up, active, missing) of at most [`RestConfig::max_interruption_s`] (15 min: a
//! bathroom trip or a drink of water), and a non-wear epoch ends a period. A period of at
//! least [`RestConfig::min_night_s`] (3 h) is a night ([`RestEvent::Night`]); a shorter one of
//! at least [`RestConfig::min_nap_s`] (10 min) is a nap. Its edges are the start of the first
//! rest epoch (lying down) and the end of the last (getting up), to within one epoch: sleep
//! latency and the wake before rising are inside the period, as in-bed time should be.
//!
//! # Limits
//! - Lying on a sofa in the evening within 15 min of going to bed joins the night (the time
//!   on the sofa counts as in bed); a diary (`crate::pipeline::read_diary`) overrides the
//!   detection. Lying with the feet up by day for 3 h or more is a night.
//! - Sitting in bed with the legs stretched out is lying (the shin is horizontal).
//! - The shin axis is the device's mounting: a device worn rotated (another axis along the
//!   shin) needs [`RestConfig::shin_axis`] set, or standing reads as lying.
//! - A device left on a soft, moving support (a car seat, a sleeping pet) shows motion and is
//!   worn; a very noisy sensor at a low rate (> 4 mg at 25 Hz) brings the worn ratio near 2.
//! - Only one leg is looked at; the other leg's data are not needed for rest and non-wear.
//!
//! # Latency and memory
//! An epoch is known when it ends; a still run waits until it is 45 min long or breaks (at
//! most 90 epochs held); a night is emitted once 15 min of being up have followed it (or the
//! input ends). Memory is a few hundred bytes plus the held epochs.

mod epoch;
mod periods;

use crate::event::Interval;
use crate::samples::TriaxialView;
use crate::{Error, Result};
use epoch::{Epoch, EpochAccumulator};
use periods::{NonWear, Periods};

/// Settings of the rest and non-wear detector; see the [module docs](self) for why each default.
#[derive(Debug, Clone, PartialEq)]
pub struct RestConfig {
    /// Epoch length (s, a whole number of seconds, at least 10).
    pub epoch_s: f64,
    /// The shin's axis in the sensor frame (any length but zero).
    pub shin_axis: [f64; 3],
    /// Angle between gravity and the shin axis beyond which the shin is lying (degrees).
    pub lying_min_deg: f64,
    /// Standard deviation over a second (g, axes summed) above which the second is moving.
    pub moving_block_g: f64,
    /// Share of moving seconds from which an epoch is active.
    pub active_fraction: f64,
    /// Micro-motion ratio (variance of the 1-s means over what sensor noise explains) below
    /// which an epoch without a moving second is quiet.
    pub still_epoch_ratio: f64,
    /// The same ratio pooled over `min_non_wear_s` of quiet epochs, below which they are
    /// non-wear.
    pub still_ratio: f64,
    /// Largest turn of gravity inside a non-wear stretch (degrees).
    pub still_max_turn_deg: f64,
    /// Shortest non-wear stretch (s).
    pub min_non_wear_s: f64,
    /// Shortest rest period that is a night (s).
    pub min_night_s: f64,
    /// Shortest rest period reported as a nap (s).
    pub min_nap_s: f64,
    /// Longest interruption that stays inside a rest period (s).
    pub max_interruption_s: f64,
}

impl Default for RestConfig {
    fn default() -> Self {
        RestConfig {
            epoch_s: 30.0,
            shin_axis: [1.0, 0.0, 0.0],
            lying_min_deg: 60.0,
            moving_block_g: 0.05,
            active_fraction: 0.5,
            still_epoch_ratio: 3.0,
            still_ratio: 1.3,
            still_max_turn_deg: 2.0,
            min_non_wear_s: 45.0 * 60.0,
            min_night_s: 3.0 * 3600.0,
            min_nap_s: 10.0 * 60.0,
            max_interruption_s: 15.0 * 60.0,
        }
    }
}

impl RestConfig {
    /// Checks the settings: an error names the first one out of range.
    pub fn validate(&self) -> Result<()> {
        let bad = |what: &str, v: f64| {
            Err(Error::InvalidConfig(format!(
                "rest detector: {what}, got {v}"
            )))
        };
        if !(self.epoch_s >= 10.0 && self.epoch_s.fract() == 0.0 && self.epoch_s <= 600.0) {
            return bad(
                "epoch_s must be a whole number of seconds in 10..=600",
                self.epoch_s,
            );
        }
        let n = self.shin_axis.iter().map(|v| v * v).sum::<f64>();
        if !(n.is_finite() && n > 0.0) {
            return bad("shin_axis must be finite and not zero (squared length)", n);
        }
        if !(self.lying_min_deg > 0.0 && self.lying_min_deg < 90.0) {
            return bad("lying_min_deg must be in (0, 90)", self.lying_min_deg);
        }
        for (what, v) in [
            ("moving_block_g must be > 0", self.moving_block_g),
            ("still_ratio must be > 0", self.still_ratio),
            ("still_epoch_ratio must be > 0", self.still_epoch_ratio),
            ("still_max_turn_deg must be > 0", self.still_max_turn_deg),
            ("min_non_wear_s must be > 0", self.min_non_wear_s),
            ("min_night_s must be > 0", self.min_night_s),
            ("min_nap_s must be > 0", self.min_nap_s),
            ("max_interruption_s must be > 0", self.max_interruption_s),
        ] {
            if !(v.is_finite() && v > 0.0) {
                return bad(what, v);
            }
        }
        if !(self.active_fraction > 0.0 && self.active_fraction <= 1.0) {
            return bad("active_fraction must be in (0, 1]", self.active_fraction);
        }
        Ok(())
    }
}

/// What the rest detector finds (times in s on the shared clock).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RestEvent {
    /// A main rest period (in bed): at least `min_night_s` long.
    Night(Interval),
    /// A shorter rest period.
    Nap(Interval),
    /// The device was not worn.
    NonWear(Interval),
}

/// The streaming rest and non-wear detector: see the [module docs](self).
#[derive(Debug, Clone)]
pub struct RestDetector {
    offset_s: f64,
    epochs: EpochAccumulator,
    non_wear: NonWear,
    periods: Periods,
    closed: Vec<Epoch>,
    last_t: f64,
}

impl RestDetector {
    /// A detector for rows whose times plus `offset_s` are on the shared clock. Errors on
    /// invalid settings or a non-finite offset.
    pub fn new(cfg: &RestConfig, offset_s: f64) -> Result<Self> {
        cfg.validate()?;
        if !offset_s.is_finite() {
            return Err(Error::InvalidConfig(format!(
                "rest detector: the clock offset must be finite, got {offset_s}"
            )));
        }
        Ok(RestDetector {
            offset_s,
            epochs: EpochAccumulator::new(cfg),
            non_wear: NonWear::new(cfg),
            periods: Periods::new(cfg),
            closed: Vec::new(),
            last_t: f64::NEG_INFINITY,
        })
    }

    /// Takes rows (the leg's own clock, in time order; rows that go back in time or are not
    /// finite are left to the leg's detector to report and skipped here) and appends what they
    /// made final to `out`.
    pub fn push(&mut self, rows: TriaxialView<'_>, out: &mut Vec<RestEvent>) {
        for i in 0..rows.len() {
            let (t, v) = rows.row(i);
            let t = t + self.offset_s;
            if !(t >= self.last_t && t.is_finite() && v.iter().all(|x| x.is_finite())) {
                continue;
            }
            self.last_t = t;
            self.epochs.push(t, v, &mut self.closed);
        }
        self.drain(out);
    }

    /// Ends the input: what is open is closed as it stands.
    pub fn finish(&mut self, out: &mut Vec<RestEvent>) {
        self.epochs.finish(&mut self.closed);
        self.drain(out);
        self.non_wear.finish(&mut self.periods, out);
        self.periods.finish(out);
    }

    /// No non-wear stretch emitted from now on starts before this time (s, shared clock).
    pub fn non_wear_settled_s(&self) -> f64 {
        let now = self.epochs.current_start_s().unwrap_or(f64::NEG_INFINITY);
        self.non_wear.settled_s(now)
    }

    /// No rest period or non-wear stretch emitted from now on starts before this time.
    pub fn settled_s(&self) -> f64 {
        let s = self.non_wear_settled_s();
        self.periods.open_start_s().map_or(s, |p| p.min(s))
    }

    fn drain(&mut self, out: &mut Vec<RestEvent>) {
        for e in self.closed.drain(..) {
            self.non_wear.push(e, &mut self.periods, out);
        }
    }
}
