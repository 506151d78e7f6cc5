//! Spans the indices divide by: fuzzing found a subnormal recording span scored "PLMS index
//! inf /h" (JSON null, exit 0), and finite span ends whose difference is infinite (lights or an
//! invalid stretch from -1e300 to f64::MAX) gave infinite hours. Each is now a typed error, or
//! no index where the valid time is below the scorer's 1-µs resolution.

use plmkit::score::{Criteria, ScoringContext, score};
use plmkit::{Error, Interval, Leg, LegMovement};

fn train() -> Vec<LegMovement> {
    (0..6)
        .map(|i| {
            LegMovement::new(
                Leg::Left,
                10.0 + 20.0 * f64::from(i),
                11.0 + 20.0 * f64::from(i),
            )
        })
        .collect()
}

fn scored(ctx: &ScoringContext) -> plmkit::Result<plmkit::score::Report> {
    score(&Criteria::wasm2016(), ctx, &train())
}

#[test]
fn a_recording_span_shorter_than_the_time_resolution_is_an_error() {
    for r in [5e-324, f64::MIN_POSITIVE, 1e-7] {
        let ctx = ScoringContext {
            recording_s: Some(r),
            ..Default::default()
        };
        assert!(
            matches!(scored(&ctx), Err(Error::InvalidConfig(_))),
            "recording {r} s"
        );
    }
    let ctx = ScoringContext {
        recording_s: Some(1e-6),
        ..Default::default()
    };
    assert!(scored(&ctx).is_ok(), "1 µs is the resolution itself");
}

#[test]
fn lights_whose_length_overflows_are_an_error() {
    for (off, on) in [(-1e300, f64::MAX), (f64::MIN, f64::MAX), (0.0, 5e-324)] {
        let ctx = ScoringContext {
            lights: Some(Interval {
                onset_s: off,
                offset_s: on,
            }),
            ..Default::default()
        };
        assert!(
            matches!(scored(&ctx), Err(Error::InvalidConfig(_))),
            "lights {off}..{on}"
        );
    }
}

#[test]
fn intervals_whose_length_overflows_are_an_error() {
    let huge = Interval {
        onset_s: -1e300,
        offset_s: f64::MAX,
    };
    let invalid = ScoringContext {
        invalid: vec![huge],
        ..Default::default()
    };
    assert!(matches!(scored(&invalid), Err(Error::InvalidInput(_))));
    let respiratory = ScoringContext {
        respiratory: vec![huge],
        ..Default::default()
    };
    assert!(matches!(scored(&respiratory), Err(Error::InvalidInput(_))));
    let events = [LegMovement::new(Leg::Right, -1e300, f64::MAX)];
    let r = score(&Criteria::wasm2016(), &ScoringContext::default(), &events);
    assert!(matches!(r, Err(Error::InvalidInput(_))));
}

#[test]
fn no_index_over_less_valid_time_than_the_resolution() {
    // No span given: the recording runs from 0 to the last offset, here subnormal.
    let events = [LegMovement::new(Leg::Left, 0.0, 5e-324)];
    let r = score(&Criteria::wasm2016(), &ScoringContext::default(), &events).unwrap();
    assert_eq!(r.summary.lm_index, None);
    assert_eq!(r.summary.plms_index, None);
    // A night the span covers gives finite indices.
    let r = scored(&ScoringContext {
        recording_s: Some(3600.0),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(r.summary.lm_index, Some(6.0));
}

/// Fuzzing found `advance_to(inf)` refused with "is before the last onset": a wrong reason. An
/// infinite time is refused as such (the night ends with `finish`).
#[test]
fn advancing_the_online_scorer_to_an_infinite_time_says_why_it_is_refused() {
    use plmkit::score::OnlineScorer;
    let mut online = OnlineScorer::new(Criteria::wasm2016(), ScoringContext::default()).unwrap();
    let mut out = Vec::new();
    online.push(train()[0], &mut out).unwrap();
    for t in [f64::INFINITY, f64::NAN] {
        let e = online.advance_to(t, &mut out).unwrap_err().to_string();
        assert!(e.contains("must be finite"), "{e}");
    }
    let e = online.advance_to(1.0, &mut out).unwrap_err().to_string();
    assert!(e.contains("before the last onset"), "{e}");
    online.advance_to(100.0, &mut out).unwrap();
}

/// Fuzzing found invalid stretches that merge into one longer than an f64 holds (-1e300 to
/// f64::MAX) giving `invalid_hours = inf`: the invalid time inside the lights is at most the
/// lights' span.
#[test]
fn an_invalid_stretch_longer_than_f64_holds_counts_only_inside_the_span() {
    let ctx = ScoringContext {
        lights: Some(span(0.0, 3600.0)),
        invalid: vec![span(-1e300, 1e-300), span(0.0, f64::MAX)],
        ..Default::default()
    };
    let s = scored(&ctx).unwrap().summary;
    assert_eq!(s.invalid_hours, 1.0);
    assert_eq!(s.recording_hours, 0.0);
}

fn span(onset_s: f64, offset_s: f64) -> Interval {
    Interval { onset_s, offset_s }
}
