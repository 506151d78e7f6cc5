//! Multi-channel helpers over `ndarray` (samples × channels) and an interleaved streaming
//! processor.
//!
//! The batch helpers run the streaming filters down each column: one designed cascade, one
//! state per channel, so a column gives exactly what a single-channel [`SosFilter`] would.
//! [`InterleavedSos`] runs C channels in lock step on frames; the C independent recurrences
//! overlap in the CPU pipeline, hiding the latency of one channel's DF2T chain.

use ndarray::{Array2, ArrayView2, Axis};

use super::sos::sub_mul;
use super::{
    Biquad, Filter, Init, MovingRms, RunningPercentile, SosCascade, SosFilter, sosfiltfilt,
};
use crate::Result;

/// Filters every column of `data` (samples × channels) with `cascade`, each channel with its
/// own state started as `init`.
pub fn sosfilt_columns(
    cascade: &SosCascade<f64>,
    data: ArrayView2<f64>,
    init: Init,
) -> Array2<f64> {
    map_columns(data, || SosFilter::new(cascade, init))
}

/// Zero-phase filters every column of `data` (samples × channels), as
/// `scipy.signal.sosfiltfilt(sos, data, axis=0)`.
pub fn sosfiltfilt_columns(
    cascade: &SosCascade<f64>,
    data: ArrayView2<f64>,
) -> Result<Array2<f64>> {
    let mut out = data.to_owned();
    let mut col = Vec::with_capacity(data.nrows());
    for mut c in out.axis_iter_mut(Axis(1)) {
        col.clear();
        col.extend(c.iter().copied());
        let y = sosfiltfilt(cascade, &col)?;
        c.iter_mut().zip(y).for_each(|(d, v)| *d = v);
    }
    Ok(out)
}

/// Moving RMS over `window` samples down every column of `data`.
pub fn moving_rms_columns(data: ArrayView2<f64>, window: usize) -> Result<Array2<f64>> {
    MovingRms::<f64>::new(window)?;
    Ok(map_columns(data, || {
        MovingRms::new(window).expect("window validated above")
    }))
}

/// Running `percentile` over `window` samples down every column of `data`.
pub fn running_percentile_columns(
    data: ArrayView2<f64>,
    window: usize,
    percentile: f64,
) -> Result<Array2<f64>> {
    RunningPercentile::<f64>::new(window, percentile)?;
    Ok(map_columns(data, || {
        RunningPercentile::new(window, percentile).expect("parameters validated above")
    }))
}

/// Runs a fresh filter from `make` down each column.
pub fn map_columns<F: Filter<f64>>(
    data: ArrayView2<f64>,
    mut make: impl FnMut() -> F,
) -> Array2<f64> {
    let mut out = data.to_owned();
    for mut c in out.axis_iter_mut(Axis(1)) {
        let mut f = make();
        c.iter_mut().for_each(|v| *v = f.process_sample(*v));
    }
    out
}

/// C channels of one cascade run in lock step: state `[z1, z2]` per section per channel,
/// stored so that the channels of a section sit side by side.
#[derive(Debug, Clone)]
pub struct InterleavedSos<'a, const C: usize> {
    cascade: &'a SosCascade<f64>,
    state: Vec<[[f64; C]; 2]>,
    init: Init,
    primed: bool,
}

impl<'a, const C: usize> InterleavedSos<'a, C> {
    /// C channels over `cascade`, started as `init` (steady: each channel's first sample).
    pub fn new(cascade: &'a SosCascade<f64>, init: Init) -> Self {
        InterleavedSos {
            cascade,
            state: vec![[[0.0; C]; 2]; cascade.sections().len()],
            init,
            primed: init == Init::Zero,
        }
    }

    fn seed(&mut self, frame: &[f64; C]) {
        for (s, zi) in self.state.iter_mut().zip(self.cascade.steady_state()) {
            for c in 0..C {
                s[0][c] = zi[0] * frame[c];
                s[1][c] = zi[1] * frame[c];
            }
        }
        self.primed = true;
    }

    /// Filters one frame (one sample of each channel) in place.
    #[inline]
    pub fn process_frame(&mut self, frame: &mut [f64; C]) {
        if !self.primed {
            self.seed(frame);
        }
        for (s, z) in self.cascade.sections().iter().zip(self.state.iter_mut()) {
            for c in 0..C {
                let v = frame[c];
                let bx1 = s.b1 * v + z[1][c];
                let bx2 = s.b2 * v;
                let y = s.b0 * v + z[0][c];
                z[0][c] = sub_mul(bx1, s.a1, y);
                z[1][c] = sub_mul(bx2, s.a2, y);
                frame[c] = y;
            }
        }
    }

    /// Filters frames in place; bit-identical to calling [`Self::process_frame`] on each.
    ///
    /// Runs two sections at a time over all frames with their states in locals: the 2·C
    /// recurrences (sections × channels) are independent chains whose latencies overlap.
    pub fn process_frames(&mut self, frames: &mut [[f64; C]]) {
        let Some(first) = frames.first() else {
            return;
        };
        if !self.primed {
            let f = *first;
            self.seed(&f);
        }
        let mut secs = self.cascade.sections();
        let mut state = &mut self.state[..];
        while !secs.is_empty() {
            let k = secs.len().min(2);
            let (g, rest) = secs.split_at(k);
            let (z, zrest) = state.split_at_mut(k);
            if k == 2 {
                run_frames::<C, 2>(g, z, frames);
            } else {
                run_frames::<C, 1>(g, z, frames);
            }
            secs = rest;
            state = zrest;
        }
    }

    /// Returns to the initial state.
    pub fn reset(&mut self) {
        self.state.iter_mut().for_each(|s| *s = [[0.0; C]; 2]);
        self.primed = self.init == Init::Zero;
    }
}

/// Filters `frames` through the K sections `g` (per-channel state `z`), frame by frame, with
/// coefficients and state in fixed-size locals.
#[inline(always)]
fn run_frames<const C: usize, const K: usize>(
    g: &[Biquad<f64>],
    z: &mut [[[f64; C]; 2]],
    frames: &mut [[f64; C]],
) {
    let (Ok(s), Ok(zs)) = (
        <&[Biquad<f64>; K]>::try_from(g),
        <&mut [[[f64; C]; 2]; K]>::try_from(z),
    ) else {
        unreachable!("caller passes exactly K sections and K states");
    };
    let s = *s;
    let mut st = *zs;
    for frame in frames.iter_mut() {
        for k in 0..K {
            let q = &s[k];
            for c in 0..C {
                let v = frame[c];
                let bx1 = q.b1 * v + st[k][1][c];
                let bx2 = q.b2 * v;
                let y = q.b0 * v + st[k][0][c];
                st[k][0][c] = sub_mul(bx1, q.a1, y);
                st[k][1][c] = sub_mul(bx2, q.a2, y);
                frame[c] = y;
            }
        }
    }
    *zs = st;
}
