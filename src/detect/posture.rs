//! Gravity tracking on a decimated stream, for posture-change decisions.
//!
//! The hot loop only sums the raw axes; every block of `D` samples (about 0.25 s) the mean
//! becomes one entry of a short ring. A movement's gravity "before" is averaged over the blocks
//! ending a little before its onset, "after" over the blocks starting a little after its
//! offset; the angle between the two says whether the leg's orientation changed.

/// Ring of recent block means of the raw acceleration.
#[derive(Debug, Clone)]
pub(crate) struct GravityRing {
    /// (block index, mean, valid) per slot; slot = index % len.
    slots: Vec<(u64, [f64; 3], bool)>,
}

impl GravityRing {
    pub fn new(len: usize) -> Self {
        GravityRing {
            // A power of two, so the slot is a mask rather than a division.
            slots: vec![(u64::MAX, [0.0; 3], false); len.max(1).next_power_of_two()],
        }
    }

    pub fn push(&mut self, block: u64, mean: [f64; 3], valid: bool) {
        let mask = self.slots.len() as u64 - 1;
        self.slots[(block & mask) as usize] = (block, mean, valid);
    }

    /// Mean of the valid blocks with index in `[from, to)` still held; None if none is.
    pub fn mean(&self, from: u64, to: u64) -> Option<[f64; 3]> {
        let n = self.slots.len() as u64;
        let mut acc = [0.0; 3];
        let mut count = 0usize;
        let from = from.max(to.saturating_sub(n));
        for b in from..to {
            let (idx, m, valid) = self.slots[(b & (n - 1)) as usize];
            if idx == b && valid {
                for k in 0..3 {
                    acc[k] += m[k];
                }
                count += 1;
            }
        }
        (count > 0).then(|| acc.map(|v| v / count as f64))
    }
}

/// Angle between two vectors in degrees (0 when either is zero).
pub(crate) fn angle_deg(a: [f64; 3], b: [f64; 3]) -> f64 {
    let dot = a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    let na = (a[0] * a[0] + a[1] * a[1] + a[2] * a[2]).sqrt();
    let nb = (b[0] * b[0] + b[1] * b[1] + b[2] * b[2]).sqrt();
    if na == 0.0 || nb == 0.0 {
        return 0.0;
    }
    (dot / (na * nb)).clamp(-1.0, 1.0).acos().to_degrees()
}
