//! Civil date-times as device exports write them, without a date-time crate.
//!
//! Times in these files are local wall-clock times with no zone (ActiGraph, GENEActiv, Axivity),
//! so they are kept as civil fields and converted to "seconds since the Unix epoch" as if they
//! were UTC; ISO timestamps with `Z` or `±hh:mm` are shifted to UTC. The day count is the crate's
//! one civil-calendar copy (`crate::civil`).

use crate::civil::{civil_from_days, days_from_civil, days_in_month};
use std::fmt;

/// A calendar date and wall-clock time (proleptic Gregorian, no time zone).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CivilDateTime {
    /// Year, e.g. 2024.
    pub year: i32,
    /// Month, 1..=12.
    pub month: u8,
    /// Day of the month, 1..=31.
    pub day: u8,
    /// Hour, 0..=23.
    pub hour: u8,
    /// Minute, 0..=59.
    pub minute: u8,
    /// Second, 0..=59.
    pub second: u8,
    /// Nanoseconds within the second, 0..1e9.
    pub nanosecond: u32,
}

const NANOS_PER_DAY: i64 = 86_400_000_000_000;

impl CivilDateTime {
    /// A checked date-time: `None` when a field is out of range (Feb 30, hour 24, ...) or the
    /// instant, read as UTC, is outside what an i64 count of nanoseconds from 1970 holds
    /// (1677-09-21 to 2262-04-11): no recording is dated there, and times are kept as such counts.
    pub fn new(
        year: i32,
        month: u8,
        day: u8,
        hour: u8,
        minute: u8,
        second: u8,
        nanosecond: u32,
    ) -> Option<Self> {
        let valid = (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month)
            && hour < 24
            && minute < 60
            && second < 60
            && nanosecond < 1_000_000_000;
        let dt = valid.then_some(CivilDateTime {
            year,
            month,
            day,
            hour,
            minute,
            second,
            nanosecond,
        })?;
        dt.checked_unix_nanos().map(|_| dt)
    }

    /// Nanoseconds since 1970-01-01T00:00:00 (read as UTC), or `None` outside the i64 range.
    pub(crate) fn checked_unix_nanos(&self) -> Option<i64> {
        let days = days_from_civil(self.year, self.month, self.day);
        let secs_of_day =
            i64::from(self.hour) * 3600 + i64::from(self.minute) * 60 + i64::from(self.second);
        // In i128: on 1677-09-21 the midnight is below i64::MIN while the instant is not.
        let nanos = i128::from(days) * i128::from(NANOS_PER_DAY)
            + i128::from(secs_of_day * 1_000_000_000 + i64::from(self.nanosecond));
        i64::try_from(nanos).ok()
    }

    /// Nanoseconds since 1970-01-01T00:00:00, reading this civil time as UTC. Exact for years
    /// 1678..=2261 (the range of an i64 count of nanoseconds); saturates outside it.
    pub fn unix_nanos(&self) -> i64 {
        let days = days_from_civil(self.year, self.month, self.day);
        let secs_of_day =
            i64::from(self.hour) * 3600 + i64::from(self.minute) * 60 + i64::from(self.second);
        days.saturating_mul(NANOS_PER_DAY)
            .saturating_add(secs_of_day * 1_000_000_000 + i64::from(self.nanosecond))
    }

    /// Seconds since the Unix epoch, reading this civil time as UTC.
    pub fn unix_seconds(&self) -> f64 {
        let days = days_from_civil(self.year, self.month, self.day);
        let secs_of_day =
            i64::from(self.hour) * 3600 + i64::from(self.minute) * 60 + i64::from(self.second);
        (days * 86_400 + secs_of_day) as f64 + f64::from(self.nanosecond) * 1e-9
    }

    /// The civil (UTC) time `nanos` nanoseconds after the Unix epoch.
    pub fn from_unix_nanos(nanos: i64) -> Self {
        let days = nanos.div_euclid(NANOS_PER_DAY);
        let rem = nanos.rem_euclid(NANOS_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        let secs = rem / 1_000_000_000;
        CivilDateTime {
            year,
            month,
            day,
            hour: (secs / 3600) as u8,
            minute: (secs / 60 % 60) as u8,
            second: (secs % 60) as u8,
            nanosecond: (rem % 1_000_000_000) as u32,
        }
    }
}

impl fmt::Display for CivilDateTime {
    /// ISO 8601 without zone: `2024-04-30T14:53:00`, with `.fff` (or 9 digits) when not whole.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )?;
        match self.nanosecond {
            0 => Ok(()),
            ns if ns % 1_000_000 == 0 => write!(f, ".{:03}", ns / 1_000_000),
            ns => write!(f, ".{ns:09}"),
        }
    }
}

