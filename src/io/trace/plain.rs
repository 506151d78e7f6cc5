//! Plain CSV: a time column (seconds or ISO date-times) and three axes, header optional; or
//! three axes alone with the sample rate given in the options. Also the column-name mapping the
//! device formats share.

use super::datetime::{DateOrder, parse_unix_nanos};
use super::lines::LineSource;
use super::number::parse_f64;
use super::text::{axis_of, cells, is_time_name, looks_binary, show_cell, split_name, units_of};
use super::{ColumnMap, EpochUnit, Header, ReadConfig, TimeKind, Units};
use crate::{Error, Result};

/// Columns found by name in a header line.
pub(crate) struct Named {
    pub names: Vec<String>,
    pub time: Option<usize>,
    pub axes: [usize; 3],
    /// Units the axis names state, with the wording for the report.
    pub declared: Option<(Units, String)>,
}

/// Maps a header line: the first time-like column and the x, y, z acceleration columns.
pub(crate) fn named_columns(file: &str, line_no: usize, line: &[u8]) -> Result<Named> {
    let parts: Vec<(String, Option<String>)> = cells(line, b',').map(split_name).collect();
    let names: Vec<String> = cells(line, b',')
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect();
    let time = parts.iter().position(|(base, _)| is_time_name(base));
    let mut axes = [None; 3];
    for (i, (base, _)) in parts.iter().enumerate() {
        if let Some(k) = axis_of(base) {
            axes[k].get_or_insert(i);
        }
    }
    let mut found = [0; 3];
    for k in 0..3 {
        found[k] = axes[k].ok_or_else(|| {
            Error::parse(
                file,
                line_no,
                format!(
                    "no column for the {} axis (columns: {})",
                    ["x", "y", "z"][k],
                    names.join(", ")
                ),
            )
        })?;
    }
    let units: Vec<Option<&str>> = found.iter().map(|&c| parts[c].1.as_deref()).collect();
    let declared = match (units[0], units[1], units[2]) {
        (Some(a), Some(b), Some(c)) if a != b || b != c => {
            return Err(Error::parse(
                file,
                line_no,
                format!("mixed units in the header: x in {a}, y in {b}, z in {c}"),
            ));
        }
        (Some(a), _, _) => units_of(a).map(|u| (u, format!("the column names say ({a})"))),
        _ => None,
    };
    Ok(Named {
        names,
        time,
        axes: found,
        declared,
    })
}

/// What the time cell of a data row looks like.
pub(crate) enum CellKind {
    Number,
    DateTime,
    Other,
}

/// Classifies a cell: a number, an ISO date-time, or neither.
pub(crate) fn cell_kind(cell: &[u8]) -> CellKind {
    if parse_f64(cell).is_some() {
        CellKind::Number
    } else if parse_unix_nanos(cell, DateOrder::YearMonthDay).is_some() {
        CellKind::DateTime
    } else {
        CellKind::Other
    }
}

/// The trimmed cells of the next line (for looking ahead; the line is then unread), or `None` at
/// the end of the file.
pub(crate) fn peek_cells(src: &mut LineSource) -> Result<Option<Vec<Vec<u8>>>> {
    let cells_owned = src
        .next_line()?
        .map(|line| cells(line, b',').map(<[u8]>::to_vec).collect());
    if cells_owned.is_some() {
        src.unread();
    }
    Ok(cells_owned)
}

