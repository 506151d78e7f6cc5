//! Where rows go: a reusable block for streaming, a whole trace for batch use.

use super::{ReadStats, TraceInfo, TraceReader};
use crate::Result;

/// A block of rows: time in seconds since the trace's start, acceleration in g.
/// Reused between [`TraceReader::next_block`] calls, so reading allocates nothing per row.
pub type TraceBlock = crate::samples::TriaxialColumns;

/// A whole trace in memory, with what the reader found out.
#[derive(Debug, Clone, PartialEq)]
pub struct Trace {
    /// Facts about the file.
    pub info: TraceInfo,
    /// The tally of rows.
    pub stats: ReadStats,
    /// Time, s since the start.
    pub t: Vec<f64>,
    /// x acceleration, g.
    pub x: Vec<f64>,
    /// y acceleration, g.
    pub y: Vec<f64>,
    /// z acceleration, g.
    pub z: Vec<f64>,
}

impl Trace {
    /// Reads everything `reader` has left.
    pub fn from_reader(mut reader: TraceReader) -> Result<Trace> {
        let mut all = TraceBlock::default();
        let mut block = TraceBlock::default();
        while reader.next_block(&mut block)? {
            all.t.extend_from_slice(&block.t);
            all.x.extend_from_slice(&block.x);
            all.y.extend_from_slice(&block.y);
            all.z.extend_from_slice(&block.z);
        }
        Ok(Trace {
            info: reader.info().clone(),
            stats: reader.stats().clone(),
            t: all.t,
            x: all.x,
            y: all.y,
            z: all.z,
        })
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.t.len()
    }

    /// True when there are no rows.
    pub fn is_empty(&self) -> bool {
        self.t.is_empty()
    }
}
