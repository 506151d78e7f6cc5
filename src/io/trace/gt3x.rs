//! ActiGraph native `.gt3x`: a zip archive holding `info.txt` (serial, sample rate, start and
//! last-sample times as .NET ticks, acceleration scale) and `log.bin`, a sequence of records
//! `0x1E, type, Unix-seconds timestamp (u32 LE), payload size (u16 LE), payload, checksum` where
//! the checksum is the complement of the XOR of all the record's other bytes. ACTIVITY records
//! (type 0x00) pack each sample as three 12-bit two's-complement numbers in the order y, x, z;
//! ACTIVITY2 records (0x1A) hold little-endian i16 x, y, z. Values / scale are g.
//!
//! Only stored (uncompressed) zip entries are read, which is how ActiGraph writes them. A file
//! opened by path is read in place (the entries found by their local headers, info.txt read,
//! log.bin streamed record by record: memory is one record whatever the file's size); a
//! stream that cannot seek is held in memory once, log.bin decoded in place.
//! Seconds without an activity record (idle sleep) and the time from the last record to the
//! "Last Sample Time" are delivered as 0,0,0 rows: missing data, as in the CSV exports. Rows are
//! timed `n / rate` from the start; in messages, "line" is the 1-based record number.

use super::datetime::CivilDateTime;
use super::gt3x_archive::Archive;
use super::rows::Row;
use super::text::key_value;
use super::{ColumnMap, Header, ReadStats, TimeKind, TraceFormat, Truncation, Units, check_rate};
use crate::{Error, Result};

/// Seconds from 0001-01-01 (the .NET tick epoch) to 1970-01-01.
const DOTNET_EPOCH_S: i64 = 62_135_596_800;
/// The acceleration scale ActiGraph documents for files whose info.txt does not state one.
const DEFAULT_SCALE: f64 = 341.0;
/// Longest idle time filled with 0,0,0 rows, in one stretch and in all (a month: more than
/// any sleep protocol records); longer means corrupt timestamps, and a small file must not
/// expand without bound (a 941-byte file declared 31 days, chained stretches a year).
const MAX_IDLE_S: u64 = 31 * 86_400;
const ACTIVITY: u8 = 0x00;
const ACTIVITY2: u8 = 0x1A;

/// True when `bytes` start like a zip archive.
pub(crate) fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// A stored zip entry: its name, where its data start, the bytes present, and whether the
/// archive ends inside it.
struct Entry {
    name: String,
    /// Where the data start in the archive.
    at: usize,
    /// Data bytes present (the declared size, or fewer when the archive is cut).
    len: usize,
    cut: bool,
}

/// The stored entries of a zip archive, in order, found by walking their local headers (so a
/// copy or a download cut off, whose central directory is lost, is still read): the archive
/// may end inside the last entry, which is returned with the bytes present and `cut`.
fn stored_entries(file: &str, zip: &mut Archive) -> Result<Vec<Entry>> {
    let mut entries = Vec::new();
    let mut pos = 0;
    let u16_of = |b: &[u8], p: usize| usize::from(u16::from_le_bytes([b[p], b[p + 1]]));
    let u32_of =
        |b: &[u8], p: usize| u32::from_le_bytes([b[p], b[p + 1], b[p + 2], b[p + 3]]) as usize;
    while zip.bytes(file, pos, 4)? == Some(b"PK\x03\x04") {
        let bad = |what: &str| Error::parse(file, 0, format!("zip entry at byte {pos}: {what}"));
        let head = zip
            .bytes(file, pos, 30)?
            .ok_or_else(|| bad("truncated header"))?;
        let flags = u16_of(head, 6);
        let method = u16_of(head, 8);
        let size = u32_of(head, 18);
        let name_len = u16_of(head, 26);
        let extra_len = u16_of(head, 28);
        if method != 0 {
            return Err(bad(
                "compressed (only stored entries, as ActiGraph writes them, are read)",
            ));
        }
        if flags & 0x08 != 0 {
            return Err(bad("sizes in a data descriptor are not supported"));
        }
        let name_at = pos + 30;
        let data_at = name_at + name_len + extra_len;
        let name = zip
            .bytes(file, name_at, name_len)?
            .ok_or_else(|| bad("truncated name"))?;
        let name = String::from_utf8_lossy(name).into_owned();
        let present = zip
            .len()
            .checked_sub(data_at)
            .ok_or_else(|| bad("truncated name"))?;
        entries.push(Entry {
            name,
            at: data_at,
            len: size.min(present),
            cut: present < size,
        });
        pos = data_at + size;
    }
    Ok(entries)
}

