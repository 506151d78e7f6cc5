//! The night from traces to report, streaming: the library's front door.
//!
//! A [`Pipeline`] owns, per leg, a [`LegFrontEnd`]: for an ankle accelerometer a
//! [`TraceDetector`] (rows → [`crate::timeline::Timeline`] → [`crate::detect::LegDetector`]),
//! for a polysomnogram's leg EMG a [`crate::detect::emg::EmgLegStream`] ([`score_edf`] reads
//! an EDF record by record into it). It puts the legs on one clock (each leg's `offset_s`),
//! merges their detections by watermark, and feeds the [`OnlineScorer`] the movements, the
//! missing and saturated stretches, and the span the legs cover, as each becomes known. It
//! emits every detection when it is final and every scoring [`Decision`] when the rules take
//! it, and [`Pipeline::finish`] returns the [`NightReport`]: the same report whatever the
//! block sizes, and the one `plm_score` writes.
//!
//! Batch entry points are loops over it: [`score_rows`] (rows in memory) and, with the `io`
//! feature, [`score_files`] (trace files read block by block, in lockstep, parsed on their
//! own threads) and [`score_edf`] (an EDF / EDF+ / BDF's leg EMG, record by record).
//!
//! # Night by night
//! The first leg's rows also feed the rest and non-wear detector ([`crate::detect::rest`]);
//! each night window (a detected rest period, a diary's in-bed window, the lights, or the data
//! span of a single-night recording) is scored by its own scorer as soon as it closes, with
//! non-wear as invalid time, and [`NightReport::nights`] lists them. A recording of 20 h or more
//! reports the nights pooled in its summary, never the daytime; see [`NightsConfig`] for the
//! rules.
//!
//! # Streaming shape
//! Every stage has the shape of [`crate::stage::Stage`]: built once from validated settings,
//! then `push(input, &mut out)` appends to the caller's buffer whatever the input made final,
//! and `finish(&mut out)` flushes the rest; batch helpers are loops over `push`. The pipeline
//! is that shape too, with the leg as an extra argument.
//!
//! # Latency
//! - A leg movement is emitted by its detector once its activity has drained below the offset
//!   threshold (the 0.2-s timing window) and stayed there `quiet_s` (the EMG-style offset
//!   rule), plus the posture test's wait of 0.5 s + `gravity_window_s` (whole 0.25-s blocks):
//!   [`Pipeline::lm_latency_bound_s`], 2.6 s with the defaults. Measured on a simulated hard
//!   night at 50 Hz streamed in 0.5-s blocks (`tests/pipeline_stream.rs`): median 1.9 s, max
//!   2.3 s after the detected offset; series median 1.9 s, max 2.1 s after the deciding event.
//! - A scoring decision waits for the slower leg: an event is merged once both legs'
//!   watermarks have passed its onset (a leg's watermark trails its data by one envelope
//!   window while quiet, and stays at the onset of a movement in progress), then for the
//!   scorer's own look-ahead (same-leg joining and WASM bilateral combination need 0.5 s after
//!   the offset; AASM combination 5 s after the onset). A series is decided by the event that
//!   ends it, or once 90 s of data have passed its last candidate.
//! - With two legs, the right leg's detections wait for the left leg only when it lags the
//!   right by more than [`clock::PAIR_DELAY_S`] (60 s): a right detection is mapped onto the
//!   left clock once the right movements a minute before it have been paired (see below).
//! - Across a gap in the data the clock is the data's own: when rows resume, the stretch is
//!   known and ends open series, and decisions that only waited for time are taken. A live
//!   source whose leg has gone silent says so with [`Pipeline::advance_leg_to`]: the silence
//!   becomes missing data at once, and the other leg's decisions no longer wait for it.
//!
//! # Two clocks
//! Each leg's `offset_s` aligns the clocks once; two devices then drift apart by 10–100 ppm.
//! With two legs, [`clock`] fits the right clock against the left from the events both ankles
//! see (posture changes, bilateral leg movements) and, once the correction is significant,
//! moves the right leg's detections (events, record and span) onto the left clock before the
//! merge; [`NightReport::clock`] says what it found and whether it applied it. Until then the
//! right leg's times are untouched, bit for bit.
//!
//! # Example
//! ```
//! use plmkit::pipeline::{Pipeline, PipelineConfig, PipelineEvent, score_rows};
//! use plmkit::score::Decision;
//! use plmkit::simulate::{SimConfig, SimNight};
//! use plmkit::Leg;
//!
//! // Twenty simulated minutes of two ankles at 25 Hz (real traces: `plmkit::io::trace`).
//! let night = SimNight::new(&SimConfig { duration_s: 1200.0, ..SimConfig::default() })?;
//! let (left, right) = (night.rows(Leg::Left), night.rows(Leg::Right));
//! let config = PipelineConfig::default(); // WASM 2016
//!
//! // Streaming: push blocks as they arrive, act on events as they are decided.
//! let mut pipeline = Pipeline::new(&config, &[(Leg::Left, 0.0), (Leg::Right, 0.0)])?;
//! let mut events = Vec::new();
//! let mut series = 0;
//! for (l, r) in left.view().chunks(250).zip(right.view().chunks(250)) {
//!     pipeline.push(Leg::Left, l, &mut events)?;
//!     pipeline.push(Leg::Right, r, &mut events)?;
//!     for e in events.drain(..) {
//!         if let PipelineEvent::Decided(Decision::Series { nr: false, .. }) = e {
//!             series += 1;
//!         }
//!     }
//! }
//! let streamed = pipeline.finish(&mut events)?;
//!
//! // Batch: the same pipeline in one call, the same report.
//! let batch = score_rows(&config, &[(Leg::Left, left.view(), 0.0), (Leg::Right, right.view(), 0.0)])?;
//! assert_eq!(streamed, batch);
//! assert!(series <= batch.report.series.len());
//! println!("PLMS index {:?} /h of recording", batch.report.summary.plms_index);
//! # Ok::<(), plmkit::Error>(())
//! ```

