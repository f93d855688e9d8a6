"""Render report.html: one self-contained page a PSD reviewer can read and decide from.

Every value from the input files is escaped (Jinja2 autoescape), and the page fetches nothing from the network.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from functools import cache
from typing import Any

import jinja2
import polars as pl

from xref.flags import format_value, json_default
from xref.rules import SEVERITIES


@cache
def environment() -> jinja2.Environment:
    """The one Jinja environment of xref's HTML pages (report.html, summary.html): autoescaped, strict."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("xref", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["fmt"] = lambda v, name="": format_value(name, v)
    env.filters["day"] = _day
    env.filters["gbp"] = lambda v: f"£{v:,.2f}"
    env.globals.update(timeline_limit=TIMELINE_LIMIT, timeline_head=TIMELINE_HEAD)
    return env


REPORT_TEMPLATE = "report.html.j2"
CARD_LIMIT = 2_000
"""Most case cards on one page (the most severe, highest-priority flags): every card of a national run (27,781
flags, 430 MB of HTML) is more than a browser opens; the rest stay in the triage table, flags.xlsx and flags.csv."""
TIMELINE_LIMIT = 12
"""A card's timeline longer than this shows its first :data:`TIMELINE_HEAD` events and folds the rest away (R024's
Benford card lists every payment it drew on: 1,087 events were 39 % of a page)."""
TIMELINE_HEAD = 10
LIFECYCLE_LABELS = {
    "new": "new",
    "carried_forward": "carried forward",
    "re_opened": "re-opened",
    "auto_closed": "closed earlier, evidence unchanged",
}
"""How the report names each lifecycle (see :mod:`xref.casefile`)."""
_DEFAULTS: dict[str, Any] = {
    "lifecycle": "new",
    "review_status": "open",
    "first_seen_period": None,
    "evidence_diff": None,
    "decisions": None,
}


def _day(value: Any) -> str:
    """A date (or ISO date text, as the stored report data holds it) as 3 Feb 2025."""
    if isinstance(value, str) and len(value) >= 10 and value[4] == "-" and value[7] == "-":
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return str(value)
    return format_value("", value)


