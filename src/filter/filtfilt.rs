//! Zero-phase batch filtering, equal to `scipy.signal.sosfiltfilt` with its default odd
//! padding.

use num_traits::Float;

use super::{Filter, SosCascade, SosFilter};
use crate::{Error, Result};

/// The padding `sosfiltfilt` uses at each end: `3 * ntaps`, where
/// `ntaps = 2·sections + 1 - min(#sections with b2 = 0, #sections with a2 = 0)` (as scipy
/// counts it). The input must be longer than this.
pub fn filtfilt_padlen<T: Float>(cascade: &SosCascade<T>) -> usize {
    let s = cascade.sections();
    let zb = s.iter().filter(|q| q.b2 == T::zero()).count();
    let za = s.iter().filter(|q| q.a2 == T::zero()).count();
    3 * (2 * s.len() + 1 - zb.min(za))
}

/// Filters `x` forward and backward (zero phase), as `scipy.signal.sosfiltfilt(sos, x)`:
/// odd extension by [`filtfilt_padlen`] samples at each end, each pass started in steady state
/// for its first sample.
///
/// Errors ([`Error::InvalidInput`]) when `x` is not longer than the padding.
pub fn sosfiltfilt<T: Float>(cascade: &SosCascade<T>, x: &[T]) -> Result<Vec<T>> {
    let edge = filtfilt_padlen(cascade);
    let n = x.len();
    if n <= edge {
        return Err(Error::InvalidInput(format!(
            "zero-phase filtering needs more than {edge} samples for this filter, got {n}"
        )));
    }
    let two = T::one() + T::one();
    let mut ext = Vec::with_capacity(n + 2 * edge);
    // Odd extension: 2·x[0] - x[edge..=1], then x, then 2·x[n-1] - x[n-2..=n-1-edge].
    ext.extend((1..=edge).rev().map(|i| two * x[0] - x[i]));
    ext.extend_from_slice(x);
    ext.extend((1..=edge).map(|i| two * x[n - 1] - x[n - 1 - i]));

    let mut f = SosFilter::new_steady(cascade);
    f.process_block(&mut ext);
    ext.reverse();
    f.reset();
    f.process_block(&mut ext);
    ext.reverse();
    ext.truncate(edge + n);
    ext.drain(..edge);
    Ok(ext)
}
