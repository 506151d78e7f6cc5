//! EMG detector settings, with the reason for each default.

use crate::{Error, Result};

/// Settings of the EMG leg-movement detector ([`super::EmgDetector`]). Amplitudes in µV,
/// times in s. [`Default`] is the WASM 2016 rule set; [`EmgConfig::validate`] checks a value
/// once, and [`super::EmgDetector::new`] calls it.
///
/// The signal chain: mains notches and a high-pass (one cascade of Butterworth sections from
/// [`crate::filter::butter`]), rectification, the mean of each `bin_s` bin, a running median
/// of `median_s` over the bins (the envelope), a resting level (a low percentile of 0.5-s means
/// of the envelope over the last `rest_window_s`), then the WASM onset / offset rule on the
/// envelope minus the resting level.
#[derive(Debug, Clone, PartialEq)]
pub struct EmgConfig {
    /// High-pass cutoff (Hz). Default 10 Hz: tibialis surface EMG lies at 10–250 Hz; movement
    /// artefact, electrode drift, breathing and the ECG's P and T waves lie below.
    pub highpass_hz: f64,
    /// Butterworth order of the high-pass. Default 2 (one biquad, 12 dB/octave: 1-Hz drift is
    /// 40 dB down, and what the high-pass lets through of the ECG's P and T waves the running
    /// median removes). The filters are most of the detector's time, so each section counts.
    pub highpass_order: usize,
    /// Mains frequencies to stop (Hz). Default 50 and 60: both, so one setting serves every
    /// country. Each is a first-order Butterworth band-stop of `notch_width_hz` (one biquad,
    /// a zero on the unit circle at the centre), and an EMG burst loses < 5 % of its power.
    /// A frequency whose band does not fit below 95 % of Nyquist is skipped.
    pub notch_hz: Vec<f64>,
    /// Width of each mains band-stop between its -3 dB points (Hz). Default 4: mains drifts
    /// by < 0.2 Hz, where the notch still takes 20 dB off.
    pub notch_width_hz: f64,
    /// Rectified samples are averaged in bins of this length (s), rounded to whole samples.
    /// Default 0.02: the times of onsets and offsets have this resolution.
    pub bin_s: f64,
    /// Running median over the bins (s), rounded to an odd number of bins. Default 0.3. This is
    /// the ECG protection: a QRS complex leaves < 0.1 s of rectified energy after the
    /// high-pass, so at ~1 beat/s it never fills half of the window and the median ignores it,
    /// while an LM (>= 0.5 s) fills it. Thresholds stay where the standard puts them: unlike a
    /// dynamic threshold that rises with the ECG (and then misses LMs), nothing here is
    /// switched off by the artefact. The median is centred: times are corrected for its delay.
    pub median_s: f64,
    /// Block length of the resting-level estimate (s). Default 0.5.
    pub rest_block_s: f64,
    /// Trailing window of the resting level (s). Default 60: follows the night's drift (minutes
    /// to hours) but rides over an LM train.
    pub rest_window_s: f64,
    /// Percentile of the block means taken as the resting level. Default 20: blocks inside LMs
    /// are ignored as long as at least a fifth of the last minute was quiet.
    pub rest_percentile: f64,
    /// Onset: first bin this far above the resting level (µV). Default 8 (WASM 2016).
    pub onset_above_rest_uv: f64,
    /// Offset: the start of a run of at least `offset_quiet_s` within this much of the resting
    /// level (µV). Default 2 (WASM 2016).
    pub offset_above_rest_uv: f64,
    /// Length of the quiet run that ends a movement (s). Default 0.5 (WASM 2016). It also joins
    /// same-leg movements less than 0.5 s apart into one, as the standard asks.
    pub offset_quiet_s: f64,
    /// Shorter movements are rejected ([`crate::detect::RejectReason::TooShort`]). Default 0.5.
    pub min_duration_s: f64,
}

impl Default for EmgConfig {
    fn default() -> Self {
        EmgConfig {
            highpass_hz: 10.0,
            highpass_order: 2,
            notch_hz: vec![50.0, 60.0],
            notch_width_hz: 4.0,
            bin_s: 0.02,
            median_s: 0.3,
            rest_block_s: 0.5,
            rest_window_s: 60.0,
            rest_percentile: 20.0,
            onset_above_rest_uv: 8.0,
            offset_above_rest_uv: 2.0,
            offset_quiet_s: 0.5,
            min_duration_s: 0.5,
        }
    }
}

impl EmgConfig {
    /// Checks every value against its documented range, and against the sample rate.
    pub fn validate(&self, rate_hz: f64) -> Result<()> {
        let bad = |what: String| Err(Error::InvalidConfig(format!("EMG detector: {what}")));
        if !(rate_hz.is_finite() && rate_hz > 0.0) {
            return bad(format!("sample rate {rate_hz} Hz must be finite and > 0"));
        }
        let nyq = rate_hz / 2.0;
        if !(self.highpass_hz > 0.0 && self.highpass_hz < 0.8 * nyq) {
            return bad(format!(
                "high-pass {} Hz must be in (0, {:.1}) at {rate_hz} Hz (80 % of Nyquist)",
                self.highpass_hz,
                0.8 * nyq
            ));
        }
        if !(1..=8).contains(&self.highpass_order) {
            return bad(format!(
                "high-pass order {} must be 1..=8",
                self.highpass_order
            ));
        }
        if !(self.notch_width_hz > 0.0 && self.notch_width_hz.is_finite()) {
            return bad(format!(
                "notch width {} Hz must be > 0",
                self.notch_width_hz
            ));
        }
        for &f in &self.notch_hz {
            if !(f.is_finite() && f - self.notch_width_hz / 2.0 > 0.0) {
                return bad(format!(
                    "notch {f} Hz must be finite and above half its width"
                ));
            }
        }
        let positive = [
            ("bin_s", self.bin_s),
            ("median_s", self.median_s),
            ("rest_block_s", self.rest_block_s),
            ("rest_window_s", self.rest_window_s),
            ("onset_above_rest_uv", self.onset_above_rest_uv),
            ("offset_above_rest_uv", self.offset_above_rest_uv),
            ("offset_quiet_s", self.offset_quiet_s),
        ];
        for (name, v) in positive {
            if !(v.is_finite() && v > 0.0) {
                return bad(format!("{name} = {v} must be finite and > 0"));
            }
        }
        if !(self.min_duration_s.is_finite() && self.min_duration_s >= 0.0) {
            return bad(format!(
                "min_duration_s = {} must be finite and >= 0",
                self.min_duration_s
            ));
        }
        if self.offset_above_rest_uv > self.onset_above_rest_uv {
            return bad(format!(
                "offset threshold {} µV is above the onset threshold {} µV",
                self.offset_above_rest_uv, self.onset_above_rest_uv
            ));
        }
        if !(0.0..=100.0).contains(&self.rest_percentile) {
            return bad(format!(
                "rest_percentile {} must be in 0..=100",
                self.rest_percentile
            ));
        }
        if self.bin_s * rate_hz < 0.5 {
            return bad(format!(
                "bin {} s is shorter than one sample at {rate_hz} Hz",
                self.bin_s
            ));
        }
        if self.median_s < self.bin_s || self.rest_block_s < self.bin_s {
            return bad("median_s and rest_block_s must be at least one bin".into());
        }
        if self.rest_window_s < self.rest_block_s {
            return bad("rest_window_s must be at least one rest block".into());
        }
        Ok(())
    }
}
