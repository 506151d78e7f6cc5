//! Scores a night of leg movements against AASM 2012 or WASM 2016, from ankle accelerometer
//! traces or from a list of leg-movement events.
//!
//! ```text
//! Trace mode (one leg, or two legs aligned by their timestamps):
//!   plm_score TRACE [--leg left|right] [options]
//!   plm_score --left LEFT --right RIGHT [options]
//! Events mode (a leg-movement CSV, or a RemLogic event export / NSRR or Profusion XML, whose
//! stages, respiratory events, arousals and lights are used too):
//!   plm_score --events EVENTS [options]
//! Polysomnogram mode (EDF / EDF+ / BDF leg EMG; annotations from the EDF+ or FILE):
//!   plm_score --psg NIGHT.edf [--annotations FILE] [--left-channel LABEL] [--right-channel LABEL]
//! Options (a separately given hypnogram, respiratory, arousal or lights option wins over the
//! annotation file's):
//!   [--standard wasm2016|aasm2012] [--hypnogram FILE] [--hypnogram-start S]
//!   [--respiratory FILE] [--arousals FILE] [--recording-hours H] [--lights-off T --lights-on T]
//!   [--json PATH|-] [--events-out PATH] [--svg PATH] [--summary]
//!   trace mode only: [--format NAME] [--units U] [--scale COUNTS_PER_G] [--rate HZ]
//!     [--time-unit unix_s|unix_ms|unix_us|unix_ns] [--full-scale-g G] [--block-rows N]
//!     [--diary FILE]
//! ```
//! Times T are seconds from the first sample, or clock times (`22:30`, `2026-03-14T22:30`) when
//! the traces know their start. A recording of 20 h or more is scored night by night: the nights
//! come from the rest detector (`plmkit::detect::rest`), or from `--diary` (CSV rows of in-bed
//! and out-of-bed times, `plmkit::pipeline::read_diary`); the summary pools the nights, with
//! one line per night, `--events-out` has a `night` column and the SVG one strip per night.
//! Trace files may be any format `plmkit::io::trace` reads (ActiGraph, Axivity, GENEActiv, phone
//! loggers, plain `time_s,x,y,z`); the format and units are detected and reported.
//!
//! A short human summary goes to standard error (to standard output with `--summary`). Bad input:
//! one line `error: FILE:LINE: what` on standard error and exit status 1.

mod lab;
mod night_svg;
mod nights_svg;
mod outputs;
mod progress;
mod psg_mode;
mod trace_mode;

use std::path::PathBuf;
use std::process::exit;

use clap::Parser;
use clap::builder::{PossibleValuesParser, TypedValueParser};
use plmkit::io::annotations::{AnnotationFormat, read_annotations};
use plmkit::io::events::{ContextFiles, read_events};
use plmkit::io::trace::{EpochUnit, TraceFormat};
use plmkit::pipeline::lights_s;
use plmkit::score::{Criteria, ScoringContext, Standard, score};
use plmkit::{Error, Leg, Result};

