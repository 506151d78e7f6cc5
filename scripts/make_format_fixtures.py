#!/usr/bin/env python3
"""Writes one small trace per device format into fixtures/formats/, plus expected.json.

The signal is simple and synthetic (the simulator will replace it): a resting ankle (gravity
mostly on z, a little noise) with a 1.5-s leg-movement burst every 30 s. Each file is written the
way its device software writes it; expected.json records what a reader must find: format, rate,
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


def iso_ms(when):
    return when.strftime("%Y-%m-%d %H:%M:%S.") + f"{when.microsecond // 1000:03d}"


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


def actigraph():
    rate, name = 30, "actigraph_raw_timestamps.csv"
    t, x, y, z = signal(rate, 120, 1)
    x, y, z = (np.round(a, 3) for a in (x, y, z))
    pad = ",,,"  # ActiLife pads header lines with commas
    lines = [
        f"------------ Data File Created By ActiGraph GT3X+ ActiLife v6.13.4 Firmware v3.2.1 date format M/d/yyyy at {rate} Hz  Filter Normal -----------",
        "Serial Number: NEO1F00000001",
        f"Start Time {START:%H:%M:%S}",
        f"Start Date {START.month}/{START.day}/{START.year}",
        "Epoch Period (hh:mm:ss) 00:00:00",
        f"Download Time {START:%H:%M:%S}",
        f"Download Date {START.month}/{START.day}/{START.year}",
        "Current Memory Address: 0",
        "Current Battery Voltage: 4.18     Mode = 12",
        "--------------------------------------------------",
    ]
    with open(os.path.join(OUT, name), "w", newline="") as f:
        for line in lines:
            f.write(line + pad + "\r\n")
        f.write("Timestamp,Accelerometer X,Accelerometer Y,Accelerometer Z\r\n")
        for i in range(len(t)):
            when = START + dt.timedelta(seconds=float(t[i]))
            stamp = f"{when.month}/{when.day}/{when.year} {when:%H:%M:%S}.{when.microsecond // 1000:03d}"
            f.write(f"{stamp},{x[i]:.3f},{y[i]:.3f},{z[i]:.3f}\r\n")
    # Timestamps carry milliseconds: t is what they say, not n / rate.
    def ms(i):
        return (START + dt.timedelta(seconds=float(t[i]))).microsecond // 1000 / 1000 + int(t[i])
    record(name, "ActiGraphCsv", rate, len(t), "g", START.isoformat(),
           [ms(0), x[0], y[0], z[0]], [ms(-1), x[-1], y[-1], z[-1]])


def geneactiv():
    rate, name = 50, "geneactiv.csv"
    t, x, y, z = signal(rate, 120, 2)
    x, y, z = (np.round(a, 4) for a in (x, y, z))
    head = [
        ("Device Identity", None), ("Device Unique Serial Code", "012345"), ("Device Type", "GENEActiv"),
        ("Device Model", "1.2"), ("Device Firmware Version", "Ver06.17 15June23"),
        ("Calibration Date", "2025-09-08 14:14:04:000"), ("", None), ("Device Capabilities", None),
        ("Accelerometer Range", "-8 to 8"), ("Accelerometer Resolution", "0.0039"),
        ("Accelerometer Units", "g"), ("Light Meter Range", "0 to 20000"), ("Light Meter Resolution", "3 to 48"),
        ("Light Meter Units", "lux"), ("Temperature Sensor Range", "0 to 70"),
        ("Temperature Sensor Resolution", "0.1"), ("Temperature Sensor Units", "deg. C"), ("", None),
        ("Configuration Info", None), ("Measurement Frequency", f"{rate} Hz"), ("Measurement Period", "168 Hours"),
        ("Start Time", START.strftime("%Y-%m-%d %H:%M:%S:000")), ("Time Zone", "GMT +01:00"), ("", None),
        ("Trial Info", None), ("Study Centre", ""), ("Study Code", ""), ("Investigator ID", ""),
        ("Exercise Type", ""), ("Config Operator ID", ""), ("Config Time", "2026-03-14 20:00:00:000"),
        ("Config Notes", ""), ("Extract Operator ID", ""), ("Extract Time", "2026-03-16 09:00:00:000"),
        ("Extract Notes", ""), ("", None), ("Subject Info", None), ("Device Location Code", "left ankle"),
        ("Subject Code", "S001"), ("Date of Birth", "1900-01-01"), ("Sex", ""), ("Height", ""), ("Weight", ""),
        ("Handedness Code", ""), ("Subject Notes", ""), ("", None), ("Calibration Data", None),
        ("x gain", "25270"), ("x offset", "-1846"), ("y gain", "25100"), ("y offset", "-474"),
        ("z gain", "24829"), ("z offset", "1167"), ("Volts", "54"), ("Lux", "997"), ("", None),
        ("Memory Status", None), ("Number of Pages", "300"), ("", None),
    ]
    with open(os.path.join(OUT, name), "w", newline="") as f:
        lines = [k if v is None else f"{k},{v}" for k, v in head]
        lines += [""] * (100 - len(lines))  # the export's header is 100 lines
        for line in lines:
            f.write(line + "\r\n")
        for i in range(len(t)):
            when = START + dt.timedelta(seconds=float(t[i]))
            stamp = when.strftime("%Y-%m-%d %H:%M:%S:") + f"{when.microsecond // 1000:03d}"
            f.write(f"{stamp},{x[i]:.4f},{y[i]:.4f},{z[i]:.4f},0,0,24.5\r\n")
    record(name, "GeneActivCsv", rate, len(t), "g", START.isoformat(),
           [0.0, x[0], y[0], z[0]], [round(float(t[-1]), 3), x[-1], y[-1], z[-1]])


def axivity():
    rate, name = 100, "axivity_ax6.csv"
    t, x, y, z = signal(rate, 120, 3)
    x, y, z = (np.round(a, 6) for a in (x, y, z))
    with open(os.path.join(OUT, name), "w", newline="") as f:
        f.write("Time,Accel-X (g), Accel-Y (g), Accel-Z (g), Gyro-X (d/s), Gyro-Y (d/s), Gyro-Z (d/s)\n")
        for i in range(len(t)):
            when = START + dt.timedelta(seconds=float(t[i]))
            f.write(f"{iso_ms(when)},{x[i]:.6f},{y[i]:.6f},{z[i]:.6f},0.1,-0.2,0.05\n")
    record(name, "AxivityCsv", None, len(t), "g", START.isoformat(),
           [0.0, x[0], y[0], z[0]], [round(float(t[-1]), 3), x[-1], y[-1], z[-1]], rate_estimate=rate)


def phone_nanos():
    rate, name = 50, "phone_sensorlogger.csv"
    t, x, y, z = signal(rate, 120, 4)
    x, y, z = (np.round(a * G, 6) for a in (x, y, z))
    rng = np.random.default_rng(40)
    t0 = int(START.replace(tzinfo=dt.timezone.utc).timestamp()) * 10**9 + 123_456_789
    ns = t0 + np.round(t * 1e9).astype(np.int64) + rng.integers(-500_000, 500_000, len(t))
    ns[0] = t0
    with open(os.path.join(OUT, name), "w", newline="") as f:
        f.write("time,seconds_elapsed,z,y,x\n")
        for i in range(len(t)):
            f.write(f"{ns[i]},{(ns[i] - t0) / 1e9:.9f},{z[i]:.6f},{y[i]:.6f},{x[i]:.6f}\n")
    start = dt.datetime.fromtimestamp(t0 // 10**9, dt.timezone.utc).replace(tzinfo=None, microsecond=123456)
    record(name, "PhoneNanos", None, len(t), "m/s2", start.isoformat(timespec="microseconds"),
           [0.0, x[0] / G, y[0] / G, z[0] / G], [(int(ns[-1]) - t0) / 1e9, x[-1] / G, y[-1] / G, z[-1] / G],
           rate_estimate=rate)
    expected[name]["start_unix_ns"] = int(t0)


def phone_seconds():
    rate, name = 50, "phone_phyphox.csv"
    t, x, y, z = signal(rate, 120, 5)
    x, y, z = (a * G for a in (x, y, z))
    def e(v):
        return f"{v:.9E}"
    with open(os.path.join(OUT, name), "w", newline="") as f:
        f.write('"Time (s)","Acceleration x (m/s^2)","Acceleration y (m/s^2)","Acceleration z (m/s^2)","Absolute acceleration (m/s^2)"\n')
        for i in range(len(t)):
            a = math.sqrt(x[i] ** 2 + y[i] ** 2 + z[i] ** 2)
            f.write(f"{e(t[i])},{e(x[i])},{e(y[i])},{e(z[i])},{e(a)}\n")
    def back(v):
        return float(e(v)) / G
    record(name, "PhoneSeconds", None, len(t), "m/s2", None,
           [float(e(t[0])), back(x[0]), back(y[0]), back(z[0])],
           [float(e(t[-1])), back(x[-1]), back(y[-1]), back(z[-1])], rate_estimate=rate)


def plain():
    rate, name = 50, "plain_seconds.csv"
    t, x, y, z = signal(rate, 120, 6)
    x, y, z = (np.round(a, 5) for a in (x, y, z))
    with open(os.path.join(OUT, name), "w", newline="") as f:
        f.write("time_s,x,y,z\n")
        for i in range(len(t)):
            f.write(f"{t[i]:.2f},{x[i]:.5f},{y[i]:.5f},{z[i]:.5f}\n")
    record(name, "Plain", None, len(t), "g", None,
           [0.0, x[0], y[0], z[0]], [round(float(t[-1]), 2), x[-1], y[-1], z[-1]], rate_estimate=rate)


def plain_counts():
    rate, name = 32, "plain_counts_1024.csv"
    t, x, y, z = signal(rate, 120, 7)
    x, y, z = (np.round(a * 1024).astype(int) for a in (x, y, z))
    with open(os.path.join(OUT, name), "w", newline="") as f:
        for i in range(len(t)):  # no header line at all
            f.write(f"{t[i]:.5f},{x[i]},{y[i]},{z[i]}\n")
    record(name, "Plain", None, len(t), "counts1024", None,
           [0.0, x[0] / 1024, y[0] / 1024, z[0] / 1024],
           [round(float(t[-1]), 5), x[-1] / 1024, y[-1] / 1024, z[-1] / 1024], rate_estimate=rate)


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
    for make in (actigraph, geneactiv, axivity, phone_nanos, phone_seconds, plain, plain_counts,
                 gt3x, geneactiv_bin):
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
