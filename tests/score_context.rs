//! Conformance tests for the scoring context added for real recordings: invalid stretches (gaps,
//! saturation, idle rows) and the lights-off / lights-on window. Each case derives its expected
//! counts and durations by hand in a comment.
#![cfg(feature = "io")]

use plmkit::io::events::{report_to_json, write_movements_csv_to};
use plmkit::score::{
    Criteria, Exclusion, Hypnogram, IndexBasis, OnlineScorer, Report, ScoringContext, Stage, score,
};
use plmkit::{Error, Interval, Leg, LegMovement, MovementKind};

mod score_common;
use score_common::{at, iv, series_of};

fn with_invalid(invalid: Vec<Interval>) -> ScoringContext {
    ScoringContext {
        invalid,
        ..Default::default()
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

/// Onsets 0, 20, 40 | 80, 100, 120, 140: all IMIs in [10, 90] (40 s across the middle), so
/// without invalid data this is one series of 7.
const TRAIN: [f64; 7] = [0.0, 20.0, 40.0, 80.0, 100.0, 120.0, 140.0];

/// (name, stretches, expected PLMs, series, IMI of the movement at 80 s)
type BreakCase = (&'static str, Vec<Interval>, usize, usize, Option<f64>);

#[test]
fn invalid_stretches_end_series_when_long_enough_to_hide_an_lm() {
    let cases: Vec<BreakCase> = vec![
        // No invalid data: one series of 7; the IMI 40 → 80 is 40 s.
        ("none", vec![], 7, 1, Some(40.0)),
        // A 30-s gap [45, 75] between 40 and 80: runs 0,20,40 (3, too short) and 80..140 (4):
        // one series of 4; no IMI is measured across the gap.
        ("30-s gap", vec![iv(45.0, 75.0)], 4, 1, None),
        // A 0.3-s stretch is shorter than the shortest LM (0.5 s): it cannot hide one, so the
        // series of 7 stands and the IMI 40 s is kept.
        ("0.3-s stretch", vec![iv(45.0, 45.3)], 7, 1, Some(40.0)),
        // Exactly 0.5 s (the minimum LM duration, inclusive) could hide an LM: breaks as the gap.
        ("0.5-s stretch", vec![iv(45.0, 45.5)], 4, 1, None),
        // Two 0.3-s stretches touching ([45, 45.3] + [45.3, 45.6]) are one 0.6-s stretch: breaks.
        (
            "touching short stretches",
            vec![iv(45.3, 45.6), iv(45.0, 45.3)],
            4,
            1,
            None,
        ),
        // A stretch starting exactly at the onset of the movement at 80 s comes first: the
        // movement at 80 starts the new run, as with the gap.
        ("stretch at an onset", vec![iv(80.0, 80.5)], 4, 1, None),
        // A stretch after the last movement and one before the first change nothing.
        (
            "outside the train",
            vec![iv(-50.0, -10.0), iv(150.0, 400.0)],
            7,
            1,
            Some(40.0),
        ),
    ];
    for c in [Criteria::wasm2016(), Criteria::aasm2012()] {
        for (name, invalid, plm, series, imi_80) in &cases {
            let r = score(&c, &with_invalid(invalid.clone()), &at(&TRAIN)).unwrap();
            let ctx = format!("{name} ({:?})", c.standard);
            assert_eq!(r.summary.plm_count, *plm, "{ctx}");
            assert_eq!(r.series.len(), *series, "{ctx}");
            assert_eq!(r.series_nr.len(), *series, "{ctx}");
            assert_eq!(r.movements[3].imi_s, *imi_80, "{ctx}");
            // Every movement is still an LM and a candidate: invalid data removes none.
            assert_eq!((r.summary.lm_count, r.summary.clm_count), (7, 7), "{ctx}");
        }
    }
}

#[test]
fn a_gap_also_ends_the_respiratory_free_series() {
    // WASM with a respiratory event [85, 95]: the movement at 100 s is an rCLM (window
    // [93, 105.25]), so the nr series leaves it out: 80, 120, 140 (IMIs 40, 20). With the 30-s gap
    // the nr run after it is 80, 120, 140 (3): no nr series; without the gap the nr run is
    // 0, 20, 40, 80, 120, 140 (6), one series, all PLMS-nr.
    let resp = vec![iv(85.0, 95.0)];
    let ctx = |invalid| ScoringContext {
        respiratory: resp.clone(),
        invalid,
        ..Default::default()
    };
    let r = score(&Criteria::wasm2016(), &ctx(vec![]), &at(&TRAIN)).unwrap();
    assert!(r.movements[4].respiratory);
    assert_eq!((r.series_nr.len(), r.summary.plms_nr_count), (1, 6));
    let r = score(
        &Criteria::wasm2016(),
        &ctx(vec![iv(45.0, 75.0)]),
        &at(&TRAIN),
    )
    .unwrap();
    assert_eq!((r.series_nr.len(), r.summary.plms_nr_count), (0, 0));
    // The main series (all candidates) is 80..140 as without the respiratory event.
    assert_eq!((r.series.len(), r.summary.plm_count), (1, 4));
}

#[test]
fn online_scorer_emits_a_series_as_soon_as_a_gap_starts() {
    // 0, 20, 40, 60 then a gap from 65 s: once the clock passes 65 s nothing can extend the run,
    // so the series of 4 is decided then (without the gap it would wait until 60 + 90 s).
    let ctx = with_invalid(vec![iv(65.0, 95.0)]);
    let mut scorer = OnlineScorer::new(Criteria::wasm2016(), ctx).unwrap();
    let mut d = Vec::new();
    for e in at(&[0.0, 20.0, 40.0, 60.0]) {
        scorer.push(e, &mut d).unwrap();
    }
    assert!(series_of(&d).is_empty());
    scorer.advance_to(64.0, &mut d).unwrap();
    assert!(series_of(&d).is_empty(), "the gap has not started yet");
    scorer.advance_to(65.0, &mut d).unwrap();
    let decided = series_of(&d);
    assert_eq!(decided.len(), 1);
    assert_eq!(decided[0].count, 4);

    // Without the gap the same clock decides nothing.
    let mut scorer = OnlineScorer::new(Criteria::wasm2016(), ScoringContext::default()).unwrap();
    let mut d = Vec::new();
    for e in at(&[0.0, 20.0, 40.0, 60.0]) {
        scorer.push(e, &mut d).unwrap();
    }
    scorer.advance_to(65.0, &mut d).unwrap();
    assert!(series_of(&d).is_empty());
}

#[test]
fn streamed_invalid_stretches_equal_the_context() {
    // The same gaps given up front or streamed in onset order give the same report.
    let gaps = vec![
        iv(65.0, 65.3),
        iv(65.3, 65.6),
        iv(300.0, 301.0),
        iv(500.0, 500.2),
    ];
    let events = at(&[
        0.0, 20.0, 40.0, 60.0, 80.0, 100.0, 120.0, 310.0, 330.0, 350.0, 370.0,
    ]);
    let batch = score(&Criteria::wasm2016(), &with_invalid(gaps.clone()), &events).unwrap();
    let mut scorer = OnlineScorer::new(Criteria::wasm2016(), ScoringContext::default()).unwrap();
    let mut d = Vec::new();
    let mut gi = gaps.iter().peekable();
    for e in events {
        while let Some(g) = gi.next_if(|g| g.onset_s <= e.onset_s) {
            scorer.add_invalid(*g).unwrap();
        }
        scorer.push(e, &mut d).unwrap();
    }
    for g in gi {
        scorer.add_invalid(*g).unwrap();
    }
    assert!(
        scorer.add_invalid(iv(10.0, 11.0)).is_err(),
        "before a pushed onset"
    );
    let report = scorer.finish(&mut d);
    assert_eq!(report, batch);
    assert_eq!(
        batch.series.len(),
        2,
        "the touching 0.3-s pieces break the first train"
    );
}

#[test]
fn data_span_acts_as_lights_and_may_grow() {
    let events = at(&[5.0, 20.0, 40.0, 60.0, 80.0]);
    let lights = ScoringContext {
        lights: Some(iv(10.0, 200.0)),
        ..Default::default()
    };
    let batch = score(&Criteria::wasm2016(), &lights, &events).unwrap();
    let mut scorer = OnlineScorer::new(Criteria::wasm2016(), ScoringContext::default()).unwrap();
    let mut d = Vec::new();
    scorer.set_data_span(10.0, f64::INFINITY).unwrap();
    for e in events {
        scorer.push(e, &mut d).unwrap();
    }
    assert!(
        scorer.set_data_span(10.0, 50.0).is_err(),
        "cannot end before a pushed onset"
    );
    scorer.set_data_span(10.0, 200.0).unwrap();
    assert_eq!(scorer.finish(&mut d), batch);
    let mut given = OnlineScorer::new(Criteria::wasm2016(), lights).unwrap();
    assert!(
        given.set_data_span(0.0, 1.0).is_err(),
        "the user's lights win"
    );
}

#[test]
fn invalid_time_leaves_the_denominators_exactly() {
    // Hypnogram: epoch 0 [0,30) N2, 1 [30,60) N2, 2 [60,90) W, 3 [90,120) N2.
    // Invalid: [10, 40] (20 s of epoch 0, 10 s of epoch 1), [70, 70.3] (0.3 s of the wake epoch,
    // too short to end a series), [200, 210] (outside the hypnogram, hence the recording).
    // Sleep = 90 − 30 = 60 s; wake = 30 − 0.3 = 29.7 s; recording = 120 − 30.3 = 89.7 s.
    // Movements 45, 56, 70.5, 90, 101: IMIs 11, 14.5, 19.5, 11, all in [10, 90] and no breaking
    // stretch among them: one series of 5, 4 in sleep (45, 56, 90, 101) and 1 in wake (70.5).
    let stages = [Stage::N2, Stage::N2, Stage::Wake, Stage::N2];
    let invalid = vec![iv(10.0, 40.0), iv(70.0, 70.3), iv(200.0, 210.0)];
    let events = at(&[45.0, 56.0, 70.5, 90.0, 101.0]);
    let ctx = ScoringContext {
        hypnogram: Some(Hypnogram::new(stages.to_vec())),
        invalid: invalid.clone(),
        ..Default::default()
    };
    let r = score(&Criteria::wasm2016(), &ctx, &events).unwrap();
    let s = r.summary;
    assert_eq!((s.plm_count, s.plms_count, s.plmw_count), (5, 4, 1));
    assert_eq!(r.index_basis, IndexBasis::Sleep);
    assert_eq!(s.sleep_hours, Some(60.0 / 3600.0));
    assert!(close(s.wake_hours.unwrap(), 29.7 / 3600.0));
    assert!(close(s.recording_hours, 89.7 / 3600.0));
    assert!(close(s.invalid_hours, 30.3 / 3600.0));
    // PLMS index = 4 / (60 s) = 240 /h; PLMW index = 1 / (29.7 s); PLM index over recording.
    assert!(close(s.plms_index.unwrap(), 240.0));
    assert!(close(s.plmw_index.unwrap(), 3600.0 / 29.7));
    assert!(close(s.plm_index.unwrap(), 5.0 * 3600.0 / 89.7));

    // No hypnogram, recording span 120 s: every index per hour of the 89.7 valid seconds.
    let ctx = ScoringContext {
        recording_s: Some(120.0),
        invalid: invalid.clone(),
        ..Default::default()
    };
    let s = score(&Criteria::wasm2016(), &ctx, &events).unwrap().summary;
    assert!(close(s.recording_hours, 89.7 / 3600.0));
    assert!(close(s.plms_index.unwrap(), 5.0 * 3600.0 / 89.7));
    assert_eq!((s.sleep_hours, s.wake_hours), (None, None));

    // No span given at all: it runs from 0 to the latest offset among the movements (102 s) and
    // the stretches (210 s); all 40.3 s of invalid time are inside: 210 − 40.3 = 169.7 s.
    let s = score(&Criteria::wasm2016(), &with_invalid(invalid), &events)
        .unwrap()
        .summary;
    assert!(close(s.recording_hours, 169.7 / 3600.0));
    assert!(close(s.invalid_hours, 40.3 / 3600.0));
}

/// Hypnogram 0–1200 s: epochs 0–3 [0, 120) W, 4–32 [120, 990) N2, 33–39 [990, 1200) W.
fn lights_hypnogram() -> Hypnogram {
    let mut stages = vec![Stage::Wake; 4];
    stages.extend(vec![Stage::N2; 29]);
    stages.extend(vec![Stage::Wake; 7]);
    Hypnogram::new(stages)
}

/// 20, 40, 60, 80 (before lights off at 100), 105 (W), 130, 150, 170, 190 (N2), then 1010,
/// 1030, 1050, 1070 (after lights on at 1000). All IMIs in [10, 90] except 190 → 1010.
fn lights_events() -> Vec<LegMovement> {
    at(&[
        20.0, 40.0, 60.0, 80.0, 105.0, 130.0, 150.0, 170.0, 190.0, 1010.0, 1030.0, 1050.0, 1070.0,
    ])
}

fn lights_report(invalid: Vec<Interval>) -> Report {
    let ctx = ScoringContext {
        hypnogram: Some(lights_hypnogram()),
        lights: Some(iv(100.0, 1000.0)),
        invalid,
        ..Default::default()
    };
    score(&Criteria::wasm2016(), &ctx, &lights_events()).unwrap()
}

#[test]
fn lights_window_limits_movements_and_time() {
    // Without lights: 20..190 is one series of 9 (5 in W: 20–105, 4 in N2) and 1010..1070 one of
    // 4 (all W): PLM 13, PLMS 4, PLMW 9; wake time 4 + 7 epochs = 330 s; recording 1200 s.
    let ctx = ScoringContext {
        hypnogram: Some(lights_hypnogram()),
        ..Default::default()
    };
    let r = score(&Criteria::wasm2016(), &ctx, &lights_events()).unwrap();
    let s = r.summary;
    assert_eq!(
        (s.lm_count, s.plm_count, s.plms_count, s.plmw_count),
        (13, 13, 4, 9)
    );
    assert_eq!(r.series.len(), 2);
    assert_eq!(s.wake_hours, Some(330.0 / 3600.0));

    // Lights 100–1000: 20..80 and 1010..1070 are not scored (8 movements). Left: 105..190, one
    // series of 5 (IMI 25, 25, 20, 20, 20): PLMS 4, PLMW 1 (105 s, epoch 3 W).
    // Wake inside the lights: [100, 120) of epoch 3 and [990, 1000) of epoch 33 = 30 s; the wake
    // before lights off does not count. Sleep: epochs 4–32 = 870 s. Recording: 900 s.
    let r = lights_report(vec![]);
    let s = r.summary;
    assert_eq!(
        (
            s.lm_count,
            s.clm_count,
            s.plm_count,
            s.plms_count,
            s.plmw_count
        ),
        (5, 5, 5, 4, 1)
    );
    assert_eq!(r.series.len(), 1);
    assert_eq!((r.series[0].start_s, r.series[0].count), (105.0, 5));
    assert_eq!(
        r.movements[4].imi_s, None,
        "no IMI from a movement before lights off"
    );
    assert_eq!(s.wake_hours, Some(30.0 / 3600.0));
    assert_eq!(s.sleep_hours, Some(870.0 / 3600.0));
    assert_eq!(s.recording_hours, 900.0 / 3600.0);
    assert!(close(s.plmw_index.unwrap(), 120.0));
    let outside: Vec<f64> = r
        .movements
        .iter()
        .filter(|m| m.excluded == Some(Exclusion::OutsideLights))
        .map(|m| m.onset_s)
        .collect();
    assert_eq!(
        outside,
        vec![20.0, 40.0, 60.0, 80.0, 1010.0, 1030.0, 1050.0, 1070.0]
    );
    for m in r.movements.iter().filter(|m| m.excluded.is_some()) {
        assert!(!(m.candidate || m.periodic || m.respiratory || m.arousal));
    }

    // Invalid [995, 1005]: 5 s inside the lights (in the wake epoch 33), 5 s after lights on.
    // Invalid 5 s; recording 895 s; wake 30 − 5 = 25 s; counts unchanged (the stretch starts
    // after the last scored movement).
    let r2 = lights_report(vec![iv(995.0, 1005.0)]);
    let s2 = r2.summary;
    assert_eq!((s2.plm_count, s2.plms_count, s2.plmw_count), (5, 4, 1));
    assert!(close(s2.invalid_hours, 5.0 / 3600.0));
    assert!(close(s2.recording_hours, 895.0 / 3600.0));
    assert!(close(s2.wake_hours.unwrap(), 25.0 / 3600.0));
    assert_eq!(s2.sleep_hours, Some(870.0 / 3600.0));

    // The JSON and CSV outputs name the exclusion and the invalid time.
    let json: serde_json::Value = serde_json::from_str(&report_to_json(&r2)).unwrap();
    assert_eq!(json["movements"][0]["excluded"], "outside_lights");
    assert!(close(
        json["summary"]["invalid_hours"].as_f64().unwrap(),
        5.0 / 3600.0
    ));
    let mut csv = Vec::new();
    write_movements_csv_to(&r2, &mut csv).unwrap();
    let first_row = String::from_utf8(csv)
        .unwrap()
        .lines()
        .nth(1)
        .unwrap()
        .to_string();
    assert!(first_row.ends_with(",outside_lights"), "{first_row}");
}

#[test]
fn lights_bounds_are_closed() {
    // Lights 100–200: a movement with onset on either bound is inside (closed window), one
    // 0.1 s beyond is outside: (onset, inside).
    let ctx = ScoringContext {
        lights: Some(iv(100.0, 200.0)),
        ..Default::default()
    };
    for c in [Criteria::wasm2016(), Criteria::aasm2012()] {
        for (onset, inside) in [(99.9, false), (100.0, true), (200.0, true), (200.1, false)] {
            let r = score(&c, &ctx, &at(&[onset])).unwrap();
            let m = &r.movements[0];
            assert_eq!(
                m.excluded == Some(Exclusion::OutsideLights),
                !inside,
                "{onset}"
            );
            assert_eq!(r.summary.lm_count, inside as usize, "{onset}");
            assert_eq!(m.candidate, inside, "{onset}");
        }
    }
}

#[test]
fn lights_apply_after_bilateral_combination_and_to_gross_movements() {
    // Lights 100–1000. Right 99.9–100.5 overlaps left 100–101: WASM (overlap) and AASM (onsets
    // 0.1 s apart) combine them into one bilateral LM with onset 99.9 s: outside, not scored.
    // A gross movement at 95 s is outside too: listed, not scored.
    // Inside remain 120, 140, 160, 180 (IMI 20): one series of 4.
    let mut events = vec![
        LegMovement::new(Leg::Right, 99.9, 100.5),
        LegMovement {
            kind: MovementKind::Gross,
            ..LegMovement::new(Leg::Left, 95.0, 96.0)
        },
    ];
    events.extend(at(&[100.0, 120.0, 140.0, 160.0, 180.0]));
    let ctx = ScoringContext {
        lights: Some(iv(100.0, 1000.0)),
        ..Default::default()
    };
    for c in [Criteria::wasm2016(), Criteria::aasm2012()] {
        let r = score(&c, &ctx, &events).unwrap();
        let s = r.summary;
        assert_eq!((s.lm_count, s.plm_count), (4, 4), "{:?}", c.standard);
        let outside: Vec<(f64, MovementKind, usize)> = r
            .movements
            .iter()
            .filter(|m| m.excluded == Some(Exclusion::OutsideLights))
            .map(|m| (m.onset_s, m.kind, m.parts))
            .collect();
        assert_eq!(
            outside,
            vec![(95.0, MovementKind::Gross, 1), (99.9, MovementKind::Leg, 2)]
        );
        assert_eq!(r.index_basis, IndexBasis::Recording);
        assert_eq!(s.recording_hours, 900.0 / 3600.0);
    }
}

#[test]
fn context_errors() {
    let ok = |ctx: ScoringContext| OnlineScorer::new(Criteria::wasm2016(), ctx).is_ok();
    let config_err = |ctx: ScoringContext| {
        matches!(
            OnlineScorer::new(Criteria::wasm2016(), ctx),
            Err(Error::InvalidConfig(_))
        )
    };
    let lights = |a, b| ScoringContext {
        lights: Some(iv(a, b)),
        ..Default::default()
    };
    assert!(ok(lights(100.0, 1000.0)));
    // Lights on not after lights off, or not finite.
    assert!(config_err(lights(100.0, 100.0)));
    assert!(config_err(lights(100.0, 50.0)));
    assert!(config_err(lights(f64::NAN, 50.0)));
    assert!(config_err(lights(0.0, f64::INFINITY)));
    // Recording span and lights must agree.
    let both = |r| ScoringContext {
        recording_s: Some(r),
        ..lights(100.0, 1000.0)
    };
    assert!(ok(both(900.0)));
    assert!(config_err(both(1000.0)));
    // Invalid stretches must be finite with offset >= onset (a zero-length one is allowed).
    let invalid_err = |iv| {
        matches!(
            score(&Criteria::wasm2016(), &with_invalid(vec![iv]), &[]),
            Err(Error::InvalidInput(_))
        )
    };
    assert!(invalid_err(iv(10.0, 5.0)));
    assert!(invalid_err(iv(f64::NAN, 5.0)));
    assert!(invalid_err(iv(0.0, f64::INFINITY)));
    assert!(ok(with_invalid(vec![iv(5.0, 5.0)])));
}
