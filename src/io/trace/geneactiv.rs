//! GENEActiv CSV (GENEActiv PC software export): about 100 header lines of `Key,value` (or
//! `Key:value`) grouped under section titles, then rows
//! `yyyy-MM-dd hh:mm:ss:mmm,x,y,z,lux,button,temperature` in g.

use super::datetime::{DateOrder, parse_datetime};
use super::geneactiv_bin::{Calibration, Pages, check_header};
use super::lines::LineSource;
use super::plain::{CellKind, cell_kind};
use super::text::{cells, header_text, key_value, looks_binary};
use super::{ColumnMap, Header, Packed, TimeKind, TraceFormat, Units, check_rate};
use crate::{Error, Result};

/// Header lines read at most before the first data row.
const MAX_HEADER_LINES: usize = 300;

/// A `.bin` file's pages start after this line.
const RECORDED_DATA: &str = "Recorded Data";

/// Reads the header up to the first data row (which is left unread), or up to the `Recorded Data`
/// line of a native `.bin` (whose pages the returned [`Pages`] decoder then reads).
pub(crate) fn read_header(src: &mut LineSource) -> Result<Header> {
    let file = src.name().to_string();
    let mut header = Header {
        columns: ColumnMap {
            names: Vec::new(),
            cells: 0,
            time: Some(0),
            time_kind: TimeKind::DateTime(DateOrder::YearMonthDay),
            axes: [1, 2, 3],
        },
        rate_hz: None,
        start: None,
        declared_units: Some((Units::G, "GENEActiv CSV is in g".into())),
        serial: None,
        format: None,
        packed: None,
    };
    let mut keys: Vec<(String, String)> = Vec::new();
    loop {
        let Some((line_no, line)) = src.next_numbered()? else {
            return Err(Error::parse(
                &file,
                src.line_no(),
                "no data rows after the GENEActiv header",
            ));
        };
        if looks_binary(line) {
            return Err(Error::parse(&file, line_no, "binary data in the header"));
        }
        let row: Vec<&[u8]> = cells(line, b',').collect();
        if matches!(cell_kind(row[0]), CellKind::DateTime) {
            if row.len() < 4 {
                return Err(Error::parse(
                    &file,
                    line_no,
                    format!("{} cells: expected time and three axes", row.len()),
                ));
            }
            header.columns.cells = row.len();
            src.unread();
            return Ok(header);
        }
        if line_no >= MAX_HEADER_LINES {
            return Err(Error::parse(
                &file,
                line_no,
                format!("no data row within the first {MAX_HEADER_LINES} lines"),
            ));
        }
        let text = header_text(line);
        if text == RECORDED_DATA {
            // The native .bin: pages of hex samples follow.
            let cal = Calibration::from_keys(&keys);
            let (cal, rate) = check_header(&file, line_no, cal, header.rate_hz)?;
            header.columns = ColumnMap {
                names: Vec::new(),
                cells: 3,
                time: None,
                time_kind: TimeKind::FromRate,
                axes: [0, 1, 2],
            };
            header.declared_units = Some((Units::G, "GENEActiv .bin, calibrated to g".into()));
            header.format = Some(TraceFormat::GeneActivBin);
            header.packed = Some(Packed::GeneActiv(Pages::new(&file, cal, rate)));
            return Ok(header);
        }
        let Some((key, value)) = key_value(&text) else {
            continue;
        };
        if keys.len() < 200 {
            keys.push((key.clone(), value.clone()));
        }
        match key.as_str() {
            "measurement frequency" if header.rate_hz.is_none() => {
                let number = value.trim_end_matches(|c: char| c.is_alphabetic() || c == ' ');
                let hz = number.parse::<f64>().map_err(|_| {
                    Error::parse(
                        &file,
                        line_no,
                        format!("measurement frequency {value:?} is not a number"),
                    )
                })?;
                header.rate_hz = Some(check_rate(&file, line_no, hz)?);
            }
            "start time" if header.start.is_none() => {
                let parsed = parse_datetime(value.as_bytes(), DateOrder::YearMonthDay);
                header.start = Some(parsed.map(|(dt, _)| dt).ok_or_else(|| {
                    Error::parse(
                        &file,
                        line_no,
                        format!("start time {value:?} is not like 2025-03-17 12:37:32:000"),
                    )
                })?);
            }
            "device unique serial code" if header.serial.is_none() => {
                header.serial = Some(value);
            }
            "accelerometer units" if !value.eq_ignore_ascii_case("g") => {
                return Err(Error::parse(
                    &file,
                    line_no,
                    format!("accelerometer units {value:?}: only g is known for GENEActiv"),
                ));
            }
            _ => {}
        }
    }
}
