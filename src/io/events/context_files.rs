//! A scoring context from files and numbers given by a user (the command line's
//! `--hypnogram`, `--respiratory`, … or the Python bindings' keyword arguments), over a base
//! context such as an annotation file's.

use std::path::PathBuf;

use super::{read_hypnogram, read_intervals};
use crate::event::Interval;
use crate::score::{Hypnogram, ScoringContext};
use crate::{Error, Result};

/// What a user gave to score with, each kind replacing the base context's.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ContextFiles {
    /// Hypnogram file: one stage per 30-s epoch (W, N1, N2, N3, R, S or 0-5).
    pub hypnogram: Option<PathBuf>,
    /// When the hypnogram's first epoch starts, in seconds on the movements' clock.
    pub hypnogram_start_s: f64,
    /// Respiratory events CSV (`onset_s,offset_s`).
    pub respiratory: Option<PathBuf>,
    /// Arousals CSV (`onset_s,offset_s`).
    pub arousals: Option<PathBuf>,
    /// Recording span (lights off to lights on) in hours; given alone it also replaces the
    /// base's lights window.
    pub recording_hours: Option<f64>,
    /// Lights off, s (with `lights_on_s`).
    pub lights_off_s: Option<f64>,
    /// Lights on, s (with `lights_off_s`).
    pub lights_on_s: Option<f64>,
}

impl ContextFiles {
    /// Reads the files and returns `base` with every kind given here replaced. Errors name
    /// the file and line of a bad file, a non-positive recording length, or lights given
    /// without their pair.
    pub fn apply(&self, base: ScoringContext) -> Result<ScoringContext> {
        let mut context = base;
        if let Some(p) = &self.hypnogram {
            let h = read_hypnogram(p)?;
            context.hypnogram = Some(Hypnogram::with_timing(
                h.stages().to_vec(),
                h.epoch_s(),
                self.hypnogram_start_s,
            )?);
        }
        if let Some(p) = &self.respiratory {
            context.respiratory = read_intervals(p)?;
        }
        if let Some(p) = &self.arousals {
            context.arousals = read_intervals(p)?;
        }
        if let Some(h) = self.recording_hours {
            if !(h.is_finite() && h > 0.0) {
                return Err(Error::InvalidConfig(format!(
                    "recording hours {h} must be a positive number"
                )));
            }
            context.recording_s = Some(h * 3600.0);
        }
        match (self.lights_off_s, self.lights_on_s) {
            (Some(onset_s), Some(offset_s)) => {
                context.lights = Some(Interval { onset_s, offset_s });
            }
            (None, None) if self.recording_hours.is_some() => context.lights = None,
            (None, None) => {}
            _ => {
                return Err(Error::InvalidConfig(
                    "lights off and lights on must be given together".into(),
                ));
            }
        }
        Ok(context)
    }
}
