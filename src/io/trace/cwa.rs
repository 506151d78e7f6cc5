//! Axivity AX3/AX6 native `.cwa`, as the OpenMovement project documents it (`Docs/ax3/cwa.h`,
//! `ax3-technical.md` in github.com/digitalinteraction/openmovement): one 1024-byte header block
//! (`MD`, length 1020, device id, sample-rate code), then 512-byte data blocks, each `AX`, length
//! 508, a 16-bit checksum (the little-endian words of the block sum to zero), a sequence number,
//! a packed date-time (`YYYYYYMM MMDDDDDh hhhhmmmm mmssssss`, years from 2000) with an optional
//! 15-bit fraction of a second, the index of the sample that time belongs to (`timestampOffset`),
//! the accelerometer scale, the axis count and packing, and up to 480 bytes of samples.
//!
//! Samples are either three 10-bit two's-complement numbers and a 2-bit left shift in one
//! little-endian u32 (AX3 "packed", 120 per block) or little-endian i16 per axis (80 per block
//! for 3 axes, 40 for the AX6's gyro x, y, z then accel x, y, z; the gyro is ignored). Either
//! becomes g by dividing by `2^(8 + scale)`, `scale` the top three bits of the light field
//! (0 on the AX3: 1/256 g). Light, temperature and battery are ignored.
//!
//! Time: each block's stamp fixes one of its samples. A sample's time is interpolated between
//! its block's stamp and the next block's (as OMGUI and openmovement-python do), so the device's
//! real rate is followed; the last block, a block followed by a gap (a step more than 5% off the
//! header's rate) and a block before a skipped one keep the last good step. `t` counts from the
//! first sample. In messages, "line" is the 1-based data block number.
//!
//! Bad input: a block whose checksum fails is skipped and counted
//! ([`SkipReason::BadChecksum`](super::SkipReason::BadChecksum)) under the
//! [`BadRowConfig`] rule, as is a block repeating the sequence number before it
//! ([`SkipReason::RepeatedBlock`](super::SkipReason::RepeatedBlock)) or a block without the
//! `AX` signature ([`SkipReason::NotADataBlock`](super::SkipReason::NotADataBlock)). Erased
//! flash (a block of 0xFF bytes, as after the last block a device wrote) is skipped and counted
//! ([`SkipReason::ErasedBlock`](super::SkipReason::ErasedBlock)) without limit: it holds no
//! data. An `AX` block with a packet length, rate code or layout unlike the file's, an impossible date or an earlier time
//! than the block before is an error. A file ending inside a block is a [`Truncation`].

use super::datetime::CivilDateTime;
use super::lines::LineSource;
use super::rows::Row;
use super::{
    BadRowConfig, ColumnMap, Header, ReadStats, SkipReason, SkippedRows, TimeKind, TraceFormat,
    Truncation, Units, check_rate,
};
use crate::civil::days_from_civil;
use crate::{Error, Result};

pub(crate) use crate::cwa_layout::{BLOCK_BYTES, HEADER_BYTES};
use crate::cwa_layout::{BLOCK_LENGTH, DATA_AT, DATA_BYTES, HEADER_LENGTH};
/// Block stamps kept to time a block: its own and the two before (a stamp may time a sample
/// in the block after its own).
const CHAIN_STAMPS: usize = 3;
/// Largest relative difference between a step measured from two block stamps and the header's
/// rate for the step to be used; beyond it the stamps are taken to straddle a gap.
const STEP_TOLERANCE: f64 = 0.05;

