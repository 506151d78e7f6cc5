//! Writes a simulated night: one trace CSV per ankle and the true events.
//!
//! ```text
//! cargo run --release --example simulate -- --out DIR [--seed 1] [--rate 50] [--minutes 480]
//!     [--profile typical|hard] [--noise low|medium|high] [--format plain] [--days N]
//! ```
//! With `--days N`, a multi-day recording (`plmkit::simulate::SimWeek`: N days from 10:00 on
//! 2026-03-14, a night in bed per day, naps, non-wear, a different PLM intensity each night;
//! `--minutes` and `--profile` do not apply) and `periods.csv` with its truth
//! (`kind,start_s,end_s,plm_trains_per_hour`, kind = `night`, `nap`, `non_wear` or
//! `interruption`).
//! Outputs in DIR: `left.csv` and `right.csv` (`left.cwa`, `right.cwa` for the Axivity binary)
//! and `truth.csv` (`leg,onset_s,offset_s,kind`,
//! kind = `leg` or `gross`). The traces are in the `--format` layout: `plain` (`time_s,x,y,z`,
//! g; the default), `plain_counts`, `actigraph_csv`, `actigraph_csv_no_timestamp`,
//! `axivity_csv`, `axivity_csv_ax6`, `axivity_cwa`, `axivity_cwa_ax6` (a device rate:
//! 3200 / 2^k Hz), `geneactiv_csv`, `phone_nanos` or `phone_seconds` (the
//! trace reader's format names, `DeviceFormat::name`), written as that device's software
//! writes them (see `plmkit::simulate::DeviceFormat`); civil times start at 2026-03-14 23:05:00.

use clap::{Parser, ValueEnum};
use plmkit::Error;
use plmkit::Leg;
use plmkit::simulate::{
    DEFAULT_START_UNIX_S, DeviceFormat, NoiseLevel, Profile, SimConfig, SimNight, SimWeek,
    WEEK_START_UNIX_S, WeekConfig, write_device_csv, write_truth_csv,
};
use std::fs::File;
use std::io::BufWriter;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, ValueEnum)]
enum ProfileArg {
    Typical,
    Hard,
}

#[derive(Clone, Copy, ValueEnum)]
enum NoiseArg {
    Low,
    Medium,
    High,
}

/// Simulate a night of ankle accelerometry with ground-truth leg movements.
#[derive(Parser)]
struct Args {
    /// Output directory (created if missing).
    #[arg(long)]
    out: PathBuf,
    /// Random seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Sample rate (Hz).
    #[arg(long, default_value_t = 50.0)]
    rate: f64,
    /// Length of the night (minutes).
    #[arg(long, default_value_t = 480.0)]
    minutes: f64,
    /// Difficulty profile.
    #[arg(long, value_enum, default_value_t = ProfileArg::Typical)]
    profile: ProfileArg,
    /// Sensor noise level.
    #[arg(long, value_enum, default_value_t = NoiseArg::Medium)]
    noise: NoiseArg,
    /// Trace layout: plain, plain_counts, actigraph_csv, actigraph_csv_no_timestamp,
    /// axivity_csv, axivity_csv_ax6, geneactiv_csv, phone_nanos or phone_seconds.
    #[arg(long, default_value = "plain", value_parser = parse_format)]
    format: DeviceFormat,
    /// Days of a multi-day recording (0: one night of --minutes).
    #[arg(long, default_value_t = 0)]
    days: u32,
}

fn parse_format(name: &str) -> Result<DeviceFormat, String> {
    name.parse().map_err(|e: Error| e.to_string())
}

fn create(path: &Path) -> Result<BufWriter<File>, Error> {
    File::create(path)
        .map(BufWriter::new)
        .map_err(|e| Error::io(path, e))
}

fn noise(arg: NoiseArg) -> NoiseLevel {
    match arg {
        NoiseArg::Low => NoiseLevel::Low,
        NoiseArg::Medium => NoiseLevel::Medium,
        NoiseArg::High => NoiseLevel::High,
    }
}

