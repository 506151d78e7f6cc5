//! Stretches without valid data (gaps, saturation, idle rows): which of them end series, and
//! how much of a time span they cover.

use super::criteria::TIME_TOLERANCE_S;
use crate::event::Interval;
use crate::{Error, Result};

/// Invalid stretches, validated, sorted by onset, with overlapping or touching ones merged (so
/// that covered time is never counted twice and two adjoining gaps act as one).
#[derive(Debug, Clone, Default)]
pub(crate) struct InvalidTime {
    merged: Vec<Interval>,
    /// Prefix sums of the merged durations: `covered[i]` is the time in `merged[..i]`.
    covered: Vec<f64>,
}

impl InvalidTime {
    /// Validates (finite, offset >= onset), sorts and merges.
    pub fn new(stretches: &[Interval]) -> Result<Self> {
        for (i, iv) in stretches.iter().enumerate() {
            if !(iv.onset_s.is_finite() && iv.offset_s.is_finite()) || iv.offset_s < iv.onset_s {
                return Err(Error::InvalidInput(format!(
                    "invalid stretch #{i}: [{}, {}] must be finite with offset >= onset",
                    iv.onset_s, iv.offset_s
                )));
            }
        }
        let mut sorted = stretches.to_vec();
        sorted.sort_by(|a, b| a.onset_s.total_cmp(&b.onset_s));
        let mut merged: Vec<Interval> = Vec::with_capacity(sorted.len());
        for iv in sorted {
            match merged.last_mut() {
                Some(last) if iv.onset_s <= last.offset_s => {
                    last.offset_s = last.offset_s.max(iv.offset_s);
                }
                _ => merged.push(iv),
            }
        }
        let mut covered = Vec::with_capacity(merged.len() + 1);
        let mut sum = 0.0;
        covered.push(sum);
        for iv in &merged {
            sum += iv.offset_s - iv.onset_s;
            covered.push(sum);
        }
        Ok(InvalidTime { merged, covered })
    }

    /// The merged stretches in time order.
    pub fn stretches(&self) -> &[Interval] {
        &self.merged
    }

    /// Latest offset, if any stretch is held.
    pub fn last_offset(&self) -> Option<f64> {
        self.merged.last().map(|iv| iv.offset_s)
    }

    /// Invalid time inside `[lo, hi]` in seconds (0 when `hi <= lo`).
    pub fn overlap_s(&self, lo: f64, hi: f64) -> f64 {
        if hi <= lo || self.merged.is_empty() {
            return 0.0;
        }
        // Stretches ending after `lo` and starting before `hi`: a contiguous range.
        let first = self.merged.partition_point(|iv| iv.offset_s <= lo);
        let end = self.merged.partition_point(|iv| iv.onset_s < hi);
        if first >= end {
            return 0.0;
        }
        // Whole stretches in between, then trim the two ends.
        let mut total = self.covered[end] - self.covered[first];
        total -= (lo - self.merged[first].onset_s).max(0.0);
        total -= (self.merged[end - 1].offset_s - hi).max(0.0);
        total.max(0.0)
    }
}

/// Walks the invalid stretches long enough to end a PLM series, in time order.
///
/// A stretch at least as long as the shortest LM (`min_lm_duration_s`) could hide a whole LM, so
/// the movements on either side of it cannot be called consecutive and no IMI may be measured
/// across it: it ends any open series, as a gross movement does. A shorter stretch cannot hide an
/// LM and changes nothing.
#[derive(Debug, Clone)]
pub(crate) struct SeriesBreaks {
    onsets: Vec<f64>,
    next: usize,
}

impl SeriesBreaks {
    /// The onsets of the stretches in `invalid` lasting at least `min_lm_duration_s`.
    pub fn new(invalid: &InvalidTime, min_lm_duration_s: f64) -> Self {
        let onsets = invalid
            .stretches()
            .iter()
            .filter(|iv| iv.offset_s - iv.onset_s >= min_lm_duration_s - TIME_TOLERANCE_S)
            .map(|iv| iv.onset_s)
            .collect();
        SeriesBreaks { onsets, next: 0 }
    }

    /// True (once per stretch) while an unprocessed breaking stretch starts at or before `t`.
    /// Call in a loop before scoring a movement with onset `t`: a stretch starting at the same
    /// time as a movement comes first.
    pub fn pop_until(&mut self, t: f64) -> bool {
        match self.onsets.get(self.next) {
            Some(&onset) if onset <= t => {
                self.next += 1;
                true
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iv(a: f64, b: f64) -> Interval {
        Interval {
            onset_s: a,
            offset_s: b,
        }
    }

    #[test]
    fn merges_and_measures_overlap() {
        // [10,20] and [15,25] merge into [10,25]; [25,30] touches and joins: [10,30]; [40,41].
        let t = InvalidTime::new(&[
            iv(40.0, 41.0),
            iv(15.0, 25.0),
            iv(10.0, 20.0),
            iv(25.0, 30.0),
        ])
        .unwrap();
        assert_eq!(t.stretches(), &[iv(10.0, 30.0), iv(40.0, 41.0)]);
        assert_eq!(t.overlap_s(0.0, 100.0), 21.0);
        assert_eq!(t.overlap_s(12.0, 40.5), 18.0 + 0.5);
        assert_eq!(t.overlap_s(30.0, 40.0), 0.0);
        assert_eq!(t.overlap_s(15.0, 16.0), 1.0);
        assert_eq!(t.overlap_s(50.0, 40.0), 0.0);
        assert!(InvalidTime::new(&[iv(2.0, 1.0)]).is_err());
        assert!(InvalidTime::new(&[iv(f64::NAN, 1.0)]).is_err());
    }

    #[test]
    fn only_long_stretches_break_series() {
        let t = InvalidTime::new(&[iv(10.0, 10.3), iv(20.0, 20.5), iv(30.0, 60.0)]).unwrap();
        let mut b = SeriesBreaks::new(&t, 0.5);
        assert!(!b.pop_until(19.9));
        assert!(b.pop_until(20.0));
        assert!(!b.pop_until(29.0));
        assert!(b.pop_until(100.0));
        assert!(!b.pop_until(100.0));
    }
}
