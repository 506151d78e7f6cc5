//! A streaming EDF / EDF+ / BDF+ writer, so PSG fixtures and simulated nights are regenerable.

use crate::edf::{SIGNAL_FIELDS, SignalHeader};
use std::collections::VecDeque;
use std::io::{self, Write};

/// The layout of a file to write (its header fields and signals), a description of the file
/// rather than settings of the writer.
#[derive(Debug, Clone, PartialEq)]
pub struct EdfFileLayout {
    /// Local patient identification.
    pub patient: String,
    /// Local recording identification.
    pub recording: String,
    /// Start date, `dd.mm.yy`.
    pub start_date: String,
    /// Start time, `hh.mm.ss`.
    pub start_time: String,
    /// Duration of a data record (s).
    pub record_duration_s: f64,
    /// EDF+D / BDF+D (records carry their own start times and may leave gaps) instead of
    /// EDF+C / BDF+C.
    pub discontinuous: bool,
    /// 24-bit BDF samples instead of 16-bit EDF.
    pub bdf: bool,
    /// Bytes of the annotations signal per record; 0 writes plain EDF / BDF without one.
    pub annotation_bytes: usize,
    /// The ordinary signals.
    pub signals: Vec<SignalHeader>,
}

/// Writes a file record by record: the header first (so the record count must be known), then
/// one call of [`write_record`](Self::write_record) per record. Annotations given with
/// [`annotate`](Self::annotate) go into the next record written that has room.
#[derive(Debug)]
pub struct EdfWriter<W: Write> {
    w: W,
    spec: EdfFileLayout,
    record_count: u64,
    written: u64,
    pending: VecDeque<(f64, Option<f64>, String)>,
    buf: Vec<u8>,
    last_start: Option<f64>,
}

fn invalid(what: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, what)
}

/// `text` left-justified in `width` bytes; an error when it is longer or not ASCII.
fn field(out: &mut Vec<u8>, text: &str, width: usize, name: &str) -> io::Result<()> {
    if text.len() > width || !text.is_ascii() {
        return Err(invalid(format!(
            "EDF header field {name} {text:?} is not ASCII of at most {width} characters"
        )));
    }
    out.extend_from_slice(text.as_bytes());
    out.extend(std::iter::repeat_n(b' ', width - text.len()));
    Ok(())
}

/// A number in at most `width` characters, as precise as fits.
fn number(v: f64, width: usize) -> io::Result<String> {
    let plain = format!("{v}");
    if plain.len() <= width {
        return Ok(plain);
    }
    for p in (0..width).rev() {
        let s = format!("{v:.p$}");
        let s = if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        };
        if s.len() <= width {
            return Ok(s);
        }
    }
    Err(invalid(format!("{v} does not fit in {width} characters")))
}

