//! Properties of the ingest path: date arithmetic round-trips, and no byte sequence makes the
//! trace reader panic. (The fast decimal parser's agreement with `str::parse` is a unit test
//! of the private parser, src/io/trace/number.rs.)
#![cfg(feature = "io")]

use std::io::Cursor;

use plmkit::io::trace::{CivilDateTime, ReadConfig, Trace, TraceReader};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 4000, ..ProptestConfig::default() })]

    #[test]
    fn civil_times_round_trip(y in 1700i32..2250, m in 1u8..=12, d in 1u8..=28, h in 0u8..24,
                              mi in 0u8..60, s in 0u8..60, ns in 0u32..1_000_000_000) {
        let t = CivilDateTime::new(y, m, d, h, mi, s, ns).unwrap();
        prop_assert_eq!(CivilDateTime::from_unix_nanos(t.unix_nanos()), t);
    }
}

fn read_all(bytes: Vec<u8>) -> plmkit::Result<Trace> {
    let opts = ReadConfig {
        max_line_bytes: 256,
        ..ReadConfig::default()
    };
    Trace::from_reader(TraceReader::from_reader(
        &opts,
        "fuzz.csv",
        Cursor::new(bytes),
    )?)
}

const HEADS: [&str; 9] = [
    "PK\u{3}\u{4}",
    "Device Identity\nMeasurement Frequency:60 Hz\nx gain:1\nx offset:0\ny gain:1\ny offset:0\nz gain:1\nz offset:0\nRecorded Data\n",
    "",
    "time_s,x,y,z\n",
    "------------ Data File Created By ActiGraph GT3X+ date format M/d/yyyy at 30 Hz -----------\nStart Time 23:05:00\nStart Date 3/14/2026\n----------\n",
    "Device Identity\nMeasurement Frequency,50 Hz\n",
    "Time,Accel-X (g), Accel-Y (g), Accel-Z (g)\n",
    "time,seconds_elapsed,z,y,x\n",
    "\"Time (s)\",\"Acceleration x (m/s^2)\",\"Acceleration y (m/s^2)\",\"Acceleration z (m/s^2)\"\n",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_after_any_header_never_panic(head in 0usize..HEADS.len(),
                                                    body in proptest::collection::vec(any::<u8>(), 0..600)) {
        let mut bytes = HEADS[head].as_bytes().to_vec();
        bytes.extend(body);
        let _ = read_all(bytes);
    }

    #[test]
    fn csv_like_text_never_panics(head in 0usize..HEADS.len(),
                                  body in "([-0-9.,:eE /T]{0,30}\n){0,40}") {
        let _ = read_all(format!("{}{body}", HEADS[head]).into_bytes());
    }

    #[test]
    fn mutated_good_files_never_panic(at in 0usize..2000, byte in any::<u8>(), cut in 0usize..2100) {
        let mut text = String::from("timestamp,x,y,z\n");
        for i in 0..60 {
            text += &format!("2026-03-14 23:05:{:02}.{:03},0.01,-0.2,0.98\n", i / 20, (i % 20) * 50);
        }
        let mut bytes = text.into_bytes();
        let at = at % bytes.len();
        bytes[at] = byte;
        bytes.truncate(cut.max(1));
        if let Ok(trace) = read_all(bytes) {
            prop_assert!(trace.rows.t.windows(2).all(|w| w[1] > w[0]));
            prop_assert!(trace.rows.x.iter().chain(&trace.rows.y).chain(&trace.rows.z).all(|v| v.is_finite()));
        }
    }
}
