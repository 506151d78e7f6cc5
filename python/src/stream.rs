//! `Pipeline`: the library's streaming night for live data, block by block from Python.

use numpy::PyReadonlyArray1;
use plmkit::TriaxialView;
use plmkit::detect::DetectorConfig;
use plmkit::pipeline::{self, PipelineConfig, PipelineEvent};
use plmkit::timeline::TimelineConfig;
use plmkit::{Error, Leg};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyList;

use crate::{convert, errors, options};

/// The streaming pipeline; see the Python docstring (`plmkit.Pipeline`).
#[pyclass(module = "plmkit._plmkit")]
pub struct Pipeline {
    /// None once finished.
    inner: Option<pipeline::Pipeline>,
    events: Vec<PipelineEvent>,
}

fn slice<'a>(name: &str, a: &'a PyReadonlyArray1<'_, f64>) -> PyResult<&'a [f64]> {
    a.as_slice().map_err(|_| {
        PyValueError::new_err(format!("{name} must be a contiguous 1-D float64 array"))
    })
}

impl Pipeline {
    fn inner(&mut self) -> PyResult<&mut pipeline::Pipeline> {
        self.inner
            .as_mut()
            .ok_or_else(|| errors::to_py(Error::InvalidInput("the pipeline is finished".into())))
    }

    /// The events gathered so far, as dicts, and the buffer emptied.
    fn drain<'py>(&mut self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(py);
        for e in self.events.drain(..) {
            list.append(convert::to_py(py, &e.to_json())?)?;
        }
        Ok(list)
    }
}

#[pymethods]
impl Pipeline {
    /// A pipeline for `legs` (names), each with its clock offset (s).
    #[new]
    #[pyo3(signature = (legs=vec!["left".to_string(), "right".to_string()], *, offsets=None,
        standard="wasm2016", rate=None, full_scale_g=None, hypnogram=None, hypnogram_start=0.0,
        respiratory=None, arousals=None, recording_hours=None, lights_off=None, lights_on=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        legs: Vec<String>,
        offsets: Option<Vec<f64>>,
        standard: &str,
        rate: Option<f64>,
        full_scale_g: Option<f64>,
        hypnogram: Option<std::path::PathBuf>,
        hypnogram_start: f64,
        respiratory: Option<std::path::PathBuf>,
        arousals: Option<std::path::PathBuf>,
        recording_hours: Option<f64>,
        lights_off: Option<f64>,
        lights_on: Option<f64>,
    ) -> PyResult<Self> {
        let offsets = offsets.unwrap_or_else(|| vec![0.0; legs.len()]);
        if offsets.len() != legs.len() {
            return Err(errors::config(format!(
                "{} offsets for {} legs",
                offsets.len(),
                legs.len()
            )));
        }
        let clocks = legs
            .iter()
            .zip(offsets)
            .map(|(l, o)| options::leg(l).map(|leg| (leg, o)))
            .collect::<PyResult<Vec<(Leg, f64)>>>()?;
        let files = options::context_files(
            hypnogram,
            hypnogram_start,
            respiratory,
            arousals,
            recording_hours,
            (lights_off, lights_on),
        );
        let config = PipelineConfig {
            detector: DetectorConfig {
                full_scale_g,
                ..DetectorConfig::default()
            },
            timeline: TimelineConfig {
                rate_hz: rate,
                ..TimelineConfig::default()
            },
            criteria: options::criteria(standard)?,
            context: files.apply(Default::default()).map_err(errors::to_py)?,
            ..PipelineConfig::default()
        };
        let inner = pipeline::Pipeline::new(&config, &clocks).map_err(errors::to_py)?;
        Ok(Pipeline {
            inner: Some(inner),
            events: Vec::new(),
        })
    }

    /// Pushes rows of one leg; returns the events now final.
    #[pyo3(signature = (t, x, y, z, leg="left"))]
    fn push<'py>(
        &mut self,
        py: Python<'py>,
        t: PyReadonlyArray1<'py, f64>,
        x: PyReadonlyArray1<'py, f64>,
        y: PyReadonlyArray1<'py, f64>,
        z: PyReadonlyArray1<'py, f64>,
        leg: &str,
    ) -> PyResult<Bound<'py, PyList>> {
        let leg = options::leg(leg)?;
        let (ts, xs, ys, zs) = (
            slice("t", &t)?,
            slice("x", &x)?,
            slice("y", &y)?,
            slice("z", &z)?,
        );
        let rows = TriaxialView::new(ts, xs, ys, zs).map_err(errors::to_py)?;
        let mut events = std::mem::take(&mut self.events);
        let inner = self.inner()?;
        let done = py.allow_threads(|| inner.push(leg, rows, &mut events));
        self.events = events;
        done.map_err(errors::to_py)?;
        self.drain(py)
    }

    /// Declares that `leg` has no rows before `t_s` (a live device has gone silent).
    fn advance_leg_to<'py>(
        &mut self,
        py: Python<'py>,
        leg: &str,
        t_s: f64,
    ) -> PyResult<Bound<'py, PyList>> {
        let leg = options::leg(leg)?;
        let mut events = std::mem::take(&mut self.events);
        let done = self.inner()?.advance_leg_to(leg, t_s, &mut events);
        self.events = events;
        done.map_err(errors::to_py)?;
        self.drain(py)
    }

    /// Ends one leg's stream; returns the events now final.
    fn finish_leg<'py>(&mut self, py: Python<'py>, leg: &str) -> PyResult<Bound<'py, PyList>> {
        let leg = options::leg(leg)?;
        let mut events = std::mem::take(&mut self.events);
        let done = self.inner()?.finish_leg(leg, &mut events);
        self.events = events;
        done.map_err(errors::to_py)?;
        self.drain(py)
    }

    /// Ends every stream; returns `(report, events)`.
    fn finish<'py>(&mut self, py: Python<'py>) -> PyResult<(PyObject, Bound<'py, PyList>)> {
        let inner = self
            .inner
            .take()
            .ok_or_else(|| errors::to_py(Error::InvalidInput("the pipeline is finished".into())))?;
        let mut events = std::mem::take(&mut self.events);
        let night = py.allow_threads(|| inner.finish(&mut events));
        self.events = events;
        let night = night.map_err(errors::to_py)?;
        let report = convert::to_py(py, &night.to_json())?;
        Ok((report, self.drain(py)?))
    }

    /// No event emitted from now on concerns a time before this (s, shared clock).
    fn watermark_s(&mut self) -> PyResult<f64> {
        Ok(self.inner()?.watermark_s())
    }
}
