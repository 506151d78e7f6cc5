//! Moving sum/mean/RMS and running percentile against direct computations, including a
//! whole-night (10^7-sample) drift check, and the zero-phase filter's length rule.

use plmkit::Error;
use plmkit::filter::{
    Band, Filter, MovingMean, MovingRms, MovingSum, RunningPercentile, butter, filtfilt_padlen,
    sosfiltfilt,
};
use proptest::prelude::*;

/// A deterministic pseudo-random generator (splitmix64) for long inputs.
struct Rng(u64);
impl Rng {
    fn next_f64(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A compensated (Neumaier) sum, the reference for a window.
fn exact_sum(v: &[f64]) -> f64 {
    let (mut s, mut c) = (0.0f64, 0.0f64);
    for &x in v {
        let t = s + x;
        c += if s.abs() >= x.abs() {
            (s - t) + x
        } else {
            (x - t) + s
        };
        s = t;
    }
    s + c
}

#[test]
fn moving_sum_and_rms_do_not_drift_over_ten_million_samples() {
    const N: usize = 10_000_000;
    const W: usize = 1000;
    // Gravity-sized offset with large bursts: the regime where a plain running sum drifts.
    let mut rng = Rng(42);
    let x: Vec<f64> = (0..N)
        .map(|i| {
            let burst = if (i / 5000) % 7 == 0 { 1e3 } else { 1.0 };
            1.0 + burst * (rng.next_f64() - 0.5)
        })
        .collect();
    let mut sum = MovingSum::new(W).unwrap();
    let mut rms = MovingRms::new(W).unwrap();
    let mut mean = MovingMean::new(W).unwrap();
    let (mut s, mut r, mut m) = (0.0, 0.0, 0.0);
    for &v in &x {
        s = sum.process_sample(v);
        r = rms.process_sample(v);
        m = mean.process_sample(v);
    }
    let tail = &x[N - W..];
    let want_s = exact_sum(tail);
    let sq: Vec<f64> = tail.iter().map(|v| v * v).collect();
    let want_r = (exact_sum(&sq) / W as f64).sqrt();
    let scale: f64 = tail.iter().map(|v| v.abs()).sum();
    assert!((s - want_s).abs() <= 1e-14 * scale, "sum {s} vs {want_s}");
    assert!(
        (m - want_s / W as f64).abs() <= 1e-14 * scale / W as f64,
        "mean {m}"
    );
    assert!((r - want_r).abs() <= 1e-14 * want_r, "rms {r} vs {want_r}");

    // The same input through a plain add/subtract running sum does drift measurably, so the
    // tolerance above is tight enough to catch a regression to it.
    let mut naive = 0.0f64;
    for i in 0..N {
        naive += x[i];
        if i >= W {
            naive -= x[i - W];
        }
    }
    assert!(
        (naive - want_s).abs() > 1e-14 * scale,
        "naive sum did not drift"
    );
}

#[test]
fn outputs_before_the_window_fills_cover_the_samples_so_far() {
    let x = [3.0, -1.0, 4.0, 1.0, -5.0, 9.0];
    let mut sum = MovingSum::new(4).unwrap();
    let mut mean = MovingMean::new(4).unwrap();
    let mut rms = MovingRms::new(4).unwrap();
    let mut med = RunningPercentile::median(4).unwrap();
    for i in 0..x.len() {
        let w = &x[i.saturating_sub(3)..=i];
        let n = w.len() as f64;
        let s: f64 = w.iter().sum();
        assert!((sum.process_sample(x[i]) - s).abs() < 1e-12);
        assert!((mean.process_sample(x[i]) - s / n).abs() < 1e-12);
        let r = (w.iter().map(|v| v * v).sum::<f64>() / n).sqrt();
        assert!((rms.process_sample(x[i]) - r).abs() < 1e-12);
        let mut sorted = w.to_vec();
        sorted.sort_by(f64::total_cmp);
        let k = sorted.len();
        let want = if k % 2 == 1 {
            sorted[k / 2]
        } else {
            (sorted[k / 2 - 1] + sorted[k / 2]) / 2.0
        };
        assert!((med.process_sample(x[i]) - want).abs() < 1e-12);
    }
}

#[test]
fn invalid_windows_are_typed_errors() {
    assert!(matches!(
        MovingSum::<f64>::new(0),
        Err(Error::InvalidConfig(_))
    ));
    assert!(matches!(
        MovingRms::<f64>::new(0),
        Err(Error::InvalidConfig(_))
    ));
    assert!(matches!(
        RunningPercentile::<f64>::new(0, 50.0),
        Err(Error::InvalidConfig(_))
    ));
    for q in [-1.0, 100.5, f64::NAN] {
        assert!(matches!(
            RunningPercentile::<f64>::new(5, q),
            Err(Error::InvalidConfig(_))
        ));
    }
}

#[test]
fn a_nan_in_the_window_gives_nan_until_it_leaves() {
    let mut p = RunningPercentile::new(3, 50.0).unwrap();
    let out: Vec<f64> = [1.0, f64::NAN, 2.0, 3.0, 4.0, 5.0]
        .iter()
        .map(|&v| p.process_sample(v))
        .collect();
    assert_eq!(out[0], 1.0);
    assert!(out[1].is_nan() && out[2].is_nan() && out[3].is_nan());
    assert_eq!(out[4], 3.0);
    assert_eq!(out[5], 4.0);
}

/// numpy.percentile's default 'linear' method, written directly on a sorted copy.
fn percentile_direct(w: &[f64], q: f64) -> f64 {
    let mut s = w.to_vec();
    s.sort_by(f64::total_cmp);
    let pos = (s.len() - 1) as f64 * q / 100.0;
    let lo = pos.floor() as usize;
    let hi = (lo + 1).min(s.len() - 1);
    s[lo] + (s[hi] - s[lo]) * (pos - lo as f64)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn running_percentile_equals_sorting_each_window(
        // Small integers make ties and repeated values common.
        x in prop::collection::vec((-20i32..20).prop_map(f64::from), 1..300),
        w in 1usize..40,
        q in 0.0f64..=100.0,
    ) {
        let mut p = RunningPercentile::new(w, q).unwrap();
        for i in 0..x.len() {
            let got = p.process_sample(x[i]);
            let want = percentile_direct(&x[i.saturating_sub(w - 1)..=i], q);
            prop_assert!((got - want).abs() <= 1e-9, "i {} got {} want {}", i, got, want);
        }
    }
}

#[test]
fn sosfiltfilt_needs_more_samples_than_its_padding() {
    let sos = butter(4, Band::Bandpass(0.5, 8.0), 50.0).unwrap();
    let pad = filtfilt_padlen(&sos);
    assert_eq!(pad, 3 * (2 * 4 + 1));
    let x = vec![1.0; pad];
    assert!(matches!(sosfiltfilt(&sos, &x), Err(Error::InvalidInput(_))));
    let x = vec![1.0; pad + 1];
    assert_eq!(sosfiltfilt(&sos, &x).unwrap().len(), pad + 1);
    // Odd-order low-pass: the first-order section has b2 = a2 = 0, so scipy trims ntaps by one.
    let lp = butter(3, Band::Lowpass(5.0), 50.0).unwrap();
    assert_eq!(filtfilt_padlen(&lp), 3 * (2 * 2 + 1 - 1));
}

#[test]
fn moving_sum_recovers_after_a_nan_leaves_the_window() {
    let mut s = MovingSum::new(4).unwrap();
    let mut out = Vec::new();
    for i in 0..20 {
        let v = if i == 5 { f64::NAN } else { 1.0 };
        out.push(s.process_sample(v));
    }
    assert!(out[5].is_nan());
    // Within 2N samples of the NaN the sum is exact again.
    assert!(out[13..].iter().all(|&v| v == 4.0), "{out:?}");
}
