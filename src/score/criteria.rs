//! Scoring criteria as data: the AASM 2012 and WASM 2016 presets and the options for the points
//! the standards leave open (the rules and choices are in the [`score`](super) module docs).

use crate::{Error, Result};

/// Comparisons of times are made with this tolerance (seconds) so that a boundary written as
/// 10.0 s in a file (e.g. onsets 3.3 and 13.3, whose f64 difference is 10.000000000000002)
/// lands on the side the standard says: inclusive bounds accept values within the tolerance,
/// strict bounds reject them.
pub const TIME_TOLERANCE_S: f64 = 1e-6;

/// Which published standard a [`Criteria`] follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "io", derive(serde::Serialize))]
#[cfg_attr(feature = "io", serde(rename_all = "lowercase"))]
pub enum Standard {
    /// AASM scoring manual (2007 rules as carried into v2.x, "aasm2012").
    Aasm2012,
    /// WASM/IRLSSG 2016 standard (Ferri et al. 2016).
    Wasm2016,
}

impl Standard {
    /// Every standard, e.g. to list the accepted names.
    pub const ALL: [Standard; 2] = [Standard::Aasm2012, Standard::Wasm2016];

    /// The stable machine name (command line, JSON): `aasm2012` or `wasm2016`.
    /// [`FromStr`](std::str::FromStr) accepts exactly these (any case); `Display` gives the
    /// human name (`AASM 2012`, `WASM 2016`).
    pub fn name(self) -> &'static str {
        match self {
            Standard::Aasm2012 => "aasm2012",
            Standard::Wasm2016 => "wasm2016",
        }
    }
}

impl std::fmt::Display for Standard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Standard::Aasm2012 => "AASM 2012",
            Standard::Wasm2016 => "WASM 2016",
        })
    }
}

impl std::str::FromStr for Standard {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.to_ascii_lowercase().as_str() {
            "aasm2012" => Ok(Standard::Aasm2012),
            "wasm2016" => Ok(Standard::Wasm2016),
            other => Err(Error::InvalidConfig(format!(
                "unknown standard {other:?} (expected aasm2012 or wasm2016)"
            ))),
        }
    }
}

/// What happens to a candidate that follows the previous one by less than the minimum IMI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "io", derive(serde::Serialize))]
#[cfg_attr(feature = "io", serde(rename_all = "lowercase"))]
pub enum ShortImiPolicy {
    /// The movement is dropped from series building and the next IMI is measured from the
    /// previous kept movement (2006 WASM rules, common AASM practice; AASM default).
    Drop,
    /// The series ends before the movement, which may start a new series (WASM 2016 rule).
    Break,
}

/// Which candidates series are built over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "io", derive(serde::Serialize))]
#[cfg_attr(feature = "io", serde(rename_all = "snake_case"))]
pub enum SeriesScope {
    /// Over the whole recording, sleep and wake; PLMs are then classed PLMS / PLMW (default).
    AllMovements,
    /// Over LMs in sleep only: an LM in wake (or, with a hypnogram, outside it), candidate or
    /// not, is removed before series building, as if absent: it does not end a series and IMIs
    /// are measured across it. Gross movements still end series wherever they are. Without a
    /// hypnogram every movement is "sleep unknown" and kept.
    SleepOnly,
}

/// How movements on the two legs are combined into one bilateral movement.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "io", derive(serde::Serialize))]
#[cfg_attr(feature = "io", serde(rename_all = "snake_case"))]
pub enum BilateralRule {
    /// AASM: movements on different legs whose onsets are less than `max_onset_gap_s` apart
    /// (strict) are one movement. Chains: a movement joins a group when its onset is closer than
    /// the gap to the onset of any member on the other leg.
    OnsetsWithin {
        /// 5.0 s for AASM.
        max_onset_gap_s: f64,
    },
    /// WASM 2016: movements on different legs that overlap or whose offset-to-onset gap is less
    /// than `max_gap_s` (strict) form one bilateral movement (chains as above, gap measured to
    /// the offset of any member on the other leg). The result is a candidate only when it lasts at
    /// most `max_duration_s`, has at most `max_parts` monolateral parts, and no part is longer
    /// than the criteria's `max_lm_duration_s`.
    OverlapOrGap {
        /// 0.5 s for WASM 2016.
        max_gap_s: f64,
        /// 15 s for WASM 2016 (inclusive).
        max_duration_s: f64,
        /// 4 for WASM 2016 (inclusive).
        max_parts: usize,
    },
}

