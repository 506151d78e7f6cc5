//! Shared helpers of the detector integration tests: run a simulated night, match events.
#![allow(dead_code)]

use plmkit::Leg;
use plmkit::TriaxialColumns;
use plmkit::TriaxialView;
use plmkit::detect::{DetectorConfig, NightDetection, detect_night};
use plmkit::simulate::{NoiseLevel, Profile, SimConfig, SimNight, Stress};
use plmkit::{Interval, LegMovement, MovementKind};

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

/// Agreement of detected leg movements with the truth.
#[derive(Debug, Clone, Default)]
pub struct Agreement {
    pub truth: usize,
    pub detected: usize,
    pub matched: usize,
    /// Detected onset minus true onset of each matched pair (s).
    pub onset_err: Vec<f64>,
    pub offset_err: Vec<f64>,
}

impl Agreement {
    pub fn sensitivity(&self) -> f64 {
        self.matched as f64 / self.truth.max(1) as f64
    }
    pub fn ppv(&self) -> f64 {
        self.matched as f64 / self.detected.max(1) as f64
    }
    fn stat(v: &[f64], q: f64) -> f64 {
        if v.is_empty() {
            return f64::NAN;
        }
        let mut s = v.to_vec();
        s.sort_by(f64::total_cmp);
        s[((s.len() - 1) as f64 * q).round() as usize]
    }
    pub fn onset_median(&self) -> f64 {
        Self::stat(&self.onset_err, 0.5)
    }
    pub fn onset_p95_abs(&self) -> f64 {
        let a: Vec<f64> = self.onset_err.iter().map(|e| e.abs()).collect();
        Self::stat(&a, 0.95)
    }
    pub fn offset_median(&self) -> f64 {
        Self::stat(&self.offset_err, 0.5)
    }
}

fn overlaps(a: &LegMovement, b: &LegMovement) -> bool {
    a.onset_s <= b.offset_s && b.onset_s <= a.offset_s
}

fn touches(m: &LegMovement, ivs: &[Interval], margin: f64) -> bool {
    ivs.iter()
        .any(|i| m.onset_s - margin <= i.offset_s && i.onset_s <= m.offset_s + margin)
}

/// Match rule: a detected leg movement matches a true one on the same leg when their
/// [onset, offset] intervals overlap; one-to-one, greedily in onset order (each true movement
/// takes the earliest unmatched overlapping detection). With `exclude_missing`, true movements
/// within 1 s of missing data (which the detector must reject) are left out of the truth, and
/// detections matched to them are left out of the detections.
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
        let mut used = vec![false; found.len()];
        let mut start = 0;
        let mut detected = found.len();
        for t in &truth {
            let excluded = exclude_missing && touches(t, &missing, 1.0);
            while start < found.len() && found[start].offset_s < t.onset_s {
                start += 1;
            }
            let mut hit = None;
            for j in start..found.len() {
                if found[j].onset_s > t.offset_s {
                    break;
                }
                if !used[j] && overlaps(t, found[j]) {
                    used[j] = true;
                    hit = Some(j);
                    break;
                }
            }
            if excluded {
                if hit.is_some() {
                    detected -= 1;
                }
                continue;
            }
            a.truth += 1;
            if let Some(j) = hit {
                a.matched += 1;
                a.onset_err.push(found[j].onset_s - t.onset_s);
                a.offset_err.push(found[j].offset_s - t.offset_s);
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

/// Relative error of a count.
pub fn rel_err((truth, found): (usize, usize)) -> f64 {
    (found as f64 - truth as f64) / (truth.max(1) as f64)
}
