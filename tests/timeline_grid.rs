//! Timeline: rate estimate, gaps, jitter, zero rows, interpolation, errors.

use plmkit::Error;
use plmkit::simulate::Rng;
use plmkit::timeline::{
    Grid, GridOut, GridSink, Timeline, TimelineConfig, TimelineStats, resample,
};
use plmkit::{Result, TriaxialView};

/// `resample` on four columns (their lengths are checked by the view).
fn rows_resampled(
    t: &[f64],
    x: &[f64],
    y: &[f64],
    z: &[f64],
    cfg: &TimelineConfig,
) -> Result<(Vec<[f64; 3]>, TimelineStats)> {
    resample(cfg, TriaxialView::new(t, x, y, z)?)
}

fn ramp(t: &[f64]) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    (
        t.iter().map(|&t| 0.5 + 0.01 * t).collect(),
        t.iter().map(|&t| -0.2 * t).collect(),
        t.iter().map(|&t| 1.0 - 0.003 * t).collect(),
    )
}

#[test]
fn uniform_input_passes_through_unchanged() {
    let t: Vec<f64> = (0..5000).map(|i| 10.0 + i as f64 / 50.0).collect();
    let mut rng = Rng::new(4);
    let x: Vec<f64> = t.iter().map(|_| rng.normal()).collect();
    let y: Vec<f64> = t.iter().map(|_| rng.normal()).collect();
    let z: Vec<f64> = t.iter().map(|_| rng.normal()).collect();
    let (g, st) = rows_resampled(&t, &x, &y, &z, &TimelineConfig::default()).unwrap();
    assert_eq!(st.rate_hz, 50.0);
    assert_eq!(st.start_s, 10.0);
    assert_eq!(g.len(), 5000);
    assert_eq!((st.gaps, st.invalid_samples, st.bridged_samples), (0, 0, 0));
    for i in 0..5000 {
        assert!(
            (g[i][0] - x[i]).abs() < 1e-9
                && (g[i][1] - y[i]).abs() < 1e-9
                && (g[i][2] - z[i]).abs() < 1e-9
        );
    }
}

#[test]
fn jittered_clock_is_resampled_linearly() {
    let mut rng = Rng::new(8);
    let t: Vec<f64> = (0..20_000)
        .map(|i| i as f64 / 100.0 + rng.range(-0.002, 0.002))
        .collect();
    let (x, y, z) = ramp(&t);
    let (g, st) = rows_resampled(&t, &x, &y, &z, &TimelineConfig::default()).unwrap();
    assert!((st.rate_hz - 100.0).abs() < 0.5, "rate {}", st.rate_hz);
    assert!(
        st.jitter_max_abs_s > 0.002 && st.jitter_max_abs_s < 0.0041,
        "{}",
        st.jitter_max_abs_s
    );
    assert_eq!(st.gaps, 0);
    for (k, v) in g.iter().enumerate() {
        let tk = st.start_s + k as f64 / st.rate_hz;
        let want = ramp(&[tk]);
        assert!(
            (v[0] - want.0[0]).abs() < 1e-9
                && (v[1] - want.1[0]).abs() < 1e-9
                && (v[2] - want.2[0]).abs() < 1e-9
        );
    }
    let span = t[t.len() - 1] - st.start_s;
    assert!(((g.len() as f64) - (span * st.rate_hz + 1.0)).abs() <= 1.0);
}

#[test]
fn short_holes_are_bridged_long_ones_invalid() {
    // 50 Hz for 60 s; drop 3 rows at 10 s (80 ms hole), 10 rows at 20 s (a 0.22-s hole, under
    // the 0.25-s bridging limit), 1 s of rows at 30 s, and write 2 s of idle 0,0,0 rows at 45 s.
    let mut t = Vec::new();
    for i in 0..3000 {
        let ti = i as f64 / 50.0;
        if (501..504).contains(&i) || (1000..1010).contains(&i) || (1500..1550).contains(&i) {
            continue;
        }
        t.push(ti);
    }
    let (mut x, mut y, mut z) = ramp(&t);
    for (i, &ti) in t.iter().enumerate() {
        if (45.0..47.0).contains(&ti) {
            (x[i], y[i], z[i]) = (0.0, 0.0, 0.0);
        }
    }
    let (g, st) = rows_resampled(&t, &x, &y, &z, &TimelineConfig::default()).unwrap();
    assert_eq!(st.rate_hz, 50.0);
    assert_eq!(g.len(), 3000);
    assert_eq!(st.gaps, 3);
    assert_eq!(st.zero_rows, 100);
    assert_eq!(st.invalid_stretches, 2);
    assert_eq!(st.invalid_samples, 50 + 100);
    assert_eq!(st.bridged_samples, 3 + 10);
    assert_eq!(st.bridged_holes, 2);
    for k in [501, 502, 503, 1000, 1005, 1009] {
        let want = ramp(&[k as f64 / 50.0]);
        assert!((g[k][0] - want.0[0]).abs() < 1e-12);
    }
    assert!(
        g[1500][0].is_nan() && g[1549][0].is_nan() && !g[1499][0].is_nan() && !g[1550][0].is_nan()
    );
    assert!(g[2250][0].is_nan() && g[2349][0].is_nan() && !g[2350][0].is_nan());
}