/// True when `bytes` (the file's first four) start like a .cwa header: `MD` and either the
/// documented length or bytes no text file would have there (then the header check names them).
pub(crate) fn looks_cwa(bytes: &[u8]) -> bool {
    match bytes {
        [b'M', b'D', lo, hi, ..] => {
            u16::from_le_bytes([*lo, *hi]) == HEADER_LENGTH
                || !(lo.is_ascii_graphic() || lo.is_ascii_whitespace())
                || !(hi.is_ascii_graphic() || hi.is_ascii_whitespace())
        }
        _ => false,
    }
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// Sample rate of a rate code: `3200 / 2^(15 - low nibble)` Hz.
pub(crate) fn rate_of_code(code: u8) -> f64 {
    3200.0 / f64::from(1u32 << (15 - u32::from(code & 0x0F)))
}

/// Seconds since 1970 of a packed date-time, `None` when it is no date (0 means "unknown").
pub(crate) fn unpack_time(v: u32) -> Option<i64> {
    let year = 2000 + (v >> 26 & 0x3F) as i32;
    let month = (v >> 22 & 0x0F) as u8;
    let day = (v >> 17 & 0x1F) as u8;
    let (hour, min, sec) = (
        i64::from(v >> 12 & 0x1F),
        i64::from(v >> 6 & 0x3F),
        v & 0x3F,
    );
    let days_in = crate::civil::days_in_month(year, month.clamp(1, 12));
    if !(1..=12).contains(&month) || day == 0 || day > days_in || hour > 23 || min > 59 || sec > 59
    {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400 + hour * 3600 + min * 60 + i64::from(sec))
}

/// Reads and checks the header block; the decoder for the data blocks after it.
pub(crate) fn open(src: &mut LineSource, policy: BadRowConfig) -> Result<Header> {
    let file = src.name().to_string();
    let mut head = [0u8; HEADER_BYTES];
    let got = src.read_bytes(&mut head)?;
    let bad = |what: String| Error::parse(&file, 0, format!("header block: {what}"));
    if got < HEADER_BYTES {
        return Err(bad(format!(
            "the file ends after {got} of its {HEADER_BYTES} bytes"
        )));
    }
    if &head[..2] != b"MD" {
        return Err(bad("no \"MD\" signature: not an Axivity .cwa file".into()));
    }
    let length = u16_at(&head, 2);
    if length != HEADER_LENGTH {
        return Err(bad(format!(
            "packet length {length} where a .cwa header has {HEADER_LENGTH}"
        )));
    }
    let rate_code = head[36];
    if rate_code & 0x0F == 0 {
        return Err(bad(format!(
            "sample rate code {rate_code:#04x} gives no rate (a pre-2012 prototype layout, not read)"
        )));
    }
    let rate = check_rate(&file, 0, rate_of_code(rate_code))?;
    let upper = match u16_at(&head, 11) {
        0xFFFF => 0,
        u => u32::from(u),
    };
    let device = upper << 16 | u32::from(u16_at(&head, 5));
    let model = if head[4] == 0x64 { "AX6" } else { "AX3" };
    Ok(Header {
        columns: ColumnMap {
            names: Vec::new(),
            cells: 3,
            time: None,
            time_kind: TimeKind::BlockTimestamps,
            axes: [0, 1, 2],
        },
        rate_hz: Some(rate),
        start: None,
        declared_units: Some((
            Units::G,
            format!("Axivity .cwa ({model}): values / 2^(8 + the block's scale bits)"),
        )),
        serial: Some(format!("{model}-{device}")),
        format: Some(TraceFormat::AxivityCwa),
        packed: Some(super::Packed::Cwa(Box::new(Cwa::new(
            &file, rate, rate_code, policy,
        )))),
    })
}

/// How a block's samples are laid out.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Layout {
    /// Bytes per sample.
    bytes: usize,
    /// 0-based index of the accelerometer's x among the sample's i16 values (0 when packed).
    accel_at: usize,
    packed: bool,
}

impl Layout {
    /// From the `numAxesBPS` byte: axes in the top nibble, packing in the bottom one.
    fn from_code(code: u8) -> Option<Layout> {
        match (code >> 4, code & 0x0F) {
            (3, 0) => Some(Layout {
                bytes: 4,
                accel_at: 0,
                packed: true,
            }),
            (3, 2) => Some(Layout {
                bytes: 6,
                accel_at: 0,
                packed: false,
            }),
            // AX6 (and the 9-axis variant): gyro x, y, z first, then accel; the rest ignored.
            (axes @ (6 | 9), 2) => Some(Layout {
                bytes: 2 * usize::from(axes),
                accel_at: 3,
                packed: false,
            }),
            _ => None,
        }
    }
}

