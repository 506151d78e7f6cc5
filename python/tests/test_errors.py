"""Library errors arrive as PlmkitError subclasses with the file and line."""

from __future__ import annotations

import numpy as np
import plmkit
import pytest
from conftest import LEFT, PSG, rel


def test_malformed_trace_is_parse_error_with_file_and_line(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("time_s,x,y,z\n0,0.1,0.2,0.9\n0.04,zz,0.2\n")
    with pytest.raises(plmkit.ParseError) as e:
        plmkit.score_file(bad)
    assert isinstance(e.value, ValueError) and isinstance(e.value, plmkit.PlmkitError)
    assert e.value.file == str(bad)
    assert e.value.line == 3
    assert str(e.value).startswith(f"{bad}:3: ")


def test_missing_file_is_file_error_and_os_error(tmp_path):
    missing = tmp_path / "nope.csv"
    with pytest.raises(OSError) as e:
        plmkit.score_file(missing)
    assert isinstance(e.value, plmkit.FileError)
    assert e.value.file == str(missing) and e.value.line is None
    assert e.value.errno == 2


def test_bad_options_are_config_errors():
    with pytest.raises(plmkit.ConfigError, match="wasm2017"):
        plmkit.score_file(rel(LEFT), standard="wasm2017")
    with pytest.raises(plmkit.ConfigError, match="middle"):
        plmkit.score_file(rel(LEFT), leg="middle")
    with pytest.raises(plmkit.ConfigError, match="lights"):
        plmkit.score_file(rel(LEFT), lights_off=10.0)
    with pytest.raises(plmkit.ConfigError, match="recording hours"):
        plmkit.score_file(rel(LEFT), recording_hours=-1.0)
    with pytest.raises(plmkit.ConfigError, match="block_rows"):
        plmkit.score_file(rel(LEFT), block_rows=0)


def test_bad_hypnogram_names_its_line(tmp_path):
    h = tmp_path / "h.txt"
    h.write_text("W\nN2\nbanana\n")
    with pytest.raises(plmkit.ParseError) as e:
        plmkit.score_file(rel(LEFT), hypnogram=h)
    assert e.value.file == str(h) and e.value.line == 3


def test_missing_psg_channel_names_file_and_labels():
    with pytest.raises(plmkit.PlmkitError) as e:
        plmkit.score_psg(rel(PSG), left_channel="NO SUCH")
    assert "sim_5min_200hz.edf" in str(e.value) and "EMG RAT" in str(e.value)


def test_time_going_backwards_is_input_error():
    t = np.array([0.0, 0.04, 0.02, 0.06] * 100)
    x = np.zeros_like(t)
    with pytest.raises(plmkit.PlmkitError):
        plmkit.detect(t, x, x, x + 1.0)
