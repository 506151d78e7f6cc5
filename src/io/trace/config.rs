//! What the caller can choose when reading a trace: the settings ([`ReadConfig`], [`BadRowConfig`])
//! and the format names ([`TraceFormat`]).

use super::Units;
use crate::{Error, Result};
use std::fmt;

/// The file layouts the reader understands. Detected from the file's first lines unless forced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TraceFormat {
    /// ActiGraph ActiLife RAW CSV: a dashed banner, 10 (or more) header lines with the rate, start
    /// date/time and date format, then `x,y,z` rows with or without a `Timestamp` column.
    ActiGraphCsv,
    /// ActiGraph native `.gt3x` (a zip of `info.txt` and `log.bin`), recognised by its zip
    /// signature; idle-sleep seconds become 0,0,0 rows.
    ActiGraphGt3x,
    /// GENEActiv CSV: about 100 `Key,value` header lines, then
    /// `yyyy-MM-dd hh:mm:ss:mmm,x,y,z,lux,button,temperature` rows.
    GeneActivCsv,
    /// GENEActiv native `.bin`: the same header, then pages of hex-coded 12-bit samples,
    /// calibrated to g with the header's gains and offsets. Recognised from the header's
    /// `Recorded Data` section; forcing [`TraceFormat::GeneActivCsv`] reads it too.
    GeneActivBin,
    /// Axivity OMGUI / omconvert CSV: `Time,Accel-X (g),...` (header optional), ISO times; AX6 gyro
    /// columns are ignored.
    AxivityCsv,
    /// Axivity AX3/AX6 native `.cwa`: a 1024-byte `MD` header, then 512-byte checksummed `AX`
    /// data blocks (packed 10-bit or 16-bit samples, a date-time stamp each), recognised by the
    /// header's signature; AX6 gyro axes are ignored.
    AxivityCwa,
    /// Phone logger (Sensor Logger style): `time,seconds_elapsed,z,y,x` with Unix-nanosecond time
    /// and m/s², axes in any order.
    PhoneNanos,
    /// Phone logger (phyphox style): `"Time (s)","Acceleration x (m/s^2)",...`.
    PhoneSeconds,
    /// Anything else with a time column (seconds or ISO timestamps) and three axes, with or
    /// without a header; or three axes alone with [`ReadConfig::sample_rate_hz`].
    Plain,
}

impl TraceFormat {
    /// Every format, in the order the docs list them.
    pub const ALL: [TraceFormat; 9] = [
        TraceFormat::ActiGraphCsv,
        TraceFormat::ActiGraphGt3x,
        TraceFormat::GeneActivCsv,
        TraceFormat::GeneActivBin,
        TraceFormat::AxivityCsv,
        TraceFormat::AxivityCwa,
        TraceFormat::PhoneNanos,
        TraceFormat::PhoneSeconds,
        TraceFormat::Plain,
    ];

    /// The stable machine name, used in JSON reports, on command lines (`--format`) and in
    /// error messages: `actigraph_csv`, `actigraph_gt3x`, `geneactiv_csv`, `geneactiv_bin`,
    /// `axivity_csv`, `axivity_cwa`, `phone_nanos`, `phone_seconds` or `plain`. [`FromStr`](std::str::FromStr)
    /// accepts exactly these (any case); `Display` gives the human description.
    pub fn name(self) -> &'static str {
        match self {
            TraceFormat::ActiGraphCsv => "actigraph_csv",
            TraceFormat::ActiGraphGt3x => "actigraph_gt3x",
            TraceFormat::GeneActivCsv => "geneactiv_csv",
            TraceFormat::GeneActivBin => "geneactiv_bin",
            TraceFormat::AxivityCsv => "axivity_csv",
            TraceFormat::AxivityCwa => "axivity_cwa",
            TraceFormat::PhoneNanos => "phone_nanos",
            TraceFormat::PhoneSeconds => "phone_seconds",
            TraceFormat::Plain => "plain",
        }
    }
}