/// One decoded data block waiting for the next block's stamp.
#[derive(Debug, Default)]
struct Block {
    /// 1-based data block number.
    number: usize,
    sequence: u32,
    /// Whole seconds since 1970 and the fraction of the stamp.
    whole_s: i64,
    frac_s: f64,
    /// Index (within the block, may lie outside it) of the sample the stamp belongs to.
    offset: f64,
    /// The samples, in g.
    values: Vec<[f64; 3]>,
}

/// A block stamp: the chain index of the sample it times, its time (s from the first stamp's
/// whole second) and the step from it to the next stamp.
#[derive(Debug, Clone, Copy)]
struct Anchor {
    index: f64,
    t: f64,
    slope: f64,
}

/// Decodes data blocks into rows, a block at a time (two blocks held at most).
pub(crate) struct Cwa {
    file: String,
    rate_hz: f64,
    rate_code: u8,
    layout: Option<Layout>,
    policy: BadRowConfig,
    bad: usize,
    raw: Vec<u8>,
    /// Data blocks read from the file, good or bad.
    blocks: usize,
    /// The block whose rows are next, held until the following block's stamp is known.
    current: Option<Block>,
    spare: Block,
    /// The last sequence number accepted (to spot repeated blocks).
    last_sequence: Option<u32>,
    /// The step last measured between two stamps (the header's period until then), s.
    step_s: f64,
    /// The stamps of the current chain (at most three: this block's and the two before).
    chain: Vec<Anchor>,
    /// Whether the next block continues the chain (its stamp and this one's were consistent).
    linked: bool,
    /// Index in the chain of the next block's first sample.
    first_index: f64,
    /// Whole seconds since 1970 (the first stamp's) and the fraction beyond them of `t = 0`.
    origin_s: Option<i64>,
    origin_frac: f64,
    /// Civil time of the first sample.
    pub first_sample: Option<CivilDateTime>,
    last_t: Option<f64>,
    rows: Vec<Row>,
    next: usize,
    ended: bool,
}

impl Cwa {
    fn new(file: &str, rate_hz: f64, rate_code: u8, policy: BadRowConfig) -> Cwa {
        Cwa {
            file: file.to_string(),
            rate_hz,
            rate_code,
            layout: None,
            policy,
            bad: 0,
            raw: vec![0; BLOCK_BYTES],
            blocks: 0,
            current: None,
            spare: Block::default(),
            last_sequence: None,
            step_s: 1.0 / rate_hz,
            chain: Vec::with_capacity(CHAIN_STAMPS),
            linked: false,
            first_index: 0.0,
            origin_s: None,
            origin_frac: 0.0,
            first_sample: None,
            last_t: None,
            rows: Vec::with_capacity(DATA_BYTES / 4),
            next: 0,
            ended: false,
        }
    }

    /// The next sample as a row of g values, or `None` at the end of the file.
    #[inline]
    pub fn next_row(&mut self, src: &mut LineSource, stats: &mut ReadStats) -> Result<Option<Row>> {
        while self.next == self.rows.len() {
            if self.ended {
                return Ok(None);
            }
            let mut incoming = std::mem::take(&mut self.spare);
            let more = self.read_block(src, stats, &mut incoming)?;
            if !more {
                self.ended = true;
            }
            let next = more.then_some(&incoming);
            if let Some(current) = self.current.take() {
                self.time_rows(&current, next)?;
                self.spare = current;
            }
            if more {
                self.current = Some(incoming);
            }
        }
        let row = self.rows[self.next];
        self.next += 1;
        Ok(Some(row))
    }

