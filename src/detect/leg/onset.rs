//! The onset: when the envelope crosses the onset threshold while the timing window shows
//! motion, the movement's start is read back in the rings (the first sample after the last
//! quiet timing window), with its resting level and change energy so far.

use super::LegDetector;
use super::candidate::Candidate;
use super::hysteresis::State;
use super::timing::TimingSums;

impl LegDetector {
    /// The envelope at sample `n` is above the onset threshold while quiet.
    pub(super) fn above_onset(&mut self, n: u64) {
        if n < self.restart.no_onset_before || n < self.hysteresis.recheck_at || !self.floor.ready()
        {
            return;
        }
        // Motion must be present now: the timing window's variance (oscillation, or the ramp
        // of a tilt) above the offset threshold. Otherwise the envelope is only draining or in
        // the band-pass's free decay after a movement.
        let len = self.plan.nwin;
        let nt = self.plan.nt;
        let thr_v = self.thresholds.var;
        let now = TimingSums::over(&self.envelope, 0, nt);
        if now.variance(nt) <= thr_v {
            // Look again a quarter of a timing window later, not at every sample of a free
            // decay: the onset is read back from the rings, so where it lands does not depend
            // on when within that step the motion is noticed.
            self.hysteresis.recheck_at = n + self.plan.onset_recheck;
            return;
        }
        let reach = len - nt;
        let mut w = now;
        let mut onset = (n + 1).saturating_sub(len as u64);
        let mut run = 0usize;
        for back in 1..=reach {
            // Slide the window one sample back: drop sample n−back+1, add n−back−nt+1.
            w.slide(
                self.envelope.lowpassed(back + nt - 1),
                self.envelope.lowpassed(back - 1),
            );
            if w.variance(nt) <= thr_v {
                run += 1;
                if run >= nt || back == reach {
                    onset = n + 1 - (back + 1 - run) as u64;
                    break;
                }
            } else {
                run = 0;
            }
        }
        let onset = self
            .onset_edge(n, onset)
            .max(self.restart.no_onset_before)
            .min(n);
        // The resting level: the mean of the (quiet) timing window just before the onset.
        let back = ((n - onset) as usize + 1).min(len - nt);
        let r = TimingSums::over(&self.envelope, back, nt).mean(nt);
        // Change energy of the raw samples since the onset (the timing window sees them through
        // the low-pass's group delay), as far back as the ring holds.
        let from = onset
            .saturating_sub(self.plan.lp_delay.ceil() as u64)
            .max((n + 1).saturating_sub(len as u64));
        let change = self.envelope.change_energy(from, n);
        let cur = Candidate {
            area: self.plan.envelope_of(self.envelope.sum()),
            change,
            ..self.candidate_at(onset, n)
        };
        let sum = self.envelope.sum();
        let h = &mut self.hysteresis;
        h.cur = cur;
        h.short = now;
        h.split = None;
        h.g_ref = r;
        h.var_quiet = 0;
        h.area_at_above = cur.area;
        h.prev_sum = sum;
        h.quiet_run = 0;
        h.state = State::Active;
        // Resume floor updates if a "movement" outlasts the floor window: the level has changed.
        self.floor.resume_at(n + self.plan.floor_resume_samples);
    }

    /// The movement's first sample, refined from `onset` (the sample after the last timing
    /// window quiet at the activity threshold): the motion was already building up below that
    /// threshold, so step back while the window before still exceeds the edge threshold, at
    /// most `Plan::edge_reach` samples (beyond that a sub-threshold excess cannot be told from
    /// the noise).
    fn onset_edge(&self, n: u64, onset: u64) -> u64 {
        let nt = self.plan.nt;
        let len = self.plan.nwin;
        // The window ending at sample `onset − 1` is `back` samples before the newest.
        let Some(back) = n.checked_sub(onset.saturating_sub(1)).map(|b| b as usize) else {
            return onset;
        };
        if onset == 0 || back + nt + self.plan.edge_reach > len {
            return onset;
        }
        let mut w = TimingSums::over(&self.envelope, back, nt);
        let mut first = onset;
        for step in 0..self.plan.edge_reach {
            if w.variance(nt) <= self.thresholds.var_edge || first == 0 {
                break;
            }
            first -= 1;
            let b = back + step;
            w.slide(self.envelope.lowpassed(b + nt), self.envelope.lowpassed(b));
        }
        first
    }
}
