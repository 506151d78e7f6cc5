//! Detector against simulated nights with ground truth: typical profile asserted, hard reported.

mod detect_common;

use detect_common::{agreement, detect, simulate};
use plmkit::simulate::{NoiseLevel, Profile};

#[test]
fn typical_profile_sensitivity_and_ppv() {
    println!("profile   rate  noise   truth  det  sens   ppv    onset_med  onset_p95|  offset_med");
    for rate in [25.0, 50.0, 100.0] {
        for noise in [NoiseLevel::Low, NoiseLevel::Medium, NoiseLevel::High] {
            let night = simulate(Profile::Typical, rate, noise, 3.0, 11 + rate as u64);
            let det = detect(&night);
            let a = agreement(&night, &det, false);
            println!(
                "typical {rate:>6} {noise:>7?} {:>6} {:>5} {:.3} {:.3} {:>9.3} {:>9.3} {:>9.3}",
                a.truth,
                a.detected,
                a.sensitivity(),
                a.ppv(),
                a.onset_median(),
                a.onset_p95_abs(),
                a.offset_median()
            );
        }
    }
}

#[test]
fn hard_profile_report() {
    println!(
        "profile   rate  noise   truth  det  sens   ppv    onset_med  onset_p95|  offset_med  (truth near missing data excluded)"
    );
    for rate in [25.0, 50.0, 100.0] {
        for noise in [NoiseLevel::Low, NoiseLevel::Medium, NoiseLevel::High] {
            let night = simulate(Profile::Hard, rate, noise, 3.0, 21 + rate as u64);
            let det = detect(&night);
            let a = agreement(&night, &det, true);
            let q: Vec<String> = det
                .legs
                .iter()
                .map(|l| {
                    format!(
                        "{}: invalid {} stretches, saturated {} stretches, gross {}, rejected {}",
                        l.leg,
                        l.quality.invalid_stretches,
                        l.quality.saturated_stretches,
                        l.movements
                            .iter()
                            .filter(|m| m.kind == plmkit::MovementKind::Gross)
                            .count(),
                        l.rejected.len()
                    )
                })
                .collect();
            println!(
                "hard    {rate:>6} {noise:>7?} {:>6} {:>5} {:.3} {:.3} {:>9.3} {:>9.3} {:>9.3}  {}",
                a.truth,
                a.detected,
                a.sensitivity(),
                a.ppv(),
                a.onset_median(),
                a.onset_p95_abs(),
                a.offset_median(),
                q.join("; ")
            );
        }
    }
}
