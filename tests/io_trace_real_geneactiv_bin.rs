//! The real GENEActiv native .bin in ../shared/real-data (60 Hz, 91 pages of 300 samples).
//! Skipped with a printed reason when the folder is absent (a fresh clone).
#![cfg(feature = "io")]

mod real_data;

use plmkit::io::trace::{ReadConfig, TraceFormat, Units, read_trace};

#[test]
#[cfg_attr(not(real_data), ignore = "needs ../shared/real-data, which is absent")]
fn reads_the_real_geneactiv_bin_pages_calibrated_to_g() {
    let path = real_data::real_file(real_data::GENEACTIV_BIN);
    let trace = read_trace(&ReadConfig::strict(), &path).unwrap();
    let info = &trace.info;
    assert_eq!(info.format, TraceFormat::GeneActivBin);
    assert_eq!(info.sample_rate_hz, Some(60.0));
    assert_eq!(info.serial.as_deref(), Some("101806"));
    assert_eq!(info.units, Units::G);
    // The first page's time (the header's Start Time is 12:37:32).
    assert_eq!(info.start.unwrap().to_string(), "2025-03-17T12:37:33");
    assert_eq!(trace.len(), 91 * 300);
    assert!((trace.rows.t[trace.len() - 1] - (91.0 * 300.0 - 1.0) / 60.0).abs() < 1e-9);
    // The first sample, hex FEFF0AFFA024: x = -17, y = -246, z = -6 raw, with the header's
    // calibration (x gain 25270 offset -1846, y 25100 / -474, z 24829 / 1167).
    let want = [
        (-1700.0 + 1846.0) / 25270.0,
        (-24600.0 + 474.0) / 25100.0,
        (-600.0 - 1167.0) / 24829.0,
    ];
    assert_eq!([trace.rows.x[0], trace.rows.y[0], trace.rows.z[0]], want);
    // A wrist at rest reads about 1 g.
    let mut mags: Vec<f64> = (0..trace.len())
        .map(|i| {
            (trace.rows.x[i].powi(2) + trace.rows.y[i].powi(2) + trace.rows.z[i].powi(2)).sqrt()
        })
        .collect();
    mags.sort_by(f64::total_cmp);
    let median = mags[mags.len() / 2];
    assert!((0.9..1.1).contains(&median), "median magnitude {median}");
    assert_eq!(trace.stats.listed_idle_rows(), 0);
}
