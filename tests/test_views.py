"""The shared SQL views and macros of sql/views/ that rules read: each one's contract on a few rows."""

from __future__ import annotations

import datetime as dt

import polars as pl
from conftest import stage

from xref.db import Database
from xref.rules import create_views, stage_public_bodies
from xref.schemas import REGISTERS

NAMES_SCHEMA = {"name_id": pl.Utf8, "source": pl.Utf8, "raw": pl.Utf8, "company_number": pl.Utf8}
"""xref_names as xref.staging.attach_name_ids stages it."""
LINKS_SCHEMA = {
    "name_a": pl.Utf8,
    "name_b": pl.Utf8,
    "score": pl.Float64,
    "band": pl.Utf8,
    "method": pl.Utf8,
    "relation": pl.Utf8,
    "explanation": pl.Utf8,
}
"""xref_links as the matcher writes it (the columns the views read)."""


def staged(db: Database, **tables: pl.DataFrame) -> None:
    """Every register's staging table, empty unless given: the views are created over all of them."""
    for register in REGISTERS:
        db.create_table(f"stg_{register}", tables.get(register, stage(register, [])))
    stage_public_bodies(db, [])


def test_supplier_groups_are_the_least_automatically_linked_name_of_the_same_register() -> None:
    db = Database()
    staged(db)
    names = [("c1", "contracts", "Acme Ltd"), ("c2", "contracts", "ACME LIMITED"), ("c3", "contracts", "Acme Group")]
    names += [("g1", "gifts", "Acme Ltd"), ("g2", "gifts", "Zenith plc")]
    rows = [(*n, None) for n in names]
    db.create_table("xref_names", pl.DataFrame(rows, schema=NAMES_SCHEMA, orient="row"))
    pairs = [("c1", "c2", "auto"), ("c1", "c3", "review"), ("c1", "g1", "auto")]
    links = [(n, n, "auto") for n, _, _ in names] + [p for a, b, band in pairs for p in ((a, b, band), (b, a, band))]
    full = [(a, b, 100.0, band, "test", "same", "test link") for a, b, band in links]
    db.create_table("xref_links", pl.DataFrame(full, schema=LINKS_SCHEMA, orient="row"))
    create_views(db)
    groups = dict(db.rows("select name_id, supplier_group from xref_supplier_groups"))
    assert groups["c1"] == groups["c2"] == "c1"  # one supplier under two spellings
    assert groups["c3"] == "c3"  # a possible match does not join a group
    assert groups["g1"] == "g1" and groups["g2"] == "g2"  # a link to another register's name does not either


def test_split_islands_merge_overlapping_windows_into_one_run() -> None:
    db = Database()
    staged(db)
    db.create_table("xref_names", pl.DataFrame(schema=NAMES_SCHEMA))
    db.create_table("xref_links", pl.DataFrame(schema=LINKS_SCHEMA))
    create_views(db)
    rows = [  # days 0 and 5 reach 3,000, as do days 5 and 10: one run of three; day 30 alone
        ("S", 3000.0, dt.date(2025, 2, 1), 1200.0, "P1"),
        ("S", 3000.0, dt.date(2025, 2, 6), 1900.0, "P2"),
        ("S", 3000.0, dt.date(2025, 2, 11), 1500.0, "P3"),
        ("S", 3000.0, dt.date(2025, 3, 3), 2900.0, "P4"),
    ]
    schema = ["supplier_group", "threshold_gbp", "award_date", "value", "ref"]
    db.create_table("cands", pl.DataFrame(rows, schema=schema, orient="row"))
    islands = db.rows("select island_start, island_end from xref_split_islands('cands', 7)")
    assert islands == [(dt.date(2025, 2, 1), dt.date(2025, 2, 11))]
    members = db.rows(
        "select ref from xref_split_members('cands', 7, date '2025-01-01', date '2025-03-31') order by ref"
    )
    assert [r for (r,) in members] == ["P1", "P2", "P3"]


def test_the_decision_chain_joins_roles_by_reference_ignoring_case_and_spaces() -> None:
    db = Database()
    contracts = stage("contracts", [{"contract_id": "C 123", "approver": "Tom Jones"}, {"contract_id": "C-9"}])
    roles = stage("contract_roles", [{"contract_id": "c123", "staff": "Jane Smith", "role": "Budget_Holder"}])
    staged(db, contracts=contracts, contract_roles=roles)
    db.create_table("xref_names", pl.DataFrame(schema=NAMES_SCHEMA))
    db.create_table("xref_links", pl.DataFrame(schema=LINKS_SCHEMA))
    create_views(db)
    chain = db.rows("select staff, role from xref_decision_chain order by staff")
    assert chain == [("Jane Smith", "budget holder"), ("Tom Jones", "approver (contracts register)")]


