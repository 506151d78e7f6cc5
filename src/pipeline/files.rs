//! The pipeline over trace files: read block by block on reader threads, in lockstep.

use std::sync::mpsc::{Receiver, Sender, SyncSender, sync_channel};

use serde_json::{Value, json};

use super::{NO_OVERLAP, NightReport, Pipeline, PipelineConfig, PipelineEvent, input_checks};
use crate::event::Leg;
use crate::io::trace::{ReadStats, TimeKind, TraceInfo, TraceReader};
use crate::samples::TriaxialColumns;
use crate::{Error, Result};

/// One ankle's trace file, opened (its format, units and start time are known).
#[derive(Debug)]
pub struct TraceFile {
    /// The ankle it was on.
    pub leg: Leg,
    /// The open reader; its `block_rows` option sets the rows per block handed to the pipeline.
    pub reader: TraceReader,
}

/// One trace file as it was read.
#[derive(Debug, Clone, PartialEq)]
pub struct InputTrace {
    /// The ankle it was on.
    pub leg: Leg,
    /// What the reader found out about the file.
    pub info: TraceInfo,
    /// The reader's tally of rows.
    pub stats: ReadStats,
    /// Seconds from the shared clock's zero (the earliest trace start) to this trace's start.
    pub clock_offset_s: f64,
}

/// A night scored from trace files.
#[derive(Debug, Clone, PartialEq)]
pub struct FileReport {
    /// The report and the detections.
    pub night: NightReport,
    /// The files, in the order given.
    pub inputs: Vec<InputTrace>,
    /// True when two files were given, not both had a start date and time, and not both had
    /// a time column in seconds used as written: the legs were aligned at their first samples.
    pub aligned_at_first_samples: bool,
}

impl FileReport {
    /// The report as `plm_score --json` writes it: [`NightReport::to_json`] (the scoring
    /// report, `data_quality`, `clock_drift`) plus `input` (per file: leg, clock offset,
    /// reader info and stats).
    pub fn to_json(&self) -> Value {
        let mut v = self.night.to_json_at(self.origin_unix_s());
        let input: Vec<Value> = self
            .inputs
            .iter()
            .map(|i| {
                json!({
                    "leg": i.leg,
                    "clock_offset_s": i.clock_offset_s,
                    "info": i.info,
                    "stats": i.stats,
                })
            })
            .collect();
        if let Value::Object(map) = &mut v {
            map.insert("input".into(), Value::Array(input));
        }
        v
    }
}

impl FileReport {
    /// The shared clock's zero as seconds from 1970 (the earliest trace start), when the
    /// traces' start times are known and used.
    pub fn origin_unix_s(&self) -> Option<f64> {
        if self.aligned_at_first_samples {
            return None;
        }
        self.inputs
            .iter()
            .filter_map(|i| i.info.start_unix_s.map(|s| s - i.clock_offset_s))
            .reduce(f64::min)
    }
}

/// Offsets (s) that put every trace on the clock of the earliest one, from their start
/// times. When two traces are given and not both know their start, the offsets are all zero:
/// each trace's own time is used, and the flag is `true` unless every trace's time is a
/// column of seconds used as written (otherwise some trace's time counts from its first
/// sample, so the legs are aligned at their first samples).
pub fn clock_offsets(infos: &[&TraceInfo]) -> (Vec<f64>, bool) {
    let starts: Vec<Option<f64>> = infos.iter().map(|i| i.start_unix_s).collect();
    if infos.len() > 1 && starts.iter().any(Option::is_none) {
        let as_written = infos
            .iter()
            .all(|i| i.columns.time_kind == TimeKind::Seconds);
        return (vec![0.0; infos.len()], !as_written);
    }
    let base = starts
        .iter()
        .flatten()
        .copied()
        .fold(f64::INFINITY, f64::min);
    let offsets = starts.iter().map(|s| s.map_or(0.0, |s| s - base)).collect();
    (offsets, false)
}

/// The shared clock's zero as seconds from 1970: the earliest trace start, when every trace
/// knows its start and their clocks are aligned by them ([`clock_offsets`]); `None` otherwise.
/// Clock-time options (a diary, lights off at `23:10`) are read against it.
pub fn clock_origin_unix_s(infos: &[&TraceInfo]) -> Option<f64> {
    let (_, aligned_at_first_samples) = clock_offsets(infos);
    if aligned_at_first_samples {
        return None;
    }
    infos
        .iter()
        .map(|i| i.start_unix_s)
        .collect::<Option<Vec<f64>>>()
        .and_then(|v| v.into_iter().reduce(f64::min))
}

/// What a reader thread sends: a filled block, the end of the file, or an error.
enum Message {
    Block(TriaxialColumns),
    End(ReadStats),
    Failed(Error),
}

/// Blocks queued per file: enough that parsing runs ahead of detection, few enough that
/// memory stays a handful of blocks.
const QUEUED_BLOCKS: usize = 4;

