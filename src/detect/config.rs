//! Detector settings and their justification.

use crate::{Error, Result};

/// Settings of the accelerometer leg-movement detector. All amplitudes are in g.
///
/// Thresholds sit above an adaptive noise floor, mirroring the EMG rule (onset 8 µV above
/// resting EMG, offset at the start of >= 0.5 s within 2 µV of it). For accelerometry both
/// are read from the recording's own noise statistics (the floor window's quiet envelope):
/// - onset at `floor + max(on_spread_z × spread, on_min_g)`, where `spread` is the envelope's
///   standard deviation in the floor window (see `on_spread_z`): a detection test against the
///   noise the recording actually has, not against a multiple of its level;
/// - offset at `floor + max(off_fraction × onset excess, off_min_g)`, the EMG rule's 2/8
///   proportion of the onset excess, held above the micro-motion and timing-window noise.
///
/// No onset is taken before the floor window holds ten values (10 s of quiet data at the
/// default `floor_step_s`): until then the floor is at `min_floor_g` and the spread unknown.
#[derive(Debug, Clone, PartialEq)]
pub struct DetectorConfig {
    /// Band-pass edges (Hz). Default 0.5–8 Hz: dorsiflexion energy is 0.5–6 Hz, gravity and
    /// breathing (< 0.3 Hz) stay out. The upper edge is clamped to `0.45 × rate`.
    pub band_hz: (f64, f64),
    /// Butterworth order of the band-pass prototype (1..=4; the cascade has `order` sections).
    /// Default 1: a first-order edge has no overshoot and its step response decays fastest
    /// (τ = 1/(2π·0.5 Hz) ≈ 0.32 s), and that decay is what delays the offset after the ankle's
    /// tilt returns (onset and offset are now timed apart from it, see `timing_s`). On simulated
    /// nights order 1 gave offsets ~0.5 s closer to the truth and
    /// equal or better sensitivity and PPV than order 2; -20 dB/decade still keeps 2-mg
    /// breathing at 0.25 Hz below the floor.
    pub filter_order: usize,
    /// Moving-RMS window of the envelope (s). Default 0.5 s, the LM minimum duration.
    pub envelope_s: f64,
    /// Trailing window of the noise floor (s). Default 60 s: long enough to ride over a PLM
    /// train (movements are excluded anyway), short enough to follow a posture's noise.
    pub floor_window_s: f64,
    /// Step between noise-floor updates (s). Default 1 s: two envelope windows, so successive
    /// values are nearly independent; a finer step cost a third of the detector's time (sorted
    /// window upkeep) without changing any result on the simulated nights.
    pub floor_step_s: f64,
    /// Percentile of the envelope taken as the floor. Default 10: robust to the movements
    /// that slip into the window, yet close to the quiet level.
    pub floor_percentile: f64,
    /// Smallest floor (g). Default 1 mg: a 12-bit ±8 g sensor's quantisation noise.
    pub min_floor_g: f64,
    /// Onset threshold: standard deviations of the quiet envelope above the floor (see the type
    /// docs). Default 6.
    ///
    /// The quiet envelope is the RMS of 0.5 s of band-limited noise on three axes: 20–35
    /// degrees of freedom (2 × noise bandwidth × window × 3), nearly normal, its spread about
    /// 12–16% of its level. Its values one floor step (two windows) apart are nearly
    /// independent, so a night holds about 60 000 quiet values per leg; the floor (10th
    /// percentile) sits 1.28 sd below the median, so the onset is 4.7 sd above the median,
    /// where the chi distribution's upper tail leaves < 1e-5 per value (well under one false
    /// onset per night; the chi tail is heavier than the normal's 1e-6, hence 6 and not 5).
    /// (Degrees of freedom: 2 × noise bandwidth × 0.5 s × 3 axes, the first-order band-pass's
    /// noise bandwidth being π/2 × 7.5 Hz ≈ 12 Hz; the envelope's relative sd is 1/√(2·dof).)
    /// Before, the onset was `2 × floor + 6 mg`, an excess of `floor + 6 mg`: 10 sd or more
    /// even at 6-mg sensor noise, and far more on quieter sensors, so weak movements whose
    /// oscillation the envelope plainly showed stayed under it.
    pub on_spread_z: f64,
    /// Smallest onset excess over the floor (g). Default 0.003: breathing (~2 mg at the ankle,
    /// 0.25 Hz, mostly below the band) and heartbeat pulses (~0.5 mg) stay under it on a
    /// quiet, well-quantised sensor whose envelope barely varies (spread near 0).
    pub on_min_g: f64,
    /// Offset threshold: this fraction of the onset excess over the floor. Default 0.25, the
    /// EMG rule's 2 µV of its 8 µV.
    pub off_fraction: f64,
    /// Smallest offset excess over the floor (g). Default 0.002. The offset threshold is also
    /// the activity threshold of the 0.2-s timing window (see `timing_s`), which has only
    /// about 7 degrees of freedom (2 × 6 Hz × 0.2 s × 3): at floor + 2 mg its noise (about
    /// 0.7 × the envelope's, the timing low-pass being narrower than the band-pass) stays below
    /// it in all but 0.1–2% of windows at 1–6 mg sensor noise, so the 0.5-s quiet rule is met
    /// promptly and two bursts 0.5 s apart stay two movements. A lower bound (1.5 mg) found
    /// more weak movements but merged double bursts at 25 Hz (PLM count +6%).
    pub off_min_g: f64,
    /// A movement stays active while the timing window's mean stays displaced from the resting
    /// level before it by more than `displacement_floor_ratio × floor + displacement_min_g`
    /// (a held tilt, the leg not yet back). Default 2: the 0.2-s mean of the noise has a
    /// spread that scales with the floor, and at 2 × floor it stays below it.
    pub displacement_floor_ratio: f64,
    /// Absolute part of the displacement threshold (g). Default 0.006: breathing moves the
    /// ankle's gravity reading by 2–4 mg over a few seconds, and a returning tilt of 2–10° is
    /// still 3–17 mg away from rest at the motion's 10% level, so a lower bound would keep
    /// the movement active after its motion (late offsets, two bursts merged). These two
    /// were the onset threshold's before it followed the floor's spread, and the displacement
    /// test keeps them.
    pub displacement_min_g: f64,
    /// A movement ends with at least this long below the offset threshold (s). Default 0.5.
    /// Measured on the timing window (see `timing_s`), which stretches motion by its own
    /// length, so the detector asks for `quiet_s − timing_s` of quiet windows: two bursts with
    /// 0.5 s of quiet between them are two movements (WASM 2016), as the EMG rule has it.
    pub quiet_s: f64,
    /// Timing window (s). Default 0.2. Onset, offset and the quiet rule read the motion's
    /// *activity*: the variance, summed over axes, of the low-passed raw signal (see
    /// `timing_lowpass_hz`) over this trailing window, against the offset threshold. The 0.5-s envelope decides that a movement is
    /// there; it cannot say where: it lags by up to its length and, worse, the band-pass's
    /// high-pass edge turns the ankle's returning tilt into a free decay (τ = 1/(2π·0.5 Hz) ≈
    /// 0.32 s) that kept the envelope up for ~0.8 s after the motion. Within 0.2 s that decay
    /// is nearly a straight line, and removing each window's mean leaves a tenth of it, while
    /// oscillation at >= 1.5 Hz (a third of a period or more fits) passes almost whole. 0.2 s
    /// still bridges the nulls of a 0.5–6 Hz oscillation (a quiet stretch must be one window
    /// long to count before an onset) and leaves 0.3 s of the 0.5-s quiet rule to be measured.
    /// A trailing window first holds motion at its first sample and last holds it `nt − 1`
    /// samples after its last, which the reported times correct.
    pub timing_s: f64,
    /// Cutoff of the timing low-pass (Hz): a 4th-order Butterworth on the raw axes, clamped to
    /// 0.45 × rate. Default 6. The timing window reads the *raw* (low-passed) signal, not the
    /// band-pass: removing each window's mean already removes gravity, and the raw signal has
    /// no high-pass memory, so the ankle's returning tilt, which the band-pass turned into a
    /// free decay lasting ~0.8 s, ends where the motion ends. The cutoff keeps the 0.5–6 Hz
    /// dorsiflexion band and puts the resonance of a loose strap (10–15 Hz ring-down after a
    /// movement) 13–35 dB down (gain 0.13 at 10 Hz, 0.02 at 15 Hz), so ringing cannot extend a
    /// movement; noise in the timing window matches the band-pass's, so the same offset
    /// threshold applies.
    pub timing_lowpass_hz: f64,
    /// Onset edge: once a movement is found, its onset steps back while the timing window
    /// before it still holds more than this fraction of the activity threshold's variance
    /// (default 0.5, i.e. 0.71 of its amplitude), at most `onset_edge_reach_s`. Why: the
    /// activity threshold finds the motion after it has built up to it, and a movement's
    /// motion rises from the floor over its first tenths of a second, so the window quiet at
    /// that threshold ends after the motion started; weak and short movements lost the most
    /// (0.50–0.55-s movements measured 0.45–0.49 s and were rejected by the 0.5-s rule). On
    /// short movements (0.5–0.8 s) at 100 Hz the median onset moved from −0.002 to −0.011 s
    /// and sensitivity from 0.962 to 0.976; on typical nights every median stays within
    /// ±0.02 s. The offset is not moved the same way: after a movement the 0.5-s quiet rule
    /// must see the gap to the next burst, and an edge-extended offset merged double bursts
    /// (PLM count +4–9%).
    pub onset_edge_fraction: f64,
    /// How far the onset edge may move an onset back (s), in whole samples (the floor of
    /// this × rate). Default 0.035. Below the activity threshold the window's variance is
    /// partly noise, so the step back is kept short: unlimited, it ran over the whole window
    /// at 6 mg noise (25-Hz onsets 0.1 s early) and let noise candidates pass the 0.5-s rule
    /// (PPV 0.96). Whole samples only, so at 25 Hz and below, where one sample (>= 0.04 s) is
    /// longer than the reach, onsets are not moved: the grid already lengthens short durations
    /// there by about half a sample (median +0.026 s at 25 Hz), and a one-sample step merged
    /// double bursts (PLM count +5.7%).
    pub onset_edge_reach_s: f64,
    /// Where the reported offset is placed. Default [`OffsetRule::MotionEnd`].
    pub offset_rule: OffsetRule,
    /// Shorter movements are rejected (s). Default 0.5 (both standards).
    pub min_duration_s: f64,
    /// Longer movements are kept and flagged long (s). Default 10 (WASM non-candidate).
    pub long_duration_s: f64,
    /// Gravity-direction change across a movement above which it is a posture change (degrees).
    /// Default 25: dorsiflexion tilts the ankle sensor by < 10° and returns; turning over
    /// rotates it by 30° or more.
    pub posture_angle_deg: f64,
    /// Averaging span of the gravity estimate before and after a movement (s). Default 1.
    pub gravity_window_s: f64,
    /// After a posture change, movements starting within this time of its offset are rejected
    /// while the band-pass rings down from the gravity step (s). Default 2.
    pub blank_after_gross_s: f64,
    /// No movement may start this soon after the start of data or after a gap (s), while the
    /// filter and envelope settle. Default 1.
    pub warmup_s: f64,
    /// Sensor full scale (g). Samples with |axis| >= 0.98 × full scale are saturated. None: no check.
    pub full_scale_g: Option<f64>,
    /// Step of the decimated envelope kept for plots (s). Default 1 (max per second).
    pub envelope_plot_step_s: f64,
    /// A candidate whose raw sample-to-sample change energy is concentrated in fewer than this
    /// many seconds' worth of samples is an impulse, rejected ([`super::RejectReason::Impulse`])
    /// and counted in [`super::QualityCounts::impulses`] (s). Default 0.1.
    ///
    /// A leg movement is sustained motion: >= 0.5 s of 0.5–6 Hz oscillation, so the change
    /// `|s[i] − s[i−1]|²` between raw samples is spread over its whole duration (and, for weak
    /// movements, dominated by sensor noise, which is spread evenly). A knock on the bed or the
    /// sensor, a glitch spike, or an axis-convention switch puts its change into one to a few
    /// samples (a k-sample knock: about k; a spike: 2, up and down; a jump: 1), yet the
    /// band-pass rings and the 0.5-s envelope window stretch any of them into a 0.5-s "event".
    /// The measure is the participation ratio N = (Σd)² / Σd² over the candidate (the number of
    /// samples that would carry its change energy evenly); impulse when N < max(impulse_s ×
    /// rate, 2.5). 0.1 s is a fifth of the minimum LM duration and covers knocks of up to
    /// 100 ms; the floor of 2.5 samples still rejects a spike at 10–16 Hz. A one-sample jump of
    /// the gravity direction is therefore an impulse too, never a posture change (which is a
    /// sustained rotation with motion around it).
    pub impulse_s: f64,
}

