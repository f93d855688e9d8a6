"""Gifts and hospitality rules R002, R004-R009: cases that fire, look-alikes that must not, window and value edges."""

from __future__ import annotations

import re
from typing import Any

import pytest
from builders import builder, contract, role
from conftest import Q1, RuleHarness, d, name_id, stage

ACME_C = name_id("contracts", "Acme Facilities Management Limited")
ACME_G = name_id("gifts", "Acme Facilities")
ACME_G2 = name_id("gifts", "ACME FACILITIES LTD")
ACME_P = name_id("payments", "ACME FACILITIES MGMT")
gift = builder("gifts", value_raw="£85", declared_date=d("2025-01-10"))
payment = builder("payments", payment_date=d("2024-11-01"), supplier_name="ACME FACILITIES MGMT", amount=1200.0)


def coverage(h: RuleHarness, rule_id: str, params: dict[str, Any] | None = None) -> list[tuple[str, int, int]]:
    """Evaluate the rule's coverage lines on the tables of the last run: (noun, in scope, can be checked)."""
    rule = h.rules[rule_id]
    values = {**rule.values(params), **Q1}
    out = []
    for line in rule.sql.splitlines():
        m = re.match(r"^--\s*coverage:\s*(.*)$", line)
        if not m:
            continue
        noun, table, scope, check, why = (p.strip() for p in m.group(1).split(" | "))
        assert why and noun
        sql = f"select count(*) filter (where {scope}), count(*) filter (where ({scope}) and ({check})) from {table}"
        bound = {k: v for k, v in values.items() if f"${k}" in sql}
        in_scope, checkable = h.db.rows(sql, bound)[0]
        out.append((noun, in_scope, checkable))
    return out


# ---------------------------------------------------------------- R002 recipient in the decision chain


def r002(
    h: RuleHarness,
    gifts: list[dict[str, object]],
    roles: list[dict[str, object]] | None = None,
    contracts: list[dict[str, object]] | None = None,
    offeror: str = "Acme Facilities",
    **params: object,
):
    tables = {
        "gifts": stage("gifts", gifts),
        "contracts": stage("contracts", contracts or [contract()]),
        "contract_roles": stage("contract_roles", roles or []),
    }
    pairs = [(name_id("gifts", offeror), ACME_C, 97.0, "auto")]
    return h.run("R002", tables, pairs, params=params or None)


def test_r002_accepted_offer_to_an_evaluator_is_critical(harness: RuleHarness) -> None:
    out = r002(harness, [gift()], [role(), role(staff="Tom Jones", role="Buyer")])
    assert out["subject_key"].to_list() == ["C-1:G-1:jane smith"]
    row = out.row(0, named=True)
    assert row["severity"] == "critical"
    assert row["decision_roles"] == "evaluator"
    assert row["days_before_award"] == 40
    assert row["evidence"] == ["gifts.csv:2", "contracts.csv:2", "contract_roles.csv:2"]


def test_r002_contract_approver_column_counts_without_a_roles_file(harness: RuleHarness) -> None:
    out = r002(harness, [gift(status="declined", status_raw="Declined")], [], [contract(approver="DS Jane Smith")])
    assert out["severity"].to_list() == ["high"]
    assert out["decision_roles"].to_list() == ["approver (contracts register)"]
    assert out["points"].to_list()[0] == [{"reason": "recipient approved the award", "points": 20}]


def test_r002_role_text_is_read_loosely_and_roles_merge(harness: RuleHarness) -> None:
    roles = [role(role="Budget_Holder"), role(role="evaluation panel member", contract_id="c-1 ")]
    out = r002(harness, [gift()], roles)
    assert out["decision_roles"].to_list() == ["budget holder, evaluation panel member"]


@pytest.mark.parametrize(
    ("roles", "contracts"),
    [
        ([role(staff="Jane Smithson")], None),  # someone else held the role
        ([role(staff="J Smith")], None),  # initials are never taken to be Jane Smith
        ([role(role="Observer")], None),  # not a decision role
        ([role(contract_id="C-2")], None),  # a role on another contract
        ([], [contract(approver="Tom Jones")]),  # the contract was approved by someone else
    ],
)
def test_r002_recipient_outside_the_decision_chain_does_not_fire(
    harness: RuleHarness, roles: list[dict[str, object]], contracts: list[dict[str, object]] | None
) -> None:
    assert r002(harness, [gift()], roles, contracts).is_empty()


