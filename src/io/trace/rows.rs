//! Data rows: cells to numbers, time, and the accounting of rows that cannot be used.
//!
//! This is the hot loop of ingest: one pass over the line's bytes to split cells, the fast
//! decimal parser for the values, no allocation. Problems are described in words only on the
//! slow path, when a row is actually bad.

use std::cell::Cell;

use super::datetime::{DateCache, parse_unix_nanos_cached};
use super::number::{parse_f64, parse_i64, parse_prefix};
use super::text::{show_cell, trim_cell};
use super::{BadRowConfig, ColumnMap, EpochUnit, ReadStats, SkipReason, SkippedRows, TimeKind};
use crate::{Error, Result};

/// What a column is for.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Role {
    Ignore,
    Time,
    Axis(usize),
}

/// A good data row: its line, its time (s from the trace start) and its raw values.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Row {
    pub line: usize,
    pub t: f64,
    pub v: [f64; 3],
}

/// Why a row could not be used, with the 0-based column involved.
#[derive(Debug, Clone, Copy)]
enum Problem {
    Cells(usize),
    NotANumber(usize),
    NonFinite(usize),
    BadTime(usize),
}

/// A parsed time cell.
#[derive(Debug, Clone, Copy)]
pub(crate) enum TimeValue {
    None,
    Seconds(f64),
    Nanos(i64),
}

/// The layouts nearly every file has, parsed by straight-line code before the general parser.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Fixed {
    /// `time_s,x,y,z` with time in seconds.
    TimeXyz,
    /// `x,y,z` with time from the rate.
    Xyz,
}

/// Turns data lines into rows and keeps the tally.
pub(crate) struct RowCore {
    name: String,
    fixed: Option<Fixed>,
    roles: Vec<Role>,
    cells: usize,
    time_kind: TimeKind,
    /// Sample rate when time comes from it (row n is at n / rate, correctly rounded, so every
    /// reader that times rows by the rate gives bit-identical times).
    rate_hz: f64,
    policy: BadRowConfig,
    pub stats: ReadStats,
    bad: usize,
    /// Time origin of timestamped rows (the first good row's time).
    pub origin_ns: Option<i64>,
    /// The date part of the last timestamp (rows of one day parse only their time).
    date_cache: Cell<DateCache>,
    prev_t: Option<f64>,
    /// Index of the next data row, good or bad (the clock of files without time).
    index: u64,
}

impl RowCore {
    /// A core for `columns`; `rate_hz` is needed when time comes from the rate.
    pub fn new(
        name: &str,
        columns: &ColumnMap,
        rate_hz: Option<f64>,
        policy: BadRowConfig,
    ) -> Self {
        let mut roles = vec![Role::Ignore; columns.cells];
        if let Some(t) = columns.time {
            roles[t] = Role::Time;
        }
        for (k, &c) in columns.axes.iter().enumerate() {
            roles[c] = Role::Axis(k);
        }
        let fixed = match (columns.cells, columns.time, columns.time_kind, columns.axes) {
            (4, Some(0), TimeKind::Seconds, [1, 2, 3]) => Some(Fixed::TimeXyz),
            (3, None, TimeKind::FromRate, [0, 1, 2]) => Some(Fixed::Xyz),
            _ => None,
        };
        RowCore {
            name: name.to_string(),
            fixed,
            roles,
            cells: columns.cells,
            time_kind: columns.time_kind,
            rate_hz: rate_hz.unwrap_or(f64::INFINITY),
            policy,
            stats: ReadStats::default(),
            bad: 0,
            origin_ns: None,
            date_cache: Cell::new(DateCache::default()),
            prev_t: None,
            index: 0,
        }
    }

    /// The row on `line` (1-based `line_no`), `None` for a blank or skipped line.
    #[inline(always)]
    pub fn process(&mut self, line_no: usize, line: &[u8]) -> Result<Option<Row>> {
        let blank = |b: &u8| matches!(b, b' ' | b'\t' | b',');
        if line.first().is_none_or(blank) && line.iter().all(blank) {
            self.stats.blank_lines += 1;
            return Ok(None);
        }
        self.stats.data_lines += 1;
        let parsed = match self.parse_fixed(line) {
            Some(fast) => Ok(fast),
            None => self.parse(line),
        };
        match parsed {
            Ok((time, v)) => self.finish(line_no, time, v),
            Err(p) => {
                self.index += 1;
                self.skip(line_no, line, p)?;
                Ok(None)
            }
        }
    }

