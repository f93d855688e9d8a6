"""Write flags.xlsx: what finance teams open — the triage table, one sheet per rule, coverage and reconciliation.

Every text cell is written as text (never a formula), after the same neutralising as the CSV outputs: a value from
an input file that starts with ``=``, ``+``, ``-`` or ``@`` gets a leading ``'``, so it cannot run when the sheet is
opened, copied or saved again as CSV.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import polars as pl
import xlsxwriter

from xref.safety import neutralise

TRIAGE_COLUMNS = {
    "priority": "Priority",
    "severity": "Severity",
    "flag_id": "Flag",
    "case_id": "Case",
    "rule_id": "Rule",
    "rule_title": "What the rule checks",
    "staff": "Staff",
    "supplier": "Supplier",
    "event_date": "Date",
    "summary": "Why it was flagged",
    "lifecycle": "This run",
    "review_status": "Review status",
    "first_seen_period": "First raised",
    "priority_breakdown": "Priority points",
    "match_band": "Name match",
    "match_score": "Match score",
    "contract_ref": "Contract",
    "gift_ref": "Gift / hospitality",
    "card_ref": "Card transactions",
    "interest_ref": "Interest",
    "payment_ref": "Payments",
    "evidence": "Source rows (file:row)",
}
_WIDTHS = {"summary": 90, "rule_title": 40, "priority_breakdown": 45, "evidence": 40, "supplier": 30, "staff": 22}
_SHEET_NAME_UNSAFE = re.compile(r"[\[\]:*?/\\]")


def write_workbook(
    path: Path,
    *,
    flags: pl.DataFrame,
    recon: pl.DataFrame,
    run_info: dict[str, Any],
) -> None:
    """Write the workbook to ``path`` (a new file)."""
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False})
    try:
        fmt = _Formats(workbook)
        ordered = flags.sort(["priority", "flag_id"], descending=[True, False]) if flags.height else flags
        triage = ordered.select([c for c in TRIAGE_COLUMNS if c in ordered.columns])
        _sheet(workbook, fmt, "Triage", triage, headers=TRIAGE_COLUMNS, filter_and_freeze=True)
        _rules_sheet(workbook, fmt, run_info)
        for rule in run_info.get("rules", []):
            rows = ordered.filter(pl.col("rule_id") == rule["rule_id"])
            if rows.is_empty():
                continue
            facts = _facts_frame(rows)
            sheet = rows.select([c for c in TRIAGE_COLUMNS if c in rows.columns and c != "rule_title"])
            if not facts.is_empty():
                sheet = pl.concat([sheet, facts], how="horizontal")
            _sheet(workbook, fmt, rule["rule_id"], sheet, headers=TRIAGE_COLUMNS, filter_and_freeze=True)
        _sheet(workbook, fmt, "Reconciliation", recon, headers={}, filter_and_freeze=False)
    finally:
        workbook.close()


class _Formats:
    def __init__(self, workbook: xlsxwriter.Workbook) -> None:
        self.header = workbook.add_format({"bold": True, "bg_color": "#E8E8E8", "text_wrap": True, "valign": "top"})
        self.text = workbook.add_format({"valign": "top"})
        self.wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
        self.date = workbook.add_format({"num_format": "dd/mm/yyyy", "valign": "top"})
        self.number = workbook.add_format({"valign": "top"})


def _facts_frame(rows: pl.DataFrame) -> pl.DataFrame:
    """The rule's own evidence columns (days between, values, ...), one column per fact."""
    if "facts" not in rows.columns:
        return pl.DataFrame()
    records = [json.loads(f) if f else {} for f in rows["facts"].to_list()]
    keys = sorted({k for r in records for k in r})
    return pl.DataFrame({k: [_cell_text(r.get(k)) for r in records] for k in keys}, schema=dict.fromkeys(keys, pl.Utf8))


def _cell_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def _rules_sheet(workbook: xlsxwriter.Workbook, fmt: _Formats, run_info: dict[str, Any]) -> None:
    """Every rule: flags raised, whether it ran, and how much it could check."""
    rows = [
        {
            "rule": r["rule_id"],
            "title": r["title"],
            "flags": r.get("flags", 0),
            "status": "evaluated" if r.get("evaluated") else (r.get("note") or "not evaluated"),
            "coverage": "\n".join(c["sentence"] for c in r.get("coverage", [])),
            "parameters": "; ".join(f"{k} = {v}" for k, v in (r.get("params") or {}).items()),
        }
        for r in run_info.get("rules", [])
    ]
    schema = {"rule": pl.Utf8, "title": pl.Utf8, "flags": pl.Int64, "status": pl.Utf8, "coverage": pl.Utf8}
    frame = pl.DataFrame(rows, schema={**schema, "parameters": pl.Utf8})
    _sheet(workbook, fmt, "Rules", frame, headers={}, filter_and_freeze=True)


def _sheet(
    workbook: xlsxwriter.Workbook,
    fmt: _Formats,
    name: str,
    frame: pl.DataFrame,
    *,
    headers: dict[str, str],
    filter_and_freeze: bool,
) -> None:
    sheet = workbook.add_worksheet(_SHEET_NAME_UNSAFE.sub("_", name)[:31])
    safe = neutralise(frame)
    for col, column in enumerate(safe.columns):
        sheet.write_string(0, col, headers.get(column, column), fmt.header)
        width = _WIDTHS.get(column, 16)
        sheet.set_column(col, col, width, fmt.wrap if width > 30 else fmt.text)
        for row, value in enumerate(safe[column].to_list(), start=1):
            _write(sheet, fmt, row, col, value)
    if filter_and_freeze and safe.width:
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(safe.height, 1), safe.width - 1)


def _write(sheet: Any, fmt: _Formats, row: int, col: int, value: Any) -> None:
    if value is None:
        sheet.write_blank(row, col, None)
    elif isinstance(value, bool):
        sheet.write_boolean(row, col, value)
    elif isinstance(value, int | float):
        sheet.write_number(row, col, value, fmt.number)
    elif isinstance(value, dt.date | dt.datetime):
        sheet.write_datetime(row, col, value, fmt.date)
    else:
        sheet.write_string(row, col, str(value))
