//! Every device-format fixture through the whole pipeline: read -> `pipeline::score_rows`.
//!
//! The CSV fixtures are simulated nights (examples/format_fixtures.rs) with their truth beside
//! them: the detected leg movements must match the truth one-to-one, the posture change must come
//! out as a gross movement and not as a leg movement, and the PLM count must equal the count the
//! same scorer gives the true events. The native fixtures and the real ActiGraph export have no
//! truth: the pipeline must run and report their idle (0,0,0) stretch as invalid data.
#![cfg(feature = "io")]

mod real_data;

use std::path::{Path, PathBuf};

use plmkit::Leg;
use plmkit::io::events::read_events;
use plmkit::io::trace::{ReadConfig, Trace, Units, read_trace};
use plmkit::pipeline::{NightReport, PipelineConfig, score_rows};
use plmkit::score::{Criteria, Report, ScoringContext, score};
use plmkit::{Interval, LegMovement, MovementKind};
use serde_json::Value;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/formats")
}

fn read(path: &Path, units: Option<&str>) -> Trace {
    let opts = ReadConfig {
        scale_counts_per_g: (units == Some("counts1024")).then_some(1024.0),
        ..ReadConfig::default()
    };
    read_trace(&opts, path).unwrap_or_else(|e| panic!("{e}"))
}

/// The fixture is one leg, recorded as the left one: the library's pipeline, WASM 2016.
fn detect(trace: &Trace) -> NightReport {
    score_rows(
        &PipelineConfig::default(),
        &[(Leg::Left, trace.rows.view(), 0.0)],
    )
    .unwrap()
}

/// The truth scored over the same span as the detected night.
fn score_truth(events: &[LegMovement], night: &NightReport) -> Report {
    let ctx = ScoringContext {
        lights: Some(Interval {
            onset_s: night.detection.start_s,
            offset_s: night.detection.end_s,
        }),
        ..ScoringContext::default()
    };
    score(&Criteria::wasm2016(), &ctx, events).unwrap()
}

fn overlaps(a: &LegMovement, b: &LegMovement) -> bool {
    a.leg == b.leg && a.onset_s < b.offset_s && b.onset_s < a.offset_s
}

/// Greedy one-to-one matching of detected to true leg movements (same leg, overlapping),
/// true movements in onset order, each taking the unmatched detection that overlaps it most.
fn matched(truth: &[&LegMovement], found: &[&LegMovement]) -> usize {
    let mut used = vec![false; found.len()];
    let mut n = 0;
    for t in truth {
        let best = found
            .iter()
            .enumerate()
            .filter(|(i, f)| !used[*i] && overlaps(t, f))
            .max_by(|(_, a), (_, b)| {
                let ov = |f: &LegMovement| f.offset_s.min(t.offset_s) - f.onset_s.max(t.onset_s);
                ov(a).total_cmp(&ov(b))
            });
        if let Some((i, _)) = best {
            used[i] = true;
            n += 1;
        }
    }
    n
}

fn of_kind(v: &[LegMovement], kind: MovementKind) -> Vec<&LegMovement> {
    v.iter().filter(|m| m.kind == kind).collect()
}

#[test]
fn every_simulated_format_fixture_scores_like_its_truth() {
    let text = std::fs::read_to_string(dir().join("expected_sim.json")).unwrap();
    let fixtures: Value = serde_json::from_str(&text).unwrap();
    let fixtures = fixtures.as_object().unwrap();
    assert!(fixtures.len() >= 8, "{} fixtures", fixtures.len());
    for (file, want) in fixtures {
        let trace = read(&dir().join(file), want["units"].as_str());
        let night = detect(&trace);
        let found = night.detection.movements();
        let stem = file
            .rsplit_once('.')
            .map_or(file.as_str(), |(stem, _)| stem);
        let truth = read_events(dir().join(format!("{stem}.truth.csv"))).unwrap();

        let (t_lm, f_lm) = (
            of_kind(&truth, MovementKind::Leg),
            of_kind(&found, MovementKind::Leg),
        );
        let m = matched(&t_lm, &f_lm) as f64;
        let (sens, ppv) = (m / t_lm.len() as f64, m / f_lm.len().max(1) as f64);
        println!(
            "{file}: {} true LMs, {} detected, sensitivity {sens:.3}, PPV {ppv:.3}",
            t_lm.len(),
            f_lm.len()
        );
        assert!(t_lm.len() >= 4, "{file}: the fixture holds a PLM train");
        assert!(sens >= 0.9 && ppv >= 0.9, "{file}: {f_lm:?} vs {t_lm:?}");

        let t_gross = of_kind(&truth, MovementKind::Gross);
        let f_gross = of_kind(&found, MovementKind::Gross);
        assert!(
            !t_gross.is_empty(),
            "{file}: the fixture holds a posture change"
        );
        for g in &t_gross {
            // The detector's gross interval spans the turn's burst and gravity step; allow it
            // to start or end a little outside the planned turn.
            let near = LegMovement {
                onset_s: g.onset_s - 2.0,
                offset_s: g.offset_s + 2.0,
                ..**g
            };
            assert!(
                f_gross.iter().any(|f| overlaps(&near, f)),
                "{file}: posture change {g:?} not reported as gross; found {found:?}"
            );
            assert!(
                !f_lm.iter().any(|f| overlaps(g, f)),
                "{file}: posture change {g:?} counted as a leg movement; found {f_lm:?}"
            );
        }

        let plm = night.report.summary.plm_count;
        let plm_truth = score_truth(&truth, &night).summary.plm_count;
        println!("{file}: PLM {plm}, truth {plm_truth}");
        assert!(plm_truth >= 4, "{file}: truth scores {plm_truth} PLMs");
        assert!(
            plm.abs_diff(plm_truth) <= 1,
            "{file}: {plm} PLMs detected, truth scores {plm_truth}"
        );
    }
}

