//! Multi-day recordings scored night by night, from files in several device formats: the
//! number of nights, their edges, per-night PLMS counts against the truth scored over the true
//! night, nights never inside naps or non-wear, the pooled summary, a diary, and a
//! single-night recording keeping its report.
#![cfg(feature = "io")]

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use plmkit::io::trace::{ReadConfig, TraceReader};
use plmkit::pipeline::{
    FileReport, NightSource, NightsConfig, PipelineConfig, TraceFile, parse_diary, score_files,
};
use plmkit::score::{Criteria, ScoringContext, score};
use plmkit::simulate::{
    DeviceFormat, SimConfig, SimNight, SimWeek, WEEK_START_UNIX_S, WeekConfig, write_device_csv,
};
use plmkit::{Interval, Leg};

/// Writes both legs of `week` in `format` into a fresh directory.
fn write_week(week: &SimWeek, format: DeviceFormat, tag: &str) -> [PathBuf; 2] {
    let dir = std::env::temp_dir().join(format!("plmkit_nights_{tag}_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    [Leg::Left, Leg::Right].map(|leg| {
        let path = dir.join(format!("{leg}.{}", format.extension()));
        let w = BufWriter::new(File::create(&path).unwrap());
        write_device_csv(
            w,
            &mut week.stream(leg),
            week.config().rate_hz,
            format,
            WEEK_START_UNIX_S,
        )
        .unwrap();
        path
    })
}

fn run(cfg: &PipelineConfig, paths: &[PathBuf; 2]) -> FileReport {
    let files = [Leg::Left, Leg::Right]
        .into_iter()
        .zip(paths)
        .map(|(leg, p)| TraceFile {
            leg,
            reader: TraceReader::open(&ReadConfig::default(), p).unwrap(),
        })
        .collect();
    score_files(cfg, files, |_| Ok(())).unwrap()
}

fn cleanup(paths: &[PathBuf; 2]) {
    if let Some(dir) = paths[0].parent() {
        let _ = std::fs::remove_dir_all(dir);
    }
}

fn overlaps(a: &Interval, b: &Interval) -> bool {
    a.onset_s < b.offset_s && b.onset_s < a.offset_s
}

/// The truth's PLMS count over a true night, with the same criteria.
fn true_plms(week: &SimWeek, night: &Interval) -> usize {
    let events: Vec<_> = week.truth().iter().chain(week.gross()).copied().collect();
    let ctx = ScoringContext {
        lights: Some(*night),
        ..ScoringContext::default()
    };
    score(&Criteria::wasm2016(), &ctx, &events)
        .unwrap()
        .summary
        .plms_count
}

