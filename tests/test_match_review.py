"""The review loop: ``xref matches review`` lists possible matches, a reviewer fills in the CSV, ``xref matches
import`` records the decisions append-only, and later runs and re-exports honour them."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner, Result

from xref.cli import cli
from xref.errors import InputFileError
from xref.match_review import REVIEW_COLUMNS, import_decisions, pair_id
from xref.names import normalise
from xref.overrides import latest_decisions, read_overrides

CONTRACTS = "Contract ID,Supplier Name,Award Date,Value\nC-1,Meridian Office Supplies Ltd,10/02/2025,25000\n"
GIFTS = (
    "Entry ID,Date of offer,Recipient,Offeror,Description,Value,Status\n"
    "G-1,15/01/2025,Jane Smith,Meridian Offsite Supplies,Dinner,85,Accepted\n"
    "G-2,16/01/2025,Jane Smith,Meridian Offsite Supplies,Lunch,25,Accepted\n"
    "G-3,20/01/2025,Bob Jones,Meridian Office Suplies,Pen,5,Declined\n"
)
HEADER = "name_a,name_b,decision,reviewer,decided_at,note"
NOW = dt.datetime(2025, 4, 1, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner(env={"COLUMNS": "100"})


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Work in an empty folder: the default decisions file is ./match_decisions.csv."""
    monkeypatch.chdir(tmp_path)


