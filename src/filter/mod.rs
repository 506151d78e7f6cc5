//! Streaming filters.
//!
//! Every filter here is a small state machine that implements [`Filter`]: one sample in, one
//! sample out, or a block filtered in place. Processing a block is by definition identical to
//! looping over its samples, so the output never depends on how the input is chunked (a
//! property test checks this for every filter, bit for bit).
//!
//! Designed coefficients ([`SosCascade`]) live apart from the per-channel state
//! ([`SosFilter`]): one Butterworth design serves the three axes of an accelerometer, shared by
//! reference or `Arc`, without copying.
//!
//! | Item | What it is | scipy equivalent |
//! |---|---|---|
//! | [`butter`] | Butterworth design, orders 1–16, [`Band`] in Hz | `butter(N, Wn, btype, fs=fs, output="sos")` |
//! | [`SosFilter`] with [`Init::Zero`] | streaming cascade, zero initial state | `sosfilt(sos, x)` |
//! | [`SosFilter`] with [`Init::Steady`] | steady state for the first sample | `sosfilt(sos, x, zi=sosfilt_zi(sos)*x[0])` |
//! | [`sosfiltfilt`] | zero-phase batch filter, odd padding | `sosfiltfilt(sos, x)` |
//! | [`MovingSum`], [`MovingMean`], [`MovingRms`] | sliding window of N samples, drift-free | — |
//! | [`RunningPercentile`] | sliding-window percentile / median, O(log w) | `numpy.percentile(window, q)` |
//! | [`multichannel`] | per-column helpers over `ndarray` (samples × channels), interleaved frames | `axis=0` |
//!
//! ```
//! use std::sync::Arc;
//! use plmkit::filter::{Band, Filter, Init, MovingRms, SosFilter, butter};
//!
//! // One 0.5–8 Hz design at 50 Hz shared by the three axes; each axis keeps its own state and
//! // starts in steady state, so the 1 g gravity offset on z does not ring.
//! let design = Arc::new(butter(4, Band::Bandpass(0.5, 8.0), 50.0)?);
//! let mut axes: Vec<SosFilter<f64>> =
//!     (0..3).map(|_| SosFilter::new(Arc::clone(&design), Init::Steady)).collect();
//! let mut z = vec![1.0; 500];
//! axes[2].process_block(&mut z);
//! assert!(z.iter().all(|v| v.abs() < 1e-12));
//!
//! // A one-second moving RMS of the filtered signal, fed in arbitrary blocks.
//! let mut rms = MovingRms::new(50)?;
//! let (a, b) = z.split_at_mut(123);
//! rms.process_block(a);
//! rms.process_block(b);
//! # Ok::<(), plmkit::Error>(())
//! ```

mod butterworth;
mod df2t;
mod filtfilt;
mod moving;
pub mod multichannel;
mod percentile;
mod sos;
mod triaxial;

pub use butterworth::{Band, MAX_ORDER, butter};
pub use filtfilt::{filtfilt_padlen, sosfiltfilt};
pub use moving::{MovingMean, MovingRms, MovingSum};
pub(crate) use moving::{MovingSumAt, OpenMovingSum, PlainMovingSum};
pub use percentile::RunningPercentile;
pub use sos::{Biquad, Init, SosCascade, SosFilter};
pub(crate) use triaxial::{AxisFilter, AxisRun, axes};

/// A streaming filter: one sample in, one sample out.
///
/// `process_block` filters a block in place and gives exactly the same numbers as calling
/// `process_sample` on each element in turn, so a stream may be cut into blocks anywhere.
pub trait Filter<T: Copy> {
    /// Filters one sample and returns the output sample.
    fn process_sample(&mut self, x: T) -> T;

    /// Filters `block` in place; identical to looping [`Filter::process_sample`] over it.
    fn process_block(&mut self, block: &mut [T]) {
        for v in block.iter_mut() {
            *v = self.process_sample(*v);
        }
    }

    /// Returns the filter to the state it had when constructed.
    fn reset(&mut self);
}
