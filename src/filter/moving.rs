//! Moving sum, mean and RMS over the last N samples, streaming and drift-free.
//!
//! A running sum that adds the new sample and subtracts the one leaving the window accumulates
//! round-off without bound over a night (10^7 samples). Here the running sum is compensated
//! (Neumaier), and every N samples, when the ring buffer wraps, it is recomputed from the
//! window itself, so the error never reflects more than the last 2N updates. The recompute
//! costs one extra add per sample on average; nothing is allocated after construction.
//!
//! **Before the window has filled** (the first N-1 samples) the outputs cover the samples seen
//! so far: the sum of the k samples seen, their mean (sum / k) and their RMS
//! (sqrt(sum of squares / k)). From sample N on, they cover exactly the last N samples.
//!
//! A NaN or infinite input poisons the running sum; the outputs recover at the first
//! recompute after it has left the window, i.e. within 2N samples of its arrival.

use num_traits::Float;

use super::Filter;
use crate::{Error, Result};

/// Sliding-window sum of the last `window` samples (see the module docs for the start).
#[derive(Debug, Clone)]
pub struct MovingSum<T> {
    buf: Vec<T>,
    /// Next slot to overwrite.
    pos: usize,
    /// Samples seen, saturating at the window length.
    filled: usize,
    sum: T,
    /// Neumaier compensation: the low-order part lost from `sum`.
    comp: T,
}

impl<T: Float> MovingSum<T> {
    /// A moving sum over `window` samples (>= 1).
    pub fn new(window: usize) -> Result<Self> {
        if window == 0 {
            return Err(Error::InvalidConfig(
                "moving window must be at least 1 sample".into(),
            ));
        }
        Ok(MovingSum {
            buf: vec![T::zero(); window],
            pos: 0,
            filled: 0,
            sum: T::zero(),
            comp: T::zero(),
        })
    }

    /// The window length in samples.
    pub fn window(&self) -> usize {
        self.buf.len()
    }

    /// How many samples the current output covers (grows to the window length).
    pub fn count(&self) -> usize {
        self.filled
    }

    /// The current sum (of the last `count()` samples).
    pub fn sum(&self) -> T {
        self.sum + self.comp
    }

    #[inline(always)]
    fn add(&mut self, v: T) {
        let t = self.sum + v;
        if self.sum.abs() >= v.abs() {
            self.comp = self.comp + ((self.sum - t) + v);
        } else {
            self.comp = self.comp + ((v - t) + self.sum);
        }
        self.sum = t;
    }

    /// Pushes one sample and returns the new sum.
    #[inline]
    pub fn push(&mut self, x: T) -> T {
        let old = self.buf[self.pos];
        self.buf[self.pos] = x;
        self.pos += 1;
        if self.filled < self.buf.len() {
            self.filled += 1;
            self.add(x);
        } else {
            self.add(x);
            self.add(-old);
        }
        if self.pos == self.buf.len() {
            self.pos = 0;
            self.recompute();
        }
        self.sum()
    }

    /// Replaces the running sum by a fresh compensated sum of the window, so round-off from
    /// the add/subtract updates cannot build up.
    fn recompute(&mut self) {
        self.sum = T::zero();
        self.comp = T::zero();
        for i in 0..self.filled {
            let v = self.buf[i];
            self.add(v);
        }
    }
}

impl<T: Float> Filter<T> for MovingSum<T> {
    fn process_sample(&mut self, x: T) -> T {
        self.push(x)
    }

    fn reset(&mut self) {
        self.buf.iter_mut().for_each(|v| *v = T::zero());
        self.pos = 0;
        self.filled = 0;
        self.sum = T::zero();
        self.comp = T::zero();
    }
}

/// Sliding-window mean of the last `window` samples (mean of the samples so far before the
/// window fills).
#[derive(Debug, Clone)]
pub struct MovingMean<T> {
    sum: MovingSum<T>,
}

impl<T: Float> MovingMean<T> {
    /// A moving mean over `window` samples (>= 1).
    pub fn new(window: usize) -> Result<Self> {
        Ok(MovingMean {
            sum: MovingSum::new(window)?,
        })
    }

    /// The window length in samples.
    pub fn window(&self) -> usize {
        self.sum.window()
    }
}

impl<T: Float> Filter<T> for MovingMean<T> {
    #[inline]
    fn process_sample(&mut self, x: T) -> T {
        let s = self.sum.push(x);
        s / T::from(self.sum.count()).unwrap_or_else(T::one)
    }

    fn reset(&mut self) {
        self.sum.reset();
    }
}

/// Sliding-window root mean square of the last `window` samples (RMS of the samples so far
/// before the window fills).
#[derive(Debug, Clone)]
pub struct MovingRms<T> {
    sum_sq: MovingSum<T>,
}

impl<T: Float> MovingRms<T> {
    /// A moving RMS over `window` samples (>= 1).
    pub fn new(window: usize) -> Result<Self> {
        Ok(MovingRms {
            sum_sq: MovingSum::new(window)?,
        })
    }

    /// The window length in samples.
    pub fn window(&self) -> usize {
        self.sum_sq.window()
    }
}

impl<T: Float> Filter<T> for MovingRms<T> {
    #[inline]
    fn process_sample(&mut self, x: T) -> T {
        let s = self.sum_sq.push(x * x);
        let n = T::from(self.sum_sq.count()).unwrap_or_else(T::one);
        // A sum of squares is never negative; max() guards against a -0 round-off residue.
        (s / n).max(T::zero()).sqrt()
    }

    fn reset(&mut self) {
        self.sum_sq.reset();
    }
}
