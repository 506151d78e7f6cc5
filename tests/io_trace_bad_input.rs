//! The bad-input catalogue: malformed trace files, each of which must give a typed
//! `Error::Parse` whose Display is `FILE:LINE: what` with the right line, and never a panic.
//! Files are built in memory (the 2-GB line comes from a lazy reader and is never materialised).
//! Recoverable problems are checked separately: counted in the stats, not silently dropped.
#![cfg(feature = "io")]

use std::io::{BufReader, Cursor, Read};

use plmkit::Error;
use plmkit::io::trace::{ReadConfig, SkipReason, Trace, TraceReader};
use plmkit::simulate::{CwaLayout, DEFAULT_START_UNIX_S, SimConfig, SimNight, write_cwa};

/// How a case is read.
#[derive(Clone, Copy)]
enum Opts {
    /// Default options (up to 10 bad rows, then at most 1%).
    Default,
    /// The first bad row is an error.
    Strict,
    /// Default options with a counts scale of 1024 per g.
    Scale1024,
}

impl Opts {
    fn get(self) -> ReadConfig {
        match self {
            Opts::Default => ReadConfig::default(),
            Opts::Strict => ReadConfig::strict(),
            Opts::Scale1024 => ReadConfig {
                scale_counts_per_g: Some(1024.0),
                ..ReadConfig::default()
            },
        }
    }
}

/// One catalogue entry: the file's bytes, the options, the line the error must name and words
/// the message must contain.
struct Case {
    name: &'static str,
    bytes: Vec<u8>,
    opts: Opts,
    line: usize,
    says: &'static str,
}

fn case(
    name: &'static str,
    text: impl Into<Vec<u8>>,
    opts: Opts,
    line: usize,
    says: &'static str,
) -> Case {
    Case {
        name,
        bytes: text.into(),
        opts,
        line,
        says,
    }
}

/// `n` good plain rows at 50 Hz starting at data index `from`, resting in g.
fn rows(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| format!("{:.2},0.01,-0.2,0.98\n", i as f64 / 50.0))
        .collect()
}

/// A header line and `n` rows, row `i` written by `row(i)`.
fn with_rows(header: &str, n: usize, row: impl Fn(usize) -> String) -> String {
    format!("{header}\n{}", (0..n).map(row).collect::<String>())
}

fn plain(extra: &str) -> String {
    format!("time_s,x,y,z\n{}{extra}", rows(0, 3))
}

/// An ActiLife banner and header (10 lines) with `date_format`, `rate`, and `date`.
fn actigraph_header(date_format: &str, rate: &str, date: &str) -> String {
    format!(
        "------------ Data File Created By ActiGraph GT3X+ ActiLife v6.13.4 Firmware v3.2.1 date format {date_format} at {rate} Hz  Filter Normal -----------\n\
         Serial Number: NEO1F00000001\nStart Time 23:05:00\nStart Date {date}\n\
         Epoch Period (hh:mm:ss) 00:00:00\nDownload Time 08:00:00\nDownload Date {date}\n\
         Current Memory Address: 0\nCurrent Battery Voltage: 4.18     Mode = 12\n\
         --------------------------------------------------\n"
    )
}

fn geneactiv_header(frequency: &str, start: &str) -> String {
    format!(
        "Device Identity\nDevice Unique Serial Code,012345\nDevice Type,GENEActiv\n\n\
         Configuration Info\nMeasurement Frequency,{frequency}\nStart Time,{start}\n\n"
    )
}

/// A GENEActiv .bin header with calibration, up to and including `Recorded Data` (line 10).
fn geneactiv_bin_header() -> String {
    "Device Identity\nDevice Unique Serial Code:101806\nMeasurement Frequency:60 Hz\n\
     Start Time:2025-03-17 12:37:32:000\nx gain:25270\nx offset:-1846\ny gain:25100\n\
     y offset:-474\nz gain:24829\nz offset:1167\nRecorded Data\nPage Time:2025-03-17 12:37:33:000\n"
        .to_string()
}

