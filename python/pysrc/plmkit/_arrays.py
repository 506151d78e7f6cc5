"""NumPy input for the Rust side: contiguous 1-D float64, without a copy when it already is."""

from __future__ import annotations

from typing import Any

import numpy as np


def as_f64(name: str, a: Any) -> np.ndarray:
    """``a`` as a C-contiguous 1-D float64 array.

    A contiguous native float64 array is returned as is (no copy). Other real dtypes (float16/32,
    signed and unsigned integers, big-endian floats) and strided views are converted. Raises
    ``TypeError`` for bool, complex, object, string or datetime data and ``ValueError`` for an
    array that is not 1-D.
    """
    arr = np.asarray(a)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array, got {arr.ndim} dimension(s) {arr.shape}")
    if arr.dtype.kind not in "fiu":
        raise TypeError(
            f"{name} must hold real numbers (float or integer), got dtype {arr.dtype}")
    return np.ascontiguousarray(arr, dtype=np.float64)
