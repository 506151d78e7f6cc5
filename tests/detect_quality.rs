//! Posture changes, missing data and saturation on simulated nights; bad input gives errors.

mod detect_common;

use detect_common::{cols, detect, simulate};
use plmkit::TriaxialView;
use plmkit::detect::{DetectorConfig, RejectReason, detect_leg, detect_night};
use plmkit::pipeline::{PipelineConfig, score_rows};
use plmkit::simulate::{NoiseLevel, Profile};
use plmkit::{Error, Leg};
use plmkit::{Interval, LegMovement, MovementKind};

fn overlaps(a: &LegMovement, b: &Interval) -> bool {
    a.onset_s < b.offset_s && b.onset_s < a.offset_s
}

#[test]
fn posture_changes_are_gross_movements_not_lms() {
    for rate in [25.0, 100.0] {
        let night = simulate(Profile::Typical, rate, NoiseLevel::Medium, 4.0, 77);
        let det = detect(&night);
        let mut turns = 0;
        for ld in &det.legs {
            for g in night.gross().iter().filter(|g| g.leg == ld.leg) {
                turns += 1;
                let span = Interval {
                    onset_s: g.onset_s,
                    offset_s: g.offset_s,
                };
                let found = ld
                    .movements
                    .iter()
                    .any(|m| m.kind == MovementKind::Gross && overlaps(m, &span));
                assert!(
                    found,
                    "{rate} Hz {}: turn at {:.1} s not reported as gross",
                    ld.leg, g.onset_s
                );
                let as_lm = ld
                    .movements
                    .iter()
                    .filter(|m| m.kind == MovementKind::Leg && overlaps(m, &span))
                    .count();
                assert_eq!(
                    as_lm, 0,
                    "{rate} Hz {}: turn at {:.1} s counted as an LM",
                    ld.leg, g.onset_s
                );
            }
            let gross = ld
                .movements
                .iter()
                .filter(|m| m.kind == MovementKind::Gross)
                .count();
            let true_gross = night.gross().iter().filter(|g| g.leg == ld.leg).count();
            assert_eq!(
                gross, true_gross,
                "{rate} Hz {}: spurious gross movements",
                ld.leg
            );
        }
        assert!(
            turns >= 4,
            "the night should contain posture changes, got {turns}"
        );
    }
}

#[test]
fn gaps_zero_rows_and_saturation_are_reported_and_never_inside_an_lm() {
    let night = simulate(Profile::Hard, 50.0, NoiseLevel::Medium, 4.0, 31);
    let det = detect(&night);
    let (mut invalid, mut saturated, mut zero_rows, mut gap_rejects) = (0, 0, 0, 0);
    for ld in &det.legs {
        invalid += ld.invalid.len();
        saturated += ld.saturated.len();
        zero_rows += ld.timeline.zero_rows;
        gap_rejects += ld
            .rejected
            .iter()
            .filter(|r| r.reason == RejectReason::Gap)
            .count();
        assert_eq!(ld.invalid.len() as u64, ld.quality.invalid_stretches);
        assert_eq!(ld.saturated.len() as u64, ld.quality.saturated_stretches);
        let bad_s: f64 = ld
            .invalid
            .iter()
            .chain(&ld.saturated)
            .map(|i| i.offset_s - i.onset_s)
            .sum();
        let span = ld.end_s - ld.start_s;
        assert!(
            (span - bad_s - ld.valid_s).abs() < 0.05,
            "valid time {} vs span {span} - bad {bad_s}",
            ld.valid_s
        );
        for m in ld.movements.iter().filter(|m| m.kind == MovementKind::Leg) {
            for i in ld.invalid.iter().chain(&ld.saturated) {
                assert!(
                    !overlaps(m, i),
                    "{} LM {:.2}-{:.2} touches bad data {:.2}-{:.2}",
                    ld.leg,
                    m.onset_s,
                    m.offset_s,
                    i.onset_s,
                    i.offset_s
                );
            }
        }
        // Every true missing stretch longer than the interpolation limit shows up as invalid.
        for miss in night
            .missing(ld.leg)
            .iter()
            .filter(|m| m.offset_s - m.onset_s > 0.2)
        {
            assert!(
                ld.invalid
                    .iter()
                    .any(|i| i.onset_s < miss.offset_s && miss.onset_s < i.offset_s),
                "{} missing {:.2}-{:.2} not reported",
                ld.leg,
                miss.onset_s,
                miss.offset_s
            );
        }
    }
    assert!(
        invalid > 0 && saturated > 0 && zero_rows > 0,
        "invalid {invalid} saturated {saturated} zero rows {zero_rows}"
    );
    assert!(det.valid_s < det.end_s - det.start_s);
    println!(
        "invalid stretches {invalid}, saturated stretches {saturated}, zero rows {zero_rows}, gap rejects {gap_rejects}, valid {:.0} of {:.0} s",
        det.valid_s,
        det.end_s - det.start_s
    );
}

