//! Spectral analysis built on rustfft: power spectral density of a trace and the autocorrelation
//! of a leg-movement train.
//!
//! [`welch`] matches `scipy.signal.welch(x, fs, window="hann", nperseg=n, noverlap=n // 2,
//! detrend="constant", scaling="density")`; a golden test in `tests/spectral_golden.rs` holds it to
//! that. [`event_train_autocorrelation`] bins movement onsets into a 0/1 train and returns its
//! normalised autocorrelation, whose peak between 10 and 90 s lag shows the period of a PLM train.

use crate::{Error, Result};
use rustfft::{FftPlanner, num_complex::Complex};

/// A one-sided power spectral density.
#[derive(Debug, Clone, PartialEq)]
pub struct Spectrum {
    /// Bin centre frequencies in Hz, from 0 to fs/2.
    pub freq_hz: Vec<f64>,
    /// Power spectral density in (input units)² / Hz, one value per frequency.
    pub density: Vec<f64>,
}

impl Spectrum {
    /// The frequency of the largest density at or above `min_hz` (to skip the DC region), if any.
    pub fn peak_frequency(&self, min_hz: f64) -> Option<f64> {
        self.freq_hz
            .iter()
            .zip(&self.density)
            .filter(|(f, _)| **f >= min_hz)
            .max_by(|a, b| a.1.total_cmp(b.1))
            .map(|(f, _)| *f)
    }
}

/// Welch's averaged periodogram with a periodic Hann window of `segment_len` samples, 50 %
/// overlap, per-segment mean removal and density scaling (see the module docs for the scipy call
/// it equals).
pub fn welch(x: &[f64], fs_hz: f64, segment_len: usize) -> Result<Spectrum> {
    if !(fs_hz.is_finite() && fs_hz > 0.0) {
        return Err(Error::InvalidInput(format!(
            "sample rate must be finite and > 0, got {fs_hz}"
        )));
    }
    if segment_len < 2 || segment_len > x.len() {
        return Err(Error::InvalidInput(format!(
            "Welch segment of {segment_len} samples needs 2 <= segment <= input length {}",
            x.len()
        )));
    }
    if let Some(i) = x.iter().position(|v| !v.is_finite()) {
        return Err(Error::InvalidInput(format!("sample {i} is not finite")));
    }
    let n = segment_len;
    // scipy's get_window("hann", n) is the periodic (DFT-even) window.
    let window: Vec<f64> = (0..n)
        .map(|i| 0.5 - 0.5 * (2.0 * std::f64::consts::PI * i as f64 / n as f64).cos())
        .collect();
    let window_power: f64 = window.iter().map(|w| w * w).sum();
    let step = n - n / 2;
    let segments = (x.len() - n) / step + 1;
    let fft = FftPlanner::new().plan_fft_forward(n);
    let bins = n / 2 + 1;
    let mut density = vec![0.0; bins];
    let mut buf = vec![Complex::new(0.0, 0.0); n];
    for s in 0..segments {
        let seg = &x[s * step..s * step + n];
        let mean = seg.iter().sum::<f64>() / n as f64;
        for ((b, v), w) in buf.iter_mut().zip(seg).zip(&window) {
            *b = Complex::new((v - mean) * w, 0.0);
        }
        fft.process(&mut buf);
        for (d, c) in density.iter_mut().zip(&buf) {
            *d += c.norm_sqr();
        }
    }
    let scale = 1.0 / (fs_hz * window_power * segments as f64);
    for (k, d) in density.iter_mut().enumerate() {
        // One-sided: every bin but DC (and Nyquist for even n) carries its negative twin.
        let doubled = k != 0 && !(n % 2 == 0 && k == n / 2);
        *d *= if doubled { 2.0 * scale } else { scale };
    }
    let freq_hz = (0..bins).map(|k| k as f64 * fs_hz / n as f64).collect();
    Ok(Spectrum { freq_hz, density })
}

