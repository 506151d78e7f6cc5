//! Numeric time columns counting from the Unix epoch: the unit from the values' magnitude
//! (seconds, milliseconds, microseconds, nanoseconds), or forced by `ReadConfig::epoch_unit`;
//! the start time from the first row, time from zero, and a forced unit that contradicts the
//! file is an error naming it.
#![cfg(feature = "io")]

use std::io::Cursor;

use plmkit::io::trace::{EpochUnit, ReadConfig, TimeKind, Trace, TraceReader};
use plmkit::pipeline::clock_offsets;

/// 2024-04-30 14:53:00 UTC in Unix seconds.
const START_S: i64 = 1_714_488_780;

/// A `timestamp,x,y,z` CSV of `rows` rows at 100 Hz whose time cells are `cell(row)`.
fn csv(rows: usize, cell: impl Fn(usize) -> String) -> String {
    let mut out = String::from("timestamp,x,y,z\n");
    for i in 0..rows {
        out.push_str(&format!("{},0.01,-0.02,1.0\n", cell(i)));
    }
    out
}

fn read(opts: &ReadConfig, text: String) -> plmkit::Result<Trace> {
    let reader = TraceReader::from_reader(opts, "epoch.csv", Cursor::new(text.into_bytes()))?;
    Trace::from_reader(reader)
}

/// The time column of each unit as loggers write it, 10 ms apart.
fn cells_in(unit: EpochUnit) -> impl Fn(usize) -> String {
    move |i| match unit {
        EpochUnit::Seconds => format!("{START_S}.{:02}", i % 100).replace(
            &format!("{START_S}."),
            &format!("{}.", START_S + (i / 100) as i64),
        ),
        EpochUnit::Millis => (START_S * 1000 + 10 * i as i64).to_string(),
        EpochUnit::Micros => (START_S * 1_000_000 + 10_000 * i as i64).to_string(),
        EpochUnit::Nanos => (START_S * 1_000_000_000 + 10_000_000 * i as i64).to_string(),
    }
}

#[test]
fn each_epoch_unit_is_found_from_the_magnitude_and_gives_the_start() {
    for unit in EpochUnit::ALL {
        let trace = read(&ReadConfig::strict(), csv(500, cells_in(unit))).unwrap();
        let info = &trace.info;
        assert_eq!(info.columns.time_kind, TimeKind::Unix(unit), "{unit}");
        assert_eq!(info.start_unix_s, Some(START_S as f64), "{unit}");
        let rate = info.estimated_rate_hz.unwrap();
        assert!((rate - 100.0).abs() < 1e-6, "{unit}: {rate} Hz");
        assert_eq!(trace.len(), 500);
        let t = &trace.rows.t;
        assert_eq!(t[0], 0.0, "{unit}: time counts from the first row");
        assert!((t[499] - 4.99).abs() < 1e-6, "{unit}: {}", t[499]);
    }
}

#[test]
fn relative_seconds_stay_as_written() {
    let trace = read(
        &ReadConfig::strict(),
        csv(200, |i| format!("{}", 5.0 + i as f64 * 0.01)),
    )
    .unwrap();
    assert_eq!(trace.info.columns.time_kind, TimeKind::Seconds);
    assert_eq!(trace.info.start_unix_s, None);
    assert_eq!(trace.rows.t[0], 5.0);
}

#[test]
fn a_forced_unit_reads_a_column_the_magnitude_would_call_seconds() {
    // Milliseconds from a logger's own zero: small values, read as seconds they are 0.01 Hz.
    let text = csv(300, |i| (10 * i).to_string());
    let err = read(&ReadConfig::strict(), text.clone())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("epoch.csv") && err.contains("--time-unit"),
        "{err}"
    );
    let opts = ReadConfig {
        epoch_unit: Some(EpochUnit::Millis),
        ..ReadConfig::strict()
    };
    let trace = read(&opts, text).unwrap();
    assert_eq!(
        trace.info.columns.time_kind,
        TimeKind::Unix(EpochUnit::Millis)
    );
    assert!((trace.info.estimated_rate_hz.unwrap() - 100.0).abs() < 1e-6);
}

#[test]
fn a_forced_unit_on_a_file_without_a_numeric_time_is_an_error() {
    let opts = ReadConfig {
        epoch_unit: Some(EpochUnit::Millis),
        ..ReadConfig::strict()
    };
    let dates = csv(50, |i| format!("2024-04-30 14:53:00.{:03}", 10 * i));
    let err = read(&opts, dates).unwrap_err().to_string();
    assert!(err.starts_with("epoch.csv:"), "{err}");
    assert!(
        err.contains("unix_ms") && err.contains("date-time"),
        "{err}"
    );
}

#[test]
fn epoch_times_outside_what_nanoseconds_hold_are_bad_rows_not_wrapped_times() {
    // Year 2300 in milliseconds: 1.04e13 ms, 1.04e19 ns > i64::MAX.
    let mut text = csv(100, cells_in(EpochUnit::Millis));
    text.push_str("10413792000000,0,0,1\n");
    let err = read(&ReadConfig::strict(), text).unwrap_err().to_string();
    assert!(err.starts_with("epoch.csv:102:"), "{err}");
}

#[test]
fn two_ankles_on_epoch_clocks_are_put_on_one_clock_by_their_starts() {
    let left = read(&ReadConfig::strict(), csv(300, cells_in(EpochUnit::Millis))).unwrap();
    let right_cells = |i: usize| (START_S * 1000 + 2500 + 10 * i as i64).to_string();
    let right = read(&ReadConfig::strict(), csv(300, right_cells)).unwrap();
    let (offsets, aligned_at_first_samples) = clock_offsets(&[&left.info, &right.info]);
    assert!(!aligned_at_first_samples);
    assert_eq!(offsets, vec![0.0, 2.5]);
}

#[test]
fn unit_names_round_trip() {
    for unit in EpochUnit::ALL {
        assert_eq!(unit.name().parse::<EpochUnit>().unwrap(), unit);
    }
    assert!("unix_min".parse::<EpochUnit>().is_err());
}
