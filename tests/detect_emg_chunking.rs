//! The EMG detector is chunking-invariant: any cut of the stream into blocks gives identical
//! detections, with gaps (skip_to), non-finite runs and clipped (saturated) runs in the stream.

use plmkit::Leg;
use plmkit::detect::Detection;
use plmkit::detect::emg::{EmgConfig, EmgDetector};
use plmkit::simulate::psg::{PsgConfig, PsgNight};
use proptest::prelude::*;

const RATE: f64 = 200.0;

/// Fifteen simulated minutes with ECG artefact and hum, a run of NaN at 100 s and a clipped
/// run at 300 s.
fn samples() -> Vec<f64> {
    let night = PsgNight::new(&PsgConfig {
        seed: 9,
        rate_hz: RATE,
        duration_s: 900.0,
        ecg: true,
        ..PsgConfig::default()
    })
    .unwrap();
    let mut x = vec![0.0; (900.0 * RATE) as usize];
    night.stream(Leg::Left).fill(&mut x);
    for v in &mut x[20_000..20_150] {
        *v = f64::NAN;
    }
    // Clipped at +2000 µV for half a second at sample 60 000 (307.5 s, after the 7.5-s gap).
    for v in &mut x[60_000..60_100] {
        *v = 2000.0;
    }
    x
}

/// Runs the detector over `x` cut at `cuts`, with a 7.5-s gap declared at sample 40 000.
fn run(x: &[f64], cuts: &[usize]) -> Vec<Detection> {
    let mut det = EmgDetector::new(&EmgConfig::default(), Leg::Left, RATE, 0.0).unwrap();
    det.set_clip_uv(-2000.0, 2000.0).unwrap();
    let mut out = Vec::new();
    let mut bounds: Vec<usize> = cuts.iter().map(|c| c % x.len()).collect();
    bounds.extend([0, 40_000, x.len()]);
    bounds.sort_unstable();
    bounds.dedup();
    for w in bounds.windows(2) {
        if w[0] == 40_000 {
            det.skip_to(40_000.0 / RATE + 7.5, &mut out).unwrap();
        }
        det.push(&x[w[0]..w[1]], &mut out);
    }
    det.finish(&mut out);
    out
}

fn gap_shift(d: &[Detection]) -> usize {
    d.iter()
        .filter(|d| matches!(d, Detection::Invalid(_)))
        .count()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn any_chunking_gives_identical_detections(cuts in proptest::collection::vec(0usize..180_000, 0..40)) {
        let x = samples();
        let whole = run(&x, &[]);
        prop_assert_eq!(run(&x, &cuts), whole);
    }
}

#[test]
fn one_sample_at_a_time_equals_one_block() {
    let x = samples();
    let whole = run(&x, &[]);
    let cuts: Vec<usize> = (0..x.len()).collect();
    assert_eq!(run(&x, &cuts), whole);
    // The stream has movements, the NaN run and the declared gap as two invalid stretches.
    assert!(whole.iter().any(|d| matches!(d, Detection::Movement(_))));
    assert_eq!(gap_shift(&whole), 2);
    let gaps: Vec<_> = whole
        .iter()
        .filter_map(|d| match d {
            Detection::Invalid(i) => Some(*i),
            _ => None,
        })
        .collect();
    assert!((gaps[0].onset_s - 100.0).abs() < 1e-9 && (gaps[0].offset_s - 100.75).abs() < 1e-9);
    assert!((gaps[1].onset_s - 200.0).abs() < 1e-9 && (gaps[1].offset_s - 207.5).abs() < 1e-9);
    // Nothing straddles a gap.
    let sat: Vec<_> = whole
        .iter()
        .filter_map(|d| match d {
            Detection::Saturated(i) => Some(*i),
            _ => None,
        })
        .collect();
    assert_eq!(sat.len(), 1);
    assert!((sat[0].onset_s - 307.5).abs() < 1e-9 && (sat[0].offset_s - 308.0).abs() < 1e-9);
    for d in &whole {
        if let Detection::Movement(m) = d {
            for g in gaps.iter().chain(&sat) {
                assert!(
                    m.offset_s <= g.onset_s || m.onset_s >= g.offset_s,
                    "{m:?} straddles {g:?}"
                );
            }
        }
    }
}

#[test]
fn time_running_backwards_is_an_error() {
    let mut det = EmgDetector::new(&EmgConfig::default(), Leg::Right, RATE, 10.0).unwrap();
    let mut out = Vec::new();
    det.push(&[0.0; 400], &mut out);
    let err = det.skip_to(11.0, &mut out).unwrap_err().to_string();
    assert!(err.contains("already at 12"), "{err}");
}

#[test]
fn bad_config_is_rejected_once_with_the_field_named() {
    let bad = EmgConfig {
        offset_above_rest_uv: 9.0,
        ..EmgConfig::default()
    };
    let e = EmgDetector::new(&bad, Leg::Left, RATE, 0.0)
        .unwrap_err()
        .to_string();
    assert!(e.contains("offset threshold 9"), "{e}");
    let e = EmgDetector::new(&EmgConfig::default(), Leg::Left, 15.0, 0.0)
        .unwrap_err()
        .to_string();
    assert!(e.contains("high-pass 10 Hz"), "{e}");
}
