"""R022 (revolving door) and R023 (new company winner): rules that need optional data, and say so without it."""

from __future__ import annotations

import pytest
from conftest import Q1, RuleHarness, d, name_id, stage

from xref.rules import load_rules, run_rules

SUPPLIER = "Acme Facilities Management Limited"
ACME_C = name_id("contracts", SUPPLIER)
ACME_L = name_id("leavers", "Acme Facilities")
ACME_CO = name_id("companies", "ACME FACILITIES MANAGEMENT LIMITED")


def contract(**kw: object) -> dict[str, object]:
    row: dict[str, object] = {
        "contract_id": "C-1",
        "supplier_name": SUPPLIER,
        "award_date": d("2024-06-10"),
        "value": 120_000.0,
        "title": "Cleaning services",
        "approver": "Jane Smith",
    }
    row.update(kw)
    return row


def leaver(**kw: object) -> dict[str, object]:
    row: dict[str, object] = {"staff": "Jane Smith", "leaving_date": d("2025-02-28"), "new_employer": "Acme Facilities"}
    row.update(kw)
    return row


def r022(h: RuleHarness, leavers: list[dict[str, object]], contracts: list[dict[str, object]] | None = None, **kw):
    tables = {
        "leavers": stage("leavers", leavers),
        "contracts": stage("contracts", contracts if contracts is not None else [contract()]),
    }
    if "roles" in kw:
        tables["contract_roles"] = stage("contract_roles", kw.pop("roles"))
    return h.run("R022", tables, [(ACME_L, ACME_C, 96.0, "auto")], params=kw or None)


def test_r022_approver_leaving_for_the_supplier_fires(harness: RuleHarness) -> None:
    out = r022(harness, [leaver()])
    assert out.height == 1
    row = out.row(0, named=True)
    assert (row["severity"], row["contract_ref"], row["contract_roles"], row["days_from_award"]) == (
        "high",
        "C-1",
        "approver",
        263,
    )


def test_r022_role_from_the_roles_register_counts(harness: RuleHarness) -> None:
    roles = [{"contract_id": "c-1", "staff": "SMITH, Jane", "role": "Evaluator"}]
    out = r022(harness, [leaver(staff="Jane Smith")], [contract(approver=None)], roles=roles)
    assert out["contract_roles"].to_list() == ["evaluator"]


def test_r022_someone_without_a_role_does_not_fire(harness: RuleHarness) -> None:
    assert r022(harness, [leaver(staff="John Brown")]).is_empty()


def test_r022_a_different_new_employer_does_not_fire(harness: RuleHarness) -> None:
    tables = {
        "leavers": stage("leavers", [leaver(new_employer="Zenith Ltd")]),
        "contracts": stage("contracts", [contract()]),
    }
    assert harness.run("R022", tables, []).is_empty()


@pytest.mark.parametrize(("left", "fires"), [("2025-01-01", True), ("2025-03-31", False)])
def test_r022_window_edge(harness: RuleHarness, left: str, fires: bool) -> None:
    # award 2024-01-02: leaving 365 days later fires, 454 days later does not
    out = r022(harness, [leaver(leaving_date=d(left))], [contract(award_date=d("2024-01-02"))])
    assert (not out.is_empty()) is fires
    out = r022(harness, [leaver(leaving_date=d("2025-01-01"))], [contract(award_date=d("2024-01-01"))])
    assert out.is_empty()  # 366 days


def test_r022_leaving_outside_the_period_is_not_reported(harness: RuleHarness) -> None:
    assert r022(harness, [leaver(leaving_date=d("2024-12-31"))]).is_empty()


def company(**kw: object) -> dict[str, object]:
    row: dict[str, object] = {
        "company_name": "ACME FACILITIES MANAGEMENT LIMITED",
        "company_number": "09876543",
        "incorporation_date": d("2024-03-01"),
    }
    row.update(kw)
    return row


def r023(h: RuleHarness, companies: list[dict[str, object]], contracts: list[dict[str, object]], **params: object):
    tables = {"companies": stage("companies", companies), "contracts": stage("contracts", contracts)}
    return h.run("R023", tables, [(ACME_C, ACME_CO, 100.0, "auto")], params=params or None)


@pytest.mark.parametrize(("award", "fires"), [("2025-02-28", True), ("2025-03-01", False)])
def test_r023_boundary_364_vs_365_days(harness: RuleHarness, award: str, fires: bool) -> None:
    out = r023(harness, [company()], [contract(award_date=d(award))])
    assert (not out.is_empty()) is fires
    if fires:
        row = out.row(0, named=True)
        assert (row["company_age_days"], row["severity"], row["company_number"]) == (364, "medium", "09876543")


def test_r023_an_established_company_does_not_fire(harness: RuleHarness) -> None:
    out = r023(harness, [company(incorporation_date=d("1998-05-01"))], [contract(award_date=d("2025-02-01"))])
    assert out.is_empty()


def test_r023_incorporated_after_the_award_is_not_a_new_company_flag(harness: RuleHarness) -> None:
    assert r023(
        harness, [company(incorporation_date=d("2025-03-01"))], [contract(award_date=d("2025-02-01"))]
    ).is_empty()


def test_r023_max_age_is_a_parameter(harness: RuleHarness) -> None:
    out = r023(harness, [company()], [contract(award_date=d("2025-02-28"))], max_age_days=180)
    assert out.is_empty()


@pytest.mark.parametrize(("rule_id", "needs"), [("R022", "leavers"), ("R023", "companies")])
def test_optional_rules_say_what_they_need(harness: RuleHarness, rule_id: str, needs: str) -> None:
    rule = next(r for r in load_rules() if r.rule_id == rule_id)
    (run,) = run_rules(harness.db, [rule], user_params={}, standard=Q1, supplied={"contracts"})
    assert run.rows is None
    assert run.skipped_reason == f"not evaluated: needs {needs}"
