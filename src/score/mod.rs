//! Scoring of leg movements against the AASM and WASM 2016 criteria.
//!
//! Input is leg-movement events ([`LegMovement`]), whatever produced them, plus an optional
//! [`ScoringContext`] (hypnogram, respiratory events, arousals, recording span or lights,
//! invalid stretches). The pipeline,
//! one job per module:
//! - `criteria`: the presets [`Criteria::aasm2012`] / [`Criteria::wasm2016`] and options;
//! - `monolateral`: joining same-leg movements less than 0.5 s apart into one LM;
//! - `bilateral`: combining movements on the two legs (streaming, small look-ahead);
//! - `candidate`: candidate / non-candidate / ignored;
//! - `series`: PLM series with inclusive IMI bounds and the short-IMI policy;
//! - `respiratory`, `arousal`: association with context events;
//! - `quality`: invalid stretches (series breaks, time lost from the denominators);
//! - `hypnogram`: stage of each movement from the epoch holding its onset;
//! - `indices`: counts, indices, periodicity index, IMI histograms;
//! - `report`: the result types; `online`: the streaming scorer the batch [`score`] loops over.
//!
//! # The rules
//!
//! A summary of the published standards (AASM scoring rules 2007, carried into the AASM manual
//! v2.x; WASM/IRLSSG 2016, Ferri et al., Sleep Medicine 2016; Ferri et al. 2006 for the
//! periodicity index), numbered as the choices below refer to them. Times are seconds; an
//! interval `[a, b]` is closed unless stated.
//! 1. **LM, per leg**: at least 0.5 s; AASM: at most 10 s (a longer event is not an LM and is
//!    ignored); WASM: no maximum, but > 10 s makes it a non-candidate (rule 3). Same-leg events
//!    less than 0.5 s apart are one LM.
//! 2. **Bilateral combination**: AASM: LMs on the two legs whose onsets are < 5 s apart are one
//!    LM. WASM: monolateral LMs on different legs that overlap or whose offset-to-onset gap is
//!    < 0.5 s (strict) are one bilateral LM, from the earliest onset to the latest offset.
//! 3. **Candidate (CLM), WASM**: a monolateral LM of 0.5–10 s; a bilateral LM of <= 15 s made of
//!    <= 4 monolateral LMs none > 10 s. Anything else is a non-CLM: not counted, and it ends any
//!    series.
//! 4. **Series**: at least 4 consecutive (C)LMs with IMI (onset to onset) within AASM 5–90 s /
//!    WASM 10–90 s, bounds inclusive; an IMI > 90 s ends the series. WASM, IMI < 10 s: the
//!    series ends before the CLM, which may start a new one. AASM, IMI < 5 s: not specified
//!    ([`ShortImiPolicy`], default `Drop`: the LM is dropped and the IMI measured from the
//!    previous kept LM). Series over the whole recording by default ([`SeriesScope`]); each PLM
//!    is PLMS or PLMW by the stage of the 30-s epoch holding its onset.
//! 5. **Respiratory events**: AASM: an LM overlapping `[onset − 0.5, offset + 0.5]` of an event
//!    is not scored. WASM: a CLM overlapping `[offset − 2.0, offset + 10.25]` is a respiratory
//!    CLM; PLM is reported with all CLMs and "nr", after removing rCLMs and recomputing the
//!    IMIs (a removed rCLM does not itself end a series).
//! 6. **Arousals**: an LM and an arousal are associated when they overlap or less than 0.5 s
//!    separates the end of one from the onset of the other.
//! 7. **Indices**: per hour of sleep (PLMS, LM, CLM, PLMS-nr, PLMS-arousal) or wake (PLMW),
//!    inside the lights; without a hypnogram, per hour of recording, and named so. Periodicity
//!    index (Ferri 2006): IMIs in runs of at least 3 consecutive IMIs with 10 < IMI <= 90, over
//!    all IMIs. IMI histograms: 2-s bins up to 90 s, ln(IMI) in 0.1 bins over 0–4.5.
//! 8. **Accelerometry**: posture changes are gross movements (not LMs; they end series);
//!    saturation, gaps and idle rows are invalid stretches no LM may start, end or straddle;
//!    the index is accelerometric, not polysomnographic.
//! 9. **Readings where the texts leave room**: AASM combination is transitive (alternating legs
//!    each < 5 s apart form one LM); the AASM respiratory exclusion applies to the combined LM;
//!    times are compared to 1 µs ([`TIME_TOLERANCE_S`]); results never depend on input order.
//!
//! # Choices
//!
//! Choices where the rules leave room (each tested in `tests/score_conformance.rs`, and
//! cross-checked in `tests/score_golden.rs` against an independent reference scorer kept in
//! the repository):
//! - Same-leg movements less than 0.5 s apart (or overlapping) are joined into one LM first,
//!   before any duration rule (rule 1; PLMScoRe and MATPLM do the same).
//! - Movements shorter than 0.5 s are not LMs under either standard and are ignored.
//! - AASM: a movement longer than 10 s is not an LM and is ignored: it does not end a series and
//!   takes no part in bilateral combination.
//! - AASM: an LM in a respiratory window is removed before series building (IMIs measured across
//!   it) and not counted as an LM; PLMS-nr equals PLMS.
//! - WASM "nr": only respiratory CLMs are removed; a respiratory non-CLM still ends the series.
//! - Bilateral groups chain: a movement joins a group when it satisfies the rule with any member
//!   on the other leg.
//! - Gross movements end series under both standards and never combine bilaterally.
//! - Windows are closed (touching counts) for respiratory events; arousal association is strict
//!   (a gap of exactly 0.5 s is not associated), as rule 6 says.
//! - All times are compared with [`TIME_TOLERANCE_S`] (1 µs), so 13.3 − 3.3 counts as 10 s.
//! - Without a hypnogram all movements are "sleep unknown", counted with the sleep counts, and
//!   indices are per hour of recording ([`IndexBasis::Recording`]). With one, movements outside
//!   it have stage `unknown` and count in neither sleep nor wake.
//! - Recording span: [`ScoringContext::lights`], else [`ScoringContext::recording_s`] (from time
//!   0), else the hypnogram's epochs, else from 0 to the latest offset among the events and the
//!   invalid stretches.
//! - Lights: a movement is inside when lights off <= onset <= lights on (closed). Movements
//!   outside are listed with `excluded: outside_lights` and take no part in anything else: they
//!   are not counted, not associated and neither join nor end a series. The lights test applies
//!   to movements after bilateral combination (the onset of the earliest part).
//! - Invalid stretches ([`ScoringContext::invalid`]) at least `min_lm_duration_s` long end any
//!   open series (main and nr) at their onset, before a movement with the same onset; shorter
//!   ones only leave the denominators. Recording, sleep and wake time exclude invalid time.
//!   Movements are scored as given even when they overlap invalid time (the detector never
//!   reports one there).
//! - Respiratory events and arousals are given up front in the [`ScoringContext`], also for the
//!   online scorer.
//! - [`SeriesScope::SleepOnly`] builds series over sleep LMs only: an LM in wake, CLM or not, is
//!   absent (it neither joins nor ends a series); a gross movement ends series wherever it is.
//!
//! Where the independent scorers differ (audited case by case in `tests/score_conformance.rs`; the
//! rules win where they are explicit):
//! - Bilateral gap of exactly 0.5 s: two movements (rule 2, strict; PLMScoRe and SOMAS
//!   agree). MATPLM compares sample ranges and combines at a gap <= 0.5 s.
//! - WASM, the CLM after an IMI < 10 s may start a new series (rule 4; PLMScoRe agrees).
//!   MATPLM also puts a breakpoint after it and SOMAS refuses to start a run on it, so for them
//!   `[0] | 5, 25, 45, 65` is no series; for us it is one of 4.
//! - IMI of exactly 90 s is in a series (rule 4); SOMAS uses IMI < 90.
//! - Arousal gap of exactly 0.5 s: not associated (rule 6, "less than"); PLMScoRe and
//!   SOMAS test overlap with the closed window [onset − 0.5, offset + 0.5] and associate it.
//! - WASM "nr": only rCLMs are removed; a respiratory non-CLM still ends the nr series
//!   (rules 3 and 5: rCLMs are CLMs, a non-CLM ends any series). PLMScoRe and SOMAS drop
//!   every respiratory LM, non-CLMs included, before their nr pass.
//! - WASM, a monolateral LM > 10 s still combines bilaterally and makes the result a non-CLM
//!   (rule 3; PLMScoRe and SOMAS agree). MATPLM removes it before combination.
//! - AASM respiratory window: around the whole event, [onset − 0.5, offset + 0.5]
//!   (rule 5); PLMScoRe's AASM option looks only at ±0.5 s around the event's end.
//! - Periodicity index: Ferri 2006 as rule 7 defines it. PLMScoRe's and SOMAS' "PI" is
//!   the PLM/CLM ratio, a different quantity.
//! - IMIs (periodicity index, histograms, geometric mean): no IMI spans a series breaker (SOMAS
//!   likewise computes none across a non-CLM); IMIs of all candidates, sleep and wake (PLMScoRe
//!   histograms sleep IMIs only, SOMAS all); under AASM `drop` the IMI after a dropped LM is
//!   measured from the previous kept LM (rule 4), not from the dropped one. Geometric mean
//!   over 0 < IMI <= 90 s (PLMScoRe: every IMI; SOMAS: 10 <= IMI < 90 in sleep).
//! - Stage: epoch i is [30 i, 30 (i + 1)), so an onset at exactly 30 s is in the second epoch
//!   (PLMScoRe agrees; SOMAS' ceil puts it in the first). Movements outside the hypnogram are
//!   in neither sleep nor wake (PLMScoRe counts them with wake).
//!
//! ```
//! use plmkit::score::{score, Criteria, ScoringContext};
//! use plmkit::{Leg, LegMovement};
//!
//! // Five left-leg movements 20 s apart: one series of 5 under WASM 2016.
//! let events: Vec<LegMovement> = (0..5)
//!     .map(|i| LegMovement::new(Leg::Left, 100.0 + 20.0 * i as f64, 101.5 + 20.0 * i as f64))
//!     .collect();
//! let report = score(&Criteria::wasm2016(), &ScoringContext::default(), &events)?;
//! assert_eq!(report.summary.plm_count, 5);
//! assert_eq!(report.series.len(), 1);
//! # Ok::<(), plmkit::Error>(())
//! ```