/// What a monolateral movement longer than `max_lm_duration_s` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "io", derive(serde::Serialize))]
#[cfg_attr(feature = "io", serde(rename_all = "snake_case"))]
pub enum LongMovementRule {
    /// AASM: not an LM at all. It is ignored: it is not counted, takes no part in bilateral
    /// combination, and does NOT end a series (it is as if it were not there).
    Ignore,
    /// WASM 2016: an LM but a non-candidate; it is counted as an LM and ends any series.
    NonCandidate,
}

/// When a movement counts as respiratory.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "io", derive(serde::Serialize))]
#[cfg_attr(feature = "io", serde(rename_all = "snake_case"))]
pub enum RespiratoryRule {
    /// AASM: a movement overlapping [event onset − before_s, event offset + after_s] (closed) is
    /// not scored at all: it is removed before series building (IMIs measured across it) and not
    /// counted as an LM.
    AroundEvent {
        /// 0.5 s.
        before_s: f64,
        /// 0.5 s.
        after_s: f64,
    },
    /// WASM 2016: a candidate overlapping [event offset + from_s, event offset + to_s] (closed)
    /// is a respiratory CLM: it counts in the main scoring and is removed (IMIs measured across
    /// it) in the "nr" scoring.
    AfterOffset {
        /// −2.0 s.
        from_s: f64,
        /// +10.25 s.
        to_s: f64,
    },
}

/// Everything the scorer needs to know about a standard. Plain data: build a preset, adjust with
/// the `with_*` methods or the fields, and the scorer validates it once at construction.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "io", derive(serde::Serialize))]
pub struct Criteria {
    /// The standard this set follows (reported as `standard`).
    pub standard: Standard,
    /// Movements on the same leg separated by less than this (strict; 0.5 s), or overlapping,
    /// are joined into one LM before the duration rules apply.
    pub same_leg_join_gap_s: f64,
    /// Shortest monolateral LM, inclusive (0.5 s). Shorter movements are ignored.
    pub min_lm_duration_s: f64,
    /// Longest monolateral candidate, inclusive (10 s).
    pub max_lm_duration_s: f64,
    /// What a longer movement is.
    pub long_movement: LongMovementRule,
    /// Bilateral combination.
    pub bilateral: BilateralRule,
    /// Shortest IMI inside a series, inclusive (AASM 5 s, WASM 10 s).
    pub min_imi_s: f64,
    /// Longest IMI inside a series, inclusive (90 s); a longer one ends the series.
    pub max_imi_s: f64,
    /// Fewest movements in a series (4).
    pub min_series_len: usize,
    /// What an IMI below `min_imi_s` does.
    pub short_imi: ShortImiPolicy,
    /// Which candidates series are built over.
    pub series_scope: SeriesScope,
    /// Respiratory exclusion.
    pub respiratory: RespiratoryRule,
    /// A movement and an arousal are associated when they overlap or the gap between them, in
    /// either order, is below this (strict; 0.5 s).
    pub arousal_max_gap_s: f64,
}

impl Criteria {
    /// AASM preset: LM 0.5–10 s (longer ignored), bilateral onsets < 5 s, 5 <= IMI <= 90,
    /// short IMI dropped, respiratory ±0.5 s.
    pub fn aasm2012() -> Self {
        Criteria {
            standard: Standard::Aasm2012,
            same_leg_join_gap_s: 0.5,
            min_lm_duration_s: 0.5,
            max_lm_duration_s: 10.0,
            long_movement: LongMovementRule::Ignore,
            bilateral: BilateralRule::OnsetsWithin {
                max_onset_gap_s: 5.0,
            },
            min_imi_s: 5.0,
            max_imi_s: 90.0,
            min_series_len: 4,
            short_imi: ShortImiPolicy::Drop,
            series_scope: SeriesScope::AllMovements,
            respiratory: RespiratoryRule::AroundEvent {
                before_s: 0.5,
                after_s: 0.5,
            },
            arousal_max_gap_s: 0.5,
        }
    }

