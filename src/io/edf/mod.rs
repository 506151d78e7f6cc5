//! EDF, EDF+ (continuous and discontinuous) and BDF / BDF+ readers, streaming.
//!
//! [`EdfReader`] validates the header once, then reads one data record at a time (memory is one
//! record). Samples come scaled from digital to physical values, and in microvolts for voltage
//! signals (`uV`, `mV`, `V` and `nV`; a Latin-1 `µ` is accepted). Each signal keeps its own
//! rate (`samples per record / record duration`). EDF+ annotations (time-stamped annotation
//! lists) are parsed per record; a record's start comes from its time-keeping TAL in EDF+ and
//! from `index × duration` in plain EDF, so the gaps of an EDF+D file are visible to the caller
//! as a record starting later than the previous one ended.
//!
//! Bad input is an [`Error::Parse`](crate::Error::Parse) naming the file and the byte offset
//! (the `line` field is 0, the text starts `byte N:`): a truncated file or a record count that
//! disagrees with the file's length, a record count of -1, non-ASCII header bytes, numbers that
//! do not parse, an inconsistent header size, digital ranges out of 16 / 24 bits, a record
//! without a time-keeping TAL, records out of order.
//!
//! Why not a crate: in December 2026 crates.io offers `edfplus` 0.1 (EDF+ only, no BDF),
//! `edf-rs` 0.2 (allocates a record object per read, pulls in sha2 and chrono, refuses files
//! with a record count of -1 only at read time, errors without offsets) and `edf-reader` 0.6
//! (futures 0.1, no EDF+ annotations). The format is small; this reader is ~1,100 lines with
//! docs and channel choice, dependency-free, and reports where a file is wrong.

mod channels;
mod header;
mod reader;
mod tal;

pub use channels::{ChannelChoice, LegChannels, choose_leg_channels, leg_of_label};
pub use header::{EdfHeader, EdfVariant, SignalInfo, microvolts_per_unit};
pub use reader::{EdfReader, read_edf_annotations};
pub use tal::EdfAnnotation;
