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

/// Sliding-window sum for a per-sample hot loop: a plain (uncompensated) running sum over a
/// window that starts zero-filled, recomputed exactly from the window each time the ring
/// wraps, in four lanes of fixed order.
///
/// Cheaper per sample than [`MovingSum`] (one add, no compensation branch) and as free of
/// drift: the error never reflects more than one window of plain updates, and the sum at
/// sample `i` depends only on the input and `i`, never on how the stream was cut. The slot
/// the next sample goes to is exposed ([`MovingSumAt::pos`]), so rings of other per-sample
/// values can be kept parallel to it. A loop opens it ([`PlainMovingSum::open`]) to keep the
/// position and the sum in registers.
#[derive(Debug, Clone)]
pub(crate) struct PlainMovingSum {
    buf: Vec<f64>,
    at: MovingSumAt,
}

/// A [`PlainMovingSum`] opened for a loop: position and sum by value, the ring by slice.
/// [`PlainMovingSum::close`] keeps where it got to.
pub(crate) struct OpenMovingSum<'a> {
    buf: &'a mut [f64],
    at: MovingSumAt,
}

/// Where a moving sum is: the slot the next sample goes to and the sum of the window.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct MovingSumAt {
    pos: usize,
    sum: f64,
}

impl MovingSumAt {
    /// The slot the next sample goes to (0 right after the ring wrapped).
    #[inline(always)]
    pub fn pos(&self) -> usize {
        self.pos
    }

    /// The sum of the window (zeros for slots not yet written).
    #[inline(always)]
    pub fn sum(&self) -> f64 {
        self.sum
    }
}

impl PlainMovingSum {
    /// A zero-filled window of `window` (>= 1) samples.
    pub fn new(window: usize) -> Self {
        PlainMovingSum {
            buf: vec![0.0; window.max(1)],
            at: MovingSumAt::default(),
        }
    }

    /// The window length in samples.
    pub fn window(&self) -> usize {
        self.buf.len()
    }

    /// Where the sum is.
    #[inline(always)]
    pub fn at(&self) -> MovingSumAt {
        self.at
    }

    /// Opens the window for a loop of pushes; [`PlainMovingSum::close`] with what
    /// [`OpenMovingSum::at`] returns at the end.
    #[inline(always)]
    pub fn open(&mut self) -> OpenMovingSum<'_> {
        OpenMovingSum {
            buf: &mut self.buf,
            at: self.at,
        }
    }

    /// Keeps where an opened window got to.
    #[inline(always)]
    pub fn close(&mut self, at: MovingSumAt) {
        self.at = at;
    }

    /// Back to a zero-filled window.
    pub fn clear(&mut self) {
        self.buf.iter_mut().for_each(|v| *v = 0.0);
        self.at = MovingSumAt::default();
    }
}

impl OpenMovingSum<'_> {
    /// Where the pushes got to (for [`PlainMovingSum::close`]).
    #[inline(always)]
    pub fn at(&self) -> MovingSumAt {
        self.at
    }

    /// Pushes one sample.
    #[inline(always)]
    pub fn push(&mut self, x: f64) {
        let at = &mut self.at;
        at.sum += x - self.buf[at.pos];
        self.buf[at.pos] = x;
        at.pos += 1;
        if at.pos == self.buf.len() {
            at.pos = 0;
            at.sum = lane_sum(self.buf);
        }
    }
}

/// Sum of `v` in four independent lanes (a fixed order, so still deterministic, and four times
/// shorter a dependency chain than a serial sum).
#[cold]
fn lane_sum(v: &[f64]) -> f64 {
    let mut lanes = [0.0f64; 4];
    let mut chunks = v.chunks_exact(4);
    for c in &mut chunks {
        for k in 0..4 {
            lanes[k] += c[k];
        }
    }
    for (k, x) in chunks.remainder().iter().enumerate() {
        lanes[k] += x;
    }
    (lanes[0] + lanes[1]) + (lanes[2] + lanes[3])
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

#[cfg(test)]
mod tests {
    use super::PlainMovingSum;
    use crate::simulate::Rng;

    /// One push through an opened window, as a loop does it.
    fn push(m: &mut PlainMovingSum, x: f64) -> f64 {
        let mut w = m.open();
        w.push(x);
        let at = w.at();
        m.close(at);
        m.at().sum()
    }

    /// Tracks the exact window sum, and after a wrap depends only on the window: two sums fed
    /// different histories agree bit for bit once both have seen the same last window.
    #[test]
    fn plain_moving_sum_is_the_window_sum_and_forgets_its_history() {
        for window in [1, 3, 4, 7, 50] {
            let mut rng = Rng::new(window as u64);
            let xs: Vec<f64> = (0..20 * window).map(|_| rng.uniform() * 1e3).collect();
            let mut a = PlainMovingSum::new(window);
            let mut b = PlainMovingSum::new(window);
            for _ in 0..window {
                push(&mut b, 1e9 * rng.uniform());
            }
            for (i, &x) in xs.iter().enumerate() {
                let got = push(&mut a, x);
                let from = (i + 1).saturating_sub(window);
                let want: f64 = xs[from..=i].iter().sum();
                assert!(
                    (got - want).abs() <= 1e-9 * want.abs().max(1.0),
                    "window {window} i {i}"
                );
                let other = push(&mut b, x);
                if i + 1 >= window && a.at().pos() == 0 {
                    assert_eq!(got.to_bits(), other.to_bits(), "window {window} i {i}");
                }
            }
            assert_eq!(a.window(), window);
            a.clear();
            assert_eq!((a.at().sum(), a.at().pos()), (0.0, 0));
        }
    }
}
