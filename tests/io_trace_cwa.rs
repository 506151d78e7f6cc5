//! The Axivity .cwa reader against files written by the simulator (`simulate::write_cwa`, laid
//! out from the OpenMovement format description): values within the layout's quantisation,
//! times within a fraction of a sample, the same movements through the pipeline as the CSV
//! export of the same night, results independent of the block size, and the recoverable damage
//! (bad checksums, repeated blocks, a cut last block) counted, not dropped silently. The error
//! cases are in the bad-input catalogue (tests/io_trace_bad_input.rs).
#![cfg(feature = "io")]

use std::io::Cursor;

use plmkit::Leg;
use plmkit::io::trace::{ReadConfig, SkipReason, TimeKind, Trace, TraceFormat, TraceReader};
use plmkit::pipeline::{PipelineConfig, score_rows};
use plmkit::simulate::{
    CwaLayout, DEFAULT_START_UNIX_S, DeviceFormat, Profile, SimConfig, SimNight, write_cwa,
    write_device_csv,
};
use plmkit::{LegMovement, MovementKind};

const HEADER: usize = 1024;
const BLOCK: usize = 512;

fn night(seed: u64, seconds: f64, profile: Profile) -> SimNight {
    SimNight::new(&SimConfig {
        seed,
        rate_hz: 100.0,
        duration_s: seconds,
        profile,
        ..SimConfig::default()
    })
    .unwrap()
}

fn cwa(night: &SimNight, layout: CwaLayout) -> Vec<u8> {
    let mut out = Vec::new();
    write_cwa(
        &mut out,
        &mut night.stream(Leg::Left),
        100.0,
        layout,
        DEFAULT_START_UNIX_S,
    )
    .unwrap();
    out
}

fn read(bytes: Vec<u8>, opts: &ReadConfig) -> plmkit::Result<Trace> {
    Trace::from_reader(TraceReader::from_reader(
        opts,
        "sim.cwa",
        Cursor::new(bytes),
    )?)
}

/// Byte offset of 1-based data block `n`.
fn block_at(n: usize) -> usize {
    HEADER + (n - 1) * BLOCK
}

/// Recomputes block `n`'s checksum after an edit.
fn reseal(bytes: &mut [u8], n: usize) {
    let b = &mut bytes[block_at(n)..block_at(n) + BLOCK];
    let sum = (0..BLOCK / 2 - 1).fold(0u16, |s, k| {
        s.wrapping_add(u16::from_le_bytes([b[2 * k], b[2 * k + 1]]))
    });
    b[BLOCK - 2..].copy_from_slice(&sum.wrapping_neg().to_le_bytes());
}

#[test]
fn every_layout_reads_back_within_its_quantisation_and_a_fraction_of_a_sample() {
    let n = night(7, 120.0, Profile::Typical);
    let want = n.rows(Leg::Left);
    for layout in [CwaLayout::Ax3Packed, CwaLayout::Ax3Int16, CwaLayout::Ax6] {
        let bytes = cwa(&n, layout);
        let blocks = want.len().div_ceil(layout.samples_per_block());
        assert_eq!(bytes.len(), HEADER + blocks * BLOCK, "{layout:?}");
        let got = read(bytes, &ReadConfig::strict()).unwrap();
        let info = &got.info;
        assert_eq!(info.format, TraceFormat::AxivityCwa);
        assert_eq!(info.sample_rate_hz, Some(100.0));
        assert_eq!(info.columns.time_kind, TimeKind::BlockTimestamps);
        let model = if layout == CwaLayout::Ax6 {
            "AX6"
        } else {
            "AX3"
        };
        assert_eq!(info.serial.as_deref(), Some(&*format!("{model}-43210")));
        // The right ankle's device is another device, with its own serial number.
        let mut right = Vec::new();
        let mut stream = n.stream(Leg::Right);
        write_cwa(&mut right, &mut stream, 100.0, layout, DEFAULT_START_UNIX_S).unwrap();
        let right = read(right, &ReadConfig::strict()).unwrap();
        assert_eq!(
            right.info.serial.as_deref(),
            Some(&*format!("{model}-43211"))
        );
        let start_err = info.start_unix_s.unwrap() - DEFAULT_START_UNIX_S as f64;
        assert!(
            start_err.abs() < 1e-4,
            "{layout:?}: start off by {start_err} s"
        );
        assert_eq!(got.stats.data_lines, blocks);
        assert_eq!(got.len(), want.len(), "{layout:?}");
        let (mut worst_t, mut worst_g) = (0.0f64, 0.0f64);
        for i in 0..want.len() {
            let w = [want.x[i], want.y[i], want.z[i]];
            let g = [got.rows.x[i], got.rows.y[i], got.rows.z[i]];
            let tol = layout.resolution_g(w) + 1e-12;
            for k in 0..3 {
                assert!(
                    (g[k] - w[k]).abs() <= tol,
                    "{layout:?} row {i}: {g:?} vs {w:?}"
                );
                worst_g = worst_g.max((g[k] - w[k]).abs());
            }
            worst_t = worst_t.max((got.rows.t[i] - want.t[i]).abs());
        }
        println!("{layout:?}: worst time error {worst_t:.2e} s, worst value error {worst_g:.2e} g");
        // Stamps hold 1/32768 s; interpolation keeps that order (a sample is 0.01 s).
        assert!(worst_t < 1e-4, "{layout:?}: time off by {worst_t} s");
        // The simulator quantises to 12 bits over ±8 g (1/256 g), which both layouts hold
        // exactly below 2 g: the values come back exact there.
        assert!(worst_g <= 4.0 / 256.0, "{layout:?}: {worst_g} g");
    }
}

