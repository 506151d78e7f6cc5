"""Score a cohort on Dask: one task per recording, one Parquet table of nights and one of movements.

Usage::

    python -m plmkit.cohort FOLDER --out DIR [--scheduler ADDR] [--workers N] [--retries R]
    python -m plmkit.cohort --manifest recordings.csv --out DIR [...]

A recording is, in FOLDER (searched recursively): a directory holding ``left.*`` and/or
``right.*`` ankle traces (any format :func:`plmkit.score_file` reads), or an ``.edf`` /
``.bdf`` polysomnogram (:func:`plmkit.score_psg`). A manifest CSV lists one recording per row
with the columns ``id`` and either ``left`` / ``right`` or ``psg``, and optionally
``annotations``, ``hypnogram``, ``respiratory``, ``arousals``, ``standard``; relative paths are
relative to the manifest's folder.

Without ``--scheduler`` a ``LocalCluster`` of ``--workers`` processes (one thread each) runs on
this machine; with ``--scheduler tcp://HOST:8786`` the tasks go to that Dask cluster, whose
workers must see the recordings at the same paths (a shared file system) and have plmkit
installed. Every recording is one task: a failure that may pass (a worker lost, a file system
hiccup: ``OSError``) is retried ``--retries`` times, and a recording that still fails, or whose
data are bad (a ``plmkit.PlmkitError``), gets its message in the ``error`` column of its row
instead of failing the run.

Writes ``DIR/nights.parquet`` (one row per recording: id, paths, ``status``, ``error``,
``error_file``, ``error_line``, ``seconds``, the report's ``summary`` fields, valid hours),
``DIR/movements.parquet`` (every scored movement with its recording's id) and
``DIR/reports/ID.json`` (each full report, as ``plm_score --json`` writes it).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Tuple

import plmkit

TRACE_SUFFIXES = {".csv", ".txt", ".gt3x", ".bin", ".cwa"}
PSG_SUFFIXES = {".edf", ".bdf"}
MANIFEST_PATHS = ("left", "right", "psg", "annotations", "hypnogram", "respiratory", "arousals")


def find_recordings(folder: Path) -> List[Dict[str, Any]]:
    """Every recording under ``folder``: ankle-trace directories and EDF / BDF files, by path."""
    recordings: List[Dict[str, Any]] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        here = Path(dirpath)
        legs: Dict[str, str] = {}
        for name in sorted(filenames):
            p = here / name
            stem, suffix = p.stem.lower(), p.suffix.lower()
            if suffix in PSG_SUFFIXES:
                recordings.append({"id": _rel_id(folder, p.with_suffix("")), "psg": str(p)})
            elif suffix in TRACE_SUFFIXES and stem in ("left", "right") and stem not in legs:
                legs[stem] = str(p)
        if legs:
            recordings.append({"id": _rel_id(folder, here), **legs})
    return recordings


def read_manifest(path: Path) -> List[Dict[str, Any]]:
    """The recordings a manifest CSV lists (see the module docs); errors name the line."""
    base = path.parent
    out: List[Dict[str, Any]] = []
    with open(path, newline="") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            row = {k.strip(): (v or "").strip() for k, v in row.items() if k}
            rec: Dict[str, Any] = {k: v for k, v in row.items() if v}
            if "id" not in rec:
                raise plmkit.ParseError(f"{path}:{line}: no id", str(path), line)
            if not ("psg" in rec or "left" in rec or "right" in rec):
                raise plmkit.ParseError(
                    f"{path}:{line}: give left and/or right, or psg", str(path), line)
            for k in MANIFEST_PATHS:
                if k in rec and not os.path.isabs(rec[k]):
                    rec[k] = str(base / rec[k])
            out.append(rec)
    return out


def score_recording(rec: Dict[str, Any]) -> Tuple[Dict[str, Any], List[Dict[str, Any]], Any]:
    """Scores one recording (a Dask task): ``(night row, movement rows, report or None)``.

    A :class:`plmkit.PlmkitError` other than a file error (bad data, bad settings) is a result:
    the row says what is wrong. A file error or anything unexpected is raised, for Dask to retry.
    """
    start = time.perf_counter()
    row: Dict[str, Any] = {"id": rec["id"], "kind": "psg" if "psg" in rec else "trace"}
    for k in ("left", "right", "psg"):
        row[k] = rec.get(k)
    context = {k: rec[k] for k in ("hypnogram", "respiratory", "arousals") if k in rec}
    standard = rec.get("standard", "wasm2016")
    try:
        if "psg" in rec:
            report = plmkit.score_psg(rec["psg"], annotations=rec.get("annotations"),
                                      standard=standard, **context)
        elif "left" in rec:
            report = plmkit.score_file(rec["left"], right=rec.get("right"), standard=standard,
                                       **context)
        else:
            report = plmkit.score_file(rec["right"], leg="right", standard=standard, **context)
    except plmkit.FileError:
        raise
    except plmkit.PlmkitError as e:
        row.update(status="error", error=str(e), error_file=e.file, error_line=e.line,
                   seconds=time.perf_counter() - start)
        return row, [], None
    row.update(status="ok", error=None, error_file=None, error_line=None,
               seconds=time.perf_counter() - start)
    row.update(night_row(report))
    movements = [{"id": rec["id"], **_flat(m)} for m in report["movements"]]
    return row, movements, report


def night_row(report: Dict[str, Any]) -> Dict[str, Any]:
    """The per-night columns from a report: its ``summary`` fields, standard and valid hours."""
    row: Dict[str, Any] = {"standard": report.get("standard")}
    for k, v in report["summary"].items():
        if not isinstance(v, (dict, list)):
            row[k] = v
    quality = report.get("data_quality") or report.get("input") or {}
    row["valid_hours"] = quality.get("valid_hours")
    row["series_count"] = len(report.get("series", []))
    return row


def _flat(m: Dict[str, Any]) -> Dict[str, Any]:
    out: Dict[str, Any] = {}
    for k, v in m.items():
        out[k] = json.dumps(v) if isinstance(v, (dict, list)) else v
    return out


def run(recordings: List[Dict[str, Any]], out: Path, *, scheduler: Optional[str] = None,
        workers: int = 2, retries: int = 2, progress: bool = True) -> Tuple[Any, Any]:
    """Scores ``recordings`` on Dask and writes the tables; returns ``(nights, movements)``
    DataFrames."""
    import pandas as pd
    from distributed import Client, LocalCluster, as_completed

    out.mkdir(parents=True, exist_ok=True)
    (out / "reports").mkdir(exist_ok=True)
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    rows: List[Dict[str, Any]] = []
    movements: List[Dict[str, Any]] = []
    try:
        futures = {client.submit(score_recording, rec, retries=retries, pure=False,
                                 key=f"plmkit-{i}-{rec['id']}"): rec
                   for i, rec in enumerate(recordings)}
        t0 = time.perf_counter()
        for done, fut in enumerate(as_completed(futures), start=1):
            rec = futures[fut]
            try:
                row, moves, report = fut.result()
            except Exception as e:  # retries exhausted: the run goes on, the row says why
                row = {"id": rec["id"], "kind": "psg" if "psg" in rec else "trace",
                       **{k: rec.get(k) for k in ("left", "right", "psg")},
                       "status": "error", "error": f"{type(e).__name__}: {e}",
                       "error_file": getattr(e, "file", getattr(e, "filename", None)),
                       "error_line": getattr(e, "line", None), "seconds": None}
                moves, report = [], None
            if report is not None:
                name = str(rec["id"]).replace(os.sep, "__")
                with open(out / "reports" / f"{name}.json", "w") as f:
                    json.dump(report, f, indent=2)
            rows.append(row)
            movements.extend(moves)
            if progress:
                rate = done / max(time.perf_counter() - t0, 1e-9) * 60
                what = row["status"] if row["status"] == "ok" else f"error: {row['error']}"
                print(f"[{done}/{len(futures)}] {rec['id']}: {what} ({rate:.1f} recordings/min)",
                      file=sys.stderr, flush=True)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    order = {rec["id"]: i for i, rec in enumerate(recordings)}
    nights = pd.DataFrame(rows)
    nights["error_line"] = pd.array(nights["error_line"].tolist(), dtype="Int64")
    nights = nights.sort_values("id", key=lambda s: s.map(order)).reset_index(drop=True)
    moves_df = pd.DataFrame(movements)
    nights.to_parquet(out / "nights.parquet", index=False)
    moves_df.to_parquet(out / "movements.parquet", index=False)
    return nights, moves_df


def main(argv: Optional[Iterable[str]] = None) -> int:
    """The command line; returns the exit status (0 even when some recordings failed: see the
    ``status`` column; 2 for a usage error)."""
    parser = argparse.ArgumentParser(prog="python -m plmkit.cohort", description=__doc__.split(
        "\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", type=Path, help="folder of recordings")
    parser.add_argument("--manifest", type=Path, help="CSV listing the recordings")
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--scheduler", help="Dask scheduler address (default: a LocalCluster)")
    parser.add_argument("--workers", type=int, default=2, help="LocalCluster worker processes")
    parser.add_argument("--retries", type=int, default=2, help="retries per recording")
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    args = parser.parse_args(None if argv is None else list(argv))
    if (args.folder is None) == (args.manifest is None):
        parser.error("give a FOLDER or --manifest CSV (one of them)")
    if args.workers < 1:
        parser.error("--workers must be at least 1")
    try:
        recs = read_manifest(args.manifest) if args.manifest else find_recordings(args.folder)
    except (plmkit.PlmkitError, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    if not recs:
        print(f"error: no recordings found in {args.folder or args.manifest}", file=sys.stderr)
        return 1
    t0 = time.perf_counter()
    nights, _ = run(recs, args.out, scheduler=args.scheduler, workers=args.workers,
                    retries=args.retries, progress=not args.quiet)
    elapsed = time.perf_counter() - t0
    failed = int((nights["status"] != "ok").sum())
    print(f"{len(nights)} recordings ({failed} failed) in {elapsed:.1f} s "
          f"({len(nights) / elapsed * 60:.1f} recordings/min); tables in {args.out}",
          file=sys.stderr)
    return 0


def _rel_id(folder: Path, p: Path) -> str:
    rel = os.path.relpath(p, folder)
    return Path(folder).name if rel == "." else rel


if __name__ == "__main__":
    sys.exit(main())
