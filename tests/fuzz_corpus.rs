//! Replays the fuzz corpus (`fuzz/corpus/<target>/`) and every input that ever made a fuzz target
//! fail (`fuzz/regressions/<target>/`, each named after what it found) through the same checks
//! the fuzz targets run (`fuzz/checks/`), so an ordinary `cargo test` guards them on stable Rust.
//! Running the fuzzers themselves: see `fuzz/README.md`.
#![cfg(feature = "io")]

#[path = "../fuzz/checks/mod.rs"]
mod checks;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

/// Inputs of one folder, sorted by name so failures are reported in a stable order.
fn inputs(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<_> = entries
        .map(|e| e.expect("readable fuzz folder").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read(&p).expect("readable fuzz input"),
            )
        })
        .collect()
}

fn replay(folder: &str, least: usize) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join(folder);
    let mut failed = Vec::new();
    let mut total = 0;
    for (target, check) in checks::TARGETS {
        let files = inputs(&root.join(target));
        assert!(
            files.len() >= least,
            "{folder}/{target}: {} inputs, expected at least {least}",
            files.len()
        );
        for (name, data) in files {
            total += 1;
            if let Err(e) = catch_unwind(AssertUnwindSafe(|| check(&data))) {
                let why = e
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                failed.push(format!("{name}: {why}"));
            }
        }
    }
    assert!(
        failed.is_empty(),
        "{} of {total} inputs fail:\n{}",
        failed.len(),
        failed.join("\n")
    );
}

#[test]
fn the_corpus_replays_without_a_failure() {
    replay("corpus", 5);
}

#[test]
fn every_input_that_ever_failed_now_passes() {
    replay("regressions", 0);
}
