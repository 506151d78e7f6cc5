//! One leg from timestamped rows: a [`Timeline`] in front of a [`LegDetector`].

use super::config::DetectorConfig;
use super::leg::{Detection, LegDetector};
use super::night::{LegDetection, PlotEnvelope};
use crate::event::Leg;
use crate::samples::TriaxialView;
use crate::timeline::{Grid, GridOut, GridSink, Timeline, TimelineConfig};
use crate::{Error, Result};

/// Grid samples handed to the detector at a time at most, while the timeline works: a gap of
/// hours at a high rate (6 h at 10 kHz is 216 M samples) goes through in pieces of this many
/// (1.5 MB) instead of one buffer of gigabytes.
const GRID_CHUNK: usize = 1 << 16;

/// Streaming leg-movement detection from timestamped rows: the rows go onto a uniform grid
/// ([`Timeline`]), and once the grid's rate and start are known a [`LegDetector`] is built and
/// fed. Everything detected is kept for the night's [`LegDetection`] (it grows with movements
/// and gaps, and by one plot value per `envelope_plot_step_s`, never by sample).
///
/// Times: every reported time is the row time plus `offset_s`, the offset that puts this leg on
/// the clock shared with the other leg.
#[derive(Debug, Clone)]
pub struct TraceDetector {
    leg: Leg,
    offset_s: f64,
    cfg: DetectorConfig,
    timeline: Timeline,
    detector: Option<LegDetector>,
    /// Grid samples handed from the timeline to the detector (reused).
    grid: Vec<[f64; 3]>,
    /// Where `push` appends detections before they are copied to the caller and the record.
    fresh: Vec<Detection>,
    record: LegDetection,
    finished: bool,
}

impl TraceDetector {
    /// A detector for `leg` whose row times are shifted by `offset_s` onto the shared clock.
    pub fn new(
        cfg: &DetectorConfig,
        timeline: &TimelineConfig,
        leg: Leg,
        offset_s: f64,
    ) -> Result<Self> {
        cfg.validate()?;
        if !offset_s.is_finite() {
            return Err(Error::InvalidInput(format!(
                "{leg} leg: clock offset must be finite, got {offset_s}"
            )));
        }
        Ok(TraceDetector {
            leg,
            offset_s,
            cfg: cfg.clone(),
            timeline: Timeline::new(timeline)?,
            detector: None,
            grid: Vec::new(),
            fresh: Vec::new(),
            record: LegDetection::empty(
                leg,
                f64::NAN,
                Default::default(),
                cfg.min_floor_g,
                cfg.long_duration_s,
            ),
            finished: false,
        })
    }

    /// The leg.
    pub fn leg(&self) -> Leg {
        self.leg
    }

    /// The offset added to this leg's row times (s).
    pub fn offset_s(&self) -> f64 {
        self.offset_s
    }

    /// Pushes rows (this leg's own clock) and appends every detection now final to `out`.
    /// Errors on time that is not finite or not increasing (naming the leg).
    pub fn push(&mut self, rows: TriaxialView<'_>, out: &mut Vec<Detection>) -> Result<()> {
        if self.finished {
            return Err(Error::InvalidInput(format!(
                "{} leg: rows pushed after the end of the stream",
                self.leg
            )));
        }
        let (timeline, mut grid) = self.bounded_grid();
        let r = timeline.push_with(rows, &mut grid);
        r.map_err(|e| named(self.leg, e))?;
        self.feed(out)
    }

    /// Declares that this leg has no rows before `t_s` (its own clock): a silence too long to
    /// bridge becomes missing data now rather than when rows resume (see
    /// [`Timeline::advance_to`]), and the stretch so far is emitted as a piece
    /// ([`LegDetector::flush_stretch`]; the record merges the pieces), so the watermark moves
    /// on. The record is the same as without the call.
    pub fn advance_to(&mut self, t_s: f64, out: &mut Vec<Detection>) -> Result<()> {
        let (timeline, mut grid) = self.bounded_grid();
        let r = timeline.advance_to_with(t_s, &mut grid);
        r.map_err(|e| named(self.leg, e))?;
        self.feed(out)?;
        if let Some(d) = self.detector.as_mut() {
            d.flush_stretch(&mut self.fresh);
            self.record_fresh(out);
        }
        Ok(())
    }

    /// Ends the stream: the rest of the grid goes to the detector, which closes what is open.
    /// Errors when the leg never gave two usable rows.
    pub fn finish(&mut self, out: &mut Vec<Detection>) -> Result<()> {
        if self.finished {
            return Ok(());
        }
        let (timeline, mut grid) = self.bounded_grid();
        let r = timeline.finish_with(&mut grid);
        r.map_err(|e| named(self.leg, e))?;
        self.feed(out)?;
        let Some(d) = self.detector.as_mut() else {
            return Err(Error::InvalidInput(format!(
                "{} leg: no usable samples (every row missing or only one row)",
                self.leg
            )));
        };
        d.finish(&mut self.fresh);
        self.finished = true;
        self.record_fresh(out);
        Ok(())
    }

