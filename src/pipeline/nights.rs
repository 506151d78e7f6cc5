//! Night by night: windows from the rest detector, a diary or the lights, each scored when it
//! closes.
//!
//! The [`super::Pipeline`] hands every input it releases to the scorer (movements and invalid
//! stretches, in time order) to a [`NightScoring`] too, and the first leg's rows to a
//! [`RestDetector`] (nights, naps, non-wear). A night window is scored as soon as it is closed
//! and every leg has passed its end (and, for a diary window, once the non-wear before its end
//! is known): a fresh [`OnlineScorer`] with the same criteria and context, the window as its
//! lights and the non-wear inside it as invalid time, fed the held inputs. Inputs are held only
//! from the earliest time a window still to come may start, so memory is bounded by a day's
//! movements however many days the recording has (and by 20 h of them at the start, while the
//! recording may still be a single night; see [`NightsConfig`]).
//!
//! Which windows are scored, and how the summary pools them: see [`NightsConfig`].

use std::collections::VecDeque;

use super::merge::ScorerInput;
use crate::detect::rest::{RestConfig, RestDetector, RestEvent};
use crate::event::Interval;
use crate::samples::TriaxialView;
use crate::score::{
    Criteria, Exclusion, IndexBasis, MovementClass, OnlineScorer, Report, ScoringContext, Summary,
    periodicity_index,
};
use crate::{Error, Result};

/// How the night windows are found and scored.
///
/// # Which windows
/// - A diary ([`NightsConfig::diary`], e.g. from [`super::read_diary`]): its in-bed windows
///   (source [`NightSource::Diary`]); the detected nights are ignored.
/// - Lights in the [`ScoringContext`]: one night, the lights window ([`NightSource::Lights`]),
///   whose report is the pipeline's own.
/// - Otherwise, a recording whose data span is shorter than
///   [`NightsConfig::multi_day_min_s`] (20 h) is one night, the data span
///   ([`NightSource::Lights`]): the report is the single-night report, as without night scoring (unless non-wear
///   was found, which is then invalid time in it), plus one entry in `nights`.
/// - A longer recording: the detected rest periods ([`NightSource::Detected`]), one per night.
///
/// In a multi-night recording (diary or detected) the top-level summary pools the nights:
/// counts summed, hours summed, indices over the summed hours, the periodicity index over
/// every night's intervals; daytime is never in it. A night with less than
/// [`NightsConfig::min_valid_hours`] of valid data is reported but left out of the multi-night
/// statistics ([`MultiNight`]).
#[derive(Debug, Clone, PartialEq)]
pub struct NightsConfig {
    /// Rest and non-wear detection.
    pub rest: RestConfig,
    /// In-bed windows from a diary (s on the shared clock), in any order; when given they
    /// replace the detected nights.
    pub diary: Vec<Interval>,
    /// Recordings whose data span is shorter than this (s) are a single night (20 h: a night
    /// plus the evening and morning around it, never two nights).
    pub multi_day_min_s: f64,
    /// Valid hours a night needs to count in the multi-night statistics (4 h: the shortest
    /// analysable night home sleep testing rules accept).
    pub min_valid_hours: f64,
}

impl Default for NightsConfig {
    fn default() -> Self {
        NightsConfig {
            rest: RestConfig::default(),
            diary: Vec::new(),
            multi_day_min_s: 20.0 * 3600.0,
            min_valid_hours: 4.0,
        }
    }
}

/// Where a night window comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "io", derive(serde::Serialize))]
#[cfg_attr(feature = "io", serde(rename_all = "lowercase"))]
pub enum NightSource {
    /// A rest period found by [`RestDetector`].
    Detected,
    /// A diary's in-bed window.
    Diary,
    /// The lights off / lights on given, or, for a single-night recording without them, the
    /// span of the data, which the scorer takes as lights off to lights on when none are
    /// given (the recording span).
    Lights,
}

impl NightSource {
    /// The machine name (JSON, CSV): `detected`, `diary` or `lights`.
    pub fn name(self) -> &'static str {
        match self {
            NightSource::Detected => "detected",
            NightSource::Diary => "diary",
            NightSource::Lights => "lights",
        }
    }
}

