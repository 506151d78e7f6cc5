"""plmkit: periodic limb movements in sleep from ankle accelerometer traces and leg EMG.

Python bindings of the Rust crate ``plmkit``: the same detector, scorer and readers, so a
report here is exactly the one ``plm_score --json`` writes.

- :func:`score_file` scores one or two ankle traces (any format the readers know);
- :func:`score_psg` scores a polysomnogram's leg EMG (EDF / EDF+ / BDF) with its annotations;
- :func:`detect` finds one leg's movements in NumPy arrays;
- :class:`Pipeline` streams live data block by block;
- ``python -m plmkit.cohort`` scores a folder of recordings on Dask (see :mod:`plmkit.cohort`).

Errors are :class:`PlmkitError` subclasses carrying ``.file`` and ``.line``.
"""

from __future__ import annotations

import os
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

import numpy as np

from . import _plmkit
from ._arrays import as_f64
from ._errors import ConfigError, FileError, InputError, ParseError, PlmkitError

__version__: str = _plmkit.__version__

PathLike = Union[str, "os.PathLike[str]"]

__all__ = [
    "score_file", "score_psg", "detect", "Pipeline", "PlmkitError", "ParseError", "ConfigError",
    "InputError", "FileError", "__version__",
]


def score_file(path: PathLike, *, right: Optional[PathLike] = None, leg: str = "left",
               standard: str = "wasm2016", hypnogram: Optional[PathLike] = None,
               hypnogram_start: float = 0.0, respiratory: Optional[PathLike] = None,
               arousals: Optional[PathLike] = None, recording_hours: Optional[float] = None,
               lights_off: Union[float, str, None] = None,
               lights_on: Union[float, str, None] = None,
               format: Optional[str] = None, units: Optional[str] = None,
               scale: Optional[float] = None, rate: Optional[float] = None,
               full_scale_g: Optional[float] = None,
               block_rows: Optional[int] = None, time_unit: Optional[str] = None,
               diary: Optional[PathLike] = None,
               drift_correction: bool = True) -> Dict[str, Any]:
    """Score a night (or every night of a multi-day recording) from ankle accelerometer traces.

    ``score_file(left, right=right_path)`` is ``plm_score --left LEFT --right RIGHT --json``;
    ``score_file(trace, leg="right")`` is ``plm_score TRACE --leg right``. The result is the
    CLI's JSON report as a dict (``schema_version``, ``summary``, ``movements``, ``series``,
    ``input``, ``data_quality``, ``clock_drift``, ...), equal to ``json.load`` of its file.

    Args:
        path: the trace (the left ankle's when ``right`` is given).
        right: the right ankle's trace.
        leg: which ankle ``path`` is on when it is the only trace.
        standard: ``"wasm2016"`` or ``"aasm2012"``.
        hypnogram, hypnogram_start, respiratory, arousals: context files, as the CLI options.
        recording_hours: the recording span (h).
        lights_off, lights_on: seconds on the traces' clock, or clock times (``"23:10"``, an
            ISO 8601 date-time; lights on is the first after lights off) when the traces know
            their start, as ``--lights-off``/``--lights-on``.
        format, units, scale, rate: reader overrides (``--format``, ``--units g|m/s2|counts``,
            ``--scale``, ``--rate``).
        full_scale_g: the sensor's range; samples near it are saturated.
        block_rows: rows per block handed to the pipeline (the report is the same for any).
        time_unit: the unit of a numeric epoch time column (``"unix_s"``, ``"unix_ms"``,
            ``"unix_us"``, ``"unix_ns"``), as ``--time-unit``; by default read from its size.
        diary: a sleep diary (CSV rows ``in_bed,out_of_bed``, ISO 8601 or ``HH:MM``) that sets
            the nights of a multi-day recording, as ``--diary``; without it they are detected.
            The report's ``nights`` lists each night's scores.
        drift_correction: with two ankles, correct the drift between their clocks (default);
            ``False`` estimates and reports it without applying it (``--no-drift-correction``).

    Raises:
        ParseError: a malformed file (``.file``, ``.line``); FileError: a file that cannot be
        read; ConfigError: a bad option.

    The GIL is released while the files are read and scored.
    """
    return _plmkit.score_file(
        os.fspath(path), right=_opt_path(right), leg=leg, standard=standard,
        hypnogram=_opt_path(hypnogram), hypnogram_start=hypnogram_start,
        respiratory=_opt_path(respiratory), arousals=_opt_path(arousals),
        recording_hours=recording_hours, lights_off=lights_off, lights_on=lights_on,
        format=format, units=units, scale=scale, rate=rate, full_scale_g=full_scale_g,
        time_unit=time_unit, diary=_opt_path(diary), drift_correction=drift_correction,
        block_rows=block_rows)


