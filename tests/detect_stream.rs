//! Streaming invariance: any block size gives bit-identical events, quality stretches and plot
//! envelope; the timeline gives a bit-identical grid however its rows are chunked.

mod detect_common;

use detect_common::simulate;
use plmkit::Leg;
use plmkit::detect::{Detection, DetectorConfig, LegDetector};
use plmkit::simulate::{NoiseLevel, Profile};
use plmkit::timeline::{Timeline, TimelineConfig};
use proptest::prelude::*;
use std::sync::OnceLock;

/// A 10-minute 50-Hz grid with movements, plus an injected gap and saturated spikes.
fn grid() -> &'static (Vec<[f64; 3]>, f64) {
    static G: OnceLock<(Vec<[f64; 3]>, f64)> = OnceLock::new();
    G.get_or_init(|| {
        let night = simulate(Profile::Typical, 50.0, NoiseLevel::High, 600.0 / 3600.0, 5);
        let rows = night.rows(Leg::Left);
        let mut tl = Timeline::new(&TimelineConfig::default()).unwrap();
        let mut g = Vec::new();
        tl.push(rows.view(), &mut g).unwrap();
        tl.finish(&mut g).unwrap();
        for v in &mut g[10_000..10_150] {
            *v = [f64::NAN; 3];
        }
        for v in &mut g[20_000..20_010] {
            v[0] = 1.9;
        }
        (g, tl.rate_hz().unwrap())
    })
}

fn run(blocks: &[usize]) -> (Vec<Detection>, Vec<u32>) {
    let (g, rate) = grid();
    let cfg = DetectorConfig {
        full_scale_g: Some(1.5),
        ..DetectorConfig::default()
    };
    let mut d = LegDetector::new(Leg::Left, *rate, 0.0, &cfg).unwrap();
    let mut out = Vec::new();
    let mut plot: Vec<f32> = Vec::new();
    let mut i = 0;
    let mut k = 0;
    while i < g.len() {
        let n = blocks[k % blocks.len()].min(g.len() - i);
        d.push(&g[i..i + n], &mut out);
        d.append_plot_envelope(&mut plot);
        i += n;
        k += 1;
    }
    d.finish(&mut out);
    d.append_plot_envelope(&mut plot);
    (out, plot.iter().map(|v| v.to_bits()).collect())
}

fn reference() -> &'static (Vec<Detection>, Vec<u32>) {
    static R: OnceLock<(Vec<Detection>, Vec<u32>)> = OnceLock::new();
    R.get_or_init(|| run(&[usize::MAX]))
}

#[test]
fn reference_run_sees_events_gap_and_saturation() {
    let (ev, _) = reference();
    let lms = ev
        .iter()
        .filter(|e| matches!(e, Detection::Movement(_)))
        .count();
    assert!(lms >= 3, "only {lms} movements");
    assert!(ev.iter().any(|e| matches!(e, Detection::Invalid(_))));
    assert!(ev.iter().any(|e| matches!(e, Detection::Saturated(_))));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn any_block_sizes_give_identical_output(blocks in prop::collection::vec(1usize..5000, 1..8)) {
        let got = run(&blocks);
        prop_assert_eq!(&got, reference());
    }

    #[test]
    fn timeline_chunking_is_invisible(blocks in prop::collection::vec(1usize..3000, 1..6)) {
        let night = simulate(Profile::Hard, 25.0, NoiseLevel::Low, 300.0 / 3600.0, 9);
        let rows = night.rows(Leg::Right);
        let whole = {
            let mut tl = Timeline::new(&TimelineConfig::default()).unwrap();
            let mut g = Vec::new();
            tl.push(rows.view(), &mut g).unwrap();
            tl.finish(&mut g).unwrap();
            (g.iter().flat_map(|v| v.map(f64::to_bits)).collect::<Vec<_>>(), tl.stats())
        };
        let mut tl = Timeline::new(&TimelineConfig::default()).unwrap();
        let mut g = Vec::new();
        let (mut i, mut k) = (0, 0);
        while i < rows.len() {
            let e = (i + blocks[k % blocks.len()]).min(rows.len());
            tl.push(rows.view().slice(i, e), &mut g).unwrap();
            i = e;
            k += 1;
        }
        tl.finish(&mut g).unwrap();
        let bits: Vec<u64> = g.iter().flat_map(|v| v.map(f64::to_bits)).collect();
        prop_assert_eq!(bits, whole.0);
        prop_assert_eq!(tl.stats(), whole.1);
    }
}