/// Reads a plain file's header (if any) and decides its columns.
pub(crate) fn read_header(src: &mut LineSource, opts: &ReadConfig) -> Result<Header> {
    let file = src.name().to_string();
    let first = peek_cells(src)?.unwrap_or_default();
    if first.len() == 1 {
        if let Some(sep) = first[0].iter().find(|b| matches!(b, b';' | b'\t')) {
            let what = format!(
                "cells are separated by {:?}: only commas are supported",
                *sep as char
            );
            return Err(Error::parse(&file, src.line_no() + 1, what));
        }
    }
    let is_data = !first.is_empty()
        && first[1..].iter().all(|c| parse_f64(c).is_some())
        && !matches!(cell_kind(&first[0]), CellKind::Other);
    let (columns, declared) = if is_data {
        (headerless(&file, &first, opts)?, None)
    } else {
        let line = src.next_line()?.unwrap_or_default().to_vec();
        let named = named_columns(&file, src.line_no(), &line)?;
        let time_kind = match named.time {
            None => {
                from_rate(&file, src.line_no(), opts, "no time column in the header")?;
                TimeKind::FromRate
            }
            Some(tc) => time_kind_of_next_row(src, tc, &named.names[tc])?,
        };
        let columns = ColumnMap {
            cells: named.names.len(),
            time: if time_kind == TimeKind::FromRate {
                None
            } else {
                named.time
            },
            time_kind,
            axes: named.axes,
            names: named.names,
        };
        (columns, named.declared)
    };
    Ok(Header::columns_only(columns, declared))
}

/// Columns of a file without a header, from its first row.
fn headerless(file: &str, first: &[Vec<u8>], opts: &ReadConfig) -> Result<ColumnMap> {
    match first.len() {
        3 => {
            from_rate(file, 1, opts, "three columns and no time column")?;
            Ok(ColumnMap {
                names: Vec::new(),
                cells: 3,
                time: None,
                time_kind: TimeKind::FromRate,
                axes: [0, 1, 2],
            })
        }
        n if n >= 4 => Ok(ColumnMap {
            names: Vec::new(),
            cells: n,
            time: Some(0),
            time_kind: match cell_kind(&first[0]) {
                CellKind::DateTime => TimeKind::DateTime(DateOrder::YearMonthDay),
                _ => numeric_time_kind(&first[0]),
            },
            axes: [1, 2, 3],
        }),
        n => Err(Error::parse(
            file,
            1,
            format!("{n} column(s): expected time,x,y,z (or x,y,z with a sample rate)"),
        )),
    }
}

/// Checks that the options give a rate for a file whose time comes from it.
fn from_rate(file: &str, line: usize, opts: &ReadConfig, why: &str) -> Result<()> {
    if opts.sample_rate_hz.is_some() {
        Ok(())
    } else {
        Err(Error::parse(
            file,
            line,
            format!("{why}: give the sample rate"),
        ))
    }
}

/// Relative seconds, or epoch time in the unit its magnitude implies ([`EpochUnit`]), from a
/// numeric time cell of the first data row.
fn numeric_time_kind(cell: &[u8]) -> TimeKind {
    match parse_f64(cell).and_then(EpochUnit::of_first_value) {
        Some(unit) => TimeKind::Unix(unit),
        None => TimeKind::Seconds,
    }
}

/// Seconds, epoch time or ISO date-times, from the time cell of the first data row.
pub(crate) fn time_kind_of_next_row(
    src: &mut LineSource,
    col: usize,
    name: &str,
) -> Result<TimeKind> {
    let Some(row) = peek_cells(src)? else {
        return Ok(TimeKind::Seconds); // no rows: reported as "no data rows" later
    };
    let cell = row.get(col).map_or(&[][..], |c| c);
    match cell_kind(cell) {
        CellKind::Number => Ok(numeric_time_kind(cell)),
        CellKind::DateTime => Ok(TimeKind::DateTime(DateOrder::YearMonthDay)),
        CellKind::Other if looks_binary(cell) => Err(Error::parse(
            src.name(),
            src.line_no() + 1,
            "binary data, not a text CSV row",
        )),
        CellKind::Other => Err(Error::parse(
            src.name(),
            src.line_no() + 1,
            format!(
                "time column {name:?} holds {:?}: neither seconds nor an ISO date-time (yyyy-MM-dd hh:mm:ss)",
                show_cell(cell)
            ),
        )),
    }
}
