//! A candidate movement: its sample marks, peak, area and change energy, from onset to decision.

use super::LegDetector;
use super::detection::RejectReason;
use super::envelope::ChangeEnergy;

/// A candidate in progress or awaiting its posture decision.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Candidate {
    pub onset: u64,
    /// Offset sample (start of the quiet run, or where it was cut).
    pub offset: u64,
    pub peak_sum: f64,
    pub area: f64,
    pub saturated: bool,
    pub cut: Option<RejectReason>,
    pub g_before: Option<[f64; 3]>,
    /// Last sample at which the envelope rose while above the offset threshold.
    pub last_rise: u64,
    /// Last sample whose timing window held motion (activity above the offset threshold).
    pub last_above: u64,
    /// Last sample whose timing window held oscillation (variance above the threshold).
    pub last_var: u64,
    /// First sample of the quiet run that closed the candidate.
    pub quiet_start: u64,
    /// First block whose completion allows the posture decision.
    pub ready_block: u64,
    /// Raw sample-to-sample change energy over the candidate.
    pub change: ChangeEnergy,
}

impl Candidate {
    /// Sets the offset after the motion whose last timing window with motion ended at sample
    /// `last`: that window ends `nt − 1` samples after the motion's last sample.
    pub fn end_after(&mut self, last: u64, nt: usize) {
        self.offset = (last + 2).saturating_sub(nt as u64).max(self.onset + 1);
    }
}

impl LegDetector {
    /// A candidate with onset `onset` seen at sample `n`: gravity before the onset, every time
    /// mark at `n`, no area or change energy yet.
    pub(super) fn candidate_at(&self, onset: u64, n: u64) -> Candidate {
        let before_end = self.plan.end_block_before(onset);
        Candidate {
            onset,
            offset: n,
            peak_sum: self.envelope.sum(),
            area: 0.0,
            saturated: self.stretches.saturated(),
            cut: None,
            g_before: self
                .blocks
                .gravity
                .mean(before_end.saturating_sub(self.plan.g_blocks), before_end),
            last_rise: n,
            last_above: n,
            last_var: n,
            quiet_start: n,
            ready_block: 0,
            change: ChangeEnergy::default(),
        }
    }
}
