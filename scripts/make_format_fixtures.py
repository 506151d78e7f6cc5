#!/usr/bin/env python3
"""Writes the native-format fixtures (ActiGraph .gt3x, GENEActiv .bin) into fixtures/formats/,
plus expected.json.

The CSV fixtures are written by the simulator instead (examples/format_fixtures.rs, with
expected_sim.json); the Rust crate has no writer for the native binary layouts, so they stay here.
The signal is simple and synthetic: a resting ankle (gravity mostly on z, a little noise) with a
1.5-s leg-movement burst every 30 s. expected.json records what a reader must find: format, rate,
row count, units, start time and the first and last rows in seconds and g (as written, converted).

Run from the crate root:  python3 scripts/make_format_fixtures.py
"""
import datetime as dt
import json
import math
import os

import numpy as np

G = 9.80665
OUT = os.path.join(os.path.dirname(__file__), "..", "fixtures", "formats")


def signal(rate, seconds, seed):
    """x, y, z in g at `rate` Hz for `seconds` s."""
    rng = np.random.default_rng(seed)
    n = int(round(rate * seconds))
    t = np.arange(n) / rate
    x = 0.05 + rng.normal(0, 0.01, n)
    y = -0.20 + rng.normal(0, 0.01, n)
    z = 0.975 + rng.normal(0, 0.01, n)
    burst = (t % 30.0 >= 10.0) & (t % 30.0 < 11.5)
    x = x + burst * 0.25 * np.sin(2 * math.pi * 3.0 * t)
    z = z - burst * 0.08 * np.sin(2 * math.pi * 3.0 * t + 0.5)
    return t, x, y, z


START = dt.datetime(2026, 3, 14, 23, 5, 0)
expected = {}


def record(name, fmt, rate_header, rows, units, start, first, last, rate_estimate=None):
    expected[name] = {
        "format": fmt,
        "sample_rate_hz": rate_header,
        "rate_hz": rate_estimate if rate_estimate is not None else rate_header,
        "rows": rows,
        "units": units,
        "start": start,
        "first": first,
        "last": last,
    }


def pack12(values):
    """Packs signed 12-bit numbers most significant bits first (two per three bytes)."""
    bits = "".join(f"{v & 0xFFF:012b}" for v in values)
    bits += "0" * (-len(bits) % 8)
    return bytes(int(bits[i:i + 8], 2) for i in range(0, len(bits), 8))


def gt3x():
    """ActiGraph .gt3x: stored zip of info.txt and log.bin, 30 Hz, 12-bit ACTIVITY records
    (y, x, z order), scale 256; seconds 50-59 have no record (idle), and the Last Sample Time
    is 5 s after the last record's second ends: the reader must give 0,0,0 rows for both."""
    import struct
    import zipfile
    rate, name, scale, seconds = 30, "actigraph.gt3x", 256.0, 120
    t, x, y, z = signal(rate, seconds, 8)
    cx, cy, cz = (np.clip(np.round(a * scale), -2048, 2047).astype(int) for a in (x, y, z))
    start = int(START.replace(tzinfo=dt.timezone.utc).timestamp())
    idle = set(range(50, 60))
    last_record = seconds - 6
    log = bytearray()
    for sec in range(0, last_record + 1):
        if sec in idle:
            continue
        sl = slice(sec * rate, (sec + 1) * rate)
        payload = pack12([v for trip in zip(cy[sl], cx[sl], cz[sl]) for v in trip])
        rec = struct.pack("<BBIH", 0x1E, 0x00, start + sec, len(payload)) + payload
        chk = 0
        for b in rec:
            chk ^= b
        log += rec + bytes([~chk & 0xFF])
    ticks = lambda unix_s: (unix_s + 62135596800) * 10**7
    info = (f"Serial Number: MOS0FIXTURE01\r\nDevice Type: wGT3XBT\r\nSample Rate: {rate}\r\n"
            f"Start Date: {ticks(start)}\r\nLast Sample Time: {ticks(start + last_record + 6)}\r\n"
            f"Acceleration Scale: {scale}\r\n")
    with zipfile.ZipFile(os.path.join(OUT, name), "w", compression=zipfile.ZIP_STORED) as zf:
        zf.writestr("log.bin", bytes(log))
        zf.writestr("info.txt", info)
    rows = (last_record + 6) * rate
    g = lambda c: float(c) / scale
    last = rows - 1  # an idle row
    record(name, "ActiGraphGt3x", rate, rows, "g", START.isoformat(),
           [0.0, g(cx[0]), g(cy[0]), g(cz[0])], [last / rate, 0.0, 0.0, 0.0])
    expected[name]["idle_rows"] = (len(idle) + 5) * rate  # the last record covers one second


def geneactiv_bin():
    """GENEActiv .bin: the text header with calibration, then pages of 300 hex samples."""
    rate, name, seconds = 50, "geneactiv.bin", 60
    t, x, y, z = signal(rate, seconds, 9)
    gain = [25270.0, 25100.0, 24829.0]
    offset = [-1846.0, -474.0, 1167.0]
    raw = [np.clip(np.round((a * gain[k] + offset[k]) / 100), -2048, 2047).astype(int)
           for k, a in enumerate((x, y, z))]
    head = [
        "Device Identity", "Device Unique Serial Code:012346", "Device Type:GENEActiv", "",
        "Configuration Info", f"Measurement Frequency:{rate} Hz",
        "Start Time:" + START.strftime("%Y-%m-%d %H:%M:%S:000"), "",
        "Calibration Data", "x gain:25270", "x offset:-1846", "y gain:25100", "y offset:-474",
        "z gain:24829", "z offset:1167", "Volts:54", "Lux:997", "", "Memory Status",
        f"Number of Pages:{len(t) // 300}",
    ]
    with open(os.path.join(OUT, name), "w", newline="") as f:
        for line in head:
            f.write(line + "\r\n")
        for page in range(len(t) // 300):
            when = START + dt.timedelta(seconds=page * 300 / rate)
            for line in ["Recorded Data", "Device Unique Serial Code:012346", f"Sequence Number:{page}",
                         "Page Time:" + when.strftime("%Y-%m-%d %H:%M:%S:000"), "Unassigned:",
                         "Temperature:31.5", "Battery voltage:4.1", "Device Status:Recording",
                         f"Measurement Frequency:{rate}.0"]:
                f.write(line + "\r\n")
            hexes = []
            for i in range(page * 300, (page + 1) * 300):
                word = ((raw[0][i] & 0xFFF) << 36) | ((raw[1][i] & 0xFFF) << 24) | ((raw[2][i] & 0xFFF) << 12) | (100 << 2)
                hexes.append(f"{word:012X}")
            f.write("".join(hexes) + "\r\n")
    g = lambda k, i: (float(raw[k][i]) * 100 - offset[k]) / gain[k]
    n = len(t) // 300 * 300
    record(name, "GeneActivBin", rate, n, "g", START.isoformat(),
           [0.0, g(0, 0), g(1, 0), g(2, 0)], [(n - 1) / rate, g(0, n - 1), g(1, n - 1), g(2, n - 1)])


def main():
    os.makedirs(OUT, exist_ok=True)
    for make in (gt3x, geneactiv_bin):
        make()
    def plain_json(v):
        if isinstance(v, (np.floating, np.integer)):
            return v.item()
        raise TypeError(type(v))
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, default=plain_json)
        f.write("\n")


if __name__ == "__main__":
    main()