impl Default for DetectorConfig {
    fn default() -> Self {
        DetectorConfig {
            band_hz: (0.5, 8.0),
            filter_order: 1,
            envelope_s: 0.5,
            floor_window_s: 60.0,
            floor_step_s: 1.0,
            floor_percentile: 10.0,
            min_floor_g: 0.001,
            on_spread_z: 6.0,
            on_min_g: 0.003,
            off_fraction: 0.25,
            off_min_g: 0.002,
            displacement_floor_ratio: 2.0,
            displacement_min_g: 0.006,
            quiet_s: 0.5,
            timing_s: 0.2,
            timing_lowpass_hz: 6.0,
            onset_edge_fraction: 0.5,
            onset_edge_reach_s: 0.035,
            offset_rule: OffsetRule::MotionEnd,
            min_duration_s: 0.5,
            long_duration_s: 10.0,
            posture_angle_deg: 25.0,
            gravity_window_s: 1.0,
            blank_after_gross_s: 2.0,
            warmup_s: 1.0,
            full_scale_g: None,
            envelope_plot_step_s: 1.0,
            impulse_s: 0.1,
        }
    }
}

/// Where a movement's reported offset is placed. Whichever the rule, a movement only *ends* after
/// `quiet_s` continuously below the offset threshold (the EMG rule), so two bursts separated by
/// less than `quiet_s` are one movement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OffsetRule {
    /// The end of the motion: the last sample the timing window (`timing_s`) found active,
    /// corrected for the window's length. Unbiased against where the motion stops (simulated
    /// nights: median within ±0.05 s of the truth), so the 10-s rule acts on the movement.
    #[default]
    MotionEnd,
    /// The last sample at which the envelope was still rising above the offset threshold:
    /// where the motion last fed energy into the window. After it the envelope only drains
    /// and follows the band-pass's free decay, which after a returning tilt of a few degrees
    /// lasts about a second. On simulated nights (truth offset = 10% of the motion's
    /// amplitude envelope) this lands +0.38 s after the truth, against +0.8–1.0 s for
    /// `QuietStart`.
    LastRise,
    /// The literal EMG rule: the start of the quiet run of the timing window, minus half an
    /// envelope window.
    QuietStart,
}