pub mod clock;
#[cfg(feature = "io")]
mod diary;
#[cfg(feature = "io")]
mod files;
mod front_end;
#[cfg(feature = "io")]
mod input_checks;
#[cfg(feature = "io")]
mod json;
mod merge;
mod nights;
#[cfg(feature = "io")]
mod psg;
#[cfg(feature = "io")]
mod psg_night;

#[cfg(feature = "io")]
pub use diary::{clock_time_unix_s, lights_s, parse_diary, read_diary, time_option_s};
#[cfg(feature = "io")]
pub use files::{
    FileReport, InputTrace, TraceFile, clock_offsets, clock_origin_unix_s, score_files,
};
pub use front_end::LegFrontEnd;
pub use nights::{MultiNight, NightSource, NightsConfig, ScoredNight, pooled_summary};
#[cfg(feature = "io")]
pub use psg::{PsgConfig, PsgReport, open_psg, score_edf};
#[cfg(feature = "io")]
pub use psg_night::{PsgNight, PsgOptions, ScoredComparison, UsedAnnotations, score_psg_file};

use crate::detect::{Detection, DetectorConfig, NightDetection, TraceDetector};
use crate::event::Leg;
use crate::samples::TriaxialView;
use crate::score::{Criteria, Decision, OnlineScorer, Report, ScoringContext};
use crate::timeline::TimelineConfig;
use crate::{Error, Result};
use clock::{ClockCorrection, ClockDrift};
use merge::{EventMerge, ScorerInput};
use nights::NightScoring;

/// How the error for legs without common time begins (the file pipeline names the files).
pub(crate) const NO_OVERLAP: &str = "the legs do not overlap in time";

