//! RemLogic event exports: tab-separated, an optional banner and `Key: value` lines, then a
//! header line of the columns `Sleep Stage`, `Position` (optional), `Time [hh:mm:ss]`, `Event`,
//! `Duration[s]` (or `Duration [s]`) and `Location`, found by name.
//!
//! Times are clock times, `hh:mm:ss[.fff]` (a run of rows that goes back by more than 12 h has
//! crossed midnight) or ISO `yyyy-mm-ddThh:mm:ss[.ffffff]`. As a lab reads the file, time zero
//! is the first staged epoch (`SLEEP-S0`…), and events outside the staged epochs are counted in
//! [`Annotations::outside`](super::Annotations::outside) and not used (lights excepted).

use super::vocab::{Collector, Kind, classify};
use super::{AnnotationFormat, Annotations};
use crate::civil::days_from_civil;
use crate::{Error, Result};

/// `hh:mm:ss[.f]` as seconds of the day.
fn time_of_day(t: &str) -> Option<f64> {
    let mut it = t.splitn(3, ':');
    let h: u32 = it.next()?.parse().ok()?;
    let m: u32 = it.next()?.parse().ok()?;
    let s_text = it.next()?;
    if s_text.is_empty()
        || s_text.starts_with('.')
        || !s_text.bytes().all(|b| b.is_ascii_digit() || b == b'.')
    {
        return None;
    }
    let s: f64 = s_text.parse().ok()?;
    (h < 24 && m < 60 && s < 60.0).then(|| f64::from(h * 3600 + m * 60) + s)
}

/// A time cell: (absolute seconds if the cell has a date, seconds of the day).
fn parse_time(cell: &str) -> Option<(Option<f64>, f64)> {
    if let Some((date, time)) = cell.split_once('T') {
        let mut d = date.splitn(3, '-');
        let y: i32 = d.next()?.parse().ok()?;
        let m: u8 = d.next()?.parse().ok()?;
        let day: u8 = d.next()?.parse().ok()?;
        if !(1..=12).contains(&m) || !(1..=31).contains(&day) {
            return None;
        }
        let tod = time_of_day(time)?;
        Some((
            Some(days_from_civil(y, m, day) as f64 * 86_400.0 + tod),
            tod,
        ))
    } else {
        time_of_day(cell).map(|t| (None, t))
    }
}

struct Row {
    t: f64,
    event: String,
    duration: f64,
    location: Option<String>,
}

/// Parses a RemLogic event export; `file` names it in errors.
pub fn parse_remlogic(text: &str, file: &str) -> Result<Annotations> {
    let lines: Vec<&str> = text.lines().collect();
    let (header_idx, header) = lines
        .iter()
        .enumerate()
        .find(|(_, l)| l.contains("Time [hh:mm:ss") && l.contains("Event"))
        .ok_or_else(|| {
            Error::parse(
                file,
                0,
                "no RemLogic column header (a line with `Time [hh:mm:ss]` and `Event`)",
            )
        })?;
    let cols: Vec<&str> = header.split('\t').map(str::trim).collect();
    let find = |pred: &dyn Fn(&str) -> bool, what: &str| {
        cols.iter().position(|c| pred(c)).ok_or_else(|| {
            Error::parse(
                file,
                header_idx + 1,
                format!("no `{what}` column in the header"),
            )
        })
    };
    let c_time = find(&|c| c.starts_with("Time ["), "Time [hh:mm:ss]")?;
    let c_event = find(&|c| c == "Event", "Event")?;
    let c_dur = find(&|c| c.starts_with("Duration"), "Duration[s]")?;
    let c_loc = cols.iter().position(|c| *c == "Location");
    let need = c_time.max(c_event).max(c_dur) + 1;

    let mut rows = Vec::new();
    let mut day = 0.0;
    let mut prev: Option<f64> = None;
    for (i, line) in lines.iter().enumerate().skip(header_idx + 1) {
        let line_no = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').map(str::trim).collect();
        if f.len() < need {
            return Err(Error::parse(
                file,
                line_no,
                format!(
                    "expected at least {need} tab-separated fields, found {}",
                    f.len()
                ),
            ));
        }
        let (abs, tod) = parse_time(f[c_time]).ok_or_else(|| {
            Error::parse(
                file,
                line_no,
                format!(
                    "time {:?} is not hh:mm:ss[.fff] or yyyy-mm-ddThh:mm:ss",
                    f[c_time]
                ),
            )
        })?;
        let t = match abs {
            Some(a) => a,
            None => {
                if let Some(p) = prev {
                    if tod + day < p - 43_200.0 {
                        day += 86_400.0;
                    }
                }
                tod + day
            }
        };
        prev = Some(t);
        let duration: f64 = f[c_dur]
            .replace(',', ".")
            .parse()
            .ok()
            .filter(|d: &f64| d.is_finite() && *d >= 0.0)
            .ok_or_else(|| {
                Error::parse(
                    file,
                    line_no,
                    format!("duration {:?} is not a number of seconds >= 0", f[c_dur]),
                )
            })?;
        if f[c_event].is_empty() {
            return Err(Error::parse(file, line_no, "empty Event field"));
        }
        rows.push(Row {
            t,
            event: f[c_event].to_string(),
            duration,
            location: c_loc
                .and_then(|c| f.get(c))
                .filter(|l| !l.is_empty())
                .map(|l| l.to_string()),
        });
    }
    if rows.is_empty() {
        return Err(Error::parse(
            file,
            header_idx + 1,
            "no event rows after the header",
        ));
    }
    let staged: Vec<&Row> = rows
        .iter()
        .filter(|r| matches!(classify(&r.event), Kind::Stage(_)))
        .collect();
    let zero = staged
        .iter()
        .map(|r| r.t)
        .min_by(f64::total_cmp)
        .unwrap_or(rows[0].t);
    let end = staged
        .iter()
        .map(|r| r.t + r.duration.max(30.0))
        .max_by(f64::total_cmp);
    let mut c = Collector::default();
    let mut outside = 0;
    for r in &rows {
        let kind = classify(&r.event);
        let outside_staged = match (end, kind) {
            (_, Kind::Stage(_) | Kind::LightsOff | Kind::LightsOn) => false,
            (Some(e), _) => r.t < zero || r.t >= e,
            (None, _) => false,
        };
        if outside_staged {
            outside += 1;
            continue;
        }
        c.event(&r.event, r.location.as_deref(), r.t - zero, r.duration);
    }
    let origin = zero.rem_euclid(86_400.0);
    c.finish(AnnotationFormat::RemLogic, file, Some(origin), outside)
}