/// Seconds as a TAL number: at most 6 decimals, trailing zeros dropped.
fn tal_number(v: f64) -> String {
    let s = format!("{v:.6}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

impl<W: Write> EdfWriter<W> {
    /// Writes the header for `record_count` records of `spec` to `w`.
    pub fn new(mut w: W, mut spec: EdfFileLayout, record_count: u64) -> io::Result<Self> {
        // Physical limits as the 8-character fields will hold them, so that samples are scaled
        // exactly as a reader will scale them back.
        for s in &mut spec.signals {
            for v in [&mut s.physical_min, &mut s.physical_max] {
                *v = number(*v, 8)?
                    .parse()
                    .map_err(|_| invalid(format!("physical limit {v} does not print")))?;
            }
        }
        let plus = spec.annotation_bytes > 0;
        let bps = if spec.bdf { 3 } else { 2 };
        if plus && spec.annotation_bytes % bps != 0 {
            return Err(invalid(format!(
                "annotation bytes {} is not a multiple of the {bps}-byte sample",
                spec.annotation_bytes
            )));
        }
        let ns = spec.signals.len() + plus as usize;
        let mut h = Vec::with_capacity(256 * (ns + 1));
        if spec.bdf {
            h.push(0xFF);
            h.extend_from_slice(b"BIOSEMI");
        } else {
            field(&mut h, "0", 8, "version")?;
        }
        field(&mut h, &spec.patient, 80, "patient")?;
        field(&mut h, &spec.recording, 80, "recording")?;
        field(&mut h, &spec.start_date, 8, "start date")?;
        field(&mut h, &spec.start_time, 8, "start time")?;
        field(&mut h, &(256 * (ns + 1)).to_string(), 8, "header bytes")?;
        let reserved = match (spec.bdf, plus, spec.discontinuous) {
            (false, true, false) => "EDF+C",
            (false, true, true) => "EDF+D",
            (true, true, false) => "BDF+C",
            (true, true, true) => "BDF+D",
            (true, false, _) => "24BIT",
            (false, false, _) => "",
        };
        field(&mut h, reserved, 44, "reserved")?;
        field(&mut h, &record_count.to_string(), 8, "records")?;
        field(&mut h, &number(spec.record_duration_s, 8)?, 8, "duration")?;
        field(&mut h, &ns.to_string(), 4, "signals")?;
        let ann_label = if spec.bdf {
            "BDF Annotations"
        } else {
            "EDF Annotations"
        };
        let (dmin, dmax) = if spec.bdf {
            (-(1 << 23), (1 << 23) - 1)
        } else {
            (-32768, 32767)
        };
        // Each per-signal field (crate::edf::SIGNAL_FIELDS gives names and widths, in
        // order): its text for an ordinary signal and for the annotations signal.
        type Get = fn(&SignalHeader) -> String;
        let cols: [(Get, String); 10] = [
            (|s| s.label.clone(), ann_label.into()),
            (|s| s.transducer.clone(), String::new()),
            (|s| s.physical_dimension.clone(), String::new()),
            (
                |s| number(s.physical_min, 8).unwrap_or_default(),
                "-1".into(),
            ),
            (
                |s| number(s.physical_max, 8).unwrap_or_default(),
                "1".into(),
            ),
            (|s| s.digital_min.to_string(), dmin.to_string()),
            (|s| s.digital_max.to_string(), dmax.to_string()),
            (|s| s.prefiltering.clone(), String::new()),
            (
                |s| s.samples_per_record.to_string(),
                (spec.annotation_bytes / bps).to_string(),
            ),
            (|_| String::new(), String::new()),
        ];
        for ((name, width), (get, ann)) in SIGNAL_FIELDS.iter().zip(&cols) {
            for s in &spec.signals {
                field(&mut h, &get(s), *width, name)?;
            }
            if plus {
                field(&mut h, ann, *width, name)?;
            }
        }
        w.write_all(&h)?;
        let record_bytes: usize = spec
            .signals
            .iter()
            .map(|s| s.samples_per_record * bps)
            .sum::<usize>()
            + spec.annotation_bytes;
        Ok(EdfWriter {
            w,
            spec,
            record_count,
            written: 0,
            pending: VecDeque::new(),
            buf: Vec::with_capacity(record_bytes),
            last_start: None,
        })
    }

    /// Queues an annotation (onset s from the start time, optional duration, text); it is
    /// written into the next record with room.
    pub fn annotate(&mut self, onset_s: f64, duration_s: Option<f64>, text: &str) {
        self.pending
            .push_back((onset_s, duration_s, text.to_string()));
    }

    /// Writes one record starting at `start_s` (s from the start time; used by the time-keeping
    /// TAL, so EDF+D files may leave gaps) with one slice of physical values per ordinary
    /// signal, each exactly `samples_per_record` long. Values are rounded and clamped to the
    /// digital range.
    pub fn write_record(&mut self, start_s: f64, signals: &[&[f64]]) -> io::Result<()> {
        if self.written >= self.record_count {
            return Err(invalid(format!(
                "more than the {} records announced",
                self.record_count
            )));
        }
        if signals.len() != self.spec.signals.len() {
            return Err(invalid(format!(
                "{} signals given, the file has {}",
                signals.len(),
                self.spec.signals.len()
            )));
        }
        if let Some(prev) = self.last_start {
            if start_s < prev + self.spec.record_duration_s - 1e-9 {
                return Err(invalid(format!(
                    "record at {start_s} s overlaps the previous"
                )));
            }
            if !self.spec.discontinuous
                && (start_s - prev - self.spec.record_duration_s).abs() > 1e-9
            {
                return Err(invalid(format!(
                    "record at {start_s} s leaves a gap in a continuous file"
                )));
            }
        }
        self.last_start = Some(start_s);
        self.buf.clear();
        let bdf = self.spec.bdf;
        for (s, x) in self.spec.signals.iter().zip(signals) {
            if x.len() != s.samples_per_record {
                return Err(invalid(format!(
                    "signal {:?}: {} samples given, {} per record",
                    s.label,
                    x.len(),
                    s.samples_per_record
                )));
            }
            let gain = (s.physical_max - s.physical_min) / (s.digital_max - s.digital_min) as f64;
            for &v in x.iter() {
                let d = ((v - s.physical_min) / gain + s.digital_min as f64)
                    .round()
                    .clamp(s.digital_min as f64, s.digital_max as f64)
                    as i32;
                let b = d.to_le_bytes();
                if bdf {
                    self.buf.extend_from_slice(&b[..3]);
                } else {
                    self.buf.extend_from_slice(&b[..2]);
                }
            }
        }
        if self.spec.annotation_bytes > 0 {
            let start = self.buf.len();
            let cap = self.spec.annotation_bytes;
            self.buf
                .extend_from_slice(format!("+{}\x14\x14\x00", tal_number(start_s)).as_bytes());
            while let Some((onset, dur, text)) = self.pending.front() {
                let sign = if *onset < 0.0 { "-" } else { "+" };
                let mut tal = format!("{sign}{}", tal_number(onset.abs()));
                if let Some(d) = dur {
                    tal.push('\x15');
                    tal.push_str(&tal_number(*d));
                }
                tal.push('\x14');
                tal.push_str(text);
                tal.push_str("\x14\x00");
                if self.buf.len() - start + tal.len() > cap {
                    if self.buf.len() - start <= 16 {
                        return Err(invalid(format!(
                            "annotation {text:?} does not fit in {cap} bytes"
                        )));
                    }
                    break;
                }
                self.buf.extend_from_slice(tal.as_bytes());
                self.pending.pop_front();
            }
            if self.buf.len() - start > cap {
                return Err(invalid(format!(
                    "time-keeping annotation does not fit in {cap} bytes"
                )));
            }
            self.buf.resize(start + cap, 0);
        }
        self.w.write_all(&self.buf)?;
        self.written += 1;
        Ok(())
    }

    /// Checks that every announced record was written and every annotation placed, flushes, and
    /// returns the sink.
    pub fn finish(mut self) -> io::Result<W> {
        if self.written != self.record_count {
            return Err(invalid(format!(
                "{} records written, {} announced",
                self.written, self.record_count
            )));
        }
        if !self.pending.is_empty() {
            return Err(invalid(format!(
                "{} annotations left unwritten after the last record",
                self.pending.len()
            )));
        }
        self.w.flush()?;
        Ok(self.w)
    }
}