#[test]
fn a_night_with_gaps_and_idle_stretches_keeps_them() {
    let n = night(11, 600.0, Profile::Hard);
    let want = n.rows(Leg::Left);
    let got = read(cwa(&n, CwaLayout::Ax3Packed), &ReadConfig::default()).unwrap();
    assert_eq!(got.len(), want.len());
    let want_gaps = want.t.windows(2).filter(|w| w[1] - w[0] > 0.015).count();
    assert!(want_gaps > 0, "the hard profile has gaps");
    assert_eq!(got.stats.gaps, want_gaps);
    // Jittered times are stamped once a block and interpolated: within a sample.
    let worst = (0..want.len())
        .map(|i| (got.rows.t[i] - want.t[i]).abs())
        .fold(0.0, f64::max);
    assert!(worst < 0.01, "time off by {worst} s");
    let zero_rows = (0..want.len())
        .filter(|&i| want.x[i] == 0.0 && want.y[i] == 0.0 && want.z[i] == 0.0)
        .count();
    assert_eq!(got.stats.listed_idle_rows(), zero_rows);
}

#[test]
fn block_size_does_not_change_a_bit() {
    let bytes = cwa(&night(3, 60.0, Profile::Hard), CwaLayout::Ax3Packed);
    let whole = read(bytes.clone(), &ReadConfig::default()).unwrap();
    for block_rows in [1, 7, 119, 121, 4096] {
        let opts = ReadConfig {
            block_rows,
            ..ReadConfig::default()
        };
        let got = read(bytes.clone(), &opts).unwrap();
        assert_eq!(got.rows.t, whole.rows.t, "block_rows {block_rows}");
        assert_eq!(got.rows.x, whole.rows.x, "block_rows {block_rows}");
        assert_eq!(got.rows.z, whole.rows.z, "block_rows {block_rows}");
        assert_eq!(got.stats, whole.stats);
    }
}

#[test]
fn the_pipeline_finds_the_same_movements_as_in_the_csv_export() {
    let n = night(21, 900.0, Profile::Typical);
    let mut csv = Vec::new();
    write_device_csv(
        &mut csv,
        &mut n.stream(Leg::Left),
        100.0,
        DeviceFormat::Axivity,
        DEFAULT_START_UNIX_S,
    )
    .unwrap();
    let from_csv = Trace::from_reader(
        TraceReader::from_reader(&ReadConfig::default(), "sim.csv", Cursor::new(csv)).unwrap(),
    )
    .unwrap();
    let from_cwa = read(cwa(&n, CwaLayout::Ax3Packed), &ReadConfig::default()).unwrap();
    let movements = |t: &Trace| -> Vec<LegMovement> {
        let night = score_rows(
            &PipelineConfig::default(),
            &[(Leg::Left, t.rows.view(), 0.0)],
        )
        .unwrap();
        night.detection.movements()
    };
    let (a, b) = (movements(&from_csv), movements(&from_cwa));
    let legs = a.iter().filter(|m| m.kind == MovementKind::Leg).count();
    println!("{legs} leg movements from the CSV, {} in all", a.len());
    assert!(legs >= 4, "the night holds leg movements");
    assert_eq!(a.len(), b.len(), "{a:?}\nvs\n{b:?}");
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.kind, y.kind);
        // 1/256 g quantisation against 1e-6 g in the CSV: edges may move by a sample or two.
        assert!(
            (x.onset_s - y.onset_s).abs() <= 0.05 && (x.offset_s - y.offset_s).abs() <= 0.05,
            "{x:?} vs {y:?}"
        );
    }
}

