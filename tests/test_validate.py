"""Validation: typed rows, quarantine reasons, and rows read = loaded + quarantined."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xref.load import read_register_file
from xref.parse import is_no_value, parse_date, parse_money
from xref.reconcile import reconcile
from xref.schemas import REGISTERS
from xref.validate import per_value, validate_file

CARDS = REGISTERS["cards"]
MESSY = (
    "\ufeffCard export Q1\n\n"
    "Transaction Date,Merchant Name,Amount,Cardholder\n"
    '01/02/2025,TESCO STORES 2145,"£1,234.50","Smith, Jane"\n'
    "\n"
    "31/02/2025,ACME,12,DS Jane Smith\n"
    '03/02/2025,"Foo, Ltd",(12.00),J Brown\n'
    ",No date,5.00,x\n"
    "04/02/2025,Bar,lots,x\n"
    "Total,,1222.5,\n"
    "Transaction Date,Merchant Name,Amount,Cardholder\n"
    "04/02/2025,Bar,1,x,EXTRA\n"
)


def load(tmp_path: Path, text: str, register: str = "cards"):
    path = tmp_path / "cards.csv"
    path.write_text(text, encoding="utf-8")
    return validate_file(read_register_file(path, REGISTERS[register]), REGISTERS[register])


def test_messy_file_quarantines_each_bad_row_with_its_reason(tmp_path: Path) -> None:
    v = load(tmp_path, MESSY)
    reasons = dict(zip(v.quarantine["source_row"].to_list(), v.quarantine["reason"].to_list(), strict=True))
    assert reasons == {
        5: "blank_row",
        6: "bad_date:transaction_date",
        8: "missing_value:transaction_date",
        9: "bad_amount:amount",
        10: "totals_row",
        11: "repeated_heading",
        12: "extra_cells",
    }
    assert v.rows["source_row"].to_list() == [4, 7]
    assert v.rows["amount"].to_list() == [1234.5, -12.0]
    assert v.rows["cardholder_key"].to_list() == ["jane smith", "j brown"]
    assert v.rows["rec_id"].to_list() == ["cards.csv:4", "cards.csv:7"]
    assert v.file.rows_read == v.rows.height + v.quarantine.height
    assert "31/02/2025" in v.quarantine.filter(pl.col("source_row") == 6)["detail"].item()


def test_reconciliation_counts(tmp_path: Path) -> None:
    recon = reconcile([load(tmp_path, MESSY)])
    row = recon.row(0, named=True)
    assert (row["rows_read"], row["rows_loaded"], row["rows_quarantined"]) == (9, 2, 7)


def test_unreadable_optional_value_keeps_the_row(tmp_path: Path) -> None:
    text = "Transaction Date,Merchant Name,Amount,MCC\n01/02/2025,A,1.00,abc\n01/02/2025,B,1.00,NA\n"
    v = load(tmp_path, text)
    assert v.rows.height == 2 and v.quarantine.is_empty()
    assert v.issues.select("source_row", "field", "problem").rows() == [(2, "mcc", "bad_mcc")]


def test_nil_return_gifts_are_quarantined(tmp_path: Path) -> None:
    text = (
        "Date,Recipient,Offeror,Value,Outcome\n"
        "01/02/2025,Jane Smith,Nil return,,\n"
        "02/02/2025,Jane Smith,Acme,£20,Declined\n"
    )
    v = load(tmp_path, text, "gifts")
    assert v.quarantine["reason"].to_list() == ["nil_return"]
    assert v.rows.select("status", "status_raw", "value").row(0) == ("declined", "Declined", 20.0)


def test_own_id_is_the_reference_else_file_row(tmp_path: Path) -> None:
    text = "Reference,Transaction Date,Merchant Name,Amount\nT-9,01/02/2025,A,1\n,01/02/2025,B,1\n"
    v = load(tmp_path, text)
    assert v.rows["ref"].to_list() == ["T-9", "cards.csv:3"]


CELL = st.one_of(
    st.just(""),
    st.sampled_from(["01/02/2025", "2025-13-01", "31/02/2025", "£1,234.50", "(3.00)", "Total", "Nil return", "x"]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters='\x00\r\n"\ufeff'), max_size=12),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(CELL, min_size=4, max_size=5), max_size=25))
def test_every_row_is_loaded_or_quarantined(tmp_path: Path, rows: list[list[str]]) -> None:
    def quote(c: str) -> str:
        return '"' + c.replace('"', '""') + '"'

    lines = ["Transaction Date,Merchant Name,Amount,Cardholder"] + [",".join(quote(c) for c in r) for r in rows]
    v = load(tmp_path, "\n".join(lines) + "\n")
    assert v.file.rows_read == len(rows)
    assert v.rows.height + v.quarantine.height == len(rows)
    again = load(tmp_path, "\n".join(lines) + "\n")
    assert again.rows.equals(v.rows)


def test_amounts_with_a_mangled_pound_sign_load_and_a_column_that_cannot_be_read_is_reported(tmp_path: Path) -> None:
    heading = "Contract ID,Supplier Name,Award Date,Value\n"
    mangled = "".join(f'C-{i},ACME LTD,01/02/2025,"\ufffd{i},000.00"\n' for i in range(1, 6))
    v = load(tmp_path, heading + mangled, "contracts")
    assert v.rows["value"].to_list() == [1000.0, 2000.0, 3000.0, 4000.0, 5000.0]
    assert v.issues.is_empty() and v.health == ()
    dollars = "".join(f'C-{i},ACME LTD,01/02/2025,"${i},000.00"\n' for i in range(1, 6))
    v = load(tmp_path, heading + dollars + "C-6,ACME LTD,01/02/2025,6000\n", "contracts")
    assert v.rows.height == 6  # an optional value: the rows are kept, the values left empty
    (health,) = v.health
    assert (health.field, health.heading, health.failed, health.of) == ("value", "Value", 5, 6)
    assert health.examples == ("$1,000.00", "$2,000.00", "$3,000.00")
    assert "another currency" in health.sentence and "5 of 6 value values (83 %)" in health.sentence


def test_a_few_unreadable_values_are_not_a_column_health_warning(tmp_path: Path) -> None:
    rows = "".join(f"0{i}/02/2025,ACME,{i}.00\n" for i in range(1, 9)) + "09/02/2025,ACME,lots\n"
    v = load(tmp_path, "Transaction Date,Merchant Name,Amount\n" + rows)
    assert v.quarantine.height == 1 and v.health == ()


def test_column_health_names_the_likely_cause_and_ignores_lines_that_are_not_records(tmp_path: Path) -> None:
    heading = "Date of Offer,Name of Recipient,Offered By\n"
    undated = "".join(f"{m} 2016,Jane Smith,Acme Ltd\n" for m in ("March", "April", "May"))
    (health,) = load(tmp_path, heading + undated + "01/06/2016,Jane Smith,Acme Ltd\n", "gifts").health
    assert "dates without a day" in health.cause and (health.failed, health.of) == (3, 4)
    ranges = "".join(f"{d}-{d + 1} May 2016,Jane Smith,Acme Ltd\n" for d in (1, 4, 8))
    assert "ranges of days" in load(tmp_path, heading + ranges, "gifts").health[0].cause
    # nil-return lines are not records whose date is unreadable
    nil = "".join("Nil return,Nil return,Nil return\n" for _ in range(5))
    assert load(tmp_path, heading + nil + "01/06/2016,Jane Smith,Acme Ltd\n", "gifts").health == ()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(["01/02/2025", "£1,234.50", "(12.00)", "N/A", "", "31/02/2025", "45688"]) | st.none(),
        max_size=40,
    )
)
def test_values_parsed_once_per_distinct_value_match_the_parser_row_by_row(cells: list[str | None]) -> None:
    """per_value (issue 20) gives each row what the parser gives it, in the rows' order, nulls included."""
    frame = pl.DataFrame({"_row": list(range(len(cells))), "v": cells}, schema={"_row": pl.Int64, "v": pl.Utf8})
    derived = {"date": parse_date("v"), "money": parse_money("v"), "none": is_no_value("v")}
    assert per_value(frame, "v", derived).equals(frame.with_columns(**derived))


def test_a_heading_row_inside_the_data_is_found_among_rows_read_column_by_column(tmp_path: Path) -> None:
    """Repeated and drifted heading rows are quarantined; a row with one heading-like cell is not."""
    text = (
        "Transaction Date,Merchant Name,Amount,Cardholder\n"
        "01/02/2025,Amount,5.00,Smith\n"  # one cell that reads as a heading: a record
        "Transaction Date,Merchant Name,Amount,Cardholder\n"  # the heading row again
        "Date,Supplier,Value,\n"  # another export's headings, one cell empty
        "02/02/2025,ACME,6.00,Brown\n"
    )
    checked = load(tmp_path, text)
    reasons = dict(zip(checked.quarantine["source_row"], checked.quarantine["reason"], strict=True))
    assert reasons == {3: "repeated_heading", 4: "repeated_heading"}
    assert checked.rows["source_row"].to_list() == [2, 5]
