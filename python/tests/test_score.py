"""score_file and score_psg return exactly the CLI's JSON report."""

from __future__ import annotations

import json
from pathlib import Path

import plmkit
import pytest
from conftest import LEFT, PSG, REMLOGIC, RIGHT, cargo_example, rel


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


ACTIGRAPH = Path("fixtures/formats/actigraph_raw_no_timestamps.csv")  # starts 2026-03-14 23:05


def test_clock_time_lights_equal_cli_json(cli_json):
    args = (str(ACTIGRAPH), "--lights-off", "23:05:30", "--lights-on", "23:06:40")
    want = cli_json(*args)
    got = plmkit.score_file(ACTIGRAPH, lights_off="23:05:30", lights_on="23:06:40")
    assert got == want
    # The same span in seconds from the first sample.
    assert plmkit.score_file(ACTIGRAPH, lights_off=30, lights_on=100.0)["summary"] == \
        got["summary"]
    with pytest.raises(plmkit.ConfigError, match="lights_off"):
        plmkit.score_file(rel(LEFT), right=rel(RIGHT), lights_off="23:05")  # no start time


def test_diary_nights_equal_cli_json(cli_json, tmp_path):
    diary = tmp_path / "diary.csv"
    diary.write_text("in_bed,out_of_bed\n2026-03-14T23:05:20,2026-03-14 23:06:50\n")
    want = cli_json(str(ACTIGRAPH), "--diary", str(diary))
    got = plmkit.score_file(ACTIGRAPH, diary=diary)
    assert got == want
    assert [n["source"] for n in got["nights"]] == ["diary"]
    assert got["nights"][0]["start"].startswith("2026-03-14T23:05:20")
    bad = tmp_path / "bad.csv"
    bad.write_text("23:10,23:00\n23:30\n")
    with pytest.raises(plmkit.ParseError) as e:
        plmkit.score_file(ACTIGRAPH, diary=bad)
    assert e.value.line == 2


def test_drift_correction_switch_equals_cli_json(cli_json, tmp_path):
    # A 90-min night whose right clock runs 300 ppm fast (1.6 s by its end).
    cargo_example("simulate", "--out", str(tmp_path), "--seed", "5", "--rate", "25",
                  "--minutes", "90")
    right = tmp_path / "right.csv"
    head, *rows = right.read_text().splitlines()
    right.write_text(head + "\n" + "\n".join(
        f"{float(r.split(',')[0]) * (1 + 300e-6):.6f},{r.split(',', 1)[1]}" for r in rows) + "\n")
    left = tmp_path / "left.csv"
    want = cli_json("--left", str(left), "--right", str(right), "--no-drift-correction")
    got = plmkit.score_file(left, right=right, drift_correction=False)
    assert got == want
    corrected = plmkit.score_file(left, right=right)
    assert corrected == cli_json("--left", str(left), "--right", str(right))
    assert (got["clock_drift"]["applied"], corrected["clock_drift"]["applied"]) == (False, True)
    assert corrected["clock_drift"]["ppm"] == pytest.approx(300, abs=30)


def test_time_unit_equals_cli_json(cli_json, tmp_path):
    # The fixture's seconds as Unix milliseconds from 2026-03-14 23:05 UTC.
    rows = LEFT.read_text().splitlines()[1:]
    ms = tmp_path / "ms.csv"
    ms.write_text("time,x,y,z\n" + "\n".join(
        f"{1773529500000 + round(float(r.split(',')[0]) * 1000)},{r.split(',', 1)[1]}"
        for r in rows) + "\n")
    want = cli_json(str(ms), "--time-unit", "unix_ms")
    got = plmkit.score_file(ms, time_unit="unix_ms")
    assert got == want
    assert got == plmkit.score_file(ms)  # the unit read from the values' size
    with pytest.raises(plmkit.ConfigError, match="unix_x"):
        plmkit.score_file(ms, time_unit="unix_x")
