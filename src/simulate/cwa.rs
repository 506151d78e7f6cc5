//! A writer of Axivity `.cwa` files (the AX3/AX6 native binary) from a simulated leg trace, laid
//! out as the OpenMovement format description says (`Docs/ax3/cwa.h`): a 1024-byte `MD` header
//! block, then 512-byte `AX` data blocks with a zero-sum checksum, a sequence number, a packed
//! date-time with a 15-bit fraction, and the samples.
//!
//! Like the device, each block is stamped at its last sample, with the stamp's sample index
//! shifted to the sample nearest the whole second (the backwards-compatible adjustment readers
//! that know the fraction undo). A step longer than 1.5 periods in the simulated rows (a gap)
//! closes the block, so no block's samples straddle a gap. Values are quantised as the device
//! stores them: 1/256 g with a shared 0–3 bit shift for the packed layout, 1/256 g (AX3) or
//! 1/4096 g (AX6 at ±8 g) as 16-bit integers.

use super::signal::RowSource;
use crate::civil::civil_from_days;
use crate::event::Leg;
use crate::samples::TriaxialColumns;
use std::io::{self, Write};

use crate::cwa_layout::{
    BLOCK_BYTES, BLOCK_LENGTH, DATA_AT, DATA_BYTES, HEADER_BYTES, HEADER_LENGTH,
};
/// Device id and session written in every file.
const DEVICE_ID: u16 = 43_210;
const SESSION_ID: u32 = 1_234_567;

/// How the samples of a simulated .cwa are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CwaLayout {
    /// AX3 default ("packed"): 10 bits per axis and a shared shift in 4 bytes, 120 per block.
    Ax3Packed,
    /// AX3 unpacked (`DATAMODE 20`): 16-bit x, y, z at 1/256 g, 80 per block.
    Ax3Int16,
    /// AX6: 16-bit gyro x, y, z then accel x, y, z (±8 g, 1/4096 g), 40 per block.
    Ax6,
}

impl CwaLayout {
    /// Bytes per sample.
    fn bytes(self) -> usize {
        match self {
            CwaLayout::Ax3Packed => 4,
            CwaLayout::Ax3Int16 => 6,
            CwaLayout::Ax6 => 12,
        }
    }

    /// Samples in a full block.
    pub fn samples_per_block(self) -> usize {
        DATA_BYTES / self.bytes()
    }

    /// The largest error of the stored values of a sample `g` (half the quantisation step), g.
    /// In the packed layout the step depends on the sample's largest axis (the shared shift).
    pub fn resolution_g(self, g: [f64; 3]) -> f64 {
        match self {
            CwaLayout::Ax3Packed => 0.5 * f64::from(1u32 << packed_shift(g)) / 256.0,
            CwaLayout::Ax3Int16 => 0.5 / 256.0,
            CwaLayout::Ax6 => 0.5 / 4096.0,
        }
    }

    /// The accelerometer scale bits (counts per g = 2^(8 + bits)).
    fn scale_bits(self) -> u16 {
        match self {
            CwaLayout::Ax6 => 4,
            _ => 0,
        }
    }

    /// The `numAxesBPS` byte: axes count, packing.
    fn axes_code(self) -> u8 {
        match self {
            CwaLayout::Ax3Packed => 0x30,
            CwaLayout::Ax3Int16 => 0x32,
            CwaLayout::Ax6 => 0x62,
        }
    }
}

/// The rate code of `rate_hz` (low nibble; ±8 g range in the top bits), if a device has it.
fn rate_code(rate_hz: f64) -> io::Result<u8> {
    (1u8..=15)
        .find(|&c| 3200.0 / f64::from(1u32 << (15 - u32::from(c))) == rate_hz)
        .map(|c| 0x40 | c)
        .ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{rate_hz} Hz is not an Axivity rate (3200 / 2^k Hz)"),
            )
        })
}

/// A packed date-time of whole Unix seconds `s` (years 2000–2063).
fn pack_time(s: i64) -> io::Result<u32> {
    let (year, month, day) = civil_from_days(s.div_euclid(86_400));
    let in_day = s.rem_euclid(86_400) as u32;
    if !(2000..2064).contains(&year) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("year {year} cannot be stored in a .cwa date (2000-2063)"),
        ));
    }
    Ok((((year - 2000) as u32) << 26)
        | (u32::from(month) << 22)
        | (u32::from(day) << 17)
        | ((in_day / 3600) << 12)
        | ((in_day / 60 % 60) << 6)
        | (in_day % 60))
}

