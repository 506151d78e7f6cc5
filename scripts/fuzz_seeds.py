#!/usr/bin/env python3
"""Writes the seed corpus of each fuzz target (fuzz/corpus/<target>/) from the shipped fixtures.

Run from the repository root; the corpus is committed, so neither CI nor `cargo test` needs
Python. Text fixtures are cut to their first lines (small seeds make the fuzzer fast); binary
fixtures are kept whole or cut to a few pages. The first byte of a reader seed chooses the
reader or the options (see fuzz/checks/*.rs): 0 is "detect everything" for traces.
"""
import os
import random

ROOT = "fuzz/corpus"


def put(target, name, data):
    os.makedirs(os.path.join(ROOT, target), exist_ok=True)
    with open(os.path.join(ROOT, target, name), "wb") as f:
        f.write(data)


def head(path, limit):
    with open(path, "rb") as f:
        data = f.read()
    if len(data) <= limit:
        return data
    cut = data.rfind(b"\n", 0, limit)
    return data[: cut + 1 if cut > 0 else limit]


traces = [
    ("actigraph_raw_timestamps", "fixtures/formats/actigraph_raw_timestamps.csv", 6000),
    ("actigraph_raw_no_timestamps", "fixtures/formats/actigraph_raw_no_timestamps.csv", 6000),
    ("actigraph_gt3x", "fixtures/formats/actigraph.gt3x", 1 << 20),
    ("geneactiv_csv", "fixtures/formats/geneactiv.csv", 9000),
    ("geneactiv_bin", "fixtures/formats/geneactiv.bin", 14000),
    ("axivity_ax6", "fixtures/formats/axivity_ax6.csv", 6000),
    ("phone_sensorlogger", "fixtures/formats/phone_sensorlogger.csv", 6000),
    ("phone_phyphox", "fixtures/formats/phone_phyphox.csv", 6000),
    ("plain_counts", "fixtures/formats/plain_counts_1024.csv", 4000),
    ("plain_seconds", "fixtures/formats/plain_seconds.csv", 4000),
    ("ankle_50hz", "fixtures/trace_ankle_50hz.csv", 8000),
]
for name, path, limit in traces:
    # Binary seeds are cut by bytes, not lines.
    data = open(path, "rb").read()[:limit] if path.endswith((".gt3x", ".bin")) else head(path, limit)
    put("trace_readers", name, b"\x00" + data)

events = [
    (0, "events_night1", "fixtures/events/night1.csv", 4000),
    (0, "events_edge1", "fixtures/events/edge1.csv", 4000),
    (1, "hypnogram_night1", "fixtures/events/night1_hypnogram.txt", 4000),
    (1, "hypnogram_edge1", "fixtures/events/edge1_hypnogram.txt", 4000),
    (2, "respiratory_night1", "fixtures/events/night1_respiratory.csv", 4000),
    (2, "arousals_edge1", "fixtures/events/edge1_arousals.csv", 4000),
    (3, "remlogic", "fixtures/psg/sim_5min_200hz_remlogic.txt", 4000),
    (3, "remlogic_edge", "fixtures/psg/remlogic_edge.txt", 4000),
    (3, "nsrr_xml", "fixtures/psg/sim_5min_200hz_nsrr.xml", 8000),
    (3, "profusion_xml", "fixtures/psg/profusion_edge.xml", 4000),
]
for choice, name, path, limit in events:
    put("event_readers", name, bytes([choice]) + head(path, limit))
edf = open("fixtures/psg/sim_5min_200hz.edf", "rb").read()
header_bytes = int(edf[184:192])
signals = int(edf[252:256])
samples = [int(edf[256 + signals * 216 + i * 8 : 256 + signals * 216 + (i + 1) * 8]) for i in range(signals)]
record = sum(samples) * 2
# The header with two whole records, and the header with the annotation path's choice byte.
put("event_readers", "edf_two_records", b"\x04" + edf[: header_bytes + 2 * record])
put("event_readers", "edf_annotations", b"\x03" + edf[: header_bytes + 2 * record])

rng = random.Random(20261202)
for target, count, size in [("scorer", 12, 600), ("pipeline", 8, 12000), ("butter", 24, 32)]:
    for i in range(count):
        put(target, f"random_{i:02}", bytes(rng.randrange(256) for _ in range(rng.randrange(8, size))))
