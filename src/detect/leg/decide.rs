//! Decisions on closed candidates: timed, then kept as a leg movement or a posture change, or
//! rejected (cut, impulse, after a posture change, saturated, too short), in onset order.

use super::LegDetector;
use super::candidate::Candidate;
use super::detection::{Detection, RejectReason, Rejected};
use crate::detect::config::OffsetRule;
use crate::detect::posture::angle_deg;
use crate::event::{LegMovement, MovementKind};
use std::collections::VecDeque;

/// Durations are compared with the 1-µs resolution the scorer uses for every time bound
/// (SCORING.md §9): a movement of 50 samples at 100 Hz, whose onset and offset times differ by
/// 0.49999999999 s in binary, lasts 0.5 s and is not too short.
const DURATION_RESOLUTION_S: f64 = 1e-6;

/// Closed candidates awaiting their posture decision, and the blanking after a posture change.
#[derive(Debug, Clone)]
pub(super) struct Decisions {
    pub pending: VecDeque<Candidate>,
    /// Onsets before this sample follow a posture change too closely.
    blank_until: u64,
}

impl Default for Decisions {
    fn default() -> Self {
        Decisions {
            pending: VecDeque::with_capacity(8),
            blank_until: 0,
        }
    }
}

impl LegDetector {
    /// Queues a closed candidate for its posture decision.
    pub(super) fn enqueue(&mut self, mut c: Candidate) {
        let after_start = self.plan.first_block_after(c.offset);
        c.ready_block = if c.cut.is_some() {
            0
        } else {
            after_start + self.plan.g_blocks
        };
        self.decisions.pending.push_back(c);
    }

    /// Decides every queued candidate whose gravity "after" is complete at this block.
    pub(super) fn decide_ready(&mut self, out: &mut Vec<Detection>) {
        let block = self.blocks.block;
        while self
            .decisions
            .pending
            .front()
            .is_some_and(|c| c.ready_block <= block)
        {
            let c = self.decisions.pending.pop_front().expect("front checked");
            self.decide(c, out);
        }
    }

    /// Decides every queued candidate with the gravity data available (end of stream).
    pub(super) fn decide_all(&mut self, out: &mut Vec<Detection>) {
        while let Some(c) = self.decisions.pending.pop_front() {
            self.decide(c, out);
        }
    }

    /// Classifies a closed candidate and emits it.
    fn decide(&mut self, c: Candidate, out: &mut Vec<Detection>) {
        let plan = &self.plan;
        // Sample k of the timing window stands for the motion at k − delay; onset and offset
        // are sample boundaries (half a sample before the first, after the last motion sample).
        let shift = plan.onset_shift_s;
        let onset_s = plan.time(c.onset) - shift;
        let offset_s = if c.cut.is_some() {
            plan.time(c.offset).max(onset_s)
        } else {
            match plan.cfg.offset_rule {
                OffsetRule::MotionEnd => plan.time(c.offset) - shift,
                OffsetRule::LastRise => plan.time(c.last_rise).max(onset_s),
                OffsetRule::QuietStart => (plan.time(c.quiet_start) - plan.half_win_s).max(onset_s),
            }
        };
        let mut mv = LegMovement {
            leg: self.leg,
            onset_s,
            offset_s,
            peak: Some(plan.envelope_of(c.peak_sum)),
            area: Some(c.area * plan.dt),
            kind: MovementKind::Leg,
        };
        let angle = if c.cut.is_none() {
            let from = plan.first_block_after(c.offset);
            match (
                c.g_before,
                self.blocks.gravity.mean(from, from + plan.g_blocks),
            ) {
                (Some(a), Some(b)) => Some(angle_deg(a, b)),
                _ => None,
            }
        } else {
            None
        };
        let blank_until = &mut self.decisions.blank_until;
        let reason = if let Some(r) = c.cut {
            Some(r)
        } else if c.change.effective_samples() < plan.impulse_samples {
            self.quality.impulses += 1;
            Some(RejectReason::Impulse)
        } else if angle.is_some_and(|a| a > plan.cfg.posture_angle_deg) {
            mv.kind = MovementKind::Gross;
            *blank_until = (*blank_until).max(c.offset + plan.blank_samples);
            None
        } else if c.onset < *blank_until {
            Some(RejectReason::AfterPosture)
        } else if c.saturated {
            Some(RejectReason::Saturated)
        } else if mv.duration_s() < plan.cfg.min_duration_s - DURATION_RESOLUTION_S {
            Some(RejectReason::TooShort)
        } else {
            None
        };
        out.push(match reason {
            None => Detection::Movement(mv),
            Some(reason) => Detection::Rejected(Rejected {
                movement: mv,
                reason,
            }),
        });
    }
}
