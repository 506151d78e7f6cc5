//! Per-epoch features of one leg's rows: gravity, moving seconds and micro-motion.

use super::RestConfig;

/// What one epoch shows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Epoch {
    /// Start and end (s, shared clock); a missing stretch may span several epochs.
    pub start_s: f64,
    pub end_s: f64,
    /// Too few rows to say anything (a gap).
    pub missing: bool,
    /// Mean acceleration over the epoch (the gravity vector, g).
    pub gravity: [f64; 3],
    /// The shin lies within `90° - lying_min_deg` of horizontal.
    pub lying: bool,
    /// At least `active_fraction` of its seconds moving.
    pub active: bool,
    /// No moving second, and the 1-s means vary less than `still_epoch_ratio` times what
    /// sensor noise explains.
    pub still: bool,
    /// Variance of the 1-s means (g², axes summed) and what sensor noise alone gives them.
    pub spread: f64,
    pub expected: f64,
}

/// Sums over one 1-s block.
#[derive(Debug, Clone, Copy, Default)]
struct Block {
    n: u32,
    sum: [f64; 3],
    sum_sq: [f64; 3],
    /// Sum of squared sample-to-sample differences, and their count.
    diff_sq: f64,
    diffs: u32,
    last: Option<[f64; 3]>,
}

/// Accumulates rows into 1-s blocks and blocks into epochs.
#[derive(Debug, Clone)]
pub(crate) struct EpochAccumulator {
    epoch_s: f64,
    shin: [f64; 3],
    cos_lying: f64,
    moving_var: f64,
    active_fraction: f64,
    still_ratio: f64,
    /// Index of the current epoch and of the current block (floor of t / length).
    epoch: Option<i64>,
    block_index: i64,
    block: Block,
    // Epoch sums over closed blocks.
    blocks: u32,
    moving: u32,
    sum: [f64; 3],
    rows: u64,
    mean_sum: [f64; 3],
    mean_sq: [f64; 3],
    noise_of_mean: f64,
}

impl EpochAccumulator {
    pub fn new(cfg: &RestConfig) -> Self {
        let n = cfg.shin_axis;
        let len = (n[0] * n[0] + n[1] * n[1] + n[2] * n[2]).sqrt();
        EpochAccumulator {
            epoch_s: cfg.epoch_s,
            shin: [n[0] / len, n[1] / len, n[2] / len],
            cos_lying: cfg.lying_min_deg.to_radians().cos(),
            moving_var: cfg.moving_block_g * cfg.moving_block_g,
            active_fraction: cfg.active_fraction,
            still_ratio: cfg.still_epoch_ratio,
            epoch: None,
            block_index: i64::MIN,
            block: Block::default(),
            blocks: 0,
            moving: 0,
            sum: [0.0; 3],
            rows: 0,
            mean_sum: [0.0; 3],
            mean_sq: [0.0; 3],
            noise_of_mean: 0.0,
        }
    }

    /// Start of the epoch in progress (s), once a row has come.
    pub fn current_start_s(&self) -> Option<f64> {
        self.epoch.map(|e| e as f64 * self.epoch_s)
    }

    /// Adds one row at `t` (s, shared clock, non-decreasing); closed epochs go to `out`.
    #[inline]
    pub fn push(&mut self, t: f64, v: [f64; 3], out: &mut Vec<Epoch>) {
        let b = t.floor() as i64;
        if b != self.block_index {
            self.close_block();
            self.block_index = b;
            let e = (t / self.epoch_s).floor() as i64;
            match self.epoch {
                Some(cur) if e > cur => {
                    self.close_epoch(cur, out);
                    // Epochs without a row at all (a gap) are one missing stretch, however
                    // long the gap.
                    if e > cur + 1 {
                        let mut gap = self.missing(cur + 1);
                        gap.end_s = e as f64 * self.epoch_s;
                        out.push(gap);
                    }
                    self.epoch = Some(e);
                }
                None => self.epoch = Some(e),
                _ => {}
            }
        }
        let bl = &mut self.block;
        bl.n += 1;
        for ((sum, sum_sq), x) in bl.sum.iter_mut().zip(&mut bl.sum_sq).zip(v) {
            *sum += x;
            *sum_sq += x * x;
        }
        if let Some(p) = bl.last {
            let d = [v[0] - p[0], v[1] - p[1], v[2] - p[2]];
            bl.diff_sq += d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
            bl.diffs += 1;
        }
        bl.last = Some(v);
    }

