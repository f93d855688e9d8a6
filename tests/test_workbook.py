"""flags.xlsx: the triage table, a sheet per rule, rules and reconciliation; formula-looking input stays text."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import fastexcel
import polars as pl

from xref.flags import FLAG_COLUMNS, flag_id
from xref.reconcile import RECON_SCHEMA
from xref.workbook import write_workbook

HOSTILE = '=HYPERLINK("http://evil.example","click")'


def flag(rule_id: str, subject: str, priority: int, **kw: object) -> dict[str, object]:
    row: dict[str, object] = {k: None for k in FLAG_COLUMNS}
    row.update(
        flag_id=flag_id(rule_id, subject),
        rule_id=rule_id,
        rule_title=f"title of {rule_id}",
        severity="high",
        summary="why",
        subject_key=subject,
        evidence=["gifts.csv:2", "contracts.csv:5"],
        facts=json.dumps({"days_before_award": 12, "gift_value": 85.0}),
        priority=priority,
        priority_breakdown=f"high 60 = {priority}",
        case_id="CASE-1",
        staff="Jane Smith",
        supplier="Acme Ltd",
        event_date=dt.date(2025, 2, 14),
    )
    row.update(kw)
    return row


def write(tmp_path: Path) -> Path:
    flags = pl.DataFrame(
        [flag("R001", "a", 60, supplier=HOSTILE), flag("R001", "b", 75), flag("R010", "c", 40)], schema=FLAG_COLUMNS
    )
    recon = pl.DataFrame(
        [{"register": "gifts", "file": "@gifts.csv", "rows_read": 10, "rows_loaded": 9, "rows_quarantined": 1}],
        schema=RECON_SCHEMA,
    )
    run_info = {
        "rules": [
            {
                "rule_id": "R001",
                "title": "t1",
                "flags": 2,
                "evaluated": True,
                "params": {"lookback_days": 365},
                "coverage": [{"sentence": "R001: 3 of 4 contracts could be checked; 1 have no award date"}],
            },
            {"rule_id": "R010", "title": "t10", "flags": 1, "evaluated": True, "params": {}, "coverage": []},
            {"rule_id": "R022", "title": "t22", "flags": 0, "evaluated": False, "note": "not evaluated: needs leavers"},
        ]
    }
    path = tmp_path / "flags.xlsx"
    write_workbook(path, flags=flags, recon=recon, run_info=run_info)
    return path


def test_sheets_and_triage_order(tmp_path: Path) -> None:
    path = write(tmp_path)
    reader = fastexcel.read_excel(str(path))
    assert reader.sheet_names == ["Triage", "Rules", "R001", "R010", "Reconciliation"]
    triage = pl.read_excel(path, sheet_name="Triage", infer_schema_length=0)
    assert triage["Priority"].to_list() == ["75", "60", "40"]  # highest priority first
    assert "Why it was flagged" in triage.columns
    r001 = pl.read_excel(path, sheet_name="R001")
    assert r001.height == 2
    # the rule's own evidence gets its own column, with a readable heading, and numbers and dates stay typed
    assert r001["Days before award"].to_list() == [12, 12]
    assert r001.schema["Days before award"].is_numeric() and r001.schema["Date"] == pl.Date
    rules = pl.read_excel(path, sheet_name="Rules", infer_schema_length=0)
    assert rules.filter(pl.col("Rule") == "R022")["Status"].to_list() == ["not evaluated: needs leavers"]
    assert "1 have no award date" in rules.filter(pl.col("Rule") == "R001")["Coverage"][0]
    assert "SHA-256" in pl.read_excel(path, sheet_name="Reconciliation", infer_schema_length=0).columns


def test_every_sheet_has_its_heading_row_frozen_and_filtered_and_severity_in_colour(tmp_path: Path) -> None:
    with zipfile.ZipFile(write(tmp_path)) as z:
        sheets = [z.read(n).decode() for n in sorted(z.namelist()) if n.startswith("xl/worksheets/sheet")]
        styles = z.read("xl/styles.xml").decode()
    assert len(sheets) == 5
    assert all("<pane" in x and "<autoFilter" in x for x in sheets)
    assert '<formula>"high"</formula>' in sheets[0]  # Triage's severity column, in colour by its value
    assert "FFD32F2F" in styles  # high: the report's red


def test_formula_looking_input_is_text_not_a_formula(tmp_path: Path) -> None:
    path = write(tmp_path)
    with zipfile.ZipFile(path) as z:
        sheets = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))
        strings = z.read("xl/sharedStrings.xml").decode()
    assert "<f>" not in sheets  # no cell holds a formula
    assert "&apos;=HYPERLINK" in strings or "'=HYPERLINK" in strings
    assert "'@gifts.csv" in strings or "&apos;@gifts.csv" in strings
    triage = pl.read_excel(path, sheet_name="Triage", infer_schema_length=0)
    assert triage["Supplier"].to_list()[1] == "'" + HOSTILE