def registers(folder: Path, contracts: str = CONTRACTS, gifts: str = GIFTS) -> list[str]:
    """Write a tiny contracts and gifts register; returns the input options for xref."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "contracts.csv").write_text(contracts, encoding="utf-8")
    (folder / "gifts.csv").write_text(gifts, encoding="utf-8")
    return ["--contracts", str(folder / "contracts.csv"), "--gifts", str(folder / "gifts.csv"), "--period", "2025Q1"]


def review(runner: CliRunner, inputs: list[str], out: Path, *extra: str) -> tuple[Result, list[dict[str, str]]]:
    result = runner.invoke(cli, ["matches", "review", *inputs, "--out", str(out), *extra])
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig")))) if out.exists() else []
    return result, rows


def fill(path: Path, answers: dict[tuple[str, str], tuple[str, str, str]]) -> None:
    """Fill in decision, reviewer and note for the rows naming (name_a, name_b), as a reviewer would."""
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    for row in rows:
        key = (row["name_a"], row["name_b"])
        if key in answers:
            row["decision"], row["reviewer"], row["note"] = answers[key]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=REVIEW_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)


def r001_flags(runner: CliRunner, inputs: list[str], out: Path, *extra: str) -> int:
    result = runner.invoke(cli, ["run", *inputs, "--out", str(out), *extra])
    assert result.exit_code == 0, result.output
    return pl.read_csv(out / "flags.csv").filter(pl.col("rule_id") == "R001").height


def test_review_lists_the_review_band_pairs_with_alternatives_flagged_first(runner: CliRunner, tmp_path: Path) -> None:
    result, rows = review(runner, registers(tmp_path / "q1"), tmp_path / "review.csv")
    assert result.exit_code == 0, result.output
    assert "Wrote 2 possible match(es)" in result.output
    assert list(rows[0]) == REVIEW_COLUMNS
    first = rows[0]
    # the pair two R001 flags rest on comes first; the supplier is two records of gifts and one contract
    assert (first["name_a"], first["name_b"]) == ("Meridian Office Supplies Ltd", "Meridian Offsite Supplies")
    assert (first["register_a"], first["records_a"], first["register_b"], first["records_b"]) == (
        "contracts",
        "1",
        "gifts",
        "2",
    )
    assert first["in_flags"] == "2"
    assert float(first["score"]) < 95
    assert "review band" in first["explanation"]
    assert first["alternatives_b"].startswith("'Meridian Office Suplies' (gifts, ")
    assert first["alternatives_a"].startswith("'Meridian Office Suplies' (gifts, ")
    assert first["pair_id"] == pair_id(normalise("Meridian Offsite Supplies").key, normalise(first["name_a"]).key)
    assert (first["decision"], first["reviewer"], first["note"]) == ("", "", "")
    assert rows[1]["in_flags"] == "0"


def test_imported_decision_leaves_the_queue_and_not_same_stops_the_flag(runner: CliRunner, tmp_path: Path) -> None:
    inputs = registers(tmp_path / "q1")
    assert r001_flags(runner, inputs, tmp_path / "before") == 3  # two from one spelling, one from the other
    out = tmp_path / "review.csv"
    review(runner, inputs, out)
    fill(out, {("Meridian Office Supplies Ltd", "Meridian Offsite Supplies"): ("Not Same", "", "a stationer in Leeds")})
    result = runner.invoke(cli, ["matches", "import", str(out), "--reviewer", "J. Okafor"])
    assert result.exit_code == 0, result.output
    assert "Recorded 1 decision(s) in match_decisions.csv; skipped 1 row(s) with no decision." in result.output
    assert "--overrides match_decisions.csv" in result.output

    result, rows = review(runner, inputs, out)
    assert result.exit_code == 0, result.output
    assert "Pairs already decided in match_decisions.csv are left out." in result.output
    assert [(r["name_a"], r["name_b"]) for r in rows] == [("Meridian Office Suplies", "Meridian Offsite Supplies")]
    assert r001_flags(runner, inputs, tmp_path / "after", "--overrides", "match_decisions.csv") == 1
    recorded = read_overrides(Path("match_decisions.csv")).row(0, named=True)
    assert (recorded["decision"], recorded["reviewer"], recorded["note"]) == (
        "not_same",
        "J. Okafor",
        "a stationer in Leeds",
    )


def test_decision_still_applies_after_a_re_export_with_new_spellings_and_ids(runner: CliRunner, tmp_path: Path) -> None:
    decisions = tmp_path / "decisions.csv"
    out = tmp_path / "review.csv"
    review(runner, registers(tmp_path / "q1"), out)
    fill(out, {("Meridian Office Supplies Ltd", "Meridian Offsite Supplies"): ("not_same", "J. Okafor", "")})
    assert runner.invoke(cli, ["matches", "import", str(out), "--decisions", str(decisions)]).exit_code == 0
    # Next quarter's exports: other ids, other row order, the names written differently but normalising alike.
    contracts = "Contract ID,Supplier Name,Award Date,Value\nK-77,MERIDIAN OFFICE SUPPLIES LIMITED,11/02/2025,9000\n"
    gifts = (
        "Entry ID,Date of offer,Recipient,Offeror,Description,Value,Status\n"
        "H-9,17/01/2025,Jane Smith,MERIDIAN OFFSITE SUPPLIES.,Lunch,25,Accepted\n"
        "H-8,16/01/2025,Jane Smith,meridian offsite supplies,Dinner,85,Accepted\n"
    )
    inputs = registers(tmp_path / "q2", contracts, gifts)
    assert r001_flags(runner, inputs, tmp_path / "plain") == 2
    assert r001_flags(runner, inputs, tmp_path / "decided", "--overrides", str(decisions)) == 0
    result, rows = review(runner, inputs, tmp_path / "review2.csv", "--overrides", str(decisions))
    assert result.exit_code == 0, result.output
    assert rows == []


def test_import_appends_and_never_rewrites(tmp_path: Path) -> None:
    decisions = tmp_path / "decisions.csv"
    old = (
        f"{HEADER}\r\n"
        'Phoenix Fire Protection Ltd,PHOENIX FIRE,not_same,J. Okafor,2024-11-04,"an alarm firm, not our contractor"'
    )  # Windows line endings, no newline at the end
    decisions.write_bytes(old.encode("utf-8"))
    answers = tmp_path / "review.csv"
    answers.write_text(
        "pair_id,name_a,name_b,decision,reviewer,note\n"
        "P1,Meridian Office Supplies Ltd,Meridian Offsite Supplies,same,,\n"
        "P2,Harbour Catering Ltd,Harbor Catering,,,\n"
        "P3,Phoenix Fire Protection Ltd,Phoenix Fire,SAME,A. Analyst,=checked the invoices\n",
        encoding="utf-8",
    )
    summary = import_decisions(answers, decisions, reviewer="J. Okafor", now=NOW)
    assert (summary.recorded, summary.blank, summary.already, summary.created) == (2, 1, 0, False)
    data = decisions.read_bytes()
    assert data.startswith(old.encode("utf-8"))
    assert data[len(old) :].decode("utf-8").split("\r\n") == [
        "",
        "Meridian Office Supplies Ltd,Meridian Offsite Supplies,same,J. Okafor,2025-04-01T09:30:00Z,",
        "Phoenix Fire Protection Ltd,Phoenix Fire,same,A. Analyst,2025-04-01T09:30:00Z,'=checked the invoices",
        "",
    ]
    # the later decision on the Phoenix pair wins; the earlier line is kept as history
    latest = latest_decisions(read_overrides(decisions))
    assert latest.height == 2
    assert latest.filter(pl.col("name_b") == "Phoenix Fire")["decision"].to_list() == ["same"]
    # importing the same file again records nothing new
    again = import_decisions(answers, decisions, reviewer="J. Okafor", now=NOW)
    assert (again.recorded, again.already) == (0, 2)
    assert decisions.read_bytes() == data


def test_import_creates_the_decisions_file_with_its_header(tmp_path: Path) -> None:
    answers = tmp_path / "review.csv"
    # as Excel saves "CSV (Comma delimited)" in some locales: Windows-1252 and semicolons
    answers.write_bytes(
        "name_a;name_b;decision;reviewer\nCafé Rouge Ltd;Cafe Rogue;not-same;A. N. Other\n".encode("cp1252")
    )
    decisions = tmp_path / "sub" / "decisions.csv"
    summary = import_decisions(answers, decisions, now=NOW)
    assert (summary.recorded, summary.created) == (1, True)
    text = decisions.read_text(encoding="utf-8-sig")
    assert text == f"{HEADER}\nCafé Rouge Ltd,Cafe Rogue,not_same,A. N. Other,2025-04-01T09:30:00Z,\n"
    assert read_overrides(decisions)["decision"].to_list() == ["not_same"]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "Meridian Office Supplies Ltd,Meridian Offsite Supplies,maybe,A. Analyst",
            "row 3: decision 'maybe' is not same or not_same; write same (one supplier), not_same",
        ),
        (
            "Meridian Office Supplies Ltd,Meridian Offsite Supplies,same,",
            "row 3: no reviewer; fill in the reviewer column",
        ),
        (",Meridian Offsite Supplies,same,A. Analyst", "row 3: name_a and name_b must both be filled in"),
        (
            "Meridian Office Supplies Ltd,MERIDIAN OFFICE SUPPLIES LIMITED,not_same,A. Analyst",
            "row 3: 'Meridian Office Supplies Ltd' and 'MERIDIAN OFFICE SUPPLIES LIMITED' both normalise to ",
        ),
    ],
)
def test_a_bad_row_is_one_line_and_nothing_is_written(
    runner: CliRunner, tmp_path: Path, row: str, message: str
) -> None:
    answers = tmp_path / "review.csv"
    answers.write_text(f"name_a,name_b,decision,reviewer\nA Ltd,B Ltd,same,A. Analyst\n{row}\n", encoding="utf-8")
    decisions = tmp_path / "decisions.csv"
    decisions.write_text(f"{HEADER}\n", encoding="utf-8")
    result = runner.invoke(cli, ["matches", "import", str(answers), "--decisions", str(decisions)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith(f"Error: review file {answers} {message}")
    assert lines[0].endswith("nothing was recorded")
    assert decisions.read_text(encoding="utf-8") == f"{HEADER}\n"


def test_import_needs_a_decisions_file_that_can_record_who_and_when(tmp_path: Path) -> None:
    answers = tmp_path / "review.csv"
    answers.write_text("name_a,name_b,decision,reviewer\nA Ltd,B Ltd,same,A. Analyst\n", encoding="utf-8")
    decisions = tmp_path / "decisions.csv"
    decisions.write_text("name_a,name_b,decision\nX Ltd,Y Ltd,same\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="has no reviewer, decided_at, note column; add"):
        import_decisions(answers, decisions, now=NOW)
    assert decisions.read_text(encoding="utf-8") == "name_a,name_b,decision\nX Ltd,Y Ltd,same\n"


def test_review_will_not_overwrite_decisions_not_yet_imported(runner: CliRunner, tmp_path: Path) -> None:
    inputs = registers(tmp_path / "q1")
    out = tmp_path / "review.csv"
    decisions = tmp_path / "decisions.csv"
    review(runner, inputs, out)
    fill(out, {("Meridian Office Supplies Ltd", "Meridian Offsite Supplies"): ("same", "A. Analyst", "")})
    filled = out.read_bytes()
    result = runner.invoke(cli, ["matches", "review", *inputs, "--out", str(out)])
    assert result.exit_code == 1
    assert "has 1 decision(s) not yet recorded" in result.output
    assert out.read_bytes() == filled
    assert runner.invoke(cli, ["matches", "import", str(out), "--decisions", str(decisions)]).exit_code == 0
    result, rows = review(runner, inputs, out, "--overrides", str(decisions))
    assert result.exit_code == 0, result.output
    same_file = runner.invoke(
        cli, ["matches", "review", *inputs, "--out", str(decisions), "--overrides", str(decisions)]
    )
    assert same_file.exit_code == 1
    assert "is the decisions file" in same_file.output
    assert rows == []  # 'same' puts Meridian Offsite Supplies in the supplier 'Meridian Office Suplies' is part of
