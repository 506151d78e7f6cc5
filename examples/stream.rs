//! Reads ankle traces as a live stream (a file or standard input, in small blocks) and prints
//! each leg movement, scoring decision and PLM series as a JSON line the moment the library's
//! pipeline decides it, the way a companion app would consume them.
//!
//! ```text
//! stream LEFT|- [--right RIGHT] [--standard wasm2016|aasm2012] [--block-rows N] [--full-scale-g G]
//! ```
//! Lines: `{"event":"lm"|"posture"|"rejected"|"invalid"|"saturated", "leg", ...}` from the
//! detectors; `{"event":"scored"|"periodic"|"series", ...}` from the scorer; one
//! `{"event":"summary", ...}` at the end. Each line carries `data_s`: the latest data time read
//! when it was decided (shared clock), so the latency is `data_s` minus the event's time.

use std::io::{BufReader, Write};
use std::path::PathBuf;
use std::process::exit;

use clap::Parser;
use plmkit::io::trace::{ReadConfig, TraceInfo, TraceReader};
use plmkit::pipeline::{Pipeline, PipelineConfig, PipelineEvent, clock_offsets};
use plmkit::score::{Criteria, Standard};
use plmkit::{Error, Leg, Result, TriaxialColumns};
use serde_json::{Value, json};

/// Command-line arguments.
#[derive(Parser, Debug)]
#[command(about = "Stream ankle traces through plmkit's pipeline, one JSON line per decision")]
struct Args {
    /// Left ankle trace (any supported format), or `-` for standard input.
    left: PathBuf,
    /// Right ankle trace.
    #[arg(long)]
    right: Option<PathBuf>,
    /// Scoring standard.
    #[arg(long, default_value = "wasm2016")]
    standard: String,
    /// Rows read per block (a live source delivers a few at a time).
    #[arg(long, default_value_t = 25)]
    block_rows: usize,
    /// The sensor's full-scale range in g: samples near it count as saturated.
    #[arg(long)]
    full_scale_g: Option<f64>,
}

fn main() {
    if let Err(e) = run(&Args::parse()) {
        eprintln!("error: {e}");
        exit(1);
    }
}

fn open(path: &PathBuf, opts: &ReadConfig) -> Result<TraceReader> {
    if path.as_os_str() == "-" {
        let stdin = BufReader::new(std::io::stdin());
        TraceReader::from_reader(opts, "<stdin>", stdin)
    } else {
        TraceReader::open(opts, path)
    }
}

fn run(args: &Args) -> Result<()> {
    if args.block_rows == 0 {
        return Err(Error::InvalidConfig(
            "--block-rows must be at least 1".into(),
        ));
    }
    let standard: Standard = args.standard.parse()?;
    let opts = ReadConfig {
        block_rows: args.block_rows,
        ..ReadConfig::default()
    };
    let mut readers = vec![(Leg::Left, open(&args.left, &opts)?)];
    if let Some(r) = &args.right {
        readers.push((Leg::Right, open(r, &opts)?));
    }
    let infos: Vec<&TraceInfo> = readers.iter().map(|(_, r)| r.info()).collect();
    let (offsets, _) = clock_offsets(&infos);
    let clocks: Vec<(Leg, f64)> = readers
        .iter()
        .zip(&offsets)
        .map(|((l, _), &o)| (*l, o))
        .collect();
    let mut cfg = PipelineConfig {
        criteria: Criteria::for_standard(standard),
        ..PipelineConfig::default()
    };
    cfg.detector.full_scale_g = args.full_scale_g;
    let mut pipeline = Pipeline::new(&cfg, &clocks)?;

    let stdout = std::io::stdout();
    let mut out = std::io::LineWriter::new(stdout.lock());
    let mut events = Vec::new();
    let mut block = TriaxialColumns::default();
    // Time of the last row read per leg (shared clock); None once the leg has ended.
    let mut at: Vec<Option<f64>> = vec![Some(f64::NEG_INFINITY); readers.len()];
    let mut data_s = f64::NEG_INFINITY;
    // Read like a live source: always from the leg that is furthest behind.
    while let Some(k) = (0..readers.len())
        .filter(|&k| at[k].is_some())
        .min_by(|&a, &b| at[a].unwrap().total_cmp(&at[b].unwrap()))
    {
        let (leg, reader) = &mut readers[k];
        if reader.next_block(&mut block)? {
            let t = block.t[block.len() - 1] + offsets[k];
            at[k] = Some(t);
            data_s = data_s.max(t);
            pipeline.push(*leg, block.view(), &mut events)?;
        } else {
            at[k] = None;
            pipeline.finish_leg(*leg, &mut events)?;
        }
        write_events(&mut out, &events, data_s)?;
        events.clear();
    }
    let night = pipeline.finish(&mut events)?;
    write_events(&mut out, &events, data_s)?;
    let summary = json!({
        "event": "summary",
        "standard": standard.name(),
        "summary": night.report.summary,
        "series": night.report.series.len(),
    });
    writeln!(out, "{summary}").map_err(|e| Error::io("<stdout>", e))?;
    Ok(())
}

fn write_events(out: &mut impl Write, events: &[PipelineEvent], data_s: f64) -> Result<()> {
    for e in events {
        let line = event_json(e, data_s);
        if writeln!(out, "{line}").is_err() {
            // A closed pipe (e.g. `| head`): the reader is done listening.
            exit(0);
        }
    }
    Ok(())
}

/// One event as the JSON object a consumer reads: the library's, with the data time.
fn event_json(e: &PipelineEvent, data_s: f64) -> Value {
    let mut v = e.to_json();
    if let Value::Object(m) = &mut v {
        m.insert("data_s".into(), json!(data_s));
    }
    v
}
