//! The EDF / EDF+ / BDF file format's signal header: the fields a file holds for each signal,
//! one type for both directions. The reader (`io::edf`, feature `io`) returns them inside its
//! `io::edf::SignalInfo`, which adds what it derives (rate, scaling, voltage unit); the
//! simulator's writer ([`crate::simulate::psg::EdfWriter`]) is told with them what to write. The byte layout of those fields is here too, so both sides slice and
//! pad headers from one table.

/// One signal's header fields, as the file writes them (trimmed of their space padding).
#[derive(Debug, Clone, PartialEq)]
pub struct SignalHeader {
    /// Label (at most 16 ASCII characters), e.g. `EMG LAT` or `EDF Annotations`.
    pub label: String,
    /// Transducer type (at most 80 characters).
    pub transducer: String,
    /// Physical dimension (at most 8 characters), e.g. `uV`, `mV`. The reader gives a Latin-1
    /// or UTF-8 `µ` as `u`.
    pub physical_dimension: String,
    /// Physical value of `digital_min`.
    pub physical_min: f64,
    /// Physical value of `digital_max`.
    pub physical_max: f64,
    /// Lowest digital value (>= -32768 for EDF, >= -8388608 for BDF).
    pub digital_min: i32,
    /// Highest digital value (<= 32767 for EDF, <= 8388607 for BDF).
    pub digital_max: i32,
    /// Prefiltering (at most 80 characters), e.g. `HP:10Hz LP:100Hz`.
    pub prefiltering: String,
    /// Samples in each data record.
    pub samples_per_record: usize,
}

impl SignalHeader {
    /// A µV signal of `samples_per_record` samples with a 0.1-µV step over ±3276.8 µV (16 bits),
    /// the usual EMG channel of a sleep-lab EDF.
    pub fn microvolts(label: &str, samples_per_record: usize) -> Self {
        SignalHeader {
            label: label.to_string(),
            transducer: "AgAgCl electrode".to_string(),
            physical_dimension: "uV".to_string(),
            physical_min: -3276.8,
            physical_max: 3276.7,
            digital_min: -32768,
            digital_max: 32767,
            prefiltering: String::new(),
            samples_per_record,
        }
    }
}

/// Per-signal header fields, in file order: name and width in bytes. Each field is written for
/// every signal before the next field starts.
pub(crate) const SIGNAL_FIELDS: [(&str, usize); 10] = [
    ("label", 16),
    ("transducer type", 80),
    ("physical dimension", 8),
    ("physical minimum", 8),
    ("physical maximum", 8),
    ("digital minimum", 8),
    ("digital maximum", 8),
    ("prefiltering", 80),
    ("number of samples", 8),
    ("reserved", 32),
];
