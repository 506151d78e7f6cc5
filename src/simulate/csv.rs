//! Plain CSV writers for simulated traces and their truth.
//!
//! Trace: header `time_s,x,y,z`, one row per sample, time in s and axes in g. Truth: header
//! `leg,onset_s,offset_s,kind` with `leg` = `left`|`right` and `kind` = `leg` (a leg movement)
//! or `gross` (a posture change). Numbers use Rust's shortest round-trip formatting, so
//! reading them back gives the same f64 values.

use super::formats::{DeviceFormat, write_device_csv};
use super::signal::RowSource;
use crate::event::{LegMovement, MovementKind};
use std::io::{self, Write};

/// Writes one leg's whole trace to `w` (streams in blocks; memory stays bounded): the
/// [`DeviceFormat::Plain`] layout of [`write_device_csv`].
pub fn write_trace_csv<W: Write>(w: W, stream: &mut dyn RowSource) -> io::Result<()> {
    write_device_csv(w, stream, 0.0, DeviceFormat::Plain, 0)
}

/// Writes events (leg movements and gross movements) as a truth CSV.
pub fn write_truth_csv<W: Write>(mut w: W, events: &[LegMovement]) -> io::Result<()> {
    writeln!(w, "leg,onset_s,offset_s,kind")?;
    for e in events {
        let kind = match e.kind {
            MovementKind::Leg => "leg",
            MovementKind::Gross => "gross",
        };
        writeln!(w, "{},{},{},{}", e.leg, e.onset_s, e.offset_s, kind)?;
    }
    w.flush()
}
