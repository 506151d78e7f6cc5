//! Stress conditions layered on a simulated night: what real ankles, straps and radios do.
//!
//! Every condition is off by default, and a night without stress draws exactly the same random
//! numbers as before (stress choices come from their own generators), so the plain profiles
//! are unchanged. Each condition keeps ground truth: artefacts (knocks, axis switches, strap
//! ringing, lost rows) add no leg movement; short, weak and double movements are true LMs.

/// Stress conditions of a simulated night (all off by default). See the module docs.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Stress {
    /// Draw every leg movement's duration log-uniformly from this range (s) instead of the
    /// profile's distribution, e.g. `(0.5, 0.8)` for short movements.
    pub lm_duration_s: Option<(f64, f64)>,
    /// Draw every leg movement's peak amplitude log-uniformly from this range (g) instead of the
    /// profile's, e.g. `(0.01, 0.013)` for weak movements.
    pub lm_amp_g: Option<(f64, f64)>,
    /// Draw every leg movement's peak tilt of the gravity direction uniformly from this range
    /// (degrees) instead of the default 2–10°. A tilt of θ moves gravity by about θ·17.5 mg
    /// (2°: 35 mg), more than a weak movement's oscillation, so a weak condition sets it to
    /// e.g. `(0.2, 0.5)` (3.5–8.7 mg) and the movement is seen by its oscillation.
    pub lm_tilt_deg: Option<(f64, f64)>,
    /// White sensor noise (sd per axis, g) instead of the configured [`super::NoiseLevel`].
    pub noise_sd_g: Option<f64>,
    /// Double bursts: a share of the leg movements is followed on the same leg by a second
    /// burst after a short quiet gap. Both bursts are true LMs.
    pub doubles: Option<Doubles>,
    /// Knocks and spikes (artefacts, no LM).
    pub knocks: Option<Knocks>,
    /// Lost rows (radio packet loss; no rows are written for them).
    pub row_loss: Option<RowLoss>,
    /// Loose-strap ringing after every leg movement (no LM).
    pub ringing: Option<Ringing>,
    /// Axis-convention switches per hour per leg: from one sample on, the sensor reports its
    /// axes permuted and sign-flipped (a one-sample jump of the gravity direction, no motion).
    /// Each is placed midway between two consecutive same-leg movements 10–90 s apart, so a
    /// detector that takes it for a posture change splits a PLM series.
    pub axis_switches_per_hour: f64,
    /// How much faster the right ankle's clock runs than the left's (ppm; 0 = one clock): its
    /// sample grid and time column are the right device's own, the truth stays on the left
    /// clock (see `simulate/clock.rs`).
    pub clock_drift_ppm: f64,
}

/// Double bursts (see [`Stress::doubles`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Doubles {
    /// Share of the movements that get a second burst (0..=1).
    pub share: f64,
    /// Quiet gap (s, truth offset to truth onset), drawn uniformly from this range.
    pub gap_s: (f64, f64),
}

/// Knocks: impacts on the bed or sensor, a few samples of large acceleration and nothing else.
#[derive(Debug, Clone, PartialEq)]
pub struct Knocks {
    /// Knocks per hour per leg. Each is placed midway between two consecutive same-leg
    /// movements at least 6 s apart (so a knock taken for an LM changes the PLM count).
    pub per_hour: f64,
    /// Length in samples, drawn uniformly from this inclusive range (1 = a single-sample spike).
    pub samples: (usize, usize),
    /// Peak amplitude (g), drawn log-uniformly.
    pub amp_g: (f64, f64),
}

/// Lost rows: packets of `packet_rows` consecutive rows are dropped independently.
#[derive(Debug, Clone, PartialEq)]
pub struct RowLoss {
    /// Fraction of packets lost (0..1).
    pub fraction: f64,
    /// Rows per packet (1 = independent row drops; Bluetooth LE notifications carry ~6).
    pub packet_rows: usize,
}

/// Loose-strap ringing: a decaying sinusoid that starts where each leg movement's motion ends.
#[derive(Debug, Clone, PartialEq)]
pub struct Ringing {
    /// Frequency range (Hz), drawn uniformly per movement.
    pub freq_hz: (f64, f64),
    /// Initial amplitude as a fraction of the movement's peak, drawn uniformly.
    pub amp_fraction: (f64, f64),
    /// Decay time constant (s), drawn uniformly.
    pub decay_s: (f64, f64),
}

/// One planned knock on one leg.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Knock {
    /// Time of the first sample (s).
    pub start: f64,
    /// Length (samples).
    pub samples: usize,
    /// Peak amplitude (g).
    pub amp: f64,
    /// Direction (unit).
    pub dir: [f64; 3],
}

/// One planned ring-down on one leg.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Ring {
    /// Start (s): the movement's truth offset.
    pub start: f64,
    /// Frequency (Hz).
    pub freq: f64,
    /// Initial amplitude (g).
    pub amp: f64,
    /// Decay time constant (s).
    pub tau: f64,
    /// Direction (unit).
    pub dir: [f64; 3],
}

/// Applies an axis switch: `(x, y, z)` → `(y, -x, -z)`, a 180° turn of the gravity direction
/// about no physical motion (a permutation plus sign flips, as firmware conventions differ).
pub(crate) fn switch_axes(v: [f64; 3]) -> [f64; 3] {
    [v[1], -v[0], -v[2]]
}
