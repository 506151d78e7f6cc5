//! The EDF / EDF+ / BDF header: 256 fixed bytes, then 256 bytes per signal.

use crate::edf::{SIGNAL_FIELDS, SignalHeader};
use std::io::Read;

use crate::{Error, Result};

/// Which member of the EDF family a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EdfVariant {
    /// Plain EDF (16-bit samples, no annotations signal required).
    Edf,
    /// EDF+ continuous (`EDF+C` in the reserved field).
    EdfPlusContinuous,
    /// EDF+ discontinuous (`EDF+D`): each record's start comes from its time-keeping TAL.
    EdfPlusDiscontinuous,
    /// BioSemi BDF (24-bit samples).
    Bdf,
    /// BDF+ continuous (`BDF+C`).
    BdfPlusContinuous,
    /// BDF+ discontinuous (`BDF+D`).
    BdfPlusDiscontinuous,
}

impl EdfVariant {
    /// Bytes per sample: 2 for EDF, 3 for BDF.
    pub fn bytes_per_sample(self) -> usize {
        match self {
            EdfVariant::Edf | EdfVariant::EdfPlusContinuous | EdfVariant::EdfPlusDiscontinuous => 2,
            _ => 3,
        }
    }

    /// True for the "+" variants, which carry an annotations signal with time-keeping TALs.
    pub fn is_plus(self) -> bool {
        !matches!(self, EdfVariant::Edf | EdfVariant::Bdf)
    }

    /// True for EDF+D and BDF+D.
    pub fn is_discontinuous(self) -> bool {
        matches!(
            self,
            EdfVariant::EdfPlusDiscontinuous | EdfVariant::BdfPlusDiscontinuous
        )
    }

    /// The stable name (as the header's reserved field writes it): EDF, EDF+C, EDF+D, BDF,
    /// BDF+C or BDF+D; `Display` writes the same.
    pub fn name(self) -> &'static str {
        match self {
            EdfVariant::Edf => "EDF",
            EdfVariant::EdfPlusContinuous => "EDF+C",
            EdfVariant::EdfPlusDiscontinuous => "EDF+D",
            EdfVariant::Bdf => "BDF",
            EdfVariant::BdfPlusContinuous => "BDF+C",
            EdfVariant::BdfPlusDiscontinuous => "BDF+D",
        }
    }
}

impl std::fmt::Display for EdfVariant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// One signal's header as read, with what the reader derives from it: sample rate, scaling and
/// voltage unit.
#[derive(Debug, Clone, PartialEq)]
pub struct SignalInfo {
    /// 0-based position among the file's signals.
    pub index: usize,
    /// The header fields as the file writes them, trimmed.
    pub header: SignalHeader,
    /// Samples per second: `samples_per_record / record_duration_s` (0 when records last 0 s).
    pub rate_hz: f64,
    /// True for an `EDF Annotations` / `BDF Annotations` signal of an EDF+ / BDF+ file.
    pub is_annotations: bool,
    /// Microvolts per physical unit (`uV` 1, `mV` 1000, `V` 10⁶, `nV` 0.001); `None` when the
    /// dimension is not a voltage.
    pub uv_per_unit: Option<f64>,
    /// Byte offset of this signal's samples inside a data record.
    pub(crate) offset_in_record: usize,
    /// Physical = digital · gain + offset.
    pub(crate) gain: f64,
    pub(crate) offset: f64,
}

impl SignalInfo {
    /// Physical value of a digital sample, in the signal's own units.
    pub fn to_physical(&self, digital: i32) -> f64 {
        digital as f64 * self.gain + self.offset
    }
}

/// A parsed and validated header.
#[derive(Debug, Clone, PartialEq)]
pub struct EdfHeader {
    /// Which member of the family.
    pub variant: EdfVariant,
    /// Local patient identification, trimmed.
    pub patient: String,
    /// Local recording identification, trimmed.
    pub recording: String,
    /// Start date as written (`dd.mm.yy`).
    pub start_date: String,
    /// Start time as written (`hh.mm.ss`).
    pub start_time: String,
    /// Start time as seconds after midnight (from `start_time`).
    pub start_time_of_day_s: f64,
    /// Header length in bytes (256 × (signals + 1)).
    pub header_bytes: usize,
    /// Number of data records.
    pub record_count: u64,
    /// Duration of one data record (s).
    pub record_duration_s: f64,
    /// The signals, in file order.
    pub signals: Vec<SignalInfo>,
    /// Bytes in one data record.
    pub record_bytes: usize,
}

