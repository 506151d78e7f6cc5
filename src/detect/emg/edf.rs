//! Both legs of an EDF / EDF+ / BDF file through the EMG detector, record by record.

use std::io::Read;

use super::{EmgConfig, EmgDetector};
use crate::detect::Detection;
use crate::event::{Interval, Leg, LegMovement};
use crate::io::edf::{EdfAnnotation, EdfReader, LegChannels, SignalInfo};
use crate::{Error, Result};

/// What [`detect_edf`] found: each leg's detections, the file's annotations, the data's span.
#[derive(Debug, Clone, PartialEq)]
pub struct EdfEmgDetection {
    /// Left-leg detections in onset order.
    pub left: Vec<Detection>,
    /// Right-leg detections in onset order.
    pub right: Vec<Detection>,
    /// Every EDF+ annotation of the file, in file order.
    pub annotations: Vec<EdfAnnotation>,
    /// From the first record's start to the last record's end (s).
    pub span_s: Interval,
}

impl EdfEmgDetection {
    /// The detections of `leg`.
    pub fn leg(&self, leg: Leg) -> &[Detection] {
        match leg {
            Leg::Left => &self.left,
            Leg::Right => &self.right,
        }
    }

    /// Every accepted movement of both legs.
    pub fn movements(&self) -> Vec<LegMovement> {
        self.left
            .iter()
            .chain(&self.right)
            .filter_map(|d| match d {
                Detection::Movement(m) => Some(*m),
                _ => None,
            })
            .collect()
    }

    /// Every invalid stretch (gaps between records, non-finite samples) of either leg.
    pub fn invalid(&self) -> Vec<Interval> {
        self.left
            .iter()
            .chain(&self.right)
            .filter_map(|d| match d {
                Detection::Invalid(i) | Detection::Saturated(i) => Some(*i),
                _ => None,
            })
            .collect()
    }
}

/// Reads the rest of `reader` record by record and runs an [`EmgDetector`] on each chosen leg
/// channel. Gaps between the records of a discontinuous file become [`Detection::Invalid`];
/// samples at the ends of a channel's physical range (clipped) become
/// [`Detection::Saturated`]; no movement is joined across either. Memory: one record plus the
/// detections.
pub fn detect_edf<R: Read>(
    config: &EmgConfig,
    reader: &mut EdfReader<R>,
    channels: &LegChannels,
) -> Result<EdfEmgDetection> {
    let mut dets: Vec<(usize, EmgDetector, Vec<Detection>)> = Vec::with_capacity(2);
    let mut buf = Vec::new();
    let mut annotations = Vec::new();
    let mut first_start = None;
    let mut end = 0.0;
    let dur = reader.header().record_duration_s;
    while reader.next_record()? {
        let start = reader.record_start_s();
        annotations.extend_from_slice(reader.annotations());
        if first_start.is_none() {
            first_start = Some(start);
            for leg in [Leg::Left, Leg::Right] {
                let ch = channels.get(leg);
                let mut det = EmgDetector::new(config, leg, ch.rate_hz, start).map_err(|e| {
                    Error::InvalidConfig(format!(
                        "{}: {leg} leg channel {:?} at {} Hz: {e}",
                        reader.file(),
                        ch.label,
                        ch.rate_hz
                    ))
                })?;
                let (lo, hi) = clip_levels_uv(&reader.header().signals[ch.index]);
                det.set_clip_uv(lo, hi)?;
                dets.push((ch.index, det, Vec::new()));
            }
        }
        for (index, det, out) in dets.iter_mut() {
            det.skip_to(start, out)?;
            reader.samples_uv(*index, &mut buf)?;
            det.push(&buf, out);
        }
        end = start + dur;
    }
    for (_, det, out) in dets.iter_mut() {
        det.finish(out);
    }
    let mut it = dets.into_iter().map(|(_, _, out)| out);
    let left = it.next().unwrap_or_default();
    let right = it.next().unwrap_or_default();
    Ok(EdfEmgDetection {
        left,
        right,
        annotations,
        span_s: Interval {
            onset_s: first_start.unwrap_or(0.0),
            offset_s: end,
        },
    })
}

/// The levels (µV) at or beyond which a channel's samples are clipped: its physical range less
/// half a digital step at each end (the file cannot hold anything beyond it).
pub fn clip_levels_uv(info: &SignalInfo) -> (f64, f64) {
    let k = info.uv_per_unit.unwrap_or(1.0);
    let s = &info.header;
    let half_step =
        0.5 * (s.physical_max - s.physical_min) / (s.digital_max - s.digital_min) as f64;
    let (a, b) = (s.physical_min * k, s.physical_max * k);
    let (lo, hi) = (a.min(b), a.max(b));
    (lo + half_step.abs() * k, hi - half_step.abs() * k)
}
