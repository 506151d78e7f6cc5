//! A polysomnogram through the pipeline: the two leg EMG channels of an EDF / EDF+ / BDF file,
//! read record by record, detected by [`EmgLegStream`]s and scored by the same merge and
//! online scorer as accelerometer traces.

use std::io::Read;
use std::path::Path;

use super::{NightReport, Pipeline, PipelineEvent};
use crate::detect::emg::{EmgBlock, EmgConfig, EmgLegStream, clip_levels_uv};
use crate::event::Leg;
use crate::io::edf::{EdfReader, LegChannels, choose_leg_channels};
use crate::score::{Criteria, ScoringContext};
use crate::{Error, Result};

/// What [`score_edf`] needs besides the file.
#[derive(Debug, Clone)]
pub struct PsgConfig {
    /// EMG detector settings (both legs).
    pub emg: EmgConfig,
    /// Scoring criteria (default WASM 2016).
    pub criteria: Criteria,
    /// Hypnogram, respiratory events, arousals, lights (e.g. from the PSG's annotations:
    /// [`crate::io::annotations::Annotations::scoring_context`]), on the file's time base
    /// (seconds from the header's start time).
    pub context: ScoringContext,
    /// Movements longer than this are flagged long in the leg records (s). Default 10 (the
    /// WASM 2016 limit of a candidate LM).
    pub long_duration_s: f64,
}

impl Default for PsgConfig {
    fn default() -> Self {
        PsgConfig {
            emg: EmgConfig::default(),
            criteria: Criteria::default(),
            context: ScoringContext::default(),
            long_duration_s: 10.0,
        }
    }
}

/// What [`score_edf`] returns: the night and the channels it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct PsgReport {
    /// The report and the per-leg detection records.
    pub night: NightReport,
    /// The leg channels read.
    pub channels: LegChannels,
    /// Data records read.
    pub records: u64,
    /// The header's start time of day (s after midnight), the clock time of time 0.
    pub start_time_of_day_s: f64,
}

/// Opens a polysomnogram and chooses its leg channels ([`choose_leg_channels`]: by label
/// rules, or the given label or `#N` per side). A channel choice that fails names the file
/// (and the labels present when an override matches none).
pub fn open_psg(
    path: impl AsRef<Path>,
    left: Option<&str>,
    right: Option<&str>,
) -> Result<(EdfReader, LegChannels)> {
    let reader = EdfReader::open(path)?;
    let channels = choose_leg_channels(reader.header(), left, right).map_err(|e| match e {
        Error::InvalidInput(s) => Error::InvalidInput(format!("{}: {s}", reader.file())),
        other => other,
    })?;
    Ok((reader, channels))
}

/// Scores the rest of `reader`: each data record's two leg channels go, as one [`EmgBlock`]
/// per leg, through a [`Pipeline`] of [`EmgLegStream`]s (memory: one record, plus the
/// detections and what the scorer holds). `on_events` sees the pipeline's events after each
/// record (return an error to stop). Gaps between the records of a discontinuous EDF+ are
/// missing data; samples at the ends of a channel's physical range are saturated.
///
/// Errors name the file and, for what goes wrong in a record, the record.
pub fn score_edf<R: Read>(
    cfg: &PsgConfig,
    reader: &mut EdfReader<R>,
    channels: &LegChannels,
    mut on_events: impl FnMut(&[PipelineEvent]) -> Result<()>,
) -> Result<PsgReport> {
    let file = reader.file().to_string();
    let in_record = |r: u64, e: Error| match e {
        Error::InvalidInput(s) => Error::InvalidInput(format!("{file}: record {r}: {s}")),
        Error::InvalidConfig(s) => Error::InvalidConfig(format!("{file}: {s}")),
        other => other,
    };
    let mut pipeline: Option<Pipeline<EmgLegStream>> = None;
    let mut events = Vec::new();
    let mut buf = Vec::new();
    let mut records = 0u64;
    while reader.next_record()? {
        let start = reader.record_start_s();
        let p = match &mut pipeline {
            Some(p) => p,
            None => {
                let legs = [Leg::Left, Leg::Right]
                    .into_iter()
                    .map(|leg| {
                        let ch = channels.get(leg);
                        let mut fe = EmgLegStream::new(
                            &cfg.emg,
                            leg,
                            ch.rate_hz,
                            start,
                            cfg.long_duration_s,
                        )
                        .map_err(|e| {
                            Error::InvalidConfig(format!(
                                "{leg} leg channel {:?} at {} Hz: {e}",
                                ch.label, ch.rate_hz
                            ))
                        })?;
                        let (lo, hi) = clip_levels_uv(&reader.header().signals[ch.index]);
                        fe.detector_mut().set_clip_uv(lo, hi)?;
                        Ok(fe)
                    })
                    .collect::<Result<Vec<_>>>()
                    .map_err(|e| in_record(0, e))?;
                pipeline.insert(Pipeline::with_front_ends(
                    &cfg.criteria,
                    &cfg.context,
                    legs,
                )?)
            }
        };
        for leg in [Leg::Left, Leg::Right] {
            reader.samples_uv(channels.get(leg).index, &mut buf)?;
            let block = EmgBlock {
                start_s: start,
                samples_uv: &buf,
            };
            p.push(leg, block, &mut events)
                .map_err(|e| in_record(records, e))?;
        }
        records += 1;
        on_events(&events)?;
        events.clear();
    }
    let Some(p) = pipeline else {
        return Err(Error::InvalidInput(format!("{file}: no data records")));
    };
    let night = p.finish(&mut events)?;
    on_events(&events)?;
    Ok(PsgReport {
        night,
        channels: channels.clone(),
        records,
        start_time_of_day_s: reader.header().start_time_of_day_s,
    })
}