    /// No detection from now on has an onset (a stretch: a start) before this time on the
    /// shared clock: `-inf` until the grid is known, `+inf` after [`finish`](Self::finish).
    pub fn watermark_s(&self) -> f64 {
        match (&self.detector, self.finished) {
            (_, true) => f64::INFINITY,
            (Some(d), false) => d.watermark_s(),
            (None, false) => f64::NEG_INFINITY,
        }
    }

    /// Time of the grid's first sample on the shared clock, once known.
    pub fn start_s(&self) -> Option<f64> {
        self.detector.as_ref().map(|_| self.record.start_s)
    }

    /// End of the last grid sample's step on the shared clock, once the grid is known.
    pub fn end_s(&self) -> Option<f64> {
        self.detector
            .as_ref()
            .map(|d| self.record.start_s + self.timeline.stats().samples as f64 / d.rate_hz())
    }

    /// The leg's detection record; call after [`finish`](Self::finish).
    pub fn into_detection(mut self) -> Result<LegDetection> {
        let Some(d) = self.detector.take().filter(|_| self.finished) else {
            return Err(Error::InvalidInput(format!(
                "{} leg: the stream was not finished",
                self.leg
            )));
        };
        let rate = d.rate_hz();
        let stats = self.timeline.stats();
        let mut out = self.record;
        out.end_s = out.start_s + stats.samples as f64 / rate;
        out.timeline = stats;
        out.quality = d.quality().clone();
        out.final_noise_floor_g = d.noise_floor();
        let bad = out.quality.invalid_samples + out.quality.saturated_samples;
        out.valid_s = (out.quality.samples - bad.min(out.quality.samples)) as f64 / rate;
        Ok(out)
    }

    /// The timeline and its output, which hands full buffers of [`GRID_CHUNK`] samples to the
    /// detector as they fill.
    fn bounded_grid(&mut self) -> (&mut Timeline, GridOut<'_, Feed<'_>>) {
        let feed = Feed {
            leg: self.leg,
            offset_s: self.offset_s,
            cfg: &self.cfg,
            detector: &mut self.detector,
            record: &mut self.record,
            fresh: &mut self.fresh,
        };
        (
            &mut self.timeline,
            GridOut::bounded(&mut self.grid, GRID_CHUNK, feed),
        )
    }

    /// Hands the detector the grid samples left in the buffer (building it once the grid is
    /// known), and emits what is final.
    fn feed(&mut self, out: &mut Vec<Detection>) -> Result<()> {
        if let (false, Some(rate_hz), Some(start_s)) = (
            self.grid.is_empty(),
            self.timeline.rate_hz(),
            self.timeline.start_s(),
        ) {
            let grid = std::mem::take(&mut self.grid);
            let (_, mut out_grid) = self.bounded_grid();
            let r = out_grid.sink_mut().take(&grid, Grid { rate_hz, start_s });
            self.grid = grid;
            self.grid.clear();
            r?;
        }
        // The detector may also have been fed by the timeline's full buffers, with nothing left
        // here: what it found goes out either way.
        let Some(d) = self.detector.as_mut() else {
            return Ok(());
        };
        // A long stretch of missing or saturated data goes out in pieces of at least a second
        // (the record merges them), so the watermark, and with it the other leg's decisions,
        // need not wait for its end.
        if d.open_stretch_s() >= STRETCH_PIECE_S {
            d.flush_stretch(&mut self.fresh);
        }
        self.record_fresh(out);
        Ok(())
    }

    /// Keeps the fresh detections and the plot values in the record and copies the detections
    /// to `out`.
    fn record_fresh(&mut self, out: &mut Vec<Detection>) {
        if let Some(d) = self.detector.as_mut() {
            d.append_plot_envelope(&mut self.record.envelope.max_g);
        }
        for e in self.fresh.drain(..) {
            self.record.keep(e);
            out.push(e);
        }
    }
}

/// An input error named with its leg.
fn named(leg: Leg, e: Error) -> Error {
    match e {
        Error::InvalidInput(s) => Error::InvalidInput(format!("{leg} leg: {s}")),
        other => other,
    }
}

/// The detector's side of the grid: builds the detector once the grid is known and hands it
/// samples; what it detects waits in `fresh` for the record.
struct Feed<'a> {
    leg: Leg,
    offset_s: f64,
    cfg: &'a DetectorConfig,
    detector: &'a mut Option<LegDetector>,
    record: &'a mut LegDetection,
    fresh: &'a mut Vec<Detection>,
}

impl GridSink for Feed<'_> {
    fn take(&mut self, samples: &[[f64; 3]], grid: Grid) -> Result<()> {
        if self.detector.is_none() {
            let start = grid.start_s + self.offset_s;
            let d = LegDetector::new(self.leg, grid.rate_hz, start, self.cfg)
                .map_err(|e| named(self.leg, e))?;
            self.record.start_s = start;
            self.record.envelope = PlotEnvelope {
                start_s: start,
                step_s: d.plot_step_s(),
                max_g: Vec::new(),
            };
            *self.detector = Some(d);
        }
        let d = self.detector.as_mut().expect("built above");
        d.push(samples, self.fresh);
        // The plot values of a long stretch go to the record as they come.
        d.append_plot_envelope(&mut self.record.envelope.max_g);
        Ok(())
    }
}

/// Shortest piece of an open stretch emitted before the stretch ends (s).
const STRETCH_PIECE_S: f64 = 1.0;
