"""Shared fixtures: the repository's shipped recordings and the CLI's JSON for them."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NIGHT = REPO / "fixtures" / "sim" / "night_25hz_15min"
LEFT = NIGHT / "left.csv"
RIGHT = NIGHT / "right.csv"
PSG = REPO / "fixtures" / "psg" / "sim_5min_200hz.edf"
REMLOGIC = REPO / "fixtures" / "psg" / "sim_5min_200hz_remlogic.txt"


def cargo_example(name: str, *args: str) -> subprocess.CompletedProcess:
    """Runs an example of the crate from the repository root (built if needed)."""
    cmd = ["cargo", "run", "--quiet", "--release", "--example", name, "--", *args]
    return subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, check=True)


@pytest.fixture(scope="session")
def cli_json(tmp_path_factory):
    """``cli_json(*args)``: the JSON report ``plm_score ARGS --json`` writes, as a dict."""
    out = tmp_path_factory.mktemp("cli")
    cache = {}

    def run(*args: str) -> dict:
        if args not in cache:
            dest = out / f"r{len(cache)}.json"
            cargo_example("plm_score", *args, "--json", str(dest))
            cache[args] = json.loads(dest.read_text())
        return cache[args]

    return run


@pytest.fixture(autouse=True)
def _repo_cwd(monkeypatch):
    """Paths as the CLI gets them: relative to the repository root (reports name the files)."""
    monkeypatch.chdir(REPO)


def rel(p: Path) -> str:
    """``p`` relative to the repository root, as the CLI is given it."""
    return os.path.relpath(p, REPO)
