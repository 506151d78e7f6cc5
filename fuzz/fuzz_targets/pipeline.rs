//! Fuzz target: see `checks/pipeline.rs` for the property.
#![no_main]

#[path = "../checks/mod.rs"]
#[allow(dead_code)]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::pipeline::check(data));
