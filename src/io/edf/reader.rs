//! The streaming record reader.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use super::header::{EdfHeader, SignalInfo, at_byte, read_header};
use super::tal::{EdfAnnotation, parse_tals};
use crate::{Error, Result};

/// Reads an EDF, EDF+ or BDF file one data record at a time: memory is one record, however long
/// the recording.
///
/// ```no_run
/// use plmkit::io::edf::EdfReader;
/// let mut edf = EdfReader::open("night.edf")?;
/// let emg = edf.header().signal_by_label("EMG LAT").map(|s| s.index).unwrap();
/// let mut block = Vec::new();
/// while edf.next_record()? {
///     edf.samples_uv(emg, &mut block)?; // this record's samples, in µV
///     println!("record at {} s: {} samples", edf.record_start_s(), block.len());
/// }
/// # Ok::<(), plmkit::Error>(())
/// ```
#[derive(Debug)]
pub struct EdfReader<R = BufReader<File>> {
    file: String,
    header: EdfHeader,
    reader: R,
    buf: Vec<u8>,
    /// Records read so far (the current record's index + 1).
    read: u64,
    start_s: f64,
    first_start_s: Option<f64>,
    prev_start_s: Option<f64>,
    annotations: Vec<EdfAnnotation>,
}

impl EdfReader {
    /// Opens `path` and reads and validates its header.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let f = File::open(path).map_err(|e| Error::io(path, e))?;
        let len = f.metadata().map_err(|e| Error::io(path, e))?.len();
        EdfReader::from_reader(BufReader::new(f), len, &path.display().to_string())
    }
}

impl<R: Read> EdfReader<R> {
    /// A reader over any byte source of `len` bytes (e.g. a `Cursor` in tests); `file` names it
    /// in errors.
    pub fn from_reader(mut reader: R, len: u64, file: &str) -> Result<Self> {
        let header = read_header(&mut reader, len, file)?;
        let buf = vec![0u8; header.record_bytes];
        Ok(EdfReader {
            file: file.to_string(),
            header,
            reader,
            buf,
            read: 0,
            start_s: 0.0,
            first_start_s: None,
            prev_start_s: None,
            annotations: Vec::new(),
        })
    }

    /// The validated header.
    pub fn header(&self) -> &EdfHeader {
        &self.header
    }

    /// The file name used in errors.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// Reads the next data record; `false` after the last. Parses its annotations and start
    /// time: from the time-keeping TAL in EDF+ / BDF+, else `index × record duration`.
    pub fn next_record(&mut self) -> Result<bool> {
        if self.read >= self.header.record_count {
            return Ok(false);
        }
        let index = self.read;
        let base = self.record_offset(index);
        self.reader.read_exact(&mut self.buf).map_err(|e| {
            at_byte(
                &self.file,
                base,
                format!(
                    "record {}: cannot read {} bytes: {e}",
                    index + 1,
                    self.buf.len()
                ),
            )
        })?;
        self.read += 1;
        self.annotations.clear();
        let mut keep_time = None;
        let mut first = true;
        let bps = self.header.variant.bytes_per_sample();
        for s in self.header.signals.iter().filter(|s| s.is_annotations) {
            let bytes = &self.buf
                [s.offset_in_record..s.offset_in_record + bps * s.header.samples_per_record];
            let t = parse_tals(
                bytes,
                &self.file,
                base + s.offset_in_record as u64,
                first,
                &mut self.annotations,
            )?;
            if first {
                keep_time = t;
            }
            first = false;
        }
        let nominal = index as f64 * self.header.record_duration_s;
        let start = if self.header.variant.is_plus() {
            keep_time.ok_or_else(|| {
                at_byte(
                    &self.file,
                    base,
                    format!(
                        "record {}: {} record without a time-keeping annotation",
                        index + 1,
                        self.header.variant.name()
                    ),
                )
            })?
        } else {
            nominal
        };
        let dur = self.header.record_duration_s;
        if let Some(prev) = self.prev_start_s {
            if start < prev + dur - 1e-6 {
                return Err(at_byte(
                    &self.file,
                    base,
                    format!(
                        "record {} starts at {start} s, before the previous record ends ({} s)",
                        index + 1,
                        prev + dur
                    ),
                ));
            }
        }
        let first_start = *self.first_start_s.get_or_insert(start);
        if !self.header.variant.is_discontinuous() && (start - (first_start + nominal)).abs() > 1e-6
        {
            return Err(at_byte(
                &self.file,
                base,
                format!(
                    "record {} starts at {start} s, but a continuous file puts it at {} s (a discontinuous file marked {}?)",
                    index + 1,
                    first_start + nominal,
                    self.header.variant.name()
                ),
            ));
        }
        self.prev_start_s = Some(start);
        self.start_s = start;
        Ok(true)
    }

