//! Readers for accelerometer trace files: device exports and plain CSV, streamed in blocks.
//!
//! [`TraceReader::open`] looks at the file's first lines to tell its format (ActiGraph ActiLife RAW
//! CSV or .gt3x, GENEActiv CSV or .bin, Axivity CSV or .cwa, two phone-logger layouts, or plain
//! `time,x,y,z`), reads the
//! header, then looks at the first seconds of data to estimate the sample rate and tell the units
//! (g, m/s² or raw counts). [`TraceReader::next_block`] then delivers rows in blocks, in g, with
//! `t` in seconds since the trace's start, reusing the caller's buffers: memory does not grow with
//! the file. [`read_trace`] is the batch convenience, a loop over `next_block`.
//!
//! Bad input never panics. A malformed header, time going backwards, values beyond
//! [`ReadConfig::max_abs_g`] or a line longer than [`ReadConfig::max_line_bytes`] is an
//! [`Error::Parse`] naming the file and line. A malformed data row is skipped and counted in
//! [`ReadStats::skipped`] until [`BadRowConfig`] says there are too many. Idle rows (exactly
//! 0,0,0, [`timeline::is_idle`](crate::timeline::is_idle)) are delivered as they are and listed
//! in [`ReadStats::idle_spans`]; the timeline treats them as missing data and counts them.
//!
//! Cells are separated by commas; header lines may be padded with commas; a UTF-8 BOM and CRLF
//! line ends are accepted.
//!
//! # How things are decided
//! - **Format**: a zip signature means .gt3x, an `MD` header block (signature and its 1020-byte
//!   length) an Axivity .cwa; otherwise the first non-blank line decides
//!   ([`TraceInfo::format_reason`] says which rule): an ActiGraph banner; `Device Identity` (GENEActiv; a `Recorded Data` section in its header
//!   means the native .bin); a `seconds_elapsed` column (phone,
//!   Unix-ns time); `Accel-X` columns or a headerless `yyyy-MM-dd hh:mm:ss.fff` first cell
//!   (Axivity); `Time (s)` with `Acceleration` columns (phone, seconds); else plain.
//!   [`ReadConfig::format`] forces one.
//! - **Time**: a header rate with no time column gives `t = n / rate` (n counts every data row,
//!   good or bad, so a skipped row leaves its slot); date-time and Unix epoch columns count from
//!   the first row (civil times read as UTC unless they carry a zone; a numeric column from 1e8
//!   is epoch time, its unit from its magnitude, see [`EpochUnit`], or
//!   [`ReadConfig::epoch_unit`]); a smaller seconds column is used as written. Time going
//!   backwards is an error; a repeated time is a skipped row.
//! - **Units** ([`TraceInfo::units_reason`]): from the median magnitude of the first rows (at
//!   most [`ReadConfig::peek_rows`] and 10 s): 0.5–2 → g, 5–20 → m/s², integers ≥ 50 → counts
//!   (then [`ReadConfig::scale_counts_per_g`] is required). Units a header states (ActiGraph and
//!   GENEActiv: g; `(g)`, `(m/s^2)` in column names; the Unix-ns phone layout: m/s²) are used, and
//!   data that clearly say otherwise are a "mixed units" error. [`ReadConfig::units`] forces them.
//!   A counts scale (forced or not) must put the median magnitude at 0.5–2 g, where a sensor at
//!   rest reads gravity, else it is an error suggesting the nearest power of two; a scale given
//!   for values in g or m/s² is an error, not ignored.
//! - **Sample rate**: header rates and time steps must lie in
//!   [`MIN_RATE_HZ`]..=[`MAX_RATE_HZ`] (both in [`timeline`](crate::timeline));
//!   [`TraceInfo::estimated_rate_hz`] is the timeline's estimate
//!   ([`estimate_rate_hz`]) over the first rows, and
//!   [`ReadStats::gaps`] uses the timeline's definition of a gap.
//!
//! The native files are read too: GENEActiv `.bin` (same header, hex pages calibrated to g),
//! ActiGraph `.gt3x` (a zip archive, recognised by its signature; opened by path it is read in
//! place, log.bin a record at a time; from a stream, held in memory while decoded, about 4.5
//! bytes per sample) and Axivity AX3/AX6 `.cwa` (streamed a 512-byte block at a time;
//! packed or 16-bit samples scaled to g; times interpolated between the blocks' date-time stamps;
//! AX6 gyro, light and temperature ignored; a block failing its checksum is skipped and counted
//! in [`ReadStats::skipped`] as [`SkipReason::BadChecksum`]; see `TraceFormat::AxivityCwa`). Not read: more than one sensor (leg) per file; compressed zip
//! entries; semicolon- or tab-separated files (named as such in the error).
//!
//! ```no_run
//! use plmkit::TriaxialColumns;
//! use plmkit::io::trace::{ReadConfig, TraceReader};
//! # fn main() -> plmkit::Result<()> {
//! let mut reader = TraceReader::open(&ReadConfig::default(), "night.csv")?;
//! println!("{} in {}", reader.info().format, reader.info().units);
//! let mut block = TriaxialColumns::default();
//! while reader.next_block(&mut block)? {
//!     // block.t, block.x, block.y, block.z: seconds and g
//! }
//! println!("{} rows, {} skipped", reader.stats().rows, reader.stats().skipped_rows());
//! # Ok(())
//! # }
//! ```

