//! # plmkit
//!
//! Periodic limb movements (PLMs) in sleep from ankle accelerometer traces.
//!
//! Data flows one way, one module per stage:
//!
//! | module | job |
//! |---|---|
//! | `io` (feature `io`, default) | read device trace exports, event lists, hypnograms; write JSON / CSV reports |
//! | [`timeline`] | sample rate from timestamps, gaps, idle rows, resampling to a uniform grid |
//! | [`filter`] | Butterworth second-order sections (scipy-exact), moving RMS, running percentile |
//! | [`detect`] | streaming leg-movement detector per ankle: envelope, adaptive floor, hysteresis, posture |
//! | [`score`] | AASM 2012 / WASM 2016 criteria: bilateral merge, candidates, series, indices |
//! | [`simulate`] | synthetic nights with ground truth, for tests and benchmarks |
//! | [`spectral`] | Welch spectra and movement-train autocorrelation |
//!
//! `score` knows nothing of samples: it takes [`LegMovement`] events, so events scored from EMG
//! or by hand serve as well as the detector's.
//!
//! # Example: a simulated night, detected and scored
//!
//! ```
//! use plmkit::detect::{DetectorConfig, TraceColumns, detect_night};
//! use plmkit::score::{Criteria, ScoringContext, score};
//! use plmkit::simulate::{SimConfig, SimNight};
//! use plmkit::{Leg, MovementKind};
//!
//! // Twenty minutes of two ankles at 25 Hz with a PLM train, posture changes and sensor noise.
//! let night = SimNight::new(&SimConfig {
//!     seed: 7,
//!     rate_hz: 25.0,
//!     duration_s: 20.0 * 60.0,
//!     ..SimConfig::default()
//! })?;
//! let (left, right) = (night.rows(Leg::Left), night.rows(Leg::Right));
//!
//! // Detect leg movements on each ankle (both traces share one clock here).
//! let detection = detect_night(
//!     Some(TraceColumns::new(&left.t, &left.x, &left.y, &left.z)),
//!     Some(TraceColumns::new(&right.t, &right.x, &right.y, &right.z)),
//!     &DetectorConfig::default(),
//! )?;
//! let events = detection.events();
//! let detected_lms = events.iter().filter(|e| e.kind == MovementKind::Leg).count();
//! assert!(detected_lms > 0);
//!
//! // Score detected and true movements alike with WASM 2016; without a hypnogram the
//! // indices are per hour of recording.
//! let criteria = Criteria::wasm2016();
//! let context = ScoringContext::default();
//! let detected = score(&events, &context, &criteria)?;
//! let truth = score(night.truth(), &context, &criteria)?;
//! println!(
//!     "PLM: {} detected, {} true; PLMS index {:.1} /h of recording",
//!     detected.summary.plm_count,
//!     truth.summary.plm_count,
//!     detected.summary.plms_index.unwrap_or(0.0),
//! );
//! for series in &detected.series {
//!     assert!(series.count >= 4);
//! }
//! # Ok::<(), plmkit::Error>(())
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod detect;
pub mod error;
pub mod event;
pub mod filter;
#[cfg(feature = "io")]
pub mod io;
pub mod pipeline;
pub mod samples;
pub mod score;
pub mod simulate;
pub mod spectral;
pub mod timeline;

pub use error::{Error, Result};
pub use event::{Interval, Leg, LegMovement, MovementKind};
pub use samples::TriaxialColumns;
