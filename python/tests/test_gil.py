"""The GIL is released while detecting: another Python thread keeps running during the call.

Measured on a loaded 2-core machine: the main thread ran at 25-35 % of its free rate during a
``detect`` call with the GIL released, at 2 % with it held (the binding built without
``allow_threads``), so the bound below tells the two apart with room on both sides.
"""

from __future__ import annotations

import threading
import time

import numpy as np
from plmkit import _plmkit


def stamp_rate(until) -> float:
    """Time stamps per second this thread takes while ``until()`` is false."""
    stamps = []
    start = time.perf_counter()
    while not until():
        stamps.append(time.perf_counter())
    return len(stamps) / max(time.perf_counter() - start, 1e-9), stamps


def test_other_threads_run_while_detect_runs():
    n = 4_000_000  # about 22 h at 50 Hz: the call takes a few tenths of a second
    t = np.arange(n, dtype=np.float64) / 50.0
    x = np.random.default_rng(1).normal(0, 0.002, n)
    z = 1.0 + x
    deadline = time.perf_counter() + 0.2
    free, _ = stamp_rate(lambda: time.perf_counter() > deadline)
    window = {}

    def work():
        window["start"] = time.perf_counter()
        _plmkit.detect(t, x, x, z)
        window["end"] = time.perf_counter()

    worker = threading.Thread(target=work)
    worker.start()
    _, stamps = stamp_rate(lambda: not worker.is_alive())
    worker.join()
    start, end = window["start"], window["end"]
    during = sum(start < s < end for s in stamps) / (end - start)
    assert during > 0.08 * free, (during, free, end - start)
