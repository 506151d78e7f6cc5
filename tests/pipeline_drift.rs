//! Two clocks that drift: the right ankle's device runs 10–100 ppm fast (0.3–2.9 s over 8 h).
//! The pipeline estimates the drift from the events both ankles see (posture changes, bilateral
//! leg movements), moves the right leg's detections onto the left clock, and scores as if the
//! legs shared one clock.

mod detect_common;

use detect_common::{agreement, plm_counts, rel_err, simulate_stress};
use plmkit::Leg;
use plmkit::pipeline::{ClockDriftPolicy, NightReport, PipelineConfig, score_rows};
use plmkit::simulate::{SimNight, Stress};

/// Tolerance on the estimated drift (ppm). A night gives 110–220 pairs (about 10 of them
/// posture changes); a bilateral pair's onsets differ by up to ±0.5 s, so the rate's error is
/// about 1.3 ppm (standard deviation over five 8-h nights at 25 Hz, worst 2.7 ppm). 4 ppm is
/// three of those, 0.12 s over 8 h: well inside the 0.5-s bilateral window.
const PPM_TOLERANCE: f64 = 4.0;

fn drifting(rate: f64, hours: f64, seed: u64, ppm: f64) -> SimNight {
    simulate_stress(
        rate,
        hours,
        seed,
        Stress {
            clock_drift_ppm: ppm,
            ..Stress::default()
        },
    )
}

fn score(night: &SimNight) -> NightReport {
    score_with(night, ClockDriftPolicy::Correct)
}

fn score_with(night: &SimNight, policy: ClockDriftPolicy) -> NightReport {
    let (l, r) = (night.rows(Leg::Left), night.rows(Leg::Right));
    let mut cfg = PipelineConfig {
        clock_drift: policy,
        ..PipelineConfig::default()
    };
    cfg.detector.full_scale_g = Some(night.full_scale_g());
    score_rows(
        &cfg,
        &[(Leg::Left, l.view(), 0.0), (Leg::Right, r.view(), 0.0)],
    )
    .expect("the night scores")
}

fn check(rate: f64, ppm: f64, seed: u64) {
    let night = drifting(rate, 8.0, seed, ppm);
    let r = score(&night);
    let a = agreement(&night, &r.detection, true);
    let [wasm, aasm] = plm_counts(&night, &r.detection);
    let c = r.clock;
    println!(
        "{rate} Hz, {ppm} ppm: sensitivity {:.3}, PPV {:.3}, PLMS WASM {}→{} ({:+.1} %), AASM \
         {}→{} ({:+.1} %); estimate {:?} ppm, offset {:?} s, {} pairs, applied {}",
        a.sensitivity(),
        a.ppv(),
        wasm.0,
        wasm.1,
        100.0 * rel_err(wasm),
        aasm.0,
        aasm.1,
        100.0 * rel_err(aasm),
        c.ppm,
        c.offset_s,
        c.pairs,
        c.applied
    );
    assert!(
        a.sensitivity() >= 0.97,
        "sensitivity {:.3}",
        a.sensitivity()
    );
    assert!(a.ppv() >= 0.97, "PPV {:.3}", a.ppv());
    assert!(rel_err(wasm).abs() <= 0.03, "WASM PLMS {wasm:?}");
    assert!(rel_err(aasm).abs() <= 0.03, "AASM PLMS {aasm:?}");
    let est = c.ppm.expect("a drift estimate");
    assert!(
        (est - ppm).abs() <= PPM_TOLERANCE,
        "estimated {est:.2} ppm, true {ppm} ppm"
    );
    assert!(c.applied, "a correction of {ppm} ppm over 8 h is applied");
}

#[test]
fn a_100_ppm_night_at_25_hz_scores_as_on_one_clock() {
    check(25.0, 100.0, 7);
}

#[test]
fn a_50_ppm_night_at_50_hz_scores_as_on_one_clock() {
    check(50.0, 50.0, 8);
}

#[test]
fn a_10_ppm_night_at_50_hz_scores_as_on_one_clock() {
    check(50.0, 10.0, 9);
}

#[test]
fn a_right_clock_running_slow_is_corrected_too() {
    check(25.0, -100.0, 10);
}

/// With the correction switched off the drift is still estimated and reported, not applied:
/// the right leg's movements keep their own clock's times, and the PLMS count shows what the
/// drift does uncorrected.
#[test]
fn estimate_only_reports_the_drift_and_leaves_the_right_clock_alone() {
    let night = drifting(25.0, 8.0, 3, 100.0);
    let corrected = score(&night);
    let alone = score_with(&night, ClockDriftPolicy::EstimateOnly);
    let c = alone.clock;
    let est = c.ppm.expect("a drift estimate");
    assert!(
        (est - 100.0).abs() <= PPM_TOLERANCE,
        "estimated {est:.2} ppm"
    );
    assert!(!c.applied);
    assert!(corrected.clock.applied);
    let right = |r: &NightReport| {
        r.detection
            .legs
            .iter()
            .find(|l| l.leg == Leg::Right)
            .unwrap()
            .movements
            .clone()
    };
    let (moved, kept) = (right(&corrected), right(&alone));
    let last = |v: &[plmkit::LegMovement]| v.last().unwrap().onset_s;
    // 100 ppm over 8 h: the right clock is 2.9 s ahead by the end; the correction takes it
    // back, estimate-only keeps it.
    assert!(
        last(&kept) - last(&moved) > 2.0,
        "{} vs {}",
        last(&kept),
        last(&moved)
    );
}

/// `plm_score --json` says what was found: two 25-Hz trace files, two hours, 200 ppm apart.
#[cfg(feature = "io")]
#[test]
fn the_json_reports_the_drift() {
    use plmkit::io::trace::{ReadConfig, TraceReader};
    use plmkit::pipeline::{TraceFile, score_files};
    use plmkit::simulate::write_trace_csv;

    let night = drifting(25.0, 2.0, 11, 200.0);
    let dir = std::env::temp_dir().join(format!("plmkit_drift_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let files: Vec<TraceFile> = [Leg::Left, Leg::Right]
        .into_iter()
        .map(|leg| {
            let path = dir.join(format!("{leg}.csv"));
            let out = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
            write_trace_csv(out, &mut night.stream(leg)).unwrap();
            TraceFile {
                leg,
                reader: TraceReader::open(&ReadConfig::default(), &path).unwrap(),
            }
        })
        .collect();
    let mut cfg = PipelineConfig::default();
    cfg.detector.full_scale_g = Some(night.full_scale_g());
    let report = score_files(&cfg, files, |_| Ok(())).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let json = report.to_json();
    let c = &json["clock_drift"];
    println!("{c}");
    assert_eq!(c["applied"], true);
    assert_eq!(c["pairs"], report.night.clock.pairs);
    assert!(report.night.clock.pairs >= 8);
    let ppm = c["ppm"].as_f64().unwrap();
    // A quarter of the night's span and a sixth of its pairs: the rate to ~10 ppm.
    assert!((ppm - 200.0).abs() <= 20.0, "{ppm} ppm from two hours");
    assert!(c["offset_s"].as_f64().unwrap().abs() < 0.2);
    // The right leg's movements are on the left clock: they match the truth.
    let a = agreement(&night, &report.night.detection, true);
    assert!(a.sensitivity() >= 0.97 && a.ppv() >= 0.97, "{a:?}");
}
