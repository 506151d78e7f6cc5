//! The one transposed-direct-form-II (DF2T) step every cascade in the crate runs.
//!
//! Coefficients ([`Biquad`]) are passed by `&self`, state by `&mut`, as in quartiq/idsp's
//! `iir/biquad.rs`. The step is generic over a const lane count `L`: one lane for
//! [`super::SosFilter`], C lanes for [`super::multichannel::InterleavedSos`], four for an
//! accelerometer's three axes ([`super::triaxial::AxisFilter`]). Every lane does exactly the
//! same operations in the same order, so a lane of an L-lane filter equals a one-lane filter
//! bit for bit, and the compiler turns the lane loop into packed SIMD.

use num_traits::Float;

use super::Biquad;
use super::sos::sub_mul;

/// The DF2T state `[z1, z2]` of one section over `L` lanes.
pub(crate) type LaneState<T, const L: usize> = [[T; L]; 2];

/// A value of a filter's signal or state that holds `L` lanes: `T` itself (one lane, how
/// [`super::SosFilter`] stores samples and state) or an array `[T; L]` (a frame). The
/// conversions are moves the optimiser removes.
pub(crate) trait Lanes<T, const L: usize>: Copy {
    /// The lanes as an array.
    fn to_lanes(self) -> [T; L];
    /// The value from its lanes.
    fn from_lanes(v: [T; L]) -> Self;
}

impl<T: Copy> Lanes<T, 1> for T {
    #[inline(always)]
    fn to_lanes(self) -> [T; 1] {
        [self]
    }

    #[inline(always)]
    fn from_lanes(v: [T; 1]) -> Self {
        v[0]
    }
}

impl<T: Copy, const L: usize> Lanes<T, L> for [T; L] {
    #[inline(always)]
    fn to_lanes(self) -> [T; L] {
        self
    }

    #[inline(always)]
    fn from_lanes(v: [T; L]) -> Self {
        v
    }
}

/// A section's stored state as lanes. (Qualified calls: the blanket one-lane impl would
/// otherwise also match the receiver.)
#[inline(always)]
fn unpack<T: Copy, Z: Lanes<T, L>, const L: usize>(z: [Z; 2]) -> LaneState<T, L> {
    [
        <Z as Lanes<T, L>>::to_lanes(z[0]),
        <Z as Lanes<T, L>>::to_lanes(z[1]),
    ]
}

/// A section's lanes as stored state.
#[inline(always)]
fn pack<T: Copy, Z: Lanes<T, L>, const L: usize>(z: LaneState<T, L>) -> [Z; 2] {
    [
        <Z as Lanes<T, L>>::from_lanes(z[0]),
        <Z as Lanes<T, L>>::from_lanes(z[1]),
    ]
}

impl<T: Float> Biquad<T> {
    /// One sample of `L` lanes through this section; `z` is the section's state.
    ///
    /// Ordered so the loop-carried dependency is a single multiply-add:
    /// `y = b0·x + z1; z1 = (b1·x + z2) − a1·y; z2 = b2·x − a2·y`; the terms in `x` do not wait
    /// for `y`. Every filter in the crate runs this function, so they agree bit for bit.
    #[inline(always)]
    pub(crate) fn step<const L: usize>(&self, z: &mut LaneState<T, L>, x: [T; L]) -> [T; L] {
        let mut y = x;
        for l in 0..L {
            let v = x[l];
            let bx1 = self.b1 * v + z[1][l];
            let bx2 = self.b2 * v;
            y[l] = self.b0 * v + z[0][l];
            z[0][l] = sub_mul(bx1, self.a1, y[l]);
            z[1][l] = sub_mul(bx2, self.a2, y[l]);
        }
        y
    }
}

/// One sample of `L` lanes through `sections` in order, each with its state `[z1, z2]` in
/// `state` (stored as `Z`: `T` for one lane, `[T; L]` for a frame).
#[inline(always)]
pub(crate) fn cascade_step<T: Float, Z: Lanes<T, L>, const L: usize>(
    sections: &[Biquad<T>],
    state: &mut [[Z; 2]],
    x: [T; L],
) -> [T; L] {
    let mut v = x;
    for (s, z) in sections.iter().zip(state.iter_mut()) {
        let mut lanes = unpack(*z);
        v = s.step(&mut lanes, v);
        *z = pack(lanes);
    }
    v
}