/// A stored (method 0) or "compressed" zip archive of `entries`, as .gt3x files are.
fn zip(entries: &[(&str, Vec<u8>)], method: u16) -> Vec<u8> {
    let mut out = Vec::new();
    for (name, data) in entries {
        out.extend_from_slice(b"PK\x03\x04");
        out.extend_from_slice(&20u16.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(&method.to_le_bytes());
        out.extend_from_slice(&[0; 8]); // time, date, crc (not checked)
        out.extend_from_slice(&(data.len() as u32).to_le_bytes());
        out.extend_from_slice(&(data.len() as u32).to_le_bytes());
        out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
    }
    out
}

/// One log.bin record; `corrupt` spoils its checksum.
fn record(kind: u8, ts: u32, payload: &[u8], corrupt: bool) -> Vec<u8> {
    let mut r = vec![0x1E, kind];
    r.extend_from_slice(&ts.to_le_bytes());
    r.extend_from_slice(&(payload.len() as u16).to_le_bytes());
    r.extend_from_slice(payload);
    let xor = r.iter().fold(0u8, |a, b| a ^ b);
    r.push(if corrupt { xor } else { !xor });
    r
}

/// info.txt for a 2-Hz recording starting at 1714488780 (as .NET ticks).
fn gt3x_info(rate: &str) -> Vec<u8> {
    format!("Serial Number: T1\nSample Rate: {rate}\nStart Date: 638500855800000000\nAcceleration Scale: 256.0\n")
        .into_bytes()
}

/// One ACTIVITY2 record at `ts` holding two samples of a 2-Hz recording.
fn activity(ts: u32, corrupt: bool) -> Vec<u8> {
    record(0x1A, ts, &[0, 1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1], corrupt)
}

/// A stored .gt3x of a 2-Hz recording with `log` as its log.bin.
fn gt3x_2hz(log: Vec<u8>) -> Vec<u8> {
    zip(&[("info.txt", gt3x_info("2")), ("log.bin", log)], 0)
}

/// A 20-s simulated .cwa (17 packed data blocks at 100 Hz), edited by `edit` and, when
/// `reseal` names a block, with that block's checksum made good again after the edit.
fn cwa(edit: impl Fn(&mut Vec<u8>), reseal: Option<usize>) -> Vec<u8> {
    let night = SimNight::new(&SimConfig {
        seed: 1,
        rate_hz: 100.0,
        duration_s: 20.0,
        ..SimConfig::default()
    })
    .unwrap();
    let mut out = Vec::new();
    let mut stream = night.stream(plmkit::Leg::Left);
    write_cwa(
        &mut out,
        &mut stream,
        100.0,
        CwaLayout::Ax3Packed,
        DEFAULT_START_UNIX_S,
    )
    .unwrap();
    edit(&mut out);
    if let Some(n) = reseal {
        let b = &mut out[cwa_block(n)..cwa_block(n) + 512];
        let sum = (0..255).fold(0u16, |s, k| {
            s.wrapping_add(u16::from_le_bytes([b[2 * k], b[2 * k + 1]]))
        });
        b[510..].copy_from_slice(&sum.wrapping_neg().to_le_bytes());
    }
    out
}

/// Byte offset of the .cwa's 1-based data block `n`.
fn cwa_block(n: usize) -> usize {
    1024 + (n - 1) * 512
}

fn catalogue() -> Vec<Case> {
    let mut garbage = Vec::new();
    let mut state: u32 = 12345;
    for _ in 0..4000 {
        state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
        garbage.push((state >> 16) as u8);
    }
    let mut garbage_after_header = b"time_s,x,y,z\n".to_vec();
    garbage_after_header.extend(
        garbage
            .iter()
            .map(|&b| if b == b'\n' { b'x' } else { b | 0x80 }),
    );
    let ragged_many = format!("time_s,x,y,z\n{}{}", rows(0, 4), "0.5,0.1,0.2\n".repeat(20));
    let stuck_time = format!("time_s,x,y,z\n{}", "0.00,0.01,-0.2,0.98\n".repeat(30));
    let g_then_counts = format!("time_s,x,y,z\n{}1.00,12,-200,1001\n", rows(0, 50));
    let zeros = with_rows("time_s,x,y,z", 40, |i| format!("{i}.0,0,0,0\n"));
    let ms_times = with_rows("time_ms,x,y,z", 40, |i| {
        format!("{},0.01,-0.2,0.98\n", i * 10)
    });
    let us_times = with_rows("t,x,y,z", 40, |i| {
        format!("{:e},0.01,-0.2,0.98\n", i as f64 * 1e-6)
    });
    let ms2_in_g = with_rows("Time,Accel-X (g), Accel-Y (g), Accel-Z (g)", 20, |i| {
        format!("2026-03-14 23:05:00.{:03},0.1,-1.9,9.6\n", i * 10)
    });
    let no_dashes = format!(
        "------------ Data File Created By ActiGraph GT3X+ ActiLife date format M/d/yyyy at 30 Hz -----------\n{}",
        "Some Line: 1\n".repeat(60)
    );
    vec![
        // Nothing there.
        case("empty.csv", "", Opts::Default, 0, "empty file"),
        case(
            "blank_lines.csv",
            "\n\r\n,,,\n",
            Opts::Default,
            3,
            "only blank lines",
        ),
        case(
            "bom_only.csv",
            "\u{feff}",
            Opts::Default,
            1,
            "only blank lines",
        ),
        // A header and nothing else.
        case(
            "header_only.csv",
            "time_s,x,y,z\n",
            Opts::Default,
            1,
            "no data rows after the header",
        ),
        case(
            "actigraph_header_only.csv",
            actigraph_header("M/d/yyyy", "30", "3/14/2026"),
            Opts::Default,
            10,
            "no data rows",
        ),
        case(
            "geneactiv_header_only.csv",
            geneactiv_header("50 Hz", "2026-03-14 23:05:00:000"),
            Opts::Default,
            8,
            "no data rows after the GENEActiv header",
        ),
        case(
            "only_bad_rows.csv",
            "time_s,x,y,z\n0.0,abc,0,1\n0.1,abc,0,1\n",
            Opts::Default,
            3,
            "no usable data rows",
        ),
        // Ragged rows.
        case(
            "ragged_row.csv",
            plain("0.06,0.1,0.2\n"),
            Opts::Strict,
            5,
            "3 cells where 4 were expected",
        ),
        case(
            "ragged_many.csv",
            ragged_many,
            Opts::Default,
            16,
            "too many bad rows (11 of 15",
        ),
        case(
            "extra_cell.csv",
            plain("0.06,0.1,0.2,0.9,7\n"),
            Opts::Strict,
            5,
            "5 cells where 4 were expected",
        ),
        case(
            "truncated_last_line.csv",
            plain("0.06,0.1"),
            Opts::Strict,
            5,
            "2 cells",
        ),
        // Cells that are not numbers.
        case(
            "non_numeric.csv",
            plain("0.06,abc,0.2,0.9\n"),
            Opts::Strict,
            5,
            "column 2 (\"abc\") is not a number",
        ),
        case(
            "empty_cell.csv",
            plain("0.06,0.1,,0.9\n"),
            Opts::Strict,
            5,
            "column 3 (\"\") is not a number",
        ),
        case(
            "nan_cell.csv",
            plain("0.06,NaN,0.2,0.9\n"),
            Opts::Strict,
            5,
            "not a finite number",
        ),
        case(
            "inf_cell.csv",
            plain("0.06,0.1,-inf,0.9\n"),
            Opts::Strict,
            5,
            "not a finite number",
        ),
        case(
            "decimal_comma.csv",
            plain("0.06,\"0,1\",0.2,0.9\n"),
            Opts::Strict,
            5,
            "is not a number",
        ),
        // Time.
        case(
            "time_backwards.csv",
            plain("0.01,0.1,0.2,0.9\n"),
            Opts::Default,
            5,
            "time goes backwards",
        ),
        case(
            "duplicated_time.csv",
            plain("0.04,0.1,0.2,0.9\n"),
            Opts::Strict,
            5,
            "duplicated time",
        ),
        case(
            "time_stuck.csv",
            stuck_time,
            Opts::Default,
            13,
            "too many bad rows",
        ),
        case(
            "nan_time.csv",
            plain("nan,0.1,0.2,0.9\n"),
            Opts::Strict,
            5,
            "column 1 (\"nan\") is not a finite number",
        ),
        case(
            "phone_time_not_integer.csv",
            "time,seconds_elapsed,z,y,x\n1.5e18,0,9.8,0,0\n",
            Opts::Strict,
            2,
            "not a time like 1714488780000000000",
        ),
        // Sample rates.
        case(
            "actigraph_zero_hz.csv",
            actigraph_header("M/d/yyyy", "0", "3/14/2026"),
            Opts::Default,
            1,
            "sample rate 0 Hz is not an accelerometer rate",
        ),
        case(
            "geneactiv_absurd_hz.csv",
            geneactiv_header("100000 Hz", "2026-03-14 23:05:00:000"),
            Opts::Default,
            6,
            "100000 Hz is not an accelerometer rate",
        ),
        case(
            "time_in_milliseconds.csv",
            ms_times,
            Opts::Default,
            2,
            "time steps of 10 s",
        ),
        case(
            "time_in_microseconds.csv",
            us_times,
            Opts::Default,
            2,
            "are not an accelerometer rate",
        ),
        case(
            "actigraph_rates_disagree.csv",
            actigraph_header("M/d/yyyy", "30", "3/14/2026").replacen(
                "Epoch Period",
                "Sample Rate: 60\nEpoch Period",
                1,
            ),
            Opts::Default,
            5,
            "disagrees with the banner's 30 Hz",
        ),
        case(
            "actigraph_no_rate.csv",
            actigraph_header("M/d/yyyy", "x", "3/14/2026") + "0.1,0.2,0.9\n",
            Opts::Default,
            1,
            "no sample rate",
        ),
        // Columns.
        case(
            "axis_missing.csv",
            "time_s,x,y\n0.0,0.1,0.2\n",
            Opts::Default,
            1,
            "no column for the z axis",
        ),
        case(
            "axis_missing_no_header.csv",
            "0.0,0.1,0.2\n",
            Opts::Default,
            1,
            "three columns and no time column",
        ),
        case(
            "actigraph_two_columns.csv",
            actigraph_header("M/d/yyyy", "30", "3/14/2026") + "0.1,0.2\n",
            Opts::Default,
            11,
            "2 cell(s) where time and three axes need 3",
        ),
        case(
            "unknown_columns.csv",
            "a,b,c,d\n1,2,3,4\n",
            Opts::Default,
            1,
            "no column for the x axis",
        ),
        case(
            "semicolons.csv",
            "0.0;0.1;0.2;0.98\n",
            Opts::Default,
            1,
            "cells are separated by ';'",
        ),
        // Binary data.
        case(
            "binary_garbage.csv",
            garbage,
            Opts::Default,
            1,
            "binary data",
        ),
        case(
            "binary_after_header.csv",
            garbage_after_header,
            Opts::Strict,
            2,
            "binary data",
        ),
        // Units.
        case(
            "mixed_units_header.csv",
            "Time,Accel-X (g), Accel-Y (m/s^2), Accel-Z (g)\n",
            Opts::Default,
            1,
            "mixed units in the header",
        ),
        case(
            "mixed_units_declared_g_data_ms2.csv",
            ms2_in_g,
            Opts::Default,
            2,
            "mixed units",
        ),
        case(
            "mixed_units_g_then_counts.csv",
            g_then_counts,
            Opts::Default,
            52,
            "y = -200 is -200.0 g, beyond ±64 g",
        ),
        case(
            "counts_without_scale.csv",
            "0,51,-183,994\n1,54,-193,997\n",
            Opts::Default,
            1,
            "set the counts-per-g scale",
        ),
        // A counts scale that does not read gravity as 1 g: 4096 counts per g given 1024.
        case(
            "scale_contradicts_rest.csv",
            "0,200,-700,3990\n1,210,-720,3995\n2,205,-710,3992\n",
            Opts::Scale1024,
            1,
            "reads 3.9",
        ),
        case(
            "scale_contradicts_rest_hint.csv",
            "0,200,-700,3990\n1,210,-720,3995\n2,205,-710,3992\n",
            Opts::Scale1024,
            1,
            "about 4096 counts per g?",
        ),
        // A counts scale for values in g: not silently ignored.
        case(
            "scale_on_g.csv",
            "0,0.01,-0.02,0.99\n1,0.01,-0.02,1.01\n",
            Opts::Scale1024,
            1,
            "a counts-per-g scale was given, but the values are in g",
        ),
        case(
            "units_undetectable.csv",
            "0,0.1,0.2,3.1\n1,0.1,0.2,3.0\n",
            Opts::Scale1024,
            1,
            "cannot tell the units",
        ),
        case("all_idle.csv", zeros, Opts::Default, 2, "all 0,0,0"),
        // Dates.
        case(
            "actigraph_wrong_date_format.csv",
            actigraph_header("M/d/yyyy", "30", "30/04/2024") + "0.1,0.2,0.9\n",
            Opts::Default,
            4,
            "does not match the header's date format M/d/yyyy",
        ),
        case(
            "actigraph_bad_date_pattern.csv",
            actigraph_header("q/r/s", "30", "3/14/2026"),
            Opts::Default,
            1,
            "is not a day/month/year pattern",
        ),
        case(
            "axivity_wrong_date_format.csv",
            "Time,Accel-X (g), Accel-Y (g), Accel-Z (g)\n14/03/2026 23:05:00.000,0.1,0.2,0.97\n",
            Opts::Strict,
            2,
            "is not a time like 2024-04-30",
        ),
        case(
            "plain_wrong_date_format.csv",
            "timestamp,x,y,z\n03/14/2026 23:05,0.1,0.2,0.97\n",
            Opts::Default,
            2,
            "neither seconds nor an ISO date-time",
        ),
        case(
            "geneactiv_feb_30.csv",
            geneactiv_header("50 Hz", "2026-02-30 23:05:00:000"),
            Opts::Default,
            7,
            "start time",
        ),
        // GENEActiv .bin pages.
        case(
            "geneactiv_bin_no_calibration.bin",
            "Device Identity\nMeasurement Frequency:60 Hz\nRecorded Data\n",
            Opts::Default,
            3,
            "no complete Calibration Data",
        ),
        case(
            "geneactiv_bin_no_frequency.bin",
            geneactiv_bin_header().replace("Measurement Frequency:60 Hz\n", ""),
            Opts::Default,
            10,
            "no Measurement Frequency",
        ),
        case(
            "geneactiv_bin_bad_hex.bin",
            geneactiv_bin_header() + "FEFF0AFFA024FEFF0AFFA02G\n",
            Opts::Default,
            13,
            "byte 24 of the page data is not a hex digit",
        ),
        case(
            "geneactiv_bin_partial_sample.bin",
            geneactiv_bin_header() + "FEFF0AFFA024FEFF0A\n",
            Opts::Default,
            13,
            "18 hex digits is not a whole number of 12-digit samples",
        ),
        case(
            "geneactiv_bin_no_pages.bin",
            geneactiv_bin_header(),
            Opts::Default,
            12,
            "no data rows",
        ),
        // ActiGraph .gt3x archives.
        case(
            "gt3x_no_info.gt3x",
            zip(&[("log.bin", vec![])], 0),
            Opts::Default,
            0,
            "no info.txt",
        ),
        case(
            "gt3x_compressed.gt3x",
            zip(&[("info.txt", gt3x_info("2"))], 8),
            Opts::Default,
            0,
            "compressed",
        ),
        case(
            "gt3x_no_rate.gt3x",
            zip(
                &[
                    ("info.txt", b"Start Date: 638500855800000000\n".to_vec()),
                    ("log.bin", vec![]),
                ],
                0,
            ),
            Opts::Default,
            0,
            "info.txt: no Sample Rate",
        ),
        case(
            "gt3x_bad_checksum.gt3x",
            gt3x_2hz(activity(1714488780, true)),
            Opts::Default,
            1,
            "log.bin record 1: checksum mismatch",
        ),
        case(
            "gt3x_truncated_record.gt3x",
            gt3x_2hz(activity(1714488780, false)[..10].to_vec()),
            Opts::Default,
            1,
            "runs past the end",
        ),
        case(
            "gt3x_time_backwards.gt3x",
            gt3x_2hz([activity(1714488781, false), activity(1714488780, false)].concat()),
            Opts::Default,
            2,
            "time goes backwards",
        ),
        case(
            "gt3x_fractional_rate.gt3x",
            zip(&[("info.txt", gt3x_info("2.5")), ("log.bin", vec![])], 0),
            Opts::Default,
            0,
            "not a whole number",
        ),
        case(
            "gt3x_years_idle.gt3x",
            zip(
                &[
                    (
                        "info.txt",
                        [
                            gt3x_info("2"),
                            b"Last Sample Time: 3155378975990000000\n".to_vec(),
                        ]
                        .concat(),
                    ),
                    ("log.bin", vec![]),
                ],
                0,
            ),
            Opts::Default,
            1,
            "s without samples until the Last Sample Time",
        ),
        case(
            "gt3x_chained_idle.gt3x",
            gt3x_2hz(
                [
                    activity(1714488780, false),
                    activity(1714488780 + 20 * 86_400, false),
                    activity(1714488780 + 40 * 86_400, false),
                ]
                .concat(),
            ),
            Opts::Default,
            3,
            "s without samples in all by this record",
        ),
        // Axivity .cwa: the header block, then each data block ("line" = block number).
        case(
            "cwa_truncated_header.cwa",
            cwa(|b| b.truncate(600), None),
            Opts::Default,
            0,
            "header block: the file ends after 600 of its 1024 bytes",
        ),
        case(
            "cwa_bad_header_length.cwa",
            cwa(|b| b[2..4].copy_from_slice(&1000u16.to_le_bytes()), None),
            Opts::Default,
            0,
            "header block: packet length 1000 where a .cwa header has 1020",
        ),
        case(
            "cwa_zero_rate_code.cwa",
            cwa(|b| b[36] = 0, None),
            Opts::Default,
            0,
            "sample rate code 0x00 gives no rate",
        ),
        case(
            "cwa_no_blocks.cwa",
            cwa(|b| b.truncate(1024 + 100), None),
            Opts::Default,
            1,
            "no data rows before the file ends: the file ends inside data block 1 (100 of its 512 bytes)",
        ),
        case(
            "cwa_wrong_block_signature.cwa",
            cwa(
                |b| b[cwa_block(3)..cwa_block(3) + 2].copy_from_slice(b"XA"),
                None,
            ),
            Opts::Strict,
            3,
            "data block 3: signature \"XA\" where a data block has \"AX\"",
        ),
        case(
            "cwa_wrong_block_length.cwa",
            cwa(|b| b[cwa_block(2) + 2] = 0, Some(2)),
            Opts::Default,
            2,
            "packet length 256 where a data block has 508",
        ),
        case(
            "cwa_corrupt_checksum.cwa",
            cwa(|b| b[cwa_block(4) + 200] ^= 0x10, None),
            Opts::Strict,
            4,
            "data block 4: checksum mismatch",
        ),
        case(
            "cwa_block_rate_differs.cwa",
            cwa(|b| b[cwa_block(2) + 24] = 0x49, Some(2)),
            Opts::Default,
            2,
            "sample rate code 0x49 differs from the header's 0x4a",
        ),
        case(
            "cwa_unknown_layout.cwa",
            cwa(|b| b[cwa_block(1) + 25] = 0x42, Some(1)),
            Opts::Default,
            1,
            "axes/packing byte 0x42 is not a known layout",
        ),
        case(
            "cwa_too_many_samples.cwa",
            cwa(|b| b[cwa_block(1) + 28] = 200, Some(1)),
            Opts::Default,
            1,
            "200 samples where the block holds at most 120",
        ),
        case(
            "cwa_bad_date.cwa",
            // Month 13 in the packed date-time.
            cwa(
                |b| {
                    let at = cwa_block(2) + 14;
                    let v = u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]);
                    let v = (v & !(0xF << 22)) | (13 << 22);
                    b[at..at + 4].copy_from_slice(&v.to_le_bytes());
                },
                Some(2),
            ),
            Opts::Default,
            2,
            "is not a date and time",
        ),
        case(
            "cwa_time_backwards.cwa",
            // Block 4 stamped 4 s earlier than written (the seconds field lowered).
            cwa(|b| b[cwa_block(4) + 14] -= 4, Some(4)),
            Opts::Default,
            4,
            "data block 4: time goes backwards",
        ),
        // Headers that never end.
        case(
            "actigraph_no_dashes.csv",
            no_dashes,
            Opts::Default,
            40,
            "no line of dashes",
        ),
        case(
            "geneactiv_no_data.csv",
            format!("Device Identity\n{}", "Key,value\n".repeat(400)),
            Opts::Default,
            300,
            "no data row within the first 300 lines",
        ),
    ]
}

