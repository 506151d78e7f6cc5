//! The `filter` example's library side: CSV table parsing with file:line errors, sample rate
//! from the time column, and filtering every non-time column like the streaming filters.
#![cfg(feature = "io")]

use plmkit::filter::{Band, Filter, Init, SosFilter, butter, sosfiltfilt};

// The example's module itself (cargo test does not run an example's unit tests).
#[path = "../examples/filter/table.rs"]
mod table;
use table::{FilterConfig, Table, filter_csv, filter_table};

fn spec(band: Band) -> FilterConfig {
    FilterConfig {
        fs_hz: None,
        band,
        order: 4,
        zero_phase: false,
        init: Init::Steady,
    }
}

fn err(text: &str, spec: &FilterConfig) -> String {
    match Table::parse(text, "in.csv").and_then(|t| filter_table(&t, spec, "in.csv")) {
        Ok(_) => panic!("accepted bad input:\n{text}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn bad_input_names_file_and_line() {
    let s = spec(Band::Lowpass(5.0));
    assert_eq!(
        err("time_s,x\n0,1\n0.02,2,3\n", &s),
        "in.csv:3: row has 3 fields, the header has 2"
    );
    assert_eq!(
        err("time_s,x\n0,1\n0.02\n", &s),
        "in.csv:3: row has 1 fields, the header has 2"
    );
    assert_eq!(
        err("time_s,x\n0,1\n\n0.02,abc\n", &s),
        "in.csv:4: column 'x': 'abc' is not a number"
    );
    assert_eq!(
        err("time_s,x\n0,1\n0.02,inf\n", &s),
        "in.csv:3: column 'x': 'inf' is not a finite number"
    );
    assert_eq!(
        err("time_s,x\n0,1\n", &s),
        "in.csv:2: need at least two time points, found 1"
    );
    assert_eq!(
        err("time_s,x\n", &s),
        "in.csv:1: need at least two time points, found 0"
    );
    assert_eq!(err("", &s), "in.csv:1: empty file: expected a header line");
    assert_eq!(
        err("t,x\n0,1\n0.5,1\n0.5,2\n", &s),
        "in.csv:4: time does not increase: 0.5 after 0.5 (column 't')"
    );
    assert_eq!(
        err("time_s,x,x\n0,1,1\n", &s),
        "in.csv:1: duplicate column name 'x'"
    );
    assert!(err("x,y\n0,1\n1,1\n", &s).starts_with("in.csv:1: no time column"));
    // A filter the sample rate cannot support (fs from time = 10 Hz) is the options' fault:
    // the error names the option, not the file.
    let e = err("time,x\n0,1\n0.1,2\n0.2,3\n", &s);
    assert!(e.contains("Nyquist"), "{e}");
    assert!(
        e.starts_with("invalid configuration: --lowpass 5 --order 4 at 10"),
        "{e}"
    );
    assert!(
        e.contains("from the time column") && !e.contains("in.csv"),
        "{e}"
    );
    let with_fs = FilterConfig {
        fs_hz: Some(1e15),
        ..spec(Band::Lowpass(5.0))
    };
    let e = err("time,x\n0,1\n0.1,2\n0.2,3\n", &with_fs);
    assert!(
        e.contains("--lowpass 5 --order 4 at 1000000000000000 Hz (--fs)"),
        "{e}"
    );
}

#[test]
fn device_files_are_read_as_the_trace_reader_reads_them() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/formats");
    for name in [
        "actigraph_raw_timestamps.csv",
        "actigraph.gt3x",
        "geneactiv.bin",
        "axivity.cwa",
    ] {
        let path = format!("{dir}/{name}");
        let table = Table::read_input(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(table.header, ["time_s", "x_g", "y_g", "z_g"], "{name}");
        let trace = plmkit::io::trace::read_trace(&Default::default(), &path).unwrap();
        assert_eq!(table.columns[0], trace.rows.t, "{name}");
        assert_eq!(table.columns[3], trace.rows.z, "{name}");
        let out = filter_table(&table, &spec(Band::Highpass(0.5)), &path).unwrap();
        assert_eq!(out.len(), trace.len(), "{name}");
    }
    // A plain table keeps its own columns.
    let plain = Table::read_input(format!("{}/../trace_ankle_50hz.csv", dir)).unwrap();
    assert_eq!(plain.header, ["time_s", "x", "y", "z"]);
}

#[test]
fn missing_file_is_an_io_error_with_the_file_name() {
    let e = filter_csv(
        "/nonexistent/in.csv",
        "/tmp/out.csv",
        &spec(Band::Lowpass(1.0)),
    )
    .unwrap_err()
    .to_string();
    assert!(e.starts_with("/nonexistent/in.csv: "), "{e}");
}

fn trace_text() -> String {
    let mut s = String::from("time_s,x,z\n");
    for i in 0..300 {
        let t = i as f64 / 50.0;
        let x = (t * 9.0).sin() * 0.1 + (i % 7) as f64 * 0.01;
        s.push_str(&format!("{t},{x},{}\n", 0.98 + x * 0.5));
    }
    s
}

#[test]
fn columns_are_filtered_like_the_streaming_filter_and_time_is_copied() {
    let table = Table::parse(&trace_text(), "tr.csv").unwrap();
    let out = filter_table(&table, &spec(Band::Highpass(0.5)), "tr.csv").unwrap();
    assert_eq!(out.header, table.header);
    assert_eq!(out.columns[0], table.columns[0]);
    // fs from the time column is 50 Hz up to round-off of the time stamps.
    let fs = table.time_rate("tr.csv").unwrap().unwrap();
    assert!((fs - 50.0).abs() < 1e-9);
    let sos = butter(4, Band::Highpass(0.5), fs).unwrap();
    for j in 1..3 {
        let mut want = table.columns[j].clone();
        SosFilter::new(&sos, Init::Steady).process_block(&mut want);
        assert_eq!(out.columns[j], want);
    }
    // --fs overrides the time column; zero phase is sosfiltfilt.
    let zp = FilterConfig {
        fs_hz: Some(100.0),
        zero_phase: true,
        ..spec(Band::Highpass(0.5))
    };
    let out = filter_table(&table, &zp, "tr.csv").unwrap();
    let sos = butter(4, Band::Highpass(0.5), 100.0).unwrap();
    assert_eq!(
        out.columns[2],
        sosfiltfilt(&sos, &table.columns[2]).unwrap()
    );
}

#[test]
fn written_values_read_back_as_the_same_f64() {
    let table = Table::parse(&trace_text(), "tr.csv").unwrap();
    let out = filter_table(&table, &spec(Band::Bandpass(0.5, 8.0)), "tr.csv").unwrap();
    let back = Table::parse(&out.to_csv(), "back.csv").unwrap();
    assert_eq!(back.header, out.header);
    assert_eq!(back.columns, out.columns);
}

#[test]
fn filter_csv_runs_on_the_shipped_fixture() {
    let dir = std::env::temp_dir().join(format!("plmkit-filter-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("filtered.csv");
    let input = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/trace_ankle_50hz.csv");
    filter_csv(input, &out, &spec(Band::Bandpass(0.5, 8.0))).unwrap();
    let t = Table::read(&out).unwrap();
    let src = Table::read(input).unwrap();
    assert_eq!(t.header, ["time_s", "x", "y", "z"]);
    assert_eq!(t.len(), src.len());
    // A band-pass removes gravity: the filtered z axis has near-zero mean.
    let z = &t.columns[3];
    let mean = z.iter().sum::<f64>() / z.len() as f64;
    assert!(mean.abs() < 1e-3, "mean {mean}");
    std::fs::remove_dir_all(&dir).unwrap();
}
