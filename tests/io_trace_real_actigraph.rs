//! The real ActiGraph export in ../shared/real-data (see its README): a UTF-8 BOM, a 12-line
//! header, date format d/MM/yyyy, 60 Hz, no timestamp column, idle-sleep rows 0,0,0 from line
//! 4934 on. Skipped with a printed reason when the folder is absent (a fresh clone).
#![cfg(feature = "io")]

mod real_data;

use plmkit::io::trace::{ReadConfig, TimeKind, TraceFormat, Units, read_trace};
use real_data::{ACTIGRAPH_CSV, real_file};

#[test]
#[cfg_attr(not(real_data), ignore = "needs ../shared/real-data, which is absent")]
fn reads_the_real_actigraph_export_with_its_idle_stretch() {
    let path = real_file(ACTIGRAPH_CSV);
    let trace = read_trace(&ReadConfig::strict(), &path).unwrap();
    let info = &trace.info;
    assert_eq!(info.format, TraceFormat::ActiGraphCsv);
    assert_eq!(info.format_reason, "line 1 is an ActiGraph banner");
    assert!(
        info.units_reason
            .starts_with("ActiGraph RAW CSV is in g; median magnitude")
    );
    assert_eq!(info.sample_rate_hz, Some(60.0));
    assert_eq!(info.serial.as_deref(), Some("MOS2E17210537"));
    assert_eq!(info.units, Units::G);
    assert_eq!(info.columns.time_kind, TimeKind::FromRate);
    // Start Time 14:53:00, Start Date 30/04/2024 in d/MM/yyyy.
    assert_eq!(info.start.unwrap().to_string(), "2024-04-30T14:53:00");
    assert_eq!(info.start_unix_s, Some(1_714_488_780.0));
    // 12 header lines and the column-name line.
    assert_eq!(info.header_lines, 13);

    // 7213 lines in the file: 7200 rows, 120 s at 60 Hz.
    assert_eq!(trace.len(), 7200);
    assert_eq!(trace.stats.rows, 7200);
    assert_eq!(trace.stats.skipped_rows(), 0);
    assert_eq!(trace.rows.t[1], 1.0 / 60.0);
    assert!((trace.rows.t[7199] - 7199.0 / 60.0).abs() < 1e-12);
    assert_eq!(
        (trace.rows.x[0], trace.rows.y[0], trace.rows.z[0]),
        (-0.52, -0.52, -0.637)
    );

    // The idle stretch: one run from line 4934 (data row 4920, t = 82 s) to the end.
    let stats = &trace.stats;
    assert_eq!(stats.idle_span_count, 1);
    let span = stats.idle_spans[0];
    assert_eq!(span.first_line, 4934);
    assert_eq!(span.rows, 7200 - 4920);
    assert_eq!(stats.listed_idle_rows(), span.rows);
    assert!((span.first_s - 82.0).abs() < 1e-9);
    assert!((span.last_s - 7199.0 / 60.0).abs() < 1e-9);
    assert!(trace.rows.x[4920..].iter().all(|&v| v == 0.0));
    assert_ne!(
        (trace.rows.x[4919], trace.rows.y[4919], trace.rows.z[4919]),
        (0.0, 0.0, 0.0)
    );
}