/// Everything a [`Pipeline`] needs to know, validated once by [`Pipeline::new`].
#[derive(Debug, Clone, Default)]
pub struct PipelineConfig {
    /// Leg-movement detector settings (shared by both legs).
    pub detector: DetectorConfig,
    /// Rate estimation, gaps and resampling.
    pub timeline: TimelineConfig,
    /// Scoring criteria (default WASM 2016).
    pub criteria: Criteria,
    /// Hypnogram, respiratory events, arousals, lights or recording length. Its `invalid`
    /// stretches are added to those the detectors find. Without lights and recording length,
    /// the span every leg covers is the recording.
    pub context: ScoringContext,
    /// Night by night: rest detection, diary, multi-day limits ([`NightsConfig`]).
    pub nights: NightsConfig,
    /// Whether the right clock's drift against the left, once estimated and significant, is
    /// corrected (default) or only reported (two legs only; see [`clock`]).
    pub clock_drift: ClockDriftPolicy,
}

/// What the pipeline does with the drift it estimates between two legs' clocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ClockDriftPolicy {
    /// Map the right leg's detections onto the left clock once the drift is significant.
    #[default]
    Correct,
    /// Estimate and report the drift ([`NightReport::clock`], `applied` false), but leave the
    /// right leg's times as its clock gives them: for devices known to share one clock, or to
    /// compare with a scorer that does not correct.
    EstimateOnly,
}

/// What the pipeline emits while it runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PipelineEvent {
    /// A leg's detection, final: a leg movement or posture change, a rejected candidate, or a
    /// missing or saturated stretch (times on the shared clock).
    Detected {
        /// The leg.
        leg: Leg,
        /// What was detected.
        detection: Detection,
    },
    /// A scoring decision (bilateral combination and class, periodic status, a PLM series).
    Decided(Decision),
}

/// The night's result: the scoring report and what was detected on each leg.
#[derive(Debug, Clone, PartialEq)]
pub struct NightReport {
    /// The scoring report.
    pub report: Report,
    /// Per-leg detections, data quality and plot envelopes, and the span the legs cover.
    pub detection: NightDetection,
    /// The right clock's drift against the left, as estimated and applied (two legs only).
    pub clock: ClockDrift,
    /// The nights, each scored on its own (one entry for a single-night recording).
    pub nights: Vec<ScoredNight>,
    /// Stretches when the device was not worn (s, shared clock): invalid time in the nights.
    pub non_wear: Vec<crate::Interval>,
    /// Rest periods shorter than a night (s, shared clock), when nights were detected.
    pub naps: Vec<crate::Interval>,
}

/// The streaming night: see the [module docs](self). Each leg has a [`LegFrontEnd`]: by
/// default a [`TraceDetector`] (accelerometer rows, [`Pipeline::new`]); any other front end,
/// such as the EMG's [`crate::detect::emg::EmgLegStream`], through
/// [`Pipeline::with_front_ends`].
#[derive(Debug, Clone)]
pub struct Pipeline<F = TraceDetector> {
    legs: Vec<F>,
    merge: EventMerge,
    scorer: OnlineScorer,
    /// Whether the span the legs cover is the recording (no lights or length given).
    data_span: bool,
    /// Latest leg start, once every leg's is known.
    span_start: Option<f64>,
    /// Earliest end among the legs that have ended (+inf before).
    span_end: f64,
    /// The span last given to the scorer.
    span_set: Option<(f64, f64)>,
    fresh: Vec<Detection>,
    released: Vec<ScorerInput>,
    decisions: Vec<Decision>,
    /// With two legs: the right leg's clock against the left's ([`clock`]).
    clock: Option<ClockCorrection>,
    /// The right leg's end (own clock), once finished, until its detections are all mapped.
    right_end: Option<f64>,
    mapped: Vec<Detection>,
    /// Night windows, scored one by one ([`nights`]).
    nights: NightScoring,
    /// The context the nights are scored in (without its invalid stretches).
    context: ScoringContext,
}