fn line_of(e: &Error) -> Option<usize> {
    match e {
        Error::Parse { line, .. } => Some(*line),
        _ => None,
    }
}

fn read_all(name: &str, bytes: Vec<u8>, opts: &ReadConfig) -> plmkit::Result<Trace> {
    let reader = TraceReader::from_reader(opts, name, Cursor::new(bytes))?;
    Trace::from_reader(reader)
}

#[test]
fn every_catalogue_case_is_a_parse_error_naming_its_line() {
    let cases = catalogue();
    assert!(cases.len() >= 30, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for c in cases {
        let file = format!("bad/{}", c.name);
        match read_all(&file, c.bytes, &c.opts.get()) {
            Ok(t) => failures.push(format!("{file}: read {} rows without error", t.len())),
            Err(e) => {
                let shown = e.to_string();
                // `FILE:LINE: ` for a line, `FILE: ` for the file as a whole (line 0).
                let prefix = match c.line {
                    0 => format!("{file}: "),
                    line => format!("{file}:{line}: "),
                };
                if line_of(&e) != Some(c.line)
                    || !shown.starts_with(&prefix)
                    || !shown.contains(c.says)
                {
                    failures.push(format!(
                        "{file}: want line {} saying {:?}, got {shown:?}",
                        c.line, c.says
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// A 2-GB single line, produced lazily: "time_s,x,y,z\n0." and then digits without end.
struct HugeLine {
    sent: u64,
    total: u64,
}

impl Read for HugeLine {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        const HEAD: &[u8] = b"time_s,x,y,z\n0.";
        let mut n = 0;
        while n < buf.len() && self.sent < self.total {
            buf[n] = HEAD.get(self.sent as usize).copied().unwrap_or(b'7');
            n += 1;
            self.sent += 1;
        }
        Ok(n)
    }
}

#[test]
fn a_two_gigabyte_line_is_an_error_naming_it_without_reading_it_all() {
    let source = HugeLine {
        sent: 0,
        total: 2 << 30,
    };
    let reader = BufReader::new(source);
    let e =
        TraceReader::from_reader(&ReadConfig::default(), "bad/huge_line.csv", reader).unwrap_err();
    assert_eq!(
        e.to_string(),
        "bad/huge_line.csv:2: line is longer than 65536 bytes"
    );

    // The same with the huge line first, and a caller-chosen bound.
    struct Sevens(u64);
    impl Read for Sevens {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = (buf.len() as u64).min(self.0) as usize;
            buf[..n].fill(b'7');
            self.0 -= n as u64;
            Ok(n)
        }
    }
    let opts = ReadConfig {
        max_line_bytes: 1000,
        ..ReadConfig::default()
    };
    let e = TraceReader::from_reader(&opts, "bad/sevens.csv", BufReader::new(Sevens(2 << 30)))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "bad/sevens.csv:1: line is longer than 1000 bytes"
    );
}

#[test]
fn a_gt3x_with_an_idle_second_reads_it_as_zeros() {
    // Two ACTIVITY2 records at 2 Hz, one second apart with an idle second between them.
    let samples = [0u8, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 1]; // (256, 0, 256) and (0, 256, 256) counts
    let log = [
        record(0x1A, 1714488780, &samples, false),
        record(0x1A, 1714488782, &samples, false),
    ]
    .concat();
    let bytes = gt3x_2hz(log);
    let t = read_all("idle.gt3x", bytes, &ReadConfig::strict()).unwrap();
    assert_eq!(t.rows.t, vec![0.0, 0.5, 1.0, 1.5, 2.0, 2.5]);
    assert_eq!(t.rows.x, vec![1.0, 0.0, 0.0, 0.0, 1.0, 0.0]);
    assert_eq!(t.rows.z, vec![1.0, 1.0, 0.0, 0.0, 1.0, 1.0]);
    assert_eq!(t.stats.listed_idle_rows(), 2);
    assert_eq!(t.info.start.unwrap().to_string(), "2024-04-30T14:53:00");
}

#[test]
fn a_missing_file_is_an_io_error_naming_it() {
    let e = TraceReader::open(&ReadConfig::default(), "no/such/trace.csv").unwrap_err();
    assert!(matches!(e, Error::Io { .. }));
    assert!(e.to_string().starts_with("no/such/trace.csv: "), "{e}");
}

#[test]
fn invalid_options_are_config_errors() {
    for opts in [
        ReadConfig {
            block_rows: 0,
            ..ReadConfig::default()
        },
        ReadConfig {
            max_line_bytes: 3,
            ..ReadConfig::default()
        },
        ReadConfig {
            sample_rate_hz: Some(0.0),
            ..ReadConfig::default()
        },
        ReadConfig {
            scale_counts_per_g: Some(-1.0),
            ..ReadConfig::default()
        },
        ReadConfig {
            max_abs_g: f64::NAN,
            ..ReadConfig::default()
        },
    ] {
        let e = read_all("ok.csv", plain("").into_bytes(), &opts).unwrap_err();
        assert!(matches!(e, Error::InvalidConfig(_)), "{e}");
    }
}

#[test]
fn a_few_bad_rows_are_counted_with_their_reasons_and_lines() {
    // 200 good rows with, in between: a ragged row, a NaN, a duplicated time, a bad cell,
    // a blank line, an idle stretch and a gap.
    let mut text = String::from("time_s,x,y,z\n");
    text += &rows(0, 50); // lines 2..=51
    text += "0.99,0.1,0.2\n"; // line 52: ragged
    text += "1.00,NaN,0.2,0.9\n"; // line 53: NaN
    text += "\n"; // line 54: blank
    text += &rows(50, 10); // lines 55..=64, t = 1.00 .. 1.18
    text += "1.18,0.1,0.2,0.9\n"; // line 65: duplicated time
    text += "1.19,x,0.2,0.9\n"; // line 66: not a number
    text += &(60..70)
        .map(|i| format!("{:.2},0,0,0\n", i as f64 / 50.0))
        .collect::<String>(); // 67..=76 idle
    text += &rows(100, 100); // lines 77..=176: a 0.62-s gap after t = 1.38
    let t = read_all("recoverable.csv", text.into_bytes(), &ReadConfig::default()).unwrap();
    let s = &t.stats;
    assert_eq!(t.len(), 50 + 10 + 10 + 100);
    assert_eq!(s.rows, t.len());
    assert_eq!(s.blank_lines, 1);
    assert_eq!(s.skipped_rows(), 4);
    let reasons: Vec<(SkipReason, usize, usize)> = s
        .skipped
        .iter()
        .map(|k| (k.reason, k.count, k.first_line))
        .collect();
    assert_eq!(
        reasons,
        vec![
            (SkipReason::WrongCellCount, 1, 52),
            (SkipReason::NonFinite, 1, 53),
            (SkipReason::DuplicateTime, 1, 65),
            (SkipReason::NotANumber, 1, 66),
        ]
    );
    assert!(s.skipped[0].first_what.contains("3 cells"));
    assert_eq!(s.listed_idle_rows(), 10);
    assert_eq!(s.idle_span_count, 1);
    assert_eq!(s.idle_spans[0].first_line, 67);
    assert!((s.idle_spans[0].first_s - 1.2).abs() < 1e-12);
    assert!((s.idle_spans[0].last_s - 1.38).abs() < 1e-12);
    assert_eq!(s.gaps, 1);
    assert!((s.longest_gap_s - 0.62).abs() < 1e-9);
    assert_eq!(s.lines, 176);
}

#[test]
fn counted_rows_stop_at_the_documented_limit() {
    // One bad row in every 100 is exactly 1%: allowed to the end.
    let night = |extra_bad: Option<usize>| {
        let mut text = String::from("time_s,x,y,z\n");
        for i in 0..2000 {
            let t = i as f64 / 50.0;
            if i % 100 == 99 || Some(i) == extra_bad {
                text += &format!("{t:.2},oops,0,1\n");
            } else {
                text += &format!("{t:.2},0.01,-0.2,0.98\n");
            }
        }
        text.into_bytes()
    };
    let ok = read_all("limit.csv", night(None), &ReadConfig::default()).unwrap();
    assert_eq!(ok.stats.skipped_rows(), 20);
    assert_eq!(ok.len(), 1980);
    // One more early on: the 11th bad row (past the grace of 10) is more than 1% of the rows
    // so far (11 of 1000 data rows, at i = 999, line 1001).
    let e = read_all("limit.csv", night(Some(5)), &ReadConfig::default()).unwrap_err();
    let shown = e.to_string();
    assert!(
        shown.starts_with(
            "limit.csv:1001: column 2 (\"oops\") is not a number; too many bad rows (11 of 1000"
        ),
        "{shown}"
    );
}
