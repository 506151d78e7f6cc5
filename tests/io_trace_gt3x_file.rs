//! A .gt3x opened by its path is read in place (issue 11, point 4): its entries found by their
//! local headers, info.txt read, log.bin streamed a record at a time. It reads exactly what the
//! same bytes read as a stream (held in memory) give, and a large file does not come into
//! memory.
#![cfg(feature = "io")]

use std::io::{BufWriter, Cursor, Write};
use std::path::{Path, PathBuf};

use plmkit::TriaxialColumns;
use plmkit::io::trace::{ReadConfig, ReadStats, TraceInfo, TraceReader};

#[path = "common/gt3x_zip.rs"]
mod gt3x_zip;
use gt3x_zip::{entries, local_header, stored_zip};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("plmkit-gt3x-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// Everything a reader delivers, or its error in words.
fn read(
    reader: plmkit::Result<TraceReader>,
) -> Result<(TraceInfo, ReadStats, TriaxialColumns), String> {
    let mut reader = reader.map_err(|e| e.to_string())?;
    let mut all = TriaxialColumns::default();
    let mut block = TriaxialColumns::default();
    while reader.next_block(&mut block).map_err(|e| e.to_string())? {
        all.extend_from(block.view());
    }
    Ok((reader.info().clone(), reader.stats().clone(), all))
}

fn by_path(path: &Path) -> Result<(TraceInfo, ReadStats, TriaxialColumns), String> {
    read(TraceReader::open(&ReadConfig::default(), path))
}

fn by_stream(path: &Path) -> Result<(TraceInfo, ReadStats, TriaxialColumns), String> {
    let bytes = std::fs::read(path).unwrap();
    let name = path.display().to_string();
    read(TraceReader::from_reader(
        &ReadConfig::default(),
        name,
        Cursor::new(bytes),
    ))
}

#[test]
fn a_gt3x_read_in_place_equals_the_same_bytes_read_as_a_stream() {
    let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/formats/actigraph.gt3x");
    let bytes = std::fs::read(&fixture).unwrap();
    let parts = entries(&bytes);
    let part = |n: &str| parts.iter().find(|e| e.0 == n).unwrap().1.clone();
    let (info, log) = (part("info.txt"), part("log.bin"));
    let header_first = stored_zip(&[("info.txt", &info), ("log.bin", &log)]);
    let cases = vec![
        ("fixture.gt3x", bytes.clone()),
        ("header_first.gt3x", header_first.clone()),
        // Cut inside log.bin (read up to the cut), and inside info.txt after a whole log
        // (ActiLife's order: the header is lost, an error).
        (
            "cut_log.gt3x",
            header_first[..header_first.len() - log.len() / 2].to_vec(),
        ),
        ("cut_info.gt3x", bytes[..bytes.len() - 60].to_vec()),
        ("log_only.gt3x", stored_zip(&[("log.bin", &log)])),
    ];
    for (name, bytes) in cases {
        let path = scratch(name);
        std::fs::write(&path, &bytes).unwrap();
        let (in_place, streamed) = (by_path(&path), by_stream(&path));
        assert_eq!(in_place, streamed, "{name}");
        if name.starts_with("cut_log") {
            let (_, stats, rows) = in_place.clone().unwrap();
            assert!(stats.truncated.is_some() && !rows.is_empty(), "{name}");
        }
        if name == "fixture.gt3x" || name == "header_first.gt3x" {
            assert!(
                in_place.is_ok_and(|(_, _, rows)| !rows.is_empty()),
                "{name}"
            );
        }
    }
}

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Writes an 8-h 100-Hz .gt3x (ACTIVITY2 records, one per second: 17 MB of log) record by
/// record, never holding it in memory.
fn write_large_gt3x(path: &Path) -> usize {
    const RATE: usize = 100;
    const SECONDS: usize = 8 * 3600;
    let start_s: i64 = 1_714_488_780;
    let ticks = (start_s + 62_135_596_800) * 10_000_000;
    let info = format!(
        "Serial Number: MOS0LARGE\nSample Rate: {RATE}\nStart Date: {ticks}\nAcceleration Scale: 256.0\n"
    );
    let record_len = 9 + 6 * RATE;
    let mut out = BufWriter::new(std::fs::File::create(path).unwrap());
    out.write_all(&stored_zip(&[("info.txt", info.as_bytes())]))
        .unwrap();
    out.write_all(&local_header("log.bin", SECONDS * record_len))
        .unwrap();
    let mut record = Vec::with_capacity(record_len);
    for s in 0..SECONDS {
        record.clear();
        record.extend_from_slice(&[0x1E, 0x1A]);
        record.extend_from_slice(&((start_s as u32) + s as u32).to_le_bytes());
        record.extend_from_slice(&((6 * RATE) as u16).to_le_bytes());
        for k in 0..RATE {
            let wobble = ((s * RATE + k) % 7) as i16;
            for v in [wobble, -50, 250] {
                record.extend_from_slice(&v.to_le_bytes());
            }
        }
        let xor = record.iter().fold(0u8, |a, b| a ^ b);
        record.push(!xor);
        out.write_all(&record).unwrap();
    }
    out.flush().unwrap();
    SECONDS * RATE
}

#[test]
fn a_large_gt3x_is_read_in_place_not_into_memory() {
    let path = scratch("large.gt3x");
    let samples = write_large_gt3x(&path);
    let file_kib = std::fs::metadata(&path).unwrap().len() / 1024;
    let Some(before) = peak_rss_kib() else {
        eprintln!("SKIP: no /proc/self/status on this system");
        return;
    };
    let mut reader = TraceReader::open(&ReadConfig::default(), &path).unwrap();
    let mut block = TriaxialColumns::default();
    let mut rows = 0;
    while reader.next_block(&mut block).unwrap() {
        rows += block.len();
    }
    let grown = peak_rss_kib().unwrap().saturating_sub(before);
    eprintln!("{file_kib} KiB file, {rows} rows, peak RSS grew {grown} KiB");
    assert_eq!(rows, samples);
    // Blocks of 65536 rows (4 columns of f64: 2 MiB) and one record; the file is 17 MB.
    assert!(
        grown < file_kib / 3,
        "peak RSS grew {grown} KiB for a {file_kib}-KiB file"
    );
    std::fs::remove_file(&path).unwrap();
}