    /// Whether rows can come through [`fast_line`](Self::fast_line).
    pub fn has_fast_lane(&self) -> bool {
        self.fixed.is_some()
    }

    /// The fast lane: parses a whole row of a fixed layout at the start of `bytes` (the unread
    /// buffer) and returns it with the line's length (up to its `\n`). `None` when the row is not
    /// a clean fixed-layout line ending in a newline in `bytes`; the caller then reads the line
    /// the ordinary way.
    #[inline(always)]
    pub fn fast_line(&self, bytes: &[u8]) -> Option<(TimeValue, [f64; 3], usize)> {
        let fixed = self.fixed?;
        let mut pos = 0;
        let mut next = |sep: u8| -> Option<f64> {
            let rest = bytes.get(pos..)?;
            let (v, used) = parse_prefix(rest)?;
            pos += used;
            match (sep, rest.get(used)) {
                (b',', Some(b',')) => {}
                (b'\n', Some(b'\n')) => {}
                (b'\n', Some(b'\r')) if rest.get(used + 1) == Some(&b'\n') => pos += 1,
                _ => return None,
            }
            if sep == b',' {
                pos += 1;
            }
            Some(v)
        };
        let (time, v) = match fixed {
            Fixed::TimeXyz => {
                let t = next(b',')?;
                (
                    TimeValue::Seconds(t),
                    [next(b',')?, next(b',')?, next(b'\n')?],
                )
            }
            Fixed::Xyz => (TimeValue::None, [next(b',')?, next(b',')?, next(b'\n')?]),
        };
        Some((time, v, pos))
    }

    /// Counts a fast-lane line and turns it into a row (as [`process`](Self::process) would).
    #[inline(always)]
    pub fn accept_fast(
        &mut self,
        line_no: usize,
        time: TimeValue,
        v: [f64; 3],
    ) -> Result<Option<Row>> {
        self.stats.data_lines += 1;
        self.finish(line_no, time, v)
    }

    /// Time, order checks and the row, for a parsed line.
    #[inline(always)]
    fn finish(&mut self, line_no: usize, time: TimeValue, v: [f64; 3]) -> Result<Option<Row>> {
        let index = self.index;
        self.index += 1;
        let t = match time {
            TimeValue::None => index as f64 / self.rate_hz,
            TimeValue::Seconds(s) => s,
            TimeValue::Nanos(ns) => {
                let origin = *self.origin_ns.get_or_insert(ns);
                ns.wrapping_sub(origin) as f64 * 1e-9
            }
        };
        if let Some(prev) = self.prev_t {
            if t < prev {
                return Err(Error::parse(
                    &self.name,
                    line_no,
                    format!("time goes backwards: {t} s after {prev} s"),
                ));
            }
            if t == prev {
                let what = format!("duplicated time {t} s (same as the row before)");
                self.count_bad(line_no, SkipReason::DuplicateTime, what)?;
                return Ok(None);
            }
        }
        self.prev_t = Some(t);
        Ok(Some(Row {
            line: line_no,
            t,
            v,
        }))
    }

    /// The common layouts when every cell takes the fast number path; `None` sends the line to
    /// [`parse`](Self::parse), which handles (and describes) everything else.
    #[inline(always)]
    fn parse_fixed(&self, line: &[u8]) -> Option<(TimeValue, [f64; 3])> {
        let fixed = self.fixed?;
        let mut pos = 0;
        let mut next = |last: bool| -> Option<f64> {
            let rest = line.get(pos..)?;
            let (v, used) = parse_prefix(rest)?;
            let ends_right = if last {
                used == rest.len()
            } else {
                rest.get(used) == Some(&b',')
            };
            pos += used + 1;
            ends_right.then_some(v)
        };
        match fixed {
            Fixed::TimeXyz => {
                let t = next(false)?;
                let v = [next(false)?, next(false)?, next(true)?];
                Some((TimeValue::Seconds(t), v))
            }
            Fixed::Xyz => Some((TimeValue::None, [next(false)?, next(false)?, next(true)?])),
        }
    }

