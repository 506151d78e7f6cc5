//! The detector's sample-rate range is checked once, at construction (issue 11: a rate of
//! 1e12 Hz aborted on a 4-TB allocation, 1e20 overflowed a capacity).

use plmkit::Leg;
use plmkit::detect::{DetectorConfig, LegDetector};
use plmkit::timeline::{MAX_RATE_HZ, MIN_RATE_HZ};

#[test]
fn rates_outside_the_timelines_range_are_typed_errors() {
    let cfg = DetectorConfig::default();
    for rate in [
        1e12,
        1e20,
        f64::MAX,
        MAX_RATE_HZ * 1.001,
        0.5,
        0.0,
        -25.0,
        f64::NAN,
    ] {
        let e = LegDetector::new(Leg::Left, rate, 0.0, &cfg).unwrap_err();
        assert!(e.to_string().contains("sample rate"), "{rate}: {e}");
    }
}

#[test]
fn rates_at_the_ends_of_the_range_are_taken() {
    let cfg = DetectorConfig::default();
    // The band-pass's upper edge is clamped to 0.45 x rate: at 1 Hz the default band is empty.
    assert!(LegDetector::new(Leg::Left, MIN_RATE_HZ, 0.0, &cfg).is_err());
    for rate in [12.5, 100.0, MAX_RATE_HZ] {
        let mut d = LegDetector::new(Leg::Right, rate, 0.0, &cfg).unwrap();
        let mut out = Vec::new();
        d.push(&[[0.0, 0.0, 1.0]; 64], &mut out);
        d.finish(&mut out);
        assert!(out.is_empty(), "{rate}: {out:?}");
    }
}
