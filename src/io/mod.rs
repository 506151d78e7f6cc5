//! Readers and writers for CSV traces, event lists, hypnograms and reports.

pub mod annotations;
pub mod edf;
pub mod events;
mod output;
pub mod trace;

pub use output::OutputFile;
