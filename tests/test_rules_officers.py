"""R027-R029: Companies House officers and persons with significant control (PSC) against the staff list.

People are matched exactly (sql/views/company_people.sql): the staff list's resolution of the name, or forename,
surname and month of birth when Companies House adds a middle name. Companies are found by number or by name.
"""

from __future__ import annotations

from typing import Any

import polars as pl
from conftest import RuleHarness, d, name_id, stage

ACME = "Acme Facilities Ltd"
NUMBER = "01234567"
ACME_C = name_id("contracts", ACME)
ACME_I = name_id("interests", ACME)
ACME_O = name_id("officers", "ACME FACILITIES LIMITED")
ACME_T = name_id("cards", "ACME FACILITIES")


def staff(**kw: Any) -> dict[str, Any]:
    row: dict[str, Any] = {"staff_id": "S1", "name": "Jane Smith", "date_of_birth": "1977-02"}
    row.update(kw)
    return row


def officer(**kw: Any) -> dict[str, Any]:
    """Jane Smith, director, as the staff list resolved her (name_staff_id), with her month of birth."""
    row: dict[str, Any] = {
        "company_number": NUMBER,
        "name": "SMITH, Jane",
        "name_key": "staff:S1",
        "name_staff_id": "S1",
        "officer_role": "director",
        "appointed_on": d("2019-05-01"),
        "date_of_birth": "1977-02",
    }
    row.update(kw)
    return row


def contract(**kw: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "contract_id": "C-1",
        "supplier_name": ACME,
        "supplier_company_number": NUMBER,
        "award_date": d("2024-06-10"),
        "value": 120_000.0,
        "title": "Cleaning services",
    }
    row.update(kw)
    return row


def tables(**given: list[dict[str, Any]]) -> dict[str, pl.DataFrame]:
    """Staged tables: the staff list (Jane Smith, and 20 others) and a live contract unless given."""
    people = given.pop("staff", [staff(), *(staff(staff_id=f"B{i}", name=f"Person {i} Other") for i in range(20))])
    out = {"staff": stage("staff", people), "contracts": stage("contracts", given.pop("contracts", [contract()]))}
    out.update({register: stage(register, rows) for register, rows in given.items()})
    return out


# --------------------------------------------------------------------------------------------------------- R027


def test_r027_director_of_a_contracted_supplier_with_nothing_declared_fires(harness: RuleHarness) -> None:
    out = harness.run("R027", tables(officers=[officer()]))
    assert out.height == 1
    row = out.row(0, named=True)
    assert (row["severity"], row["staff_key"], row["contract_ref"], row["company_number"]) == (
        "medium",
        "staff:S1",
        "C-1",
        NUMBER,
    )
    assert row["person_match"] == "name and month of birth"
    assert row["declarations"] == "none declared"
    assert (row["match_method"], row["officer_ref"]) == ("company_number", "officers.csv:2")


def test_r027_is_high_when_the_officer_had_a_part_in_the_award(harness: RuleHarness) -> None:
    roles = [{"contract_id": "C-1", "staff": "Jane Smith", "staff_key": "staff:S1", "role": "Evaluator"}]
    out = harness.run("R027", tables(officers=[officer()], contract_roles=roles))
    assert out["severity"].to_list() == ["high"]


def test_r027_is_high_for_the_cardholder_and_links_the_merchant_by_name(harness: RuleHarness) -> None:
    card = {
        "transaction_id": "T-1",
        "transaction_date": d("2025-02-03"),
        "merchant_name": "ACME FACILITIES",
        "amount": 95.0,
        "cardholder": "Jane Smith",
        "cardholder_key": "staff:S1",
    }
    rows = tables(officers=[officer(company_name="ACME FACILITIES LIMITED")], cards=[card], contracts=[])
    out = harness.run("R027", rows, [(ACME_O, ACME_T, 93.0, "auto")])
    assert out.select("severity", "card_ref", "match_method").rows() == [("high", "T-1", "test")]


def test_r027_a_declared_interest_in_the_company_stops_it(harness: RuleHarness) -> None:
    declared = {"entry_id": "I-1", "staff": "Jane Smith", "staff_key": "staff:S1", "organisation": ACME}
    by_name = harness.run("R027", tables(officers=[officer()], interests=[declared]), [(ACME_I, ACME_C, 97.0, "auto")])
    assert by_name.is_empty()
    by_number = {"entry_id": "I-1", "staff_key": "staff:S1", "organisation": "Acme", "company_number": NUMBER}
    assert harness.run("R027", tables(officers=[officer()], interests=[by_number])).is_empty()


def test_r027_a_namesake_born_in_another_month_is_someone_else(harness: RuleHarness) -> None:
    assert harness.run("R027", tables(officers=[officer(date_of_birth="1977-03")])).is_empty()


def test_r027_resigned_before_the_period_is_not_current(harness: RuleHarness) -> None:
    assert harness.run("R027", tables(officers=[officer(resigned_on=d("2024-12-31"))])).is_empty()


