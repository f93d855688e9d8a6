"""Crash safety and concurrency: a killed run never damages the case file, and a second run fails at once.

The runs here are real processes (``python -m xref run`` on sample_data/), killed with SIGKILL when their progress
messages show they have reached a stage.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest
from conftest import ROOT

from xref.casefile import open_case_file, run_history, writer_lock
from xref.errors import CaseFileError
from xref.reports import recover_outputs

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX"),
]
CONFIG = ROOT / "sample_data" / "xref.toml"
KILL_POINTS = (
    "loading",
    "matching supplier names",
    "writing outputs",
    "recording the run in the case file",
)
"""Progress messages after which a run is killed: before, during and after the outputs, and at the case file."""


def start(out: Path, db: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "xref",
            "run",
            "--progress",
            "--config",
            str(CONFIG),
            "--out",
            str(out),
            "--db",
            str(db),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def wait_for(proc: subprocess.Popen[str], message: str) -> None:
    """Read the run's progress until ``message`` appears (a stage it has reached)."""
    assert proc.stderr is not None
    for line in proc.stderr:
        if line.startswith(f"… {message}"):
            return
    raise AssertionError(f"the run ended (exit {proc.wait()}) before {message!r}")


def finish(proc: subprocess.Popen[str], timeout: float = 300) -> int:
    """Wait for the run (reading what is left of its progress, so it never blocks on a full pipe) and close it."""
    assert proc.stderr is not None
    proc.stderr.read()
    proc.stderr.close()
    return proc.wait(timeout=timeout)


def run_to_end(out: Path, db: Path) -> None:
    proc = start(out, db)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err


def case_file_state(db: Path) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The runs and all flags in the case file (opening it proves it is readable)."""
    handle = open_case_file(db)
    try:
        flags = handle.query("select * exclude (match_pair, evidence, match_names) from flags order by run_id, flag_id")
    finally:
        handle.close()
    return run_history(db), flags


def flag_results(db: Path, run_id: str) -> pl.DataFrame:
    handle = open_case_file(db)
    try:
        return handle.query(
            "select flag_id, severity, summary, evidence_hash from flags where run_id = $r order by flag_id",
            {"r": run_id},
        )
    finally:
        handle.close()


def test_a_killed_run_leaves_the_case_file_as_it_was(tmp_path: Path) -> None:
    db, out = tmp_path / "case.duckdb", tmp_path / "out"
    run_to_end(out, db)
    runs_before, flags_before = case_file_state(db)
    report_before = (out / "report.html").read_bytes()
    assert runs_before.height == 1

    for point in KILL_POINTS:
        proc = start(out, db)
        wait_for(proc, point)
        proc.send_signal(signal.SIGKILL)
        assert finish(proc, timeout=60) == -signal.SIGKILL
        runs, flags = case_file_state(db)
        if runs.height == 2:  # killed after its commit: the run is whole (its flags all there) or absent
            assert point == KILL_POINTS[-1]
            assert flags.filter(pl.col("run_id") == runs["run_id"][0]).height == flags_before.height
            break
        assert runs.equals(runs_before), point
        assert flags.equals(flags_before), point
        # the report is the previous run's, complete, or this run's, complete: never a half-written file
        report = (out / "report.html").read_bytes()
        assert report == report_before or report.rstrip().endswith(b"</html>")

    run_to_end(out, db)  # a re-run succeeds: no stale lock, no half-applied schema
    runs, _ = case_file_state(db)
    latest = runs["run_id"][0]
    after, before = flag_results(db, latest), flag_results(db, runs_before["run_id"][0])
    assert after.equals(before), (
        after.join(before, on="flag_id", how="full")
        .filter(pl.any_horizontal(pl.col(c) != pl.col(f"{c}_right") for c in ("severity", "summary", "evidence_hash")))
        .to_dicts()
    )
    assert not list(out.glob(".tmp-*"))  # killed runs' temporary folders are cleared


def test_a_second_run_on_the_same_case_file_fails_at_once(tmp_path: Path) -> None:
    db = tmp_path / "case.duckdb"
    first = start(tmp_path / "a", db)
    wait_for(first, "loading")  # the first run holds the case file from its start
    began = time.monotonic()
    second = subprocess.run(
        [sys.executable, "-m", "xref", "run", "--config", str(CONFIG), "--out", str(tmp_path / "b"), "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    waited = time.monotonic() - began
    assert second.returncode == 1
    message = second.stderr.strip().splitlines()[-1]
    assert message.startswith("Error: case file") and f"process {first.pid}" in message, second.stderr
    assert "Traceback" not in second.stderr
    assert waited < 30  # it did not wait for the first run (which takes about as long again)
    assert finish(first) == 0
    assert run_history(db).height == 1
    assert not (tmp_path / "b" / "report.html").exists()


def test_the_lock_names_its_holder_and_is_released(tmp_path: Path) -> None:
    db = tmp_path / "case.duckdb"
    with writer_lock(db, "xref run (2025Q1)"):
        with pytest.raises(CaseFileError, match=r"in use by xref run \(2025Q1\) \(process \d+ on .*, started "):
            with writer_lock(db, "xref review import sheet.csv"):
                pass
    with writer_lock(db, "xref review import sheet.csv"):  # free again once the holder is done
        pass
    with pytest.raises(RuntimeError), writer_lock(db, "a run that fails"):
        raise RuntimeError
    with writer_lock(db, "after a failure"):  # a failing holder releases it too
        pass


# --- a kill at each stage boundary leaves outputs and case file in step ------------------------------------------

KILLER = """
import os, pathlib, signal, sys
import xref.pipeline as p
name, when = sys.argv[1], sys.argv[2]
if name == "moving":  # killed after the first output file is moved into place
    real_replace = pathlib.Path.replace
    def replace(self, target):
        real_replace(self, target)
        os.kill(os.getpid(), signal.SIGKILL)
    pathlib.Path.replace = replace
