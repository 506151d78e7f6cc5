//! The properties the fuzz targets check, one module per target. `tests/fuzz_corpus.rs` includes
//! this module too and replays the kept corpus and every input that ever failed through the same
//! functions, so an ordinary `cargo test` guards them without nightly features.

pub mod butter;
pub mod event_readers;
mod input;
pub mod pipeline;
pub mod scorer;
pub mod trace_readers;

/// A property check: returns on success, panics naming what failed.
pub type Check = fn(&[u8]);

/// The checks by target name (the folder names under `fuzz/corpus/` and `fuzz/regressions/`).
pub const TARGETS: [(&str, Check); 5] = [
    ("butter", butter::check),
    ("event_readers", event_readers::check),
    ("pipeline", pipeline::check),
    ("scorer", scorer::check),
    ("trace_readers", trace_readers::check),
];