impl Pipeline<TraceDetector> {
    /// A pipeline for the given legs, each with the offset (s) that puts its row times on the
    /// shared clock (0 when the time columns already share one). Errors on invalid settings,
    /// no leg, a leg given twice, or a non-finite offset.
    pub fn new(cfg: &PipelineConfig, legs: &[(Leg, f64)]) -> Result<Self> {
        if legs.is_empty() {
            return Err(Error::InvalidInput("no leg trace given".into()));
        }
        if legs.len() == 2 && legs[0].0 == legs[1].0 || legs.len() > 2 {
            return Err(Error::InvalidInput(format!(
                "each leg at most once, got {:?}",
                legs.iter().map(|l| l.0).collect::<Vec<_>>()
            )));
        }
        let detectors = legs
            .iter()
            .map(|&(leg, offset)| TraceDetector::new(&cfg.detector, &cfg.timeline, leg, offset))
            .collect::<Result<Vec<_>>>()?;
        Ok(
            Self::with_front_ends(&cfg.criteria, &cfg.context, detectors)?
                .with_nights(&cfg.nights)?
                .with_clock_drift(cfg.clock_drift),
        )
    }

    /// Upper bound on how long after the end of its motion a leg's detector emits a leg
    /// movement (s), for the detector settings `cfg`.
    ///
    /// After the motion stops, the timing window (`timing_s`, read through the timing
    /// low-pass, whose delay is under one period of its cutoff) drains; the movement closes
    /// after `quiet_s` below the offset threshold; the posture test then waits 0.5 s plus
    /// `gravity_window_s`, in whole 0.25-s blocks, plus the block in progress. Activity that
    /// pokes above the threshold near the noise restarts the quiet run, which this bound does
    /// not model.
    pub fn lm_latency_bound_s(cfg: &DetectorConfig) -> f64 {
        let blocks = |s: f64| (s / 0.25).ceil() * 0.25;
        let drain = cfg.timing_s + 1.0 / cfg.timing_lowpass_hz;
        drain + cfg.quiet_s + blocks(0.5) + blocks(cfg.gravity_window_s) + 0.25
    }
}

impl<F: LegFrontEnd> Pipeline<F> {
    /// A pipeline over the given front ends (one per leg, each leg at most once), scoring by
    /// `criteria` in `context` (whose `invalid` stretches join those the front ends find).
    /// Errors on no front end, a leg given twice, or an invalid context.
    pub fn with_front_ends(
        criteria: &Criteria,
        context: &ScoringContext,
        mut front_ends: Vec<F>,
    ) -> Result<Self> {
        let legs: Vec<Leg> = front_ends.iter().map(|f| f.leg()).collect();
        if legs.is_empty() {
            return Err(Error::InvalidInput("no leg trace given".into()));
        }
        if legs.len() == 2 && legs[0] == legs[1] || legs.len() > 2 {
            return Err(Error::InvalidInput(format!(
                "each leg at most once, got {legs:?}"
            )));
        }
        front_ends.sort_by_key(|d| d.leg());
        let mut context = context.clone();
        let mut given = std::mem::take(&mut context.invalid);
        for (i, iv) in given.iter().enumerate() {
            iv.validate(format_args!("invalid stretch #{i}"))?;
        }
        let data_span = context.lights.is_none() && context.recording_s.is_none();
        let nights = NightScoring::new(criteria, &context, &NightsConfig::default())?;
        let night_context = context.clone();
        let scorer = OnlineScorer::new(criteria.clone(), context)?;
        // The caller's stretches join the detectors' in the merge, so they reach the scorer
        // in time order with everything else.
        given.sort_by(|a, b| a.onset_s.total_cmp(&b.onset_s));
        let mut merge = EventMerge::default();
        for iv in given {
            merge.add(&Detection::Invalid(iv));
        }
        Ok(Pipeline {
            legs: front_ends,
            merge,
            scorer,
            data_span,
            span_start: None,
            span_end: f64::INFINITY,
            span_set: None,
            fresh: Vec::new(),
            released: Vec::new(),
            decisions: Vec::new(),
            clock: (legs.len() == 2).then(ClockCorrection::default),
            right_end: None,
            mapped: Vec::new(),
            nights,
            context: night_context,
        })
    }

