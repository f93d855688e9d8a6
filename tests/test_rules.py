"""Each rule: a case that must fire, look-alikes that must not, and the edges of its windows and thresholds."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import polars as pl
import pytest
from builders import card, contract, gift, interest
from conftest import ROOT, RuleHarness, d, name_id, stage

from xref.rules import CONTRACT_COLUMNS, CoverageCount, RuleRun, load_rules, unable_to_check

ACME_C = name_id("contracts", "Acme Facilities Management Limited")
ACME_G = name_id("gifts", "Acme Facilities")
ACME_T = name_id("cards", "ACME FACILITIES")
ACME_I = name_id("interests", "Acme Facilities Ltd")


# ---------------------------------------------------------------- R001 gift before award


def r001(
    h: RuleHarness,
    gifts: list[dict[str, object]],
    contracts: list[dict[str, object]] | None = None,
    band: str = "auto",
    **params: object,
):
    tables = {"gifts": stage("gifts", gifts), "contracts": stage("contracts", contracts or [contract()])}
    return h.run("R001", tables, [(ACME_G, ACME_C, 97.0, band)], params=params or None)


def test_r001_fires_for_accepted_hospitality_before_award(harness: RuleHarness) -> None:
    out = r001(harness, [gift()])
    assert out["subject_key"].to_list() == ["C-1:G-1"]
    row = out.row(0, named=True)
    assert row["severity"] == "high"
    assert row["days_before_award"] == 40
    assert row["staff_key"] == "jane smith"
    assert row["gift_ref"] == "G-1" and row["contract_ref"] == "C-1"


def test_r001_declined_offer_is_medium(harness: RuleHarness) -> None:
    out = r001(harness, [gift(status="declined", status_raw="Declined")])
    assert out["severity"].to_list() == ["medium"]


def test_r001_declined_offers_can_be_left_out(harness: RuleHarness) -> None:
    out = r001(harness, [gift(status="declined")], include_declined=False)
    assert out.is_empty()


@pytest.mark.parametrize(
    ("offer", "fires"),
    [
        ("2024-02-15", True),  # 365 days before the award: inside the window
        ("2024-02-14", False),  # 366 days before: outside
        ("2025-02-14", True),  # on the award date
        ("2025-02-15", False),  # the day after the award is not "before"
    ],
)
def test_r001_window_edges(harness: RuleHarness, offer: str, fires: bool) -> None:
    out = r001(harness, [gift(offer_date=d(offer))])
    assert (out.height == 1) is fires


def test_r001_needs_a_name_link(harness: RuleHarness) -> None:
    tables = {"gifts": stage("gifts", [gift()]), "contracts": stage("contracts", [contract()])}
    assert harness.run("R001", tables, []).is_empty()


def test_r001_public_body_offerors_are_excluded(harness: RuleHarness) -> None:
    g = gift(offeror="Wessex Police")
    c = contract(supplier_name="Wessex Police")
    tables = {"gifts": stage("gifts", [g]), "contracts": stage("contracts", [c])}
    pair = (name_id("gifts", "Wessex Police"), name_id("contracts", "Wessex Police"), 100.0, "auto")
    assert harness.run("R001", tables, [pair]).is_empty()


def test_r001_award_outside_the_period_is_not_reported(harness: RuleHarness) -> None:
    out = r001(harness, [gift(offer_date=d("2024-06-01"))], [contract(award_date=d("2024-09-30"))])
    assert out.is_empty()


def test_r001_review_band_match_is_carried(harness: RuleHarness) -> None:
    out = r001(harness, [gift()], band="review")
    assert out["match_band"].to_list() == ["review"]


# ---------------------------------------------------------------- R003 offer while the tender was open


def r003(h: RuleHarness, gifts: list[dict[str, object]], **contract_fields: object):
    fields: dict[str, object] = {"tender_start_date": d("2024-12-01"), "tender_end_date": d("2025-01-10")}
    fields.update(contract_fields)
    tables = {"gifts": stage("gifts", gifts), "contracts": stage("contracts", [contract(**fields)])}
    return h.run("R003", tables, [(ACME_G, ACME_C, 97.0, "auto")])


def test_r003_accepted_offer_during_the_tender_is_critical(harness: RuleHarness) -> None:
    out = r003(harness, [gift()])
    assert out["subject_key"].to_list() == ["C-1:G-1"]
    row = out.row(0, named=True)
    assert row["severity"] == "critical"
    assert row["tender_start"] == d("2024-12-01")


def test_r003_declined_offer_is_high(harness: RuleHarness) -> None:
    assert r003(harness, [gift(status="declined", status_raw="Declined")])["severity"].to_list() == ["high"]


@pytest.mark.parametrize(
    ("offer", "fires"),
    [
        ("2024-11-30", False),  # the day before the tender opened
        ("2024-12-01", True),  # the day it opened
        ("2025-02-14", True),  # the award date itself
        ("2025-02-15", False),  # after the award
    ],
)
def test_r003_window_edges(harness: RuleHarness, offer: str, fires: bool) -> None:
    assert (r003(harness, [gift(offer_date=d(offer))]).height == 1) is fires


def test_r003_contract_without_tender_dates_cannot_fire(harness: RuleHarness) -> None:
    assert r003(harness, [gift()], tender_start_date=None, tender_end_date=None).is_empty()


def test_r003_public_body_offeror_is_excluded(harness: RuleHarness) -> None:
    g = gift(offeror="College of Policing")
    c = contract(supplier_name="College of Policing", tender_start_date=d("2024-12-01"))
    tables = {"gifts": stage("gifts", [g]), "contracts": stage("contracts", [c])}
    pair = (name_id("gifts", "College of Policing"), name_id("contracts", "College of Policing"), 100.0, "auto")
    assert harness.run("R003", tables, [pair]).is_empty()


# ---------------------------------------------------------------- R010 card spend with an offeror


def r010(h: RuleHarness, cards: list[dict[str, object]], gifts: list[dict[str, object]] | None = None):
    tables = {"cards": stage("cards", cards), "gifts": stage("gifts", gifts or [gift()])}
    return h.run("R010", tables, [(ACME_T, ACME_G, 96.0, "auto")])


def test_r010_fires_for_same_person_and_matching_merchant(harness: RuleHarness) -> None:
    out = r010(harness, [card(), card(transaction_id="T-2", transaction_date=d("2025-03-01"), amount=80.0)])
    assert out.height == 1
    row = out.row(0, named=True)
    assert row["severity"] == "high"
    assert row["card_ref"] == "T-1; T-2"
    assert row["txn_count"] == 2 and row["total_spend"] == pytest.approx(700.0)


def test_r010_same_surname_is_not_the_same_person(harness: RuleHarness) -> None:
    assert r010(harness, [card(cardholder="JOHN SMITH")]).is_empty()


def test_r010_ranks_and_name_order_are_forgiven(harness: RuleHarness) -> None:
    out = r010(harness, [card(cardholder="DS Jane Smith")])
    assert out.height == 1


@pytest.mark.parametrize(("txn", "fires"), [("2026-01-05", False), ("2024-01-06", False)])
def test_r010_outside_365_days_or_outside_period(harness: RuleHarness, txn: str, fires: bool) -> None:
    out = r010(harness, [card(transaction_date=d(txn))])
    assert (out.height == 1) is fires


def test_r010_window_edge_365_days(harness: RuleHarness) -> None:
    g = gift(offer_date=d("2024-02-22"))
    inside = r010(harness, [card(transaction_date=d("2025-02-21"))], [g])  # 365 days after
    outside = r010(harness, [card(transaction_date=d("2025-02-22"))], [g])  # 366 days after
    assert inside.height == 1 and outside.is_empty()


def test_r010_declined_or_spend_before_offer_is_medium(harness: RuleHarness) -> None:
    declined = r010(harness, [card()], [gift(status="declined")])
    before = r010(harness, [card(transaction_date=d("2025-01-02"))], [gift(offer_date=d("2025-03-01"))])
    assert declined["severity"].to_list() == ["medium"]
    assert before["severity"].to_list() == ["medium"]


def test_r010_refunds_do_not_count(harness: RuleHarness) -> None:
    assert r010(harness, [card(amount=-620.0)]).is_empty()


# ---------------------------------------------------------------- R013 card spend with a contracted supplier


def r013(
    h: RuleHarness, cards: list[dict[str, object]], contracts: list[dict[str, object]] | None = None, **params: object
):
    c = contracts or [contract(award_date=d("2024-03-01"), start_date=d("2024-04-01"), end_date=d("2025-03-10"))]
    tables = {"cards": stage("cards", cards), "contracts": stage("contracts", c)}
    return h.run("R013", tables, [(ACME_T, ACME_C, 99.0, "auto")], params=params or None)


def test_r013_fires_at_the_spend_threshold(harness: RuleHarness) -> None:
    out = r013(harness, [card(amount=500.0)])
    assert out["subject_key"].to_list() == ["C-1:jane smith"]
    assert out["severity"].to_list() == ["low"]


def test_r013_just_below_the_threshold_with_two_transactions_does_not_fire(harness: RuleHarness) -> None:
    out = r013(harness, [card(amount=250.0), card(transaction_id="T-2", amount=249.99)])
    assert out.is_empty()


def test_r013_three_small_transactions_fire(harness: RuleHarness) -> None:
    txns = [card(transaction_id=f"T-{i}", amount=20.0) for i in range(3)]
    assert r013(harness, txns)["txn_count"].to_list() == [3]


@pytest.mark.parametrize(("txn", "fires"), [("2025-03-10", True), ("2025-03-11", False)])
def test_r013_contract_end_date_is_inclusive(harness: RuleHarness, txn: str, fires: bool) -> None:
    out = r013(harness, [card(transaction_date=d(txn))])
    assert (out.height == 1) is fires


def test_r013_spend_before_the_contract_starts_does_not_fire(harness: RuleHarness) -> None:
    c = [contract(award_date=d("2025-02-01"), start_date=d("2025-03-01"), end_date=None)]
    assert r013(harness, [card(transaction_date=d("2025-02-20"))], c).is_empty()


def test_r013_no_end_date_is_open_ended(harness: RuleHarness) -> None:
    c = [contract(award_date=d("2023-01-01"), start_date=None, end_date=None)]
    assert r013(harness, [card()], c).height == 1


# ---------------------------------------------------------------- R019 business interest in a supplier


def r019(h: RuleHarness, interests: list[dict[str, object]], **tables_rows: list[dict[str, object]]):
    tables = {"interests": stage("interests", interests)}
    pairs = []
    if "contracts" in tables_rows:
        tables["contracts"] = stage("contracts", tables_rows["contracts"])
        pairs.append((ACME_I, ACME_C, 98.0, "auto"))
    if "cards" in tables_rows:
        tables["cards"] = stage("cards", tables_rows["cards"])
        pairs.append((ACME_I, ACME_T, 91.0, "review"))
    return h.run("R019", tables, pairs)


def test_r019_interest_in_a_live_contracted_supplier_fires(harness: RuleHarness) -> None:
    out = r019(harness, [interest()], contracts=[contract(award_date=d("2024-06-01"))])
    assert out["subject_key"].to_list() == ["interest:I-1"]
    row = out.row(0, named=True)
    assert row["severity"] == "medium" and row["contract_ref"] == "C-1" and row["interest_ref"] == "I-1"


def test_r019_refused_interest_is_critical(harness: RuleHarness) -> None:
    out = r019(harness, [interest(status="refused")], contracts=[contract()])
    assert out["severity"].to_list() == ["critical"]


def test_r019_cardholder_buying_from_own_company_is_high(harness: RuleHarness) -> None:
    out = r019(harness, [interest()], cards=[card()])
    assert out["severity"].to_list() == ["high"]
    assert out["match_band"].to_list() == ["review"]


@pytest.mark.parametrize(("end", "fires"), [("2025-02-20", True), ("2025-02-19", False)])
def test_r019_interest_must_be_current_at_the_activity(harness: RuleHarness, end: str, fires: bool) -> None:
    out = r019(harness, [interest(end_date=d(end))], cards=[card()])
    assert (out.height == 1) is fires


def test_r019_interest_begun_while_a_contract_is_live_fires(harness: RuleHarness) -> None:
    # the contract was live from January; the interest began in March, while it still was
    tables = {
        "interests": stage("interests", [interest(start_date=d("2025-03-01"))]),
        "contracts": stage("contracts", [contract(award_date=d("2025-01-13"))]),
    }
    out = harness.run("R019", tables, [(ACME_I, ACME_C, 97.0, "auto")])
    assert out["contract_ref"].to_list() == ["C-1"]
    ended = {
        "interests": stage("interests", [interest(start_date=d("2025-03-01"))]),
        "contracts": stage("contracts", [contract(award_date=d("2025-01-13"), end_date=d("2025-02-28"))]),
    }
    assert harness.run("R019", ended, [(ACME_I, ACME_C, 97.0, "auto")]).is_empty()


def test_r019_activity_outside_the_period_does_not_fire(harness: RuleHarness) -> None:
    assert r019(harness, [interest()], cards=[card(transaction_date=d("2024-12-31"))]).is_empty()
    ended = contract(award_date=d("2023-01-01"), end_date=d("2024-12-31"))
    assert r019(harness, [interest()], contracts=[ended]).is_empty()


def test_r019_without_a_name_link_nothing_fires(harness: RuleHarness) -> None:
    tables = {"interests": stage("interests", [interest()]), "contracts": stage("contracts", [contract()])}
    assert harness.run("R019", tables, []).is_empty()


# ---------------------------------------------------------------- every rule


@pytest.mark.parametrize("rule", load_rules(), ids=lambda r: r.rule_id)
def test_every_rule_runs_on_empty_tables_and_honours_the_contract(harness: RuleHarness, rule) -> None:
    out = harness.run(rule.rule_id, {})
    assert out.is_empty()
    assert set(CONTRACT_COLUMNS) <= set(out.columns)


def test_every_rule_has_tests() -> None:
    # rule tests live in tests/test_rules*.py, named test_rNNN_...: a case that fires, a look-alike, the edges
    text = "\n".join(p.read_text(encoding="utf-8") for p in Path(__file__).parent.glob("test_rules*.py"))
    for rule in load_rules():
        found = len(re.findall(rf"^def test_{rule.rule_id.lower()}_\w+", text, flags=re.MULTILINE))
        assert found >= 3, f"{rule.rule_id} has {found} test(s) in tests/test_rules*.py; it needs at least 3"


def test_period_defaults_cover_everything(harness: RuleHarness) -> None:
    wide = {"period_from": dt.date(1900, 1, 1), "period_to": dt.date(2999, 12, 31), "period_key": "all"}
    tables = {
        "gifts": stage("gifts", [gift()]),
        "contracts": stage("contracts", [contract(award_date=d("2019-01-01"))]),
    }
    out = harness.run("R001", tables, [(ACME_G, ACME_C, 97.0, "auto")], period=wide)
    assert out.is_empty()  # offer is after this older award


@pytest.mark.parametrize("rule", load_rules(), ids=lambda r: r.rule_id)
def test_rationale_placeholders_are_output_columns(harness: RuleHarness, rule) -> None:
    columns = set(harness.run(rule.rule_id, {}).columns)
    placeholders = set(re.findall(r"\{(\w+)\}", rule.rationale))
    assert placeholders, f"{rule.rule_id} rationale says nothing specific"
    assert placeholders <= columns, f"{rule.rule_id}: {placeholders - columns} are not columns of the result"


@pytest.mark.parametrize("rule", load_rules(), ids=lambda r: r.rule_id)
def test_every_parameter_is_documented(rule) -> None:
    for p in rule.params:
        assert len(p.doc) > 15, f"{rule.rule_id} parameter {p.name} needs a description"
    assert len(rule.definition) > 200


def test_readme_lists_every_rule() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for rule in load_rules():
        assert f"| **{rule.rule_id}** " in readme, f"README's rule table has no row for {rule.rule_id}"


@pytest.mark.parametrize("rule", load_rules(), ids=lambda r: r.rule_id)
def test_every_rule_says_what_it_needs_and_what_it_returns(harness: RuleHarness, rule) -> None:
    from xref.schemas import REGISTERS

    assert rule.needs and set(rule.needs) <= set(REGISTERS), rule.needs
    assert rule.severity in ("critical", "high", "medium", "low", "info")
    # a coverage line is how a run tells "no flags" from "could look at nothing" (RuleRun.not_evaluated)
    assert rule.coverage, f"{rule.rule_id} has no '-- coverage:' line"
    for c in rule.coverage:
        assert c.table.removeprefix("stg_") in REGISTERS, c.table


def _calls(sql: str, name: str) -> list[str]:
    """The argument text of every ``name(...)`` call in ``sql`` (balanced parentheses)."""
    found = []
    for m in re.finditer(rf"\b{name}\(", sql):
        depth, i = 1, m.end()
        while depth and i < len(sql):
            depth += {"(": 1, ")": -1}.get(sql[i], 0)
            i += 1
        found.append(sql[m.end() : i - 1])
    return found


def test_every_list_aggregate_in_the_rules_is_ordered() -> None:
    """A text or list built from several rows must come out the same on every run (ids, reports byte for byte)."""
    unordered = [
        f"{path.name}: {name}({args.strip()[:60]}...)"
        for path in sorted((ROOT / "sql" / "rules").glob("*.sql"))
        for name in ("string_agg", "list", "array_agg", "group_concat")
        for args in _calls(path.read_text(encoding="utf-8"), name)
        if "order by" not in args.lower()
    ]
    assert not unordered, unordered


def test_check_names_the_rules_the_mapped_columns_leave_unable_to_look() -> None:
    from xref.schemas import REGISTERS

    rules = load_rules()
    assert unable_to_check(rules, {r: set(REGISTERS[r].field_names) for r in REGISTERS}) == []
    cards = {"transaction_date", "merchant_name", "amount", "mcc"}
    blind = unable_to_check(rules, {"cards": cards})
    assert [b.split()[0] for b in blind] == ["R011", "R012"]  # R015's round-sum check needs neither
    assert blind[0].endswith("record neither the card nor the cardholder (no column for card_id, cardholder)")
    # either of two columns is enough where the rule says "or"
    assert unable_to_check(rules, {"cards": cards | {"card_id"}}) == []
    # a part that reads another register needs that register given: R002 finds decision roles in either
    gifts = {"offer_date", "offeror", "recipient"}
    without = unable_to_check(rules, {"contracts": {"award_date", "supplier_name", "contract_id"}, "gifts": gifts})
    with_roles = unable_to_check(
        rules,
        {
            "contracts": {"award_date", "supplier_name", "contract_id"},
            "gifts": gifts,
            "contract_roles": {"contract_id", "staff", "role"},
        },
    )
    assert "R002" in {b.split()[0] for b in without} - {b.split()[0] for b in with_roles}


def test_a_rule_needing_every_population_is_not_evaluated_when_one_has_nothing_to_check() -> None:
    rules = {r.rule_id: r for r in load_rules()}

    def run(rule_id: str, *counts: tuple[str, int, int]) -> RuleRun:
        coverage = tuple(CoverageCount(rule_id, records, n, k, "why") for records, n, k in counts)
        return RuleRun(rules[rule_id], {}, pl.DataFrame({"x": []}), coverage=coverage)

    # R009 looks at accepted offers' values, then at approvers: with no approver recorded it saw nothing
    assert rules["R009"].coverage_needs_all
    assert run("R009", ("offers", 155, 92), ("above", 92, 0)).not_evaluated == (
        "not evaluated: 0 of 92 above could be checked; 92 why"
    )
    assert run("R009", ("offers", 155, 92), ("above", 92, 3)).not_evaluated is None
    # R015's duplicate and round-sum checks stand alone (coverage_needs: any)
    assert not rules["R015"].coverage_needs_all
    assert run("R015", ("dup", 10, 0), ("round", 10, 10)).not_evaluated is None
    assert run("R015", ("dup", 10, 0), ("round", 0, 0)).not_evaluated == (
        "not evaluated: 0 of 10 dup could be checked; 10 why; no round"
    )


_BY_SCORE_ALONE = re.compile(r"arg_(?:min|max)\((?:[^()]|\([^()]*\))*?,\s*\w+\.score\s*\)")


def test_a_best_link_is_chosen_the_same_way_every_run() -> None:
    # arg_min/arg_max by score alone picks any of the links that tie (two spellings of one supplier both at 100):
    # DuckDB's parallel aggregation then shows a different match, or a different contract as evidence, from one run
    # of the same data to the next. Every choice by score breaks ties on the link (and the record) it describes.
    offenders = [
        f"{p.relative_to(ROOT)}: {m.group(0)}"
        for p in sorted([*(ROOT / "sql" / "rules").glob("*.sql"), *(ROOT / "sql" / "views").glob("*.sql")])
        for m in _BY_SCORE_ALONE.finditer(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []
