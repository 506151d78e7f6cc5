//! The detector's band-pass: designed by [`crate::filter::butter`], flattened for the fused loop.

use crate::Result;
use crate::filter::{Band, butter};

/// Most sections the fused loop supports (band-pass prototype order <= 4).
pub const MAX_SECTIONS: usize = 4;

/// Coefficients of one DF2T section `[b0, b1, b2, a1, a2]` and its unit-input steady state.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Section {
    pub c: [f64; 5],
    /// DF2T state `[z1, z2]` a unit constant input at the cascade's input leaves in this
    /// section (scipy `sosfilt_zi`, as the filter module computes it).
    pub zi: [f64; 2],
}

/// The band-pass actually used at `rate_hz`: the upper edge is clamped to 0.45 × rate so the
/// design stays valid (and away from Nyquist) at low rates such as 10–16 Hz.
pub(crate) fn effective_band(band: (f64, f64), rate_hz: f64) -> (f64, f64) {
    (band.0, band.1.min(0.45 * rate_hz))
}

/// Butterworth band-pass of prototype order `order` (a cascade of `order` sections).
pub(crate) fn bandpass(order: usize, band: (f64, f64), rate_hz: f64) -> Result<Vec<Section>> {
    let (lo, hi) = effective_band(band, rate_hz);
    let cascade = butter(order, Band::Bandpass(lo, hi), rate_hz)?;
    Ok(cascade
        .sections()
        .iter()
        .zip(cascade.steady_state())
        .map(|(s, z)| Section {
            c: [s.b0, s.b1, s.b2, s.a1, s.a2],
            zi: *z,
        })
        .collect())
}
