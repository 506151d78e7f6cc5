//! Python bindings of plmkit: the extension module `plmkit._plmkit`, wrapped by the Python
//! package in `pysrc/plmkit` (which converts NumPy input, builds DataFrames and holds the
//! docstrings users read). Every function here is a thin shell over the library: the reports
//! are the library's JSON (`FileReport::to_json`, `PsgNight::to_json`), so Python gets exactly
//! what `plm_score --json` writes. The GIL is released while files are read and traces
//! detected.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod convert;
mod detect;
mod errors;
mod options;
mod score;
mod stream;

use pyo3::prelude::*;

/// The extension module.
#[pymodule]
fn _plmkit(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(score::score_file, m)?)?;
    m.add_function(wrap_pyfunction!(score::score_psg, m)?)?;
    m.add_function(wrap_pyfunction!(detect::detect, m)?)?;
    m.add_class::<stream::Pipeline>()?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
