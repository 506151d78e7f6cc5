//! Filters every column of a CSV trace with a Butterworth filter (the time column is copied).
//!
//! ```text
//! cargo run --release --example filter -- [--fs HZ] (--lowpass HZ | --highpass HZ |
//!     --bandpass LO:HI | --bandstop LO:HI) [--order N] [--zero-phase] [--init zero|steady]
//!     IN OUT.csv
//! ```
//! IN is any trace `plm_score` reads (ActiGraph CSV / .gt3x, GENEActiv CSV / .bin, Axivity CSV /
//! .cwa, phone loggers: written as `time_s,x_g,y_g,z_g`, time from the start, acceleration in g),
//! or a generic CSV with a header, every column filtered; a column `time_s`, `time` or `t` is
//! copied through and, without `--fs`, gives the sample rate. Bad input prints one line
//! `error: FILE:LINE: what` and exits 1; a filter the rate cannot support names the options.

use std::path::PathBuf;
use std::process::exit;

mod table;

use clap::{Parser, ValueEnum};
use plmkit::filter::{Band, Init};
use table::{FilterConfig, filter_csv};

#[derive(Parser)]
#[command(about = "Butterworth-filter every column of a CSV trace (scipy-equivalent)")]
#[command(group = clap::ArgGroup::new("band").required(true).multiple(false))]
struct Args {
    /// Sample rate in Hz (default: from the time column).
    #[arg(long, value_name = "HZ")]
    fs: Option<f64>,
    /// Low-pass cutoff in Hz.
    #[arg(long, value_name = "HZ", group = "band")]
    lowpass: Option<f64>,
    /// High-pass cutoff in Hz.
    #[arg(long, value_name = "HZ", group = "band")]
    highpass: Option<f64>,
    /// Band-pass cutoffs in Hz.
    #[arg(long, value_name = "LO:HI", group = "band", value_parser = parse_range)]
    bandpass: Option<(f64, f64)>,
    /// Band-stop cutoffs in Hz.
    #[arg(long, value_name = "LO:HI", group = "band", value_parser = parse_range)]
    bandstop: Option<(f64, f64)>,
    /// Butterworth order (band filters: N as scipy counts it, 2N poles).
    #[arg(long, default_value_t = 4)]
    order: usize,
    /// Zero-phase forward-backward filtering (scipy sosfiltfilt).
    #[arg(long)]
    zero_phase: bool,
    /// Initial state of the causal filter.
    #[arg(long, value_enum, default_value_t = InitArg::Steady)]
    init: InitArg,
    /// Input CSV.
    input: PathBuf,
    /// Output CSV.
    output: PathBuf,
}

#[derive(Clone, Copy, ValueEnum)]
enum InitArg {
    Zero,
    Steady,
}

fn parse_range(s: &str) -> Result<(f64, f64), String> {
    let (lo, hi) = s
        .split_once(':')
        .ok_or_else(|| format!("expected LO:HI, got '{s}'"))?;
    let num = |v: &str| {
        v.trim()
            .parse::<f64>()
            .map_err(|_| format!("'{v}' is not a number"))
    };
    Ok((num(lo)?, num(hi)?))
}

fn main() {
    let a = Args::parse();
    let band = match (a.lowpass, a.highpass, a.bandpass, a.bandstop) {
        (Some(f), ..) => Band::Lowpass(f),
        (_, Some(f), ..) => Band::Highpass(f),
        (_, _, Some((lo, hi)), _) => Band::Bandpass(lo, hi),
        (.., Some((lo, hi))) => Band::Bandstop(lo, hi),
        _ => unreachable!("clap requires one band option"),
    };
    let spec = FilterConfig {
        fs_hz: a.fs,
        band,
        order: a.order,
        zero_phase: a.zero_phase,
        init: match a.init {
            InitArg::Zero => Init::Zero,
            InitArg::Steady => Init::Steady,
        },
    };
    if let Err(e) = filter_csv(&a.input, &a.output, &spec) {
        eprintln!("error: {e}");
        exit(1);
    }
}
