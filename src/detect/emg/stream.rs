//! The EMG detector as a pipeline front end: blocks of one leg's samples in, the leg's
//! detections and record out.

use super::{EmgConfig, EmgDetector};
use crate::detect::{Detection, LegDetection, QualityCounts};
use crate::event::{Interval, Leg};
use crate::pipeline::LegFrontEnd;
use crate::stage::Stage;
use crate::timeline::TimelineStats;
use crate::{Error, Result};

/// A block of one leg's EMG: consecutive samples (µV) and the time of the first (s, shared
/// clock), e.g. one EDF record of the channel. A start later than where the previous block
/// ended is a gap ([`EmgDetector::skip_to`]).
#[derive(Debug, Clone, Copy)]
pub struct EmgBlock<'a> {
    /// Time of the first sample (s).
    pub start_s: f64,
    /// The samples (µV); non-finite ones are missing data.
    pub samples_uv: &'a [f64],
}

/// One leg's [`EmgDetector`] as a [`LegFrontEnd`] of the [`crate::pipeline::Pipeline`]: it
/// keeps what it detects for the night's [`LegDetection`] (which grows with movements and
/// stretches, never per sample).
///
/// The record's accelerometer-only parts stay empty: no plot envelope, no impulse count,
/// `final_noise_floor_g` 0 (NaN would make records unequal to themselves); `timeline` holds the rate, start and sample count.
#[derive(Debug, Clone)]
pub struct EmgLegStream {
    detector: EmgDetector,
    fresh: Vec<Detection>,
    record: LegDetection,
    finished: bool,
}

impl EmgLegStream {
    /// A front end for `leg` sampled at `rate_hz`, first sample at `start_s`, long movements
    /// flagged above `long_duration_s` (the record's [`LegDetection::is_long`]).
    pub fn new(
        config: &EmgConfig,
        leg: Leg,
        rate_hz: f64,
        start_s: f64,
        long_duration_s: f64,
    ) -> Result<Self> {
        let detector = EmgDetector::new(config, leg, rate_hz, start_s)?;
        Ok(EmgLegStream {
            detector,
            fresh: Vec::new(),
            record: LegDetection::empty(
                leg,
                start_s,
                TimelineStats {
                    rate_hz,
                    start_s,
                    ..TimelineStats::default()
                },
                0.0,
                long_duration_s,
            ),
            finished: false,
        })
    }

    /// The detector, e.g. to set its clip levels ([`EmgDetector::set_clip_uv`]).
    pub fn detector_mut(&mut self) -> &mut EmgDetector {
        &mut self.detector
    }

    fn record_fresh(&mut self, out: &mut Vec<Detection>) {
        for d in self.fresh.drain(..) {
            self.record.keep(d);
            out.push(d);
        }
    }

    fn check_open(&self) -> Result<()> {
        if self.finished {
            return Err(Error::InvalidInput(format!(
                "{} leg EMG: samples pushed after the end of the stream",
                self.detector.leg()
            )));
        }
        Ok(())
    }
}

impl Stage for EmgLegStream {
    type Input<'a> = EmgBlock<'a>;
    type Output = Detection;

    fn push(&mut self, block: EmgBlock<'_>, out: &mut Vec<Detection>) -> Result<()> {
        self.check_open()?;
        self.detector.skip_to(block.start_s, &mut self.fresh)?;
        self.detector.push(block.samples_uv, &mut self.fresh);
        self.record.timeline.samples += block.samples_uv.len() as u64;
        self.record_fresh(out);
        Ok(())
    }

    fn finish(&mut self, out: &mut Vec<Detection>) -> Result<()> {
        if self.finished {
            return Ok(());
        }
        self.detector.finish(&mut self.fresh);
        self.finished = true;
        self.record_fresh(out);
        Ok(())
    }
}

impl LegFrontEnd for EmgLegStream {
    fn leg(&self) -> Leg {
        self.detector.leg()
    }

    fn advance_to(&mut self, t_s: f64, out: &mut Vec<Detection>) -> Result<()> {
        self.check_open()?;
        if t_s > self.detector.next_time_s() {
            self.detector.skip_to(t_s, &mut self.fresh)?;
            self.record_fresh(out);
        }
        Ok(())
    }

    fn watermark_s(&self) -> f64 {
        if self.finished {
            f64::INFINITY
        } else {
            self.detector.watermark_s()
        }
    }

    fn start_s(&self) -> Option<f64> {
        Some(self.record.start_s)
    }

    fn end_s(&self) -> Option<f64> {
        Some(self.detector.next_time_s())
    }

    fn into_detection(self) -> Result<LegDetection> {
        if !self.finished {
            return Err(Error::InvalidInput(format!(
                "{} leg EMG: the stream was not finished",
                self.detector.leg()
            )));
        }
        let rate = self.detector.rate_hz();
        let mut r = self.record;
        r.end_s = self.detector.next_time_s();
        let samples = ((r.end_s - r.start_s) * rate).round().max(0.0) as u64;
        let secs = |v: &[Interval]| v.iter().map(|i| i.offset_s - i.onset_s).sum::<f64>();
        let (invalid_s, saturated_s) = (secs(&r.invalid), secs(&r.saturated));
        r.quality = QualityCounts {
            samples,
            invalid_samples: (invalid_s * rate).round() as u64,
            invalid_stretches: r.invalid.len() as u64,
            saturated_samples: (saturated_s * rate).round() as u64,
            saturated_stretches: r.saturated.len() as u64,
            impulses: 0,
        };
        r.valid_s = (r.end_s - r.start_s - invalid_s - saturated_s).max(0.0);
        Ok(r)
    }
}
