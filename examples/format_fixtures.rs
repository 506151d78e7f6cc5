//! Writes the device-format fixtures (fixtures/formats/*.csv, and the Axivity .cwa binary) from
//! the simulator.
//!
//! ```text
//! cargo run --release --example format_fixtures -- --out fixtures/formats
//! ```
//! Each fixture is one leg (left) of a short typical-profile night at its device's usual rate,
//! written in that device's CSV layout, with `NAME.truth.csv` beside it (the leg's true
//! movements and posture changes, `leg,onset_s,offset_s,kind`). Each fixture's night is the
//! first seed after the previous fixture's whose plan holds what a scoring test needs: a PLM
//! train of >= 4 leg movements with every IMI in 15–40 s and no turn inside it (the scorer
//! finds >= 4 PLMs in the truth), every movement peaking at >= 0.05 g, a posture change, and
//! nothing in the first 15 s (the detector's warm-up). `expected_sim.json` records what a
//! reader must find in each file: format, header rate, rate, rows, units, start, and the first
//! and last rows as printed.
//! (The native .gt3x and .bin fixtures and their expected.json come from
//! scripts/make_format_fixtures.py.)

use clap::Parser;
use plmkit::score::{Criteria, ScoringContext, score};
use plmkit::simulate::{
    COUNTS_PER_G, DEFAULT_START_UNIX_S, DeviceFormat, SimConfig, SimNight, write_device_csv,
    write_truth_csv,
};
use plmkit::{Error, STANDARD_GRAVITY};
use plmkit::{Leg, LegMovement, MovementKind};
use serde_json::{Value, json};
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

/// Write the device-format fixtures from the simulator.
#[derive(Parser)]
struct Args {
    /// Output directory (created if missing).
    #[arg(long)]
    out: PathBuf,
    /// Length of each fixture (s).
    #[arg(long, default_value_t = 120.0)]
    seconds: f64,
}

/// File name, layout, and what the reader reports: format name (as in tests/io_trace_formats.rs),
/// units name.
const FIXTURES: [(&str, DeviceFormat, &str, &str); 9] = [
    (
        "actigraph_raw_timestamps.csv",
        DeviceFormat::ActiGraph,
        "ActiGraphCsv",
        "g",
    ),
    (
        "actigraph_raw_no_timestamps.csv",
        DeviceFormat::ActiGraphNoTimestamp,
        "ActiGraphCsv",
        "g",
    ),
    (
        "axivity_ax6.csv",
        DeviceFormat::AxivityAx6,
        "AxivityCsv",
        "g",
    ),
    (
        "geneactiv.csv",
        DeviceFormat::GeneActiv,
        "GeneActivCsv",
        "g",
    ),
    (
        "phone_sensorlogger.csv",
        DeviceFormat::SensorLogger,
        "PhoneNanos",
        "m/s2",
    ),
    (
        "phone_phyphox.csv",
        DeviceFormat::Phyphox,
        "PhoneSeconds",
        "m/s2",
    ),
    ("plain_seconds.csv", DeviceFormat::Plain, "Plain", "g"),
    (
        "plain_counts_1024.csv",
        DeviceFormat::PlainCounts,
        "Plain",
        "counts1024",
    ),
    // Binary, but written by the simulator like the CSV layouts (last, so the seeds of the
    // fixtures before it do not change).
    ("axivity.cwa", DeviceFormat::AxivityCwa, "AxivityCwa", "g"),
];

/// The truth file beside a fixture: `NAME.truth.csv` for `NAME.csv` or `NAME.cwa`.
fn truth_name(file: &str) -> String {
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    format!("{stem}.truth.csv")
}

/// Smallest true peak (g) a fixture's leg movements may have.
const MIN_PEAK_G: f64 = 0.05;

/// The leg every fixture records.
const LEG: Leg = Leg::Left;

/// The true leg and gross movements of the fixtures' leg.
fn leg_truth(night: &SimNight) -> Vec<LegMovement> {
    night
        .truth()
        .iter()
        .chain(night.gross())
        .filter(|m| m.leg == LEG)
        .copied()
        .collect()
}

