//! Writers that render a simulated leg trace the way device software exports it, so the trace
//! readers can be exercised on realistic files with known truth.
//!
//! Every layout shares one row loop ([`write_device_csv`]); a layout only chooses its header
//! and how a row is printed. What each writes (the layouts the readers in `io::trace` accept):
//!
//! | [`DeviceFormat`] | header | row |
//! |---|---|---|
//! | `Plain` | `time_s,x,y,z` | seconds and g, shortest round-trip (as [`write_trace_csv`](super::write_trace_csv)) |
//! | `PlainCounts` | none | seconds (shortest), integer counts at [`COUNTS_PER_G`] |
//! | `ActiGraph` | ActiLife RAW 10 lines (`date format M/d/yyyy at R Hz`), `Timestamp,Accelerometer X,...` | `M/d/yyyy HH:mm:ss.fff`, g with 3 decimals, CRLF |
//! | `ActiGraphNoTimestamp` | the same 10 lines, `Accelerometer X,Accelerometer Y,Accelerometer Z` | g with 3 decimals, CRLF |
//! | `Axivity` | `Time,Accel-X (g), Accel-Y (g), Accel-Z (g)` | `yyyy-MM-dd HH:mm:ss.fff`, g with 6 decimals |
//! | `AxivityAx6` | as `Axivity` plus `Gyro-X (d/s), ...` | plus three gyro columns (°/s, 6 decimals) |
//! | `AxivityCwa` | binary `.cwa`, not CSV: written by [`write_cwa`] in [`CwaLayout::Ax3Packed`] | 10-bit packed, 1/256 g |
//! | `AxivityCwaAx6` | binary `.cwa` by [`write_cwa`] in [`CwaLayout::Ax6`] | 16-bit gyro then accel, 1/4096 g |
//! | `GeneActiv` | 100 lines (`Measurement Frequency,R Hz`, `Start Time,...`, calibration, ...) | `yyyy-MM-dd HH:mm:ss:mmm`, g with 4 decimals, lux, button, °C, CRLF |
//! | `SensorLogger` | `time,seconds_elapsed,z,y,x` | Unix ns, seconds (9 decimals), m/s² as single precision (shortest round-trip) |
//! | `Phyphox` | `"Time (s)","Acceleration x (m/s^2)",...,"Absolute acceleration (m/s^2)"` | all `%.9E` (seconds, m/s²) |
//!
//! Civil times count from the `start_unix_s` given (written as a naive local time, read back as
//! UTC); a row's time is rounded to the layout's resolution (ms or ns). The ActiGraph layout
//! without timestamps places row n at start + n / rate, so rows missing from a simulated night
//! (hard profile gaps) shift later rows, as on a device that drops samples.

use super::cwa::{CwaLayout, write_cwa};
use super::signal::RowSource;
use crate::STANDARD_GRAVITY;
use crate::civil::civil_from_days;
use crate::samples::TriaxialColumns;
use std::io::{self, Write};

/// Counts per g written by [`DeviceFormat::PlainCounts`] (a ±2 g, 12-bit range).
pub const COUNTS_PER_G: f64 = 1024.0;

/// 2026-03-14 23:05:00 (UTC): a default recording start for writers that print civil times.
pub const DEFAULT_START_UNIX_S: i64 = 1_773_529_500;

/// A CSV layout written by a device's software.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeviceFormat {
    /// `time_s,x,y,z` in seconds and g.
    Plain,
    /// Headerless `time_s,x,y,z` with the axes in integer counts ([`COUNTS_PER_G`] per g).
    PlainCounts,
    /// ActiGraph ActiLife RAW CSV with a Timestamp column.
    ActiGraph,
    /// ActiGraph ActiLife RAW CSV without a Timestamp column.
    ActiGraphNoTimestamp,
    /// Axivity AX3 OMGUI CSV export with its header line.
    Axivity,
    /// Axivity AX6 OMGUI CSV export (adds gyro columns).
    AxivityAx6,
    /// Axivity AX3 native `.cwa` binary, packed samples (the device's default mode).
    AxivityCwa,
    /// Axivity AX6 native `.cwa` binary (16-bit gyro and accel; the gyro is ignored by readers).
    AxivityCwaAx6,
    /// GENEActiv PC software CSV export (100 header lines).
    GeneActiv,
    /// Sensor Logger phone app: Unix-ns time, seconds elapsed, z, y, x in m/s².
    SensorLogger,
    /// phyphox phone app: seconds and m/s² in exponent notation.
    Phyphox,
}

