"""Flags: priority points with their breakdown, cases grouping one person and supplier, rule coverage counts."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from conftest import Q1, RuleHarness, d, stage

from xref.errors import SqlFileError
from xref.flags import build_flags, priority
from xref.html_report import render_report
from xref.reconcile import RECON_SCHEMA
from xref.rules import CONTRACT_COLUMNS, RuleRun, parse_rule, rule_coverage
from xref.validate import QUARANTINE_SCHEMA

HEADER = """-- rule: R901
-- title: Test rule
-- severity: high
-- needs: gifts
-- definition: a test rule
-- rationale: {staff} was offered something by {supplier}.
"""


def write_rule(tmp_path: Path, extra_header: str = "", body: str = "select 1 as x") -> Path:
    path = tmp_path / "R901_test.sql"
    path.write_text(HEADER + extra_header + body + "\n", encoding="utf-8")
    return path


def test_priority_adds_every_term_with_its_reason() -> None:
    points, text = priority("high", [{"reason": "accepted", "points": 10}, {"reason": "approver", "points": 20}], True)
    assert points == 60 + 10 + 20 - 15
    assert text == "high 60 + accepted 10 + approver 20 − possible name match 15 = 75"
    assert priority("low", None, False) == (20, "low 20 = 20")


def rows(**kw: object) -> dict[str, object]:
    row: dict[str, object] = {c: None for c in CONTRACT_COLUMNS}
    row.update(subject_key="k1", staff="Jane Smith", staff_key="jane smith", supplier="Acme Ltd", evidence=["a:2"])
    row.update(kw)
    return row


def run_of(tmp_path: Path, records: list[dict[str, object]]) -> RuleRun:
    rule = parse_rule(write_rule(tmp_path))
    return RuleRun(rule, {}, pl.DataFrame(records))


def test_flags_carry_priority_and_points_stay_out_of_the_facts(tmp_path: Path) -> None:
    run = run_of(
        tmp_path,
        [
            rows(points=[{"reason": "accepted", "points": 10}]),
            rows(subject_key="k2", match_band="review", match_score=88.0, points=[]),
        ],
    )
    flags = build_flags([run]).sort("subject_key")
    assert flags["priority"].to_list() == [70, 45]
    assert flags["priority_breakdown"].to_list() == [
        "high 60 + accepted 10 = 70",
        "high 60 − possible name match 15 = 45",
    ]
    assert flags["severity"].to_list() == ["high", "medium"]
    assert "points" not in flags["facts"][0]


def test_flags_about_one_person_and_one_supplier_or_one_supplier_alone_are_one_case(tmp_path: Path) -> None:
    run = run_of(
        tmp_path,
        [
            rows(subject_key="k1", supplier="Acme Ltd"),
            rows(subject_key="k2", supplier="ACME LIMITED"),  # another spelling of the same supplier
            rows(subject_key="k3", supplier="Acme Ltd", staff="John Brown", staff_key="john brown"),
            rows(subject_key="k4", supplier="Zenith plc"),
            rows(subject_key="k5", supplier="Acme Ltd", staff=None, staff_key=None),
            rows(subject_key="k6", supplier="Acme Ltd", staff=None, staff_key=None),
        ],
    )
    flags = build_flags([run], {"Acme Ltd": "S1", "ACME LIMITED": "S1", "Zenith plc": "S2"}).sort("subject_key")
    case = dict(zip(flags["subject_key"], flags["case_id"], strict=True))
    assert case["k1"] == case["k2"]
    # flags naming no one are about the supplier alone: its repeats are one case (R026's runs of payments)
    assert case["k5"] == case["k6"]
    assert len({case["k1"], case["k3"], case["k4"], case["k5"]}) == 4


def test_report_lists_cases_and_priority(tmp_path: Path) -> None:
    run = run_of(tmp_path, [rows(subject_key="k1"), rows(subject_key="k2")])
    flags = build_flags([run], {"Acme Ltd": "S1"})
    html = render_report(
        run_info={
            "run_id": "r",
            "xref_version": "0",
            "started_at": "now",
            "period": {"label": None, "from": None, "to": None},
            "rules": [],
        },
        flags=flags,
        recon=pl.DataFrame(schema=RECON_SCHEMA),
        quarantine=pl.DataFrame(schema=QUARANTINE_SCHEMA),
        evidence={},
    )
    assert "Cases with several flags" in html
    assert '<h2 id="most-flagged">Most flagged (open flags)' in html
    assert '<tr><td>Acme Ltd</td><td class="num">2</td>' in html  # both flags name the same supplier
    assert "high 60 = 60" in html
    assert html.count(flags["case_id"][0]) >= 3  # the case table and each card's "same case" note


def test_coverage_lines_are_parsed_and_counted(tmp_path: Path) -> None:
    coverage = (
        "-- coverage: offers in the period | stg_gifts | offer_date between $period_from and $period_to"
        " | value is not null | have no value\n"
    )
    rule = parse_rule(write_rule(tmp_path, coverage))
    assert "period_from" in rule.used_params
    h = RuleHarness()
    try:
        gifts = [
            {"entry_id": "G1", "offer_date": d("2025-01-05"), "value": 10.0},
            {"entry_id": "G2", "offer_date": d("2025-02-05"), "value": None},
            {"entry_id": "G3", "offer_date": d("2024-02-05"), "value": None},  # before the period: out of scope
        ]
        h.db.create_table("stg_gifts", stage("gifts", gifts))
        (count,) = rule_coverage(h.db, rule, {}, Q1)
    finally:
        h.db.close()
    assert (count.in_scope, count.checked) == (2, 1)
    assert count.sentence == "R901: 1 of 2 offers in the period could be checked; 1 have no value"


@pytest.mark.parametrize(
    "line",
    [
        "-- coverage: offers | stg_gifts | true | value is not null\n",
        "-- coverage: offers | gifts; drop table x | true | true | no\n",
        "-- coverage: offers | stg_gifts |  | true | no\n",
    ],
)
def test_malformed_coverage_lines_are_rejected(tmp_path: Path, line: str) -> None:
    with pytest.raises(SqlFileError, match="coverage line must be"):
        parse_rule(write_rule(tmp_path, line))


def test_two_rows_of_one_flag_keep_the_same_one_whatever_their_order(tmp_path: Path) -> None:
    # an entry id given twice in a register makes two rows with one subject key: which is kept must not change
    first, second = rows(subject_key="k1", evidence=["g.csv:7"]), rows(subject_key="k1", evidence=["g.csv:3"])
    kept = [
        build_flags([run_of(tmp_path, order)])["evidence"].to_list() for order in ([first, second], [second, first])
    ]
    assert kept[0] == kept[1] == [["g.csv:3"]]
