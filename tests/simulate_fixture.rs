//! The shipped simulated night is what the simulator produces, and the detector finds its
//! movements.

mod detect_common;

use detect_common::{agreement, detect};
use plmkit::Leg;
use plmkit::simulate::{
    NoiseLevel, Profile, SimConfig, SimNight, write_trace_csv, write_truth_csv,
};
use std::path::PathBuf;

fn fixture_night() -> SimNight {
    SimNight::new(&SimConfig {
        seed: 2,
        rate_hz: 25.0,
        duration_s: 15.0 * 60.0,
        profile: Profile::Typical,
        noise: NoiseLevel::Medium,
        ..SimConfig::default()
    })
    .unwrap()
}

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/sim/night_25hz_15min")
}

#[test]
fn fixture_files_match_the_simulator() {
    let night = fixture_night();
    for (leg, name) in [(Leg::Left, "left.csv"), (Leg::Right, "right.csv")] {
        let mut buf = Vec::new();
        write_trace_csv(&mut buf, &mut night.stream(leg)).unwrap();
        let file = std::fs::read(dir().join(name)).unwrap();
        assert!(buf == file, "{name} differs from the simulator's output");
    }
    let mut events: Vec<_> = night.truth().iter().chain(night.gross()).copied().collect();
    events.sort_by(|a, b| a.onset_s.total_cmp(&b.onset_s));
    let mut buf = Vec::new();
    write_truth_csv(&mut buf, &events).unwrap();
    assert!(buf == std::fs::read(dir().join("truth.csv")).unwrap());
}

#[test]
fn detector_finds_the_fixture_movements() {
    let night = fixture_night();
    let det = detect(&night);
    let a = agreement(&night, &det, false);
    assert!(a.truth >= 40);
    assert!(a.sensitivity() >= 0.95 && a.ppv() >= 0.95, "{a:?}");
}