mod agreement;
mod arousal;
mod bilateral;
mod candidate;
mod criteria;
mod hypnogram;
mod indices;
mod monolateral;
mod online;
mod quality;
mod report;
mod respiratory;
mod series;
mod warnings;

pub use agreement::{Agreement, AgreementCounts, agreement};
pub use candidate::MovementClass;
pub use criteria::{
    BilateralRule, Criteria, LongMovementRule, RespiratoryRule, SeriesScope, ShortImiPolicy,
    Standard, TIME_TOLERANCE_S,
};
pub use hypnogram::{Hypnogram, Stage};
pub use indices::periodicity_index;
pub use online::{Decision, OnlineScorer};
pub use report::{
    Exclusion, Histogram, IndexBasis, Report, ScoredMovement, Series, Side, Summary, Warning,
};

use crate::Result;
use crate::event::{Interval, LegMovement, MovementKind};

/// What the scorer may know besides the movements. Everything is optional.
#[derive(Debug, Clone, Default)]
pub struct ScoringContext {
    /// Sleep stages per epoch; without it indices are per hour of recording.
    pub hypnogram: Option<Hypnogram>,
    /// Apneas, hypopneas, RERAs.
    pub respiratory: Vec<Interval>,
    /// Arousals.
    pub arousals: Vec<Interval>,
    /// Recording span in seconds (lights off to lights on), from time 0. When `None`: the
    /// length of [`lights`](Self::lights), else the hypnogram's length, else the latest offset
    /// among events and invalid stretches. Must agree with `lights` when both are given.
    pub recording_s: Option<f64>,
    /// Lights off and lights on, in seconds. When given it is the recording span: movements with
    /// onset outside it are not scored (listed with [`Exclusion::OutsideLights`]), and sleep and
    /// wake time count only the parts of epochs inside it.
    pub lights: Option<Interval>,
    /// Stretches without valid data (gaps, sensor saturation, idle rows), e.g. from the detector.
    /// They may overlap and come in any order. Their time is removed from the recording, sleep
    /// and wake time (reported as `invalid_hours`); those at least `min_lm_duration_s` long also
    /// end any open series, since an LM could have hidden in them.
    pub invalid: Vec<Interval>,
}