    /// Times the samples of `block` into `rows`. Time is piecewise linear in the sample index
    /// through the block stamps, as in OMGUI and openmovement-python: a sample is placed on the
    /// segment between the last stamp at or before it and the next one. A stamp may belong to a
    /// sample outside its own block (the offset can exceed the block), so the two stamps before
    /// this block's are kept. Across a break (a skipped block, a step more than 5% off the
    /// header's rate) nothing is interpolated: the stamps after it start a new chain, timed
    /// backwards from their first stamp.
    fn time_rows(&mut self, block: &Block, next: Option<&Block>) -> Result<()> {
        let period = 1.0 / self.rate_hz;
        let first = self.origin_s.is_none();
        let origin_s = *self.origin_s.get_or_insert(block.whole_s);
        let here = Anchor {
            index: self.first_index + block.offset,
            t: (block.whole_s - origin_s) as f64 + block.frac_s,
            slope: 0.0,
        };
        let mut slope = None;
        if let Some(next) = next.filter(|n| n.sequence == block.sequence.wrapping_add(1)) {
            let t_next = (next.whole_s - origin_s) as f64 + next.frac_s;
            let index_next = self.first_index + block.values.len() as f64 + next.offset;
            let step = (t_next - here.t) / (index_next - here.index);
            if index_next > here.index && ((step - period) / period).abs() <= STEP_TOLERANCE {
                slope = Some(step);
                self.step_s = step;
            }
        }
        let here = Anchor {
            slope: slope.unwrap_or(self.step_s),
            ..here
        };
        if !self.linked {
            self.chain.clear();
        }
        if self.chain.len() == CHAIN_STAMPS {
            self.chain.remove(0);
        }
        self.chain.push(here);
        let time_of = |n: f64| {
            let a = self
                .chain
                .iter()
                .rev()
                .find(|a| a.index <= n)
                .unwrap_or(&self.chain[0]);
            a.t + (n - a.index) * a.slope
        };
        if first {
            self.origin_frac = time_of(self.first_index);
            let ns = origin_s
                .checked_mul(1_000_000_000)
                .and_then(|s| s.checked_add((self.origin_frac * 1e9).round() as i64))
                .ok_or_else(|| Error::parse(&self.file, block.number, "block time beyond 2262"))?;
            self.first_sample = Some(CivilDateTime::from_unix_nanos(ns));
        }
        self.rows.clear();
        self.next = 0;
        for (i, v) in block.values.iter().enumerate() {
            // The first sample of the file is t = 0 exactly (the origin was placed there).
            let t = if first && i == 0 {
                0.0
            } else {
                time_of(self.first_index + i as f64) - self.origin_frac
            };
            if let Some(last) = self.last_t.filter(|&last| t <= last) {
                return Err(Error::parse(
                    &self.file,
                    block.number,
                    format!(
                        "data block {}: time goes backwards: sample {i} at {t:.6} s is not after \
                         the sample before it at {last:.6} s",
                        block.number
                    ),
                ));
            }
            self.rows.push(Row {
                line: block.number,
                t,
                v: *v,
            });
            self.last_t = Some(t);
        }
        self.linked = slope.is_some();
        self.first_index = if self.linked {
            self.first_index + block.values.len() as f64
        } else {
            0.0
        };
        Ok(())
    }

    /// Reads blocks until a good one is decoded into `out`; `false` at the end of the file.
    fn read_block(
        &mut self,
        src: &mut LineSource,
        stats: &mut ReadStats,
        out: &mut Block,
    ) -> Result<bool> {
        loop {
            let got = src.read_bytes(&mut self.raw)?;
            if got == 0 {
                return Ok(false);
            }
            self.blocks += 1;
            let number = self.blocks;
            if got < BLOCK_BYTES {
                stats.truncated = Some(Truncation {
                    line: number,
                    what: format!(
                        "the file ends inside data block {number} ({got} of its {BLOCK_BYTES} \
                         bytes); {} whole blocks read",
                        number - 1
                    ),
                });
                return Ok(false);
            }
            stats.data_lines += 1;
            if self.decode(number, stats, out)? {
                return Ok(true);
            }
        }
    }

