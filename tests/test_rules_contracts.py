"""Contract and business-interest rules (R016-R018, R020, R021, R025): what fires, look-alikes, window edges."""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest
from builders import builder, card, gift, payment
from conftest import Q1, RuleHarness, d, name_id, stage

from xref.rules import rule_coverage, run_rules

ACME = "Acme Facilities Management Limited"
ACME_C = name_id("contracts", ACME)
ACME_C2 = name_id("contracts", "ACME FACILITIES MGMT LTD")
ACME_G = name_id("gifts", "Acme Facilities")
ACME_T = name_id("cards", "ACME FACILITIES")
ACME_P = name_id("payments", "Acme Facilities Management Ltd")
ACME_I = name_id("interests", "Acme Facilities Ltd")

Rows = list[dict[str, Any]]
contract = builder("contracts", route="Open tender", approver="Ch Supt Alan Reeve")
interest = builder(
    "interests", staff="Alan Reeve", start_date=d("2023-05-01"), review_date=d("2024-11-01")
)  # fmt: skip


def coverage(h: RuleHarness, rule_id: str, **params: object) -> list[tuple[int, int]]:
    """(in scope, checked) of each coverage line, on the tables of the harness's last run."""
    rule = h.rules[rule_id]
    return [(c.in_scope, c.checked) for c in rule_coverage(h.db, rule, rule.values(params or None), Q1)]


# ---------------------------------------------------------------- R016 value just below a threshold


def r016(h: RuleHarness, contracts: Rows, **params: object) -> pl.DataFrame:
    return h.run("R016", {"contracts": stage("contracts", contracts)}, params=params or None)


def test_r016_value_just_below_pcc_scrutiny_fires(harness: RuleHarness) -> None:
    out = r016(harness, [contract(value=249_999.0)])
    assert out["subject_key"].to_list() == ["C-1:250000"]
    row = out.row(0, named=True)
    assert row["severity"] == "medium"
    assert row["threshold_value"] == 250_000.0 and row["value_below_threshold"] == 1.0
    assert row["threshold_label"].startswith("£250,000")
    assert row["staff_key"] == "alan reeve" and row["evidence"] == ["contracts.csv:2"]
    assert row["points"] == [{"reason": "within 1% of the threshold", "points": 5}]
    assert row["match_band"] is None


@pytest.mark.parametrize(
    ("value", "fires"),
    [
        (250_000.0, False),  # at the threshold: not below it
        (249_999.0, True),
        (237_500.0, True),  # exactly 5% below
        (237_499.0, False),  # just outside the 5% band
        (260_000.0, False),  # above
    ],
)
def test_r016_band_edges(harness: RuleHarness, value: float, fires: bool) -> None:
    assert (r016(harness, [contract(value=value)]).height == 1) is fires


@pytest.mark.parametrize(("value", "fires"), [(24_999.0, True), (23_750.0, True), (23_749.0, False), (29_000.0, False)])
def test_r016_vat_inclusive_threshold_is_compared_ex_vat(harness: RuleHarness, value: float, fires: bool) -> None:
    # £30,000 including VAT is £25,000 excluding it; £29,000 ex VAT is over it, not just below £30,000
    out = r016(harness, [contract(value=value)])
    assert (out.height == 1) is fires
    if fires:
        assert out["threshold_value"].to_list() == [25_000.0]
        assert "incl. VAT" in out["threshold_label"][0]


def test_r016_range_reaching_the_threshold_and_awards_outside_the_period_do_not_fire(harness: RuleHarness) -> None:
    assert r016(harness, [contract(value=245_000.0, value_high=255_000.0)]).is_empty()
    assert r016(harness, [contract(value=249_000.0, award_date=d("2024-12-31"))]).is_empty()


def test_r016_wider_band_and_coverage_of_missing_values(harness: RuleHarness) -> None:
    rows = [contract(value=230_000.0), contract(contract_id="C-2", value=None)]
    assert r016(harness, rows).is_empty()
    assert r016(harness, rows, band_pct=10)["contract_ref"].to_list() == ["C-1"]
    assert coverage(harness, "R016") == [(2, 1)]


