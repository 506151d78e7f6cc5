//! The streaming scorer: events in onset order in, each series out as soon as it is decided.

use super::ScoringContext;
use super::arousal::has_arousal;
use super::bilateral::{BilateralCombiner, Combined, eligibility};
use super::candidate::{MovementClass, classify};
use super::criteria::{Criteria, SeriesScope, Standard, TIME_TOLERANCE_S};
use super::hypnogram::{Hypnogram, Stage};
use super::indices::{TimeBase, imi_distribution, periodicity_index, summarize};
use super::monolateral::SameLegJoiner;
use super::quality::{InvalidTime, SeriesBreaks};
use super::report::{Exclusion, Report, ScoredMovement, Series, Side};
use super::respiratory::{IntervalIndex, is_respiratory};
use super::series::SeriesBuilder;
use crate::event::{LegMovement, MovementKind};
use crate::{Error, Result};

/// Scores leg movements as they arrive.
///
/// Push events in non-decreasing onset order; each call returns the series (over all
/// candidates) that became decided, i.e. can no longer grow. A series is decided when a breaker,
/// a too-short or too-long IMI, or the passage of time (see [`advance_to`](Self::advance_to))
/// closes it; because same-leg joining and bilateral combination need a look-ahead (0.5 s after
/// a movement's offset; for AASM also 5 s after its onset), a decision may wait for the next
/// event or for `advance_to`. [`finish`](Self::finish) returns the complete report, identical to
/// [`super::score`] on the same events.
///
/// ```
/// use plmkit::score::{Criteria, OnlineScorer, ScoringContext};
/// use plmkit::{Leg, LegMovement};
///
/// let mut scorer = OnlineScorer::new(Criteria::wasm2016(), ScoringContext::default())?;
/// let mut decided = Vec::new();
/// for i in 0..4 {
///     let t = 20.0 * i as f64;
///     decided.extend(scorer.push(LegMovement::new(Leg::Left, t, t + 1.0))?);
/// }
/// // Nothing more can join once 90 s have passed after the last onset.
/// decided.extend(scorer.advance_to(200.0)?);
/// assert_eq!(decided.len(), 1);
/// assert_eq!(decided[0].count, 4);
/// let report = scorer.finish();
/// assert_eq!(report.summary.plm_count, 4);
/// # Ok::<(), plmkit::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct OnlineScorer {
    criteria: Criteria,
    hypnogram: Option<Hypnogram>,
    recording_s: Option<f64>,
    /// Lights off and on, when given.
    lights: Option<(f64, f64)>,
    invalid: InvalidTime,
    /// Invalid stretches that end series, not yet applied.
    breaks: SeriesBreaks,
    respiratory: IntervalIndex,
    arousals: IntervalIndex,
    joiner: SameLegJoiner,
    combiner: BilateralCombiner,
    main: SeriesBuilder,
    nr: SeriesBuilder,
    movements: Vec<ScoredMovement>,
    series: Vec<Series>,
    series_nr: Vec<Series>,
    last_onset: f64,
    last_offset: f64,
    /// Series decided since the last call, handed back by `push` / `advance_to`.
    decided: Vec<Series>,
    /// Reused buffers for movements released by the joiner and the combiner (no allocation
    /// per event).
    ready_mono: Vec<LegMovement>,
    ready: Vec<Combined>,
}