@pytest.mark.parametrize(
    ("offer", "fires"),
    [("2024-02-15", True), ("2024-02-14", False), ("2025-02-14", True), ("2025-02-15", False)],
)
def test_r002_window_edges(harness: RuleHarness, offer: str, fires: bool) -> None:
    assert (r002(harness, [gift(offer_date=d(offer))], [role()]).height == 1) is fires


def test_r002_public_body_offeror_and_award_outside_period(harness: RuleHarness) -> None:
    police = gift(offeror="Wessex Police")
    assert r002(harness, [police], [role()], offeror="Wessex Police").is_empty()
    old = contract(award_date=d("2024-12-31"))
    assert r002(harness, [gift(offer_date=d("2024-12-01"))], [role()], [old]).is_empty()


def test_r002_coverage_counts_contracts_with_decision_role_data(harness: RuleHarness) -> None:
    contracts = [
        contract(),  # roles in the roles register
        contract(contract_id="C-2", approver="Tom Jones"),  # approver column
        contract(contract_id="C-3"),  # neither: cannot be checked
        contract(contract_id="C-4", award_date=d("2024-12-01")),  # outside the period
    ]
    r002(harness, [gift()], [role()], contracts)
    assert coverage(harness, "R002") == [("contracts awarded in the period", 3, 2)]


# ---------------------------------------------------------------- R004 gratuity after the award


def r004(h: RuleHarness, gifts: list[dict[str, object]], roles: list[dict[str, object]] | None = None, **kw: object):
    fields: dict[str, object] = {"award_date": d("2024-11-15"), "approver": "Jane Smith", **kw}
    c = contract(**fields)
    tables = {
        "gifts": stage("gifts", gifts),
        "contracts": stage("contracts", [c]),
        "contract_roles": stage("contract_roles", roles or []),
    }
    return h.run("R004", tables, [(ACME_G, ACME_C, 97.0, "auto")])


def test_r004_offer_to_the_approver_after_award_fires(harness: RuleHarness) -> None:
    out = r004(harness, [gift()])
    assert out["subject_key"].to_list() == ["C-1:G-1:jane smith"]
    row = out.row(0, named=True)
    assert row["severity"] == "medium"
    assert row["days_after_award"] == 51
    assert row["event_date"] == d("2025-01-05")


@pytest.mark.parametrize(
    ("status", "value", "severity"),
    [("accepted", 100.0, "high"), ("accepted", 99.99, "medium"), ("declined", 500.0, "medium")],
)
def test_r004_high_when_accepted_and_worth_at_least_high_value(
    harness: RuleHarness, status: str, value: float, severity: str
) -> None:
    assert r004(harness, [gift(status=status, value=value)])["severity"].to_list() == [severity]


@pytest.mark.parametrize(
    ("offer", "fires"),
    [
        ("2024-11-15", False),  # the award date itself is R002's
        ("2024-11-16", False),  # day 1 is inside the window but before the period
        ("2025-01-01", True),  # day 47, first day of the period
        ("2025-05-14", False),  # day 180 but after the period
    ],
)
def test_r004_window_and_period(harness: RuleHarness, offer: str, fires: bool) -> None:
    assert (r004(harness, [gift(offer_date=d(offer))]).height == 1) is fires


@pytest.mark.parametrize(("award", "fires"), [("2024-07-05", True), ("2024-07-04", False)])
def test_r004_after_days_edge(harness: RuleHarness, award: str, fires: bool) -> None:
    # the offer on 1 Jan 2025 is 180 days after 5 Jul 2024 and 181 days after 4 Jul 2024
    out = r004(harness, [gift(offer_date=d("2025-01-01"))], award_date=d(award))
    assert (out.height == 1) is fires


def test_r004_recipient_without_a_role_does_not_fire(harness: RuleHarness) -> None:
    other = gift(recipient="Tom Jones")
    assert r004(harness, [other]).is_empty()
    evaluator = r004(harness, [other], [role(staff="Tom Jones")])
    assert evaluator["decision_roles"].to_list() == ["evaluator"]


# ---------------------------------------------------------------- R005 supplier courting staff


def r005(
    h: RuleHarness,
    gifts: list[dict[str, object]],
    contracts: list[dict[str, object]] | None = None,
    pairs: list[tuple[str, str, float, str]] | None = None,
    **params: object,
):
    tables = {"gifts": stage("gifts", gifts), "contracts": stage("contracts", contracts or [])}
    return h.run("R005", tables, pairs or [(ACME_G, ACME_C, 97.0, "auto")], params=params or None)