    /// The same pipeline with other night settings (a diary, rest detection): see
    /// [`NightsConfig`]. Errors on invalid settings.
    pub fn with_nights(mut self, cfg: &NightsConfig) -> Result<Self> {
        self.nights = NightScoring::new(self.scorer.criteria(), &self.context, cfg)?;
        Ok(self)
    }

    /// The same pipeline with another policy for the two legs' clock drift (default:
    /// [`ClockDriftPolicy::Correct`]); call it before any input.
    pub fn with_clock_drift(mut self, policy: ClockDriftPolicy) -> Self {
        if let Some(clock) = &mut self.clock {
            *clock = ClockCorrection::new(policy);
        }
        self
    }

    /// Pushes input of one leg (for accelerometer rows: the leg's own clock; any block size,
    /// including empty) and appends every event now final to `out`. Errors on a leg the
    /// pipeline was not built for, input after that leg's [`finish_leg`](Self::finish_leg),
    /// and what the leg's front end rejects (e.g. bad time columns).
    pub fn push(
        &mut self,
        leg: Leg,
        input: F::Input<'_>,
        out: &mut Vec<PipelineEvent>,
    ) -> Result<()> {
        let i = self.index(leg)?;
        if i == 0
            && let Some(rows) = F::rest_rows(&input)
        {
            let offset = self.legs[0].clock_offset_s();
            self.nights.push_rows(rows, offset)?;
        }
        self.legs[i].push(input, &mut self.fresh)?;
        self.take_fresh(leg, out);
        self.advance(out)
    }

    /// Declares that `leg` has no rows before `t_s` on the shared clock (a live device has gone
    /// silent while the other leg goes on): once the silence is too long to bridge it is
    /// missing data, so the decisions waiting for that leg can be taken now. The report is the
    /// same as without the call, provided rows before `t_s` indeed never come.
    pub fn advance_leg_to(
        &mut self,
        leg: Leg,
        t_s: f64,
        out: &mut Vec<PipelineEvent>,
    ) -> Result<()> {
        let i = self.index(leg)?;
        // The shared clock is the left one; a drifting right leg's silence is declared on its
        // own device clock, which the front end then offsets as it does its rows.
        let t_s = match &self.clock {
            Some(c) if leg == Leg::Right => c.unmap_now(t_s),
            _ => t_s,
        };
        self.legs[i].advance_to(t_s, &mut self.fresh)?;
        self.take_fresh(leg, out);
        self.advance(out)
    }

    /// Ends one leg's stream (a file ended, a device stopped); the other leg goes on.
    pub fn finish_leg(&mut self, leg: Leg, out: &mut Vec<PipelineEvent>) -> Result<()> {
        let i = self.index(leg)?;
        self.legs[i].finish(&mut self.fresh)?;
        if let Some(end) = self.legs[i].end_s() {
            if self.clock.is_some() && leg == Leg::Right {
                // On the left clock once every right detection is (see `advance`).
                self.right_end = Some(end);
            } else {
                self.span_end = self.span_end.min(end);
            }
        }
        self.take_fresh(leg, out);
        self.advance(out)
    }

