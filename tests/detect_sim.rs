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
