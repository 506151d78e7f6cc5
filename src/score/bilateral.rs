//! Bilateral combination: monolateral movements on the two legs that the criteria say are one
//! movement become one combined movement. Works on a stream in onset order with a small
//! look-ahead: a group is released once no later event could join it.

use std::collections::VecDeque;

use super::criteria::{BilateralRule, Criteria, LongMovementRule, TIME_TOLERANCE_S};
use crate::event::{Leg, LegMovement, MovementKind};

/// What a single input event is before combination.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Eligibility {
    /// A leg movement that may combine with movements on the other leg.
    Lm,
    /// Shorter than the minimum LM duration: not an LM, ignored.
    TooShort,
    /// Longer than the maximum under the AASM `Ignore` rule: not an LM, ignored.
    TooLongIgnored,
    /// A gross body movement: ends series.
    Gross,
}

/// One movement after bilateral combination (possibly a single monolateral movement).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Combined {
    pub onset_s: f64,
    pub offset_s: f64,
    /// Legs present: [left, right].
    pub legs: [bool; 2],
    /// Number of monolateral parts.
    pub parts: usize,
    /// Longest part in seconds.
    pub longest_part_s: f64,
    pub eligibility: Eligibility,
    /// Largest peak / summed area over the parts, when every part has one.
    pub peak: Option<f64>,
    pub area: Option<f64>,
}

/// A combined movement still waiting for possible partners.
#[derive(Debug, Clone, Copy)]
struct Pending {
    mv: Combined,
    /// Latest onset and offset per leg among the parts (−∞ when the leg is absent).
    last_onset: [f64; 2],
    last_offset: [f64; 2],
}

fn leg_index(leg: Leg) -> usize {
    match leg {
        Leg::Left => 0,
        Leg::Right => 1,
    }
}

/// Classifies one input event.
pub(crate) fn eligibility(ev: &LegMovement, criteria: &Criteria) -> Eligibility {
    if ev.kind == MovementKind::Gross {
        return Eligibility::Gross;
    }
    let d = ev.duration_s();
    if d < criteria.min_lm_duration_s - TIME_TOLERANCE_S {
        return Eligibility::TooShort;
    }
    if d > criteria.max_lm_duration_s + TIME_TOLERANCE_S
        && criteria.long_movement == LongMovementRule::Ignore
    {
        return Eligibility::TooLongIgnored;
    }
    Eligibility::Lm
}

/// The streaming combiner.
#[derive(Debug, Clone)]
pub(crate) struct BilateralCombiner {
    rule: BilateralRule,
    pending: VecDeque<Pending>,
}

impl BilateralCombiner {
    pub fn new(rule: BilateralRule) -> Self {
        BilateralCombiner {
            rule,
            pending: VecDeque::with_capacity(16),
        }
    }

    /// Onset of the earliest movement not yet released, if any.
    pub fn earliest_pending_onset(&self) -> Option<f64> {
        self.pending.front().map(|p| p.mv.onset_s)
    }

    /// Can an event on `leg` with onset `onset` join `p`?
    fn joins(&self, p: &Pending, leg: Leg, onset: f64) -> bool {
        if p.mv.eligibility != Eligibility::Lm {
            return false;
        }
        let other = leg_index(leg.other());
        match self.rule {
            BilateralRule::OnsetsWithin { max_onset_gap_s } => {
                p.last_onset[other] > f64::NEG_INFINITY
                    && onset - p.last_onset[other] < max_onset_gap_s - TIME_TOLERANCE_S
            }
            BilateralRule::OverlapOrGap { max_gap_s, .. } => {
                p.last_offset[other] > f64::NEG_INFINITY
                    && onset - p.last_offset[other] < max_gap_s - TIME_TOLERANCE_S
            }
        }
    }

    /// True when no event with onset >= `t` can join `p`.
    fn closed(&self, p: &Pending, t: f64) -> bool {
        if p.mv.eligibility != Eligibility::Lm {
            return true;
        }
        match self.rule {
            BilateralRule::OnsetsWithin { max_onset_gap_s } => {
                t - p.last_onset[0].max(p.last_onset[1]) >= max_onset_gap_s
            }
            BilateralRule::OverlapOrGap { max_gap_s, .. } => {
                t - p.last_offset[0].max(p.last_offset[1]) >= max_gap_s
            }
        }
    }

    /// Releases, in onset order, every movement that no event with onset >= `t` can change.
    pub fn release(&mut self, t: f64, mut out: impl FnMut(Combined)) {
        while let Some(front) = self.pending.front() {
            if !self.closed(front, t) {
                break;
            }
            out(front.mv);
            self.pending.pop_front();
        }
    }

    /// Adds an event (onsets must be non-decreasing; the caller checks) of the given eligibility.
    /// Call [`release`](Self::release) with its onset first.
    pub fn add(&mut self, ev: &LegMovement, eligibility: Eligibility) {
        let li = leg_index(ev.leg);
        let mut last_onset = [f64::NEG_INFINITY; 2];
        let mut last_offset = [f64::NEG_INFINITY; 2];
        last_onset[li] = ev.onset_s;
        last_offset[li] = ev.offset_s;
        let mut legs = [false; 2];
        legs[li] = true;
        let mut new = Pending {
            mv: Combined {
                onset_s: ev.onset_s,
                offset_s: ev.offset_s,
                legs,
                parts: 1,
                longest_part_s: ev.duration_s(),
                eligibility,
                peak: ev.peak,
                area: ev.area,
            },
            last_onset,
            last_offset,
        };
        if eligibility == Eligibility::Lm {
            // Merge every pending group the event joins (it may bridge two) into the earliest.
            let mut target: Option<usize> = None;
            let mut i = 0;
            while i < self.pending.len() {
                if self.joins(&self.pending[i], ev.leg, ev.onset_s) {
                    match target {
                        None => {
                            target = Some(i);
                            i += 1;
                        }
                        Some(t) => {
                            let other = self.pending.remove(i).expect("index in range");
                            merge(&mut self.pending[t], &other);
                        }
                    }
                } else {
                    i += 1;
                }
            }
            if let Some(t) = target {
                merge(&mut self.pending[t], &new);
                return;
            }
        }
        new.mv.eligibility = eligibility;
        self.pending.push_back(new);
    }

    /// Releases everything still pending (end of input).
    pub fn finish(&mut self, mut out: impl FnMut(Combined)) {
        while let Some(p) = self.pending.pop_front() {
            out(p.mv);
        }
    }
}

fn merge(into: &mut Pending, from: &Pending) {
    let a = &mut into.mv;
    let b = &from.mv;
    a.onset_s = a.onset_s.min(b.onset_s);
    a.offset_s = a.offset_s.max(b.offset_s);
    a.legs = [a.legs[0] || b.legs[0], a.legs[1] || b.legs[1]];
    a.parts += b.parts;
    a.longest_part_s = a.longest_part_s.max(b.longest_part_s);
    a.peak = match (a.peak, b.peak) {
        (Some(x), Some(y)) => Some(x.max(y)),
        _ => None,
    };
    a.area = match (a.area, b.area) {
        (Some(x), Some(y)) => Some(x + y),
        _ => None,
    };
    for k in 0..2 {
        into.last_onset[k] = into.last_onset[k].max(from.last_onset[k]);
        into.last_offset[k] = into.last_offset[k].max(from.last_offset[k]);
    }
}
