//! The real ActiGraph .gt3x in ../shared/real-data, read natively and compared with the CSV the
//! same recording was exported to (same serial and start; see the folder's README). Skipped
//! with a printed reason when the folder is absent (a fresh clone).
#![cfg(feature = "io")]

mod real_data;

use plmkit::io::trace::{ReadConfig, TraceFormat, Units, read_trace};

#[test]
#[cfg_attr(not(real_data), ignore = "needs ../shared/real-data, which is absent")]
fn the_native_gt3x_matches_its_csv_export() {
    let (gt3x, csv) = (
        real_data::real_file(real_data::ACTIGRAPH_GT3X),
        real_data::real_file(real_data::ACTIGRAPH_CSV),
    );
    let native = read_trace(&ReadConfig::strict(), &gt3x).unwrap();
    let export = read_trace(&ReadConfig::strict(), &csv).unwrap();
    let info = &native.info;
    assert_eq!(info.format, TraceFormat::ActiGraphGt3x);
    assert_eq!(info.sample_rate_hz, Some(60.0));
    assert_eq!(info.serial.as_deref(), Some("MOS2E17210537"));
    assert_eq!(info.units, Units::G);
    assert_eq!(info.start, export.info.start);
    // Start to Last Sample Time is 120 s: 7200 rows, as in the export.
    assert_eq!(native.len(), 7200);
    assert_eq!(native.len(), export.len());
    assert_eq!(native.rows.t, export.rows.t);
    // Activity records cover the first 81 s; the exporter rounds to 3 decimals.
    let active = 81 * 60;
    for i in 0..active {
        for (a, b) in [
            (native.rows.x[i], export.rows.x[i]),
            (native.rows.y[i], export.rows.y[i]),
            (native.rows.z[i], export.rows.z[i]),
        ] {
            assert!((a - b).abs() <= 0.0005 + 1e-12, "row {i}: {a} vs {b}");
        }
    }
    // Then no records: idle. The export repeats the last sample for one second and writes
    // 0,0,0 from 82 s; the native reader marks all of it as idle (missing).
    assert!(
        native.rows.x[active..]
            .iter()
            .chain(&native.rows.y[active..])
            .chain(&native.rows.z[active..])
            .all(|&v| v == 0.0)
    );
    assert_eq!(native.stats.idle_span_count, 1);
    let span = native.stats.idle_spans[0];
    assert_eq!(span.rows, 7200 - active);
    assert!((span.first_s - 81.0).abs() < 1e-9);
    assert_eq!(export.stats.idle_spans[0].first_s, 82.0);
}
