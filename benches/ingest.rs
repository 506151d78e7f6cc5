//! Trace CSV ingest throughput (MB/s): a generated plain night `time_s,x,y,z` and the same
//! night with Axivity-style ISO timestamps, read through the streaming reader, next to the raw
//! file read as a floor.
//!
//! `cargo bench --bench ingest` (set PLMKIT_INGEST_ROWS to change the 1e6-row default).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use plmkit::TriaxialColumns;
use plmkit::io::trace::{ReadConfig, TraceReader};

/// Writes `rows` rows at 100 Hz: small noise around gravity on z, as a resting night looks.
/// Time in seconds, or (`iso`) as Axivity writes it: `2026-03-14 23:05:00.000`.
fn write_night(path: &Path, rows: usize, iso: bool) -> std::io::Result<()> {
    let mut w = BufWriter::with_capacity(1 << 20, File::create(path)?);
    if iso {
        writeln!(w, "Time,Accel-X (g),Accel-Y (g),Accel-Z (g)")?;
    } else {
        writeln!(w, "time_s,x,y,z")?;
    }
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut noise = || {
        // xorshift64*: cheap, deterministic, good enough for test data.
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        let u = (state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64;
        (u - 0.5) * 0.1
    };
    for i in 0..rows {
        if iso {
            // 23:05:00 plus i centiseconds; the night crosses midnight into the next day.
            let cs = 23 * 360_000 + 5 * 6000 + i;
            let (day, cs) = (14 + cs / 8_640_000, cs % 8_640_000);
            let (h, m, s, c) = (cs / 360_000, cs / 6000 % 60, cs / 100 % 60, cs % 100);
            write!(w, "2026-03-{day:02} {h:02}:{m:02}:{s:02}.{c:02}0")?;
        } else {
            write!(w, "{:.2}", i as f64 / 100.0)?;
        }
        let (x, y, z) = (noise(), noise(), 1.0 + noise());
        writeln!(w, ",{x:.6},{y:.6},{z:.6}")?;
    }
    w.flush()
}

fn scratch_file(rows: usize, iso: bool) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("plmkit-ingest-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create a scratch directory");
    let path = dir.join(if iso { "night_iso.csv" } else { "night.csv" });
    write_night(&path, rows, iso).expect("write the generated night");
    path
}

/// Reads `path` block by block and returns the row count.
fn stream(path: &Path, opts: &ReadConfig, block: &mut TriaxialColumns) -> usize {
    let mut reader = TraceReader::open(opts, path).unwrap_or_else(|e| panic!("{e}"));
    let mut n = 0;
    while reader.next_block(block).expect("read") {
        n += block.len();
    }
    n
}

fn ingest(c: &mut Criterion) {
    let rows = std::env::var("PLMKIT_INGEST_ROWS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let path = scratch_file(rows, false);
    let iso_path = scratch_file(rows, true);
    let opts = ReadConfig::default();
    let mut block = TriaxialColumns::default();

    let mut group = c.benchmark_group("ingest");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(
        std::fs::metadata(&path).expect("file").len(),
    ));
    group.bench_function(format!("plain_time_xyz_{rows}_rows"), |b| {
        b.iter(|| assert_eq!(stream(&path, &opts, &mut block), rows))
    });
    group.bench_function("raw_file_read", |b| {
        b.iter(|| std::fs::read(&path).expect("read").len())
    });
    group.throughput(Throughput::Bytes(
        std::fs::metadata(&iso_path).expect("file").len(),
    ));
    group.bench_function(format!("axivity_iso_time_xyz_{rows}_rows"), |b| {
        b.iter(|| assert_eq!(stream(&iso_path, &opts, &mut block), rows))
    });
    group.finish();
    if let Some(dir) = path.parent() {
        let _ = std::fs::remove_dir_all(dir);
    }
}

criterion_group!(benches, ingest);
criterion_main!(benches);
