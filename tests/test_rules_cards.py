"""Procurement-card rules R011, R012, R014, R015, R024: cases that fire, look-alikes that must not, and the edges."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from typing import Any

import numpy as np
import polars as pl
import pytest
from conftest import RuleHarness, d, name_id, stage

from xref.calendar import bank_holiday_titles, bank_holidays
from xref.flags import render_rationale

WIDE = {"period_from": dt.date(1900, 1, 1), "period_to": dt.date(2999, 12, 31), "period_key": "all"}


def card(**kw: object) -> dict[str, object]:
    row: dict[str, object] = {
        "transaction_id": "T-1",
        "transaction_date": d("2025-02-20"),  # a Thursday
        "merchant_name": "OFFICE SUPPLIES DIRECT",
        "amount": 300.0,
        "cardholder": "JANE SMITH",
        "mcc": "5999",
        "description": "Stationery",
    }
    row.update(kw)
    return row


def txns(*specs: tuple[str, float], **common: object) -> list[dict[str, object]]:
    """Card rows from (date, amount) pairs, numbered T-1, T-2, ..."""
    return [
        card(transaction_id=f"T-{i}", transaction_date=d(day), amount=amount, **common)
        for i, (day, amount) in enumerate(specs, start=1)
    ]


def run(
    h: RuleHarness,
    rule_id: str,
    rows: list[dict[str, object]],
    pairs: list[tuple[str, str, float, str]] | None = None,
    period: dict[str, Any] | None = None,
    **params: object,
) -> pl.DataFrame:
    tables = {"cards": stage("cards", rows)}
    if pairs:  # link targets need a register row so that links() knows their names
        tables["contracts"] = stage("contracts", [{"contract_id": "C-1", "supplier_name": "Acme Facilities Ltd"}])
    return h.run(rule_id, tables, pairs or [], params=params or None, period=period)


# ---------------------------------------------------------------- R011 split purchase


def test_r011_three_payments_over_two_days_give_one_flag(harness: RuleHarness) -> None:
    out = run(harness, "R011", txns(("2025-02-10", 450.0), ("2025-02-11", 480.0), ("2025-02-12", 300.0)))
    assert out.height == 1
    row = out.row(0, named=True)
    assert row["severity"] == "medium"
    assert row["subject_key"] == "jane smith:OFFICE SUPPLIES DIRECT:2025-02-10"
    assert row["card_ref"] == "T-1; T-2; T-3"
    assert row["evidence"] == ["cards.csv:2", "cards.csv:3", "cards.csv:4"]
    assert row["txn_count"] == 3 and row["total_spend"] == pytest.approx(1230.0)
    assert row["event_date"] == d("2025-02-12") and row["staff_key"] == "jane smith"
    assert row["match_band"] is None


@pytest.mark.parametrize(("second", "fires"), [("2025-02-10", True), ("2025-02-12", True), ("2025-02-13", False)])
def test_r011_window_edges(harness: RuleHarness, second: str, fires: bool) -> None:
    # split_window_days = 2: same day and two days later count, three days later does not
    out = run(harness, "R011", txns(("2025-02-10", 300.0), (second, 300.0)))
    assert (out.height == 1) is fires


@pytest.mark.parametrize(("amounts", "fires"), [((250.0, 250.0), False), ((250.0, 250.01), True)])
def test_r011_sum_must_exceed_the_limit(harness: RuleHarness, amounts: tuple[float, float], fires: bool) -> None:
    out = run(harness, "R011", txns(("2025-02-10", amounts[0]), ("2025-02-11", amounts[1])))
    assert (out.height == 1) is fires


@pytest.mark.parametrize(("big", "fires"), [(500.0, True), (500.01, False)])
def test_r011_each_payment_within_the_limit(harness: RuleHarness, big: float, fires: bool) -> None:
    # a payment over the limit is a breach of the limit, not a split; at the limit it still counts
    out = run(harness, "R011", txns(("2025-02-10", big), ("2025-02-10", 20.0)))
    assert (out.height == 1) is fires


def test_r011_other_cardholders_or_merchants_are_look_alikes(harness: RuleHarness) -> None:
    two_people = [card(transaction_id="T-1"), card(transaction_id="T-2", cardholder="JOHN SMITH")]
    two_shops = [card(transaction_id="T-1"), card(transaction_id="T-2", merchant_name="STAPLES UK")]
    assert run(harness, "R011", two_people).is_empty()
    assert run(harness, "R011", two_shops).is_empty()


def test_r011_card_number_wins_over_cardholder(harness: RuleHarness) -> None:
    shared = [card(transaction_id="T-1", card_id="****1234"), card(transaction_id="T-2", cardholder="JOHN SMITH")]
    shared[1]["card_id"] = "****1234"
    out = run(harness, "R011", shared)
    assert out["subject_key"].to_list() == ["****1234:OFFICE SUPPLIES DIRECT:2025-02-20"]
    assert out["staff_key"].to_list() == [None]  # two people used the card
    two_cards = [card(transaction_id="T-1", card_id="****1234"), card(transaction_id="T-2", card_id="****9876")]
    assert run(harness, "R011", two_cards).is_empty()


def test_r011_marketplace_order_references_are_one_merchant(harness: RuleHarness) -> None:
    rows = [
        card(transaction_id="T-1", merchant_name="AMAZON.CO.UK*FN3J951L9"),
        card(transaction_id="T-2", merchant_name="AMAZON.CO.UK*PSSYMNF1M"),
    ]
    out = run(harness, "R011", rows)
    assert out["card_ref"].to_list() == ["T-1; T-2"]


@pytest.mark.parametrize(("band", "fires"), [("auto", True), ("review", False)])
def test_r011_merchant_texts_linked_to_one_supplier(harness: RuleHarness, band: str, fires: bool) -> None:
    rows = [
        card(transaction_id="T-1", merchant_name="ACME FACILITIES"),
        card(transaction_id="T-2", merchant_name="ACME FACILITIES LTD"),
    ]
    acme_c = name_id("contracts", "Acme Facilities Ltd")
    pairs = [
        (name_id("cards", "ACME FACILITIES"), acme_c, 97.0, band),
        (name_id("cards", "ACME FACILITIES LTD"), acme_c, 99.0, band),
    ]
    assert (run(harness, "R011", rows, pairs).height == 1) is fires


def test_r011_overlapping_windows_merge_and_a_gap_splits(harness: RuleHarness) -> None:
    chain = [("2025-02-01", 300.0), ("2025-02-03", 300.0), ("2025-02-05", 300.0), ("2025-02-07", 300.0)]
    later = [("2025-02-20", 300.0), ("2025-02-21", 300.0)]
    out = run(harness, "R011", txns(*chain, *later))
    assert out.sort("event_date")["txn_count"].to_list() == [4, 2]


def test_r011_windows_that_do_not_qualify_are_not_chained(harness: RuleHarness) -> None:
    # 400 then 50 (450 in two days) then 60 (110): no two-day window is over £500, whatever the run's total
    out = run(harness, "R011", txns(("2025-02-01", 400.0), ("2025-02-03", 50.0), ("2025-02-05", 60.0)))
    assert out.is_empty()


def test_r011_refunds_do_not_count(harness: RuleHarness) -> None:
    assert run(harness, "R011", txns(("2025-02-10", 450.0), ("2025-02-10", -450.0))).is_empty()


@pytest.mark.parametrize(
    ("days", "fires"),
    [
        (("2024-12-30", "2024-12-31"), False),
        (("2024-12-31", "2025-01-01"), True),
        (("2025-03-31", "2025-04-01"), False),
    ],
)
def test_r011_reported_when_the_last_payment_is_in_the_period(
    harness: RuleHarness, days: tuple[str, str], fires: bool
) -> None:
    out = run(harness, "R011", txns((days[0], 300.0), (days[1], 300.0)))
    assert (out.height == 1) is fires


# ---------------------------------------------------------------- R012 just below a limit


def test_r012_three_payments_just_below_the_card_limit(harness: RuleHarness) -> None:
    rows = txns(("2025-01-10", 480.0), ("2025-02-10", 495.0), ("2025-03-10", 499.0), merchant_name="X")
    out = run(harness, "R012", rows)
    assert out["subject_key"].to_list() == ["jane smith:500.0:2025Q1"]
    row = out.row(0, named=True)
    assert row["severity"] == "low" and row["txn_count"] == 3 and row["limit_amount"] == 500.0
    assert row["card_ref"] == "T-1; T-2; T-3" and row["event_date"] == d("2025-03-10")


@pytest.mark.parametrize(("amount", "fires"), [(475.0, True), (474.99, False), (499.99, True), (500.0, False)])
def test_r012_band_edges(harness: RuleHarness, amount: float, fires: bool) -> None:
    rows = txns(("2025-01-10", 480.0), ("2025-02-10", 490.0), ("2025-03-10", amount))
    assert (run(harness, "R012", rows).height == 1) is fires


def test_r012_two_payments_are_not_enough(harness: RuleHarness) -> None:
    assert run(harness, "R012", txns(("2025-01-10", 480.0), ("2025-02-10", 490.0))).is_empty()


def test_r012_quotation_threshold_and_the_cap(harness: RuleHarness) -> None:
    near_3k = txns(("2025-01-10", 2850.0), ("2025-02-10", 2900.0), ("2025-03-10", 2999.99))
    out = run(harness, "R012", near_3k)
    assert out["limit_amount"].to_list() == [3000.0]
    assert "3 written quotations" in out["limit_label"][0]
    near_10k = txns(("2025-01-10", 9600.0), ("2025-02-10", 9700.0), ("2025-03-10", 9900.0))
    assert run(harness, "R012", near_10k).is_empty()  # above max_threshold_gbp: not card-sized
    assert run(harness, "R012", near_10k, max_threshold_gbp=10_000.0).height == 1


def test_r012_counts_per_cardholder_and_per_quarter(harness: RuleHarness) -> None:
    two_people = txns(("2025-01-10", 480.0), ("2025-02-10", 490.0)) + [
        card(transaction_id="T-9", cardholder="JOHN SMITH", amount=495.0)
    ]
    assert run(harness, "R012", two_people).is_empty()
    across = txns(("2024-11-10", 480.0), ("2024-12-10", 490.0), ("2025-01-10", 495.0), ("2025-02-10", 496.0))
    assert run(harness, "R012", across, period=WIDE).is_empty()
    q4 = txns(("2024-10-10", 480.0), ("2024-11-10", 490.0), ("2024-12-10", 495.0))
    assert run(harness, "R012", q4, period=WIDE)["subject_key"].to_list() == ["jane smith:500.0:2024Q4"]
    assert run(harness, "R012", q4).is_empty()  # outside 2025Q1


# ---------------------------------------------------------------- R014 restricted category or out of hours


def r014(h: RuleHarness, **kw: object) -> pl.DataFrame:
    return run(h, "R014", [card(**kw)])


def test_r014_restricted_category_is_medium_at_any_amount(harness: RuleHarness) -> None:
    out = r014(harness, mcc="5813", amount=4.5)
    assert out["subject_key"].to_list() == ["T-1"]
    row = out.row(0, named=True)
    assert row["severity"] == "medium" and row["evidence"] == ["cards.csv:2"]
    assert row["mcc_label"] == "5813 bars and pubs" and "restricted" in row["reasons"]


@pytest.mark.parametrize(("amount", "fires"), [(100.0, True), (99.99, False)])
def test_r014_hospitality_threshold(harness: RuleHarness, amount: float, fires: bool) -> None:
    out = r014(harness, mcc="5812", amount=amount)
    assert (out.height == 1) is fires
    if fires:
        assert out["severity"].to_list() == ["low"]


@pytest.mark.parametrize(
    ("day", "amount", "fires"),
    [
        ("2025-02-22", 50.0, True),  # Saturday, at the amount
        ("2025-02-23", 50.0, True),  # Sunday
        ("2025-02-22", 49.99, False),  # Saturday, under the amount
        ("2025-02-21", 500.0, False),  # Friday
        ("2025-01-01", 50.0, True),  # New Year's Day, a Wednesday
        ("2025-01-02", 50.0, False),  # the day after
    ],
)
def test_r014_weekend_and_bank_holiday_edges(harness: RuleHarness, day: str, amount: float, fires: bool) -> None:
    assert (r014(harness, transaction_date=d(day), amount=amount).height == 1) is fires


@pytest.mark.parametrize(("day", "fires"), [("2022-12-27", True), ("2022-12-28", False), ("2022-09-19", True)])
def test_r014_substitute_and_one_off_bank_holidays(harness: RuleHarness, day: str, fires: bool) -> None:
    # Christmas Day 2022 was a Sunday: the substitute day was Tuesday 27th; 19 Sep 2022 was the state funeral
    out = run(harness, "R014", [card(transaction_date=d(day))], period=WIDE)
    assert (out.height == 1) is fires
    if fires:
        assert "bank holiday" in out["reasons"][0]


def test_r014_ordinary_spend_is_a_look_alike(harness: RuleHarness) -> None:
    assert r014(harness, mcc="5541", amount=80.0, transaction_date=d("2025-02-22")).is_empty()  # fuel on Saturday
    assert r014(harness, mcc="7011", amount=300.0).is_empty()  # hotel for duty travel, on a weekday
    assert r014(harness, mcc=None, amount=300.0).is_empty()  # no category, on a weekday
    assert r014(harness, mcc="5813", amount=-20.0).is_empty()  # a refund


def test_r014_several_tests_are_one_flag(harness: RuleHarness) -> None:
    out = r014(harness, mcc="5814", amount=120.0, transaction_date=d("2025-02-22"))
    assert out.height == 1
    assert out["reasons"][0].count(";") == 1
    assert out["points"].to_list() == [[{"reason": "also out of hours", "points": 5}]]


def test_r014_bank_holiday_calendar() -> None:
    days = bank_holidays()
    assert days == sorted(set(days)) and days[0] == dt.date(2015, 1, 1) and days[-1] == dt.date(2030, 12, 26)
    assert all(day.weekday() < 5 for day in days)  # weekend holidays are replaced by substitute days
    per_year = Counter(day.year for day in days)
    assert per_year[2022] == 10 and per_year[2020] == 8 and per_year[2023] == 9
    assert all(per_year[y] == 8 for y in range(2015, 2031) if y not in (2022, 2023))
    titles = bank_holiday_titles()
    assert titles[dt.date(2020, 5, 8)].startswith("Early May") and dt.date(2020, 5, 4) not in titles
    assert dt.date(2022, 6, 3) in titles and dt.date(2022, 5, 30) not in titles  # jubilee; spring moved to 2 Jun
    assert {dt.date(2025, 4, 18), dt.date(2025, 4, 21), dt.date(2025, 12, 26), dt.date(2023, 5, 8)} <= set(titles)
    assert {dt.date(2021, 12, 27), dt.date(2021, 12, 28), dt.date(2022, 1, 3)} <= set(titles)


# ---------------------------------------------------------------- R015 duplicate or round sum


def test_r015_duplicate_payment_fires_once(harness: RuleHarness) -> None:
    out = run(harness, "R015", txns(("2025-02-10", 123.45), ("2025-02-11", 123.45)))
    assert out.height == 1
    row = out.row(0, named=True)
    assert row["check_kind"] == "duplicate" and row["severity"] == "low"
    assert row["subject_key"] == "jane smith:OFFICE SUPPLIES DIRECT:123.45:2025-02-10"
    assert row["card_ref"] == "T-1; T-2" and row["evidence"] == ["cards.csv:2", "cards.csv:3"]


@pytest.mark.parametrize(("second", "fires"), [("2025-02-13", True), ("2025-02-14", False)])
def test_r015_duplicate_window_edges(harness: RuleHarness, second: str, fires: bool) -> None:
    out = run(harness, "R015", txns(("2025-02-10", 123.45), (second, 123.45)))
    assert (out.height == 1) is fires


@pytest.mark.parametrize(("amount", "fires"), [(50.0, True), (49.99, False)])
def test_r015_small_repeats_are_ordinary(harness: RuleHarness, amount: float, fires: bool) -> None:
    out = run(harness, "R015", txns(("2025-02-10", amount), ("2025-02-11", amount)))
    assert (out.height == 1) is fires


def test_r015_near_duplicates_are_look_alikes(harness: RuleHarness) -> None:
    assert run(harness, "R015", txns(("2025-02-10", 123.45), ("2025-02-10", 123.44))).is_empty()
    other_shop = [
        card(transaction_id="T-1", amount=123.45),
        card(transaction_id="T-2", amount=123.45, merchant_name="B"),
    ]
    assert run(harness, "R015", other_shop).is_empty()
    other_person = [
        card(transaction_id="T-1", amount=123.45),
        card(transaction_id="T-2", amount=123.45, cardholder="X Y"),
    ]
    assert run(harness, "R015", other_person).is_empty()
    assert run(harness, "R015", txns(("2025-02-10", 123.45), ("2025-02-10", -123.45))).is_empty()


@pytest.mark.parametrize(
    ("amount", "fires"),
    [(300.0, True), (1000.0, True), (200.0, False), (250.0, False), (300.01, False), (350.0, False)],
)
def test_r015_round_sum_edges(harness: RuleHarness, amount: float, fires: bool) -> None:
    out = run(harness, "R015", [card(amount=amount)])
    assert (out.height == 1) is fires
    if fires:
        assert out["check_kind"].to_list() == ["round sum"] and out["subject_key"].to_list() == ["T-1"]


def test_r015_round_duplicate_is_reported_once(harness: RuleHarness) -> None:
    out = run(harness, "R015", txns(("2025-02-10", 400.0), ("2025-02-10", 400.0)))
    assert out["check_kind"].to_list() == ["duplicate"]
    assert out["round_sum"].to_list() == [True]


def test_r015_outside_the_period_is_not_reported(harness: RuleHarness) -> None:
    assert run(harness, "R015", txns(("2024-12-30", 123.45), ("2024-12-31", 123.45))).is_empty()
    assert run(harness, "R015", [card(amount=500.0, transaction_date=d("2024-12-31"))]).is_empty()


# ---------------------------------------------------------------- R024 Benford summary


def benford_rows(n: int, day: str = "2025-02-10") -> list[dict[str, object]]:
    """n amounts whose first two digits follow Benford's law as closely as whole counts allow."""
    rows: list[dict[str, object]] = []
    for pair in range(10, 100):
        for _ in range(round(n * math.log10(1 + 1 / pair))):
            rows.append(card(transaction_id=f"T-{len(rows)}", transaction_date=d(day), amount=pair * 1.0 + 0.5))
    return rows


