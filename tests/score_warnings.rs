//! Inputs that do not fit together are scored by the documented rule and said in the report
//! (issue 11, point 7): a hypnogram shorter or longer than the recording, or beside it.

use plmkit::score::{Criteria, Hypnogram, ScoringContext, Stage, score};
use plmkit::{Interval, Leg, LegMovement};

fn codes(hypnogram: Hypnogram, lights: (f64, f64)) -> Vec<&'static str> {
    let ctx = ScoringContext {
        hypnogram: Some(hypnogram),
        lights: Some(Interval {
            onset_s: lights.0,
            offset_s: lights.1,
        }),
        ..Default::default()
    };
    let events: Vec<LegMovement> = (0..8)
        .map(|i| {
            LegMovement::new(
                Leg::Left,
                30.0 + 20.0 * f64::from(i),
                31.0 + 20.0 * f64::from(i),
            )
        })
        .collect();
    let report = score(&Criteria::wasm2016(), &ctx, &events).unwrap();
    for w in &report.warnings {
        assert!(!w.message.is_empty());
    }
    report.warnings.iter().map(|w| w.code).collect()
}

fn epochs(n: usize, start_s: f64) -> Hypnogram {
    Hypnogram::with_timing(vec![Stage::N2; n], 30.0, start_s).unwrap()
}

#[test]
fn a_hypnogram_within_an_epoch_of_the_recording_is_quiet() {
    assert!(codes(epochs(30, 0.0), (0.0, 900.0)).is_empty());
    assert!(
        codes(epochs(30, 0.0), (0.0, 925.0)).is_empty(),
        "25 s short: under an epoch"
    );
    assert!(
        codes(epochs(31, 0.0), (0.0, 900.0)).is_empty(),
        "30 s long: one epoch"
    );
}

#[test]
fn a_short_hypnogram_is_said() {
    // The case: 10 epochs for a 15-min night.
    assert_eq!(codes(epochs(10, 0.0), (0.0, 900.0)), ["hypnogram_short"]);
    // Starting late leaves the start unstaged.
    assert_eq!(
        codes(epochs(30, 120.0), (0.0, 900.0)),
        ["hypnogram_short", "hypnogram_long"]
    );
}

#[test]
fn a_long_hypnogram_is_said() {
    assert_eq!(codes(epochs(60, 0.0), (0.0, 900.0)), ["hypnogram_long"]);
}

#[test]
fn a_hypnogram_beside_the_recording_is_said() {
    assert_eq!(
        codes(epochs(30, 5000.0), (0.0, 900.0)),
        ["hypnogram_no_overlap"]
    );
}

#[test]
fn without_lights_or_length_the_hypnogram_is_the_span() {
    let ctx = ScoringContext {
        hypnogram: Some(epochs(10, 0.0)),
        ..Default::default()
    };
    let events = [LegMovement::new(Leg::Left, 1000.0, 1001.0)];
    let report = score(&Criteria::wasm2016(), &ctx, &events).unwrap();
    assert!(report.warnings.is_empty());
}
