//! Per block of about 0.25 s: the gravity mean, the noise floor and its thresholds, the plot
//! envelope, and the posture decisions that became possible.

use super::LegDetector;
use super::detection::Detection;
use super::hysteresis::State;
use super::plan::Plan;
use crate::detect::posture::GravityRing;

/// The block in progress and the ring of recent blocks' gravity.
#[derive(Debug, Clone)]
pub(super) struct Blocks {
    /// Index of the block in progress, and the sample that ends it.
    pub block: u64,
    pub next_block_n: u64,
    /// Sum of the raw axes over the block.
    pub gsum: [f64; 3],
    /// No sample of the block is missing.
    pub valid: bool,
    /// Largest moving sum of squares in the block (its peak envelope).
    pub max_sum: f64,
    pub gravity: GravityRing,
}

impl Blocks {
    pub fn new(plan: &Plan) -> Self {
        Blocks {
            block: 0,
            next_block_n: plan.block_len,
            gsum: [0.0; 3],
            valid: true,
            max_sum: 0.0,
            gravity: GravityRing::new(plan.gravity_len),
        }
    }

    /// The largest moving sum of the block in progress, if it holds any sample before `n`
    /// (taken: the block's maximum is then 0).
    pub fn take_partial_max(&mut self, n: u64, block_len: u64) -> f64 {
        if n + block_len > self.next_block_n {
            std::mem::take(&mut self.max_sum)
        } else {
            0.0
        }
    }

    /// Closes the block: its gravity mean goes to the ring and the next block starts.
    fn close(&mut self, block_len: u64) {
        let inv = 1.0 / block_len as f64;
        let mean = self.gsum.map(|v| v * inv);
        self.gravity.push(self.block, mean, self.valid);
        self.block += 1;
        self.next_block_n += block_len;
        self.gsum = [0.0; 3];
        self.valid = true;
        self.max_sum = 0.0;
    }
}

impl LegDetector {
    /// Block bookkeeping: gravity, noise floor, plot envelope, posture decisions.
    #[cold]
    pub(super) fn end_block(&mut self, out: &mut Vec<Detection>) {
        // Noise floor: quiet, settled, valid data only (or a "movement" that outlasted it).
        let quiet = self.hysteresis.state == State::Quiet || self.floor.resumed(self.n);
        let settled = !self.restart.needed && self.n >= self.restart.env_full_at;
        let envelope = self.plan.envelope_of(self.envelope.sum());
        if self
            .floor
            .end_block(quiet && self.blocks.valid && settled, envelope)
        {
            self.thresholds = self
                .plan
                .thresholds(self.floor.value(), self.floor.spread());
        }
        self.plot
            .end_block(self.blocks.valid, self.blocks.max_sum, &self.plan);
        self.blocks.close(self.plan.block_len);
        self.quality.samples = self.n;
        self.decide_ready(out);
    }
}
