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

from xref.rules import REFERENCE_COLUMNS, SEVERITIES, RuleRun

FLAG_COLUMNS: dict[str, pl.DataType] = {
    "flag_id": pl.Utf8(),
    "rule_id": pl.Utf8(),
    "rule_title": pl.Utf8(),
    "severity": pl.Utf8(),
    "staff": pl.Utf8(),
    "staff_key": pl.Utf8(),
    "supplier": pl.Utf8(),
    **dict.fromkeys(REFERENCE_COLUMNS, pl.Utf8()),
    "match_score": pl.Float64(),
    "match_band": pl.Utf8(),
    "match_method": pl.Utf8(),
    "match_explanation": pl.Utf8(),
    "match_pair": pl.List(pl.Utf8),
    "event_date": pl.Date(),
    "summary": pl.Utf8(),
    "priority": pl.Int32(),
    "priority_breakdown": pl.Utf8(),
    "case_id": pl.Utf8(),
    "subject_key": pl.Utf8(),
    "evidence": pl.List(pl.Utf8),
    "facts": pl.Utf8(),
}
_CONTRACT = set(FLAG_COLUMNS) | {"evidence", "points"}
BASE_POINTS = {"critical": 80, "high": 60, "medium": 40, "low": 20, "info": 0}
"""Priority points each severity starts from; a rule adds its own (``points`` column), each with its reason."""
REVIEW_BAND_POINTS = -15
"""A flag resting on a possible (review-band) name match."""
_MONEY = re.compile(r"(value|spend|amount|total)", re.IGNORECASE)


def flag_id(rule_id: str, subject_key: str) -> str:
    """Stable id: the rule plus a short hash of the subject key."""
    digest = hashlib.sha256(f"{rule_id}\x1f{subject_key}".encode()).hexdigest()[:10]
    return f"{rule_id}-{digest}"


def step_down(severity: str) -> str:
    """One severity step lower (a review-band name match is weaker evidence)."""
    i = SEVERITIES.index(severity)
    return SEVERITIES[min(i + 1, len(SEVERITIES) - 1)]


def priority(severity: str, points: list[dict[str, Any]] | None, review_band: bool) -> tuple[int, str]:
    """Priority points and their breakdown, e.g. ``high 60 + accepted 10 − possible name match 15 = 55``.

    ``severity`` is the rule's severity before any review-band step-down: the deduction is shown as its own term.
    """
    total = BASE_POINTS[severity]
    terms = [f"{severity} {total}"]
    extra = [(str(p["reason"]), int(p["points"])) for p in points or [] if p and p.get("points") is not None]
    if review_band:
        extra.append(("possible name match", REVIEW_BAND_POINTS))
    for reason, value in extra:
        total += value
        terms.append(f"{'+' if value >= 0 else '−'} {reason} {abs(value)}")
    return total, " ".join(terms) + f" = {total}"


def case_id(staff_key: str | None, supplier_key: str | None, fallback: str) -> str:
    """Flags about the same person and the same supplier are one case, as are flags about a supplier alone.

    A flag naming no member of staff (payments split below a threshold, a contract just under one) is about the
    supplier: a quarter's repeats of it are one case to review, not one each. A flag naming neither is its own case.
    """
    if staff_key and supplier_key:
        subject = f"{staff_key}\x1f{supplier_key}"
    elif supplier_key and not staff_key:
        subject = f"supplier\x1f{supplier_key}"
    else:
        subject = f"flag\x1f{fallback}"
    return "CASE-" + hashlib.sha256(subject.encode()).hexdigest()[:10]


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
    """Fill ``{column}`` placeholders of a rule's rationale with the flag's own evidence values.

    The text is trimmed: a rationale may end in a placeholder that is empty for this flag (R027's ``{weakened}``).
    """

    def fill(m: re.Match[str]) -> str:
        key = m.group(1)
        return format_value(key, row.get(key)) if key in row else m.group(0)

    return re.sub(r"\{(\w+)\}", fill, template).strip()


def json_default(value: Any) -> str:
    """``json.dumps``'s fallback for the values flags and reports hold: dates as ISO text, anything else as text."""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


def build_flags(runs: list[RuleRun], supplier_keys: dict[str, str] | None = None) -> pl.DataFrame:
    """One row per flag, across all rules, in a fixed order (severity, rule, id).

    ``supplier_keys`` maps a supplier text as written to the matcher's supplier id, so that flags naming one supplier
    by different spellings (a contract's and a card merchant's) fall into one case.
    """
    supplier_keys = supplier_keys or {}
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
            points, breakdown = priority(severity, row.get("points"), row.get("match_band") == "review")
            if row.get("match_band") == "review":
                severity = step_down(severity)
                summary += (
                    f" The supplier names are a possible match only (score {format_value('', row.get('match_score'))}"
                    "); check the match first."
                )
            facts = {k: v for k, v in row.items() if k not in _CONTRACT}
            fid = flag_id(rule.rule_id, str(row["subject_key"]))
            supplier = row.get("supplier")
            supplier_key = supplier_keys.get(supplier, supplier) if supplier else None
            records.append(
                {
                    "flag_id": fid,
                    "rule_id": rule.rule_id,
                    "rule_title": rule.title,
                    "severity": severity,
                    "staff": row.get("staff"),
                    "staff_key": row.get("staff_key"),
                    "supplier": row.get("supplier"),
                    **{c: row.get(c) for c in REFERENCE_COLUMNS},
                    "match_score": None if row.get("match_score") is None else float(row["match_score"]),
                    "match_band": row.get("match_band"),
                    "match_method": row.get("match_method"),
                    "match_explanation": row.get("match_explanation"),
                    # the matcher's name ids of the weakest name link behind the flag, for the report's details
                    "match_pair": [str(n) for n in (row.get("match_pair") or []) if n is not None] or None,
                    "event_date": row.get("event_date"),
                    "summary": summary,
                    "priority": points,
                    "priority_breakdown": breakdown,
                    "case_id": case_id(row.get("staff_key"), supplier_key, fid),
                    "subject_key": str(row["subject_key"]),
                    "evidence": [str(e) for e in (row.get("evidence") or []) if e is not None],
                    "facts": json.dumps(facts, default=json_default, sort_keys=True),
                }
            )
    frame = pl.DataFrame(records, schema=FLAG_COLUMNS) if records else pl.DataFrame(schema=FLAG_COLUMNS)
    order = {s: i for i, s in enumerate(SEVERITIES)}
    return (
        frame.with_columns(
            pl.col("severity").replace_strict(order, return_dtype=pl.Int32).alias("_sev"),
            # two rows of one flag (an entry id given twice in a register): the one kept must not depend on the
            # order a rule's rows come back in
            pl.col("evidence").list.join(";").alias("_tie"),
        )
        .sort(["_sev", "priority", "rule_id", "flag_id", "_tie"], descending=[False, True, False, False, False])
        .drop("_sev", "_tie")
        .unique(subset=["flag_id"], keep="first", maintain_order=True)
    )
