//! Cross-check against an independent reference scorer: `fixtures/events/reference_score.py`
//! (batch, union-find bilateral groups, brute-force association; no shared code) wrote
//! `*_expected.json` for nights whose times sit on rule boundaries (`make_edge_nights.py`) and
//! for a realistic night (`make_night.py`). Counts, flags and series must agree exactly.
#![cfg(feature = "io")]

use std::path::Path;

use plmkit::io::events::{read_events, read_hypnogram, read_intervals};
use plmkit::score::{Criteria, ScoringContext, Standard, score};

fn fixture(name: &str) -> String {
    format!("{}/fixtures/events/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn check_night(name: &str) {
    let events = read_events(fixture(&format!("{name}.csv"))).unwrap();
    let optional = |suffix: &str| {
        let p = fixture(&format!("{name}{suffix}"));
        Path::new(&p).exists().then_some(p)
    };
    let context = ScoringContext {
        hypnogram: optional("_hypnogram.txt").map(|p| read_hypnogram(p).unwrap()),
        respiratory: optional("_respiratory.csv")
            .map_or(Vec::new(), |p| read_intervals(p).unwrap()),
        arousals: optional("_arousals.csv").map_or(Vec::new(), |p| read_intervals(p).unwrap()),
        ..Default::default()
    };
    let text = std::fs::read_to_string(fixture(&format!("{name}_expected.json"))).unwrap();
    let expected: serde_json::Value = serde_json::from_str(&text).unwrap();
    for standard in [Standard::Aasm2012, Standard::Wasm2016] {
        let what = format!("{name} {}", standard.name());
        let exp = &expected[standard.name()];
        let r = score(&Criteria::for_standard(standard), &context, &events).unwrap();
        let s = serde_json::to_value(r.summary).unwrap();
        for (key, value) in exp["summary"].as_object().unwrap() {
            assert_eq!(&s[key], value, "{what}: summary.{key}");
        }
        let lms = || r.movements.iter().filter(|m| m.class.is_lm());
        let flags = &exp["flags"];
        assert_eq!(
            lms().filter(|m| m.respiratory).count(),
            flags["respiratory_lm_count"],
            "{what}"
        );
        assert_eq!(
            lms().filter(|m| m.arousal).count(),
            flags["arousal_lm_count"],
            "{what}"
        );
        assert_eq!(
            lms().filter(|m| m.parts > 1).count(),
            flags["bilateral_lm_count"],
            "{what}"
        );
        let series: Vec<(f64, usize)> = r.series.iter().map(|x| (x.start_s, x.count)).collect();
        let exp_series: Vec<(f64, usize)> = exp["series"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| {
                (
                    x["start_s"].as_f64().unwrap(),
                    x["count"].as_u64().unwrap() as usize,
                )
            })
            .collect();
        assert_eq!(series, exp_series, "{what}: series");
        assert_eq!(
            r.series_nr.len(),
            exp["series_nr_count"],
            "{what}: series_nr"
        );
    }
}

#[test]
fn realistic_night_matches_reference() {
    check_night("night1");
}

#[test]
fn boundary_night_with_context_matches_reference() {
    check_night("edge1");
}

#[test]
fn boundary_night_without_context_matches_reference() {
    check_night("edge2");
}
