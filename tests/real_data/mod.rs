//! The real device recordings in ../shared/real-data (see its README), shared by the tests that
//! read them. A user's fresh clone has no such folder: those tests are then ignored, with the
//! reason shown by `cargo test` (build.rs sets `cfg(real_data)` when the folder is there).
#![allow(dead_code)] // each test file uses some of the names

use std::path::PathBuf;

/// The ActiGraph CSV export with its idle-sleep stretch.
pub const ACTIGRAPH_CSV: &str = "wristpy-example_hbn_actigraph_idle_sleep_mode_true.csv";
/// The same recording's native .gt3x.
pub const ACTIGRAPH_GT3X: &str = "wristpy-example_actigraph.gt3x";
/// A GENEActiv native .bin.
pub const GENEACTIV_BIN: &str = "wristpy-example_geneactiv.bin";

/// The path of real-data file `name`. The tests that call this are compiled as ignored when
/// the folder is absent (`cfg(real_data)`, see build.rs), so here a missing file is an error.
pub fn real_file(name: &str) -> PathBuf {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/real-data")
        .join(name);
    assert!(
        p.exists(),
        "{} is missing from the real-data folder",
        p.display()
    );
    p
}