impl EdfHeader {
    /// Nominal length of the recording: records × record duration (s). For a discontinuous file
    /// this is the data's length, not the span from the first to the last record.
    pub fn data_duration_s(&self) -> f64 {
        self.record_count as f64 * self.record_duration_s
    }

    /// The ordinary (non-annotation) signals.
    pub fn data_signals(&self) -> impl Iterator<Item = &SignalInfo> {
        self.signals.iter().filter(|s| !s.is_annotations)
    }

    /// The first signal whose trimmed label equals `label`, ignoring ASCII case.
    pub fn signal_by_label(&self, label: &str) -> Option<&SignalInfo> {
        let label = label.trim();
        self.signals
            .iter()
            .find(|s| s.header.label.eq_ignore_ascii_case(label))
    }
}

/// A header-level error at byte `offset` of `file`.
pub(crate) fn at_byte(file: &str, offset: u64, what: impl std::fmt::Display) -> Error {
    Error::parse(file, 0, format!("byte {offset}: {what}"))
}

/// Text of an ASCII header field, trimmed. Non-ASCII bytes are an error naming their offset.
fn ascii(file: &str, base: u64, bytes: &[u8], field: &str) -> Result<String> {
    if let Some(i) = bytes.iter().position(|b| !(32..=126).contains(b)) {
        return Err(at_byte(
            file,
            base + i as u64,
            format!(
                "{field}: byte 0x{:02X} is not printable ASCII (EDF headers are ASCII only)",
                bytes[i]
            ),
        ));
    }
    Ok(String::from_utf8_lossy(bytes).trim().to_string())
}

/// The physical dimension, with a Latin-1 (0xB5) or UTF-8 (C2 B5) micro sign read as `u`.
fn dimension(file: &str, base: u64, bytes: &[u8]) -> Result<String> {
    let mut clean = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            0xC2 if bytes.get(i + 1) == Some(&0xB5) => {
                clean.extend_from_slice(b"u ");
                i += 2;
            }
            0xB5 => {
                clean.push(b'u');
                i += 1;
            }
            b => {
                clean.push(b);
                i += 1;
            }
        }
    }
    ascii(file, base, &clean, "physical dimension")
}

fn number<T: std::str::FromStr>(file: &str, base: u64, bytes: &[u8], field: &str) -> Result<T> {
    let text = ascii(file, base, bytes, field)?;
    text.parse::<T>().map_err(|_| {
        at_byte(
            file,
            base,
            format!("{field}: {text:?} is not a valid number"),
        )
    })
}

fn float(file: &str, base: u64, bytes: &[u8], field: &str) -> Result<f64> {
    let v: f64 = number(file, base, bytes, field)?;
    if !v.is_finite() {
        return Err(at_byte(file, base, format!("{field}: {v} is not finite")));
    }
    Ok(v)
}

/// Microvolts per unit of a physical dimension, or `None` for a non-voltage.
pub fn microvolts_per_unit(dimension: &str) -> Option<f64> {
    match dimension.trim() {
        "uV" | "UV" | "uv" | "microV" | "microvolt" => Some(1.0),
        "mV" | "MV" | "mv" | "millivolt" => Some(1e3),
        "V" | "v" | "volt" => Some(1e6),
        "nV" | "nv" => Some(1e-3),
        _ => None,
    }
}

/// Parses hh.mm.ss into seconds after midnight.
fn clock(file: &str, text: &str) -> Result<f64> {
    let parts: Vec<&str> = text.split('.').collect();
    let ok = parts.len() == 3 && parts.iter().all(|p| p.len() == 2);
    let v: Vec<u32> = if ok {
        parts.iter().filter_map(|p| p.parse().ok()).collect()
    } else {
        Vec::new()
    };
    if v.len() != 3 || v[0] > 23 || v[1] > 59 || v[2] > 59 {
        return Err(at_byte(
            file,
            176,
            format!("start time {text:?} is not hh.mm.ss"),
        ));
    }
    Ok(f64::from(v[0] * 3600 + v[1] * 60 + v[2]))
}