/// Normalised autocorrelation of `x` (mean removed) for lags 0..`max_lag` inclusive, computed with
/// a zero-padded FFT so it is exact (no circular wrap). Lag 0 is 1 unless `x` is constant, in
/// which case every lag is 0.
pub fn autocorrelation(x: &[f64], max_lag: usize) -> Result<Vec<f64>> {
    if x.is_empty() {
        return Err(Error::InvalidInput(
            "autocorrelation of an empty signal".into(),
        ));
    }
    if let Some(i) = x.iter().position(|v| !v.is_finite()) {
        return Err(Error::InvalidInput(format!("sample {i} is not finite")));
    }
    let max_lag = max_lag.min(x.len() - 1);
    let mean = x.iter().sum::<f64>() / x.len() as f64;
    let len = (2 * x.len()).next_power_of_two();
    let mut buf: Vec<Complex<f64>> = x
        .iter()
        .map(|v| Complex::new(v - mean, 0.0))
        .chain(std::iter::repeat(Complex::new(0.0, 0.0)))
        .take(len)
        .collect();
    let mut planner = FftPlanner::new();
    planner.plan_fft_forward(len).process(&mut buf);
    for c in buf.iter_mut() {
        *c = Complex::new(c.norm_sqr(), 0.0);
    }
    planner.plan_fft_inverse(len).process(&mut buf);
    let zero_lag = buf[0].re;
    if zero_lag <= 0.0 {
        return Ok(vec![0.0; max_lag + 1]);
    }
    Ok(buf[..=max_lag].iter().map(|c| c.re / zero_lag).collect())
}

/// Autocorrelation of a movement train: onsets (seconds) are binned at `bin_s` into a 0/1 series
/// over `[0, span_s)`, and its normalised autocorrelation is returned for lags `0..=max_lag_s`
/// (one value per bin). A PLM train with a steady interval shows a peak at that interval.
pub fn event_train_autocorrelation(
    onsets_s: &[f64],
    span_s: f64,
    bin_s: f64,
    max_lag_s: f64,
) -> Result<Vec<f64>> {
    for (name, v) in [("span", span_s), ("bin", bin_s), ("max lag", max_lag_s)] {
        if !(v.is_finite() && v > 0.0) {
            return Err(Error::InvalidInput(format!(
                "{name} must be finite and > 0, got {v}"
            )));
        }
    }
    let bins = (span_s / bin_s).ceil() as usize;
    let mut train = vec![0.0; bins.max(1)];
    for &t in onsets_s {
        if !t.is_finite() || t < 0.0 || t >= span_s {
            return Err(Error::InvalidInput(format!(
                "onset {t} s lies outside the span [0, {span_s}) s"
            )));
        }
        train[((t / bin_s) as usize).min(bins - 1)] = 1.0;
    }
    autocorrelation(&train, (max_lag_s / bin_s).round() as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn autocorrelation_matches_direct_sum() {
        let x: Vec<f64> = (0..257).map(|i| ((i * 37 % 101) as f64).sin()).collect();
        let fast = autocorrelation(&x, 40).unwrap();
        let mean = x.iter().sum::<f64>() / x.len() as f64;
        let d: Vec<f64> = x.iter().map(|v| v - mean).collect();
        let direct = |lag: usize| -> f64 { (0..d.len() - lag).map(|i| d[i] * d[i + lag]).sum() };
        let r0 = direct(0);
        for (lag, v) in fast.iter().enumerate() {
            assert!((v - direct(lag) / r0).abs() < 1e-12, "lag {lag}");
        }
    }

    #[test]
    fn periodic_train_peaks_at_its_interval() {
        let onsets: Vec<f64> = (0..200).map(|i| 5.0 + 25.0 * i as f64).collect();
        let ac = event_train_autocorrelation(&onsets, 5100.0, 1.0, 90.0).unwrap();
        let best = (10..ac.len())
            .max_by(|&a, &b| ac[a].total_cmp(&ac[b]))
            .unwrap();
        assert_eq!(best, 25);
    }

    #[test]
    fn bad_input_is_an_error() {
        assert!(welch(&[1.0; 10], 0.0, 4).is_err());
        assert!(welch(&[1.0; 10], 10.0, 11).is_err());
        assert!(welch(&[1.0, f64::NAN, 1.0], 10.0, 2).is_err());
        assert!(autocorrelation(&[], 3).is_err());
        assert!(event_train_autocorrelation(&[-1.0], 10.0, 1.0, 5.0).is_err());
    }

    #[test]
    fn constant_signal_has_zero_autocorrelation() {
        assert_eq!(autocorrelation(&[2.0; 8], 3).unwrap(), vec![0.0; 4]);
    }
}
