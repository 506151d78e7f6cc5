//! Accelerometer leg-movement detector (streaming).
//!
//! Per leg: band-pass each axis (default 0.5–8 Hz, Butterworth from [`crate::filter`], steady
//! state start), take the vector magnitude of the filtered axes (never |a| − 1 g, which hides
//! movement perpendicular to gravity), a 0.5-s moving RMS envelope, an adaptive noise floor (a
//! low percentile of the quiet envelope over the last minute, and the envelope's spread there),
//! and hysteresis thresholds above the floor (onset on the upper one, a multiple of the spread
//! above the floor; offset at the start of >= 0.5 s below the lower one, as the EMG 8 µV /
//! 2 µV rule). Movements across which the gravity direction turns by more than
//! `posture_angle_deg` are posture changes ([`crate::event::MovementKind::Gross`]). Missing and
//! saturated data are reported and no leg movement may start, end or straddle them.
//!
//! - [`LegDetector`]: the streaming core (push blocks of grid samples, receive [`Detection`]s).
//! - [`TraceDetector`]: a [`crate::timeline::Timeline`] in front of a [`LegDetector`], for
//!   timestamped rows; it keeps the leg's [`LegDetection`].
//! - [`detect_leg`] / [`detect_night`]: batch loops over [`TraceDetector`], detection only. To
//!   score a night, use [`crate::pipeline`].
//!
//! ```
//! use plmkit::detect::{DetectorConfig, detect_night};
//! use plmkit::simulate::{SimConfig, SimNight};
//! use plmkit::Leg;
//!
//! // Ten simulated minutes; real traces come from `plmkit::io` (time column on a shared clock).
//! let night = SimNight::new(&SimConfig { duration_s: 600.0, ..SimConfig::default() })?;
//! let (l, r) = (night.rows(Leg::Left), night.rows(Leg::Right));
//! let result = detect_night(&DetectorConfig::default(), Some(l.view()), Some(r.view()))?;
//! assert_eq!(result.legs.len(), 2);
//! for leg in &result.legs {
//!     println!("{}: {} movements, {} rejected, {:.0} s valid", leg.leg, leg.movements.len(),
//!              leg.rejected.len(), leg.valid_s);
//! }
//! # Ok::<(), plmkit::Error>(())
//! ```

mod config;
mod design;
pub mod emg;
mod floor;
mod leg;
mod night;
mod posture;
pub mod rest;
mod trace;

pub use config::{DetectorConfig, OffsetRule, SATURATION_FRACTION};
pub use leg::{Detection, LegDetector, QualityCounts, RejectReason, Rejected};
pub use night::{LegDetection, NightDetection, PlotEnvelope, detect_leg, detect_night};
pub use trace::TraceDetector;
