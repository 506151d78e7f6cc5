//! The detector's filters: designed by [`crate::filter::butter`], run by
//! [`crate::filter::AxisFilter`] in the fused loop.

use crate::Result;
use crate::filter::{Band, Biquad, SosCascade, butter};

/// Most sections the fused loop supports (band-pass prototype order <= 4).
pub const MAX_SECTIONS: usize = 4;

/// The band-pass actually used at `rate_hz`: the upper edge is clamped to 0.45 × rate so the
/// design stays valid (and away from Nyquist) at low rates such as 10–16 Hz.
pub(crate) fn effective_band(band: (f64, f64), rate_hz: f64) -> (f64, f64) {
    (band.0, band.1.min(0.45 * rate_hz))
}

/// Butterworth band-pass of prototype order `order` (a cascade of `order` sections).
pub(crate) fn bandpass(order: usize, band: (f64, f64), rate_hz: f64) -> Result<SosCascade<f64>> {
    let (lo, hi) = effective_band(band, rate_hz);
    butter(order, Band::Bandpass(lo, hi), rate_hz)
}

/// Butterworth low-pass of order `2 × sections` at `cutoff_hz` (clamped to 0.45 × rate).
pub(crate) fn lowpass(sections: usize, cutoff_hz: f64, rate_hz: f64) -> Result<SosCascade<f64>> {
    butter(
        2 * sections,
        Band::Lowpass(cutoff_hz.min(0.45 * rate_hz)),
        rate_hz,
    )
}

/// Group delay (samples) of a cascade at `f_hz`: −dφ/dω by a central difference.
pub(crate) fn group_delay_samples(sections: &[Biquad<f64>], f_hz: f64, rate_hz: f64) -> f64 {
    let phase = |w: f64| -> f64 {
        let mut p = 0.0;
        for s in sections {
            let Biquad { b0, b1, b2, a1, a2 } = *s;
            // arg(b0 + b1 e^{-jw} + b2 e^{-2jw}) − arg(1 + a1 e^{-jw} + a2 e^{-2jw}).
            let num = (
                b0 + b1 * w.cos() + b2 * (2.0 * w).cos(),
                -b1 * w.sin() - b2 * (2.0 * w).sin(),
            );
            let den = (
                1.0 + a1 * w.cos() + a2 * (2.0 * w).cos(),
                -a1 * w.sin() - a2 * (2.0 * w).sin(),
            );
            p += num.1.atan2(num.0) - den.1.atan2(den.0);
        }
        p
    };
    let w = std::f64::consts::TAU * f_hz / rate_hz;
    let h = 1e-4 * w;
    let mut d = phase(w + h) - phase(w - h);
    // Unwrap: the two phases are close, so a jump of about 2π is a wrap.
    while d > std::f64::consts::PI {
        d -= std::f64::consts::TAU;
    }
    while d < -std::f64::consts::PI {
        d += std::f64::consts::TAU;
    }
    -d / (2.0 * h)
}