    /// Decodes the block in `raw`; `false` when it is skipped (counted).
    fn decode(&mut self, number: usize, stats: &mut ReadStats, out: &mut Block) -> Result<bool> {
        let raw = &self.raw;
        let byte = HEADER_BYTES + (number - 1) * BLOCK_BYTES;
        let bad = |what: String| {
            Error::parse(
                &self.file,
                number,
                format!("data block {number} (byte {byte}): {what}"),
            )
        };
        if &raw[..2] != b"AX" {
            // Not a data packet: OpenMovement's own readers pass over such sectors. Erased
            // flash (every byte 0xFF, typically after the last block written) holds nothing
            // and is only counted; anything else is damage, counted under the bad-row rule.
            if raw.iter().all(|&b| b == 0xFF) {
                let what = format!("data block {number}: erased (every byte 0xFF)");
                count_skip(number, SkipReason::ErasedBlock, what, stats);
                return Ok(false);
            }
            let what = format!(
                "data block {number}: signature {:?} where a data block has \"AX\"",
                String::from_utf8_lossy(&raw[..2])
            );
            self.skip(number, SkipReason::NotADataBlock, what, stats)?;
            return Ok(false);
        }
        let length = u16_at(raw, 2);
        if length != BLOCK_LENGTH {
            return Err(bad(format!(
                "packet length {length} where a data block has {BLOCK_LENGTH}"
            )));
        }
        let sum = (0..BLOCK_BYTES / 2).fold(0u16, |s, k| s.wrapping_add(u16_at(raw, 2 * k)));
        if sum != 0 {
            let what = format!(
                "data block {number}: checksum mismatch (the words sum to {sum:#06x}, not 0)"
            );
            self.skip(number, SkipReason::BadChecksum, what, stats)?;
            return Ok(false);
        }
        let sequence = u32_at(raw, 10);
        if self.last_sequence == Some(sequence) {
            let what = format!("data block {number} repeats sequence number {sequence}");
            self.skip(number, SkipReason::RepeatedBlock, what, stats)?;
            return Ok(false);
        }
        let code = raw[24];
        if code != self.rate_code {
            return Err(bad(format!(
                "sample rate code {code:#04x} differs from the header's {:#04x}",
                self.rate_code
            )));
        }
        let layout = Layout::from_code(raw[25]).ok_or_else(|| {
            bad(format!(
                "axes/packing byte {:#04x} is not a known layout (3 axes packed or 16-bit, 6 or 9 \
                 axes 16-bit)",
                raw[25]
            ))
        })?;
        if *self.layout.get_or_insert(layout) != layout {
            return Err(bad(format!(
                "axes/packing byte {:#04x} differs from the first block's",
                raw[25]
            )));
        }
        let count = usize::from(u16_at(raw, 28));
        let room = DATA_BYTES / layout.bytes;
        if count > room {
            return Err(bad(format!(
                "{count} samples where the block holds at most {room}"
            )));
        }
        let stamp = u32_at(raw, 14);
        let whole_s = unpack_time(stamp)
            .ok_or_else(|| bad(format!("timestamp {stamp:#010x} is not a date and time")))?;
        let mut offset = f64::from(u16_at(raw, 26) as i16);
        let mut frac_s = 0.0;
        let fractional = u16_at(raw, 4);
        if fractional & 0x8000 != 0 {
            // The device moved the offset to the sample nearest the whole second (at the
            // nominal rate, in whole hertz) for readers that ignore the fraction: undo that.
            let frac16 = u32::from(fractional & 0x7FFF) << 1;
            offset += f64::from((frac16 * self.rate_hz as u32) >> 16);
            frac_s = f64::from(frac16) / 65536.0;
        }
        let unit = f64::from(1u32 << (8 + (u16_at(raw, 18) >> 13)));
        out.values.clear();
        for k in 0..count {
            let at = DATA_AT + k * layout.bytes;
            let v = if layout.packed {
                unpack_ten_bits(u32_at(raw, at))
            } else {
                let axis = |a: usize| i32::from(u16_at(raw, at + 2 * (layout.accel_at + a)) as i16);
                [axis(0), axis(1), axis(2)]
            };
            out.values.push(v.map(|r| f64::from(r) / unit));
        }
        out.number = number;
        out.sequence = sequence;
        out.whole_s = whole_s;
        out.frac_s = frac_s;
        out.offset = offset;
        self.last_sequence = Some(sequence);
        Ok(true)
    }