def test_a_rule_that_could_check_no_record_is_not_evaluated_rather_than_0_flags(harness: RuleHarness) -> None:
    def run(contracts: Rows):
        r016(harness, contracts)
        (one,) = run_rules(harness.db, [harness.rules["R016"]], user_params={}, standard=Q1, supplied={"contracts"})
        return one

    nothing = run([contract(value=None), contract(contract_id="C-2", value=None)])
    assert nothing.rows is not None and nothing.rows.is_empty()
    why = "not evaluated: 0 of 2 contracts awarded in the period could be checked; 2 have no value"
    assert nothing.not_evaluated == why and nothing.status(0) == why
    assert run([]).not_evaluated == "not evaluated: no contracts awarded in the period"
    part = run([contract(value=1_000.0), contract(contract_id="C-2", value=None)])
    assert part.not_evaluated is None
    assert part.status(0) == "0 flag(s) (1 of 2 contracts awarded in the period could be checked; 1 have no value)"
    assert run([contract(value=1_000.0)]).status(0) == "0 flag(s)"


# ---------------------------------------------------------------- R017 contracts split under a threshold


def r017(
    h: RuleHarness, contracts: Rows, pairs: tuple[tuple[str, str, float, str], ...] = (), **params: object
) -> pl.DataFrame:
    return h.run("R017", {"contracts": stage("contracts", contracts)}, list(pairs), params=params or None)


def small(cid: str, award: str, value: float, supplier: str = ACME) -> dict[str, object]:
    return contract(contract_id=cid, award_date=d(award), value=value, supplier_name=supplier)


def test_r017_two_awards_together_over_the_quotation_threshold_fire(harness: RuleHarness) -> None:
    out = r017(harness, [small("C-1", "2024-12-20", 2_000.0), small("C-2", "2025-02-10", 1_500.0)])
    assert out.height == 1
    row = out.row(0, named=True)
    assert row["severity"] == "medium"
    assert row["subject_key"] == f"{ACME.lower()}:3000:2024-12-20"
    assert row["contract_ref"] == "C-1; C-2" and row["contract_count"] == 2
    assert row["total_value"] == 3_500.0 and row["threshold_value"] == 3_000.0
    assert row["event_date"] == d("2025-02-10") and len(row["evidence"]) == 2
    assert row["match_score"] is None  # one spelling: no name match involved


@pytest.mark.parametrize(("second", "fires"), [("2025-03-20", True), ("2025-03-21", False)])
def test_r017_window_edge_90_days(harness: RuleHarness, second: str, fires: bool) -> None:
    out = r017(harness, [small("C-1", "2024-12-20", 2_000.0), small("C-2", second, 1_500.0)])
    assert (out.height == 1) is fires


@pytest.mark.parametrize(("values", "fires"), [((1_500.0, 1_500.0), True), ((1_500.0, 1_499.99), False)])
def test_r017_total_must_reach_the_threshold(harness: RuleHarness, values: tuple[float, float], fires: bool) -> None:
    out = r017(harness, [small("C-1", "2025-01-10", values[0]), small("C-2", "2025-01-20", values[1])])
    assert (out.height == 1) is fires


def test_r017_look_alikes_do_not_fire(harness: RuleHarness) -> None:
    # one contract is over the threshold by itself (it was competed at that level)
    assert r017(harness, [small("C-1", "2025-01-10", 3_000.0), small("C-2", "2025-01-20", 1_000.0)]).is_empty()
    # two different suppliers
    other = small("C-2", "2025-01-20", 2_000.0, supplier="Brightwell Cleaning Ltd")
    assert r017(harness, [small("C-1", "2025-01-10", 2_000.0), other]).is_empty()
    # the pair falls wholly before the period
    assert r017(harness, [small("C-1", "2024-10-10", 2_000.0), small("C-2", "2024-10-20", 2_000.0)]).is_empty()


def test_r017_automatic_name_links_group_spellings_but_review_links_do_not(harness: RuleHarness) -> None:
    rows = [small("C-1", "2025-01-10", 2_000.0), small("C-2", "2025-01-20", 2_000.0, "ACME FACILITIES MGMT LTD")]
    linked = r017(harness, rows, ((ACME_C, ACME_C2, 96.0, "auto"),))
    assert linked["contract_count"].to_list() == [2]
    assert linked["match_band"].to_list() == ["auto"] and linked["match_score"].to_list() == [96.0]
    assert r017(harness, rows, ((ACME_C, ACME_C2, 88.0, "review"),)).is_empty()


def test_r017_overlapping_windows_merge_into_one_flag(harness: RuleHarness) -> None:
    # day 0 + day 60 and day 60 + day 120 each reach £3,000; one run, one flag listing all three
    rows = [
        small("C-1", "2024-11-01", 2_000.0),
        small("C-2", "2024-12-31", 2_000.0),
        small("C-3", "2025-03-01", 2_000.0),
    ]
    out = r017(harness, rows)
    assert out["contract_ref"].to_list() == ["C-1; C-2; C-3"]
    assert out["subject_key"].to_list() == [f"{ACME.lower()}:3000:2024-11-01"]
    assert coverage(harness, "R017") == [(1, 1)]


