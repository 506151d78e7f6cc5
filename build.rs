//! Tells the tests whether the real device recordings are beside the repository
//! (`../shared/real-data`): `cfg(real_data)`. Tests that read them are ignored, with the
//! reason in the test output, when the folder is absent (a user's fresh clone), so a test that
//! did not run never looks like a pass. The library itself does not use the flag.

use std::path::PathBuf;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(real_data)");
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let dir = PathBuf::from(manifest).join("../shared/real-data");
    println!("cargo::rerun-if-changed={}", dir.display());
    if dir.is_dir() {
        println!("cargo::rustc-cfg=real_data");
    }
}
