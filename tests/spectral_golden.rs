//! `spectral::welch` against scipy.signal.welch (golden file from scripts/gen_spectral_golden.py).

use plmkit::spectral::welch;

#[test]
fn welch_matches_scipy() {
    let text = include_str!("golden/spectral_welch.json");
    let golden: serde_json::Value = serde_json::from_str(text).unwrap();
    let floats = |v: &serde_json::Value| -> Vec<f64> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_f64().unwrap())
            .collect()
    };
    let cases = golden["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 3);
    for case in cases {
        let fs = case["fs"].as_f64().unwrap();
        let seg = case["segment_len"].as_u64().unwrap() as usize;
        let spec = welch(&floats(&case["x"]), fs, seg).unwrap();
        let (freq, density) = (floats(&case["freq"]), floats(&case["density"]));
        assert_eq!(spec.freq_hz.len(), freq.len());
        let peak = density.iter().cloned().fold(0.0, f64::max);
        for (k, (a, b)) in spec.density.iter().zip(&density).enumerate() {
            assert!((a - b).abs() <= 1e-10 * peak, "fs {fs} bin {k}: {a} vs {b}");
            assert!((spec.freq_hz[k] - freq[k]).abs() < 1e-12);
        }
        assert!((spec.peak_frequency(0.5).unwrap() - 2.5).abs() < fs / seg as f64);
    }
}