/// Fraction of full scale at which a sample counts as saturated.
pub const SATURATION_FRACTION: f64 = 0.98;

fn positive(name: &str, v: f64) -> Result<()> {
    if v.is_finite() && v > 0.0 {
        Ok(())
    } else {
        Err(Error::InvalidConfig(format!(
            "detector {name} must be finite and > 0, got {v}"
        )))
    }
}

fn non_negative(name: &str, v: f64) -> Result<()> {
    if v.is_finite() && v >= 0.0 {
        Ok(())
    } else {
        Err(Error::InvalidConfig(format!(
            "detector {name} must be finite and >= 0, got {v}"
        )))
    }
}

impl DetectorConfig {
    /// Checks every field against its documented range.
    pub fn validate(&self) -> Result<()> {
        let (lo, hi) = self.band_hz;
        positive("band_hz low edge", lo)?;
        positive("band_hz high edge", hi)?;
        if lo >= hi {
            return Err(Error::InvalidConfig(format!(
                "detector band_hz must have low < high, got {lo}..{hi}"
            )));
        }
        if !(1..=super::design::MAX_SECTIONS).contains(&self.filter_order) {
            return Err(Error::InvalidConfig(format!(
                "detector filter_order must be 1..={}, got {}",
                super::design::MAX_SECTIONS,
                self.filter_order
            )));
        }
        positive("envelope_s", self.envelope_s)?;
        positive("floor_window_s", self.floor_window_s)?;
        positive("floor_step_s", self.floor_step_s)?;
        if !(0.0..=100.0).contains(&self.floor_percentile) {
            return Err(Error::InvalidConfig(format!(
                "detector floor_percentile must be in 0..=100, got {}",
                self.floor_percentile
            )));
        }
        positive("min_floor_g", self.min_floor_g)?;
        non_negative("on_spread_z", self.on_spread_z)?;
        non_negative("on_min_g", self.on_min_g)?;
        non_negative("off_fraction", self.off_fraction)?;
        non_negative("off_min_g", self.off_min_g)?;
        if self.off_fraction > 1.0 || self.off_min_g > self.on_min_g {
            return Err(Error::InvalidConfig(
                "detector offset threshold must not exceed the onset threshold".into(),
            ));
        }
        non_negative("displacement_floor_ratio", self.displacement_floor_ratio)?;
        non_negative("displacement_min_g", self.displacement_min_g)?;
        positive("quiet_s", self.quiet_s)?;
        positive("timing_s", self.timing_s)?;
        positive("timing_lowpass_hz", self.timing_lowpass_hz)?;
        if !(0.0..=1.0).contains(&self.onset_edge_fraction) {
            return Err(Error::InvalidConfig(format!(
                "detector onset_edge_fraction must be in 0..=1, got {}",
                self.onset_edge_fraction
            )));
        }
        non_negative("onset_edge_reach_s", self.onset_edge_reach_s)?;
        if self.onset_edge_reach_s >= self.timing_s {
            return Err(Error::InvalidConfig(format!(
                "detector onset_edge_reach_s ({}) must be shorter than timing_s ({})",
                self.onset_edge_reach_s, self.timing_s
            )));
        }
        if self.timing_s >= self.envelope_s {
            return Err(Error::InvalidConfig(format!(
                "detector timing_s ({}) must be shorter than envelope_s ({})",
                self.timing_s, self.envelope_s
            )));
        }
        non_negative("min_duration_s", self.min_duration_s)?;
        positive("long_duration_s", self.long_duration_s)?;
        positive("posture_angle_deg", self.posture_angle_deg)?;
        positive("gravity_window_s", self.gravity_window_s)?;
        non_negative("blank_after_gross_s", self.blank_after_gross_s)?;
        non_negative("warmup_s", self.warmup_s)?;
        if let Some(fs) = self.full_scale_g {
            positive("full_scale_g", fs)?;
        }
        positive("envelope_plot_step_s", self.envelope_plot_step_s)?;
        non_negative("impulse_s", self.impulse_s)?;
        Ok(())
    }
}