/// True when `night`'s left leg has what the scoring test needs (see the module docs).
fn suits(night: &SimNight, seconds: f64) -> bool {
    let events = leg_truth(night);
    let turns: Vec<&LegMovement> = events
        .iter()
        .filter(|m| m.kind == MovementKind::Gross)
        .collect();
    let lms: Vec<&LegMovement> = night.truth().iter().filter(|m| m.leg == LEG).collect();
    let turned = turns.iter().any(|g| g.offset_s < seconds - 15.0);
    let quiet_start = lms.first().is_some_and(|m| m.onset_s >= 15.0);
    // Movements well above the detector's threshold: a miss then points at the file format,
    // not at the detector's sensitivity to faint movements (tests/detect_sim.rs measures that).
    let clear = lms.iter().all(|m| m.peak.is_some_and(|p| p >= MIN_PEAK_G));
    // A run of >= 4 movements, every IMI 15–40 s, with no posture change inside it.
    let mut first = 0;
    let mut train = false;
    for i in 1..lms.len() {
        let imi = lms[i].onset_s - lms[i - 1].onset_s;
        let turn_between = turns
            .iter()
            .any(|g| g.onset_s < lms[i].onset_s && g.offset_s > lms[i - 1].onset_s);
        if !(15.0..=40.0).contains(&imi) || turn_between {
            first = i;
        }
        train |= i + 1 - first >= 4;
    }
    if !(turned && quiet_start && clear && train) {
        return false;
    }
    // The scorer agrees: the truth holds a PLM series.
    let ctx = ScoringContext {
        recording_s: Some(seconds),
        ..ScoringContext::default()
    };
    score(&Criteria::wasm2016(), &ctx, &events).is_ok_and(|r| r.summary.plm_count >= 4)
}

/// The first suitable night from seed `base` on.
fn fixture_night(base: u64, rate_hz: f64, seconds: f64) -> Result<SimNight, Error> {
    for seed in base..base + 1_000_000 {
        let night = SimNight::new(&SimConfig {
            seed,
            rate_hz,
            duration_s: seconds,
            ..SimConfig::default()
        })?;
        if suits(&night, seconds) {
            return Ok(night);
        }
    }
    Err(Error::InvalidConfig(format!(
        "no seed from {base} gives a {seconds}-s night with a PLM train and a posture change"
    )))
}

/// A row as the layout prints it and the reader gives it back: t (s since the first row) and g.
fn printed(f: DeviceFormat, n: usize, rate: f64, t: f64, a: [f64; 3]) -> [f64; 4] {
    let dec = |d: usize, v: f64| format!("{v:.d$}").parse::<f64>().expect("printed number");
    let ms = |t: f64| (t * 1000.0).round() / 1000.0;
    let phone = |v: f64| {
        let s = ((v * STANDARD_GRAVITY) as f32).to_string();
        s.parse::<f64>().expect("printed number") / STANDARD_GRAVITY
    };
    match f {
        DeviceFormat::Plain => [t, a[0], a[1], a[2]],
        DeviceFormat::PlainCounts => {
            let c = |v: f64| (v * COUNTS_PER_G).round() / COUNTS_PER_G;
            [t, c(a[0]), c(a[1]), c(a[2])]
        }
        DeviceFormat::ActiGraph => [ms(t), dec(3, a[0]), dec(3, a[1]), dec(3, a[2])],
        DeviceFormat::ActiGraphNoTimestamp => {
            [n as f64 / rate, dec(3, a[0]), dec(3, a[1]), dec(3, a[2])]
        }
        DeviceFormat::Axivity | DeviceFormat::AxivityAx6 => {
            [ms(t), dec(6, a[0]), dec(6, a[1]), dec(6, a[2])]
        }
        DeviceFormat::GeneActiv => [ms(t), dec(4, a[0]), dec(4, a[1]), dec(4, a[2])],
        // Binary: the simulator's values are on the 1/256-g grid the packed layout stores
        // exactly below 2 g; times are stamped to 1/32768 s (see time_tolerance_s).
        DeviceFormat::AxivityCwa | DeviceFormat::AxivityCwaAx6 => [t, a[0], a[1], a[2]],
        DeviceFormat::SensorLogger => [
            (t * 1e9).round() / 1e9,
            phone(a[0]),
            phone(a[1]),
            phone(a[2]),
        ],
        DeviceFormat::Phyphox => {
            let e = |v: f64| format!("{v:.9E}").parse::<f64>().expect("printed number");
            let g = |v: f64| e(v * STANDARD_GRAVITY) / STANDARD_GRAVITY;
            [e(t), g(a[0]), g(a[1]), g(a[2])]
        }
    }
}