/// Runs the pipeline on a file without truth and checks every idle (0,0,0) stretch the reader
/// found is invalid data for the detector and stays out of the valid time.
fn idle_stretches_are_invalid(path: &Path) {
    let trace = read(path, None);
    let night = detect(&trace);
    let (report, det) = (&night.report, &night.detection);
    let leg = &det.legs[0];
    let spans = &trace.stats.idle_spans;
    let step = 1.0 / trace.info.estimated_rate_hz.unwrap();
    let idle_s = spans
        .iter()
        .map(|s| s.last_s - s.first_s + step)
        .sum::<f64>()
        + 0.0;
    let span_s = trace.rows.t[trace.len() - 1] - trace.rows.t[0] + step;
    println!(
        "{}: {} rows, {} idle spans ({idle_s:.1} s), invalid {:?}, valid {:.1} s of {span_s:.1} s, {} LMs, {} PLMs",
        path.display(),
        trace.len(),
        spans.len(),
        leg.invalid,
        det.valid_s,
        report.summary.lm_count,
        report.summary.plm_count
    );
    for s in spans {
        if s.first_s >= det.end_s - 0.1 {
            // Trailing idle rows: the detector's recording ends where the valid data end.
            continue;
        }
        let covered = |i: &Interval| i.onset_s <= s.first_s + 0.1 && i.offset_s >= s.last_s;
        assert!(
            leg.invalid.iter().any(covered),
            "{}: idle {:.2}–{:.2} s not invalid: {:?}",
            path.display(),
            s.first_s,
            s.last_s,
            leg.invalid
        );
    }
    // Every idle row is missing data to the timeline, and no idle second counts as valid time.
    assert_eq!(
        leg.timeline.zero_rows as usize,
        trace.stats.listed_idle_rows(),
        "{}",
        path.display()
    );
    assert!(
        det.valid_s <= span_s - idle_s + 1e-6,
        "{}: valid {} s",
        path.display(),
        det.valid_s
    );
    for m in det.movements() {
        assert!(
            !spans
                .iter()
                .any(|s| m.onset_s < s.last_s && s.first_s < m.offset_s),
            "{}: {m:?} straddles an idle stretch",
            path.display()
        );
    }
}

#[test]
fn native_fixtures_run_and_report_idle_rows_as_invalid() {
    let gt3x = dir().join("actigraph.gt3x");
    assert!(
        !read(&gt3x, None).stats.idle_spans.is_empty(),
        "the .gt3x has idle seconds"
    );
    idle_stretches_are_invalid(&gt3x);
    // The .bin fixture has no idle stretch: the whole span is valid.
    let bin = dir().join("geneactiv.bin");
    let trace = read(&bin, None);
    assert!(trace.stats.idle_spans.is_empty());
    assert_eq!(trace.info.units, Units::G);
    idle_stretches_are_invalid(&bin);
    let det = detect(&trace).detection;
    assert!((det.valid_s - (det.end_s - det.start_s)).abs() < 1e-9);
}

#[test]
#[cfg_attr(not(real_data), ignore = "needs ../shared/real-data, which is absent")]
fn real_actigraph_export_runs_and_its_idle_stretch_is_invalid() {
    let path = real_data::real_file(real_data::ACTIGRAPH_CSV);
    assert_eq!(read(&path, None).stats.idle_spans.len(), 1);
    idle_stretches_are_invalid(&path);
}
