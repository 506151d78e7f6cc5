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

    /// One sample of the three axes through the `K` (= [`Self::len`]) sections (the tests' way
    /// in; the detector runs blocks through [`Self::load`] / [`Self::store`]).
    #[cfg(test)]
    pub(crate) fn step<const K: usize>(&mut self, s: [f64; 3]) -> [f64; 3] {
        let mut run = self.load::<K>();
        let y = axes(&mut run, s);
        self.store(&run);
        y
    }
}

/// A block's local copy of an [`AxisFilter`] of `K` sections (from [`AxisFilter::load`]).
pub(crate) type AxisRun<const K: usize> = FixedCascade<f64, LANES, K>;

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
    use crate::filter::{Band, butter};

    /// The block path (load, run, store) equals stepping sample by sample, and the state it
    /// stores carries on: the detector's fast and slow paths interleave. (Each axis against
    /// `SosFilter`: `detect::leg`'s `fused_bandpass_equals_filter_module`.)
    #[test]
    fn block_locals_equal_sample_steps() {
        let cascade = butter(3, Band::Bandpass(0.5, 8.0), 50.0).unwrap();
        let mut per_sample = AxisFilter::<4>::new(&cascade).unwrap();
        assert_eq!(per_sample.len(), 3);
        assert_eq!(per_sample.sections(), cascade.sections());
        let first = [0.3, -0.5, 0.8];
        per_sample.seed(first);
        let mut blocks = per_sample.clone();
        let mut rng = crate::simulate::Rng::new(7);
        let xs: Vec<[f64; 3]> = (0..3000)
            .map(|_| [rng.normal(), rng.normal(), rng.normal()])
            .collect();
        for block in xs.chunks(700) {
            let mut run = blocks.load::<3>();
            for &s in block {
                let want = per_sample.step::<3>(s);
                let got = axes(&mut run, s);
                assert!(
                    got.iter()
                        .zip(want)
                        .all(|(g, w)| g.to_bits() == w.to_bits())
                );
            }
            blocks.store(&run);
        }
        assert_eq!(blocks.state, per_sample.state);
        assert_ne!(blocks.state, AxisFilter::<4>::new(&cascade).unwrap().state);
    }

    #[test]
    fn too_many_sections_is_an_error() {
        let cascade = butter(3, Band::Bandpass(0.5, 8.0), 50.0).unwrap();
        assert!(AxisFilter::<2>::new(&cascade).is_err());
        assert!(AxisFilter::<3>::new(&cascade).is_ok());
    }
}