#[test]
fn configured_rate_and_errors() {
    let t: Vec<f64> = (0..100).map(|i| i as f64 * 0.04).collect();
    let (x, y, z) = ramp(&t);
    let cfg = TimelineConfig {
        rate_hz: Some(50.0),
        ..TimelineConfig::default()
    };
    let (g, st) = rows_resampled(&t, &x, &y, &z, &cfg).unwrap();
    assert_eq!(st.rate_hz, 50.0);
    assert_eq!(g.len(), 199);

    let mut bad = t.clone();
    bad[50] = bad[49];
    let e = rows_resampled(&bad, &x, &y, &z, &TimelineConfig::default()).unwrap_err();
    assert!(
        matches!(e, Error::InvalidInput(ref s) if s.contains("not increasing")),
        "{e}"
    );
    bad[50] = f64::NAN;
    assert!(matches!(
        rows_resampled(&bad, &x, &y, &z, &TimelineConfig::default()),
        Err(Error::InvalidInput(_))
    ));
    assert!(matches!(
        rows_resampled(
            &t[..1],
            &x[..1],
            &y[..1],
            &z[..1],
            &TimelineConfig::default()
        ),
        Err(Error::InvalidInput(_))
    ));
    assert!(matches!(
        rows_resampled(&t, &x[..5], &y, &z, &TimelineConfig::default()),
        Err(Error::InvalidInput(_))
    ));
    for cfg in [
        TimelineConfig {
            rate_hz: Some(0.0),
            ..TimelineConfig::default()
        },
        TimelineConfig {
            probe_rows: 1,
            ..TimelineConfig::default()
        },
        TimelineConfig {
            gap_factor: 1.0,
            ..TimelineConfig::default()
        },
        TimelineConfig {
            max_interp_gap_s: -1.0,
            ..TimelineConfig::default()
        },
    ] {
        assert!(matches!(
            rows_resampled(&t, &x, &y, &z, &cfg),
            Err(Error::InvalidConfig(_))
        ));
    }
}

#[test]
fn non_finite_axes_count_as_missing() {
    let t: Vec<f64> = (0..500).map(|i| i as f64 / 25.0).collect();
    let (mut x, y, z) = ramp(&t);
    x[100] = f64::NAN;
    x[300] = f64::INFINITY;
    let (g, st) = rows_resampled(&t, &x, &y, &z, &TimelineConfig::default()).unwrap();
    assert_eq!(st.nonfinite_rows, 2);
    assert_eq!(st.invalid_samples, 0);
    assert!(g.iter().all(|v| v[0].is_finite()));
}

/// Fuzzing and fault finding (issue 11): a 34-kB CSV the reader took for 100 Hz was
/// re-estimated by the timeline as 1e9 Hz, whose grid aborted on its allocation. An estimate
/// outside the plausible rates is an error; a configured rate is taken as given.
#[test]
fn an_estimated_rate_outside_the_plausible_rates_is_an_error() {
    for step in [1e-9, 1e-5, 2.0] {
        let t: Vec<f64> = (0..2000).map(|i| i as f64 * step).collect();
        let (x, y, z) = ramp(&t);
        let e = rows_resampled(&t, &x, &y, &z, &TimelineConfig::default()).unwrap_err();
        assert!(
            matches!(e, Error::InvalidInput(ref s) if s.contains("outside")),
            "step {step}: {e}"
        );
    }
    // At the bounds the estimate stands, and a configured rate may be anything positive.
    for step in [1.0, 1e-4] {
        let t: Vec<f64> = (0..2000).map(|i| i as f64 * step).collect();
        let (x, y, z) = ramp(&t);
        assert!(
            rows_resampled(&t, &x, &y, &z, &TimelineConfig::default()).is_ok(),
            "{step}"
        );
    }
    let t: Vec<f64> = (0..50).map(|i| i as f64 * 2.0).collect();
    let (x, y, z) = ramp(&t);
    let cfg = TimelineConfig {
        rate_hz: Some(0.5),
        ..TimelineConfig::default()
    };
    assert!(rows_resampled(&t, &x, &y, &z, &cfg).is_ok());
}

