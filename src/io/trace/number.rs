//! Fast, correctly rounded decimal parsing straight from bytes.
//!
//! Trace files hold millions of short decimals (`-0.273`, `9.80665`, `1.234E-1`). Going through
//! `str::parse::<f64>` for each costs a UTF-8 check and a general algorithm; most cells have at
//! most 19 significant digits and a small exponent, where Clinger's fast path is exact: the
//! mantissa (<= 2^53) and the power of ten (<= 10^22) are both exact in an f64, so one
//! multiplication or division gives the correctly rounded result. Anything else falls back to
//! `str::parse`, so the answer is always bit-for-bit what `str::parse::<f64>` gives.

/// Largest integer below which every integer is exact in an f64.
const MAX_EXACT_MANTISSA: u64 = 1 << 53;

/// Powers of ten that are exact in an f64.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// Parses all of `s` as an f64, accepting exactly what `str::parse::<f64>` accepts and giving
/// the same value bit for bit (including `NaN`, `inf` and `-0`). `None` when it is not a number.
pub fn parse_f64(s: &[u8]) -> Option<f64> {
    match fast_path(s) {
        Some(v) => Some(v),
        None => std::str::from_utf8(s).ok()?.parse().ok(),
    }
}

/// Parses all of `s` as a decimal integer (optional sign, digits only) that fits an i64.
pub fn parse_i64(s: &[u8]) -> Option<i64> {
    let (neg, digits) = match s.first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() || digits.len() > 19 {
        return None;
    }
    // The magnitude as u64 (19 digits always fit), so that -9223372036854775808 (whose
    // magnitude exceeds i64::MAX) parses as `str::parse` does.
    let mut magnitude: u64 = 0;
    for &b in digits {
        let d = b.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        magnitude = magnitude * 10 + u64::from(d);
    }
    if neg {
        0i64.checked_sub_unsigned(magnitude)
    } else {
        i64::try_from(magnitude).ok()
    }
}

/// The exact cases: `[+-]digits[.digits][(e|E)[+-]digits]` with at most 19 digits, a mantissa
/// <= 2^53 and a decimal exponent within ±22. `None` means "ask `str::parse`".
#[inline]
fn fast_path(s: &[u8]) -> Option<f64> {
    match parse_prefix(s) {
        Some((v, used)) if used == s.len() => Some(v),
        _ => None,
    }
}

/// Appends the decimal digits at `s[*i..]` to `mantissa`, moving `*i` past them; returns how
/// many there were. Wrapping: more than 19 digits may overflow, and the caller rejects those.
#[inline(always)]
fn take_digits(s: &[u8], i: &mut usize, mantissa: &mut u64) -> usize {
    let start = *i;
    while *i < s.len() {
        let d = s[*i].wrapping_sub(b'0');
        if d > 9 {
            break;
        }
        *mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(d));
        *i += 1;
    }
    *i - start
}

/// The longest number at the start of `s` when it is one of the exact cases above, with the
/// bytes it used; `None` when the fast path does not apply (the caller then finds the cell's end
/// and uses [`parse_f64`]). When `Some((v, n))` and `s[..n]` is the whole cell, `v` is exactly
/// what `str::parse::<f64>` gives for it.
#[inline(always)]
pub fn parse_prefix(s: &[u8]) -> Option<(f64, usize)> {
    let n = s.len();
    let mut i = 0;
    let neg = match s.first() {
        Some(b'-') => {
            i = 1;
            true
        }
        Some(b'+') => {
            i = 1;
            false
        }
        _ => false,
    };
    let mut mantissa: u64 = 0;
    let mut digits = take_digits(s, &mut i, &mut mantissa);
    let mut exp10: i32 = 0;
    if i < n && s[i] == b'.' {
        i += 1;
        let fraction = take_digits(s, &mut i, &mut mantissa);
        digits += fraction;
        exp10 = -(fraction as i32);
    }
    // More than 19 digits (even if some are leading zeros) go to the slow path: rare in traces.
    if digits == 0 || digits > 19 {
        return None;
    }
    if i < n && (s[i] | 0x20) == b'e' {
        i += 1;
        let exp_neg = match s.get(i) {
            Some(b'-') => {
                i += 1;
                true
            }
            Some(b'+') => {
                i += 1;
                false
            }
            _ => false,
        };
        let exp_start = i;
        let mut e: i32 = 0;
        while i < n {
            let d = s[i].wrapping_sub(b'0');
            if d > 9 {
                break;
            }
            if e < 100_000 {
                e = e * 10 + i32::from(d);
            }
            i += 1;
        }
        if i == exp_start {
            return None;
        }
        exp10 += if exp_neg { -e } else { e };
    }
    if mantissa > MAX_EXACT_MANTISSA {
        return None;
    }
    let m = mantissa as f64;
    let v = if mantissa == 0 {
        0.0
    } else if (0..=22).contains(&exp10) {
        m * POW10[exp10 as usize]
    } else if (-22..0).contains(&exp10) {
        m / POW10[(-exp10) as usize]
    } else {
        return None;
    };
    Some((if neg { -v } else { v }, i))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(s: &str) {
        let want: Option<f64> = s.parse().ok();
        let got = parse_f64(s.as_bytes());
        match (want, got) {
            (Some(a), Some(b)) if a.is_nan() => assert!(b.is_nan(), "{s:?}"),
            (Some(a), Some(b)) => assert_eq!(a.to_bits(), b.to_bits(), "{s:?}"),
            (a, b) => assert_eq!(a.is_some(), b.is_some(), "{s:?}"),
        }
    }

    #[test]
    fn agrees_with_std_on_edge_cases() {
        for s in [
            "0",
            "-0",
            "+0",
            "0.",
            ".0",
            ".",
            "-",
            "+",
            "",
            "e5",
            "1e",
            "1e+",
            "1e-5",
            "1E22",
            "1e23",
            "9007199254740993",
            "9007199254740992",
            "0.1",
            "-0.273",
            "1.234E-1",
            "123456789012345678901",
            "0.000000000000000000000001",
            "NaN",
            "nan",
            "inf",
            "-inf",
            "infinity",
            "1_0",
            " 1",
            "1 ",
            "0x10",
            "1.5e-22",
            "1.5e-23",
            "00000000000000000000001",
            "1.0000000000000000000",
            "--1",
            "1..2",
            "1e1e1",
            "4.9e-324",
            "1.7976931348623157e308",
        ] {
            same(s);
        }
    }

    #[test]
    fn parses_integers_exactly() {
        assert_eq!(
            parse_i64(b"1714488780123456789"),
            Some(1_714_488_780_123_456_789)
        );
        assert_eq!(parse_i64(b"-42"), Some(-42));
        assert_eq!(parse_i64(b"99999999999999999999"), None);
        // Fuzzing found i64::MIN rejected although `str::parse` takes it.
        for text in [
            "-9223372036854775808",
            "9223372036854775807",
            "-9223372036854775807",
        ] {
            assert_eq!(parse_i64(text.as_bytes()), text.parse().ok(), "{text}");
        }
        assert_eq!(parse_i64(b"9223372036854775808"), None);
        assert_eq!(parse_i64(b"-9223372036854775809"), None);
        assert_eq!(parse_i64(b"9999999999999999999"), None);
        assert_eq!(parse_i64(b"1.5"), None);
        assert_eq!(parse_i64(b""), None);
        assert_eq!(parse_i64(b"-"), None);
    }
}

/// Properties: the fast parser agrees with `str::parse` bit for bit.
#[cfg(test)]
mod props {
    use super::{parse_f64, parse_prefix};
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
    }
}
