//! The streaming EMG detector of one leg.

use std::sync::Arc;

use crate::detect::{Detection, RejectReason, Rejected};
use crate::event::{Interval, Leg, LegMovement, MovementKind};
use crate::filter::{Band, Filter, RunningPercentile, SosCascade, SosFilter, butter};
use crate::{Error, Result};

use super::EmgConfig;
use super::median::SmallMedian;

/// Samples filtered per call of the cascade (the scratch buffer's size).
const CHUNK: usize = 1024;

#[derive(Debug, Clone, Copy)]
struct Active {
    /// Envelope bin (segment-relative) of the onset.
    onset: u64,
    /// First bin of the current quiet run, if one is running.
    quiet_from: Option<u64>,
    peak: f64,
    area: f64,
    /// Area up to the start of the quiet run.
    area_at_quiet: f64,
}

/// Streaming EMG leg-movement detector for one leg (WASM 2016 rules, see [`EmgConfig`]).
///
/// Push blocks of samples in µV, of any size; the detections (in onset order) do not depend
/// on how the stream is cut. [`skip_to`](Self::skip_to) declares a gap (the next sample's
/// time), e.g. between the records of a discontinuous EDF+; non-finite samples are gaps too.
/// A gap is reported as [`Detection::Invalid`], a movement in progress at a gap is rejected
/// ([`RejectReason::Gap`]), and the filters restart after it, so no movement is glued across.
///
/// ```
/// use plmkit::Leg;
/// use plmkit::detect::Detection;
/// use plmkit::detect::emg::{EmgConfig, EmgDetector};
///
/// let rate = 256.0;
/// let mut det = EmgDetector::new(&EmgConfig::default(), Leg::Left, rate, 0.0)?;
/// // 10 s of rest (±2 µV) with a 2-s burst of ±40 µV at 4 s.
/// let x: Vec<f64> = (0..2560)
///     .map(|i| {
///         let t = i as f64 / rate;
///         let a = if (4.0..6.0).contains(&t) { 40.0 } else { 2.0 };
///         a * if i % 2 == 0 { 1.0 } else { -1.0 } * (1.0 + 0.3 * (i as f64 * 0.7).sin())
///     })
///     .collect();
/// let mut out = Vec::new();
/// det.push(&x, &mut out);
/// det.finish(&mut out);
/// let lms: Vec<_> = out.iter().filter_map(|d| match d {
///     Detection::Movement(m) => Some(*m),
///     _ => None,
/// }).collect();
/// assert_eq!(lms.len(), 1);
/// assert!((lms[0].onset_s - 4.0).abs() < 0.1 && (lms[0].offset_s - 6.0).abs() < 0.1);
/// # Ok::<(), plmkit::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct EmgDetector {
    leg: Leg,
    rate_hz: f64,
    // Settings in samples / bins.
    bin_n: u32,
    bin_s: f64,
    half_median: u64,
    block_bins: u32,
    quiet_bins: u64,
    min_bins: u64,
    onset_uv: f64,
    offset_uv: f64,
    // State.
    filter: SosFilter<f64, Arc<SosCascade<f64>>>,
    scratch: Vec<f64>,
    median: SmallMedian,
    rest: RunningPercentile<f64>,
    rest_uv: Option<f64>,
    /// Start time of the current segment (s) and samples in it.
    seg_start_s: f64,
    seg_samples: u64,
    bin_sum: f64,
    bin_fill: u32,
    /// Bins pushed into the median in this segment.
    bins: u64,
    block_sum: f64,
    block_fill: u32,
    active: Option<Active>,
    /// Start of a run of bad samples, if inside one.
    bad_from_s: Option<f64>,
    /// The run is of clipped samples (else of non-finite ones).
    bad_saturated: bool,
    /// Samples at or beyond these (µV) are clipped by the amplifier or the file's range.
    clip_uv: (f64, f64),
}

