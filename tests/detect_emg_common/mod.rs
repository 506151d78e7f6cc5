//! Shared helpers of the EMG detector tests: simulate a PSG night, write it as EDF+, detect,
//! match (the match rule is `common/matching.rs`, shared with the accelerometer tests).
#![allow(dead_code)]

use std::io::Cursor;

use plmkit::detect::Detection;
use plmkit::detect::emg::{EdfEmgDetection, EmgConfig, detect_edf};
use plmkit::io::edf::{EdfReader, choose_leg_channels};
use plmkit::score::{Criteria, ScoringContext, score};
use plmkit::simulate::psg::{PsgConfig, PsgNight};
use plmkit::{Interval, Leg, LegMovement};

#[path = "../common/matching.rs"]
mod matching;
pub use matching::Agreement;
use matching::match_leg;

pub fn night(seed: u64, rate_hz: f64, hours: f64, ecg: bool) -> PsgNight {
    night_hum(seed, rate_hz, hours, ecg, 50.0)
}

pub fn night_hum(seed: u64, rate_hz: f64, hours: f64, ecg: bool, hum_hz: f64) -> PsgNight {
    PsgNight::new(&PsgConfig {
        seed,
        rate_hz,
        duration_s: hours * 3600.0,
        ecg,
        hum_hz: Some(hum_hz),
        ..PsgConfig::default()
    })
    .expect("valid PSG config")
}

pub fn edf_bytes(night: &PsgNight) -> Vec<u8> {
    night.write_edf(Vec::new()).expect("EDF+ written")
}

pub fn detect_bytes(bytes: &[u8], config: &EmgConfig) -> EdfEmgDetection {
    let mut r = EdfReader::from_reader(Cursor::new(bytes), bytes.len() as u64, "sim.edf")
        .expect("header reads");
    let ch = choose_leg_channels(r.header(), None, None).expect("leg channels found");
    detect_edf(config, &mut r, &ch).expect("detection runs")
}

pub fn movements(dets: &[Detection]) -> Vec<LegMovement> {
    dets.iter()
        .filter_map(|d| match d {
            Detection::Movement(m) => Some(*m),
            _ => None,
        })
        .collect()
}

/// The match rule (`matching::match_leg`) on each leg.
pub fn agreement(truth: &[LegMovement], found: &[LegMovement]) -> Agreement {
    let mut a = Agreement::default();
    for leg in [Leg::Left, Leg::Right] {
        let t: Vec<&LegMovement> = truth.iter().filter(|m| m.leg == leg).collect();
        let mut f: Vec<&LegMovement> = found.iter().filter(|m| m.leg == leg).collect();
        f.sort_by(|a, b| a.onset_s.total_cmp(&b.onset_s));
        a.truth += t.len();
        a.detected += f.len();
        for (m, hit) in t.iter().zip(match_leg(&t, &f)) {
            if let Some(j) = hit {
                a.add_pair(m, f[j]);
            }
        }
    }
    a
}

/// PLMS counts under WASM 2016 of the truth and of the detection, with the night's hypnogram
/// (and the detection's invalid stretches for the detection).
pub fn plms_counts(
    night: &PsgNight,
    found: &[LegMovement],
    invalid: &[Interval],
) -> (usize, usize) {
    let c = Criteria::wasm2016();
    let ctx = ScoringContext {
        hypnogram: Some(night.hypnogram()),
        recording_s: Some(night.config().duration_s),
        ..ScoringContext::default()
    };
    let t = score(&c, &ctx, night.truth()).expect("truth scores");
    let ctx_d = ScoringContext {
        invalid: invalid.to_vec(),
        ..ctx
    };
    let d = score(&c, &ctx_d, found).expect("detection scores");
    (t.summary.plms_count, d.summary.plms_count)
}
