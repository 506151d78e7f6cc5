//! One fixture per device format, CSV and native, each read and checked against what its
//! generator recorded: format, rate, row count, units, start time and the first and last rows.
//! The CSV fixtures come from the simulator (examples/format_fixtures.rs, expected_sim.json), the
//! native .gt3x and .bin from scripts/make_format_fixtures.py (expected.json).
#![cfg(feature = "io")]

use std::path::PathBuf;

use plmkit::TriaxialColumns;
use plmkit::io::trace::{ReadConfig, TraceFormat, TraceReader, Units, read_trace};
use serde_json::Value;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/formats")
}

fn expected() -> serde_json::Map<String, Value> {
    let mut all = serde_json::Map::new();
    for name in ["expected.json", "expected_sim.json"] {
        let text = std::fs::read_to_string(dir().join(name)).unwrap();
        let entries = serde_json::from_str::<Value>(&text).unwrap();
        all.extend(entries.as_object().unwrap().clone());
    }
    all
}

fn format_named(name: &str) -> TraceFormat {
    match name {
        "ActiGraphCsv" => TraceFormat::ActiGraphCsv,
        "GeneActivCsv" => TraceFormat::GeneActivCsv,
        "GeneActivBin" => TraceFormat::GeneActivBin,
        "ActiGraphGt3x" => TraceFormat::ActiGraphGt3x,
        "AxivityCsv" => TraceFormat::AxivityCsv,
        "AxivityCwa" => TraceFormat::AxivityCwa,
        "PhoneNanos" => TraceFormat::PhoneNanos,
        "PhoneSeconds" => TraceFormat::PhoneSeconds,
        "Plain" => TraceFormat::Plain,
        other => panic!("unknown format {other} in expected.json"),
    }
}

fn units_named(name: &str) -> Units {
    match name {
        "g" => Units::G,
        "m/s2" => Units::MetersPerSecond2,
        "counts1024" => Units::Counts { scale: 1024.0 },
        other => panic!("unknown units {other} in expected.json"),
    }
}

fn row(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

fn options_for(units: Units) -> ReadConfig {
    ReadConfig {
        scale_counts_per_g: match units {
            Units::Counts { scale } => Some(scale),
            _ => None,
        },
        ..ReadConfig::strict()
    }
}

#[test]
fn every_format_fixture_reads_as_its_generator_says() {
    let all = expected();
    assert!(all.len() >= 6, "expected.json lists {} fixtures", all.len());
    for (file, want) in &all {
        let units = units_named(want["units"].as_str().unwrap());
        let trace = read_trace(&options_for(units), dir().join(file))
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        let info = &trace.info;
        assert_eq!(
            info.format,
            format_named(want["format"].as_str().unwrap()),
            "{file}"
        );
        assert_eq!(info.units, units, "{file}");
        assert_eq!(
            info.sample_rate_hz,
            want["sample_rate_hz"].as_f64(),
            "{file}"
        );
        let rate = want["rate_hz"].as_f64().unwrap();
        let estimated = info.estimated_rate_hz.unwrap();
        assert!(
            (estimated - rate).abs() < 0.05 * rate,
            "{file}: estimated {estimated} Hz, want {rate}"
        );
        assert_eq!(
            trace.len(),
            want["rows"].as_u64().unwrap() as usize,
            "{file}"
        );
        assert_eq!(trace.stats.skipped_rows(), 0, "{file}");
        let idle = want.get("idle_rows").and_then(Value::as_u64).unwrap_or(0);
        // Exact unless the format's times are interpolated (.cwa block stamps).
        let time_tol = want
            .get("time_tolerance_s")
            .and_then(Value::as_f64)
            .unwrap_or(0.0);
        assert_eq!(trace.stats.listed_idle_rows() as u64, idle, "{file}");
        match want["start"].as_str() {
            Some(start) if want.get("start_unix_ns").is_some() => {
                let ns = want["start_unix_ns"].as_i64().unwrap();
                let off_s = (info.start.unwrap().unix_nanos() - ns) as f64 * 1e-9;
                assert!(off_s.abs() <= time_tol, "{file}: start off by {off_s} s");
                // An interpolated start may fall just before the whole second.
                if time_tol == 0.0 {
                    assert!(info.start.unwrap().to_string().starts_with(start), "{file}");
                }
            }
            Some(start) => assert_eq!(info.start.unwrap().to_string(), start, "{file}"),
            None => assert_eq!(info.start, None, "{file}"),
        }
        let n = trace.len() - 1;
        for (which, i) in [("first", 0), ("last", n)] {
            let w = row(&want[which]);
            let got = [
                trace.rows.t[i],
                trace.rows.x[i],
                trace.rows.y[i],
                trace.rows.z[i],
            ];
            for k in 0..4 {
                let tol = if k == 0 { time_tol.max(1e-9) } else { 1e-9 };
                assert!(
                    (got[k] - w[k]).abs() < tol,
                    "{file} {which} row, column {k}: {} vs {}",
                    got[k],
                    w[k]
                );
            }
        }
        assert!(
            trace.rows.t.windows(2).all(|p| p[1] > p[0]),
            "{file}: time not increasing"
        );
    }
}

#[test]
fn streaming_in_small_blocks_gives_the_batch_result() {
    for file in expected().keys() {
        let units = units_named(expected()[file]["units"].as_str().unwrap());
        let opts = ReadConfig {
            block_rows: 7,
            ..options_for(units)
        };
        let batch = read_trace(&options_for(units), dir().join(file)).unwrap();
        let mut reader = TraceReader::open(&opts, dir().join(file)).unwrap();
        let mut block = TriaxialColumns::default();
        let (mut t, mut z) = (Vec::new(), Vec::new());
        while reader.next_block(&mut block).unwrap() {
            assert!(block.len() <= 7);
            t.extend_from_slice(&block.t);
            z.extend_from_slice(&block.z);
        }
        assert_eq!(t, batch.rows.t, "{file}");
        assert_eq!(z, batch.rows.z, "{file}");
        assert_eq!(reader.stats(), &batch.stats, "{file}");
    }
}

#[test]
fn raw_counts_need_a_scale_and_the_error_suggests_one() {
    let path = dir().join("plain_counts_1024.csv");
    let e = read_trace(&ReadConfig::default(), &path)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("plain_counts_1024.csv:1: values look like raw counts"),
        "{e}"
    );
    assert!(e.contains("1024"), "{e}");
}

