//! Second-order sections (biquads) in transposed direct form II, and cascades of them.

use std::sync::Arc;

use num_traits::Float;

use super::Filter;
use super::df2t::{cascade_step, filter_block, seed_steady};
use crate::{Error, Result};

/// One second-order section, `H(z) = (b0 + b1 z⁻¹ + b2 z⁻²) / (1 + a1 z⁻¹ + a2 z⁻²)`.
///
/// The leading denominator coefficient `a0` is normalised to 1 (a scipy `sos` row
/// `[b0, b1, b2, a0, a1, a2]` becomes `b/a0`, `a/a0`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Biquad<T> {
    /// Numerator coefficient of z⁰.
    pub b0: T,
    /// Numerator coefficient of z⁻¹.
    pub b1: T,
    /// Numerator coefficient of z⁻².
    pub b2: T,
    /// Denominator coefficient of z⁻¹.
    pub a1: T,
    /// Denominator coefficient of z⁻².
    pub a2: T,
}

impl<T: Float> Biquad<T> {
    /// A section from a scipy-style row `[b0, b1, b2, a0, a1, a2]`, normalised so that a0 = 1.
    ///
    /// Errors if `a0` is zero or any coefficient is not finite.
    pub fn from_sos_row(row: [T; 6]) -> Result<Self> {
        if row.iter().any(|c| !c.is_finite()) {
            return Err(Error::InvalidFilter(
                "second-order section has a non-finite coefficient".into(),
            ));
        }
        let a0 = row[3];
        if a0 == T::zero() {
            return Err(Error::InvalidFilter(
                "second-order section has a0 = 0".into(),
            ));
        }
        Ok(Biquad {
            b0: row[0] / a0,
            b1: row[1] / a0,
            b2: row[2] / a0,
            a1: row[4] / a0,
            a2: row[5] / a0,
        })
    }

    /// The section as a scipy `sos` row `[b0, b1, b2, 1, a1, a2]`.
    pub fn to_sos_row(&self) -> [T; 6] {
        [self.b0, self.b1, self.b2, T::one(), self.a1, self.a2]
    }

    /// Gain at DC, `H(1) = (b0 + b1 + b2) / (1 + a1 + a2)`, the steady-state step response.
    pub fn dc_gain(&self) -> T {
        (self.b0 + self.b1 + self.b2) / (T::one() + self.a1 + self.a2)
    }

    /// The DF2T state `[z1, z2]` that a constant unit input leaves behind (scipy `lfilter_zi`).
    ///
    /// With `y = H(1)` the steady output, the update equations give `z2 = b2 - a2·y` and
    /// `z1 = y - b0`.
    pub fn steady_state(&self) -> [T; 2] {
        let y = self.dc_gain();
        [y - self.b0, self.b2 - self.a2 * y]
    }

    /// True when both poles lie strictly inside the unit circle (the stability triangle
    /// `|a2| < 1`, `|a1| < 1 + a2`).
    pub fn is_stable(&self) -> bool {
        self.a2.abs() < T::one() && self.a1.abs() < T::one() + self.a2
    }

    /// The larger pole magnitude of `z² + a1 z + a2`.
    pub fn max_pole_radius(&self) -> T {
        let two = T::one() + T::one();
        let four = two + two;
        let disc = self.a1 * self.a1 - four * self.a2;
        if disc < T::zero() {
            // Complex pair: |p|² = a2.
            self.a2.abs().sqrt()
        } else {
            let s = disc.sqrt();
            let r1 = (-self.a1 + s) / two;
            let r2 = (-self.a1 - s) / two;
            r1.abs().max(r2.abs())
        }
    }

    /// The same section in another float type.
    pub fn cast<U: Float>(&self) -> Biquad<U> {
        let c = |v: T| U::from(v).unwrap_or_else(U::nan);
        Biquad {
            b0: c(self.b0),
            b1: c(self.b1),
            b2: c(self.b2),
            a1: c(self.a1),
            a2: c(self.a2),
        }
    }
}

