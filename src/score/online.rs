//! The streaming scorer: events in onset order in, each decision out as soon as it is made.

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
use super::series::{RunUpdate, SeriesBuilder};
use super::warnings::hypnogram_coverage;
use crate::event::{Interval, LegMovement, MovementKind};
use crate::{Error, Result};

/// What the online scorer has decided, as soon as the rules decide it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Decision {
    /// A movement after same-leg joining and bilateral combination, classified (LM, candidate,
    /// respiratory, arousal, stage, IMI, exclusion all final). `index` is its place in
    /// [`Report::movements`]. Its `periodic` / `periodic_nr` flags are final when true; when
    /// false and the movement takes part in series building, a [`Decision::Periodic`] follows.
    Scored {
        /// Index in the report's movement list.
        index: usize,
        /// The movement as scored so far.
        movement: ScoredMovement,
    },
    /// The periodic status of a candidate, final, when it was not yet known at its `Scored`
    /// decision: it became part of a PLM series (`series_id`) or its run ended too short (None).
    Periodic {
        /// Index in the report's movement list.
        index: usize,
        /// True for the "nr" scoring (respiratory CLMs removed, WASM 2016).
        nr: bool,
        /// The series it belongs to, if any.
        series_id: Option<usize>,
    },
    /// A PLM series that can no longer grow.
    Series {
        /// True for the "nr" scoring.
        nr: bool,
        /// The series.
        series: Series,
    },
}

/// Scores leg movements as they arrive.
///
/// Push events in non-decreasing onset order ([`super::event_order`] for ties, to equal the
/// batch [`super::score`] exactly); each call appends to `out` the [`Decision`]s it made
/// possible. Invalid stretches may stream in too ([`add_invalid`](Self::add_invalid)), and the
/// recording span may grow as data arrive ([`set_data_span`](Self::set_data_span)). A series
/// is decided when a breaker, a too-short or too-long IMI, or the passage of time (see
/// [`advance_to`](Self::advance_to)) closes it; because same-leg joining and bilateral
/// combination need a look-ahead (0.5 s after a movement's offset; for AASM also 5 s after its
/// onset), a decision may wait for the next event or for `advance_to`. [`finish`](Self::finish)
/// returns the complete report, identical to [`super::score`] on the same input.
///
/// Memory: the report's movement and series lists (they grow with movements, not samples), the
/// invalid stretches, and the few movements an open decision still needs.
///
/// ```
/// use plmkit::score::{Criteria, Decision, OnlineScorer, ScoringContext};
/// use plmkit::{Leg, LegMovement};
///
/// let mut scorer = OnlineScorer::new(Criteria::wasm2016(), ScoringContext::default())?;
/// let mut decided = Vec::new();
/// for i in 0..4 {
///     let t = 20.0 * i as f64;
///     scorer.push(LegMovement::new(Leg::Left, t, t + 1.0), &mut decided)?;
/// }
/// // Nothing more can join once 90 s have passed after the last onset.
/// scorer.advance_to(200.0, &mut decided)?;
/// let series: Vec<_> = decided
///     .iter()
///     .filter_map(|d| match d {
///         Decision::Series { nr: false, series } => Some(*series),
///         _ => None,
///     })
///     .collect();
/// assert_eq!(series.len(), 1);
/// assert_eq!(series[0].count, 4);
/// let report = scorer.finish(&mut decided);
/// assert_eq!(report.summary.plm_count, 4);
/// # Ok::<(), plmkit::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct OnlineScorer {
    criteria: Criteria,
    hypnogram: Option<Hypnogram>,
    recording_s: Option<f64>,
    /// Lights off and on, when given (or the data span, see `set_data_span`).
    lights: Option<(f64, f64)>,
    /// Whether `lights` is the span of the data rather than the user's lights window.
    lights_from_data: bool,
    invalid: InvalidTime,
    /// Walks the invalid stretches that end series.
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
    /// Latest onset pushed or time advanced to: the order check.
    last_onset: f64,
    /// Latest onset of a movement pushed (the data span must hold it).
    last_pushed_onset: f64,
    last_offset: f64,
    /// Decisions made since the last call, handed out by `push` / `advance_to`.
    decided: Vec<Decision>,
    /// Reused buffers for movements released by the joiner and the combiner (no allocation
    /// per event).
    ready_mono: Vec<LegMovement>,
    ready: Vec<Combined>,
}

