//! The timing window: sums over the last `nt` low-passed raw samples, whose variance says
//! whether the leg moves now and whose mean says whether it rests away from where it was.

use super::envelope::{Envelope, sq};

/// Sums of a timing window of `nt` samples: Σ|y|² and Σy per axis.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct TimingSums {
    pub e: f64,
    pub y: [f64; 3],
}

impl TimingSums {
    /// Sums of the window of `nt` samples ending `back` samples before the newest.
    pub fn over(env: &Envelope, back: usize, nt: usize) -> Self {
        let mut w = TimingSums::default();
        for b in back..back + nt {
            let y = env.lowpassed(b);
            w.e += sq(y);
            for (a, v) in w.y.iter_mut().zip(y) {
                *a += v;
            }
        }
        w
    }

    /// Slides the window by one sample: `inn` enters, `out` leaves.
    #[inline(always)]
    pub fn slide(&mut self, inn: [f64; 3], out: [f64; 3]) {
        self.e += sq(inn) - sq(out);
        for k in 0..3 {
            self.y[k] += inn[k] - out[k];
        }
    }

    /// Variance sum of the window: Σ over axes of Σy² − (Σy)²/nt.
    #[inline(always)]
    pub fn variance(&self, nt: usize) -> f64 {
        self.e - sq(self.y) / nt as f64
    }

    /// The window's mean (the resting level, when the window is quiet).
    pub fn mean(&self, nt: usize) -> [f64; 3] {
        self.y.map(|v| v / nt as f64)
    }

    /// Whether the window's mean is displaced from the resting level `r` by more than
    /// `sqrt(dev)` (a held tilt; see `DetectorConfig::displacement_min_g`).
    #[inline(always)]
    pub fn displaced(&self, r: [f64; 3], nt: usize, dev: f64) -> bool {
        let k = 1.0 / nt as f64;
        let y = self.y;
        sq([y[0] * k - r[0], y[1] * k - r[1], y[2] * k - r[2]]) > dev
    }
}
