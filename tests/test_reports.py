"""Outputs are safe to open: formula-looking cells neutralised, every input string escaped in HTML."""

from __future__ import annotations

import datetime as dt

import polars as pl

from xref.flags import FLAG_COLUMNS, flag_id, format_value, render_rationale, step_down
from xref.html_report import render_report
from xref.reconcile import RECON_SCHEMA
from xref.safety import neutralise
from xref.validate import QUARANTINE_SCHEMA

HOSTILE = "<img src=x onerror=alert(1)>"


def test_neutralise_prefixes_formula_cells_only() -> None:
    frame = pl.DataFrame({"t": ['=HYPERLINK("x")', "+1", "-2", "@SUM(A1)", "Acme Ltd", None], "n": [1, 2, 3, 4, 5, 6]})
    out = neutralise(frame)
    assert out["t"].to_list() == ['\'=HYPERLINK("x")', "'+1", "'-2", "'@SUM(A1)", "Acme Ltd", None]
    assert out["n"].to_list() == [1, 2, 3, 4, 5, 6]


def test_lists_become_text() -> None:
    out = neutralise(pl.DataFrame({"e": [["a.csv:2", "=b.csv:3"]]}))
    assert out["e"].to_list() == ["a.csv:2; =b.csv:3"]  # only a leading formula character matters


def flag(**kw: object) -> dict[str, object]:
    row: dict[str, object] = {k: None for k in FLAG_COLUMNS}
    row.update(
        flag_id=flag_id("R001", "C-1:G-1"),
        rule_id="R001",
        rule_title="t",
        severity="high",
        summary="s",
        subject_key="C-1:G-1",
        evidence=["g.csv:2"],
        facts="{}",
        supplier=HOSTILE,
        staff=HOSTILE,
        match_explanation=HOSTILE,
    )
    row.update(kw)
    return row


def test_report_escapes_input_text() -> None:
    flags = pl.DataFrame([flag(match_pair=["N1", "N2"])], schema=FLAG_COLUMNS)
    side = {"source": "gifts", "raw": HOSTILE, "key": HOSTILE, "legal_form": "", "steps": HOSTILE, "supplier_id": "S1"}
    matches = {
        "N1|N2": {
            "sides": [side, side],
            "scores": {"key_ratio": 97.0},
            "reasons": [HOSTILE],
            "blocking": ["key"],
            "shared_words": [HOSTILE],
            "band": "review",
            "method": "key_ratio",
            "runner_up": HOSTILE,
        }
    }
    evidence = {
        "g.csv:2": {
            "register": "Gifts",
            "register_name": "gifts",
            "ref": HOSTILE,
            "source_file": "g.csv",
            "source_row": 2,
            "raw": {"Offeror": HOSTILE},
            "events": [{"date": dt.date(2025, 1, 5), "label": "offer made", "ref": HOSTILE, "register": "Gifts"}],
        }
    }
    run = {
        "run_id": "r",
        "xref_version": "0",
        "started_at": "now",
        "period": {"label": None, "from": None, "to": None},
        "rules": [],
        "matching_stats": {
            "names": 2,
            "names_by_source": {HOSTILE: 2},
            "candidate_pairs": 1,
            "suppliers": 1,
            "overrides_applied": 0,
            "tokens_dropped_as_common": [{"block": HOSTILE, "names": 99}],
            "cannot_link_conflicts": [{"name_a": HOSTILE, "name_b": "x", "score": 99.0}],
        },
    }
    html = render_report(
        run_info=run,
        flags=flags,
        recon=pl.DataFrame(schema=RECON_SCHEMA),
        quarantine=pl.DataFrame(schema=QUARANTINE_SCHEMA),
        evidence=evidence,
        matches=matches,
    )
    assert "Name match details" in html and "Supplier matching" in html  # the hostile text reached both sections
    assert HOSTILE not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert html.count("<script") == 1  # the report's own sort/filter script, and nothing from the input
    script = html[html.index("<script") : html.index("</script>")]
    assert "onerror" not in script and "img" not in script


def test_flag_ids_are_stable_and_distinct() -> None:
    assert flag_id("R001", "C-1:G-1") == flag_id("R001", "C-1:G-1")
    assert flag_id("R001", "C-1:G-1") != flag_id("R010", "C-1:G-1")
    assert flag_id("R001", "C-1:G-1").startswith("R001-")


def test_rationale_formats_dates_money_and_blanks() -> None:
    text = render_rationale(
        "{staff} got {gift_value} on {offer_date}; contract {contract_value}; {missing}",
        {"staff": "Jane", "gift_value": 85.0, "offer_date": dt.date(2025, 1, 5), "contract_value": None},
    )
    assert text == "Jane got £85.00 on 5 Jan 2025; contract not recorded; {missing}"
    assert format_value("days", 40) == "40"


def test_step_down() -> None:
    assert [step_down(s) for s in ("critical", "high", "medium", "low", "info")] == [
        "high",
        "medium",
        "low",
        "info",
        "info",
    ]


def test_report_has_case_cards_for_the_highest_priority_flags_only_past_the_limit() -> None:
    rows = [flag(flag_id=f"R001-{i:010d}", staff=f"Person {i}") for i in range(3)]
    flags = pl.DataFrame(rows, schema=FLAG_COLUMNS)
    period = {"label": None, "from": None, "to": None}
    run = {"run_id": "r", "xref_version": "0", "started_at": "now", "period": period, "rules": [], "matching_stats": {}}
    common = {
        "run_info": run,
        "flags": flags,
        "recon": pl.DataFrame(schema=RECON_SCHEMA),
        "quarantine": pl.DataFrame(schema=QUARANTINE_SCHEMA),
        "evidence": {},
    }
    every = render_report(**common)
    capped = render_report(**common, card_limit=2)
    assert every.count('<div class="card"') == 3 and "case cards for the" not in every
    assert capped.count('<div class="card"') == 2
    assert "this page has case cards for the 2 with the highest severity and priority. The other 1 are" in capped
    # the third flag is still in the triage table, without a link to a card that is not there
    assert 'id="R001-0000000002"' not in capped and "<td>R001-0000000002</td>" in capped
    assert 'href="#R001-0000000001"' in capped and 'href="#R001-0000000002"' not in capped
