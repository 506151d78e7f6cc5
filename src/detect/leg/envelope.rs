//! The envelope: the moving sum of the band-passed squared magnitude over the envelope window,
//! with per-sample rings beside it (the raw change energy for the impulse measure, the
//! low-passed axes for the timing window), all in the same slots.

use crate::filter::{MovingSumAt, OpenMovingSum, PlainMovingSum};

/// The envelope's moving sum and the rings parallel to it.
#[derive(Debug, Clone)]
pub(super) struct Envelope {
    /// Moving sum of squares of the band-passed axes (= window × envelope²).
    sum: PlainMovingSum,
    /// Raw sample-to-sample change energy |s[i] − s[i−1]|², one per slot of `sum`.
    dring: Vec<f64>,
    /// Low-passed raw axes, one per slot of `sum`, for the timing window.
    yring: Vec<[f64; 3]>,
    /// Last valid raw sample (for the change energy).
    prev_raw: [f64; 3],
}

/// An [`Envelope`] opened for a loop: position, sum and last sample by value, rings by slice.
pub(super) struct OpenEnvelope<'a> {
    sum: OpenMovingSum<'a>,
    dring: &'a mut [f64],
    yring: &'a mut [[f64; 3]],
    prev_raw: [f64; 3],
}

/// Where an [`OpenEnvelope`] got to, for [`Envelope::close`].
pub(super) struct EnvelopeAt {
    sum: MovingSumAt,
    prev_raw: [f64; 3],
}

/// Sum and sum of squares of the raw change energy over a candidate: how widely it spreads
/// tells an impulse (a knock, a spike, a one-sample jump) from a leg movement.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct ChangeEnergy {
    sum: f64,
    sq: f64,
}

impl ChangeEnergy {
    /// Adds one sample's change energy.
    #[inline(always)]
    pub fn add(&mut self, d: f64) {
        self.sum += d;
        self.sq += d * d;
    }

    /// Effective number of samples carrying the change energy (participation ratio; infinite
    /// when there is none).
    pub fn effective_samples(&self) -> f64 {
        if self.sq > 0.0 {
            self.sum * self.sum / self.sq
        } else {
            f64::INFINITY
        }
    }
}

/// Squared magnitude of a vector.
#[inline(always)]
pub(super) fn sq(v: [f64; 3]) -> f64 {
    v[0] * v[0] + v[1] * v[1] + v[2] * v[2]
}

/// Raw sample-to-sample change energy |b − a|² (g²).
#[inline(always)]
fn change(a: [f64; 3], b: [f64; 3]) -> f64 {
    let (dx, dy, dz) = (b[0] - a[0], b[1] - a[1], b[2] - a[2]);
    dx * dx + dy * dy + dz * dz
}

impl Envelope {
    /// An envelope over `nwin` samples.
    pub fn new(nwin: usize) -> Self {
        Envelope {
            sum: PlainMovingSum::new(nwin),
            dring: vec![0.0; nwin],
            yring: vec![[0.0; 3]; nwin],
            prev_raw: [0.0; 3],
        }
    }

    /// Opens the envelope for a loop of pushes (so that its position and sum stay in
    /// registers); [`Envelope::close`] with what [`OpenEnvelope::at`] returns at the end.
    #[inline(always)]
    pub fn open(&mut self) -> OpenEnvelope<'_> {
        OpenEnvelope {
            sum: self.sum.open(),
            dring: &mut self.dring,
            yring: &mut self.yring,
            prev_raw: self.prev_raw,
        }
    }

    /// Keeps where an opened envelope got to.
    #[inline(always)]
    pub fn close(&mut self, at: EnvelopeAt) {
        self.sum.close(at.sum);
        self.prev_raw = at.prev_raw;
    }

    /// Takes one valid sample (see [`OpenEnvelope::push`]) and returns its change energy.
    #[inline(always)]
    pub fn push(&mut self, s: [f64; 3], filter: impl FnOnce([f64; 3]) -> (f64, [f64; 3])) -> f64 {
        let mut w = self.open();
        let d = w.push(s, filter);
        let at = w.at();
        self.close(at);
        d
    }

    /// The moving sum of squares.
    #[inline(always)]
    pub fn sum(&self) -> f64 {
        self.sum.at().sum()
    }

    /// The window length (samples).
    pub fn window(&self) -> usize {
        self.sum.window()
    }

    /// Whether the newest sample filled the ring's last slot (the sum was just re-summed).
    pub fn wrapped(&self) -> bool {
        self.sum.at().pos() == 0
    }

    /// Restarts on the first valid sample `s` after missing data: an empty envelope, and a
    /// timing window that reads `s` until filled (no activity).
    pub fn restart(&mut self, s: [f64; 3]) {
        self.sum.clear();
        self.dring.iter_mut().for_each(|v| *v = 0.0);
        self.yring.iter_mut().for_each(|v| *v = s);
        self.prev_raw = s;
    }

    /// Ring slot of sample `n − back` (the newest sample `n` was just written).
    #[inline(always)]
    fn slot(&self, back: usize) -> usize {
        let len = self.window();
        (self.sum.at().pos() + 2 * len - 1 - back) % len
    }

    /// Low-passed axes of the sample `back` samples before the newest.
    #[inline(always)]
    pub fn lowpassed(&self, back: usize) -> [f64; 3] {
        self.yring[self.slot(back)]
    }

    /// Change energy of samples `from..=n`, the newest being `n` (as far back as the ring
    /// holds them).
    pub fn change_energy(&self, from: u64, n: u64) -> ChangeEnergy {
        let mut c = ChangeEnergy::default();
        for j in from..=n {
            c.add(self.dring[self.slot((n - j) as usize)]);
        }
        c
    }
}

impl OpenEnvelope<'_> {
    /// Takes one valid raw sample `s`; `filter` gives its band-passed squared magnitude and its
    /// low-passed axes. Returns the sample's change energy.
    ///
    /// Why a closure: the filters run after the change energy is stored, the order in which
    /// the compiler vectorises the fused loop; filtered values passed in made the whole
    /// detector about a third slower (best of 200 runs on a 100-Hz hour).
    #[inline(always)]
    pub fn push(&mut self, s: [f64; 3], filter: impl FnOnce([f64; 3]) -> (f64, [f64; 3])) -> f64 {
        let pos = self.sum.at().pos();
        let d = change(self.prev_raw, s);
        self.dring[pos] = d;
        self.prev_raw = s;
        let (e, y) = filter(s);
        self.yring[pos] = y;
        self.sum.push(e);
        d
    }

    /// The moving sum of squares.
    #[inline(always)]
    pub fn sum(&self) -> f64 {
        self.sum.at().sum()
    }

    /// Where the pushes got to, for [`Envelope::close`].
    #[inline(always)]
    pub fn at(&self) -> EnvelopeAt {
        EnvelopeAt {
            sum: self.sum.at(),
            prev_raw: self.prev_raw,
        }
    }
}