/// Counts what a bounded timeline hands on, the largest piece, and a hash of the bits.
#[derive(Default)]
struct Tally {
    count: usize,
    hash: u64,
    largest: usize,
}

impl Tally {
    fn add(&mut self, samples: &[[f64; 3]]) {
        self.count += samples.len();
        for v in samples.iter().flatten() {
            // FNV-1a over the bits: equal streams, equal hashes.
            self.hash = (self.hash ^ v.to_bits()).wrapping_mul(0x100_0000_01b3);
        }
    }
}

impl GridSink for &mut Tally {
    fn take(&mut self, samples: &[[f64; 3]], _: Grid) -> Result<()> {
        self.largest = self.largest.max(samples.len());
        self.add(samples);
        Ok(())
    }
}

/// Issue 11: a 5.8-h gap at 10 kHz was 209 M grid samples in one buffer (4.9 GB). Bounded,
/// the buffer never holds more than its limit and the samples are those of `push` (here a
/// 10-minute gap, 6 M samples).
#[test]
fn a_gap_of_hours_goes_through_a_bounded_buffer() {
    let rate = 10_000.0;
    let mut t: Vec<f64> = (0..200).map(|i| i as f64 / rate).collect();
    t.extend((0..200).map(|i| 600.0 + i as f64 / rate));
    let (x, y, z) = ramp(&t);
    let rows = TriaxialView::new(&t, &x, &y, &z).unwrap();
    let cfg = TimelineConfig::default();

    let mut tally = Tally::default();
    let mut buf = Vec::new();
    let mut tl = Timeline::new(&cfg).unwrap();
    {
        let mut out = GridOut::bounded(&mut buf, 4096, &mut tally);
        tl.push_with(rows.slice(0, 250), &mut out).unwrap();
        tl.push_with(rows.slice(250, rows.len()), &mut out).unwrap();
        tl.finish_with(&mut out).unwrap();
    }
    assert!(
        buf.len() < 4096 && tally.largest == 4096,
        "{} {}",
        buf.len(),
        tally.largest
    );
    assert!(buf.capacity() <= 8192, "buffer grew to {}", buf.capacity());
    tally.add(&buf);

    let (want, stats) = resample(&cfg, rows).unwrap();
    assert_eq!(stats.samples as usize, want.len());
    assert!(want.len() > 6_000_000 - 1000, "{}", want.len());
    let mut whole = Tally::default();
    whole.add(&want);
    assert_eq!((tally.count, tally.hash), (whole.count, whole.hash));
}

/// The rate estimate on device clocks: rows stamped to whole milliseconds (30 Hz steps 33, 33,
/// 34 ms; the median step said 30.30 Hz), jittered stamps, lost and repeated rows.
#[test]
fn the_rate_estimate_follows_the_period_not_the_clock_tick() {
    use plmkit::timeline::estimate_rate_hz;
    // 30 Hz stamped in whole milliseconds.
    let ms_ticks: Vec<f64> = (0..1024)
        .map(|i| (f64::from(i) * 1000.0 / 30.0).floor() / 1000.0)
        .collect();
    let hz = estimate_rate_hz(ms_ticks.iter().copied()).unwrap();
    assert!((hz - 30.0).abs() < 0.01, "{hz} Hz");
    // 100 Hz with a deterministic ±2 ms jitter, two lost rows and a repeated stamp.
    let mut jittered: Vec<f64> = (0..1024)
        .filter(|&i| i != 300 && i != 301)
        .map(|i| f64::from(i) * 0.01 + 0.002 * (f64::from(i) * 1.7).sin())
        .collect();
    jittered.insert(500, jittered[499]);
    let hz = estimate_rate_hz(jittered.iter().copied()).unwrap();
    assert!((hz - 100.0).abs() < 0.05, "{hz} Hz");
    // Decimal stamps still give the exact rate.
    let decimal: Vec<f64> = (0..500).map(|i| f64::from(i) * 0.02).collect();
    assert_eq!(estimate_rate_hz(decimal), Some(50.0));
    assert_eq!(estimate_rate_hz([1.0, 1.0]), None);
}
