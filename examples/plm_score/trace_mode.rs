//! Trace mode: read one or two ankle traces, put them on one clock, detect leg movements and
//! posture changes, and score them.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use plmkit::detect::{DetectorConfig, TraceColumns, detect_night};
use plmkit::io::trace::{ReadOptions, Trace, TraceBlock, TraceFormat, TraceReader};
use plmkit::score::{Criteria, Standard, score};
use plmkit::{Error, Interval, Leg, Result};

use crate::Args;
use crate::outputs::{self, InputTrace, Night};
use crate::progress::Progress;

/// Runs trace mode.
pub fn run(args: &Args) -> Result<()> {
    let standard: Standard = args.standard.parse()?;
    let opts = read_options(args)?;
    let (left_path, right_path) = match &args.trace {
        Some(p) => match args.leg.to_ascii_lowercase().as_str() {
            "left" | "l" => (Some(p), None),
            "right" | "r" => (None, Some(p)),
            other => {
                return Err(Error::InvalidConfig(format!(
                    "--leg {other}: expected left or right"
                )));
            }
        },
        None => (args.left.as_ref(), args.right.as_ref()),
    };
    let mut files: Vec<(Leg, &Path)> = Vec::new();
    if let Some(p) = left_path {
        files.push((Leg::Left, p));
    }
    if let Some(p) = right_path {
        files.push((Leg::Right, p));
    }
    let traces = read_traces(&files, &opts)?;
    let offsets = clock_offsets(&traces);

    let config = DetectorConfig {
        full_scale_g: args.full_scale_g,
        ..DetectorConfig::default()
    };
    let columns = |leg: Leg| {
        traces
            .iter()
            .zip(&offsets)
            .find(|((l, _), _)| *l == leg)
            .map(|((_, t), off)| {
                let mut c = TraceColumns::new(&t.t, &t.x, &t.y, &t.z);
                c.offset_s = *off;
                c
            })
    };
    // The detector names the leg in its errors; the user needs the file too.
    let detection =
        detect_night(columns(Leg::Left), columns(Leg::Right), &config).map_err(|e| match e {
            Error::InvalidInput(what) => {
                let names: Vec<String> =
                    files.iter().map(|(_, p)| p.display().to_string()).collect();
                Error::parse(names.join(" + "), 0, what)
            }
            other => other,
        })?;

    let mut context = crate::scoring_context(args)?;
    // Missing and saturated data on any leg: no series runs across it and it leaves the
    // denominators. Without --recording-hours or lights times, the span both legs cover is the
    // recording.
    context.invalid = detection
        .legs
        .iter()
        .flat_map(|l| l.invalid.iter().chain(&l.saturated))
        .copied()
        .collect();
    if context.recording_s.is_none() && context.lights.is_none() {
        context.lights = Some(Interval {
            onset_s: detection.start_s,
            offset_s: detection.end_s,
        });
    }
    let report = score(
        &detection.events(),
        &context,
        &Criteria::for_standard(standard),
    )?;

    let inputs: Vec<InputTrace> = traces
        .iter()
        .zip(&offsets)
        .map(|((leg, t), off)| InputTrace {
            leg: *leg,
            info: t.info.clone(),
            stats: t.stats.clone(),
            clock_offset_s: *off,
        })
        .collect();
    let names: Vec<String> = inputs.iter().map(|i| i.info.file.clone()).collect();
    let night = Night {
        report: &report,
        hypnogram: context.hypnogram.as_ref(),
        detection: Some(&detection),
        inputs,
        title: format!("{} ({})", names.join(" + "), standard.name()),
    };
    outputs::write_all(args, &night)
}

/// Reader options from the command line.
fn read_options(args: &Args) -> Result<ReadOptions> {
    let mut opts = ReadOptions::default();
    if let Some(name) = &args.format {
        opts.format = Some(parse_format(name)?);
    }
    opts.scale_counts_per_g = args.scale;
    Ok(opts)
}

fn parse_format(name: &str) -> Result<TraceFormat> {
    use TraceFormat::*;
    let all = [
        ("actigraph_csv", ActiGraphCsv),
        ("actigraph_gt3x", ActiGraphGt3x),
        ("geneactiv_csv", GeneActivCsv),
        ("geneactiv_bin", GeneActivBin),
        ("axivity_csv", AxivityCsv),
        ("phone_nanos", PhoneNanos),
        ("phone_seconds", PhoneSeconds),
        ("plain", Plain),
    ];
    all.iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, f)| *f)
        .ok_or_else(|| {
            let names: Vec<&str> = all.iter().map(|(n, _)| *n).collect();
            Error::InvalidConfig(format!(
                "--format {name}: expected one of {}",
                names.join(", ")
            ))
        })
}

/// Offsets that put every trace on the clock of the earliest one, from their start times.
/// A trace without a known start time is taken to start with the others (and said so).
fn clock_offsets(traces: &[(Leg, Trace)]) -> Vec<f64> {
    let starts: Vec<Option<f64>> = traces.iter().map(|(_, t)| t.info.start_unix_s).collect();
    let known: Vec<f64> = starts.iter().flatten().copied().collect();
    if traces.len() > 1 && known.len() < traces.len() {
        eprintln!(
            "note: not every trace has a start date and time; the legs are aligned at their \
             first samples"
        );
        return vec![0.0; traces.len()];
    }
    let base = known.iter().copied().fold(f64::INFINITY, f64::min);
    starts.iter().map(|s| s.map_or(0.0, |s| s - base)).collect()
}

/// Counts the bytes read so the progress bar can follow the file.
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

/// Reads the traces, one thread per file (parsing is most of plm_score's time, and the legs
/// are independent), with one progress bar over all their bytes.
fn read_traces(files: &[(Leg, &Path)], opts: &ReadOptions) -> Result<Vec<(Leg, Trace)>> {
    let count = Arc::new(AtomicU64::new(0));
    let total: u64 = files
        .iter()
        .map(|(_, p)| std::fs::metadata(p).map_or(0, |m| m.len()))
        .sum();
    std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .iter()
            .map(|&(leg, path)| {
                let count = Arc::clone(&count);
                scope.spawn(move || read_counting(path, opts, count).map(|t| (leg, t)))
            })
            .collect();
        let mut progress = Progress::new("reading", total);
        while !handles.iter().all(|h| h.is_finished()) {
            progress.update(count.load(Ordering::Relaxed));
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        progress.finish();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// Reads a whole trace, adding the bytes read to `count` as it goes.
fn read_counting(path: &Path, opts: &ReadOptions, count: Arc<AtomicU64>) -> Result<Trace> {
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    let counting = CountingReader { inner: file, count };
    let name = path.display().to_string();
    let mut reader =
        TraceReader::from_reader(name, BufReader::with_capacity(1 << 20, counting), opts)?;
    let (mut t, mut x, mut y, mut z) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut block = TraceBlock::default();
    while reader.next_block(&mut block)? {
        t.extend_from_slice(&block.t);
        x.extend_from_slice(&block.x);
        y.extend_from_slice(&block.y);
        z.extend_from_slice(&block.z);
    }
    let stats = reader.stats();
    if t.len() < 2 {
        let skipped: usize = stats.skipped.iter().map(|k| k.count).sum();
        return Err(Error::parse(
            path,
            stats.lines,
            format!(
                "only {} usable data row(s) ({skipped} malformed row(s) skipped): a trace needs \
                 at least two",
                t.len()
            ),
        ));
    }
    Ok(Trace {
        info: reader.info().clone(),
        stats: reader.stats().clone(),
        t,
        x,
        y,
        z,
    })
}