fn create(path: &Path) -> Result<BufWriter<File>, Error> {
    File::create(path)
        .map(BufWriter::new)
        .map_err(|e| Error::io(path, e))
}

fn run(args: &Args) -> Result<(), Error> {
    std::fs::create_dir_all(&args.out).map_err(|e| Error::io(&args.out, e))?;
    let mut expected = serde_json::Map::new();
    let mut next_seed = 1;
    for (file, format, reader_format, units) in FIXTURES {
        let rate = format.typical_rate_hz();
        let night = fixture_night(next_seed, rate, args.seconds)?;
        next_seed = night.config().seed + 1;
        let path = args.out.join(file);
        let stream = &mut night.stream(LEG);
        write_device_csv(create(&path)?, stream, rate, format, DEFAULT_START_UNIX_S)
            .map_err(|e| Error::io(&path, e))?;
        let mut events = leg_truth(&night);
        events.sort_by(|a, b| a.onset_s.total_cmp(&b.onset_s));
        let truth = args.out.join(truth_name(file));
        write_truth_csv(create(&truth)?, &events).map_err(|e| Error::io(&truth, e))?;

        let rows = night.rows(LEG);
        let n = rows.len() - 1;
        let row = |i: usize| {
            printed(
                format,
                i,
                rate,
                rows.t[i],
                [rows.x[i], rows.y[i], rows.z[i]],
            )
        };
        let civil = !matches!(
            format,
            DeviceFormat::Plain | DeviceFormat::PlainCounts | DeviceFormat::Phyphox
        );
        let header_rate = matches!(
            format,
            DeviceFormat::ActiGraph
                | DeviceFormat::ActiGraphNoTimestamp
                | DeviceFormat::GeneActiv
                | DeviceFormat::AxivityCwa
        );
        let mut entry = json!({
            "format": reader_format,
            "sample_rate_hz": header_rate.then_some(rate),
            "rate_hz": rate,
            "rows": rows.len(),
            "units": units,
            "start": civil.then_some("2026-03-14T23:05:00"),
            "first": row(0),
            "last": row(n),
            "seed": night.config().seed,
            "leg_movements": events.iter().filter(|m| m.kind == MovementKind::Leg).count(),
        });
        if format == DeviceFormat::SensorLogger {
            entry["start_unix_ns"] = json!(DEFAULT_START_UNIX_S * 1_000_000_000);
        }
        if format == DeviceFormat::AxivityCwa {
            // Block stamps hold 1/32768 s and sample times are interpolated between them: the
            // start and the times agree with the simulated ones to a few tens of microseconds.
            entry["start_unix_ns"] = json!(DEFAULT_START_UNIX_S * 1_000_000_000);
            entry["time_tolerance_s"] = json!(1e-4);
        }
        expected.insert(file.to_string(), entry);
        println!(
            "{file}: seed {}, {} rows at {rate} Hz, {} true events",
            night.config().seed,
            rows.len(),
            events.len()
        );
    }
    let path = args.out.join("expected_sim.json");
    let text = serde_json::to_string_pretty(&Value::Object(expected)).expect("JSON of numbers");
    std::fs::write(&path, text + "\n").map_err(|e| Error::io(&path, e))
}

fn main() {
    let args = Args::parse();
    if let Err(e) = run(&args) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}