impl EmgDetector {
    /// A detector for `leg` at `rate_hz` whose first sample is at `start_s` (s). Validates the
    /// configuration against the rate.
    pub fn new(config: &EmgConfig, leg: Leg, rate_hz: f64, start_s: f64) -> Result<Self> {
        config.validate(rate_hz)?;
        if !start_s.is_finite() {
            return Err(Error::InvalidInput(format!(
                "EMG detector start time {start_s} s is not finite"
            )));
        }
        let nyq = rate_hz / 2.0;
        let mut sections = butter(
            config.highpass_order,
            Band::Highpass(config.highpass_hz),
            rate_hz,
        )?
        .sections()
        .to_vec();
        for &f in &config.notch_hz {
            let (lo, hi) = (
                f - config.notch_width_hz / 2.0,
                f + config.notch_width_hz / 2.0,
            );
            if hi < 0.95 * nyq {
                sections.extend_from_slice(butter(1, Band::Bandstop(lo, hi), rate_hz)?.sections());
            }
        }
        let cascade = Arc::new(SosCascade::new(sections)?);
        let bin_n = (config.bin_s * rate_hz).round().max(1.0) as u32;
        let bin_s = bin_n as f64 / rate_hz;
        let median_bins = {
            let m = (config.median_s / bin_s).round().max(1.0) as usize;
            if m % 2 == 0 { m + 1 } else { m }
        };
        let block_bins = (config.rest_block_s / bin_s).round().max(1.0) as u32;
        let rest_blocks = (config.rest_window_s / (block_bins as f64 * bin_s))
            .round()
            .max(1.0) as usize;
        Ok(EmgDetector {
            leg,
            rate_hz,
            bin_n,
            bin_s,
            half_median: (median_bins as u64 - 1) / 2,
            block_bins,
            quiet_bins: (config.offset_quiet_s / bin_s).round().max(1.0) as u64,
            min_bins: (config.min_duration_s / bin_s - 1e-9).ceil().max(0.0) as u64,
            onset_uv: config.onset_above_rest_uv,
            offset_uv: config.offset_above_rest_uv,
            filter: SosFilter::new_steady(cascade),
            scratch: vec![0.0; CHUNK],
            median: SmallMedian::new(median_bins),
            rest: RunningPercentile::new(rest_blocks, config.rest_percentile)?,
            rest_uv: None,
            seg_start_s: start_s,
            seg_samples: 0,
            bin_sum: 0.0,
            bin_fill: 0,
            bins: 0,
            block_sum: 0.0,
            block_fill: 0,
            active: None,
            bad_from_s: None,
            bad_saturated: false,
            clip_uv: (f64::NEG_INFINITY, f64::INFINITY),
        })
    }

    /// Declares the recording's clipping levels (µV): a sample at or beyond either is
    /// saturated. Runs of saturated samples are reported as [`Detection::Saturated`], a
    /// movement in progress is rejected ([`RejectReason::Saturated`]), and the filters restart
    /// after them, as after a gap. [`detect_edf`](super::detect_edf) sets this to the
    /// channel's physical range less half a digital step.
    pub fn set_clip_uv(&mut self, low_uv: f64, high_uv: f64) -> Result<()> {
        if low_uv.is_nan() || high_uv.is_nan() || low_uv >= high_uv {
            return Err(Error::InvalidInput(format!(
                "{} leg EMG: clip levels {low_uv} .. {high_uv} µV must be ordered",
                self.leg
            )));
        }
        self.clip_uv = (low_uv, high_uv);
        Ok(())
    }

    /// The leg this detector watches.
    pub fn leg(&self) -> Leg {
        self.leg
    }

    /// The sample rate (Hz).
    pub fn rate_hz(&self) -> f64 {
        self.rate_hz
    }

    /// The current resting level (µV of the envelope), once the first rest block is complete.
    pub fn rest_uv(&self) -> Option<f64> {
        self.rest_uv
    }

    /// Time (s) the next pushed sample is taken to have.
    pub fn next_time_s(&self) -> f64 {
        self.seg_start_s + self.seg_samples as f64 / self.rate_hz
    }

