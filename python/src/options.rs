//! Keyword arguments shared by the functions: the standard, the scoring context files, the
//! leg names; parsed with the library's own names so Python and the CLI accept the same words.

use std::path::PathBuf;

use plmkit::io::events::ContextFiles;
use plmkit::io::trace::{ReadConfig, TraceFormat, Units};
use plmkit::score::{Criteria, Standard};
use plmkit::{Error, Leg};
use pyo3::prelude::*;

use crate::errors;

/// The scoring context keyword arguments, as `plm_score`'s `--hypnogram`, `--hypnogram-start`,
/// `--respiratory`, `--arousals`, `--recording-hours`, `--lights-off`, `--lights-on`.
pub fn context_files(
    hypnogram: Option<PathBuf>,
    hypnogram_start: f64,
    respiratory: Option<PathBuf>,
    arousals: Option<PathBuf>,
    recording_hours: Option<f64>,
    lights: (Option<f64>, Option<f64>),
) -> ContextFiles {
    ContextFiles {
        hypnogram,
        hypnogram_start_s: hypnogram_start,
        respiratory,
        arousals,
        recording_hours,
        lights_off_s: lights.0,
        lights_on_s: lights.1,
    }
}

/// A time keyword argument: seconds on the recording's clock, or a clock time (`"23:10"`, an
/// ISO 8601 date-time) as the CLI's `--lights-off` takes it.
#[derive(FromPyObject)]
pub enum TimeArg {
    /// Seconds (an int or a float).
    Seconds(f64),
    /// A clock time.
    Text(String),
}

impl TimeArg {
    /// The text the library's time options read (`f64`'s `Display` round-trips exactly).
    pub fn into_text(self) -> String {
        match self {
            TimeArg::Seconds(s) => s.to_string(),
            TimeArg::Text(t) => t,
        }
    }
}

/// The criteria of a standard named as the CLI names it (`wasm2016`, `aasm2012`).
pub fn criteria(standard: &str) -> PyResult<Criteria> {
    let s: Standard = standard.parse().map_err(errors::to_py)?;
    Ok(Criteria::for_standard(s))
}

/// A leg named `left` or `right`.
pub fn leg(name: &str) -> PyResult<Leg> {
    name.parse::<Leg>().map_err(errors::to_py)
}

/// Reader options from the keyword arguments, as `plm_score`'s `--format`, `--units`,
/// `--scale`, `--rate`, `--block-rows`.
pub fn read_config(
    format: Option<&str>,
    units: Option<&str>,
    scale: Option<f64>,
    rate: Option<f64>,
    block_rows: Option<usize>,
) -> PyResult<ReadConfig> {
    let format = format
        .map(|f| f.parse::<TraceFormat>())
        .transpose()
        .map_err(errors::to_py)?;
    let units = match (units, scale) {
        (None, _) => None,
        (Some("g"), _) => Some(Units::G),
        (Some("m/s2"), _) => Some(Units::MetersPerSecond2),
        (Some("counts"), Some(scale)) => Some(Units::Counts { scale }),
        (Some("counts"), None) => {
            return Err(errors::config("units=\"counts\" needs scale=COUNTS_PER_G"));
        }
        (Some(other), _) => {
            return Err(errors::to_py(Error::InvalidConfig(format!(
                "units {other:?}: expected \"g\", \"m/s2\" or \"counts\""
            ))));
        }
    };
    let mut opts = ReadConfig {
        format,
        units,
        scale_counts_per_g: scale,
        sample_rate_hz: rate,
        ..ReadConfig::default()
    };
    if let Some(n) = block_rows {
        if n == 0 {
            return Err(errors::config("block_rows must be at least 1"));
        }
        opts.block_rows = n;
    }
    Ok(opts)
}
