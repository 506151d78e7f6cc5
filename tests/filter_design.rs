//! Butterworth design: typed errors for invalid specifications, stability over a sweep of
//! specifications, steady-state start, and sanity of the frequency response.

use plmkit::Error;
use plmkit::filter::{Band, Biquad, Filter, Init, MAX_ORDER, SosCascade, SosFilter, butter};

fn is_invalid_filter(r: Result<SosCascade<f64>, Error>) -> bool {
    matches!(r, Err(Error::InvalidFilter(_)))
}

#[test]
fn invalid_specifications_are_typed_errors() {
    let fs = 50.0;
    let bad = [
        (4, Band::Lowpass(25.0)),          // at Nyquist
        (4, Band::Lowpass(30.0)),          // above Nyquist
        (4, Band::Highpass(0.0)),          // zero
        (4, Band::Highpass(-1.0)),         // negative
        (4, Band::Lowpass(f64::NAN)),      // NaN
        (4, Band::Lowpass(f64::INFINITY)), // infinite
        (0, Band::Lowpass(5.0)),           // order 0
        (MAX_ORDER + 1, Band::Lowpass(5.0)),
        (4, Band::Bandpass(8.0, 0.5)),  // low above high
        (4, Band::Bandpass(5.0, 5.0)),  // low equals high
        (4, Band::Bandstop(1.0, 25.0)), // high at Nyquist
        (4, Band::Bandstop(0.0, 5.0)),  // low at zero
        (4, Band::Bandpass(f64::NAN, 5.0)),
    ];
    for (order, band) in bad {
        let r = butter(order, band, fs);
        assert!(
            is_invalid_filter(r),
            "order {order} {band:?} should be rejected"
        );
    }
    for fs in [0.0, -50.0, f64::NAN, f64::INFINITY] {
        assert!(
            is_invalid_filter(butter(2, Band::Lowpass(1.0), fs)),
            "fs {fs}"
        );
    }
    // The message says what is wrong.
    let msg = butter(4, Band::Lowpass(30.0), 50.0)
        .unwrap_err()
        .to_string();
    assert!(msg.contains("Nyquist"), "{msg}");
}

#[test]
fn section_counts_follow_scipy() {
    for order in 1..=MAX_ORDER {
        let lp = butter(order, Band::Lowpass(5.0), 50.0).unwrap();
        assert_eq!(
            lp.sections().len(),
            order.div_ceil(2),
            "lowpass order {order}"
        );
        let bp = butter(order, Band::Bandpass(1.0, 5.0), 50.0).unwrap();
        assert_eq!(bp.sections().len(), order, "bandpass order {order}");
    }
}

