//! Detector under what real ankles and radios do (issue 10): each stress condition of the
//! simulator (short, weak and double movements, knocks, lost rows, strap ringing, axis
//! switches) on typical nights at the rates where it bites, three seeds each. Targets, pooled
//! over the seeds: sensitivity and PPV >= 0.97 and the WASM 2016 PLM count within 3% of the
//! truth's (scored by the same scorer). Run with `-- --nocapture` for the table.
//!
//! Match rule as in `detect_sim` (`detect_common::agreement`, nothing excluded).

mod detect_common;

use detect_common::{Agreement, agreement, detect, plm_counts, simulate_stress};
use plmkit::Leg;
use plmkit::MovementKind;
use plmkit::detect::{NightDetection, RejectReason};
use plmkit::simulate::{Doubles, Knocks, Ringing, RowLoss, SimNight, Stress};

const SEEDS: [u64; 3] = [101, 202, 303];
const HOURS: f64 = 2.0;

/// Pooled figures of one condition at one rate.
#[derive(Debug, Default)]
struct Pooled {
    a: Agreement,
    plm_truth: usize,
    plm_found: usize,
    /// Per night: (night, detection), kept for condition-specific checks.
    nights: Vec<(SimNight, NightDetection)>,
}

impl Pooled {
    fn plm_err(&self) -> f64 {
        (self.plm_found as f64 - self.plm_truth as f64) / self.plm_truth.max(1) as f64
    }
}

fn run(name: &str, rate: f64, stress: &Stress) -> Pooled {
    let mut p = Pooled::default();
    for seed in SEEDS {
        let night = simulate_stress(rate, HOURS, seed + rate as u64, stress.clone());
        let det = detect(&night);
        let a = agreement(&night, &det, false);
        p.a.truth += a.truth;
        p.a.detected += a.detected;
        p.a.matched += a.matched;
        p.a.onset_err.extend(a.onset_err);
        p.a.offset_err.extend(a.offset_err);
        let [w, _] = plm_counts(&night, &det);
        p.plm_truth += w.0;
        p.plm_found += w.1;
        p.nights.push((night, det));
    }
    println!(
        "{name:<10} {rate:>5} {:>5} {:>5}  sens {:.3}  ppv {:.3}  onset {:>+6.3}  offset {:>+6.3}  PLM wasm {:>4}/{:<4} ({:>+5.1}%)",
        p.a.truth,
        p.a.detected,
        p.a.sensitivity(),
        p.a.ppv(),
        p.a.onset_median(),
        p.a.offset_median(),
        p.plm_truth,
        p.plm_found,
        100.0 * p.plm_err()
    );
    p
}

/// The done criterion for one condition at one rate.
fn check(name: &str, rate: f64, p: &Pooled, failures: &mut Vec<String>) {
    let (s, v, e) = (p.a.sensitivity(), p.a.ppv(), p.plm_err());
    if s < 0.97 || v < 0.97 || e.abs() > 0.03 {
        failures.push(format!(
            "{name} {rate} Hz: sens {s:.3} ppv {v:.3} PLM err {:+.1}%",
            100.0 * e
        ));
    }
}

