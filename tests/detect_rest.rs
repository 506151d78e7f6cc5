//! The rest and non-wear detector on simulated multi-day recordings: nights found, edges near
//! lying down and getting up, naps not nights, non-wear found and never in still sleep.

use plmkit::Interval;
use plmkit::Leg;
use plmkit::TriaxialColumns;
use plmkit::detect::rest::{RestConfig, RestDetector, RestEvent};
use plmkit::simulate::{NoiseLevel, RowSource, SimWeek, WeekConfig};

/// Runs the detector over one leg of a week, streamed in blocks.
fn detect(week: &SimWeek, leg: Leg) -> Vec<RestEvent> {
    let mut det = RestDetector::new(&RestConfig::default(), 0.0).unwrap();
    let mut stream = week.stream(leg);
    let mut rows = TriaxialColumns::default();
    let mut out = Vec::new();
    loop {
        rows.clear();
        let more = stream.fill(&mut rows, 7919);
        det.push(rows.view(), &mut out);
        if !more {
            break;
        }
    }
    det.finish(&mut out);
    out
}

fn overlaps(a: &Interval, b: &Interval) -> bool {
    a.onset_s < b.offset_s && b.onset_s < a.offset_s
}

fn check(cfg: &WeekConfig, leg: Leg) {
    let week = SimWeek::new(cfg).unwrap();
    let events = detect(&week, leg);
    let nights: Vec<Interval> = events
        .iter()
        .filter_map(|e| match e {
            RestEvent::Night(i) => Some(*i),
            _ => None,
        })
        .collect();
    let non_wear: Vec<Interval> = events
        .iter()
        .filter_map(|e| match e {
            RestEvent::NonWear(i) => Some(*i),
            _ => None,
        })
        .collect();
    let tag = format!("seed {} at {} Hz, {leg}", cfg.seed, cfg.rate_hz);
    assert_eq!(nights.len(), week.nights().len(), "{tag}: {nights:?}");
    for (got, want) in nights.iter().zip(week.nights()) {
        let (d_in, d_out) = (
            got.onset_s - want.in_bed_s,
            got.offset_s - want.out_of_bed_s,
        );
        // The bound is 20 min; one epoch plus the 3-s turn is what the method gives.
        assert!(
            d_in.abs() <= 60.0 && d_out.abs() <= 60.0,
            "{tag}: {d_in} s / {d_out} s"
        );
    }
    for n in &nights {
        for other in week.naps().iter().chain(week.non_wear()) {
            assert!(!overlaps(n, other), "{tag}: night {n:?} meets {other:?}");
        }
    }
    assert_eq!(non_wear.len(), week.non_wear().len(), "{tag}: {non_wear:?}");
    for (got, want) in non_wear.iter().zip(week.non_wear()) {
        // The knocks in the first and last 20 s and the turn make the edges up to an epoch
        // and a half late / early.
        assert!(
            (got.onset_s - want.onset_s).abs() <= 90.0,
            "{tag}: {got:?} vs {want:?}"
        );
        assert!(
            (got.offset_s - want.offset_s).abs() <= 90.0,
            "{tag}: {got:?} vs {want:?}"
        );
    }
    for nw in &non_wear {
        for n in week.nights() {
            let bed = Interval {
                onset_s: n.in_bed_s,
                offset_s: n.out_of_bed_s,
            };
            assert!(
                !overlaps(nw, &bed),
                "{tag}: non-wear {nw:?} in the night {bed:?}"
            );
        }
        for nap in week.naps() {
            assert!(
                !overlaps(nw, nap),
                "{tag}: non-wear {nw:?} in the nap {nap:?}"
            );
        }
    }
}

#[test]
fn nights_naps_and_non_wear_of_three_day_recordings() {
    for seed in [1, 2, 3] {
        let cfg = WeekConfig {
            seed,
            rate_hz: 25.0,
            days: 3,
            ..WeekConfig::default()
        };
        check(&cfg, if seed == 2 { Leg::Right } else { Leg::Left });
    }
}

#[test]
fn a_noisy_sensor_at_a_higher_rate() {
    let cfg = WeekConfig {
        seed: 11,
        rate_hz: 50.0,
        days: 2,
        noise: NoiseLevel::High,
        ..WeekConfig::default()
    };
    check(&cfg, Leg::Left);
}

/// Naps of 100–140 min without a single leg movement: still sleep, never non-wear (and
/// shorter than a night, so naps).
#[test]
fn long_still_naps_are_not_non_wear() {
    for seed in [4, 5] {
        let cfg = WeekConfig {
            seed,
            rate_hz: 25.0,
            days: 2,
            nap_minutes: (100.0, 140.0),
            ..WeekConfig::default()
        };
        let week = SimWeek::new(&cfg).unwrap();
        let events = detect(&week, Leg::Left);
        let mut naps = 0;
        for e in &events {
            match e {
                RestEvent::NonWear(nw) => {
                    for nap in week.naps() {
                        assert!(!overlaps(nw, nap), "seed {seed}: {nw:?} in nap {nap:?}");
                    }
                }
                RestEvent::Nap(n) => {
                    assert!(
                        week.naps().iter().any(|t| overlaps(n, t)),
                        "seed {seed}: {n:?}"
                    );
                    naps += 1;
                }
                RestEvent::Night(_) => {}
            }
        }
        assert_eq!(naps, week.naps().len(), "seed {seed}: {events:?}");
    }
}

#[test]
fn bad_settings_are_errors() {
    for cfg in [
        RestConfig {
            epoch_s: 12.5,
            ..RestConfig::default()
        },
        RestConfig {
            shin_axis: [0.0; 3],
            ..RestConfig::default()
        },
        RestConfig {
            min_night_s: f64::NAN,
            ..RestConfig::default()
        },
    ] {
        assert!(RestDetector::new(&cfg, 0.0).is_err(), "{cfg:?}");
    }
    assert!(RestDetector::new(&RestConfig::default(), f64::INFINITY).is_err());
}