#[test]
fn designed_poles_are_inside_the_unit_circle() {
    let mut checked = 0;
    for fs in [10.0, 25.0, 50.0, 100.0, 200.0, 250.0, 1000.0] {
        let nyq = fs / 2.0;
        for order in 1..=MAX_ORDER {
            for frac in [0.001, 0.01, 0.05, 0.2, 0.5, 0.8, 0.95, 0.999] {
                let f = frac * nyq;
                let mut bands = vec![Band::Lowpass(f), Band::Highpass(f)];
                for hi in [0.3, 0.9, 0.999] {
                    if frac < hi {
                        bands.push(Band::Bandpass(f, hi * nyq));
                        bands.push(Band::Bandstop(f, hi * nyq));
                    }
                }
                for band in bands {
                    let sos = butter(order, band, fs).unwrap();
                    let r = sos.max_pole_radius();
                    assert!(
                        sos.is_stable() && r < 1.0,
                        "fs {fs} order {order} {band:?}: pole radius {r}"
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 3000);
}

/// |H(e^{jω})| of a cascade at frequency `f` Hz.
fn gain(sos: &SosCascade<f64>, f: f64, fs: f64) -> f64 {
    let w = 2.0 * std::f64::consts::PI * f / fs;
    let (c1, s1, c2, s2) = (w.cos(), -w.sin(), (2.0 * w).cos(), -(2.0 * w).sin());
    sos.sections()
        .iter()
        .map(|q: &Biquad<f64>| {
            let (nr, ni) = (q.b0 + q.b1 * c1 + q.b2 * c2, q.b1 * s1 + q.b2 * s2);
            let (dr, di) = (1.0 + q.a1 * c1 + q.a2 * c2, q.a1 * s1 + q.a2 * s2);
            ((nr * nr + ni * ni) / (dr * dr + di * di)).sqrt()
        })
        .product()
}

#[test]
fn cutoffs_are_the_half_power_points() {
    let fs = 100.0;
    let half = std::f64::consts::FRAC_1_SQRT_2;
    for order in [1, 2, 5, 8, 16] {
        let lp = butter(order, Band::Lowpass(10.0), fs).unwrap();
        assert!((gain(&lp, 10.0, fs) - half).abs() < 1e-9);
        assert!((gain(&lp, 0.0, fs) - 1.0).abs() < 1e-9);
        let hp = butter(order, Band::Highpass(10.0), fs).unwrap();
        assert!((gain(&hp, 10.0, fs) - half).abs() < 1e-9);
        assert!(gain(&hp, 0.0, fs) < 1e-9);
        let bp = butter(order, Band::Bandpass(2.0, 20.0), fs).unwrap();
        assert!((gain(&bp, 2.0, fs) - half).abs() < 1e-9);
        assert!((gain(&bp, 20.0, fs) - half).abs() < 1e-9);
        let bs = butter(order, Band::Bandstop(2.0, 20.0), fs).unwrap();
        assert!((gain(&bs, 2.0, fs) - half).abs() < 1e-9);
        // The stop-band zeros sit at the pre-warped geometric centre of the band.
        let t = |f: f64| (std::f64::consts::PI * f / fs).tan();
        let centre = fs / std::f64::consts::PI * (t(2.0) * t(20.0)).sqrt().atan();
        assert!(
            gain(&bs, centre, fs) < 1e-9,
            "order {order}: {}",
            gain(&bs, centre, fs)
        );
    }
}

#[test]
fn steady_init_passes_a_gravity_offset_without_ringing() {
    let sos = butter(4, Band::Highpass(0.5), 50.0).unwrap();
    let mut steady = SosFilter::new(&sos, Init::Steady);
    let mut zero = SosFilter::new(&sos, Init::Zero);
    let mut worst_steady = 0.0f64;
    let mut worst_zero = 0.0f64;
    for _ in 0..500 {
        worst_steady = worst_steady.max(steady.process_sample(1.0).abs());
        worst_zero = worst_zero.max(zero.process_sample(1.0).abs());
    }
    assert!(worst_steady < 1e-12, "steady start rang to {worst_steady}");
    assert!(worst_zero > 0.5, "zero start should ring: {worst_zero}");
    // A low-pass started in steady state outputs the input level at once.
    let lp = butter(6, Band::Lowpass(2.0), 50.0).unwrap();
    let mut f = SosFilter::new_steady(std::sync::Arc::new(lp));
    for _ in 0..100 {
        assert!((f.process_sample(-0.98) + 0.98).abs() < 1e-12);
    }
}

#[test]
fn f32_cascade_tracks_the_f64_cascade() {
    let sos = butter(4, Band::Bandpass(0.5, 8.0), 50.0).unwrap();
    let sos32 = sos.cast::<f32>().unwrap();
    let mut a = SosFilter::new_steady(&sos);
    let mut b = SosFilter::new_steady(&sos32);
    for i in 0..2000 {
        let x = 1.0 + (i as f64 * 0.37).sin() * 0.3;
        let d = (a.process_sample(x) - b.process_sample(x as f32) as f64).abs();
        assert!(d < 1e-4, "sample {i}: f32 off by {d}");
    }
}

#[test]
fn set_state_rejects_the_wrong_length() {
    let sos = butter(4, Band::Lowpass(5.0), 50.0).unwrap();
    let mut f = SosFilter::new_zero(&sos);
    assert!(matches!(
        f.set_state(&[[0.0; 2]; 3]),
        Err(Error::InvalidInput(_))
    ));
    assert!(f.set_state(&[[0.5, 0.25]; 2]).is_ok());
    assert_eq!(f.state(), &[[0.5, 0.25]; 2]);
}

/// Fuzzing found designs that passed validation with a pole on or outside the unit circle:
/// `filter --lowpass 5 --fs 1e15` wrote NaN in every cell while `max_pole_radius()` said < 1.
#[test]
fn designs_f64_cannot_hold_stable_are_errors() {
    let rejected = [
        (3, Band::Lowpass(5.0), 1e15),
        (4, Band::Highpass(1e-10), 100.0),
        (2, Band::Lowpass(50.0 - 1e-9), 100.0),
        (4, Band::Bandpass(10.0, 10.0 + 1e-13), 100.0),
        (4, Band::Bandstop(10.0, 10.0 + 1e-13), 100.0),
    ];
    for (order, band, fs) in rejected {
        let r = butter(order, band, fs);
        assert!(
            matches!(r, Err(Error::InvalidFilter(_))),
            "{band:?} at {fs}: {r:?}"
        );
    }
    // Near the limit but inside it: still designed, stable, finite on a step.
    let kept = [
        (4, Band::Highpass(0.01), 10_000.0),
        (2, Band::Lowpass(49.99), 100.0),
        (16, Band::Bandstop(0.5, 8.0), 100.0),
        (1, Band::Highpass(1e-4), 100.0),
    ];
    for (order, band, fs) in kept {
        let sos = butter(order, band, fs).unwrap_or_else(|e| panic!("{band:?} at {fs}: {e}"));
        assert!(sos.is_stable());
        let mut f = SosFilter::new_steady(&sos);
        for _ in 0..10_000 {
            assert!(f.process_sample(1.0).is_finite(), "{band:?} at {fs}");
        }
    }
}