/// Reads and validates the header from `r`; `len` is the file's length in bytes.
pub(crate) fn read_header(r: &mut impl Read, len: u64, file: &str) -> Result<EdfHeader> {
    let mut fixed = [0u8; 256];
    if len < 256 {
        return Err(at_byte(
            file,
            len,
            format!("file is {len} bytes, shorter than the 256-byte EDF header"),
        ));
    }
    r.read_exact(&mut fixed).map_err(|e| Error::io(file, e))?;
    let bdf = fixed[0] == 0xFF && &fixed[1..8] == b"BIOSEMI";
    if !bdf && &fixed[0..8] != b"0       " {
        return Err(at_byte(
            file,
            0,
            format!(
                "version {:?} is neither EDF (\"0\") nor BDF (0xFF \"BIOSEMI\")",
                String::from_utf8_lossy(&fixed[0..8])
            ),
        ));
    }
    let patient = ascii(file, 8, &fixed[8..88], "patient identification")?;
    let recording = ascii(file, 88, &fixed[88..168], "recording identification")?;
    let start_date = ascii(file, 168, &fixed[168..176], "start date")?;
    let start_time = ascii(file, 176, &fixed[176..184], "start time")?;
    let start_time_of_day_s = clock(file, &start_time)?;
    let header_bytes: usize = number(file, 184, &fixed[184..192], "header bytes")?;
    let reserved = ascii(file, 192, &fixed[192..236], "reserved")?;
    let record_count: i64 = number(file, 236, &fixed[236..244], "number of data records")?;
    let record_duration_s = float(file, 244, &fixed[244..252], "record duration")?;
    let ns: usize = number(file, 252, &fixed[252..256], "number of signals")?;

    let variant = match (bdf, reserved.get(..5).unwrap_or("")) {
        (false, "EDF+C") => EdfVariant::EdfPlusContinuous,
        (false, "EDF+D") => EdfVariant::EdfPlusDiscontinuous,
        (false, _) => EdfVariant::Edf,
        (true, "BDF+C") => EdfVariant::BdfPlusContinuous,
        (true, "BDF+D") => EdfVariant::BdfPlusDiscontinuous,
        (true, _) => EdfVariant::Bdf,
    };
    if ns == 0 {
        return Err(at_byte(file, 252, "number of signals is 0"));
    }
    if header_bytes != 256 * (ns + 1) {
        return Err(at_byte(
            file,
            184,
            format!(
                "header bytes {header_bytes} disagrees with {ns} signals (expected {})",
                256 * (ns + 1)
            ),
        ));
    }
    if len < header_bytes as u64 {
        return Err(at_byte(
            file,
            len,
            format!("file ends inside the {header_bytes}-byte header ({ns} signals)"),
        ));
    }
    if record_count == -1 {
        return Err(at_byte(
            file,
            236,
            format!(
                "number of data records is -1 (the recording was never closed); the file's {len} bytes do not say how many records are whole"
            ),
        ));
    }
    if record_count < 1 {
        return Err(at_byte(
            file,
            236,
            format!("number of data records is {record_count}; at least 1 is needed"),
        ));
    }
    if record_duration_s < 0.0 {
        return Err(at_byte(
            file,
            244,
            format!("record duration {record_duration_s} s is negative"),
        ));
    }

    let mut sig = vec![0u8; 256 * ns];
    r.read_exact(&mut sig).map_err(|e| Error::io(file, e))?;
    // Field k of signal i starts at 256 + ns·(sum of widths before k) + i·width_k.
    let mut field_start = [0usize; 10];
    let mut acc = 0;
    for (k, (_, w)) in SIGNAL_FIELDS.iter().enumerate() {
        field_start[k] = acc;
        acc += ns * w;
    }
    let field = |k: usize, i: usize| -> (u64, &[u8]) {
        let w = SIGNAL_FIELDS[k].1;
        let s = field_start[k] + i * w;
        ((256 + s) as u64, &sig[s..s + w])
    };
    let named = |k: usize, i: usize| format!("signal {} {}", i + 1, SIGNAL_FIELDS[k].0);

    let bps = variant.bytes_per_sample();
    let (dig_lo, dig_hi) = if bps == 2 {
        (i16::MIN as i32, i16::MAX as i32)
    } else {
        (-(1 << 23), (1 << 23) - 1)
    };
    let mut signals = Vec::with_capacity(ns);
    let mut offset_in_record = 0usize;
    for i in 0..ns {
        let (b, f) = field(0, i);
        let label = ascii(file, b, f, &named(0, i))?;
        let (b, f) = field(1, i);
        let transducer = ascii(file, b, f, &named(1, i))?;
        let (b, f) = field(2, i);
        let physical_dimension = dimension(file, b, f)?;
        let (b3, f) = field(3, i);
        let physical_min = float(file, b3, f, &named(3, i))?;
        let (b, f) = field(4, i);
        let physical_max = float(file, b, f, &named(4, i))?;
        let (b5, f) = field(5, i);
        let digital_min: i32 = number(file, b5, f, &named(5, i))?;
        let (b, f) = field(6, i);
        let digital_max: i32 = number(file, b, f, &named(6, i))?;
        let (b, f) = field(7, i);
        let prefiltering = ascii(file, b, f, &named(7, i))?;
        let (b8, f) = field(8, i);
        let samples_per_record: usize = number(file, b8, f, &named(8, i))?;
        let is_annotations =
            variant.is_plus() && (label == "EDF Annotations" || label == "BDF Annotations");
        if samples_per_record == 0 {
            return Err(at_byte(
                file,
                b8,
                format!("signal {} ({label:?}): 0 samples per record", i + 1),
            ));
        }
        if digital_min >= digital_max {
            return Err(at_byte(
                file,
                b5,
                format!(
                    "signal {} ({label:?}): digital minimum {digital_min} is not below maximum {digital_max}",
                    i + 1
                ),
            ));
        }
        if digital_min < dig_lo || digital_max > dig_hi {
            return Err(at_byte(
                file,
                b5,
                format!(
                    "signal {} ({label:?}): digital range {digital_min}..{digital_max} exceeds the {}-bit samples",
                    i + 1,
                    bps * 8
                ),
            ));
        }
        if physical_min == physical_max && !is_annotations {
            return Err(at_byte(
                file,
                b3,
                format!(
                    "signal {} ({label:?}): physical minimum equals maximum ({physical_min})",
                    i + 1
                ),
            ));
        }
        let gain = if is_annotations {
            1.0
        } else {
            (physical_max - physical_min) / (digital_max - digital_min) as f64
        };
        let offset = if is_annotations {
            0.0
        } else {
            physical_min - digital_min as f64 * gain
        };
        let rate_hz = if record_duration_s > 0.0 {
            samples_per_record as f64 / record_duration_s
        } else {
            0.0
        };
        let uv_per_unit = microvolts_per_unit(&physical_dimension);
        signals.push(SignalInfo {
            index: i,
            header: SignalHeader {
                label,
                transducer,
                physical_dimension,
                physical_min,
                physical_max,
                digital_min,
                digital_max,
                prefiltering,
                samples_per_record,
            },
            rate_hz,
            is_annotations,
            uv_per_unit,
            offset_in_record,
            gain,
            offset,
        });
        offset_in_record = offset_in_record.saturating_add(samples_per_record.saturating_mul(bps));
    }
    let record_bytes = offset_in_record;
    if variant.is_plus() && !signals.iter().any(|s| s.is_annotations) {
        return Err(at_byte(
            file,
            192,
            format!(
                "{} file has no \"{} Annotations\" signal",
                variant.name(),
                if bps == 2 { "EDF" } else { "BDF" }
            ),
        ));
    }
    if record_duration_s == 0.0 && signals.iter().any(|s| !s.is_annotations) {
        return Err(at_byte(
            file,
            244,
            "record duration is 0 s but the file has ordinary signals",
        ));
    }
    // Saturating: absurd counts or sizes cannot wrap around to match the file's length.
    let expected = (header_bytes as u64)
        .saturating_add((record_count as u64).saturating_mul(record_bytes as u64));
    if len != expected {
        let data = len - header_bytes as u64;
        let whole = data / record_bytes as u64;
        let extra = data % record_bytes as u64;
        let what = if len < expected {
            format!(
                "truncated: the header promises {record_count} records of {record_bytes} bytes (file of {expected} bytes), the file has {len} bytes: {whole} whole records and {extra} bytes"
            )
        } else {
            format!(
                "the header promises {record_count} records of {record_bytes} bytes (file of {expected} bytes), the file has {len} bytes: {whole} whole records and {extra} bytes more; the record count lies"
            )
        };
        return Err(at_byte(file, expected.min(len), what));
    }
    Ok(EdfHeader {
        variant,
        patient,
        recording,
        start_date,
        start_time,
        start_time_of_day_s,
        header_bytes,
        record_count: record_count as u64,
        record_duration_s,
        signals,
        record_bytes,
    })
}
