//! A cascade run on the three axes of an accelerometer at once, for the leg detector's fused
//! per-sample loop.

use super::df2t::{FixedCascade, LaneState, seed_steady};
use super::{Biquad, SosCascade};
use crate::{Error, Result};

/// Lanes of the three-axis state: x, y, z and an idle fourth, so each step is one packed
/// operation on four `f64` (AVX2).
const LANES: usize = 4;

/// The sections of a cascade of at most `N` and one state per axis, by value (no heap), so a
/// detector holding it clones cheaply and its hot loop copies it into registers.
///
/// The axes run in the lanes of [`Biquad::step`], the step every filter of the crate runs, so
/// each axis equals a [`super::SosFilter`] on that axis bit for bit.
#[derive(Debug, Clone)]
pub(crate) struct AxisFilter<const N: usize> {
    len: usize,
    sections: [Biquad<f64>; N],
    /// scipy `sosfilt_zi` per section, for the steady-state start.
    steady: [[f64; 2]; N],
    state: [LaneState<f64, LANES>; N],
}

/// A section that is never run: fills the slots above a cascade's length.
const UNUSED: Biquad<f64> = Biquad {
    b0: 0.0,
    b1: 0.0,
    b2: 0.0,
    a1: 0.0,
    a2: 0.0,
};

impl<const N: usize> AxisFilter<N> {
    /// The sections of `cascade` with zero state. Errors if it has more than `N` sections.
    pub(crate) fn new(cascade: &SosCascade<f64>) -> Result<Self> {
        let secs = cascade.sections();
        if secs.len() > N {
            return Err(Error::InvalidConfig(format!(
                "detector filter has {} sections; at most {N} supported",
                secs.len()
            )));
        }
        let zi = cascade.steady_state();
        Ok(AxisFilter {
            len: secs.len(),
            sections: std::array::from_fn(|k| secs.get(k).copied().unwrap_or(UNUSED)),
            steady: std::array::from_fn(|k| zi.get(k).copied().unwrap_or([0.0; 2])),
            state: [[[0.0; LANES]; 2]; N],
        })
    }

    /// How many sections the cascade has: the `K` to run it with.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The cascade's sections, first applied first.
    pub(crate) fn sections(&self) -> &[Biquad<f64>] {
        &self.sections[..self.len]
    }

    /// Starts every axis in the steady state for the constant input `s` (the idle lane at 0).
    pub(crate) fn seed(&mut self, s: [f64; 3]) {
        let n = self.len;
        seed_steady(&self.steady[..n], &mut self.state[..n], lanes(s));
    }

    /// The sections and state by value for a block's locals; `K` must be [`Self::len`].
    #[inline(always)]
    pub(crate) fn load<const K: usize>(&self) -> FixedCascade<f64, LANES, K> {
        debug_assert_eq!(K, self.len, "run with as many sections as the cascade has");
        FixedCascade::load(&self.sections, &self.state)
    }

    /// Keeps the state of a block's locals.
    #[inline(always)]
    pub(crate) fn store<const K: usize>(&mut self, run: &FixedCascade<f64, LANES, K>) {
        run.store(&mut self.state);
    }

    /// One sample of the three axes through the `K` (= [`Self::len`]) sections.
    #[inline(always)]
    pub(crate) fn step<const K: usize>(&mut self, s: [f64; 3]) -> [f64; 3] {
        let mut run = self.load::<K>();
        let y = axes(&mut run, s);
        self.store(&run);
        y
    }
}

/// One sample of the three axes through a block's local copy of an [`AxisFilter`].
#[inline(always)]
pub(crate) fn axes<const K: usize>(run: &mut FixedCascade<f64, LANES, K>, s: [f64; 3]) -> [f64; 3] {
    let y = run.step(lanes(s));
    [y[0], y[1], y[2]]
}

/// The three axes in four lanes.
#[inline(always)]
fn lanes(s: [f64; 3]) -> [f64; LANES] {
    [s[0], s[1], s[2], 0.0]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::{Band, Filter, SosFilter, butter};

    /// Each axis equals the filter module's single-channel cascade, bit for bit, from the same
    /// steady-state start, through both the per-sample and the block-local path.
    #[test]
    fn each_axis_equals_a_single_channel_filter() {
        let cascade = butter(2, Band::Bandpass(0.5, 8.0), 50.0).unwrap();
        let mut f = AxisFilter::<4>::new(&cascade).unwrap();
        assert_eq!(f.len(), 2);
        assert_eq!(f.sections(), cascade.sections());
        let mut refs: Vec<_> = (0..3).map(|_| SosFilter::new_steady(&cascade)).collect();
        let mut rng = crate::simulate::Rng::new(7);
        let first = [0.3, -0.5, 0.8];
        f.seed(first);
        for i in 0..3000 {
            let s = if i == 0 {
                first
            } else {
                [rng.normal(), rng.normal(), rng.normal()]
            };
            let got = if i % 2 == 0 {
                f.step::<2>(s)
            } else {
                let mut run = f.load::<2>();
                let y = axes(&mut run, s);
                f.store(&run);
                y
            };
            for a in 0..3 {
                let want = refs[a].process_sample(s[a]);
                assert_eq!(got[a].to_bits(), want.to_bits(), "axis {a} sample {i}");
            }
        }
    }

    #[test]
    fn too_many_sections_is_an_error() {
        let cascade = butter(3, Band::Bandpass(0.5, 8.0), 50.0).unwrap();
        assert!(AxisFilter::<2>::new(&cascade).is_err());
        assert!(AxisFilter::<3>::new(&cascade).is_ok());
    }
}