impl DeviceFormat {
    /// Every layout, in the order the docs list them.
    pub const ALL: [DeviceFormat; 11] = [
        DeviceFormat::Plain,
        DeviceFormat::PlainCounts,
        DeviceFormat::ActiGraph,
        DeviceFormat::ActiGraphNoTimestamp,
        DeviceFormat::Axivity,
        DeviceFormat::AxivityAx6,
        DeviceFormat::AxivityCwa,
        DeviceFormat::AxivityCwaAx6,
        DeviceFormat::GeneActiv,
        DeviceFormat::SensorLogger,
        DeviceFormat::Phyphox,
    ];

    /// The stable machine name (command lines, file names). A layout the trace reader knows
    /// as one of its formats has that format's name
    /// ([`TraceFormat::name`](crate::io::trace::TraceFormat::name): `actigraph_csv`,
    /// `axivity_csv`, `axivity_cwa`, `geneactiv_csv`, `phone_nanos`, `phone_seconds`, `plain`); a
    /// variant of one adds a suffix (`plain_counts`, `actigraph_csv_no_timestamp`,
    /// `axivity_csv_ax6`, `axivity_cwa_ax6`).
    /// [`FromStr`](std::str::FromStr) accepts exactly these (any case).
    pub fn name(self) -> &'static str {
        match self {
            DeviceFormat::Plain => "plain",
            DeviceFormat::PlainCounts => "plain_counts",
            DeviceFormat::ActiGraph => "actigraph_csv",
            DeviceFormat::ActiGraphNoTimestamp => "actigraph_csv_no_timestamp",
            DeviceFormat::Axivity => "axivity_csv",
            DeviceFormat::AxivityAx6 => "axivity_csv_ax6",
            DeviceFormat::AxivityCwa => "axivity_cwa",
            DeviceFormat::AxivityCwaAx6 => "axivity_cwa_ax6",
            DeviceFormat::GeneActiv => "geneactiv_csv",
            DeviceFormat::SensorLogger => "phone_nanos",
            DeviceFormat::Phyphox => "phone_seconds",
        }
    }

    /// The sample rate this kind of device usually records at (Hz).
    pub fn typical_rate_hz(self) -> f64 {
        match self {
            DeviceFormat::ActiGraph | DeviceFormat::ActiGraphNoTimestamp => 30.0,
            DeviceFormat::Axivity
            | DeviceFormat::AxivityAx6
            | DeviceFormat::AxivityCwa
            | DeviceFormat::AxivityCwaAx6 => 100.0,
            _ => 50.0,
        }
    }

    /// The file extension device software gives this layout: `cwa` for the Axivity binary,
    /// `csv` for the rest.
    pub fn extension(self) -> &'static str {
        if self.cwa_layout().is_some() {
            "cwa"
        } else {
            "csv"
        }
    }

    /// The binary layout of a `.cwa` format, `None` for the CSV layouts.
    fn cwa_layout(self) -> Option<CwaLayout> {
        match self {
            DeviceFormat::AxivityCwa => Some(CwaLayout::Ax3Packed),
            DeviceFormat::AxivityCwaAx6 => Some(CwaLayout::Ax6),
            _ => None,
        }
    }

    /// Line end: the Windows exporters (ActiLife, GENEActiv PC) write CRLF.
    fn eol(self) -> &'static str {
        match self {
            DeviceFormat::ActiGraph
            | DeviceFormat::ActiGraphNoTimestamp
            | DeviceFormat::GeneActiv => "\r\n",
            _ => "\n",
        }
    }
}

impl std::str::FromStr for DeviceFormat {
    type Err = crate::Error;
    /// One of the [`name`](DeviceFormat::name)s, in any case.
    fn from_str(s: &str) -> crate::Result<Self> {
        Self::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                let names: Vec<&str> = Self::ALL.iter().map(|f| f.name()).collect();
                crate::Error::InvalidConfig(format!(
                    "unknown simulated format {s:?} (expected one of {})",
                    names.join(", ")
                ))
            })
    }
}

/// A civil date and time split into fields (written as a naive local time).
#[derive(Debug, Clone, Copy)]
struct Civil {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    min: u32,
    sec: u32,
    ms: u32,
}