    /// Splits the cells and parses the ones that matter, in one pass where the fast number
    /// parser applies (it stops at the comma), else by finding the cell's end first.
    #[inline(always)]
    fn parse(&self, line: &[u8]) -> Result<(TimeValue, [f64; 3]), Problem> {
        let mut v = [0.0; 3];
        let mut time = TimeValue::None;
        let mut col = 0;
        let mut pos = 0;
        loop {
            let rest = &line[pos..];
            let used = match self.roles.get(col) {
                Some(Role::Axis(k)) => {
                    let (x, used) = match fast_cell(rest) {
                        Some(fast) => fast,
                        None => {
                            let end = cell_end(rest);
                            let x = parse_f64(trim_cell(&rest[..end]))
                                .ok_or(Problem::NotANumber(col))?;
                            (x, end)
                        }
                    };
                    if !x.is_finite() {
                        return Err(Problem::NonFinite(col));
                    }
                    v[*k] = x;
                    used
                }
                Some(Role::Time) => {
                    if let (TimeKind::Seconds, Some((s, used))) = (self.time_kind, fast_cell(rest))
                    {
                        time = TimeValue::Seconds(s);
                        used
                    } else {
                        let end = cell_end(rest);
                        time = self.parse_time(trim_cell(&rest[..end]), col)?;
                        end
                    }
                }
                Some(Role::Ignore) => cell_end(rest),
                None => return Err(Problem::Cells(count_cells(line))),
            };
            col += 1;
            pos += used;
            if pos >= line.len() {
                break;
            }
            pos += 1; // the comma
        }
        if col != self.cells {
            return Err(Problem::Cells(col));
        }
        Ok((time, v))
    }

    #[inline]
    fn parse_time(&self, cell: &[u8], col: usize) -> Result<TimeValue, Problem> {
        match self.time_kind {
            TimeKind::FromRate | TimeKind::BlockTimestamps => Ok(TimeValue::None),
            TimeKind::Seconds => match parse_f64(cell) {
                Some(s) if s.is_finite() => Ok(TimeValue::Seconds(s)),
                Some(_) => Err(Problem::NonFinite(col)),
                None => Err(Problem::BadTime(col)),
            },
            TimeKind::Unix(unit) => epoch_nanos(cell, unit)
                .map(TimeValue::Nanos)
                .ok_or(Problem::BadTime(col)),
            TimeKind::DateTime(order) => {
                let mut cache = self.date_cache.get();
                let ns = parse_unix_nanos_cached(cell, order, &mut cache);
                self.date_cache.set(cache);
                ns.map(TimeValue::Nanos).ok_or(Problem::BadTime(col))
            }
        }
    }

    /// Describes and counts a bad row (slow path).
    #[cold]
    fn skip(&mut self, line_no: usize, line: &[u8], problem: Problem) -> Result<()> {
        let cell = |c: usize| {
            let text = line
                .split(|&b| b == b',')
                .nth(c)
                .map(trim_cell)
                .unwrap_or_default();
            show_cell(text)
        };
        let (reason, what) = match problem {
            Problem::Cells(n) => (
                SkipReason::WrongCellCount,
                format!("{n} cells where {} were expected", self.cells),
            ),
            Problem::NotANumber(c) => (
                SkipReason::NotANumber,
                format!("column {} ({:?}) is not a number", c + 1, cell(c)),
            ),
            Problem::NonFinite(c) => (
                SkipReason::NonFinite,
                format!("column {} ({:?}) is not a finite number", c + 1, cell(c)),
            ),
            Problem::BadTime(c) => (
                SkipReason::BadTime,
                format!(
                    "column {} ({:?}) is not a time like {}",
                    c + 1,
                    cell(c),
                    time_example(self.time_kind)
                ),
            ),
        };
        self.count_bad(line_no, reason, what)
    }

    /// Counts a skipped row; an error when the policy's limit is crossed.
    fn count_bad(&mut self, line_no: usize, reason: SkipReason, what: String) -> Result<()> {
        self.bad += 1;
        match self.stats.skipped.iter_mut().find(|s| s.reason == reason) {
            Some(s) => s.count += 1,
            None => self.stats.skipped.push(SkippedRows {
                reason,
                count: 1,
                first_line: line_no,
                first_what: what.clone(),
            }),
        }
        if self.policy.allows(self.bad, self.stats.data_lines) {
            return Ok(());
        }
        let what = if self.policy.max_count == 0 {
            what
        } else {
            format!(
                "{what}; too many bad rows ({} of {} data rows so far)",
                self.bad, self.stats.data_lines
            )
        };
        Err(Error::parse(&self.name, line_no, what))
    }
}