impl fmt::Display for TraceFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TraceFormat::ActiGraphCsv => "ActiGraph ActiLife RAW CSV",
            TraceFormat::ActiGraphGt3x => "ActiGraph .gt3x",
            TraceFormat::GeneActivCsv => "GENEActiv CSV",
            TraceFormat::GeneActivBin => "GENEActiv .bin",
            TraceFormat::AxivityCsv => "Axivity OMGUI/omconvert CSV",
            TraceFormat::AxivityCwa => "Axivity .cwa",
            TraceFormat::PhoneNanos => "phone logger (Unix-ns time, m/s²)",
            TraceFormat::PhoneSeconds => "phone logger (Time (s), m/s²)",
            TraceFormat::Plain => "plain CSV",
        })
    }
}

impl std::str::FromStr for TraceFormat {
    type Err = Error;
    /// One of the [`name`](TraceFormat::name)s, in any case.
    fn from_str(s: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                let names: Vec<&str> = Self::ALL.iter().map(|f| f.name()).collect();
                Error::InvalidConfig(format!(
                    "unknown trace format {s:?} (expected one of {})",
                    names.join(", ")
                ))
            })
    }
}

impl serde::Serialize for TraceFormat {
    /// As its [`name`](TraceFormat::name), so the JSON and the command line agree.
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// The unit of a numeric time column that counts from the Unix epoch (1970-01-01 00:00 UTC).
///
/// Loggers write epoch time as seconds, milliseconds, microseconds or nanoseconds. A numeric
/// time column is read as relative seconds unless its first value is at least 10⁸ (three years
/// in seconds: no night's relative clock gets there), when the unit is the one that puts it
/// between the years 1973 and 5138: below 10¹¹ seconds, below 10¹⁴ milliseconds, below 10¹⁷
/// microseconds, else nanoseconds. [`ReadConfig::epoch_unit`] forces a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EpochUnit {
    /// Seconds since the epoch.
    Seconds,
    /// Milliseconds since the epoch.
    Millis,
    /// Microseconds since the epoch.
    Micros,
    /// Nanoseconds since the epoch.
    Nanos,
}

impl EpochUnit {
    /// Every unit, coarsest first.
    pub const ALL: [EpochUnit; 4] = [
        EpochUnit::Seconds,
        EpochUnit::Millis,
        EpochUnit::Micros,
        EpochUnit::Nanos,
    ];

    /// The machine name (`unix_s`, `unix_ms`, `unix_us`, `unix_ns`), as the JSON and the
    /// command line spell it.
    pub fn name(self) -> &'static str {
        match self {
            EpochUnit::Seconds => "unix_s",
            EpochUnit::Millis => "unix_ms",
            EpochUnit::Micros => "unix_us",
            EpochUnit::Nanos => "unix_ns",
        }
    }

    /// Nanoseconds in one unit.
    pub fn nanos(self) -> i64 {
        match self {
            EpochUnit::Seconds => 1_000_000_000,
            EpochUnit::Millis => 1_000_000,
            EpochUnit::Micros => 1_000,
            EpochUnit::Nanos => 1,
        }
    }

    /// The unit a numeric time column starting at `first` is in, by the rule above; `None`
    /// for relative seconds.
    pub fn of_first_value(first: f64) -> Option<EpochUnit> {
        match first.abs() {
            v if v < 1e8 || v.is_nan() => None,
            v if v < 1e11 => Some(EpochUnit::Seconds),
            v if v < 1e14 => Some(EpochUnit::Millis),
            v if v < 1e17 => Some(EpochUnit::Micros),
            _ => Some(EpochUnit::Nanos),
        }
    }
}

impl fmt::Display for EpochUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            EpochUnit::Seconds => "Unix seconds",
            EpochUnit::Millis => "Unix milliseconds",
            EpochUnit::Micros => "Unix microseconds",
            EpochUnit::Nanos => "Unix nanoseconds",
        })
    }
}