def _timeline(flag: dict[str, Any], evidence: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    events = [e for rec in flag["evidence"] or [] if rec in evidence for e in evidence[rec]["events"]]
    for d in flag["decisions"]:
        who = d["reviewer"] + (f" ({d['reviewer_role']})" if d.get("reviewer_role") else "")
        events.append(
            {"date": d["decided_at"], "label": f"decision: {d['status']} by {who}", "register": "case file", "ref": ""}
        )
    return sorted(events, key=lambda e: (json_default(e["date"])[:10], e["label"]))


def report_data(
    *,
    run_info: dict[str, Any],
    flags: pl.DataFrame,
    recon: pl.DataFrame,
    quarantine: pl.DataFrame,
    evidence: dict[str, dict[str, Any]],
    matches: dict[str, dict[str, Any]] | None = None,
    context: dict[str, dict[str, Any]] | None = None,
    not_raised: pl.DataFrame | None = None,
    trend: list[dict[str, Any]] | None = None,
    card_limit: int = CARD_LIMIT,
) -> str:
    """Everything the report shows, as JSON: stored in the case file so the report can be rendered again exactly.

    Args:
        run_info: the run's record (run.json).
        flags: the run's flags, with their lifecycle when the case file gave them one.
        recon: the input manifest and reconciliation.
        quarantine: the rows set aside.
        evidence: the source rows behind the flags (:func:`xref.reports.evidence_records`).
        matches: how each flagged name pair matched (:func:`xref.reports.match_details`).
        context: each flag's context (:func:`xref.context.flag_context`).
        not_raised: flags still open from earlier runs that this run did not raise.
        trend: flags per rule in each period of the case file (:class:`xref.casefile.CaseHistory`).
        card_limit: most case cards on the page; the flags past it are listed in the triage table only.
    """
    matches = matches or {}
    flag_rows = flags.to_dicts()
    for i, f in enumerate(flag_rows):
        for key, default in _DEFAULTS.items():
            f.setdefault(key, default)
        f["card"] = i < card_limit  # flags come most severe and highest priority first
        f["decisions"] = json.loads(f["decisions"]) if f["decisions"] else []
        f["evidence_diff"] = json.loads(f["evidence_diff"]) if f["evidence_diff"] and f["card"] else None
        f["match_detail"] = matches.get("|".join(f.get("match_pair") or [])) if f["card"] else None
        f["timeline"] = _timeline(f, evidence) if f["card"] else []
        f["records"] = [evidence[r] for r in f["evidence"] or [] if r in evidence] if f["card"] else []
        f["facts_dict"] = json.loads(f["facts"]) if f["facts"] else {}
        f["context"] = (context or {}).get(f["flag_id"]) if f["card"] else None
        f["open"] = f["lifecycle"] != "auto_closed"
        f["lifecycle_label"] = LIFECYCLE_LABELS[f["lifecycle"]]
    grouped: dict[str, list[dict[str, Any]]] = {}
    for f in flag_rows:
        grouped.setdefault(f["case_id"], []).append(f)
    for f in flag_rows:
        f["case_flags"] = [
            {"flag_id": o["flag_id"], "rule_title": o["rule_title"], "card": o["card"]}
            for o in grouped[f["case_id"]]
            if o["flag_id"] != f["flag_id"]
        ]
    cases = [
        {
            "case_id": key,
            "staff": group[0]["staff"],
            "supplier": group[0]["supplier"],
            "flags": [{k: g[k] for k in ("flag_id", "rule_id", "rule_title", "severity", "card")} for g in group],
        }
        for key, group in grouped.items()
        if len(group) > 1
    ]
    open_rows = [f for f in flag_rows if f["open"]]
    top = {
        key: sorted(Counter(f[key] for f in open_rows if f[key]).items(), key=lambda item: (-item[1], item[0]))[:10]
        for key in ("supplier", "staff")
    }
    # counted in one pass each: the national set's 33,000 flags times every rule and status took seconds
    by_life_severity = Counter((f["lifecycle"], f["severity"]) for f in flag_rows)
    by_rule_life = Counter((f["rule_id"], f["lifecycle"]) for f in flag_rows)
    lifecycle_counts = {life: {s: by_life_severity[(life, s)] for s in SEVERITIES} for life in LIFECYCLE_LABELS}
    by_rule = {
        r: {life: by_rule_life[(r, life)] for life in LIFECYCLE_LABELS}
        for r in sorted({f["rule_id"] for f in flag_rows})
    }
    quarantine_counts = (
        quarantine.group_by("register", "source_file", "reason").len().sort("register", "source_file", "reason")
    ).to_dicts()
    data = {
        "run": run_info,
        "flags": flag_rows,
        "cases": cases,
        "top": top,
        "by_severity": {s: sum(1 for f in flag_rows if f["severity"] == s) for s in SEVERITIES},
        "lifecycle_counts": lifecycle_counts,
        "lifecycles": [[k, v] for k, v in LIFECYCLE_LABELS.items()],  # a list: JSON keeps its order
        "by_rule_lifecycle": by_rule,
        "severities": list(SEVERITIES),
        "recon": recon.to_dicts(),
        "quarantine_counts": quarantine_counts,
        "not_raised": not_raised.to_dicts() if not_raised is not None else [],
        "chart": trend_chart(trend or []),
        "rules_by_id": {r["rule_id"]: r for r in run_info.get("rules", [])},
        "card_limit": card_limit,
        "cards_omitted": max(0, len(flag_rows) - card_limit),
    }
    return json.dumps(data, default=json_default, sort_keys=True, ensure_ascii=False)


def trend_chart(trend: list[dict[str, Any]], *, width: int = 180, height: int = 28) -> dict[str, Any]:
    """Bar geometry for the flags-per-rule-over-periods chart: one small bar chart per rule, shared height scale.

    ``trend`` is oldest first (``period, run_id, rules``); the report draws each rule's bars as inline SVG.
    """
    periods = [str(t["period"] or t["run_id"]) for t in trend]
    rules = sorted({r for t in trend for r in t["rules"]})
    peak = max((n for t in trend for n in t["rules"].values()), default=0)
    slot = width / max(len(periods), 1)
    rows = []
    for rule in rules:
        counts = [int(t["rules"].get(rule, 0)) for t in trend]
        bars = []
        for i, n in enumerate(counts):
            h = round(height * n / peak, 1) if peak else 0.0
            bars.append(
                {
                    "x": round(i * slot + 1, 1),
                    "y": round(height - h, 1),
                    "w": round(max(slot - 2, 1), 1),
                    "h": h,
                    "n": n,
                    "period": periods[i],
                }
            )
        rows.append({"rule_id": rule, "counts": counts, "bars": bars})
    return {"periods": periods, "rules": rows, "width": width, "height": height, "peak": peak}


def template_source() -> str:
    """The report template's text, stored with each run's data (a later xref may change the template)."""
    loader = environment().loader
    assert loader is not None  # set in environment
    return loader.get_source(environment(), REPORT_TEMPLATE)[0]


def render_data(data: str, template: str | None = None) -> str:
    """The HTML text of the report from its stored JSON (:func:`report_data`), with the stored template if given."""
    env = environment()
    compiled = env.from_string(template) if template is not None else env.get_template(REPORT_TEMPLATE)
    return compiled.render(**json.loads(data))


def render_report(**kwargs: Any) -> str:
    """The HTML text of the report; takes the arguments of :func:`report_data`."""
    return render_data(report_data(**kwargs))
