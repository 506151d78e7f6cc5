//! The streaming path's memory does not grow with the file: a lazily generated 3-million-row
//! night (about 90 MB, never materialised) is read block by block while the process's peak
//! resident size is watched. Linux only (reads /proc/self/status); elsewhere it says so and skips.
#![cfg(feature = "io")]

use std::io::{BufReader, Read, Write};

use plmkit::TriaxialColumns;
use plmkit::io::trace::{ReadConfig, TraceReader};

/// `time_s,x,y,z` rows at 100 Hz, produced on demand.
struct LazyNight {
    row: usize,
    rows: usize,
    pending: Vec<u8>,
    at: usize,
}

impl Read for LazyNight {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.at == self.pending.len() {
            self.pending.clear();
            self.at = 0;
            if self.row == 0 {
                self.pending.extend_from_slice(b"time_s,x,y,z\n");
            }
            let end = (self.row + 1000).min(self.rows);
            for i in self.row..end {
                let wobble = (i % 97) as f64 * 1e-4;
                let t = i as f64 / 100.0;
                writeln!(self.pending, "{t:.2},{wobble:.5},-0.2,{:.5}", 0.98 - wobble)?;
            }
            self.row = end;
        }
        let n = buf.len().min(self.pending.len() - self.at);
        buf[..n].copy_from_slice(&self.pending[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn streaming_memory_stays_flat_over_a_long_night() {
    let Some(before) = peak_rss_kib() else {
        eprintln!("SKIP: no /proc/self/status on this system");
        return;
    };
    let rows = 3_000_000;
    let source = LazyNight {
        row: 0,
        rows,
        pending: Vec::new(),
        at: 0,
    };
    let opts = ReadConfig {
        block_rows: 4096,
        ..ReadConfig::default()
    };
    let mut reader = TraceReader::from_reader(&opts, "lazy.csv", BufReader::new(source)).unwrap();
    let mut block = TriaxialColumns::default();
    let mut n = 0;
    let mut last_t = -1.0;
    while reader.next_block(&mut block).unwrap() {
        n += block.len();
        last_t = block.t[block.len() - 1];
    }
    assert_eq!(n, rows);
    assert_eq!(reader.stats().rows, rows);
    assert!((last_t - (rows - 1) as f64 / 100.0).abs() < 1e-9);
    let grown = peak_rss_kib().unwrap().saturating_sub(before);
    // Holding the rows would take 3e6 × 32 bytes = 96 MB; the reader needs a few MB of buffers.
    assert!(grown < 16 * 1024, "peak resident size grew by {grown} KiB");
}
