//! What the reader found out about a file: its header facts and the tally of its rows.

use super::datetime::DateOrder;
use super::{CivilDateTime, EpochUnit, TraceFormat, Units};

/// How a row's time is obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeKind {
    /// No time column: row `n` (counting every data row, good or bad) is at `n / rate`.
    FromRate,
    /// A numeric column in seconds, used as written.
    Seconds,
    /// Time since the Unix epoch in the given unit (integers, or decimals for the coarser
    /// units); it gives the start time, and `t` counts from the first row.
    Unix(EpochUnit),
    /// A date-time column in the given date order; `t` counts from the first row.
    DateTime(DateOrder),
    /// Binary data blocks each stamped with a date-time (Axivity .cwa): samples are timed
    /// between the stamps of their block and the next; `t` counts from the first sample.
    BlockTimestamps,
}

impl std::fmt::Display for TimeKind {
    /// How the time is read, in words (for messages).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TimeKind::FromRate => f.write_str("from the sample rate (no time column)"),
            TimeKind::Seconds => f.write_str("seconds as written"),
            TimeKind::Unix(unit) => write!(f, "{unit}"),
            TimeKind::DateTime(_) => f.write_str("a date-time column"),
            TimeKind::BlockTimestamps => f.write_str("the data blocks' timestamps"),
        }
    }
}

/// Which columns hold time and the three axes (0-based).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ColumnMap {
    /// Column names from the header line; empty when the file has none.
    pub names: Vec<String>,
    /// Number of cells every data row must have.
    pub cells: usize,
    /// The time column, if any.
    pub time: Option<usize>,
    /// How time is read.
    pub time_kind: TimeKind,
    /// Columns of x, y and z.
    pub axes: [usize; 3],
}

/// Facts about a trace file, known once it is opened.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TraceInfo {
    /// The file as named by the caller.
    pub file: String,
    /// Detected (or forced) format.
    pub format: TraceFormat,
    /// Why that format, in words.
    pub format_reason: String,
    /// Sample rate stated in the header (or given in the options), Hz.
    pub sample_rate_hz: Option<f64>,
    /// Sample rate from the median time step of the first rows, Hz.
    pub estimated_rate_hz: Option<f64>,
    /// Civil time of `t = 0`: the header's start time for files without timestamps, else the
    /// first row's timestamp. `None` for plain files with a seconds column.
    pub start: Option<CivilDateTime>,
    /// `start` as seconds since the Unix epoch (civil time read as UTC unless the file gave a zone).
    pub start_unix_s: Option<f64>,
    /// Units of the values in the file (the reader always delivers g).
    pub units: Units,
    /// Why those units: the header said so, the resting magnitude, or an option.
    pub units_reason: String,
    /// The column mapping.
    pub columns: ColumnMap,
    /// Device serial number from the header, if any.
    pub serial: Option<String>,
    /// Lines before the first data row (banner, header, column names).
    pub header_lines: usize,
}

/// Why a data row was skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// More or fewer cells than the header (or the first row) has.
    WrongCellCount,
    /// A value cell that is not a number.
    NotANumber,
    /// A value cell that is NaN or infinite.
    NonFinite,
    /// A time cell that cannot be read.
    BadTime,
    /// The same time as the row before (the first of the two is kept).
    DuplicateTime,
    /// A binary data block (Axivity .cwa) whose checksum does not add up: the whole block is
    /// skipped, so for this reason `count` counts blocks and `first_line` is a block number.
    BadChecksum,
    /// A binary data block (Axivity .cwa) with the same sequence number as the block before (a
    /// sector written twice): skipped, counted in blocks like [`SkipReason::BadChecksum`].
    RepeatedBlock,
    /// A binary block (Axivity .cwa) without the data-block signature `AX` and not erased:
    /// skipped, counted in blocks like [`SkipReason::BadChecksum`], under the same limit.
    NotADataBlock,
    /// A binary block (Axivity .cwa) of erased flash (every byte 0xFF, as after the last block
    /// a device wrote): holds no data, so it is counted (in blocks) but never an error.
    ErasedBlock,
}

/// Rows skipped for one reason.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SkippedRows {
    /// The reason.
    pub reason: SkipReason,
    /// How many rows.
    pub count: usize,
    /// 1-based line of the first one.
    pub first_line: usize,
    /// What was wrong with the first one.
    pub first_what: String,
}

/// A run of consecutive idle rows (exactly 0, 0, 0).
///
/// Devices in idle-sleep mode (ActiGraph) write 0,0,0 while the sensor is off. The reader passes
/// such rows through unchanged (x = y = z = 0.0 exactly, which no real resting sensor reads: gravity
/// is always there), and the timeline treats them as missing data and counts them
/// ([`TimelineStats::zero_rows`](crate::timeline::TimelineStats::zero_rows)); these spans only say
/// where they are.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct IdleSpan {
    /// 1-based line of the first idle row.
    pub first_line: usize,
    /// Number of rows.
    pub rows: usize,
    /// Time of the first idle row, s.
    pub first_s: f64,
    /// Time of the last idle row, s.
    pub last_s: f64,
}

/// Most idle spans kept in [`ReadStats::idle_spans`]; later ones are only counted.
pub const MAX_IDLE_SPANS: usize = 1000;

/// The tally of a read so far.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct ReadStats {
    /// Lines read (header and data).
    pub lines: usize,
    /// Non-blank lines after the header.
    pub data_lines: usize,
    /// Rows delivered.
    pub rows: usize,
    /// Blank lines after the header (ignored).
    pub blank_lines: usize,
    /// Skipped rows, one entry per reason, in order of first appearance.
    pub skipped: Vec<SkippedRows>,
    /// The idle runs, at most [`MAX_IDLE_SPANS`].
    pub idle_spans: Vec<IdleSpan>,
    /// Number of idle runs, including those not kept.
    pub idle_span_count: usize,
    /// Gaps in timestamped files: steps longer than
    /// [`TimelineConfig::gap_threshold_s`](crate::timeline::TimelineConfig::gap_threshold_s)
    /// of the nominal period at the default factor (1.5 periods).
    pub gaps: usize,
    /// The longest such step, s (0 when none).
    pub longest_gap_s: f64,
    /// Where a file that ends early (a copy or a recording cut off) was cut: the rows before
    /// it are delivered, nothing after it is trusted. `None` for a complete file.
    pub truncated: Option<Truncation>,
}

/// Where and how a file ended early.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Truncation {
    /// The 1-based line (CSV), page (GENEActiv .bin), log record (.gt3x) or data block (.cwa)
    /// that is incomplete.
    pub line: usize,
    /// What was cut, in words.
    pub what: String,
}

impl ReadStats {
    /// Total skipped rows.
    pub fn skipped_rows(&self) -> usize {
        self.skipped.iter().map(|s| s.count).sum()
    }

    /// Idle rows in the listed spans: all of them while at most [`MAX_IDLE_SPANS`] spans were
    /// seen. (The count of idle rows is the timeline's,
    /// [`TimelineStats::zero_rows`](crate::timeline::TimelineStats::zero_rows); this says how
    /// many of them the reader located.)
    pub fn listed_idle_rows(&self) -> usize {
        self.idle_spans.iter().map(|s| s.rows).sum()
    }
}
