//! A second clock (stress): the right ankle's device runs fast or slow against the left's.
//!
//! Two devices' crystals differ by 10–100 ppm. With [`super::Stress::clock_drift_ppm`] set,
//! the right device's clock reads `k·t` at true (left) time `t`, `k = 1 + ppm·1e-6`: it
//! samples on its own grid (`i / rate` on its clock, so `i / (rate·k)` in true time) and
//! writes its own times. Physics (movements, turns, gaps, knocks) and the truth stay on the
//! left clock, which is true time; the right trace's times run `ppm·1e-6·t` ahead by `t`.

use crate::event::Leg;

/// How one leg's device clock relates to true time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct DeviceClock {
    /// Clock reading per true second (`k`); exactly 1 on the left and without drift.
    pub rate: f64,
}

impl DeviceClock {
    /// The clock of `leg` under a drift of `ppm` (right leg only).
    pub fn new(leg: Leg, ppm: f64) -> Self {
        let rate = if leg == Leg::Right && ppm != 0.0 {
            1.0 + ppm * 1e-6
        } else {
            1.0
        };
        DeviceClock { rate }
    }

    /// True sample rate (Hz) of a device that samples at `nominal_hz` on its own clock.
    pub fn true_rate_hz(self, nominal_hz: f64) -> f64 {
        nominal_hz * self.rate
    }

    /// The device's reading at true time `t` (exactly `t` when it keeps true time).
    pub fn reading(self, t: f64) -> f64 {
        if self.rate == 1.0 { t } else { t * self.rate }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_right_clock_drifts() {
        assert_eq!(DeviceClock::new(Leg::Left, 100.0).reading(3600.0), 3600.0);
        assert_eq!(DeviceClock::new(Leg::Right, 0.0).reading(3600.0), 3600.0);
        let r = DeviceClock::new(Leg::Right, 100.0);
        assert!((r.reading(8.0 * 3600.0) - 8.0 * 3600.0 - 2.88).abs() < 1e-9);
        // The device's grid: sample i at i/50 s on its clock.
        let i = 1_000_000.0;
        assert!((r.reading(i / r.true_rate_hz(50.0)) - i / 50.0).abs() < 1e-9);
    }
}
