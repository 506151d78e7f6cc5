//! The EDF bad-input catalogue: each malformed file gives a typed `Error::Parse` naming the
//! file and the byte offset (`FILE: byte N: what`), never a panic. Files are built in memory
//! from a valid EDF+ written by `simulate::psg::EdfWriter`, then broken one way each.
#![cfg(feature = "io")]

use std::io::Cursor;

use plmkit::Error;
use plmkit::edf::SignalHeader;
use plmkit::io::edf::EdfReader;
use plmkit::simulate::psg::{EdfFileLayout, EdfWriter};
use proptest::prelude::*;

/// A valid EDF+C: 2 signals of 4 samples + annotations (32 bytes), 3 records of 1 s.
fn valid(discontinuous: bool) -> Vec<u8> {
    let spec = EdfFileLayout {
        patient: "X X X X".into(),
        recording: "Startdate X X X X".into(),
        start_date: "01.01.26".into(),
        start_time: "22.30.00".into(),
        record_duration_s: 1.0,
        discontinuous,
        bdf: false,
        annotation_bytes: 32,
        signals: vec![
            SignalHeader::microvolts("EMG LAT", 4),
            SignalHeader::microvolts("EMG RAT", 4),
        ],
    };
    let mut w = EdfWriter::new(Vec::new(), spec, 3).unwrap();
    w.annotate(0.5, Some(1.0), "Limb movement");
    for r in 0..3 {
        let x = [1.0, -2.0, 3.5, 100.0];
        w.write_record(r as f64 * if discontinuous { 2.0 } else { 1.0 }, &[&x, &x])
            .unwrap();
    }
    w.finish().unwrap()
}

const HEADER: usize = 256 * 4; // 3 signals
const RECORD: usize = 2 * 4 * 2 + 32;

fn put(bytes: &mut [u8], at: usize, width: usize, text: &str) {
    let mut f = text.as_bytes().to_vec();
    f.resize(width, b' ');
    bytes[at..at + width].copy_from_slice(&f);
}

/// Field `k` (widths 16, 80, 8, 8, 8, 8, 8, 80, 8, 32) of signal `i` of a 3-signal header.
fn sig_field(k: usize, i: usize) -> (usize, usize) {
    let widths = [16, 80, 8, 8, 8, 8, 8, 80, 8, 32];
    let before: usize = widths[..k].iter().sum();
    (256 + 3 * before + i * widths[k], widths[k])
}

/// Opens and reads every record; the first error.
fn read_all(bytes: &[u8]) -> Result<usize, Error> {
    let mut r = EdfReader::from_reader(Cursor::new(bytes), bytes.len() as u64, "bad.edf")?;
    let mut n = 0;
    let mut buf = Vec::new();
    while r.next_record()? {
        r.samples_uv(0, &mut buf)?;
        n += 1;
    }
    Ok(n)
}

struct Case {
    name: &'static str,
    bytes: Vec<u8>,
    byte: usize,
    says: &'static str,
}