/// Reads one file into the channel until it ends, fails, or the receiver hangs up.
fn read_blocks(
    mut reader: TraceReader,
    tx: SyncSender<Message>,
    recycle: Receiver<TriaxialColumns>,
) {
    loop {
        let mut block = recycle.try_recv().unwrap_or_default();
        let msg = match reader.next_block(&mut block) {
            Ok(true) => Message::Block(block),
            Ok(false) => Message::End(reader.stats().clone()),
            Err(e) => Message::Failed(e),
        };
        let last = !matches!(msg, Message::Block(_));
        if tx.send(msg).is_err() || last {
            return;
        }
    }
}

/// Scores one or two ankle trace files through the [`Pipeline`]: each file is parsed on its
/// own thread, block by block, and the blocks are pushed in lockstep (always from the leg whose
/// data are furthest behind on the shared clock), so memory is a few blocks per file plus what
/// grows with movements, whatever the recording's length. `on_block` sees the events of every
/// block as they are decided (return an error to stop). Errors name the file.
pub fn score_files(
    cfg: &PipelineConfig,
    files: Vec<TraceFile>,
    mut on_block: impl FnMut(&[PipelineEvent]) -> Result<()>,
) -> Result<FileReport> {
    let infos: Vec<&TraceInfo> = files.iter().map(|f| f.reader.info()).collect();
    input_checks::distinct_files(&infos)?;
    let (offsets, aligned_at_first_samples) = clock_offsets(&infos);
    let clocks: Vec<(Leg, f64)> = files
        .iter()
        .zip(&offsets)
        .map(|(f, &o)| (f.leg, o))
        .collect();
    let mut pipeline = Pipeline::new(cfg, &clocks)?;
    let mut inputs: Vec<InputTrace> = files
        .iter()
        .zip(&offsets)
        .map(|(f, &clock_offset_s)| InputTrace {
            leg: f.leg,
            info: f.reader.info().clone(),
            stats: ReadStats::default(),
            clock_offset_s,
        })
        .collect();
    std::thread::scope(|scope| {
        struct Lane {
            rx: Receiver<Message>,
            recycle: Sender<TriaxialColumns>,
            /// Time of the last row pushed, shared clock; None once the file has ended.
            at: Option<f64>,
        }
        let mut lanes: Vec<Lane> = files
            .into_iter()
            .map(|f| {
                let (tx, rx) = sync_channel(QUEUED_BLOCKS);
                let (recycle, recycled) = std::sync::mpsc::channel();
                scope.spawn(move || read_blocks(f.reader, tx, recycled));
                Lane {
                    rx,
                    recycle,
                    at: Some(f64::NEG_INFINITY),
                }
            })
            .collect();
        let mut events = Vec::new();
        let file_error = |inputs: &[InputTrace], k: usize, e: Error| match e {
            Error::InvalidInput(what) if what.starts_with(NO_OVERLAP) => {
                input_checks::no_overlap(inputs, what)
            }
            Error::InvalidInput(what) => Error::parse(&inputs[k].info.file, 0, what),
            other => other,
        };
        // The lane furthest behind goes next.
        while let Some(k) = (0..lanes.len())
            .filter(|&k| lanes[k].at.is_some())
            .min_by(|&a, &b| lanes[a].at.unwrap().total_cmp(&lanes[b].at.unwrap()))
        {
            let leg = inputs[k].leg;
            let msg = lanes[k].rx.recv().unwrap_or_else(|_| {
                Message::Failed(Error::InvalidInput("the reader thread stopped".into()))
            });
            match msg {
                Message::Block(block) => {
                    if let Some(&t) = block.t.last() {
                        lanes[k].at = Some(t + inputs[k].clock_offset_s);
                    }
                    pipeline
                        .push(leg, block.view(), &mut events)
                        .map_err(|e| file_error(&inputs, k, e))?;
                    // The reader may have finished; a dropped block is simply not reused.
                    let _ = lanes[k].recycle.send(block);
                }
                Message::End(stats) => {
                    inputs[k].stats = stats;
                    lanes[k].at = None;
                    check_rows(&inputs[k])?;
                    pipeline
                        .finish_leg(leg, &mut events)
                        .map_err(|e| file_error(&inputs, k, e))?;
                }
                Message::Failed(e) => return Err(e),
            }
            on_block(&events)?;
            events.clear();
        }
        let mut night = pipeline.finish(&mut events).map_err(|e| match e {
            Error::InvalidInput(what) if what.starts_with(NO_OVERLAP) => {
                input_checks::no_overlap(&inputs, what)
            }
            Error::InvalidInput(what) => {
                let names: Vec<&str> = inputs.iter().map(|i| i.info.file.as_str()).collect();
                Error::parse(names.join(" + "), 0, what)
            }
            other => other,
        })?;
        on_block(&events)?;
        let warnings = input_checks::warnings(&inputs, &night.detection);
        night.report.warnings.extend(warnings);
        Ok(FileReport {
            night,
            inputs,
            aligned_at_first_samples,
        })
    })
}

/// A trace needs at least two usable rows.
fn check_rows(input: &InputTrace) -> Result<()> {
    let stats = &input.stats;
    if stats.rows >= 2 {
        return Ok(());
    }
    Err(Error::parse(
        &input.info.file,
        stats.lines,
        format!(
            "only {} usable data row(s) ({} malformed row(s) skipped): a trace needs at least two",
            stats.rows,
            stats.skipped_rows()
        ),
    ))
}