impl Civil {
    /// From milliseconds since 1970-01-01.
    fn from_unix_ms(ms: i64) -> Civil {
        let days = ms.div_euclid(86_400_000);
        let in_day = ms.rem_euclid(86_400_000);
        let (year, month, day) = civil_from_days(days);
        Civil {
            year: i64::from(year),
            month: u32::from(month),
            day: u32::from(day),
            hour: (in_day / 3_600_000) as u32,
            min: (in_day / 60_000 % 60) as u32,
            sec: (in_day / 1000 % 60) as u32,
            ms: (in_day % 1000) as u32,
        }
    }

    fn ymd(&self) -> String {
        format!("{}-{:02}-{:02}", self.year, self.month, self.day)
    }

    fn mdy(&self) -> String {
        format!("{}/{}/{}", self.month, self.day, self.year)
    }

    fn hms(&self) -> String {
        format!("{:02}:{:02}:{:02}", self.hour, self.min, self.sec)
    }
}

/// What every row of one file shares.
struct Layout {
    format: DeviceFormat,
    start_ms: i64,
    /// 0 for the left leg's device, 1 for the right's: each ankle has its own serial number.
    device: u8,
}

impl Layout {
    fn header(&self, w: &mut impl Write, rate_hz: f64) -> io::Result<()> {
        let eol = self.format.eol();
        let start = Civil::from_unix_ms(self.start_ms);
        match self.format {
            DeviceFormat::Plain => write!(w, "time_s,x,y,z{eol}"),
            DeviceFormat::PlainCounts => Ok(()),
            DeviceFormat::ActiGraph | DeviceFormat::ActiGraphNoTimestamp => {
                // ActiLife pads its header lines with commas to the data's column count.
                let pad = if self.format == DeviceFormat::ActiGraph {
                    ",,,"
                } else {
                    ",,"
                };
                let lines = [
                    format!(
                        "------------ Data File Created By ActiGraph GT3X+ ActiLife v6.13.4 Firmware v3.2.1 date format M/d/yyyy at {rate_hz} Hz  Filter Normal -----------"
                    ),
                    format!("Serial Number: NEO1F1812038{}", 7 + self.device),
                    format!("Start Time {}", start.hms()),
                    format!("Start Date {}", start.mdy()),
                    "Epoch Period (hh:mm:ss) 00:00:00".to_string(),
                    "Download Time 08:12:44".to_string(),
                    format!(
                        "Download Date {}",
                        Civil::from_unix_ms(self.start_ms + 86_400_000).mdy()
                    ),
                    "Current Memory Address: 0".to_string(),
                    "Current Battery Voltage: 4.18     Mode = 12".to_string(),
                    "--------------------------------------------------".to_string(),
                ];
                for l in lines {
                    write!(w, "{l}{pad}{eol}")?;
                }
                if self.format == DeviceFormat::ActiGraph {
                    write!(w, "Timestamp,")?;
                }
                write!(w, "Accelerometer X,Accelerometer Y,Accelerometer Z{eol}")
            }
            DeviceFormat::Axivity => write!(w, "Time,Accel-X (g), Accel-Y (g), Accel-Z (g){eol}"),
            DeviceFormat::AxivityAx6 => write!(
                w,
                "Time,Accel-X (g), Accel-Y (g), Accel-Z (g), Gyro-X (d/s), Gyro-Y (d/s), Gyro-Z (d/s){eol}"
            ),
            DeviceFormat::GeneActiv => geneactiv_header(w, rate_hz, &start, eol, self.device),
            DeviceFormat::AxivityCwa | DeviceFormat::AxivityCwaAx6 => Err(not_text(self.format)),
            DeviceFormat::SensorLogger => write!(w, "time,seconds_elapsed,z,y,x{eol}"),
            DeviceFormat::Phyphox => write!(
                w,
                "\"Time (s)\",\"Acceleration x (m/s^2)\",\"Acceleration y (m/s^2)\",\"Acceleration z (m/s^2)\",\"Absolute acceleration (m/s^2)\"{eol}"
            ),
        }
    }

