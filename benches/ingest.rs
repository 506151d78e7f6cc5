//! Trace CSV ingest throughput (MB/s): a generated plain night `time_s,x,y,z` read through the
//! streaming reader, next to the raw file read as a floor.
//!
//! `cargo bench --bench ingest` (set PLMKIT_INGEST_ROWS to change the 1e6-row default).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use plmkit::io::trace::{ReadOptions, TraceBlock, TraceReader};

/// Writes `rows` rows at 100 Hz: small noise around gravity on z, as a resting night looks.
fn write_night(path: &Path, rows: usize) -> std::io::Result<()> {
    let mut w = BufWriter::with_capacity(1 << 20, File::create(path)?);
    writeln!(w, "time_s,x,y,z")?;
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
        let t = i as f64 / 100.0;
        writeln!(
            w,
            "{t:.2},{:.6},{:.6},{:.6}",
            noise(),
            noise(),
            1.0 + noise()
        )?;
    }
    w.flush()
}

fn scratch_file(rows: usize) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("plmkit-ingest-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create a scratch directory");
    let path = dir.join("night.csv");
    write_night(&path, rows).expect("write the generated night");
    path
}

fn ingest(c: &mut Criterion) {
    let rows = std::env::var("PLMKIT_INGEST_ROWS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let path = scratch_file(rows);
    let bytes = std::fs::metadata(&path).expect("generated file").len();
    let opts = ReadOptions::default();

    let mut group = c.benchmark_group("ingest");
    group.throughput(Throughput::Bytes(bytes));
    group.sample_size(10);
    group.bench_function(format!("plain_time_xyz_{rows}_rows"), |b| {
        let mut block = TraceBlock::default();
        b.iter(|| {
            let mut reader = TraceReader::open(&path, &opts).expect("open");
            let mut n = 0;
            while reader.next_block(&mut block).expect("read") {
                n += block.len();
            }
            assert_eq!(n, rows);
            n
        })
    });
    group.bench_function("raw_file_read", |b| {
        b.iter(|| std::fs::read(&path).expect("read").len())
    });
    group.finish();
    if let Some(dir) = path.parent() {
        let _ = std::fs::remove_dir_all(dir);
    }
}

criterion_group!(benches, ingest);
criterion_main!(benches);
