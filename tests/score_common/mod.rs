//! Event builders shared by the scoring test files, and the conformance harness (`case`).
#![allow(dead_code)] // each test file uses some of them

use plmkit::{Interval, Leg, LegMovement};

pub mod case;

/// Left leg.
pub const L: Leg = Leg::Left;
/// Right leg.
pub const R: Leg = Leg::Right;

/// A leg movement without peak or area.
pub fn ev(leg: Leg, onset: f64, offset: f64) -> LegMovement {
    LegMovement::new(leg, onset, offset)
}

/// 1-s left-leg movements at the given onsets.
pub fn at(onsets: &[f64]) -> Vec<LegMovement> {
    onsets.iter().map(|&t| ev(L, t, t + 1.0)).collect()
}

/// An interval (respiratory event, arousal, invalid stretch, lights).
pub fn iv(onset_s: f64, offset_s: f64) -> Interval {
    Interval { onset_s, offset_s }
}

/// The main-scoring series among an online scorer's decisions, in the order decided.
pub fn series_of(decisions: &[plmkit::score::Decision]) -> Vec<plmkit::score::Series> {
    decisions
        .iter()
        .filter_map(|d| match d {
            plmkit::score::Decision::Series { nr: false, series } => Some(*series),
            _ => None,
        })
        .collect()
}
