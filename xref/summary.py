"""The chief officers' summary: counts and register statistics for the period, with no personal names.

These are the figures inspectors ask forces for (offers recorded, accepted, declined and given to charity; second
jobs approved, refused, pending and overdue for review; card spend checked and flagged), next to the flag counts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import jinja2
import polars as pl

from xref.html_report import environment
from xref.rules import SEVERITIES


def register_statistics(
    tables: dict[str, pl.DataFrame], flags: pl.DataFrame, period_from: dt.date, period_to: dt.date
) -> dict[str, Any]:
    """Per-register figures for the period (JSON-ready; counts and pounds only, never a name)."""
    gifts = tables["gifts"].filter(pl.col("offer_date").is_between(period_from, period_to))
    status = gifts["status"].fill_null("not recorded").value_counts().to_dicts() if gifts.height else []
    by_status = {r["status"]: int(r["count"]) for r in status}
    interests = tables["interests"]
    current = interests.filter(
        (pl.col("start_date").is_null() | (pl.col("start_date") <= period_to))
        & (pl.col("end_date").is_null() | (pl.col("end_date") >= period_from))
    )
    decided = interests.filter(pl.col("decision_date").is_between(period_from, period_to))
    cards = tables["cards"].filter(pl.col("transaction_date").is_between(period_from, period_to))
    flagged_refs = {
        ref.strip() for cell in flags["card_ref"].drop_nulls().to_list() for ref in cell.split(";") if ref.strip()
    }
    flagged_cards = cards.filter(pl.col("ref").is_in(sorted(flagged_refs)))
    return {
        "gifts": {
            "offers_recorded": gifts.height,
            "accepted": by_status.get("accepted", 0),
            "declined": by_status.get("declined", 0),
            "given_to_charity": by_status.get("donated", 0),
            "pending_or_not_recorded": gifts.height
            - sum(by_status.get(s, 0) for s in ("accepted", "declined", "donated")),
            "value_accepted_gbp": round(float(gifts.filter(pl.col("status") == "accepted")["value"].sum() or 0), 2),
        },
        "interests": {
            "current_entries": current.height,
            "approved": int((current["status"] == "approved").sum()),
            "refused": int((current["status"] == "refused").sum()),
            "pending": int((current["status"] == "pending").sum()),
            "decided_in_period": decided.height,
            "overdue_for_review": int((flags["rule_id"] == "R025").sum()),
        },
        "cards": {
            "transactions": cards.height,
            "spend_gbp": round(float(cards.filter(pl.col("amount") > 0)["amount"].sum() or 0), 2),
            "checked_by_rules": cards.height,
            "flagged_transactions": flagged_cards.height,
            "flagged_spend_gbp": round(float(flagged_cards.filter(pl.col("amount") > 0)["amount"].sum() or 0), 2),
        },
    }


def flag_counts(flags: pl.DataFrame, rules: list[dict[str, Any]]) -> dict[str, Any]:
    """Flags by severity, and per rule of the run (``run.json``'s ``rules``) its flags or why it was not evaluated.

    A rule that could check nothing is listed as not evaluated, never as 0 flags; one that checked part of its
    records says how much (no names either way).
    """
    return {
        "total": flags.height,
        "by_severity": {s: int((flags["severity"] == s).sum()) for s in SEVERITIES},
        "by_rule": [
            {
                "rule_id": r["rule_id"],
                "title": r["title"],
                "flags": int((flags["rule_id"] == r["rule_id"]).sum()),
                "evaluated": bool(r["evaluated"]),
                "note": r["note"] or r["partial"],
            }
            for r in rules
        ],
    }


def _template() -> jinja2.Template:
    return environment().get_template("summary.html.j2")


def render_summary(
    *, run_info: dict[str, Any], stats: dict[str, Any], counts: dict[str, Any], trend: list[dict[str, Any]]
) -> str:
    """summary.html: one self-contained page for chief officers, with no personal names."""
    return _template().render(run=run_info, stats=stats, counts=counts, trend=trend, severities=SEVERITIES)