    /// WASM 2016 preset: CLM rules, bilateral gap < 0.5 s (<= 15 s, <= 4 parts), 10 <= IMI <= 90,
    /// short IMI breaks, rCLM window [offset − 2.0, offset + 10.25].
    pub fn wasm2016() -> Self {
        Criteria {
            standard: Standard::Wasm2016,
            same_leg_join_gap_s: 0.5,
            min_lm_duration_s: 0.5,
            max_lm_duration_s: 10.0,
            long_movement: LongMovementRule::NonCandidate,
            bilateral: BilateralRule::OverlapOrGap {
                max_gap_s: 0.5,
                max_duration_s: 15.0,
                max_parts: 4,
            },
            min_imi_s: 10.0,
            max_imi_s: 90.0,
            min_series_len: 4,
            short_imi: ShortImiPolicy::Break,
            series_scope: SeriesScope::AllMovements,
            respiratory: RespiratoryRule::AfterOffset {
                from_s: -2.0,
                to_s: 10.25,
            },
            arousal_max_gap_s: 0.5,
        }
    }

    /// The preset for `standard`.
    pub fn for_standard(standard: Standard) -> Self {
        match standard {
            Standard::Aasm2012 => Criteria::aasm2012(),
            Standard::Wasm2016 => Criteria::wasm2016(),
        }
    }

    /// The same criteria with another short-IMI policy.
    pub fn with_short_imi(mut self, policy: ShortImiPolicy) -> Self {
        self.short_imi = policy;
        self
    }

    /// The same criteria with another series scope.
    pub fn with_series_scope(mut self, scope: SeriesScope) -> Self {
        self.series_scope = scope;
        self
    }

    /// Checks every value is finite and in range; the scorer calls this at construction.
    pub fn validate(&self) -> Result<()> {
        let bad = |what: &str| Err(Error::InvalidConfig(what.to_string()));
        let pos = |x: f64| x.is_finite() && x > 0.0;
        if !pos(self.min_lm_duration_s) || !pos(self.max_lm_duration_s) {
            return bad("LM durations must be finite and > 0");
        }
        if self.min_lm_duration_s > self.max_lm_duration_s {
            return bad("min_lm_duration_s must not exceed max_lm_duration_s");
        }
        if !pos(self.min_imi_s) || !pos(self.max_imi_s) || self.min_imi_s > self.max_imi_s {
            return bad("IMI bounds must be finite, > 0 and min <= max");
        }
        if self.min_series_len < 2 {
            return bad("min_series_len must be at least 2");
        }
        if !(self.same_leg_join_gap_s.is_finite() && self.same_leg_join_gap_s >= 0.0) {
            return bad("same_leg_join_gap_s must be finite and >= 0");
        }
        if !(self.arousal_max_gap_s.is_finite() && self.arousal_max_gap_s >= 0.0) {
            return bad("arousal_max_gap_s must be finite and >= 0");
        }
        match self.bilateral {
            BilateralRule::OnsetsWithin { max_onset_gap_s } => {
                if !(max_onset_gap_s.is_finite() && max_onset_gap_s >= 0.0) {
                    return bad("bilateral max_onset_gap_s must be finite and >= 0");
                }
            }
            BilateralRule::OverlapOrGap {
                max_gap_s,
                max_duration_s,
                max_parts,
            } => {
                if !(max_gap_s.is_finite() && max_gap_s >= 0.0 && pos(max_duration_s)) {
                    return bad("bilateral gap must be >= 0 and max duration > 0, both finite");
                }
                if max_parts < 2 {
                    return bad("bilateral max_parts must be at least 2");
                }
            }
        }
        match self.respiratory {
            RespiratoryRule::AroundEvent { before_s, after_s } => {
                if !(before_s.is_finite() && after_s.is_finite()) {
                    return bad("respiratory margins must be finite");
                }
            }
            RespiratoryRule::AfterOffset { from_s, to_s } => {
                if !(from_s.is_finite() && to_s.is_finite() && from_s <= to_s) {
                    return bad("respiratory window must be finite with from_s <= to_s");
                }
            }
        }
        Ok(())
    }
}

impl Default for Criteria {
    /// WASM 2016, the current standard.
    fn default() -> Self {
        Criteria::wasm2016()
    }
}
