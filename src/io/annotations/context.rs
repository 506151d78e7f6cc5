//! From an [`Annotations`] to what the scorer takes: the context and the scored movements, and
//! one file's annotations replacing another's kind by kind.

use super::Annotations;
use crate::Result;
use crate::score::{Criteria, Report, ScoringContext, score};

impl Annotations {
    /// The scoring context the file gives: its hypnogram, respiratory events, arousals and
    /// lights window (no invalid stretches, no recording length: the scorer takes the lights
    /// window, else the hypnogram's length, as the recording).
    pub fn scoring_context(&self) -> ScoringContext {
        ScoringContext {
            hypnogram: self.hypnogram.clone(),
            respiratory: self.respiratory.clone(),
            arousals: self.arousals.clone(),
            lights: self.lights,
            ..ScoringContext::default()
        }
    }

    /// Scores the file's own leg movements in `context` (e.g. from
    /// [`Self::scoring_context`], some parts given separately) by `criteria`.
    pub fn score_movements(&self, criteria: &Criteria, context: &ScoringContext) -> Result<Report> {
        score(criteria, context, &self.movements)
    }

    /// Replaces, kind by kind, what this file holds with what `other` holds (scored movements,
    /// hypnogram, respiratory events, arousals, lights): a kind `other` does not hold is kept.
    /// `other`'s unknown names and events outside its staged epochs are added to this file's
    /// counts, so nothing read is dropped unreported. The format becomes `other`'s when it
    /// gave anything.
    pub fn replace_kinds_from(&mut self, other: Annotations) {
        let mut gave = false;
        if !other.movements.is_empty() {
            self.movements = other.movements;
            gave = true;
        }
        if other.hypnogram.is_some() {
            self.hypnogram = other.hypnogram;
            gave = true;
        }
        if !other.respiratory.is_empty() {
            self.respiratory = other.respiratory;
            gave = true;
        }
        if !other.arousals.is_empty() {
            self.arousals = other.arousals;
            gave = true;
        }
        if other.lights.is_some() {
            self.lights = other.lights;
            gave = true;
        }
        if gave {
            self.format = other.format;
        }
        for (name, n) in other.unknown {
            match self
                .unknown
                .binary_search_by(|(k, _)| k.as_str().cmp(&name))
            {
                Ok(i) => self.unknown[i].1 += n,
                Err(i) => self.unknown.insert(i, (name, n)),
            }
        }
        self.outside += other.outside;
    }

    /// How many events the file holds that were not used: unknown names plus events outside
    /// the staged epochs.
    pub fn unused_count(&self) -> usize {
        self.unknown.iter().map(|(_, n)| n).sum::<usize>() + self.outside
    }
}
