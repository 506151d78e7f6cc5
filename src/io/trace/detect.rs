//! Telling a text file's format from its first lines, and dispatching to its header reader.

use super::lines::LineSource;
use super::{Header, ReadConfig, TraceFormat, actigraph, axivity, geneactiv, phone, plain, text};
use crate::{Error, Result};

/// The format of a text file from its first non-blank line (leading blank lines are passed over
/// and the line itself is left unread).
pub(crate) fn first_line_format(
    src: &mut LineSource,
    name: &str,
    opts: &ReadConfig,
) -> Result<(TraceFormat, &'static str)> {
    let mut blank_lines = 0;
    let found = loop {
        match src.next_numbered()? {
            None if blank_lines == 0 => {
                return Err(Error::parse(name, 0, "empty file: no header and no data"));
            }
            None => {
                let what = "only blank lines: no header and no data";
                return Err(Error::parse(name, blank_lines, what));
            }
            Some((no, first)) if text::looks_binary(first) => {
                return Err(Error::parse(name, no, "binary data, not a text CSV file"));
            }
            Some((_, first)) if text::header_text(first).is_empty() => blank_lines += 1,
            Some((_, first)) => match opts.format {
                Some(f) => break (f, "set by the caller"),
                None => break detect(first),
            },
        }
    };
    src.unread();
    Ok(found)
}

/// Reads a text format's header.
pub(crate) fn read_text_header(
    src: &mut LineSource,
    format: TraceFormat,
    opts: &ReadConfig,
) -> Result<Header> {
    match format {
        TraceFormat::ActiGraphCsv => actigraph::read_header(src, opts),
        TraceFormat::GeneActivCsv | TraceFormat::GeneActivBin => geneactiv::read_header(src),
        TraceFormat::AxivityCsv => axivity::read_header(src),
        TraceFormat::PhoneNanos | TraceFormat::PhoneSeconds => phone::read_header(src, format),
        TraceFormat::Plain => plain::read_header(src, opts),
        TraceFormat::ActiGraphGt3x => Err(Error::parse(
            src.name(),
            0,
            "not a .gt3x: the file is not a zip archive",
        )),
        TraceFormat::AxivityCwa => Err(Error::parse(
            src.name(),
            0,
            "not a .cwa: the file does not start with an \"MD\" header block",
        )),
    }
}

/// The format a file's first line points to, and why.
fn detect(first: &[u8]) -> (TraceFormat, &'static str) {
    let lower = text::header_text(first).to_ascii_lowercase();
    if lower.contains("data file created by actigraph")
        || (lower.starts_with("---") && lower.contains("actigraph"))
    {
        return (TraceFormat::ActiGraphCsv, "line 1 is an ActiGraph banner");
    }
    if lower == "device identity" || lower.contains("geneactiv") {
        return (TraceFormat::GeneActivCsv, "line 1 opens a GENEActiv header");
    }
    let names: Vec<(String, Option<String>)> =
        text::cells(first, b',').map(text::split_name).collect();
    if names.iter().any(|(b, _)| b == "seconds_elapsed") {
        return (TraceFormat::PhoneNanos, "a seconds_elapsed column");
    }
    if names.iter().any(|(b, _)| b.starts_with("accel-")) {
        return (TraceFormat::AxivityCsv, "Accel-X/Y/Z column names");
    }
    let time_in_s = names
        .first()
        .is_some_and(|(b, u)| text::is_time_name(b) && u.as_deref() == Some("s"));
    if time_in_s && names.iter().any(|(b, _)| b.contains("acceleration")) {
        return (
            TraceFormat::PhoneSeconds,
            "Time (s) and Acceleration columns",
        );
    }
    // omconvert writes no header by default: `2014-05-07 12:00:00.000,x,y,z[,gx,gy,gz]`.
    let first_cell = text::cells(first, b',').next().unwrap_or_default();
    if names.len() >= 4 && is_axivity_time(first_cell) {
        return (
            TraceFormat::AxivityCsv,
            "no header; rows start with yyyy-MM-dd hh:mm:ss.fff",
        );
    }
    (
        TraceFormat::Plain,
        "no device banner or device column names",
    )
}

/// `yyyy-MM-dd hh:mm:ss.fff` exactly (space separator, milliseconds), as Axivity tools write it.
fn is_axivity_time(cell: &[u8]) -> bool {
    const SHAPE: &[u8] = b"0000-00-00 00:00:00.000";
    cell.len() == SHAPE.len()
        && cell.iter().zip(SHAPE).all(|(&c, &s)| {
            if s == b'0' {
                c.is_ascii_digit()
            } else {
                c == s
            }
        })
}
