//! Adaptive noise floor: a low percentile of the quiet envelope over a trailing window.
//!
//! Fed on the decimated stream (one value per `floor_step_s`) and only while no movement is in
//! progress, so the window spans the last `floor_window_s` worth of *quiet* envelope.
//!
//! Why not [`crate::filter::RunningPercentile`]: it is built for per-sample use over long
//! windows (O(log w) treap). Here the window is about 60 values updated once a second, where a
//! sorted array (binary search plus a memmove of under 0.5 kB) is cheaper: 150 against 118
//! million samples/s through the whole detector, measured best-of-200 on a simulated 100-Hz
//! hour. The definition is the same (numpy 'linear'); a unit test checks them against each
//! other.

/// Sliding window of envelope values with a percentile (numpy 'linear' definition).
#[derive(Debug, Clone)]
pub(crate) struct NoiseFloor {
    /// Values in a full window (kept apart: a clone's capacity may differ).
    window: usize,
    ring: Vec<f64>,
    sorted: Vec<f64>,
    pos: usize,
    q: f64,
}

impl NoiseFloor {
    pub fn new(window: usize, percentile: f64) -> Self {
        let window = window.max(1);
        NoiseFloor {
            window,
            ring: Vec::with_capacity(window),
            sorted: Vec::with_capacity(window),
            pos: 0,
            q: percentile / 100.0,
        }
    }

    /// Adds a value (finite) and drops the oldest once the window is full.
    pub fn push(&mut self, v: f64) {
        if self.ring.len() < self.window {
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
        // numpy's virtual index and lerp, operation for operation (as the filter module has it).
        let q = self.q;
        let nf = n as f64;
        let virt = nf * q + (1.0 - q) - 1.0;
        let prev = virt.floor().clamp(0.0, nf - 1.0);
        let gamma = virt - prev;
        let lo = prev as usize;
        let (a, b) = (self.sorted[lo], self.sorted[(lo + 1).min(n - 1)]);
        let diff = b - a;
        Some(if gamma >= 0.5 {
            b - diff * (1.0 - gamma)
        } else {
            a + diff * gamma
        })
    }
}

#[cfg(test)]
mod tests {

    /// A clone keeps the window length: a `Vec`'s clone need not keep its capacity, which the
    /// window length once was.
    #[test]
    fn a_clone_keeps_the_window() {
        let mut a = NoiseFloor::new(60, 10.0);
        for i in 0..30 {
            a.push(i as f64);
        }
        let mut b = a.clone();
        let mut fresh = NoiseFloor::new(60, 10.0).clone();
        for i in 30..200 {
            a.push(i as f64);
            b.push(i as f64);
        }
        for i in 140..200 {
            fresh.push(i as f64);
        }
        assert_eq!(a.value(), b.value());
        assert_eq!(a.value(), fresh.value());
    }

    use super::NoiseFloor;
    use crate::filter::RunningPercentile;
    use crate::simulate::Rng;

    #[test]
    fn equals_the_filter_modules_running_percentile() {
        for (window, q) in [
            (1, 10.0),
            (7, 10.0),
            (60, 10.0),
            (60, 50.0),
            (120, 0.0),
            (13, 100.0),
        ] {
            let mut mine = NoiseFloor::new(window, q);
            let mut reference = RunningPercentile::<f64>::new(window, q).unwrap();
            let mut rng = Rng::new(window as u64);
            for i in 0..1000 {
                // Repeated values too: ties must not matter.
                let v = if i % 5 == 0 { 0.5 } else { rng.uniform() };
                mine.push(v);
                let want = reference.push(v);
                assert_eq!(mine.value(), Some(want), "window {window} q {q} step {i}");
            }
        }
    }
}
