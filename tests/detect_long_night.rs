//! A full 8-hour night streamed from the generator through the timeline and the detector in
//! small blocks (memory bounded by the blocks), equal to the batch helper's result.

mod detect_common;

use detect_common::{agreement, simulate};
use plmkit::Leg;
use plmkit::TriaxialColumns;
use plmkit::detect::{Detection, DetectorConfig, TraceDetector, detect_leg};
use plmkit::simulate::{NoiseLevel, Profile};
use plmkit::timeline::TimelineConfig;

#[test]
fn eight_hour_night_streams_like_the_batch_helper() {
    let night = simulate(Profile::Typical, 25.0, NoiseLevel::Medium, 8.0, 404);
    let cfg = DetectorConfig {
        full_scale_g: Some(night.full_scale_g()),
        ..DetectorConfig::default()
    };
    // Streaming: 1000 rows at a time from the generator; nothing grows with the night except
    // the decided events.
    let mut stream = night.stream(Leg::Right);
    let mut det = TraceDetector::new(&cfg, &TimelineConfig::default(), Leg::Right, 0.0).unwrap();
    let mut rows = TriaxialColumns::default();
    let mut events = Vec::new();
    loop {
        rows.clear();
        let more = stream.fill(&mut rows, 1000);
        det.push(rows.view(), &mut events).unwrap();
        if !more {
            break;
        }
    }
    det.finish(&mut events).unwrap();
    let streamed: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            Detection::Movement(m) => Some(*m),
            _ => None,
        })
        .collect();

    let all = night.rows(Leg::Right);
    let batch = detect_leg(&cfg, Leg::Right, all.view()).unwrap();
    assert_eq!(streamed, batch.movements);
    assert!(
        batch.movements.len() > 200,
        "{} movements",
        batch.movements.len()
    );
    let steps = (8.0 * 3600.0 / batch.envelope.step_s).round() as usize;
    assert!(batch.envelope.max_g.len().abs_diff(steps) <= 1);
    assert!(
        batch
            .envelope
            .max_g
            .iter()
            .all(|v| v.is_finite() && *v >= 0.0)
    );

    let mut nd = detect_common::detect(&night);
    nd.legs.retain(|l| l.leg == Leg::Right);
    let a = agreement(&night, &nd, false);
    assert!(a.sensitivity() >= 0.95 && a.ppv() >= 0.95, "{a:?}");
}