def score_psg(edf_path: PathLike, *, annotations: Optional[PathLike] = None,
              left_channel: Optional[str] = None, right_channel: Optional[str] = None,
              standard: str = "wasm2016", hypnogram: Optional[PathLike] = None,
              hypnogram_start: float = 0.0, respiratory: Optional[PathLike] = None,
              arousals: Optional[PathLike] = None, recording_hours: Optional[float] = None,
              lights_off: Optional[float] = None,
              lights_on: Optional[float] = None) -> Dict[str, Any]:
    """Score a polysomnogram's leg EMG (EDF / EDF+ / BDF) by the WASM 2016 EMG rules.

    ``plm_score --psg EDF --json`` as a dict: the channels are chosen by label (or by
    ``left_channel`` / ``right_channel``: a label or ``"#N"``), the EDF+'s annotations give
    the stages, respiratory events, arousals and lights (``annotations``: a RemLogic export,
    NSRR / Profusion XML or EDF+ annotation file whose kinds replace them), and when they hold
    the technologist's leg movements the report adds ``scored_summary`` and ``agreement``.
    Context arguments given here win over the annotations'.
    """
    return _plmkit.score_psg(
        os.fspath(edf_path), annotations=_opt_path(annotations), left_channel=left_channel,
        right_channel=right_channel, standard=standard, hypnogram=_opt_path(hypnogram),
        hypnogram_start=hypnogram_start, respiratory=_opt_path(respiratory),
        arousals=_opt_path(arousals), recording_hours=recording_hours, lights_off=lights_off,
        lights_on=lights_on)


def detect(t: Any, x: Any, y: Any, z: Any, rate: Optional[float] = None, *, leg: str = "left",
           full_scale_g: Optional[float] = None, as_frame: Optional[bool] = None) -> Any:
    """Detect one ankle's leg movements and posture changes in NumPy columns.

    Args:
        t: time in seconds; x, y, z: acceleration in g (1-D, one length). Contiguous float64
            arrays are read in place (no copy); other real dtypes and strided views are
            converted; bool / complex / object data raise ``TypeError``, arrays that are not
            1-D ``ValueError``.
        rate: the sample rate in Hz (default: estimated from ``t``).
        leg: ``"left"`` or ``"right"`` (the value of the ``leg`` column).
        full_scale_g: the sensor's range; samples near it are saturated.
        as_frame: return a pandas DataFrame (default when pandas is installed) or a dict of
            NumPy arrays.

    Returns:
        One row per movement: ``onset_s``, ``offset_s``, ``duration_s``, ``peak_g``,
        ``area_g_s``, ``kind`` (``"leg"`` or ``"gross"``: a posture change), ``long`` (longer
        than an LM may be). The leg's data quality (gaps, saturation, rejected candidates,
        timeline) is in ``frame.attrs["data_quality"]`` (or the dict's ``"data_quality"``).

    The GIL is released while the detector runs.
    """
    cols = [as_f64(n, a) for n, a in (("t", t), ("x", x), ("y", y), ("z", z))]
    found = _plmkit.detect(*cols, rate, leg=leg, full_scale_g=full_scale_g)
    movements = found["movements"]
    movements["kind"] = np.array(movements["kind"], dtype=object)
    movements["leg"] = np.full(len(movements["onset_s"]), leg, dtype=object)
    if as_frame is None:
        as_frame = _has_pandas()
    if not as_frame:
        movements["data_quality"] = found["data_quality"]
        return movements
    import pandas as pd

    order = ["leg", "onset_s", "offset_s", "duration_s", "peak_g", "area_g_s", "kind", "long"]
    frame = pd.DataFrame({k: movements[k] for k in order})
    frame.attrs["data_quality"] = found["data_quality"]
    return frame