/// One night, scored on its own.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoredNight {
    /// 1-based, in time order.
    pub night: usize,
    /// Start of the window (s from the shared clock's zero, the first sample).
    pub start_s: f64,
    /// End of the window (s).
    pub end_s: f64,
    /// Where the window comes from.
    pub source: NightSource,
    /// Valid hours inside the window (its length less invalid data and non-wear).
    pub valid_hours: f64,
    /// Whether it has the valid hours to count in the multi-night statistics.
    pub counted: bool,
    /// The night's report: the same scorer and criteria, the window as its lights.
    pub report: Report,
}

/// Statistics of the PLMS index over the counted nights (`None` without one; `sd` needs two).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "io", derive(serde::Serialize))]
pub struct MultiNight {
    /// Nights reported.
    pub nights: usize,
    /// Nights with enough valid hours (counted below).
    pub nights_valid: usize,
    /// Mean PLMS index.
    pub plms_index_mean: Option<f64>,
    /// Median PLMS index.
    pub plms_index_median: Option<f64>,
    /// Sample standard deviation of the PLMS index.
    pub plms_index_sd: Option<f64>,
    /// Lowest PLMS index.
    pub plms_index_min: Option<f64>,
    /// Highest PLMS index.
    pub plms_index_max: Option<f64>,
}

impl MultiNight {
    /// The statistics of `nights`.
    pub fn of(nights: &[ScoredNight]) -> Self {
        let mut v: Vec<f64> = nights
            .iter()
            .filter(|n| n.counted)
            .filter_map(|n| n.report.summary.plms_index)
            .collect();
        v.sort_by(f64::total_cmp);
        let n = v.len();
        let mean = (n > 0).then(|| v.iter().sum::<f64>() / n as f64);
        let median = (n > 0).then(|| {
            if n % 2 == 1 {
                v[n / 2]
            } else {
                0.5 * (v[n / 2 - 1] + v[n / 2])
            }
        });
        let sd = mean
            .filter(|_| n > 1)
            .map(|m| (v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1) as f64).sqrt());
        MultiNight {
            nights: nights.len(),
            nights_valid: nights.iter().filter(|n| n.counted).count(),
            plms_index_mean: mean,
            plms_index_median: median,
            plms_index_sd: sd,
            plms_index_min: v.first().copied(),
            plms_index_max: v.last().copied(),
        }
    }
}

/// The summary of several nights pooled: counts and hours summed, indices over the summed
/// hours, the periodicity index over every night's intervals.
pub fn pooled_summary(nights: &[&Report]) -> Summary {
    let mut s = Summary::default();
    let sum_opt = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) => Some(a + b),
        _ => None,
    };
    let mut first = true;
    for r in nights {
        let n = &r.summary;
        s.lm_count += n.lm_count;
        s.clm_count += n.clm_count;
        s.plm_count += n.plm_count;
        s.plms_count += n.plms_count;
        s.plmw_count += n.plmw_count;
        s.plms_nr_count += n.plms_nr_count;
        s.plms_arousal_count += n.plms_arousal_count;
        s.lms_count += n.lms_count;
        s.clms_count += n.clms_count;
        s.gross_count += n.gross_count;
        s.recording_hours += n.recording_hours;
        s.invalid_hours += n.invalid_hours;
        if first {
            (s.sleep_hours, s.wake_hours) = (n.sleep_hours, n.wake_hours);
            first = false;
        } else {
            s.sleep_hours = sum_opt(s.sleep_hours, n.sleep_hours);
            s.wake_hours = sum_opt(s.wake_hours, n.wake_hours);
        }
    }
    s.set_indices(
        nights
            .first()
            .map_or(IndexBasis::Recording, |r| r.index_basis),
    );
    // The candidates that took part in series building, night after night (each night's
    // first interval is None, so runs never cross nights).
    s.periodicity_index = periodicity_index(nights.iter().flat_map(|r| {
        r.movements
            .iter()
            .filter(|m| {
                m.class == MovementClass::Candidate
                    && matches!(m.excluded, None | Some(Exclusion::ShortImi))
            })
            .map(|m| m.imi_s)
    }));
    s
}

/// A window waiting to be scored.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Window {
    start_s: f64,
    end_s: f64,
    source: NightSource,
}

