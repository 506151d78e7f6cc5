//! The movement in progress, sample by sample: active while the timing window oscillates or
//! stays displaced from the resting level, closed after `quiet_s` of quiet windows, split in
//! two when the leg rested in a new position and moved again.

use super::LegDetector;
use super::candidate::Candidate;
use super::detection::RejectReason;
use super::timing::TimingSums;
use crate::detect::posture::angle_deg;

#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(super) enum State {
    #[default]
    Quiet,
    Active,
}

/// The state of the hysteresis: quiet, or a candidate in progress.
#[derive(Debug, Clone, Default)]
pub(super) struct Hysteresis {
    pub state: State,
    pub cur: Candidate,
    /// The timing window's sums while active.
    pub short: TimingSums,
    /// Resting level (low-passed raw axes) before the current movement.
    pub g_ref: [f64; 3],
    /// Consecutive samples (while active) whose timing window held no oscillation.
    pub var_quiet: u64,
    /// A candidate that stayed displaced without oscillation for >= `quiet_s` and then moved
    /// again: its first part (closed) and the motion since (in progress), kept apart in case
    /// the leg never returns to the resting level (then they are two movements).
    pub split: Option<(Candidate, Candidate)>,
    pub quiet_run: u64,
    /// While quiet: no onset check before this sample (the envelope was above the onset
    /// threshold with a quiet timing window, see `Plan::onset_recheck`).
    pub recheck_at: u64,
    pub prev_sum: f64,
    pub area_at_above: f64,
}

impl Hysteresis {
    /// Adds sample change energy `d` to the candidate in progress (and its split part).
    pub fn add_change(&mut self, d: f64) {
        self.cur.change.add(d);
        if let Some((_, seg)) = &mut self.split {
            seg.change.add(d);
        }
    }
}

impl LegDetector {
    /// One valid sample `n` while a movement is in progress.
    pub(super) fn active_step(&mut self, n: u64) {
        let sum = self.envelope.sum();
        let env = self.plan.envelope_of(sum);
        let nt = self.plan.nt;
        let thr = self.thresholds;
        let prev = self.hysteresis.prev_sum;
        self.hysteresis.prev_sum = sum;
        // Slide the timing window over the newest sample (exact sums when the ring wraps, as
        // the envelope's, so rounding cannot drift and depends only on the sample index).
        if self.envelope.wrapped() {
            self.hysteresis.short = TimingSums::over(&self.envelope, 0, nt);
        } else {
            let (inn, out) = (self.envelope.lowpassed(0), self.envelope.lowpassed(nt));
            self.hysteresis.short.slide(inn, out);
        }
        // Active: the window deviates from the resting level before the movement, unless it
        // has held still (no oscillation) for `hold`: then the leg rests in a new position
        // (a posture change, or a held tilt) and the motion ended with the oscillation.
        let w = self.hysteresis.short;
        let g_ref = self.hysteresis.g_ref;
        if w.variance(nt) > thr.var {
            let h = &self.hysteresis;
            if h.var_quiet >= self.plan.quiet_need
                && h.split.is_none()
                && w.displaced(g_ref, nt, thr.dev)
            {
                // Oscillation resumes after >= quiet_s without, away from the resting level.
                let mut head = h.cur;
                head.end_after(head.last_var, nt);
                let seg = self.candidate_at(n, n);
                self.hysteresis.split = Some((head, seg));
            }
            let h = &mut self.hysteresis;
            h.var_quiet = 0;
            h.cur.last_var = n;
            if let Some((_, seg)) = &mut h.split {
                seg.last_var = n;
            }
        } else {
            self.hysteresis.var_quiet += 1;
        }
        let saturated = self.stretches.saturated();
        let plan = &self.plan;
        let h = &mut self.hysteresis;
        let held = h.var_quiet >= plan.hold_long
            || (h.var_quiet >= plan.hold && angle_deg(w.y, g_ref) > plan.cfg.posture_angle_deg);
        let active = h.var_quiet == 0 || (!held && w.displaced(g_ref, nt, thr.dev));
        h.cur.peak_sum = h.cur.peak_sum.max(sum);
        h.cur.area += env;
        if let Some((_, seg)) = &mut h.split {
            seg.peak_sum = seg.peak_sum.max(sum);
            seg.area += env;
            seg.saturated |= saturated;
        }
        // The last rise of the envelope (`OffsetRule::LastRise`).
        if sum >= thr.sum_off && sum > prev {
            h.cur.last_rise = n;
        }
        if active {
            h.cur.last_above = n;
            h.quiet_run = 0;
            h.area_at_above = h.cur.area;
        } else {
            if h.quiet_run == 0 {
                h.cur.quiet_start = n;
            }
            h.quiet_run += 1;
            if h.quiet_run >= plan.quiet_need {
                let last = if held {
                    h.cur.last_var
                } else {
                    h.cur.last_above
                };
                h.cur.end_after(last, nt);
                h.cur.area = h.area_at_above;
                // Never back at the resting level: the motion after the split is a movement of
                // its own (a leg at rest in a new position moved again), not part of the first.
                if let (true, Some((head, mut seg))) = (held, h.split.take()) {
                    seg.end_after(seg.last_var, nt);
                    self.hysteresis.cur = seg;
                    self.enqueue(head);
                }
                self.close();
            }
        }
    }

    /// Ends the current candidate early because of missing data or the end of the stream.
    pub(super) fn cut(&mut self, reason: RejectReason) {
        self.hysteresis.cur.offset = self.n;
        self.hysteresis.cur.cut = Some(reason);
        self.close();
    }

    /// Closes the candidate in progress and queues it for its decision.
    fn close(&mut self) {
        let h = &mut self.hysteresis;
        h.split = None;
        let c = h.cur;
        h.state = State::Quiet;
        h.quiet_run = 0;
        self.enqueue(c);
    }
}