# ---------------------------------------------------------------- R018 repeated non-competitive awards


def waiver(cid: str, award: str, route: str | None = "Single source (waiver)", **kw: object) -> dict[str, object]:
    return contract(contract_id=cid, award_date=d(award), route=route, value=40_000.0, **kw)


def r018(h: RuleHarness, contracts: Rows, **params: object) -> pl.DataFrame:
    return h.run("R018", {"contracts": stage("contracts", contracts)}, params=params or None)


def test_r018_three_waivers_in_a_year_fire(harness: RuleHarness) -> None:
    rows = [
        waiver("C-1", "2024-04-01"),
        waiver("C-2", "2024-10-15", "Direct Award"),
        waiver("C-3", "2025-02-01", "SINGLE TENDER ACTION"),
    ]
    out = r018(harness, rows)
    assert out.height == 1
    row = out.row(0, named=True)
    assert row["severity"] == "medium"
    assert row["subject_key"] == ACME.lower()
    assert row["contract_ref"] == "C-1; C-2; C-3" and row["contract_count"] == 3
    assert row["total_value"] == 120_000.0 and row["event_date"] == d("2025-02-01")
    assert "C-2 (Direct Award, 15 Oct 2024, £40,000.00)" in row["contract_details"]


@pytest.mark.parametrize(("first", "fires"), [("2024-02-01", True), ("2024-01-31", False)])
def test_r018_window_edge_365_days(harness: RuleHarness, first: str, fires: bool) -> None:
    rows = [waiver("C-1", first), waiver("C-2", "2024-09-01"), waiver("C-3", "2025-01-31")]
    assert (r018(harness, rows).height == 1) is fires


def test_r018_competed_and_framework_routes_do_not_count(harness: RuleHarness) -> None:
    rows = [
        waiver("C-1", "2024-06-01"),
        waiver("C-2", "2024-09-01", "Direct award from framework"),
        waiver("C-3", "2025-01-31", "Open tender"),
        waiver("C-4", "2025-02-15"),
    ]
    assert r018(harness, rows).is_empty()
    assert r018(harness, rows, min_awards=2)["contract_ref"].to_list() == ["C-1; C-4"]


def test_r018_no_award_in_the_period_and_blank_routes(harness: RuleHarness) -> None:
    old = [waiver("C-1", "2024-03-01"), waiver("C-2", "2024-06-01"), waiver("C-3", "2024-12-31")]
    assert r018(harness, old).is_empty()
    assert r018(harness, [waiver("C-1", "2025-01-10", None), waiver("C-2", "2025-01-20", " ")]).is_empty()
    assert coverage(harness, "R018") == [(2, 0)]


# ---------------------------------------------------------------- R020 interest holder had a role on the award


def r020(
    h: RuleHarness,
    interests: Rows,
    contracts: Rows | None = None,
    roles: Rows | None = None,
    band: str = "auto",
) -> pl.DataFrame:
    tables = {
        "interests": stage("interests", interests),
        "contracts": stage("contracts", contracts or [contract()]),
        "contract_roles": stage("contract_roles", roles or []),
    }
    return h.run("R020", tables, [(ACME_I, ACME_C, 97.0 if band == "auto" else 90.0, band)])


def test_r020_approver_with_an_interest_in_the_supplier_is_critical(harness: RuleHarness) -> None:
    out = r020(harness, [interest()])
    assert out["subject_key"].to_list() == ["C-1:alan reeve:I-1"]
    row = out.row(0, named=True)
    assert row["severity"] == "critical"
    assert row["contract_roles"] == "approver" and row["interest_start"] == "held since 1 May 2023"
    assert row["evidence"] == ["interests.csv:2", "contracts.csv:2"]
    assert row["interest_ref"] == "I-1" and row["staff_key"] == "alan reeve"


def test_r020_role_from_the_contract_roles_register(harness: RuleHarness) -> None:
    roles = [{"contract_id": "c-1 ", "staff": "Reeve, Alan", "role": "Evaluator"}]
    out = r020(harness, [interest()], [contract(approver="Jo Bloggs")], roles)
    assert out["contract_roles"].to_list() == ["evaluator"]
    assert out["evidence"].to_list() == [["interests.csv:2", "contracts.csv:2", "contract_roles.csv:2"]]
    assert coverage(harness, "R020") == [(1, 1)]


def test_r020_someone_else_on_the_contract_does_not_fire(harness: RuleHarness) -> None:
    roles = [{"contract_id": "C-1", "staff": "Alan Reed", "role": "Evaluator"}]
    assert r020(harness, [interest()], [contract(approver="Jo Bloggs")], roles).is_empty()
    assert r020(harness, [interest()], [contract(approver=None)]).is_empty()
    assert coverage(harness, "R020") == [(1, 0)]