    /// Ends every stream, appends the last events to `out` and returns the night's report.
    pub fn finish(mut self, out: &mut Vec<PipelineEvent>) -> Result<NightReport> {
        for i in 0..self.legs.len() {
            let leg = self.legs[i].leg();
            self.finish_leg(leg, out)?;
        }
        let mut legs = self
            .legs
            .into_iter()
            .map(|l| l.into_detection())
            .collect::<Result<Vec<_>>>()?;
        let mut clock = ClockDrift::default();
        if let (Some(c), Some(right)) = (&self.clock, legs.get_mut(1)) {
            clock = c.report(right.start_s);
            c.move_record(right);
        }
        let detection = NightDetection::from_legs(legs)?;
        let mut report = self.scorer.finish(&mut self.decisions);
        out.extend(self.decisions.drain(..).map(PipelineEvent::Decided));
        self.nights.finish()?;
        let nights = nights_of(&mut self.nights, &self.context, &mut report, &detection)?;
        Ok(NightReport {
            report,
            detection,
            clock,
            nights,
            non_wear: self.nights.non_wear().to_vec(),
            naps: self.nights.naps().to_vec(),
        })
    }

    /// The nights scored so far: each detected (or diary) night is scored as soon as the rest
    /// detector has closed it and every leg has passed its end, so a live source can show a
    /// night's report the morning after, days before the recording ends. (Whether the
    /// recording is multi-night, and so which nights [`finish`](Self::finish) reports, is
    /// decided at the end; see [`NightsConfig`].)
    pub fn nights_so_far(&self) -> &[ScoredNight] {
        self.nights.scored()
    }

    /// No event emitted from now on concerns a time before this (s, shared clock): the
    /// smallest of the legs' watermarks (the right leg's through its clock correction).
    pub fn watermark_s(&self) -> f64 {
        self.legs
            .iter()
            .map(|l| match &self.clock {
                Some(c) if l.leg() == Leg::Right => c.watermark_s(l.watermark_s()),
                _ => l.watermark_s(),
            })
            .fold(f64::INFINITY, f64::min)
    }

    fn index(&self, leg: Leg) -> Result<usize> {
        self.legs
            .iter()
            .position(|l| l.leg() == leg)
            .ok_or_else(|| Error::InvalidInput(format!("no {leg} leg in this pipeline")))
    }

    fn take_fresh(&mut self, leg: Leg, out: &mut Vec<PipelineEvent>) {
        for d in self.fresh.drain(..) {
            match &mut self.clock {
                // The right leg's detections go on the left clock first (in `advance`).
                Some(c) if leg == Leg::Right => c.add_right(d),
                clock => {
                    if let Some(c) = clock {
                        c.add_left(&d);
                    }
                    self.merge.add(&d);
                    out.push(PipelineEvent::Detected { leg, detection: d });
                }
            }
        }
    }

    /// Maps what the right leg's clock correction can map onto the left clock.
    fn correct_clock(&mut self, out: &mut Vec<PipelineEvent>) {
        let Some(c) = &mut self.clock else {
            return;
        };
        let (left, right) = (self.legs[0].watermark_s(), self.legs[1].watermark_s());
        c.process(left, right, &mut self.mapped);
        for d in self.mapped.drain(..) {
            self.merge.add(&d);
            out.push(PipelineEvent::Detected {
                leg: Leg::Right,
                detection: d,
            });
        }
        if let Some(end) = self.right_end.filter(|_| c.drained()) {
            self.span_end = self.span_end.min(c.map_now(end));
            self.right_end = None;
        }
    }

    /// Releases to the scorer what every leg has passed, and tells it how far time has come.
    fn advance(&mut self, out: &mut Vec<PipelineEvent>) -> Result<()> {
        self.correct_clock(out);
        let w = self.watermark_s();
        if w == f64::NEG_INFINITY {
            return Ok(());
        }
        if self.data_span {
            if self.span_start.is_none() {
                // Every leg's grid is known once the watermark is finite.
                self.span_start = self
                    .legs
                    .iter()
                    .filter_map(|l| l.start_s())
                    .reduce(f64::max);
            }
            if let Some(start) = self.span_start {
                if self.span_end <= start {
                    return Err(Error::InvalidInput(format!(
                        "{NO_OVERLAP}: one starts at {start} s, another ends at {} s",
                        self.span_end
                    )));
                }
                if self.span_set != Some((start, self.span_end)) {
                    self.scorer.set_data_span(start, self.span_end)?;
                    self.span_set = Some((start, self.span_end));
                }
            }
        }
        self.merge.release_before(w, &mut self.released);
        for e in self.released.drain(..) {
            self.nights.add(e);
            match e {
                ScorerInput::Stretch(iv) => self.scorer.add_invalid(iv)?,
                ScorerInput::Movement(m) => self.scorer.push(m, &mut self.decisions)?,
            }
        }
        if w.is_finite() {
            self.scorer.advance_to(w, &mut self.decisions)?;
        }
        self.nights.advance(w, self.span_start)?;
        out.extend(self.decisions.drain(..).map(PipelineEvent::Decided));
        Ok(())
    }
}