def declined(entry: str, date: str, recipient: str, **kw: object) -> dict[str, object]:
    return gift(entry_id=entry, offer_date=d(date), recipient=recipient, status="declined", status_raw="Declined", **kw)


def test_r005_two_declined_offers_fire_at_supplier_level(harness: RuleHarness) -> None:
    out = r005(harness, [declined("G-1", "2024-06-01", "Tom Jones"), declined("G-2", "2025-02-01", "Smith, Jane")])
    assert out["subject_key"].to_list() == ["offeror:acme facilities"]
    row = out.row(0, named=True)
    assert row["severity"] == "medium"
    assert row["staff"] is None and row["staff_key"] is None
    assert row["declined_by"] == "Smith, Jane, Tom Jones"
    assert row["gift_ref"] == "G-1; G-2"
    assert row["contract_note"] == "no contract with it was live or awarded in that time"


def test_r005_offers_to_three_different_staff_fire(harness: RuleHarness) -> None:
    gifts = [gift(entry_id=f"G-{i}", recipient=n) for i, n in enumerate(["Ann Lee", "Bo Ray", "Cy Fox"])]
    out = r005(harness, gifts)
    assert out["staff_count"].to_list() == [3]
    assert out["declined_by"].to_list() == ["nobody"]


def test_r005_one_declined_offer_and_two_staff_do_not_fire(harness: RuleHarness) -> None:
    gifts = [declined("G-1", "2025-01-10", "Tom Jones"), gift(entry_id="G-2"), gift(entry_id="G-3")]
    assert r005(harness, gifts).is_empty()


@pytest.mark.parametrize(("first", "fires"), [("2024-02-01", True), ("2024-01-31", False)])
def test_r005_window_edge_365_days(harness: RuleHarness, first: str, fires: bool) -> None:
    out = r005(harness, [declined("G-1", first, "Tom Jones"), declined("G-2", "2025-01-31", "Tom Jones")])
    assert (out.height == 1) is fires


def test_r005_needs_an_offer_in_the_period(harness: RuleHarness) -> None:
    gifts = [declined("G-1", "2024-10-01", "Tom Jones"), declined("G-2", "2024-12-31", "Tom Jones")]
    assert r005(harness, gifts).is_empty()


def test_r005_linked_offeror_names_are_one_offeror(harness: RuleHarness) -> None:
    gifts = [declined("G-1", "2024-10-01", "Tom Jones"), declined("G-2", "2025-01-20", "Tom Jones")]
    gifts[1]["offeror"] = "ACME FACILITIES LTD"
    linked = r005(harness, gifts, pairs=[(ACME_G, ACME_G2, 98.0, "auto")])
    assert linked["offeror_names"].to_list() == ["ACME FACILITIES LTD; Acme Facilities"]
    assert linked["gift_ref"].to_list() == ["G-1; G-2"]
    assert r005(harness, gifts, pairs=[(ACME_G, ACME_G2, 88.0, "review")]).is_empty()


@pytest.mark.parametrize(
    ("start", "end", "severity"),
    [("2024-04-01", None, "high"), ("2023-01-01", "2024-03-01", "high"), ("2023-01-01", "2024-02-29", "medium")],
)
def test_r005_high_when_the_offeror_holds_a_contract_in_the_window(
    harness: RuleHarness, start: str, end: str | None, severity: str
) -> None:
    c = contract(award_date=d(start), start_date=d(start), end_date=d(end) if end else None)
    gifts = [declined("G-1", "2024-06-01", "Tom Jones"), declined("G-2", "2025-03-01", "Tom Jones")]
    out = r005(harness, gifts, [c])  # the window runs from 1 Mar 2024 to 1 Mar 2025
    assert out["severity"].to_list() == [severity]
    assert (out["contract_ref"].to_list() == ["C-1"]) is (severity == "high")


def test_r005_public_body_offeror_is_excluded(harness: RuleHarness) -> None:
    gifts = [declined(f"G-{i}", "2025-01-10", "Tom Jones", offeror="Home Office") for i in range(3)]
    assert r005(harness, gifts).is_empty()


# ---------------------------------------------------------------- R006 repeated offers to one person


def r006(
    h: RuleHarness,
    gifts: list[dict[str, object]],
    contracts: list[dict[str, object]] | None = None,
    roles: list[dict[str, object]] | None = None,
    pairs: list[tuple[str, str, float, str]] | None = None,
):
    tables = {
        "gifts": stage("gifts", gifts),
        "contracts": stage("contracts", contracts or []),
        "contract_roles": stage("contract_roles", roles or []),
    }
    return h.run("R006", tables, pairs or [(ACME_G, ACME_C, 97.0, "auto")])