/// The pipeline's night scoring: see the [module docs](self).
#[derive(Debug, Clone)]
pub(crate) struct NightScoring {
    criteria: Criteria,
    context: ScoringContext,
    cfg: NightsConfig,
    rest: Option<RestDetector>,
    rest_events: Vec<RestEvent>,
    /// Diary windows not yet scored (sorted), or detected ones.
    windows: VecDeque<Window>,
    held: VecDeque<ScorerInput>,
    /// Start of the data (latest leg start), once known.
    data_start_s: Option<f64>,
    non_wear: Vec<Interval>,
    naps: Vec<Interval>,
    scored: Vec<ScoredNight>,
}

impl NightScoring {
    /// Night scoring with the pipeline's criteria and context. Errors on a diary window that
    /// is not finite and positive.
    pub fn new(criteria: &Criteria, context: &ScoringContext, cfg: &NightsConfig) -> Result<Self> {
        cfg.rest.validate()?;
        let mut windows: Vec<Window> = Vec::with_capacity(cfg.diary.len());
        for (i, w) in cfg.diary.iter().enumerate() {
            if !(w.onset_s.is_finite() && w.offset_s.is_finite() && w.offset_s > w.onset_s) {
                return Err(Error::InvalidConfig(format!(
                    "diary night #{}: in bed {} s, out of bed {} s: out of bed must come after",
                    i + 1,
                    w.onset_s,
                    w.offset_s
                )));
            }
            windows.push(Window {
                start_s: w.onset_s,
                end_s: w.offset_s,
                source: NightSource::Diary,
            });
        }
        windows.sort_by(|a, b| a.start_s.total_cmp(&b.start_s));
        if !(cfg.multi_day_min_s.is_finite() && cfg.min_valid_hours.is_finite()) {
            return Err(Error::InvalidConfig(
                "nights: multi_day_min_s and min_valid_hours must be finite".into(),
            ));
        }
        let mut context = context.clone();
        context.invalid.clear();
        Ok(NightScoring {
            criteria: criteria.clone(),
            context,
            cfg: cfg.clone(),
            rest: None,
            rest_events: Vec::new(),
            windows: windows.into(),
            held: VecDeque::new(),
            data_start_s: None,
            non_wear: Vec::new(),
            naps: Vec::new(),
            scored: Vec::new(),
        })
    }

    /// The first leg's rows (its own clock; `offset_s` puts them on the shared clock).
    pub fn push_rows(&mut self, rows: TriaxialView<'_>, offset_s: f64) -> Result<()> {
        if self.rest.is_none() {
            self.rest = Some(RestDetector::new(&self.cfg.rest, offset_s)?);
        }
        if let Some(r) = &mut self.rest {
            r.push(rows, &mut self.rest_events);
        }
        Ok(())
    }

    /// One input released to the scorer (in the scorer's order).
    pub fn add(&mut self, input: ScorerInput) {
        self.held.push_back(input);
    }

    /// Every leg has passed `watermark_s`; `data_start_s` is the data's start once known.
    pub fn advance(&mut self, watermark_s: f64, data_start_s: Option<f64>) -> Result<()> {
        if self.data_start_s.is_none() {
            self.data_start_s = data_start_s;
        }
        self.take_rest_events();
        let non_wear_known = self
            .rest
            .as_ref()
            // Without rows for the rest detector (an EMG front end) there is no non-wear.
            .map_or(f64::INFINITY, |r| r.non_wear_settled_s());
        while let Some(&w) = self.windows.front() {
            if watermark_s < w.end_s || non_wear_known < w.end_s {
                break;
            }
            self.windows.pop_front();
            self.score(w)?;
        }
        self.prune(watermark_s);
        Ok(())
    }

    /// Ends the input: the rest detector closes what is open, every window left is scored.
    pub fn finish(&mut self) -> Result<()> {
        if let Some(r) = &mut self.rest {
            r.finish(&mut self.rest_events);
        }
        self.take_rest_events();
        while let Some(w) = self.windows.pop_front() {
            self.score(w)?;
        }
        Ok(())
    }

    /// The non-wear stretches found, in time order.
    pub fn non_wear(&self) -> &[Interval] {
        &self.non_wear
    }

    /// The naps found (rest periods shorter than a night).
    pub fn naps(&self) -> &[Interval] {
        &self.naps
    }

