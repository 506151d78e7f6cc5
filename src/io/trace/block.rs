//! A whole trace in memory, for batch use (streaming readers fill a reused
//! [`TriaxialColumns`] block instead: [`TraceReader::next_block`]).

use super::{ReadStats, TraceInfo, TraceReader};
use crate::Result;
use crate::samples::TriaxialColumns;

/// A whole trace in memory, with what the reader found out.
#[derive(Debug, Clone, PartialEq)]
pub struct Trace {
    /// Facts about the file.
    pub info: TraceInfo,
    /// The tally of rows.
    pub stats: ReadStats,
    /// The rows: time in s since the start, acceleration in g.
    pub rows: TriaxialColumns,
}

impl Trace {
    /// Reads everything `reader` has left.
    pub fn from_reader(mut reader: TraceReader) -> Result<Trace> {
        let mut rows = TriaxialColumns::default();
        let mut block = TriaxialColumns::default();
        while reader.next_block(&mut block)? {
            rows.extend_from(block.view());
        }
        Ok(Trace {
            info: reader.info().clone(),
            stats: reader.stats().clone(),
            rows,
        })
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when there are no rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}
