//! Readers for leg-movement event lists, hypnograms, and respiratory / arousal event lists, and
//! writers for scoring reports (JSON) and scored movements (CSV).
//!
//! Every reader takes a path (`read_*`) or text plus the name to cite in errors (`parse_*`).
//! Blank lines and lines starting with `#` are skipped. A malformed line is an
//! [`Error::Parse`](crate::Error::Parse) whose Display is `FILE:LINE: what`.

mod context_files;
mod fields;
mod hypnogram;
mod intervals;
mod lm_csv;
mod movements_csv;
mod report_json;

pub use context_files::ContextFiles;
pub use hypnogram::{parse_hypnogram, read_hypnogram};
pub use intervals::{parse_intervals, read_intervals};
pub use lm_csv::{parse_events, read_events};
pub use movements_csv::{write_movements_csv, write_movements_csv_to};
pub use report_json::{report_to_json, write_report_json, write_text};
