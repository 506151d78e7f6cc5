"""Pipeline: the streaming object gives score_file's report whatever the block size."""

from __future__ import annotations

import json

import numpy as np
import plmkit
import pytest
from conftest import LEFT, RIGHT, rel


@pytest.fixture(scope="module")
def legs():
    out = {}
    for name, p in (("left", LEFT), ("right", RIGHT)):
        d = np.loadtxt(p, delimiter=",", skiprows=1)
        out[name] = tuple(d[:, i].copy() for i in range(4))
    return out


def stream(legs, block):
    p = plmkit.Pipeline(["left", "right"])
    events = []
    n = len(legs["left"][0])
    for start in range(0, n, block):
        for leg in ("left", "right"):
            cols = [c[start:start + block] for c in legs[leg]]
            events += p.push(*cols, leg=leg)
    report, last = p.finish()
    return report, events + last


def test_stream_equals_score_file_for_any_block(legs):
    want = plmkit.score_file(rel(LEFT), right=rel(RIGHT))
    del want["input"]
    r1, e1 = stream(legs, 4096)
    r2, e2 = stream(legs, 37)
    assert r1 == want
    assert r2 == want
    # The same events; only when each comes out depends on the blocks.
    assert sorted(map(json.dumps, e1)) == sorted(map(json.dumps, e2))
    kinds = {e["event"] for e in e1}
    assert {"lm", "scored", "series"} <= kinds
    assert sum(e["event"] == "series" and not e["nr"] for e in e1) == len(want["series"])


def test_finished_pipeline_refuses_more(legs):
    p = plmkit.Pipeline(["left"])
    p.push(*(c[:1000] for c in legs["left"]))
    p.finish()
    with pytest.raises(plmkit.InputError, match="finished"):
        p.push(*(c[1000:2000] for c in legs["left"]))


def test_unknown_leg_and_bad_settings():
    with pytest.raises(plmkit.InputError, match="no right leg"):
        p = plmkit.Pipeline(["left"])
        a = np.arange(10, dtype=np.float64) / 25
        p.push(a, a, a, a, leg="right")
    with pytest.raises(plmkit.PlmkitError):
        plmkit.Pipeline(["left", "left"])
    with pytest.raises(plmkit.ConfigError, match="offsets"):
        plmkit.Pipeline(["left", "right"], offsets=[0.0])


def test_watermark_advances(legs):
    p = plmkit.Pipeline(["left"])
    p.push(*(c[:5000] for c in legs["left"]))
    w = p.watermark_s
    assert 0 < w < legs["left"][0][4999]
