//! Scores a night of leg movements against AASM 2012 or WASM 2016.
//!
//! Events mode:
//! ```text
//! plm_score --events EVENTS.csv [--standard wasm2016|aasm2012] [--hypnogram FILE]
//!           [--hypnogram-start S] [--respiratory FILE] [--arousals FILE] [--recording-hours H]
//!           [--json PATH|-] [--events-out PATH]
//! ```
//! Without `--json -` a short summary is printed on standard output. Bad input: one line
//! `error: FILE:LINE: what` on standard error and exit status 1.

use std::path::PathBuf;
use std::process::exit;

use clap::Parser;
use plmkit::io::events::{
    read_events, read_hypnogram, read_intervals, write_movements_csv, write_report_json,
};
use plmkit::score::{Criteria, Hypnogram, IndexBasis, Report, ScoringContext, Standard, score};
use plmkit::{Error, Result};

/// Command-line arguments.
#[derive(Parser, Debug)]
#[command(about = "Score periodic limb movements (AASM 2012 / WASM 2016) from leg-movement events")]
struct Args {
    /// Leg-movement events CSV: leg,onset_s,offset_s[,kind].
    #[arg(long)]
    events: PathBuf,
    /// Scoring standard.
    #[arg(long, default_value = "wasm2016")]
    standard: String,
    /// Hypnogram: one stage per 30-s epoch (W, N1, N2, N3, R, S or 0-5).
    #[arg(long)]
    hypnogram: Option<PathBuf>,
    /// Time in seconds at which the hypnogram's first epoch starts (default 0).
    #[arg(long, default_value_t = 0.0)]
    hypnogram_start: f64,
    /// Respiratory events CSV: onset_s,offset_s.
    #[arg(long)]
    respiratory: Option<PathBuf>,
    /// Arousals CSV: onset_s,offset_s.
    #[arg(long)]
    arousals: Option<PathBuf>,
    /// Recording span (lights off to lights on) in hours.
    #[arg(long)]
    recording_hours: Option<f64>,
    /// Write the JSON report here (`-`: standard output).
    #[arg(long)]
    json: Option<PathBuf>,
    /// Write the scored movements as CSV here.
    #[arg(long)]
    events_out: Option<PathBuf>,
}

fn main() {
    let args = Args::parse();
    if let Err(e) = run_events(&args) {
        eprintln!("error: {e}");
        exit(1);
    }
}

/// Events mode: read the event lists, score, write the outputs.
fn run_events(args: &Args) -> Result<()> {
    let standard: Standard = args.standard.parse()?;
    let events = read_events(&args.events)?;
    let mut context = ScoringContext::default();
    if let Some(p) = &args.hypnogram {
        let h = read_hypnogram(p)?;
        let epoch = h.epoch_s();
        context.hypnogram = Some(Hypnogram::with_timing(
            h.stages().to_vec(),
            epoch,
            args.hypnogram_start,
        )?);
    }
    if let Some(p) = &args.respiratory {
        context.respiratory = read_intervals(p)?;
    }
    if let Some(p) = &args.arousals {
        context.arousals = read_intervals(p)?;
    }
    if let Some(h) = args.recording_hours {
        if !(h.is_finite() && h > 0.0) {
            return Err(Error::InvalidConfig(format!(
                "--recording-hours {h} must be a positive number"
            )));
        }
        context.recording_s = Some(h * 3600.0);
    }
    let report = score(&events, &context, &Criteria::for_standard(standard))?;
    write_outputs(args, &report)
}

/// Writes the JSON report and the scored-movement CSV, and prints a summary unless the JSON
/// goes to standard output.
fn write_outputs(args: &Args, report: &Report) -> Result<()> {
    if let Some(p) = &args.json {
        write_report_json(report, p)?;
    }
    if let Some(p) = &args.events_out {
        write_movements_csv(report, p)?;
    }
    if args.json.as_deref() != Some(std::path::Path::new("-")) {
        print_summary(report);
    }
    Ok(())
}

/// Prints the summary; a closed standard output (e.g. piped into `head`) is not an error.
fn print_summary(r: &Report) {
    use std::fmt::Write as _;
    use std::io::Write as _;
    let s = &r.summary;
    let per = match r.index_basis {
        IndexBasis::Sleep => "per hour of sleep",
        IndexBasis::Recording => "per hour of recording (no hypnogram)",
    };
    let fmt = |x: Option<f64>| x.map_or("n/a".to_string(), |v| format!("{v:.1}"));
    let mut out = String::new();
    let _ = writeln!(out, "standard            {}", r.standard.name());
    let _ = writeln!(out, "recording           {:.2} h", s.recording_hours);
    let _ = writeln!(
        out,
        "LM / CLM / PLM      {} / {} / {}",
        s.lm_count, s.clm_count, s.plm_count
    );
    let _ = writeln!(
        out,
        "PLMS / PLMW         {} / {}  (PLMS-nr {}, PLMS-arousal {})",
        s.plms_count, s.plmw_count, s.plms_nr_count, s.plms_arousal_count
    );
    let _ = writeln!(out, "PLMS index          {} {per}", fmt(s.plms_index));
    let _ = writeln!(out, "PLMW index          {}", fmt(s.plmw_index));
    let _ = writeln!(out, "periodicity index   {}", fmt(s.periodicity_index));
    let _ = writeln!(out, "series              {}", r.series.len());
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
}