    /// Whether a diary gave the windows.
    pub fn has_diary(&self) -> bool {
        !self.cfg.diary.is_empty()
    }

    /// The nights scored so far (detected or diary).
    pub fn scored(&self) -> &[ScoredNight] {
        &self.scored
    }

    /// The scored nights (detected or diary), taken out.
    pub fn take_scored(&mut self) -> Vec<ScoredNight> {
        std::mem::take(&mut self.scored)
    }

    /// Scores one window over the data span `[start, end]` now, from what is held (for a
    /// single-night recording with non-wear).
    pub fn score_now(&mut self, start_s: f64, end_s: f64) -> Result<Report> {
        self.score(Window {
            start_s,
            end_s,
            source: NightSource::Lights,
        })?;
        Ok(self.scored.pop().expect("just scored").report)
    }

    /// The settings.
    pub fn config(&self) -> &NightsConfig {
        &self.cfg
    }

    fn take_rest_events(&mut self) {
        let diary = self.has_diary();
        for e in self.rest_events.drain(..) {
            match e {
                RestEvent::Night(iv) if !diary => self.windows.push_back(Window {
                    start_s: iv.onset_s,
                    end_s: iv.offset_s,
                    source: NightSource::Detected,
                }),
                RestEvent::Night(_) => {}
                RestEvent::Nap(iv) => self.naps.push(iv),
                RestEvent::NonWear(iv) => self.non_wear.push(iv),
            }
        }
    }

    /// Drops held inputs no window to come can need.
    fn prune(&mut self, watermark_s: f64) {
        let Some(start) = self.data_start_s else {
            return;
        };
        // While the recording may still be a single night, keep all of it.
        if watermark_s < start + self.cfg.multi_day_min_s {
            return;
        }
        let mut horizon = self.rest.as_ref().map_or(watermark_s, |r| {
            if self.has_diary() {
                watermark_s
            } else {
                r.settled_s()
            }
        });
        if let Some(w) = self.windows.front() {
            horizon = horizon.min(w.start_s);
        }
        while let Some(front) = self.held.front() {
            let end = match front {
                ScorerInput::Stretch(i) => i.offset_s,
                ScorerInput::Movement(m) => m.offset_s,
            };
            // A movement's onset before the window is not scored; keep a margin for what
            // ends near the window's start.
            if end + 1.0 < horizon {
                self.held.pop_front();
            } else {
                break;
            }
        }
    }

    fn score(&mut self, w: Window) -> Result<()> {
        let mut context = self.context.clone();
        context.lights = Some(Interval {
            onset_s: w.start_s,
            offset_s: w.end_s,
        });
        context.recording_s = None;
        let inside = |i: &Interval| i.offset_s > w.start_s && i.onset_s < w.end_s;
        context.invalid = self
            .non_wear
            .iter()
            .filter(|i| inside(i))
            .copied()
            .collect();
        if let Some(start) = self.data_start_s.filter(|&s| s > w.start_s) {
            // Before the data: nothing recorded, no time to count.
            context.invalid.push(Interval {
                onset_s: w.start_s,
                offset_s: start.min(w.end_s),
            });
        }
        let mut scorer = OnlineScorer::new(self.criteria.clone(), context)?;
        let mut decisions = Vec::new();
        for e in &self.held {
            match *e {
                ScorerInput::Stretch(i) => {
                    if i.onset_s >= w.end_s {
                        break;
                    }
                    if i.offset_s > w.start_s {
                        scorer.add_invalid(i)?;
                    }
                }
                ScorerInput::Movement(m) => {
                    if m.onset_s >= w.end_s {
                        break;
                    }
                    // Before lights off a movement is not scored: the night lists its own.
                    if m.onset_s >= w.start_s {
                        scorer.push(m, &mut decisions)?;
                    }
                }
            }
            decisions.clear();
        }
        let report = scorer.finish(&mut decisions);
        let valid_hours = report.summary.recording_hours;
        self.scored.push(ScoredNight {
            night: self.scored.len() + 1,
            start_s: w.start_s,
            end_s: w.end_s,
            source: w.source,
            valid_hours,
            counted: valid_hours >= self.cfg.min_valid_hours,
            report,
        });
        Ok(())
    }
}
