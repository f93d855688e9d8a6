"""The shared SQL views and macros of sql/views/ that rules read: each one's contract on a few rows."""

from __future__ import annotations

import datetime as dt

import polars as pl
from conftest import stage

from xref.db import Database
from xref.rules import create_views, stage_public_bodies
from xref.schemas import REGISTERS


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
    db.create_table("xref_names", pl.DataFrame(names, schema=["name_id", "source", "raw"], orient="row"))
    pairs = [("c1", "c2", "auto"), ("c1", "c3", "review"), ("c1", "g1", "auto")]
    links = [(n, n, "auto") for n, _, _ in names] + [p for a, b, band in pairs for p in ((a, b, band), (b, a, band))]
    db.create_table("xref_links", pl.DataFrame(links, schema=["name_a", "name_b", "band"], orient="row"))
    create_views(db)
    groups = dict(db.rows("select name_id, supplier_group from xref_supplier_groups"))
    assert groups["c1"] == groups["c2"] == "c1"  # one supplier under two spellings
    assert groups["c3"] == "c3"  # a possible match does not join a group
    assert groups["g1"] == "g1" and groups["g2"] == "g2"  # a link to another register's name does not either


def test_split_islands_merge_overlapping_windows_into_one_run() -> None:
    db = Database()
    staged(db)
    db.create_table("xref_names", pl.DataFrame(schema={"name_id": pl.Utf8, "source": pl.Utf8, "raw": pl.Utf8}))
    db.create_table("xref_links", pl.DataFrame(schema={"name_a": pl.Utf8, "name_b": pl.Utf8, "band": pl.Utf8}))
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
    db.create_table("xref_names", pl.DataFrame(schema={"name_id": pl.Utf8, "source": pl.Utf8, "raw": pl.Utf8}))
    db.create_table("xref_links", pl.DataFrame(schema={"name_a": pl.Utf8, "name_b": pl.Utf8, "band": pl.Utf8}))
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
    db.create_table("xref_names", pl.DataFrame(schema={"name_id": pl.Utf8, "source": pl.Utf8, "raw": pl.Utf8}))
    db.create_table("xref_links", pl.DataFrame(schema={"name_a": pl.Utf8, "name_b": pl.Utf8, "band": pl.Utf8}))
    create_views(db)
    named = db.rows("select staff, named_as from xref_decision_chain order by staff")
    assert named == [("Ann Lee", "evaluator"), ("Jane Smith", "named without a role"), ("Tom Jones", "approver")]