def test_r024_conforming_period_gives_one_info_flag(harness: RuleHarness) -> None:
    rows = benford_rows(5000)
    out = run(harness, "R024", rows)
    assert out.height == 1
    row = out.row(0, named=True)
    assert row["severity"] == "info" and row["subject_key"] == "benford:2025Q1"
    assert row["staff"] is None and row["supplier"] is None
    assert row["conformity"] == "close conformity" and row["txn_count"] == len(rows)
    assert len(row["evidence"]) == row["evidence_listed"] == 50  # a sample, not every payment of the period


def test_r024_spike_is_nonconformity_and_named(harness: RuleHarness) -> None:
    rows = benford_rows(5000) + [card(transaction_id=f"S-{i}", amount=49.99) for i in range(1000)]
    row = run(harness, "R024", rows).row(0, named=True)
    assert row["conformity"] == "nonconformity"
    assert row["top_pairs"].startswith("49 (")


@pytest.mark.parametrize(
    ("bands", "band"),
    [
        ([1.0, 1.0, 1.0], "close conformity"),
        ([0.0, 1.0, 1.0], "acceptable conformity"),
        ([0.0, 0.0, 1.0], "marginally acceptable conformity"),
        ([0.0, 0.0, 0.0], "nonconformity"),
    ],
)
def test_r024_bands(harness: RuleHarness, bands: list[float], band: str) -> None:
    rows = [card(transaction_id=f"T-{i}", amount=10.0 + i) for i in range(50)]
    assert run(harness, "R024", rows, min_n=50, mad_bands=bands)["conformity"].to_list() == [band]