#[test]
fn lost_rows_are_bridged() {
    let mut failures = Vec::new();
    for (rate, fraction, packet_rows) in [(25.0, 0.05, 1), (50.0, 0.01, 6), (12.5, 0.01, 1)] {
        let stress = Stress {
            row_loss: Some(RowLoss {
                fraction,
                packet_rows,
            }),
            ..Stress::default()
        };
        let p = run("row loss", rate, &stress);
        check("row loss", rate, &p, &mut failures);
        // Bridged, not invalid: only holes longer than the 0.25-s bridging limit (row to row,
        // i.e. one step more than the stretch of missing grid samples) are invalid.
        let legs = || p.nights.iter().flat_map(|(_, d)| &d.legs);
        let invalid: Vec<f64> = legs()
            .flat_map(|l| &l.invalid)
            .map(|i| i.offset_s - i.onset_s + 1.0 / rate)
            .collect();
        let short = invalid.iter().filter(|&&d| d <= 0.25 + 1e-9).count();
        let bridged: u64 = legs().map(|l| l.timeline.bridged_samples).sum();
        let holes: u64 = legs().map(|l| l.timeline.bridged_holes).sum();
        println!(
            "           bridged holes {holes} ({bridged} samples), invalid stretches {} ({short} of them <= 0.25 s)",
            invalid.len()
        );
        if short > 0 || bridged == 0 {
            failures.push(format!(
                "row loss {rate} Hz: {short} short holes invalid, {bridged} bridged samples"
            ));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn knocks_are_rejected_and_counted() {
    let mut failures = Vec::new();
    for (rate, samples) in [
        (100.0, (1, 1)),
        (12.5, (1, 1)),
        (50.0, (4, 5)),
        (25.0, (1, 2)),
    ] {
        let stress = Stress {
            knocks: Some(Knocks {
                per_hour: 30.0,
                samples,
                amp_g: (0.7, 3.0),
            }),
            ..Stress::default()
        };
        let p = run("knocks", rate, &stress);
        check("knocks", rate, &p, &mut failures);
        let legs = || p.nights.iter().flat_map(|(_, d)| &d.legs);
        let planned: usize = p
            .nights
            .iter()
            .map(|(n, _)| n.knock_times(Leg::Left).len() + n.knock_times(Leg::Right).len())
            .sum();
        let rejected = legs()
            .flat_map(|l| &l.rejected)
            .filter(|r| r.reason == RejectReason::Impulse)
            .count();
        let counted: u64 = legs().map(|l| l.quality.impulses).sum();
        println!("           knocks {planned}, rejected as impulses {rejected}, counted {counted}");
        if (rejected as f64) < 0.97 * planned as f64 || counted != rejected as u64 {
            failures.push(format!(
                "knocks {rate} Hz: {planned} knocks, {rejected} rejected, {counted} counted"
            ));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Median of a list (NaN when empty).
fn median(v: &[f64]) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    s[s.len() / 2]
}

#[test]
fn short_movements_are_kept_and_timing_is_unbiased() {
    let mut failures = Vec::new();
    let stress = Stress {
        lm_duration_s: Some((0.5, 0.8)),
        ..Stress::default()
    };
    for rate in [25.0, 50.0, 100.0] {
        let p = run("short", rate, &stress);
        let d = matched_durations(&p);
        let err = median(&d.iter().map(|(t, m)| m - t).collect::<Vec<_>>());
        let mut bins = [(0usize, 0usize); 6];
        for (night, det) in &p.nights {
            for t in night.truth() {
                let b = (((t.duration_s() - 0.5) / 0.05) as usize).min(5);
                bins[b].0 += 1;
                let hit = det
                    .legs
                    .iter()
                    .filter(|l| l.leg == t.leg)
                    .flat_map(|l| &l.movements)
                    .any(|m| m.onset_s <= t.offset_s && t.onset_s <= m.offset_s);
                bins[b].1 += usize::from(hit);
            }
        }
        println!(
            "           duration error median {err:+.3} s; found/true by truth duration (0.05-s bins from 0.5 s): {bins:?}"
        );
        // Every true movement counts (the criterion); the figure from 0.55 s up is
        // printed beside it, as truths within a few hundredths of a second of the 0.5-s rule
        // straddle it whatever the detector (durations carry that much measurement noise).
        let (t, f) = bins[1..].iter().fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
        println!(
            "           sens for truths >= 0.55 s: {:.3}",
            f as f64 / t.max(1) as f64
        );
        check("short", rate, &p, &mut failures);
    }
    // Timing on ordinary (typical) nights: median onset and offset within ±0.05 s of the motion.
    for rate in [25.0, 50.0, 100.0] {
        let p = run("typical", rate, &Stress::default());
        let (on, off) = (p.a.onset_median(), p.a.offset_median());
        if on.abs() > 0.05 || off.abs() > 0.05 {
            failures.push(format!(
                "typical {rate} Hz: onset median {on:+.3} s, offset median {off:+.3} s"
            ));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Measured durations of the detections matched to true movements, with the true durations.
fn matched_durations(p: &Pooled) -> Vec<(f64, f64)> {
    let mut v = Vec::new();
    for (night, det) in &p.nights {
        for t in night.truth() {
            let hit = det
                .legs
                .iter()
                .filter(|l| l.leg == t.leg)
                .flat_map(|l| &l.movements)
                .find(|m| {
                    m.kind == MovementKind::Leg
                        && m.onset_s <= t.offset_s
                        && t.onset_s <= m.offset_s
                });
            if let Some(m) = hit {
                v.push((t.duration_s(), m.duration_s()));
            }
        }
    }
    v
}

#[test]
fn movements_over_ten_seconds_are_measured_over_ten_seconds() {
    let mut failures = Vec::new();
    let stress = Stress {
        lm_duration_s: Some((10.2, 12.0)),
        ..Stress::default()
    };
    for rate in [25.0, 50.0, 100.0] {
        let p = run("long", rate, &stress);
        let d = matched_durations(&p);
        let over = d.iter().filter(|(_, m)| *m > 10.0).count();
        let share = over as f64 / d.len().max(1) as f64;
        let err = median(&d.iter().map(|(t, m)| m - t).collect::<Vec<_>>());
        println!(
            "           {over} of {} measured > 10 s, duration error median {err:+.3} s",
            d.len()
        );
        if share < 0.97 || p.a.sensitivity() < 0.97 {
            failures.push(format!(
                "long {rate} Hz: {over} of {} measured > 10 s",
                d.len()
            ));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn double_bursts_are_two_movements() {
    let mut failures = Vec::new();
    let stress = Stress {
        doubles: Some(Doubles {
            share: 0.3,
            gap_s: (0.5, 1.1),
        }),
        ..Stress::default()
    };
    for rate in [25.0, 50.0, 100.0] {
        let p = run("double", rate, &stress);
        check("double", rate, &p, &mut failures);
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn strap_ringing_does_not_extend_movements() {
    let mut failures = Vec::new();
    let stress = Stress {
        lm_duration_s: Some((8.3, 9.9)),
        ringing: Some(Ringing {
            freq_hz: (10.0, 15.0),
            amp_fraction: (0.3, 0.6),
            decay_s: (0.2, 0.5),
        }),
        ..Stress::default()
    };
    for rate in [50.0, 100.0] {
        let p = run("ringing", rate, &stress);
        check("ringing", rate, &p, &mut failures);
        let d = matched_durations(&p);
        let over = d.iter().filter(|(_, m)| *m > 10.0).count();
        let err = median(&d.iter().map(|(t, m)| m - t).collect::<Vec<_>>());
        println!(
            "           {over} of {} measured > 10 s, duration error median {err:+.3} s",
            d.len()
        );
        if over as f64 > 0.03 * d.len() as f64 {
            failures.push(format!(
                "ringing {rate} Hz: {over} of {} measured > 10 s",
                d.len()
            ));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn an_axis_switch_is_not_a_posture_change() {
    let mut failures = Vec::new();
    let stress = Stress {
        axis_switches_per_hour: 6.0,
        ..Stress::default()
    };
    for rate in [25.0, 50.0, 100.0] {
        let p = run("axis", rate, &stress);
        check("axis", rate, &p, &mut failures);
        let mut gross_at_switch = 0;
        let mut switches = 0;
        for (night, det) in &p.nights {
            for l in &det.legs {
                for &t in night.axis_switch_times(l.leg) {
                    switches += 1;
                    gross_at_switch += l
                        .movements
                        .iter()
                        .filter(|m| {
                            m.kind == MovementKind::Gross
                                && m.onset_s - 2.0 <= t
                                && t <= m.offset_s + 2.0
                        })
                        .count();
                }
            }
        }
        println!("           {switches} switches, {gross_at_switch} taken for posture changes");
        if gross_at_switch > 0 {
            failures.push(format!(
                "axis {rate} Hz: {gross_at_switch} of {switches} switches taken for posture changes"
            ));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Weak movements: at 3 mg sensor noise (per axis) peaks of 10-13 mg must be found at 25, 50
/// and 100 Hz, at 6 mg at 50 and 100 Hz; 6 mg at 25 Hz (where the band holds the most noise)
/// is reported for three peak ranges.
#[test]
fn weak_movements_are_found() {
    let mut failures = Vec::new();
    for (noise, amp, rates, asserted) in [
        (0.003, (0.010, 0.013), &[25.0, 50.0, 100.0][..], true),
        (0.006, (0.010, 0.013), &[50.0, 100.0][..], true),
        (0.006, (0.010, 0.013), &[25.0][..], false),
        (0.006, (0.016, 0.020), &[25.0][..], false),
        (0.006, (0.030, 0.040), &[25.0][..], false),
    ] {
        let stress = Stress {
            lm_amp_g: Some(amp),
            noise_sd_g: Some(noise),
            ..Stress::default()
        };
        for &rate in rates {
            let name = format!(
                "weak {:.0}mg {:.0}-{:.0}",
                noise * 1e3,
                amp.0 * 1e3,
                amp.1 * 1e3
            );
            let p = run(&name, rate, &stress);
            if asserted {
                check(&name, rate, &p, &mut failures);
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Weak movements whose tilt is small too (0.2-0.5 deg, 3.5-8.7 mg of gravity change), so the
/// oscillation alone must be seen: the weakest peak range that meets the targets at 25,
/// 50 and 100 Hz, at 3 mg and at 6 mg sensor noise (per axis). The onset follows the floor's
/// spread (`DetectorConfig::on_spread_z`); what limits these now is the timing window (see
/// the sweep below).
#[test]
fn weak_movements_without_tilt_are_found() {
    let mut failures = Vec::new();
    for (noise, amp) in [(0.003, (0.070, 0.100)), (0.006, (0.140, 0.200))] {
        let stress = weak_untilted(noise, amp);
        for rate in [25.0, 50.0, 100.0] {
            let name = format!(
                "untilted {:.0}mg {:.0}-{:.0}",
                noise * 1e3,
                amp.0 * 1e3,
                amp.1 * 1e3
            );
            let p = run(&name, rate, &stress);
            check(&name, rate, &p, &mut failures);
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Weak movements with a tilt of 0.2-0.5 deg at `noise` (g per axis), peaks in `amp` (g).
fn weak_untilted(noise: f64, amp: (f64, f64)) -> Stress {
    Stress {
        lm_amp_g: Some(amp),
        lm_tilt_deg: Some((0.2, 0.5)),
        noise_sd_g: Some(noise),
        ..Stress::default()
    }
}

/// Sweep (report only, for the "smallest peak found") of the untilted weak movements.
#[test]
#[ignore = "report: cargo test --release --test detect_stress -- --ignored --nocapture"]
fn weak_movements_sweep() {
    for noise in [0.003, 0.006] {
        for amp in [
            (0.010, 0.013),
            (0.016, 0.020),
            (0.020, 0.025),
            (0.025, 0.030),
            (0.030, 0.040),
            (0.040, 0.050),
            (0.050, 0.070),
            (0.070, 0.100),
            (0.100, 0.140),
            (0.140, 0.200),
        ] {
            let stress = weak_untilted(noise, amp);
            for rate in [25.0, 50.0, 100.0] {
                let name = format!(
                    "sweep {:.0}mg {:.0}-{:.0}",
                    noise * 1e3,
                    amp.0 * 1e3,
                    amp.1 * 1e3
                );
                run(&name, rate, &stress);
            }
        }
    }
}
