//! Whole nights from files: `score_file` (ankle traces, `plm_score --left/--right`) and
//! `score_psg` (a polysomnogram, `plm_score --psg`), returning the CLI's JSON report as a dict.

use std::fs::File;
use std::io::BufReader;
use std::path::PathBuf;

use plmkit::detect::DetectorConfig;
use plmkit::io::trace::{EpochUnit, ReadConfig, TraceInfo, TraceReader};
use plmkit::pipeline::{
    ClockDriftPolicy, NightsConfig, PipelineConfig, PsgOptions, TraceFile, clock_origin_unix_s,
    lights_s, read_diary, score_files, score_psg_file,
};
use plmkit::{Error, Leg, Result};
use pyo3::prelude::*;

use crate::{convert, errors, options};

/// Opens a trace as `plm_score` does (a 1-MiB buffer; the reader parses on its own thread).
fn open_trace(path: &PathBuf, opts: &ReadConfig) -> Result<TraceReader> {
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    TraceReader::open_through(opts, path, BufReader::with_capacity(1 << 20, file))
}

/// Scores one or two ankle traces; see the Python docstring (`plmkit.score_file`).
#[pyfunction]
#[pyo3(signature = (path, *, right=None, leg="left", standard="wasm2016", hypnogram=None,
    hypnogram_start=0.0, respiratory=None, arousals=None, recording_hours=None, lights_off=None,
    lights_on=None, format=None, units=None, scale=None, rate=None, full_scale_g=None,
    block_rows=None, time_unit=None, diary=None, drift_correction=true))]
#[allow(clippy::too_many_arguments)]
pub fn score_file(
    py: Python<'_>,
    path: PathBuf,
    right: Option<PathBuf>,
    leg: &str,
    standard: &str,
    hypnogram: Option<PathBuf>,
    hypnogram_start: f64,
    respiratory: Option<PathBuf>,
    arousals: Option<PathBuf>,
    recording_hours: Option<f64>,
    lights_off: Option<options::TimeArg>,
    lights_on: Option<options::TimeArg>,
    format: Option<&str>,
    units: Option<&str>,
    scale: Option<f64>,
    rate: Option<f64>,
    full_scale_g: Option<f64>,
    block_rows: Option<usize>,
    time_unit: Option<&str>,
    diary: Option<PathBuf>,
    drift_correction: bool,
) -> PyResult<PyObject> {
    let first_leg = options::leg(leg)?;
    if right.is_some() && first_leg != Leg::Left {
        return Err(errors::config(
            "with right=..., path is the left ankle's trace: leave leg as \"left\"",
        ));
    }
    let criteria = options::criteria(standard)?;
    let mut opts = options::read_config(format, units, scale, rate, block_rows)?;
    opts.epoch_unit = time_unit
        .map(str::parse::<EpochUnit>)
        .transpose()
        .map_err(errors::to_py)?;
    let mut files = options::context_files(
        hypnogram,
        hypnogram_start,
        respiratory,
        arousals,
        recording_hours,
        (None, None),
    );
    let lights = (
        lights_off.map(options::TimeArg::into_text),
        lights_on.map(options::TimeArg::into_text),
    );
    let json = py
        .allow_threads(move || -> Result<serde_json::Value> {
            let mut paths = vec![(first_leg, path)];
            if let Some(r) = right {
                paths.push((Leg::Right, r));
            }
            // Open every file first: a bad header fails before any long read.
            let readers = paths
                .iter()
                .map(|(leg, p)| open_trace(p, &opts).map(|reader| TraceFile { leg: *leg, reader }))
                .collect::<Result<Vec<_>>>()?;
            // The shared clock's zero as a clock time, for clock-time lights and the diary.
            let infos: Vec<&TraceInfo> = readers.iter().map(|f| f.reader.info()).collect();
            let origin_unix_s = clock_origin_unix_s(&infos);
            (files.lights_off_s, files.lights_on_s) = lights_s(
                lights.0.as_deref(),
                lights.1.as_deref(),
                origin_unix_s,
                ("lights_off", "lights_on"),
            )?;
            let diary = match &diary {
                Some(path) => read_diary(path, origin_unix_s)?,
                None => Vec::new(),
            };
            let config = PipelineConfig {
                detector: DetectorConfig {
                    full_scale_g,
                    ..DetectorConfig::default()
                },
                criteria,
                context: files.apply(Default::default())?,
                nights: NightsConfig {
                    diary,
                    ..NightsConfig::default()
                },
                clock_drift: if drift_correction {
                    ClockDriftPolicy::Correct
                } else {
                    ClockDriftPolicy::EstimateOnly
                },
                ..PipelineConfig::default()
            };
            Ok(score_files(&config, readers, |_| Ok(()))?.to_json())
        })
        .map_err(errors::to_py)?;
    convert::to_py(py, &json)
}

/// Scores a polysomnogram's leg EMG; see the Python docstring (`plmkit.score_psg`).
#[pyfunction]
#[pyo3(signature = (edf_path, *, annotations=None, left_channel=None, right_channel=None,
    standard="wasm2016", hypnogram=None, hypnogram_start=0.0, respiratory=None, arousals=None,
    recording_hours=None, lights_off=None, lights_on=None))]
#[allow(clippy::too_many_arguments)]
pub fn score_psg(
    py: Python<'_>,
    edf_path: PathBuf,
    annotations: Option<PathBuf>,
    left_channel: Option<String>,
    right_channel: Option<String>,
    standard: &str,
    hypnogram: Option<PathBuf>,
    hypnogram_start: f64,
    respiratory: Option<PathBuf>,
    arousals: Option<PathBuf>,
    recording_hours: Option<f64>,
    lights_off: Option<f64>,
    lights_on: Option<f64>,
) -> PyResult<PyObject> {
    let opts = PsgOptions {
        criteria: options::criteria(standard)?,
        left_channel,
        right_channel,
        annotations,
    };
    let files = options::context_files(
        hypnogram,
        hypnogram_start,
        respiratory,
        arousals,
        recording_hours,
        (lights_off, lights_on),
    );
    let json = py
        .allow_threads(move || {
            score_psg_file(&edf_path, &opts, |base| files.apply(base)).map(|n| n.to_json())
        })
        .map_err(errors::to_py)?;
    convert::to_py(py, &json)
}
