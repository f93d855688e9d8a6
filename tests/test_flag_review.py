"""Reviewer decisions on flags: review state and four eyes, the review sheet's export and import, lifecycles across
runs, and a flag's history. Case files are built from hand-made flags and evidence, without running the pipeline."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import xlsxwriter
from click.testing import CliRunner

from xref.casefile import CaseHistory, case_history, evidence_hashes, record_run, review_state, standing
from xref.cli import cli
from xref.db import Database
from xref.errors import InputFileError
from xref.flag_review import (
    EXPORT_COLUMNS,
    ImportSummary,
    export_review,
    flag_history,
    import_review,
    open_flags,
)
from xref.flags import FLAG_COLUMNS, flag_id
from xref.overrides import read_overrides
from xref.reconcile import RECON_SCHEMA
from xref.sheets import read_filled_file

SCHEMA = {**FLAG_COLUMNS, "match_names": pl.List(pl.Utf8)}
Q1_END = dt.date(2025, 3, 31)
MED = flag_id("R001", "jane")  # medium, about DS Jane Smith (no staff list: keyed on her name)
HIGH = flag_id("R002", "bob")  # high, about Bob Jones, staff number WX123
MATCH = flag_id("R003", "acme")  # medium, rests on the match of two supplier names
HIGH_MATCH = flag_id("R004", "acme")  # high, likewise
NAMES = ["Acme Ltd", "Acme Security Services"]
Record = tuple[str, dict[str, Any]]
"""An evidence record: its reference and its fields."""


def at(day: int, hour: int = 9) -> dt.datetime:
    """A moment in April 2025 (UTC): runs start at 09:00, decisions are recorded later in the day."""
    return dt.datetime(2025, 4, day, hour, tzinfo=dt.UTC)


def make_flag(
    fid: str,
    severity: str = "medium",
    *,
    staff: str = "DS Jane Smith",
    staff_key: str = "jane smith",
    supplier: str = "Acme Security Services",
    summary: str = "Jane Smith accepted hospitality from a supplier",
    match_names: list[str] | None = None,
) -> dict[str, Any]:
    row: dict[str, Any] = {k: None for k in SCHEMA}
    row.update(
        flag_id=fid,
        rule_id=fid.split("-")[0],
        rule_title="a rule",
        severity=severity,
        staff=staff,
        staff_key=staff_key,
        supplier=supplier,
        summary=summary,
        subject_key=fid,
        evidence=[],
        priority=50,
        match_names=match_names,
    )
    return row


def gift(ref: str, value: int = 85) -> Record:
    return ref, {"gift_id": ref, "recipient": "Jane Smith", "value": value}


def snapshot(evidence: dict[str, list[Record]]) -> pl.DataFrame:
    """Evidence records as :func:`xref.casefile.evidence_snapshot` gives them."""
    rows = []
    for fid, records in evidence.items():
        for ref, fields in records:
            text = json.dumps(fields, sort_keys=True)
            digest = hashlib.sha256(f"gifts\x1f{text}".encode()).hexdigest()[:16]
            rows.append((fid, f"gifts:{ref}", "gifts", ref, digest, text))
    schema = dict.fromkeys(["flag_id", "item", "register", "ref", "digest", "fields"], pl.Utf8)
    return pl.DataFrame(rows, schema=schema, orient="row").sort("flag_id", "item")


class Case:
    """A case file in a temporary folder, with runs of hand-made flags and imports of hand-written sheets."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / "xref.duckdb"
        self.overrides = folder / "match_decisions.csv"
        self.runs = 0

    def run(
        self,
        flags: list[dict[str, Any]],
        evidence: dict[str, list[Record]] | None = None,
        *,
        day: int,
        review_day: dt.date = Q1_END,
    ) -> CaseHistory:
        """Raise ``flags`` (each with one gift as evidence unless told) in a run starting on ``day`` of April."""
        self.runs += 1
        run_id = f"run{self.runs}"
        evidence = {f["flag_id"]: [gift("G-1")] for f in flags} | (evidence or {})
        snap = snapshot(evidence)
        frame = pl.DataFrame(flags, schema=SCHEMA)
        history = case_history(
            self.path, run_id=run_id, period_label=f"P{self.runs}", review_day=review_day, flags=frame, snapshot=snap
        )
        record_run(
            self.path,
            run_info={
                "run_id": run_id,
                "started_at": at(day).replace(tzinfo=None).isoformat(),
                "xref_version": "0",
                "period": {"label": f"P{self.runs}", "from": "2025-01-01", "to": "2025-03-31"},
            },
            recon=pl.DataFrame(schema=RECON_SCHEMA),
            flags=history.flags,
            snapshot=snap,
        )
        return history

    def sheet(self, rows: list[dict[str, str]], name: str = "sheet.csv") -> Path:
        """A filled-in review sheet (CSV) with just the columns the rows use."""
        columns = list(dict.fromkeys(["flag_id", "decision", *(k for r in rows for k in r)]))
        path = self.folder / name
        pl.DataFrame(
            [{c: r.get(c, "") for c in columns} for r in rows], schema=dict.fromkeys(columns, pl.Utf8)
        ).write_csv(path)
        return path

    def decide(self, rows: list[dict[str, str]], *, day: int, name: str = "sheet.csv") -> ImportSummary:
        return self.load(self.sheet(rows, name), day=day)

    def load(self, sheet: Path, *, day: int) -> ImportSummary:
        return import_review(self.path, sheet, match_decisions=self.overrides, now=at(day, 15))

    def decisions(self) -> list[tuple[Any, ...]]:
        db = Database(self.path)
        try:
            return db.rows("select * from decisions order by decision_id")
        finally:
            db.close()


