//! # plmkit
//!
//! Periodic limb movements (PLMs) in sleep from ankle accelerometer traces.
//!
//! Data flows one way, one module per stage:
//!
//! | module | job |
//! |---|---|
//! | [`pipeline`] | **the front door**: traces of one or two ankles in, report out, streaming or batch |
//! | `io` (feature `io`, default) | read device trace exports, EDF/EDF+/BDF polysomnograms (`io::edf`), lab annotation exports (`io::annotations`: EDF+, RemLogic, NSRR XML), event lists, hypnograms; write JSON / CSV reports |
//! | [`timeline`] | sample rate from timestamps, gaps, idle rows, resampling to a uniform grid |
//! | [`filter`] | Butterworth second-order sections (scipy-exact), moving RMS, running percentile |
//! | [`detect`] | streaming leg-movement detectors: accelerometer per ankle (envelope, adaptive floor, hysteresis, posture, impulse rejection) and tibialis EMG ([`detect::emg`], WASM 2016 rules) |
//! | [`score`] | AASM 2012 / WASM 2016 criteria: bilateral merge, candidates, series, indices |
//! | [`simulate`] | synthetic nights with ground truth (ankle traces with stress conditions; PSG nights as EDF+), for tests and benchmarks |
//! | [`edf`] | the EDF / EDF+ / BDF signal header, one type for the reader (`io::edf`) and the simulator's writer |
//! | [`stage`] | the one shape of a streaming stage (`push` blocks, `finish`), and its batch loop |
//! | [`spectral`] | Welch spectra and movement-train autocorrelation |
//!
//! `score` knows nothing of samples: it takes [`LegMovement`] events, so events scored from EMG
//! or by hand serve as well as the detector's. Rows of a trace are [`TriaxialColumns`] (owned)
//! or [`TriaxialView`] (borrowed) everywhere.
//!
//! The [`pipeline`] joins the stages: per ankle, rows → timeline → detector; the legs' events
//! merged in time order; the online scorer fed movements, missing data and the recording span
//! as they become known. `plm_score` (the example CLI) is argument parsing around
//! [`pipeline::score_files`], so an application that embeds the crate gets the CLI's answer.
//!
//! # Example: a simulated night, detected and scored
//!
//! ```
//! use plmkit::pipeline::{PipelineConfig, score_rows};
//! use plmkit::score::Criteria;
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
//! // Both traces share one clock here (offset 0 s each); files on their own clocks get the
//! // offset between their start times (`pipeline::score_files` reads it from the files).
//! let config = PipelineConfig {
//!     criteria: Criteria::wasm2016(),
//!     ..PipelineConfig::default()
//! };
//! let night_report = score_rows(
//!     &config,
//!     &[(Leg::Left, left.view(), 0.0), (Leg::Right, right.view(), 0.0)],
//! )?;
//! let detected = night_report.detection.movements();
//! assert!(detected.iter().any(|m| m.kind == MovementKind::Leg));
//!
//! // Without a hypnogram the indices are per hour of recording (the span both legs cover,
//! // less missing or saturated data).
//! let report = &night_report.report;
//! println!(
//!     "{} PLM in {} series; PLMS index {:.1} /h of recording",
//!     report.summary.plm_count,
//!     report.series.len(),
//!     report.summary.plms_index.unwrap_or(0.0),
//! );
//! for series in &report.series {
//!     assert!(series.count >= 4);
//! }
//! # Ok::<(), plmkit::Error>(())
//! ```
//!
//! # Conventions
//!
//! - **One path per item.** Every public item has one path. The core types live at the crate
//!   root ([`Leg`], [`LegMovement`], [`MovementKind`], [`Interval`], [`Error`], [`Result`],
//!   [`TriaxialColumns`], [`TriaxialView`], [`STANDARD_GRAVITY`]); everything else in the module
//!   of the stage that owns it.
//! - **Settings are `...Config`** ([`pipeline::PipelineConfig`], [`detect::DetectorConfig`],
//!   [`timeline::TimelineConfig`], `io::trace::ReadConfig`, ...): a struct of choices, with
//!   `Default` and a `validate`. A struct that describes a thing rather than settings gets a
//!   plain noun ([`score::Criteria`]: the rules of a standard; `simulate::psg::EdfFileLayout`:
//!   what a file to write holds), and so does an enum choosing behaviour
//!   ([`score::ShortImiPolicy`], [`detect::OffsetRule`]). `Context` means one thing,
//!   [`score::ScoringContext`]: what is known about the night (hypnogram, respiratory events,
//!   ...), not settings.
//! - **Settings first, then data**, in every entry point: `score(criteria, context, events)`
//!   as `OnlineScorer::new(criteria, context)`, `detect_leg(cfg, leg, rows)`,
//!   `Pipeline::new(cfg, legs)`, `read_trace(cfg, path)`, `resample(cfg, rows)`.
//! - **Text forms**: `Display` is the human text; `name()` returns the stable machine name
//!   (`&'static str`) used in JSON, CSV, on command lines and in error messages; parsing is
//!   `FromStr`, accepting exactly the `name()` strings (any case). Serialised enums use the
//!   same names. A trace format has one name everywhere: `actigraph_csv`, `actigraph_gt3x`,
//!   `geneactiv_csv`, `geneactiv_bin`, `axivity_csv`, `axivity_cwa`, `phone_nanos`,
//!   `phone_seconds`, `plain`.
//! - **One definition of each concept**, in the stage that owns it: the sample rate estimate,
//!   its bounds, the gap and the idle row in [`timeline`]; the interval check in
//!   [`Interval::validate`]; the scoring rules and the choices where they leave room in
//!   [`score`].
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod civil;
mod cwa_layout;
pub mod detect;
pub mod edf;
mod error;
mod event;
pub mod filter;
#[cfg(feature = "io")]
pub mod io;
pub mod pipeline;
mod samples;
pub mod score;
pub mod simulate;
pub mod spectral;
pub mod stage;
pub mod timeline;

pub use error::{Error, Result};
pub use event::{Interval, Leg, LegMovement, MovementKind};
pub use samples::{STANDARD_GRAVITY, TriaxialColumns, TriaxialView};
