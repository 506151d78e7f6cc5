//! Every constant the detector derives from its settings and the grid rate, computed once.

use super::super::config::{DetectorConfig, SATURATION_FRACTION};
use super::super::design::effective_band;
use crate::timeline::{MAX_RATE_HZ, MIN_RATE_HZ};
use crate::{Error, Result};

/// Fewest effective samples of a non-impulse: a spike moves two sample-to-sample changes (up
/// and down), so at low rates (12.5 Hz: 0.1 s is 1.25 samples) the bound stays above two.
const IMPULSE_MIN_SAMPLES: f64 = 2.5;

/// Length of a block (s): gravity, noise floor, plot and posture decisions run per block.
const BLOCK_S: f64 = 0.25;

/// Blocks kept between a movement and the gravity averaged before or after it (s).
const GRAVITY_SKIP_S: f64 = 0.5;

/// Checks what [`Plan::new`] relies on: a valid configuration, a rate in
/// [`MIN_RATE_HZ`]..=[`MAX_RATE_HZ`] (the timeline's range: the windows are allocated per
/// sample, so a rate of 1e12 Hz would ask for terabytes), a finite start and a band-pass that
/// is not empty at this rate.
pub(super) fn validate(cfg: &DetectorConfig, rate_hz: f64, start_s: f64) -> Result<()> {
    cfg.validate()?;
    if !(MIN_RATE_HZ..=MAX_RATE_HZ).contains(&rate_hz) {
        return Err(Error::InvalidInput(format!(
            "detector: sample rate must be {MIN_RATE_HZ}..={MAX_RATE_HZ} Hz, got {rate_hz}"
        )));
    }
    if !start_s.is_finite() {
        return Err(Error::InvalidInput(format!(
            "detector: start time must be finite, got {start_s}"
        )));
    }
    let (lo, hi) = effective_band(cfg.band_hz, rate_hz);
    if lo >= hi {
        return Err(Error::InvalidConfig(format!(
            "detector band {lo}..{hi} Hz is empty at {rate_hz} Hz (upper edge clamped to 0.45 × rate)"
        )));
    }
    Ok(())
}

/// The settings and every length, count, period and factor derived from them at one rate.
#[derive(Debug, Clone)]
pub(super) struct Plan {
    /// The settings as given (ratios, angles, durations read as they are).
    pub cfg: DetectorConfig,
    /// Grid rate (Hz), its period (s) and the time of sample 0 (s).
    pub rate: f64,
    pub dt: f64,
    pub start_s: f64,
    /// Envelope window (samples) and its reciprocal.
    pub nwin: usize,
    pub inv_nwin: f64,
    /// Half the envelope window (s), for [`crate::detect::OffsetRule::QuietStart`].
    pub half_win_s: f64,
    /// Timing window (samples); it lies within the envelope window (its samples are read from
    /// the envelope's rings).
    pub nt: usize,
    /// How far (samples) an onset may move back to the edge threshold
    /// (`DetectorConfig::onset_edge_reach_s`, whole samples).
    pub edge_reach: usize,
    /// A sample with |axis| at or above this is saturated (g; infinite without a full scale).
    pub sat_limit: f64,
    /// A candidate whose change energy spans fewer effective samples is an impulse.
    pub impulse_samples: f64,
    /// Group delay of the timing low-pass in the movement band (samples), taken off the times.
    pub lp_delay: f64,
    /// How much earlier than its onset sample a movement's reported onset lies (s): the
    /// timing low-pass's group delay and half a sample.
    pub onset_shift_s: f64,
    /// Samples between onset checks while the envelope is above the onset threshold but the
    /// timing window quiet (a quarter of the timing window, at least one).
    pub onset_recheck: u64,
    /// A displacement beyond the posture angle held this long without oscillation is a new
    /// resting position; any displacement held `hold_long` is (samples).
    pub hold: u64,
    pub hold_long: u64,
    /// Quiet timing windows that end a movement: `quiet_s` less the window's own length.
    pub quiet_need: u64,
    /// Onsets within this many samples of a posture change's offset are rejected.
    pub blank_samples: u64,
    /// No onset within this many samples of a (re)start.
    pub warmup_samples: u64,
    /// A movement in progress this long (samples) no longer holds the noise floor still.
    pub floor_resume_samples: u64,
    /// Block length (samples).
    pub block_len: u64,
    /// Blocks between noise-floor updates, and floor values in its window.
    pub floor_every: u64,
    pub floor_len: usize,
    /// Blocks averaged for gravity before or after a movement, and blocks skipped next to it.
    pub g_blocks: u64,
    pub g_skip: u64,
    /// Blocks of gravity kept: the longest wait for a posture decision, with a margin.
    pub gravity_len: usize,
    /// Blocks per plot-envelope value.
    pub plot_every: u64,
}