    /// One row: `t` in seconds since the start, axes in g.
    fn row(&self, w: &mut impl Write, t: f64, a: [f64; 3]) -> io::Result<()> {
        let eol = self.format.eol();
        let [x, y, z] = a;
        let stamp = || Civil::from_unix_ms(self.start_ms + (t * 1000.0).round() as i64);
        let ms2 = |v: f64| v * STANDARD_GRAVITY;
        match self.format {
            DeviceFormat::Plain => write!(w, "{t},{x},{y},{z}{eol}"),
            DeviceFormat::PlainCounts => {
                let c = |v: f64| (v * COUNTS_PER_G).round() as i64;
                write!(w, "{t},{},{},{}{eol}", c(x), c(y), c(z))
            }
            DeviceFormat::ActiGraph => {
                let s = stamp();
                write!(
                    w,
                    "{} {}.{:03},{x:.3},{y:.3},{z:.3}{eol}",
                    s.mdy(),
                    s.hms(),
                    s.ms
                )
            }
            DeviceFormat::ActiGraphNoTimestamp => write!(w, "{x:.3},{y:.3},{z:.3}{eol}"),
            DeviceFormat::Axivity | DeviceFormat::AxivityAx6 => {
                let s = stamp();
                write!(
                    w,
                    "{} {}.{:03},{x:.6},{y:.6},{z:.6}",
                    s.ymd(),
                    s.hms(),
                    s.ms
                )?;
                if self.format == DeviceFormat::AxivityAx6 {
                    // A still ankle turns little: a gyro offset of a few LSB (1/16.384 °/s).
                    write!(w, ",0.061035,-0.122070,0.030518")?;
                }
                write!(w, "{eol}")
            }
            DeviceFormat::GeneActiv => {
                let s = stamp();
                write!(
                    w,
                    "{} {}:{:03},{x:.4},{y:.4},{z:.4},0,0,24.5{eol}",
                    s.ymd(),
                    s.hms(),
                    s.ms
                )
            }
            DeviceFormat::AxivityCwa | DeviceFormat::AxivityCwaAx6 => Err(not_text(self.format)),
            DeviceFormat::SensorLogger => {
                let ns = (t * 1e9).round() as i64;
                let unix_ns = self.start_ms * 1_000_000 + ns;
                // Phones deliver single-precision samples; the app prints them in full.
                let (x, y, z) = (ms2(x) as f32, ms2(y) as f32, ms2(z) as f32);
                write!(w, "{unix_ns},{:.9},{z},{y},{x}{eol}", ns as f64 / 1e9)
            }
            DeviceFormat::Phyphox => {
                let (x, y, z) = (ms2(x), ms2(y), ms2(z));
                let abs = (x * x + y * y + z * z).sqrt();
                write!(w, "{t:.9E},{x:.9E},{y:.9E},{z:.9E},{abs:.9E}{eol}")
            }
        }
    }
}

/// The error for a binary layout reaching the CSV row writer (write_device_csv sends those to
/// write_cwa before any row, so this names a bug rather than panicking).
fn not_text(format: DeviceFormat) -> io::Error {
    io::Error::other(format!(
        "{} is a binary layout, not CSV rows",
        format.name()
    ))
}