impl OnlineScorer {
    /// A scorer for `criteria` (validated here) with the given context. Errors on a recording
    /// span or lights window that is not finite and positive, on both given with different
    /// lengths, and on an invalid stretch that is not finite with offset >= onset.
    pub fn new(criteria: Criteria, context: ScoringContext) -> Result<Self> {
        criteria.validate()?;
        if let Some(r) = context.recording_s {
            if !(r.is_finite() && r > 0.0) {
                return Err(Error::InvalidConfig(format!(
                    "recording span {r} s must be finite and > 0"
                )));
            }
        }
        let lights = context.lights.map(|l| (l.onset_s, l.offset_s));
        if let Some((off, on)) = lights {
            if !(off.is_finite() && on.is_finite() && on > off) {
                return Err(Error::InvalidConfig(format!(
                    "lights off {off} s / on {on} s must be finite with lights on after lights off"
                )));
            }
            if let Some(r) = context.recording_s {
                if ((on - off) - r).abs() > TIME_TOLERANCE_S {
                    return Err(Error::InvalidConfig(format!(
                        "recording span {r} s disagrees with lights off {off} s to on {on} s"
                    )));
                }
            }
        }
        let invalid = InvalidTime::new(&context.invalid)?;
        Ok(OnlineScorer {
            breaks: SeriesBreaks::new(&invalid, criteria.min_lm_duration_s),
            invalid,
            lights,
            respiratory: IntervalIndex::new(&context.respiratory, "respiratory event")?,
            arousals: IntervalIndex::new(&context.arousals, "arousal")?,
            joiner: SameLegJoiner::new(criteria.same_leg_join_gap_s),
            combiner: BilateralCombiner::new(criteria.bilateral),
            main: SeriesBuilder::new(&criteria),
            nr: SeriesBuilder::new(&criteria),
            hypnogram: context.hypnogram,
            recording_s: context.recording_s,
            criteria,
            movements: Vec::new(),
            series: Vec::new(),
            series_nr: Vec::new(),
            last_onset: f64::NEG_INFINITY,
            last_offset: 0.0,
            decided: Vec::new(),
            ready_mono: Vec::with_capacity(16),
            ready: Vec::with_capacity(16),
        })
    }

    /// The criteria in use.
    pub fn criteria(&self) -> &Criteria {
        &self.criteria
    }

    /// Adds one event. Errors on a non-finite time, offset before onset, or an onset earlier
    /// than the previous event's. Returns the series decided by it.
    pub fn push(&mut self, event: LegMovement) -> Result<Vec<Series>> {
        let (a, b) = (event.onset_s, event.offset_s);
        if !(a.is_finite() && b.is_finite()) || b < a {
            return Err(Error::InvalidInput(format!(
                "movement [{a}, {b}] s: times must be finite with offset >= onset"
            )));
        }
        if a < self.last_onset {
            return Err(Error::InvalidInput(format!(
                "movement onset {a} s comes before the previous onset {} s: push in onset order",
                self.last_onset
            )));
        }
        self.last_onset = a;
        self.last_offset = self.last_offset.max(b);
        self.release(a);
        self.joiner.add(event);
        Ok(std::mem::take(&mut self.decided))
    }

    /// Declares that no event with onset before `t` will come (e.g. the clock of a live device):
    /// releases movements and closes series that can no longer grow. Errors if `t` is earlier
    /// than an onset already pushed or not finite.
    pub fn advance_to(&mut self, t: f64) -> Result<Vec<Series>> {
        if !t.is_finite() || t < self.last_onset {
            return Err(Error::InvalidInput(format!(
                "advance_to({t}) is before the last onset {} s",
                self.last_onset
            )));
        }
        self.last_onset = t;
        self.release(t);
        Ok(std::mem::take(&mut self.decided))
    }

    /// Moves everything that no event with onset >= `t` can change down the pipeline: joined
    /// monolateral movements into the bilateral combiner, combined movements into scoring, and
    /// closes series that nothing still pending can extend.
    fn release(&mut self, t: f64) {
        let mut monos = std::mem::take(&mut self.ready_mono);
        self.joiner.release(t, &mut monos);
        for m in monos.drain(..) {
            self.combine(m.onset_s, Some(m));
        }
        self.ready_mono = monos;
        let t = self.joiner.earliest_pending_onset().map_or(t, |o| o.min(t));
        self.combine(t, None);
        let horizon = self
            .combiner
            .earliest_pending_onset()
            .map_or(t, |o| o.min(t));
        // Every movement still to be scored has onset >= horizon, so stretches starting by
        // then come before all of them.
        while self.breaks.pop_until(horizon) {
            self.break_series();
        }
        let (movements, series, decided) =
            (&mut self.movements, &mut self.series, &mut self.decided);
        self.main
            .advance(horizon, |run| close_main(run, movements, series, decided));
        let (movements, series_nr) = (&mut self.movements, &mut self.series_nr);
        self.nr
            .advance(horizon, |run| close_nr(run, movements, series_nr));
    }

