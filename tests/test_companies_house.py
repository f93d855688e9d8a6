"""Companies House officers and PSCs read like any register: the API's JSON, the snapshot's JSON lines, CSV.

Every row is loaded or quarantined with a reason (a corporate officer, a statement and the snapshot's totals line are
no person); the company number comes from the API's ``links.self``; a month of birth from ``{month, year}``.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from xref.errors import InputFileError
from xref.load import read_register_file
from xref.schemas import REGISTERS
from xref.validate import validate_file

OFFICER_LIST = {
    "kind": "officer-list",
    "links": {"self": "/company/00006400/officers"},
    "total_results": 3,
    "items": [
        {
            "name": "SMITH, Jane Elizabeth",
            "officer_role": "director",
            "appointed_on": "2019-05-01",
            "date_of_birth": {"month": 2, "year": 1977},
            "links": {"self": "/company/00006400/appointments/abc123", "officer": {"appointments": "/officers/x"}},
        },
        {"name": "JONES, Tom", "officer_role": "secretary", "appointed_on": "2001-01-01", "resigned_on": "2010-06-30"},
        {"name": "ACME NOMINEES LIMITED", "officer_role": "corporate-secretary", "appointed_on": "2010-07-01"},
    ],
}


def validated(path: Path, register: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    loaded = read_register_file(path, REGISTERS[register])
    v = validate_file(loaded, REGISTERS[register])
    assert loaded.rows_read == v.rows.height + v.quarantine.height  # never lose a row
    return v.rows, v.quarantine


def test_an_api_officer_list_reads_its_items_company_number_and_month_of_birth(tmp_path: Path) -> None:
    path = tmp_path / "officers_00006400.json"
    path.write_text(json.dumps(OFFICER_LIST), encoding="utf-8")
    rows, quarantine = validated(path, "officers")
    assert rows.select("company_number", "name", "officer_role", "date_of_birth").rows() == [
        ("00006400", "SMITH, Jane Elizabeth", "director", "1977-02"),
        ("00006400", "JONES, Tom", "secretary", None),
    ]
    assert rows["resigned_on"].cast(pl.Utf8).to_list() == [None, "2010-06-30"]
    assert rows["name_key"].to_list() == ["jane elizabeth smith", "tom jones"]
    assert quarantine.select("source_row", "reason").rows() == [(3, "not_a_person:officer_role")]


def test_a_psc_snapshot_quarantines_what_is_not_a_person(tmp_path: Path) -> None:
    lines = [
        {
            "company_number": "09145694",
            "data": {
                "kind": "individual-person-with-significant-control",
                "name": "Mr Dimitar Belchev",
                "name_elements": {"title": "Mr", "forename": "Dimitar", "surname": "Belchev"},
                "date_of_birth": {"month": 2, "year": 1977},
                "natures_of_control": ["ownership-of-shares-75-to-100-percent", "voting-rights-75-to-100-percent"],
                "notified_on": "2016-04-06",
            },
        },
        {"company_number": "09145695", "data": {"kind": "corporate-entity-person-with-significant-control",
                                                "name": "Holdco Ltd", "notified_on": "2016-04-06"}},
        {"company_number": "09145696", "data": {"kind": "persons-with-significant-control-statement",
                                                "statement": "no-individual-or-entity-with-signficant-control"}},
        {"data": {"kind": "totals#persons-of-significant-control-snapshot", "persons_of_significant_control_count": 3}},
    ]  # fmt: skip
    path = tmp_path / "psc.txt.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n\n", encoding="utf-8")
    rows, quarantine = validated(path, "psc")
    assert rows.select("company_number", "name", "name_key", "date_of_birth").rows() == [
        ("09145694", "Mr Dimitar Belchev", "dimitar belchev", "1977-02")
    ]
    assert rows["natures_of_control"].to_list() == [
        "ownership-of-shares-75-to-100-percent; voting-rights-75-to-100-percent"
    ]
    assert quarantine.select("source_row", "reason").rows() == [
        (2, "not_a_person:kind"),
        (3, "not_a_person:kind"),
        (4, "totals_row"),
    ]


def test_a_broken_json_line_is_one_line_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "psc.jsonl"
    path.write_text('{"company_number": "1", "data": {}}\n{"company_number": "2", "data": \n', encoding="utf-8")
    with pytest.raises(InputFileError, match=r"psc file .*psc\.jsonl: line 2 is not valid JSON .*download"):
        read_register_file(path, REGISTERS["psc"])


def test_an_officers_csv_and_a_staff_list_keep_only_the_month_of_birth(tmp_path: Path) -> None:
    officers = tmp_path / "officers.csv"
    officers.write_text(
        "Company Number,Company Name,Officer Name,Officer Role,Appointed On,Resigned On,Date of Birth\n"
        'SC123456,Acme Ltd,"SMITH, Jane",Director,01/05/2019,,02/1977\n'
        '1234,Acme Ltd,"JONES, Tom",Secretary,01/01/2001,,14/02/77\n',
        encoding="utf-8",
    )
    rows, _ = validated(officers, "officers")
    assert rows.select("company_number", "date_of_birth").rows() == [("SC123456", "1977-02"), ("00001234", None)]
    staff = tmp_path / "staff.csv"
    staff.write_text("Staff Number,Full Name,Date of Birth\nS1,Jane Smith,14/02/1977\nS2,Tom Jones,\n", "utf-8")
    rows, _ = validated(staff, "staff")
    assert rows["date_of_birth"].to_list() == ["1977-02", None]
