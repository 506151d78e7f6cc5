//! EDF reading: writer → reader round trips (EDF, EDF+C, EDF+D, BDF+), scaling and units,
//! per-signal rates, annotations (in the file and in a separate annotation EDF), leg channel
//! choice by label, and EDF+D gaps as invalid stretches through the EMG detector.
#![cfg(feature = "io")]

use std::io::Cursor;

use plmkit::Interval;
use plmkit::detect::Detection;
use plmkit::detect::emg::{EmgConfig, detect_edf};
use plmkit::edf::SignalHeader;
use plmkit::io::edf::{EdfReader, EdfVariant, choose_leg_channels, read_edf_annotations};
use plmkit::simulate::psg::{EdfFileLayout, EdfWriter, PsgConfig, PsgNight};

fn spec(
    signals: Vec<SignalHeader>,
    annotation_bytes: usize,
    bdf: bool,
    disc: bool,
) -> EdfFileLayout {
    EdfFileLayout {
        patient: "X X X X".into(),
        recording: "Startdate X X X X".into(),
        start_date: "01.01.26".into(),
        start_time: "23.15.30".into(),
        record_duration_s: 0.5,
        discontinuous: disc,
        bdf,
        annotation_bytes,
        signals,
    }
}

fn reader(bytes: &[u8]) -> EdfReader<Cursor<&[u8]>> {
    EdfReader::from_reader(Cursor::new(bytes), bytes.len() as u64, "t.edf").unwrap()
}

/// A µV signal at 8 samples per 0.5-s record, a mV signal at 2, and (BDF) a 24-bit range.
fn two_rate_file(bdf: bool, annotation_bytes: usize, disc: bool) -> (Vec<u8>, Vec<f64>) {
    let mut uv = SignalHeader::microvolts("EMG LAT", 8);
    if bdf {
        uv.digital_min = -8_388_608;
        uv.digital_max = 8_388_607;
        uv.physical_min = -838_860.8;
        uv.physical_max = 838_860.7;
    }
    let mv = SignalHeader {
        physical_dimension: "mV".into(),
        physical_min: -5.0,
        physical_max: 5.0,
        digital_min: -5000,
        digital_max: 5000,
        ..SignalHeader::microvolts("ECG", 2)
    };
    let mut w = EdfWriter::new(
        Vec::new(),
        spec(vec![uv, mv], annotation_bytes, bdf, disc),
        4,
    )
    .unwrap();
    if annotation_bytes > 0 {
        w.annotate(0.25, Some(1.5), "Limb movement@@EMG LAT");
        w.annotate(1.0, None, "Lights off");
    }
    let mut all = Vec::new();
    for r in 0..4 {
        let x: Vec<f64> = (0..8).map(|i| (r * 8 + i) as f64 * 12.3 - 150.0).collect();
        all.extend(&x);
        let start = r as f64 * if disc { 1.0 } else { 0.5 };
        w.write_record(start, &[&x, &[1.234, -4.5]]).unwrap();
    }
    (w.finish().unwrap(), all)
}

#[test]
fn edf_plus_round_trip_scales_to_microvolts_at_each_rate() -> plmkit::Result<()> {
    let (bytes, truth) = two_rate_file(false, 60, false);
    let mut r = reader(&bytes);
    let h = r.header().clone();
    assert_eq!(h.variant, EdfVariant::EdfPlusContinuous);
    assert_eq!(h.start_time_of_day_s, 23.0 * 3600.0 + 15.0 * 60.0 + 30.0);
    assert_eq!((h.signals[0].rate_hz, h.signals[1].rate_hz), (16.0, 4.0));
    assert_eq!(h.signals[1].uv_per_unit, Some(1000.0));
    assert!(h.signals[2].is_annotations);
    let (mut a, mut b) = (Vec::new(), Vec::new());
    let mut got: Vec<f64> = Vec::new();
    let mut notes = Vec::new();
    while r.next_record()? {
        assert_eq!(r.record_start_s(), r.record_index() as f64 * 0.5);
        r.samples_uv(0, &mut a)?;
        r.samples_uv(1, &mut b)?;
        got.extend(&a);
        assert!(
            (b[0] - 1234.0).abs() < 1.0 && (b[1] + 4500.0).abs() < 1.0,
            "{b:?}"
        );
        r.samples_physical(1, &mut b)?;
        assert!((b[0] - 1.234).abs() < 1e-3);
        notes.extend_from_slice(r.annotations());
    }
    for (g, t) in got.iter().zip(&truth) {
        assert!((g - t).abs() <= 0.05 + 1e-9, "{g} vs {t}");
    }
    assert_eq!(notes.len(), 2);
    assert_eq!((notes[0].onset_s, notes[0].duration_s), (0.25, Some(1.5)));
    assert_eq!(notes[0].text, "Limb movement@@EMG LAT");
    assert_eq!((notes[1].onset_s, notes[1].duration_s), (1.0, None));
    Ok(())
}

