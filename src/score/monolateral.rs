//! Same-leg joining: movements on one leg separated by less than the criteria's gap (0.5 s,
//! strict; overlapping ones too) are one LM, joined before any duration rule is applied (so two
//! 0.3-s bursts 0.2 s apart make one 0.8-s LM). The EMG offset rule implies this; an event list
//! from another source may not respect it. Gross movements are never joined.

use std::collections::VecDeque;

use super::criteria::TIME_TOLERANCE_S;
use crate::event::{LegMovement, MovementKind};

/// Streaming joiner: holds each movement until no later movement on its leg can join it.
#[derive(Debug, Clone)]
pub(crate) struct SameLegJoiner {
    gap_s: f64,
    pending: VecDeque<LegMovement>,
}

impl SameLegJoiner {
    pub fn new(gap_s: f64) -> Self {
        SameLegJoiner {
            gap_s,
            pending: VecDeque::with_capacity(8),
        }
    }

    /// Onset of the earliest movement not yet released.
    pub fn earliest_pending_onset(&self) -> Option<f64> {
        self.pending.front().map(|m| m.onset_s)
    }

    /// Releases, in onset order, every movement no event with onset >= `t` can join.
    pub fn release(&mut self, t: f64, out: &mut Vec<LegMovement>) {
        while let Some(front) = self.pending.front() {
            let closed = front.kind == MovementKind::Gross || t - front.offset_s >= self.gap_s;
            if !closed {
                break;
            }
            out.push(*front);
            self.pending.pop_front();
        }
    }

    /// Adds a movement (onsets non-decreasing; call `release` with its onset first).
    pub fn add(&mut self, ev: LegMovement) {
        if ev.kind == MovementKind::Leg {
            let same = self
                .pending
                .iter_mut()
                .rev()
                .find(|m| m.leg == ev.leg && m.kind == MovementKind::Leg);
            if let Some(m) = same {
                if ev.onset_s - m.offset_s < self.gap_s - TIME_TOLERANCE_S {
                    m.offset_s = m.offset_s.max(ev.offset_s);
                    m.peak = match (m.peak, ev.peak) {
                        (Some(a), Some(b)) => Some(a.max(b)),
                        _ => None,
                    };
                    m.area = match (m.area, ev.area) {
                        (Some(a), Some(b)) => Some(a + b),
                        _ => None,
                    };
                    return;
                }
            }
        }
        self.pending.push_back(ev);
    }

    /// Releases everything (end of input).
    pub fn finish(&mut self, out: &mut Vec<LegMovement>) {
        out.extend(self.pending.drain(..));
    }
}