/// The order the batch scorer feeds events in: by onset, then offset, then kind (a leg movement
/// before a gross movement with the same times), then leg. Leg comes last so that swapping the
/// legs of every event cannot change how ties between kinds are resolved. Push events into an
/// [`OnlineScorer`] in this order to get exactly the batch report.
pub fn event_order(a: &LegMovement, b: &LegMovement) -> std::cmp::Ordering {
    let kind = |m: &LegMovement| match m.kind {
        MovementKind::Leg => 0u8,
        MovementKind::Gross => 1,
    };
    a.onset_s
        .total_cmp(&b.onset_s)
        .then(a.offset_s.total_cmp(&b.offset_s))
        .then(kind(a).cmp(&kind(b)))
        .then(a.leg.cmp(&b.leg))
}

/// Scores a whole night: validates the events, sorts them with [`event_order`] (so the order
/// they are given in does not matter), then feeds them to an [`OnlineScorer`].
pub fn score(
    criteria: &Criteria,
    context: &ScoringContext,
    events: &[LegMovement],
) -> Result<Report> {
    for (i, e) in events.iter().enumerate() {
        e.interval().validate(format_args!("movement #{i}"))?;
    }
    let mut sorted = events.to_vec();
    sorted.sort_by(event_order);
    let mut scorer = OnlineScorer::new(criteria.clone(), context.clone())?;
    // Batch callers want the report, not the decisions: one buffer, drained as it fills.
    let mut decisions = Vec::new();
    for e in sorted {
        scorer.push(e, &mut decisions)?;
        decisions.clear();
    }
    Ok(scorer.finish(&mut decisions))
}
