"""Turn rule results into flags: a stable id, a severity, and a plain-English rationale from the evidence.

A flag is a hypothesis about a named person, not a finding. Its id is derived from the rule and its subject (the
records involved), so the same data gives the same ids on every run and decisions can follow a flag across
quarters.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
from typing import Any

import polars as pl

from xref.rules import SEVERITIES, RuleRun

FLAG_COLUMNS: dict[str, pl.DataType] = {
    "flag_id": pl.Utf8(),
    "rule_id": pl.Utf8(),
    "rule_title": pl.Utf8(),
    "severity": pl.Utf8(),
    "staff": pl.Utf8(),
    "staff_key": pl.Utf8(),
    "supplier": pl.Utf8(),
    "contract_ref": pl.Utf8(),
    "gift_ref": pl.Utf8(),
    "card_ref": pl.Utf8(),
    "interest_ref": pl.Utf8(),
    "payment_ref": pl.Utf8(),
    "match_score": pl.Float64(),
    "match_band": pl.Utf8(),
    "match_method": pl.Utf8(),
    "match_explanation": pl.Utf8(),
    "match_pair": pl.List(pl.Utf8),
    "event_date": pl.Date(),
    "summary": pl.Utf8(),
    "subject_key": pl.Utf8(),
    "evidence": pl.List(pl.Utf8),
    "facts": pl.Utf8(),
}
_CONTRACT = set(FLAG_COLUMNS) | {"evidence"}
_MONEY = re.compile(r"(value|spend|amount|total)", re.IGNORECASE)


def flag_id(rule_id: str, subject_key: str) -> str:
    """Stable id: the rule plus a short hash of the subject key."""
    digest = hashlib.sha256(f"{rule_id}\x1f{subject_key}".encode()).hexdigest()[:10]
    return f"{rule_id}-{digest}"


def step_down(severity: str) -> str:
    """One severity step lower (a review-band name match is weaker evidence)."""
    i = SEVERITIES.index(severity)
    return SEVERITIES[min(i + 1, len(SEVERITIES) - 1)]


def format_value(name: str, value: Any) -> str:
    """Render an evidence value for a sentence: dates as 3 Feb 2025, money as £1,234.50, blanks as 'not recorded'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "not recorded"
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f"{value.day} {value:%b %Y}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float) and _MONEY.search(name):
        return f"£{value:,.2f}"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return ", ".join(format_value(name, v) for v in value)
    return str(value)


def render_rationale(template: str, row: dict[str, Any]) -> str:
    """Fill ``{column}`` placeholders of a rule's rationale with the flag's own evidence values."""

    def fill(m: re.Match[str]) -> str:
        key = m.group(1)
        return format_value(key, row.get(key)) if key in row else m.group(0)

    return re.sub(r"\{(\w+)\}", fill, template)


def _json_default(value: Any) -> str:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


def build_flags(runs: list[RuleRun]) -> pl.DataFrame:
    """One row per flag, across all rules, in a fixed order (severity, rule, id)."""
    records: list[dict[str, Any]] = []
    for run in runs:
        if run.rows is None:
            continue
        rule = run.rule
        for row in run.rows.iter_rows(named=True):
            severity = row.get("severity") or rule.severity
            if severity not in SEVERITIES:
                severity = rule.severity
            summary = render_rationale(rule.rationale, row)
            if row.get("match_band") == "review":
                severity = step_down(severity)
                summary += (
                    f" The supplier names are a possible match only (score {format_value('', row.get('match_score'))}"
                    "); check the match first."
                )
            facts = {k: v for k, v in row.items() if k not in _CONTRACT}
            records.append(
                {
                    "flag_id": flag_id(rule.rule_id, str(row["subject_key"])),
                    "rule_id": rule.rule_id,
                    "rule_title": rule.title,
                    "severity": severity,
                    "staff": row.get("staff"),
                    "staff_key": row.get("staff_key"),
                    "supplier": row.get("supplier"),
                    "contract_ref": row.get("contract_ref"),
                    "gift_ref": row.get("gift_ref"),
                    "card_ref": row.get("card_ref"),
                    "interest_ref": row.get("interest_ref"),
                    "payment_ref": row.get("payment_ref"),
                    "match_score": None if row.get("match_score") is None else float(row["match_score"]),
                    "match_band": row.get("match_band"),
                    "match_method": row.get("match_method"),
                    "match_explanation": row.get("match_explanation"),
                    # the matcher's name ids of the weakest name link behind the flag, for the report's details
                    "match_pair": [str(n) for n in (row.get("match_pair") or []) if n is not None] or None,
                    "event_date": row.get("event_date"),
                    "summary": summary,
                    "subject_key": str(row["subject_key"]),
                    "evidence": [str(e) for e in (row.get("evidence") or []) if e is not None],
                    "facts": json.dumps(facts, default=_json_default, sort_keys=True),
                }
            )
    frame = pl.DataFrame(records, schema=FLAG_COLUMNS) if records else pl.DataFrame(schema=FLAG_COLUMNS)
    order = {s: i for i, s in enumerate(SEVERITIES)}
    return (
        frame.with_columns(pl.col("severity").replace_strict(order, return_dtype=pl.Int32).alias("_sev"))
        .sort(["_sev", "rule_id", "flag_id"])
        .drop("_sev")
        .unique(subset=["flag_id"], keep="first", maintain_order=True)
    )
