//! Multi-channel helpers over `ndarray` (samples × channels) and an interleaved streaming
//! processor.
//!
//! The batch helpers run the streaming filters down each column: one designed cascade, one
//! state per channel, so a column gives exactly what a single-channel [`SosFilter`] would.
//! [`InterleavedSos`] runs C channels in lock step on frames; the C independent recurrences
//! overlap in the CPU pipeline, hiding the latency of one channel's DF2T chain.

use ndarray::{Array2, ArrayView2, Axis};

use super::df2t::{cascade_step, filter_block, seed_steady};
use super::{Filter, Init, MovingRms, RunningPercentile, SosCascade, SosFilter, sosfiltfilt};
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

    /// Steady state for a constant `frame`; out of line, as it runs once.
    #[cold]
    fn seed(&mut self, frame: &[f64; C]) {
        seed_steady(self.cascade.steady_state(), &mut self.state, *frame);
        self.primed = true;
    }

    /// Filters one frame (one sample of each channel) in place.
    #[inline]
    pub fn process_frame(&mut self, frame: &mut [f64; C]) {
        if !self.primed {
            self.seed(frame);
        }
        *frame = cascade_step(self.cascade.sections(), &mut self.state, *frame);
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
        filter_block::<f64, [f64; C], [f64; C], C, 2>(
            self.cascade.sections(),
            &mut self.state,
            frames,
        );
    }

    /// Returns to the initial state.
    pub fn reset(&mut self) {
        self.state.iter_mut().for_each(|s| *s = [[0.0; C]; 2]);
        self.primed = self.init == Init::Zero;
    }
}
