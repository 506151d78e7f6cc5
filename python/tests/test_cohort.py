"""The cohort runner on a LocalCluster of several workers: one row per recording, a corrupt
one reported in its row, and every table entry equal to scoring that recording alone."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import plmkit
import pytest
from conftest import PSG, cargo_example
from plmkit import cohort

SEEDS = (1, 2, 3, 4)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("cohort")
    for seed in SEEDS:
        cargo_example("simulate", "--out", str(root / f"night{seed}"), "--seed", str(seed),
                      "--rate", "25", "--minutes", "12", "--profile", "typical")
    bad = root / "corrupt"
    bad.mkdir()
    (bad / "left.csv").write_text("time_s,x,y,z\n0,0.1,0.2,0.9\n0.04,zz,0.2\n")
    shutil.copy(root / "night1" / "right.csv", bad / "right.csv")
    shutil.copy(PSG, root / "lab.edf")
    return root


@pytest.fixture(scope="module")
def result(folder, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    recs = cohort.find_recordings(folder)
    nights, moves = cohort.run(recs, out, workers=3, retries=1, progress=False)
    return recs, out, nights, moves


def test_one_row_per_recording_with_the_corrupt_one_in_its_row(result):
    recs, out, nights, _ = result
    assert sorted(nights["id"]) == sorted(["corrupt", "lab", *(f"night{s}" for s in SEEDS)])
    bad = nights.set_index("id").loc["corrupt"]
    assert bad["status"] == "error"
    assert bad["error_file"].endswith("corrupt/left.csv") and bad["error_line"] == 3
    assert "a trace needs at least two" in bad["error"]
    assert (nights.set_index("id").drop("corrupt")["status"] == "ok").all()
    # The tables on disk are the returned ones.
    pd.testing.assert_frame_equal(pd.read_parquet(out / "nights.parquet"), nights)
    assert len(pd.read_parquet(out / "movements.parquet")) == len(result[3])


def test_tables_equal_single_file_results(result, folder):
    recs, out, nights, moves = result
    by_id = nights.set_index("id")
    for rec in recs:
        if rec["id"] == "corrupt":
            continue
        if "psg" in rec:
            alone = plmkit.score_psg(rec["psg"])
        else:
            alone = plmkit.score_file(rec["left"], right=rec["right"])
        row = by_id.loc[rec["id"]]
        for k in ("plms_index", "plm_count", "lm_count", "recording_hours", "plmw_count"):
            v = alone["summary"][k]
            assert (pd.isna(row[k]) and v is None) or row[k] == v, (rec["id"], k)
        mine = moves[moves["id"] == rec["id"]]
        assert list(mine["onset_s"]) == [m["onset_s"] for m in alone["movements"]]
        assert list(mine["periodic"]) == [m["periodic"] for m in alone["movements"]]
        saved = json.loads((out / "reports" / f"{rec['id']}.json").read_text())
        assert saved == alone
    assert by_id.loc["lab", "kind"] == "psg"
    assert by_id["plm_count"].drop("corrupt").sum() > 0


def test_manifest_with_a_missing_file_retries_then_reports(folder, tmp_path, capsys):
    manifest = tmp_path / "m.csv"
    manifest.write_text(
        "id,left,right,psg\n"
        f"a,{folder / 'night2' / 'left.csv'},{folder / 'night2' / 'right.csv'},\n"
        "gone,nowhere/left.csv,,\n"
        f"p,,,{folder / 'lab.edf'}\n")
    status = cohort.main(["--manifest", str(manifest), "--out", str(tmp_path / "o"),
                          "--workers", "2", "--retries", "1"])
    assert status == 0
    nights = pd.read_parquet(tmp_path / "o" / "nights.parquet").set_index("id")
    assert list(nights.index) == ["a", "gone", "p"]  # the manifest's order
    assert nights.loc["gone", "status"] == "error"
    assert "FileError" in nights.loc["gone", "error"]
    assert str(tmp_path / "nowhere" / "left.csv") in nights.loc["gone", "error"]
    assert nights.loc[["a", "p"], "status"].tolist() == ["ok", "ok"]
    err = capsys.readouterr().err
    assert "[3/3]" in err and "recordings/min" in err


def test_usage_errors(tmp_path):
    with pytest.raises(SystemExit) as e:
        cohort.main(["--out", str(tmp_path)])
    assert e.value.code == 2
    bad = tmp_path / "m.csv"
    bad.write_text("id,left\n,x.csv\n")
    assert cohort.main(["--manifest", str(bad), "--out", str(tmp_path / "o")]) == 1
