//! Lab annotation formats: each format round-trips a simulated night (EDF+ annotations,
//! RemLogic export, NSRR XML), the shipped fixtures in `fixtures/psg/` equal what their
//! generator writes (set `PLMKIT_REGEN_FIXTURES=1` to rewrite them), hand-written edge
//! fixtures read as a lab reads them, and malformed files give FILE:LINE errors.
#![cfg(feature = "io")]

use std::path::{Path, PathBuf};

use plmkit::Error;
use plmkit::io::annotations::{
    AnnotationFormat, Annotations, detect_format, parse_nsrr_xml, parse_remlogic, read_annotations,
    write_nsrr_xml, write_remlogic,
};
use plmkit::score::Stage;
use plmkit::simulate::psg::{PsgConfig, PsgNight};
use plmkit::{Interval, Leg};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/psg")
}

/// The fixture night: 5 minutes at 200 Hz with ECG artefact.
fn fixture_night() -> PsgNight {
    PsgNight::new(&PsgConfig {
        seed: 21,
        rate_hz: 200.0,
        duration_s: 300.0,
        ecg: true,
        sleep_onset_s: Some(30.0),
        ..PsgConfig::default()
    })
    .unwrap()
}

fn truth_of(n: &PsgNight, lights: bool) -> Annotations {
    Annotations {
        format: AnnotationFormat::Edf,
        movements: n.truth().to_vec(),
        hypnogram: Some(n.hypnogram()),
        respiratory: n.respiratory().to_vec(),
        arousals: n.arousals().to_vec(),
        lights: lights.then_some(Interval {
            onset_s: 0.0,
            offset_s: n.config().duration_s,
        }),
        unknown: vec![],
        outside: 0,
        clock_origin_s: None,
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

fn assert_same(got: &Annotations, want: &Annotations, what: &str) {
    assert_eq!(
        got.movements.len(),
        want.movements.len(),
        "{what}: movements"
    );
    for (g, w) in got.movements.iter().zip(&want.movements) {
        assert!(
            g.leg == w.leg && close(g.onset_s, w.onset_s) && close(g.offset_s, w.offset_s),
            "{what}: {g:?} vs {w:?}"
        );
    }
    let spans = |g: &[Interval], w: &[Interval], name: &str| {
        assert_eq!(g.len(), w.len(), "{what}: {name}");
        for (a, b) in g.iter().zip(w) {
            assert!(
                close(a.onset_s, b.onset_s) && close(a.offset_s, b.offset_s),
                "{what}: {name} {a:?} vs {b:?}"
            );
        }
    };
    spans(&got.respiratory, &want.respiratory, "respiratory");
    spans(&got.arousals, &want.arousals, "arousals");
    spans(got.lights.as_slice(), want.lights.as_slice(), "lights");
    let (g, w) = (
        got.hypnogram.as_ref().unwrap(),
        want.hypnogram.as_ref().unwrap(),
    );
    assert_eq!(g.stages(), w.stages(), "{what}: stages");
    assert_eq!(
        (g.epoch_s(), g.start_s()),
        (w.epoch_s(), w.start_s()),
        "{what}: epochs"
    );
    assert!(got.unknown.is_empty(), "{what}: unknown {:?}", got.unknown);
    assert_eq!(got.outside, 0, "{what}");
}

/// The sim night's three format files, as the generator writes them.
fn generated() -> [(&'static str, Vec<u8>); 3] {
    let n = fixture_night();
    let t = truth_of(&n, true);
    [
        ("sim_5min_200hz.edf", n.write_edf(Vec::new()).unwrap()),
        (
            "sim_5min_200hz_remlogic.txt",
            write_remlogic(
                &t,
                23.0 * 3600.0,
                [&["EMG-LAT", "LAntib"], &["Tibialis-Leg.Right"]],
            )
            .into_bytes(),
        ),
        (
            "sim_5min_200hz_nsrr.xml",
            write_nsrr_xml(&t, 23.0 * 3600.0).into_bytes(),
        ),
    ]
}

#[test]
fn shipped_fixtures_equal_their_generator() {
    let regen = std::env::var_os("PLMKIT_REGEN_FIXTURES").is_some();
    for (name, bytes) in generated() {
        let path = fixtures().join(name);
        if regen {
            std::fs::write(&path, &bytes).unwrap();
        }
        let shipped = std::fs::read(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            shipped == bytes,
            "{name} differs from its generator; PLMKIT_REGEN_FIXTURES=1 rewrites it"
        );
    }
}

#[test]
fn each_format_round_trips_the_fixture_night() {
    let n = fixture_night();
    assert!(
        n.truth().len() >= 3,
        "the fixture night should hold movements"
    );
    let edf = read_annotations(fixtures().join("sim_5min_200hz.edf")).unwrap();
    assert_eq!(edf.format, AnnotationFormat::Edf);
    assert_same(&edf, &truth_of(&n, true), "EDF+");

    let rl = read_annotations(fixtures().join("sim_5min_200hz_remlogic.txt")).unwrap();
    assert_eq!(rl.format, AnnotationFormat::RemLogic);
    assert_eq!(rl.clock_origin_s, Some(23.0 * 3600.0));
    assert_same(&rl, &truth_of(&n, true), "RemLogic");

    let x = read_annotations(fixtures().join("sim_5min_200hz_nsrr.xml")).unwrap();
    assert_eq!(x.format, AnnotationFormat::NsrrXml);
    assert_eq!(x.clock_origin_s, Some(23.0 * 3600.0));
    assert_same(&x, &truth_of(&n, false), "NSRR XML");
}

#[test]
fn a_full_night_round_trips_through_every_format() {
    let n = PsgNight::new(&PsgConfig {
        seed: 4,
        duration_s: 2.0 * 3600.0,
        ..PsgConfig::default()
    })
    .unwrap();
    let t = truth_of(&n, true);
    assert!(t.movements.len() > 50);
    let dir = std::env::temp_dir().join(format!("plmkit_ann_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("night.edf");
    n.write_edf_file(&p).unwrap();
    assert_same(&read_annotations(&p).unwrap(), &t, "EDF+ 2 h");
    let rl = write_remlogic(&t, 22.5 * 3600.0, [&["EMG-LAT"], &["EMG-RAT", "RAntib"]]);
    assert_same(
        &parse_remlogic(&rl, "x.txt").unwrap(),
        &t,
        "RemLogic 2 h (across midnight)",
    );
    let x = write_nsrr_xml(&t, 22.5 * 3600.0);
    assert_same(
        &parse_nsrr_xml(&x, "x.xml").unwrap(),
        &truth_of(&n, false),
        "NSRR 2 h",
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn remlogic_edge_fixture_reads_as_a_lab_reads_it() {
    let a = read_annotations(fixtures().join("remlogic_edge.txt")).unwrap();
    assert_eq!(a.format, AnnotationFormat::RemLogic);
    // Time zero: the first staged epoch, 23:59:30; three epochs W, N2, N2 (across midnight).
    assert_eq!(a.clock_origin_s, Some(23.0 * 3600.0 + 59.0 * 60.0 + 30.0));
    let h = a.hypnogram.as_ref().unwrap();
    assert_eq!(h.stages(), [Stage::Wake, Stage::N2, Stage::N2]);
    assert_eq!(h.start_s(), 0.0);
    // The LM at 23:59:10 and the one at 00:01:05 are outside the staged epochs.
    assert_eq!(a.outside, 2);
    // Left leg under two location names, right leg by Tibialis-Leg.Right; the LM on `Chin`
    // has no leg and is counted, not dropped.
    let legs: Vec<(Leg, f64, f64)> = a
        .movements
        .iter()
        .map(|m| (m.leg, m.onset_s, m.offset_s))
        .collect();
    assert_eq!(
        legs,
        [
            (Leg::Left, 35.0, 37.0),
            (Leg::Left, 37.0, 38.0),
            (Leg::Right, 39.0, 40.2)
        ]
    );
    assert_eq!(a.respiratory.len(), 3, "apnea, hypopnea and RERA");
    assert_eq!(a.arousals.len(), 2, "every AROUSAL* subtype");
    assert_eq!(
        a.arousals[1].offset_s - a.arousals[1].onset_s,
        3.5,
        "decimal comma"
    );
    assert_eq!(
        a.unknown,
        [
            ("PLM-LM (no leg in location \"Chin\")".to_string(), 1),
            ("SPO2-DESAT".to_string(), 1)
        ]
    );
    assert_eq!(
        a.lights,
        Some(Interval {
            onset_s: -30.0,
            offset_s: 100.0
        })
    );
}

#[test]
fn profusion_edge_fixture_reads_stages_and_inputs() {
    let a = read_annotations(fixtures().join("profusion_edge.xml")).unwrap();
    assert_eq!(a.format, AnnotationFormat::NsrrXml);
    let h = a.hypnogram.as_ref().unwrap();
    assert_eq!(h.stages(), [Stage::Wake, Stage::N2, Stage::N3, Stage::Rem]);
    let legs: Vec<(Leg, f64)> = a
        .movements
        .iter()
        .map(|m| (m.leg, m.duration_s()))
        .collect();
    assert_eq!(legs, [(Leg::Left, 1.5), (Leg::Right, 2.25)]);
    assert_eq!(
        a.respiratory,
        [Interval {
            onset_s: 45.0,
            offset_s: 60.0
        }]
    );
    assert_eq!(
        a.arousals,
        [Interval {
            onset_s: 50.5,
            offset_s: 54.5
        }]
    );
    assert_eq!(a.unknown, [("SpO2 desaturation".to_string(), 1)]);
    assert_eq!(a.lights, None);
}

fn parse_err(r: Result<Annotations, Error>) -> String {
    match r {
        Err(e @ Error::Parse { .. }) => e.to_string(),
        other => panic!("expected a parse error, got {other:?}"),
    }
}

#[test]
fn malformed_files_give_file_line_errors() {
    let head = "Sleep Stage\tTime [hh:mm:ss]\tEvent\tDuration[s]\tLocation\n";
    let e = parse_err(parse_remlogic(
        &format!("{head}W\t23:00:00\tSLEEP-S0\t30\tC4\nN2\t25:00:00\tPLM-LM\t1\tLAT\n"),
        "r.txt",
    ));
    assert!(e.starts_with("r.txt:3: time \"25:00:00\""), "{e}");
    let e = parse_err(parse_remlogic(
        &format!("{head}W\t23:00:00\tSLEEP-S0\tlong\tC4\n"),
        "r.txt",
    ));
    assert!(e.starts_with("r.txt:2: duration \"long\""), "{e}");
    let e = parse_err(parse_remlogic(&format!("{head}W\t23:00:00\n"), "r.txt"));
    assert!(
        e.starts_with("r.txt:2: expected at least 4 tab-separated fields"),
        "{e}"
    );
    let e = parse_err(parse_remlogic("Event\tTime\n", "r.txt"));
    assert!(e.contains("no RemLogic column header"), "{e}");

    let e = parse_err(parse_nsrr_xml(
        "<PSGAnnotation>\n<ScoredEvents>\n<ScoredEvent>\n</PSGAnnotation>\n",
        "a.xml",
    ));
    assert!(e.starts_with("a.xml:4: not well-formed XML"), "{e}");
    let e = parse_err(parse_nsrr_xml(
        "<PSGAnnotation><ScoredEvents>\n<ScoredEvent><EventConcept>Arousal</EventConcept>\n<Start>x</Start></ScoredEvent></ScoredEvents></PSGAnnotation>",
        "a.xml",
    ));
    assert!(
        e.starts_with("a.xml:3: <Start> \"x\" is not a number"),
        "{e}"
    );
    let e = parse_err(parse_nsrr_xml(
        "<?xml version=\"1.0\"?>\n<Events/>",
        "a.xml",
    ));
    assert!(e.starts_with("a.xml:2: root element <Events>"), "{e}");
    let e = parse_err(parse_nsrr_xml(
        "<CMPStudyConfig><SleepStages>\n<SleepStage>7</SleepStage></SleepStages></CMPStudyConfig>",
        "a.xml",
    ));
    assert!(e.starts_with("a.xml:2: <SleepStage> \"7\""), "{e}");

    assert_eq!(detect_format(b"onset_s,offset_s\n1,2\n"), None);
    let dir = std::env::temp_dir().join(format!("plmkit_ann_bad_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("events.csv");
    std::fs::write(&p, "onset_s,offset_s\n1,2\n").unwrap();
    let e = parse_err(read_annotations(&p));
    assert!(e.ends_with("events.csv: not a known annotation format (EDF+, RemLogic event export, NSRR / Compumedics XML)"), "{e}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn clock_times_align_to_the_recording_start_across_midnight() {
    let n = fixture_night();
    let t = truth_of(&n, true);
    // RemLogic time zero (first staged epoch) 20 s after an EDF that started at 23:59:50.
    let text = write_remlogic(&t, 10.0, [&["EMG-LAT"], &["EMG-RAT"]]);
    let mut a = parse_remlogic(&text, "r.txt").unwrap();
    assert_eq!(a.clock_origin_s, Some(10.0));
    let off = a.offset_to(23.0 * 3600.0 + 59.0 * 60.0 + 50.0).unwrap();
    assert!(close(off, 20.0), "{off}");
    a.shift(off).unwrap();
    assert!(close(a.clock_origin_s.unwrap(), 86_390.0));
    for (g, w) in a.movements.iter().zip(&t.movements) {
        assert!(close(g.onset_s, w.onset_s + 20.0) && close(g.offset_s, w.offset_s + 20.0));
    }
    let h = a.hypnogram.as_ref().unwrap();
    assert!(close(h.start_s(), 20.0));
    assert_eq!(
        h.stage_at(25.0),
        t.hypnogram.as_ref().unwrap().stage_at(5.0)
    );
    assert!(close(a.lights.unwrap().onset_s, 20.0));
    // EDF+ annotations carry no clock of their own.
    let edf = read_annotations(fixtures().join("sim_5min_200hz.edf")).unwrap();
    assert_eq!(edf.offset_to(0.0), None);
}

#[test]
fn a_stage_event_spanning_years_is_an_error_not_a_huge_allocation() {
    let xml = "<PSGAnnotation><ScoredEvents>\n<ScoredEvent><EventType>Stages|Stages</EventType><EventConcept>Wake|0</EventConcept><Start>0</Start><Duration>1e12</Duration></ScoredEvent></ScoredEvents></PSGAnnotation>";
    let e = parse_err(parse_nsrr_xml(xml, "a.xml"));
    assert!(e.contains("ends more than 86400 epochs"), "{e}");
}
