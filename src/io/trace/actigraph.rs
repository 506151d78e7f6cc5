//! ActiGraph ActiLife RAW CSV: a banner line
//! `------------ Data File Created By ActiGraph ... date format M/d/yyyy at 30 Hz ...`, header
//! lines (Serial Number, Start Time, Start Date, Epoch Period, Download Time/Date, Current Memory
//! Address, Current Battery Voltage ... Mode = 12; exporters such as gt3x2csv add more), a line of
//! dashes, then optionally `Timestamp,Accelerometer X,Accelerometer Y,Accelerometer Z` (or the
//! axes alone), then rows in g. Without a timestamp column, row n is at start + n / rate.

use super::datetime::{CivilDateTime, DateOrder, parse_datetime, parse_time_of_day};
use super::lines::LineSource;
use super::number::parse_f64;
use super::plain::{named_columns, peek_cells};
use super::text::{header_text, looks_binary};
use super::{ColumnMap, Header, ReadConfig, TimeKind, Units, check_rate};
use crate::{Error, Result};

/// Header lines read at most looking for the closing line of dashes.
const MAX_HEADER_LINES: usize = 40;

/// Reads the banner, header and optional column-name line.
pub(crate) fn read_header(src: &mut LineSource, opts: &ReadConfig) -> Result<Header> {
    let file = src.name().to_string();
    let banner = header_text(src.next_line()?.unwrap_or_default());
    let (order, banner_rate) = parse_banner(&file, &banner)?;
    let mut rate = banner_rate.map(|hz| check_rate(&file, 1, hz)).transpose()?;
    let mut serial = None;
    let (mut date, mut time) = (None, None);
    loop {
        let Some((line_no, line)) = src.next_numbered()? else {
            return Err(Error::parse(
                &file,
                src.line_no(),
                "the header ends before its line of dashes",
            ));
        };
        if looks_binary(line) {
            return Err(Error::parse(&file, line_no, "binary data in the header"));
        }
        let text = header_text(line);
        if text.len() >= 5 && text.bytes().all(|b| b == b'-') {
            break;
        }
        if line_no >= MAX_HEADER_LINES {
            return Err(Error::parse(
                &file,
                line_no,
                format!("no line of dashes ending the header within {MAX_HEADER_LINES} lines"),
            ));
        }
        let lower = text.to_ascii_lowercase();
        let value = |prefix: &str| {
            text[prefix.len()..]
                .trim_start_matches([':', ' ', ','])
                .trim()
                .to_string()
        };
        if lower.starts_with("serial number") {
            serial = Some(value("serial number"));
        } else if lower.starts_with("start time") {
            let v = value("start time");
            time = Some(parse_time_of_day(v.as_bytes()).ok_or_else(|| {
                Error::parse(&file, line_no, format!("start time {v:?} is not hh:mm:ss"))
            })?);
        } else if lower.starts_with("start date") {
            let v = value("start date");
            let parsed = parse_datetime(v.as_bytes(), order).map(|(d, _)| d);
            date = Some(parsed.ok_or_else(|| {
                Error::parse(
                    &file,
                    line_no,
                    format!(
                        "start date {v:?} does not match the header's date format {}",
                        order.pattern()
                    ),
                )
            })?);
        } else if lower.starts_with("sample rate") {
            let v = value("sample rate");
            let hz = v
                .trim_end_matches(|c: char| c.is_alphabetic() || c == ' ')
                .parse::<f64>();
            let hz = hz.map_err(|_| {
                Error::parse(&file, line_no, format!("sample rate {v:?} is not a number"))
            })?;
            let hz = check_rate(&file, line_no, hz)?;
            if rate.is_some_and(|r| (r - hz).abs() > 1e-9 * hz) {
                return Err(Error::parse(
                    &file,
                    line_no,
                    format!(
                        "sample rate {hz} Hz disagrees with the banner's {} Hz",
                        rate.unwrap_or(0.0)
                    ),
                ));
            }
            rate = Some(hz);
        }
    }
    let start = match (date, time) {
        (Some(d), Some((h, m, s, ns))) => CivilDateTime::new(d.year, d.month, d.day, h, m, s, ns),
        _ => None,
    };
    let columns = columns(src, &file, order)?;
    if columns.time_kind == TimeKind::FromRate && rate.is_none() && opts.sample_rate_hz.is_none() {
        return Err(Error::parse(
            &file,
            1,
            "no sample rate in the banner and no timestamp column",
        ));
    }
    Ok(Header {
        columns,
        rate_hz: rate,
        start,
        declared_units: Some((Units::G, "ActiGraph RAW CSV is in g".into())),
        serial,
        format: None,
        packed: None,
    })
}

/// The date order and the rate from `... date format M/d/yyyy at 30 Hz ...`.
fn parse_banner(file: &str, banner: &str) -> Result<(DateOrder, Option<f64>)> {
    let words: Vec<&str> = banner.split_whitespace().collect();
    let mut order = DateOrder::MonthDayYear; // ActiLife's default when the banner names none
    let mut rate = None;
    for (i, w) in words.iter().enumerate() {
        if w.eq_ignore_ascii_case("format") && i > 0 && words[i - 1].eq_ignore_ascii_case("date") {
            let pattern = words.get(i + 1).copied().unwrap_or("");
            order = DateOrder::from_pattern(pattern).ok_or_else(|| {
                Error::parse(
                    file,
                    1,
                    format!("date format {pattern:?} is not a day/month/year pattern"),
                )
            })?;
        }
        if w.eq_ignore_ascii_case("hz") && i > 0 {
            rate = words[i - 1].parse::<f64>().ok();
        }
    }
    Ok((order, rate))
}

/// Columns from the optional column-name line, or from the first data row.
fn columns(src: &mut LineSource, file: &str, order: DateOrder) -> Result<ColumnMap> {
    let Some(first) = peek_cells(src)? else {
        return Ok(ColumnMap {
            names: Vec::new(),
            cells: 3,
            time: None,
            time_kind: TimeKind::FromRate,
            axes: [0, 1, 2],
        });
    };
    let is_value = |(i, c): (usize, &Vec<u8>)| {
        parse_f64(c).is_some() || (i == 0 && parse_datetime(c, order).is_some())
    };
    if !first.iter().enumerate().all(is_value) {
        let line = src.next_line()?.unwrap_or_default().to_vec();
        let named = named_columns(file, src.line_no(), &line)?;
        return Ok(ColumnMap {
            cells: named.names.len(),
            time: named.time,
            time_kind: if named.time.is_some() {
                TimeKind::DateTime(order)
            } else {
                TimeKind::FromRate
            },
            axes: named.axes,
            names: named.names,
        });
    }
    let timestamped = first.len() >= 4 && parse_datetime(&first[0], order).is_some();
    Ok(ColumnMap {
        names: Vec::new(),
        cells: first.len(),
        time: timestamped.then_some(0),
        time_kind: if timestamped {
            TimeKind::DateTime(order)
        } else {
            TimeKind::FromRate
        },
        axes: if timestamped { [1, 2, 3] } else { [0, 1, 2] },
    })
}