    /// No detection emitted from now on has an onset (a stretch: a start) before this time
    /// (s): the start of a run of bad samples in progress, else the onset of a movement in
    /// progress, else the next envelope bin the onset rule will look at (the centred median
    /// looks `median_s / 2` ahead, so this trails the data by that much).
    pub fn watermark_s(&self) -> f64 {
        if let Some(t) = self.bad_from_s {
            return t;
        }
        match &self.active {
            Some(a) => self.bin_time(a.onset),
            None => self.bin_time(self.bins.saturating_sub(self.half_median)),
        }
    }

    /// Declares that the next sample is at `t_s`. Later than [`next_time_s`](Self::next_time_s)
    /// by more than half a sample: the stretch between is a gap ([`Detection::Invalid`]), a
    /// movement in progress is rejected, and the filters restart. Earlier by more than half a
    /// sample: an error (time must not run backwards). Otherwise nothing happens.
    pub fn skip_to(&mut self, t_s: f64, out: &mut Vec<Detection>) -> Result<()> {
        let expected = self.next_time_s();
        let half = 0.5 / self.rate_hz;
        if !t_s.is_finite() || t_s < expected - half {
            return Err(Error::InvalidInput(format!(
                "{} leg EMG: next sample at {t_s} s, but the stream is already at {expected} s",
                self.leg
            )));
        }
        if t_s > expected + half {
            self.end_segment(RejectReason::Gap, out);
            if self.bad_from_s.is_none() {
                out.push(Detection::Invalid(Interval {
                    onset_s: expected,
                    offset_s: t_s,
                }));
            }
            self.restart(t_s);
        }
        Ok(())
    }

    /// Feeds samples (µV) and appends what is decided to `out`. Non-finite samples are missing
    /// data (a gap); samples at the clip levels (see [`set_clip_uv`](Self::set_clip_uv)) are
    /// saturated. A run of either is one stretch, of the kind of its first sample.
    pub fn push(&mut self, samples_uv: &[f64], out: &mut Vec<Detection>) {
        let (lo, hi) = self.clip_uv;
        let bad = |v: &f64| !(v.is_finite() && *v > lo && *v < hi);
        let mut rest = samples_uv;
        while !rest.is_empty() {
            if self.bad_from_s.is_some() {
                // Inside a run of bad samples: skip to the next good one.
                let n = rest.iter().position(|v| !bad(v)).unwrap_or(rest.len());
                self.seg_samples += n as u64;
                rest = &rest[n..];
                if !rest.is_empty() {
                    let t = self.next_time_s();
                    self.end_bad_run(t, out);
                    self.restart(t);
                }
                continue;
            }
            let n = rest.iter().position(bad).unwrap_or(rest.len());
            let (good, tail) = rest.split_at(n);
            self.push_finite(good, out);
            rest = tail;
            if let Some(first) = rest.first() {
                let t = self.next_time_s();
                let saturated = first.is_finite();
                self.end_segment(
                    if saturated {
                        RejectReason::Saturated
                    } else {
                        RejectReason::Gap
                    },
                    out,
                );
                self.restart(t);
                self.bad_from_s = Some(t);
                self.bad_saturated = saturated;
            }
        }
    }

    fn end_bad_run(&mut self, t: f64, out: &mut Vec<Detection>) {
        if let Some(from) = self.bad_from_s.take() {
            let span = Interval {
                onset_s: from,
                offset_s: t,
            };
            out.push(if self.bad_saturated {
                Detection::Saturated(span)
            } else {
                Detection::Invalid(span)
            });
        }
    }

    /// Ends the stream: a movement still in progress is rejected
    /// ([`RejectReason::EndOfData`]), a run of bad samples is reported.
    pub fn finish(&mut self, out: &mut Vec<Detection>) {
        let t = self.next_time_s();
        self.end_bad_run(t, out);
        self.end_segment(RejectReason::EndOfData, out);
        let t = self.next_time_s();
        self.restart(t);
    }

    /// Starts a new segment at `t_s`: filters and envelope restart, the resting level is kept.
    fn restart(&mut self, t_s: f64) {
        self.filter.reset();
        self.median.reset();
        self.seg_start_s = t_s;
        self.seg_samples = 0;
        self.bin_sum = 0.0;
        self.bin_fill = 0;
        self.bins = 0;
        self.block_sum = 0.0;
        self.block_fill = 0;
        self.active = None;
    }

