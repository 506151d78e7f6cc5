//! Adaptive noise floor: a low percentile of the quiet envelope over a trailing window, and the
//! envelope's spread there.
//!
//! Fed on the decimated stream (one value per `floor_step_s`) and only while no movement is in
//! progress, so the window spans the last `floor_window_s` worth of *quiet* envelope. The
//! window is the filter module's [`RunningPercentile`] (numpy 'linear' definition).
//!
//! The spread is the envelope's standard deviation read from the lower half of the window,
//! (median − 10th percentile) / 1.2816 (the normal quantile distance): the quiet envelope is
//! noise, nearly normal at the 20–35 degrees of freedom of a 0.5-s window of 0.5–8 Hz noise on
//! three axes, and its lower half is where no weak movement or micro-motion burst that slipped
//! into the window can reach (they only lift the upper tail).

use crate::Result;
use crate::filter::RunningPercentile;

/// The lower percentile of the spread estimate (as a fraction), and its distance below the
/// median in standard deviations of a normal distribution.
const SPREAD_LOW_FRACTION: f64 = 0.1;
const SPREAD_LOW_Z: f64 = 1.2816;

/// Values the window needs before any onset: until then the floor is at its minimum and the
/// spread unknown, so a noisy sensor's envelope would sit above the onset threshold and hold
/// a false movement (and the floor with it) for a whole floor window. Ten values (10 s at the
/// default step) put the 10th percentile between the two lowest and the median between the
/// fifth and sixth; the window then refines both as it fills.
pub(crate) const MIN_VALUES: usize = 10;

/// The noise floor's window, its update period and its current value.
#[derive(Debug, Clone)]
pub(crate) struct NoiseFloor {
    window: RunningPercentile<f64>,
    /// Blocks between updates, and blocks left until the next (a countdown avoids divisions).
    every: u64,
    countdown: u64,
    /// The floor (g): the window's percentile, never below `min`.
    value: f64,
    /// The envelope's spread in the window (g, see the module docs; 0 until the first update).
    spread: f64,
    min: f64,
    /// From this sample on, a movement in progress no longer holds the floor still.
    resume: u64,
}

impl NoiseFloor {
    /// A floor at `min` (g) until the first update, updated every `every` blocks with the
    /// `percentile` of the last `window` (>= 1) values.
    pub fn new(window: usize, percentile: f64, every: u64, min: f64) -> Result<Self> {
        Ok(NoiseFloor {
            window: RunningPercentile::new(window.max(1), percentile)?,
            every,
            countdown: every,
            value: min,
            spread: 0.0,
            min,
            resume: u64::MAX,
        })
    }

    /// The current floor (g).
    pub fn value(&self) -> f64 {
        self.value
    }

    /// Whether the window holds enough values for the spread (and so the thresholds) to be
    /// trusted: no onset is taken before (see [`MIN_VALUES`]).
    pub fn ready(&self) -> bool {
        self.window.count() >= MIN_VALUES.min(self.window.window())
    }

    /// The envelope's spread in the floor window (g).
    pub fn spread(&self) -> f64 {
        self.spread
    }

    /// A movement in progress stops holding the floor still at sample `n`.
    pub fn resume_at(&mut self, n: u64) {
        self.resume = n;
    }

    /// Whether a movement in progress at sample `n` no longer holds the floor still (it has
    /// outlasted the floor window: the level has changed).
    pub fn resumed(&self, n: u64) -> bool {
        n >= self.resume
    }

    /// A block ended with the envelope at `envelope` (g), a value for the window if
    /// `eligible` (quiet, settled, valid). Returns whether the floor was updated.
    pub fn end_block(&mut self, eligible: bool, envelope: f64) -> bool {
        let update = eligible && self.countdown == 1;
        if update {
            self.value = self.window.push(envelope).max(self.min);
            let (median, low) = (
                self.window.percentile_of(0.5),
                self.window.percentile_of(SPREAD_LOW_FRACTION),
            );
            self.spread = ((median - low) / SPREAD_LOW_Z).max(0.0);
        }
        self.countdown -= 1;
        if self.countdown == 0 {
            self.countdown = self.every;
        }
        update
    }
}

#[cfg(test)]
mod tests {
    use super::NoiseFloor;

    /// Updates once every `every` eligible blocks, holds its value otherwise, and never goes
    /// below the minimum.
    #[test]
    fn updates_on_its_period_and_stays_above_the_minimum() {
        let mut f = NoiseFloor::new(3, 50.0, 4, 0.5).unwrap();
        let mut updates = Vec::new();
        for b in 0..16 {
            // Block 7 is not eligible: the update due then is skipped, not delayed.
            if f.end_block(b != 7, b as f64) {
                updates.push((b, f.value()));
            }
        }
        assert_eq!(updates, vec![(3, 3.0), (11, 7.0), (15, 11.0)]);
        assert!(f.ready(), "a 3-value window is ready once full");
        let mut low = NoiseFloor::new(3, 50.0, 1, 0.5).unwrap();
        low.end_block(true, 0.1);
        assert_eq!(low.value(), 0.5);
        assert!(!low.resumed(10));
        low.resume_at(10);
        assert!(low.resumed(10) && !low.resumed(9));
    }

    /// The spread of normal values is their standard deviation (read from the median and the
    /// 10th percentile; within 10%, and the floor within 0.2 sd of the 10th percentile, a few
    /// standard errors at 2000 values), and no onset is allowed before `MIN_VALUES` values.
    #[test]
    fn spread_of_normal_values_is_their_sd() {
        let mut f = NoiseFloor::new(2000, 10.0, 1, 0.0).unwrap();
        let mut rng = crate::simulate::Rng::new(7);
        for i in 0..2000 {
            assert_eq!(f.ready(), i >= super::MIN_VALUES);
            f.end_block(true, 0.005 + 0.001 * rng.normal());
        }
        assert!((f.spread() - 0.001).abs() < 0.0001, "{}", f.spread());
        assert!(
            (f.value() - (0.005 - 0.0012816)).abs() < 0.0002,
            "{}",
            f.value()
        );
    }
}