#[test]
fn a_bad_checksum_block_is_skipped_counted_and_leaves_a_gap() {
    let n = night(5, 30.0, Profile::Typical);
    let mut bytes = cwa(&n, CwaLayout::Ax3Packed);
    bytes[block_at(5) + 100] ^= 0x40;
    let got = read(bytes.clone(), &ReadConfig::default()).unwrap();
    let want = n.rows(Leg::Left);
    assert_eq!(got.len(), want.len() - 120);
    assert_eq!(got.stats.skipped.len(), 1);
    let s = &got.stats.skipped[0];
    assert_eq!(
        (s.reason, s.count, s.first_line),
        (SkipReason::BadChecksum, 1, 5)
    );
    assert!(
        s.first_what.contains("checksum mismatch"),
        "{}",
        s.first_what
    );
    assert_eq!(got.stats.gaps, 1);
    assert!(
        (got.stats.longest_gap_s - 1.21).abs() < 1e-3,
        "{}",
        got.stats.longest_gap_s
    );
    // The blocks around the hole keep their own times.
    for i in (0..got.len()).step_by(97) {
        let j = if i < 480 { i } else { i + 120 };
        assert!((got.rows.t[i] - want.t[j]).abs() < 1e-4, "row {i}");
    }
    // Strict: the first bad block is an error naming it.
    let e = read(bytes, &ReadConfig::strict()).unwrap_err().to_string();
    assert!(
        e.starts_with("sim.cwa:5: data block 5: checksum mismatch"),
        "{e}"
    );
}

#[test]
fn a_block_without_the_data_signature_is_skipped_counted_and_leaves_a_gap() {
    let n = night(5, 30.0, Profile::Typical);
    let mut bytes = cwa(&n, CwaLayout::Ax3Packed);
    bytes[block_at(4)..block_at(4) + 2].copy_from_slice(b"UB");
    let got = read(bytes, &ReadConfig::default()).unwrap();
    assert_eq!(got.len(), n.rows(Leg::Left).len() - 120);
    let s = &got.stats.skipped[0];
    assert_eq!(
        (s.reason, s.count, s.first_line),
        (SkipReason::NotADataBlock, 1, 4)
    );
    assert!(
        s.first_what.contains("signature \"UB\""),
        "{}",
        s.first_what
    );
    assert_eq!(got.stats.gaps, 1);
}

#[test]
fn erased_blocks_after_the_data_are_counted_without_limit() {
    let n = night(5, 30.0, Profile::Typical);
    let clean = cwa(&n, CwaLayout::Ax3Packed);
    // Far more erased sectors than the bad-row rule would allow of damaged ones, even strict.
    let erased = [clean.clone(), vec![0xFF; 40 * BLOCK]].concat();
    let got = read(erased, &ReadConfig::strict()).unwrap();
    let want = read(clean, &ReadConfig::default()).unwrap();
    assert_eq!(got.rows.t, want.rows.t);
    assert_eq!(got.rows.x, want.rows.x);
    let s = &got.stats.skipped[0];
    assert_eq!(
        (s.reason, s.count, s.first_line),
        (SkipReason::ErasedBlock, 40, want.stats.data_lines + 1)
    );
    assert_eq!(got.stats.gaps, 0);
}