/// The hysteresis thresholds at one noise floor.
#[derive(Debug, Clone, Copy)]
pub(super) struct Thresholds {
    /// Onset and offset on the moving sum of squares (= window × envelope²).
    pub sum_on: f64,
    pub sum_off: f64,
    /// Activity threshold on the timing window's variance sum (`off² × nt`).
    pub var: f64,
    /// Edge threshold on the same variance sum, where a movement found starts
    /// (`DetectorConfig::onset_edge_fraction` of `var`).
    pub var_edge: f64,
    /// Threshold on the squared displacement of the window's mean from rest (g²).
    pub dev: f64,
}

impl Plan {
    /// The plan for a configuration and rate that [`validate`] accepted; `lp_delay` is the
    /// timing low-pass's group delay (samples), known once the filters are designed.
    pub fn new(cfg: &DetectorConfig, rate_hz: f64, start_s: f64, lp_delay: f64) -> Plan {
        let samples = |s: f64| (s * rate_hz).round().max(1.0) as u64;
        let nwin = samples(cfg.envelope_s) as usize;
        let nt = (samples(cfg.timing_s) as usize).clamp(1, nwin.saturating_sub(1).max(1));
        let block_len = samples(BLOCK_S);
        let block_s = block_len as f64 / rate_hz;
        let blocks = |s: f64| (s / block_s).round().max(1.0) as u64;
        let floor_every = blocks(cfg.floor_step_s);
        let floor_len = (cfg.floor_window_s / (floor_every as f64 * block_s))
            .round()
            .max(1.0);
        let g_blocks = blocks(cfg.gravity_window_s);
        let g_skip = blocks(GRAVITY_SKIP_S);
        let dt = 1.0 / rate_hz;
        Plan {
            cfg: cfg.clone(),
            rate: rate_hz,
            dt,
            start_s,
            nwin,
            inv_nwin: 1.0 / nwin as f64,
            half_win_s: 0.5 * nwin as f64 * dt,
            nt,
            edge_reach: (cfg.onset_edge_reach_s * rate_hz).floor() as usize,
            sat_limit: cfg
                .full_scale_g
                .map_or(f64::INFINITY, |f| f * SATURATION_FRACTION),
            impulse_samples: (cfg.impulse_s * rate_hz).max(IMPULSE_MIN_SAMPLES),
            lp_delay,
            onset_shift_s: (lp_delay + 0.5) / rate_hz,
            onset_recheck: (nt as u64 / 4).max(1),
            hold: samples(cfg.gravity_window_s),
            hold_long: samples(cfg.long_duration_s),
            quiet_need: samples(cfg.quiet_s).saturating_sub(nt as u64).max(1),
            blank_samples: (cfg.blank_after_gross_s * rate_hz).round() as u64,
            warmup_samples: (cfg.warmup_s * rate_hz).round() as u64,
            floor_resume_samples: (cfg.floor_window_s * rate_hz) as u64,
            block_len,
            floor_every,
            floor_len: floor_len as usize,
            g_blocks,
            g_skip,
            gravity_len: 2 * (g_blocks + g_skip) as usize + 8,
            plot_every: blocks(cfg.envelope_plot_step_s),
        }
    }

    /// The hysteresis thresholds at noise floor `floor` with envelope spread `spread` (g).
    pub fn thresholds(&self, floor: f64, spread: f64) -> Thresholds {
        let c = &self.cfg;
        let excess = (c.on_spread_z * spread).max(c.on_min_g);
        let on = floor + excess;
        let off = floor + (c.off_fraction * excess).max(c.off_min_g);
        let displaced = floor * c.displacement_floor_ratio + c.displacement_min_g;
        let n = self.nwin as f64;
        Thresholds {
            sum_on: on * on * n,
            sum_off: off * off * n,
            var: off * off * self.nt as f64,
            var_edge: off * off * self.nt as f64 * c.onset_edge_fraction,
            dev: displaced * displaced,
        }
    }

    /// The envelope (RMS, g) of a moving sum of squares over the envelope window.
    #[inline(always)]
    pub fn envelope_of(&self, sum: f64) -> f64 {
        (sum * self.inv_nwin).sqrt()
    }

    /// Time of sample `idx` (s).
    pub fn time(&self, idx: u64) -> f64 {
        self.start_s + idx as f64 / self.rate
    }

    /// First block of the gravity "after" a movement that ends at sample `offset`.
    pub fn first_block_after(&self, offset: u64) -> u64 {
        offset.div_ceil(self.block_len) + self.g_skip
    }

    /// End (exclusive) of the blocks of gravity "before" a movement that starts at `onset`.
    pub fn end_block_before(&self, onset: u64) -> u64 {
        (onset / self.block_len).saturating_sub(self.g_skip)
    }

    /// Step of the plot envelope (s).
    pub fn plot_step_s(&self) -> f64 {
        (self.plot_every * self.block_len) as f64 / self.rate
    }
}