/// A number filling the cell at the start of `rest` (up to a comma or the end), by the fast path.
#[inline]
fn fast_cell(rest: &[u8]) -> Option<(f64, usize)> {
    match parse_prefix(rest) {
        Some((x, used)) if used == rest.len() || rest[used] == b',' => Some((x, used)),
        _ => None,
    }
}

/// Length of the cell at the start of `rest`.
#[inline]
fn cell_end(rest: &[u8]) -> usize {
    rest.iter().position(|&b| b == b',').unwrap_or(rest.len())
}

/// Nanoseconds since the epoch of an epoch time cell in `unit`: an integer or a plain decimal
/// (`1714488780.25` s) exactly, to the nanosecond (an `f64` would keep only about 0.2 µs of a
/// time in seconds, enough to bend a 100-Hz step by 1e-5); an exponent form through `f64`;
/// `None` when the cell is not a number (or not an integer, in nanoseconds) or the time is
/// outside the years 1678-2261 that `i64` nanoseconds hold.
fn epoch_nanos(cell: &[u8], unit: EpochUnit) -> Option<i64> {
    if let Some(n) = parse_i64(cell) {
        return n.checked_mul(unit.nanos());
    }
    if unit == EpochUnit::Nanos {
        // A nanosecond clock writes integers; a decimal or an exponent means precision lost.
        return None;
    }
    if let Some(dot) = cell.iter().position(|&b| b == b'.') {
        let (whole, fraction) = (&cell[..dot], &cell[dot + 1..]);
        let negative = whole.first() == Some(&b'-');
        let digits_only = |d: &[u8]| d.iter().all(u8::is_ascii_digit);
        let magnitude = whole.strip_prefix(b"-").unwrap_or(whole);
        if !fraction.is_empty() && digits_only(fraction) && digits_only(magnitude) {
            let whole_ns = if magnitude.is_empty() {
                0
            } else {
                parse_i64(magnitude)?.checked_mul(unit.nanos())?
            };
            // Each fraction digit is worth a tenth of the one before; the first digit below a
            // nanosecond only rounds.
            let mut place = unit.nanos();
            let mut fraction_ns: i64 = 0;
            for &d in fraction {
                let digit = i64::from(d - b'0');
                if place < 10 {
                    fraction_ns += i64::from(digit >= 5);
                    break;
                }
                place /= 10;
                fraction_ns += digit * place;
            }
            let ns = whole_ns.checked_add(fraction_ns)?;
            return Some(if negative { -ns } else { ns });
        }
    }
    let ns = parse_f64(cell)? * unit.nanos() as f64;
    // `i64::MAX as f64` rounds up to 2^63, so the upper bound is exclusive.
    (ns.is_finite() && ns >= i64::MIN as f64 && ns < i64::MAX as f64).then(|| ns.round() as i64)
}

fn count_cells(line: &[u8]) -> usize {
    line.iter().filter(|&&b| b == b',').count() + 1
}