    /// Releases and scores what the combiner holds that nothing with onset >= `t` can change,
    /// then adds `mono` (whose onset is `t`) to it.
    fn combine(&mut self, t: f64, mono: Option<LegMovement>) {
        let mut ready = std::mem::take(&mut self.ready);
        self.combiner.release(t, |c| ready.push(c));
        for c in ready.drain(..) {
            self.process(c);
        }
        self.ready = ready;
        if let Some(m) = mono {
            let elig = eligibility(&m, &self.criteria);
            self.combiner.add(&m, elig);
        }
    }

    /// Ends the open runs of both series builders (a breaking invalid stretch).
    fn break_series(&mut self) {
        let (movements, series, decided) =
            (&mut self.movements, &mut self.series, &mut self.decided);
        self.main
            .breaker(|run| close_main(run, movements, series, decided));
        let series_nr = &mut self.series_nr;
        self.nr.breaker(|run| close_nr(run, movements, series_nr));
    }

    /// True when lights were given and `onset` lies outside them.
    fn outside_lights(&self, onset: f64) -> bool {
        self.lights.is_some_and(|(off, on)| {
            onset < off - TIME_TOLERANCE_S || onset > on + TIME_TOLERANCE_S
        })
    }

    /// Scores one combined movement.
    fn process(&mut self, c: Combined) {
        while self.breaks.pop_until(c.onset_s) {
            self.break_series();
        }
        let class = classify(&c, &self.criteria);
        let stage = self
            .hypnogram
            .as_ref()
            .map_or(Stage::Unknown, |h| h.stage_at(c.onset_s));
        if self.outside_lights(c.onset_s) {
            self.movements.push(ScoredMovement {
                candidate: false,
                respiratory: false,
                arousal: false,
                excluded: Some(Exclusion::OutsideLights),
                ..scored(&c, class, stage)
            });
            return;
        }
        let lm_like = class.is_lm();
        let respiratory = lm_like
            && is_respiratory(
                &self.respiratory,
                self.criteria.respiratory,
                c.onset_s,
                c.offset_s,
            );
        let arousal = lm_like
            && has_arousal(
                &self.arousals,
                self.criteria.arousal_max_gap_s,
                c.onset_s,
                c.offset_s,
            );
        let aasm = self.criteria.standard == Standard::Aasm2012;
        let idx = self.movements.len();
        let mut m = ScoredMovement {
            candidate: class == MovementClass::Candidate && !(aasm && respiratory),
            respiratory,
            arousal,
            ..scored(&c, class, stage)
        };
        let in_scope = match self.criteria.series_scope {
            SeriesScope::AllMovements => true,
            SeriesScope::SleepOnly => self.hypnogram.is_none() || stage.is_sleep(),
        };
        if class == MovementClass::Candidate {
            if aasm && respiratory {
                m.excluded = Some(Exclusion::Respiratory);
            } else if !in_scope {
                m.excluded = Some(Exclusion::OutOfScope);
            }
        } else if class == MovementClass::NonCandidate && !in_scope {
            // Series over sleep LMs only: a wake non-CLM is not one of them, so it is as absent
            // as a wake CLM and does not end a series (a gross movement still does).
            m.excluded = Some(Exclusion::OutOfScope);
        }
        self.movements.push(m);

        let (movements, series, decided) =
            (&mut self.movements, &mut self.series, &mut self.decided);
        if class.ends_series() && movements[idx].excluded.is_none() {
            self.main
                .breaker(|run| close_main(run, movements, series, decided));
            let series_nr = &mut self.series_nr;
            self.nr.breaker(|run| close_nr(run, movements, series_nr));
        } else if class == MovementClass::Candidate && movements[idx].excluded.is_none() {
            let step = self.main.candidate(idx, c.onset_s, |run| {
                close_main(run, movements, series, decided)
            });
            movements[idx].imi_s = step.imi_s;
            if !step.kept {
                movements[idx].excluded = Some(Exclusion::ShortImi);
            }
            if !respiratory {
                let series_nr = &mut self.series_nr;
                self.nr
                    .candidate(idx, c.onset_s, |run| close_nr(run, movements, series_nr));
            }
        }
    }

