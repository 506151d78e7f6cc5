//! Properties of the trace reading path (`io::trace`): the fast decimal parser agrees with
//! `str::parse` bit for bit, date arithmetic round-trips, and no byte sequence makes the trace
//! reader panic.
#![cfg(feature = "io")]

use std::io::Cursor;

use plmkit::io::trace::datetime::CivilDateTime;
use plmkit::io::trace::number::{parse_f64, parse_prefix};
use plmkit::io::trace::{ReadOptions, Trace, TraceReader};
use proptest::prelude::*;

fn same_as_std(s: &str) -> Result<(), TestCaseError> {
    let want: Option<f64> = s.parse().ok();
    let got = parse_f64(s.as_bytes());
    match (want, got) {
        (Some(a), Some(b)) if a.is_nan() => prop_assert!(b.is_nan(), "{:?}", s),
        (Some(a), Some(b)) => prop_assert_eq!(a.to_bits(), b.to_bits(), "{:?}", s),
        (a, b) => prop_assert_eq!(a.is_some(), b.is_some(), "{:?}", s),
    }
    Ok(())
}

/// The decimal number `[+-]digits[.digits][(e|E)[+-]digits]` at the start of a cell, found by
/// a plain scan (the oracle for `parse_prefix`).
#[derive(Clone, Copy)]
struct LeadingDecimal {
    /// Its length in bytes (an `e` without exponent digits after it is not part of it).
    len: usize,
    /// Whether it is one of the cases the fast path must take: at most 19 digits, a mantissa
    /// <= 2^53, a decimal exponent within ±22, and no dangling `e` after it.
    exact: bool,
}

fn leading_decimal(b: &[u8]) -> Option<LeadingDecimal> {
    let digits_from = |i: usize| i + b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let int_end = digits_from(i);
    let mut digits: Vec<u8> = b[i..int_end].to_vec();
    i = int_end;
    let mut frac_digits = 0i64;
    if b.get(i) == Some(&b'.') {
        let frac_end = digits_from(i + 1);
        frac_digits = (frac_end - i - 1) as i64;
        digits.extend_from_slice(&b[i + 1..frac_end]);
        i = frac_end;
    }
    if digits.is_empty() {
        return None;
    }
    let mut exponent = 0i64;
    let mut dangling_e = false;
    if matches!(b.get(i), Some(b'e' | b'E')) {
        let sign = usize::from(matches!(b.get(i + 1), Some(b'+' | b'-')));
        let exp_end = digits_from(i + 1 + sign);
        if exp_end > i + 1 + sign {
            let e: i64 = std::str::from_utf8(&b[i + 1 + sign..exp_end])
                .unwrap()
                .parse()
                .unwrap_or(i64::MAX);
            exponent = if b[i + 1] == b'-' { -e } else { e };
            i = exp_end;
        } else {
            dangling_e = true;
        }
    }
    let mantissa = (digits.len() <= 19).then(|| {
        digits
            .iter()
            .fold(0u64, |m, d| m * 10 + u64::from(d - b'0'))
    });
    let exact = !dangling_e
        && mantissa.is_some_and(|m| m <= 1 << 53)
        && (-22..=22).contains(&exponent.saturating_sub(frac_digits));
    Some(LeadingDecimal { len: i, exact })
}

/// Number-like strings: what trace files hold, and the near misses around it.
fn numberish() -> impl Strategy<Value = String> {
    prop_oneof![
        "[+-]?[0-9]{0,20}(\\.[0-9]{0,20})?([eE][+-]?[0-9]{0,4})?",
        "[+-]?[0-9]{1,3}\\.[0-9]{1,9}",
        "-?[0-9]{1,2}\\.[0-9]{6,9}E[+-][0-9]{1,2}",
        "[0-9.eE+\\-]{0,12}",
        "(?i)[+-]?(nan|inf|infinity)",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4000, ..ProptestConfig::default() })]

    #[test]
    fn fast_parser_agrees_with_std(s in numberish()) {
        same_as_std(&s)?;
    }

    #[test]
    fn fast_parser_agrees_with_std_on_printed_floats(bits in any::<u64>(), digits in 0usize..18) {
        let v = f64::from_bits(bits);
        same_as_std(&format!("{v}"))?;
        same_as_std(&format!("{v:e}"))?;
        if v.is_finite() && v.abs() < 1e15 {
            same_as_std(&format!("{v:.digits$}"))?;
        }
    }

    #[test]
    fn prefix_parser_stops_at_the_cell_end(s in numberish(), rest in "[,a-z0-9 ]{0,6}") {
        let line = format!("{s}{rest}");
        let number = leading_decimal(line.as_bytes());
        match parse_prefix(line.as_bytes()) {
            Some((v, used)) => {
                // It used the whole number at the start, no more and no less, and read it
                // as `str::parse` does.
                prop_assert_eq!(Some(used), number.map(|n| n.len), "{:?}", line);
                let want: f64 = line[..used].parse().unwrap();
                prop_assert_eq!(v.to_bits(), want.to_bits(), "{:?}", line);
            }
            // Declining is allowed only outside the exact cases (documented on `parse_prefix`).
            None => prop_assert!(!number.is_some_and(|n| n.exact), "declined {:?}", line),
        }
    }

    /// The cells trace files are made of take the fast path, and it stops at the comma (a
    /// parser that always declined would pass the property above, not this one).
    #[test]
    fn typical_cells_take_the_fast_path(s in "[+-]?[0-9]{1,6}\\.[0-9]{1,9}", rest in "[,a-z0-9 ]{0,6}") {
        let line = format!("{s},{rest}");
        let got = parse_prefix(line.as_bytes());
        let want: f64 = s.parse().unwrap();
        prop_assert_eq!(got.map(|(v, used)| (v.to_bits(), used)), Some((want.to_bits(), s.len())));
    }

    #[test]
    fn civil_times_round_trip(y in 1700i32..2250, m in 1u8..=12, d in 1u8..=28, h in 0u8..24,
                              mi in 0u8..60, s in 0u8..60, ns in 0u32..1_000_000_000) {
        let t = CivilDateTime::new(y, m, d, h, mi, s, ns).unwrap();
        prop_assert_eq!(CivilDateTime::from_unix_nanos(t.unix_nanos()), t);
    }
}

fn read_all(bytes: Vec<u8>) -> plmkit::Result<Trace> {
    let opts = ReadOptions {
        max_line_bytes: 256,
        ..ReadOptions::default()
    };
    Trace::from_reader(TraceReader::from_reader(
        "fuzz.csv",
        Cursor::new(bytes),
        &opts,
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