class Pipeline:
    """The streaming night: push blocks of rows as they arrive, act on events as they are decided.

    >>> p = plmkit.Pipeline(["left", "right"])
    >>> for leg, (t, x, y, z) in blocks:
    ...     for event in p.push(t, x, y, z, leg=leg):
    ...         if event["event"] == "series": print(event)
    >>> report, last_events = p.finish()

    ``finish()`` returns the same report whatever the block sizes: the scoring report with
    ``data_quality`` and ``clock_drift`` (the keys of :func:`score_file` but ``input``).
    Events are dicts: ``{"event": "lm" | "posture" | "rejected" | "invalid" | "saturated",
    "leg", "onset_s", "offset_s", ...}`` from the detectors and ``{"event": "scored" |
    "periodic" | "series", ...}`` from the scorer.

    Args:
        legs: the legs streamed (``["left"]``, ``["right"]`` or both).
        offsets: per leg, seconds that put its times on the shared clock (default 0).
        standard, rate, full_scale_g and the context arguments: as :func:`score_file`.
    """

    def __init__(self, legs: Sequence[str] = ("left", "right"), *,
                 offsets: Optional[Sequence[float]] = None, standard: str = "wasm2016",
                 rate: Optional[float] = None, full_scale_g: Optional[float] = None,
                 hypnogram: Optional[PathLike] = None, hypnogram_start: float = 0.0,
                 respiratory: Optional[PathLike] = None, arousals: Optional[PathLike] = None,
                 recording_hours: Optional[float] = None, lights_off: Optional[float] = None,
                 lights_on: Optional[float] = None) -> None:
        self._inner = _plmkit.Pipeline(
            list(legs), offsets=None if offsets is None else [float(o) for o in offsets],
            standard=standard, rate=rate, full_scale_g=full_scale_g,
            hypnogram=_opt_path(hypnogram), hypnogram_start=hypnogram_start,
            respiratory=_opt_path(respiratory), arousals=_opt_path(arousals),
            recording_hours=recording_hours, lights_off=lights_off, lights_on=lights_on)

    def push(self, t: Any, x: Any, y: Any, z: Any, leg: str = "left") -> List[Dict[str, Any]]:
        """Push rows of one leg (its own clock; any block size); returns the events now final."""
        cols = [as_f64(n, a) for n, a in (("t", t), ("x", x), ("y", y), ("z", z))]
        return self._inner.push(*cols, leg=leg)

    def advance_leg_to(self, leg: str, t_s: float) -> List[Dict[str, Any]]:
        """Declare that ``leg`` has no rows before ``t_s`` (a live device has gone silent)."""
        return self._inner.advance_leg_to(leg, float(t_s))

    def finish_leg(self, leg: str) -> List[Dict[str, Any]]:
        """End one leg's stream (a device stopped); the other leg goes on."""
        return self._inner.finish_leg(leg)

    def finish(self) -> Tuple[Dict[str, Any], List[Dict[str, Any]]]:
        """End every stream: ``(report, last events)``. The pipeline cannot be used afterwards."""
        return self._inner.finish()

    @property
    def watermark_s(self) -> float:
        """No event emitted from now on concerns a time before this (s, shared clock)."""
        return self._inner.watermark_s()


def _opt_path(p: Optional[PathLike]) -> Optional[str]:
    return None if p is None else os.fspath(p)


def _has_pandas() -> bool:
    try:
        import pandas  # noqa: F401
    except ImportError:
        return False
    return True
