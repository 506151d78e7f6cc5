//! Readers and writers for the scoring inputs and outputs: every malformed line is an error
//! naming file, line and problem; the shipped fixture scores and round-trips through JSON.
#![cfg(feature = "io")]

use plmkit::io::events::{
    parse_events, parse_hypnogram, parse_intervals, read_events, read_hypnogram, read_intervals,
    report_to_json, write_movements_csv_to,
};
use plmkit::score::{Criteria, ScoringContext, Stage, score};
use plmkit::{Leg, MovementKind};

#[test]
fn events_csv_accepts_header_leg_spellings_comments_and_kind() {
    let text = "leg,onset_s,offset_s\n# a comment\n\nL,1.0,2.0\nright, 3 , 4.5\nLeft,5,6,gross\nr,7,8,leg\n";
    let ev = parse_events(text, "e.csv").unwrap();
    assert_eq!(ev.len(), 4);
    assert_eq!(
        (ev[0].leg, ev[0].onset_s, ev[0].offset_s),
        (Leg::Left, 1.0, 2.0)
    );
    assert_eq!((ev[1].leg, ev[1].offset_s), (Leg::Right, 4.5));
    assert_eq!(ev[2].kind, MovementKind::Gross);
    assert_eq!(ev[3].kind, MovementKind::Leg);
    // No header at all.
    assert_eq!(parse_events("L,1,2\n", "e.csv").unwrap().len(), 1);
}

#[test]
fn events_csv_errors_name_file_line_and_problem() {
    let cases = [
        ("L,1,2\nX,3,4\n", "e.csv:2: unknown leg \"X\""),
        ("L,5,2\n", "e.csv:1: offset 2 s is before onset 5 s"),
        ("L,NaN,2\n", "e.csv:1: onset_s: NaN is not finite"),
        ("L,1,inf\n", "e.csv:1: offset_s: inf is not finite"),
        ("L,abc,2\n", "e.csv:1: onset_s: \"abc\" is not a number"),
        ("L,-1,2\n", "e.csv:1: onset_s: -1 is negative"),
        ("L,1\n", "e.csv:1: expected 3 or 4 fields"),
        (
            "leg,onset_s,offset_s\nL,1,2,foo\n",
            "e.csv:2: unknown kind \"foo\"",
        ),
        // A header is only allowed on the first line.
        (
            "L,1,2\nleg,onset_s,offset_s\n",
            "e.csv:2: unknown leg \"leg\"",
        ),
    ];
    for (text, expected) in cases {
        let err = parse_events(text, "e.csv").unwrap_err().to_string();
        assert!(
            err.starts_with(expected),
            "{err:?} should start with {expected:?}"
        );
    }
}

#[test]
fn hypnogram_reads_letters_and_numbers() {
    let h = parse_hypnogram("W\nN1\nn2\nN3\nR\nS\n0\n1\n2\n3\n4\n5\nREM\n", "h.txt").unwrap();
    use Stage::*;
    assert_eq!(
        h.stages(),
        &[Wake, N1, N2, N3, Rem, Sleep, Wake, N1, N2, N3, N3, Rem, Rem]
    );
    assert_eq!(h.duration_s(), 13.0 * 30.0);
    let err = parse_hypnogram("W\nN2\nX\n", "h.txt")
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("h.txt:3: unknown stage \"X\""), "{err}");
    let err = parse_hypnogram("6\n", "h.txt").unwrap_err().to_string();
    assert!(err.starts_with("h.txt:1: unknown stage"), "{err}");
    assert!(parse_hypnogram("\n# nothing\n", "h.txt").is_err());
}

#[test]
fn interval_csv_reads_and_rejects() {
    let iv = parse_intervals("onset_s,offset_s\n1,2\n3.5,4\n", "r.csv").unwrap();
    assert_eq!(iv.len(), 2);
    assert_eq!((iv[1].onset_s, iv[1].offset_s), (3.5, 4.0));
    assert_eq!(parse_intervals("1,2\n", "r.csv").unwrap().len(), 1);
    let cases = [
        ("1,2\n4,3\n", "r.csv:2: offset 3 s is before onset 4 s"),
        ("NaN,2\n", "r.csv:1: onset_s: NaN is not finite"),
        ("1,2,3\n", "r.csv:1: expected 2 fields"),
        ("1,x\n", "r.csv:1: offset_s: \"x\" is not a number"),
    ];
    for (text, expected) in cases {
        let err = parse_intervals(text, "r.csv").unwrap_err().to_string();
        assert!(
            err.starts_with(expected),
            "{err:?} should start with {expected:?}"
        );
    }
}

#[test]
fn missing_file_is_an_io_error_naming_it() {
    let err = read_events("no/such/file.csv").unwrap_err().to_string();
    assert!(err.starts_with("no/such/file.csv: "), "{err}");
}

#[test]
fn fixture_night_scores_and_serialises() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/events/");
    let events = read_events(format!("{dir}night1.csv")).unwrap();
    let ctx = ScoringContext {
        hypnogram: Some(read_hypnogram(format!("{dir}night1_hypnogram.txt")).unwrap()),
        respiratory: read_intervals(format!("{dir}night1_respiratory.csv")).unwrap(),
        arousals: read_intervals(format!("{dir}night1_arousals.csv")).unwrap(),
        ..Default::default()
    };
    let report = score(&Criteria::wasm2016(), &ctx, &events).unwrap();
    let s = &report.summary;
    // The generator writes PLM trains (IMI 18–40 s) with scattered isolated movements: most
    // candidates are periodic, and there are several series.
    assert!(s.plm_count > s.clm_count / 2 && s.plm_count <= s.clm_count);
    assert!(report.series.len() > 5);
    assert_eq!(s.recording_hours, 8.0);

    let json: serde_json::Value = serde_json::from_str(&report_to_json(&report)).unwrap();
    assert_eq!(json["schema_version"], 1);
    assert_eq!(json["standard"], "wasm2016");
    assert_eq!(json["index_basis"], "sleep");
    for key in [
        "lm_count",
        "clm_count",
        "plm_count",
        "plms_count",
        "plmw_count",
        "plms_nr_count",
        "plms_arousal_count",
        "recording_hours",
        "sleep_hours",
        "wake_hours",
        "plms_index",
        "plmw_index",
        "periodicity_index",
    ] {
        assert!(json["summary"].get(key).is_some(), "summary.{key}");
    }
    assert_eq!(json["summary"]["plm_count"], s.plm_count);
    let m = &json["movements"][0];
    for key in [
        "onset_s",
        "offset_s",
        "leg",
        "kind",
        "candidate",
        "periodic",
        "respiratory",
        "arousal",
        "stage",
        "imi_s",
        "series_id",
    ] {
        assert!(m.get(key).is_some(), "movements[].{key}");
    }
    let series = &json["series"][0];
    for key in ["start_s", "end_s", "count"] {
        assert!(series.get(key).is_some(), "series[].{key}");
    }
    assert_eq!(
        json["imi_histogram"]["counts"].as_array().unwrap().len(),
        45
    );
    assert!(json["geometric_mean_imi_s"].is_number());

    let mut csv = Vec::new();
    write_movements_csv_to(&report, &mut csv).unwrap();
    let csv = String::from_utf8(csv).unwrap();
    assert_eq!(csv.lines().count(), report.movements.len() + 1);
    assert!(csv.starts_with("onset_s,offset_s,leg,kind,"));
}
