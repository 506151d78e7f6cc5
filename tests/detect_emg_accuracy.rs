//! EMG detector against simulated PSG nights written as EDF+ and read back: sensitivity and
//! PPV >= 0.97 and the WASM 2016 PLMS count within 3 % of the truth's, with and without ECG
//! artefact, over several seeds and rates. Run with `-- --nocapture` for the table. A control
//! shows the simulated ECG artefact is harmful without the detector's running median.
#![cfg(feature = "io")]

mod detect_emg_common;

use detect_emg_common::{
    Agreement, agreement, detect_bytes, edf_bytes, movements, night, night_hum, plms_counts,
};
use plmkit::detect::emg::EmgConfig;

#[test]
fn sensitivity_ppv_and_plms_count_with_and_without_ecg() {
    println!(
        "seed  rate  hum ecg    truth   det  sens    ppv    |on| med  |off| med  PLMS t/d (err)"
    );
    let mut failures = Vec::new();
    for (seed, rate, hum) in [
        (1, 256.0, 50.0),
        (2, 200.0, 50.0),
        (3, 500.0, 60.0),
        (4, 256.0, 60.0),
    ] {
        for ecg in [false, true] {
            let n = night_hum(seed, rate, 4.0, ecg, hum);
            let det = detect_bytes(&edf_bytes(&n), &EmgConfig::default());
            let found = det.movements();
            let a = agreement(n.truth(), &found);
            let (t, d) = plms_counts(&n, &found, &det.invalid());
            let err = (d as f64 - t as f64) / (t.max(1) as f64);
            println!(
                "{seed:>4} {rate:>5} {hum:>4} {:<5} {:>6} {:>5}  {:.3}  {:.3}  {:>8.3}  {:>9.3}  {t:>4}/{d:<4} ({:+.1}%)",
                ecg,
                a.truth,
                a.detected,
                a.sensitivity(),
                a.ppv(),
                Agreement::median_abs(&a.onset_err),
                Agreement::median_abs(&a.offset_err),
                100.0 * err
            );
            assert!(!movements(&det.left).is_empty() && !movements(&det.right).is_empty());
            if a.sensitivity() < 0.97 || a.ppv() < 0.97 || err.abs() > 0.03 {
                failures.push(format!(
                    "seed {seed} {rate} Hz hum {hum} ecg {ecg}: sens {:.3} ppv {:.3} PLMS {t}/{d}",
                    a.sensitivity(),
                    a.ppv()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn ecg_artefact_breaks_detection_without_the_median_and_not_with_it() {
    let n = night(5, 256.0, 1.0, true);
    let bytes = edf_bytes(&n);
    let ppv = |median_s: f64| {
        let cfg = EmgConfig {
            median_s,
            ..EmgConfig::default()
        };
        let found = detect_bytes(&bytes, &cfg).movements();
        let a = agreement(n.truth(), &found);
        (a.sensitivity(), a.ppv())
    };
    let (sens_off, ppv_off) = ppv(0.02); // one bin: no median
    let (sens_on, ppv_on) = ppv(EmgConfig::default().median_s);
    println!(
        "median off: sens {sens_off:.3} ppv {ppv_off:.3}; on: sens {sens_on:.3} ppv {ppv_on:.3}"
    );
    assert!(
        ppv_off < 0.9,
        "QRS spikes should pass as LMs without the median"
    );
    assert!(sens_on >= 0.97 && ppv_on >= 0.97);
}
