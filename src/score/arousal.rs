//! Arousal association: a movement and an arousal are associated when they overlap or the gap
//! from the end of one to the start of the other, in either order, is below the criteria's gap
//! (strict: a gap of exactly 0.5 s is not associated).

use super::criteria::TIME_TOLERANCE_S;
use super::respiratory::IntervalIndex;

/// True when the movement `[onset, offset]` is associated with some arousal.
pub(crate) fn has_arousal(
    arousals: &IntervalIndex,
    max_gap_s: f64,
    onset: f64,
    offset: f64,
) -> bool {
    if arousals.is_empty() {
        return false;
    }
    let limit = max_gap_s - TIME_TOLERANCE_S;
    let lo = onset - max_gap_s;
    let hi = offset + max_gap_s + arousals.longest_s();
    arousals.any_with_offset_in(lo, hi, |a| {
        // Gap between the two intervals; negative or zero when they overlap or touch.
        let gap = (a.onset_s - offset).max(onset - a.offset_s);
        gap < limit
    })
}