/// A designed cascade of second-order sections: coefficients only, no state.
///
/// Share one cascade between many channels (by reference or in an `Arc`) and give each channel
/// its own [`SosFilter`].
#[derive(Debug, Clone, PartialEq)]
pub struct SosCascade<T> {
    sections: Vec<Biquad<T>>,
    /// scipy `sosfilt_zi`: the per-section state for a unit steady input, precomputed so that
    /// seeding a filter's state costs nothing per channel.
    zi: Vec<[T; 2]>,
}

impl<T: Float> SosCascade<T> {
    /// A cascade of the given sections (at least one).
    pub fn new(sections: Vec<Biquad<T>>) -> Result<Self> {
        if sections.is_empty() {
            return Err(Error::InvalidFilter(
                "a cascade needs at least one section".into(),
            ));
        }
        let all = |s: &Biquad<T>| [s.b0, s.b1, s.b2, s.a1, s.a2];
        if sections.iter().flat_map(all).any(|c| !c.is_finite()) {
            return Err(Error::InvalidFilter(
                "second-order section has a non-finite coefficient".into(),
            ));
        }
        let mut zi = Vec::with_capacity(sections.len());
        // sosfilt_zi: each section's lfilter_zi scaled by the DC gain of the sections before it.
        let mut scale = T::one();
        for s in &sections {
            let z = s.steady_state();
            zi.push([scale * z[0], scale * z[1]]);
            scale = scale * s.dc_gain();
        }
        Ok(SosCascade { sections, zi })
    }

    /// A cascade from scipy-style `sos` rows `[b0, b1, b2, a0, a1, a2]`.
    pub fn from_sos(rows: &[[T; 6]]) -> Result<Self> {
        let sections = rows
            .iter()
            .map(|r| Biquad::from_sos_row(*r))
            .collect::<Result<Vec<_>>>()?;
        Self::new(sections)
    }

    /// The sections, first applied first.
    pub fn sections(&self) -> &[Biquad<T>] {
        &self.sections
    }

    /// The cascade as scipy `sos` rows.
    pub fn to_sos(&self) -> Vec<[T; 6]> {
        self.sections.iter().map(Biquad::to_sos_row).collect()
    }

    /// scipy `sosfilt_zi(sos)`: the per-section state `[z1, z2]` for a steady unit input.
    /// Multiply by the input level to start a filter in steady state.
    pub fn steady_state(&self) -> &[[T; 2]] {
        &self.zi
    }

    /// True when every section's poles lie strictly inside the unit circle.
    pub fn is_stable(&self) -> bool {
        self.sections.iter().all(Biquad::is_stable)
    }

    /// The largest pole magnitude over all sections (< 1 for a stable cascade).
    pub fn max_pole_radius(&self) -> T {
        self.sections
            .iter()
            .map(Biquad::max_pole_radius)
            .fold(T::zero(), T::max)
    }

    /// The same cascade in another float type (e.g. an `f64` design run in `f32`).
    pub fn cast<U: Float>(&self) -> Result<SosCascade<U>> {
        SosCascade::new(self.sections.iter().map(Biquad::cast).collect())
    }
}

impl<T> AsRef<SosCascade<T>> for SosCascade<T> {
    fn as_ref(&self) -> &SosCascade<T> {
        self
    }
}

/// How a [`SosFilter`] starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Init {
    /// Zero state, as `scipy.signal.sosfilt(sos, x)`: a DC offset rings through a high-pass.
    Zero,
    /// Steady state for the first sample seen, as
    /// `sosfilt(sos, x, zi=sosfilt_zi(sos) * x[0])`: a constant input gives a constant output
    /// from the first sample, so a 1 g gravity offset does not ring through a high-pass.
    #[default]
    Steady,
}

/// A running cascade: a handle to the coefficients plus this channel's state.
///
/// `C` is anything that gives a `&SosCascade<T>`: an owned cascade, a reference, or an `Arc`
/// (the default) shared between channels and threads.
///
/// Each section runs the crate's one DF2T step (`Biquad::step` in `filter/df2t.rs`), whose
/// loop-carried dependency is a single multiply-add per section.
#[derive(Debug, Clone)]
pub struct SosFilter<T, C = Arc<SosCascade<T>>> {
    cascade: C,
    state: Vec<[T; 2]>,
    init: Init,
    /// False until the first sample has seeded a [`Init::Steady`] state.
    primed: bool,
}

