//! Axivity AX3/AX6 CSV as OMGUI or omconvert export it: an optional header
//! `Time,Accel-X (g), Accel-Y (g), Accel-Z (g)` (AX6 adds gyro columns, ignored), then rows with an
//! ISO time `yyyy-MM-dd hh:mm:ss.fff` and the three axes in g.

use super::datetime::DateOrder;
use super::lines::LineSource;
use super::plain::{CellKind, cell_kind, named_columns, peek_cells};
use super::{ColumnMap, Header, TimeKind};
use crate::{Error, Result};

/// Reads the optional header line and decides the columns.
pub(crate) fn read_header(src: &mut LineSource) -> Result<Header> {
    let file = src.name().to_string();
    let first = peek_cells(src)?.unwrap_or_default();
    let time_kind = TimeKind::DateTime(DateOrder::YearMonthDay);
    let headerless = first
        .first()
        .is_some_and(|c| matches!(cell_kind(c), CellKind::DateTime));
    let (columns, declared) = if headerless {
        if first.len() < 4 {
            return Err(Error::parse(
                &file,
                1,
                format!("{} columns: expected time and three axes", first.len()),
            ));
        }
        let columns = ColumnMap {
            names: Vec::new(),
            cells: first.len(),
            time: Some(0),
            time_kind,
            axes: [1, 2, 3],
        };
        // No header, no stated units: the data decide (OMGUI writes g, but a look-alike may not).
        (columns, None)
    } else {
        let line = src.next_line()?.unwrap_or_default().to_vec();
        let named = named_columns(&file, src.line_no(), &line)?;
        let columns = ColumnMap {
            cells: named.names.len(),
            time: Some(named.time.unwrap_or(0)),
            time_kind,
            axes: named.axes,
            names: named.names,
        };
        (columns, named.declared)
    };
    Ok(Header::columns_only(columns, declared))
}