fn time_example(kind: TimeKind) -> &'static str {
    match kind {
        TimeKind::FromRate | TimeKind::BlockTimestamps => "(none)",
        TimeKind::Seconds => "12.345 (seconds)",
        TimeKind::Unix(EpochUnit::Seconds) => "1714488780.25 (Unix seconds)",
        TimeKind::Unix(EpochUnit::Millis) => "1714488780250 (Unix milliseconds)",
        TimeKind::Unix(EpochUnit::Micros) => "1714488780250000 (Unix microseconds)",
        TimeKind::Unix(EpochUnit::Nanos) => "1714488780000000000 (Unix nanoseconds)",
        TimeKind::DateTime(super::datetime::DateOrder::YearMonthDay) => "2024-04-30 14:53:00.000",
        TimeKind::DateTime(super::datetime::DateOrder::MonthDayYear) => "4/30/2024 14:53:00.000",
        TimeKind::DateTime(super::datetime::DateOrder::DayMonthYear) => "30/04/2024 14:53:00.000",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_cells_are_read_exactly_to_the_nanosecond() {
        let ns = |cell: &str, unit| epoch_nanos(cell.as_bytes(), unit);
        assert_eq!(
            ns("1714488780.25", EpochUnit::Seconds),
            Some(1_714_488_780_250_000_000)
        );
        assert_eq!(
            ns("1714488780250", EpochUnit::Millis),
            Some(1_714_488_780_250_000_000)
        );
        assert_eq!(
            ns("1714488780250.5", EpochUnit::Millis),
            Some(1_714_488_780_250_500_000)
        );
        assert_eq!(ns("1.0000000005", EpochUnit::Seconds), Some(1_000_000_001));
        assert_eq!(
            ns("1.0000000004999", EpochUnit::Seconds),
            Some(1_000_000_000)
        );
        assert_eq!(ns("-0.5", EpochUnit::Seconds), Some(-500_000_000));
        assert_eq!(ns(".5", EpochUnit::Micros), Some(500));
        assert_eq!(ns("1e3", EpochUnit::Seconds), Some(1_000_000_000_000));
        assert_eq!(ns("12.5x", EpochUnit::Seconds), None);
        assert_eq!(ns("x", EpochUnit::Seconds), None);
        assert_eq!(ns("1.5e18", EpochUnit::Nanos), None);
        // Year 2300 in milliseconds is past what i64 nanoseconds hold.
        assert_eq!(ns("10413792000000", EpochUnit::Millis), None);
        assert_eq!(ns("10413792000000.5", EpochUnit::Millis), None);
    }

    fn core(cells: usize, time: Option<usize>, kind: TimeKind, axes: [usize; 3]) -> RowCore {
        let columns = ColumnMap {
            names: Vec::new(),
            cells,
            time,
            time_kind: kind,
            axes,
        };
        RowCore::new("t.csv", &columns, Some(50.0), BadRowConfig::default())
    }

    fn same(a: (TimeValue, [f64; 3]), b: (TimeValue, [f64; 3])) -> bool {
        let t = |v: TimeValue| match v {
            TimeValue::None => None,
            TimeValue::Seconds(s) => Some(s.to_bits()),
            TimeValue::Nanos(n) => Some(n as u64),
        };
        t(a.0) == t(b.0) && a.1.map(f64::to_bits) == b.1.map(f64::to_bits)
    }

    #[test]
    fn the_fixed_layout_path_agrees_with_the_general_parser() {
        let lines: &[&[u8]] = &[
            b"0.02,0.1,-0.2,0.98",
            b"1e2,+1,-0,5.",
            b"0.02,0.1,-0.2,0.98,",
            b"0.02,0.1,-0.2",
            b" 0.02,0.1,-0.2,0.98",
            b"0.02,0.1 ,-0.2,0.98",
            b"0.02,\"0.1\",-0.2,0.98",
            b"0.02,,-0.2,0.98",
            b"0.02,nan,-0.2,0.98",
            b"0.02,1e400,-0.2,0.98",
            b"12345678901234567890,1,2,3",
            b"1,2,3,4",
            b"1,2,3",
            b"1,2,3,",
            b"a,b,c,d",
            b"",
            b",,,",
        ];
        for (c, arity) in [
            (core(4, Some(0), TimeKind::Seconds, [1, 2, 3]), 4),
            (core(3, None, TimeKind::FromRate, [0, 1, 2]), 3),
        ] {
            assert!(c.fixed.is_some());
            for line in lines {
                if let Some(fast) = c.parse_fixed(line) {
                    let general = c
                        .parse(line)
                        .unwrap_or_else(|_| panic!("{arity}: {line:?}"));
                    assert!(same(fast, general), "{arity}: {line:?}");
                }
                // The buffer-level lane: the line, its newline, and more bytes after it.
                for end in [&b"\n9,9,9,9\n"[..], b"\r\n9,9,9\n", b"\n"] {
                    let bytes = [*line, end].concat();
                    if let Some((time, v, len)) = c.fast_line(&bytes) {
                        let content = if end[0] == b'\r' { len - 1 } else { len };
                        assert_eq!(content, line.len(), "{arity}: {line:?}");
                        assert_eq!(bytes[len], b'\n');
                        let general = c
                            .parse(line)
                            .unwrap_or_else(|_| panic!("{arity}: {line:?}"));
                        assert!(same((time, v), general), "{arity}: {line:?}");
                    }
                }
                // A line cut by the end of the buffer is left to the ordinary path.
                assert!(c.fast_line(line).is_none(), "{arity}: {line:?}");
            }
        }
        assert!(
            core(
                4,
                Some(0),
                TimeKind::DateTime(super::super::DateOrder::YearMonthDay),
                [1, 2, 3]
            )
            .fixed
            .is_none()
        );
    }
}