    /// Ends the input and returns the report.
    pub fn finish(mut self) -> Report {
        let mut monos = Vec::new();
        self.joiner.finish(&mut monos);
        for m in monos {
            self.combine(m.onset_s, Some(m));
        }
        let mut ready: Vec<Combined> = Vec::new();
        self.combiner.finish(|c| ready.push(c));
        for c in ready {
            self.process(c);
        }
        let (movements, series, decided) =
            (&mut self.movements, &mut self.series, &mut self.decided);
        self.main
            .finish(|run| close_main(run, movements, series, decided));
        let series_nr = &mut self.series_nr;
        self.nr.finish(|run| close_nr(run, movements, series_nr));

        // IMIs of the candidates that took part in series building, None where a run restarts.
        let took_part = |m: &&ScoredMovement| {
            m.class == MovementClass::Candidate
                && matches!(m.excluded, None | Some(Exclusion::ShortImi))
        };
        let periodicity =
            periodicity_index(self.movements.iter().filter(took_part).map(|m| m.imi_s));
        let imis: Vec<f64> = self.movements.iter().filter_map(|m| m.imi_s).collect();
        let (imi_histogram, ln_imi_histogram, geometric_mean_imi_s) = imi_distribution(&imis);
        // The recording span as (start, length): lights, else the given length from 0, else
        // the hypnogram's epochs, else from 0 to the last thing known to have happened.
        let (start_s, length_s) = match (self.lights, self.recording_s, &self.hypnogram) {
            (Some((off, on)), _, _) => (off, on - off),
            (None, Some(r), _) => (0.0, r),
            (None, None, Some(h)) => (h.start_s(), h.duration_s()),
            (None, None, None) => (
                0.0,
                self.invalid
                    .last_offset()
                    .map_or(self.last_offset, |o| o.max(self.last_offset)),
            ),
        };
        let time = TimeBase::new(
            start_s,
            length_s,
            self.lights,
            self.hypnogram.as_ref(),
            &self.invalid,
        );
        let (summary, index_basis) =
            summarize(&self.movements, self.hypnogram.as_ref(), time, periodicity);
        Report {
            schema_version: 1,
            standard: self.criteria.standard,
            index_basis,
            options: self.criteria,
            summary,
            movements: self.movements,
            series: self.series,
            series_nr: self.series_nr,
            imi_histogram,
            ln_imi_histogram,
            geometric_mean_imi_s,
        }
    }
}

/// A scored movement with the fields that follow from `c` alone; every flag false.
fn scored(c: &Combined, class: MovementClass, stage: Stage) -> ScoredMovement {
    ScoredMovement {
        onset_s: c.onset_s,
        offset_s: c.offset_s,
        leg: Side::from_legs(c.legs),
        kind: if class == MovementClass::Gross {
            MovementKind::Gross
        } else {
            MovementKind::Leg
        },
        parts: c.parts,
        class,
        candidate: false,
        periodic: false,
        periodic_nr: false,
        series_id: None,
        respiratory: false,
        arousal: false,
        stage,
        imi_s: None,
        excluded: None,
        peak: c.peak,
        area: c.area,
    }
}

fn make_series(id: usize, run: &[usize], movements: &[ScoredMovement]) -> Series {
    Series {
        id,
        start_s: movements[run[0]].onset_s,
        end_s: run
            .iter()
            .map(|&i| movements[i].offset_s)
            .fold(f64::NEG_INFINITY, f64::max),
        count: run.len(),
    }
}

fn close_main(
    run: &[usize],
    movements: &mut [ScoredMovement],
    series: &mut Vec<Series>,
    decided: &mut Vec<Series>,
) {
    let s = make_series(series.len(), run, movements);
    for &i in run {
        movements[i].periodic = true;
        movements[i].series_id = Some(s.id);
    }
    series.push(s);
    decided.push(s);
}

fn close_nr(run: &[usize], movements: &mut [ScoredMovement], series_nr: &mut Vec<Series>) {
    let s = make_series(series_nr.len(), run, movements);
    for &i in run {
        movements[i].periodic_nr = true;
    }
    series_nr.push(s);
}