/// Serialised as its ISO 8601 text (`2024-04-30T14:53:00`), as reports want it.
impl serde::Serialize for CivilDateTime {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// The order of day, month and year in a date, e.g. `M/d/yyyy` is month-day-year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateOrder {
    /// `yyyy-MM-dd` (ISO, GENEActiv, Axivity).
    YearMonthDay,
    /// `M/d/yyyy` (ActiLife's US default).
    MonthDayYear,
    /// `d/MM/yyyy` (ActiLife with a European locale).
    DayMonthYear,
}

impl DateOrder {
    /// The order of a .NET-style pattern such as `M/d/yyyy` or `dd-MM-yyyy`; `None` when the
    /// pattern does not name day, month and year once each.
    pub fn from_pattern(pattern: &str) -> Option<Self> {
        let mut order = Vec::with_capacity(3);
        for c in pattern.chars() {
            let field = match c {
                'd' | 'D' => 'd',
                'M' => 'M',
                'y' | 'Y' => 'y',
                _ => continue,
            };
            if order.last() != Some(&field) {
                order.push(field);
            }
        }
        match order.as_slice() {
            ['y', 'M', 'd'] => Some(DateOrder::YearMonthDay),
            ['M', 'd', 'y'] => Some(DateOrder::MonthDayYear),
            ['d', 'M', 'y'] => Some(DateOrder::DayMonthYear),
            _ => None,
        }
    }

    /// A readable pattern for messages.
    pub fn pattern(self) -> &'static str {
        match self {
            DateOrder::YearMonthDay => "yyyy-MM-dd",
            DateOrder::MonthDayYear => "M/d/yyyy",
            DateOrder::DayMonthYear => "d/M/yyyy",
        }
    }
}

/// Reads an unsigned decimal of 1..=max_digits digits at `*i`, advancing `*i`.
fn number(s: &[u8], i: &mut usize, max_digits: usize) -> Option<(u32, usize)> {
    let start = *i;
    let mut v: u32 = 0;
    while *i < s.len() && s[*i].is_ascii_digit() && *i - start < max_digits {
        v = v * 10 + u32::from(s[*i] - b'0');
        *i += 1;
    }
    let digits = *i - start;
    (digits > 0).then_some((v, digits))
}

fn expect(s: &[u8], i: &mut usize, allowed: &[u8]) -> Option<u8> {
    let c = *s.get(*i)?;
    if allowed.contains(&c) {
        *i += 1;
        Some(c)
    } else {
        None
    }
}

/// Parses a date with `order` (separators `-`, `/` or `.`; a 4-digit year), optionally followed
/// by `T` or a space and `hh:mm[:ss[(.|:|,)fraction]]`, optionally followed by `Z` or `±hh[:mm]`.
/// Returns the civil time as written and the zone offset in seconds when one was given.
/// GENEActiv writes milliseconds after a colon (`12:37:32:000`); that is accepted.
pub fn parse_datetime(s: &[u8], order: DateOrder) -> Option<(CivilDateTime, Option<i32>)> {
    let mut i = 0;
    let (a, da) = number(s, &mut i, 4)?;
    let sep = expect(s, &mut i, b"-/.")?;
    let (b, _) = number(s, &mut i, 2)?;
    expect(s, &mut i, &[sep])?;
    let (c, dc) = number(s, &mut i, 4)?;
    let (year, month, day) = match order {
        DateOrder::YearMonthDay if da == 4 => (a, b, c),
        DateOrder::MonthDayYear if dc == 4 => (c, a, b),
        DateOrder::DayMonthYear if dc == 4 => (c, b, a),
        _ => return None,
    };
    let (mut hour, mut minute, mut second, mut nanos) = (0, 0, 0, 0);
    let mut offset = None;
    if i < s.len() {
        expect(s, &mut i, b"T ")?;
        hour = number(s, &mut i, 2)?.0;
        expect(s, &mut i, b":")?;
        minute = number(s, &mut i, 2)?.0;
        if expect(s, &mut i, b":").is_some() {
            second = number(s, &mut i, 2)?.0;
            if expect(s, &mut i, b".:,").is_some() {
                let (frac, digits) = number(s, &mut i, 9)?;
                nanos = frac * 10u32.pow(9 - digits as u32);
                // Digits beyond nanoseconds carry no information we keep.
                while i < s.len() && s[i].is_ascii_digit() {
                    i += 1;
                }
            }
        }
        if i < s.len() {
            match expect(s, &mut i, b"Zz+-")? {
                b'Z' | b'z' => offset = Some(0),
                sign => {
                    let (oh, _) = number(s, &mut i, 2)?;
                    expect(s, &mut i, b":");
                    let om = number(s, &mut i, 2).map_or(0, |(m, _)| m);
                    // Zones in use run from -12:00 to +14:00; ISO 8601 / RFC 3339 allow
                    // up to ±18:00 hours. Anything beyond ("-50") is not a zone.
                    if oh > 18 || om > 59 || (oh == 18 && om > 0) {
                        return None;
                    }
                    let secs = (oh * 3600 + om * 60) as i32;
                    offset = Some(if sign == b'-' { -secs } else { secs });
                }
            }
        }
    }
    if i != s.len() {
        return None;
    }
    let dt = CivilDateTime::new(
        year as i32,
        u8::try_from(month).ok()?,
        u8::try_from(day).ok()?,
        hour as u8,
        minute as u8,
        second as u8,
        nanos,
    )?;
    Some((dt, offset))
}

