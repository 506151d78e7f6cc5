//! Phone accelerometer loggers, two layouts, axes mapped by name:
//! `time,seconds_elapsed,z,y,x` (Sensor Logger style: Unix nanoseconds, m/s²) and
//! `"Time (s)","Acceleration x (m/s^2)",...` (phyphox style: seconds from the start).

use super::lines::LineSource;
use super::plain::named_columns;
use super::text::split_name;
use super::{ColumnMap, EpochUnit, Header, TimeKind, TraceFormat, Units};
use crate::{Error, Result};

/// Reads the column-name line of a phone export in `layout`.
pub(crate) fn read_header(src: &mut LineSource, layout: TraceFormat) -> Result<Header> {
    let file = src.name().to_string();
    let line = src.next_line()?.unwrap_or_default().to_vec();
    let line_no = src.line_no();
    let named = named_columns(&file, line_no, &line)?;
    let (time, time_kind, declared) = if layout == TraceFormat::PhoneNanos {
        // The `time` column (Unix ns), not `seconds_elapsed`: it also gives the start time.
        let time = named
            .names
            .iter()
            .position(|n| split_name(n.as_bytes()).0 == "time");
        let declared = named.declared.clone().or(Some((
            Units::MetersPerSecond2,
            "the time,seconds_elapsed,x,y,z phone layout records m/s²".into(),
        )));
        (time, TimeKind::Unix(EpochUnit::Nanos), declared)
    } else {
        (named.time, TimeKind::Seconds, named.declared.clone())
    };
    let Some(time) = time else {
        return Err(Error::parse(
            &file,
            line_no,
            format!("no time column (columns: {})", named.names.join(", ")),
        ));
    };
    let columns = ColumnMap {
        cells: named.names.len(),
        time: Some(time),
        time_kind,
        axes: named.axes,
        names: named.names,
    };
    Ok(Header::columns_only(columns, declared))
}
