//! PLM series building over a stream of candidates and series breakers.

use super::criteria::{Criteria, ShortImiPolicy, TIME_TOLERANCE_S};

/// What the builder did with one candidate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Step {
    /// Onset-to-onset interval from the previous kept candidate (None for the first candidate
    /// and the first after a breaker).
    pub imi_s: Option<f64>,
    /// False when the candidate was dropped under `ShortImiPolicy::Drop`.
    pub kept: bool,
}

/// What the builder tells its caller about the members of a run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum RunUpdate<'a> {
    /// These members are now known to be periodic: the run has just reached `min_len` (all of
    /// its members so far) or a member joined a run that already had.
    Periodic(&'a [usize]),
    /// The run ended (it can no longer grow); `series` tells whether it was long enough.
    Closed { members: &'a [usize], series: bool },
}

/// Builds runs of candidates with in-bounds IMIs; a run of at least `min_len` is a series.
/// Indices are the caller's movement indices. The IMI of a candidate is measured from the
/// previous kept candidate; there is none for the first candidate and for the first after a
/// breaker. Removed movements (respiratory in AASM, rCLMs in "nr", out of scope) never reach
/// the builder, so IMIs are measured across them.
#[derive(Debug, Clone)]
pub(crate) struct SeriesBuilder {
    min_imi: f64,
    max_imi: f64,
    min_len: usize,
    policy: ShortImiPolicy,
    run: Vec<usize>,
    last_onset: Option<f64>,
}

impl SeriesBuilder {
    pub fn new(criteria: &Criteria) -> Self {
        SeriesBuilder {
            min_imi: criteria.min_imi_s,
            max_imi: criteria.max_imi_s,
            min_len: criteria.min_series_len,
            policy: criteria.short_imi,
            run: Vec::with_capacity(64),
            last_onset: None,
        }
    }

    /// Ends the current run and tells `out` whether it was a series.
    fn close(&mut self, out: &mut impl FnMut(RunUpdate<'_>)) {
        if !self.run.is_empty() {
            out(RunUpdate::Closed {
                members: &self.run,
                series: self.run.len() >= self.min_len,
            });
        }
        self.run.clear();
    }

    /// Appends a member; tells `out` which members became periodic by it.
    fn join(&mut self, idx: usize, onset: f64, out: &mut impl FnMut(RunUpdate<'_>)) {
        self.run.push(idx);
        self.last_onset = Some(onset);
        let n = self.run.len();
        if n == self.min_len {
            out(RunUpdate::Periodic(&self.run));
        } else if n > self.min_len {
            out(RunUpdate::Periodic(&self.run[n - 1..]));
        }
    }

    /// A candidate with index `idx` and onset `onset`.
    pub fn candidate(
        &mut self,
        idx: usize,
        onset: f64,
        mut out: impl FnMut(RunUpdate<'_>),
    ) -> Step {
        let Some(prev) = self.last_onset else {
            self.join(idx, onset, &mut out);
            return Step {
                imi_s: None,
                kept: true,
            };
        };
        let imi = onset - prev;
        if imi > self.max_imi + TIME_TOLERANCE_S {
            self.close(&mut out);
        } else if imi < self.min_imi - TIME_TOLERANCE_S {
            match self.policy {
                ShortImiPolicy::Drop => {
                    return Step {
                        imi_s: Some(imi),
                        kept: false,
                    };
                }
                ShortImiPolicy::Break => self.close(&mut out),
            }
        }
        self.join(idx, onset, &mut out);
        Step {
            imi_s: Some(imi),
            kept: true,
        }
    }

    /// A series breaker (non-candidate, gross movement). No IMI is measured across it: the next
    /// candidate has none and starts a new run.
    pub fn breaker(&mut self, mut out: impl FnMut(RunUpdate<'_>)) {
        self.close(&mut out);
        self.last_onset = None;
    }

    /// No candidate with onset earlier than `t` will come: closes the run if it cannot grow.
    pub fn advance(&mut self, t: f64, mut out: impl FnMut(RunUpdate<'_>)) {
        if let Some(prev) = self.last_onset {
            if !self.run.is_empty() && t - prev > self.max_imi + TIME_TOLERANCE_S {
                self.close(&mut out);
            }
        }
    }

    /// End of input.
    pub fn finish(&mut self, mut out: impl FnMut(RunUpdate<'_>)) {
        self.close(&mut out);
    }
}