mod actigraph;
mod axivity;
mod block;
mod config;
mod cwa;
pub(crate) mod datetime;
mod detect;
mod emit;
mod geneactiv;
mod geneactiv_bin;
mod gt3x;
mod gt3x_archive;
use gt3x_archive::Archive;
mod lines;
mod number;
mod phone;
mod plain;
mod report;
mod rows;
mod text;
mod units;

use crate::samples::TriaxialColumns;
use std::fs::File;
use std::io::{BufRead, Read};
use std::path::Path;

pub use block::Trace;
pub use config::{BadRowConfig, EpochUnit, ReadConfig, TraceFormat};
pub use datetime::{CivilDateTime, DateOrder};
pub use report::{
    ColumnMap, IdleSpan, MAX_IDLE_SPANS, ReadStats, SkipReason, SkippedRows, TimeKind, TraceInfo,
    Truncation,
};
pub use units::Units;

use crate::{Error, Result};
use detect::{first_line_format, read_text_header};
use emit::Emitter;
use lines::LineSource;
use rows::{Row, RowCore};

use crate::timeline::{MAX_RATE_HZ, MIN_RATE_HZ, TimelineConfig, estimate_rate_hz};

/// Seconds of data examined at most to detect units and estimate the rate.
const PEEK_SECONDS: f64 = 10.0;

/// What a format's header reader found.
pub(crate) struct Header {
    pub columns: ColumnMap,
    pub rate_hz: Option<f64>,
    pub start: Option<CivilDateTime>,
    pub declared_units: Option<(Units, String)>,
    pub serial: Option<String>,
    /// A format the header revealed (a GENEActiv header followed by .bin pages).
    pub format: Option<TraceFormat>,
    /// The decoder of a format that is not one sample per line.
    pub packed: Option<Packed>,
}

impl Header {
    /// A header that only names columns (and maybe units), as the CSV layouts without metadata
    /// lines have: no rate, start, serial or packed decoder.
    pub(crate) fn columns_only(
        columns: ColumnMap,
        declared_units: Option<(Units, String)>,
    ) -> Header {
        Header {
            columns,
            rate_hz: None,
            start: None,
            declared_units,
            serial: None,
            format: None,
            packed: None,
        }
    }
}

/// `hz` if it is a plausible accelerometer rate, else an error at `line`.
pub(crate) fn check_rate(file: &str, line: usize, hz: f64) -> Result<f64> {
    if (MIN_RATE_HZ..=MAX_RATE_HZ).contains(&hz) {
        Ok(hz)
    } else {
        Err(Error::parse(
            file,
            line,
            format!(
                "sample rate {hz} Hz is not an accelerometer rate ({MIN_RATE_HZ}..{MAX_RATE_HZ} Hz)"
            ),
        ))
    }
}

/// Streams a trace file in blocks of rows. See the [module docs](self).
pub struct TraceReader {
    src: LineSource,
    core: RowCore,
    info: TraceInfo,
    peeked: Vec<Row>,
    peek_pos: usize,
    packed: Option<Packed>,
    emit: Emitter,
    block_rows: usize,
}