/// `--days N`: a multi-day recording, its traces, truth events and periods.
fn run_week(args: &Args) -> Result<(), Error> {
    let week = SimWeek::new(&WeekConfig {
        seed: args.seed,
        rate_hz: args.rate,
        days: args.days,
        noise: noise(args.noise),
        ..WeekConfig::default()
    })?;
    std::fs::create_dir_all(&args.out).map_err(|e| Error::io(&args.out, e))?;
    for (leg, name) in [(Leg::Left, "left"), (Leg::Right, "right")] {
        let path = args.out.join(format!("{name}.{}", args.format.extension()));
        write_device_csv(
            create(&path)?,
            &mut week.stream(leg),
            args.rate,
            args.format,
            WEEK_START_UNIX_S,
        )
        .map_err(|e| Error::io(&path, e))?;
    }
    let mut events: Vec<_> = week.truth().iter().chain(week.gross()).copied().collect();
    events.sort_by(|a, b| a.onset_s.total_cmp(&b.onset_s));
    let path = args.out.join("truth.csv");
    write_truth_csv(create(&path)?, &events).map_err(|e| Error::io(&path, e))?;
    let path = args.out.join("periods.csv");
    let mut w = create(&path)?;
    let io = |e| Error::io(&path, e);
    writeln!(w, "kind,start_s,end_s,plm_trains_per_hour").map_err(io)?;
    for n in week.nights() {
        writeln!(
            w,
            "night,{},{},{}",
            n.in_bed_s, n.out_of_bed_s, n.plm_trains_per_hour
        )
        .map_err(io)?;
        for i in &n.interruptions {
            writeln!(w, "interruption,{},{},", i.onset_s, i.offset_s).map_err(io)?;
        }
    }
    for (kind, list) in [("nap", week.naps()), ("non_wear", week.non_wear())] {
        for i in list {
            writeln!(w, "{kind},{},{},", i.onset_s, i.offset_s).map_err(io)?;
        }
    }
    w.flush().map_err(io)?;
    println!(
        "{} days, {} nights, {} leg movements, written to {}",
        args.days,
        week.nights().len(),
        week.truth().len(),
        args.out.display()
    );
    Ok(())
}

fn run(args: &Args) -> Result<(), Error> {
    if args.days > 0 {
        return run_week(args);
    }
    let cfg = SimConfig {
        seed: args.seed,
        rate_hz: args.rate,
        duration_s: args.minutes * 60.0,
        profile: match args.profile {
            ProfileArg::Typical => Profile::Typical,
            ProfileArg::Hard => Profile::Hard,
        },
        noise: noise(args.noise),
        ..SimConfig::default()
    };
    let night = SimNight::new(&cfg)?;
    std::fs::create_dir_all(&args.out).map_err(|e| Error::io(&args.out, e))?;
    for (leg, name) in [(Leg::Left, "left"), (Leg::Right, "right")] {
        let path = args.out.join(format!("{name}.{}", args.format.extension()));
        let stream = &mut night.stream(leg);
        write_device_csv(
            create(&path)?,
            stream,
            cfg.rate_hz,
            args.format,
            DEFAULT_START_UNIX_S,
        )
        .map_err(|e| Error::io(&path, e))?;
    }
    let mut events: Vec<_> = night.truth().iter().chain(night.gross()).copied().collect();
    events.sort_by(|a, b| a.onset_s.total_cmp(&b.onset_s));
    let path = args.out.join("truth.csv");
    write_truth_csv(create(&path)?, &events).map_err(|e| Error::io(&path, e))?;
    println!(
        "{} leg movements, {} gross movements per leg, written to {}",
        night.truth().len(),
        night.gross().len() / 2,
        args.out.display()
    );
    Ok(())
}

fn main() {
    let args = Args::parse();
    if let Err(e) = run(&args) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}
