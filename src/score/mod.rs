//! Scoring of leg movements against the AASM and WASM 2016 criteria.