@pytest.mark.parametrize(
    ("dates", "fires"),
    [
        ({"start_date": d("2025-02-14")}, True),  # started on the award date
        ({"start_date": d("2025-02-15")}, False),  # started after the award
        ({"end_date": d("2025-02-14")}, True),  # ended on the award date
        ({"end_date": d("2025-02-13")}, False),  # ended before the award
    ],
)
def test_r020_interest_must_be_current_at_the_award(harness: RuleHarness, dates: dict[str, Any], fires: bool) -> None:
    assert (r020(harness, [interest(**dates)]).height == 1) is fires


def test_r020_unknown_start_is_said_and_ceased_interest_without_end_is_left_out(harness: RuleHarness) -> None:
    out = r020(harness, [interest(start_date=None)])
    assert out["interest_start"].to_list() == ["start date not recorded, so it may have begun after the award"]
    assert r020(harness, [interest(status="withdrawn", status_raw="Ceased")]).is_empty()


def test_r020_possible_name_match_is_carried_and_award_outside_period_ignored(harness: RuleHarness) -> None:
    assert r020(harness, [interest()], band="review")["match_band"].to_list() == ["review"]
    assert r020(harness, [interest()], [contract(award_date=d("2024-12-31"))]).is_empty()


# ---------------------------------------------------------------- R021 new supplier after its hospitality

HISTORY = contract(contract_id="C-0", supplier_name="Older Supplier Ltd", award_date=d("2023-01-01"), value=9_000.0)


def r021(
    h: RuleHarness,
    gifts: Rows,
    contracts: Rows | None = None,
    cards: Rows | None = None,
    payments: Rows | None = None,
    band: str = "auto",
    **params: object,
) -> pl.DataFrame:
    tables = {
        "gifts": stage("gifts", gifts),
        "contracts": stage("contracts", [HISTORY, *(contracts if contracts is not None else [contract()])]),
        "cards": stage("cards", cards or []),
        "payments": stage("payments", payments or []),
    }
    pairs = [
        (ACME_G, ACME_C, 97.0 if band == "auto" else 89.0, band),
        (ACME_G, ACME_T, 96.0, "auto"),
        (ACME_G, ACME_P, 97.0, "auto"),
        (ACME_C, ACME_T, 96.0, "auto"),
        (ACME_C, ACME_P, 99.0, "auto"),
        (ACME_T, ACME_P, 96.0, "auto"),
    ]
    return h.run("R021", tables, pairs, params=params or None)


def test_r021_first_contract_weeks_after_first_offer_fires(harness: RuleHarness) -> None:
    out = r021(harness, [gift(), gift(entry_id="G-2", offer_date=d("2025-02-01"), recipient="Tom Hale")])
    assert out["subject_key"].to_list() == [ACME.lower()]
    row = out.row(0, named=True)
    assert row["severity"] == "medium" and row["match_band"] == "auto"
    assert row["days_after_offer"] == 40 and row["offers_before"] == 2
    assert row["staff_key"] == "jane smith" and row["gift_ref"] == "G-1; G-2" and row["contract_ref"] == "C-1"
    assert row["first_dealing"] == "contract award C-1 (Cleaning services, £249,500.00)"
    assert row["evidence"] == ["gifts.csv:2", "gifts.csv:3", "contracts.csv:3"]


@pytest.mark.parametrize(
    ("offer", "fires"),
    [("2024-08-18", True), ("2024-08-17", False), ("2025-02-14", True), ("2025-02-15", False)],
)
def test_r021_window_edges(harness: RuleHarness, offer: str, fires: bool) -> None:
    # 180 days before the first award fires, 181 does not; an offer on the award day counts, one after does not
    assert (r021(harness, [gift(offer_date=d(offer))]).height == 1) is fires


def test_r021_established_supplier_is_not_new(harness: RuleHarness) -> None:
    # paid (under another spelling) before the offer: its first dealing was not in the period
    assert r021(harness, [gift()], payments=[payment(payment_date=d("2024-06-01"))]).is_empty()
    # an earlier contract
    earlier = contract(contract_id="C-00", award_date=d("2023-06-01"))
    assert r021(harness, [gift()], [earlier, contract()]).is_empty()