/// The nights of the recording (see [`nights`]): the detected or diary nights, whose
/// pooled summary replaces the whole recording's; or the one night of the lights or the
/// data span, whose report is the recording's.
fn nights_of(
    scoring: &mut NightScoring,
    context: &ScoringContext,
    report: &mut Report,
    detection: &NightDetection,
) -> Result<Vec<ScoredNight>> {
    let min_valid_hours = scoring.config().min_valid_hours;
    let (start, end) = (detection.start_s, detection.end_s);
    let single = |report: &Report, start_s: f64, end_s: f64, source: NightSource| {
        let valid_hours = report.summary.recording_hours;
        ScoredNight {
            night: 1,
            start_s,
            end_s,
            source,
            valid_hours,
            counted: valid_hours >= min_valid_hours,
            report: report.clone(),
        }
    };
    if let Some(l) = context.lights {
        return Ok(vec![single(
            report,
            l.onset_s,
            l.offset_s,
            NightSource::Lights,
        )]);
    }
    let multi = scoring.has_diary()
        || (context.recording_s.is_none() && end - start >= scoring.config().multi_day_min_s);
    if !multi {
        if !scoring.non_wear().is_empty() && context.recording_s.is_none() {
            // Non-wear is invalid time: the data span scored again with it.
            let warnings = std::mem::take(&mut report.warnings);
            *report = scoring.score_now(start, end)?;
            report.warnings = warnings;
        }
        let span_end = context.recording_s.unwrap_or(end);
        return Ok(vec![single(report, start, span_end, NightSource::Lights)]);
    }
    let nights = scoring.take_scored();
    let reports: Vec<&Report> = nights.iter().map(|n| &n.report).collect();
    report.summary = pooled_summary(&reports);
    if nights.is_empty() {
        report.warnings.push(crate::score::Warning {
            code: "no_night",
            message: format!(
                "no rest period of at least {:.1} h was found in {:.1} h of data: nothing \
                 is scored (give a diary to say when the person was in bed)",
                scoring.config().rest.min_night_s / 3600.0,
                (end - start) / 3600.0
            ),
        });
    }
    Ok(nights)
}

/// Scores legs whose rows are in memory: each `(leg, rows, offset_s)` (a loop over
/// [`Pipeline`] in blocks of 4096 rows per leg, in lockstep).
pub fn score_rows(
    cfg: &PipelineConfig,
    legs: &[(Leg, TriaxialView<'_>, f64)],
) -> Result<NightReport> {
    const BLOCK_ROWS: usize = 4096;
    let clocks: Vec<(Leg, f64)> = legs.iter().map(|&(leg, _, off)| (leg, off)).collect();
    let mut p = Pipeline::new(cfg, &clocks)?;
    let mut events = Vec::new();
    let longest = legs.iter().map(|l| l.1.len()).max().unwrap_or(0);
    for start in (0..longest).step_by(BLOCK_ROWS) {
        for &(leg, rows, _) in legs {
            let block = rows.slice(start, start + BLOCK_ROWS);
            if !block.is_empty() {
                p.push(leg, block, &mut events)?;
            }
        }
        events.clear();
    }
    p.finish(&mut events)
}
