//! Simulator properties: deterministic, physically bounded, truth consistent with the profile.

use plmkit::Leg;
use plmkit::MovementKind;
use plmkit::simulate::{NoiseLevel, Profile, SimConfig, SimNight};

fn night(seed: u64, profile: Profile) -> SimNight {
    SimNight::new(&SimConfig {
        seed,
        rate_hz: 50.0,
        duration_s: 3600.0,
        profile,
        noise: NoiseLevel::High,
        ..SimConfig::default()
    })
    .unwrap()
}

#[test]
fn same_seed_same_night_other_seed_other_night() {
    let a = night(7, Profile::Typical);
    let b = night(7, Profile::Typical);
    let c = night(8, Profile::Typical);
    assert_eq!(a.truth(), b.truth());
    assert_eq!(a.rows(Leg::Left), b.rows(Leg::Left));
    assert_ne!(a.truth(), c.truth());
}

#[test]
fn samples_are_quantised_clipped_and_near_one_g_at_rest() {
    for profile in [Profile::Typical, Profile::Hard] {
        let n = night(3, profile);
        let fs = n.full_scale_g();
        let lsb = 2.0 * fs / 4096.0;
        let rows = n.rows(Leg::Right);
        let mut rest = Vec::new();
        for i in 0..rows.len() {
            let v = [rows.x[i], rows.y[i], rows.z[i]];
            for a in v {
                assert!(a.abs() <= fs, "{a} beyond full scale {fs}");
                assert_eq!((a / lsb).round() * lsb, a, "{a} not on the 12-bit grid");
            }
            let busy = n.truth().iter().chain(n.gross()).any(|m| {
                m.leg == Leg::Right && rows.t[i] > m.onset_s - 1.0 && rows.t[i] < m.offset_s + 1.0
            });
            if !busy && v != [0.0; 3] {
                rest.push((v[0] * v[0] + v[1] * v[1] + v[2] * v[2]).sqrt());
            }
        }
        let mean = rest.iter().sum::<f64>() / rest.len() as f64;
        assert!(
            (mean - 1.0).abs() < 0.01,
            "{profile:?}: resting magnitude {mean}"
        );
    }
}

#[test]
fn truth_respects_the_profile() {
    let n = night(5, Profile::Typical);
    assert!(n.truth().len() > 20);
    for m in n.truth() {
        assert_eq!(m.kind, MovementKind::Leg);
        let d = m.duration_s();
        assert!((0.5..=10.0).contains(&d), "duration {d}");
        let p = m.peak.unwrap();
        assert!((0.02..=0.4).contains(&p), "peak {p}");
    }
    // Same-leg movements keep at least 2 s apart in the typical profile.
    for leg in [Leg::Left, Leg::Right] {
        let v: Vec<_> = n.truth().iter().filter(|m| m.leg == leg).collect();
        for w in v.windows(2) {
            assert!(w[1].onset_s - w[0].offset_s >= 2.0);
        }
    }
    assert!(n.gross().iter().all(|g| g.kind == MovementKind::Gross));
}

#[test]
fn hard_profile_drops_rows_and_writes_zero_rows() {
    let n = SimNight::new(&SimConfig {
        seed: 31,
        rate_hz: 50.0,
        duration_s: 4.0 * 3600.0,
        profile: Profile::Hard,
        noise: NoiseLevel::Low,
        ..SimConfig::default()
    })
    .unwrap();
    let rows = n.rows(Leg::Left);
    let zeros = (0..rows.len())
        .filter(|&i| rows.x[i] == 0.0 && rows.y[i] == 0.0 && rows.z[i] == 0.0)
        .count();
    assert!(zeros > 1000, "{zeros} zero rows");
    assert!(
        rows.len() < (4.0 * 3600.0 * 50.0) as usize,
        "no rows dropped"
    );
    assert!(rows.t.windows(2).all(|w| w[1] > w[0]), "time must increase");
    assert!(!n.missing(Leg::Left).is_empty());
}

#[test]
fn bad_config_is_an_error() {
    for (rate, dur) in [
        (0.0, 10.0),
        (f64::NAN, 10.0),
        (50.0, 0.0),
        (50.0, f64::INFINITY),
    ] {
        let c = SimConfig {
            rate_hz: rate,
            duration_s: dur,
            ..SimConfig::default()
        };
        assert!(SimNight::new(&c).is_err());
    }
}
