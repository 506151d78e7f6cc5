//! Shared helpers of the detector integration tests: run a simulated night, match events.
#![allow(dead_code)]

use plmkit::Leg;
use plmkit::TriaxialColumns;
use plmkit::TriaxialView;
use plmkit::detect::{DetectorConfig, NightDetection, detect_night};
use plmkit::simulate::{NoiseLevel, Profile, SimConfig, SimNight, Stress};
use plmkit::{Interval, LegMovement, MovementKind};

#[path = "../common/matching.rs"]
mod matching;
pub use matching::Agreement;
use matching::match_leg;

pub fn cols(d: &TriaxialColumns) -> TriaxialView<'_> {
    d.view()
}

pub fn simulate(profile: Profile, rate: f64, noise: NoiseLevel, hours: f64, seed: u64) -> SimNight {
    SimNight::new(&SimConfig {
        seed,
        rate_hz: rate,
        duration_s: hours * 3600.0,
        profile,
        noise,
        ..SimConfig::default()
    })
    .expect("valid simulation config")
}

/// A typical night with stress conditions.
pub fn simulate_stress(rate: f64, hours: f64, seed: u64, stress: Stress) -> SimNight {
    SimNight::new(&SimConfig {
        seed,
        rate_hz: rate,
        duration_s: hours * 3600.0,
        profile: Profile::Typical,
        noise: NoiseLevel::Medium,
        stress,
    })
    .expect("valid simulation config")
}

pub fn detect(night: &SimNight) -> NightDetection {
    let l = night.rows(Leg::Left);
    let r = night.rows(Leg::Right);
    let cfg = DetectorConfig {
        full_scale_g: Some(night.full_scale_g()),
        ..DetectorConfig::default()
    };
    detect_night(&cfg, Some(cols(&l)), Some(cols(&r))).expect("detection runs")
}

fn touches(m: &LegMovement, ivs: &[Interval], margin: f64) -> bool {
    ivs.iter()
        .any(|i| m.onset_s - margin <= i.offset_s && i.onset_s <= m.offset_s + margin)
}

/// The match rule (`matching::match_leg`) per leg of a detected night. With `exclude_missing`,
/// true movements within 1 s of missing data (which the detector must reject) are left out of
/// the truth, and detections matched to them are left out of the detections.
pub fn agreement(night: &SimNight, det: &NightDetection, exclude_missing: bool) -> Agreement {
    let mut a = Agreement::default();
    for ld in &det.legs {
        let missing = night.missing(ld.leg);
        let truth: Vec<&LegMovement> = night.truth().iter().filter(|m| m.leg == ld.leg).collect();
        let found: Vec<&LegMovement> = ld
            .movements
            .iter()
            .filter(|m| m.kind == MovementKind::Leg)
            .collect();
        let mut detected = found.len();
        for (t, hit) in truth.iter().zip(match_leg(&truth, &found)) {
            if exclude_missing && touches(t, &missing, 1.0) {
                if hit.is_some() {
                    detected -= 1;
                }
                continue;
            }
            a.truth += 1;
            if let Some(j) = hit {
                a.add_pair(t, found[j]);
            }
        }
        a.detected += detected;
    }
    a
}

/// PLM counts (WASM 2016, AASM) of the truth (leg and gross movements) and of the detection.
pub fn plm_counts(night: &SimNight, det: &NightDetection) -> [(usize, usize); 2] {
    use plmkit::score::{Criteria, ScoringContext, score};
    let truth: Vec<LegMovement> = night.truth().iter().chain(night.gross()).copied().collect();
    let found: Vec<LegMovement> = det
        .legs
        .iter()
        .flat_map(|l| l.movements.iter().copied())
        .collect();
    let ctx = || ScoringContext {
        recording_s: Some(night.config().duration_s),
        ..ScoringContext::default()
    };
    let mut out = [(0, 0); 2];
    for (k, c) in [Criteria::wasm2016(), Criteria::aasm2012()]
        .iter()
        .enumerate()
    {
        let t = score(c, &ctx(), &truth)
            .expect("truth scores")
            .summary
            .plm_count;
        let d = score(c, &ctx(), &found)
            .expect("detection scores")
            .summary
            .plm_count;
        out[k] = (t, d);
    }
    out
}

/// The WASM 2016 PLM count of the *recorded* truth (true leg and gross movements more than 1 s
/// from their leg's missing data, which no detector can see) and of the detection: on nights
/// with dropouts it tells what the data allow from what the detector loses.
pub fn recorded_plm_count(night: &SimNight, det: &NightDetection) -> (usize, usize) {
    use plmkit::score::{Criteria, ScoringContext, score};
    let recorded: Vec<LegMovement> = night
        .truth()
        .iter()
        .chain(night.gross())
        .filter(|m| !touches(m, &night.missing(m.leg), 1.0))
        .copied()
        .collect();
    let found: Vec<LegMovement> = det
        .legs
        .iter()
        .flat_map(|l| l.movements.iter().copied())
        .collect();
    let ctx = ScoringContext {
        recording_s: Some(night.config().duration_s),
        ..ScoringContext::default()
    };
    let count = |v: &[LegMovement]| {
        score(&Criteria::wasm2016(), &ctx, v)
            .expect("scores")
            .summary
            .plm_count
    };
    (count(&recorded), count(&found))
}

/// Relative error of a count.
pub fn rel_err((truth, found): (usize, usize)) -> f64 {
    (found as f64 - truth as f64) / (truth.max(1) as f64)
}
