//! Missing and saturated stretches: counted, tracked while open, emitted when they end (or in
//! pieces, for a live source).

use super::detection::{Detection, QualityCounts};
use super::plan::Plan;
use crate::event::Interval;

/// The missing or saturated stretch in progress, if any (never both at once).
#[derive(Debug, Clone, Default)]
pub(super) struct Stretches {
    in_invalid: bool,
    in_saturated: bool,
    /// First sample of the open stretch (or of its unflushed rest).
    start: u64,
}

impl Stretches {
    /// Whether a saturated stretch is open.
    pub fn saturated(&self) -> bool {
        self.in_saturated
    }

    /// First sample of the open stretch; None when none is.
    pub fn open_start(&self) -> Option<u64> {
        (self.in_invalid || self.in_saturated).then_some(self.start)
    }

    /// Sample `n` is missing.
    pub fn missing(
        &mut self,
        n: u64,
        q: &mut QualityCounts,
        plan: &Plan,
        out: &mut Vec<Detection>,
    ) {
        q.invalid_samples += 1;
        if self.in_saturated {
            self.end(n, plan, out);
        }
        if !self.in_invalid {
            q.invalid_stretches += 1;
            self.in_invalid = true;
            self.start = n;
        }
    }

    /// Sample `n` is valid, and `saturated` or not.
    pub fn valid(
        &mut self,
        n: u64,
        saturated: bool,
        q: &mut QualityCounts,
        plan: &Plan,
        out: &mut Vec<Detection>,
    ) {
        if self.in_invalid {
            self.end(n, plan, out);
        }
        if saturated {
            q.saturated_samples += 1;
            if !self.in_saturated {
                q.saturated_stretches += 1;
                self.in_saturated = true;
                self.start = n;
            }
        } else if self.in_saturated {
            self.end(n, plan, out);
        }
    }

    /// Emits the open stretch, if any, as ending before sample `n`, and closes it.
    pub fn end(&mut self, n: u64, plan: &Plan, out: &mut Vec<Detection>) {
        if self.open_start().is_some() {
            self.emit(n, plan, out);
            self.in_invalid = false;
            self.in_saturated = false;
        }
    }

    /// Emits the part of the open stretch before sample `n` and goes on with the rest as a
    /// new piece (the pieces touch: merged, they are the stretch).
    pub fn flush(&mut self, n: u64, plan: &Plan, out: &mut Vec<Detection>) {
        if self.open_start().is_some_and(|s| n > s) {
            self.emit(n, plan, out);
            self.start = n;
        }
    }

    /// How long the open stretch has lasted before sample `n` (s; 0 when none is open).
    pub fn open_s(&self, n: u64, plan: &Plan) -> f64 {
        match self.open_start() {
            Some(s) => (n - s) as f64 / plan.rate,
            None => 0.0,
        }
    }

    /// The open stretch from its start to sample `n`, as a detection.
    fn emit(&self, n: u64, plan: &Plan, out: &mut Vec<Detection>) {
        let iv = Interval {
            onset_s: plan.time(self.start),
            offset_s: plan.time(n),
        };
        out.push(if self.in_invalid {
            Detection::Invalid(iv)
        } else {
            Detection::Saturated(iv)
        });
    }
}
