//! Movement events: what the detector produces and the scorer consumes.
//!
//! These types sit apart from both so that `score` never depends on `detect`: events from an
//! EMG channel or a hand-scored list serve the scorer just as well.

use std::fmt;

/// Which ankle a movement was recorded on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "io", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "io", serde(rename_all = "lowercase"))]
pub enum Leg {
    /// Left ankle.
    Left,
    /// Right ankle.
    Right,
}

impl Leg {
    /// Both legs, e.g. to list the accepted names.
    pub const ALL: [Leg; 2] = [Leg::Left, Leg::Right];

    /// The other leg.
    pub fn other(self) -> Leg {
        match self {
            Leg::Left => Leg::Right,
            Leg::Right => Leg::Left,
        }
    }
}

impl Leg {
    /// The stable machine name (JSON, CSV, command line): `left` or `right`.
    pub fn name(self) -> &'static str {
        match self {
            Leg::Left => "left",
            Leg::Right => "right",
        }
    }
}

impl fmt::Display for Leg {
    /// As its [`name`](Leg::name).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Leg {
    type Err = crate::Error;
    /// `left` or `right`, in any case.
    fn from_str(s: &str) -> crate::Result<Self> {
        Leg::ALL
            .into_iter()
            .find(|leg| leg.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                crate::Error::InvalidConfig(format!("unknown leg {s:?} (expected left or right)"))
            })
    }
}

/// What kind of movement an event is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "io", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "io", serde(rename_all = "snake_case"))]
pub enum MovementKind {
    /// A leg movement (LM) in the sense of the scoring standards.
    #[default]
    Leg,
    /// A gross body movement (posture change): never a candidate LM, and it ends any PLM series.
    Gross,
}

/// One movement on one leg, in seconds from the start of the recording.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "io", derive(serde::Serialize, serde::Deserialize))]
pub struct LegMovement {
    /// The leg it was recorded on.
    pub leg: Leg,
    /// Onset time in seconds.
    pub onset_s: f64,
    /// Offset time in seconds (>= onset).
    pub offset_s: f64,
    /// Peak of the movement envelope (units of the source: g for accelerometry, µV for EMG), if known.
    pub peak: Option<f64>,
    /// Area of the movement envelope over its duration (source units × s), if known.
    pub area: Option<f64>,
    /// Leg movement or gross body movement.
    pub kind: MovementKind,
}

impl LegMovement {
    /// A leg movement with no peak or area.
    pub fn new(leg: Leg, onset_s: f64, offset_s: f64) -> Self {
        LegMovement {
            leg,
            onset_s,
            offset_s,
            peak: None,
            area: None,
            kind: MovementKind::Leg,
        }
    }

    /// Duration in seconds.
    pub fn duration_s(&self) -> f64 {
        self.offset_s - self.onset_s
    }

    /// The span it covers.
    pub fn interval(&self) -> Interval {
        Interval {
            onset_s: self.onset_s,
            offset_s: self.offset_s,
        }
    }
}

/// A time span in seconds, e.g. a respiratory event or an arousal.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "io", derive(serde::Serialize, serde::Deserialize))]
pub struct Interval {
    /// Start in seconds.
    pub onset_s: f64,
    /// End in seconds (>= onset).
    pub offset_s: f64,
}

impl Interval {
    /// Duration in seconds.
    pub fn duration_s(&self) -> f64 {
        self.offset_s - self.onset_s
    }

    /// The one check of a time span, wherever one enters the crate (movements, respiratory
    /// events, arousals, invalid stretches): both ends finite, offset >= onset (a zero-length
    /// span is allowed), and a finite duration (ends of -1e300 and f64::MAX are finite, their
    /// difference is not, and would make every hour count infinite). `what` names it in the
    /// error, e.g. `movement #3`.
    pub fn validate(&self, what: impl fmt::Display) -> crate::Result<()> {
        if self.onset_s.is_finite()
            && self.offset_s.is_finite()
            && self.offset_s >= self.onset_s
            && self.duration_s().is_finite()
        {
            Ok(())
        } else {
            Err(crate::Error::InvalidInput(format!(
                "{what}: [{}, {}] s must be finite with offset >= onset and a finite duration",
                self.onset_s, self.offset_s
            )))
        }
    }
}
