//! The detector's band-pass: designed by the filter module, flattened for the fused loop.

use crate::Result;

/// Most sections the fused loop supports (band-pass prototype order <= 4).
pub const MAX_SECTIONS: usize = 4;

/// Coefficients of one DF2T section `[b0, b1, b2, a1, a2]` and its unit-input steady state.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Section {
    pub c: [f64; 5],
    /// DF2T state `[z1, z2]` a unit constant input at the cascade's input leaves in this section.
    pub zi: [f64; 2],
}

/// The band-pass actually used at `rate_hz`: the upper edge is clamped to 0.45 × rate.
pub(crate) fn effective_band(band: (f64, f64), rate_hz: f64) -> (f64, f64) {
    (band.0, band.1.min(0.45 * rate_hz))
}

/// TEMPORARY stand-in until the filter module lands: 2nd-order Butterworth HP and LP
/// (bilinear, prewarped). Replaced by `crate::filter::butter` on merge.
pub(crate) fn bandpass(order: usize, band: (f64, f64), rate_hz: f64) -> Result<Vec<Section>> {
    let _ = order;
    let (lo, hi) = effective_band(band, rate_hz);
    if lo >= hi {
        return Err(crate::Error::InvalidFilter(format!(
            "band-pass {lo}..{hi} Hz is empty at {rate_hz} Hz"
        )));
    }
    let mk = |f: f64, high: bool| {
        let w0 = std::f64::consts::TAU * f / rate_hz;
        let (s, c) = w0.sin_cos();
        let alpha = s / (2.0 * std::f64::consts::FRAC_1_SQRT_2);
        let a0 = 1.0 + alpha;
        let (b0, b1) = if high {
            ((1.0 + c) / 2.0, -(1.0 + c))
        } else {
            ((1.0 - c) / 2.0, 1.0 - c)
        };
        [b0 / a0, b1 / a0, b0 / a0, -2.0 * c / a0, (1.0 - alpha) / a0]
    };
    let secs = [mk(lo, true), mk(hi, false)];
    let mut out = Vec::new();
    let mut level = 1.0;
    for c in secs {
        let y = level * (c[0] + c[1] + c[2]) / (1.0 + c[3] + c[4]);
        let zi = [y - c[0] * level, c[2] * level - c[4] * y];
        out.push(Section { c, zi });
        level = y;
    }
    Ok(out)
}
