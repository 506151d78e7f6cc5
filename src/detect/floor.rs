//! Adaptive noise floor: a low percentile of the quiet envelope over a trailing window.
//!
//! Fed on the decimated stream (one value per `floor_step_s`) and only while no movement is in
//! progress, so the window spans the last `floor_window_s` worth of *quiet* envelope.

/// Sliding window of envelope values with a percentile (numpy 'linear' definition).
#[derive(Debug, Clone)]
pub(crate) struct NoiseFloor {
    ring: Vec<f64>,
    sorted: Vec<f64>,
    pos: usize,
    q: f64,
}

impl NoiseFloor {
    pub fn new(window: usize, percentile: f64) -> Self {
        let window = window.max(1);
        NoiseFloor {
            ring: Vec::with_capacity(window),
            sorted: Vec::with_capacity(window),
            pos: 0,
            q: percentile / 100.0,
        }
    }

    /// Adds a value (finite) and drops the oldest once the window is full.
    pub fn push(&mut self, v: f64) {
        if self.ring.len() < self.ring.capacity() {
            self.ring.push(v);
        } else {
            let old = std::mem::replace(&mut self.ring[self.pos], v);
            self.pos = (self.pos + 1) % self.ring.len();
            let i = self.sorted.partition_point(|&s| s < old);
            self.sorted.remove(i);
        }
        let i = self.sorted.partition_point(|&s| s < v);
        self.sorted.insert(i, v);
    }

    /// The percentile of the window; None while empty.
    pub fn value(&self) -> Option<f64> {
        let n = self.sorted.len();
        if n == 0 {
            return None;
        }
        let virt = (n - 1) as f64 * self.q;
        let lo = virt.floor() as usize;
        let hi = (lo + 1).min(n - 1);
        let g = virt - lo as f64;
        Some(self.sorted[lo] + (self.sorted[hi] - self.sorted[lo]) * g)
    }
}