def offers(*dates: str, **kw: object) -> list[dict[str, object]]:
    return [gift(entry_id=f"G-{i}", offer_date=d(x), **kw) for i, x in enumerate(dates, start=1)]


def test_r006_three_offers_in_a_year_fire(harness: RuleHarness) -> None:
    gifts = offers("2024-05-01", "2024-09-01", "2025-02-01")
    gifts[0].update(status="declined", status_raw="Declined")
    out = r006(harness, gifts)
    assert out["subject_key"].to_list() == ["jane smith:acme facilities"]
    row = out.row(0, named=True)
    assert row["severity"] == "medium"
    assert (row["offer_count"], row["accepted_count"], row["declined_count"]) == (3, 2, 1)
    assert row["trigger"] == "at least 3 offers within 365 days"


@pytest.mark.parametrize(("first", "fires"), [("2024-02-01", True), ("2024-01-31", False)])
def test_r006_long_window_edge(harness: RuleHarness, first: str, fires: bool) -> None:
    assert (r006(harness, offers(first, "2024-10-01", "2025-01-31")).height == 1) is fires


@pytest.mark.parametrize(("first", "fires"), [("2024-11-02", True), ("2024-11-01", False)])
def test_r006_two_offers_within_90_days(harness: RuleHarness, first: str, fires: bool) -> None:
    out = r006(harness, offers(first, "2025-01-31"))
    assert (out.height == 1) is fires
    if fires:
        assert out["trigger"].to_list() == ["at least 2 offers within 90 days"]


def test_r006_offers_to_different_people_do_not_count_together(harness: RuleHarness) -> None:
    gifts = offers("2024-12-01", "2025-01-05") + [gift(entry_id="G-9", recipient="Tom Jones")]
    gifts[0]["recipient"] = "J Smith"
    assert r006(harness, gifts).is_empty()


def test_r006_high_when_recipient_is_in_the_offerors_contract_decision_chain(harness: RuleHarness) -> None:
    c = contract(award_date=d("2024-06-01"))
    out = r006(harness, offers("2024-12-01", "2025-01-05"), [c], [role(role="Contract Manager")])
    assert out["severity"].to_list() == ["high"]
    assert out["contract_ref"].to_list() == ["C-1"]
    assert "was contract manager" in out["contract_note"].to_list()[0]
    no_role = r006(harness, offers("2024-12-01", "2025-01-05"), [c], [role(staff="Tom Jones")])
    assert no_role["severity"].to_list() == ["medium"]


def test_r006_linked_offeror_texts_count_as_one_offeror(harness: RuleHarness) -> None:
    gifts = offers("2024-12-01", "2025-01-05")
    gifts[0]["offeror"] = "ACME FACILITIES LTD"
    out = r006(harness, gifts, pairs=[(ACME_G, ACME_G2, 98.0, "auto")])
    assert out["offer_count"].to_list() == [2]


# ---------------------------------------------------------------- R007 high-value gifts and hospitality


def r007(
    h: RuleHarness,
    gifts: list[dict[str, object]],
    payments: list[dict[str, object]] | None = None,
    band: str = "auto",
    **params: object,
):
    tables = {"gifts": stage("gifts", gifts), "payments": stage("payments", payments or [])}
    return h.run("R007", tables, [(ACME_G, ACME_P, 96.0, band)], params=params or None)


@pytest.mark.parametrize(("value", "fires"), [(100.0, True), (99.99, False)])
def test_r007_single_accepted_offer_at_the_high_value(harness: RuleHarness, value: float, fires: bool) -> None:
    out = r007(harness, [gift(value=value)])
    assert (out.height == 1) is fires
    if fires:
        assert out["subject_key"].to_list() == ["gift:G-1"]
        assert out["severity"].to_list() == ["medium"]
        assert out["trigger"].to_list() == ["worth at least £100.00"]


def test_r007_declined_or_public_body_offers_do_not_fire(harness: RuleHarness) -> None:
    assert r007(harness, [gift(value=500.0, status="declined")]).is_empty()
    assert r007(harness, [gift(value=500.0, offeror="Wessex Fire and Rescue Service")]).is_empty()