/// Sets the last word of a block so that its little-endian words sum to zero.
fn seal(block: &mut [u8]) {
    let n = block.len();
    let sum = (0..n / 2 - 1).fold(0u16, |s, k| {
        s.wrapping_add(u16::from_le_bytes([block[2 * k], block[2 * k + 1]]))
    });
    block[n - 2..].copy_from_slice(&sum.wrapping_neg().to_le_bytes());
}

/// The smallest shift (0-3) that lets the 10-bit values hold all three axes of `g`.
fn packed_shift(g: [f64; 3]) -> u32 {
    (0..3)
        .find(|&s| {
            g.iter()
                .all(|v| (v * 256.0 / f64::from(1u32 << s)).round().abs() <= 511.0)
        })
        .unwrap_or(3)
}

/// `g` as packed 10-bit values with the smallest shared shift that holds all three.
fn pack_ten_bits(g: [f64; 3]) -> u32 {
    let counts = g.map(|v| v * 256.0);
    let shift = packed_shift(g);
    let mut word = shift << 30;
    for (k, c) in counts.iter().enumerate() {
        let v = (c / f64::from(1 << shift)).round().clamp(-512.0, 511.0) as i32;
        word |= (v as u32 & 0x3FF) << (10 * k);
    }
    word
}

/// Fills one data block (samples `t` seconds since `start_unix_s`, values in g).
fn data_block(
    out: &mut [u8; BLOCK_BYTES],
    layout: CwaLayout,
    code: u8,
    rate_hz: f64,
    sequence: u32,
    start_unix_s: i64,
    rows: &TriaxialColumns,
) -> io::Result<()> {
    out.fill(0);
    let n = rows.len();
    out[..2].copy_from_slice(b"AX");
    out[2..4].copy_from_slice(&BLOCK_LENGTH.to_le_bytes());
    // Stamped at the last sample, with a 15-bit fraction of its second.
    let last = n - 1;
    let t = start_unix_s as f64 + rows.t[last];
    let whole = t.floor();
    let frac15 = (((t - whole) * 32768.0) as u32).min(0x7FFF);
    let frac16 = frac15 << 1;
    let offset = last as i64 - i64::from((frac16 * rate_hz as u32) >> 16);
    out[4..6].copy_from_slice(&(0x8000 | frac15 as u16).to_le_bytes());
    out[6..10].copy_from_slice(&SESSION_ID.to_le_bytes());
    out[10..14].copy_from_slice(&sequence.to_le_bytes());
    out[14..18].copy_from_slice(&pack_time(whole as i64)?.to_le_bytes());
    // Scale bits, then a dim light reading (ignored by readers of motion).
    out[18..20].copy_from_slice(&(layout.scale_bits() << 13 | 12).to_le_bytes());
    out[20..22].copy_from_slice(&250u16.to_le_bytes()); // about 23 °C
    out[23] = 180; // battery about 4.1 V
    out[24] = code;
    out[25] = layout.axes_code();
    out[26..28].copy_from_slice(&(offset as i16).to_le_bytes());
    out[28..30].copy_from_slice(&(n as u16).to_le_bytes());
    for i in 0..n {
        let g = [rows.x[i], rows.y[i], rows.z[i]];
        let at = DATA_AT + i * layout.bytes();
        match layout {
            CwaLayout::Ax3Packed => {
                out[at..at + 4].copy_from_slice(&pack_ten_bits(g).to_le_bytes());
            }
            CwaLayout::Ax3Int16 | CwaLayout::Ax6 => {
                let per_g = f64::from(1u32 << (8 + layout.scale_bits()));
                let accel_at = if layout == CwaLayout::Ax6 {
                    // A still ankle turns little: a gyro offset of a few counts.
                    for (k, gyro) in [1i16, -2, 1].iter().enumerate() {
                        out[at + 2 * k..at + 2 * k + 2].copy_from_slice(&gyro.to_le_bytes());
                    }
                    at + 6
                } else {
                    at
                };
                for (k, v) in g.iter().enumerate() {
                    let c = (v * per_g).round().clamp(-32768.0, 32767.0) as i16;
                    out[accel_at + 2 * k..accel_at + 2 * k + 2].copy_from_slice(&c.to_le_bytes());
                }
            }
        }
    }
    seal(out);
    Ok(())
}

