//! `detect`: one leg's movements from NumPy columns, without copying them.

use numpy::{PyArray1, PyReadonlyArray1};
use plmkit::TriaxialView;
use plmkit::detect::{DetectorConfig, LegDetection, TraceDetector};
use plmkit::timeline::TimelineConfig;
use plmkit::{MovementKind, Result};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use serde_json::json;

use crate::{convert, errors, options};

/// Rows handed to the detector per step (as the library's batch helpers).
const BLOCK_ROWS: usize = 4096;

/// A C-contiguous float64 array's data, or a ValueError naming the argument (the Python
/// wrapper converts other layouts first; this guards direct calls).
fn slice<'a>(name: &str, a: &'a PyReadonlyArray1<'_, f64>) -> PyResult<&'a [f64]> {
    a.as_slice().map_err(|_| {
        PyValueError::new_err(format!("{name} must be a contiguous 1-D float64 array"))
    })
}

/// Detects one leg's movements; see the Python docstring (`plmkit.detect`). Returns a dict:
/// `movements` (columns as NumPy arrays and a list of kinds) and the leg's data quality.
#[pyfunction]
#[pyo3(signature = (t, x, y, z, rate=None, *, leg="left", full_scale_g=None))]
#[allow(clippy::too_many_arguments)]
pub fn detect<'py>(
    py: Python<'py>,
    t: PyReadonlyArray1<'py, f64>,
    x: PyReadonlyArray1<'py, f64>,
    y: PyReadonlyArray1<'py, f64>,
    z: PyReadonlyArray1<'py, f64>,
    rate: Option<f64>,
    leg: &str,
    full_scale_g: Option<f64>,
) -> PyResult<Bound<'py, PyDict>> {
    let leg = options::leg(leg)?;
    let (ts, xs, ys, zs) = (
        slice("t", &t)?,
        slice("x", &x)?,
        slice("y", &y)?,
        slice("z", &z)?,
    );
    let rows = TriaxialView::new(ts, xs, ys, zs).map_err(errors::to_py)?;
    let detector = DetectorConfig {
        full_scale_g,
        ..DetectorConfig::default()
    };
    let timeline = TimelineConfig {
        rate_hz: rate,
        ..TimelineConfig::default()
    };
    let found = py
        .allow_threads(|| -> Result<LegDetection> {
            let mut d = TraceDetector::new(&detector, &timeline, leg, 0.0)?;
            let mut out = Vec::new();
            for block in rows.chunks(BLOCK_ROWS) {
                d.push(block, &mut out)?;
                // Everything ends up in the leg's record; the stream itself is not kept.
                out.clear();
            }
            d.finish(&mut out)?;
            d.into_detection()
        })
        .map_err(errors::to_py)?;
    movements_dict(py, &found)
}

/// The leg's movements as columns, and its data quality as the report's JSON shapes.
fn movements_dict<'py>(py: Python<'py>, d: &LegDetection) -> PyResult<Bound<'py, PyDict>> {
    let ms = &d.movements;
    let col = |f: &dyn Fn(&plmkit::LegMovement) -> f64| PyArray1::from_iter(py, ms.iter().map(f));
    let columns = PyDict::new(py);
    columns.set_item("onset_s", col(&|m| m.onset_s))?;
    columns.set_item("offset_s", col(&|m| m.offset_s))?;
    columns.set_item("duration_s", col(&|m| m.offset_s - m.onset_s))?;
    columns.set_item("peak_g", col(&|m| m.peak.unwrap_or(f64::NAN)))?;
    columns.set_item("area_g_s", col(&|m| m.area.unwrap_or(f64::NAN)))?;
    let kinds: Vec<&str> = ms
        .iter()
        .map(|m| match m.kind {
            MovementKind::Leg => "leg",
            MovementKind::Gross => "gross",
        })
        .collect();
    columns.set_item("kind", kinds)?;
    columns.set_item(
        "long",
        PyArray1::from_iter(py, ms.iter().map(|m| d.is_long(m))),
    )?;
    let out = PyDict::new(py);
    out.set_item("movements", columns)?;
    let quality = json!({
        "leg": d.leg,
        "start_s": d.start_s,
        "end_s": d.end_s,
        "valid_hours": d.valid_s / 3600.0,
        "quality": d.quality,
        "timeline": d.timeline,
        "invalid": d.invalid,
        "saturated": d.saturated,
        "rejected": d.rejected,
        "final_noise_floor_g": d.final_noise_floor_g,
    });
    out.set_item("data_quality", convert::to_py(py, &quality)?)?;
    Ok(out)
}
