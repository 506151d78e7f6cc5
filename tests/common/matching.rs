//! The match rule of the detector tests, one copy for the accelerometer detector
//! (`detect_common`) and the EMG detector (`detect_emg_common`): a detected leg movement matches
//! a true one on the same leg when their [onset, offset] intervals overlap; one-to-one, greedily
//! in onset order (each true movement takes the earliest unmatched overlapping detection).
#![allow(dead_code)] // each test file uses some of it

use plmkit::LegMovement;

/// Agreement of detected leg movements with the truth.
#[derive(Debug, Clone, Default)]
pub struct Agreement {
    /// True movements counted.
    pub truth: usize,
    /// Detections counted.
    pub detected: usize,
    /// Matched pairs.
    pub matched: usize,
    /// Detected onset minus true onset of each matched pair (s).
    pub onset_err: Vec<f64>,
    /// Detected offset minus true offset of each matched pair (s).
    pub offset_err: Vec<f64>,
}

impl Agreement {
    /// Matched share of the truth.
    pub fn sensitivity(&self) -> f64 {
        self.matched as f64 / self.truth.max(1) as f64
    }

    /// Matched share of the detections.
    pub fn ppv(&self) -> f64 {
        self.matched as f64 / self.detected.max(1) as f64
    }

    /// Median signed onset error (s).
    pub fn onset_median(&self) -> f64 {
        quantile(&self.onset_err, 0.5)
    }

    /// 95th percentile of the absolute onset error (s).
    pub fn onset_p95_abs(&self) -> f64 {
        quantile(&abs(&self.onset_err), 0.95)
    }

    /// Median signed offset error (s).
    pub fn offset_median(&self) -> f64 {
        quantile(&self.offset_err, 0.5)
    }

    /// Median of the absolute values of `v` (NaN when empty).
    pub fn median_abs(v: &[f64]) -> f64 {
        quantile(&abs(v), 0.5)
    }

    /// Counts one matched pair and its errors.
    pub fn add_pair(&mut self, truth: &LegMovement, found: &LegMovement) {
        self.matched += 1;
        self.onset_err.push(found.onset_s - truth.onset_s);
        self.offset_err.push(found.offset_s - truth.offset_s);
    }
}

fn abs(v: &[f64]) -> Vec<f64> {
    v.iter().map(|e| e.abs()).collect()
}

/// The `q` quantile of `v` by nearest rank (NaN when empty).
fn quantile(v: &[f64], q: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    s[((s.len() - 1) as f64 * q).round() as usize]
}

fn overlaps(a: &LegMovement, b: &LegMovement) -> bool {
    a.onset_s <= b.offset_s && b.onset_s <= a.offset_s
}

/// The match rule on one leg: for each true movement, the index in `found` of the detection it
/// takes, if any. Both lists in onset order, so the search for each true movement skips the
/// detections that ended before it started (they overlap no later true movement either) and
/// stops at the first that starts after it ended.
pub fn match_leg(truth: &[&LegMovement], found: &[&LegMovement]) -> Vec<Option<usize>> {
    assert!(
        truth.is_sorted_by(|a, b| a.onset_s <= b.onset_s),
        "truth in onset order"
    );
    assert!(
        found.is_sorted_by(|a, b| a.onset_s <= b.onset_s),
        "detections in onset order"
    );
    let mut used = vec![false; found.len()];
    let mut start = 0;
    truth
        .iter()
        .map(|t| {
            while start < found.len() && found[start].offset_s < t.onset_s {
                start += 1;
            }
            let j = (start..found.len())
                .take_while(|&j| found[j].onset_s <= t.offset_s)
                .find(|&j| !used[j] && overlaps(t, found[j]))?;
            used[j] = true;
            Some(j)
        })
        .collect()
}
