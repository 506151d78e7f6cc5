//! The watermark merge: the legs' detections, in the order the scorer needs them.

use crate::detect::Detection;
use crate::event::{Interval, LegMovement};
use crate::score::event_order;
use std::cmp::Ordering;

/// What the scorer takes from the detectors.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum ScorerInput {
    /// A stretch without valid data (missing or saturated) on some leg.
    Stretch(Interval),
    /// A leg movement or posture change.
    Movement(LegMovement),
}

impl ScorerInput {
    fn onset_s(&self) -> f64 {
        match self {
            ScorerInput::Stretch(i) => i.onset_s,
            ScorerInput::Movement(m) => m.onset_s,
        }
    }
}

/// The scorer's order: by onset; at equal onsets a stretch first (it ends a series before a
/// movement with the same onset, as in the batch scorer), then movements by
/// [`event_order`].
fn scorer_order(a: &ScorerInput, b: &ScorerInput) -> Ordering {
    a.onset_s()
        .total_cmp(&b.onset_s())
        .then_with(|| match (a, b) {
            (ScorerInput::Movement(x), ScorerInput::Movement(y)) => event_order(x, y),
            (ScorerInput::Stretch(_), ScorerInput::Movement(_)) => Ordering::Less,
            (ScorerInput::Movement(_), ScorerInput::Stretch(_)) => Ordering::Greater,
            (ScorerInput::Stretch(x), ScorerInput::Stretch(y)) => x.offset_s.total_cmp(&y.offset_s),
        })
}

/// Holds detections until every leg's watermark has passed them.
///
/// Each leg's detector emits in its own time and with its own delay; an event is released once
/// its onset is earlier than the smallest watermark (no leg can still emit anything before
/// it), so the released stream is complete and sorted up to that time whatever the delays and
/// block sizes were. It holds only what lies between the slowest leg's watermark and the
/// fastest leg's detections.
#[derive(Debug, Clone, Default)]
pub(crate) struct EventMerge {
    held: Vec<ScorerInput>,
}

impl EventMerge {
    /// Takes what the scorer needs of one detection (rejections are not its business).
    pub fn add(&mut self, d: &Detection) {
        match *d {
            Detection::Movement(m) => self.held.push(ScorerInput::Movement(m)),
            Detection::Invalid(i) | Detection::Saturated(i) => {
                self.held.push(ScorerInput::Stretch(i))
            }
            Detection::Rejected(_) => {}
        }
    }

    /// Moves every held event with onset before `watermark_s` to `out`, in scorer order.
    pub fn release_before(&mut self, watermark_s: f64, out: &mut Vec<ScorerInput>) {
        if self.held.is_empty() {
            return;
        }
        self.held.sort_by(scorer_order);
        let n = self.held.partition_point(|e| e.onset_s() < watermark_s);
        out.extend(self.held.drain(..n));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::Leg;

    #[test]
    fn releases_in_order_only_what_every_leg_has_passed() {
        let mut m = EventMerge::default();
        let mv = |leg, a: f64| Detection::Movement(LegMovement::new(leg, a, a + 1.0));
        m.add(&mv(Leg::Right, 12.0));
        m.add(&mv(Leg::Left, 10.0));
        m.add(&Detection::Invalid(Interval {
            onset_s: 10.0,
            offset_s: 11.0,
        }));
        m.add(&mv(Leg::Left, 20.0));
        let mut out = Vec::new();
        m.release_before(12.0, &mut out);
        assert!(
            matches!(out[0], ScorerInput::Stretch(_)),
            "a stretch before a movement"
        );
        assert!(matches!(out[1], ScorerInput::Movement(x) if x.onset_s == 10.0));
        assert_eq!(out.len(), 2, "12.0 is not before the watermark 12.0");
        out.clear();
        m.release_before(f64::INFINITY, &mut out);
        assert_eq!(out.len(), 2);
        assert!(matches!(out[1], ScorerInput::Movement(x) if x.onset_s == 20.0));
    }
}
