"""The shared SQL views and macros of sql/views/ that rules read: each one's contract on a few rows."""

from __future__ import annotations

import polars as pl
from conftest import stage

from xref.db import Database
from xref.rules import create_views


def test_supplier_groups_are_the_least_automatically_linked_name_of_the_same_register() -> None:
    db = Database()
    db.create_table("stg_payments", stage("payments", []))  # read by payments_left_out.sql, the other view file
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