def test_r027_a_middle_name_is_forgiven_only_with_the_month_of_birth(harness: RuleHarness) -> None:
    unresolved = {"name": "SMITH, Jane Elizabeth", "name_key": "jane elizabeth smith", "name_staff_id": None}
    out = harness.run("R027", tables(officers=[officer(**unresolved)]))
    assert out["person_match"].to_list() == [
        "forename, surname and month of birth (Companies House adds a middle name)"
    ]
    assert harness.run("R027", tables(officers=[officer(**unresolved, date_of_birth=None)])).is_empty()


def test_r027_a_name_only_match_is_one_band_lower_and_says_so(harness: RuleHarness) -> None:
    out = harness.run("R027", tables(officers=[officer(date_of_birth=None)]))
    row = out.row(0, named=True)
    assert row["severity"] == "low"
    assert row["person_match"] == "name only: Companies House gives no month of birth"
    assert "name alone" in row["weakened"]


def test_r027_a_common_surname_is_one_band_lower(harness: RuleHarness) -> None:
    smiths = [staff(), *(staff(staff_id=f"X{i}", name=f"Other{i} Smith", date_of_birth=None) for i in range(3))]
    out = harness.run("R027", tables(staff=smiths, officers=[officer()]))
    assert out["severity"].to_list() == ["low"]
    assert "4 people on the staff list share the surname" in out["weakened"][0]


def test_r027_a_psc_counts_like_an_officer(harness: RuleHarness) -> None:
    psc = {
        "company_number": NUMBER,
        "name": "Mrs Jane Smith",
        "name_key": "staff:S1",
        "name_staff_id": "S1",
        "kind": "individual-person-with-significant-control",
        "natures_of_control": "ownership-of-shares-75-to-100-percent",
        "notified_on": d("2020-01-01"),
        "date_of_birth": "1977-02",
    }
    out = harness.run("R027", tables(psc=[psc]))
    assert out["officer_roles"].to_list() == ["person with significant control (ownership of shares 75 to 100 percent)"]


# --------------------------------------------------------------------------------------------------------- R028


def interest(**kw: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "entry_id": "I-1",
        "staff": "Jane Smith",
        "staff_key": "staff:S1",
        "organisation": ACME,
        "role": "Director",
        "company_number": NUMBER,
        "start_date": d("2020-01-01"),
    }
    row.update(kw)
    return row


def test_r028_declared_directorship_that_companies_house_shows_ended(harness: RuleHarness) -> None:
    out = harness.run("R028", tables(officers=[officer(resigned_on=d("2024-06-30"))], interests=[interest()]))
    assert out.height == 1
    row = out.row(0, named=True)
    assert (row["severity"], row["interest_ref"], row["officer_ref"]) == ("low", "I-1", "officers.csv:2")
    assert row["disagreement"] == "shows every appointment of theirs at Acme Facilities Ltd ended by 30/06/2024"


def test_r028_declared_director_who_is_only_the_secretary(harness: RuleHarness) -> None:
    out = harness.run("R028", tables(officers=[officer(officer_role="secretary")], interests=[interest()]))
    assert out["disagreement"].to_list() == ["has them as secretary, not a director"]


def test_r028_another_company_number_under_the_declared_name(harness: RuleHarness) -> None:
    rows = tables(
        officers=[officer(company_name="ACME FACILITIES LIMITED")], interests=[interest(company_number="07654321")]
    )
    out = harness.run("R028", rows, [(ACME_I, ACME_O, 96.0, "auto")])
    assert out["disagreement"].to_list() == [
        "has them at ACME FACILITIES LIMITED under company number 01234567, not the declared 07654321"
    ]


def test_r028_a_record_that_agrees_is_not_flagged(harness: RuleHarness) -> None:
    assert harness.run("R028", tables(officers=[officer()], interests=[interest()])).is_empty()


# --------------------------------------------------------------------------------------------------------- R029

EVALUATOR = [{"contract_id": "C-1", "staff": "Jane Smith", "staff_key": "staff:S1", "role": "Evaluator"}]


def test_r029_appointed_director_months_after_evaluating_the_award(harness: RuleHarness) -> None:
    rows = tables(officers=[officer(appointed_on=d("2025-02-03"))], contract_roles=EVALUATOR)
    out = harness.run("R029", rows)
    assert out.height == 1
    row = out.row(0, named=True)
    assert (row["severity"], row["contract_ref"], row["days_from_award"], row["contract_roles"]) == (
        "high",
        "C-1",
        238,
        "evaluator",
    )


def test_r029_over_a_year_after_the_award_is_not_flagged(harness: RuleHarness) -> None:
    rows = tables(officers=[officer(appointed_on=d("2025-02-03"))], contracts=[contract(award_date=d("2023-11-01"))])
    assert harness.run("R029", {**rows, "contract_roles": stage("contract_roles", EVALUATOR)}).is_empty()


def test_r029_no_role_on_the_contract_is_not_flagged(harness: RuleHarness) -> None:
    assert harness.run("R029", tables(officers=[officer(appointed_on=d("2025-02-03"))])).is_empty()


def test_r029_name_only_is_one_band_lower(harness: RuleHarness) -> None:
    rows = tables(officers=[officer(appointed_on=d("2025-02-03"), date_of_birth=None)], contract_roles=EVALUATOR)
    assert harness.run("R029", rows)["severity"].to_list() == ["medium"]
