//! The `filter` example's table: a generic numeric CSV table (header + f64 columns), as the
//! example reads and writes it, and [`filter_csv`], the whole of the example as a function.
//! (tests/filter_table.rs includes this file by path, so it uses only plmkit's public API.)
//!
//! Format: a header line of comma-separated column names, then one line of comma-separated
//! numbers per sample. Blank lines are skipped (but counted, so error line numbers match the
//! file). A column named `time_s`, `time` or `t` (first match in that order) is the time axis.

use std::path::Path;

use plmkit::filter::{Band, Filter, Init, SosFilter, butter, sosfiltfilt};
use plmkit::io::trace::{ReadConfig, Trace, TraceFormat, TraceReader};
use plmkit::timeline::estimate_rate_hz;
use plmkit::{Error, Result};

/// Column names recognised as the time axis, in order of preference.
pub const TIME_COLUMNS: [&str; 3] = ["time_s", "time", "t"];

/// A numeric table: column names and one `Vec<f64>` per column, all of equal length.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Column names, as in the header.
    pub header: Vec<String>,
    /// Column values; `columns[j][i]` is row i of column j.
    pub columns: Vec<Vec<f64>>,
    /// 1-based file line of each data row (for error messages about a row).
    pub lines: Vec<usize>,
}

impl Table {
    /// Reads and parses `path`. Errors name the file and the 1-based line.
    pub fn read(path: impl AsRef<Path>) -> Result<Table> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        Table::parse_bytes(&bytes, path)
    }

    /// Reads `path` as the `filter` example does: a device export or native file the trace
    /// reader recognises (ActiGraph, GENEActiv, Axivity, phone loggers; detected from the
    /// content) becomes `time_s,x_g,y_g,z_g` (time from the trace's start, acceleration in g);
    /// anything else is read as a generic numeric table ([`Table::read`]), every column kept.
    pub fn read_input(path: impl AsRef<Path>) -> Result<Table> {
        let path = path.as_ref();
        match TraceReader::open(&ReadConfig::default(), path) {
            Ok(reader) if reader.info().format != TraceFormat::Plain => {
                Ok(Table::of_trace(&Trace::from_reader(reader)?))
            }
            Ok(_) => Table::read(path),
            // Not a trace: a table, unless it is not text at all, when what the trace reader
            // says about it (a damaged binary file, say) is the better error.
            Err(trace_error) => Table::read(path).map_err(|table_error| {
                let text = std::fs::read(path)
                    .map(|b| std::str::from_utf8(&b[..b.len().min(4096)]).is_ok())
                    .unwrap_or(true);
                if text { table_error } else { trace_error }
            }),
        }
    }

    /// A trace's rows as the table `time_s,x_g,y_g,z_g` (row `i` stands for line `i + 1`: a
    /// binary file has no lines).
    pub fn of_trace(trace: &Trace) -> Table {
        let rows = &trace.rows;
        Table {
            header: ["time_s", "x_g", "y_g", "z_g"].map(String::from).to_vec(),
            columns: vec![
                rows.t.clone(),
                rows.x.clone(),
                rows.y.clone(),
                rows.z.clone(),
            ],
            lines: (1..=rows.len()).collect(),
        }
    }

    /// Parses CSV text; `file` names the source in errors.
    ///
    /// Errors: empty input or empty/duplicate column names (line 1), a row whose field count
    /// differs from the header's, a cell that is not a finite number.
    // Text in memory is what tests/filter_table.rs parses; the example reads files.
    #[cfg_attr(not(test), allow(dead_code))]
    pub fn parse(text: &str, file: impl AsRef<Path>) -> Result<Table> {
        Table::parse_bytes(text.as_bytes(), file)
    }

    /// [`Table::parse`] on bytes: only the header must be UTF-8; data cells are parsed as
    /// bytes (no per-line string handling), and a cell that is not a number is quoted in the
    /// error as far as it is readable.
    pub fn parse_bytes(text: &[u8], file: impl AsRef<Path>) -> Result<Table> {
        let file = file.as_ref();
        let trim = |l: &[u8]| -> (usize, usize) {
            let start = l
                .iter()
                .position(|b| !b.is_ascii_whitespace())
                .unwrap_or(l.len());
            let end = l
                .iter()
                .rposition(|b| !b.is_ascii_whitespace())
                .map_or(start, |e| e + 1);
            (start, end)
        };
        let mut lines = text.split(|&b| b == b'\n').enumerate().map(|(i, l)| {
            let (a, b) = trim(l);
            (i + 1, &l[a..b])
        });
        let (hline, hbytes) = lines
            .by_ref()
            .find(|(_, l)| !l.is_empty())
            .ok_or_else(|| Error::parse(file, 1, "empty file: expected a header line"))?;
        let htext = std::str::from_utf8(hbytes)
            .map_err(|_| Error::parse(file, hline, "the header is not UTF-8 text"))?;
        let htext = htext.strip_prefix('\u{feff}').unwrap_or(htext);
        let header: Vec<String> = htext.split(',').map(|s| s.trim().to_string()).collect();
        for (j, name) in header.iter().enumerate() {
            if name.is_empty() {
                return Err(Error::parse(
                    file,
                    hline,
                    format!("column {} has an empty name", j + 1),
                ));
            }
            if header[..j].contains(name) {
                return Err(Error::parse(
                    file,
                    hline,
                    format!("duplicate column name '{name}'"),
                ));
            }
        }
        let width = header.len();
        // A capacity guess from the file size (about 8 bytes per cell) saves the regrowth copies.
        let guess = text.len() / (8 * width);
        let mut columns = vec![Vec::with_capacity(guess); width];
        let mut rows = Vec::with_capacity(guess);
        for (ln, l) in lines {
            if l.is_empty() {
                continue;
            }
            let mut n = 0;
            for (j, raw) in l.split(|&b| b == b',').enumerate() {
                n += 1;
                if j >= width {
                    continue;
                }
                let (a, b) = trim(raw);
                let cell = &raw[a..b];
                let what = |why: &str| {
                    let text = String::from_utf8_lossy(cell);
                    format!("column '{}': '{text}' is {why}", header[j])
                };
                let v = std::str::from_utf8(cell)
                    .ok()
                    .and_then(|s| s.parse::<f64>().ok())
                    .ok_or_else(|| Error::parse(file, ln, what("not a number")))?;
                if !v.is_finite() {
                    return Err(Error::parse(file, ln, what("not a finite number")));
                }
                columns[j].push(v);
            }
            if n != width {
                return Err(Error::parse(
                    file,
                    ln,
                    format!("row has {n} fields, the header has {width}"),
                ));
            }
            rows.push(ln);
        }
        Ok(Table {
            header,
            columns,
            lines: rows,
        })
    }

    /// Number of data rows.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// Index of the time column (`time_s`, `time` or `t`, first found in that order).
    pub fn time_column(&self) -> Option<usize> {
        TIME_COLUMNS
            .iter()
            .find_map(|name| self.header.iter().position(|h| h == name))
    }

    /// Checks the time column (if any) strictly increases, and returns the sample rate it
    /// implies, as the crate estimates every rate
    /// ([`estimate_rate_hz`](plmkit::timeline::estimate_rate_hz): median step); `None` without a
    /// time column.
    ///
    /// Errors: a time value not above the previous one (at its line); fewer than two time
    /// points (at the last line read).
    pub fn time_rate(&self, file: impl AsRef<Path>) -> Result<Option<f64>> {
        let file = file.as_ref();
        let Some(tc) = self.time_column() else {
            return Ok(None);
        };
        let t = &self.columns[tc];
        if t.len() < 2 {
            let line = self.lines.last().copied().unwrap_or(1);
            return Err(Error::parse(
                file,
                line,
                format!("need at least two time points, found {}", t.len()),
            ));
        }
        for i in 1..t.len() {
            if t[i] <= t[i - 1] {
                return Err(Error::parse(
                    file,
                    self.lines[i],
                    format!(
                        "time does not increase: {} after {} (column '{}')",
                        t[i],
                        t[i - 1],
                        self.header[tc]
                    ),
                ));
            }
        }
        Ok(estimate_rate_hz(t.iter().copied()))
    }

    /// The table as CSV text: the header, then each row with values printed by Rust's `{:?}`
    /// for f64: the shortest text that reads back as the same f64, in exponent form for very
    /// small or large magnitudes (`1.1102230246251565e-16`, not 33 digits of zeros).
    pub fn to_csv(&self) -> String {
        // About 20 bytes per printed value: sized once instead of regrowing a large string.
        let mut s = String::with_capacity(20 * self.len() * self.columns.len() + 64);
        s.push_str(&self.header.join(","));
        s.push('\n');
        let mut buf = zmij::Buffer::new();
        for i in 0..self.len() {
            for (j, c) in self.columns.iter().enumerate() {
                if j > 0 {
                    s.push(',');
                }
                s.push_str(buf.format(c[i]));
            }
            s.push('\n');
        }
        s
    }

    /// Writes [`Table::to_csv`] to `path`.
    pub fn write(&self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        std::fs::write(path, self.to_csv()).map_err(|e| Error::io(path, e))
    }
}