impl std::str::FromStr for EpochUnit {
    type Err = Error;
    /// One of the [`name`](EpochUnit::name)s, in any case.
    fn from_str(s: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|u| u.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                let names: Vec<&str> = Self::ALL.iter().map(|u| u.name()).collect();
                Error::InvalidConfig(format!(
                    "unknown epoch unit {s:?} (expected one of {})",
                    names.join(", ")
                ))
            })
    }
}

impl serde::Serialize for EpochUnit {
    /// As its [`name`](EpochUnit::name).
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// How many malformed data rows are counted and skipped before reading fails.
///
/// A row that cannot be used (wrong number of cells, a cell that is not a finite number, an
/// unreadable timestamp, a timestamp equal to the previous one) is skipped and counted in
/// [`ReadStats::skipped`](super::ReadStats::skipped). Reading fails, naming the line, when the
/// count exceeds `max_count`, or exceeds `grace` and is more than `max_fraction` of the data rows
/// read so far. Defaults: at most 1000 rows and at most 1% of the rows, the first 10 always allowed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BadRowConfig {
    /// Bad rows tolerated whatever the fraction (still subject to `max_count`).
    pub grace: usize,
    /// Largest fraction of the data rows so far that may be bad once past `grace`.
    pub max_fraction: f64,
    /// Largest number of bad rows in the whole file.
    pub max_count: usize,
}

impl Default for BadRowConfig {
    fn default() -> Self {
        BadRowConfig {
            grace: 10,
            max_fraction: 0.01,
            max_count: 1000,
        }
    }
}

impl BadRowConfig {
    /// No bad row tolerated: the first one is an error naming its line.
    pub fn strict() -> Self {
        BadRowConfig {
            grace: 0,
            max_fraction: 0.0,
            max_count: 0,
        }
    }

    /// Whether `bad` bad rows among `rows` data rows are still acceptable.
    pub fn allows(&self, bad: usize, rows: usize) -> bool {
        bad <= self.max_count
            && (bad <= self.grace || bad as f64 <= self.max_fraction * rows as f64)
    }
}

/// Settings for [`TraceReader`](super::TraceReader). `Default` detects everything.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadConfig {
    /// Force a format instead of detecting it.
    pub format: Option<TraceFormat>,
    /// Force the units instead of detecting them.
    pub units: Option<Units>,
    /// Counts per g, required when the values are raw integer counts.
    pub scale_counts_per_g: Option<f64>,
    /// Sample rate for files with neither a time column nor a rate in their header.
    pub sample_rate_hz: Option<f64>,
    /// Read a numeric time column as Unix epoch time in this unit, instead of the unit its
    /// values suggest (see [`EpochUnit`]).
    pub epoch_unit: Option<EpochUnit>,
    /// Rows per [`TriaxialColumns`](super::TriaxialColumns) (at least 1).
    pub block_rows: usize,
    /// Longest line accepted, in bytes; a longer line is an error naming it.
    pub max_line_bytes: usize,
    /// Largest |acceleration| in g accepted after unit conversion; beyond it a value is an error
    /// (it means mixed or wrong units: no ankle sensor records 64 g).
    pub max_abs_g: f64,
    /// Data rows examined (at most, and at most 10 s of them) to detect units and estimate the rate.
    pub peek_rows: usize,
    /// What to do with malformed rows.
    pub bad_rows: BadRowConfig,
}

impl Default for ReadConfig {
    fn default() -> Self {
        ReadConfig {
            format: None,
            units: None,
            scale_counts_per_g: None,
            sample_rate_hz: None,
            epoch_unit: None,
            block_rows: 1 << 16,
            max_line_bytes: 1 << 16,
            max_abs_g: 64.0,
            peek_rows: 1000,
            bad_rows: BadRowConfig::default(),
        }
    }
}

impl ReadConfig {
    /// The default settings, except that the first malformed row is an error.
    pub fn strict() -> Self {
        ReadConfig {
            bad_rows: BadRowConfig::strict(),
            ..ReadConfig::default()
        }
    }
}
