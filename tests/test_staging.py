"""The run database's staged tables (xref/staging.py): a row's text as read is kept apart from its typed fields."""

from __future__ import annotations

import datetime as dt

import polars as pl

from xref.db import Database
from xref.schemas import REGISTERS
from xref.staging import (
    StagedTables,
    create_staged_tables,
    raw_table,
    related_rows,
    stage_rows,
    staged_table,
    table_schema,
)


def _gifts() -> pl.DataFrame:
    rows = pl.DataFrame(
        {
            "rec_id": ["gifts.csv:2", "gifts.csv:3"],
            "ref": ["G1", "G2"],
            "source_file": ["gifts.csv", "gifts.csv"],
            "source_row": [2, 3],
            "offer_date": [dt.date(2024, 5, 1), dt.date(2019, 1, 1)],
            "offeror": ["Acme Ltd", "Beta Ltd"],
            "raw": ['{"Offeror": "Acme Ltd"}', '{"Offeror": "Beta Ltd"}'],
        }
    )
    return rows


def _related(
    db: Database, *, evidence: list[str], people: list[str] | None = None, names: list[str] | None = None
) -> dict[str, pl.DataFrame]:
    """related_rows for the second quarter of 2024, with a window from the start of 2022."""
    return related_rows(
        db,
        evidence=pl.DataFrame({"rec_id": evidence}, schema={"rec_id": pl.Utf8}),
        people=pl.DataFrame({"staff_key": people or []}, schema={"staff_key": pl.Utf8}),
        name_ids=pl.DataFrame({"name_id": names or []}, schema={"name_id": pl.Utf8}),
        window_from=dt.date(2022, 1, 1),
        period=(dt.date(2024, 4, 1), dt.date(2024, 6, 30)),
    )


def test_the_text_as_read_lives_in_its_own_table_and_reads_back_in_place() -> None:
    db = Database()
    create_staged_tables(db)
    stage_rows(db, "gifts", _gifts())
    assert "raw" not in db.table(staged_table("gifts")).columns
    assert db.table(raw_table("gifts")).sort("rec_id").rows() == [
        ("gifts.csv:2", '{"Offeror": "Acme Ltd"}'),
        ("gifts.csv:3", '{"Offeror": "Beta Ltd"}'),
    ]
    frame = StagedTables(db)["gifts"]
    assert frame.columns == list(table_schema(REGISTERS["gifts"]))
    assert frame.select("ref", "raw").rows() == [("G1", '{"Offeror": "Acme Ltd"}'), ("G2", '{"Offeror": "Beta Ltd"}')]


def test_related_rows_carry_the_text_as_read_only_for_evidence() -> None:
    db = Database()
    create_staged_tables(db)
    stage_rows(db, "gifts", _gifts())
    out = _related(db, evidence=["gifts.csv:3"])
    gifts = out["gifts"]
    assert gifts.columns == list(table_schema(REGISTERS["gifts"]))
    # G1 is read for the summary (an offer in the period) without its text; G2 is evidence, with it
    assert gifts.select("ref", "raw").rows() == [("G1", None), ("G2", '{"Offeror": "Beta Ltd"}')]


def test_card_rows_are_read_back_by_supplier_not_by_cardholder() -> None:
    # case cards count card spend per flagged supplier (xref/context.py), so a flagged person's other card payments
    # stay in DuckDB (Register.context_by_person)
    db = Database()
    create_staged_tables(db)
    rows = pl.DataFrame(
        {
            "rec_id": ["cards.csv:2", "cards.csv:3"],
            "ref": ["T1", "T2"],
            "transaction_date": [dt.date(2023, 1, 5), dt.date(2023, 2, 5)],
            "cardholder_key": ["staff:S1", "staff:S1"],
            "merchant_name_id": ["N1", "N2"],
            "raw": ["{}", "{}"],
        }
    )
    stage_rows(db, "cards", rows)
    out = _related(db, evidence=[], people=["staff:S1"], names=["N2"])
    assert out["cards"]["ref"].to_list() == ["T2"]


def test_texts_are_found_by_id_should_the_row_numbers_disagree() -> None:
    db = Database()
    create_staged_tables(db)
    stage_rows(db, "gifts", _gifts())
    # the raw table rebuilt in the other order: row numbers no longer line up with stg_gifts
    db.execute(
        f"create or replace table {raw_table('gifts')} as select * from {raw_table('gifts')} order by rec_id desc"
    )
    out = _related(db, evidence=["gifts.csv:2"])
    assert out["gifts"].select("ref", "raw").rows() == [("G1", '{"Offeror": "Acme Ltd"}')]