    fn record_offset(&self, index: u64) -> u64 {
        self.header.header_bytes as u64 + index * self.header.record_bytes as u64
    }

    /// 0-based index of the current record (the one the last [`next_record`](Self::next_record)
    /// read).
    pub fn record_index(&self) -> u64 {
        self.read.saturating_sub(1)
    }

    /// Start of the current record, in seconds from the header's start time.
    pub fn record_start_s(&self) -> f64 {
        self.start_s
    }

    /// The current record's annotations (time-keeping TALs left out), in file order.
    pub fn annotations(&self) -> &[EdfAnnotation] {
        &self.annotations
    }

    fn signal(&self, index: usize) -> Result<&SignalInfo> {
        let s = self.header.signals.get(index).ok_or_else(|| {
            Error::InvalidInput(format!(
                "{}: signal index {index} out of range ({} signals)",
                self.file,
                self.header.signals.len()
            ))
        })?;
        if s.is_annotations {
            return Err(Error::InvalidInput(format!(
                "{}: signal {} ({:?}) holds annotations, not samples",
                self.file,
                index + 1,
                s.header.label
            )));
        }
        if self.read == 0 {
            return Err(Error::InvalidInput(format!(
                "{}: no record read yet (call next_record first)",
                self.file
            )));
        }
        Ok(s)
    }

    /// The current record's digital samples of signal `index`, replacing `out`'s contents.
    pub fn samples_digital(&self, index: usize, out: &mut Vec<i32>) -> Result<()> {
        let s = self.signal(index)?;
        self.decode(s, out, |d| d);
        Ok(())
    }

    /// The current record's samples of signal `index` in its physical units, replacing `out`'s
    /// contents.
    pub fn samples_physical(&self, index: usize, out: &mut Vec<f64>) -> Result<()> {
        let s = self.signal(index)?;
        self.scaled(s, s.gain, s.offset, out);
        Ok(())
    }

    /// The current record's samples of signal `index` in microvolts, replacing `out`'s contents.
    /// Errors when the signal's physical dimension is not a voltage.
    pub fn samples_uv(&self, index: usize, out: &mut Vec<f64>) -> Result<()> {
        let s = self.signal(index)?;
        let k = s.uv_per_unit.ok_or_else(|| {
            Error::InvalidInput(format!(
                "{}: signal {} ({:?}) has physical dimension {:?}, not a voltage (uV, mV, V)",
                self.file,
                index + 1,
                s.header.label,
                s.header.physical_dimension
            ))
        })?;
        self.scaled(s, s.gain * k, s.offset * k, out);
        Ok(())
    }

    fn signal_bytes(&self, s: &SignalInfo) -> &[u8] {
        let bps = self.header.variant.bytes_per_sample();
        &self.buf[s.offset_in_record..s.offset_in_record + bps * s.header.samples_per_record]
    }

    fn scaled(&self, s: &SignalInfo, gain: f64, offset: f64, out: &mut Vec<f64>) {
        self.decode(s, out, |d| f64::from(d) * gain + offset);
    }

    /// The current record's digital samples of `s` (16- or 24-bit little-endian) through
    /// `map`, replacing `out`'s contents: the one sample decoder.
    #[inline]
    fn decode<T>(&self, s: &SignalInfo, out: &mut Vec<T>, map: impl Fn(i32) -> T) {
        out.clear();
        let bytes = self.signal_bytes(s);
        if self.header.variant.bytes_per_sample() == 2 {
            out.extend(
                bytes
                    .chunks_exact(2)
                    .map(|c| map(i32::from(i16::from_le_bytes([c[0], c[1]])))),
            );
        } else {
            out.extend(bytes.chunks_exact(3).map(|c| {
                // Sign-extend 24 bits through the top byte.
                map(i32::from_le_bytes([0, c[0], c[1], c[2]]) >> 8)
            }));
        }
    }
}

/// Every annotation of an EDF+ / BDF+ file (e.g. a separate annotation EDF), read record by
/// record, in file order.
pub fn read_edf_annotations(path: impl AsRef<Path>) -> Result<Vec<EdfAnnotation>> {
    let mut r = EdfReader::open(path)?;
    let mut all = Vec::new();
    while r.next_record()? {
        all.extend_from_slice(r.annotations());
    }
    Ok(all)
}
