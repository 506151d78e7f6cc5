//! The band-pass and the timing low-pass of the three axes, run in one fused pass per sample.

use super::super::config::DetectorConfig;
use super::super::design::{MAX_SECTIONS, Section, bandpass, group_delay_samples, lowpass};
use crate::filter::sub_mul;
use crate::{Error, Result};

/// Sections of the timing low-pass (a 4th-order Butterworth).
const TIMING_LP_SECTIONS: usize = 2;

/// Frequency at which the timing low-pass's group delay is taken off the reported times: the
/// middle (geometric) of the 0.5–6 Hz movement band, where the delay is already near its
/// low-frequency value.
const TIMING_DELAY_HZ: f64 = 1.7;

/// Coefficients, steady states and states of the band-pass and the timing low-pass.
#[derive(Debug, Clone)]
pub(super) struct AxisFilters {
    // Band-pass.
    pub nsec: usize,
    coef: [[f64; 5]; MAX_SECTIONS],
    zi: [[f64; 2]; MAX_SECTIONS],
    /// Per section: [z1x, z2x, z1y, z2y, z1z, z2z].
    st: [[f64; 8]; MAX_SECTIONS],
    /// Timing low-pass (two sections) of the raw axes: coefficients, steady state, state.
    lp_coef: [[f64; 5]; 2],
    lp_zi: [[f64; 2]; 2],
    lp_st: [[f64; 8]; 2],
}

/// The filters' coefficients and state for `K` band-pass sections, copied out so that a loop
/// keeps them in registers; [`AxisFilters::store`] puts the state back.
#[derive(Clone, Copy)]
pub(super) struct FusedFilters<const K: usize> {
    c: [[f64; 5]; K],
    st: [[f64; 8]; K],
    lpc: [[f64; 5]; 2],
    lpst: [[f64; 8]; 2],
}

impl AxisFilters {
    /// Designs both filters for `cfg` at `rate_hz`, and returns the timing low-pass's group
    /// delay in the movement band (samples).
    pub fn design(cfg: &DetectorConfig, rate_hz: f64) -> Result<(Self, f64)> {
        let secs: Vec<Section> = bandpass(cfg.filter_order, cfg.band_hz, rate_hz)?;
        if secs.len() > MAX_SECTIONS {
            return Err(Error::InvalidConfig(format!(
                "detector band-pass has {} sections; at most {MAX_SECTIONS} supported",
                secs.len()
            )));
        }
        let lp = lowpass(TIMING_LP_SECTIONS, cfg.timing_lowpass_hz, rate_hz)?;
        let lp_coef: [[f64; 5]; 2] = std::array::from_fn(|k| lp[k].c);
        let lp_zi: [[f64; 2]; 2] = std::array::from_fn(|k| lp[k].zi);
        let mut coef = [[0.0; 5]; MAX_SECTIONS];
        let mut zi = [[0.0; 2]; MAX_SECTIONS];
        for (k, s) in secs.iter().enumerate() {
            coef[k] = s.c;
            zi[k] = s.zi;
        }
        let filters = AxisFilters {
            nsec: secs.len(),
            coef,
            zi,
            st: [[0.0; 8]; MAX_SECTIONS],
            lp_coef,
            lp_zi,
            lp_st: [[0.0; 8]; 2],
        };
        let lp_delay = group_delay_samples(&lp, TIMING_DELAY_HZ, rate_hz).max(0.0);
        Ok((filters, lp_delay))
    }

    /// Restarts both filters in the steady state of a constant input `s`.
    pub fn reinit(&mut self, s: [f64; 3]) {
        for k in 0..self.nsec {
            for (a, v) in s.iter().enumerate() {
                self.st[k][a] = self.zi[k][0] * v;
                self.st[k][4 + a] = self.zi[k][1] * v;
            }
        }
        for k in 0..TIMING_LP_SECTIONS {
            for (a, v) in s.iter().enumerate() {
                self.lp_st[k][a] = self.lp_zi[k][0] * v;
                self.lp_st[k][4 + a] = self.lp_zi[k][1] * v;
            }
        }
    }

