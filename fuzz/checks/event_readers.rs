//! The event, hypnogram and interval readers, the lab annotation readers (EDF+, RemLogic, NSRR
//! XML, detected from the content) and the EDF/BDF signal reader on arbitrary bytes: a typed
//! error or values that are usable (finite times, offset >= onset).

use super::input::Input;
use plmkit::io::annotations::read_annotations;
use plmkit::io::edf::EdfReader;
use plmkit::io::events::{parse_events, parse_hypnogram, parse_intervals};
use std::io::Cursor;
use std::path::PathBuf;

/// Records read from a fuzzed EDF at most: the header may claim millions.
const MAX_RECORDS: u64 = 256;

/// The first byte chooses the reader; the rest is the file.
pub fn check(data: &[u8]) {
    let mut input = Input::new(data);
    let choice = input.byte();
    let bytes = input.rest();
    let text = String::from_utf8_lossy(bytes);
    if choice == 255 {
        // A first byte of 255 (which left the other readers' share of the corpus as it was):
        // the sleep diary and the clock-time options, after a start in the years 1970-2106.
        return diary(
            &text,
            f64::from(u32::from_le_bytes([
                bytes.first().copied().unwrap_or(0),
                bytes.get(1).copied().unwrap_or(0),
                bytes.get(2).copied().unwrap_or(0),
                bytes.get(3).copied().unwrap_or(0),
            ])),
        );
    }
    match choice % 5 {
        0 => {
            if let Ok(events) = parse_events(&text, "fuzz.csv") {
                for e in events {
                    assert!(e.onset_s.is_finite() && e.offset_s >= e.onset_s, "{e:?}");
                    assert!(e.offset_s.is_finite(), "{e:?}");
                }
            }
        }
        1 => {
            if let Ok(h) = parse_hypnogram(&text, "fuzz.csv") {
                assert!(
                    h.epoch_s() > 0.0 && h.epoch_s().is_finite(),
                    "epoch {}",
                    h.epoch_s()
                );
                assert!(h.start_s().is_finite(), "start {}", h.start_s());
                assert!(h.duration_s().is_finite(), "duration {}", h.duration_s());
            }
        }
        2 => {
            if let Ok(spans) = parse_intervals(&text, "fuzz.csv") {
                for s in spans {
                    assert!(s.onset_s.is_finite() && s.offset_s.is_finite(), "{s:?}");
                    assert!(s.offset_s >= s.onset_s, "{s:?}");
                }
            }
        }
        3 => annotations(bytes),
        _ => edf(bytes),
    }
}

/// The diary (with and without a start time) and a clock-time option: a typed error, or
/// in-bed windows that are finite, ordered and not reversed, and a finite time.
fn diary(text: &str, origin_unix_s: f64) {
    for origin in [None, Some(origin_unix_s)] {
        if let Ok(nights) = plmkit::pipeline::parse_diary(text, "fuzz.csv", origin) {
            let mut previous_end = f64::NEG_INFINITY;
            for n in nights {
                assert!(n.onset_s.is_finite() && n.offset_s.is_finite(), "{n:?}");
                assert!(n.offset_s > n.onset_s, "{n:?}");
                assert!(n.onset_s >= previous_end, "{n:?} overlaps the night before");
                previous_end = n.offset_s;
            }
        }
        if let Ok(t) = plmkit::pipeline::time_option_s(text, origin, "--lights-off") {
            assert!(t.is_finite(), "{t}");
        }
    }
}

/// The annotation reader takes a path (it detects the format and may reopen an EDF), so the
/// bytes go to a file of this process's own.
fn annotations(bytes: &[u8]) {
    let path: PathBuf =
        std::env::temp_dir().join(format!("plmkit-fuzz-{}.annot", std::process::id()));
    if std::fs::write(&path, bytes).is_err() {
        return;
    }
    if let Ok(notes) = read_annotations(&path) {
        for e in &notes.movements {
            assert!(e.onset_s.is_finite() && e.offset_s >= e.onset_s, "{e:?}");
        }
    }
    let _ = std::fs::remove_file(&path);
}

fn edf(bytes: &[u8]) {
    let Ok(mut reader) = EdfReader::from_reader(Cursor::new(bytes), bytes.len() as u64, "fuzz.edf")
    else {
        return;
    };
    let signals = reader.header().signals.len();
    let mut samples = Vec::new();
    while reader.record_index() < MAX_RECORDS {
        match reader.next_record() {
            Ok(true) => {}
            Ok(false) | Err(_) => break,
        }
        assert!(
            reader.record_start_s().is_finite(),
            "record start {}",
            reader.record_start_s()
        );
        for i in 0..signals {
            if reader.samples_uv(i, &mut samples).is_ok() {
                assert!(samples.iter().all(|v| v.is_finite()), "signal {i}");
            }
        }
        for a in reader.annotations() {
            assert!(a.onset_s.is_finite(), "{a:?}");
        }
    }
}