impl std::fmt::Debug for TraceReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TraceReader")
            .field("info", &self.info)
            .field("stats", &self.core.stats)
            .finish_non_exhaustive()
    }
}

impl TraceReader {
    /// Opens `path`, detects its format and units, and reads its header and first rows.
    pub fn open(opts: &ReadConfig, path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let file = File::open(path).map_err(|e| Error::io(path, e))?;
        Self::start(path.display().to_string(), Box::new(file), Some(path), opts)
    }

    /// Like [`open`](Self::open), reading the file at `path` through `reader` (a buffered or
    /// byte-counting wrapper of it); a .gt3x archive, which needs random access, is read in
    /// place from `path` instead.
    pub fn open_through(
        opts: &ReadConfig,
        path: impl AsRef<Path>,
        reader: impl BufRead + Send + 'static,
    ) -> Result<Self> {
        let path = path.as_ref();
        Self::start(
            path.display().to_string(),
            Box::new(reader),
            Some(path),
            opts,
        )
    }

    /// Like [`open`](Self::open), reading from `reader`; `name` is used in messages.
    pub fn from_reader(
        opts: &ReadConfig,
        name: impl Into<String>,
        reader: impl BufRead + Send + 'static,
    ) -> Result<Self> {
        Self::start(name.into(), Box::new(reader), None, opts)
    }

