//! What the detector emits: movements, rejected candidates and quality stretches, and counts.

use crate::event::{Interval, LegMovement};

/// Why a candidate movement is not reported as a leg movement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "io", derive(serde::Serialize))]
#[cfg_attr(feature = "io", serde(rename_all = "snake_case"))]
pub enum RejectReason {
    /// Shorter than `min_duration_s`.
    TooShort,
    /// Cut by missing data (a gap, idle zero rows or non-finite values).
    Gap,
    /// Contains saturated samples.
    Saturated,
    /// Starts within `blank_after_gross_s` of a posture change's offset.
    AfterPosture,
    /// Still in progress when the data ended.
    EndOfData,
    /// An impulse (knock, spike, or a one-sample jump such as an axis-convention switch): the
    /// candidate's sample-to-sample change is concentrated in fewer than
    /// [`DetectorConfig::impulse_s`](crate::detect::DetectorConfig::impulse_s) worth of samples, where a leg movement's is spread over
    /// its whole duration.
    Impulse,
}

/// A candidate that was not kept, with the reason.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "io", derive(serde::Serialize))]
pub struct Rejected {
    /// The candidate's times, peak and area (kind `Leg`).
    pub movement: LegMovement,
    /// Why it was rejected.
    pub reason: RejectReason,
}

/// What the detector emits, in onset order, as soon as each is decided.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Detection {
    /// A leg movement (kind `Leg`, possibly long) or a posture change (kind `Gross`).
    Movement(LegMovement),
    /// A rejected candidate.
    Rejected(Rejected),
    /// A stretch of missing samples, emitted when it ends.
    Invalid(Interval),
    /// A stretch of saturated samples, emitted when it ends.
    Saturated(Interval),
}

/// Data-quality counts of one leg's stream.
#[derive(Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "io", derive(serde::Serialize))]
pub struct QualityCounts {
    /// Samples processed (valid or not).
    pub samples: u64,
    /// Missing samples (NaN on the grid: gaps, idle zero rows, non-finite values).
    pub invalid_samples: u64,
    /// Contiguous stretches of missing samples.
    pub invalid_stretches: u64,
    /// Saturated samples (|axis| >= 0.98 × full scale).
    pub saturated_samples: u64,
    /// Contiguous stretches of saturated samples.
    pub saturated_stretches: u64,
    /// Candidates rejected as impulses (knocks, spikes, one-sample jumps).
    pub impulses: u64,
}
