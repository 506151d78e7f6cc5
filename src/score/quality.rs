//! Stretches without valid data (gaps, saturation, idle rows): which of them end series, and
//! how much of a time span they cover.

use super::criteria::TIME_TOLERANCE_S;
use crate::event::Interval;
use crate::{Error, Result};

/// Invalid stretches, validated, sorted by onset, with overlapping or touching ones merged (so
/// that covered time is never counted twice and two adjoining gaps act as one).
#[derive(Debug, Clone)]
pub(crate) struct InvalidTime {
    merged: Vec<Interval>,
    /// Prefix sums of the merged durations: `covered[i]` is the time in `merged[..i]`.
    covered: Vec<f64>,
}

impl InvalidTime {
    /// Validates (finite, offset >= onset), sorts and merges.
    pub fn new(stretches: &[Interval]) -> Result<Self> {
        for (i, iv) in stretches.iter().enumerate() {
            iv.validate(format_args!("invalid stretch #{i}"))?;
        }
        let mut sorted = stretches.to_vec();
        sorted.sort_by(|a, b| a.onset_s.total_cmp(&b.onset_s));
        let mut t = InvalidTime {
            merged: Vec::with_capacity(sorted.len()),
            covered: vec![0.0],
        };
        for iv in sorted {
            t.append(iv);
        }
        Ok(t)
    }

    /// Adds a stretch that arrives as data do (streaming): its onset may not come before the
    /// onset of the latest stretch held, so the merged list stays sorted.
    pub fn push(&mut self, iv: Interval) -> Result<()> {
        iv.validate("invalid stretch")?;
        if let Some(last) = self.merged.last()
            && iv.onset_s < last.onset_s
        {
            return Err(Error::InvalidInput(format!(
                "invalid stretch [{}, {}] s comes before the previous one at {} s: add them in \
                 onset order",
                iv.onset_s, iv.offset_s, last.onset_s
            )));
        }
        self.append(iv);
        Ok(())
    }

    /// Merges `iv` (onset >= every held onset) into the list and the prefix sums.
    fn append(&mut self, iv: Interval) {
        match self.merged.last_mut() {
            Some(last) if iv.onset_s <= last.offset_s => {
                let grown = iv.offset_s - last.offset_s;
                if grown > 0.0 {
                    last.offset_s = iv.offset_s;
                    let n = self.covered.len();
                    self.covered[n - 1] = self.covered[n - 2] + (last.offset_s - last.onset_s);
                }
            }
            _ => {
                let sum = self.covered[self.covered.len() - 1] + (iv.offset_s - iv.onset_s);
                self.merged.push(iv);
                self.covered.push(sum);
            }
        }
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
        if !total.is_finite() {
            // A stretch longer than f64 holds (from -1e300 to f64::MAX, say: fuzzing found it)
            // makes the running sums infinite; clipped to `[lo, hi]` each stretch is finite.
            total = self.merged[first..end]
                .iter()
                .map(|iv| (iv.offset_s.min(hi) - iv.onset_s.max(lo)).max(0.0))
                .sum();
        }
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
    min_s: f64,
    /// Index of the first merged stretch not yet passed.
    next: usize,
}

impl SeriesBreaks {
    /// Breaks at the stretches lasting at least `min_lm_duration_s`.
    pub fn new(min_lm_duration_s: f64) -> Self {
        SeriesBreaks {
            min_s: min_lm_duration_s - TIME_TOLERANCE_S,
            next: 0,
        }
    }

    /// True (once per stretch) while an unprocessed breaking stretch of `invalid` starts at or
    /// before `t`. Call in a loop before scoring a movement with onset `t`: a stretch starting
    /// at the same time as a movement comes first. The latest stretch may still grow while
    /// stretches stream in, so a short one is passed over only once a later one exists.
    pub fn pop_until(&mut self, invalid: &InvalidTime, t: f64) -> bool {
        let merged = invalid.stretches();
        while let Some(iv) = merged.get(self.next) {
            if iv.onset_s > t {
                return false;
            }
            if iv.offset_s - iv.onset_s >= self.min_s {
                self.next += 1;
                return true;
            }
            if self.next + 1 == merged.len() {
                return false;
            }
            self.next += 1;
        }
        false
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
        let mut b = SeriesBreaks::new(0.5);
        assert!(!b.pop_until(&t, 19.9));
        assert!(b.pop_until(&t, 20.0));
        assert!(!b.pop_until(&t, 29.0));
        assert!(b.pop_until(&t, 100.0));
        assert!(!b.pop_until(&t, 100.0));
    }

    #[test]
    fn streamed_stretches_merge_and_break_as_in_batch() {
        // Two pieces of 0.3 s that touch make one breaking stretch of 0.6 s.
        let mut t = InvalidTime::new(&[]).unwrap();
        let mut b = SeriesBreaks::new(0.5);
        t.push(iv(10.0, 10.3)).unwrap();
        assert!(!b.pop_until(&t, 10.1), "0.3 s alone does not break");
        t.push(iv(10.3, 10.6)).unwrap();
        assert!(b.pop_until(&t, 10.4));
        assert_eq!(t.stretches(), &[iv(10.0, 10.6)]);
        assert!((t.overlap_s(0.0, 100.0) - 0.6).abs() < 1e-12);
        t.push(iv(20.0, 20.2)).unwrap();
        t.push(iv(30.0, 31.0)).unwrap();
        assert!(
            b.pop_until(&t, 30.0),
            "the short one is passed over, the long one breaks"
        );
        assert!(t.push(iv(29.0, 29.5)).is_err(), "out of order");
        assert!(t.push(iv(40.0, 39.0)).is_err());
    }
}