/// Sets `state` to what a constant input `level` (per lane) leaves behind, given `steady`,
/// scipy's `sosfilt_zi` per section ([`super::SosCascade::steady_state`]): the Init::Steady
/// start.
pub(crate) fn seed_steady<T: Float, Z: Lanes<T, L>, const L: usize>(
    steady: &[[T; 2]],
    state: &mut [[Z; 2]],
    level: [T; L],
) {
    for (z, zi) in state.iter_mut().zip(steady) {
        *z = pack([level.map(|v| zi[0] * v), level.map(|v| zi[1] * v)]);
    }
}

/// `K` sections and their `L`-lane state held by value: a block copies them into locals, which
/// the optimiser keeps in registers (no state goes through memory per sample), and stores the
/// state back at its end. `K` is a const, so the section loop is unrolled and no section count
/// is looked at per sample.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FixedCascade<T, const L: usize, const K: usize> {
    sections: [Biquad<T>; K],
    state: [LaneState<T, L>; K],
}

impl<T: Float, const L: usize, const K: usize> FixedCascade<T, L, K> {
    /// The first `K` of `sections` and of their stored `state`.
    ///
    /// Panics if either holds fewer than `K`.
    #[inline(always)]
    pub(crate) fn load<Z: Lanes<T, L>>(sections: &[Biquad<T>], state: &[[Z; 2]]) -> Self {
        assert!(
            sections.len() >= K && state.len() >= K,
            "a fixed cascade of {K} sections needs {K} sections and states"
        );
        FixedCascade {
            sections: std::array::from_fn(|k| sections[k]),
            state: std::array::from_fn(|k| unpack(state[k])),
        }
    }

    /// Writes the state back into the first `K` entries of `state`.
    #[inline(always)]
    pub(crate) fn store<Z: Lanes<T, L>>(&self, state: &mut [[Z; 2]]) {
        for (dst, z) in state.iter_mut().zip(&self.state) {
            *dst = pack(*z);
        }
    }

    /// One sample of `L` lanes through the `K` sections.
    #[inline(always)]
    pub(crate) fn step(&mut self, x: [T; L]) -> [T; L] {
        cascade_step(&self.sections, &mut self.state, x)
    }

    /// Filters `data` in place, sample-major.
    #[inline(always)]
    fn run<X: Lanes<T, L>>(&mut self, data: &mut [X]) {
        for v in data.iter_mut() {
            *v = <X as Lanes<T, L>>::from_lanes(self.step(<X as Lanes<T, L>>::to_lanes(*v)));
        }
    }
}

/// Filters `data` in place through the whole cascade (`sections`, stored state `state`), up
/// to `G` (1..=4) sections at a time over the whole block: the sections of a group are
/// independent recurrences that overlap in the CPU pipeline, with their state in registers.
/// Each section sees exactly the inputs and does exactly the arithmetic of [`cascade_step`],
/// so the result is bit-identical to filtering sample by sample. The group size is chosen
/// once per group per block, never per sample.
pub(crate) fn filter_block<T, Z, X, const L: usize, const G: usize>(
    sections: &[Biquad<T>],
    state: &mut [[Z; 2]],
    data: &mut [X],
) where
    T: Float,
    Z: Lanes<T, L>,
    X: Lanes<T, L>,
{
    const { assert!(G >= 1 && G <= 4, "groups of 1 to 4 sections") };
    let mut secs = sections;
    let mut state = state;
    while !secs.is_empty() {
        let k = secs.len().min(G);
        let (g, rest) = secs.split_at(k);
        let (z, zrest) = state.split_at_mut(k);
        match k {
            4 => run_group::<T, Z, X, L, 4>(g, z, data),
            3 => run_group::<T, Z, X, L, 3>(g, z, data),
            2 => run_group::<T, Z, X, L, 2>(g, z, data),
            _ => run_group::<T, Z, X, L, 1>(g, z, data),
        }
        secs = rest;
        state = zrest;
    }
}