@pytest.mark.parametrize(
    ("description", "fires"),
    [
        ("Two tickets to the FA Cup Final", True),
        ("Corporate box at county cricket", True),
        ("Overnight stay at conference hotel", True),
        ("Box of chocolates", False),
        ("Book token", False),
    ],
)
def test_r007_lavish_items_fire_whatever_the_value(harness: RuleHarness, description: str, fires: bool) -> None:
    out = r007(harness, [gift(value=20.0, description=description)])
    assert (out.height == 1) is fires


@pytest.mark.parametrize(("third", "fires"), [(80.0, True), (79.99, False)])
def test_r007_cumulative_value_from_one_offeror(harness: RuleHarness, third: float, fires: bool) -> None:
    gifts = [
        gift(entry_id="G-1", offer_date=d("2024-03-01"), value=90.0),
        gift(entry_id="G-2", offer_date=d("2024-09-01"), value=80.0),
        gift(entry_id="G-3", offer_date=d("2025-02-01"), value=third),
    ]
    out = r007(harness, gifts)
    assert (out.height == 1) is fires
    if fires:
        row = out.row(0, named=True)
        assert row["subject_key"] == "jane smith:acme facilities"
        assert row["total_value"] == pytest.approx(250.0)
        assert row["gift_ref"] == "G-1; G-2; G-3"


@pytest.mark.parametrize(("first", "fires"), [("2024-02-01", True), ("2024-01-31", False)])
def test_r007_cumulative_window_edge(harness: RuleHarness, first: str, fires: bool) -> None:
    gifts = [
        gift(entry_id="G-1", offer_date=d(first), value=90.0),
        gift(entry_id="G-2", offer_date=d("2025-01-31"), value=90.0),
        gift(entry_id="G-3", offer_date=d("2025-01-31"), value=70.0, recipient="Tom Jones"),
        gift(entry_id="G-4", offer_date=d("2025-01-15"), value=70.0),
    ]
    assert (r007(harness, gifts).height == 1) is fires


def test_r007_high_when_the_offeror_is_a_paid_supplier(harness: RuleHarness) -> None:
    out = r007(harness, [gift(value=150.0)], [payment()])
    row = out.row(0, named=True)
    assert row["severity"] == "high"
    assert row["supplier_note"] == "it is a supplier: 1 payment(s)"
    assert row["evidence"] == ["gifts.csv:2", "payments.csv:2"]
    assert r007(harness, [gift(value=150.0)], [payment()], band="review")["match_band"].to_list() == ["review"]


# ---------------------------------------------------------------- R008 incomplete or late entries


def r008(h: RuleHarness, gifts: list[dict[str, object]]):
    return h.run("R008", {"gifts": stage("gifts", gifts)})


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"value": None, "value_raw": "Value Unknown"}, "the value is recorded as 'Value Unknown'"),
        ({"value": None, "value_raw": None}, "no value is recorded"),
        ({"value": None, "value_raw": "£8O"}, "the value '£8O' cannot be read"),
        ({"status": "unknown", "status_raw": None}, "no status (accepted or declined) is recorded"),
        ({"status": "unknown", "status_raw": "See note"}, "the status 'See note' says neither accepted nor declined"),
        ({"offeror": "Unknown"}, "the offeror is given as 'Unknown'"),
        ({"recipient": None}, "no recipient is named"),
    ],
)
def test_r008_incomplete_entries_fire(harness: RuleHarness, fields: dict[str, object], problem: str) -> None:
    out = r008(harness, [gift(**fields)])
    assert out["problems"].to_list() == [problem]
    assert out["severity"].to_list() == ["low"]
    assert out["subject_key"].to_list() == ["gift:G-1"]


@pytest.mark.parametrize(("declared", "fires"), [("2025-02-03", True), ("2025-02-02", False)])
def test_r008_late_declaration_edge(harness: RuleHarness, declared: str, fires: bool) -> None:
    out = r008(harness, [gift(declared_date=d(declared))])  # offer 5 Jan: 29 days vs 28 days
    assert (out.height == 1) is fires
    if fires:
        assert out["problems"].to_list() == ["declared 29 days after the offer (more than 28)"]


def test_r008_complete_entries_and_pending_status_do_not_fire(harness: RuleHarness) -> None:
    gifts = [gift(), gift(entry_id="G-2", status="pending", status_raw="Pending"), gift(entry_id="G-3", value=0.0)]
    assert r008(harness, gifts).is_empty()