/// Shortest recording span, lights window or data span the scorer accepts: its time
/// resolution. Per-hour indices divide by the span, so a shorter (say subnormal) one would give
/// an infinite index; no leg movement fits in it anyway.
const MIN_SPAN_S: f64 = TIME_TOLERANCE_S;

/// A span length the indices can divide by.
fn usable_span(length_s: f64) -> bool {
    length_s.is_finite() && length_s >= MIN_SPAN_S
}

impl OnlineScorer {
    /// A scorer for `criteria` (validated here) with the given context. Errors on a recording
    /// span or lights window that is not finite and positive, on both given with different
    /// lengths, and on an invalid stretch that is not finite with offset >= onset.
    pub fn new(criteria: Criteria, context: ScoringContext) -> Result<Self> {
        criteria.validate()?;
        if let Some(r) = context.recording_s {
            if !usable_span(r) {
                return Err(Error::InvalidConfig(format!(
                    "recording span {r} s must be finite and at least {MIN_SPAN_S} s"
                )));
            }
        }
        let lights = context.lights.map(|l| (l.onset_s, l.offset_s));
        if let Some((off, on)) = lights {
            if !(off.is_finite() && on.is_finite() && usable_span(on - off)) {
                return Err(Error::InvalidConfig(format!(
                    "lights off {off} s / on {on} s must be finite with lights on at least \
                     {MIN_SPAN_S} s after lights off"
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
        if let Some(h) = &context.hypnogram {
            let end = h.start_s() + h.duration_s();
            if !(end.is_finite() && h.duration_s().is_finite()) {
                return Err(Error::InvalidConfig(format!(
                    "hypnogram of {} epochs of {} s from {} s does not end at a finite time",
                    h.stages().len(),
                    h.epoch_s(),
                    h.start_s()
                )));
            }
        }
        let invalid = InvalidTime::new(&context.invalid)?;
        Ok(OnlineScorer {
            breaks: SeriesBreaks::new(criteria.min_lm_duration_s),
            invalid,
            lights,
            lights_from_data: false,
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
            last_pushed_onset: f64::NEG_INFINITY,
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

    /// Adds one event and appends the decisions it made possible to `out`. Errors on a
    /// non-finite time, offset before onset, or an onset earlier than the previous event's.
    pub fn push(&mut self, event: LegMovement, out: &mut Vec<Decision>) -> Result<()> {
        let (a, b) = (event.onset_s, event.offset_s);
        event.interval().validate("movement")?;
        if a < self.last_onset {
            return Err(Error::InvalidInput(format!(
                "movement onset {a} s comes before the previous onset {} s: push in onset order",
                self.last_onset
            )));
        }
        self.last_onset = a;
        self.last_pushed_onset = a;
        self.last_offset = self.last_offset.max(b);
        self.release(a);
        self.joiner.add(event);
        out.append(&mut self.decided);
        Ok(())
    }

    /// Adds a stretch without valid data as it becomes known (see
    /// [`ScoringContext::invalid`]). Stretches come in onset order, and before any movement
    /// with a later onset is pushed; a stretch may overlap or touch the previous one (they
    /// merge). Errors on a stretch that is not finite with offset >= onset, or out of order.
    pub fn add_invalid(&mut self, stretch: Interval) -> Result<()> {
        if stretch.onset_s < self.last_onset {
            return Err(Error::InvalidInput(format!(
                "invalid stretch at {} s comes after a movement with onset {} s: add it first",
                stretch.onset_s, self.last_onset
            )));
        }
        self.invalid.push(stretch)
    }

    /// The span the data cover, `[start_s, end_s]`, for a context that gave neither lights nor
    /// a recording length: it then acts as the lights window (movements with onset outside it
    /// are not scored, and it is the recording time). Call it as the span becomes known and
    /// again as it grows; `end_s` may be `f64::INFINITY` while the end is unknown (an end still
    /// unknown at [`finish`](Self::finish) is the latest offset pushed). Errors when the context set lights or a
    /// recording length, on a start after an onset already pushed, or an end before one.
    pub fn set_data_span(&mut self, start_s: f64, end_s: f64) -> Result<()> {
        if self.recording_s.is_some() || (self.lights.is_some() && !self.lights_from_data) {
            return Err(Error::InvalidConfig(
                "the data span applies only when neither lights nor a recording length is given"
                    .into(),
            ));
        }
        let last = self.last_pushed_onset;
        let pushed = last > f64::NEG_INFINITY;
        if !start_s.is_finite()
            || end_s.is_nan()
            || !(end_s == f64::INFINITY || usable_span(end_s - start_s))
            || (pushed && (start_s > last || end_s < last))
        {
            return Err(Error::InvalidInput(format!(
                "data span [{start_s}, {end_s}] s must be finite (the end may be +inf until \
                 known), at least {MIN_SPAN_S} s long and hold every onset pushed (last {last} s)"
            )));
        }
        self.lights = Some((start_s, end_s));
        self.lights_from_data = true;
        Ok(())
    }

    /// Declares that no event with onset before `t` will come (e.g. the clock of a live device):
    /// releases movements and closes series that can no longer grow, appending the decisions to
    /// `out`. Errors if `t` is earlier than an onset already pushed or not finite.
    pub fn advance_to(&mut self, t: f64, out: &mut Vec<Decision>) -> Result<()> {
        if !t.is_finite() {
            // `finish` is the end of the night; an infinite "now" would close every series
            // and leave the scorer unable to take the rest of the night.
            return Err(Error::InvalidInput(format!(
                "advance_to({t}): the time must be finite (call finish at the end)"
            )));
        }
        if t < self.last_onset {
            return Err(Error::InvalidInput(format!(
                "advance_to({t}) is before the last onset {} s",
                self.last_onset
            )));
        }
        self.last_onset = t;
        self.release(t);
        out.append(&mut self.decided);
        Ok(())
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
        while self.breaks.pop_until(&self.invalid, horizon) {
            self.break_series();
        }
        let (m, s, d) = (&mut self.movements, &mut self.series, &mut self.decided);
        self.main
            .advance(horizon, |u| on_run(u, false, NONE, m, s, d));
        let s = &mut self.series_nr;
        self.nr.advance(horizon, |u| on_run(u, true, NONE, m, s, d));
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
        let (m, s, d) = (&mut self.movements, &mut self.series, &mut self.decided);
        self.main.breaker(|u| on_run(u, false, NONE, m, s, d));
        let s = &mut self.series_nr;
        self.nr.breaker(|u| on_run(u, true, NONE, m, s, d));
    }

    /// True when lights were given and `onset` lies outside them.
    fn outside_lights(&self, onset: f64) -> bool {
        self.lights.is_some_and(|(off, on)| {
            onset < off - TIME_TOLERANCE_S || onset > on + TIME_TOLERANCE_S
        })
    }

    /// Scores one combined movement.
    fn process(&mut self, c: Combined) {
        while self.breaks.pop_until(&self.invalid, c.onset_s) {
            self.break_series();
        }
        let class = classify(&c, &self.criteria);
        let stage = self
            .hypnogram
            .as_ref()
            .map_or(Stage::Unknown, |h| h.stage_at(c.onset_s));
        if self.outside_lights(c.onset_s) {
            let movement = ScoredMovement {
                candidate: false,
                respiratory: false,
                arousal: false,
                excluded: Some(Exclusion::OutsideLights),
                ..scored(&c, class, stage)
            };
            self.decided.push(Decision::Scored {
                index: self.movements.len(),
                movement,
            });
            self.movements.push(movement);
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

        let (m, s, d) = (&mut self.movements, &mut self.series, &mut self.decided);
        if class.ends_series() && m[idx].excluded.is_none() {
            self.main.breaker(|u| on_run(u, false, idx, m, s, d));
            let s = &mut self.series_nr;
            self.nr.breaker(|u| on_run(u, true, idx, m, s, d));
        } else if class == MovementClass::Candidate && m[idx].excluded.is_none() {
            let step = self
                .main
                .candidate(idx, c.onset_s, |u| on_run(u, false, idx, m, s, d));
            m[idx].imi_s = step.imi_s;
            if !step.kept {
                m[idx].excluded = Some(Exclusion::ShortImi);
            }
            if !respiratory {
                let s = &mut self.series_nr;
                self.nr
                    .candidate(idx, c.onset_s, |u| on_run(u, true, idx, m, s, d));
            }
        }
        d.push(Decision::Scored {
            index: idx,
            movement: m[idx],
        });
    }

    /// Ends the input, appends the last decisions to `out` and returns the report.
    ///
    /// A data span set with `f64::INFINITY` as its end ([`set_data_span`](Self::set_data_span))
    /// counts up to the latest offset known.
    pub fn finish(mut self, out: &mut Vec<Decision>) -> Report {
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
        let (m, s, d) = (&mut self.movements, &mut self.series, &mut self.decided);
        self.main.finish(|u| on_run(u, false, NONE, m, s, d));
        let s = &mut self.series_nr;
        self.nr.finish(|u| on_run(u, true, NONE, m, s, d));
        out.append(&mut self.decided);
        if let Some((off, on)) = &mut self.lights
            && on.is_infinite()
        {
            *on = self.last_offset.max(*off);
        }

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
        // A span taken from the hypnogram itself cannot disagree with it.
        let span_from_hypnogram = self.lights.is_none() && self.recording_s.is_none();
        let warnings = match &self.hypnogram {
            Some(h) if !span_from_hypnogram => hypnogram_coverage(h, start_s, start_s + length_s),
            _ => Vec::new(),
        };
        Report {
            schema_version: 1,
            index_basis,
            criteria: self.criteria,
            summary,
            movements: self.movements,
            series: self.series,
            series_nr: self.series_nr,
            imi_histogram,
            ln_imi_histogram,
            geometric_mean_imi_s,
            warnings,
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

/// No movement is being scored (`on_run`'s `current`).
const NONE: usize = usize::MAX;

/// Applies a series builder's update to the movements and series (main or nr scoring) and
/// records the decisions. The movement being scored (`current`) is announced by its own
/// `Scored` decision, which carries its periodic flags.
fn on_run(
    update: RunUpdate<'_>,
    nr: bool,
    current: usize,
    movements: &mut [ScoredMovement],
    series: &mut Vec<Series>,
    decided: &mut Vec<Decision>,
) {
    match update {
        RunUpdate::Periodic(members) => {
            // Runs close in order, so the open run is the next series to be listed.
            let id = series.len();
            for &i in members {
                let m = &mut movements[i];
                if nr {
                    m.periodic_nr = true;
                } else {
                    m.periodic = true;
                    m.series_id = Some(id);
                }
                if i != current {
                    decided.push(Decision::Periodic {
                        index: i,
                        nr,
                        series_id: Some(id),
                    });
                }
            }
        }
        RunUpdate::Closed {
            members,
            series: true,
        } => {
            let s = make_series(series.len(), members, movements);
            series.push(s);
            decided.push(Decision::Series { nr, series: s });
        }
        RunUpdate::Closed {
            members,
            series: false,
        } => {
            for &i in members.iter().filter(|&&i| i != current) {
                decided.push(Decision::Periodic {
                    index: i,
                    nr,
                    series_id: None,
                });
            }
        }
    }
}