/// Checks the nights of `r` against the truth of `week`; returns the worst edge error (s) and
/// the worst relative PLMS count error.
fn check(week: &SimWeek, r: &FileReport, source: NightSource, tag: &str) -> (f64, f64) {
    let nights = &r.night.nights;
    assert_eq!(nights.len(), week.nights().len(), "{tag}: nights");
    let (mut edge, mut count) = (0.0f64, 0.0f64);
    for (n, t) in nights.iter().zip(week.nights()) {
        assert_eq!(n.source, source, "{tag}");
        edge = edge
            .max((n.start_s - t.in_bed_s).abs())
            .max((n.end_s - t.out_of_bed_s).abs());
        let window = Interval {
            onset_s: n.start_s,
            offset_s: n.end_s,
        };
        for other in week.naps().iter().chain(week.non_wear()) {
            assert!(
                !overlaps(&window, other),
                "{tag}: night {window:?} meets {other:?}"
            );
        }
        let want = true_plms(
            week,
            &Interval {
                onset_s: t.in_bed_s,
                offset_s: t.out_of_bed_s,
            },
        );
        let got = n.report.summary.plms_count;
        let rel = (got as f64 - want as f64).abs() / (want as f64).max(20.0);
        count = count.max(rel);
        assert!(n.counted, "{tag}: night {} not counted", n.night);
    }
    assert!(edge <= 20.0 * 60.0, "{tag}: an edge {edge} s off");
    assert!(
        count <= 0.05,
        "{tag}: a PLMS count {:.1} % off",
        100.0 * count
    );
    // The top-level summary pools the nights.
    let pooled: usize = nights.iter().map(|n| n.report.summary.plms_count).sum();
    assert_eq!(r.night.report.summary.plms_count, pooled, "{tag}");
    let gross: usize = nights.iter().map(|n| n.report.summary.gross_count).sum();
    assert_eq!(r.night.report.summary.gross_count, gross, "{tag}");
    assert!(gross > 0, "{tag}: the nights' posture changes are counted");
    let hours: f64 = nights.iter().map(|n| n.valid_hours).sum();
    assert!(
        (r.night.report.summary.recording_hours - hours).abs() < 1e-9,
        "{tag}"
    );
    // Non-wear found, each within a couple of epochs of the truth.
    assert_eq!(r.night.non_wear.len(), week.non_wear().len(), "{tag}");
    for (got, want) in r.night.non_wear.iter().zip(week.non_wear()) {
        assert!(
            (got.onset_s - want.onset_s).abs() <= 90.0,
            "{tag}: {got:?} vs {want:?}"
        );
        assert!(
            (got.offset_s - want.offset_s).abs() <= 90.0,
            "{tag}: {got:?} vs {want:?}"
        );
    }
    eprintln!(
        "{tag}: {} nights, worst edge {edge:.0} s, worst PLMS count {:.2} %",
        nights.len(),
        100.0 * count
    );
    (edge, count)
}

#[test]
fn two_day_recordings_in_three_formats_are_scored_night_by_night() {
    for (seed, format, rate) in [
        (21, DeviceFormat::AxivityCwa, 25.0),
        (22, DeviceFormat::ActiGraph, 30.0),
        (23, DeviceFormat::Plain, 25.0),
    ] {
        let week = SimWeek::new(&WeekConfig {
            seed,
            rate_hz: rate,
            days: 2,
            ..WeekConfig::default()
        })
        .unwrap();
        let tag = format!("seed {seed} {}", format.name());
        let paths = write_week(&week, format, &seed.to_string());
        let r = run(&PipelineConfig::default(), &paths);
        check(&week, &r, NightSource::Detected, &tag);
        let json = r.to_json();
        let night = &json["nights"][0];
        for key in [
            "night",
            "start_s",
            "end_s",
            "start",
            "end",
            "source",
            "valid_hours",
            "summary",
        ] {
            assert!(night.get(key).is_some(), "{tag}: nights[0] lacks {key}");
        }
        assert_eq!(night["source"], "detected");
        // Clock times when the format carries a start time, null otherwise.
        assert_eq!(
            night["start"].is_string(),
            format != DeviceFormat::Plain,
            "{tag}"
        );
        for key in [
            "nights",
            "nights_valid",
            "plms_index_mean",
            "plms_index_median",
            "plms_index_sd",
            "plms_index_min",
            "plms_index_max",
        ] {
            assert!(
                json["multi_night"].get(key).is_some(),
                "{tag}: multi_night.{key}"
            );
        }
        assert_eq!(
            json["data_quality"]["non_wear"].as_array().map(Vec::len),
            Some(week.non_wear().len())
        );
        cleanup(&paths);
    }
}

