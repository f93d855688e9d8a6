"""Faults that are not the input's rows: nil returns, lineage, the machine (permissions, a full disk, memory), damaged
or foreign case files, bugs. Each ends in one clear line (or a clean run), and the outputs and the case file stay in
step (issue 14).

Runs here use a few tiny files, so each takes a second or two.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import polars as pl
import pytest
from click.testing import CliRunner, Result

import xref.pipeline
from xref.casefile import open_case_file, run_history, writer_lock
from xref.cli import cli
from xref.config import build_config
from xref.db import Database
from xref.errors import CaseFileError, InputFileError, ResourceError
from xref.ingest import load_inputs
from xref.reports import PENDING, recover_outputs
from xref.staging import staged_table

CARDS = "Transaction Date,Merchant Name,Amount,Cardholder\n"
GIFTS = "Date of offer,Recipient,Offered by,Value,Accepted or declined,Description\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def invoke(args: list[str]) -> Result:
    return CliRunner().invoke(cli, args, catch_exceptions=False)


def one_error_line(result: Result) -> str:
    """The run stopped with exit 1 and exactly one line, an ``Error:``, and no traceback."""
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert result.exit_code == 1, result.output
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    assert "Traceback" not in result.output
    return lines[0]


@pytest.fixture
def cards(tmp_path: Path) -> Path:
    return write(
        tmp_path / "in" / "cards.csv",
        CARDS + "14/01/2025,ARGOS,12.50,Jane Smith\n15/01/2025,ARGOS,612.00,Jane Smith\n20/01/2025,BOOTS,4.99,Ann\n",
    )


@pytest.fixture(autouse=True)
def _no_stray_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no ./xref.toml from elsewhere


def run_ids(out: Path, db: Path) -> tuple[str | None, list[str]]:
    """The run whose outputs ``out`` holds (its run.json), and the runs the case file holds."""
    shown = json.loads((out / "run.json").read_text())["run_id"] if (out / "run.json").exists() else None
    return shown, run_history(db)["run_id"].to_list() if db.exists() else []


# --- nil returns -------------------------------------------------------------------------------------------------


def test_registers_that_hold_no_rows_are_not_evaluated_saying_why(tmp_path: Path) -> None:
    header_only = write(tmp_path / "cards_jan.csv", CARDS)
    all_bad = write(tmp_path / "gifts.csv", GIFTS + "31/02/2025,Jane Smith,Acme Ltd,50,Accepted,Dinner\n")
    result = invoke(["run", "--cards", str(header_only), "--gifts", str(all_bad), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    lines = {ln.split()[0]: ln for ln in result.output.splitlines() if ln.startswith("  R")}
    assert "not evaluated: the cards file holds no rows (a nil return)" in lines["R011"]
    assert "not evaluated: none of the 1 row(s) of the gifts file could be used (see quarantine.csv)" in lines["R007"]
    assert "not evaluated:" in lines["R010"] and "nil return" in lines["R010"] and "gifts" in lines["R010"]
    assert not any("flag(s)" in ln for rule, ln in lines.items() if rule != "R024"), result.output
    info = json.loads((tmp_path / "out" / "run.json").read_text())
    assert all(not r["evaluated"] for r in info["rules"] if "cards" in r["note"] or "gifts" in (r["note"] or ""))


# --- lineage -----------------------------------------------------------------------------------------------------


def test_files_of_the_same_name_in_different_folders_keep_their_own_rows(tmp_path: Path) -> None:
    jan = write(tmp_path / "jan" / "export.csv", CARDS + "14/01/2025,ARGOS,12.50,Jane Smith\n")
    feb = write(tmp_path / "feb" / "export.csv", CARDS + "14/02/2025,BOOTS,99.00,John Brown\n")
    config = build_config(config_path=None, cli_files={"cards": (jan, feb)})
    inputs = load_inputs(config)
    rows = inputs.db.query(f"select rec_id, merchant_name, cardholder from {staged_table('cards')} order by rec_id")
    assert rows.rows() == [
        ("feb/export.csv:2", "BOOTS", "John Brown"),
        ("jan/export.csv:2", "ARGOS", "Jane Smith"),
    ]


def test_a_file_given_twice_is_loaded_once_with_a_note(tmp_path: Path, cards: Path) -> None:
    copy = shutil.copy(cards, tmp_path / "copy_of_cards.csv")
    config = build_config(config_path=None, cli_files={"cards": (cards, Path(copy), cards)})
    inputs = load_inputs(config)
    assert inputs.count("cards") == 3  # the file's rows, once
    assert inputs.recon["rows_read"].to_list() == [3, 0, 0]
    notes = inputs.recon["note"].to_list()
    assert notes[0] is None and all("same file (same SHA-256)" in n for n in notes[1:])
    assert set(inputs.issues.filter(pl.col("problem") == "duplicate_file")["source_file"]) == {
        "copy_of_cards.csv",
        "cards.csv",
    }


def test_an_unreadable_file_is_one_line(tmp_path: Path, cards: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(self: Path) -> bytes:
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(InputFileError, match=r"cards\.csv: cannot be read \(permission denied\); ask for read access"):
        load_inputs(build_config(config_path=None, cli_files={"cards": (cards,)}))


# --- the machine -------------------------------------------------------------------------------------------------


def test_an_output_folder_that_cannot_be_written_is_one_line(tmp_path: Path, cards: Path) -> None:
    blocker = write(tmp_path / "not_a_folder", "a file where the output folder's parent should be")
    line = one_error_line(invoke(["run", "--cards", str(cards), "--out", str(blocker / "out"), "--db", "x.duckdb"]))
    assert "cannot write to the output folder" in line and "give --out a folder you can write to" in line
    line = one_error_line(invoke(["run", "--cards", str(cards), "--out", str(blocker / "out")]))
    assert "cannot create the lock file beside the case file" in line


def test_a_full_disk_while_writing_outputs_leaves_the_last_run_as_it_was(
    tmp_path: Path, cards: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, db = tmp_path / "out", tmp_path / "out" / "xref.duckdb"
    assert invoke(["run", "--cards", str(cards), "--out", str(out)]).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and not p.name.startswith("xref.duckdb")}
    first = run_ids(out, db)
    real = xref.pipeline.write_outputs

    def fills_the_disk(staging: Path, **kwargs: object) -> object:
        real(staging, **kwargs)  # type: ignore[arg-type]
        raise OSError(errno.ENOSPC, "No space left on device", str(staging / "flags.xlsx"))

    monkeypatch.setattr(xref.pipeline, "write_outputs", fills_the_disk)
    line = one_error_line(invoke(["run", "--cards", str(cards), "--out", str(out)]))
    assert "the disk is full" in line and "the previous run's outputs and the case file are as they were" in line
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and not p.name.startswith("xref.duckdb")}
    assert after == before
    assert run_ids(out, db) == first
    assert not list(out.glob(".tmp-*"))


def _tmpfs(path: Path, size: str) -> bool:
    path.mkdir()
    if sys.platform != "linux" or os.geteuid() != 0:
        return False
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True)
    return done.returncode == 0


def _fill(disk: Path, leave: int) -> Path:
    """Fill the disk, then free space until about ``leave`` bytes are free; returns the filler file."""
    filler = disk / "filler"
    with filler.open("wb", buffering=0) as fh:  # unbuffered: nothing left to fail when it closes
        try:
            while True:
                fh.write(b"\0" * 1024 * 1024)
        except OSError:
            pass
    while shutil.disk_usage(disk).free < leave:
        with filler.open("r+b") as fh:
            fh.truncate(max(filler.stat().st_size - 16 * 1024, 0))
    return filler


@pytest.mark.parametrize("when", ["outputs", "commit"])
def test_a_really_full_disk_stops_with_one_line_and_keeps_the_case_file(
    tmp_path: Path, cards: Path, monkeypatch: pytest.MonkeyPatch, when: str
) -> None:
    disk = tmp_path / "disk"
    if not _tmpfs(disk, "40m"):
        pytest.skip("needs root to mount a small tmpfs (the injected ENOSPC test covers the logic)")
    try:
        out = disk / "out"
        assert invoke(["run", "--cards", str(cards), "--out", str(out)]).exit_code == 0
        first = run_ids(out, out / "xref.duckdb")
        report = (out / "report.html").read_bytes()
        if when == "outputs":  # too little room for a run's outputs
            _fill(disk, 16 * 1024)
        else:  # room for the outputs, then none as the case file commits
            real = xref.pipeline.record_run

            def full_at_commit(*args: object, **kwargs: object) -> None:
                _fill(disk, 0)
                real(*args, **kwargs)  # type: ignore[arg-type]

            monkeypatch.setattr(xref.pipeline, "record_run", full_at_commit)
        line = one_error_line(invoke(["run", "--cards", str(cards), "--out", str(out)]))
        assert "disk is full" in line, line
        monkeypatch.undo()
        (disk / "filler").unlink()
        assert run_ids(out, out / "xref.duckdb") == first
        assert (out / "report.html").read_bytes() == report
        open_case_file(out / "xref.duckdb").close()  # still a case file
        # a run's id is its start to the second and its inputs' hash: one in the first run's second would be the
        # same run recorded again, not a second one
        while f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}" <= first[1][0][:16]:
            time.sleep(0.05)
        assert invoke(["run", "--cards", str(cards), "--out", str(out)]).exit_code == 0  # and a run works again
        assert len(run_ids(out, out / "xref.duckdb")[1]) == 2
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def test_duckdb_failures_of_the_machine_are_one_line() -> None:
    db = Database(memory_limit="128MB")
    db.execute("set temp_directory = ''")  # nowhere to spill: the limit is the limit
    with pytest.raises(ResourceError, match=r"more memory than its limit \(128MB\).*give a larger --memory-limit"):
        db.rows("select count(distinct md5(i::varchar) || md5((i + 1)::varchar)) from range(5000000) r(i)")
    full = duckdb.IOException('Could not write file "x.tmp": No space left on device')
    with pytest.raises(ResourceError, match="the disk is full"), db._errors():
        raise full
    with pytest.raises(duckdb.BinderException), db._errors():  # xref's own mistakes are not dressed up
        raise duckdb.BinderException("no such column")


# --- case files ----------------------------------------------------------------------------------------------------


def test_a_damaged_or_foreign_case_file_is_one_line_and_left_untouched(tmp_path: Path, cards: Path) -> None:
    out = tmp_path / "out"
    assert invoke(["run", "--cards", str(cards), "--out", str(out)]).exit_code == 0
    good = (out / "xref.duckdb").read_bytes()
    truncated = tmp_path / "truncated.duckdb"
    truncated.write_bytes(good[: len(good) // 3])
    line = one_error_line(invoke(["run", "--cards", str(cards), "--out", str(tmp_path / "o2"), "--db", str(truncated)]))
    assert "truncated.duckdb is damaged" in line and "restore it from a backup" in line
    assert not (tmp_path / "o2").exists()  # stopped before any work
    one_error_line(invoke(["runs", "--db", str(truncated)]))

    foreign = tmp_path / "shop.duckdb"
    con = duckdb.connect(str(foreign))
    con.execute("create table customers (id integer, name varchar)")
    con.close()
    content = foreign.read_bytes()
    line = one_error_line(invoke(["run", "--cards", str(cards), "--out", str(tmp_path / "o3"), "--db", str(foreign)]))
    assert "not an xref case file (it holds tables customers)" in line
    assert foreign.read_bytes() == content


def test_the_lock_holds_through_a_symbolic_link(tmp_path: Path) -> None:
    real = tmp_path / "case.duckdb"
    link = tmp_path / "link.duckdb"
    link.symlink_to(real)
    with writer_lock(real, "first"), pytest.raises(CaseFileError, match="is in use by first"), writer_lock(link, "2"):
        pass


def test_no_lock_file_is_left_behind_by_a_run_that_fails_or_one_that_ends(tmp_path: Path) -> None:
    case = tmp_path / "case.duckdb"

    def failing_run() -> None:
        with writer_lock(case, "first"):
            assert (tmp_path / "case.duckdb.lock").exists()
            raise RuntimeError("the run failed")

    with pytest.raises(RuntimeError):
        failing_run()
    assert not (tmp_path / "case.duckdb.lock").exists()
    with writer_lock(case, "second"):
        pass
    assert not (tmp_path / "case.duckdb.lock").exists()


def test_a_lock_on_a_lock_file_its_holder_deleted_is_taken_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the writer opens the lock file just as the last holder deletes it: a lock on the deleted file would hold
    # nothing, so the writer opens the file again
    import xref.casefile as casefile

    real_open, opened = casefile._open_lock_file, []

    def open_then_lose(lock_path: Path, path: Path):  # type: ignore[no-untyped-def]
        fh = real_open(lock_path, path)
        opened.append(fh)
        if len(opened) == 1:
            lock_path.unlink()
        return fh

    monkeypatch.setattr(casefile, "_open_lock_file", open_then_lose)
    case = tmp_path / "case.duckdb"
    with writer_lock(case, "first"):
        assert len(opened) == 2 and (tmp_path / "case.duckdb.lock").exists()
        monkeypatch.setattr(casefile, "_open_lock_file", real_open)
        with pytest.raises(CaseFileError, match="is in use by first"), writer_lock(case, "second"):
            pass


# --- outputs in step with the case file ---------------------------------------------------------------------------


def test_outputs_move_into_place_only_once_the_case_file_has_the_run(
    tmp_path: Path, cards: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, db = tmp_path / "out", tmp_path / "out" / "xref.duckdb"
    assert invoke(["run", "--cards", str(cards), "--out", str(out)]).exit_code == 0
    first = run_ids(out, db)

    def commit_fails(*_: object, **__: object) -> None:
        raise CaseFileError("the case file could not be written (simulated)")

    monkeypatch.setattr(xref.pipeline, "record_run", commit_fails)
    one_error_line(invoke(["run", "--cards", str(cards), "--out", str(out)]))
    assert run_ids(out, db) == first  # neither the outputs nor the case file changed
    assert not list(out.glob(".tmp-*"))


def test_a_recorded_run_whose_move_was_cut_short_is_finished(tmp_path: Path, cards: Path) -> None:
    out, db = tmp_path / "out", tmp_path / "out" / "xref.duckdb"
    assert invoke(["run", "--cards", str(cards), "--out", str(out)]).exit_code == 0
    recorded = run_ids(out, db)[0]
    assert recorded is not None
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(dead.stdout)  # a process that has ended
    staged = out / f".tmp-{pid}"
    staged.mkdir()
    (staged / "summary.html").write_text("<html>the recorded run's summary</html>")
    (staged / PENDING).write_text(recorded)
    unrecorded = out / f".tmp-{pid}-x"
    unrecorded.mkdir()
    (unrecorded / "report.html").write_text("<html>a run the case file never recorded</html>")
    (unrecorded / PENDING).write_text("20990101T000000Z-deadbeef")
    report = (out / "report.html").read_bytes()

    finished = recover_outputs(out, lambda run: run in run_ids(out, db)[1])
    assert finished == [recorded]
    assert (out / "summary.html").read_text() == "<html>the recorded run's summary</html>"
    assert (out / "report.html").read_bytes() == report  # the unrecorded run's report never appears
    assert not staged.exists() and not unrecorded.exists()


# --- bugs ----------------------------------------------------------------------------------------------------------


def test_an_unexpected_error_is_one_line_and_its_traceback_goes_to_a_log(
    tmp_path: Path, cards: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def bug(*_: object, **__: object) -> None:
        raise KeyError("name_id")

    monkeypatch.setattr(xref.pipeline, "match_inputs", bug)
    out = tmp_path / "out"
    line = one_error_line(invoke(["run", "--cards", str(cards), "--out", str(out)]))
    assert "xref stopped on an unexpected error (KeyError: 'name_id'); details in" in line
    log = Path(line.split("details in ")[1].split(" — ")[0])
    assert log.parent == out and "Traceback" in log.read_text() and "KeyError" in log.read_text()


def test_check_shows_control_characters_instead_of_obeying_them(tmp_path: Path) -> None:
    hostile = write(tmp_path / "cards.csv", CARDS + "14/01/2025,ARGOS,\x1b[2J\x1b]0;owned\x07lots,Jane Smith\n")
    result = invoke(["check", "--cards", str(hostile)])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "\\x1b[2J" in result.output  # the value is shown, escaped
