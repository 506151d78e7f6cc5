//! Two trace files that do not belong together (issue 11): the same file twice is an error,
//! legs without common time are an error naming both files, one device on both ankles and
//! legs that overlap for part of the night are warnings in the report.
#![cfg(feature = "io")]

use std::io::Cursor;

use plmkit::Leg;
use plmkit::io::trace::{ReadConfig, TraceReader};
use plmkit::pipeline::{FileReport, PipelineConfig, TraceFile, score_files};
use plmkit::simulate::{
    DEFAULT_START_UNIX_S, DeviceFormat, NoiseLevel, Profile, SimConfig, SimNight, write_device_csv,
};

/// A 40-minute simulated night's leg as ActiGraph CSV bytes, starting `late_s` after the
/// simulator's default start; `as_leg` picks the device (its serial number).
fn actigraph(sim: &SimNight, as_leg: Leg, late_s: i64) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut stream = sim.stream(as_leg);
    write_device_csv(
        &mut bytes,
        &mut stream,
        sim.config().rate_hz,
        DeviceFormat::ActiGraph,
        DEFAULT_START_UNIX_S + late_s,
    )
    .unwrap();
    bytes
}

fn night() -> SimNight {
    SimNight::new(&SimConfig {
        seed: 8,
        rate_hz: 25.0,
        duration_s: 2400.0,
        profile: Profile::Typical,
        noise: NoiseLevel::Low,
        ..SimConfig::default()
    })
    .unwrap()
}

fn score(files: [(&str, Vec<u8>); 2]) -> plmkit::Result<FileReport> {
    let opts = ReadConfig::default();
    let files = [Leg::Left, Leg::Right]
        .into_iter()
        .zip(files)
        .map(|(leg, (name, bytes))| {
            let reader = TraceReader::from_reader(&opts, name, Cursor::new(bytes)).unwrap();
            TraceFile { leg, reader }
        })
        .collect();
    score_files(&PipelineConfig::default(), files, |_| Ok(()))
}

fn codes(r: &FileReport) -> Vec<&'static str> {
    r.night.report.warnings.iter().map(|w| w.code).collect()
}

#[test]
fn the_same_file_for_both_ankles_is_an_error() {
    let sim = night();
    let e = score([
        ("night.csv", actigraph(&sim, Leg::Left, 0)),
        ("night.csv", actigraph(&sim, Leg::Left, 0)),
    ])
    .unwrap_err();
    assert!(
        e.to_string()
            .contains("the same file was given for both ankles"),
        "{e}"
    );
}

#[test]
fn the_two_legs_of_one_night_give_no_warning() {
    let sim = night();
    let r = score([
        ("left.csv", actigraph(&sim, Leg::Left, 0)),
        ("right.csv", actigraph(&sim, Leg::Right, 0)),
    ])
    .unwrap();
    assert_eq!(codes(&r), Vec::<&str>::new());
}

#[test]
fn one_device_on_both_ankles_is_a_warning() {
    let sim = night();
    let r = score([
        ("left.csv", actigraph(&sim, Leg::Left, 0)),
        ("copy.csv", actigraph(&sim, Leg::Left, 0)),
    ])
    .unwrap();
    assert_eq!(codes(&r), ["same_device"]);
    assert!(r.night.report.warnings[0].message.contains("NEO1F18120387"));
}

#[test]
fn legs_that_overlap_for_part_of_the_night_are_a_warning() {
    let sim = night();
    let r = score([
        ("left.csv", actigraph(&sim, Leg::Left, 0)),
        ("right.csv", actigraph(&sim, Leg::Right, 1500)),
    ])
    .unwrap();
    assert_eq!(codes(&r), ["legs_partly_overlap"]);
    let m = &r.night.report.warnings[0].message;
    assert!(m.contains("0.25 h of 0.67 h"), "{m}");
    let hours = r.night.report.summary.recording_hours;
    assert!((hours - 0.25).abs() < 0.01, "{hours}");
}

#[test]
fn legs_without_common_time_are_an_error_naming_both_files() {
    let sim = night();
    let e = score([
        ("left.csv", actigraph(&sim, Leg::Left, 0)),
        ("right.csv", actigraph(&sim, Leg::Right, 3000)),
    ])
    .unwrap_err()
    .to_string();
    assert!(e.contains("do not overlap"), "{e}");
    assert!(
        e.contains("left.csv (left leg, starts") && e.contains("right.csv (right leg"),
        "{e}"
    );
}

/// The note "aligned at their first samples" is true only when some leg's time counts from its
/// first sample: two relative-seconds time columns are used as written (a right file starting
/// 5 s in stays 5 s in), so they were not aligned at their first samples.
#[test]
fn legs_are_said_to_be_aligned_at_first_samples_only_when_they_were() {
    let info = |name: &str, text: String| {
        let opts = ReadConfig {
            sample_rate_hz: Some(25.0),
            ..ReadConfig::strict()
        };
        TraceReader::from_reader(&opts, name, Cursor::new(text.into_bytes()))
            .unwrap()
            .info()
            .clone()
    };
    let seconds = |start: f64| {
        let mut text = String::from("time_s,x,y,z\n");
        for i in 0..100 {
            text.push_str(&format!("{},0,0,1\n", start + f64::from(i) * 0.04));
        }
        text
    };
    let from_rate = "x,y,z\n".to_string() + &"0,0,1\n".repeat(100);
    let (left, right) = (
        info("left.csv", seconds(0.0)),
        info("right.csv", seconds(5.0)),
    );
    let rated = info("rated.csv", from_rate);
    let (offsets, aligned) = plmkit::pipeline::clock_offsets(&[&left, &right]);
    assert_eq!((offsets, aligned), (vec![0.0, 0.0], false));
    let (_, aligned) = plmkit::pipeline::clock_offsets(&[&left, &rated]);
    assert!(
        aligned,
        "a file timed by its rate counts from its first sample"
    );
    let (_, aligned) = plmkit::pipeline::clock_offsets(&[&left]);
    assert!(!aligned, "one file is aligned with nothing");
}
