//! The EDF / BDF header layout, the one copy: the reader (`io::edf`) slices headers with it and
//! the simulator's writer (`simulate::psg`) pads fields to it.

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
