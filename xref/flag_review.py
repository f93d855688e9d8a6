"""Reviewer decisions on flags: the review sheet, the append-only decisions log, and a flag's history.

``xref review export`` writes the flags still open in the case file to a CSV or XLSX sheet; reviewers fill in a
decision (a status from the rule catalogue's §4.3), a rationale, who they are and what they consulted;
``xref review import`` checks every row and then appends them to the case file's ``decisions`` table in one
transaction. Rows are never updated or deleted: the latest decision in force is worked out by replaying the log
(:func:`xref.casefile.review_state`). Controls:

- a closure of a high or critical flag takes effect only when a second, different reviewer records the same closure
  on the same evidence (four eyes);
- nobody may decide a flag about themselves;
- ``closed_false_match`` records a ``not_same`` match decision, so the two supplier names are never linked again.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
import xlsxwriter

from xref.casefile import (
    CLOSING,
    DECIDED,
    FOUR_EYES,
    STATUSES,
    ReviewState,
    case_sql,
    decisions_by_flag,
    open_case_file,
    same_person,
    standing,
    writer_lock,
)
from xref.errors import CaseFileError, InputFileError
from xref.overrides import append_not_same, normalise_decision, shared_key
from xref.people import fold_text, identity_key, staff_id_key
from xref.rules import SEVERITIES
from xref.safety import neutralise
from xref.sheets import read_sheet_rows

FILL_COLUMNS = ("decision", "rationale", "reviewer", "reviewer_role", "evidence_consulted", "next_review_date")
"""The columns a reviewer fills in."""
EXPORT_COLUMNS = (
    "flag_id",
    "severity",
    "priority",
    "rule_id",
    "rule_title",
    "lifecycle",
    "status",
    "awaiting",
    "first_raised",
    "last_raised",
    "staff",
    "supplier",
    "summary",
    "evidence_changed",
    "evidence_version",
    *FILL_COLUMNS,
)
"""The review sheet: what the flag is and where it stands, then the columns to fill in."""
NEEDS_RATIONALE = DECIDED
"""Statuses that need a written rationale (every closure and referral)."""
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})|^(\d{1,2})/(\d{1,2})/(\d{4})$")


# --- the open flags ---------------------------------------------------------------------------------------------


def open_flags(case_file: Path) -> pl.DataFrame:
    """Every flag in the case file not yet closed or referred, as last raised, most urgent first.

    Columns: :data:`EXPORT_COLUMNS` without the fill-in ones, plus ``run_id`` (the run last raising it).
    """
    latest, decisions = _latest_flags(case_file)
    rows = []
    for f in latest.iter_rows(named=True):
        state = standing(f, decisions.get(f["flag_id"], []))
        if state.decided:
            continue
        rows.append(
            {
                "flag_id": f["flag_id"],
                "severity": f["severity"],
                "priority": f["priority"],
                "rule_id": f["rule_id"],
                "rule_title": f["rule_title"],
                "lifecycle": f["lifecycle"],
                "status": state.status,
                "awaiting": _awaiting(state),
                "first_raised": f["first_seen_period"] or f["first_seen_run"],
                "last_raised": f["period_label"] or f["run_id"],
                "staff": f["staff"],
                "supplier": f["supplier"],
                "summary": f["summary"],
                "evidence_changed": _diff_text(f["evidence_diff"]),
                "evidence_version": f["evidence_hash"],
                "run_id": f["run_id"],
            }
        )
    schema = {c: pl.Utf8 for c in EXPORT_COLUMNS if c not in FILL_COLUMNS} | {"priority": pl.Int64, "run_id": pl.Utf8}
    frame = pl.DataFrame(rows, schema=schema)
    order = {s: i for i, s in enumerate(SEVERITIES)}
    return frame.sort(
        [pl.col("severity").replace_strict(order, return_dtype=pl.Int32), "priority", "flag_id"],
        descending=[False, True, False],
        nulls_last=True,
    )


def _latest_flags(case_file: Path) -> tuple[pl.DataFrame, dict[str, list[dict[str, Any]]]]:
    """The latest row of every flag (with its run's period) and every flag's decisions, oldest first."""
    if not case_file.exists():
        raise CaseFileError(f"case file {case_file} does not exist; run xref run first (or give --db)")
    db = open_case_file(case_file)
    try:
        latest = db.query(case_sql("latest_flags"))
        decisions = decisions_by_flag(db)
    finally:
        db.close()
    return latest, decisions


def _awaiting(state: ReviewState) -> str | None:
    p = state.pending
    if p is None:
        return None
    return (
        f"{p['status']} by {p['reviewer']} on {p['decided_at']:%d %b %Y}: needs a second reviewer "
        f"(not {p['reviewer']}) to record the same decision"
    )


def _diff_text(diff_json: str | None) -> str | None:
    """The evidence change behind a re-opened flag, in one line."""
    if not diff_json:
        return None
    diff = json.loads(diff_json)
    parts = [f"new {r['register']} {r['ref']}" for r in diff.get("added", [])]
    parts += [f"{r['register']} {r['ref']} no longer in the evidence" for r in diff.get("removed", [])]
    parts += [f"{r['register']} {r['ref']} changed ({', '.join(r['fields'])})" for r in diff.get("changed", [])]
    if diff.get("review_date"):
        parts.append(f"review date {diff['review_date']} reached")
    d = diff.get("decision") or {}
    return f"since {d.get('status')} by {d.get('reviewer')}: " + "; ".join(parts)


# --- export -----------------------------------------------------------------------------------------------------


@dataclass
class ExportSummary:
    """What ``xref review export`` wrote."""

    path: Path
    flags: int
    awaiting_second: int


def export_review(case_file: Path, out: Path) -> ExportSummary:
    """Write the open flags to ``out`` (``.xlsx`` → a workbook, else CSV) for reviewers to fill in.

    Raises:
        InputFileError: ``out`` holds decisions not yet imported (they would be lost), or cannot be written.
        CaseFileError: the case file does not exist or cannot be opened.
    """
    frame = open_flags(case_file)
    _check_overwrite(case_file, out)
    sheet = frame.drop("run_id").with_columns(
        pl.col("priority").cast(pl.Utf8), *(pl.lit(None, dtype=pl.Utf8).alias(c) for c in FILL_COLUMNS)
    )
    sheet = neutralise(sheet.select(EXPORT_COLUMNS))
    tmp = out.with_name(f".{out.name}.tmp")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        if out.suffix.lower() == ".xlsx":
            _write_xlsx(sheet, tmp)
        else:
            sheet.write_csv(tmp, include_bom=True)
        tmp.replace(out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputFileError(
            f"cannot write {out}: {exc.strerror or exc}; close it if it is open and try again"
        ) from None
    return ExportSummary(path=out, flags=frame.height, awaiting_second=int(frame["awaiting"].is_not_null().sum()))


def _write_xlsx(sheet: pl.DataFrame, path: Path) -> None:
    """Every cell as text (never a formula); the decision column offers the statuses as a drop-down."""
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False})
    try:
        ws = workbook.add_worksheet("Review")
        bold = workbook.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1})
        fill = workbook.add_format({"bg_color": "#FFF8E1", "border": 1})
        for c, name in enumerate(sheet.columns):
            ws.write_string(0, c, name, bold)
        for r, row in enumerate(sheet.iter_rows(), start=1):
            for c, value in enumerate(row):
                if value is not None:
                    ws.write_string(r, c, str(value))
        first_fill = sheet.columns.index(FILL_COLUMNS[0])
        ws.set_column(0, first_fill - 1, 16)
        ws.set_column(sheet.columns.index("summary"), sheet.columns.index("summary"), 70)
        ws.set_column(first_fill, len(sheet.columns) - 1, 24, fill)
        ws.freeze_panes(1, 1)
        ws.autofilter(0, 0, max(sheet.height, 1), len(sheet.columns) - 1)
        ws.data_validation(
            1, first_fill, max(sheet.height, 1), first_fill, {"validate": "list", "source": list(STATUSES)}
        )
    finally:
        workbook.close()


def _check_overwrite(case_file: Path, out: Path) -> None:
    """Refuse to overwrite a filled-in review sheet whose decisions are not in the case file yet."""
    if not out.exists():
        return
    try:
        rows = _read_rows(out)
    except InputFileError:
        raise InputFileError(
            f"{out} already exists and is not a review sheet written by xref review export; give another --out"
        ) from None
    _, decisions = _latest_flags(case_file)
    pending = [
        r
        for r in rows
        if r.decision
        and not any(
            d["status"] == r.decision and same_person(d["reviewer"], r.reviewer) for d in decisions.get(r.flag_id, [])
        )
    ]
    if pending:
        raise InputFileError(
            f"{out} has {len(pending)} decision(s) not yet recorded (first on row {pending[0].row}); import them "
            f"first with: xref review import {out} — or give another --out"
        )


# --- import -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One filled-in row of a review sheet (``row`` is the spreadsheet row: the header is row 1)."""

    row: int
    flag_id: str
    decision: str
    rationale: str
    reviewer: str
    reviewer_role: str
    evidence_consulted: str
    next_review_date: str
    evidence_version: str


@dataclass
class ImportSummary:
    """What ``xref review import`` recorded."""

    recorded: int
    blank: int
    already: int
    awaiting_second: list[str]
    """Flags whose closure now waits for a second reviewer."""
    overrides: int
    """``not_same`` match decisions written for false-match closures."""
    match_decisions: Path


def _read_rows(path: Path) -> list[Row]:
    rows = read_sheet_rows(
        path,
        required=("flag_id", "decision"),
        optional=("evidence_version", *FILL_COLUMNS[1:]),
        what="review sheet",
        fix="give the sheet xref review export wrote",
    )
    return [
        Row(
            row=n,
            flag_id=c["flag_id"],
            decision=normalise_decision(c["decision"]),
            rationale=c["rationale"],
            reviewer=c["reviewer"],
            reviewer_role=c["reviewer_role"],
            evidence_consulted=c["evidence_consulted"],
            next_review_date=c["next_review_date"],
            evidence_version=c["evidence_version"],
        )
        for n, c in rows
    ]


def import_review(
    case_file: Path,
    path: Path,
    *,
    match_decisions: Path,
    reviewer: str | None = None,
    reviewer_role: str | None = None,
    now: dt.datetime | None = None,
) -> ImportSummary:
    """Check every filled-in row of a review sheet, then append the decisions to the case file in one transaction.

    Args:
        case_file: the case file holding the flags.
        path: the filled-in review sheet (CSV or XLSX); rows with a blank decision are skipped.
        match_decisions: the match decisions file a false-match closure writes its ``not_same`` decision to.
        reviewer: who decided, for rows whose reviewer cell is blank.
        reviewer_role: their role, likewise.
        now: the time to record (default: now, UTC).

    Raises:
        InputFileError: a row is wrong (unknown flag or status, no reviewer or rationale, a reviewer deciding a
            flag about themselves, a second closure by the same reviewer, evidence changed since the export...);
            nothing is recorded.
        CaseFileError: the case file does not exist, or another xref process is using it.
    """
    if not case_file.exists():
        raise CaseFileError(f"case file {case_file} does not exist; run xref run first (or give --db)")
    with writer_lock(case_file, f"xref review import {path.name}"):
        return _import_review(case_file, path, match_decisions, reviewer, reviewer_role, now)


def _import_review(
    case_file: Path,
    path: Path,
    match_decisions: Path,
    reviewer: str | None,
    reviewer_role: str | None,
    now: dt.datetime | None,
) -> ImportSummary:
    rows = _read_rows(path)
    filled = [r for r in rows if r.decision]
    latest, decisions = _latest_flags(case_file)
    flags = {f["flag_id"]: f for f in latest.iter_rows(named=True)}
    stamp = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(tzinfo=None, microsecond=0)
    problems: list[str] = []
    new: list[dict[str, Any]] = []
    already = 0
    false_matches: list[tuple[str, str, str, str]] = []
    for r in filled:
        flag = flags.get(r.flag_id)
        who = r.reviewer or (reviewer or "").strip()
        problem = _problem(r, flag, who)
        if problem is None and flag is not None:
            log = decisions.setdefault(r.flag_id, [])
            state = standing(flag, log)
            entry = {
                # a placeholder after every recorded id, replaced by the database's id on insert
                "decision_id": _PENDING_ID + len(new),
                "flag_id": r.flag_id,
                "evidence_hash": flag["evidence_hash"] or "",
                "reviewed_run_id": flag["run_id"],
                "status": r.decision,
                "rationale": r.rationale or None,
                "reviewer": who,
                "reviewer_role": r.reviewer_role or (reviewer_role or "").strip() or None,
                "evidence_consulted": r.evidence_consulted or None,
                "next_review_date": _date(r.next_review_date),
                "decided_at": stamp,
                "source_row": r.row,
            }
            if any(_same_decision(d, entry) for d in log):
                already += 1
                if state.status == "closed_false_match":
                    false_matches.append(_override(flag, who, r.flag_id))
                continue
            problem = _four_eyes_problem(r, state, flag["severity"], who)
            if problem is None:
                confirms = state.pending if state.pending and r.decision in CLOSING else None
                entry["confirms"] = confirms["decision_id"] if confirms else None
                log.append(entry)
                new.append(entry)
                if standing(flag, log).status == "closed_false_match":
                    false_matches.append(_override(flag, who, r.flag_id))
        if problem:
            problems.append(problem)
    if problems:
        more = f" ({len(problems) - 1} more row(s) have problems)" if len(problems) > 1 else ""
        raise InputFileError(f"review sheet {path} {problems[0]}{more}; nothing was recorded")
    _insert(case_file, new, path, stamp)
    overrides = append_not_same(match_decisions, false_matches, decided_at=f"{stamp:%Y-%m-%dT%H:%M:%SZ}")
    awaiting = sorted({e["flag_id"] for e in new if standing(flags[e["flag_id"]], decisions[e["flag_id"]]).pending})
    return ImportSummary(
        recorded=len(new),
        blank=len(rows) - len(filled),
        already=already,
        awaiting_second=awaiting,
        overrides=overrides,
        match_decisions=match_decisions,
    )


def _problem(r: Row, flag: dict[str, Any] | None, who: str) -> str | None:
    """What is wrong with a row on its own (before the flag's decision history is considered)."""
    if flag is None:
        return f"row {r.row}: flag_id {r.flag_id!r} is not in the case file; copy the flag id from the sheet"
    if r.decision not in STATUSES:
        return (
            f"row {r.row}, column decision: {r.decision!r} is not a status; use one of {', '.join(STATUSES)}, "
            "or leave it blank to decide later"
        )
    if not who:
        return f"row {r.row}, column reviewer: no reviewer; fill in who decided, or give --reviewer NAME"
    if r.decision in NEEDS_RATIONALE and not r.rationale:
        return f"row {r.row}, column rationale: {r.decision} needs a rationale; write why in a sentence"
    if _is_subject(who, flag):
        return (
            f"row {r.row}, column reviewer: {who} is the member of staff flag {r.flag_id} is about, and may not "
            "decide it; ask another reviewer"
        )
    if r.evidence_version and flag["evidence_hash"] and r.evidence_version != flag["evidence_hash"]:
        return (
            f"row {r.row}: flag {r.flag_id}'s evidence changed in run {flag['run_id']} after this sheet was exported; "
            "export a new sheet with xref review export and decide on the new evidence"
        )
    if r.next_review_date and _date(r.next_review_date) is None:
        return f"row {r.row}, column next_review_date: {r.next_review_date!r} is not a date; write it as 2025-09-30"
    if r.decision == "closed_false_match":
        names = flag.get("match_names") or []
        if len(names) != 2 or names[0] == names[1]:
            return (
                f"row {r.row}: flag {r.flag_id} does not rest on a supplier-name match, so it cannot be a false "
                "match; use closed_data_error or closed_no_issue"
            )
        if (key := shared_key(names[0], names[1])) is not None:
            return (
                f"row {r.row}: {names[0]!r} and {names[1]!r} both normalise to {key!r}, so a not_same decision "
                "cannot tell them apart; use closed_data_error and correct the register"
            )
    return None


def _four_eyes_problem(r: Row, state: ReviewState, severity: str, who: str) -> str | None:
    pending = state.pending
    if (
        r.decision in CLOSING
        and severity in FOUR_EYES
        and pending is not None
        and same_person(pending["reviewer"], who)
    ):
        return (
            f"row {r.row}: flag {r.flag_id} is {severity}, so its closure needs a second reviewer; {who} already "
            f"recorded {pending['status']} — a different reviewer must record the same decision"
        )
    return None


def _is_subject(who: str, flag: dict[str, Any]) -> bool:
    """Whether the reviewer is the person the flag is about (by name, or staff number).

    Names are compared as reviewers are (:func:`xref.people.identity_key`): the flag's ``staff`` as written, and
    its ``staff_key`` when that is a name rather than ``staff:<number>``.
    """
    staff, key = flag.get("staff"), flag.get("staff_key") or ""
    w = identity_key(who)
    by_name = {identity_key(staff)} | ({identity_key(key)} if key and not key.startswith("staff:") else set())
    # a staff number is folded too, so a look-alike or invisible character cannot hide it (WХ123 with a Cyrillic Х)
    frame = pl.DataFrame({"who": [fold_text(who)]}, schema={"who": pl.Utf8})
    i = frame.select(staff_id_key("who")).item()
    return bool(w and w in by_name) or bool(i and key.upper() == f"STAFF:{i}")


def _same_decision(d: dict[str, Any], entry: dict[str, Any]) -> bool:
    return (
        d["status"] == entry["status"]
        and same_person(d["reviewer"], entry["reviewer"])
        and d["evidence_hash"] == entry["evidence_hash"]
        and (d.get("rationale") or None) == entry["rationale"]
    )


def _override(flag: dict[str, Any], who: str, flag_id: str) -> tuple[str, str, str, str]:
    a, b = flag["match_names"]
    return a, b, who, f"flag {flag_id} closed as a false match"


def _date(text: str) -> dt.date | None:
    m = _DATE.match(text.strip()[:10] if text.strip()[:4].isdigit() else text.strip())
    if not m:
        return None
    try:
        if m.group(1):
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return dt.date(int(m.group(6)), int(m.group(5)), int(m.group(4)))
    except ValueError:
        return None


def _insert(case_file: Path, entries: list[dict[str, Any]], path: Path, stamp: dt.datetime) -> None:
    if not entries:
        return
    db = open_case_file(case_file)
    try:
        with db.transaction():
            ids: dict[int, int] = {}
            for e in entries:
                confirms = e.get("confirms")
                found = db.rows(
                    case_sql("insert_decision"),
                    {
                        **{k: e[k] for k in _INSERTED},
                        "recorded_at": stamp,
                        "confirms": ids.get(confirms, confirms) if confirms is not None else None,
                        "source_file": str(path),
                        "source_row": e["source_row"],
                    },
                )
                ids[e["decision_id"]] = int(found[0][0])
    finally:
        db.close()


_PENDING_ID = 10**15
_INSERTED = (
    "flag_id",
    "evidence_hash",
    "reviewed_run_id",
    "status",
    "rationale",
    "reviewer",
    "reviewer_role",
    "evidence_consulted",
    "next_review_date",
    "decided_at",
)


# --- history ----------------------------------------------------------------------------------------------------


def flag_history(case_file: Path, flag_id: str) -> list[str]:
    """A flag's history in date order, one line per event: each run that raised it, each decision recorded.

    Raises:
        InputFileError: the flag is not in the case file.
    """
    if not case_file.exists():
        raise CaseFileError(f"case file {case_file} does not exist; give --db")
    db = open_case_file(case_file)
    try:
        raised = db.query(case_sql("flag_raised"), {"f": flag_id})
        log = db.query(case_sql("flag_decisions"), {"f": flag_id})
    finally:
        db.close()
    if raised.is_empty():
        raise InputFileError(f"flag {flag_id} is not in case file {case_file}; check the id (e.g. R001-0736be69d3)")
    events: list[tuple[dt.datetime, int, str]] = []
    for r in raised.iter_rows(named=True):
        events.append(
            (
                r["at"],
                0,
                f"{r['at']:%Y-%m-%d %H:%M}  raised by run {r['run_id']} ({r['period_label'] or 'no period'}): "
                f"{(r['lifecycle'] or 'new').replace('_', ' ')}, {r['severity']}, evidence {r['evidence_hash']}",
            )
        )
    for d in log.iter_rows(named=True):
        role = f" ({d['reviewer_role']})" if d["reviewer_role"] else ""
        extra = [f"rationale: {d['rationale']}"] if d["rationale"] else []
        extra += [f"evidence consulted: {d['evidence_consulted']}"] if d["evidence_consulted"] else []
        extra += [f"next review {d['next_review_date']}"] if d["next_review_date"] else []
        extra += [f"confirms decision #{d['confirms']}"] if d["confirms"] else []
        extra += [f"on evidence {d['evidence_hash']}"]
        events.append(
            (
                d["decided_at"],
                1,
                f"{d['decided_at']:%Y-%m-%d %H:%M}  decision #{d['decision_id']}: {d['status']} by {d['reviewer']}"
                f"{role}; " + "; ".join(extra),
            )
        )
    latest = raised.row(-1, named=True)
    state = standing(latest, log.to_dicts())
    lines = [f"{flag_id}: {latest['summary']}"]
    lines += [text for _, _, text in sorted(events, key=lambda e: (e[0], e[1]))]
    lines.append(f"Now: {state.status}" + (f" — {_awaiting(state)}" if state.pending else ""))
    return lines
