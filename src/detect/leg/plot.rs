//! The plot envelope: the peak envelope per plot step, from each block's peak, off the
//! per-sample path.

use super::plan::Plan;

/// Plot-envelope values not yet taken, and the step in progress.
#[derive(Debug, Clone)]
pub(super) struct PlotTrace {
    /// Blocks per value, and blocks left in the step in progress (a countdown avoids divisions).
    every: u64,
    countdown: u64,
    /// Largest moving sum of the step so far, and whether the step has any data.
    max_sum: f64,
    any: bool,
    values: Vec<f32>,
}

impl PlotTrace {
    pub fn new(plan: &Plan) -> Self {
        PlotTrace {
            every: plan.plot_every,
            countdown: plan.plot_every,
            max_sum: 0.0,
            any: false,
            values: Vec::new(),
        }
    }

    /// A block ended with peak moving sum `block_max`; `valid` when no sample was missing.
    pub fn end_block(&mut self, valid: bool, block_max: f64, plan: &Plan) {
        self.take(valid || block_max > 0.0, block_max);
        self.countdown -= 1;
        if self.countdown == 0 {
            self.countdown = self.every;
            self.values.push(if self.any {
                plan.envelope_of(self.max_sum) as f32
            } else {
                f32::NAN
            });
            self.max_sum = 0.0;
            self.any = false;
        }
    }

    /// The stream ended, its last block partial with peak moving sum `partial_max` (0 when
    /// empty or without data): the step in progress still counts.
    pub fn finish(&mut self, partial_max: f64, plan: &Plan) {
        self.take(partial_max > 0.0, partial_max);
        if self.any {
            self.values.push(plan.envelope_of(self.max_sum) as f32);
            self.any = false;
        }
    }

    /// Moves the values so far to the end of `into`.
    pub fn append(&mut self, into: &mut Vec<f32>) {
        into.append(&mut self.values);
    }

    fn take(&mut self, has_data: bool, max_sum: f64) {
        if has_data {
            self.max_sum = self.max_sum.max(max_sum);
            self.any = true;
        }
    }
}
