//! The band-pass and the timing low-pass of the three axes, run in one fused pass per sample
//! on the crate's one filter step ([`crate::filter::AxisFilter`]).

use super::super::config::DetectorConfig;
use super::super::design::{MAX_SECTIONS, bandpass, group_delay_samples, lowpass};
use crate::Result;
use crate::filter::{AxisFilter, AxisRun, axes};

/// Sections of the timing low-pass (a 4th-order Butterworth).
const TIMING_LP_SECTIONS: usize = 2;

/// Frequency at which the timing low-pass's group delay is taken off the reported times: the
/// middle (geometric) of the 0.5–6 Hz movement band, where the delay is already near its
/// low-frequency value.
const TIMING_DELAY_HZ: f64 = 1.7;

/// The band-pass (for the envelope) and the timing low-pass of the raw axes.
#[derive(Debug, Clone)]
pub(super) struct AxisFilters {
    bandpass: AxisFilter<MAX_SECTIONS>,
    lowpass: AxisFilter<TIMING_LP_SECTIONS>,
}

/// Both filters for `K` band-pass sections, copied out so that a loop keeps them in
/// registers; [`AxisFilters::store`] puts the state back.
#[derive(Clone, Copy)]
pub(super) struct FusedFilters<const K: usize> {
    bandpass: AxisRun<K>,
    lowpass: AxisRun<TIMING_LP_SECTIONS>,
}

impl AxisFilters {
    /// Designs both filters for `cfg` at `rate_hz`, and returns the timing low-pass's group
    /// delay in the movement band (samples).
    pub fn design(cfg: &DetectorConfig, rate_hz: f64) -> Result<(Self, f64)> {
        let bandpass = AxisFilter::new(&bandpass(cfg.filter_order, cfg.band_hz, rate_hz)?)?;
        let lowpass = AxisFilter::new(&lowpass(
            TIMING_LP_SECTIONS,
            cfg.timing_lowpass_hz,
            rate_hz,
        )?)?;
        let lp_delay = group_delay_samples(lowpass.sections(), TIMING_DELAY_HZ, rate_hz).max(0.0);
        Ok((AxisFilters { bandpass, lowpass }, lp_delay))
    }

    /// Band-pass sections: the `K` to run [`AxisFilters::load`] with.
    pub fn sections(&self) -> usize {
        self.bandpass.len()
    }

    /// Restarts both filters in the steady state of a constant input `s`.
    pub fn reinit(&mut self, s: [f64; 3]) {
        self.bandpass.seed(s);
        self.lowpass.seed(s);
    }

    /// The coefficients and state of `K` (= [`AxisFilters::sections`]) band-pass sections and
    /// the low-pass.
    #[inline(always)]
    pub fn load<const K: usize>(&self) -> FusedFilters<K> {
        FusedFilters {
            bandpass: self.bandpass.load::<K>(),
            lowpass: self.lowpass.load::<TIMING_LP_SECTIONS>(),
        }
    }

    /// Keeps the state `f` reached (from [`AxisFilters::load`]).
    #[inline(always)]
    pub fn store<const K: usize>(&mut self, f: &FusedFilters<K>) {
        self.bandpass.store(&f.bandpass);
        self.lowpass.store(&f.lowpass);
    }
}

impl<const K: usize> FusedFilters<K> {
    /// Filters one raw sample: the band-passed squared magnitude and the low-passed axes.
    #[inline(always)]
    pub fn step(&mut self, s: [f64; 3]) -> (f64, [f64; 3]) {
        let v = axes(&mut self.bandpass, s);
        let e = v[0] * v[0] + v[1] * v[1] + v[2] * v[2];
        (e, axes(&mut self.lowpass, s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::{Band, Filter, SosFilter, butter};

    /// The fused three-axis loop must equal the filter module's cascade, bit for bit, from the
    /// same steady-state start.
    #[test]
    fn fused_bandpass_equals_filter_module() {
        for (order, rate) in [(1, 25.0), (2, 50.0), (3, 100.0), (4, 200.0)] {
            let cascade = butter(order, Band::Bandpass(0.5, 8.0), rate).unwrap();
            let secs = bandpass(order, (0.5, 8.0), rate).unwrap();
            let mut refs: Vec<_> = (0..3).map(|_| SosFilter::new_steady(&cascade)).collect();
            let mut rng = crate::simulate::Rng::new(order as u64);
            let mut bp = AxisFilter::<MAX_SECTIONS>::new(&secs).unwrap();
            let first = [0.3, -0.5, 0.8];
            bp.seed(first);
            for i in 0..5000 {
                let s = if i == 0 {
                    first
                } else {
                    [rng.normal(), rng.normal(), rng.normal()]
                };
                let want: Vec<f64> = (0..3).map(|a| refs[a].process_sample(s[a])).collect();
                let got = match secs.sections().len() {
                    1 => bp.step::<1>(s),
                    2 => bp.step::<2>(s),
                    3 => bp.step::<3>(s),
                    _ => bp.step::<4>(s),
                };
                for a in 0..3 {
                    assert_eq!(
                        got[a].to_bits(),
                        want[a].to_bits(),
                        "order {order} sample {i}"
                    );
                }
            }
        }
    }
}
