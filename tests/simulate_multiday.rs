//! The multi-day simulator: its plan (a night per day, naps and non-wear by day, movements only
//! in bed, a PLM intensity per night), its rows (the same however they are pulled, gravity
//! along the shin by day and across it in bed and on the table) and every device format.
#![cfg(feature = "io")]

use std::io::Cursor;

use plmkit::io::trace::{ReadConfig, TraceReader};
use plmkit::simulate::{
    DeviceFormat, RowSource, SHIN_AXIS, SimWeek, WEEK_START_UNIX_S, WeekConfig, write_device_csv,
};
use plmkit::{Leg, TriaxialColumns};

fn week(seed: u64, rate_hz: f64, days: u32) -> SimWeek {
    SimWeek::new(&WeekConfig {
        seed,
        rate_hz,
        days,
        ..WeekConfig::default()
    })
    .unwrap()
}

#[test]
fn plans_have_a_night_per_day_and_movements_only_in_bed() {
    for seed in 1..=6 {
        let w = week(seed, 25.0, 7);
        assert_eq!(w.nights().len(), 7, "seed {seed}");
        let inside = |t: f64| {
            w.nights()
                .iter()
                .any(|n| t >= n.in_bed_s && t <= n.out_of_bed_s)
        };
        for m in w.truth() {
            assert!(
                inside(m.onset_s) && inside(m.offset_s),
                "seed {seed}: {m:?}"
            );
        }
        for pair in w.nights().windows(2) {
            assert!(pair[0].out_of_bed_s + 12.0 * 3600.0 < pair[1].in_bed_s);
        }
        for nap in w.naps() {
            assert!(nap.offset_s - nap.onset_s < 3.0 * 3600.0);
        }
        let mut rates: Vec<f64> = w.nights().iter().map(|n| n.plm_trains_per_hour).collect();
        rates.dedup();
        assert_eq!(rates.len(), 7, "seed {seed}: a PLM intensity per night");
        assert!(!w.non_wear().is_empty(), "seed {seed}");
    }
    assert_eq!(week(3, 25.0, 2), week(3, 25.0, 2));
    assert_ne!(week(3, 25.0, 2).nights(), week(4, 25.0, 2).nights());
    assert!(
        SimWeek::new(&WeekConfig {
            days: 0,
            ..WeekConfig::default()
        })
        .is_err()
    );
}

/// The angle (degrees) between an epoch's mean acceleration and the shin axis.
fn inclination(rows: &TriaxialColumns, from_s: f64, to_s: f64) -> f64 {
    let (mut s, mut n) = ([0.0; 3], 0.0);
    for i in 0..rows.len() {
        if rows.t[i] >= from_s && rows.t[i] < to_s {
            s[0] += rows.x[i];
            s[1] += rows.y[i];
            s[2] += rows.z[i];
            n += 1.0;
        }
    }
    let g = s.map(|v| v / n);
    let norm = (g[0] * g[0] + g[1] * g[1] + g[2] * g[2]).sqrt();
    let along = g[0] * SHIN_AXIS[0] + g[1] * SHIN_AXIS[1] + g[2] * SHIN_AXIS[2];
    (along.abs() / norm).acos().to_degrees()
}

#[test]
fn rows_do_not_depend_on_block_sizes_and_the_shin_lies_in_bed() {
    let w = week(8, 10.0, 1);
    let pull = |block: usize| {
        let mut s = w.stream(Leg::Right);
        let mut rows = TriaxialColumns::default();
        while s.fill(&mut rows, block) {}
        rows
    };
    let a = pull(1000);
    assert_eq!(a, pull(7777));
    assert_eq!(a.len() as u64, w.stream(Leg::Right).nominal_samples());
    let n = &w.nights()[0];
    let mid = 0.5 * (n.in_bed_s + n.out_of_bed_s);
    assert!(inclination(&a, mid, mid + 60.0) > 60.0, "lying in bed");
    let nw = &w.non_wear()[0];
    let m = 0.5 * (nw.onset_s + nw.offset_s);
    assert!(inclination(&a, m, m + 60.0) > 60.0, "flat on the table");
    // By day, between the recording's start and the first nap or non-wear, mostly upright.
    let first = w.naps()[0].onset_s.min(nw.onset_s);
    let upright = (0..(first / 600.0) as usize)
        .filter(|&k| inclination(&a, k as f64 * 600.0, k as f64 * 600.0 + 60.0) < 50.0)
        .count();
    assert!(upright as f64 >= 0.8 * (first / 600.0).floor(), "{upright}");
}

#[test]
fn a_day_is_written_in_every_device_format() {
    let w = week(12, 25.0, 1);
    let n = w.stream(Leg::Left).nominal_samples();
    for f in DeviceFormat::ALL {
        let mut out = Vec::new();
        write_device_csv(
            &mut out,
            &mut w.stream(Leg::Left),
            25.0,
            f,
            WEEK_START_UNIX_S,
        )
        .unwrap_or_else(|e| panic!("{}: {e}", f.name()));
        let opts = ReadConfig {
            scale_counts_per_g: (f == DeviceFormat::PlainCounts).then_some(1024.0),
            ..ReadConfig::default()
        };
        let mut reader = TraceReader::from_reader(&opts, f.name(), Cursor::new(out))
            .unwrap_or_else(|e| panic!("{}: {e}", f.name()));
        let (mut rows, mut last) = (0u64, f64::NAN);
        let mut block = TriaxialColumns::default();
        while reader.next_block(&mut block).unwrap() {
            rows += block.len() as u64;
            last = *block.t.last().unwrap();
        }
        assert_eq!(rows, n, "{}", f.name());
        assert!(
            (last - (86_400.0 - 0.04)).abs() < 0.01,
            "{}: last row at {last}",
            f.name()
        );
    }
}
