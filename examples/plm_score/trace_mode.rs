//! Trace mode: open one or two ankle traces and run them through the library's pipeline
//! (`plmkit::pipeline::score_files`), which reads, detects and scores them streaming.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use plmkit::detect::DetectorConfig;
use plmkit::io::trace::{ReadConfig, TraceInfo, TraceReader, Units};
use plmkit::pipeline::{
    ClockDriftPolicy, NightsConfig, PipelineConfig, TraceFile, clock_origin_unix_s, read_diary,
    score_files,
};
use plmkit::score::Criteria;
use plmkit::{Error, Leg, Result};

use crate::outputs::{self, Night};
use crate::progress::Progress;
use crate::{Args, UnitsArg};

/// Runs trace mode.
pub fn run(args: &Args) -> Result<()> {
    let standard = args.standard;
    let opts = read_options(args)?;
    let (left_path, right_path) = match &args.trace {
        Some(p) => match args.leg {
            Leg::Left => (Some(p), None),
            Leg::Right => (None, Some(p)),
        },
        None => (args.left.as_ref(), args.right.as_ref()),
    };
    let count = Arc::new(AtomicU64::new(0));
    let mut files: Vec<(Leg, &Path)> = Vec::new();
    if let Some(p) = left_path {
        files.push((Leg::Left, p));
    }
    if let Some(p) = right_path {
        files.push((Leg::Right, p));
    }
    let total: u64 = files
        .iter()
        .map(|(_, p)| std::fs::metadata(p).map_or(0, |m| m.len()))
        .sum();
    // Open every file first: a bad header fails before any long read.
    let readers = files
        .iter()
        .map(|&(leg, path)| {
            open_counting(path, &opts, Arc::clone(&count)).map(|reader| TraceFile { leg, reader })
        })
        .collect::<Result<Vec<_>>>()?;
    // The shared clock's zero as a clock time, for clock-time options and the diary.
    let infos: Vec<&TraceInfo> = readers.iter().map(|f| f.reader.info()).collect();
    let origin_unix_s = clock_origin_unix_s(&infos);
    let diary = match &args.diary {
        Some(path) => read_diary(path, origin_unix_s)?,
        None => Vec::new(),
    };
    let config = PipelineConfig {
        detector: DetectorConfig {
            full_scale_g: args.full_scale_g,
            ..DetectorConfig::default()
        },
        criteria: Criteria::for_standard(standard),
        context: crate::scoring_context(args, Default::default(), origin_unix_s)?,
        nights: NightsConfig {
            diary,
            ..NightsConfig::default()
        },
        clock_drift: if args.no_drift_correction {
            ClockDriftPolicy::EstimateOnly
        } else {
            ClockDriftPolicy::Correct
        },
        ..PipelineConfig::default()
    };
    let mut progress = Progress::new("scoring", total);
    let result = score_files(&config, readers, |_| {
        progress.update(count.load(Ordering::Relaxed));
        Ok(())
    });
    progress.finish();
    let result = result?;
    if result.aligned_at_first_samples {
        eprintln!(
            "note: not every trace has a start date and time; the legs are aligned at their \
             first samples"
        );
    }
    let names: Vec<&str> = result.inputs.iter().map(|i| i.info.file.as_str()).collect();
    let night = Night {
        files: Some(&result),
        source: "accelerometric (ankle), not polysomnographic EMG",
        ..Night::of_report(
            &result.night.report,
            config.context.hypnogram.as_ref(),
            names.join(" + "),
        )
    };
    outputs::write_all(args, &night)
}

/// Reader options from the command line.
fn read_options(args: &Args) -> Result<ReadConfig> {
    let units = match (args.units, args.scale) {
        (None, _) => None,
        (Some(UnitsArg::G), _) => Some(Units::G),
        (Some(UnitsArg::MetersPerSecond2), _) => Some(Units::MetersPerSecond2),
        (Some(UnitsArg::Counts), Some(scale)) => Some(Units::Counts { scale }),
        (Some(UnitsArg::Counts), None) => {
            return Err(Error::InvalidConfig(
                "--units counts needs --scale COUNTS_PER_G".into(),
            ));
        }
    };
    let mut opts = ReadConfig {
        format: args.format,
        units,
        scale_counts_per_g: args.scale,
        sample_rate_hz: args.rate,
        epoch_unit: args.time_unit,
        ..ReadConfig::default()
    };
    if let Some(n) = args.block_rows {
        if n == 0 {
            return Err(Error::InvalidConfig(
                "--block-rows must be at least 1".into(),
            ));
        }
        opts.block_rows = n;
    }
    Ok(opts)
}

/// Counts the bytes read so the progress bar can follow the files.
struct CountingReader {
    inner: File,
    count: Arc<AtomicU64>,
}

impl Read for CountingReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Opens a trace whose reads add to `count`.
fn open_counting(path: &Path, opts: &ReadConfig, count: Arc<AtomicU64>) -> Result<TraceReader> {
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    let counting = CountingReader { inner: file, count };
    TraceReader::open_through(opts, path, BufReader::with_capacity(1 << 20, counting))
}