/// Command-line arguments.
#[derive(Parser, Debug)]
#[command(
    version,
    // `--hypnogram-start -30`: a value may be negative.
    allow_negative_numbers = true,
    about = "Score periodic limb movements (AASM 2012 / WASM 2016) from ankle \
                   accelerometer traces or leg-movement events"
)]
pub struct Args {
    /// One ankle's accelerometer trace (any supported format).
    #[arg(conflicts_with_all = ["left", "right", "events"])]
    pub trace: Option<PathBuf>,
    /// Which leg the single TRACE is on.
    #[arg(long, default_value = "left", requires = "trace", value_parser = named::<Leg>(Leg::ALL.map(Leg::name)))]
    pub leg: Leg,
    /// Left ankle trace.
    #[arg(long, conflicts_with = "events")]
    pub left: Option<PathBuf>,
    /// Right ankle trace.
    #[arg(long, conflicts_with = "events")]
    pub right: Option<PathBuf>,
    /// Leg-movement events: a CSV leg,onset_s,offset_s[,kind], or a RemLogic event export or
    /// NSRR / Profusion XML (detected from the content; its stages, respiratory events,
    /// arousals and lights are used unless given separately).
    #[arg(long, conflicts_with = "psg")]
    pub events: Option<PathBuf>,
    /// A polysomnogram (EDF, EDF+, BDF): leg movements detected on its leg EMG channels and
    /// scored with its own annotations.
    #[arg(long, conflicts_with_all = ["trace", "left", "right"])]
    pub psg: Option<PathBuf>,
    /// Annotations for --psg (RemLogic export, NSRR / Profusion XML, EDF+ annotation file): they
    /// replace the PSG's own annotations of the kinds the file holds.
    #[arg(long, requires = "psg")]
    pub annotations: Option<PathBuf>,
    /// The left leg EMG channel of --psg, by label (or `#N`, 0-based), instead of the choice by
    /// label rules.
    #[arg(long, requires = "psg")]
    pub left_channel: Option<String>,
    /// The right leg EMG channel of --psg, by label (or `#N`).
    #[arg(long, requires = "psg")]
    pub right_channel: Option<String>,
    /// Scoring standard.
    #[arg(long, default_value = "wasm2016", value_parser = named::<Standard>(Standard::ALL.map(Standard::name)))]
    pub standard: Standard,
    /// Hypnogram: one stage per 30-s epoch (W, N1, N2, N3, R, S or 0-5).
    #[arg(long)]
    pub hypnogram: Option<PathBuf>,
    /// Time in seconds (on the movements' clock) at which the hypnogram's first epoch starts.
    #[arg(long, default_value_t = 0.0)]
    pub hypnogram_start: f64,
    /// Respiratory events CSV: onset_s,offset_s.
    #[arg(long)]
    pub respiratory: Option<PathBuf>,
    /// Arousals CSV: onset_s,offset_s.
    #[arg(long)]
    pub arousals: Option<PathBuf>,
    /// Recording span (lights off to lights on) in hours.
    #[arg(long)]
    pub recording_hours: Option<f64>,
    /// Lights off, in seconds on the movements' clock or as a clock time (`22:30`,
    /// `2026-03-14T22:30`; traces with a start time) (give --lights-on too). Movements before
    /// it are listed but not scored; wake before it is not counted.
    #[arg(long)]
    pub lights_off: Option<String>,
    /// Lights on, in seconds or as a clock time, the first after lights off (give --lights-off
    /// too). Movements after it are not scored.
    #[arg(long)]
    pub lights_on: Option<String>,
    /// A sleep diary for a multi-day trace recording: CSV rows `in_bed,out_of_bed` (ISO 8601 or
    /// HH:MM, rolled over from the recording's start); its nights replace the detected ones.
    #[arg(long, conflicts_with_all = ["events", "psg", "lights_off", "lights_on"])]
    pub diary: Option<PathBuf>,
    /// Write the JSON report here (`-`: standard output).
    #[arg(long)]
    pub json: Option<PathBuf>,
    /// Write the scored movements as CSV here.
    #[arg(long)]
    pub events_out: Option<PathBuf>,
    /// Write a night overview and IMI histogram as SVG here.
    #[arg(long)]
    pub svg: Option<PathBuf>,
    /// Print the human summary on standard output instead of standard error.
    #[arg(long)]
    pub summary: bool,
    /// Force the trace format instead of detecting it.
    #[arg(long, value_parser = named::<TraceFormat>(TraceFormat::ALL.map(TraceFormat::name)))]
    pub format: Option<TraceFormat>,
    /// Force the units of the acceleration columns instead of detecting them (`counts` needs
    /// --scale).
    #[arg(long, value_enum)]
    pub units: Option<UnitsArg>,
    /// Counts per g, for traces stored as raw integer counts.
    #[arg(long)]
    pub scale: Option<f64>,
    /// Sample rate in Hz, for traces with neither a time column nor a rate in their header.
    #[arg(long)]
    pub rate: Option<f64>,
    /// The unit of a numeric time column counting from the Unix epoch, instead of the one its
    /// magnitude suggests (values from 1e8 are read as epoch time: below 1e11 seconds, below
    /// 1e14 milliseconds, below 1e17 microseconds, else nanoseconds).
    #[arg(long, value_parser = named::<EpochUnit>(EpochUnit::ALL.map(EpochUnit::name)))]
    pub time_unit: Option<EpochUnit>,
    /// The sensor's full-scale range in g (e.g. 8): samples near it count as saturated.
    #[arg(long)]
    pub full_scale_g: Option<f64>,
    /// Two ankles: estimate and report the drift between their clocks, but do not correct it
    /// (for devices known to share one clock).
    #[arg(long)]
    pub no_drift_correction: bool,
    /// Rows per block handed from each reader to the pipeline (memory and latency only: the
    /// report is the same for every value).
    #[arg(long)]
    pub block_rows: Option<usize>,
}

