//! Respiratory-event association, and the interval index it shares with arousals.

use super::criteria::{RespiratoryRule, TIME_TOLERANCE_S};
use crate::Result;
use crate::event::Interval;

/// Context intervals (respiratory events or arousals) sorted by offset, for overlap queries.
#[derive(Debug, Clone, Default)]
pub(crate) struct IntervalIndex {
    by_offset: Vec<Interval>,
    longest_s: f64,
}

impl IntervalIndex {
    /// Validates (finite, offset >= onset) and sorts. `what` names the list in errors.
    pub fn new(intervals: &[Interval], what: &str) -> Result<Self> {
        for (i, iv) in intervals.iter().enumerate() {
            iv.validate(format_args!("{what} #{i}"))?;
        }
        let mut by_offset = intervals.to_vec();
        by_offset.sort_by(|a, b| a.offset_s.total_cmp(&b.offset_s));
        let longest_s = by_offset
            .iter()
            .map(|iv| iv.offset_s - iv.onset_s)
            .fold(0.0, f64::max);
        Ok(IntervalIndex {
            by_offset,
            longest_s,
        })
    }

    /// True when some interval with offset in `[lo, hi]` satisfies `hit`.
    pub fn any_with_offset_in(&self, lo: f64, hi: f64, hit: impl Fn(&Interval) -> bool) -> bool {
        let start = self.by_offset.partition_point(|iv| iv.offset_s < lo);
        self.by_offset[start..]
            .iter()
            .take_while(|iv| iv.offset_s <= hi)
            .any(hit)
    }

    /// Longest interval, for bounding searches by onset.
    pub fn longest_s(&self) -> f64 {
        self.longest_s
    }

    /// True when no interval is held.
    pub fn is_empty(&self) -> bool {
        self.by_offset.is_empty()
    }
}

/// True when the movement `[onset, offset]` is respiratory under `rule` (closed windows:
/// touching the window counts).
pub(crate) fn is_respiratory(
    events: &IntervalIndex,
    rule: RespiratoryRule,
    onset: f64,
    offset: f64,
) -> bool {
    if events.is_empty() {
        return false;
    }
    let tol = TIME_TOLERANCE_S;
    match rule {
        RespiratoryRule::AroundEvent { before_s, after_s } => {
            // Window [c − before, d + after] overlaps [onset, offset].
            let lo = onset - after_s - tol;
            let hi = offset + before_s + events.longest_s() + tol;
            events.any_with_offset_in(lo, hi, |ev| {
                onset <= ev.offset_s + after_s + tol && offset >= ev.onset_s - before_s - tol
            })
        }
        RespiratoryRule::AfterOffset { from_s, to_s } => {
            // Window [d + from, d + to] overlaps [onset, offset].
            let lo = onset - to_s - tol;
            let hi = offset - from_s + tol;
            events.any_with_offset_in(lo, hi, |ev| {
                onset <= ev.offset_s + to_s + tol && offset >= ev.offset_s + from_s - tol
            })
        }
    }
}