/// Decodes a .gt3x's log into rows, a record at a time.
pub(crate) struct Gt3x {
    /// The archive ends inside log.bin (said in the truncation report).
    log_cut: bool,
    file: String,
    /// The archive; the log is its bytes `log_at..log_end`.
    log: Archive,
    log_at: usize,
    log_end: usize,
    pos: usize,
    record: usize,
    rate: f64,
    samples_per_s: u64,
    scale: f64,
    start_s: i64,
    /// Sample index one past the last sample ("Last Sample Time"), if known.
    end: Option<u64>,
    /// Index of the next sample.
    n: u64,
    /// 0,0,0 rows are due up to this sample index.
    fill_to: u64,
    /// Idle seconds scheduled so far, in all.
    idle_total_s: u64,
    tail_filled: bool,
    rows: Vec<Row>,
    next: usize,
}

/// Reads the archive: its header facts and a decoder for its log.
pub(crate) fn open(file: &str, mut zip: Archive) -> Result<(Header, Gt3x)> {
    let entries = stored_entries(file, &mut zip)?;
    let entry = |name: &str| entries.iter().find(|e| e.name == name);
    let info = entry("info.txt").ok_or_else(|| match entries.last() {
        // ActiLife writes log.bin before info.txt: a file cut inside log.bin has lost the
        // header that says its rate, scale and start, so no sample can be placed.
        Some(last) if last.cut => Error::parse(
            file,
            0,
            format!(
                "the archive is cut inside {} ({} bytes present), before its info.txt: the \
                 sample rate, scale and start time are lost, so nothing can be read",
                last.name, last.len
            ),
        ),
        _ => Error::parse(file, 0, "no info.txt in the .gt3x archive"),
    })?;
    if info.cut {
        return Err(Error::parse(file, 0, "the archive ends inside info.txt"));
    }
    let log =
        entry("log.bin").ok_or_else(|| Error::parse(file, 0, "no log.bin in the .gt3x archive"))?;
    let (log_at, log_end, log_cut) = (log.at, log.at + log.len, log.cut);
    let (info_at, info_len) = (info.at, info.len);
    let info = zip
        .bytes(file, info_at, info_len)?
        .ok_or_else(|| Error::parse(file, 0, "the archive ends inside info.txt"))?;
    let info = String::from_utf8_lossy(info).into_owned();
    let keys: Vec<(String, String)> = info.lines().filter_map(key_value).collect();
    let get = |k: &str| {
        keys.iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    let bad = |what: String| Error::parse(file, 0, format!("info.txt: {what}"));
    let rate: f64 = get("sample rate")
        .ok_or_else(|| bad("no Sample Rate".into()))?
        .parse()
        .map_err(|_| bad("Sample Rate is not a number".into()))?;
    let rate = check_rate(file, 0, rate)?;
    if rate.fract() != 0.0 {
        return Err(bad(format!(
            "Sample Rate {rate} is not a whole number of samples per second"
        )));
    }
    let scale = match get("acceleration scale") {
        Some(s) => s
            .parse::<f64>()
            .ok()
            .filter(|s| *s > 0.0)
            .ok_or_else(|| bad(format!("Acceleration Scale {s:?}")))?,
        None => DEFAULT_SCALE,
    };
    let ticks_to_s = |k: &str| -> Result<Option<i64>> {
        match get(k) {
            None => Ok(None),
            Some(v) => {
                let ticks: i64 = v
                    .parse()
                    .map_err(|_| bad(format!("{k} {v:?} is not a tick count")))?;
                Ok((ticks > 0).then_some(ticks / 10_000_000 - DOTNET_EPOCH_S))
            }
        }
    };
    let start_s = ticks_to_s("start date")?.ok_or_else(|| bad("no Start Date".into()))?;
    let last_s = ticks_to_s("last sample time")?;
    // Times are i64 nanoseconds from 1970: a Start Date after 2262 (or before 1677) cannot be
    // one, and multiplying would wrap to a wrong year in release builds.
    let start_ns = start_s.checked_mul(1_000_000_000).ok_or_else(|| {
        bad(format!(
            "Start Date {start_s} s from 1970 is outside 1677..2262"
        ))
    })?;
    let samples_per_s = rate as u64;
    let header = Header {
        columns: ColumnMap {
            names: Vec::new(),
            cells: 3,
            time: None,
            time_kind: TimeKind::FromRate,
            axes: [0, 1, 2],
        },
        rate_hz: Some(rate),
        start: Some(CivilDateTime::from_unix_nanos(start_ns)),
        declared_units: Some((
            Units::G,
            format!("ActiGraph .gt3x: counts / {scale} (Acceleration Scale)"),
        )),
        serial: get("serial number").map(str::to_string),
        format: Some(TraceFormat::ActiGraphGt3x),
        packed: None,
    };
    let end = last_s.map(|l| (l - start_s).max(0) as u64 * samples_per_s);
    let decoder = Gt3x {
        file: file.to_string(),
        log: zip,
        log_at,
        log_end,
        log_cut,
        pos: log_at,
        record: 0,
        rate,
        samples_per_s,
        scale,
        start_s,
        end,
        n: 0,
        fill_to: 0,
        idle_total_s: 0,
        tail_filled: false,
        rows: Vec::with_capacity(samples_per_s as usize),
        next: 0,
    };
    Ok((header, decoder))
}

impl Gt3x {
    /// The next sample as a row in g (0,0,0 for idle time), or `None` at the end.
    pub fn next_row(&mut self, stats: &mut ReadStats) -> Result<Option<Row>> {
        loop {
            if self.next < self.rows.len() {
                self.next += 1;
                return Ok(Some(self.rows[self.next - 1]));
            }
            if self.n < self.fill_to {
                let row = Row {
                    line: self.record.max(1),
                    t: self.n as f64 / self.rate,
                    v: [0.0; 3],
                };
                self.n += 1;
                return Ok(Some(row));
            }
            if self.pos >= self.log_end {
                if !self.tail_filled {
                    self.tail_filled = true;
                    self.fill_to = self.end.unwrap_or(0);
                    self.check_idle(self.record.max(1), "the Last Sample Time")?;
                    continue;
                }
                return Ok(None);
            }
            self.record_step(stats)?;
        }
    }

    /// Reads the record at `pos`: decodes activity into `rows`, or schedules idle rows first.
    fn record_step(&mut self, stats: &mut ReadStats) -> Result<()> {
        let record = self.record + 1;
        let head: [u8; 8] = match self.log_bytes(8)? {
            Some(&[a, b, c, d, e, f, g, h]) => [a, b, c, d, e, f, g, h],
            _ => {
                self.cut_at(record, "its 8-byte header runs past the end", stats);
                return Ok(());
            }
        };
        let size = usize::from(u16::from_le_bytes([head[6], head[7]]));
        let (pos, end) = (self.pos, self.log_end);
        if head[0] == 0x1E
            && Self::log_window(&mut self.log, &self.file, pos, 9 + size, end)?.is_none()
        {
            let why = format!("its payload of {size} bytes runs past the end");
            self.cut_at(record, &why, stats);
            return Ok(());
        }
        let bad = |what: String| {
            Error::parse(
                &self.file,
                record,
                format!("log.bin record {record}: {what}"),
            )
        };
        if head[0] != 0x1E {
            return Err(bad(format!("no record separator at byte {}", self.pos)));
        }
        let kind = head[1];
        let ts = i64::from(u32::from_le_bytes([head[2], head[3], head[4], head[5]]));
        // Read just above; a file that shrank since is an error, not a cut.
        let Some(body) = Self::log_window(&mut self.log, &self.file, pos, 9 + size, end)? else {
            return Err(bad("the file changed while it was read".into()));
        };
        let xor = body[..8 + size].iter().fold(0u8, |a, b| a ^ b);
        if !xor != body[8 + size] {
            return Err(bad("checksum mismatch".into()));
        }
        let payload = &body[8..8 + size];
        let count = match kind {
            ACTIVITY => size * 2 / 9,
            ACTIVITY2 => size / 6,
            _ => 0,
        };
        if count > 0 {
            let first = (ts - self.start_s) * self.samples_per_s as i64;
            if first < self.n as i64 {
                return Err(bad(format!(
                    "activity at {ts} s overlaps the samples before it (time goes backwards)"
                )));
            }
            if first > self.n as i64 {
                // Idle: fill up to this record first, then come back to it.
                self.fill_to = first as u64;
                return self.check_idle(record, "this record");
            }
            self.rows.clear();
            self.next = 0;
            for k in 0..count {
                let raw = if kind == ACTIVITY {
                    let y = twelve_bits(payload, 3 * k);
                    let x = twelve_bits(payload, 3 * k + 1);
                    let z = twelve_bits(payload, 3 * k + 2);
                    [x, y, z]
                } else {
                    let at = |i: usize| {
                        i32::from(i16::from_le_bytes([
                            payload[6 * k + 2 * i],
                            payload[6 * k + 2 * i + 1],
                        ]))
                    };
                    [at(0), at(1), at(2)]
                };
                self.rows.push(Row {
                    line: record,
                    t: (self.n + k as u64) as f64 / self.rate,
                    v: raw.map(|r| f64::from(r) / self.scale),
                });
            }
            self.n += count as u64;
            stats.data_lines += 1;
        }
        self.record = record;
        self.pos += 9 + size;
        Ok(())
    }
}

impl Gt3x {
    /// The log's next `len` bytes (from `pos`), or `None` when the log ends before them.
    fn log_bytes(&mut self, len: usize) -> Result<Option<&[u8]>> {
        let (pos, end) = (self.pos, self.log_end);
        Self::log_window(&mut self.log, &self.file, pos, len, end)
    }

    /// `len` bytes of the archive from `pos`, inside the log (which ends at `end`).
    fn log_window<'a>(
        log: &'a mut Archive,
        file: &str,
        pos: usize,
        len: usize,
        end: usize,
    ) -> Result<Option<&'a [u8]>> {
        if pos.saturating_add(len) > end {
            return Ok(None);
        }
        log.bytes(file, pos, len)
    }

    /// The log ends inside `record`: a file cut off (a copy, a download, a device that lost
    /// power). The rows before it stand; nothing after it is read, and no idle rows are added
    /// up to the Last Sample Time, which the missing records would have reached.
    fn cut_at(&mut self, record: usize, why: &str, stats: &mut ReadStats) {
        let place = if self.log_cut {
            "the archive ends"
        } else {
            "log.bin ends"
        };
        stats.truncated = Some(Truncation {
            line: record,
            what: format!(
                "{place} inside log.bin record {record} at byte {} of the log ({why}); read up \
                 to there",
                self.pos - self.log_at
            ),
        });
        self.pos = self.log_end;
        self.tail_filled = true;
    }

    /// An error when the idle stretch now due, or the idle time in all, is implausibly long.
    fn check_idle(&mut self, record: usize, until: &str) -> Result<()> {
        let idle_s = self.fill_to.saturating_sub(self.n) / self.samples_per_s.max(1);
        self.idle_total_s = self.idle_total_s.saturating_add(idle_s);
        let what = if idle_s > MAX_IDLE_S {
            format!("{idle_s} s without samples until {until}")
        } else if self.idle_total_s > MAX_IDLE_S {
            format!(
                "{} s without samples in all by {until} (more than {MAX_IDLE_S} s)",
                self.idle_total_s
            )
        } else {
            return Ok(());
        };
        Err(Error::parse(
            &self.file,
            record,
            format!("{what}: corrupt timestamps?"),
        ))
    }
}

/// The `index`-th 12-bit two's-complement number of a packed payload (most significant bits first).
fn twelve_bits(payload: &[u8], index: usize) -> i32 {
    let bit = index * 12;
    let byte = bit / 8;
    let hi = u32::from(payload[byte]);
    let lo = u32::from(payload[byte + 1]);
    let raw = if bit % 8 == 0 {
        (hi << 4) | (lo >> 4)
    } else {
        ((hi & 0x0F) << 8) | lo
    };
    let raw = raw as i32;
    if raw >= 2048 { raw - 4096 } else { raw }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unpacks_twelve_bit_numbers_both_alignments() {
        // 0x7FF, 0x801, 0x001, 0xFFF packed: 7F F8 01 00 1F FF
        let p = [0x7F, 0xF8, 0x01, 0x00, 0x1F, 0xFF];
        assert_eq!(twelve_bits(&p, 0), 2047);
        assert_eq!(twelve_bits(&p, 1), -2047);
        assert_eq!(twelve_bits(&p, 2), 1);
        assert_eq!(twelve_bits(&p, 3), -1);
    }
}