/// `data` through the K sections `g` (state `z`) with both in locals.
#[inline(always)]
fn run_group<T: Float, Z: Lanes<T, L>, X: Lanes<T, L>, const L: usize, const K: usize>(
    g: &[Biquad<T>],
    z: &mut [[Z; 2]],
    data: &mut [X],
) {
    let mut f = FixedCascade::<T, L, K>::load(g, z);
    f.run(data);
    f.store(z);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::{Band, butter};

    fn noise(seed: u64, n: usize) -> Vec<f64> {
        let mut rng = crate::simulate::Rng::new(seed);
        (0..n).map(|_| rng.normal()).collect()
    }

    /// Four lanes of one section give, lane by lane, the bits of four one-lane steps.
    #[test]
    fn lane_step_equals_single_lane_steps() {
        let cascade = butter(3, Band::Bandpass(0.5, 8.0), 50.0).unwrap();
        let lanes: Vec<Vec<f64>> = (0..4).map(|l| noise(10 + l, 2000)).collect();
        let frames: Vec<[f64; 4]> = (0..2000)
            .map(|i| std::array::from_fn(|l| lanes[l][i]))
            .collect();
        for s in cascade.sections() {
            let mut wide: LaneState<f64, 4> = [[0.1, -0.2, 0.3, 0.0], [0.05, 0.0, -0.4, 0.7]];
            let mut narrow: [LaneState<f64, 1>; 4] =
                std::array::from_fn(|l| [[wide[0][l]], [wide[1][l]]]);
            for (i, &x) in frames.iter().enumerate() {
                let y = s.step(&mut wide, x);
                for l in 0..4 {
                    let y1 = s.step(&mut narrow[l], [x[l]])[0];
                    assert_eq!(y[l].to_bits(), y1.to_bits(), "lane {l} sample {i}");
                    assert_eq!(wide[0][l].to_bits(), narrow[l][0][0].to_bits());
                    assert_eq!(wide[1][l].to_bits(), narrow[l][1][0].to_bits());
                }
            }
        }
    }

    /// The block path in groups equals the cascade step sample by sample, and the stored
    /// state matches, for groups of every size and both storage layouts.
    #[test]
    fn block_in_groups_equals_sample_steps() {
        let cascade = butter(5, Band::Bandpass(0.5, 8.0), 100.0).unwrap();
        let secs = cascade.sections();
        let x = noise(3, 3000);
        let mut want = x.clone();
        let mut zs = vec![[0.0f64; 2]; secs.len()];
        for v in want.iter_mut() {
            *v = cascade_step::<f64, f64, 1>(secs, &mut zs, [*v])[0];
        }
        fn check<const G: usize>(secs: &[Biquad<f64>], x: &[f64], want: &[f64], zs: &[[f64; 2]]) {
            let mut got = x.to_vec();
            let mut z = vec![[0.0f64; 2]; secs.len()];
            // Two blocks, so the state carries over between them.
            let (a, b) = got.split_at_mut(1234);
            filter_block::<f64, f64, f64, 1, G>(secs, &mut z, a);
            filter_block::<f64, f64, f64, 1, G>(secs, &mut z, b);
            assert!(
                got.iter()
                    .zip(want)
                    .all(|(g, w)| g.to_bits() == w.to_bits())
            );
            assert_eq!(z, zs);
            // The same through frames of two lanes; IEEE rounding is symmetric in sign, so the
            // negated input gives the negated output.
            let mut frames: Vec<[f64; 2]> = x.iter().map(|&v| [v, -v]).collect();
            let mut z2 = vec![[[0.0f64; 2]; 2]; secs.len()];
            filter_block::<f64, [f64; 2], [f64; 2], 2, G>(secs, &mut z2, &mut frames);
            assert!(
                frames
                    .iter()
                    .zip(want)
                    .all(|(f, w)| f[0].to_bits() == w.to_bits())
            );
            assert!(frames.iter().zip(want).all(|(f, w)| f[1] == -w));
        }
        check::<1>(secs, &x, &want, &zs);
        check::<2>(secs, &x, &want, &zs);
        check::<3>(secs, &x, &want, &zs);
        check::<4>(secs, &x, &want, &zs);
    }
}