    /// Reads the header and first rows from `inner`. `path` is the file `inner` reads, when
    /// there is one: a .gt3x archive is then read in place instead of into memory.
    fn start(
        name: String,
        inner: Box<dyn Read + Send>,
        path: Option<&Path>,
        opts: &ReadConfig,
    ) -> Result<Self> {
        check_options(opts)?;
        let mut src = LineSource::new(name.clone(), inner, opts.max_line_bytes);
        let (format, format_reason, header) = if gt3x::is_zip(src.peek_bytes(4)?) {
            let zip = match path {
                Some(path) => {
                    let file = File::open(path).map_err(|e| Error::io(path, e))?;
                    Archive::file(&name, file)?
                }
                None => Archive::Memory(src.take_all(MAX_ARCHIVE_BYTES)?),
            };
            let (mut header, log) = gt3x::open(&name, zip)?;
            header.packed = Some(Packed::Gt3x(Box::new(log)));
            (
                TraceFormat::ActiGraphGt3x,
                "a zip archive (ActiGraph .gt3x)",
                header,
            )
        } else if cwa::looks_cwa(src.peek_bytes(4)?) {
            let header = cwa::open(&mut src, opts.bad_rows)?;
            (
                TraceFormat::AxivityCwa,
                "an \"MD\" header block (Axivity .cwa)",
                header,
            )
        } else {
            let (format, reason) = first_line_format(&mut src, &name, opts)?;
            (format, reason, read_text_header(&mut src, format, opts)?)
        };
        let header_lines = src.line_no();
        let format = header.format.unwrap_or(format);
        let mut header = header;
        if let Some(unit) = opts.epoch_unit {
            match header.columns.time_kind {
                TimeKind::Seconds | TimeKind::Unix(_) => {
                    header.columns.time_kind = TimeKind::Unix(unit);
                }
                other => {
                    let what = format!(
                        "an epoch unit ({}) was given, but the file's time is {other}",
                        unit.name()
                    );
                    return Err(Error::parse(&name, header_lines.max(1), what));
                }
            }
        }
        let cols = &header.columns;
        let needed = cols
            .axes
            .iter()
            .chain(cols.time.iter())
            .max()
            .map_or(0, |m| m + 1);
        if cols.cells < needed {
            let what = format!(
                "{} cell(s) where time and three axes need {needed}",
                cols.cells
            );
            return Err(Error::parse(&name, header_lines + 1, what));
        }
        let rate = header.rate_hz.or(opts.sample_rate_hz);
        let mut core = RowCore::new(&name, &header.columns, rate, opts.bad_rows);
        let mut packed = header.packed;

        // Peek at the first rows (at most peek_rows, at most PEEK_SECONDS) to decide units.
        let mut peeked: Vec<Row> = Vec::with_capacity(opts.peek_rows.clamp(2, 100_000));
        while peeked.len() < opts.peek_rows.max(2) {
            let Some(row) = next_row(&mut src, &mut core, packed.as_mut())? else {
                break;
            };
            let enough = peeked.first().is_some_and(|f| row.t - f.t >= PEEK_SECONDS);
            peeked.push(row);
            if enough {
                break;
            }
        }
        let Some(first) = peeked.first().copied() else {
            // A file cut before its first whole row: the cut says where and why.
            if let Some(cut) = &core.stats.truncated {
                return Err(Error::parse(
                    &name,
                    cut.line,
                    format!("no data rows before the file ends: {}", cut.what),
                ));
            }
            let what = if core.stats.data_lines == 0 {
                "no data rows after the header"
            } else {
                "no usable data rows"
            };
            return Err(Error::parse(&name, src.line_no().max(1), what));
        };
        let estimated = estimate_rate_hz(peeked.iter().map(|r| r.t));
        if header.columns.time_kind != TimeKind::FromRate {
            if let Some(hz) = estimated {
                if !(MIN_RATE_HZ..=MAX_RATE_HZ).contains(&hz) {
                    let step = 1.0 / hz;
                    return Err(Error::parse(
                        &name,
                        first.line,
                        format!(
                            "time steps of {step} s ({hz:.4} Hz) are not an accelerometer rate \
                             ({MIN_RATE_HZ}..{MAX_RATE_HZ} Hz): wrong time unit? (the time \
                             column is read as {}; force an epoch unit with plm_score --time-unit or ReadConfig::epoch_unit)",
                            header.columns.time_kind
                        ),
                    ));
                }
            }
        }
        let evidence = units::Evidence::from_rows(peeked.iter().map(|r| &r.v));
        let (units, units_reason) = units::decide(
            &evidence,
            header.declared_units.clone(),
            opts.units,
            opts.scale_counts_per_g,
        )
        .map_err(|what| Error::parse(&name, first.line, what))?;

        let first_page = match &packed {
            Some(Packed::GeneActiv(pages)) => pages.first_page,
            Some(Packed::Cwa(blocks)) => blocks.first_sample,
            _ => None,
        };
        let start = match (core.origin_ns, first_page) {
            (Some(ns), _) => Some(CivilDateTime::from_unix_nanos(ns)),
            (None, Some(first_page)) => Some(first_page),
            (None, None) => header.start,
        };
        let nominal = rate.or(estimated);
        let info = TraceInfo {
            file: name,
            format,
            format_reason: format_reason.to_string(),
            sample_rate_hz: rate,
            estimated_rate_hz: estimated,
            start,
            start_unix_s: start.map(|s| s.unix_seconds()),
            units,
            units_reason,
            columns: header.columns,
            serial: header.serial,
            header_lines,
        };
        Ok(TraceReader {
            src,
            core,
            info,
            peeked,
            peek_pos: 0,
            packed,
            emit: Emitter {
                to_g: units.to_g(),
                max_abs_g: opts.max_abs_g,
                // The timeline's definition of a gap, at its default factor.
                gap_s: nominal.map_or(f64::INFINITY, |hz| {
                    TimelineConfig::default().gap_threshold_s(1.0 / hz)
                }),
                last_t: None,
                in_idle_run: false,
            },
            block_rows: opts.block_rows,
        })
    }

    /// What is known about the file.
    pub fn info(&self) -> &TraceInfo {
        &self.info
    }

    /// The tally of rows read so far.
    pub fn stats(&self) -> &ReadStats {
        &self.core.stats
    }

