#!/usr/bin/env python3
"""Regenerates the golden files that tests/filter_golden.rs compares against.

Run from the repository root:  python3 scripts/gen_filter_golden.py
Needs numpy and scipy (written with scipy 1.17). Tests and CI never run Python; they read the
committed JSON under tests/golden/.

butter.json: for every case, scipy's sos, sosfilt_zi, the case's sensitivity (how far scipy's
outputs move when the coefficients move by a few ulps), and the outputs of sosfilt (zero init),
sosfilt with zi = sosfilt_zi * x[0] (steady init) and sosfiltfilt on one shared input signal.
To keep the file compact the outputs are stored at every STRIDE-th sample (an IIR filter's
error at any sample shows in all later ones).
fixtures/trace_ankle_50hz.csv: the filter example's shipped input, a synthetic 2-minute 3-axis
ankle trace (also written here so it can be regenerated).
percentile.json: numpy.percentile (default 'linear') over a sliding window, for several
windows and percentiles, on a signal with many ties.
"""
import json
import numpy as np
from scipy import signal

N_SIGNAL = 400
STRIDE = 8
rng = np.random.default_rng(20261127)


def test_signal(fs):
    t = np.arange(N_SIGNAL) / fs
    # Gravity offset, a slow drift, a movement-band tone, a fast tone and noise.
    return (1.0 + 0.2 * t + 0.3 * np.sin(2 * np.pi * 1.5 * t)
            + 0.1 * np.sin(2 * np.pi * 0.4 * fs * t) + 0.05 * rng.standard_normal(N_SIGNAL))


def sensitivity(sos, x, outputs):
    """How far scipy's own outputs move, relative to the signal RMS, when every coefficient
    is perturbed by a few ulps (relative 4 eps, random signs). A faithful reimplementation
    cannot be expected to agree more closely than this on ill-conditioned designs."""
    prng = np.random.default_rng(7)
    worst = 0.0
    for _ in range(3):
        d = sos * (1 + 4 * np.finfo(float).eps * prng.choice([-1.0, 1.0], size=sos.shape))
        d[:, 3] = 1.0
        zi = signal.sosfilt_zi(d)
        alt = (signal.sosfilt(d, x), signal.sosfilt(d, x, zi=zi * x[0])[0],
               signal.sosfiltfilt(d, x))
        for a, b in zip(alt, outputs):
            worst = max(worst, float(np.max(np.abs(a - b))))
    return worst / float(np.sqrt(np.mean(x * x)))


def cutoffs(fs):
    nyq = fs / 2
    return {
        "lowpass": [[0.5], [0.2 * nyq], [0.8 * nyq]],
        "highpass": [[0.5], [0.2 * nyq], [0.8 * nyq]],
        "bandpass": [[0.5, 8.0], [0.1 * nyq, 0.6 * nyq]],
        "bandstop": [[0.5, 8.0], [0.1 * nyq, 0.6 * nyq]],
    }


def main():
    cases = []
    signals = {}
    for fs in [25.0, 50.0, 100.0, 250.0]:
        x = test_signal(fs)
        signals[str(fs)] = x.tolist()
        for btype, wns in cutoffs(fs).items():
            for wn in wns:
                for order in [1, 2, 4, 8, 16]:
                    w = wn[0] if len(wn) == 1 else wn
                    sos = signal.butter(order, w, btype, fs=fs, output="sos")
                    zi = signal.sosfilt_zi(sos)
                    y_zero = signal.sosfilt(sos, x)
                    y_steady, _ = signal.sosfilt(sos, x, zi=zi * x[0])
                    y_ff = signal.sosfiltfilt(sos, x)
                    sens = sensitivity(sos, x, (y_zero, y_steady, y_ff))
                    cases.append({
                        "kind": btype, "order": order, "fs": fs, "cutoffs": wn,
                        "sos": sos.tolist(), "zi": zi.tolist(), "sensitivity": sens,
                        "zero": y_zero[::STRIDE].tolist(),
                        "steady": y_steady[::STRIDE].tolist(),
                        "filtfilt": y_ff[::STRIDE].tolist(),
                    })
    with open("tests/golden/butter.json", "w") as f:
        json.dump({"stride": STRIDE, "signals": signals, "cases": cases}, f,
                  separators=(",", ":"))

    # Running percentile: rounded values make ties common.
    x = np.round(rng.standard_normal(400) * 4) / 4
    x[100:140] = 0.25  # a long run of equal values
    pcases = []
    for window in [1, 2, 5, 64]:
        for q in [0.0, 10.0, 50.0, 73.5, 100.0]:
            out = [float(np.percentile(x[max(0, i + 1 - window):i + 1], q)) for i in range(len(x))]
            pcases.append({"window": window, "q": q, "out": out})
    with open("tests/golden/percentile.json", "w") as f:
        json.dump({"signal": x.tolist(), "cases": pcases}, f, separators=(",", ":"))


def fixture():
    """Synthetic 2-minute 3-axis ankle trace at 50 Hz: gravity mostly on z, slow posture drift,
    five leg movements (0.5-2 s bursts at 2-6 Hz) about 25 s apart, sensor noise."""
    fs = 50.0
    n = int(120 * fs)
    t = np.arange(n) / fs
    frng = np.random.default_rng(2)
    x = 0.02 * np.sin(2 * np.pi * t / 90)
    y = -0.05 + 0.01 * t / 120
    z = 0.98 + 0.01 * np.cos(2 * np.pi * t / 60)
    for onset in [10.0, 34.5, 60.0, 84.0, 108.5]:
        d = frng.uniform(0.5, 2.0)
        f = frng.uniform(2, 6)
        m = (t >= onset) & (t < onset + d)
        env = np.sin(np.pi * (t[m] - onset) / d)
        x[m] += 0.15 * env * np.sin(2 * np.pi * f * (t[m] - onset))
        y[m] += 0.08 * env * np.cos(2 * np.pi * f * (t[m] - onset))
        z[m] += 0.05 * env * np.sin(2 * np.pi * f * (t[m] - onset))
    for v in (x, y, z):
        v += 0.004 * frng.standard_normal(n)
    with open("fixtures/trace_ankle_50hz.csv", "w") as f:
        f.write("time_s,x,y,z\n")
        for i in range(n):
            f.write(f"{t[i]:.2f},{x[i]:.5f},{y[i]:.5f},{z[i]:.5f}\n")


if __name__ == "__main__":
    main()
    fixture()