#[test]
fn bad_input_is_an_error_not_a_panic() {
    let t = [0.0, 0.02, 0.01, 0.03];
    let v = [1.0; 4];
    let c = TriaxialView::new(&t, &v, &v, &v).unwrap();
    let e = detect_leg(&DetectorConfig::default(), Leg::Left, c).unwrap_err();
    assert!(
        matches!(e, Error::InvalidInput(ref s) if s.contains("not increasing")),
        "{e}"
    );

    assert!(matches!(
        TriaxialView::new(&t[..2], &v, &v, &v),
        Err(Error::InvalidInput(_))
    ));

    let e: [f64; 0] = [];
    let c = TriaxialView::new(&e, &e, &e, &e).unwrap();
    assert!(matches!(
        detect_leg(&DetectorConfig::default(), Leg::Right, c),
        Err(Error::InvalidInput(_))
    ));

    let zeros = [0.0; 4];
    let t = [0.0, 0.02, 0.04, 0.06];
    let c = TriaxialView::new(&t, &zeros, &zeros, &zeros).unwrap();
    assert!(matches!(
        detect_leg(&DetectorConfig::default(), Leg::Right, c),
        Err(Error::InvalidInput(_))
    ));

    assert!(matches!(
        detect_night(&DetectorConfig::default(), None, None),
        Err(Error::InvalidInput(_))
    ));

    for bad in [
        DetectorConfig {
            band_hz: (8.0, 0.5),
            ..DetectorConfig::default()
        },
        DetectorConfig {
            filter_order: 0,
            ..DetectorConfig::default()
        },
        DetectorConfig {
            envelope_s: f64::NAN,
            ..DetectorConfig::default()
        },
        DetectorConfig {
            off_min_g: 1.0,
            ..DetectorConfig::default()
        },
        DetectorConfig {
            full_scale_g: Some(-1.0),
            ..DetectorConfig::default()
        },
    ] {
        let night = simulate(Profile::Typical, 25.0, NoiseLevel::Low, 0.05, 1);
        let rows = night.rows(Leg::Left);
        assert!(matches!(
            detect_leg(&bad, Leg::Left, cols(&rows)),
            Err(Error::InvalidConfig(_))
        ));
    }
}

#[test]
fn band_edge_is_clamped_at_low_rates() {
    // 12 Hz: the 8-Hz edge would sit above Nyquist; it is clamped to 0.45 × rate and works.
    let night = simulate(Profile::Typical, 12.0, NoiseLevel::Low, 0.5, 3);
    let rows = night.rows(Leg::Left);
    let d = detect_leg(&DetectorConfig::default(), Leg::Left, cols(&rows)).unwrap();
    assert!(d.movements.iter().any(|m| m.kind == MovementKind::Leg));
}

#[test]
fn legs_on_their_own_clocks_are_aligned_by_offset() {
    let night = simulate(Profile::Typical, 50.0, NoiseLevel::Low, 0.5, 12);
    let l = night.rows(Leg::Left);
    let r = night.rows(Leg::Right);
    let cfg = PipelineConfig::default();
    let same = score_rows(
        &cfg,
        &[(Leg::Left, l.view(), 0.0), (Leg::Right, r.view(), 0.0)],
    )
    .unwrap();
    // The right file counts from its own start, 12.5 s after the left one's.
    let shifted: Vec<f64> = r.t.iter().map(|t| t - 12.5).collect();
    let right = TriaxialView::new(&shifted, &r.x, &r.y, &r.z).unwrap();
    let aligned = score_rows(
        &cfg,
        &[(Leg::Left, l.view(), 0.0), (Leg::Right, right, 12.5)],
    )
    .unwrap();
    let (a, b) = (same.detection.movements(), aligned.detection.movements());
    assert!(a.len() > 5);
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!((x.leg, x.kind), (y.leg, y.kind));
        assert!((x.onset_s - y.onset_s).abs() < 1e-6 && (x.offset_s - y.offset_s).abs() < 1e-6);
    }
    assert!((same.detection.valid_s - aligned.detection.valid_s).abs() < 1e-6);
    assert_eq!(
        same.report.summary.plm_count,
        aligned.report.summary.plm_count
    );
    assert_eq!(same.report.series.len(), aligned.report.series.len());
}