#[test]
fn a_forced_format_or_units_overrides_detection() {
    let path = dir().join("plain_seconds.csv");
    let forced = ReadConfig {
        units: Some(Units::MetersPerSecond2),
        ..ReadConfig::default()
    };
    let as_ms2 = read_trace(&forced, &path).unwrap();
    let as_g = read_trace(&ReadConfig::default(), &path).unwrap();
    assert_eq!(as_ms2.info.units_reason, "set by the caller");
    assert!((as_ms2.rows.z[0] * plmkit::STANDARD_GRAVITY - as_g.rows.z[0]).abs() < 1e-12);
    // Forcing the GENEActiv layout on an ActiGraph export: its rows start with an M/d/yyyy
    // timestamp, not an ISO one, so no data row is found in the header's reach.
    let wrong = ReadConfig {
        format: Some(TraceFormat::GeneActivCsv),
        ..ReadConfig::default()
    };
    let e = read_trace(&wrong, dir().join("actigraph_raw_timestamps.csv")).unwrap_err();
    assert!(
        e.to_string()
            .contains("actigraph_raw_timestamps.csv:300: no data row"),
        "{e}"
    );
}

#[test]
fn info_and_stats_serialise_for_reports() {
    let trace = read_trace(&ReadConfig::default(), dir().join("geneactiv.csv")).unwrap();
    let info = serde_json::to_value(&trace.info).unwrap();
    assert_eq!(info["format"], "geneactiv_csv");
    assert_eq!(info["start"], expected()["geneactiv.csv"]["start"]);
    assert_eq!(info["units"], "g");
    assert_eq!(info["columns"]["time_kind"]["date_time"], "year_month_day");
    let stats = serde_json::to_value(&trace.stats).unwrap();
    assert_eq!(stats["rows"].as_u64(), Some(trace.len() as u64));
}

#[test]
fn small_layout_variants_are_recognised() {
    use std::io::Cursor;
    let read = |name: &str, text: &str| {
        let r = TraceReader::from_reader(
            &ReadConfig::strict(),
            name.to_string(),
            Cursor::new(text.as_bytes().to_vec()),
        );
        plmkit::io::trace::Trace::from_reader(r.unwrap_or_else(|e| panic!("{e}"))).unwrap()
    };
    // phyphox "Linear Acceleration" (no gravity): the header's m/s² is trusted.
    let phy = read(
        "linear.csv",
        "\"Time (s)\",\"Linear Acceleration x (m/s^2)\",\"Linear Acceleration y (m/s^2)\",\"Linear Acceleration z (m/s^2)\"\n\
         0.00E0,1.0E-2,-2.0E-2,3.0E-2\n1.0E-2,1.0E-2,-2.0E-2,3.0E-2\n",
    );
    assert_eq!(phy.info.format, TraceFormat::PhoneSeconds);
    assert_eq!(phy.info.units, Units::MetersPerSecond2);
    assert!((phy.rows.z[1] - 0.03 / plmkit::STANDARD_GRAVITY).abs() < 1e-15);
    // ActiGraph without a column-name line, values in exponent notation.
    let acti = read(
        "acti.csv",
        "------------ Data File Created By ActiGraph GT3X+ ActiLife v6.13.4 date format d/M/yyyy at 50 Hz -----------\n\
         Start Time 23:05:00\nStart Date 14/3/2026\n----------\n1e-2,-0.2,0.98\n0.01,-0.2,9.8e-1\n",
    );
    assert_eq!(acti.len(), 2);
    assert_eq!(acti.rows.t[1], 0.02);
    assert_eq!(acti.info.start.unwrap().to_string(), "2026-03-14T23:05:00");
    // Axivity without a header; plain with ISO 'T' timestamps and a zone.
    let ax = read(
        "ax.csv",
        "2026-03-14 23:05:00.000,0.01,-0.2,0.98\n2026-03-14 23:05:00.010,0.01,-0.2,0.98\n",
    );
    assert_eq!(ax.info.format, TraceFormat::AxivityCsv);
    assert!((ax.rows.t[1] - 0.01).abs() < 1e-12);
    let iso = read(
        "iso.csv",
        "timestamp,x,y,z\n2026-03-14T23:05:00+01:00,0,0,1\n2026-03-14T23:05:00.5+01:00,0,0,1\n",
    );
    assert_eq!(iso.info.start.unwrap().to_string(), "2026-03-14T22:05:00");
    assert_eq!(iso.rows.t[1], 0.5);
}