#[test]
fn plain_edf_and_bdf_plus_round_trip() {
    let (bytes, truth) = two_rate_file(false, 0, false);
    let mut r = reader(&bytes);
    assert_eq!(r.header().variant, EdfVariant::Edf);
    let mut x = Vec::new();
    let mut got: Vec<f64> = Vec::new();
    while r.next_record().unwrap() {
        assert_eq!(r.record_start_s(), r.record_index() as f64 * 0.5);
        r.samples_uv(0, &mut x).unwrap();
        got.extend(&x);
    }
    assert!(
        got.iter()
            .zip(&truth)
            .all(|(g, t)| (g - t).abs() <= 0.05 + 1e-9)
    );

    let (bytes, truth) = two_rate_file(true, 63, true);
    let mut r = reader(&bytes);
    assert_eq!(r.header().variant, EdfVariant::BdfPlusDiscontinuous);
    let mut got: Vec<f64> = Vec::new();
    let mut digital = Vec::new();
    let mut negative = false;
    let mut starts = Vec::new();
    while r.next_record().unwrap() {
        starts.push(r.record_start_s());
        r.samples_uv(0, &mut x).unwrap();
        r.samples_digital(0, &mut digital).unwrap();
        negative |= digital.iter().any(|&d| d < 0);
        got.extend(&x);
    }
    assert!(negative, "24-bit sign extension");
    assert_eq!(starts, [0.0, 1.0, 2.0, 3.0]);
    assert!(
        got.iter()
            .zip(&truth)
            .all(|(g, t)| (g - t).abs() <= 0.05 + 1e-9)
    );
}

#[test]
fn non_voltage_signals_are_refused_in_microvolts() {
    let s = SignalHeader {
        physical_dimension: "%".into(),
        ..SignalHeader::microvolts("SpO2", 2)
    };
    let mut w = EdfWriter::new(Vec::new(), spec(vec![s], 0, false, false), 1).unwrap();
    w.write_record(0.0, &[&[95.0, 96.0]]).unwrap();
    let bytes = w.finish().unwrap();
    let mut r = reader(&bytes);
    r.next_record().unwrap();
    let e = r.samples_uv(0, &mut Vec::new()).unwrap_err().to_string();
    assert!(
        e.contains("(\"SpO2\") has physical dimension \"%\", not a voltage"),
        "{e}"
    );
}

