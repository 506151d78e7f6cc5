//! plmkit errors as Python exceptions: the classes live in `plmkit._errors` (Python), so
//! users can import and catch them; each carries the file and line the library named.

use plmkit::Error;
use pyo3::prelude::*;

/// The Python exception for a library error: `ParseError` (a malformed line; `.file`,
/// `.line`), `FileError` (the OS could not read a file; also an `OSError`), `ConfigError`
/// (a setting out of range), `InputError` (data that cannot be processed). All are
/// `plmkit.PlmkitError`; all but `FileError` are `ValueError`s.
pub fn to_py(e: Error) -> PyErr {
    Python::with_gil(|py| match build(py, &e) {
        Ok(err) => err,
        // The error module failed to import: still an exception, with the message.
        Err(import) => import,
    })
}

fn build(py: Python<'_>, e: &Error) -> PyResult<PyErr> {
    let module = py.import("plmkit._errors")?;
    let message = e.to_string();
    let none = || None::<String>;
    let (class, file, line, errno) = match e {
        Error::Parse { file, line, .. } => (
            "ParseError",
            Some(file.clone()),
            (*line > 0).then_some(*line),
            None,
        ),
        Error::Io { file, source } => {
            ("FileError", Some(file.clone()), None, source.raw_os_error())
        }
        Error::InvalidConfig(_) | Error::InvalidFilter(_) => ("ConfigError", none(), None, None),
        Error::InvalidInput(_) => ("InputError", none(), None, None),
        // The library's error enum may grow: anything new is still a PlmkitError.
        #[allow(unreachable_patterns)]
        _ => ("PlmkitError", none(), None, None),
    };
    let instance = module.getattr(class)?.call1((message, file, line, errno))?;
    Ok(PyErr::from_value(instance))
}

/// A configuration error raised from the bindings' own checks (bad option names).
pub fn config(what: impl Into<String>) -> PyErr {
    to_py(Error::InvalidConfig(what.into()))
}
