//! # plmkit
//!
//! Periodic limb movements (PLMs) in sleep from ankle accelerometer traces.
//!
//! Data flows one way:
//! `io` (CSV traces, events, hypnograms) → [`timeline`] (sample rate, gaps) → [`filter`]
//! (Butterworth cascades, moving RMS, running percentile) → [`detect`] (leg movements per leg) →
//! [`score`] (AASM / WASM 2016 criteria, series, indices).
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod detect;
pub mod error;
pub mod event;
pub mod filter;
#[cfg(feature = "io")]
pub mod io;
pub mod score;
pub mod simulate;
pub mod spectral;
pub mod timeline;

pub use error::{Error, Result};
pub use event::{Interval, Leg, LegMovement, MovementKind};
