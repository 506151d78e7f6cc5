//! A sleep diary: in-bed and out-of-bed clock times, one night per row.
//!
//! ```text
//! in_bed,out_of_bed            # an optional header line
//! 22:30,06:45                  # HH:MM[:SS]: the first such time after the previous one
//! 2026-03-15 23:10,07:20       # ISO 8601 date-times (T or space), or a mix
//! ```
//! Clock times are wall-clock times like the devices' (no zone: a zone suffix is an error, since
//! device exports are naive local times). An `HH:MM` time is the first time of day at or after
//! the previous one in the file (the recording's start for the first), so a night rolls over
//! midnight and the next night's in-bed time rolls to the next evening. Fields after the
//! second, blank lines and `#` comments are ignored. Every bad row is an error naming the
//! file and line.

use std::path::Path;

use crate::event::Interval;
use crate::io::trace::datetime::{DateOrder, parse_datetime, parse_time_of_day};
use crate::{Error, Result};

/// Reads a diary file into in-bed windows in seconds from `origin_unix_s` (the shared clock's
/// zero, the recording's first sample, as a naive local time read as UTC). Errors name the
/// file and line: a time that does not parse, an out-of-bed time not after the in-bed time,
/// a night that starts before the previous one ends, clock times without a known recording
/// start, or a diary without a night.
pub fn read_diary(path: &Path, origin_unix_s: Option<f64>) -> Result<Vec<Interval>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    parse_diary(&text, &path.display().to_string(), origin_unix_s)
}

/// [`read_diary`] on text; `file` names it in errors.
pub fn parse_diary(text: &str, file: &str, origin_unix_s: Option<f64>) -> Result<Vec<Interval>> {
    let mut nights = Vec::new();
    let mut previous = origin_unix_s;
    let mut previous_end = f64::NEG_INFINITY;
    for (k, raw) in text.lines().enumerate() {
        let line = k + 1;
        let content = raw.split('#').next().unwrap_or("").trim();
        if content.is_empty() {
            continue;
        }
        let fields: Vec<&str> = content.split([',', ';', '\t']).map(str::trim).collect();
        let is_header = nights.is_empty()
            && fields
                .first()
                .is_some_and(|f| f.chars().next().is_some_and(|c| c.is_ascii_alphabetic()));
        if is_header {
            continue;
        }
        if fields.len() < 2 {
            return Err(Error::parse(
                file,
                line,
                format!("a diary row needs an in-bed and an out-of-bed time, got {content:?}"),
            ));
        }
        let origin = origin_unix_s.ok_or_else(|| {
            Error::parse(
                file,
                line,
                "the recording's start date and time are unknown, so diary clock times \
                 cannot be placed (the traces have no start time)",
            )
        })?;
        let at = |text: &str, after: f64| {
            clock_time_unix_s(text, after).map_err(|what| Error::parse(file, line, what))
        };
        let in_bed = at(fields[0], previous.unwrap_or(origin))?;
        let out = at(fields[1], in_bed)?;
        if out <= in_bed {
            return Err(Error::parse(
                file,
                line,
                format!("out of bed {} is not after in bed {}", fields[1], fields[0]),
            ));
        }
        if in_bed < previous_end {
            return Err(Error::parse(
                file,
                line,
                format!(
                    "in bed {} is before the previous night's out of bed",
                    fields[0]
                ),
            ));
        }
        previous = Some(out);
        previous_end = out;
        nights.push(Interval {
            onset_s: in_bed - origin,
            offset_s: out - origin,
        });
    }
    if nights.is_empty() {
        return Err(Error::parse(file, 0, "the diary has no night"));
    }
    Ok(nights)
}

/// A clock time as seconds from 1970 (naive, read as UTC): an ISO 8601 date-time as written,
/// or `HH:MM[:SS]` as the first such time of day at or after `after_unix_s`. The error says
/// what is wrong with the text.
pub fn clock_time_unix_s(text: &str, after_unix_s: f64) -> std::result::Result<f64, String> {
    let t = text.trim();
    if let Some((dt, zone)) = parse_datetime(t.as_bytes(), DateOrder::YearMonthDay) {
        if zone.is_some() {
            return Err(format!(
                "{t:?} has a time zone; write wall-clock times as the device does, without one"
            ));
        }
        return Ok(dt.unix_seconds());
    }
    let Some((h, m, s, ns)) = parse_time_of_day(t.as_bytes()) else {
        return Err(format!(
            "{t:?} is neither an ISO 8601 date-time (2026-03-14T22:30) nor a time of day (22:30)"
        ));
    };
    if !after_unix_s.is_finite() {
        return Err(format!("{t:?}: no date to place the time of day on"));
    }
    let of_day = f64::from(h) * 3600.0 + f64::from(m) * 60.0 + f64::from(s) + f64::from(ns) * 1e-9;
    let day = (after_unix_s / 86_400.0).floor() * 86_400.0;
    let mut t_s = day + of_day;
    if t_s < after_unix_s {
        t_s += 86_400.0;
    }
    Ok(t_s)
}