/// The header block: signature, device, session, rate code. Each ankle has its own device:
/// the right leg's id is one above the left's.
fn header_block(layout: CwaLayout, code: u8, leg: Leg) -> [u8; HEADER_BYTES] {
    let mut h = [0u8; HEADER_BYTES];
    h[..2].copy_from_slice(b"MD");
    h[2..4].copy_from_slice(&HEADER_LENGTH.to_le_bytes());
    h[4] = if layout == CwaLayout::Ax6 { 0x64 } else { 0x17 };
    let device = DEVICE_ID + u16::from(leg == Leg::Right);
    h[5..7].copy_from_slice(&device.to_le_bytes());
    h[7..11].copy_from_slice(&SESSION_ID.to_le_bytes());
    h[11..13].copy_from_slice(&0u16.to_le_bytes());
    h[35] = if layout == CwaLayout::Ax6 { 0x02 } else { 0x00 };
    h[36] = code;
    h[41] = 50; // firmware revision
    h[42..44].copy_from_slice(&(-1i16).to_le_bytes());
    // Metadata: url-encoded name-value pairs, padded with spaces as OMGUI leaves them.
    let meta = b"?_c=plmkit-sim&_s=left-ankle";
    h[64..64 + meta.len()].copy_from_slice(meta);
    h[64 + meta.len()..512].fill(b' ');
    h[512..].fill(0xFF);
    h
}

/// Writes one leg's whole trace as a `.cwa` file in `layout` to `w`, streaming block by block.
/// `rate_hz` must be a device rate (3200 / 2^k Hz: 12.5, 25, 50, 100, ...); stamps count from
/// `start_unix_s` (years 2000–2063). An error for a rate or date a .cwa cannot hold.
pub fn write_cwa<W: Write>(
    mut w: W,
    stream: &mut dyn RowSource,
    rate_hz: f64,
    layout: CwaLayout,
    start_unix_s: i64,
) -> io::Result<()> {
    let code = rate_code(rate_hz)?;
    w.write_all(&header_block(layout, code, stream.leg()))?;
    let per_block = layout.samples_per_block();
    let gap_s = 1.5 / rate_hz;
    let mut block = [0u8; BLOCK_BYTES];
    let mut pending = TriaxialColumns::default();
    let mut rows = TriaxialColumns::default();
    let mut sequence = 0u32;
    loop {
        rows.clear();
        let more = stream.fill(&mut rows, 8192);
        for i in 0..rows.len() {
            let after_gap = pending.t.last().is_some_and(|&l| rows.t[i] - l > gap_s);
            if pending.len() == per_block || (after_gap && !pending.is_empty()) {
                data_block(
                    &mut block,
                    layout,
                    code,
                    rate_hz,
                    sequence,
                    start_unix_s,
                    &pending,
                )?;
                w.write_all(&block)?;
                sequence += 1;
                pending.clear();
            }
            pending.push(rows.t[i], [rows.x[i], rows.y[i], rows.z[i]]);
        }
        if !more {
            break;
        }
    }
    if !pending.is_empty() {
        data_block(
            &mut block,
            layout,
            code,
            rate_hz,
            sequence,
            start_unix_s,
            &pending,
        )?;
        w.write_all(&block)?;
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_blocks_sum_to_zero() {
        let mut b = [7u8; 512];
        seal(&mut b);
        let sum = (0..256).fold(0u16, |s, k| {
            s.wrapping_add(u16::from_le_bytes([b[2 * k], b[2 * k + 1]]))
        });
        assert_eq!(sum, 0);
    }

    #[test]
    fn packs_with_the_smallest_shift_that_fits() {
        // 1 g = 256 counts fits unshifted; 3 g = 768 needs one bit.
        assert_eq!(pack_ten_bits([1.0, 0.0, 0.0]) >> 30, 0);
        assert_eq!(pack_ten_bits([3.0, 0.0, -1.0]) >> 30, 1);
        assert_eq!(pack_ten_bits([0.0, -1.0 / 256.0, 0.0]) >> 10 & 0x3FF, 0x3FF);
        assert_eq!(rate_code(100.0).unwrap(), 0x4A);
        assert!(rate_code(30.0).is_err());
        // 2026-03-14 23:05:00: year 26, March, day 14, 23:05:00.
        let v = pack_time(1_773_529_500).unwrap();
        assert_eq!(v, 26 << 26 | 3 << 22 | 14 << 17 | 23 << 12 | 5 << 6);
    }
}