    /// Counts a skipped block; an error once the [`BadRowConfig`] limit is crossed.
    #[cold]
    fn skip(
        &mut self,
        number: usize,
        reason: SkipReason,
        what: String,
        stats: &mut ReadStats,
    ) -> Result<()> {
        self.bad += 1;
        count_skip(number, reason, what.clone(), stats);
        if self.policy.allows(self.bad, stats.data_lines) {
            return Ok(());
        }
        let what = if self.policy.max_count == 0 {
            what
        } else {
            format!(
                "{what}; too many bad blocks ({} of {} data blocks so far)",
                self.bad, stats.data_lines
            )
        };
        Err(Error::parse(&self.file, number, what))
    }
}

/// Counts a skipped block in `stats` under `reason` (the first one's number and message kept).
fn count_skip(number: usize, reason: SkipReason, what: String, stats: &mut ReadStats) {
    match stats.skipped.iter_mut().find(|s| s.reason == reason) {
        Some(s) => s.count += 1,
        None => stats.skipped.push(SkippedRows {
            reason,
            count: 1,
            first_line: number,
            first_what: what,
        }),
    }
}

/// x, y, z of a packed sample: three 10-bit two's-complement numbers (x lowest) shifted left
/// by the top two bits.
pub(crate) fn unpack_ten_bits(word: u32) -> [i32; 3] {
    let shift = word >> 30;
    let axis = |k: u32| {
        let raw = (word >> (10 * k) & 0x3FF) as i32;
        let signed = if raw >= 512 { raw - 1024 } else { raw };
        signed << shift
    };
    [axis(0), axis(1), axis(2)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unpacks_ten_bit_samples_with_their_shift() {
        // x = 1, y = -1 (0x3FF), z = -512 (0x200), shift 0.
        let w = 1 | 0x3FF << 10 | 0x200 << 20;
        assert_eq!(unpack_ten_bits(w), [1, -1, -512]);
        // x = 511, y = 0, z = 256, shift 3.
        let w = 511 | 256 << 20 | 3 << 30;
        assert_eq!(unpack_ten_bits(w), [511 * 8, 0, 256 * 8]);
    }

    #[test]
    fn rate_codes_and_packed_dates() {
        assert_eq!(rate_of_code(0x4A), 100.0);
        assert_eq!(rate_of_code(0x09), 50.0);
        assert_eq!(rate_of_code(0x07), 12.5);
        // 2014-05-07 12:34:56 packed: year 14, month 5, day 7, 12 h, 34 min, 56 s.
        let v = 14 << 26 | 5 << 22 | 7 << 17 | 12 << 12 | 34 << 6 | 56;
        assert_eq!(unpack_time(v), Some(1_399_466_096));
        assert_eq!(unpack_time(0), None);
        // 2015-02-29 does not exist.
        assert_eq!(unpack_time(15 << 26 | 2 << 22 | 29 << 17), None);
    }

    #[test]
    fn tells_a_cwa_header_from_text() {
        assert!(looks_cwa(b"MD\xFC\x03"));
        assert!(looks_cwa(b"MD\x00\x00"));
        assert!(!looks_cwa(b"MDx,"));
        assert!(!looks_cwa(b"AX\xFC\x03"));
    }
}
