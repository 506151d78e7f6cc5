//! The real device recordings in ../shared/real-data (see its README), shared by the tests that
//! read them. A user's fresh clone has no such folder: the tests then skip with a printed reason.
#![allow(dead_code)] // each test file uses some of the names

use std::path::PathBuf;

/// The ActiGraph CSV export with its idle-sleep stretch.
pub const ACTIGRAPH_CSV: &str = "wristpy-example_hbn_actigraph_idle_sleep_mode_true.csv";
/// The same recording's native .gt3x.
pub const ACTIGRAPH_GT3X: &str = "wristpy-example_actigraph.gt3x";
/// A GENEActiv native .bin.
pub const GENEACTIV_BIN: &str = "wristpy-example_geneactiv.bin";

/// The path of real-data file `name`, or `None` (after printing why) when it is absent.
pub fn real_file(name: &str) -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/real-data")
        .join(name);
    if p.exists() {
        Some(p)
    } else {
        eprintln!(
            "SKIP: {} is absent (real-data folder not present)",
            p.display()
        );
        None
    }
}