@pytest.mark.parametrize(("extra", "fires"), [(0, True), (-1, False)])
def test_r024_needs_min_n_payments(harness: RuleHarness, extra: int, fires: bool) -> None:
    rows = [card(transaction_id=f"T-{i}", amount=12.0) for i in range(1000 + extra)]
    rows += [card(transaction_id="U-1", amount=9.99), card(transaction_id="U-2", amount=-50.0)]  # not counted
    assert (run(harness, "R024", rows).height == 1) is fires


@pytest.mark.parametrize(("amount", "pair"), [(10.0, "10"), (99.99, "99"), (1234.56, "12"), (100.0, "10")])
def test_r024_leading_two_digits(harness: RuleHarness, amount: float, pair: str) -> None:
    out = run(harness, "R024", [card(amount=amount)], min_n=1)
    assert out["top_pairs"][0].startswith(f"{pair} (100.0% of payments")


def scale_rows(n: int, seed: int = 24) -> list[dict[str, object]]:
    """n card payments with log-uniform amounts (near Benford), a spike of £49.99 and payments R024 must not count."""
    rng = np.random.default_rng(seed)
    pence = np.round(10 ** rng.uniform(3, 6, n - n // 10)).astype(int).tolist() + [4999] * (n // 10)
    days = [dt.date(2025, 1, 1) + dt.timedelta(days=int(x)) for x in rng.integers(0, 90, n)]
    rows = [
        card(transaction_id=f"T-{i}", transaction_date=day, amount=p / 100, source_row=i + 2)
        for i, (p, day) in enumerate(zip(pence, days, strict=True))
    ]
    rows += [card(transaction_id="U-1", amount=9.99), card(transaction_id="U-2", amount=-120.0)]
    rows += [card(transaction_id="U-3", amount=23.5, transaction_date=d("2025-04-01"))]
    for i, row in enumerate(rows[n:], start=n):
        row["source_row"] = i + 2
    return rows


def benford_mad(pence: list[int]) -> tuple[float, list[int]]:
    """The first-two-digit MAD of amounts in pence, computed apart from the rule; and the pairs by excess."""
    pairs = np.array([int(str(p)[:2]) for p in pence])
    digits = np.arange(10, 100)
    observed = np.array([(pairs == k).sum() for k in digits]) / len(pairs)
    expected = np.log10(1 + 1 / digits)
    order = sorted(range(90), key=lambda i: (-(observed[i] - expected[i]), digits[i]))
    return float(np.abs(observed - expected).mean()), [int(digits[i]) for i in order if observed[i] > expected[i]]


def test_r024_evidence_is_a_bounded_sample_of_20000_payments(harness: RuleHarness) -> None:
    rows = scale_rows(20_000)
    counted = [round(float(r["amount"]) * 100) for r in rows[:20_000]]  # type: ignore[arg-type]
    mad, top = benford_mad(counted)
    row = run(harness, "R024", rows).row(0, named=True)
    # the statistic still counts every payment of the period, and the summary says so
    assert row["txn_count"] == 20_000
    assert row["mad"] == pytest.approx(mad, abs=5e-6) and row["conformity"] == "nonconformity"
    assert [int(p) for p in re.findall(r"(\d+) \(", row["top_pairs"])] == top[:5]
    summary = render_rationale(harness.rules["R024"].rationale, row)
    assert summary.startswith("20000 card payments") and f"50 of the {row['top_pair_txns']} payments" in summary
    # ...but the flag carries at most evidence_limit of the payments behind the top pairs, each pair in turn
    evidence = row["evidence"]
    assert len(evidence) == len(set(evidence)) == row["evidence_listed"] == 50
    by_id = {f"cards.csv:{r['source_row']}": round(float(r["amount"]) * 100) for r in rows}  # type: ignore[arg-type]
    led = [int(str(by_id[e])[:2]) for e in evidence]
    assert set(led) == set(top[:5]) and led == sorted(led, key=top.index)
    assert row["top_pair_txns"] == sum(int(str(p)[:2]) in top[:5] for p in counted)
    assert all(by_id[e] == 4999 for e in evidence[: led.count(49)])  # the repeated amount first
    assert led.count(49) == 10


def test_r024_evidence_limit_and_order_do_not_depend_on_row_order(harness: RuleHarness) -> None:
    rows = scale_rows(5000)
    first = run(harness, "R024", rows, min_n=1000, evidence_limit=7).row(0, named=True)
    again = run(harness, "R024", rows[::-1], min_n=1000, evidence_limit=7).row(0, named=True)
    assert len(first["evidence"]) == 7 and first["evidence"] == again["evidence"]
    assert first["mad"] == again["mad"] == run(harness, "R024", rows)["mad"][0]
    assert run(harness, "R024", rows, evidence_limit=0)["evidence"].to_list() == [[]]