#[test]
fn bad_blocks_beyond_the_bad_row_limit_are_an_error() {
    let mut bytes = cwa(&night(5, 120.0, Profile::Typical), CwaLayout::Ax3Packed);
    for n in 2..=13 {
        bytes[block_at(n) + 40] ^= 1;
    }
    // Eleven bad blocks pass the grace of ten only below 1% of the blocks read.
    let e = read(bytes, &ReadConfig::default()).unwrap_err().to_string();
    assert!(e.starts_with("sim.cwa:12: "), "{e}");
    assert!(e.contains("too many bad blocks (11 of 12"), "{e}");
}

#[test]
fn a_repeated_block_is_skipped_and_counted() {
    let n = night(6, 20.0, Profile::Typical);
    let bytes = cwa(&n, CwaLayout::Ax3Int16);
    let at = block_at(4);
    let doubled = [&bytes[..at + BLOCK], &bytes[at..]].concat();
    let got = read(doubled, &ReadConfig::default()).unwrap();
    let clean = read(bytes, &ReadConfig::default()).unwrap();
    assert_eq!(got.rows.t, clean.rows.t);
    assert_eq!(got.rows.x, clean.rows.x);
    let s = &got.stats.skipped[0];
    assert_eq!(
        (s.reason, s.count, s.first_line),
        (SkipReason::RepeatedBlock, 1, 5)
    );
}

#[test]
fn a_file_cut_inside_its_last_block_keeps_the_whole_blocks() {
    let n = night(8, 20.0, Profile::Typical);
    let bytes = cwa(&n, CwaLayout::Ax6);
    let cut = block_at(9) + 300;
    let got = read(bytes[..cut].to_vec(), &ReadConfig::default()).unwrap();
    assert_eq!(got.len(), 8 * 40);
    let t = got.stats.truncated.as_ref().expect("a truncation");
    assert_eq!(t.line, 9);
    assert!(
        t.what
            .contains("inside data block 9 (300 of its 512 bytes)"),
        "{}",
        t.what
    );
    // A cut on a block boundary is a complete file.
    let whole = read(bytes[..block_at(9)].to_vec(), &ReadConfig::default()).unwrap();
    assert_eq!(whole.stats.truncated, None);
    assert_eq!(whole.rows.t, got.rows.t);
}

#[test]
fn the_device_rate_drift_is_followed_between_stamps() {
    // A device running 1% fast: stamps say so, and the samples are spaced accordingly.
    let n = night(9, 60.0, Profile::Typical);
    let mut bytes = cwa(&n, CwaLayout::Ax3Packed);
    let blocks = (bytes.len() - HEADER) / BLOCK;
    for b in 1..=blocks {
        let at = block_at(b);
        // Re-stamp each block as if its last sample came at 0.99 of the simulated time.
        let count = usize::from(u16::from_le_bytes([bytes[at + 28], bytes[at + 29]]));
        let first = (b - 1) * 120;
        let t_last = DEFAULT_START_UNIX_S as f64 + 0.99 * (first + count - 1) as f64 / 100.0;
        let whole = t_last.floor();
        let frac15 = ((t_last - whole) * 32768.0) as u16;
        let shim = (u32::from(frac15) * 2 * 100) >> 16;
        let offset = (count - 1) as i16 - shim as i16;
        let s = whole as i64 - DEFAULT_START_UNIX_S;
        // 2026-03-14 23:05:00 plus s seconds (under an hour): minutes and seconds change.
        let (min, sec) = (5 + s / 60, s % 60);
        let stamp: u32 = (26 << 26) | (3 << 22) | (14 << 17) | (23 << 12);
        let stamp = stamp | ((min as u32) << 6) | sec as u32;
        bytes[at + 4..at + 6].copy_from_slice(&(0x8000 | frac15).to_le_bytes());
        bytes[at + 14..at + 18].copy_from_slice(&stamp.to_le_bytes());
        bytes[at + 26..at + 28].copy_from_slice(&offset.to_le_bytes());
        reseal(&mut bytes, b);
    }
    let got = read(bytes, &ReadConfig::default()).unwrap();
    let est = got.info.estimated_rate_hz.unwrap();
    assert!((est - 100.0 / 0.99).abs() < 0.05, "{est} Hz");
    let step = (got.rows.t[5000] - got.rows.t[1000]) / 4000.0;
    assert!((step - 0.0099).abs() < 1e-7, "{step}");
}
