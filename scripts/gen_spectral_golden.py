#!/usr/bin/env python3
"""Writes tests/golden/spectral_welch.json: scipy.signal.welch on fixed signals.

Run from the crate root: python3 scripts/gen_spectral_golden.py (needs numpy and scipy).
CI does not run this; it only reads the committed JSON.
"""
import json

import numpy as np
from scipy import signal

cases = []
rng = np.random.default_rng(7)
for fs, n, seg in [(50.0, 1000, 256), (100.0, 1537, 200), (25.0, 333, 64)]:
    t = np.arange(n) / fs
    x = 0.3 * np.sin(2 * np.pi * 2.5 * t) + 0.05 * rng.standard_normal(n) + 1.0
    f, p = signal.welch(x, fs, window="hann", nperseg=seg, noverlap=seg // 2,
                        detrend="constant", scaling="density")
    cases.append({"fs": fs, "segment_len": seg, "x": x.tolist(),
                  "freq": f.tolist(), "density": p.tolist()})

with open("tests/golden/spectral_welch.json", "w") as fh:
    json.dump({"scipy": __import__("scipy").__version__, "cases": cases}, fh)