def row(fid: str, decision: str, reviewer: str, rationale: str = "checked the register", **more: str) -> dict[str, str]:
    return {"flag_id": fid, "decision": decision, "rationale": rationale, "reviewer": reviewer, **more}


def standard_flags() -> list[dict[str, Any]]:
    return [
        make_flag(MED),
        make_flag(HIGH, "high", staff="Bob Jones", staff_key="staff:WX123", summary="Bob Jones approved a contract"),
        make_flag(MATCH, match_names=NAMES),
        make_flag(HIGH_MATCH, "high", match_names=NAMES),
    ]


@pytest.fixture(scope="module")
def first_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A case file with one run raising the four standard flags on 1 April (built once, copied for each test)."""
    c = Case(tmp_path_factory.mktemp("first_run"))
    c.run(standard_flags(), day=1)
    assert [p.name for p in c.folder.iterdir()] == [c.path.name]
    return c.path


@pytest.fixture
def case(first_run: Path, tmp_path: Path) -> Case:
    """A case file of its own holding :func:`first_run`."""
    c = Case(tmp_path)
    shutil.copyfile(first_run, c.path)
    c.runs = 1
    return c


# --- review state and standing ------------------------------------------------------------------------------------


def dec(i: int, status: str, reviewer: str, evidence: str = "h1", day: int = 2) -> dict[str, Any]:
    return {
        "decision_id": i,
        "status": status,
        "reviewer": reviewer,
        "evidence_hash": evidence,
        "decided_at": at(day, 12).replace(tzinfo=None),
    }


def test_a_medium_closure_takes_effect_at_once_and_a_referral_needs_one_reviewer() -> None:
    state = review_state([dec(1, "closed_no_issue", "Ann Lee")], "medium")
    assert (state.status, state.decision and state.decision["decision_id"], state.pending) == (
        "closed_no_issue",
        1,
        None,
    )
    assert state.decided
    state = review_state([dec(1, "referred_psd_investigation", "Ann Lee")], "critical")
    assert state.status == "referred_psd_investigation" and state.pending is None


def test_a_high_closure_waits_for_a_second_different_reviewer_on_the_same_evidence() -> None:
    first = dec(1, "closed_no_issue", "Ann Lee")
    state = review_state([first], "high")
    assert state.status == "awaiting_second_review" and not state.decided
    assert state.pending == first and state.decision is None

    confirmed = review_state([dec(2, "closed_no_issue", "Raj Patel"), first], "high")  # replayed in id order
    assert confirmed.status == "closed_no_issue" and confirmed.pending is None
    assert confirmed.decision is not None and confirmed.decision["reviewer"] == "Raj Patel"

    other_status = review_state([first, dec(2, "closed_data_error", "Raj Patel")], "critical")
    assert other_status.status == "awaiting_second_review"
    assert other_status.pending is not None and other_status.pending["decision_id"] == 2

    other_evidence = review_state([first, dec(2, "closed_no_issue", "Raj Patel", evidence="h2")], "high")
    assert other_evidence.status == "awaiting_second_review"
    assert other_evidence.pending is not None and other_evidence.pending["decision_id"] == 2

    in_review = review_state([first, dec(2, "in_review", "Raj Patel")], "high")
    assert (in_review.status, in_review.pending) == ("in_review", None)


@pytest.mark.parametrize("again", ["ann lee", "Lee, Ann", "DS Ann Lee", " Ann  Lee. "])
def test_the_same_reviewer_written_another_way_does_not_confirm_their_own_closure(again: str) -> None:
    state = review_state([dec(1, "closed_no_issue", "Ann Lee"), dec(2, "closed_no_issue", again)], "high")
    assert state.status == "awaiting_second_review"
    assert state.pending is not None and state.pending["reviewer"] == again


@pytest.mark.parametrize(
    ("first", "again"),
    [
        ("Joy Okafor", "Joy \u041ekafor"),  # a Cyrillic capital О for the Latin O
        ("Joy Okafor", "J\u043ey \u041ek\u0430f\u043er"),  # Cyrillic о, О and а
        ("René Dupont", "Rene Dupont"),
        ("Rene Dupont", "DUPONT, René"),
        ("Smith, Jane", "jane.smith@wessex.police.uk"),
        ("Jane Smith", "smith_jane@wessex.police.uk"),
        ("Raj Patel", "Raj Pa\u200btel"),  # a zero-width space inside the name
        ("Raj Patel", "\ufeffRaj\u00a0Patel\u200d"),
        ("jsmith42@wessex.police.uk", "JSmith42@Wessex.Police.UK"),
    ],
)
def test_a_look_alike_accent_invisible_character_or_address_does_not_make_a_second_reviewer(
    first: str, again: str
) -> None:
    state = review_state([dec(1, "closed_no_issue", first), dec(2, "closed_no_issue", again)], "high")
    assert state.status == "awaiting_second_review"
    assert state.pending is not None and state.pending["decision_id"] == 2


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Joy Okafor", "Jay Okafor"),
        ("René Dupont", "Renée Dupont"),
        ("Jane Smith", "J Smith"),
        ("Jane Smith", "jane.smithson@wessex.police.uk"),
        ("Jane Smith", "jsmith42@wessex.police.uk"),  # not readable as a name: compared as itself
    ],
)
def test_a_genuinely_different_second_reviewer_confirms_the_closure(first: str, second: str) -> None:
    state = review_state([dec(1, "closed_no_issue", first), dec(2, "closed_no_issue", second)], "high")
    assert state.status == "closed_no_issue"
    assert state.decision is not None and state.decision["reviewer"] == second


@pytest.mark.parametrize(
    ("fid", "reviewer"),
    [
        (MED, "jane.smith@wessex.police.uk"),  # the flag is about DS Jane Smith
        (MED, "smith.jane@wessex.police.uk"),
        (MED, "J\u0430ne Smith"),  # a Cyrillic а
        (MED, "Jane Smi\u200bth"),  # a zero-width space
        (MED, "Jáne Smith"),
        (HIGH, "bob.jones@wessex.police.uk"),  # the flag is about Bob Jones, staff number WX123
        (HIGH, "W\u0425123"),  # the staff number with a Cyrillic Х
        (HIGH, "WX\u200b123"),
    ],
)
def test_a_reviewer_cannot_decide_a_flag_about_themselves_written_another_way(
    case: Case, fid: str, reviewer: str
) -> None:
    with pytest.raises(InputFileError, match="is the member of staff"):
        case.decide([row(fid, "in_review", reviewer, "")], day=2)
    assert case.decisions() == []


def test_the_flags_member_of_staff_is_compared_the_same_way(tmp_path: Path) -> None:
    c = Case(tmp_path)
    fid = flag_id("R005", "rene")
    c.run([make_flag(fid, staff="Insp René Dupont", staff_key="staff:WX777")], day=1)
    with pytest.raises(InputFileError, match="Rene Dupont is the member of staff"):
        c.decide([row(fid, "in_review", "Rene Dupont", "")], day=2)
    with pytest.raises(InputFileError, match="is the member of staff"):
        c.decide([row(fid, "in_review", "rene.dupont@wessex.police.uk", "")], day=2)
    assert c.decide([row(fid, "in_review", "Renée Dupont", "")], day=2).recorded == 1  # someone else


def test_another_person_may_decide_the_flag(case: Case) -> None:
    rows = [row(MED, "in_review", "Jane Smithson", ""), row(HIGH, "in_review", "jsmith42@wessex.police.uk", "")]
    assert case.decide(rows, day=2).recorded == 2


def test_the_same_decision_written_with_an_address_is_already_recorded(case: Case) -> None:
    assert case.decide([row(MED, "closed_no_issue", "Ann Lee")], day=2).recorded == 1
    again = case.decide([row(MED, "closed_no_issue", "ann.lee@wessex.police.uk")], day=3)
    assert (again.recorded, again.already) == (0, 1)
    assert len(case.decisions()) == 1


def test_a_decision_stands_only_on_the_evidence_it_was_made_on_and_after_the_last_re_opening() -> None:
    raised = at(5).replace(tzinfo=None)
    flag = {"severity": "medium", "evidence_hash": "h1", "lifecycle": "carried_forward", "raised_at": raised}
    closed = [dec(1, "closed_no_issue", "Ann Lee", day=2)]
    assert standing(flag, closed).status == "closed_no_issue"
    assert standing(flag | {"evidence_hash": "h2"}, closed).status == "open"
    assert standing(flag | {"lifecycle": "re_opened"}, closed).status == "open"  # decided before the re-opening run
    after = [dec(1, "closed_no_issue", "Ann Lee", day=6)]
    assert standing(flag | {"lifecycle": "re_opened"}, after).status == "closed_no_issue"
    # a high flag awaiting its second reviewer keeps its pending closure while open
    pending = standing(flag | {"severity": "high"}, closed)
    assert pending.status == "awaiting_second_review" and pending.pending is not None


# --- import: every problem stops the whole sheet -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([row("R001-nonexistent", "closed_no_issue", "Ann Lee")], ["row 2:", "flag_id 'R001-nonexistent'"]),
        ([row(MED, "closed_because", "Ann Lee")], ["row 2, column decision:", "'closed_because' is not a status"]),
        ([row(MED, "closed_no_issue", "")], ["row 2, column reviewer:", "no reviewer"]),
        ([row(MED, "referred_psd_investigation", "Ann Lee", "")], ["row 2, column rationale:", "needs a rationale"]),
        ([row(MED, "in_review", "Smith, Jane", "")], ["row 2, column reviewer:", "Smith, Jane is the member of staff"]),
        ([row(HIGH, "closed_no_issue", "wx 123")], ["row 2, column reviewer:", "wx 123 is the member of staff"]),
        ([row(MED, "in_review", "Ann Lee", next_review_date="31/02/2025")], ["row 2, column next_review_date:"]),
        ([row(MED, "in_review", "Ann Lee", next_review_date="soon")], ["row 2, column next_review_date: 'soon'"]),
        ([row(MED, "closed_false_match", "Ann Lee")], ["row 2:", "does not rest on a supplier-name match"]),
        ([row(MED, "closed_no_issue", "Ann Lee", evidence_version="0123abcd")], ["row 2:", "evidence changed"]),
        (
            [row(MED, "closed_no_issue", "Ann Lee"), row(HIGH, "closed_no_issue", "Ann Lee", "")],
            ["row 3, column rationale:"],
        ),
        (
            [row(MED, "nonsense", "Ann Lee"), row(HIGH, "closed_no_issue", "")],
            ["row 2, column decision:", "(1 more row(s) have problems)"],
        ),
    ],
)
def test_a_sheet_with_a_bad_row_is_refused_with_one_line_naming_it_and_nothing_is_recorded(
    case: Case, rows: list[dict[str, str]], expected: list[str]
) -> None:
    before = case.decisions()
    with pytest.raises(InputFileError) as caught:
        case.decide(rows, day=2)
    message = str(caught.value)
    assert "\n" not in message and message.endswith("nothing was recorded")
    for text in expected:
        assert text in message
    assert case.decisions() == before == []
    assert not case.overrides.exists()


def test_the_reviewer_closing_a_high_flag_twice_is_told_it_needs_a_second_reviewer(case: Case) -> None:
    assert case.decide([row(HIGH, "closed_no_issue", "Ann Lee")], day=2).awaiting_second == [HIGH]
    before = case.decisions()
    with pytest.raises(
        InputFileError, match=r"row 2: .*needs a second reviewer; Lee, Ann already recorded closed_no_issue"
    ):
        case.decide([row(HIGH, "closed_no_issue", "Lee, Ann", "looked again")], day=3)
    with pytest.raises(InputFileError, match="needs a second reviewer"):
        case.decide([row(HIGH, "closed_data_error", "ANN LEE", "a data error")], day=3)
    assert case.decisions() == before and len(before) == 1


def test_a_sheet_exported_before_the_evidence_changed_is_refused(case: Case) -> None:
    sheet = case.folder / "review.csv"
    export_review(case.path, sheet)
    version = dict(pl.read_csv(sheet, infer_schema=False).select("flag_id", "evidence_version").iter_rows())[MED]
    case.run(standard_flags(), {MED: [gift("G-1"), gift("G-2")]}, day=3)
    filled = pl.read_csv(sheet, infer_schema=False).with_columns(
        decision=pl.when(pl.col("flag_id") == MED).then(pl.lit("closed_no_issue")),
        rationale=pl.lit("fine"),
        reviewer=pl.lit("Ann Lee"),
    )
    filled.write_csv(sheet)
    line = 2 + filled["flag_id"].to_list().index(MED)
    with pytest.raises(InputFileError, match=rf"row {line}: flag {MED}'s evidence changed in run run2"):
        case.load(sheet, day=4)
    assert case.decisions() == []
    assert open_flags(case.path).filter(pl.col("flag_id") == MED)["evidence_version"].item() != version


# --- false matches, idempotence, append-only --------------------------------------------------------------------


def test_a_false_match_closure_records_not_same_once(case: Case) -> None:
    rows = [row(MATCH, "closed_false_match", "Ann Lee", "different firms")]
    first = case.decide(rows, day=2)
    assert (first.recorded, first.overrides) == (1, 1)
    overrides = read_overrides(case.overrides)
    assert overrides.select("name_a", "name_b", "decision", "reviewer").rows() == [
        ("Acme Ltd", "Acme Security Services", "not_same", "Ann Lee")
    ]
    assert overrides["note"].item() == f"flag {MATCH} closed as a false match"
    text = case.overrides.read_bytes()

    again = case.decide(rows, day=3)
    assert (again.recorded, again.already, again.overrides) == (0, 1, 0)
    assert case.overrides.read_bytes() == text
    assert len(case.decisions()) == 1


def test_a_high_false_match_closure_writes_not_same_only_when_confirmed(case: Case) -> None:
    first = case.decide([row(HIGH_MATCH, "closed_false_match", "Ann Lee", "different firms")], day=2)
    assert (first.recorded, first.overrides, first.awaiting_second) == (1, 0, [HIGH_MATCH])
    assert not case.overrides.exists()
    second = case.decide([row(HIGH_MATCH, "closed_false_match", "Raj Patel", "agreed")], day=3, name="second.csv")
    assert (second.recorded, second.overrides, second.awaiting_second) == (1, 1, [])
    assert read_overrides(case.overrides).select("decision", "reviewer").rows() == [("not_same", "Raj Patel")]
    confirming = case.decisions()[-1]
    assert confirming[-3] == case.decisions()[0][0]  # confirms: the first reviewer's decision
    assert HIGH_MATCH not in open_flags(case.path)["flag_id"].to_list()


def test_importing_the_same_sheet_again_records_nothing_new(case: Case) -> None:
    rows = [row(MED, "closed_no_issue", "Ann Lee"), row(HIGH, "in_review", "Ann Lee", ""), {"flag_id": MATCH}]
    first = case.decide(rows, day=2)
    assert (first.recorded, first.already, first.blank) == (2, 0, 1)
    again = case.decide(rows, day=3)
    assert (again.recorded, again.already, again.blank) == (0, 2, 1)
    assert len(case.decisions()) == 2


def test_decisions_are_appended_and_never_rewritten(case: Case) -> None:
    case.decide([row(HIGH, "closed_no_issue", "Ann Lee"), row(MED, "in_review", "Ann Lee", "")], day=2)
    before = case.decisions()
    case.decide(
        [row(HIGH, "closed_no_issue", "Raj Patel"), row(MED, "closed_data_error", "Raj Patel")], day=3, name="b.csv"
    )
    after = case.decisions()
    assert after[: len(before)] == before
    assert len(after) == 4
    assert [d[4] for d in after] == ["closed_no_issue", "in_review", "closed_no_issue", "closed_data_error"]
    assert open_flags(case.path)["flag_id"].to_list() == [HIGH_MATCH, MATCH]


# --- export -----------------------------------------------------------------------------------------------------


def test_an_exported_csv_filled_in_with_polars_imports(case: Case) -> None:
    sheet = case.folder / "review.csv"
    summary = export_review(case.path, sheet)
    assert (summary.flags, summary.awaiting_second) == (4, 0)
    exported = pl.read_csv(sheet, infer_schema=False)
    assert exported.columns == list(EXPORT_COLUMNS)
    assert exported["flag_id"].to_list() == [HIGH, HIGH_MATCH, MED, MATCH]  # high first
    assert exported["lifecycle"].unique().to_list() == ["new"]
    filled = exported.with_columns(
        decision=pl.when(pl.col("flag_id") == MED).then(pl.lit("Closed no issue")),
        rationale=pl.when(pl.col("flag_id") == MED).then(pl.lit("declared and approved")),
        reviewer=pl.lit("Ann Lee"),
    )
    filled.write_csv(sheet)
    result = case.load(sheet, day=2)
    assert (result.recorded, result.blank) == (1, 3)
    assert case.decisions()[0][1:5] == (MED, exported["evidence_version"][2], "run1", "closed_no_issue")
    assert MED not in open_flags(case.path)["flag_id"].to_list()


def test_an_exported_workbook_reads_back_and_imports(case: Case) -> None:
    sheet = case.folder / "review.xlsx"
    assert export_review(case.path, sheet).flags == 4
    rows = read_filled_file(sheet, "review sheet")
    assert rows[0] == list(EXPORT_COLUMNS)
    assert [r[0] for r in rows[1:]] == [HIGH, HIGH_MATCH, MED, MATCH]
    column = {c: i for i, c in enumerate(rows[0])}
    for r in rows[1:]:
        if r[0] in (HIGH, MATCH):
            r[column["decision"]] = "closed_no_issue" if r[0] == HIGH else "closed_false_match"
            r[column["rationale"]] = "checked"
            r[column["reviewer"]] = "Ann Lee"
    workbook = xlsxwriter.Workbook(str(sheet))
    ws = workbook.add_worksheet("Review")
    for i, r in enumerate(rows):
        for j, value in enumerate(r):
            ws.write_string(i, j, value)
    workbook.close()
    result = case.load(sheet, day=2)
    assert (result.recorded, result.awaiting_second, result.overrides) == (2, [HIGH], 1)


def test_export_keeps_a_filled_sheet_until_its_decisions_are_imported(case: Case) -> None:
    sheet = case.folder / "review.csv"
    export_review(case.path, sheet)
    export_review(case.path, sheet)  # an unfilled sheet may be overwritten
    filled = pl.read_csv(sheet, infer_schema=False).with_columns(
        decision=pl.when(pl.col("flag_id") == MED).then(pl.lit("closed_no_issue")),
        rationale=pl.lit("fine"),
        reviewer=pl.lit("Ann Lee"),
    )
    filled.write_csv(sheet)
    content = sheet.read_bytes()
    with pytest.raises(InputFileError, match=r"has 1 decision\(s\) not yet recorded \(first on row 4\)"):
        export_review(case.path, sheet)
    assert sheet.read_bytes() == content
    case.load(sheet, day=2)
    assert export_review(case.path, sheet).flags == 3
    assert MED not in pl.read_csv(sheet, infer_schema=False)["flag_id"].to_list()


def test_formula_cells_are_neutralised_in_csv_and_workbook(tmp_path: Path) -> None:
    c = Case(tmp_path)
    fid = flag_id("R001", "formula")
    c.run(
        [make_flag(fid, staff='=HYPERLINK("http://x")', supplier="=1+1", summary="@SUM(A1)", staff_key="x")],
        day=1,
    )
    export_review(c.path, tmp_path / "r.csv")
    export_review(c.path, tmp_path / "r.xlsx")
    csv_row = pl.read_csv(tmp_path / "r.csv", infer_schema=False).row(0, named=True)
    header, xlsx_values = read_filled_file(tmp_path / "r.xlsx", "review sheet")[:2]
    xlsx_row = dict(zip(header, xlsx_values, strict=True))
    for cells in (csv_row, xlsx_row):
        assert (cells["staff"], cells["supplier"], cells["summary"]) == (
            '\'=HYPERLINK("http://x")',
            "'=1+1",
            "'@SUM(A1)",
        )


# --- history ------------------------------------------------------------------------------------------------------


def test_a_flags_history_lists_runs_and_decisions_in_time_order(case: Case) -> None:
    case.decide([row(HIGH, "closed_no_issue", "Ann Lee", evidence_consulted="contract file")], day=2)
    case.run(standard_flags(), day=3)
    case.decide([row(HIGH, "closed_no_issue", "Raj Patel", reviewer_role="PSD inspector")], day=4, name="b.csv")
    lines = flag_history(case.path, HIGH)
    assert lines[0] == f"{HIGH}: Bob Jones approved a contract"
    body = lines[1:-1]
    assert len(body) == 4
    assert body[0].startswith("2025-04-01 09:00  raised by run run1 (P1): new, high, evidence ")
    assert body[1].startswith("2025-04-02 15:00  decision #1: closed_no_issue by Ann Lee; rationale: checked")
    assert "evidence consulted: contract file" in body[1]
    assert body[2].startswith("2025-04-03 09:00  raised by run run2 (P2): carried forward, high")
    assert body[3].startswith("2025-04-04 15:00  decision #2: closed_no_issue by Raj Patel (PSD inspector)")
    assert "confirms decision #1" in body[3]
    assert lines[-1] == "Now: closed_no_issue"

    waiting = flag_history(case.path, HIGH_MATCH)
    assert waiting[-1] == "Now: open"
    case.decide([row(HIGH_MATCH, "closed_false_match", "Ann Lee")], day=5, name="c.csv")
    assert flag_history(case.path, HIGH_MATCH)[-1].startswith(
        "Now: awaiting_second_review — closed_false_match by Ann Lee on 05 Apr 2025: needs a second reviewer"
    )
    with pytest.raises(InputFileError, match="flag R009-0000 is not in case file"):
        flag_history(case.path, "R009-0000")


# --- the command line ---------------------------------------------------------------------------------------------


def test_review_commands_on_the_command_line(case: Case, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(case.folder)
    runner = CliRunner()
    db = ["--db", str(case.path)]
    result = runner.invoke(cli, ["review", "export", *db, "--out", "review.csv"])
    assert result.exit_code == 0, result.output
    assert "Wrote 4 open flag(s) to review.csv." in result.output
    assert f"xref review import review.csv --db {case.path}" in result.output  # the hint works as printed

    sheet = case.folder / "review.csv"
    pl.read_csv(sheet, infer_schema=False).with_columns(
        decision=pl.when(pl.col("flag_id") == MATCH).then(pl.lit("closed_false_match")),
        rationale=pl.lit("different firms"),
    ).write_csv(sheet)
    result = runner.invoke(cli, ["review", "import", "review.csv", *db, "--reviewer", "Ann Lee", "--role", "PSD"])
    assert result.exit_code == 0, result.output
    assert f"Recorded 1 decision(s) in {case.path}; skipped 3 row(s) with no decision." in result.output
    assert "Recorded 1 not_same supplier match decision(s) in match_decisions.csv" in result.output
    assert read_overrides(case.folder / "match_decisions.csv")["reviewer"].to_list() == ["Ann Lee"]
    assert case.decisions()[0][7] == "PSD"

    result = runner.invoke(cli, ["review", "history", MATCH, *db])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "Now: closed_false_match"

    bad = case.sheet([row("R001-nope", "closed_no_issue", "Ann Lee")], "bad.csv")
    result = runner.invoke(cli, ["review", "import", str(bad), *db])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert result.output.strip().splitlines() == [
        f"Error: review sheet {bad} row 2: flag_id 'R001-nope' is not in the case file; copy the flag id from the "
        "sheet; nothing was recorded"
    ]
    assert len(case.decisions()) == 1


# --- lifecycle across runs ----------------------------------------------------------------------------------------


def test_lifecycles_across_runs(tmp_path: Path) -> None:
    c = Case(tmp_path)
    ids = {k: flag_id("R001", k) for k in ("same", "due", "later", "changed", "open", "gone")}
    flags = [make_flag(f) for f in ids.values()]
    first = c.run(flags, day=1)
    assert first.flags["lifecycle"].to_list() == ["new"] * 6
    assert first.not_raised.is_empty()

    second = c.run(flags, day=2)
    assert second.flags["lifecycle"].to_list() == ["carried_forward"] * 6
    assert set(second.flags["first_seen_run"].to_list()) == {"run1"}
    assert second.flags["review_status"].to_list() == ["open"] * 6

    c.decide(
        [
            row(ids["same"], "closed_no_issue", "Ann Lee"),
            row(ids["due"], "closed_policy_breach_advice", "Ann Lee", next_review_date="2025-06-30"),
            row(ids["later"], "closed_no_issue", "Ann Lee", next_review_date="2025-07-01"),
            row(ids["changed"], "closed_no_issue", "Ann Lee"),
            row(ids["gone"], "closed_no_issue", "Ann Lee"),
        ],
        day=3,
    )
    raised = [f for f in flags if f["flag_id"] not in (ids["open"], ids["gone"])]
    third = c.run(raised, {ids["changed"]: [gift("G-1"), gift("G-9", 400)]}, day=4, review_day=dt.date(2025, 6, 30))
    got = {r["flag_id"]: r for r in third.flags.iter_rows(named=True)}
    assert (got[ids["same"]]["lifecycle"], got[ids["same"]]["review_status"]) == ("auto_closed", "closed_no_issue")
    assert got[ids["later"]]["lifecycle"] == "auto_closed"
    assert (got[ids["due"]]["lifecycle"], got[ids["due"]]["review_status"]) == ("re_opened", "open")
    due = json.loads(got[ids["due"]]["evidence_diff"])
    assert due["review_date"] == "2025-06-30" and due["added"] == due["removed"] == due["changed"] == []
    assert due["decision"]["status"] == "closed_policy_breach_advice"
    changed = json.loads(got[ids["changed"]]["evidence_diff"])
    assert got[ids["changed"]]["lifecycle"] == "re_opened"
    assert changed["added"] == [
        {"register": "gifts", "ref": "G-9", "fields": {"gift_id": "G-9", "recipient": "Jane Smith", "value": 400}}
    ]
    assert changed["removed"] == changed["changed"] == [] and "review_date" not in changed
    assert got[ids["changed"]]["first_seen_run"] == "run1"
    assert third.not_raised["flag_id"].to_list() == [ids["open"]]
    assert third.not_raised.row(0, named=True) | {"flag_id": None} == {
        "flag_id": None,
        "rule_id": "R001",
        "severity": "medium",
        "staff": "DS Jane Smith",
        "supplier": "Acme Security Services",
        "summary": "Jane Smith accepted hospitality from a supplier",
        "review_status": "open",
        "last_run": "run2",
        "last_period": "P2",
    }

    # the open flags are the never-decided one and the two re-opened ones, with what changed
    still_open = open_flags(c.path)
    assert sorted(still_open["flag_id"].to_list()) == sorted([ids["open"], ids["due"], ids["changed"]])
    changed_row = still_open.filter(pl.col("flag_id") == ids["changed"]).row(0, named=True)
    assert changed_row["lifecycle"] == "re_opened"
    assert changed_row["evidence_changed"] == "since closed_no_issue by Ann Lee: new gifts G-9"
    assert changed_row["evidence_version"] == evidence_hashes(snapshot({"x": [gift("G-1"), gift("G-9", 400)]}))["x"]


def test_a_flag_without_evidence_records_can_be_closed(tmp_path: Path) -> None:
    c = Case(tmp_path)
    c.run([make_flag(MED)], {MED: []}, day=1)
    assert c.decide([row(MED, "closed_no_issue", "Ann Lee")], day=2).recorded == 1
    assert open_flags(c.path).is_empty()
    assert c.run([make_flag(MED)], {MED: []}, day=3).flags["lifecycle"].to_list() == ["auto_closed"]