/// Parses a date-time and returns nanoseconds since the Unix epoch (zone offsets applied; times
/// without a zone read as UTC).
pub fn parse_unix_nanos(s: &[u8], order: DateOrder) -> Option<i64> {
    let (dt, offset) = parse_datetime(s, order)?;
    utc_nanos(&dt, offset)
}

/// The instant of a civil time with an optional zone offset, checked against the i64 range.
fn utc_nanos(dt: &CivilDateTime, offset_s: Option<i32>) -> Option<i64> {
    dt.checked_unix_nanos()?
        .checked_sub(i64::from(offset_s.unwrap_or(0)) * 1_000_000_000)
}

/// The date part of the last date-time parsed, so rows of the same day only parse their time.
#[derive(Debug, Clone, Copy, Default)]
pub struct DateCache {
    /// The date and its separator as written, e.g. `2026-03-14 ` (empty: nothing cached).
    prefix: [u8; 11],
    /// Nanoseconds from the epoch to that date's midnight.
    midnight_ns: i64,
    valid: bool,
}

/// [`parse_unix_nanos`] with a cache of the date part: when `s` starts with the cached
/// `yyyy-MM-dd ` (or `T`) and goes on with exactly `hh:mm:ss` and an optional fraction of 1 to 9
/// digits, only the time is parsed. Anything else takes the full parser (and refreshes the
/// cache), so the result is always the full parser's.
#[inline]
pub fn parse_unix_nanos_cached(s: &[u8], order: DateOrder, cache: &mut DateCache) -> Option<i64> {
    if cache.valid && s.len() >= 19 && s[..11] == cache.prefix {
        if let Some(ns) = time_of_day_nanos(&s[11..]) {
            return cache.midnight_ns.checked_add(ns);
        }
    }
    let (dt, offset) = parse_datetime(s, order)?;
    let ns = utc_nanos(&dt, offset)?;
    // Cache only plain ISO dates without a zone, where the prefix fixes the day exactly.
    if order == DateOrder::YearMonthDay
        && offset.is_none()
        && s.len() >= 19
        && matches!(s[10], b' ' | b'T')
    {
        let midnight = CivilDateTime {
            hour: 0,
            minute: 0,
            second: 0,
            nanosecond: 0,
            ..dt
        };
        // The day's midnight lies before `dt` and may fall below the range on its first day.
        if let Some(midnight_ns) = midnight.checked_unix_nanos() {
            cache.prefix.copy_from_slice(&s[..11]);
            cache.midnight_ns = midnight_ns;
            cache.valid = true;
        }
    }
    Some(ns)
}

/// `hh:mm:ss` with an optional `.`, `:` or `,` and 1 to 9 fraction digits, as nanoseconds since
/// midnight; `None` for anything else (the caller then uses the full parser).
#[inline]
fn time_of_day_nanos(s: &[u8]) -> Option<i64> {
    let two = |i: usize| -> Option<i64> {
        let (a, b) = (
            s.get(i)?.wrapping_sub(b'0'),
            s.get(i + 1)?.wrapping_sub(b'0'),
        );
        (a <= 9 && b <= 9).then_some(i64::from(a) * 10 + i64::from(b))
    };
    if s.get(2) != Some(&b':') || s.get(5) != Some(&b':') {
        return None;
    }
    let (h, m, sec) = (two(0)?, two(3)?, two(6)?);
    if h >= 24 || m >= 60 || sec >= 60 {
        return None;
    }
    let mut frac: i64 = 0;
    let mut digits = 0;
    if s.len() > 8 {
        if !matches!(s[8], b'.' | b':' | b',') || s.len() == 9 || s.len() > 18 {
            return None;
        }
        for &c in &s[9..] {
            let d = c.wrapping_sub(b'0');
            if d > 9 {
                return None;
            }
            frac = frac * 10 + i64::from(d);
            digits += 1;
        }
    }
    let nanos = frac * 10i64.pow(9 - digits);
    Some(((h * 60 + m) * 60 + sec) * 1_000_000_000 + nanos)
}