/// Acceleration units on the command line.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnitsArg {
    /// Standard gravities.
    G,
    /// Metres per second squared.
    #[value(name = "m/s2")]
    MetersPerSecond2,
    /// Raw integer counts, --scale counts per g.
    Counts,
}

/// A value parser accepting exactly the library's machine names of `T` (which `--help` lists)
/// and parsing them with `T`'s `FromStr`, so the CLI and the JSON share one name per value.
fn named<T>(names: impl IntoIterator<Item = &'static str>) -> impl TypedValueParser<Value = T>
where
    T: std::str::FromStr<Err = Error> + Clone + Send + Sync + 'static,
{
    PossibleValuesParser::new(names).try_map(|name| name.parse::<T>())
}

fn main() {
    let args = Args::parse();
    let result = if let Err(e) = outputs::check_outputs(&args) {
        Err(e)
    } else if args.events.is_some() {
        run_events(&args)
    } else if args.psg.is_some() {
        psg_mode::run(&args)
    } else if args.trace.is_some() || args.left.is_some() || args.right.is_some() {
        trace_mode::run(&args)
    } else {
        Err(Error::InvalidConfig(
            "give a TRACE, --left/--right traces, --events or --psg (see --help)".into(),
        ))
    };
    if let Err(e) = result {
        eprintln!("error: {e}");
        exit(1);
    }
}

/// The scoring context every mode shares: hypnogram, respiratory events, arousals, span. It
/// starts from `base` (an annotation file's; `Default` when none), and each kind given on the
/// command line replaces the base's.
/// `origin_unix_s` is the recording's first sample as seconds from 1970, when known (clock-time
/// lights need it).
pub fn scoring_context(
    args: &Args,
    base: ScoringContext,
    origin_unix_s: Option<f64>,
) -> Result<ScoringContext> {
    let (lights_off_s, lights_on_s) = lights_s(
        args.lights_off.as_deref(),
        args.lights_on.as_deref(),
        origin_unix_s,
        ("--lights-off", "--lights-on"),
    )?;
    let files = ContextFiles {
        hypnogram: args.hypnogram.clone(),
        hypnogram_start_s: args.hypnogram_start,
        respiratory: args.respiratory.clone(),
        arousals: args.arousals.clone(),
        recording_hours: args.recording_hours,
        lights_off_s,
        lights_on_s,
    };
    files.apply(base).map_err(|e| match e {
        // The library's words for the options, in the command line's spelling.
        Error::InvalidConfig(what) => Error::InvalidConfig(
            what.replace("recording hours", "--recording-hours")
                .replace("lights off and lights on", "--lights-off and --lights-on"),
        ),
        other => other,
    })
}

/// Events mode: read the event lists, score, write the outputs. A lab annotation file (RemLogic
/// export, NSRR / Profusion XML, EDF+ annotations) gives the context too.
fn run_events(args: &Args) -> Result<()> {
    let standard = args.standard;
    let path = args.events.as_ref().expect("events mode has --events");
    let title = path.display().to_string();
    let criteria = Criteria::for_standard(standard);
    if lab::is_annotation_file(path)? {
        let notes = read_annotations(path)?;
        let context = scoring_context(args, notes.scoring_context(), None)?;
        let report = notes.score_movements(&criteria, &context)?;
        let night = outputs::Night {
            source: match notes.format {
                AnnotationFormat::RemLogic => "from the RemLogic export's scored leg movements",
                AnnotationFormat::NsrrXml => "from the XML's scored leg movements",
                AnnotationFormat::Edf => "from the EDF+ annotations' scored leg movements",
            },
            json_extra: vec![("annotations", lab::annotations_json(&notes, path))],
            summary_extra: lab::annotations_summary(&notes, path),
            ..outputs::Night::of_report(&report, context.hypnogram.as_ref(), title)
        };
        return outputs::write_all(args, &night);
    }
    let events = read_events(path)?;
    let context = scoring_context(args, ScoringContext::default(), None)?;
    let report = score(&criteria, &context, &events)?;
    let night = outputs::Night::of_report(&report, context.hypnogram.as_ref(), title);
    outputs::write_all(args, &night)
}
