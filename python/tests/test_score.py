"""score_file and score_psg return exactly the CLI's JSON report."""

from __future__ import annotations

import json
from pathlib import Path

import plmkit
import pytest
from conftest import LEFT, PSG, REMLOGIC, RIGHT, rel


def test_two_ankles_equal_cli_json(cli_json):
    want = cli_json("--left", rel(LEFT), "--right", rel(RIGHT))
    got = plmkit.score_file(rel(LEFT), right=rel(RIGHT))
    assert got == want
    assert got["summary"]["plm_count"] > 0  # the fixture is a night with PLMs
    assert {"input", "data_quality", "clock_drift", "movements", "series"} <= set(got)


def test_one_right_ankle_aasm_equal_cli_json(cli_json):
    want = cli_json(rel(RIGHT), "--leg", "right", "--standard", "aasm2012")
    got = plmkit.score_file(Path(rel(RIGHT)), leg="right", standard="aasm2012")
    assert got == want
    assert got["standard"] != plmkit.score_file(rel(RIGHT), leg="right")["standard"]


def test_context_options_equal_cli_json(cli_json):
    args = ("--left", rel(LEFT), "--right", rel(RIGHT), "--recording-hours", "0.2",
            "--block-rows", "7")
    want = cli_json(*args)
    got = plmkit.score_file(rel(LEFT), right=rel(RIGHT), recording_hours=0.2, block_rows=7)
    assert got == want
    assert got["summary"]["recording_hours"] == pytest.approx(0.2)


def test_psg_equal_cli_json(cli_json):
    want = cli_json("--psg", rel(PSG))
    got = plmkit.score_psg(rel(PSG))
    assert got == want
    assert {"input", "annotations", "scored_summary", "agreement"} <= set(got)
    assert got["input"]["channels"]["left"]["label"] == "EMG LAT"


def test_psg_with_remlogic_annotations_equal_cli_json(cli_json):
    want = cli_json("--psg", rel(PSG), "--annotations", rel(REMLOGIC))
    got = plmkit.score_psg(rel(PSG), annotations=rel(REMLOGIC))
    assert got == want
    assert got["annotations"]["format"] == "remlogic"


def test_result_is_json_serialisable_and_round_trips():
    got = plmkit.score_file(rel(LEFT), right=rel(RIGHT))
    assert json.loads(json.dumps(got)) == got