/// A time option as seconds on the recording's clock: a number of seconds (`3600`, `-30`),
/// or a clock time ([`clock_time_unix_s`], at or after the recording's start), for which
/// `origin_unix_s` must be known. `what` names the option in errors.
pub fn time_option_s(text: &str, origin_unix_s: Option<f64>, what: &str) -> Result<f64> {
    if let Ok(s) = text.trim().parse::<f64>() {
        // `str::parse` takes "inf" and "NaN": no time of a night (fuzzing found `inf`).
        if !s.is_finite() {
            return Err(Error::InvalidConfig(format!(
                "{what} {text:?} is not a finite number of seconds"
            )));
        }
        return Ok(s);
    }
    let origin = origin_unix_s.ok_or_else(|| {
        Error::InvalidConfig(format!(
            "{what} {text:?} is a clock time, but the recording's start date and time are \
             unknown: give seconds from the first sample"
        ))
    })?;
    clock_time_unix_s(text, origin)
        .map(|t| t - origin)
        .map_err(|e| Error::InvalidConfig(format!("{what}: {e}")))
}

/// Lights off and lights on as seconds on the recording's clock, each given as
/// [`time_option_s`] reads it. A clock time for lights on is the first at or after lights off
/// (`23:10` to `07:05` spans the night), so a night's pair needs no date. `names` are the
/// options' names for errors, e.g. `("--lights-off", "--lights-on")`.
pub fn lights_s(
    off: Option<&str>,
    on: Option<&str>,
    origin_unix_s: Option<f64>,
    names: (&str, &str),
) -> Result<(Option<f64>, Option<f64>)> {
    let off_s = off
        .map(|t| time_option_s(t, origin_unix_s, names.0))
        .transpose()?;
    let on_s = on
        .map(|t| {
            let after = off_s.unwrap_or(0.0);
            if t.trim().parse::<f64>().is_ok() {
                time_option_s(t, origin_unix_s, names.1)
            } else {
                Ok(time_option_s(t, origin_unix_s.map(|o| o + after), names.1)? + after)
            }
        })
        .transpose()?;
    Ok((off_s, on_s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lights_on_as_a_clock_time_is_the_first_after_lights_off() {
        let names = ("--lights-off", "--lights-on");
        // Recording from 2026-03-01 22:00 UTC.
        let origin = 1_772_402_400.0;
        assert_eq!(
            lights_s(Some("23:10"), Some("07:05"), Some(origin), names).unwrap(),
            (Some(4200.0), Some(32_700.0))
        );
        // Lights on alone counts from the recording's start; seconds pass through.
        assert_eq!(
            lights_s(None, Some("21:30"), Some(origin), names).unwrap(),
            (None, Some(84_600.0))
        );
        assert_eq!(
            lights_s(Some("600"), Some("07:05"), Some(origin), names).unwrap(),
            (Some(600.0), Some(32_700.0))
        );
        let e = lights_s(Some("23:10"), None, None, names).unwrap_err();
        assert!(
            e.to_string()
                .contains("--lights-off \"23:10\" is a clock time"),
            "{e}"
        );
        let e = lights_s(None, Some("7h"), Some(origin), names).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("invalid configuration: --lights-on"),
            "{e}"
        );
    }

    #[test]
    fn a_lights_option_must_be_a_finite_time() {
        for text in ["inf", "-inf", "NaN", "1e400"] {
            let e = time_option_s(text, Some(0.0), "--lights-off").unwrap_err();
            assert!(e.to_string().contains("not a finite number"), "{text}: {e}");
        }
        assert_eq!(time_option_s(" 90.5 ", None, "--lights-on").unwrap(), 90.5);
    }

    /// 2026-03-14 10:00:00.
    const START: f64 = 1_773_482_400.0;

    #[test]
    fn times_of_day_roll_over_midnight_and_into_the_next_evening() {
        let d = parse_diary(
            "in_bed,out_of_bed\n22:30,06:45\n23:00,07:00 # late\n\n2026-03-16T22:00,2026-03-17 06:00\n",
            "d.csv",
            Some(START),
        )
        .unwrap();
        let h = |s: f64| s / 3600.0;
        assert_eq!(d.len(), 3);
        assert_eq!((h(d[0].onset_s), h(d[0].offset_s)), (12.5, 20.75));
        assert_eq!((h(d[1].onset_s), h(d[1].offset_s)), (37.0, 45.0));
        assert_eq!((h(d[2].onset_s), h(d[2].offset_s)), (60.0, 68.0));
    }

    #[test]
    fn bad_rows_name_the_line() {
        for (text, line) in [
            ("22:30,06:45\n25:00,07:00\n", 2),
            ("22:30\n", 1),
            ("2026-03-14T23:00,2026-03-14T22:00\n", 1),
            (
                "2026-03-14T23:00,2026-03-15T07:00\n2026-03-15T06:00,2026-03-15T08:00\n",
                2,
            ),
        ] {
            match parse_diary(text, "d.csv", Some(START)) {
                Err(Error::Parse { line: l, file, .. }) => {
                    assert_eq!((l, file.as_str()), (line, "d.csv"), "{text:?}")
                }
                other => panic!("{text:?}: {other:?}"),
            }
        }
        assert!(parse_diary("22:30,06:45\n", "d.csv", None).is_err());
        assert!(parse_diary("# nothing\n", "d.csv", Some(START)).is_err());
    }

    #[test]
    fn time_options_take_seconds_or_clock_times() {
        assert_eq!(time_option_s("-30", None, "--lights-off").unwrap(), -30.0);
        assert_eq!(
            time_option_s("22:30", Some(START), "--lights-off").unwrap(),
            45_000.0
        );
        assert_eq!(
            time_option_s("2026-03-15T06:45:00", Some(START), "--lights-on").unwrap(),
            74_700.0
        );
        assert!(time_option_s("22:30", None, "--lights-off").is_err());
        assert!(time_option_s("late", Some(START), "--lights-off").is_err());
    }
}