/// What the `filter` example does to every non-time column.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FilterConfig {
    /// Sample rate in Hz; `None`: from the time column.
    pub fs_hz: Option<f64>,
    /// The Butterworth band.
    pub band: Band,
    /// Butterworth order (scipy's N).
    pub order: usize,
    /// Forward-backward (`sosfiltfilt`) instead of one causal pass.
    pub zero_phase: bool,
    /// Initial state of the causal pass (ignored for zero phase, which uses scipy's padding).
    pub init: Init,
}

/// Filters every column of `table` except the time column, which is copied through.
/// `file` names the input in errors (as `FILE:LINE: what`).
///
/// Errors: fewer than two rows, non-increasing time, no time column and no `fs_hz`, an invalid
/// filter specification, or (zero phase) a trace shorter than the padding.
pub fn filter_table(table: &Table, spec: &FilterConfig, file: impl AsRef<Path>) -> Result<Table> {
    let file = file.as_ref();
    if table.len() < 2 {
        let line = table.lines.last().copied().unwrap_or(1);
        return Err(Error::parse(
            file,
            line,
            format!("need at least two time points, found {}", table.len()),
        ));
    }
    let rate = table.time_rate(file)?;
    let fs = match (spec.fs_hz, rate) {
        (Some(fs), _) => fs,
        (None, Some(fs)) => fs,
        (None, None) => {
            return Err(Error::parse(
                file,
                1,
                "no time column (time_s, time or t) to give the sample rate; pass --fs",
            ));
        }
    };
    // A filter the rate cannot support is the options' fault, not the file's: say which.
    let fs_from = if spec.fs_hz.is_some() {
        "--fs"
    } else {
        "from the time column"
    };
    let sos = butter(spec.order, spec.band, fs).map_err(|e| {
        Error::InvalidConfig(format!(
            "{} --order {} at {fs} Hz ({fs_from}): {}",
            band_option(spec.band),
            spec.order,
            match e {
                Error::InvalidConfig(what) => what,
                other => other.to_string(),
            }
        ))
    })?;
    let tc = table.time_column();
    let mut out = table.clone();
    for (j, col) in out.columns.iter_mut().enumerate() {
        if Some(j) == tc {
            continue;
        }
        if spec.zero_phase {
            *col = sosfiltfilt(&sos, col).map_err(|e| Error::parse(file, 0, e.to_string()))?;
        } else {
            SosFilter::new(&sos, spec.init).process_block(col);
        }
    }
    Ok(out)
}

/// The command-line option that gives `band`, with its value.
fn band_option(band: Band) -> String {
    match band {
        Band::Lowpass(f) => format!("--lowpass {f}"),
        Band::Highpass(f) => format!("--highpass {f}"),
        Band::Bandpass(lo, hi) => format!("--bandpass {lo}:{hi}"),
        Band::Bandstop(lo, hi) => format!("--bandstop {lo}:{hi}"),
    }
}

/// The whole `filter` example: read `input`, filter it as `spec` says, write `output`.
pub fn filter_csv(
    input: impl AsRef<Path>,
    output: impl AsRef<Path>,
    spec: &FilterConfig,
) -> Result<()> {
    let input = input.as_ref();
    let table = Table::read_input(input)?;
    filter_table(&table, spec, input)?.write(output)
}
