//! Adaptive noise floor: a low percentile of the quiet envelope over a trailing window.
//!
//! Fed on the decimated stream (one value per `floor_step_s`) and only while no movement is in
//! progress, so the window spans the last `floor_window_s` worth of *quiet* envelope. The
//! window is the filter module's [`RunningPercentile`] (numpy 'linear' definition).

use crate::Result;
use crate::filter::RunningPercentile;

/// The noise floor's window, its update period and its current value.
#[derive(Debug, Clone)]
pub(crate) struct NoiseFloor {
    window: RunningPercentile<f64>,
    /// Blocks between updates, and blocks left until the next (a countdown avoids divisions).
    every: u64,
    countdown: u64,
    /// The floor (g): the window's percentile, never below `min`.
    value: f64,
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
            min,
            resume: u64::MAX,
        })
    }

    /// The current floor (g).
    pub fn value(&self) -> f64 {
        self.value
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
        let mut low = NoiseFloor::new(3, 50.0, 1, 0.5).unwrap();
        low.end_block(true, 0.1);
        assert_eq!(low.value(), 0.5);
        assert!(!low.resumed(10));
        low.resume_at(10);
        assert!(low.resumed(10) && !low.resumed(9));
    }
}