    /// Closes the epoch in progress.
    pub fn finish(&mut self, out: &mut Vec<Epoch>) {
        self.close_block();
        if let Some(cur) = self.epoch.take() {
            self.close_epoch(cur, out);
        }
    }

    fn missing(&self, k: i64) -> Epoch {
        Epoch {
            start_s: k as f64 * self.epoch_s,
            end_s: (k + 1) as f64 * self.epoch_s,
            missing: true,
            gravity: [0.0; 3],
            lying: false,
            active: false,
            still: false,
            spread: 0.0,
            expected: 0.0,
        }
    }

    fn close_block(&mut self) {
        let bl = std::mem::take(&mut self.block);
        if bl.n < 2 {
            return;
        }
        let n = f64::from(bl.n);
        let mut var = 0.0;
        for k in 0..3 {
            let m = bl.sum[k] / n;
            var += (bl.sum_sq[k] / n - m * m).max(0.0);
            self.sum[k] += bl.sum[k];
            self.mean_sum[k] += m;
            self.mean_sq[k] += m * m;
        }
        self.rows += u64::from(bl.n);
        self.blocks += 1;
        self.moving += u32::from(var > self.moving_var);
        // White noise of variance s² per axis gives differences of variance 2 s²; the mean of
        // n samples then varies by s² / n per axis.
        let noise_var = bl.diff_sq / (2.0 * f64::from(bl.diffs.max(1)));
        self.noise_of_mean += noise_var / n;
    }

    fn close_epoch(&mut self, k: i64, out: &mut Vec<Epoch>) {
        let blocks = std::mem::take(&mut self.blocks);
        let moving = std::mem::take(&mut self.moving);
        let sum = std::mem::take(&mut self.sum);
        let rows = std::mem::take(&mut self.rows);
        let mean_sum = std::mem::take(&mut self.mean_sum);
        let mean_sq = std::mem::take(&mut self.mean_sq);
        let noise = std::mem::take(&mut self.noise_of_mean);
        // Half the epoch's seconds with rows, or it says nothing.
        if f64::from(blocks) < 0.5 * self.epoch_s {
            out.push(self.missing(k));
            return;
        }
        let b = f64::from(blocks);
        let g = sum.map(|s| s / rows as f64);
        let norm = (g[0] * g[0] + g[1] * g[1] + g[2] * g[2]).sqrt();
        let along = (g[0] * self.shin[0] + g[1] * self.shin[1] + g[2] * self.shin[2]).abs();
        let lying = norm > 0.0 && along < self.cos_lying * norm;
        let spread: f64 = (0..3)
            .map(|i| (mean_sq[i] / b - (mean_sum[i] / b).powi(2)).max(0.0))
            .sum();
        let expected = noise / b;
        // Exact constant rows (idle zeros) have neither spread nor noise: not a worn sensor.
        let ratio = if expected > 0.0 {
            spread / expected
        } else if spread > 0.0 {
            f64::INFINITY
        } else {
            0.0
        };
        out.push(Epoch {
            start_s: k as f64 * self.epoch_s,
            end_s: (k + 1) as f64 * self.epoch_s,
            missing: false,
            gravity: g,
            lying,
            active: f64::from(moving) >= self.active_fraction * b,
            still: moving == 0 && ratio < self.still_ratio,
            spread,
            expected,
        });
    }
}