else:
    real = getattr(p, name)
    def die(*args, **kwargs):
        if when == "after":
            real(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGKILL)
    setattr(p, name, die)
from xref.cli import main
sys.argv = ["xref", *sys.argv[3:]]
main()
"""
BOUNDARIES = (
    ("match_inputs", "before", False),  # loaded, not matched
    ("flag_inputs", "before", False),  # matched, no rules run
    ("case_history", "before", False),  # rules run, nothing written
    ("mark_pending", "before", False),  # outputs written to the staging folder, the run not named
    ("record_run", "before", False),  # the run named, the case file not yet written
    ("record_run", "after", True),  # the case file committed, no output moved
    ("moving", "", True),  # one output moved into place
)
"""(function in xref.pipeline killed at, before or after it runs, whether the case file holds the run by then)."""


def shown_run(out: Path) -> str:
    return str(json.loads((out / "run.json").read_text())["run_id"])


def flags_in_case_file(db: Path, run_id: str) -> list[str]:
    return sorted(flag_results(db, run_id)["flag_id"].to_list())


def flags_in_outputs(out: Path) -> list[str]:
    return sorted(pl.read_csv(out / "flags.csv")["flag_id"].to_list())


def test_a_kill_at_any_stage_boundary_leaves_outputs_and_case_file_in_step(tmp_path: Path) -> None:
    cards = tmp_path / "cards.csv"
    cards.write_text(
        "Transaction Date,Merchant Name,Amount,Cardholder\n14/01/2025,ARGOS,300.00,Jane Smith\n"
        "15/01/2025,BOOTS,500.00,Ann Lee\n16/01/2025,BOOTS,4.99,Ann Lee\n",
        encoding="utf-8",
    )
    out, db = tmp_path / "out", tmp_path / "out" / "xref.duckdb"
    args = ["run", "--cards", str(cards), "--out", str(out)]
    subprocess.run([sys.executable, "-m", "xref", *args], check=True, capture_output=True)
    for name, when, recorded in BOUNDARIES:
        before = shown_run(out)
        runs_before = run_history(db)["run_id"].to_list()
        proc = subprocess.run([sys.executable, "-c", KILLER, name, when, *args], capture_output=True, text=True)
        assert proc.returncode == -signal.SIGKILL, (name, when, proc.stderr)
        runs = run_history(db)["run_id"].to_list()
        assert len(runs) == len(runs_before) + recorded, (name, when)
        if not recorded:
            # out/ shows the previous run, complete, and the case file holds nothing more
            assert shown_run(out) == before == runs[0], (name, when)
        else:
            # the case file holds the new run; out/ shows a recorded run (the next run finishes the move)
            assert shown_run(out) in runs, (name, when)
            assert recover_outputs(out, set(runs).__contains__) == [runs[0]], (name, when)
            assert shown_run(out) == runs[0], (name, when)
        latest = shown_run(out)
        assert flags_in_outputs(out) == flags_in_case_file(db, latest), (name, when)
        assert latest in (out / "report.html").read_text(encoding="utf-8")
    subprocess.run([sys.executable, "-m", "xref", *args], check=True, capture_output=True)
    assert not list(out.glob(".tmp-*"))  # every stopped run's folder is settled
