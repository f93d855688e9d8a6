"""Render report.html: one self-contained page a PSD reviewer can read and decide from.

Every value from the input files is escaped (Jinja2 autoescape), and the page fetches nothing from the network.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import cache
from typing import Any

import jinja2
import polars as pl

from xref.flags import format_value
from xref.rules import SEVERITIES


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("xref", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["fmt"] = lambda v, name="": format_value(name, v)
    return env


def _timeline(flag: dict[str, Any], evidence: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    events = [e for rec in flag["evidence"] or [] if rec in evidence for e in evidence[rec]["events"]]
    return sorted(events, key=lambda e: (e["date"], e["label"]))


def render_report(
    *,
    run_info: dict[str, Any],
    flags: pl.DataFrame,
    recon: pl.DataFrame,
    quarantine: pl.DataFrame,
    evidence: dict[str, dict[str, Any]],
    matches: dict[str, dict[str, Any]] | None = None,
) -> str:
    """The HTML text of the report."""
    matches = matches or {}
    flag_rows = flags.to_dicts()
    for f in flag_rows:
        f["match_detail"] = matches.get("|".join(f.get("match_pair") or []))
        f["timeline"] = _timeline(f, evidence)
        f["records"] = [evidence[r] for r in f["evidence"] or [] if r in evidence]
        f["facts_dict"] = json.loads(f["facts"]) if f["facts"] else {}
    grouped: dict[str, list[dict[str, Any]]] = {}
    for f in flag_rows:
        grouped.setdefault(f["case_id"], []).append(f)
    for f in flag_rows:
        f["case_flags"] = [o for o in grouped[f["case_id"]] if o["flag_id"] != f["flag_id"]]
    cases = [
        {"case_id": key, "staff": group[0]["staff"], "supplier": group[0]["supplier"], "flags": group}
        for key, group in grouped.items()
        if len(group) > 1
    ]
    by_severity = {s: sum(1 for f in flag_rows if f["severity"] == s) for s in SEVERITIES}
    top = {
        key: sorted(Counter(f[key] for f in flag_rows if f[key]).items(), key=lambda item: (-item[1], item[0]))[:10]
        for key in ("supplier", "staff")
    }
    quarantine_counts = (
        quarantine.group_by("register", "source_file", "reason").len().sort("register", "source_file", "reason")
    ).to_dicts()
    template = _environment().get_template("report.html.j2")
    return template.render(
        run=run_info,
        flags=flag_rows,
        cases=cases,
        top=top,
        by_severity=by_severity,
        severities=SEVERITIES,
        recon=recon.to_dicts(),
        quarantine_counts=quarantine_counts,
    )