    fn end_segment(&mut self, reason: RejectReason, out: &mut Vec<Detection>) {
        if let Some(a) = self.active.take() {
            let last = self.bins.saturating_sub(self.half_median + 1);
            let mut m = self.movement(a.onset, last.max(a.onset), a.peak, a.area);
            m.kind = MovementKind::Leg;
            out.push(Detection::Rejected(Rejected {
                movement: m,
                reason,
            }));
        }
    }

    fn bin_time(&self, bin: u64) -> f64 {
        self.seg_start_s + (bin * self.bin_n as u64) as f64 / self.rate_hz
    }

    fn movement(&self, onset: u64, offset: u64, peak: f64, area: f64) -> LegMovement {
        LegMovement {
            peak: Some(peak),
            area: Some(area),
            ..LegMovement::new(self.leg, self.bin_time(onset), self.bin_time(offset))
        }
    }

    fn push_finite(&mut self, samples: &[f64], out: &mut Vec<Detection>) {
        let mut scratch = std::mem::take(&mut self.scratch);
        for chunk in samples.chunks(CHUNK) {
            let buf = &mut scratch[..chunk.len()];
            buf.copy_from_slice(chunk);
            self.filter.process_block(buf);
            self.seg_samples += chunk.len() as u64;
            // Bin by bin, the running sum in a register. Within a bin the samples are added
            // in order from the bin's start, so the sums do not depend on the chunking.
            let mut rest: &[f64] = buf;
            while !rest.is_empty() {
                let take = ((self.bin_n - self.bin_fill) as usize).min(rest.len());
                let (part, tail) = rest.split_at(take);
                let mut sum = self.bin_sum;
                for &y in part {
                    sum += y.abs();
                }
                self.bin_sum = sum;
                self.bin_fill += take as u32;
                rest = tail;
                if self.bin_fill == self.bin_n {
                    let mean = self.bin_sum / self.bin_n as f64;
                    self.bin_sum = 0.0;
                    self.bin_fill = 0;
                    self.push_bin(mean, out);
                }
            }
        }
        self.scratch = scratch;
    }

    /// One bin mean in; the centred median envelope of bin `bins - 1 - half_median` out.
    fn push_bin(&mut self, mean: f64, out: &mut Vec<Detection>) {
        let env = self.median.push(mean);
        self.bins += 1;
        if self.bins <= 2 * self.half_median {
            return; // median window not yet full
        }
        let bin = self.bins - 1 - self.half_median;
        // Resting level: percentile of block means of the envelope.
        self.block_sum += env;
        self.block_fill += 1;
        if self.block_fill == self.block_bins {
            let v = self.rest.push(self.block_sum / self.block_bins as f64);
            self.rest_uv = Some(v);
            self.block_sum = 0.0;
            self.block_fill = 0;
        }
        let Some(rest) = self.rest_uv else {
            return;
        };
        let above = env - rest;
        match &mut self.active {
            None => {
                if above > self.onset_uv {
                    self.active = Some(Active {
                        onset: bin,
                        quiet_from: None,
                        peak: above,
                        area: above * self.bin_s,
                        area_at_quiet: 0.0,
                    });
                }
            }
            Some(a) => {
                if above <= self.offset_uv {
                    let from = *a.quiet_from.get_or_insert_with(|| {
                        a.area_at_quiet = a.area;
                        bin
                    });
                    a.area += above.max(0.0) * self.bin_s;
                    if bin + 1 - from >= self.quiet_bins {
                        let a = *a;
                        self.active = None;
                        let m = self.movement(a.onset, from, a.peak, a.area_at_quiet);
                        if from - a.onset < self.min_bins {
                            out.push(Detection::Rejected(Rejected {
                                movement: m,
                                reason: RejectReason::TooShort,
                            }));
                        } else {
                            out.push(Detection::Movement(m));
                        }
                    }
                } else {
                    a.quiet_from = None;
                    a.peak = a.peak.max(above);
                    a.area += above * self.bin_s;
                }
            }
        }
    }
}
