//! EMG leg-movement detector (WASM 2016 rules), streaming, for the tibialis anterior channels
//! of a polysomnogram.
//!
//! Per leg: mains band-stops (50 and 60 Hz) and a 10-Hz high-pass, rectification, 20-ms bin
//! means, a centred 0.3-s running median (the envelope; it ignores QRS spikes of ECG artefact),
//! a resting level that adapts over the night (20th percentile of 0.5-s envelope means over
//! the last minute), then the standard's rule: onset at the first point 8 µV above rest, offset
//! at the start of >= 0.5 s within 2 µV of rest, movements shorter than 0.5 s rejected, and
//! same-leg movements less than 0.5 s apart joined (the offset rule does it). See
//! [`EmgConfig`] for the reasons behind each default.
//!
//! Gaps (declared with [`EmgDetector::skip_to`], e.g. between EDF+D records, or non-finite
//! samples) become [`crate::detect::Detection::Invalid`] and clipped samples
//! [`crate::detect::Detection::Saturated`]; no movement starts, ends or straddles either, and
//! the filters restart after them.
//!
//! [`EmgDetector`] emits the same [`crate::detect::Detection`]s as the accelerometer detector,
//! so the pipeline and scorer consume either. [`detect_edf`] runs both legs of an
//! [`crate::io::edf::EdfReader`] record by record.
//!
//! ```no_run
//! use plmkit::detect::emg::{EmgConfig, detect_edf};
//! use plmkit::io::edf::{EdfReader, choose_leg_channels};
//! use plmkit::score::{Criteria, ScoringContext, score};
//!
//! let mut edf = EdfReader::open("night.edf")?;
//! let legs = choose_leg_channels(edf.header(), None, None)?;
//! println!("left: {} ({})", legs.left.label, legs.left.why);
//! let det = detect_edf(&EmgConfig::default(), &mut edf, &legs)?;
//! let context = ScoringContext { invalid: det.invalid(), ..ScoringContext::default() };
//! let report = score(&Criteria::wasm2016(), &context, &det.movements())?;
//! println!("PLMS: {}", report.summary.plms_count);
//! # Ok::<(), plmkit::Error>(())
//! ```

mod config;
mod detector;
#[cfg(feature = "io")]
mod edf;
mod median;
mod stream;

pub use config::EmgConfig;
pub use detector::EmgDetector;
#[cfg(feature = "io")]
pub use edf::{EdfEmgDetection, clip_levels_uv, detect_edf};
pub use stream::{EmgBlock, EmgLegStream};
