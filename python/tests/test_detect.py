"""detect() on NumPy arrays: the file pipeline's movements, every dtype and layout handled or
refused, and no copy of contiguous float64 input."""

from __future__ import annotations

import numpy as np
import plmkit
import pytest
from conftest import LEFT
from plmkit._arrays import as_f64


@pytest.fixture(scope="module")
def left_rows():
    d = np.loadtxt(LEFT, delimiter=",", skiprows=1)
    return d[:, 0].copy(), d[:, 1].copy(), d[:, 2].copy(), d[:, 3].copy()


@pytest.fixture(scope="module")
def left_report():
    return plmkit.score_file(LEFT)


def test_movements_equal_the_file_pipeline(left_rows, left_report):
    frame = plmkit.detect(*left_rows)
    want = left_report["movements"]
    assert len(frame) == len(want) > 5
    assert list(frame["onset_s"]) == [m["onset_s"] for m in want]
    assert list(frame["offset_s"]) == [m["offset_s"] for m in want]
    assert list(frame["peak_g"]) == [m["peak"] for m in want]
    assert list(frame["kind"]) == [m["kind"] for m in want]
    assert set(frame["leg"]) == {"left"}
    assert frame.attrs["data_quality"] == left_report["data_quality"]["legs"][0]


def test_dict_of_arrays_without_pandas(left_rows):
    d = plmkit.detect(*left_rows, as_frame=False, leg="right")
    assert isinstance(d["onset_s"], np.ndarray) and d["onset_s"].dtype == np.float64
    assert d["long"].dtype == np.bool_
    assert np.all(d["duration_s"] == d["offset_s"] - d["onset_s"])
    assert set(d["leg"]) == {"right"}
    assert "quality" in d["data_quality"]


def test_contiguous_float64_is_not_copied(left_rows):
    t = left_rows[0]
    assert as_f64("t", t) is t


@pytest.mark.parametrize("dtype", [np.float32, np.float16, np.int64, np.int32, np.uint16,
                                   ">f8"])
def test_real_dtypes_are_converted(dtype):
    a = np.arange(10).astype(dtype)
    out = as_f64("x", a)
    assert out.dtype == np.float64 and out.flags.c_contiguous
    assert np.array_equal(out, np.arange(10, dtype=np.float64))


def test_float32_and_strided_input_give_the_float64_answer(left_rows):
    t, x, y, z = left_rows
    want = plmkit.detect(t, x, y, z)
    # Every other row of a doubled array: a strided view of the same values.
    strided = [np.repeat(c, 2)[::2] for c in (t, x, y, z)]
    assert not strided[1].flags.c_contiguous
    got = plmkit.detect(*strided)
    assert got.equals(want)
    # Lists and Fortran-ordered columns of a 2-D array work too.
    both = np.asfortranarray(np.stack([t, x, y, z], axis=1))
    assert plmkit.detect(*(both[:, i] for i in range(4))).equals(want)
    as32 = plmkit.detect(t, x.astype(np.float32), y.astype(np.float32), z.astype(np.float32))
    assert len(as32) == len(want)  # rounded to float32: close, not bit-equal


@pytest.mark.parametrize("bad", [np.zeros(10, dtype=bool), np.zeros(10, dtype=complex),
                                 np.array(["a"] * 10), np.array([object()] * 10),
                                 np.zeros(10, dtype="datetime64[s]")])
def test_non_real_dtypes_are_type_errors(bad):
    good = np.arange(10, dtype=np.float64)
    with pytest.raises(TypeError, match="x must hold real numbers"):
        plmkit.detect(good, bad, good, good)


def test_not_1d_is_value_error():
    good = np.arange(10, dtype=np.float64)
    with pytest.raises(ValueError, match="y must be a 1-D array"):
        plmkit.detect(good, good, good.reshape(2, 5), good)


def test_length_mismatch_is_input_error():
    a = np.arange(10, dtype=np.float64)
    with pytest.raises(plmkit.InputError, match="column lengths differ"):
        plmkit.detect(a, a, a, a[:9])


def test_raw_extension_refuses_non_contiguous():
    a = np.arange(20, dtype=np.float64)
    with pytest.raises((TypeError, ValueError)):
        plmkit._plmkit.detect(a[::2], a[::2], a[::2], a[::2])
