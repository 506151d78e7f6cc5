//! Candidate rules: which combined movements can be part of a PLM series, which end one, and
//! which are ignored.

use super::bilateral::{Combined, Eligibility};
use super::criteria::{BilateralRule, Criteria, TIME_TOLERANCE_S};

/// What a (combined) movement is for series building.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "io", derive(serde::Serialize))]
#[cfg_attr(feature = "io", serde(rename_all = "snake_case"))]
pub enum MovementClass {
    /// A candidate: an LM under AASM, a CLM under WASM 2016.
    Candidate,
    /// An LM that is not a candidate (WASM 2016: monolateral > 10 s, or bilateral > 15 s, with
    /// more than 4 parts, or with a part > 10 s). Counted as an LM; ends any series.
    NonCandidate,
    /// A gross body movement (posture change). Not an LM; ends any series under both standards.
    Gross,
    /// Shorter than the minimum LM duration: not an LM, ignored (does not end a series).
    TooShort,
    /// AASM: longer than 10 s: not an LM, ignored (does not end a series).
    TooLong,
}

impl MovementClass {
    /// True when the movement is an LM in the standard's sense (candidate or not).
    pub fn is_lm(self) -> bool {
        matches!(self, MovementClass::Candidate | MovementClass::NonCandidate)
    }

    /// The stable machine name (JSON, CSV): `candidate`, `non_candidate`, `gross`, `too_short`
    /// or `too_long`.
    pub fn name(self) -> &'static str {
        match self {
            MovementClass::Candidate => "candidate",
            MovementClass::NonCandidate => "non_candidate",
            MovementClass::Gross => "gross",
            MovementClass::TooShort => "too_short",
            MovementClass::TooLong => "too_long",
        }
    }

    /// True when the movement ends any open series.
    pub fn ends_series(self) -> bool {
        matches!(self, MovementClass::NonCandidate | MovementClass::Gross)
    }
}

impl std::fmt::Display for MovementClass {
    /// As its [`name`](MovementClass::name).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Classifies a combined movement.
pub(crate) fn classify(mv: &Combined, criteria: &Criteria) -> MovementClass {
    match mv.eligibility {
        Eligibility::Gross => return MovementClass::Gross,
        Eligibility::TooShort => return MovementClass::TooShort,
        Eligibility::TooLongIgnored => return MovementClass::TooLong,
        Eligibility::Lm => {}
    }
    if mv.longest_part_s > criteria.max_lm_duration_s + TIME_TOLERANCE_S {
        return MovementClass::NonCandidate;
    }
    if let BilateralRule::OverlapOrGap {
        max_duration_s,
        max_parts,
        ..
    } = criteria.bilateral
    {
        let too_many = mv.parts > max_parts;
        let too_long = mv.offset_s - mv.onset_s > max_duration_s + TIME_TOLERANCE_S;
        if mv.parts > 1 && (too_many || too_long) {
            return MovementClass::NonCandidate;
        }
    }
    MovementClass::Candidate
}