def test_r021_first_card_purchase_counts_and_marketplaces_do_not(harness: RuleHarness) -> None:
    history = card(transaction_id="T-0", transaction_date=d("2023-06-01"), merchant_name="STAPLES UK")
    out = r021(harness, [gift()], [], [history, card()])
    assert out["card_ref"].to_list() == ["T-1"] and out["first_dealing_kind"].to_list() == ["card transaction"]
    amazon = name_id("cards", "AMAZON MKTPLACE ACME FACILITIES")
    tables = {
        "gifts": stage("gifts", [gift()]),
        "contracts": stage("contracts", [HISTORY]),
        "cards": stage("cards", [history, card(merchant_name="AMAZON MKTPLACE ACME FACILITIES")]),
    }
    assert harness.run("R021", tables, [(ACME_G, amazon, 96.0, "auto")]).is_empty()


def test_r021_public_body_offeror_and_short_history_do_not_fire(harness: RuleHarness) -> None:
    police = name_id("gifts", "Wessex Police")
    tables = {
        "gifts": stage("gifts", [gift(offeror="Wessex Police")]),
        "contracts": stage("contracts", [HISTORY, contract(supplier_name="Wessex Police")]),
    }
    assert harness.run("R021", tables, [(police, name_id("contracts", "Wessex Police"), 100.0, "auto")]).is_empty()
    # without a year of earlier contracts, a first award cannot be told from the start of the data
    tables = {"gifts": stage("gifts", [gift()]), "contracts": stage("contracts", [contract()])}
    assert harness.run("R021", tables, [(ACME_G, ACME_C, 97.0, "auto")]).is_empty()
    assert coverage(harness, "R021") == [(1, 0), (0, 0), (0, 0)]


def test_r021_possible_match_is_carried(harness: RuleHarness) -> None:
    tables = {"gifts": stage("gifts", [gift()]), "contracts": stage("contracts", [HISTORY, contract()])}
    out = harness.run("R021", tables, [(ACME_G, ACME_C, 89.0, "review")])
    assert out["match_band"].to_list() == ["review"]


# ---------------------------------------------------------------- R025 approved interest overdue for review


def r025(h: RuleHarness, interests: Rows, **params: object) -> pl.DataFrame:
    return h.run("R025", {"interests": stage("interests", interests)}, params=params or None)


def test_r025_review_more_than_a_year_old_fires(harness: RuleHarness) -> None:
    out = r025(harness, [interest(review_date=d("2023-12-31"))])
    assert out["subject_key"].to_list() == ["interest:I-1"]
    row = out.row(0, named=True)
    assert row["severity"] == "low" and row["staff_key"] == "alan reeve"
    assert row["review_due"] == d("2024-12-31") and row["months_overdue"] == 3 and row["days_overdue"] == 90
    assert row["event_date"] == d("2025-03-31") and row["evidence"] == ["interests.csv:2"]
    assert row["points"] == []


@pytest.mark.parametrize(
    ("dates", "fires"),
    [
        ({"review_date": d("2024-03-30")}, True),  # more than 12 months before 31 Mar 2025
        ({"review_date": d("2024-03-31")}, False),  # exactly 12 months
        ({"review_date": d("2025-01-10"), "review_due_date": d("2025-03-30")}, True),  # due date passed
        ({"review_date": d("2025-01-10"), "review_due_date": d("2025-03-31")}, False),  # due on the last day
        ({"review_date": None, "start_date": d("2024-03-30")}, True),  # no review: counted from the start
        ({"review_date": None, "decision_date": d("2024-06-01"), "start_date": d("2020-01-01")}, False),
    ],
)
def test_r025_edges(harness: RuleHarness, dates: dict[str, Any], fires: bool) -> None:
    assert (r025(harness, [interest(**dates)]).height == 1) is fires


def test_r025_only_approved_interests_current_at_period_end(harness: RuleHarness) -> None:
    old = {"review_date": d("2020-01-01")}
    rows = [
        interest(entry_id="I-1", status="refused", status_raw="Refused", **old),
        interest(entry_id="I-2", status="pending", status_raw="Pending", **old),
        interest(entry_id="I-3", end_date=d("2025-03-30"), **old),  # ended inside the period
        interest(entry_id="I-4", status_raw="Approved with conditions", **old),
        interest(entry_id="I-5", review_date=None, start_date=None),  # no date to check from
    ]
    out = r025(harness, rows)
    assert out["interest_ref"].to_list() == ["I-4"]
    assert out["interest_status"].to_list() == ["approved with conditions"]
    assert out["points"].to_list() == [[{"reason": "review a year or more overdue", "points": 5}]]
    assert coverage(harness, "R025") == [(2, 1)]


def test_r025_review_cycle_is_a_parameter(harness: RuleHarness) -> None:
    row = interest(review_date=d("2023-12-31"))
    assert r025(harness, [row], review_months=24).is_empty()