impl<T: Float, C: AsRef<SosCascade<T>>> SosFilter<T, C> {
    /// A filter over `cascade` starting as `init` says.
    pub fn new(cascade: C, init: Init) -> Self {
        let n = cascade.as_ref().sections().len();
        SosFilter {
            cascade,
            state: vec![[T::zero(); 2]; n],
            init,
            primed: init == Init::Zero,
        }
    }

    /// A filter with zero initial state (= `sosfilt`).
    pub fn new_zero(cascade: C) -> Self {
        Self::new(cascade, Init::Zero)
    }

    /// A filter that starts in steady state for the first sample it sees.
    pub fn new_steady(cascade: C) -> Self {
        Self::new(cascade, Init::Steady)
    }

    /// Sets the state to the steady state for a constant input `level` (`sosfilt_zi · level`),
    /// as if the input had been `level` forever. The next sample is not used to re-seed.
    pub fn set_steady(&mut self, level: T) {
        seed_steady::<T, T, 1>(
            self.cascade.as_ref().steady_state(),
            &mut self.state,
            [level],
        );
        self.primed = true;
    }

    /// Sets the per-section state `[z1, z2]` directly (scipy's `zi`). Errors on a length
    /// mismatch.
    pub fn set_state(&mut self, state: &[[T; 2]]) -> Result<()> {
        if state.len() != self.state.len() {
            return Err(Error::InvalidInput(format!(
                "state has {} sections, the cascade has {}",
                state.len(),
                self.state.len()
            )));
        }
        self.state.copy_from_slice(state);
        self.primed = true;
        Ok(())
    }

    /// The current per-section state `[z1, z2]` (scipy's `zf`).
    pub fn state(&self) -> &[[T; 2]] {
        &self.state
    }

    /// The coefficients this filter runs.
    pub fn cascade(&self) -> &SosCascade<T> {
        self.cascade.as_ref()
    }

    /// The initial-state policy.
    pub fn init(&self) -> Init {
        self.init
    }

    /// Seeds the steady state from the first sample; out of line, as it runs once.
    #[cold]
    fn prime(&mut self, first: T) {
        self.set_steady(first);
    }
}

impl<T: Float, C: AsRef<SosCascade<T>>> Filter<T> for SosFilter<T, C> {
    #[inline]
    fn process_sample(&mut self, x: T) -> T {
        // A one-sample call cannot avoid this (predictable) test; `process_block` makes it
        // once per block, outside its loop.
        if !self.primed {
            self.prime(x);
        }
        cascade_step::<T, T, 1>(self.cascade.as_ref().sections(), &mut self.state, [x])[0]
    }

    fn process_block(&mut self, block: &mut [T]) {
        let Some(first) = block.first() else {
            return;
        };
        if !self.primed {
            self.prime(*first);
        }
        // Up to four sections at a time over the whole block, their state in registers: the
        // sections' recurrences are independent chains that overlap. Bit-identical to
        // `process_sample` (the same step on the same inputs).
        filter_block::<T, T, T, 1, 4>(self.cascade.as_ref().sections(), &mut self.state, block);
    }

    fn reset(&mut self) {
        for z in &mut self.state {
            *z = [T::zero(); 2];
        }
        self.primed = self.init == Init::Zero;
    }
}

/// `c − a·y`, the one operation of a DF2T section that waits for the section's output. Fused
/// (one `vfmadd`, one rounding) when the build targets FMA, so the loop-carried chain per
/// sample is one add and one multiply-add; otherwise a multiply and a subtract. The choice is
/// made at compile time, so every filter in one build computes bit-identical values.
#[inline(always)]
pub(crate) fn sub_mul<T: Float>(c: T, a: T, y: T) -> T {
    if cfg!(target_feature = "fma") {
        (-a).mul_add(y, c)
    } else {
        c - a * y
    }
}
