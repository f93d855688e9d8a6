"""R026: payments to one supplier split below a threshold (R011's split test applied to the payments register)."""

from __future__ import annotations

import polars as pl
import pytest
from conftest import Q1, RuleHarness, d, name_id, stage

from xref.rules import rule_coverage

SUPPLIER = "Meadowbank Print Services Ltd"


def payment(ref: str, on: str, amount: float, supplier: str = SUPPLIER) -> dict[str, object]:
    return {"payment_id": ref, "payment_date": d(on), "supplier_name": supplier, "amount": amount}


def r026(
    h: RuleHarness,
    payments: list[dict[str, object]],
    contracts: list[dict[str, object]] | None = None,
    pairs: list[tuple[str, str, float, str]] | None = None,
    **params: object,
) -> pl.DataFrame:
    tables = {"payments": stage("payments", payments)}
    if contracts is not None:
        tables["contracts"] = stage("contracts", contracts)
    return h.run("R026", tables, pairs or [], params=params or None)


def test_r026_two_invoices_crossing_the_quotation_threshold_fire(harness: RuleHarness) -> None:
    out = r026(harness, [payment("P1", "2025-02-03", 2640.0), payment("P2", "2025-02-06", 2710.0)])
    assert out.height == 1
    row = out.row(0, named=True)
    assert (row["severity"], row["payment_ref"], row["threshold_value"], row["total_amount"]) == (
        "low",
        "P1; P2",
        5000.0,
        5350.0,
    )
    assert row["staff"] is None


def test_r026_one_flag_for_the_highest_threshold_crossed(harness: RuleHarness) -> None:
    out = r026(harness, [payment("P1", "2025-02-03", 1600.0), payment("P2", "2025-02-04", 1500.0)])
    assert out["threshold_value"].to_list() == [3000.0]  # £3,100 crosses £3,000 only


def test_r026_overlapping_runs_at_two_thresholds_give_one_flag(harness: RuleHarness) -> None:
    # days 0 and 2 cross £3,000; days 2 and 8 cross £5,000: one story, reported at the higher threshold
    pays = [
        payment("P1", "2025-02-03", 2500.0),
        payment("P2", "2025-02-05", 2400.0),
        payment("P3", "2025-02-11", 4000.0),
    ]
    out = r026(harness, pays)
    assert out.select("threshold_value", "payment_ref").rows() == [(5000.0, "P2; P3")]


@pytest.mark.parametrize(("second", "fires"), [("2025-02-10", True), ("2025-02-11", False)])
def test_r026_window_edge_7_days(harness: RuleHarness, second: str, fires: bool) -> None:
    out = r026(harness, [payment("P1", "2025-02-03", 2640.0), payment("P2", second, 2710.0)])
    assert (not out.is_empty()) is fires


@pytest.mark.parametrize(("amount", "fires"), [(1000.0, True), (999.99, False)])
def test_r026_threshold_edge(harness: RuleHarness, amount: float, fires: bool) -> None:
    # £2,000 + £1,000 reaches £3,000 exactly: at the threshold counts; a penny short does not
    out = r026(harness, [payment("P1", "2025-02-03", 2000.0), payment("P2", "2025-02-04", amount)])
    assert (not out.is_empty()) is fires


def test_r026_a_payment_at_the_threshold_is_not_below_it(harness: RuleHarness) -> None:
    out = r026(harness, [payment("P1", "2025-02-03", 3000.0), payment("P2", "2025-02-04", 600.0)])
    assert out.is_empty()  # £3,000 is not below £3,000, and £600 alone is nothing


def test_r026_payments_under_a_live_contract_are_exempt(harness: RuleHarness) -> None:
    pays = [payment("P1", "2025-02-03", 2640.0), payment("P2", "2025-02-06", 2710.0)]
    live = {"contract_id": "C-1", "supplier_name": "Meadowbank Print Services Limited", "award_date": d("2024-06-01")}
    link = [(name_id("payments", SUPPLIER), name_id("contracts", live["supplier_name"]), 97.0, "auto")]
    assert r026(harness, pays, [live], link).is_empty()
    ended = {**live, "end_date": d("2025-01-31")}
    assert r026(harness, pays, [ended], link).height == 1  # the contract had ended


def test_r026_different_suppliers_do_not_add_up(harness: RuleHarness) -> None:
    out = r026(harness, [payment("P1", "2025-02-03", 2640.0), payment("P2", "2025-02-04", 2710.0, "Zenith Ltd")])
    assert out.is_empty()


def test_r026_reported_when_the_last_payment_is_in_the_period(harness: RuleHarness) -> None:
    assert r026(harness, [payment("P1", "2024-12-20", 2640.0), payment("P2", "2024-12-22", 2710.0)]).is_empty()
    out = r026(harness, [payment("P1", "2024-12-29", 2640.0), payment("P2", "2025-01-02", 2710.0)])
    assert out.height == 1


def test_r026_refunds_and_large_thresholds_are_ignored(harness: RuleHarness) -> None:
    assert r026(harness, [payment("P1", "2025-02-03", 2640.0), payment("P2", "2025-02-04", -2710.0)]).is_empty()
    big = [payment("P1", "2025-02-03", 26000.0), payment("P2", "2025-02-04", 26000.0)]
    assert r026(harness, big).is_empty()  # only thresholds up to £25,000 are checked: £50,000 is left to R017
    assert r026(harness, big, max_threshold_gbp=60000.0)["threshold_value"].to_list() == [50000.0]


# --- what R026 leaves out: recurring bills and the reviewers' lists (sql/views/payments_left_out.sql) -----------


def monthly(supplier: str, months: list[int], amount: float = 800.0) -> list[dict[str, object]]:
    return [payment(f"M{m}-{supplier[:3]}", f"2024-{m:02d}-15", amount, supplier) for m in months]


SPLIT = [payment("P1", "2025-02-03", 2640.0), payment("P2", "2025-02-06", 2710.0)]


def test_r026_leaves_out_a_payee_billed_in_most_months(harness: RuleHarness) -> None:
    # paid in 7 of the 8 months from its first payment to its last: a standing relationship, billed as it goes
    recurring = monthly(SUPPLIER, [7, 8, 9, 10, 12]) + [payment("J1", "2025-01-15", 900.0)]
    assert r026(harness, SPLIT + recurring).is_empty()
    counts = rule_coverage(harness.db, harness.rules["R026"], harness.rules["R026"].values(), Q1)
    assert [(c.in_scope, c.checked) for c in counts] == [(3, 3), (3, 0)]
    assert "recurring bills" in counts[1].reason
    # the test can be turned off, and a payee paid in two months out of eight is not recurring
    assert r026(harness, SPLIT + recurring, recurring_min_months=0).height == 1
    assert r026(harness, SPLIT + monthly(SUPPLIER, [7])).height == 1


def test_r026_leaves_out_the_reviewers_descriptions_and_suppliers(harness: RuleHarness) -> None:
    energy = [p | {"description": "Electricity - Main Building"} for p in SPLIT]
    assert r026(harness, energy).height == 1
    assert r026(harness, energy, exclude_descriptions=["*electricity*"]).is_empty()
    assert r026(harness, SPLIT, exclude_suppliers=["meadowbank*"]).is_empty()
    assert r026(harness, SPLIT, exclude_suppliers=["*print shop*"]).height == 1