/// Parses a wall-clock time `hh:mm[:ss[.fff]]` into (hour, minute, second, nanos).
pub fn parse_time_of_day(s: &[u8]) -> Option<(u8, u8, u8, u32)> {
    let (dt, _) = parse_datetime(&[b"2000-01-01 ", s].concat(), DateOrder::YearMonthDay)?;
    Some((dt.hour, dt.minute, dt.second, dt.nanosecond))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fuzzing found ISO times outside 1678-2261 saturating `unix_nanos()`, then overflowing the
    /// date cache and the zone-offset arithmetic, and zone offsets of "-50" hours accepted.
    #[test]
    fn times_outside_the_i64_nanosecond_range_and_impossible_zones_are_unreadable() {
        let ymd = DateOrder::YearMonthDay;
        for text in [
            "2262-04-12T00:00:00",
            "2853-01-01 12:00:00",
            "1677-09-20T23:59:59",
            "9999-12-31T23:59:59.999999999",
            "0001-01-01T00:00:00",
            "2024-04-30T14:53:00-50",
            "2024-04-30T14:53:00+19:00",
            "2024-04-30T14:53:00+05:75",
        ] {
            assert_eq!(parse_unix_nanos(text.as_bytes(), ymd), None, "{text}");
            let mut cache = DateCache::default();
            assert_eq!(
                parse_unix_nanos_cached(text.as_bytes(), ymd, &mut cache),
                None,
                "{text}"
            );
        }
        // The edges of the range, and the widest zones, still read.
        let top = parse_unix_nanos(b"2262-04-11T23:47:16.854775807", ymd);
        assert_eq!(top, Some(i64::MAX));
        let bottom = parse_unix_nanos(b"1677-09-21T00:12:43.145224192", ymd);
        assert_eq!(bottom, Some(i64::MIN));
        // At the top a zone west of UTC moves the instant out of range: unreadable, no wrap.
        assert_eq!(parse_unix_nanos(b"2262-04-11T23:00:00-01:00", ymd), None);
        assert!(parse_unix_nanos(b"2024-04-30T14:53:00+14:00", ymd).is_some());
        assert!(parse_unix_nanos(b"2024-04-30T14:53:00-18:00", ymd).is_some());
        // The first day of the range: its midnight is out of range, so it is not cached, and
        // later rows of that day still parse.
        let mut cache = DateCache::default();
        for text in ["1677-09-21T00:13:00", "1677-09-21T00:14:00"] {
            let full = parse_unix_nanos(text.as_bytes(), ymd);
            assert!(full.is_some());
            assert_eq!(
                parse_unix_nanos_cached(text.as_bytes(), ymd, &mut cache),
                full
            );
        }
    }

    #[test]
    fn the_date_cache_gives_the_full_parsers_answers() {
        let mut cache = DateCache::default();
        let mut state: u64 = 7;
        let mut next = |n: u64| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            (state >> 33) % n
        };
        for _ in 0..20_000 {
            let day = 1 + next(3);
            let sep = ["T", " "][next(2) as usize];
            let frac = [
                "",
                ".5",
                ".250",
                ":125",
                ",123456789",
                ".1234567891",
                ".",
                "Z",
                "+01:00",
            ][next(9) as usize];
            let s = format!(
                "2024-02-{:02}{sep}{:02}:{:02}:{:02}{frac}",
                27 + day,
                next(25),
                next(61),
                next(61)
            );
            let want = parse_unix_nanos(s.as_bytes(), DateOrder::YearMonthDay);
            let got = parse_unix_nanos_cached(s.as_bytes(), DateOrder::YearMonthDay, &mut cache);
            assert_eq!(got, want, "{s}");
        }
    }

    #[test]
    fn parses_each_export_style() {
        let iso = parse_datetime(b"2024-04-30 14:53:00.250", DateOrder::YearMonthDay).unwrap();
        assert_eq!(iso.0.to_string(), "2024-04-30T14:53:00.250");
        let gene = parse_datetime(b"2025-03-17 12:37:32:500", DateOrder::YearMonthDay).unwrap();
        assert_eq!(gene.0.nanosecond, 500_000_000);
        let us = parse_datetime(b"4/30/2024 14:53:00.033", DateOrder::MonthDayYear).unwrap();
        assert_eq!(us.0.to_string(), "2024-04-30T14:53:00.033");
        let eu = parse_datetime(b"30/04/2024", DateOrder::DayMonthYear).unwrap();
        assert_eq!((eu.0.day, eu.0.month), (30, 4));
        assert!(parse_datetime(b"30/04/2024", DateOrder::MonthDayYear).is_none());
        assert!(parse_datetime(b"2024-02-30 00:00:00", DateOrder::YearMonthDay).is_none());
        let z = parse_unix_nanos(b"1970-01-01T01:00:00+01:00", DateOrder::YearMonthDay);
        assert_eq!(z, Some(0));
        assert_eq!(
            CivilDateTime::from_unix_nanos(1_714_488_780_000_000_000).to_string(),
            "2024-04-30T14:53:00"
        );
    }
}