/// The GENEActiv PC software's 100-line header: `Key,value` lines under section titles.
fn geneactiv_header(
    w: &mut impl Write,
    rate_hz: f64,
    start: &Civil,
    eol: &str,
    device: u8,
) -> io::Result<()> {
    let start_s = format!("{} {}:000", start.ymd(), start.hms());
    let serial = format!("Device Unique Serial Code,03456{}", 3 + device);
    let lines: Vec<String> = [
        "Device Identity",
        serial.as_str(),
        "Device Type,GENEActiv",
        "Device Model,1.2",
        "Device Firmware Version,Ver06.17 15June23",
        "Calibration Date,2025-09-08 14:14:04:000",
        "",
        "Device Capabilities",
        "Accelerometer Range,-8 to 8",
        "Accelerometer Resolution,0.0039",
        "Accelerometer Units,g",
        "Light Meter Range,0 to 20000",
        "Light Meter Resolution,3 to 48",
        "Light Meter Units,lux",
        "Temperature Sensor Range,0 to 70",
        "Temperature Sensor Resolution,0.1",
        "Temperature Sensor Units,deg. C",
        "",
        "Configuration Info",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([
        format!("Measurement Frequency,{rate_hz} Hz"),
        "Measurement Period,168 Hours".into(),
        format!("Start Time,{start_s}"),
        "Time Zone,GMT +01:00".into(),
        "".into(),
        "Trial Info".into(),
        "Study Centre,".into(),
        "Study Code,".into(),
        "Investigator ID,".into(),
        "Exercise Type,".into(),
        "Config Operator ID,".into(),
        format!("Config Time,{start_s}"),
        "Config Notes,".into(),
        "Extract Operator ID,".into(),
        format!("Extract Time,{start_s}"),
        "Extract Notes,".into(),
        "".into(),
        "Subject Info".into(),
        "Device Location Code,left ankle".into(),
        "Subject Code,S001".into(),
        "Date of Birth,1900-01-01".into(),
        "Sex,".into(),
        "Height,".into(),
        "Weight,".into(),
        "Handedness Code,".into(),
        "Subject Notes,".into(),
        "".into(),
        "Calibration Data".into(),
        "x gain,25270".into(),
        "x offset,-1846".into(),
        "y gain,25100".into(),
        "y offset,-474".into(),
        "z gain,24829".into(),
        "z offset,1167".into(),
        "Volts,54".into(),
        "Lux,997".into(),
        "".into(),
        "Memory Status".into(),
        "Number of Pages,300".into(),
    ])
    .collect();
    // The export's header is always 100 lines; the rest are blank.
    for i in 0..100 {
        write!(w, "{}{eol}", lines.get(i).map_or("", String::as_str))?;
    }
    Ok(())
}

/// Writes one leg's whole trace in `format` to `w`, streaming in blocks (memory stays bounded).
/// `rate_hz` goes into the headers that state it (the stream's own rate); civil times count
/// from `start_unix_s`. The `.cwa` formats are binary, written by [`write_cwa`] (their rate must
/// be a device rate, 3200 / 2^k Hz).
pub fn write_device_csv<W: Write>(
    mut w: W,
    stream: &mut dyn RowSource,
    rate_hz: f64,
    format: DeviceFormat,
    start_unix_s: i64,
) -> io::Result<()> {
    if let Some(layout) = format.cwa_layout() {
        return write_cwa(w, stream, rate_hz, layout, start_unix_s);
    }
    let layout = Layout {
        format,
        start_ms: start_unix_s * 1000,
        device: u8::from(stream.leg() == crate::event::Leg::Right),
    };
    layout.header(&mut w, rate_hz)?;
    let mut rows = TriaxialColumns::default();
    loop {
        rows.clear();
        let more = stream.fill(&mut rows, 8192);
        for i in 0..rows.len() {
            layout.row(&mut w, rows.t[i], [rows.x[i], rows.y[i], rows.z[i]])?;
        }
        if !more {
            break;
        }
    }
    w.flush()
}

#[cfg(all(test, feature = "io"))]
mod tests {
    use super::*;
    use crate::event::Leg;
    use crate::io::trace::{ReadConfig, Trace, TraceFormat, TraceReader, Units};
    use crate::simulate::{SimConfig, SimNight};
    use std::io::Cursor;

    /// What a reader must find in each layout, and the printed resolution of time and axes (g).
    fn expect(f: DeviceFormat) -> (TraceFormat, Units, bool, f64, f64) {
        match f {
            DeviceFormat::Plain => (TraceFormat::Plain, Units::G, false, 0.0, 0.0),
            DeviceFormat::PlainCounts => (
                TraceFormat::Plain,
                Units::Counts {
                    scale: COUNTS_PER_G,
                },
                false,
                0.0,
                0.5 / COUNTS_PER_G,
            ),
            DeviceFormat::ActiGraph => (TraceFormat::ActiGraphCsv, Units::G, true, 5e-4, 5e-4),
            DeviceFormat::ActiGraphNoTimestamp => {
                (TraceFormat::ActiGraphCsv, Units::G, true, 0.0, 5e-4)
            }
            DeviceFormat::Axivity | DeviceFormat::AxivityAx6 => {
                (TraceFormat::AxivityCsv, Units::G, false, 5e-4, 5e-7)
            }
            // Stamps to 1/32768 s, interpolated; packed values to 1/256 g with up to a 3-bit
            // shift (the exact per-sample bound is checked in tests/io_trace_cwa.rs).
            DeviceFormat::AxivityCwa => {
                (TraceFormat::AxivityCwa, Units::G, true, 1e-4, 4.0 / 256.0)
            }
            DeviceFormat::AxivityCwaAx6 => {
                (TraceFormat::AxivityCwa, Units::G, true, 1e-4, 0.5 / 4096.0)
            }
            DeviceFormat::GeneActiv => (TraceFormat::GeneActivCsv, Units::G, true, 5e-4, 5e-5),
            DeviceFormat::SensorLogger => (
                TraceFormat::PhoneNanos,
                Units::MetersPerSecond2,
                false,
                5e-10,
                1e-6,
            ),
            DeviceFormat::Phyphox => (
                TraceFormat::PhoneSeconds,
                Units::MetersPerSecond2,
                false,
                1e-9,
                1e-9,
            ),
        }
    }

    #[test]
    fn every_layout_reads_back_as_written() {
        for (k, f) in DeviceFormat::ALL.into_iter().enumerate() {
            let rate = f.typical_rate_hz();
            let night = SimNight::new(&SimConfig {
                seed: 40 + k as u64,
                rate_hz: rate,
                duration_s: 30.0,
                ..SimConfig::default()
            })
            .unwrap();
            let mut out = Vec::new();
            write_device_csv(
                &mut out,
                &mut night.stream(Leg::Left),
                rate,
                f,
                DEFAULT_START_UNIX_S,
            )
            .unwrap();
            let (format, units, header_rate, t_tol, g_tol) = expect(f);
            let opts = ReadConfig {
                scale_counts_per_g: (f == DeviceFormat::PlainCounts).then_some(COUNTS_PER_G),
                ..ReadConfig::strict()
            };
            let reader = TraceReader::from_reader(&opts, f.name(), Cursor::new(out))
                .unwrap_or_else(|e| panic!("{}: {e}", f.name()));
            let got = Trace::from_reader(reader).unwrap();
            let want = night.rows(Leg::Left);
            let name = f.name();
            assert_eq!(got.info.format, format, "{name}");
            assert_eq!(got.info.units, units, "{name}");
            assert_eq!(
                got.info.sample_rate_hz,
                header_rate.then_some(rate),
                "{name}"
            );
            let est = got.info.estimated_rate_hz.unwrap();
            // Millisecond stamps make the median step 33 or 34 ms at 30 Hz.
            let rate_tol = rate * rate * 2.0 * t_tol + 1e-6 * rate;
            assert!((est - rate).abs() <= rate_tol, "{name}: {est} Hz");
            assert_eq!(got.len(), want.len(), "{name}");
            assert_eq!(got.stats.skipped_rows(), 0, "{name}");
            if matches!(
                f,
                DeviceFormat::ActiGraph | DeviceFormat::Axivity | DeviceFormat::GeneActiv
            ) {
                assert_eq!(
                    got.info.start.unwrap().unix_nanos(),
                    DEFAULT_START_UNIX_S * 1_000_000_000,
                    "{name}"
                );
            }
            let mut worst = [0.0f64; 2];
            for i in 0..want.len() {
                worst[0] = worst[0].max((got.rows.t[i] - want.t[i]).abs());
                for (a, b) in [
                    (got.rows.x[i], want.x[i]),
                    (got.rows.y[i], want.y[i]),
                    (got.rows.z[i], want.z[i]),
                ] {
                    // Phone files are in m/s²: converting back costs a rounding of the product.
                    let tol = g_tol + 1e-12 * b.abs().max(1.0);
                    assert!((a - b).abs() <= tol, "{name} row {i}: {a} vs {b}");
                }
            }
            assert!(worst[0] <= t_tol + 1e-9, "{name}: time off by {}", worst[0]);
        }
    }

    #[test]
    fn civil_times_match_the_calendar() {
        let c = Civil::from_unix_ms(DEFAULT_START_UNIX_S * 1000 + 12_345);
        assert_eq!(
            (c.ymd(), c.mdy(), c.hms(), c.ms),
            (
                "2026-03-14".into(),
                "3/14/2026".into(),
                "23:05:12".into(),
                345
            )
        );
        // A leap day and the turn of a century that is not a leap year.
        let d = Civil::from_unix_ms(951_782_400_000); // 2000-02-29T00:00:00Z
        assert_eq!(d.ymd(), "2000-02-29");
        let e = Civil::from_unix_ms(4_107_542_400_000); // 2100-03-01T00:00:00Z
        assert_eq!(e.ymd(), "2100-03-01");
    }

    #[test]
    fn names_round_trip() {
        for f in DeviceFormat::ALL {
            assert_eq!(f.name().parse::<DeviceFormat>().ok(), Some(f));
            assert_eq!(
                f.name().to_uppercase().parse::<DeviceFormat>().ok(),
                Some(f)
            );
        }
        assert!("csv".parse::<DeviceFormat>().is_err());
    }
}
