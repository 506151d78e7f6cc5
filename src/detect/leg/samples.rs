//! The per-sample paths: a fast loop while quiet on clean data, and a full step for everything
//! else (a movement in progress, missing or saturated samples, a restart).

use super::LegDetector;
use super::detection::{Detection, RejectReason};
use super::hysteresis::State;

impl LegDetector {
    pub(super) fn run<const K: usize>(&mut self, xs: &[[f64; 3]], out: &mut Vec<Detection>) {
        let mut i = 0;
        while i < xs.len() {
            if self.hysteresis.state == State::Quiet
                && !self.restart.needed
                && !self.stretches.saturated()
            {
                i = self.fast::<K>(xs, i, out);
            } else {
                self.slow::<K>(xs[i], out);
                i += 1;
            }
        }
    }

    /// The hot loop while no movement is in progress. Returns the index of the first sample
    /// not consumed; stops after a sample that crosses the onset threshold, before a sample
    /// that is missing or saturated, and at the end of a block (after its bookkeeping).
    fn fast<const K: usize>(
        &mut self,
        xs: &[[f64; 3]],
        mut i: usize,
        out: &mut Vec<Detection>,
    ) -> usize {
        let mut f = self.filters.load::<K>();
        let mut g = self.blocks.gsum;
        let mut bmax = self.blocks.max_sum;
        let lim = self.plan.sat_limit;
        let sum_on = self.thresholds.sum_on;
        let end = xs
            .len()
            .min(i + (self.blocks.next_block_n - self.n) as usize);
        let start = i;
        // No onset check before this index (see `Plan::onset_recheck`).
        let recheck = start + self.hysteresis.recheck_at.saturating_sub(self.n) as usize;
        let mut crossed = false;
        // Opened: its position and sum stay in registers, not behind `self`.
        let mut env = self.envelope.open();
        while i < end {
            let s = xs[i];
            // Non-short-circuit `&`: one branch; NaN compares false, so it also stops here.
            if !((s[0].abs() < lim) & (s[1].abs() < lim) & (s[2].abs() < lim)) {
                break;
            }
            g[0] += s[0];
            g[1] += s[1];
            g[2] += s[2];
            env.push(s, |s| f.step(s));
            let sum = env.sum();
            // A plain compare (sum is never NaN here) compiles to one maxsd.
            bmax = if sum > bmax { sum } else { bmax };
            i += 1;
            if sum > sum_on && i > recheck {
                crossed = true;
                break;
            }
        }
        let at = env.at();
        self.envelope.close(at);
        self.filters.store(&f);
        self.blocks.gsum = g;
        self.blocks.max_sum = bmax;
        self.n += (i - start) as u64;
        if crossed {
            self.above_onset(self.n - 1);
        }
        if self.n == self.blocks.next_block_n {
            self.end_block(out);
        } else if !crossed && i < xs.len() && i < end {
            // Stopped before a missing or saturated sample: the slow path takes it.
            self.slow::<K>(xs[i], out);
            i += 1;
        }
        i
    }

    /// One sample with full bookkeeping (events in progress, missing or saturated data).
    fn slow<const K: usize>(&mut self, s: [f64; 3], out: &mut Vec<Detection>) {
        let m = s[0].abs().max(s[1].abs()).max(s[2].abs());
        let n = self.n;
        if m.is_nan() {
            self.stretches
                .missing(n, &mut self.quality, &self.plan, out);
            self.blocks.valid = false;
            if self.hysteresis.state == State::Active {
                self.cut(RejectReason::Gap);
            }
            self.restart.needed = true;
        } else {
            let saturated = m >= self.plan.sat_limit;
            self.stretches
                .valid(n, saturated, &mut self.quality, &self.plan, out);
            if self.restart.needed {
                self.reinit(s);
            }
            if saturated && self.hysteresis.state == State::Active {
                self.hysteresis.cur.saturated = true;
            }
            for (g, v) in self.blocks.gsum.iter_mut().zip(s) {
                *g += v;
            }
            let mut f = self.filters.load::<K>();
            let d = self.envelope.push(s, |s| f.step(s));
            self.filters.store(&f);
            let sum = self.envelope.sum();
            self.blocks.max_sum = self.blocks.max_sum.max(sum);
            match self.hysteresis.state {
                State::Quiet => {
                    if sum > self.thresholds.sum_on {
                        self.above_onset(n);
                    }
                }
                State::Active => {
                    self.hysteresis.add_change(d);
                    self.active_step(n);
                }
            }
        }
        self.n += 1;
        if self.n == self.blocks.next_block_n {
            self.end_block(out);
        }
    }

    /// Restarts filter and envelope on the first valid sample after missing data.
    fn reinit(&mut self, s: [f64; 3]) {
        self.filters.reinit(s);
        self.envelope.restart(s);
        self.restart.no_onset_before = self.n + self.plan.warmup_samples;
        self.restart.env_full_at = self.n + self.plan.nwin as u64;
        self.restart.needed = false;
    }
}