def test_the_decision_chain_says_how_each_person_is_named_on_the_contract() -> None:
    db = Database()
    contracts = stage("contracts", [{"contract_id": "C1", "approver": "Tom Jones"}])
    roles = stage(
        "contract_roles",
        [
            {"contract_id": "c1", "staff": "Jane Smith", "role": " "},
            {"contract_id": "C1", "staff": "Ann Lee", "role": "Evaluator"},
        ],
    )
    staged(db, contracts=contracts, contract_roles=roles)
    db.create_table("xref_names", pl.DataFrame(schema=NAMES_SCHEMA))
    db.create_table("xref_links", pl.DataFrame(schema=LINKS_SCHEMA))
    create_views(db)
    named = db.rows("select staff, named_as from xref_decision_chain order by staff")
    assert named == [("Ann Lee", "evaluator"), ("Jane Smith", "named without a role"), ("Tom Jones", "approver")]


def test_company_people_are_matched_exactly_and_checked_by_month_of_birth() -> None:
    db = Database()
    staff = stage(
        "staff",
        [
            {"staff_id": "S1", "name": "Jane Smith", "date_of_birth": "1977-02"},
            {"staff_id": "S2", "name": "Tom Jones"},
            {"staff_id": "S3", "name": "Ann Lee", "date_of_birth": "1980-01"},
            {"staff_id": "S4", "name": "Ann Lee", "date_of_birth": "1985-07"},
        ],
    )
    officers = stage(
        "officers",
        [
            {"company_number": "1", "name": "SMITH, Jane", "name_staff_id": "S1", "date_of_birth": "1977-02"},
            {"company_number": "2", "name": "SMITH, Jane", "name_staff_id": "S1", "date_of_birth": "1977-03"},
            {"company_number": "3", "name": "JONES, Tom", "name_staff_id": "S2", "date_of_birth": "1970-01"},
            {"company_number": "4", "name": "LEE, Ann Mary", "name_key": "ann mary lee", "date_of_birth": "1985-07"},
            {"company_number": "5", "name": "SMITH, J", "name_key": "j smith", "date_of_birth": "1977-02"},
        ],
    )
    staged(db, staff=staff, officers=officers)
    db.create_table("xref_names", pl.DataFrame(schema=NAMES_SCHEMA))
    db.create_table("xref_links", pl.DataFrame(schema=LINKS_SCHEMA))
    create_views(db)
    rows = db.rows("select company_number, staff_id, person_match, name_only from xref_company_people order by 1")
    assert rows == [
        ("1", "S1", "name and month of birth", False),
        # company 2's Jane Smith was born in March: someone else; "J Smith" (5) is never Jane
        ("3", "S2", "name only: the staff list gives no month of birth", True),
        ("4", "S4", "forename, surname and month of birth (Companies House adds a middle name)", False),
    ]


def test_company_names_are_found_by_number_or_through_the_matcher() -> None:
    db = Database()
    officers = stage(
        "officers",
        [{"company_number": "01234567", "name": "A"}, {"company_number": "99", "company_name": "Zed Ltd", "name": "B"}],
    )
    staged(db, officers=officers)
    names = [
        ("c1", "contracts", "Acme Ltd", "01234567"),
        ("o1", "officers", "Zed Ltd", "99"),
        ("t1", "cards", "ZED", None),
    ]
    db.create_table("xref_names", pl.DataFrame(names, schema=NAMES_SCHEMA, orient="row"))
    links = [(n, n, 100.0, "auto", "identical", "same", "same text") for n, *_ in names]
    links += [("o1", "t1", 91.0, "review", "token", "same", "shared word"), ("c1", "t9", 60.0, "review", "x", "y", "z")]
    db.create_table("xref_links", pl.DataFrame(links, schema=LINKS_SCHEMA, orient="row"))
    db.execute("update stg_officers set company_name_id = 'o1' where company_name = 'Zed Ltd'")
    create_views(db)
    rows = db.rows("select rec_id, name_id, by_number, band, method from xref_company_names order by 1, 2")
    assert rows == [
        ("officers.csv:2", "c1", True, "auto", "company_number"),
        ("officers.csv:2", "t9", False, "review", "x"),
        ("officers.csv:3", "o1", True, "auto", "company_number"),
        ("officers.csv:3", "t1", False, "review", "token"),
    ]