    /// The coefficients and state of `K` (= `nsec`) band-pass sections and the low-pass.
    #[inline(always)]
    pub fn load<const K: usize>(&self) -> FusedFilters<K> {
        FusedFilters {
            c: std::array::from_fn(|k| self.coef[k]),
            st: std::array::from_fn(|k| self.st[k]),
            lpc: self.lp_coef,
            lpst: self.lp_st,
        }
    }

    /// Keeps the state `f` reached (from [`AxisFilters::load`]).
    #[inline(always)]
    pub fn store<const K: usize>(&mut self, f: &FusedFilters<K>) {
        self.st[..K].copy_from_slice(&f.st);
        self.lp_st = f.lpst;
    }
}

impl<const K: usize> FusedFilters<K> {
    /// Filters one raw sample: the band-passed squared magnitude and the low-passed axes.
    #[inline(always)]
    pub fn step(&mut self, s: [f64; 3]) -> (f64, [f64; 3]) {
        let (_, e) = filter3::<K>(&self.c, &mut self.st, s);
        (e, filter3::<2>(&self.lpc, &mut self.lpst, s).0)
    }
}

/// Band-pass of the three axes and the squared magnitude of the result.
///
/// State layout per section: `[z1x, z1y, z1z, 0, z2x, z2y, z2z, 0]`, so each DF2T step is the
/// same lane-wise operation on four lanes (the fourth idle), which the compiler turns into
/// packed SIMD. Each lane performs the DF2T update in the same operation order as
/// [`crate::filter::SosFilter`], so the fused loop reproduces it bit for bit.
#[inline(always)]
fn filter3<const K: usize>(
    c: &[[f64; 5]; K],
    st: &mut [[f64; 8]; K],
    s: [f64; 3],
) -> ([f64; 3], f64) {
    let mut v = [s[0], s[1], s[2], 0.0];
    for k in 0..K {
        let [b0, b1, b2, a1, a2] = c[k];
        let z = &mut st[k];
        let mut y = [0.0; 4];
        for l in 0..4 {
            let bx1 = b1 * v[l] + z[4 + l];
            let bx2 = b2 * v[l];
            y[l] = b0 * v[l] + z[l];
            z[l] = sub_mul(bx1, a1, y[l]);
            z[4 + l] = sub_mul(bx2, a2, y[l]);
        }
        v = y;
    }
    ([v[0], v[1], v[2]], v[0] * v[0] + v[1] * v[1] + v[2] * v[2])
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
            let mut st = [[0.0; 8]; 4];
            let c: [[f64; 5]; 4] = std::array::from_fn(|k| secs.get(k).map_or([0.0; 5], |s| s.c));
            let first = [0.3, -0.5, 0.8];
            for k in 0..secs.len() {
                for a in 0..3 {
                    st[k][a] = secs[k].zi[0] * first[a];
                    st[k][4 + a] = secs[k].zi[1] * first[a];
                }
            }
            for i in 0..5000 {
                let s = if i == 0 {
                    first
                } else {
                    [rng.normal(), rng.normal(), rng.normal()]
                };
                let want: Vec<f64> = (0..3).map(|a| refs[a].process_sample(s[a])).collect();
                let want = want[0] * want[0] + want[1] * want[1] + want[2] * want[2];
                let got = match secs.len() {
                    1 => filter3::<1>(&[c[0]], (&mut st[..1]).try_into().unwrap(), s),
                    2 => filter3::<2>(&[c[0], c[1]], (&mut st[..2]).try_into().unwrap(), s),
                    3 => filter3::<3>(&[c[0], c[1], c[2]], (&mut st[..3]).try_into().unwrap(), s),
                    _ => filter3::<4>(&c, &mut st, s),
                }
                .1;
                assert_eq!(got.to_bits(), want.to_bits(), "order {order} sample {i}");
            }
        }
    }
}
