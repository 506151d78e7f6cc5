//! Sleep stages and the hypnogram (one stage per epoch).

use super::quality::InvalidTime;
use crate::{Error, Result};

/// A sleep stage, or `Unknown` where no stage is available.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "io", derive(serde::Serialize))]
pub enum Stage {
    /// Wake.
    #[cfg_attr(feature = "io", serde(rename = "W"))]
    Wake,
    /// NREM 1.
    #[cfg_attr(feature = "io", serde(rename = "N1"))]
    N1,
    /// NREM 2.
    #[cfg_attr(feature = "io", serde(rename = "N2"))]
    N2,
    /// NREM 3 (R&K stages 3 and 4).
    #[cfg_attr(feature = "io", serde(rename = "N3"))]
    N3,
    /// REM.
    #[cfg_attr(feature = "io", serde(rename = "R"))]
    Rem,
    /// Sleep of unspecified stage.
    #[cfg_attr(feature = "io", serde(rename = "S"))]
    Sleep,
    /// No stage: no hypnogram was given ("sleep unknown"), or the movement lies outside it.
    #[cfg_attr(feature = "io", serde(rename = "unknown"))]
    Unknown,
}

impl Stage {
    /// True for N1, N2, N3, REM and unspecified sleep.
    pub fn is_sleep(self) -> bool {
        matches!(
            self,
            Stage::N1 | Stage::N2 | Stage::N3 | Stage::Rem | Stage::Sleep
        )
    }

    /// Every stage.
    pub const ALL: [Stage; 7] = [
        Stage::Wake,
        Stage::N1,
        Stage::N2,
        Stage::N3,
        Stage::Rem,
        Stage::Sleep,
        Stage::Unknown,
    ];

    /// The stable machine name (JSON, CSV): W, N1, N2, N3, R, S or unknown.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Wake => "W",
            Stage::N1 => "N1",
            Stage::N2 => "N2",
            Stage::N3 => "N3",
            Stage::Rem => "R",
            Stage::Sleep => "S",
            Stage::Unknown => "unknown",
        }
    }
}

impl std::fmt::Display for Stage {
    /// As its [`name`](Stage::name).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Stage {
    type Err = Error;
    /// One of the [`name`](Stage::name)s, in any case. (Hypnogram files have a wider vocabulary,
    /// stage numbers and R&K N4; their reader, `io::events::parse_hypnogram`, maps it.)
    fn from_str(s: &str) -> Result<Self> {
        Stage::ALL
            .into_iter()
            .find(|stage| stage.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                Error::InvalidConfig(format!(
                    "unknown stage {s:?} (expected W, N1, N2, N3, R, S or unknown)"
                ))
            })
    }
}

/// Stages per fixed-length epoch. Epoch `i` covers `[start_s + i·epoch_s, start_s + (i+1)·epoch_s)`.
/// By default epochs are 30 s and epoch 0 starts at time 0 (the start of the event time base);
/// set `start_s` when the hypnogram starts later than the movement time base.
#[derive(Debug, Clone, PartialEq)]
pub struct Hypnogram {
    stages: Vec<Stage>,
    epoch_s: f64,
    start_s: f64,
}

impl Hypnogram {
    /// 30-s epochs from time 0.
    pub fn new(stages: Vec<Stage>) -> Self {
        Hypnogram {
            stages,
            epoch_s: 30.0,
            start_s: 0.0,
        }
    }

    /// Custom epoch length and start time; both must be finite and the epoch > 0.
    pub fn with_timing(stages: Vec<Stage>, epoch_s: f64, start_s: f64) -> Result<Self> {
        if !(epoch_s.is_finite() && epoch_s > 0.0 && start_s.is_finite()) {
            return Err(Error::InvalidConfig(format!(
                "hypnogram epoch {epoch_s} s / start {start_s} s: epoch must be > 0 and both finite"
            )));
        }
        Ok(Hypnogram {
            stages,
            epoch_s,
            start_s,
        })
    }

    /// The stages, one per epoch.
    pub fn stages(&self) -> &[Stage] {
        &self.stages
    }

    /// Epoch length in seconds.
    pub fn epoch_s(&self) -> f64 {
        self.epoch_s
    }

    /// Start of epoch 0 in seconds.
    pub fn start_s(&self) -> f64 {
        self.start_s
    }

    /// Stage of the epoch holding time `t`; `Unknown` outside the hypnogram.
    pub fn stage_at(&self, t: f64) -> Stage {
        let rel = (t - self.start_s) / self.epoch_s;
        if rel.is_nan() || rel < 0.0 {
            return Stage::Unknown;
        }
        self.stages
            .get(rel.floor() as usize)
            .copied()
            .unwrap_or(Stage::Unknown)
    }

    /// Time in seconds the hypnogram covers (epochs × epoch length).
    pub fn duration_s(&self) -> f64 {
        self.stages.len() as f64 * self.epoch_s
    }

    /// Seconds scored as sleep.
    pub fn sleep_s(&self) -> f64 {
        self.stages.iter().filter(|s| s.is_sleep()).count() as f64 * self.epoch_s
    }

    /// Seconds scored as wake.
    pub fn wake_s(&self) -> f64 {
        self.stages.iter().filter(|s| **s == Stage::Wake).count() as f64 * self.epoch_s
    }

    /// Seconds of the epochs whose stage satisfies `keep`, counting only the part of each epoch
    /// inside `window` (lights off to lights on; `None`: the whole epoch) and not covered by
    /// `invalid`. Epochs wholly inside the window count as `n × epoch_s`, so without a window
    /// and invalid time this equals [`sleep_s`](Self::sleep_s) / [`wake_s`](Self::wake_s) exactly.
    pub(crate) fn valid_time_s(
        &self,
        keep: impl Fn(Stage) -> bool,
        window: Option<(f64, f64)>,
        invalid: &InvalidTime,
    ) -> f64 {
        let (w0, w1) = window.unwrap_or((f64::NEG_INFINITY, f64::INFINITY));
        let mut whole = 0usize;
        let mut partial = 0.0;
        let mut lost = 0.0;
        for (i, &st) in self.stages.iter().enumerate() {
            if !keep(st) {
                continue;
            }
            let e0 = self.start_s + i as f64 * self.epoch_s;
            let e1 = e0 + self.epoch_s;
            let (lo, hi) = (e0.max(w0), e1.min(w1));
            if hi <= lo {
                continue;
            }
            if lo == e0 && hi == e1 {
                whole += 1;
            } else {
                partial += hi - lo;
            }
            lost += invalid.overlap_s(lo, hi);
        }
        (whole as f64 * self.epoch_s + partial - lost).max(0.0)
    }
}