fn catalogue() -> Vec<Case> {
    let mut cases = Vec::new();
    let mut add = |name, f: &dyn Fn(&mut Vec<u8>), byte, says| {
        let mut b = valid(false);
        f(&mut b);
        cases.push(Case {
            name,
            bytes: b,
            byte,
            says,
        });
    };
    add(
        "shorter than the fixed header",
        &|b| b.truncate(100),
        100,
        "shorter than the 256-byte",
    );
    add("not EDF", &|b| put(b, 0, 8, "1"), 0, "neither EDF");
    add(
        "truncated last record",
        &|b| b.truncate(b.len() - 10),
        HEADER + 2 * RECORD + RECORD - 10,
        "truncated: the header promises 3 records",
    );
    add(
        "record count too high",
        &|b| put(b, 236, 8, "4"),
        HEADER + 3 * RECORD,
        "truncated: the header promises 4 records",
    );
    add(
        "record count too low",
        &|b| put(b, 236, 8, "2"),
        HEADER + 2 * RECORD,
        "the record count lies",
    );
    add(
        "record count -1",
        &|b| put(b, 236, 8, "-1"),
        236,
        "number of data records is -1",
    );
    add(
        "record count 0",
        &|b| put(b, 236, 8, "0"),
        236,
        "at least 1",
    );
    add(
        "record count not a number",
        &|b| put(b, 236, 8, "three"),
        236,
        "\"three\" is not a valid number",
    );
    add(
        "duration not a number",
        &|b| put(b, 244, 8, "1,0"),
        244,
        "record duration: \"1,0\"",
    );
    add(
        "header bytes lie",
        &|b| put(b, 184, 8, "768"),
        184,
        "header bytes 768 disagrees with 3 signals",
    );
    add(
        "zero signals",
        &|b| put(b, 252, 4, "0"),
        252,
        "number of signals is 0",
    );
    add(
        "start time",
        &|b| put(b, 176, 8, "25.00.00"),
        176,
        "start time \"25.00.00\"",
    );
    add(
        "non-ASCII label",
        &|b| b[sig_field(0, 1).0 + 4] = 0xE9,
        sig_field(0, 1).0 + 4,
        "signal 2 label: byte 0xE9 is not printable ASCII",
    );
    add(
        "non-ASCII patient",
        &|b| b[20] = 0x00,
        20,
        "patient identification: byte 0x00",
    );
    add(
        "digital min not below max",
        &|b| {
            let (at, w) = sig_field(5, 0);
            put(b, at, w, "40000");
        },
        sig_field(5, 0).0,
        "digital minimum 40000 is not below maximum 32767",
    );
    add(
        "digital range beyond 16 bits",
        &|b| {
            let (at, w) = sig_field(6, 1);
            put(b, at, w, "70000");
        },
        sig_field(5, 1).0,
        "exceeds the 16-bit samples",
    );
    add(
        "physical min equals max",
        &|b| {
            let (at, w) = sig_field(4, 0);
            put(b, at, w, "-3276.8");
        },
        sig_field(3, 0).0,
        "physical minimum equals maximum",
    );
    add(
        "zero samples per record",
        &|b| {
            let (at, w) = sig_field(8, 1);
            put(b, at, w, "0");
        },
        sig_field(8, 1).0,
        "0 samples per record",
    );
    add(
        "EDF+ without annotations signal",
        &|b| {
            let (at, w) = sig_field(0, 2);
            put(b, at, w, "Marker");
        },
        192,
        "has no \"EDF Annotations\" signal",
    );
    // Record-level problems, found when the record is read.
    let tal = HEADER + RECORD + 16; // second record's annotations signal
    add(
        "time-keeping TAL missing",
        &|b| b[tal..tal + 32].fill(0),
        HEADER + RECORD,
        "record 2: EDF+C record without a time-keeping annotation",
    );
    add(
        "TAL onset garbage",
        &|b| b[tal..tal + 3].copy_from_slice(b"+x\x14"),
        tal,
        "annotation onset \"+x\"",
    );
    add(
        "TAL without terminator",
        &|b| b[tal..tal + 32].fill(b'1'),
        tal,
        "annotation without a 0x14 after its onset",
    );
    add(
        "continuous file with a jump",
        &|b| b[tal..tal + 4].copy_from_slice(b"+5\x14\x14"),
        HEADER + RECORD,
        "record 2 starts at 5 s, but a continuous file puts it at 1 s",
    );
    cases
}

#[test]
fn every_catalogue_entry_is_a_typed_error_with_its_byte_offset() {
    let mut failures = Vec::new();
    for c in catalogue() {
        match read_all(&c.bytes) {
            Ok(n) => failures.push(format!("{}: read {n} records without error", c.name)),
            Err(e @ Error::Parse { .. }) => {
                let text = e.to_string();
                let want = format!("bad.edf: byte {}: ", c.byte);
                if !text.starts_with(&want) || !text.contains(c.says) {
                    failures.push(format!(
                        "{}: got {text:?}, want {want:?} … {:?}",
                        c.name, c.says
                    ));
                }
            }
            Err(e) => failures.push(format!("{}: not a parse error: {e:?}", c.name)),
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn the_valid_file_reads() {
    assert_eq!(read_all(&valid(false)).unwrap(), 3);
    assert_eq!(read_all(&valid(true)).unwrap(), 3);
}

#[test]
fn discontinuous_records_out_of_order_are_an_error() {
    let mut b = valid(true);
    let tal = HEADER + 2 * RECORD + 16; // third record: +4 → +1 (before record 2 ends at 3 s)
    b[tal..tal + 2].copy_from_slice(b"+1");
    let e = read_all(&b).unwrap_err().to_string();
    assert!(
        e.contains("record 3 starts at 1 s, before the previous record ends (3 s)"),
        "{e}"
    );
}

#[test]
fn a_missing_file_is_an_io_error_naming_it() {
    let e = EdfReader::open("/nonexistent/night.edf")
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("/nonexistent/night.edf: "), "{e}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    /// Random byte overwrites and truncations never panic.
    #[test]
    fn corrupted_files_never_panic(
        edits in proptest::collection::vec((0usize..HEADER + 3 * RECORD, any::<u8>()), 1..8),
        cut in proptest::option::of(0usize..HEADER + 3 * RECORD),
        plus_d in any::<bool>(),
    ) {
        let mut b = valid(plus_d);
        for (at, v) in edits {
            b[at] = v;
        }
        if let Some(c) = cut {
            b.truncate(c);
        }
        let _ = read_all(&b);
    }
}

#[test]
fn absurd_sizes_are_errors_not_overflows_or_huge_allocations() {
    let mut b = valid(false);
    put(&mut b, 236, 8, "99999999");
    let (at, w) = sig_field(8, 0);
    put(&mut b, at, w, "99999999");
    let e = read_all(&b).unwrap_err().to_string();
    assert!(
        e.contains("truncated: the header promises 99999999 records"),
        "{e}"
    );
}