#[test]
fn a_diary_replaces_the_detected_nights() {
    let week = SimWeek::new(&WeekConfig {
        seed: 31,
        rate_hz: 25.0,
        days: 2,
        ..WeekConfig::default()
    })
    .unwrap();
    let paths = write_week(&week, DeviceFormat::AxivityCwa, "diary");
    // The diary as a person writes it: whole minutes, clock times, rolled over midnight.
    let clock = |s: f64| {
        let m = ((WEEK_START_UNIX_S as f64 + s) / 60.0).round() as i64 % (24 * 60);
        format!("{:02}:{:02}", m / 60, m % 60)
    };
    let mut text = String::from("in_bed,out_of_bed\n");
    for n in week.nights() {
        text += &format!("{},{}\n", clock(n.in_bed_s), clock(n.out_of_bed_s));
    }
    let diary = parse_diary(&text, "diary.csv", Some(WEEK_START_UNIX_S as f64)).unwrap();
    let cfg = PipelineConfig {
        nights: NightsConfig {
            diary,
            ..NightsConfig::default()
        },
        ..PipelineConfig::default()
    };
    let r = run(&cfg, &paths);
    let (edge, _) = check(&week, &r, NightSource::Diary, "diary");
    assert!(edge <= 30.0, "a diary edge {edge} s off");
    cleanup(&paths);
}

#[test]
fn a_single_night_keeps_its_report_and_has_one_entry() {
    let night = SimNight::new(&SimConfig {
        seed: 9,
        rate_hz: 25.0,
        duration_s: 1800.0,
        ..SimConfig::default()
    })
    .unwrap();
    let dir = std::env::temp_dir().join(format!("plmkit_nights_single_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let paths = [Leg::Left, Leg::Right].map(|leg| {
        let p = dir.join(format!("{leg}.csv"));
        let w = BufWriter::new(File::create(&p).unwrap());
        write_device_csv(w, &mut night.stream(leg), 25.0, DeviceFormat::Axivity, 0).unwrap();
        p
    });
    let r = run(&PipelineConfig::default(), &paths);
    assert_eq!(r.night.nights.len(), 1);
    let n = &r.night.nights[0];
    assert_eq!(n.source, NightSource::Lights);
    assert_eq!(n.report, r.night.report);
    assert!(r.night.non_wear.is_empty());
    assert_eq!(
        (n.start_s, n.end_s),
        (r.night.detection.start_s, r.night.detection.end_s)
    );
    cleanup(&paths);
    let _ = Path::new(&dir);
}

/// Streaming: a night is scored the morning after (once the rest detector has seen 15 min of
/// being up), not at the end of the recording, and the nights do not depend on block sizes.
#[test]
fn a_night_is_scored_the_morning_after() {
    use plmkit::TriaxialColumns;
    use plmkit::pipeline::{NightReport, Pipeline};
    use plmkit::simulate::RowSource;
    let week = SimWeek::new(&WeekConfig {
        seed: 41,
        rate_hz: 25.0,
        days: 2,
        ..WeekConfig::default()
    })
    .unwrap();
    let cfg = PipelineConfig::default();
    // Streams the week in blocks; returns the report and when night 1 was first scored.
    let stream = |block: usize| -> (NightReport, Option<f64>) {
        let mut p = Pipeline::new(&cfg, &[(Leg::Left, 0.0), (Leg::Right, 0.0)]).unwrap();
        let mut streams = [week.stream(Leg::Left), week.stream(Leg::Right)];
        let mut rows = TriaxialColumns::default();
        let mut events = Vec::new();
        let mut seen_at = None;
        loop {
            let mut more = false;
            for (k, leg) in [Leg::Left, Leg::Right].into_iter().enumerate() {
                rows.clear();
                more |= streams[k].fill(&mut rows, block);
                p.push(leg, rows.view(), &mut events).unwrap();
            }
            events.clear();
            if seen_at.is_none() && !p.nights_so_far().is_empty() {
                seen_at = rows.t.last().copied();
            }
            if !more {
                break;
            }
        }
        (p.finish(&mut events).unwrap(), seen_at)
    };
    let (a, seen_at) = stream(2500);
    let seen_at = seen_at.expect("night 1 scored before the end");
    // 15 min of being up closes it; an epoch and a block more at most.
    let wait = seen_at - week.nights()[0].out_of_bed_s;
    assert!(
        wait > 0.0 && wait < 20.0 * 60.0,
        "scored {wait} s after getting up"
    );
    let (b, _) = stream(977);
    assert_eq!(a.nights, b.nights);
    assert_eq!(a.nights.len(), 2);
}