#[test]
fn a_separate_annotation_edf_reads() {
    // Annotation-only EDF+: no ordinary signals, records of 0 s.
    let mut s = spec(vec![], 120, false, false);
    s.record_duration_s = 0.0;
    let mut w = EdfWriter::new(Vec::new(), s, 2).unwrap();
    w.annotate(30.0, Some(30.0), "Sleep stage N2");
    w.annotate(31.5, Some(2.0), "Limb movement@@EMG RAT");
    w.write_record(0.0, &[]).unwrap();
    w.annotate(3600.0, None, "Lights on");
    w.write_record(0.0, &[]).unwrap();
    let bytes = w.finish().unwrap();
    let dir = std::env::temp_dir().join(format!("plmkit_edf_read_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("annotations.edf");
    std::fs::write(&path, &bytes).unwrap();
    let notes = read_edf_annotations(&path).unwrap();
    let texts: Vec<&str> = notes.iter().map(|n| n.text.as_str()).collect();
    assert_eq!(
        texts,
        ["Sleep stage N2", "Limb movement@@EMG RAT", "Lights on"]
    );
    std::fs::remove_dir_all(&dir).ok();
}

fn header_with(labels: &[&str]) -> Vec<u8> {
    let sigs = labels
        .iter()
        .map(|l| SignalHeader::microvolts(l, 200))
        .collect();
    let mut w = EdfWriter::new(Vec::new(), spec(sigs, 30, false, false), 1).unwrap();
    let zeros = vec![0.0; 200];
    let refs: Vec<&[f64]> = labels.iter().map(|_| zeros.as_slice()).collect();
    w.write_record(0.0, &refs).unwrap();
    w.finish().unwrap()
}

#[test]
fn leg_channels_are_found_by_the_labels_labs_use() {
    let distractors = ["EEG C3-A2", "Chin EMG", "ECG", "LOC", "EOG L", "Flow"];
    let pairs = [
        ("EMG LAT", "EMG RAT"),
        ("LAT", "RAT"),
        ("Leg L", "Leg R"),
        ("LLEG1-LLEG2", "RLEG1-RLEG2"),
        ("LAntib1-LAntib2", "RAntib1-RAntib2"),
        ("Tibialis-Left", "Tibialis-Right"),
        ("TIB Sx", "TIB Dx"),
    ];
    for (l, r) in pairs {
        let mut labels: Vec<&str> = distractors.to_vec();
        labels.insert(2, r);
        labels.push(l);
        let bytes = header_with(&labels);
        let rd = reader(&bytes);
        let ch = choose_leg_channels(rd.header(), None, None).unwrap();
        assert_eq!((ch.left.label.as_str(), ch.right.label.as_str()), (l, r));
        assert_eq!(ch.left.index, labels.len() - 1);
        assert_eq!(ch.left.rate_hz, 400.0);
        assert_eq!(ch.left.units, "uV");
        assert!(
            ch.left.why.contains("names the left leg"),
            "{}",
            ch.left.why
        );
    }
}

#[test]
fn long_location_names_resolve_to_a_leg() {
    use plmkit::Leg;
    use plmkit::io::edf::leg_of_label;
    assert_eq!(leg_of_label("EMG.Tibialis-Leg.Left"), Some(Leg::Left));
    assert_eq!(leg_of_label("EMG.Tibialis-Leg.Right"), Some(Leg::Right));
    assert_eq!(leg_of_label("Chin EMG"), None);
    assert_eq!(leg_of_label("EOG L"), None);
    assert_eq!(leg_of_label("Legs L-R"), None, "both sides: no single leg");
}

#[test]
fn channel_choice_prefers_emg_and_obeys_overrides() {
    let bytes = header_with(&["Leg L", "EMG LAT", "RAT", "R Leg 2"]);
    let rd = reader(&bytes);
    let ch = choose_leg_channels(rd.header(), None, None).unwrap();
    assert_eq!(ch.left.label, "EMG LAT");
    assert!(
        ch.left
            .why
            .contains("preferred over \"Leg L\" because it says EMG"),
        "{}",
        ch.left.why
    );
    assert_eq!(ch.right.label, "RAT");
    assert!(
        ch.right.why.contains("because it comes first"),
        "{}",
        ch.right.why
    );
    let ch = choose_leg_channels(rd.header(), Some("leg l"), Some("#4")).unwrap();
    assert_eq!((ch.left.index, ch.right.index), (0, 3));
    assert_eq!(ch.right.why, "given as \"#4\"");
    let e = choose_leg_channels(rd.header(), Some("Tib Left"), None)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("left leg channel \"Tib Left\" not found; signals: \"Leg L\""),
        "{e}"
    );
    let e = choose_leg_channels(rd.header(), Some("#5"), None)
        .unwrap_err()
        .to_string();
    assert!(e.contains("\"EDF Annotations\""), "{e}");
    let bytes = header_with(&["EEG C3-A2", "EMG RAT"]);
    let e = choose_leg_channels(reader(&bytes).header(), None, None)
        .unwrap_err()
        .to_string();
    assert!(e.contains("no left leg EMG channel recognised"), "{e}");
}

#[test]
fn discontinuous_gaps_become_invalid_stretches_not_glued_data() {
    let gaps = [
        Interval {
            onset_s: 600.0,
            offset_s: 660.0,
        },
        Interval {
            onset_s: 1500.0,
            offset_s: 1503.0,
        },
    ];
    let night = PsgNight::new(&PsgConfig {
        seed: 3,
        duration_s: 3600.0,
        gaps: gaps.to_vec(),
        ..PsgConfig::default()
    })
    .unwrap();
    let bytes = night.write_edf(Vec::new()).unwrap();
    let mut r = reader(&bytes);
    assert_eq!(r.header().variant, EdfVariant::EdfPlusDiscontinuous);
    assert_eq!(r.header().record_count, 3600 - 63);
    let ch = choose_leg_channels(r.header(), None, None).unwrap();
    let det = detect_edf(&EmgConfig::default(), &mut r, &ch).unwrap();
    for leg_dets in [&det.left, &det.right] {
        let inv: Vec<Interval> = leg_dets
            .iter()
            .filter_map(|d| match d {
                Detection::Invalid(i) => Some(*i),
                _ => None,
            })
            .collect();
        assert_eq!(inv, gaps);
    }
    for m in det.movements() {
        for g in &gaps {
            assert!(
                m.offset_s <= g.onset_s || m.onset_s >= g.offset_s,
                "{m:?} straddles {g:?}"
            );
        }
    }
    assert_eq!(
        det.span_s,
        Interval {
            onset_s: 0.0,
            offset_s: 3600.0
        }
    );
    // The truth has nothing near the gaps, and every true movement is found.
    let found = det.movements();
    let hit = night
        .truth()
        .iter()
        .filter(|t| {
            found
                .iter()
                .any(|f| f.leg == t.leg && f.onset_s <= t.offset_s && t.onset_s <= f.offset_s)
        })
        .count();
    assert_eq!(hit, night.truth().len());
    assert!(det.annotations.iter().any(|a| a.text == "Lights on"));
}

#[test]
fn clipped_samples_become_saturated_stretches() {
    let sigs = vec![
        SignalHeader::microvolts("EMG LAT", 200),
        SignalHeader::microvolts("EMG RAT", 200),
    ];
    let mut s = spec(sigs, 30, false, false);
    s.record_duration_s = 1.0;
    let mut w = EdfWriter::new(Vec::new(), s, 60).unwrap();
    let mut rng = plmkit::simulate::Rng::new(5);
    for r in 0..60 {
        let mut l: Vec<f64> = (0..200).map(|_| 2.0 * rng.normal()).collect();
        let rt: Vec<f64> = (0..200).map(|_| 2.0 * rng.normal()).collect();
        if r == 30 {
            l.fill(1e6); // an electrode pop: clamped to the physical maximum
        }
        w.write_record(r as f64, &[&l, &rt]).unwrap();
    }
    let bytes = w.finish().unwrap();
    let mut rd = reader(&bytes);
    let ch = choose_leg_channels(rd.header(), None, None).unwrap();
    let det = detect_edf(&EmgConfig::default(), &mut rd, &ch).unwrap();
    let sat: Vec<Interval> = det
        .left
        .iter()
        .filter_map(|d| match d {
            Detection::Saturated(i) => Some(*i),
            _ => None,
        })
        .collect();
    assert_eq!(
        sat,
        [Interval {
            onset_s: 30.0,
            offset_s: 31.0
        }]
    );
    assert!(
        !det.right
            .iter()
            .any(|d| matches!(d, Detection::Saturated(_)))
    );
    assert!(det.movements().is_empty(), "{:?}", det.movements());
}

/// EDF maps digital to physical linearly through the header's two points (digital minimum to
/// physical minimum, digital maximum to physical maximum). The files above all have ranges
/// symmetric about 0, where that map has no offset; this one does not.
#[test]
fn an_asymmetric_range_maps_digital_to_physical_through_the_header_points() {
    let signal = SignalHeader {
        physical_min: -100.0,
        physical_max: 500.0,
        digital_min: -2048,
        digital_max: 2047,
        ..SignalHeader::microvolts("EMG RAT", 8)
    };
    let mut w = EdfWriter::new(Vec::new(), spec(vec![signal], 0, false, false), 1).unwrap();
    let written: Vec<f64> = (0..8).map(|i| -100.0 + i as f64 * 85.0).collect();
    w.write_record(0.0, &[written.as_slice()]).unwrap();
    let bytes = w.finish().unwrap();
    let mut r = reader(&bytes);
    assert!(r.next_record().unwrap());
    let (mut digital, mut physical) = (Vec::new(), Vec::new());
    r.samples_digital(0, &mut digital).unwrap();
    r.samples_physical(0, &mut physical).unwrap();
    assert_eq!(
        digital[0], -2048,
        "the physical minimum is the digital minimum"
    );
    let step = 600.0 / 4095.0;
    let info = &r.header().signals[0];
    for ((&d, &p), &x) in digital.iter().zip(&physical).zip(&written) {
        assert!((info.to_physical(d) - p).abs() < 1e-9, "to_physical({d})");
        let through_points = -100.0 + f64::from(d + 2048) * step;
        assert!(
            (p - through_points).abs() < 1e-9,
            "digital {d}: {p} µV, not {through_points}"
        );
        assert!(
            (p - x).abs() <= step / 2.0 + 1e-9,
            "{p} µV read, {x} written"
        );
    }
}