    /// Clears `block` and fills it with up to `block_rows` rows. `Ok(false)` at the end of the file.
    pub fn next_block(&mut self, block: &mut TriaxialColumns) -> Result<bool> {
        block.clear();
        let name = &self.info.file;
        while block.len() < self.block_rows && self.peek_pos < self.peeked.len() {
            let row = self.peeked[self.peek_pos];
            self.peek_pos += 1;
            self.emit.emit(name, row, &mut self.core.stats, block)?;
        }
        if self.peek_pos == self.peeked.len() && self.peek_pos > 0 {
            self.peeked = Vec::new();
            self.peek_pos = 0;
        }
        if let Some(packed) = self.packed.as_mut() {
            while block.len() < self.block_rows {
                let Some(row) = packed.next_row(&mut self.src, &mut self.core.stats)? else {
                    break;
                };
                self.emit.emit(name, row, &mut self.core.stats, block)?;
            }
        } else {
            // The hot loop: one CSV line at a time, clean fixed-layout lines straight from the
            // buffer (no separate newline search), anything else through the general path.
            let fast = self.core.has_fast_lane();
            while block.len() < self.block_rows {
                if fast {
                    let core = &self.core;
                    let parsed = self.src.fast_line(|bytes| {
                        core.fast_line(bytes).map(|(time, v, len)| ((time, v), len))
                    });
                    if let Some((no, (time, v))) = parsed {
                        if let Some(row) = self.core.accept_fast(no, time, v)? {
                            self.emit.emit(name, row, &mut self.core.stats, block)?;
                        }
                        continue;
                    }
                }
                let Some((no, line)) = self.src.next_numbered()? else {
                    break;
                };
                if let Some(row) = self.core.process(no, line)? {
                    self.emit.emit(name, row, &mut self.core.stats, block)?;
                }
            }
        }
        self.core.stats.lines = self.src.line_no();
        Ok(!block.is_empty())
    }
}

/// Largest .gt3x archive read from a stream (held in memory while decoded; a file opened by
/// path is read in place, whatever its size).
const MAX_ARCHIVE_BYTES: usize = 1 << 31;

/// Decoders of formats whose samples are not one per CSV line.
pub(crate) enum Packed {
    /// GENEActiv .bin pages.
    GeneActiv(geneactiv_bin::Pages),
    /// ActiGraph .gt3x log records.
    Gt3x(Box<gt3x::Gt3x>),
    /// Axivity .cwa data blocks.
    Cwa(Box<cwa::Cwa>),
}

impl Packed {
    fn next_row(&mut self, src: &mut LineSource, stats: &mut ReadStats) -> Result<Option<Row>> {
        match self {
            Packed::GeneActiv(pages) => pages.next_row(src, stats),
            Packed::Gt3x(log) => log.next_row(stats),
            Packed::Cwa(blocks) => blocks.next_row(src, stats),
        }
    }
}

/// The next good row: from the .bin page decoder if there is one, else the next CSV line that
/// gives a row (blank and skipped lines are passed over). `None` at the end of the file.
fn next_row(
    src: &mut LineSource,
    core: &mut RowCore,
    packed: Option<&mut Packed>,
) -> Result<Option<Row>> {
    if let Some(packed) = packed {
        return packed.next_row(src, &mut core.stats);
    }
    while let Some((no, line)) = src.next_numbered()? {
        if let Some(row) = core.process(no, line)? {
            return Ok(Some(row));
        }
    }
    Ok(None)
}

/// Reads a whole trace into memory (a loop over [`TraceReader::next_block`]).
pub fn read_trace(opts: &ReadConfig, path: impl AsRef<Path>) -> Result<Trace> {
    Trace::from_reader(TraceReader::open(opts, path)?)
}

fn check_options(opts: &ReadConfig) -> Result<()> {
    let bad = |what: String| Err(Error::InvalidConfig(what));
    if opts.block_rows == 0 {
        return bad("block_rows must be at least 1".into());
    }
    if opts.max_line_bytes < 16 {
        return bad(format!(
            "max_line_bytes {} is below 16",
            opts.max_line_bytes
        ));
    }
    if opts.max_abs_g.is_nan() || opts.max_abs_g <= 0.0 {
        return bad(format!("max_abs_g {} must be positive", opts.max_abs_g));
    }
    if let Some(hz) = opts.sample_rate_hz {
        if !(MIN_RATE_HZ..=MAX_RATE_HZ).contains(&hz) {
            return bad(format!(
                "sample_rate_hz {hz} is outside {MIN_RATE_HZ}..{MAX_RATE_HZ}"
            ));
        }
    }
    if let Some(s) = opts.scale_counts_per_g {
        if !(s.is_finite() && s > 0.0) {
            return bad(format!("scale_counts_per_g {s} must be a positive number"));
        }
    }
    Ok(())
}