def test_r008_late_declaration_of_an_earlier_offer_is_reported_in_the_period(harness: RuleHarness) -> None:
    out = r008(harness, [gift(offer_date=d("2024-11-01"), declared_date=d("2025-01-20"))])
    assert out["event_date"].to_list() == [d("2025-01-20")]
    assert r008(harness, [gift(offer_date=d("2024-11-01"), declared_date=d("2024-12-31"))]).is_empty()


def test_r008_coverage_counts_entries_without_a_declared_date(harness: RuleHarness) -> None:
    r008(harness, [gift(), gift(entry_id="G-2", declared_date=None), gift(entry_id="G-3", offer_date=d("2024-01-01"))])
    assert coverage(harness, "R008") == [("offers made in the period", 2, 1)]


# ---------------------------------------------------------------- R009 unapproved acceptance


def r009(h: RuleHarness, gifts: list[dict[str, object]], **params: object):
    return h.run("R009", {"gifts": stage("gifts", gifts)}, params=params or None)


APPROVED = gift(entry_id="G-0", approver="Supt Alan Grey")  # the file records approvers


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"approver": None}, "no approver is recorded"),
        (
            {"approver": "DS Jane Smith", "approver_key": "jane smith"},
            "the approver recorded (DS Jane Smith) is the recipient themselves",
        ),
        ({"approver": "N/A"}, "the approver is given as 'N/A'"),
    ],
)
def test_r009_acceptance_without_independent_approval_fires(
    harness: RuleHarness, fields: dict[str, object], problem: str
) -> None:
    out = r009(harness, [APPROVED, gift(**fields)])
    assert out["approval_problem"].to_list() == [problem]
    assert out["severity"].to_list() == ["medium"]
    assert out["subject_key"].to_list() == ["gift:G-1"]


@pytest.mark.parametrize(("value", "fires"), [(25.01, True), (25.0, False)])
def test_r009_threshold_edge(harness: RuleHarness, value: float, fires: bool) -> None:
    assert (r009(harness, [APPROVED, gift(value=value)]).height == 1) is fires


def test_r009_approved_declined_or_unknown_value_does_not_fire(harness: RuleHarness) -> None:
    gifts = [
        APPROVED,
        gift(entry_id="G-2", approver="Alan Grey"),
        gift(entry_id="G-3", status="declined", status_raw="Declined"),
        gift(entry_id="G-4", value=None, value_raw="Unknown"),
    ]
    assert r009(harness, gifts).is_empty()


def test_r009_file_without_approvers_is_not_checkable_unless_asked(harness: RuleHarness) -> None:
    gifts = [gift(), gift(entry_id="G-2", value=None), gift(entry_id="G-3", value=10.0)]
    assert r009(harness, gifts).is_empty()
    assert coverage(harness, "R009") == [
        ("accepted offers in the period", 3, 2),
        ("accepted offers above the approval threshold in the period", 1, 0),
    ]
    flagged = r009(harness, gifts, flag_files_without_approvers=True)
    assert flagged["gift_ref"].to_list() == ["G-1"]
    assert coverage(harness, "R009", {"flag_files_without_approvers": True})[1][1:] == (1, 1)


def test_r009_self_approval_is_found_through_the_staff_list(harness: RuleHarness) -> None:
    # with a staff list the recipient's key is their staff number, while the approver's stays a name key
    staff = stage("staff", [{"staff_id": "WX1", "staff_id_key": "WX1", "name": "Jane Smith"}])
    row = gift(recipient_key="staff:WX1", approver="Jane Smith", approver_key="jane smith")
    out = harness.run("R009", {"gifts": stage("gifts", [row]), "staff": staff})
    assert out["approval_problem"].to_list() == ["the approver recorded (Jane Smith) is the recipient themselves"]
    other = gift(recipient_key="staff:WX1", approver="Alan Grey", approver_key="alan grey")
    assert harness.run("R009", {"gifts": stage("gifts", [other]), "staff": staff}).is_empty()


def test_r005_members_of_the_public_are_not_suppliers(harness: RuleHarness) -> None:
    names = ["Ann Lee", "Bo Ray", "Cy Fox"]
    gifts = [gift(entry_id=f"G-{i}", recipient=n, offeror="Member of the Public") for i, n in enumerate(names)]
    assert r005(harness, gifts).is_empty()
    out = r005(harness, [declined("G-1", "2024-06-01", "Tom Jones"), declined("G-2", "2025-02-01", "Ann Lee")])
    assert out["declined_note"].to_list() == ["2 declined, as they should, by Ann Lee, Tom Jones"]
